from django.urls import path

from . import views

app_name = "pathways"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("importer/", views.import_start, name="import"),
    path("importer/<int:pk>/", views.import_status, name="import_status"),
    path("<slug:slug>/", views.log_detail, name="log"),
    path("<slug:slug>/rapport/", views.log_report, name="report"),
]
