import subprocess
import sys


def test_importing_the_engine_does_not_import_django():
    code = (
        "import sys; import samhandling.pathways.engine as e; "
        "import samhandling.pathways.engine.generate, samhandling.pathways.engine.graph; "
        "print('django' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_no_engine_module_imports_django_or_the_app():
    import re
    from pathlib import Path

    engine = Path(__file__).parents[1] / "engine"
    pattern = re.compile(r"^\s*(from|import)\s+(django|samhandling\.(?!pathways\.engine))", re.M)
    for path in engine.glob("*.py"):
        assert not pattern.search(path.read_text(encoding="utf-8")), path.name
