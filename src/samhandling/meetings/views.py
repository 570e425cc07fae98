"""Views of this bounded context: they parse the request, call services and selectors, render."""

import datetime

from django.contrib import messages
from django.core import signing
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
from samhandling.core.concurrency import (
    VERSION_FIELD,
    EditConflictError,
    change_unless_changed,
    conflict_show,
    save_unless_changed,
    version_field_add,
    version_token,
)
from samhandling.core.forms import add_service_errors
from samhandling.structure.models import Committee, Membership, Person

from . import access, documents, forms, ical, notices, selectors, services, versions
from .models import Absence, AgendaItem, Attendance, Meeting

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
        "may_hold": may_edit and services.meeting_may_be_held(meeting),
        "minutes": minutes,
        "minutes_redacted": redacted,
        "minutes_withheld": minutes is None
        and meeting.state == Meeting.State.MINUTES_APPROVED
        and bool(meeting.minutes),
        "closed_items": [item for item in meeting.agenda_items.all() if item.closed],
    }
    own = notices.absence_memberships_for(request.user, meeting)
    if own and meeting.state in {Meeting.State.PLANNED, Meeting.State.NOTICE_SENT}:
        reported = set(
            meeting.absences.filter(membership__in=own).values_list("membership_id", flat=True)
        )
        context["own_memberships"] = [(m, m.pk in reported) for m in own]
    if may_edit:
        context["invitees"] = notices.invitees(meeting)
        context["absences"] = list(meeting.absences.select_related("membership__person", "deputy"))
        context["notice_changes"] = notices.notice_changes(meeting)
        context["add_form"] = forms.AgendaAddForm()
        if approve_form is None:
            approve_form = forms.MinutesApproveForm()
            version_field_add(approve_form, versions.minutes_snapshot(meeting))
        context["approve_form"] = approve_form
        context["minutes_version"] = version_token(versions.minutes_snapshot(meeting))
        context["needs_redaction"] = access.minutes_need_redaction(meeting)
    status = 400 if request.method == "POST" else 200
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
    version_field_add(form, versions.meeting_snapshot(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            save_unless_changed(
                form=form,
                obj=meeting,
                snapshot=versions.meeting_snapshot,
                save=lambda locked: services.meeting_update(
                    actor=request.user, meeting=locked, **form.cleaned_data
                ),
            )
        except EditConflictError as conflict:
            conflict_show(form, conflict)
        except ValidationError as error:
            for field, errors in error.message_dict.items():
                for message in errors:
                    form.add_error(field if field in form.fields else None, message)
        else:
            messages.success(request, _("The meeting was saved."))
            _warn_if_notice_outdated(request, meeting)
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
            if item.supplementary:
                messages.warning(
                    request,
                    _("The notice is already out, so item %(item)s is a supplementary item.")
                    % {"item": item.number},
                )
            _warn_if_notice_outdated(request, meeting)
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
    if meeting.state == Meeting.State.MINUTES_APPROVED:
        # Approved minutes record who came; the form would only end in the service's refusal.
        messages.error(
            request,
            _("The minutes are approved and cannot change; add a reasoned addendum instead."),
        )
        return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#attendance")
    memberships = selectors.attendance_memberships(meeting)
    existing = {a.membership_id: a for a in meeting.attendances.all()}
    absences = {a.membership_id: a for a in meeting.absences.select_related("deputy")}
    form = forms.AttendanceForm(
        request.POST or None,
        meeting=meeting,
        memberships=memberships,
        existing=existing,
        absences=absences,
    )
    version_field_add(form, versions.attendance_snapshot(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            save_unless_changed(
                form=form,
                obj=meeting,
                snapshot=versions.attendance_snapshot,
                save=lambda locked: services.attendance_record(
                    actor=request.user, meeting=locked, entries=form.entries()
                ),
            )
        except EditConflictError as conflict:
            conflict_show(form, conflict)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
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


def _warn_if_notice_outdated(request: HttpRequest, meeting: Meeting) -> None:
    if changes := notices.notice_changes(meeting):
        messages.warning(
            request,
            _(
                "The notice has gone out, and %(changes)s changed since. "
                "Send a corrected notice from the meeting page."
            )
            % {"changes": ", ".join(changes)},
        )


def _dispatch_message(request: HttpRequest, dispatch) -> None:
    rows = list(dispatch.recipients.all())
    sent = sum(r.status == r.Status.SENT for r in rows)
    messages.success(
        request,
        _("%(kind)s sent by e-mail to %(sent)s of %(total)s recipients.")
        % {"kind": dispatch.get_kind_display().capitalize(), "sent": sent, "total": len(rows)},
    )
    missing = [str(r.person) for r in rows if r.status != r.Status.SENT]
    if missing:
        messages.warning(
            request,
            _("Not sent to: %(names)s (no e-mail address or the mail server refused).")
            % {"names": ", ".join(missing)},
        )


@require_POST
@secretariat_required
def notice_send(request: HttpRequest, pk: int) -> HttpResponse:
    """Send the notice by e-mail to the committee (the button on the meeting page)."""
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    corrected = request.POST.get("corrected") == "1"
    try:
        if corrected:
            dispatch = notices.notice_correct(actor=request.user, meeting=meeting)
        else:
            dispatch = notices.notice_send(actor=request.user, meeting=meeting)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        _dispatch_message(request, dispatch)
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#notice")


def absence_link(request: HttpRequest, token: str) -> HttpResponse:
    """The absence link in the notice: works without logging in, since the signed token
    names the meeting and the membership. Opening it only shows a button, so a mail
    program that opens links in advance reports nothing."""
    try:
        meeting_pk, membership_pk = notices.absence_token_read(token)
    except signing.BadSignature:
        raise Http404 from None
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=meeting_pk)
    membership = get_object_or_404(
        Membership.objects.select_related("person", "seat"), pk=membership_pk
    )
    absence = Absence.objects.filter(meeting=meeting, membership=membership).first()
    error = None
    status = 200
    if request.method == "POST" and absence is None:
        try:
            absence = notices.absence_report(
                actor=request.user, meeting=meeting, membership=membership
            )
        except ValidationError as exc:
            error, status = " ".join(exc.messages), 400
    elif request.method == "POST":
        error, status = _("The absence has already been reported."), 400
    return render(
        request,
        "meetings/absence_confirm.html",
        {"meeting": meeting, "membership": membership, "absence": absence, "error": error},
        status=status,
    )


@require_POST
def absence_report(request: HttpRequest, pk: int) -> HttpResponse:
    """The member's own button on the meeting page."""
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    own = {m.pk: m for m in notices.absence_memberships_for(request.user, meeting)}
    try:
        membership = own[int(request.POST.get("membership", ""))]
    except (KeyError, ValueError):
        raise Http404 from None
    try:
        absence = notices.absence_report(actor=request.user, meeting=meeting, membership=membership)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if absence.deputy:
            messages.success(
                request,
                _("Your absence is recorded; %(name)s is called in as deputy.")
                % {"name": absence.deputy.full_name},
            )
        else:
            messages.success(request, _("Your absence is recorded; no deputy is registered."))
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + "#absence")


meeting_hold = _transition_view(
    services.meeting_hold, gettext_lazy("The meeting was marked as held.")
)


@require_POST
@secretariat_required
def minutes_draft(request: HttpRequest, pk: int) -> HttpResponse:
    """Drafting replaces the minutes: only the minutes the person saw on the page."""
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    replace = request.POST.get("replace") == "1"
    try:
        change_unless_changed(
            token=request.POST.get(VERSION_FIELD),
            obj=meeting,
            snapshot=versions.minutes_snapshot,
            change=lambda locked: services.minutes_draft(
                actor=request.user, meeting=locked, replace_edited=replace
            ),
        )
    except services.MinutesEditedError:
        # Someone has edited the minutes: show both texts and let the person choose.
        return render(
            request,
            "meetings/minutes_draft_confirm.html",
            {
                "meeting": meeting,
                "draft": services.minutes_text(meeting),
                "minutes_version": version_token(versions.minutes_snapshot(meeting)),
            },
        )
    except EditConflictError:
        messages.error(
            request,
            _(
                "The minutes were changed after you opened the page, so no draft replaced "
                "them. Read them again below."
            ),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The minutes were drafted from the decisions."))
    return redirect(meeting)


@secretariat_required
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = get_object_or_404(Meeting.objects.select_related("committee"), pk=pk)
    form = forms.MinutesForm(request.POST or None, initial={"minutes": meeting.minutes})
    version_field_add(form, versions.minutes_snapshot(meeting))
    if request.method == "POST" and form.is_valid():
        try:
            save_unless_changed(
                form=form,
                obj=meeting,
                snapshot=versions.minutes_snapshot,
                save=lambda locked: services.minutes_update(
                    actor=request.user, meeting=locked, minutes=form.cleaned_data["minutes"]
                ),
            )
        except EditConflictError as conflict:
            conflict_show(form, conflict)
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
    version_field_add(form, versions.minutes_snapshot(meeting))
    if form.is_valid():
        try:
            save_unless_changed(
                form=form,
                obj=meeting,
                snapshot=versions.minutes_snapshot,
                save=lambda locked: services.minutes_approve(
                    actor=request.user, meeting=locked, **form.cleaned_data
                ),
            )
        except EditConflictError:
            # The minutes on the page are not the minutes saved now: approving them would
            # approve a text the person has not read.
            messages.error(
                request,
                _(
                    "The minutes were changed after you opened the page, so they are not "
                    "approved. Read them again below before approving."
                ),
            )
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


@reads_protected
def minutes_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The minutes for publication and archiving: for readers, once approved, in the version
    they may read (the redacted public one where there is one); the secretariat also gets
    the draft, marked as such."""
    meeting = access.meeting_for_user(request.user, pk, selectors.meeting_detail_queryset())
    text, redacted = access.minutes_for_user(request.user, meeting)
    if text is None:
        raise Http404
    content = documents.minutes_pdf(meeting, text=text, redacted=redacted)
    when = timezone.localtime(meeting.starts_at)
    return _file(content, documents.PDF_CONTENT_TYPE, f"protokoll-{meeting.pk}-{when:%Y-%m-%d}.pdf")


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
