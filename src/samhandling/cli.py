"""The `samhandling` command: the project's own commands, and Django's behind them."""

import os
import sys

# Our commands, in the order `samhandling --help` lists them. Each is a Django management
# command whose name is the same with underscores.
COMMANDS = {
    "demo": "Migrate the database, load the Helse Bergen dataset and serve the app (--no-serve: only prepare).",
    "serve": "Serve an existing database on 127.0.0.1 (--port N; --production: gunicorn, 2 × cores + 1 workers).",
    "check-structure": "List every violation of the committees' composition rules; exit 1 when there is any.",
    "import-population": "Import population figures from Statistics Norway's JSON-stat2 (table 07459) or a CSV.",
    "generate": "Generate a large synthetic case register over the demo structure (--cases N).",
    "pathways": "Pathway analysis: `pathways generate`, `pathways import`, `pathways analyse`.",
    "migrate": "Create or update the database tables.",
    "createsuperuser": "Create a login with every permission.",
}


def usage() -> str:
    width = max(len(name) for name in COMMANDS)
    lines = [
        "usage: samhandling COMMAND [options]",
        "",
        "Samhandling – the platform of the health community in Helse Bergen's area.",
        "",
        "commands:",
    ]
    lines += [f"  {name.ljust(width)}  {text}" for name, text in COMMANDS.items()]
    lines += [
        "",
        "`samhandling COMMAND --help` describes a command's options. Every Django management",
        "command (check, shell, dbshell, …) works too.",
        "Environment: SAMHANDLING_DATA_DIR (data folder, default ./var), DATABASE_URL",
        "(PostgreSQL instead of the embedded SQLite database).",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in {"-h", "--help", "help"}:
        print(usage())
        return 0
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samhandling.settings")
    from django.core.management import execute_from_command_line

    command = args[0].replace("-", "_") if args[0] in COMMANDS else args[0]
    try:
        execute_from_command_line(["samhandling", command, *args[1:]])
    except SystemExit as exit_:
        return exit_.code if isinstance(exit_.code, int) else 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
