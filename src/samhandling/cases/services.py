"""Workflows of the case register: each is a keyword-only function that changes one thing
atomically, logs it in the audit log and tells the apps that follow the register
(``signals.case_changed``)."""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samhandling.accounts import permissions
from samhandling.core.access import EXEMPTION_BASIS_MAX_LENGTH, Access
from samhandling.core.actor import Actor, is_secretariat
from samhandling.core.audit import audit_changes, audit_record, audit_snapshot
from samhandling.structure.models import Committee, Membership, Organisation, Person

from .attachments import Source, as_file, check_attachment, extract_text
from .models import (
    SECTIONS,
    Adoption,
    Attachment,
    Case,
    CaseNumberSequence,
    Decision,
    DecisionCorrection,
    PriorityGroup,
    ProgressPlanEntry,
    Proposal,
    Recommendation,
    Treatment,
)
from .richtext import sanitise_html
from .signals import case_changed_notify, case_withdrawn

RICH_TEXT_FIELDS = (
    "introduction",
    "background",
    "assessment",
    "further_work",
    "proposed_resolution",
)
CASE_FIELDS = (
    "subject",
    "kind",
    "paper_date",
    "case_officer",
    "case_officer_unit",
    *RICH_TEXT_FIELDS,
    "access",
    "exemption_basis",
    "public_title",
    "exempt_sections",
)


def _reindex(case_id: int) -> None:
    case_changed_notify(case_id)


def _check_access(access: str, exemption_basis: str, exempt_sections: str = "") -> None:
    """Exempt needs its legal basis (free text, e.g. «Offl. § 13 jf. fvl. § 13 første ledd
    nr. 1»); an open paper carries a basis only for its exempt sections."""
    if access not in Access.values:
        raise ValidationError({"access": _("Choose open or exempt.")})
    if len(exemption_basis) > EXEMPTION_BASIS_MAX_LENGTH:
        raise ValidationError(
            {
                "exemption_basis": _("Write the legal basis in at most %(max)d characters.")
                % {"max": EXEMPTION_BASIS_MAX_LENGTH}
            }
        )
    if access == Access.EXEMPT and not exemption_basis.strip():
        raise ValidationError(
            {"exemption_basis": _("An exempt document needs its legal basis in offentleglova.")}
        )
    if access == Access.OPEN and exempt_sections and not exemption_basis.strip():
        raise ValidationError(
            {"exemption_basis": _("Exempt sections need their legal basis in offentleglova.")}
        )
    if access == Access.OPEN and exemption_basis and not exempt_sections:
        raise ValidationError(
            {"exemption_basis": _("An open document cannot have a basis for exemption.")}
        )


def _sections_value(sections: Iterable[str] | str) -> str:
    names = sections.split(",") if isinstance(sections, str) else list(sections)
    valid = [name for name, _label in SECTIONS]
    unknown = [n for n in names if n and n not in valid]
    if unknown:
        raise ValidationError(
            {"exempt_sections": _("Unknown section: %(name)s") % {"name": unknown[0]}}
        )
    return ",".join(n for n in valid if n in names)


# --- case numbers -------------------------------------------------------------------------


def case_number_next(*, year: int) -> int:
    """Hand out the next sequence number of ``year``; never twice, never again after deletion.

    The year's counter row is locked (``SELECT … FOR UPDATE`` on PostgreSQL; SQLite takes its
    write lock at BEGIN), so concurrent callers queue. Two callers creating the year's first
    row at once collide on the primary key: the loser retries and then finds the row.
    """
    attempts = 5
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                counter, _created = CaseNumberSequence.objects.select_for_update().get_or_create(
                    year=year
                )
                # Cases written straight into the table (imports, test factories) must not
                # be overtaken by the counter.
                highest = Case.objects.filter(year=year).aggregate(m=Max("sequence"))["m"] or 0
                counter.last_sequence = max(counter.last_sequence, highest) + 1
                counter.save(update_fields=["last_sequence"])
                return counter.last_sequence
        except IntegrityError:
            if attempt == attempts - 1:
                raise
    raise AssertionError("unreachable")


# --- cases --------------------------------------------------------------------------------


