"""The generated secret key is readable by its owner only."""

import stat

from samhandling import settings as project_settings


def test_a_new_secret_key_file_is_readable_by_its_owner_only(tmp_path, monkeypatch):
    monkeypatch.delenv("SAMHANDLING_SECRET_KEY", raising=False)
    monkeypatch.setattr(project_settings, "DATA_DIR", tmp_path / "var")
    key = project_settings._secret_key()
    key_file = tmp_path / "var" / "secret_key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert project_settings._secret_key() == key


def test_an_old_key_file_readable_by_all_is_made_private(tmp_path, monkeypatch):
    monkeypatch.delenv("SAMHANDLING_SECRET_KEY", raising=False)
    monkeypatch.setattr(project_settings, "DATA_DIR", tmp_path)
    key_file = tmp_path / "secret_key"
    key_file.write_text("gammal-nokkel")
    key_file.chmod(0o644)
    assert project_settings._secret_key() == "gammal-nokkel"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
