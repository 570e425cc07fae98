"""Workflows of the case register: each is a keyword-only function that changes one thing
atomically, logs it in the audit log and keeps the search index in step."""

import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.files.base import File
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from samhandling.core.access import Access, ExemptionBasis
from samhandling.core.actor import Actor
from samhandling.core.audit import audit_record
from samhandling.search import services as search_services
from samhandling.structure.models import Committee, Membership, Organisation, Person

from .attachments import Source, as_file, check_attachment, extract_text
from .models import (
    Adoption,
    Attachment,
    Case,
    CaseNumberSequence,
    Decision,
    PriorityGroup,
    ProgressPlanEntry,
    Proposal,
    Recommendation,
    Treatment,
)
from .richtext import sanitise_html

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
)


def _reindex(case_id: int) -> None:
    transaction.on_commit(lambda: search_services.search_index_case(case_id))


def _check_access(access: str, exemption_basis: str) -> None:
    if access not in Access.values:
        raise ValidationError({"access": _("Choose open or exempt.")})
    if access == Access.EXEMPT and exemption_basis not in ExemptionBasis.values:
        raise ValidationError(
            {"exemption_basis": _("An exempt document needs its legal basis in offentleglova.")}
        )
    if access == Access.OPEN and exemption_basis:
        raise ValidationError(
            {"exemption_basis": _("An open document cannot have a basis for exemption.")}
        )


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
    role: str | None = None,
) -> Case:
    """Register a case paper with the next number of its paper's year and send it to
    ``committees`` (one treatment each; orientation papers go "for information")."""
    subject = subject.strip()
    if not subject:
        raise ValidationError({"subject": _("The case needs a subject.")})
    if kind not in Case.Kind.values:
        raise ValidationError({"kind": _("Choose a type of case.")})
    _check_access(access, exemption_basis)
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
        changes={"kind": kind, "access": access, "exemption_basis": exemption_basis},
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
    _check_access(
        fields.get("access", case.access), fields.get("exemption_basis", case.exemption_basis)
    )
    changes = {}
    for name, value in fields.items():
        old = getattr(case, name)
        if old != value:
            changes[name] = {"from": str(old), "to": str(value)}
            setattr(case, name, value)
    case.save()
    if priority_groups is not None:
        before = sorted(pg.slug for pg in case.priority_groups.all())
        case.priority_groups.set(list(priority_groups))
        after = sorted(pg.slug for pg in priority_groups)
        if before != after:
            changes["priority_groups"] = {"from": before, "to": after}
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
                changes={
                    "content_type": checked.content_type,
                    "size": checked.size,
                    "access": access,
                },
            )
            _reindex(case.pk)
    except BaseException:
        attachment.file.delete(save=False)
        raise
    return attachment


@transaction.atomic
def attachment_delete(*, actor: Actor, attachment: Attachment) -> None:
    case_id = attachment.case_id
    audit_record(actor=actor, action="attachment.delete", obj=attachment, summary=attachment.title)
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
        changes={"role": role, "forwarded_from": forwarded_from.pk if forwarded_from else None},
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


