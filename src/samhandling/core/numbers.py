"""The two kinds of number a reader meets, written so they never look alike: the agenda
number of an item in a meeting («PS 12/26»: the committee's 12th item of 2026) and the
case number in the register («Sak 58/21»). Both are «n/yy», so each always carries its
label; models and documents print them through these two functions."""

from django.utils.translation import gettext as _


def agenda_number_label(number: str) -> str:
    """«PS 12/26»: «PS» (politisk sak) is how Norwegian agendas mark an item number."""
    return _("PS %(number)s") % {"number": number} if number else ""


def case_number_label(number: str) -> str:
    """«Sak 58/21»: the register's number of the case, whatever meeting it is in."""
    return _("Case %(number)s") % {"number": number} if number else ""
