"""Every view that shows cases, papers, attachments, agenda items, minutes or decisions reads
them through the owning app's access helpers (``cases.access``, ``meetings.access``), and
says so with ``@reads_protected``; views that only the secretariat may open carry
``@secretariat_required``. This test lists every URL pattern and fails on a view of ours
that has neither mark and is not named below as showing nothing protected.

A write form guarded by a role (``accounts.permissions.login_then(may_…)`` or
``role_checked``, both marked ``role_required``) passes too: it is guarded by the role that
may write that object, and the object is fetched by the access helper or by the role's own
check, which only lets in people who may read it (the secretariat; a case officer editing
their own paper; a member proposing to a committee they sit in; a party's administrator
registering an adoption of a case they may read)."""

from django.urls import URLPattern, URLResolver, get_resolver

# Views of ours that show no protected object, and why.
SHOWS_NOTHING_PROTECTED = {
    "home": "links to the apps",
    "accessibility": "the accessibility statement",
    "login": "the login form",
    "logout": "logging out",
    "set_language": "switching the language",
    "structure:overview": "committees and levels",
    "structure:committee": "a committee, its members and composition rules",
    "structure:organisations": "organisations",
    "structure:organisation": "an organisation and its representatives",
    "structure:people": "people",
    "structure:person": "a person and their memberships",
    "cases:committee_progress_plan": "a committee's own progress plan (no case content)",
    "meetings:list": "meetings: committee, time and place (the agenda is on meetings:detail)",
    "meetings:committee_calendar": "meetings in a month: committee, time and place",
    "meetings:case_paper_moved": "a redirect to cases:paper_pdf / cases:paper_docx",
    "meetings:absence_link": "a member's absence: the meeting's committee and time, the name",
    "meetings:absence_report": "records the member's own absence and redirects",
    "pathways:overview": "pathway analyses: the analyst's role, its own privacy rules",
    "pathways:import": "pathway analyses: the analyst's role, its own privacy rules",
    "pathways:import_status": "pathway analyses: the analyst's role, its own privacy rules",
    "pathways:log": "pathway analyses: the analyst's role, its own privacy rules",
    "pathways:report": "pathway analyses: the analyst's role, its own privacy rules",
    "projects:list": "projects: name, status, owner and period",
    "projects:participation": "which organisations take part in which projects",
    "projects:follow_up": "a project's risks and milestones for its leader (no case content)",
    "projects:milestone_add": "a project's milestone form (no case content)",
    "projects:milestone_edit": "a project's milestone form (no case content)",
    "projects:status_report_add": "a project's status report form (no case content)",
    "projects:directives": "a project's directive versions: numbers, dates, approving body",
    "projects:directive_compare": "the text of two directive versions",
    "projects:directive": "a directive's text; the approving decision only as a link to the "
    "case page, which reads through cases.access",
    "projects:directive_pdf": "a directive's text",
    "projects:directive_docx": "a directive's text",
    "agreements:list": "agreements: title, parties, the version in force",
    "agreements:keys": "cost keys",
    "agreements:key": "a cost key and the budgets that use it",
    "agreements:budgets": "budgets: title, year, project",
    "agreements:compare": "the points of two agreement versions",
    "agreements:version": "a redirect to agreements:detail",
}


def _patterns(patterns, namespace=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace or ""
            yield from _patterns(
                pattern.url_patterns, f"{namespace}:{inner}".strip(":") if inner else namespace
            )
        elif isinstance(pattern, URLPattern):
            callback = pattern.callback
            name = pattern.name or getattr(callback, "__name__", "")
            yield (f"{namespace}:{name}" if namespace else name), str(pattern.pattern), callback


def _our_views():
    for name, route, callback in _patterns(get_resolver().url_patterns):
        if name.startswith("admin:"):
            # The back office: Django's admin lets in staff with the model permissions of
            # their role; only the secretariat's role has the case register's and meetings'.
            continue
        module = getattr(callback, "__module__", "")
        if module.startswith("samhandling.") or name in SHOWS_NOTHING_PROTECTED:
            yield name, route, callback


def test_every_view_that_shows_protected_objects_goes_through_the_access_helpers():
    unmarked = [
        f"{name} ({route})"
        for name, route, callback in _our_views()
        if not getattr(callback, "reads_protected", False)
        and not getattr(callback, "secretariat_only", False)
        and not getattr(callback, "role_required", False)
        and name not in SHOWS_NOTHING_PROTECTED
    ]
    assert not unmarked, (
        "These views read protected objects without @reads_protected (through the access "
        "helpers) or @secretariat_required:\n" + "\n".join(unmarked)
    )


def test_the_list_of_views_that_show_nothing_protected_has_no_stale_names():
    names = {name for name, _route, _callback in _our_views()}
    assert set(SHOWS_NOTHING_PROTECTED) <= names, set(SHOWS_NOTHING_PROTECTED) - names


def test_the_views_that_read_protected_objects_include_every_document_feed_and_export():
    marked = {
        name
        for name, _route, callback in _our_views()
        if getattr(callback, "reads_protected", False)
    }
    assert {
        "cases:list",
        "cases:list_csv",
        "cases:detail",
        "cases:paper_pdf",
        "cases:paper_docx",
        "cases:attachment",
        "cases:signed_document",
        "cases:adoptions",
        "meetings:detail",
        "meetings:notice_pdf",
        "meetings:notice_docx",
        "meetings:minutes_pdf",
        "meetings:committee_ical",
        "meetings:person_ical",
        "search:search",
    } <= marked
