from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from samhandling.search.generator import register_generate
from samhandling.structure.models import Committee


class Command(BaseCommand):
    help = (
        "Generate a large synthetic case register over the demo structure (cases, "
        "treatments, meetings, decisions, adoptions) and rebuild the search index."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--cases", type=int, required=True, help="how many cases to add")
        parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
        parser.add_argument(
            "--first-year", type=int, default=2019, help="first year of cases (default 2019)"
        )

    def handle(self, *args, cases: int, seed: int, first_year: int, **options) -> None:
        if cases < 1:
            raise CommandError("--cases must be at least 1.")
        if not Committee.objects.exists():
            # The structure is the demo's; load it when `samhandling demo` has not run.
            from samhandling.structure import demo as structure_demo

            self.stdout.write("No committees yet: loading the demo structure …")
            with transaction.atomic():
                structure_demo.load()
        result = register_generate(
            cases=cases, seed=seed, first_year=first_year, progress=self.stdout.write
        )
        self.stdout.write(
            self.style.SUCCESS(
                f"Generated {result.cases} cases, {result.treatments} treatments, "
                f"{result.meetings} meetings, {result.agenda_items} agenda items, "
                f"{result.decisions} decisions, {result.recommendations} recommendations, "
                f"{result.adoptions} adoptions, {result.attachments} attachments; "
                f"indexed {result.indexed} cases in {result.seconds:.1f} s."
            )
        )
