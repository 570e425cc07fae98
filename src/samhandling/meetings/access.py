"""Who may read what of meetings: the one place pages, notices, calendar feeds and minutes
ask. Meetings themselves (committee, time, place) are public; what an agenda item shows
follows the case register's rules (``cases.access``), so a case the reader may not read —
exempt, or on any agenda as a closed item — shows only its item number and legal basis.

- A closed item without a case is read by the members, deputies and observers of the
  meeting's committee and by the secretariat.
- Approved minutes are public; where a redacted public version exists
  (``PublicMinutes``), everyone but the committee and the secretariat reads that one. Minutes
  that quote an item the reader may not read, with no redacted version yet, are withheld
  until the secretariat redacts them (a case made exempt after approval)."""

from collections.abc import Iterable

from django.db.models import QuerySet
from django.http import Http404
from django.utils.html import strip_tags

from samhandling.cases.access import close_ids, readable_ids
from samhandling.core.actor import Actor, is_secretariat
from samhandling.structure.models import Membership

from .models import AgendaItem, Meeting


def meetings_visible_to(user: Actor | None) -> QuerySet[Meeting]:
    """Every meeting is public (the meeting calendar); what its agenda shows is not."""
    return Meeting.objects.all()


def is_committee_insider(user: Actor | None, meeting: Meeting) -> bool:
    """The secretariat, or a current member, deputy or observer of the meeting's committee."""
    if is_secretariat(user):
        return True
    person_id = getattr(user, "person_id", None) if user and user.is_authenticated else None
    if person_id is None:
        return False
    return (
        Membership.objects.current()
        .filter(person_id=person_id, seat__committee_id=meeting.committee_id)
        .exists()
    )


def annotate_items(user: Actor | None, meetings: Iterable[Meeting]) -> None:
    """Set ``item.readable`` (the reader may see its subject, case and decision) and
    ``item.close`` (also its exempt parts) on every prefetched agenda item, in two queries
    for all the meetings together."""
    meetings = list(meetings)
    items = [item for meeting in meetings for item in meeting.agenda_items.all()]
    if is_secretariat(user):
        for item in items:
            item.readable = item.close = True
        return
    case_ids = [item.treatment.case_id for item in items if item.treatment_id]
    readable = readable_ids(user, case_ids)
    close = close_ids(user, case_ids)
    insiders = {
        meeting.pk: is_committee_insider(user, meeting)
        for meeting in meetings
        if any(item.treatment_id is None and item.closed for item in meeting.agenda_items.all())
    }
    for meeting in meetings:
        for item in meeting.agenda_items.all():
            if item.treatment_id is None:
                item.readable = item.close = not item.closed or insiders[meeting.pk]
            else:
                item.readable = item.treatment.case_id in readable
                item.close = item.treatment.case_id in close


def meeting_for_user(user: Actor | None, pk: int, queryset: QuerySet[Meeting]) -> Meeting:
    """The meeting (from ``queryset``, with its agenda prefetched) with each item's
    ``readable`` set; 404 when there is none."""
    meeting = queryset.filter(pk=pk).first()
    if meeting is None:
        raise Http404
    annotate_items(user, [meeting])
    meeting.insider = is_committee_insider(user, meeting)
    return meeting


def agenda_item_for_user(user: Actor | None, pk: int) -> AgendaItem:
    """One readable agenda item, else 404."""
    item = AgendaItem.objects.select_related("meeting", "treatment__case").filter(pk=pk).first()
    if item is None:
        raise Http404
    meeting = item.meeting
    meeting._prefetched_objects_cache = {"agenda_items": [item]}
    annotate_items(user, [meeting])
    if not item.readable:
        raise Http404
    return item


def _plain(text: str) -> str:
    return " ".join(strip_tags(text).split())


def _quotes_hidden_item(minutes: str, items: Iterable[AgendaItem]) -> bool:
    """Whether the minutes quote the subject, decision, dissent or title of any of these
    items (the way ``services.minutes_text`` writes them)."""
    text = _plain(minutes)
    for item in items:
        quotes = [item.title]
        treatment = item.treatment
        if treatment is not None:
            quotes.append(treatment.case.subject)
            decision = getattr(treatment, "decision", None)
            if decision is not None:
                quotes += [_plain(decision.text), _plain(decision.dissent)]
        if any(q and len(q) >= 4 and q in text for q in quotes):
            return True
    return False


def minutes_for_user(user: Actor | None, meeting: Meeting) -> tuple[str | None, bool]:
    """The minutes text the reader may read, and whether it is the redacted public version.
    None when there is nothing for them: not approved yet (only the secretariat reads
    drafts), or withheld until redacted. ``meeting`` must come from ``meeting_for_user``."""
    if is_secretariat(user):
        return meeting.minutes or None, False
    if meeting.state != Meeting.State.MINUTES_APPROVED or not meeting.minutes:
        return None, False
    if meeting.insider:
        return meeting.minutes, False
    public = getattr(meeting, "public_minutes", None)
    if public is not None:
        return public.text, True
    hidden = [item for item in meeting.agenda_items.all() if not item.readable]
    if _quotes_hidden_item(meeting.minutes, hidden):
        return None, False
    return meeting.minutes, False


def minutes_need_redaction(meeting: Meeting) -> bool:
    """For the secretariat: approved minutes that quote an item the public may not read and
    have no redacted public version."""
    if meeting.state != Meeting.State.MINUTES_APPROVED or not meeting.minutes:
        return False
    if getattr(meeting, "public_minutes", None) is not None:
        return False
    items = list(meeting.agenda_items.all())
    public = readable_ids(None, [item.treatment.case_id for item in items if item.treatment_id])
    hidden = [
        item
        for item in items
        if (item.treatment_id and item.treatment.case_id not in public)
        or (item.treatment_id is None and item.closed)
    ]
    return _quotes_hidden_item(meeting.minutes, hidden)