@transaction.atomic
def case_create(
    *,
    actor: Actor,
    subject: str,
    kind: str,
    paper_date: datetime.date,
    committees: Iterable[Committee] = (),
    case_officer: Person | None = None,
    case_officer_unit: str = "",
    introduction: str = "",
    background: str = "",
    assessment: str = "",
    further_work: str = "",
    proposed_resolution: str = "",
    priority_groups: Iterable[PriorityGroup] = (),
    access: str = Access.OPEN,
    exemption_basis: str = "",
    public_title: str = "",
    exempt_sections: Iterable[str] | str = (),
    role: str | None = None,
) -> Case:
    """Register a case paper with the next number of its paper's year and send it to
    ``committees`` (one treatment each; orientation papers go "for information")."""
    subject = subject.strip()
    if not subject:
        raise ValidationError({"subject": _("The case needs a subject.")})
    if kind not in Case.Kind.values:
        raise ValidationError({"kind": _("Choose a type of case.")})
    exemption_basis = exemption_basis.strip()
    exempt_sections = _sections_value(exempt_sections)
    _check_access(access, exemption_basis, exempt_sections)
    year = paper_date.year
    case = Case(
        year=year,
        sequence=case_number_next(year=year),
        subject=subject,
        kind=kind,
        paper_date=paper_date,
        case_officer=case_officer,
        case_officer_unit=case_officer_unit.strip(),
        introduction=sanitise_html(introduction),
        background=sanitise_html(background),
        assessment=sanitise_html(assessment),
        further_work=sanitise_html(further_work),
        proposed_resolution=sanitise_html(proposed_resolution),
        access=access,
        exemption_basis=exemption_basis,
        public_title=public_title.strip(),
        exempt_sections=exempt_sections,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    case.save()
    case.priority_groups.set(list(priority_groups))
    role = role or default_role(kind)
    for committee in committees:
        treatment_create(actor=actor, case=case, committee=committee, role=role)
    audit_record(
        actor=actor,
        action="case.create",
        obj=case,
        summary=f"{case.number} {case.subject}",
        changes=audit_changes(
            None,
            {
                **audit_snapshot(case, CASE_FIELDS),
                "priority_groups": sorted(pg.slug for pg in case.priority_groups.all()),
            },
        ),
    )
    _reindex(case.pk)
    return case


def default_role(kind: str) -> str:
    """An orientation is put before a committee for information; the rest for decision."""
    if kind == Case.Kind.ORIENTATION:
        return Treatment.Role.INFORMED
    if kind == Case.Kind.DISCUSSION:
        return Treatment.Role.DISCUSSES
    return Treatment.Role.DECIDES


@transaction.atomic
def case_update(*, actor: Actor, case: Case, **fields) -> Case:
    """Change the paper's fields; rich text is sanitised again. The number stays: it belongs
    to the year the case was registered in, even if the paper's date changes."""
    unknown = set(fields) - set(CASE_FIELDS) - {"priority_groups"}
    if unknown:
        raise TypeError(f"case_update() got unknown fields: {sorted(unknown)}")
    priority_groups = fields.pop("priority_groups", None)
    for name in RICH_TEXT_FIELDS:
        if name in fields:
            fields[name] = sanitise_html(fields[name])
    if "subject" in fields:
        fields["subject"] = fields["subject"].strip()
        if not fields["subject"]:
            raise ValidationError({"subject": _("The case needs a subject.")})
    if "exemption_basis" in fields:
        fields["exemption_basis"] = fields["exemption_basis"].strip()
    if "public_title" in fields:
        fields["public_title"] = fields["public_title"].strip()
    if "exempt_sections" in fields:
        fields["exempt_sections"] = _sections_value(fields["exempt_sections"])
    _check_access(
        fields.get("access", case.access),
        fields.get("exemption_basis", case.exemption_basis),
        fields.get("exempt_sections", case.exempt_sections),
    )
    changes = {}
    for name, value in fields.items():
        old = getattr(case, name)
        if old != value:
            changes.update(audit_changes({name: old}, {name: value}))
            setattr(case, name, value)
    case.save()
    if priority_groups is not None:
        before = sorted(pg.slug for pg in case.priority_groups.all())
        case.priority_groups.set(list(priority_groups))
        after = sorted(pg.slug for pg in priority_groups)
        if before != after:
            changes["priority_groups"] = [before, after]
    audit_record(actor=actor, action="case.update", obj=case, summary=case.number, changes=changes)
    _reindex(case.pk)
    return case


# --- attachments --------------------------------------------------------------------------


def attachment_add(
    *,
    actor: Actor,
    case: Case,
    title: str,
    file: Source | None = None,
    data: bytes | None = None,
    access: str = Access.OPEN,
    exemption_basis: str = "",
) -> Attachment:
    """Attach a file (a file object such as an upload, or ``data`` as bytes) after checking
    its type from its content and its size; its text is extracted for search.

    The slow part (checking, extracting the text, writing the file) runs before the
    transaction: SQLite has one writer at a time, and a large file read inside the
    transaction kept everyone else, even a login, waiting for the database."""
    if (file is None) == (data is None):
        raise TypeError("attachment_add() takes either file or data")
    source = as_file(file if file is not None else data)
    checked = check_attachment(source)
    exemption_basis = exemption_basis.strip()
    _check_access(access, exemption_basis)
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("The attachment needs a title.")})
    text = extract_text(checked.content_type, source)
    attachment = Attachment(
        case=case,
        title=title,
        content_type=checked.content_type,
        size=checked.size,
        extracted_text=text,
        access=access,
        exemption_basis=exemption_basis,
        uploaded_by=actor if actor is not None and actor.is_authenticated else None,
    )
    # The stored name is ours, not the uploader's: the slug of the title and the real type.
    stored_name = f"{slugify(title)[:60] or 'vedlegg'}.{checked.extension}"
    source.seek(0)
    attachment.file.save(stored_name, File(source), save=False)
    try:
        with transaction.atomic():
            attachment.order = case.attachments.count()
            attachment.save()
            audit_record(
                actor=actor,
                action="attachment.add",
                obj=attachment,
                summary=f"{case.number}: {title}",
                changes=audit_changes(
                    None,
                    audit_snapshot(
                        attachment, ("title", "content_type", "size", "access", "exemption_basis")
                    ),
                ),
            )
            _reindex(case.pk)
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, actor: Actor, attachment: Attachment) -> None:
    case_id = attachment.case_id
    audit_record(
        actor=actor,
        action="attachment.delete",
        obj=attachment,
        summary=f"{attachment.case.number}: {attachment.title}",
        changes=audit_changes(
            audit_snapshot(
                attachment, ("title", "content_type", "size", "access", "exemption_basis")
            ),
            None,
        ),
    )
    attachment.file.delete(save=False)
    attachment.delete()
    _reindex(case_id)


