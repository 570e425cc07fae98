from django.urls import path

from . import views

app_name = "structure"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("utval/<slug:slug>/", views.committee_detail, name="committee"),
    path("utval/<slug:slug>/nytt-medlem/", views.membership_add, name="membership_add"),
    path("utval/<slug:slug>/avslutt-verv/", views.membership_end, name="membership_end"),
    path("verv/<int:pk>/endre/", views.membership_edit, name="membership_edit"),
    path("organisasjonar/", views.organisation_list, name="organisations"),
    path("organisasjonar/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("personar/", views.person_list, name="people"),
    path("personar/<slug:slug>/", views.person_detail, name="person"),
]
