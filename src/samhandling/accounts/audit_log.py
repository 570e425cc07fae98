"""The audit log as the secretariat reads it. Entries are stored language-neutrally: an
action code (``case.update``, ``structure.person.delete``), the object's type and id, its
name as data, and ``{field: [old, new]}``. The words are chosen here, when the page is
shown, in the reader's language."""

import datetime
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from samhandling.core.models import AuditEntry

# What each action of the services says, in the reader's language.
ACTION_LABELS = {
    "case.create": _("Case registered"),
    "case.update": _("Case paper changed"),
    "case.forward": _("Case forwarded"),
    "attachment.add": _("Attachment added"),
    "attachment.delete": _("Attachment removed"),
    "treatment.create": _("Case sent to a committee"),
    "decision.record": _("Decision recorded"),
    "decision.correct": _("Decision corrected"),
    "proposal.submit": _("Proposal put forward"),
    "recommendation.create": _("Recommendation to the parties"),
    "adoption.register": _("Party's decision registered"),
    "adoption.sign": _("Party's signature registered"),
    "progress_plan.add": _("Progress plan line added"),
    "progress_plan.update": _("Progress plan line changed"),
    "progress_plan.delete": _("Progress plan line removed"),
    "meeting.create": _("Meeting planned"),
    "meeting.update": _("Meeting changed"),
    "meeting.attendance": _("Attendance recorded"),
    "meeting.item_attendance_add": _("Attendance for one item recorded"),
    "meeting.item_attendance_remove": _("Attendance for one item removed"),
    "meeting.notice_send": _("Notice sent"),
    "meeting.hold": _("Meeting held"),
    "meeting.minutes_draft": _("Minutes drafted"),
    "meeting.minutes_update": _("Minutes changed"),
    "meeting.minutes_approve": _("Minutes approved"),
    "meeting.minutes_addendum": _("Addendum to approved minutes"),
    "agenda_item.add": _("Case put on the agenda"),
    "agenda_item.record": _("Agenda item registered afterwards"),
    "agenda_item.move": _("Agenda item moved"),
    "agenda_item.remove": _("Agenda item removed"),
    "case.withdraw": _("Case withdrawn"),
    "meeting.notice": _("Notice sent by e-mail"),
    "meeting.absence": _("Absence reported"),
    "meeting.minutes_redact": _("Public version of the minutes"),
    "structure.membership_create": _("Membership created"),
    "structure.membership_end": _("Membership ended"),
    "structure.membership_update": _("Membership changed or renewed"),
    "structure.population_import": _("Population imported"),
    "pathways.import": _("Event log imported"),
    "role_grant.create": _("Role given"),
    "role_grant.end": _("Role ended"),
}
# The back office writes ``<app>.<model>.<verb>``; other codes fall back on their verb.
VERB_LABELS = {
    "create": _("created"),
    "add": _("added"),
    "update": _("changed"),
    "delete": _("deleted"),
    "remove": _("removed"),
    "import": _("imported"),
}


def object_type_label(object_type: str) -> str:
    """The model's name in the reader's language, e.g. «sak» for ``cases.case``."""
    try:
        return str(apps.get_model(object_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return object_type


def action_label(action: str, object_type: str = "") -> str:
    if action in ACTION_LABELS:
        return str(ACTION_LABELS[action])
    verb = action.rsplit(".", 1)[-1]
    if verb in VERB_LABELS and object_type:
        return f"{object_type_label(object_type).capitalize()} {VERB_LABELS[verb]}"
    return action


@dataclass(frozen=True)
class Change:
    field: str
    old: Any
    new: Any


def entry_changes(entry: AuditEntry) -> list[Change]:
    """The entry's changes as (field, old, new). Entries written before old values were
    kept hold only the new value."""
    changes = []
    for field, value in (entry.changes or {}).items():
        if isinstance(value, list) and len(value) == 2:
            changes.append(Change(field, value[0], value[1]))
        elif isinstance(value, dict) and set(value) == {"from", "to"}:
            changes.append(Change(field, value["from"], value["to"]))
        else:
            changes.append(Change(field, None, value))
    return changes


def audit_entries(
    *,
    object_type: str = "",
    action: str = "",
    actor_id: int | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    text: str = "",
) -> QuerySet[AuditEntry]:
    """The log, newest first, filtered; ``text`` looks in the summary, the object id, the
    action and the old and new values."""
    entries = AuditEntry.objects.select_related("actor").order_by("-at", "-id")
    if object_type:
        entries = entries.filter(object_type=object_type)
    if action:
        entries = entries.filter(action=action)
    if actor_id is not None:
        entries = entries.filter(actor_id=actor_id)
    if since is not None:
        entries = entries.filter(at__date__gte=since)
    if until is not None:
        entries = entries.filter(at__date__lte=until)
    text = text.strip()
    if text:
        entries = entries.filter(
            Q(summary__icontains=text)
            | Q(object_id=text)
            | Q(action__icontains=text)
            | Q(changes__icontains=text)
        )
    return entries