# --- treatments and decisions -------------------------------------------------------------


@transaction.atomic
def treatment_create(
    *,
    actor: Actor,
    case: Case,
    committee: Committee,
    role: str = Treatment.Role.DECIDES,
    forwarded_from: Treatment | None = None,
) -> Treatment:
    """Put the case before a committee. A committee has at most one pending treatment of a
    case; a deferred case gets a new treatment when it comes back."""
    if role not in Treatment.Role.values:
        raise ValidationError({"role": _("Choose a role.")})
    # Lock the case: two people sending it to the same committee at once must not both pass
    # the check below (PostgreSQL; SQLite has taken its write lock at BEGIN).
    Case.objects.select_for_update().filter(pk=case.pk).first()
    if Treatment.objects.filter(
        case=case, committee=committee, state=Treatment.State.PENDING
    ).exists():
        raise ValidationError(
            {
                "committee": _("%(committee)s already has this case waiting for treatment.")
                % {"committee": committee.name}
            }
        )
    treatment = Treatment.objects.create(
        case=case, committee=committee, role=role, forwarded_from=forwarded_from
    )
    audit_record(
        actor=actor,
        action="treatment.create",
        obj=treatment,
        summary=f"{case.number} → {committee.name}",
        changes=audit_changes(
            None,
            {
                "case": case.number,
                "committee": committee.name,
                "role": role,
                "forwarded_from": forwarded_from.pk if forwarded_from else None,
            },
        ),
    )
    return treatment


@dataclass(frozen=True)
class ProposalInput:
    """A proposal made in the meeting. ``by_observer`` None means: find out from the
    proposer's membership of the committee."""

    proposer: Person
    text: str
    on_behalf_of: Organisation | None = None
    outcome: str = ""
    by_observer: bool | None = None


def is_observer_in(person: Person, committee: Committee, on: datetime.date) -> bool:
    """Whether the person sits in the committee only as an observer (may speak and propose,
    not decide) on the day: true when none of their current memberships there decides."""
    memberships = list(
        Membership.objects.current(on)
        .filter(person=person, seat__committee=committee)
        .select_related("seat")
    )
    if not memberships:
        return False
    return not any(m.seat.may_decide and m.role != Membership.Role.OBSERVER for m in memberships)


def _check_decision_fields(*, outcome: str, consensus: bool, dissent: str) -> None:
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    if consensus and dissent:
        raise ValidationError(
            {"dissent": _("A decision by consensus has no dissent; untick consensus first.")}
        )
    if not consensus and not dissent:
        raise ValidationError(
            {"dissent": _("Without consensus, write down the dissent that was recorded.")}
        )


def meeting_day(treatment: Treatment) -> datetime.date | None:
    """The day of the meeting the treatment is on the agenda of, when there is one."""
    item = getattr(treatment, "agenda_item", None)
    if item is None:
        return None
    return timezone.localdate(item.meeting.starts_at)


