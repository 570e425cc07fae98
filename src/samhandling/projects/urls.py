from django.urls import path

from . import views

app_name = "projects"

urlpatterns = [
    path("", views.project_list, name="list"),
    path("deltaking/", views.participation, name="participation"),
    path("ny/", views.project_create, name="create"),
    path("<slug:slug>/", views.project_detail, name="detail"),
    path("<slug:slug>/endre/", views.project_edit, name="edit"),
    path("<slug:slug>/oppfolging/", views.follow_up, name="follow_up"),
    path("<slug:slug>/milepelar/ny/", views.milestone_edit, name="milestone_add"),
    path("<slug:slug>/milepelar/<int:pk>/", views.milestone_edit, name="milestone_edit"),
    path("<slug:slug>/loypemeldingar/ny/", views.status_report_create, name="status_report_add"),
    path("<slug:slug>/loypemeldingar/<int:pk>/", views.status_report_detail, name="status_report"),
    path(
        "<slug:slug>/loypemeldingar/<int:pk>/send/",
        views.status_report_send,
        name="status_report_send",
    ),
    path("<slug:slug>/direktiv/", views.directive_list, name="directives"),
    path("<slug:slug>/direktiv/ny/", views.directive_new, name="directive_new"),
    path("<slug:slug>/direktiv/samanlikn/", views.directive_compare, name="directive_compare"),
    path("<slug:slug>/direktiv/<str:version>/", views.directive_detail, name="directive"),
    path("<slug:slug>/direktiv/<str:version>/endre/", views.directive_edit, name="directive_edit"),
    path(
        "<slug:slug>/direktiv/<str:version>/godkjenn/",
        views.directive_approve,
        name="directive_approve",
    ),
    path(
        "<slug:slug>/direktiv/<str:version>/prosjektdirektiv.pdf",
        views.directive_pdf,
        name="directive_pdf",
    ),
    path(
        "<slug:slug>/direktiv/<str:version>/prosjektdirektiv.docx",
        views.directive_docx,
        name="directive_docx",
    ),
]