@transaction.atomic
def decision_record(
    *,
    actor: Actor,
    treatment: Treatment,
    outcome: str,
    text: str,
    decided_on: datetime.date,
    consensus: bool = True,
    dissent: str = "",
    proposals: Iterable[ProposalInput | Mapping] = (),
) -> Decision:
    """Record (or correct) the committee's decision on one treatment, with the proposals made
    in the meeting. Recording again replaces the decision's fields and its proposals."""
    if outcome not in Decision.Outcome.values:
        raise ValidationError({"outcome": _("Choose an outcome.")})
    dissent = dissent.strip()
    if consensus and dissent:
        raise ValidationError(
            {"dissent": _("A decision by consensus has no dissent; untick consensus first.")}
        )
    if not consensus and not dissent:
        raise ValidationError(
            {"dissent": _("Without consensus, write down the dissent that was recorded.")}
        )
    inputs = [p if isinstance(p, ProposalInput) else ProposalInput(**p) for p in proposals]
    for p in inputs:
        if not p.text.strip():
            raise ValidationError({"proposals": _("A proposal needs its text.")})
        if p.outcome and p.outcome not in Proposal.Outcome.values:
            raise ValidationError({"proposals": _("Choose an outcome for the proposal.")})
    decision = Decision.objects.filter(treatment=treatment).first()
    action = "decision.update" if decision else "decision.record"
    decision = decision or Decision(treatment=treatment)
    decision.outcome = outcome
    decision.text = sanitise_html(text)
    decision.consensus = consensus
    decision.dissent = dissent
    decision.decided_on = decided_on
    decision.recorded_by = actor if actor is not None and actor.is_authenticated else None
    decision.save()
    treatment.state = Treatment.State.TREATED
    treatment.save(update_fields=["state"])
    treatment.proposals.all().delete()
    for order, p in enumerate(inputs):
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
        action=action,
        obj=decision,
        summary=f"{treatment.case.number} {treatment.committee.name}: {outcome}",
        changes={
            "outcome": outcome,
            "decided_on": decided_on.isoformat(),
            "consensus": consensus,
            "proposals": len(inputs),
        },
    )
    _reindex(treatment.case_id)
    return decision


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
        changes={"from_treatment": treatment.pk, "to_treatment": forwarded.pk},
    )
    return forwarded


# --- recommendations and adoption by the parties ------------------------------------------


class PartyScope:
    """Which parties a recommendation goes to."""

    AREA_MUNICIPALITIES = "area_municipalities"
    ALL_MUNICIPALITIES = "all_municipalities"
    ALL_PARTIES = "all_parties"
    CHOSEN = "chosen"


def recommendation_parties(*, committee: Committee, scope: str) -> list[Organisation]:
    """The parties a committee's recommendation goes to by default."""
    parties = Organisation.objects.filter(is_party=True)
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
        changes={"parties": [p.slug for p in parties], "requires_signature": requires_signature},
    )
    return recommendation


def adoption_problems(
    *, status: str, deciding_body: str, decided_on: datetime.date | None, changes: str
) -> dict[str, str]:
    """What is wrong with a party's decision as registered, every field at once, so the form
    is not sent back once per field. The form and the service both ask."""
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
    if status == Adoption.Status.ADOPTED_WITH_CHANGES and not changes.strip():
        errors["changes"] = _("Describe the changes the party made.")
    return errors


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
    errors = adoption_problems(
        status=status, deciding_body=deciding_body, decided_on=decided_on, changes=changes
    )
    if errors:
        raise ValidationError(errors)
    before = {"status": adoption.status, "decided_on": str(adoption.decided_on or "")}
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
        summary=f"{adoption.party.name}: {status}",
        changes={"from": before, "to": {"status": status, "decided_on": str(decided_on or "")}},
    )
    return adoption


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
) -> Adoption:
    """Record a party's signature of an agreement, with the signed document if there is one
    (a file object, or ``document_data`` as bytes; checked like an attachment)."""
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
    adoption.save()
    audit_record(
        actor=actor,
        action="adoption.sign",
        obj=adoption,
        summary=f"{adoption.party.name} signed {signed_on.isoformat()}",
        changes={"signed_by": adoption.signed_by, "document": document is not None},
    )
    return adoption


# --- progress plans -----------------------------------------------------------------------


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
    entry.when = when.strip()
    entry.sort_date = sort_date
    entry.what = what.strip()
    entry.about = about.strip()
    entry.responsible = responsible.strip()
    entry.save()
    audit_record(actor=actor, action=action, obj=entry, summary=f"{entry.when}: {entry.what}")
    return entry


@transaction.atomic
def progress_plan_entry_delete(*, actor: Actor, entry: ProgressPlanEntry) -> None:
    audit_record(
        actor=actor, action="progress_plan.delete", obj=entry, summary=f"{entry.when}: {entry.what}"
    )
    entry.delete()