def decision_date_problems(*, treatment: Treatment, decided_on: datetime.date) -> dict[str, str]:
    """A decision is dated at its meeting: a treatment on an agenda takes the meeting's day
    and no other; only one registered without a meeting takes a date, and not a future one,
    since the decision has not been made yet."""
    day = meeting_day(treatment)
    if day is not None and decided_on != day:
        return {
            "decided_on": _(
                "The decision is dated at its meeting: “Decided on” must be the meeting's date "
                "(%(date)s)."
            )
            % {"date": day.strftime("%d.%m.%Y")}
        }
    if decided_on > timezone.localdate():
        if day is not None:
            return {
                "decided_on": _(
                    "The meeting on %(date)s has not taken place yet; record the decision "
                    "after the meeting."
                )
                % {"date": day.strftime("%d.%m.%Y")}
            }
        return {"decided_on": _("“Decided on” cannot be in the future.")}
    return {}


def _user_or_none(actor: Actor | None):
    return actor if actor is not None and actor.is_authenticated else None


@transaction.atomic
def decision_record(
    *,
    actor: Actor | None,
    treatment: Treatment,
    outcome: str,
    text: str,
    decided_on: datetime.date,
    consensus: bool = True,
    dissent: str = "",
    proposals: Iterable[ProposalInput | Mapping] = (),
    submitted_outcomes: Mapping[int, str] | None = None,
) -> Decision:
    """Record the committee's decision on one treatment, with the proposals made in the
    meeting (``proposals``) and the outcome of each proposal members and observers put
    forward themselves (``submitted_outcomes``, by proposal id). Only the secretariat
    records; a decision once recorded is final (``decision_correct`` corrects it)."""
    if actor is not None and not permissions.may_record_decision(actor):
        raise PermissionDenied
    dissent = dissent.strip()
    _check_decision_fields(outcome=outcome, consensus=consensus, dissent=dissent)
    inputs = [p if isinstance(p, ProposalInput) else ProposalInput(**p) for p in proposals]
    submitted_outcomes = dict(submitted_outcomes or {})
    for p in inputs:
        if not p.text.strip():
            raise ValidationError({"proposals": _("A proposal needs its text.")})
        if p.outcome and p.outcome not in Proposal.Outcome.values:
            raise ValidationError({"proposals": _("Choose an outcome for the proposal.")})
    if any(o and o not in Proposal.Outcome.values for o in submitted_outcomes.values()):
        raise ValidationError({"proposals": _("Choose an outcome for the proposal.")})
    if problems := decision_date_problems(treatment=treatment, decided_on=decided_on):
        raise ValidationError(problems)
    item = getattr(treatment, "agenda_item", None)
    # Meetings sit above this app, so their state is read by value, not imported.
    if item is not None and item.meeting.state == "minutes_approved":
        raise ValidationError(
            _(
                "The minutes of the meeting on %(date)s are approved, and they say what was "
                "decided; add an addendum to the minutes instead."
            )
            % {"date": timezone.localdate(item.meeting.starts_at).strftime("%d.%m.%Y")}
        )
    # Lock the treatment: two clerks recording at once must not both succeed.
    list(Treatment.objects.select_for_update().filter(pk=treatment.pk).values_list("pk"))
    if Decision.objects.filter(treatment=treatment).exists():
        raise ValidationError(
            _("The decision is already recorded and cannot be changed; record a correction.")
        )
    decision = Decision.objects.create(
        treatment=treatment,
        outcome=outcome,
        text=sanitise_html(text),
        consensus=consensus,
        dissent=dissent,
        decided_on=decided_on,
        recorded_by=_user_or_none(actor),
    )
    treatment.state = Treatment.State.TREATED
    treatment.save(update_fields=["state"])
    # Proposals the secretariat wrote down are replaced; those members and observers put
    # forward themselves stay, with the outcome the meeting gave them.
    treatment.proposals.filter(submitted_by__isnull=True, submitted_at__isnull=True).delete()
    for proposal in treatment.proposals.all():
        if proposal.pk in submitted_outcomes:
            proposal.outcome = submitted_outcomes[proposal.pk]
            proposal.save(update_fields=["outcome"])
    first = (treatment.proposals.aggregate(m=Max("order"))["m"] or 0) + 1
    for order, p in enumerate(inputs, start=first):
        by_observer = p.by_observer
        if by_observer is None:
            by_observer = is_observer_in(p.proposer, treatment.committee, decided_on)
        Proposal.objects.create(
            treatment=treatment,
            proposer=p.proposer,
            on_behalf_of=p.on_behalf_of,
            by_observer=by_observer,
            text=p.text.strip(),
            outcome=p.outcome,
            order=order,
        )
    audit_record(
        actor=actor,
        action="decision.record",
        obj=decision,
        summary=f"{treatment.case.number} {treatment.committee.name}",
        changes={
            "outcome": [None, outcome],
            "text": [None, decision.text],
            "decided_on": [None, decided_on.isoformat()],
            "consensus": [None, consensus],
            "dissent": [None, dissent],
            "proposals": [None, [p.text.strip() for p in inputs]],
            "submitted_outcomes": [None, {str(k): v for k, v in submitted_outcomes.items()}],
        },
    )
    _reindex(treatment.case_id)
    return decision


