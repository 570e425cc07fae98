"""The allocation rules, tested without a database: every property the issue asks for, over
whatever totals, parties and populations hypothesis can think of."""

import subprocess
import sys
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from samhandling.agreements.allocation import (
    MUNICIPALITIES,
    AllocationError,
    Party,
    Rule,
    exact_amounts,
    largest_remainder,
    percent,
    rule_shares,
)

totals = st.integers(min_value=0, max_value=10**10)
populations = st.dictionaries(
    st.text(alphabet="abcdefghij", min_size=1, max_size=6),
    st.integers(min_value=1, max_value=10**6),
    min_size=1,
    max_size=30,
)


@st.composite
def shares(draw):
    """Exact shares adding up to 1, from random non-negative weights (some zero)."""
    weights = draw(
        st.dictionaries(
            st.integers(min_value=0, max_value=500),
            st.integers(min_value=0, max_value=10**6),
            min_size=1,
            max_size=40,
        )
    )
    if sum(weights.values()) == 0:
        first = next(iter(weights))
        weights[first] = 1
    whole = sum(weights.values())
    return {key: Fraction(weight, whole) for key, weight in weights.items()}


@settings(deadline=None)  # the machine is shared: time is not a property
@given(totals, shares())
def test_the_amounts_add_up_to_the_total_exactly(total, shares):
    assert sum(largest_remainder(total, shares).values()) == total


@settings(deadline=None)  # the machine is shared: time is not a property
@given(totals, shares())
def test_no_amount_is_negative(total, shares):
    assert all(amount >= 0 for amount in largest_remainder(total, shares).values())


@settings(deadline=None)  # the machine is shared: time is not a property
@given(totals, shares())
def test_each_amount_is_within_one_krone_of_its_exact_proportion(total, shares):
    amounts = largest_remainder(total, shares)
    exact = exact_amounts(total, shares)
    assert all(abs(amounts[key] - exact[key]) < 1 for key in shares)


@settings(deadline=None)  # the machine is shared: time is not a property
@given(totals, shares(), st.randoms(use_true_random=False))
def test_the_amounts_do_not_depend_on_the_order_of_the_parties(total, shares, random):
    items = list(shares.items())
    random.shuffle(items)
    assert largest_remainder(total, dict(items)) == largest_remainder(total, shares)


@settings(deadline=None)  # the machine is shared: time is not a property
@given(totals, populations, st.randoms(use_true_random=False))
def test_the_seed_003_key_gives_bergen_half_and_adds_up_whatever_the_order(
    total, populations, random
):
    parties = [Party("bergen", "4601", 291940)] + [
        Party(name, f"9{n:03d}", population)
        for n, (name, population) in enumerate(populations.items())
    ]
    rule = Rule.from_data({"kind": "fixed_then_population", "fixed": {"4601": "50"}})
    exact = rule_shares(rule, parties)
    assert exact["bergen"] == Fraction(1, 2)
    assert sum(exact.values()) == 1
    amounts = largest_remainder(total, exact)
    random.shuffle(parties)
    assert largest_remainder(total, rule_shares(rule, parties)) == amounts
    assert sum(amounts.values()) == total
    assert abs(amounts["bergen"] - Fraction(total, 2)) < 1


def test_the_rest_after_bergen_follows_population():
    rule = Rule.from_data({"kind": "fixed_then_population", "fixed": {"4601": "50"}})
    parties = [Party("B", "4601", 290000), Party("x", "4631", 30000), Party("y", "4633", 10000)]
    exact = rule_shares(rule, parties)
    assert exact == {"B": Fraction(1, 2), "x": Fraction(3, 8), "y": Fraction(1, 8)}
    assert largest_remainder(100_001, exact) == {"B": 50_001, "x": 37_500, "y": 12_500}


def test_a_two_step_key_has_no_step_1_ratio_until_one_is_entered():
    rule = Rule.from_data({"kind": "two_step", "fixed": {"4601": "50"}})
    parties = [Party("B", "4601", 2), Party("x", "4631", 1), Party("hospital")]
    with pytest.raises(AllocationError) as error:
        rule_shares(rule, parties)
    assert error.value.code == "step1_not_entered"
    exact = rule_shares(rule, parties, {MUNICIPALITIES: percent("60"), "hospital": percent("40")})
    assert exact == {"hospital": Fraction(2, 5), "B": Fraction(3, 10), "x": Fraction(3, 10)}


def test_entered_shares_must_add_up_to_a_hundred_percent():
    rule = Rule.from_data({"kind": "fixed"})
    with pytest.raises(AllocationError) as error:
        rule_shares(rule, [Party("a"), Party("b")], {"a": percent("60"), "b": percent("30")})
    assert error.value.code == "shares_not_whole"


def test_a_population_key_refuses_a_municipality_without_population():
    rule = Rule.from_data({"kind": "population"})
    with pytest.raises(AllocationError) as error:
        rule_shares(rule, [Party("a", "4601", 100), Party("b", "4602", None)])
    assert error.value.code == "population_missing"


def test_equal_shares_split_a_krone_by_name_not_by_order():
    rule = Rule.from_data({"kind": "equal"})
    exact = rule_shares(rule, [Party("c"), Party("a"), Party("b")])
    assert largest_remainder(100, exact) == {"a": 34, "b": 33, "c": 33}


def test_percentages_are_read_exactly_with_comma_or_point():
    assert percent("12,5") == Fraction(1, 8)
    assert percent("33.3") == Fraction(333, 1000)
    with pytest.raises(AllocationError):
        percent("101")
    with pytest.raises(AllocationError):
        percent("halvparten")


def test_an_unknown_rule_kind_is_refused():
    with pytest.raises(AllocationError) as error:
        Rule.from_data({"kind": "by_mood"})
    assert error.value.code == "unknown_kind"


def test_the_allocation_module_does_not_import_django():
    code = "import sys, samhandling.agreements.allocation; print('django' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"
