"""Workflows that write: importing an event log (now, or in a background thread)."""

import json
import logging
import os
import selectors
import subprocess
import sys
import threading
import time
import uuid
from dataclasses import asdict, fields
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.text import slugify

from samhandling.core.actor import Actor
from samhandling.core.audit import audit_record

from .engine import ColumnMapping, read_log, write_log
from .engine.reading import Limits, Progress
from .models import EventLog, ImportJob
from .selectors import municipality_reference

logger = logging.getLogger(__name__)

# The watching thread writes a heartbeat this often; a job without one for STALE_SECONDS
# (or whose server process is gone) was interrupted.
HEARTBEAT_SECONDS = 2
STALE_SECONDS = 60


def storage_dir() -> Path:
    return Path(settings.DATA_DIR) / "pathways"


def _unique_slug(name: str) -> str:
    # slugify drops letters it cannot decompose; spell out the Norwegian ones first.
    spelled = name.translate(
        str.maketrans({"æ": "ae", "ø": "o", "å": "a", "Æ": "Ae", "Ø": "O", "Å": "A"})
    )
    base = slugify(spelled)[:40] or "logg"
    slug, n = base, 2
    while EventLog.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def event_log_import(
    *,
    source: Path,
    name: str,
    mapping: ColumnMapping | None = None,
    kind: str = "",
    separator: str = "",
    actor: Actor | None = None,
    is_public: bool = False,
    is_demo: bool = False,
    source_name: str = "",
    progress: Progress | None = None,
) -> EventLog:
    """Validate the whole file, then store it as Parquet and record it; a log with any
    problem raises LogImportError and leaves neither a file nor a row behind. In this
    process (the command line and the demo); the pages use a worker (`import_job_start`)."""
    frame = read_log(
        source,
        mapping,
        kind=kind,
        separator=separator,
        municipalities=municipality_reference(),
        progress=progress,
        limits=import_limits(),
    )
    target = storage_dir() / f"{uuid.uuid4().hex}.parquet"
    write_log(frame, target)
    try:
        with transaction.atomic():
            log = _event_log_record(
                target=target,
                name=name,
                mapping=mapping,
                kind=kind,
                actor=actor,
                source_name=source_name or source.name,
                events=frame.height,
                is_public=is_public,
                is_demo=is_demo,
                source_format=kind or source.suffix.lstrip("."),
            )
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return log


def _event_log_record(
    *,
    target: Path,
    name: str,
    mapping: ColumnMapping | None,
    kind: str,
    actor: Actor | None,
    source_name: str,
    events: int,
    is_public: bool = False,
    is_demo: bool = False,
    source_format: str = "",
) -> EventLog:
    """The row of a log whose Parquet file is written (inside the caller's transaction)."""
    log = EventLog.objects.create(
        slug=_unique_slug(name),
        name=name,
        file_name=target.name,
        source_name=source_name,
        source_format=source_format or kind or _format_of(source_name),
        mapping=mapping.pairs() if mapping else {},
        events=events,
        is_public=is_public,
        is_demo=is_demo,
        created_by=actor if actor is not None and actor.is_authenticated else None,
    )
    audit_record(
        actor=actor,
        action="pathways.import",
        obj=log,
        summary=name,
        changes={
            "name": [None, name],
            "events": [None, events],
            "source": [None, log.source_name],
            "mapping": [None, log.mapping],
        },
    )
    return log


def _format_of(source_name: str) -> str:
    return Path(source_name.lower().removesuffix(".gz")).suffix.lstrip(".")


def import_limits() -> Limits:
    return Limits(
        max_bytes=settings.PATHWAYS_MAX_UNPACKED_BYTES, max_events=settings.PATHWAYS_MAX_EVENTS
    )


def _problem_rows(problems: list[list]) -> list[dict]:
    return [
        {"line": int(line), "field": str(field), "code": str(code), "column": str(column)}
        for line, field, code, column in problems
    ]


def _job_failed(job_id: int, problems: list[dict], total: int) -> None:
    ImportJob.objects.filter(pk=job_id).update(
        state=ImportJob.State.FAILED,
        problems=problems,
        problem_count=total or len(problems),
        finished_at=timezone.now(),
    )


