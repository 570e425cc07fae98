"""The benchmark's child process, inside Django: picks the pages to measure from the register
(a typical case, the committee with most cases, a meeting with a full agenda, …) and counts
the SQL queries and their time for each page, anonymously and as the secretariat, with the
test client in-process (the server measures nothing itself), with the page cache off: the
cost of making each page, as for its first reader after a change."""

import json
import os
import sys
import time
from urllib.parse import quote

CASES_PER_PAGE = 50


def child(args) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.pages.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection

    # What it costs to make the page, not to hand out a kept copy (the servers keep pages).
    settings.SAMHANDLING_PAGE_CACHE = False
    from django.test import Client

    from samhandling.accounts.models import User

    pages = page_list()
    clients = {"anonymous": Client(), "secretariat": Client()}
    clients["secretariat"].force_login(User.objects.get(username="sekretariat"))
    queries = {}
    for page in pages:
        for who, client in clients.items():
            client.get(page["path"])  # warm: caches, translations, templates
            timer = QueryTimer()
            with connection.execute_wrapper(timer):
                response = client.get(page["path"])
            if response.status_code != 200:
                raise RuntimeError(f"{page['path']} as {who}: HTTP {response.status_code}")
            # CPU time of the whole request in this process: unlike wall time it hardly
            # depends on what else the (shared) machine runs.
            cpu = []
            for _ in range(5):
                start = time.process_time()
                client.get(page["path"])
                cpu.append((time.process_time() - start) * 1000)
            cpu_ms = sorted(cpu)[2]
            queries[f"{page['key']}|{who}"] = [timer.count, timer.ms, cpu_ms]
            print(
                f"[queries] {timer.count:3d} queries {timer.ms:7.1f} ms, request {cpu_ms:7.1f} ms "
                f"CPU  {page['key']} ({who})",
                file=sys.stderr,
                flush=True,
            )
    from samhandling.cases.models import Case

    print(json.dumps({"cases": Case.objects.count(), "pages": pages, "queries": queries}))
    return 0


class QueryTimer:
    """Counts the queries a request runs and times them (CaptureQueriesContext rounds each
    to a millisecond)."""

    def __init__(self) -> None:
        self.count = 0
        self.ms = 0.0

    def __call__(self, execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.ms += (time.perf_counter() - start) * 1000
            self.count += 1


def page_list() -> list[dict]:
    """Every kind of page, with objects typical of a large register."""
    from django.db.models import Count
    from django.urls import reverse

    from samhandling.cases.models import Case, Recommendation
    from samhandling.core.access import Access
    from samhandling.meetings.models import Meeting
    from samhandling.structure.models import Committee, Membership, Organisation

    committee = (
        Committee.objects.filter(slug="ssu").first()
        or Committee.objects.annotate(n=Count("treatments")).order_by("-n").first()
    )
    # A settled open case from the middle of the register, with recommendations to adopt.
    recommended = Recommendation.objects.filter(
        decision__treatment__case__access=Access.OPEN
    ).values_list("decision__treatment__case", flat=True)
    middle = Case.objects.order_by("-pk").values_list("pk", flat=True).first() // 2
    case = (
        Case.objects.filter(pk__gte=middle, pk__in=recommended).order_by("pk").first()
        or Case.objects.filter(access=Access.OPEN).order_by("pk").first()
    )
    meeting = (
        Meeting.objects.filter(committee=committee, state=Meeting.State.MINUTES_APPROVED)
        .annotate(n=Count("agenda_items"))
        .order_by("-n", "-starts_at")
        .first()
    )
    membership = (
        Membership.objects.filter(seat__committee=committee)
        .select_related("person", "on_behalf_of")
        .order_by("pk")
        .first()
    )
    organisation = (
        membership.on_behalf_of
        or membership.person.organisation
        or Organisation.objects.order_by("pk").first()
    )
    total = Case.objects.count()
    deep = max(2, min(400, total // CASES_PER_PAGE // 2))
    in_committee = Case.objects.filter(treatments__committee=committee).distinct().count()
    deep_filtered = max(2, min(400, in_committee // CASES_PER_PAGE // 2))
    filters = f"committee={committee.slug}&kind=decision"
    case_args = [case.year, case.sequence]
    return [
        {"key": "hello", "label": "bare Django hello (yardstick)", "path": "/bench/hello/"},
        {"key": "home", "label": "home", "path": "/"},
        {"key": "case_list", "label": "case list", "path": reverse("cases:list")},
        {
            "key": "case_list_deep",
            "label": f"case list, page {deep}",
            "path": f"{reverse('cases:list')}?side={deep}",
        },
        {
            "key": "case_list_filtered",
            "label": "case list, filtered",
            "path": f"{reverse('cases:list')}?{filters}",
        },
        {
            "key": "case_list_filtered_deep",
            "label": f"case list, filtered, page {deep_filtered}",
            "path": f"{reverse('cases:list')}?{filters}&side={deep_filtered}",
        },
        {
            "key": "case_detail",
            "label": "case page",
            "path": reverse("cases:detail", args=case_args),
        },
        {
            "key": "committee",
            "label": f"committee page ({committee.slug})",
            "path": reverse("structure:committee", args=[committee.slug]),
        },
        {
            "key": "organisation",
            "label": "organisation page",
            "path": reverse("structure:organisation", args=[organisation.slug]),
        },
        {
            "key": "person",
            "label": "person page",
            "path": reverse("structure:person", args=[membership.person.slug]),
        },
        {"key": "meeting_list", "label": "meetings", "path": reverse("meetings:list")},
        {
            "key": "meeting_detail",
            "label": "meeting page",
            "path": reverse("meetings:detail", args=[meeting.pk]),
        },
        {
            "key": "search",
            "label": "search 'forløp'",
            "path": f"{reverse('search:search')}?q={quote('forløp')}",
        },
        {"key": "adoptions", "label": "pending adoptions", "path": reverse("cases:adoptions")},
        {
            "key": "ical",
            "label": "calendar feed (committee)",
            "path": reverse("meetings:committee_ical", args=[committee.slug]),
        },
        {
            "key": "case_paper_pdf",
            "label": "case paper PDF",
            "path": reverse("cases:paper_pdf", args=case_args),
        },
    ]
