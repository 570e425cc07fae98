import argparse
import datetime

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import translation
from django.utils.translation import gettext as _

from samhandling.structure.checker import check_structure
from samhandling.structure.models import Committee
from samhandling.structure.rules import RuleFileError


def _date(value: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("“%(value)s” is not a date (YYYY-MM-DD)") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = (
        "List every violation of the committees' composition rules, one per line, then the "
        "advisory warnings marked as such; exit 1 when there is any violation (warnings "
        "alone exit 0)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--date", type=_date, help="check the membership on this day (YYYY-MM-DD)"
        )
        parser.add_argument("--committee", metavar="SLUG", help="check only this committee")

    def handle(self, *args, date: datetime.date | None, committee: str | None, **options) -> None:
        # The secretariat reads this output: Norwegian, like the pages' default.
        translation.activate("nb")
        if committee is not None and not Committee.objects.filter(slug=committee).exists():
            raise CommandError(_("No committee has the slug “%(slug)s”.") % {"slug": committee})
        try:
            findings = check_structure(on=date, committee=committee, include_warnings=True)
        except RuleFileError as error:
            raise CommandError(str(error)) from None
        violations = [f for f in findings if not f.is_warning]
        warnings = [f for f in findings if f.is_warning]
        for violation in violations:
            self.stdout.write(str(violation))
        for warning in warnings:
            self.stdout.write(_("WARNING (advisory): %(finding)s") % {"finding": warning})
        if violations:
            raise SystemExit(1)
        self.stdout.write(_("No violations: every committee follows its rules."))
