"""Reads: which logs a user may see, the municipality reference, and published analyses."""

import hashlib
import json
from dataclasses import asdict
from pathlib import Path

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from samhandling.accounts.services import ANALYST_GROUP
from samhandling.core.actor import Actor, is_secretariat

from .engine import AnalysisOptions, Filters, Municipality, analyse, load_municipalities
from .engine.analyses import PublishedAnalysis
from .models import EventLog


def can_analyse(user: Actor) -> bool:
    """Analysts and the secretariat may import logs and see the logs that are not public."""
    if not user.is_authenticated:
        return False
    return is_secretariat(user) or user.groups.filter(name=ANALYST_GROUP).exists()


def visible_logs(user: Actor) -> QuerySet[EventLog]:
    logs = EventLog.objects.all()
    return logs if can_analyse(user) else logs.filter(is_public=True)


def log_for_user(user: Actor, slug: str) -> EventLog:
    """The log, or 404 when it does not exist, or 403 when it is not the user's to see."""
    try:
        log = EventLog.objects.get(slug=slug)
    except EventLog.DoesNotExist:
        raise Http404 from None
    if not log.is_public and not can_analyse(user):
        raise PermissionDenied
    return log


def log_path(log: EventLog) -> Path:
    return Path(settings.DATA_DIR) / "pathways" / log.file_name


def municipality_reference() -> dict[str, Municipality]:
    """Municipality number → name and area from the structure register; the copy shipped
    with the engine when the register has none (a fresh database)."""
    from samhandling.structure.models import Organisation

    rows = (
        Organisation.objects.filter(municipality_number__isnull=False, valid_to=None)
        .exclude(municipality_number="")
        .select_related("area")
        .prefetch_related("predecessors")
    )
    found = {
        o.municipality_number: Municipality(
            number=o.municipality_number,
            name=o.name.removesuffix(" kommune"),
            area=o.area.name if o.area else "",
            local_hospital=o.local_hospital,
            population=o.population,
            # Numbers of before 2020: merged municipalities and the number before the reform.
            former_numbers=tuple(
                sorted(
                    [p.municipality_number for p in o.predecessors.all() if p.municipality_number]
                    + ([o.previous_number] if o.previous_number else [])
                )
            ),
        )
        for o in rows
    }
    return found or load_municipalities()


def populations(reference: dict[str, Municipality]) -> dict[str, int]:
    return {n: m.population for n, m in reference.items() if m.population}


def published_analysis(log: EventLog, filters: Filters) -> PublishedAnalysis:
    """The suppressed analyses of a log, cached by log and filters."""
    reference = municipality_reference()
    key_source = json.dumps([log.pk, log.file_name, asdict(filters)], default=str, sort_keys=True)
    key = "pathways:" + hashlib.sha256(key_source.encode()).hexdigest()
    result = cache.get(key)
    if result is None:
        options = AnalysisOptions(filters=filters, municipalities=reference)
        result = analyse(log_path(log), options, populations=populations(reference))
        cache.set(key, result, 600)
    return result
