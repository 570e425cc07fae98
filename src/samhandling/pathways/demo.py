"""This context's part of the demo dataset; `samhandling demo` calls `load()`.

A seeded synthetic log of fictional persons, small enough to keep `make demo` quick, stored
like any imported log and public, so everyone sees its published analyses.
"""

import tempfile
from pathlib import Path

from .engine.generate import generate, write_generated
from .models import EventLog
from .selectors import log_path
from .services import event_log_import

DEMO_PATIENTS = 4000
DEMO_SEED = 2024
DEMO_NAME = "Samhandlingsforløp (syntetisk demo)"


def load() -> None:
    existing = EventLog.objects.filter(is_demo=True).first()
    if existing is not None and log_path(existing).exists():
        return
    if existing is not None:
        existing.delete()
    with tempfile.TemporaryDirectory() as directory:
        source = write_generated(
            generate(DEMO_PATIENTS, seed=DEMO_SEED), Path(directory) / "demo.parquet"
        )
        event_log_import(
            source=source,
            name=DEMO_NAME,
            is_public=True,
            is_demo=True,
            source_name=f"generert: --patients {DEMO_PATIENTS} --seed {DEMO_SEED}",
        )