@transaction.atomic
def decision_correct(
    *,
    actor: Actor | None,
    decision: Decision,
    reason: str,
    outcome: str,
    text: str,
    consensus: bool = True,
    dissent: str = "",
) -> DecisionCorrection:
    """Correct a recorded decision: a new entry, linked to the decision, with the reason;
    the decision as recorded stays and both are shown."""
    if actor is not None and not permissions.may_record_decision(actor):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the decision is corrected.")})
    dissent = dissent.strip()
    _check_decision_fields(outcome=outcome, consensus=consensus, dissent=dissent)
    before = decision.in_force
    correction = DecisionCorrection.objects.create(
        decision=decision,
        outcome=outcome,
        text=sanitise_html(text),
        consensus=consensus,
        dissent=dissent,
        reason=reason,
        corrected_by=_user_or_none(actor),
    )
    audit_record(
        actor=actor,
        action="decision.correct",
        obj=correction,
        summary=f"{decision.treatment.case.number} {decision.treatment.committee.name}",
        changes={
            "decision": [None, decision.pk],
            "reason": [None, reason],
            **{
                name: [getattr(before, name), getattr(correction, name)]
                for name in ("outcome", "text", "consensus", "dissent")
                if getattr(before, name) != getattr(correction, name)
            },
        },
    )
    _reindex(decision.treatment.case_id)
    return correction


@transaction.atomic
def proposal_submit(*, actor: Actor, treatment: Treatment, text: str) -> Proposal:
    """A member, deputy or observer of the committee puts forward a proposal to the agenda
    item before or at the meeting, in their own name. Observers may propose, never decide;
    nobody proposes once the decision is recorded."""
    person = getattr(actor, "person", None)
    if person is None or not permissions.may_propose(actor, committee=treatment.committee_id):
        raise PermissionDenied
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the proposal.")})
    list(Treatment.objects.select_for_update().filter(pk=treatment.pk).values_list("pk"))
    if Decision.objects.filter(treatment=treatment).exists():
        raise ValidationError(
            _("The committee has decided; proposals can no longer be put forward.")
        )
    today = timezone.localdate()
    membership = (
        Membership.objects.current(today)
        .filter(person=person, seat__committee_id=treatment.committee_id)
        .select_related("on_behalf_of")
        .first()
    )
    proposal = Proposal.objects.create(
        treatment=treatment,
        proposer=person,
        on_behalf_of=membership.on_behalf_of if membership else None,
        by_observer=is_observer_in(person, treatment.committee, today),
        text=text,
        order=(treatment.proposals.aggregate(m=Max("order"))["m"] or 0) + 1,
        submitted_by=_user_or_none(actor),
        submitted_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action="proposal.submit",
        obj=proposal,
        summary=f"{person.full_name}",
        changes={
            "treatment": [None, treatment.pk],
            "text": [None, text],
            "by_observer": [None, proposal.by_observer],
        },
    )
    return proposal


@transaction.atomic
def case_forward(*, actor: Actor, treatment: Treatment, to_committee: Committee) -> Treatment:
    """Send the case on from the committee that treated it to another (an area or
    professional committee to SSU, SSU to the partnership meeting); the new treatment
    remembers where it came from, so the history stays on one case."""
    if to_committee.pk == treatment.committee_id:
        raise ValidationError(
            {"to_committee": _("A case cannot be forwarded to the committee it comes from.")}
        )
    forwarded = treatment_create(
        actor=actor,
        case=treatment.case,
        committee=to_committee,
        role=Treatment.Role.DECIDES,
        forwarded_from=treatment,
    )
    audit_record(
        actor=actor,
        action="case.forward",
        obj=treatment.case,
        summary=f"{treatment.case.number}: {treatment.committee.name} → {to_committee.name}",
        changes=audit_changes(None, {"from_treatment": treatment.pk, "to_treatment": forwarded.pk}),
    )
    return forwarded


# --- recommendations and adoption by the parties ------------------------------------------


class PartyScope:
    """Which parties a recommendation goes to."""

    AREA_MUNICIPALITIES = "area_municipalities"
    ALL_MUNICIPALITIES = "all_municipalities"
    ALL_PARTIES = "all_parties"
    CHOSEN = "chosen"


