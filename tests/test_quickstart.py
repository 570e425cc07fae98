"""The README's quick start, as a new user runs it: `samhandling demo` prepares an embedded
SQLite database in the data folder, serves it on 127.0.0.1, and the structure checker finds
the demo's one intended violation."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = pytest.mark.own_sqlite

SAMHANDLING = [sys.executable, "-m", "samhandling"]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def demo_data_dir(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    data_dir = tmp_path_factory.mktemp("var")
    env = {
        k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "DJANGO_SETTINGS_MODULE"}
    }
    env["SAMHANDLING_DATA_DIR"] = str(data_dir)
    result = subprocess.run(
        [*SAMHANDLING, "demo", "--no-serve"], env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    assert "http://127.0.0.1:8000/" in result.stdout
    assert "sekretariat / samhandling-demo" in result.stdout
    assert "prosjektleiar / samhandling-demo" in result.stdout
    return data_dir, env


def test_demo_creates_the_embedded_database_in_the_data_folder(demo_data_dir):
    data_dir, _ = demo_data_dir
    assert (data_dir / "samhandling.sqlite3").is_file()


def test_demo_can_run_again_without_losing_or_duplicating_data(demo_data_dir):
    _, env = demo_data_dir
    result = subprocess.run(
        [*SAMHANDLING, "demo", "--no-serve"], env=env, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr


def test_check_structure_prints_the_one_intended_violation_and_exits_1(demo_data_dir):
    _, env = demo_data_dir
    result = subprocess.run(
        [*SAMHANDLING, "check-structure"], env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 1, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if line.strip()]
    assert len(lines) == 1, lines


def test_serve_answers_on_localhost(demo_data_dir):
    _, env = demo_data_dir
    port = _free_port()
    server = subprocess.Popen(
        [*SAMHANDLING, "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(
                    f"http://127.0.0.1:{port}/struktur/", timeout=5
                ) as answer:
                    body = answer.read().decode()
                    break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.3)
        assert answer.status == 200
        assert "Strategisk samarbeidsutval" in body or "SSU" in body
        with urllib.request.urlopen(
            f"http://127.0.0.1:{port}/static/core/site.css", timeout=5
        ) as css:
            assert css.status == 200
    finally:
        server.terminate()
        server.wait(timeout=10)
