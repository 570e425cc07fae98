from django.urls import path

from . import views

app_name = "structure"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("utval/<slug:slug>/", views.committee_detail, name="committee"),
    path("organisasjonar/<slug:slug>/", views.organisation_detail, name="organisation"),
    path("personar/<slug:slug>/", views.person_detail, name="person"),
]
