"""Every arrow between apps points down (docs/architecture.md): an app imports only apps
below it in ``LAYERS``, and its templates link only to its own pages and those below."""

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# Bottom to top. An app may depend on the apps before it, never on one after it.
LAYERS = [
    "core",
    "structure",
    "accounts",
    "cases",
    "meetings",
    "search",
    "projects",
    "agreements",
    "pathways",
    "archive",
    "api",
]

# Composition roots put the whole site together and may name every app: the demo command
# loads each app's demo in order, and the site's menu and home page link to every app.
COMPOSITION_ROOTS = {
    Path("core/management/commands/demo.py"),
    Path("core/templates/base.html"),
    Path("core/templates/core/_nav_more.html"),
    Path("core/templates/core/home.html"),
}


def _apps() -> list[str]:
    return [p.name for p in ROOT.iterdir() if (p / "apps.py").exists()]


def _modules(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        relative = path.relative_to(ROOT)
        if "tests" in relative.parts or "migrations" in relative.parts:
            continue
        if relative in COMPOSITION_ROOTS:
            continue
        yield relative, path


def _imported_apps(path: Path) -> set[tuple[str, int]]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            parts = name.split(".")
            if parts[0] == "samhandling" and len(parts) > 1:
                found.add((parts[1], node.lineno))
    return found


def test_every_app_has_its_place_in_the_layers():
    assert set(_apps()) <= set(LAYERS), set(_apps()) - set(LAYERS)


@pytest.mark.parametrize("app", sorted(set(LAYERS) & {p.name for p in ROOT.iterdir()}))
def test_an_app_imports_only_apps_below_it(app):
    allowed = set(LAYERS[: LAYERS.index(app)]) | {app}
    upward = [
        f"{relative}:{line} imports samhandling.{other}"
        for relative, path in _modules(app)
        for other, line in sorted(_imported_apps(path))
        if other in LAYERS and other not in allowed
    ]
    assert not upward, "\n".join(upward)


_URL_TAG = re.compile(r"\{%\s*url\s+['\"](\w+):")


@pytest.mark.parametrize("app", sorted(set(LAYERS) & {p.name for p in ROOT.iterdir()}))
def test_an_apps_templates_link_only_to_apps_below_it(app):
    allowed = set(LAYERS[: LAYERS.index(app)]) | {app}
    upward = []
    for path in sorted((ROOT / app).rglob("*.html")):
        relative = path.relative_to(ROOT)
        if relative in COMPOSITION_ROOTS:
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            for namespace in _URL_TAG.findall(line):
                if namespace in LAYERS and namespace not in allowed:
                    upward.append(f"{relative}:{number} links to {namespace}")
    assert not upward, "\n".join(upward)


def test_the_check_finds_an_upward_import(tmp_path):
    module = tmp_path / "m.py"
    module.write_text(
        "from samhandling.search import services\nimport samhandling.meetings.models\n"
    )
    assert {app for app, _line in _imported_apps(module)} == {"search", "meetings"}
