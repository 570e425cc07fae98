import pytest


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "var"
    settings.PATHWAYS_IMPORT_INLINE = True
    return settings.DATA_DIR


# ``analyst`` comes from samhandling/conftest.py (the personas).


@pytest.fixture
def outsider(reader):
    """Logged in without the analyst's role."""
    return reader
