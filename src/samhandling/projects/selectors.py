"""Reads of the project register: the portfolio, one project with everything its page
shows, who takes part where, and the related projects."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _

from samhandling.cases.models import Adoption
from samhandling.structure.models import Organisation

from .models import (
    Milestone,
    MilestoneBodyDue,
    Project,
    ProjectLink,
    Role,
    StatusReport,
)
from .similarity import Match, ProjectProfile, rank_related


def portfolio(
    *,
    priority_group=None,
    party: Organisation | None = None,
    area=None,
    status: str = "",
    year: int | None = None,
) -> QuerySet[Project]:
    """All projects, filtered; a year keeps the projects running some time in it (an open
    start or end counts as running)."""
    projects = Project.objects.prefetch_related("priority_groups", "parties", "owner_committees")
    projects = projects.select_related("owner_organisation")
    if priority_group is not None:
        projects = projects.filter(priority_groups=priority_group)
    if party is not None:
        projects = projects.filter(
            Q(parties=party) | Q(owner_organisation=party) | Q(roles__organisation=party)
        )
    if area is not None:
        projects = projects.filter(areas=area)
    if status:
        projects = projects.filter(status=status)
    if year is not None:
        projects = projects.filter(
            Q(starts_on__isnull=True) | Q(starts_on__lte=datetime.date(year, 12, 31)),
            Q(ends_on__isnull=True) | Q(ends_on__gte=datetime.date(year, 1, 1)),
        )
    return projects.distinct().order_by("name")


def project_detail(slug: str) -> Project:
    """One project with everything its page shows, in a fixed number of queries."""
    queryset = Project.objects.select_related(
        "owner_organisation", "steering_group"
    ).prefetch_related(
        "owner_committees",
        "priority_groups",
        "parties",
        "areas",
        "target_municipalities",
        Prefetch(
            "roles", queryset=Role.objects.select_related("person", "organisation", "committee")
        ),
        "phases",
        Prefetch(
            "milestones",
            queryset=Milestone.objects.select_related(
                "phase",
                "completed_by_treatment__decision",
                "completed_by_treatment__committee",
                "completed_by_treatment__case",
                "completed_by_recommendation__decision__treatment__case",
            ).prefetch_related(
                Prefetch("body_dues", queryset=MilestoneBodyDue.objects.order_by("order")),
                Prefetch(
                    "completed_by_recommendation__adoptions",
                    queryset=Adoption.objects.select_related("party"),
                ),
            ),
        ),
        Prefetch(
            "status_reports",
            queryset=StatusReport.objects.select_related("case", "author"),
        ),
        Prefetch("links_out", queryset=ProjectLink.objects.select_related("to_project")),
        Prefetch("links_in", queryset=ProjectLink.objects.select_related("from_project")),
        "cases",
        "directive_versions",
    )
    return get_object_or_404(queryset, slug=slug)


def profile_of(project: Project) -> ProjectProfile:
    """What the related-projects ranking compares (names rather than keys, so a project
    being registered compares like a stored one)."""
    texts = [project.name, project.purpose, project.goals, project.target_as_written]
    texts.extend(phase.name + " " + phase.activities for phase in project.phases.all())
    target = {f"age:{band}" for band in project.age_bands}
    target |= {f"municipality:{m.pk}" for m in project.target_municipalities.all()}
    target |= {f"complexity:{b}" for b in project.lkt_complexity}
    target |= {f"capacity:{b}" for b in project.lkt_capacity}
    return ProjectProfile(
        key=project.pk,
        text="\n".join(t for t in texts if t),
        priority_groups=frozenset(g.pk for g in project.priority_groups.all()),
        parties=frozenset(p.pk for p in project.parties.all()),
        target=frozenset(target),
    )


def profile_from_values(
    *,
    name: str,
    purpose: str = "",
    goals: str = "",
    target_as_written: str = "",
    priority_groups=(),
    parties=(),
    age_bands=(),
    target_municipalities=(),
) -> ProjectProfile:
    """The profile of a project not yet saved (the registration form's values)."""
    target = {f"age:{band}" for band in age_bands}
    target |= {f"municipality:{m.pk}" for m in target_municipalities}
    return ProjectProfile(
        key=None,
        text="\n".join(t for t in (name, purpose, goals, target_as_written) if t),
        priority_groups=frozenset(g.pk for g in priority_groups),
        parties=frozenset(p.pk for p in parties),
        target=frozenset(target),
    )


@dataclass(frozen=True)
class Related:
    project: Project
    match: Match
    priority_groups: list
    parties: list


def _profiled_projects() -> list[Project]:
    return list(
        Project.objects.prefetch_related(
            "phases", "priority_groups", "parties", "target_municipalities"
        )
    )


def related_projects(subject: Project | ProjectProfile, *, limit: int = 5) -> list[Related]:
    """The existing projects most like ``subject`` (a project or a profile), best first."""
    projects = _profiled_projects()
    by_key = {p.pk: p for p in projects}
    names = {}
    for project in projects:
        names.update({("g", g.pk): g.name for g in project.priority_groups.all()})
        names.update({("p", p.pk): p.name for p in project.parties.all()})
    profiles = [profile_of(p) for p in projects]
    mine = subject if isinstance(subject, ProjectProfile) else profile_of(subject)
    return [
        Related(
            project=by_key[m.profile.key],
            match=m,
            priority_groups=sorted(names[("g", k)] for k in m.shared_priority_groups),
            parties=sorted(names[("p", k)] for k in m.shared_parties),
        )
        for m in rank_related(mine, profiles, limit=limit)
    ]


@dataclass(frozen=True)
class Participation:
    organisation: Organisation
    entries: list[tuple[Project, list[str]]]


def participation() -> list[Participation]:
    """Who takes part where: per organisation, the projects it owns, takes part in as a
    party, or holds a role in (directly or through its people)."""
    found: dict[int, dict[int, list[str]]] = defaultdict(lambda: defaultdict(list))
    projects = {}
    organisations = {}
    for project in Project.objects.select_related("owner_organisation").prefetch_related(
        "parties",
        Prefetch(
            "roles", queryset=Role.objects.select_related("organisation", "person__organisation")
        ),
    ):
        projects[project.pk] = project
        if project.owner_organisation is not None:
            organisations[project.owner_organisation_id] = project.owner_organisation
            found[project.owner_organisation_id][project.pk].append(str(_("owner")))
        for party in project.parties.all():
            organisations[party.pk] = party
            found[party.pk][project.pk].append(str(_("involved party")))
        for role in project.roles.all():
            organisation = role.organisation or (role.person.organisation if role.person else None)
            if organisation is not None:
                organisations[organisation.pk] = organisation
                found[organisation.pk][project.pk].append(role.get_kind_display())
    result = []
    for org_id, by_project in found.items():
        entries = [(projects[pid], sorted(set(labels))) for pid, labels in by_project.items()]
        entries.sort(key=lambda e: e[0].name)
        result.append(Participation(organisations[org_id], entries))
    result.sort(key=lambda p: p.organisation.name)
    return result
