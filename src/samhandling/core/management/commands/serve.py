from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from samhandling.core.middleware import RequestSizeLimitMiddleware


class Command(BaseCommand):
    help = "Serve an existing Samhandling database on 127.0.0.1."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
        parser.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, port: int, host: str, threads: int, **options) -> None:
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor
        from waitress import serve

        # WhiteNoise serves static files straight from the apps; it still expects the
        # collectstatic folder to exist.
        settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
        from samhandling.wsgi import application

        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError(
                _(
                    "The database at %(db)s is not migrated. Run `samhandling demo --no-serve` or `samhandling migrate` first."
                )
                % {"db": settings.DATABASES["default"]["NAME"]}
            )
        # Imports interrupted when the server last stopped: mark them, remove their files.
        call_command("pathways", "recover")
        self.stdout.write(
            _("Samhandling is running at http://%(host)s:%(port)s/ (Ctrl+C stops it)")
            % {"host": host, "port": port}
        )
        # Waitress reads a request's whole body (spooling it to disk) before the app sees it;
        # refuse at once what no URL takes (the app refuses smaller excess by URL).
        largest = max(
            [settings.DATA_UPLOAD_MAX_MEMORY_SIZE, *settings.SAMHANDLING_UPLOAD_LIMITS.values()]
        )
        serve(
            application,
            host=host,
            port=port,
            threads=threads,
            ident="samhandling",
            max_request_body_size=largest + RequestSizeLimitMiddleware.ENVELOPE_BYTES,
        )
