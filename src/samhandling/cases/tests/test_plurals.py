"""Counts read right in both written standards: «1 part», «2 parter»."""

from django.utils import translation
from django.utils.translation import ngettext

ONE = "The recommendation goes to %(count)d party."
MANY = "The recommendation goes to %(count)d parties."


def test_one_party_is_singular_and_two_are_plural_in_bokmal_and_nynorsk():
    with translation.override("nb"):
        assert ngettext(ONE, MANY, 1) % {"count": 1} == "Tilrådningen går til 1 part."
        assert ngettext(ONE, MANY, 2) % {"count": 2} == "Tilrådningen går til 2 parter."
    with translation.override("nn"):
        assert ngettext(ONE, MANY, 1) % {"count": 1} == "Tilrådinga går til 1 part."
        assert ngettext(ONE, MANY, 19) % {"count": 19} == "Tilrådinga går til 19 partar."