def _watch_worker(job_id: int, spec: dict) -> dict:
    """Start the worker process, pass progress and a heartbeat to the job row while it
    runs, and return its answer; kill it when it runs past the time limit."""
    started = time.monotonic()
    timeout = settings.PATHWAYS_IMPORT_TIMEOUT_SECONDS
    process = subprocess.Popen(
        [sys.executable, "-m", "samhandling.pathways.engine.worker"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert process.stdin is not None and process.stdout is not None
    process.stdin.write(json.dumps(spec))
    process.stdin.close()
    answer: dict | None = None
    with selectors.DefaultSelector() as selector:
        selector.register(process.stdout, selectors.EVENT_READ)
        while True:
            ready = selector.select(timeout=HEARTBEAT_SECONDS)
            update: dict = {"heartbeat_at": timezone.now()}
            if ready:
                line = process.stdout.readline()
                if not line:
                    break
                try:
                    message = json.loads(line)
                except ValueError:
                    continue
                if "progress" in message:
                    update["progress"] = min(float(message["progress"]), 0.99)
                    update["step"] = str(message["step"])[:100]
                else:
                    answer = message
            ImportJob.objects.filter(pk=job_id).update(**update)
            if time.monotonic() - started > timeout:
                process.kill()
                process.wait()
                return {"problems": [[0, "file", "timeout", ""]], "total": 1}
    process.wait()
    if answer is None:
        # Killed by its limits (memory, CPU) or by someone: the file asked too much.
        return {"problems": [[0, "file", "stopped", ""]], "total": 1}
    return answer


def _run_job(job_id: int, in_thread: bool = True) -> None:
    if in_thread:
        close_old_connections()
    job = ImportJob.objects.get(pk=job_id)
    upload = storage_dir() / "uploads" / job.upload_name
    target = storage_dir() / job.target_name
    ImportJob.objects.filter(pk=job_id).update(
        state=ImportJob.State.RUNNING, server_pid=os.getpid(), heartbeat_at=timezone.now()
    )
    try:
        spec = {
            "source": str(upload),
            "target": str(target),
            "mapping": job.mapping,
            "kind": job.kind,
            "separator": job.separator,
            "municipalities": list(municipality_reference()),
            "limits": asdict(import_limits()),
            "memory_bytes": settings.PATHWAYS_IMPORT_MEMORY_BYTES,
            "cpu_seconds": settings.PATHWAYS_IMPORT_TIMEOUT_SECONDS,
        }
        answer = _watch_worker(job_id, spec)
        if "events" not in answer:
            target.unlink(missing_ok=True)
            _job_failed(job_id, _problem_rows(answer["problems"]), int(answer["total"]))
            return
        try:
            with transaction.atomic():
                log = _event_log_record(
                    target=target,
                    name=job.name,
                    mapping=ColumnMapping(**job.mapping),
                    kind=job.kind,
                    actor=job.created_by,
                    source_name=job.source_name,
                    events=int(answer["events"]),
                )
                ImportJob.objects.filter(pk=job_id).update(
                    state=ImportJob.State.DONE, progress=1.0, log=log, finished_at=timezone.now()
                )
        except BaseException:
            target.unlink(missing_ok=True)
            raise
    except Exception:
        # Only the job id is logged: a message may quote a value from the file.
        logger.exception("pathway import job %s failed", job_id)
        _job_failed(job_id, _problem_rows([[0, "file", "unreadable", ""]]), 1)
    finally:
        upload.unlink(missing_ok=True)
        if in_thread:
            close_old_connections()


def import_job_start(
    *,
    upload_chunks,
    source_name: str,
    name: str,
    mapping: ColumnMapping,
    kind: str,
    separator: str,
    actor: Actor | None,
) -> ImportJob:
    """Save the upload aside and import it in a worker process (pathways/engine/worker.py),
    watched from a background thread; the watching is inline when the setting
    PATHWAYS_IMPORT_INLINE is true, as the tests do: an in-memory test database is not
    shared between threads."""
    uploads = storage_dir() / "uploads"
    uploads.mkdir(parents=True, exist_ok=True)
    upload = uploads / f"{uuid.uuid4().hex}{''.join(Path(source_name).suffixes)[-12:]}"
    with upload.open("wb") as out:
        for chunk in upload_chunks:
            out.write(chunk)
    with transaction.atomic():
        job = ImportJob.objects.create(
            name=name,
            source_name=source_name,
            created_by=actor if actor is not None and actor.is_authenticated else None,
            mapping={
                f.name: getattr(mapping, f.name)
                for f in fields(mapping)
                if getattr(mapping, f.name)
            },
            kind=kind,
            separator=separator,
            upload_name=upload.name,
            target_name=f"{uuid.uuid4().hex}.parquet",
            server_pid=os.getpid(),
            heartbeat_at=timezone.now(),
        )
    if getattr(settings, "PATHWAYS_IMPORT_INLINE", False):
        _run_job(job.pk, in_thread=False)
        job.refresh_from_db()
    else:
        transaction.on_commit(
            lambda: threading.Thread(target=_run_job, args=(job.pk,), daemon=True).start()
        )
    return job


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process: alive, though not ours
    return True


def _job_debris(job: ImportJob) -> list[Path]:
    files = []
    if job.upload_name:
        files.append(storage_dir() / "uploads" / job.upload_name)
    if job.target_name:
        files.append(storage_dir() / job.target_name)
        files += storage_dir().glob(f"{job.target_name}.*.tmp")
    return files


def import_jobs_recover() -> int:
    """Mark the jobs whose server process died (no heartbeat for a while, or its process
    gone) as failed with "interrupted", and remove their upload and unfinished Parquet
    files; returns how many. Called when the server starts and by the import pages."""
    stale = timezone.now() - timedelta(seconds=STALE_SECONDS)
    recovered = 0
    active = ImportJob.objects.filter(state__in=[ImportJob.State.WAITING, ImportJob.State.RUNNING])
    for job in active:
        last_seen = job.heartbeat_at or job.created_at
        gone = job.server_pid is not None and not _process_alive(job.server_pid)
        if not gone and last_seen >= stale:
            continue
        with transaction.atomic():
            marked = ImportJob.objects.filter(
                pk=job.pk, state__in=[ImportJob.State.WAITING, ImportJob.State.RUNNING]
            ).update(
                state=ImportJob.State.FAILED,
                problems=_problem_rows([[0, "file", "interrupted", ""]]),
                problem_count=1,
                finished_at=timezone.now(),
            )
        if marked:
            recovered += 1
            if job.target_name and not EventLog.objects.filter(file_name=job.target_name).exists():
                for path in _job_debris(job):
                    path.unlink(missing_ok=True)
            elif job.upload_name:
                (storage_dir() / "uploads" / job.upload_name).unlink(missing_ok=True)
    return recovered


def event_log_delete_file(log: EventLog) -> None:
    (storage_dir() / log.file_name).unlink(missing_ok=True)
