from importlib import import_module

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import transaction

# Each bounded context loads its own part of the demo, in this order (later ones build on
# earlier ones). Each module has `load()`, which is idempotent.
DEMO_LOADERS = [
    "samhandling.structure.demo",
    "samhandling.cases.demo",
    "samhandling.meetings.demo",
    "samhandling.projects.demo",
    "samhandling.agreements.demo",
    "samhandling.pathways.demo",
]


class Command(BaseCommand):
    help = "Migrate the database, load the Helse Bergen dataset and serve the app."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--no-serve", action="store_true", help="prepare the database and exit")
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, no_serve: bool, port: int, **options) -> None:
        settings.DATA_DIR.mkdir(parents=True, exist_ok=True)
        call_command("migrate", interactive=False, verbosity=0)
        for module_name in DEMO_LOADERS:
            module = import_module(module_name)
            with transaction.atomic():
                module.load()
            self.stdout.write(f"  {module_name.rsplit('.', 2)[-2]}: ok")
        from samhandling.accounts import demo as accounts_demo

        logins = accounts_demo.load()
        for module_name in DEMO_LOADERS:
            logins += getattr(import_module(module_name), "demo_logins", list)()
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Samhandling demo: http://127.0.0.1:{port}/"))
        self.stdout.write(f"Data folder: {settings.DATA_DIR}")
        if settings.EMAIL_BACKEND.endswith("filebased.EmailBackend"):
            self.stdout.write(f"E-mail (notices) is written to: {settings.EMAIL_FILE_PATH}")
        self.stdout.write("Demo logins (fictional people):")
        for username, password, full_name in logins:
            self.stdout.write(f"  {username} / {password}  ({full_name})")
        if not no_serve:
            call_command("serve", port=port)