def recommendation_parties(
    *, committee: Committee, scope: str, on: datetime.date | None = None
) -> list[Organisation]:
    """The parties a committee's recommendation goes to by default: those that existed on
    ``on`` (the decision's day; today by default), so a recommendation of 2018 goes to the
    municipalities of 2018, not to those formed by the mergers of 2020."""
    parties = Organisation.objects.filter(is_party=True).existing_on(on or timezone.localdate())
    if scope == PartyScope.AREA_MUNICIPALITIES:
        if committee.area_id is None:
            return list(parties.filter(kind=Organisation.Kind.MUNICIPALITY))
        return list(parties.filter(kind=Organisation.Kind.MUNICIPALITY, area_id=committee.area_id))
    if scope == PartyScope.ALL_MUNICIPALITIES:
        return list(parties.filter(kind=Organisation.Kind.MUNICIPALITY))
    if scope == PartyScope.ALL_PARTIES:
        return list(parties)
    raise ValueError(f"unknown scope {scope!r}")


@transaction.atomic
def recommendation_text_from(decision: Decision) -> str:
    """The decision in force as plain text, to start a recommendation from."""
    from html import unescape

    from django.utils.html import strip_tags

    html = decision.in_force.text
    html = html.replace("</p>", "</p>\n\n").replace("<br>", "\n").replace("</li>", "</li>\n")
    return "\n".join(line.strip() for line in unescape(strip_tags(html)).strip().splitlines())


def recommendation_create(
    *,
    actor: Actor,
    decision: Decision,
    text: str,
    parties: Iterable[Organisation],
    requires_signature: bool = False,
    respond_by: datetime.date | None = None,
) -> Recommendation:
    """Record what the committee recommends its parties to adopt, and open one pending
    adoption per party, because each party decides in its own body."""
    text = text.strip()
    parties = list(dict.fromkeys(parties))
    errors = {}
    in_force = decision.in_force
    # The parties are asked to adopt what the committee adopted; a deferred, rejected or
    # noted item gives them nothing to adopt. A correction decides what stands.
    if not in_force.is_adopted:
        errors[NON_FIELD_ERRORS] = _(
            "Only a decision that adopted something can be recommended to the parties; "
            "this decision is “%(outcome)s”."
        ) % {"outcome": in_force.get_outcome_display()}
    if not text:
        errors["text"] = _("Write what the parties are recommended to adopt.")
    not_parties = [p.name for p in parties if not p.is_party]
    if not parties:
        errors["parties"] = _("Choose at least one party.")
    elif not_parties:
        errors["parties"] = _("Not parties to the agreement: %(names)s.") % {
            "names": ", ".join(not_parties)
        }
    # Not "before today": the register also takes in old recommendations (the demo's seeds).
    if respond_by is not None and respond_by < decision.decided_on:
        errors["respond_by"] = _(
            "“Respond by” cannot be before the committee's decision (%(date)s)."
        ) % {"date": decision.decided_on.strftime("%d.%m.%Y")}
    if errors:
        raise ValidationError(errors)
    recommendation = Recommendation.objects.create(
        decision=decision, text=text, requires_signature=requires_signature, respond_by=respond_by
    )
    Adoption.objects.bulk_create(
        [Adoption(recommendation=recommendation, party=party) for party in parties]
    )
    audit_record(
        actor=actor,
        action="recommendation.create",
        obj=recommendation,
        summary=f"{decision.treatment.case.number}: {text[:200]}",
        changes=audit_changes(
            None,
            {
                "text": text,
                "parties": [p.slug for p in parties],
                "requires_signature": requires_signature,
                "respond_by": respond_by,
            },
        ),
    )
    return recommendation


def adoption_problems(
    *,
    status: str,
    deciding_body: str,
    decided_on: datetime.date | None,
    changes: str,
    recommended_on: datetime.date | None = None,
) -> dict[str, str]:
    """What is wrong with a party's decision as registered, every field at once, so the form
    is not sent back once per field. The form and the service both ask. A party decides on
    what it was recommended, so not before the committee's decision (``recommended_on``)."""
    errors = {}
    if status not in Adoption.Status.values:
        errors["status"] = _("Choose a status.")
    elif status != Adoption.Status.PENDING:
        if not deciding_body.strip():
            errors["deciding_body"] = _("Name the body that decided.")
        if decided_on is None:
            errors["decided_on"] = _("Give the date of the decision.")
    if decided_on is not None and decided_on > timezone.localdate():
        errors["decided_on"] = _("“Decided on” cannot be in the future.")
    elif decided_on is not None and recommended_on is not None and decided_on < recommended_on:
        errors["decided_on"] = _("“Decided on” cannot be before the recommendation (%(date)s).") % {
            "date": recommended_on.strftime("%d.%m.%Y")
        }
    if status == Adoption.Status.ADOPTED_WITH_CHANGES and not changes.strip():
        errors["changes"] = _("Describe the changes the party made.")
    return errors


ADOPTION_FIELDS = ("status", "deciding_body", "decided_on", "reference", "changes")
SIGNATURE_FIELDS = ("signed_on", "signed_by", "signed_document", "signed_document_public")


