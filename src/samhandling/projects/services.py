"""Workflows of the project register: each is a keyword-only function that changes one thing
atomically and logs it in the audit log. Who may call which is decided by ``permissions``."""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from samhandling.cases.models import Case, Decision
from samhandling.cases.services import case_create
from samhandling.core.actor import Actor
from samhandling.core.audit import audit_record
from samhandling.core.due import parse_due
from samhandling.structure.models import Committee

from . import directive
from .models import DirectiveVersion, Milestone, MilestoneBodyDue, Project, StatusReport

PROJECT_FIELDS = (
    "name",
    "purpose",
    "goals",
    "status",
    "starts_on",
    "ends_on",
    "owner_organisation",
    "owner_unit",
    "owner_as_written",
    "steering_group",
    "age_bands",
    "target_as_written",
    "lkt_complexity",
    "lkt_capacity",
)
PROJECT_M2M = (
    "owner_committees",
    "priority_groups",
    "parties",
    "areas",
    "target_municipalities",
)


def _check_period(starts_on: datetime.date | None, ends_on: datetime.date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The project cannot end before it starts.")})


@transaction.atomic
def project_save(
    *, actor: Actor, project: Project | None = None, slug: str = "", **fields
) -> Project:
    """Register a project or change one; many-to-many fields are given as iterables."""
    creating = project is None
    if creating:
        if not slug or Project.objects.filter(slug=slug).exists():
            raise ValidationError({"slug": _("Choose a short name no other project has.")})
        project = Project(slug=slug)
    if "name" in fields and not str(fields["name"]).strip():
        raise ValidationError({"name": _("The project needs a name.")})
    _check_period(
        fields.get("starts_on", project.starts_on), fields.get("ends_on", project.ends_on)
    )
    changes = {}
    for name in PROJECT_FIELDS:
        if name in fields and getattr(project, name) != fields[name]:
            setattr(project, name, fields[name])
            changes[name] = str(fields[name])
    project.save()
    for name in PROJECT_M2M:
        if name in fields:
            getattr(project, name).set(list(fields[name]))
            changes[name] = [str(obj) for obj in fields[name]]
    audit_record(
        actor=actor,
        action="project.create" if creating else "project.update",
        obj=project,
        summary=project.name,
        changes=changes,
    )
    return project


def _due_context(milestone: Milestone) -> datetime.date | None:
    """The day a year-less due value («Veke 38») is read after: the previous milestone's
    sort date, or the project's start."""
    earlier = (
        Milestone.objects.filter(project=milestone.project, order__lt=milestone.order)
        .exclude(due_start=None)
        .order_by("-order")
        .values_list("due_start", flat=True)
        .first()
    )
    return earlier or milestone.project.starts_on or milestone.project.created_at.date()


def read_due(text: str, *, after: datetime.date | None, field: str = "due_as_written"):
    due = parse_due(text, after=after)
    if due is None:
        raise ValidationError(
            {
                field: _(
                    "«%(due)s» cannot be read as a due value: write a date (29.04.20), a week "
                    "(Veke 38, Veke 2 eller 3), a month or range (mars–juni 22), or leave it "
                    "empty."
                )
                % {"due": text}
            }
        )
    return due


@transaction.atomic
def milestone_save(
    *,
    actor: Actor,
    project: Project,
    milestone: Milestone | None = None,
    code: str,
    description: str,
    due_as_written: str = "",
    bodies_as_written: str = "",
    done_on: datetime.date | None = None,
    note: str = "",
    body_dues: Iterable[tuple[str, str]] | None = None,
    **links,
) -> Milestone:
    """Add or change a milestone; its due value is kept as written and read for sorting.
    ``body_dues`` (body, due as written) replaces the per-body due values when given."""
    code, description = code.strip(), description.strip()
    if not code:
        raise ValidationError({"code": _("The milestone needs a code, e.g. M1.")})
    if not description:
        raise ValidationError({"description": _("Describe the milestone.")})
    clash = Milestone.objects.filter(project=project, code=code)
    if milestone is not None:
        clash = clash.exclude(pk=milestone.pk)
    if clash.exists():
        raise ValidationError(
            {"code": _("The project already has a milestone %(code)s.") % {"code": code}}
        )
    creating = milestone is None
    if creating:
        last = project.milestones.order_by("-order").values_list("order", flat=True).first()
        milestone = Milestone(project=project, order=(last or 0) + 1)
    milestone.code = code
    milestone.description = description
    milestone.bodies_as_written = bodies_as_written.strip()
    milestone.due_as_written = due_as_written.strip()
    milestone.set_due(read_due(milestone.due_as_written, after=_due_context(milestone)))
    milestone.done_on = done_on
    milestone.note = note.strip()
    for name in ("phase", "completed_by_treatment", "completed_by_recommendation"):
        if name in links:
            setattr(milestone, name, links[name])
    milestone.save()
    if body_dues is not None:
        milestone.body_dues.all().delete()
        after = milestone.due_start or _due_context(milestone)
        for order, (body, written) in enumerate(body_dues):
            entry = MilestoneBodyDue(
                milestone=milestone, body=body.strip(), due_as_written=written.strip(), order=order
            )
            entry.set_due(read_due(entry.due_as_written, after=after, field="body_dues"))
            entry.save()
    audit_record(
        actor=actor,
        action="milestone.create" if creating else "milestone.update",
        obj=milestone,
        summary=f"{project.name}: {milestone.code}",
        changes={
            "due_as_written": milestone.due_as_written,
            "done_on": done_on.isoformat() if done_on else None,
            "note": milestone.note,
        },
    )
    return milestone


@transaction.atomic
def milestone_progress_update(
    *,
    actor: Actor,
    milestone: Milestone,
    due_as_written: str,
    done_on: datetime.date | None,
    note: str = "",
) -> Milestone:
    """What a project leader may change on a milestone: when it is due, when it was done,
    and a note."""
    if done_on and done_on > datetime.date.today() + datetime.timedelta(days=1):
        raise ValidationError({"done_on": _("A milestone cannot be done in the future.")})
    return milestone_save(
        actor=actor,
        project=milestone.project,
        milestone=milestone,
        code=milestone.code,
        description=milestone.description,
        bodies_as_written=milestone.bodies_as_written,
        due_as_written=due_as_written,
        done_on=done_on,
        note=note,
    )


# --- directive versions -------------------------------------------------------------------


def project_snapshot(project: Project) -> dict:
    """The roles and milestones as the directive prints them, taken from the project."""
    roles = [
        [
            role.get_kind_display() + (f" – {role.topic}" if role.topic else ""),
            role.holder,
            role.competence_and_resources,
        ]
        for role in project.roles.select_related("person", "organisation", "committee")
    ]
    milestones = []
    for milestone in project.milestones.prefetch_related("body_dues"):
        bodies = milestone.bodies_as_written
        due = milestone.due_as_written
        extra = [f"{d.body} {d.due_as_written}".strip() for d in milestone.body_dues.all()]
        if extra:
            bodies = " ".join([bodies, *[d.body for d in milestone.body_dues.all()]]).strip()
            due = " ".join([due, *[d.due_as_written for d in milestone.body_dues.all()]]).strip()
        milestones.append([milestone.code, milestone.description, bodies, due])
    return {"roles": roles, "milestones": milestones}


def _with_snapshot(project: Project, sections: dict) -> dict:
    sections = directive.normalise(sections)
    snapshot = project_snapshot(project)
    sections["roles"]["rows"] = snapshot["roles"]
    sections["milestones"]["rows"] = snapshot["milestones"]
    return sections


def _refuse_frozen(version: DirectiveVersion) -> None:
    if version.frozen:
        raise ValidationError(
            _("Version %(version)s is approved and frozen; make a new version to change it.")
            % {"version": version.version}
        )


@transaction.atomic
def directive_version_create(
    *,
    actor: Actor,
    project: Project,
    version: str,
    based_on: DirectiveVersion | None = None,
) -> DirectiveVersion:
    """A new draft version, starting from ``based_on`` (or empty)."""
    version = version.strip()
    if not version:
        raise ValidationError({"version": _("Give the version a number, e.g. 1.2.")})
    if project.directive_versions.filter(version=version).exists():
        raise ValidationError(
            {"version": _("Version %(version)s exists already.") % {"version": version}}
        )
    sections = based_on.sections if based_on is not None else {}
    draft = DirectiveVersion.objects.create(
        project=project, version=version, sections=_with_snapshot(project, sections)
    )
    audit_record(
        actor=actor,
        action="directive_version.create",
        obj=draft,
        summary=f"{project.name} {version}",
        changes={"based_on": based_on.version if based_on else None},
    )
    return draft


@transaction.atomic
def directive_version_update(
    *, actor: Actor, version: DirectiveVersion, sections: dict
) -> DirectiveVersion:
    """Change a draft's sections; roles and milestones follow the project until approval."""
    _refuse_frozen(version)
    before = directive.normalise(version.sections)
    version.sections = _with_snapshot(version.project, sections)
    version.save()
    changed = [key for key in version.sections if version.sections[key] != before.get(key)]
    audit_record(
        actor=actor,
        action="directive_version.update",
        obj=version,
        summary=f"{version.project.name} {version.version}",
        changes={"sections": changed},
    )
    return version


@transaction.atomic
def directive_version_approve(
    *,
    actor: Actor,
    version: DirectiveVersion,
    approved_on: datetime.date,
    approved_by: str,
    decision: Decision | None = None,
) -> DirectiveVersion:
    """Record the approval (date, body, the decision) and freeze the version."""
    _refuse_frozen(version)
    if not approved_by.strip() and decision is None:
        raise ValidationError({"approved_by": _("Say which body approved the directive.")})
    version.sections = _with_snapshot(version.project, version.sections)
    version.approved_on = approved_on
    version.approved_by = approved_by.strip() or decision.treatment.committee.name
    version.approval_decision = decision
    version.frozen = True
    version.save()
    audit_record(
        actor=actor,
        action="directive_version.approve",
        obj=version,
        summary=f"{version.project.name} {version.version}",
        changes={
            "approved_on": approved_on.isoformat(),
            "approved_by": version.approved_by,
            "decision": decision.pk if decision else None,
        },
    )
    return version


# --- status reports -----------------------------------------------------------------------


@transaction.atomic
def status_report_create(
    *,
    actor: Actor,
    project: Project,
    title: str,
    written_on: datetime.date,
    progress: str,
    deviations: str = "",
    next_steps: str = "",
) -> StatusReport:
    if not title.strip():
        raise ValidationError({"title": _("The status report needs a title.")})
    if not progress.strip():
        raise ValidationError({"progress": _("Write how the project is going.")})
    report = StatusReport.objects.create(
        project=project,
        title=title.strip(),
        written_on=written_on,
        progress=progress.strip(),
        deviations=deviations.strip(),
        next_steps=next_steps.strip(),
        author=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(
        actor=actor,
        action="status_report.create",
        obj=report,
        summary=f"{project.name}: {report.title}",
    )
    return report


def _paragraphs(text: str) -> str:
    from django.utils.html import escape

    return "".join(
        f"<p>{escape(block.strip())}</p>" for block in text.split("\n\n") if block.strip()
    )


@transaction.atomic
def status_report_send(
    *,
    actor: Actor,
    report: StatusReport,
    committee: Committee,
    paper_date: datetime.date,
    meeting=None,
) -> Case:
    """Put the status report before a committee in one step: an orientation case with the
    report as its paper, treated by the committee for information, and on the agenda of
    ``meeting`` when one is chosen."""
    if report.case_id is not None:
        raise ValidationError(
            _("This status report is already case %(number)s.") % {"number": report.case.number}
        )
    if meeting is not None and meeting.committee_id != committee.pk:
        raise ValidationError({"meeting": _("Choose a meeting of the same committee.")})
    project = report.project
    background = _paragraphs(report.progress)
    if report.deviations:
        background += f"<h3>{_('Deviations and risks')}</h3>" + _paragraphs(report.deviations)
    case = case_create(
        actor=actor,
        subject=_("Status report: %(project)s – %(title)s")
        % {"project": project.name, "title": report.title},
        kind=Case.Kind.ORIENTATION,
        paper_date=paper_date,
        committees=[committee],
        introduction=_paragraphs(
            _("The project leader's status report of %(date)s for the project «%(project)s».")
            % {"date": report.written_on.strftime("%d.%m.%Y"), "project": project.name}
        ),
        background=background,
        further_work=_paragraphs(report.next_steps),
        proposed_resolution=_paragraphs(
            _("%(committee)s takes the status report as an orientation.")
            % {"committee": committee.name}
        ),
        priority_groups=project.priority_groups.all(),
    )
    if meeting is not None:
        from samhandling.meetings.services import agenda_item_add

        agenda_item_add(actor=actor, meeting=meeting, case=case, role=case.treatments.get().role)
    report.case = case
    report.save(update_fields=["case"])
    project.cases.add(case)
    audit_record(
        actor=actor,
        action="status_report.send",
        obj=report,
        summary=f"{project.name}: {report.title} → {committee.name} ({case.number})",
        changes={
            "case": case.number,
            "committee": committee.slug,
            "meeting": meeting and meeting.pk,
        },
    )
    return case
