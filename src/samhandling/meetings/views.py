"""Views of this bounded context: they parse the request, call services and selectors, render."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from samhandling.core.access import reads_protected, secretariat_required
from samhandling.core.actor import is_secretariat
from samhandling.structure.models import Committee, Person

from . import access, documents, forms, ical, selectors, services
from .models import AgendaItem, Attendance, Meeting

PAGE_SIZE = 25


def meeting_list(request: HttpRequest) -> HttpResponse:
    committees = list(Committee.objects.select_related("level"))
    slug = request.GET.get("utval", "")
    committee = next((c for c in committees if c.slug == slug), None)
    when = request.GET.get("tid", "upcoming")
    if when not in {"upcoming", "past", "all"}:
        when = "upcoming"
    page = Paginator(selectors.meeting_list(committee=committee, when=when), PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    query = request.GET.copy()
    query.pop("side", None)
    return render(
        request,
        "meetings/meeting_list.html",
        {
            "page": page,
            "committees": committees,
            "committee": committee,
            "when": when,
            "query": query.urlencode(),
            "may_edit": is_secretariat(request.user),
        },
    )


def committee_calendar(request: HttpRequest, slug: str) -> HttpResponse:
    committee = get_object_or_404(Committee, slug=slug)
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in request.GET.get("maned", "").split("-"))
        if not 1900 <= year <= 2200:
            raise ValueError(year)
        first = datetime.date(year, month, 1)
    except (ValueError, OverflowError):  # a month beyond what a date can hold
        first = today.replace(day=1)
    weeks, meetings = selectors.committee_month(committee, first.year, first.month)
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = (first + datetime.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "meetings/committee_calendar.html",
        {
            "committee": committee,
            "first": first,
            "weeks": weeks,
            "meetings": meetings,
            "today": today,
            "previous": previous,
            "following": following,
            "ical_url": request.build_absolute_uri(
                reverse("meetings:committee_ical", args=[committee.slug])
            ),
        },
    )


def _agenda_rows(meeting: Meeting) -> list[dict]:
    """The agenda as the reader may see it (``access.meeting_for_user`` set each item's
    ``readable``)."""
    rows = []
    for item in meeting.agenda_items.all():
        treatment = item.treatment
        rows.append(
            {
                "item": item,
                "public": item.readable,
                "exempt_label": services.item_exemption_label(item),
                "case": treatment.case if treatment else None,
                "decision": getattr(treatment, "decision", None) if treatment else None,
            }
        )
    return rows


@reads_protected
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _meeting_page(request, pk)


def _meeting_page(
    request: HttpRequest, pk: int, *, approve_form: forms.MinutesApproveForm | None = None
) -> HttpResponse:
    meeting = access.meeting_for_user(request.user, pk, selectors.meeting_detail_queryset())
    may_edit = is_secretariat(request.user)
    minutes, redacted = access.minutes_for_user(request.user, meeting)
    context = {
        "meeting": meeting,
        "rows": _agenda_rows(meeting),
        "attendances": [a for a in meeting.attendances.all() if a.membership_id],
        "item_attendances": [a for a in meeting.attendances.all() if not a.membership_id],
        "addenda": list(meeting.addenda.all()),
        "may_edit": may_edit,
        "minutes": minutes,
        "minutes_redacted": redacted,
        "minutes_withheld": minutes is None
        and meeting.state == Meeting.State.MINUTES_APPROVED
        and bool(meeting.minutes),
        "closed_items": [item for item in meeting.agenda_items.all() if item.closed],
    }
    if may_edit:
        context["add_form"] = forms.AgendaAddForm()
        context["approve_form"] = approve_form or forms.MinutesApproveForm()
        context["needs_redaction"] = access.minutes_need_redaction(meeting)
    status = 400 if approve_form is not None else 200
    return render(request, "meetings/meeting_detail.html", context, status=status)


@secretariat_required
def meeting_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if slug := request.GET.get("utval"):
        initial["committee"] = Committee.objects.filter(slug=slug).first()
    form = forms.MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(actor=request.user, **form.cleaned_data)
        messages.success(request, _("The meeting was created."))
        return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": None})


@secretariat_required
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    initial = {
        "committee": meeting.committee,
        "title": meeting.title,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "place": meeting.place,
        "video_link": meeting.video_link,
    }
    form = forms.MeetingForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The meeting was saved."))
            return redirect(meeting)
    return render(request, "meetings/meeting_form.html", {"form": form, "meeting": meeting})


@secretariat_required
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    form = forms.AgendaAddForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.agenda_item_add(
                actor=request.user,
                meeting=meeting,
                case=form.cleaned_data["case"],
                role=form.cleaned_data["role"],
                closed=form.cleaned_data["closed"],
                exemption_basis=form.cleaned_data["exemption_basis"],
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(
                request,
                _("Case %(case)s is item %(item)s on the agenda.")
                % {"case": item.treatment.case.number, "item": item.number},
            )
            return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#agenda")
    return render(request, "meetings/agenda_add.html", {"form": form, "meeting": meeting})


@require_POST
@secretariat_required
def agenda_move(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting_id=pk)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    services.agenda_item_move(actor=request.user, item=item, direction=direction)
    return redirect(reverse("meetings:detail", args=[pk]) + f"#item-{item.pk}")


@secretariat_required
def agenda_remove(request: HttpRequest, pk: int, item_pk: int) -> HttpResponse:
    """Asks before it removes: the confirmation page names the item and its case."""
    item = get_object_or_404(
        AgendaItem.objects.select_related("meeting__committee", "treatment__case"),
        pk=item_pk,
        meeting_id=pk,
    )
    meeting = item.meeting
    error = None
    if request.method == "POST":
        try:
            services.agenda_item_remove(actor=request.user, item=item)
        except ValidationError as problem:
            error = " ".join(problem.messages)
        else:
            messages.success(
                request, _("Item %(number)s is removed from the agenda.") % {"number": item.number}
            )
            return redirect(reverse("meetings:detail", args=[pk]) + "#agenda")
    return render(
        request, "meetings/agenda_remove.html", {"item": item, "meeting": meeting, "error": error}
    )


@secretariat_required
def attendance_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    memberships = selectors.attendance_memberships(meeting)
    existing = {a.membership_id: a for a in meeting.attendances.all()}
    form = forms.AttendanceForm(
        request.POST or None, meeting=meeting, memberships=memberships, existing=existing
    )
    if request.method == "POST" and form.is_valid():
        services.attendance_record(actor=request.user, meeting=meeting, entries=form.entries())
        messages.success(request, _("The attendance was recorded."))
        return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#attendance")
    return render(request, "meetings/attendance_form.html", {"form": form, "meeting": meeting})


@secretariat_required
def item_attendance(request: HttpRequest, pk: int) -> HttpResponse:
    """Record people who attended for one agenda item only ("på sak"), without a seat."""
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    form = forms.ItemAttendanceForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_attendance_record(
                actor=request.user,
                item=form.cleaned_data["item"],
                person=form.cleaned_data["person"],
                on_behalf_of=form.cleaned_data["on_behalf_of"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, messages_ in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, messages_)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, _("The attendance for the item was recorded."))
            return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#attendance")
    recorded = meeting.attendances.filter(membership__isnull=True).select_related(
        "person", "agenda_item", "on_behalf_of"
    )
    return render(
        request,
        "meetings/item_attendance_form.html",
        {"form": form, "meeting": meeting, "recorded": recorded},
    )


@require_POST
@secretariat_required
def item_attendance_remove(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    attendance = get_object_or_404(
        Attendance.objects.select_related("meeting", "agenda_item", "person"),
        pk=attendance_pk,
        meeting_id=pk,
    )
    try:
        services.item_attendance_remove(actor=request.user, attendance=attendance)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The attendance for the item was removed."))
    return redirect(reverse("meetings:item_attendance", args=[pk]))


@secretariat_required
def minutes_addendum(request: HttpRequest, pk: int) -> HttpResponse:
    """Approved minutes are frozen; a correction is a reasoned addendum below them."""
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    form = forms.MinutesAddendumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_addendum_add(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("The addendum to the minutes was recorded."))
            return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#minutes")
    return render(
        request, "meetings/minutes_addendum_form.html", {"form": form, "meeting": meeting}
    )


def _transition_view(service, success):
    @require_POST
    @secretariat_required
    def view(request: HttpRequest, pk: int) -> HttpResponse:
        meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
        try:
            service(actor=request.user, meeting=meeting)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, success)
        return redirect(meeting)

    return view


notice_send = _transition_view(
    services.meeting_notice_send, gettext_lazy("The notice was marked as sent.")
)
meeting_hold = _transition_view(
    services.meeting_hold, gettext_lazy("The meeting was marked as held.")
)
minutes_draft = _transition_view(
    services.minutes_draft, gettext_lazy("The minutes were drafted from the decisions.")
)


@secretariat_required
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    form = forms.MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_update(
                actor=request.user, meeting=meeting, minutes=form.cleaned_data["minutes"]
            )
        except ValidationError as error:
            form.add_error(None, " ".join(error.messages))
        else:
            messages.success(request, _("The minutes were saved."))
            return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#minutes")
    return render(request, "meetings/minutes_form.html", {"form": form, "meeting": meeting})


@require_POST
@secretariat_required
def minutes_approve(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    form = forms.MinutesApproveForm(request.POST)
    if form.is_valid():
        try:
            services.minutes_approve(actor=request.user, meeting=meeting, **form.cleaned_data)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("The minutes were approved."))
        return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#minutes")
    # Show the page again with what was typed, so a missing field loses nothing.
    return _meeting_page(request, meeting.pk, approve_form=form)


@secretariat_required
def minutes_redact(request: HttpRequest, pk: int) -> HttpResponse:
    """The redacted public version of approved minutes (the approved minutes stay intact)."""
    meeting = get_object_or_404(
        Meeting.objects.select_related("committee", "public_minutes"), pk=pk
    )
    if meeting.state != Meeting.State.MINUTES_APPROVED:
        raise Http404
    existing = getattr(meeting, "public_minutes", None)
    form = forms.PublicMinutesForm(
        request.POST or None,
        initial={
            "text": existing.text if existing else meeting.minutes,
            "reason": existing.reason if existing else "",
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_public_version_save(
                actor=request.user, meeting=meeting, **form.cleaned_data
            )
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("The public version of the minutes was saved."))
            return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#minutes")
    return render(request, "meetings/minutes_redact.html", {"form": form, "meeting": meeting})


# Documents


def _file(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def _notice_meeting(request: HttpRequest, pk: int) -> Meeting:
    return access.meeting_for_user(request.user, pk, selectors.meetings_with_agenda())


@reads_protected
def notice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _notice_meeting(request, pk)
    content = documents.notice_pdf(meeting)
    return _file(content, documents.PDF_CONTENT_TYPE, f"innkalling-{meeting.pk}.pdf")


@reads_protected
def notice_docx(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _notice_meeting(request, pk)
    content = documents.notice_docx(meeting)
    return _file(content, documents.DOCX_CONTENT_TYPE, f"innkalling-{meeting.pk}.docx")


def case_paper_moved(request: HttpRequest, year: int, sequence: int, extension: str):
    """Case papers moved to the case register; old links keep working."""
    return redirect(reverse(f"cases:paper_{extension}", args=[year, sequence]), permanent=True)


# Calendar feeds


def _feed(request: HttpRequest, name: str, committees, filename: str) -> HttpResponse:
    meetings = list(selectors.feed_meetings(committees))
    access.annotate_items(request.user, meetings)
    content = ical.calendar_feed(
        name=name,
        meetings=meetings,
        url_for=lambda m: request.build_absolute_uri(m.get_absolute_url()),
    )
    response = HttpResponse(content, content_type=ical.CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@reads_protected
def committee_ical(request: HttpRequest, slug: str) -> HttpResponse:
    committee = get_object_or_404(Committee, slug=slug)
    return _feed(request, committee.name, [committee], f"{committee.slug}.ics")


@reads_protected
def person_ical(request: HttpRequest, slug: str) -> HttpResponse:
    person = get_object_or_404(Person, slug=slug)
    name = _("Meetings of %(person)s") % {"person": person.full_name}
    return _feed(request, name, selectors.person_committees(person), f"{person.slug}.ics")
