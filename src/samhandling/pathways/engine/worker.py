"""One import in a process of its own: `python -m samhandling.pathways.engine.worker`.

A runaway file (a gzip bomb, a log of millions of events) must not take the web server
down, so the server hands the reading, checking and writing of an import to this process,
which limits its own address space and CPU time before it loads anything and exits if the
server that started it goes away. It needs no database: the job arrives as one JSON
object on stdin, and the answer leaves as JSON lines on stdout — `{"progress": f, "step":
s}` while it works, then `{"events": n}` or `{"problems": [[line, field, code, column],
…], "total": n}`. Nothing it reports quotes the file: a problem names the line, the field
and the kind of fault only.
"""

import json
import os
import resource
import sys
import threading
import time
from pathlib import Path


def _limit(memory_bytes: int, cpu_seconds: int) -> None:
    if memory_bytes:
        resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    if cpu_seconds:
        resource.setrlimit(resource.RLIMIT_CPU, (cpu_seconds, cpu_seconds + 5))


def _orphan_watch(parent: int) -> None:
    """Exit once the server that started this process is gone: nobody waits for it."""
    while True:
        time.sleep(1)
        if os.getppid() != parent:
            os._exit(3)


def _say(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


def run(spec: dict) -> dict:
    """Import as `spec` says; the answer as the last line on stdout would give it."""
    from .reading import ColumnMapping, Limits, LogImportError, read_log, write_log

    def progress(fraction: float, step: str) -> None:
        _say({"progress": fraction, "step": step})

    try:
        frame = read_log(
            Path(spec["source"]),
            ColumnMapping(**spec["mapping"]) if spec.get("mapping") else None,
            kind=spec.get("kind", ""),
            separator=spec.get("separator", ""),
            municipalities=dict.fromkeys(spec["municipalities"])
            if spec.get("municipalities") is not None
            else None,
            progress=progress,
            limits=Limits(**spec.get("limits", {})),
        )
        write_log(frame, Path(spec["target"]))
    except LogImportError as error:
        return {
            "problems": [[p.line, p.field, p.code, p.column] for p in error.problems],
            "total": error.total or len(error.problems),
        }
    except MemoryError:
        return {"problems": [[0, "file", "out_of_memory", ""]], "total": 1}
    return {"events": frame.height}


def main() -> None:
    spec = json.loads(sys.stdin.read())
    _limit(int(spec.get("memory_bytes", 0)), int(spec.get("cpu_seconds", 0)))
    threading.Thread(target=_orphan_watch, args=(os.getppid(),), daemon=True).start()
    try:
        answer = run(spec)
    except MemoryError:
        answer = {"problems": [[0, "file", "out_of_memory", ""]], "total": 1}
    except Exception as error:
        # Anything else is "unreadable", told by its kind only: a message may quote the file.
        answer = {"problems": [[0, "file", "unreadable", ""]], "total": 1}
        sys.stderr.write(f"import worker: {type(error).__name__}\n")
    _say(answer)


if __name__ == "__main__":
    main()
