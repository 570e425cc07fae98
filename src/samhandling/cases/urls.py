from django.urls import path

from . import views

app_name = "cases"

urlpatterns = [
    path("", views.case_list, name="list"),
    path("saker.csv", views.case_list_csv, name="list_csv"),
    path("ny/", views.case_create, name="create"),
    path("tilslutning/", views.adoption_list, name="adoptions"),
    path("tilslutning/<int:pk>/", views.adoption_register, name="adoption_register"),
    path("tilslutning/<int:pk>/signering/", views.adoption_sign, name="adoption_sign"),
    path("tilslutning/<int:pk>/dokument/", views.signed_document, name="signed_document"),
    path("vedlegg/<int:pk>/", views.attachment_download, name="attachment"),
    path("vedlegg/<int:pk>/fjern/", views.attachment_delete, name="attachment_delete"),
    path("handsaming/<int:pk>/vedtak/", views.decision_record, name="decision_record"),
    path("handsaming/<int:pk>/vidaresend/", views.case_forward, name="forward"),
    path("handsaming/<int:pk>/forslag/", views.proposal_submit, name="proposal_submit"),
    path("vedtak/<int:pk>/retting/", views.decision_correct, name="decision_correct"),
    path("vedtak/<int:pk>/tilraading/", views.recommendation_add, name="recommendation_add"),
    path("tilraading/<int:pk>/tilslutning/", views.adoption_table, name="adoption_table"),
    path("framdrift/<int:pk>/", views.progress_plan_edit, name="progress_plan_edit"),
    path(
        "utval/<slug:slug>/framdriftsplan/",
        views.committee_progress_plan,
        name="committee_progress_plan",
    ),
    path(
        "utval/<slug:slug>/framdriftsplan/ny/",
        views.committee_progress_plan_add,
        name="committee_progress_plan_add",
    ),
    path("<int:year>/<int:sequence>/", views.case_detail, name="detail"),
    path("<int:year>/<int:sequence>/endre/", views.case_edit, name="edit"),
    path("<int:year>/<int:sequence>/trekk/", views.case_withdraw, name="withdraw"),
    path("<int:year>/<int:sequence>/saksframlegg.pdf", views.case_paper_pdf, name="paper_pdf"),
    path("<int:year>/<int:sequence>/saksframlegg.docx", views.case_paper_docx, name="paper_docx"),
    path("<int:year>/<int:sequence>/vedlegg/", views.attachment_add, name="attachment_add"),
    path("<int:year>/<int:sequence>/utval/", views.treatment_add, name="treatment_add"),
    path("<int:year>/<int:sequence>/framdrift/", views.progress_plan_add, name="progress_plan_add"),
]
