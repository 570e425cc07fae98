import subprocess
import sys

from samhandling.cli import COMMANDS, main


def test_help_lists_every_command_of_ours(capsys):
    assert main(["--help"]) == 0
    out = capsys.readouterr().out
    for name in COMMANDS:
        assert f"  {name} " in out


def test_console_script_help_runs_without_django_settings():
    result = subprocess.run(
        [sys.executable, "-m", "samhandling", "--help"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert "check-structure" in result.stdout


def test_unknown_command_fails_with_a_message(capsys):
    assert main(["no-such-command"]) != 0
    assert "no-such-command" in capsys.readouterr().err
