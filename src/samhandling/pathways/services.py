"""Workflows that write: importing an event log (now, or in a background thread)."""

import logging
import threading
import uuid
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, transaction
from django.utils import timezone
from django.utils.text import slugify

from samhandling.core.actor import Actor
from samhandling.core.audit import audit_record

from .engine import ColumnMapping, LogImportError, read_log, write_log
from .engine.reading import Progress
from .models import EventLog, ImportJob
from .selectors import municipality_reference

logger = logging.getLogger(__name__)


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
    problem raises LogImportError and leaves neither a file nor a row behind."""
    frame = read_log(
        source,
        mapping,
        kind=kind,
        separator=separator,
        municipalities=municipality_reference(),
        progress=progress,
    )
    target = storage_dir() / f"{uuid.uuid4().hex}.parquet"
    write_log(frame, target)
    try:
        with transaction.atomic():
            log = EventLog.objects.create(
                slug=_unique_slug(name),
                name=name,
                file_name=target.name,
                source_name=source_name or source.name,
                source_format=kind or source.suffix.lstrip("."),
                mapping=mapping.pairs() if mapping else {},
                events=frame.height,
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
                    "events": [None, frame.height],
                    "source": [None, log.source_name],
                    "mapping": [None, log.mapping],
                },
            )
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return log


def _run_job(
    job_id: int,
    upload: Path,
    mapping: ColumnMapping,
    kind: str,
    separator: str,
    in_thread: bool = True,
) -> None:
    if in_thread:
        close_old_connections()
    job = ImportJob.objects.get(pk=job_id)

    def progress(fraction: float, step: str) -> None:
        ImportJob.objects.filter(pk=job_id).update(progress=min(fraction, 0.99), step=step[:100])

    ImportJob.objects.filter(pk=job_id).update(state=ImportJob.State.RUNNING)
    try:
        log = event_log_import(
            source=upload,
            name=job.name,
            mapping=mapping,
            kind=kind,
            separator=separator,
            actor=job.created_by,
            source_name=job.source_name,
            progress=progress,
        )
    except LogImportError as error:
        ImportJob.objects.filter(pk=job_id).update(
            state=ImportJob.State.FAILED,
            problems=[
                {"line": p.line, "field": p.field, "code": p.code, "value": p.value[:100]}
                for p in error.problems
            ],
            problem_count=error.total or len(error.problems),
            finished_at=timezone.now(),
        )
    except Exception:
        # The message may quote a value from the file, so only the job id is logged.
        logger.exception("pathway import job %s failed", job_id)
        ImportJob.objects.filter(pk=job_id).update(
            state=ImportJob.State.FAILED,
            problems=[{"line": 0, "field": "file", "code": "unreadable", "value": ""}],
            problem_count=1,
            finished_at=timezone.now(),
        )
    else:
        ImportJob.objects.filter(pk=job_id).update(
            state=ImportJob.State.DONE, progress=1.0, log=log, finished_at=timezone.now()
        )
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
    """Save the upload aside and import it in a background thread (inline when the setting
    PATHWAYS_IMPORT_INLINE is true, as the tests do: an in-memory test database is not
    shared between threads)."""
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
        )
    if getattr(settings, "PATHWAYS_IMPORT_INLINE", False):
        _run_job(job.pk, upload, mapping, kind, separator, in_thread=False)
        job.refresh_from_db()
    else:
        transaction.on_commit(
            lambda: threading.Thread(
                target=_run_job, args=(job.pk, upload, mapping, kind, separator), daemon=True
            ).start()
        )
    return job


def event_log_delete_file(log: EventLog) -> None:
    (storage_dir() / log.file_name).unlink(missing_ok=True)
