"""Small factories for project test data."""

import itertools

from samhandling.projects.models import Milestone, Project, Role
from samhandling.structure.tests.factories import make_person

_numbers = itertools.count(1)


def make_project(**fields) -> Project:
    n = next(_numbers)
    fields.setdefault("slug", f"prosjekt-{n}")
    fields.setdefault("name", f"Prosjekt {n}")
    return Project.objects.create(**fields)


def make_leader(project: Project, person=None) -> Role:
    return Role.objects.create(
        project=project, kind=Role.Kind.PROJECT_LEADER, person=person or make_person()
    )


def make_milestone(project: Project, **fields) -> Milestone:
    fields.setdefault("code", f"M{project.milestones.count() + 1}")
    fields.setdefault("description", "Drøfting av prosjektdirektivet")
    fields.setdefault("order", project.milestones.count() + 1)
    return Milestone.objects.create(project=project, **fields)