@transaction.atomic
def adoption_register(
    *,
    actor: Actor,
    adoption: Adoption,
    status: str,
    deciding_body: str = "",
    decided_on: datetime.date | None = None,
    reference: str = "",
    changes: str = "",
) -> Adoption:
    """Record a party's own decision on a recommendation."""
    if actor is not None and not permissions.may_register_adoption(actor, party=adoption.party_id):
        raise PermissionDenied
    errors = adoption_problems(
        status=status,
        deciding_body=deciding_body,
        decided_on=decided_on,
        changes=changes,
        recommended_on=adoption.recommendation.decision.decided_on,
    )
    if errors:
        raise ValidationError(errors)
    before = audit_snapshot(adoption, ADOPTION_FIELDS)
    adoption.status = status
    adoption.deciding_body = deciding_body.strip()
    adoption.decided_on = decided_on
    adoption.reference = reference.strip()
    adoption.changes = changes.strip()
    adoption.save()
    audit_record(
        actor=actor,
        action="adoption.register",
        obj=adoption,
        summary=f"{adoption.recommendation.decision.treatment.case.number}: {adoption.party.name}",
        changes=audit_changes(before, audit_snapshot(adoption, ADOPTION_FIELDS)),
    )
    return adoption


@transaction.atomic
def adoptions_register_many(
    *, actor: Actor, recommendation: Recommendation, answers: dict[int, dict]
) -> list[Adoption]:
    """Register many parties' decisions on one recommendation at once (the secretariat's
    table form): ``answers`` maps an adoption's id to its fields as ``adoption_register``
    takes them. Only the rows that changed are saved and audited; one bad row saves none,
    and the errors come back keyed by adoption id."""
    if actor is not None and not is_secretariat(actor):
        raise PermissionDenied
    adoptions = {
        a.pk: a
        for a in recommendation.adoptions.select_related(
            "party", "recommendation__decision__treatment__case"
        )
    }
    unknown = set(answers) - set(adoptions)
    if unknown:
        raise ValidationError(_("The table holds a row that is not of this recommendation."))
    changed = []
    errors: dict[int, dict[str, str]] = {}
    for pk, fields in answers.items():
        adoption = adoptions[pk]
        problems = adoption_problems(
            status=fields.get("status", ""),
            deciding_body=fields.get("deciding_body", ""),
            decided_on=fields.get("decided_on"),
            changes=fields.get("changes", ""),
            recommended_on=recommendation.decision.decided_on,
        )
        if problems:
            errors[pk] = problems
            continue
        if any(
            (getattr(adoption, name) or None) != (_stripped(fields.get(name)) or None)
            for name in ADOPTION_FIELDS
        ):
            changed.append((adoption, fields))
    if errors:
        raise ValidationError(
            {str(pk): [ValidationError(p) for p in e.values()] for pk, e in errors.items()}
        )
    return [
        adoption_register(actor=actor, adoption=adoption, **fields) for adoption, fields in changed
    ]


def _stripped(value):
    return value.strip() if isinstance(value, str) else value


SIGNABLE = (Adoption.Status.ADOPTED, Adoption.Status.ADOPTED_WITH_CHANGES)


def signature_problems(
    *, adoption: Adoption, signed_on: datetime.date | None, signed_by: str
) -> dict[str, str]:
    """What is wrong with a signature, every field at once. A party signs what it has
    adopted: not before its decision, not while it is pending or after it said no."""
    errors = {}
    if adoption.status not in SIGNABLE:
        errors[NON_FIELD_ERRORS] = _(
            "“Status” of the party's decision is “%(status)s”: register the decision as adopted "
            "before the signature."
        ) % {"status": adoption.get_status_display()}
    if signed_on is not None and signed_on > timezone.localdate():
        errors["signed_on"] = _("“Signed on” cannot be in the future.")
    elif (
        signed_on is not None
        and adoption.decided_on is not None
        and signed_on < adoption.decided_on
    ):
        errors["signed_on"] = _("“Signed on” cannot be before the party's decision (%(date)s).") % {
            "date": adoption.decided_on.strftime("%d.%m.%Y")
        }
    if not signed_by.strip():
        errors["signed_by"] = _("Name who signed.")
    return errors


