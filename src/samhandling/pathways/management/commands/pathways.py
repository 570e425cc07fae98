"""`samhandling pathways generate|import|analyse`: the pathway engine from the command line.

`analyse` reads any log file and writes a self-contained HTML report; it needs nothing in
the database (the municipality list falls back to the copy shipped with the engine).
"""

import sys
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import DatabaseError
from django.utils import translation

from samhandling.pathways.engine import (
    AnalysisOptions,
    ColumnMapping,
    Filters,
    LogImportError,
    analyse,
    load_municipalities,
    read_log,
)
from samhandling.pathways.engine.generate import generate, write_generated


def _progress(stream):
    started = time.monotonic()

    def report(fraction: float, step: str) -> None:
        stream.write(f"\r[{time.monotonic() - started:6.1f} s] {fraction * 100:3.0f} % {step:<40}")
        stream.flush()

    return report


def _reference():
    try:
        from samhandling.pathways.selectors import municipality_reference

        return municipality_reference()
    except (DatabaseError, RuntimeError):
        # No database, or none migrated yet (or one the test runner forbids): the copy
        # shipped with the engine serves.
        return load_municipalities()


def _mapping(options) -> ColumnMapping | None:
    if not options.get("case_id"):
        return None
    names = [
        "case_id",
        "activity",
        "timestamp",
        "organisation",
        "level",
        "age",
        "age_band",
        "municipality",
        "priority_group",
        "lkt_complexity",
        "lkt_capacity",
        "timestamp_format",
    ]
    return ColumnMapping(**{name: options.get(name) or "" for name in names})


class Command(BaseCommand):
    help = "Pathway analysis: generate synthetic logs, import logs, analyse a log into a report."

    def add_arguments(self, parser: CommandParser) -> None:
        commands = parser.add_subparsers(dest="action", required=True)
        gen = commands.add_parser("generate", help="Write a synthetic, seeded event log.")
        gen.add_argument("--patients", type=int, required=True)
        gen.add_argument(
            "--out", required=True, help="FILE.csv, .csv.gz, .parquet, .xes or .xes.gz"
        )
        gen.add_argument("--seed", type=int, default=20231)
        commands.add_parser(
            "recover",
            help="Mark imports interrupted by a crash as failed and remove their files "
            "(the server does this when it starts).",
        )

        for name, text in (
            ("import", "Import a log into the app (stored as Parquet)."),
            ("analyse", "Analyse a log file and write an HTML report."),
        ):
            sub = commands.add_parser(name, help=text)
            sub.add_argument("log", help="CSV, Parquet or XES file (optionally gzipped)")
            sub.add_argument(
                "--format", dest="kind", default="", choices=["", "csv", "parquet", "xes"]
            )
            sub.add_argument("--separator", default="")
            mapping = sub.add_argument_group("column mapping (default: the canonical names)")
            mapping.add_argument("--case-id", dest="case_id", default="")
            mapping.add_argument("--activity", default="activity")
            mapping.add_argument("--timestamp", default="timestamp")
            mapping.add_argument("--timestamp-format", dest="timestamp_format", default="")
            for column in (
                "organisation",
                "level",
                "age",
                "age-band",
                "municipality",
                "priority-group",
                "lkt-complexity",
                "lkt-capacity",
            ):
                mapping.add_argument(f"--{column}", dest=column.replace("-", "_"), default="")
            if name == "import":
                sub.add_argument("--name", required=True)
                sub.add_argument("--public", action="store_true")
            else:
                sub.add_argument("--out", required=True)
                sub.add_argument("--title", default="")
                sub.add_argument("--threshold", type=int, default=None)
                sub.add_argument(
                    "--no-dot", action="store_true", help="Lay out the graph without Graphviz."
                )
                sub.add_argument("--only-age-band", dest="f_age_band", action="append", default=[])
                sub.add_argument(
                    "--only-municipality", dest="f_municipality", action="append", default=[]
                )
                sub.add_argument("--only-area", dest="f_area", action="append", default=[])
                sub.add_argument(
                    "--only-priority-group", dest="f_priority_group", action="append", default=[]
                )
                sub.add_argument("--language", default="nb", choices=["nb", "nn", "en"])

    def handle(self, *args, **options) -> None:
        action = options["action"]
        if action == "generate":
            started = time.monotonic()
            frame = generate(options["patients"], seed=options["seed"])
            path = write_generated(frame, options["out"])
            self.stdout.write(
                f"{frame.height} events of {options['patients']} fictional persons written to {path} "
                f"in {time.monotonic() - started:.1f} s"
            )
        elif action == "recover":
            from samhandling.pathways.services import import_jobs_recover

            count = import_jobs_recover()
            if count:
                self.stdout.write(f"{count} interrupted import(s) marked as failed")
        elif action == "import":
            self._import(options)
        else:
            self._analyse(options)

    def _import(self, options) -> None:
        from samhandling.pathways.services import event_log_import

        try:
            log = event_log_import(
                source=Path(options["log"]),
                name=options["name"],
                mapping=_mapping(options),
                kind=options["kind"],
                separator=options["separator"],
                is_public=options["public"],
                progress=_progress(sys.stderr),
            )
        except LogImportError as error:
            sys.stderr.write("\n")
            raise CommandError(str(error)) from None
        sys.stderr.write("\n")
        self.stdout.write(
            f"Imported {log.events} events as “{log.name}” ({log.get_absolute_url()})"
        )

    def _analyse(self, options) -> None:
        from samhandling.pathways.report import render_report
        from samhandling.pathways.selectors import populations

        progress = _progress(sys.stderr)
        reference = _reference()
        try:
            frame = read_log(
                options["log"],
                _mapping(options),
                kind=options["kind"],
                separator=options["separator"],
                municipalities=reference,
                progress=progress,
            )
        except LogImportError as error:
            sys.stderr.write("\n")
            raise CommandError(str(error)) from None
        filters = Filters(
            age_bands=tuple(options["f_age_band"]),
            municipalities=tuple(options["f_municipality"]),
            areas=tuple(options["f_area"]),
            priority_groups=tuple(options["f_priority_group"]),
        )
        try:
            analysis_options = AnalysisOptions(
                threshold=options["threshold"], filters=filters, municipalities=reference
            )
            analysis = analyse(
                frame, analysis_options, populations=populations(reference), progress=progress
            )
        except ValueError as error:
            raise CommandError(str(error)) from None
        with translation.override(options["language"]):
            html = render_report(
                analysis,
                title=options["title"] or Path(options["log"]).name,
                source_name=Path(options["log"]).name,
                use_dot=not options["no_dot"],
            )
        Path(options["out"]).write_text(html, encoding="utf-8")
        sys.stderr.write("\n")
        self.stdout.write(f"Report written to {options['out']}")
