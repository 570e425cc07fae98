from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samhandling.structure.importers import PopulationImportError, population_import


class Command(BaseCommand):
    help = (
        "Import population figures from Statistics Norway's JSON-stat2 (table 07459) or a CSV "
        "(municipality_number, population, date or year). A bad file changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="a .json (JSON-stat2) or .csv file")
        parser.add_argument("--year", type=int, help="the year to take (default: the latest)")
        parser.add_argument(
            "--dry-run", action="store_true", help="check the file and report, write nothing"
        )

    def handle(self, *args, file: Path, year: int | None, dry_run: bool, **options) -> None:
        translation.activate("nb")
        try:
            result = population_import(actor=None, path=file, year=year, dry_run=dry_run)
        except PopulationImportError as error:
            raise CommandError(
                _("Nothing was imported:") + "\n" + "\n".join(error.errors)
            ) from None
        for organisation, old, new in result.updated:
            self.stdout.write(f"  {organisation.name}: {old if old is not None else '–'} → {new}")
        summary = _(
            "%(updated)d municipalities updated, %(unchanged)d unchanged (source: %(source)s)."
        ) % {
            "updated": len(result.updated),
            "unchanged": len(result.unchanged),
            "source": result.source,
        }
        self.stdout.write(summary)
        if result.skipped:
            self.stdout.write(
                ngettext(
                    "%(count)d region code skipped (not a municipality of the dataset): %(codes)s",
                    "%(count)d region codes skipped (not municipalities of the dataset): %(codes)s",
                    len(result.skipped),
                )
                % {
                    "count": len(result.skipped),
                    "codes": ", ".join(f"{code} {label}".strip() for code, label in result.skipped),
                }
            )
        if result.not_in_file:
            self.stdout.write(
                ngettext(
                    "%(count)d municipality not in the file, left as it was: %(names)s",
                    "%(count)d municipalities not in the file, left as they were: %(names)s",
                    len(result.not_in_file),
                )
                % {
                    "count": len(result.not_in_file),
                    "names": ", ".join(o.name for o in result.not_in_file),
                }
            )
        if dry_run:
            self.stdout.write(_("Dry run: nothing was written."))
