import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from samhandling.core.middleware import RequestSizeLimitMiddleware


class Command(BaseCommand):
    help = (
        "Serve an existing Samhandling database on 127.0.0.1: waitress in one process by "
        "default, or gunicorn with one worker process per core (--production)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
        parser.add_argument("--host", default="127.0.0.1", help="address (default 127.0.0.1)")
        parser.add_argument("--threads", type=int, default=None, help="threads per process")
        parser.add_argument(
            "--production",
            action="store_true",
            help="gunicorn with two worker processes per core and one more, so every core serves pages",
        )
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="worker processes (--production; 2 × cores + 1)",
        )

    def handle(
        self,
        *args,
        port: int,
        host: str,
        threads: int | None,
        production: bool,
        workers: int | None,
        **options,
    ) -> None:
        from django.db import connection
        from django.db.migrations.executor import MigrationExecutor

        # WhiteNoise serves static files straight from the apps; it still expects the
        # collectstatic folder to exist.
        settings.STATIC_ROOT.mkdir(parents=True, exist_ok=True)
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
        # Forked workers must not share the master's database connection.
        connection.close()
        from samhandling.wsgi import application

        self.stdout.write(
            _("Samhandling is running at http://%(host)s:%(port)s/ (Ctrl+C stops it)")
            % {"host": host, "port": port}
        )
        if production:
            if "SAMHANDLING_CONN_MAX_AGE" not in os.environ:
                # Each worker thread keeps its database connection for a minute instead of
                # connecting for every request (a PostgreSQL connection costs milliseconds).
                settings.DATABASES["default"]["CONN_MAX_AGE"] = 60
                settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
            _gunicorn(
                application,
                bind=f"{host}:{port}",
                # gunicorn's advice. A kept-alive connection stays with the worker that took
                # it: with one worker per core, a browser's few connections (or a load test's
                # 16) can all land on one worker and leave a core idle.
                workers=workers or 2 * (os.cpu_count() or 1) + 1,
                threads=threads or 4,
            )
        else:
            from waitress import serve

            # Waitress reads a request's whole body (spooling it to disk) before the app sees
            # it; refuse at once what no URL takes (the app refuses smaller excess by URL).
            # gunicorn streams the body to the app, where RequestSizeLimitMiddleware refuses it.
            largest = max(
                [settings.DATA_UPLOAD_MAX_MEMORY_SIZE, *settings.SAMHANDLING_UPLOAD_LIMITS.values()]
            )
            serve(
                application,
                host=host,
                port=port,
                threads=threads or 8,
                ident="samhandling",
                max_request_body_size=largest + RequestSizeLimitMiddleware.ENVELOPE_BYTES,
            )


def _gunicorn(application, *, bind: str, workers: int, threads: int) -> None:
    """gunicorn in this process: the application is loaded before the workers fork, each
    worker runs its own Python (so pages render on every core) with a few threads for
    keep-alive connections and requests that wait on the database."""
    from gunicorn.app.base import BaseApplication

    class Server(BaseApplication):
        def load_config(self) -> None:
            for key, value in {
                "bind": bind,
                "workers": workers,
                "worker_class": "gthread",
                "threads": threads,
                "keepalive": 5,
                "preload_app": True,
                "accesslog": None,
            }.items():
                self.cfg.set(key, value)

        def load(self):
            return application

    Server().run()