@transaction.atomic
def adoption_sign(
    *,
    actor: Actor,
    adoption: Adoption,
    signed_on: datetime.date,
    signed_by: str,
    document_name: str = "",
    document: Source | None = None,
    document_data: bytes | None = None,
    document_public: bool | None = None,
) -> Adoption:
    """Record a party's signature of an agreement, with the signed document if there is one
    (a file object, or ``document_data`` as bytes; checked like an attachment).
    ``document_public`` opens the signed document to everyone (only while the case is open,
    too); None keeps what was chosen before."""
    if actor is not None and not permissions.may_register_adoption(actor, party=adoption.party_id):
        raise PermissionDenied
    before = audit_snapshot(adoption, SIGNATURE_FIELDS)
    errors = signature_problems(adoption=adoption, signed_on=signed_on, signed_by=signed_by)
    if errors:
        raise ValidationError(errors)
    if document is None and document_data is not None:
        document = document_data
    if document is not None:
        source = as_file(document)
        checked = check_attachment(source)
        stem = slugify(f"signert-{adoption.party.slug}-{document_name}")[:80]
        source.seek(0)
        adoption.signed_document.save(f"{stem}.{checked.extension}", File(source), save=False)
    adoption.signed_on = signed_on
    adoption.signed_by = signed_by.strip()
    if document_public is not None:
        adoption.signed_document_public = document_public
    adoption.save()
    audit_record(
        actor=actor,
        action="adoption.sign",
        obj=adoption,
        summary=f"{adoption.recommendation.decision.treatment.case.number}: {adoption.party.name}",
        changes=audit_changes(before, audit_snapshot(adoption, SIGNATURE_FIELDS)),
    )
    return adoption


# --- progress plans -----------------------------------------------------------------------


PROGRESS_PLAN_FIELDS = ("case", "committee", "when", "sort_date", "what", "about", "responsible")


@transaction.atomic
def progress_plan_entry_save(
    *,
    actor: Actor,
    entry: ProgressPlanEntry | None = None,
    case: Case | None = None,
    committee: Committee | None = None,
    when: str,
    sort_date: datetime.date,
    what: str,
    about: str = "",
    responsible: str = "",
) -> ProgressPlanEntry:
    """Add a line to a case's or a committee's progress plan, or change one."""
    if entry is None:
        if case is None and committee is None:
            raise ValidationError(_("A progress plan belongs to a case or a committee."))
        entry = ProgressPlanEntry(case=case, committee=committee)
    if not when.strip():
        raise ValidationError({"when": _("Say when, e.g. «des 21».")})
    if not what.strip():
        raise ValidationError({"what": _("Say what happens.")})
    action = "progress_plan.update" if entry.pk else "progress_plan.add"
    before = audit_snapshot(entry, PROGRESS_PLAN_FIELDS) if entry.pk else None
    entry.when = when.strip()
    entry.sort_date = sort_date
    entry.what = what.strip()
    entry.about = about.strip()
    entry.responsible = responsible.strip()
    entry.save()
    audit_record(
        actor=actor,
        action=action,
        obj=entry,
        summary=f"{entry.when}: {entry.what}",
        changes=audit_changes(before, audit_snapshot(entry, PROGRESS_PLAN_FIELDS)),
    )
    return entry


@transaction.atomic
def progress_plan_entry_delete(*, actor: Actor, entry: ProgressPlanEntry) -> None:
    audit_record(
        actor=actor,
        action="progress_plan.delete",
        obj=entry,
        summary=f"{entry.when}: {entry.what}",
        changes=audit_changes(audit_snapshot(entry, PROGRESS_PLAN_FIELDS), None),
    )
    entry.delete()


@transaction.atomic
def case_withdraw(
    *, actor: Actor, case: Case, reason: str, withdrawn_on: datetime.date | None = None
) -> Case:
    """Withdraw a case: it keeps its number and history, is marked withdrawn with the reason
    and date, and leaves the agendas it was still waiting on (``case_withdrawn``)."""
    if actor is not None and not is_secretariat(actor):
        raise PermissionDenied
    reason = reason.strip()
    withdrawn_on = withdrawn_on or timezone.localdate()
    errors = {}
    if case.withdrawn_on is not None:
        errors[NON_FIELD_ERRORS] = _("The case was withdrawn on %(date)s.") % {
            "date": case.withdrawn_on.strftime("%d.%m.%Y")
        }
    if not reason:
        errors["reason"] = _("Say why the case is withdrawn.")
    if withdrawn_on > timezone.localdate():
        errors["withdrawn_on"] = _("“Withdrawn on” cannot be in the future.")
    elif withdrawn_on < case.paper_date:
        errors["withdrawn_on"] = _("“Withdrawn on” cannot be before the case's date.")
    if errors:
        raise ValidationError(errors)
    case.withdrawn_on, case.withdrawal_reason = withdrawn_on, reason
    case.save(update_fields=["withdrawn_on", "withdrawal_reason", "updated_at"])
    audit_record(
        actor=actor,
        action="case.withdraw",
        obj=case,
        summary=case.number,
        changes=audit_changes(
            {"withdrawn_on": None, "withdrawal_reason": ""},
            {"withdrawn_on": withdrawn_on, "withdrawal_reason": reason},
        ),
    )
    case_withdrawn.send(sender=Case, case=case, actor=actor)
    case_changed_notify(case.pk)
    return case
