from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("nytt/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/endre/", views.meeting_edit, name="edit"),
    path("<int:pk>/saksliste/legg-til/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/saksliste/<int:item_pk>/flytt/", views.agenda_move, name="agenda_move"),
    path("<int:pk>/saksliste/<int:item_pk>/fjern/", views.agenda_remove, name="agenda_remove"),
    path("<int:pk>/oppmote/", views.attendance_edit, name="attendance"),
    path("<int:pk>/oppmote/sak/", views.item_attendance, name="item_attendance"),
    path(
        "<int:pk>/oppmote/sak/<int:attendance_pk>/fjern/",
        views.item_attendance_remove,
        name="item_attendance_remove",
    ),
    path("<int:pk>/referat/tillegg/", views.minutes_addendum, name="minutes_addendum"),
    path("<int:pk>/innkalling-sendt/", views.notice_send, name="notice_send"),
    path("<int:pk>/forfall/", views.absence_report, name="absence_report"),
    path("forfall/<str:token>/", views.absence_link, name="absence_link"),
    path("<int:pk>/halde/", views.meeting_hold, name="hold"),
    path("<int:pk>/referat/utkast/", views.minutes_draft, name="minutes_draft"),
    path("<int:pk>/referat/", views.minutes_edit, name="minutes_edit"),
    path("<int:pk>/referat/godkjenn/", views.minutes_approve, name="minutes_approve"),
    path("<int:pk>/innkalling.pdf", views.notice_pdf, name="notice_pdf"),
    path("<int:pk>/innkalling.docx", views.notice_docx, name="notice_docx"),
    path("<int:pk>/protokoll.pdf", views.minutes_pdf, name="minutes_pdf"),
    path("<int:pk>/referat/offentleg/", views.minutes_redact, name="minutes_redact"),
    # Case papers moved to the case register; these old addresses redirect there.
    path(
        "saker/<int:year>/<int:sequence>/saksframlegg.pdf",
        views.case_paper_moved,
        {"extension": "pdf"},
    ),
    path(
        "saker/<int:year>/<int:sequence>/saksframlegg.docx",
        views.case_paper_moved,
        {"extension": "docx"},
    ),
    path("utval/<slug:slug>/", views.committee_calendar, name="committee_calendar"),
    path("utval/<slug:slug>/kalender.ics", views.committee_ical, name="committee_ical"),
    path("personar/<slug:slug>/kalender.ics", views.person_ical, name="person_ical"),
]
