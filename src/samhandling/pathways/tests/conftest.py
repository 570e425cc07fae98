import pytest
from django.contrib.auth import get_user_model

from samhandling.accounts.services import ANALYST_GROUP, role_group


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path / "var"
    settings.PATHWAYS_IMPORT_INLINE = True
    return settings.DATA_DIR


@pytest.fixture
def analyst(db):
    user = get_user_model().objects.create_user("analytikar", password="hemmeleg-passord")
    user.groups.add(role_group(ANALYST_GROUP))
    return user


@pytest.fixture
def outsider(db):
    return get_user_model().objects.create_user("utanforståande", password="hemmeleg-passord")
