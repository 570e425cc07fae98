"""A number beyond what an integer column holds finds nothing instead of crashing."""

import pytest
from django import forms

from samhandling.accounts.models import User


@pytest.mark.django_db
def test_in_with_a_number_beyond_the_column_finds_nothing():
    user = User.objects.create_user("ola")
    assert list(User.objects.filter(pk__in=[10**20, user.pk])) == [user]
    assert not User.objects.filter(pk__in=[10**20, -(10**20)]).exists()


@pytest.mark.django_db
def test_a_multiple_choice_of_objects_refuses_a_huge_key_as_invalid():
    User.objects.create_user("ola")
    field = forms.ModelMultipleChoiceField(queryset=User.objects.all())
    with pytest.raises(forms.ValidationError):
        field.clean(["99999999999999999999"])
