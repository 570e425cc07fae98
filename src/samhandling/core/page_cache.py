"""Whole pages kept between requests, thrown away by any write to the database.

A page is read from the cache only when nothing in the database can have changed since it
was rendered: the key holds a *data version* that every committed write changes, so there is
no list of "which page shows what" to keep right. The data version is a small file in the
data folder that is given a new value after every commit that wrote something; every
process on the host reads it (gunicorn's workers, commands, the pathway worker) and they
share the kept pages too (a file cache in the data folder). A reader that sees the new
value started after the commit, so it reads the new data; a page rendered from older data
is kept under the older value, which nobody asks for again.

Until a process's writes are committed and published, its connection alone sees them (the
test suite runs each test in one transaction that never commits): a process with such
writes keeps its pages under a key of its own, renewed at every write statement.

Each reader has their own pages: visitors share theirs, a logged-in user's pages are keyed
by their session and CSRF cookie, so exempt content never reaches another reader and the
forms' CSRF tokens stay valid. The local date is in the key, and pages live a few minutes
at most, for what depends on the clock ("upcoming meetings"). Not kept: anything but a
plain 200 answer to GET, answers that set a cookie or say ``no-cache``, a visitor's page
with a CSRF token in it, a request that wrote to the database, a page read inside a
transaction, a request with flash messages waiting.

Writes made outside Django (by hand in ``psql``) are not seen: pages then live out their
few minutes.
"""

from __future__ import annotations

import hashlib
import itertools
import os
import re
import threading
import uuid
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import caches
from django.db import connections
from django.db.backends.signals import connection_created
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

CACHE_ALIAS = "pages"
# The same pages in this process's memory: a kept page is read from disk once per process.
# The key holds the shared version, so the memory copy is exactly as fresh as the file.
MEMORY_ALIAS = "pages-memory"

# Sessions change at every login without changing what any page shows of the register.
_WRITE = re.compile(
    r"\s*(?:INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|TRUNCATE)\b(?![^(]*django_session)",
    re.IGNORECASE,
)
_unpublished_writes = itertools.count(1)
# This process's writes not yet published: 0, or a number no other process's key has.
_unpublished = 0
_process_tag = uuid.uuid4().hex
_request_state = threading.local()


def _version_file() -> str:
    return os.fspath(settings.SAMHANDLING_PAGE_CACHE_VERSION_FILE)


def shared_version(version_file: str | None = None) -> str:
    try:
        with open(version_file or _version_file(), "rb") as file:
            return file.read().decode()
    except FileNotFoundError:
        return ""


def _publish_new_version() -> None:
    path = Path(_version_file())
    global _unpublished
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f"{path.name}.{os.getpid()}.{threading.get_ident()}")
    temporary.write_text(uuid.uuid4().hex)
    # A reader sees the old value or the new one, never half a file.
    os.replace(temporary, path)
    # Another thread's transaction may still hold writes, but only its own request sees them,
    # and a request that wrote keeps nothing.
    _unpublished = 0


def data_changed(connection) -> None:
    """Count a write: at once for this process, and for every process when it commits."""
    global _unpublished
    _unpublished = next(_unpublished_writes)
    _request_state.wrote = True
    if not connection.in_atomic_block and not connection.get_autocommit():
        # Manual transactions (only tests use them) have no commit hook to wait for.
        _publish_new_version()
    elif not any(func is _publish_new_version for _, func, _ in connection.run_on_commit):
        connection.on_commit(_publish_new_version)


def _watch_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if _WRITE.match(sql):
        data_changed(context["connection"])
    return result


def watch_connection(sender, connection, **kwargs) -> None:
    """Receiver of ``connection_created``: see every statement this connection runs."""
    if _watch_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch_writes)


def install() -> None:
    connection_created.connect(watch_connection, dispatch_uid="samhandling.page_cache")
    # Connections opened before the app registry was ready (a command's first query).
    for connection in connections.all(initialized_only=True):
        watch_connection(None, connection)


def _reader(request: HttpRequest) -> str | None:
    """Whose pages these are. The session is read, the user is not: a page was kept only
    after the whole request checked the user, and any change to the user (password, roles,
    deactivation) is a write that gives the data a new version. Logging out deletes the
    session, so a kept page is never handed out on an ended session."""
    user_id = request.session.get(SESSION_KEY)
    if user_id is None:
        return "visitor"
    csrf_cookie = request.COOKIES.get(settings.CSRF_COOKIE_NAME)
    if not csrf_cookie:
        return None
    return f"user {user_id} {request.session.session_key} {csrf_cookie}"


def _messages_waiting(request: HttpRequest) -> bool:
    return "messages" in request.COOKIES or "_messages" in request.session


def page_key(request: HttpRequest, reader: str) -> str:
    version_file = _version_file()
    parts = (
        # The version file's own name too: each test has its own (conftest.py).
        version_file,
        shared_version(version_file),
        f"{_process_tag} {_unpublished}" if _unpublished else "",
        str(timezone.localdate()),
        request.LANGUAGE_CODE,
        request.headers.get("HX-Request", ""),
        request.get_full_path(),
        reader,
    )
    return "page:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()


def _sees_uncommitted_data() -> bool:
    # The test suite's own transaction around each test is not one: its data is all there is.
    return any(
        not getattr(block, "_from_testcase", False)
        for connection in connections.all(initialized_only=True)
        for block in connection.atomic_blocks
    )


def _keepable(request: HttpRequest, response: HttpResponse, reader: str) -> bool:
    if _request_state.wrote or _sees_uncommitted_data():
        return False
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if len(response.content) > settings.SAMHANDLING_PAGE_CACHE_MAX_BYTES:
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("no-cache", "no-store", "private")):
        return False
    # The CSRF token in a visitor's page belongs to that visitor's cookie.
    return not (reader == "visitor" and request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


class PageCacheMiddleware:
    """Answer a GET from the pages kept for this reader and this version of the data."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if (
            not settings.SAMHANDLING_PAGE_CACHE
            or request.method != "GET"
            or request.path.startswith(settings.SAMHANDLING_PAGE_CACHE_SKIP)
            or _messages_waiting(request)
        ):
            return self.get_response(request)
        reader = _reader(request)
        if reader is None:
            return self.get_response(request)
        memory, shared = caches[MEMORY_ALIAS], caches[CACHE_ALIAS]
        key = page_key(request, reader)
        kept = memory.get(key)
        if kept is None:
            kept = shared.get(key)
            if kept is not None:
                memory.set(key, kept, settings.SAMHANDLING_PAGE_CACHE_SECONDS)
        if kept is not None:
            content, headers = kept
            return HttpResponse(content, headers=headers)
        _request_state.wrote = False
        response = self.get_response(request)
        if _keepable(request, response, reader):
            kept = (response.content, dict(response.items()))
            for cache in (memory, shared):
                cache.set(key, kept, settings.SAMHANDLING_PAGE_CACHE_SECONDS)
        return response
