"""The agreement register's and the budgets' workflows: rules, audit entries, bad input."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from samhandling.agreements import services
from samhandling.agreements.models import CostKey, Point, PointLink, Version
from samhandling.cases.tests.factories import make_case
from samhandling.core.models import AuditEntry
from samhandling.structure.tests.factories import make_municipality, make_organisation

from .factories import make_agreement, make_budget, make_key, make_point, make_project, make_version

pytestmark = pytest.mark.django_db


def test_the_key_files_load_and_loading_again_changes_nothing():
    keys = services.cost_keys_load(actor=None)
    assert {k.slug for k in keys} >= {"lkt-kommunar-og-sjukehus", "kommunal-50-bergen-folketal"}
    seed = CostKey.objects.get(slug="lkt-kommunar-og-sjukehus")
    assert seed.rule == {"kind": "two_step", "fixed": {"4601": "50"}}
    count = AuditEntry.objects.count()
    services.cost_keys_load(actor=None)
    assert AuditEntry.objects.count() == count
    assert CostKey.objects.count() == len(keys)


def test_a_bad_key_file_writes_nothing(tmp_path):
    (tmp_path / "a.toml").write_text('slug = "a"\nname = "A"\nkind = "equal"\n', encoding="utf-8")
    (tmp_path / "b.toml").write_text('slug = "b"\nname = "B"\nkind = "by_mood"\n', encoding="utf-8")
    with pytest.raises(ValidationError) as error:
        services.cost_keys_load(actor=None, directory=tmp_path)
    assert "b.toml" in str(error.value) and "Ukjent type nøkkel" in str(error.value)
    assert not CostKey.objects.exists()


def test_a_key_used_by_a_budget_keeps_its_rule_until_its_version_is_raised(tmp_path):
    key = make_key(slug="k", version=1, rule={"kind": "equal"})
    make_budget(key=key)
    (tmp_path / "k.toml").write_text(
        'slug = "k"\nversion = 1\nname = "K"\nkind = "population"\n', encoding="utf-8"
    )
    with pytest.raises(ValidationError):
        services.cost_keys_load(actor=None, directory=tmp_path)
    key.refresh_from_db()
    assert key.rule == {"kind": "equal"}
    (tmp_path / "k.toml").write_text(
        'slug = "k"\nversion = 2\nname = "K"\nkind = "population"\n', encoding="utf-8"
    )
    services.cost_keys_load(actor=None, directory=tmp_path)
    assert CostKey.objects.get(slug="k", version=2).rule == {"kind": "population"}


def test_putting_a_version_in_force_replaces_the_one_before_and_is_audited():
    agreement = make_agreement()
    old = services.version_save(
        actor=None,
        agreement=agreement,
        label="2022",
        status=Version.Status.IN_FORCE,
        in_force_from=datetime.date(2022, 8, 1),
    )
    new = services.version_save(
        actor=None,
        agreement=agreement,
        label="2026",
        status=Version.Status.IN_FORCE,
        in_force_from=datetime.date(2026, 1, 1),
    )
    old.refresh_from_db()
    assert old.status == Version.Status.REPLACED
    assert old.replaced_by == new
    assert AuditEntry.objects.filter(action="agreement_version.replace").count() == 1


def test_a_version_in_force_needs_its_date():
    with pytest.raises(ValidationError) as error:
        services.version_save(
            actor=None, agreement=make_agreement(), label="x", status=Version.Status.IN_FORCE
        )
    assert "in_force_from" in error.value.message_dict


def test_a_version_takes_the_case_of_its_recommendation():
    from samhandling.cases.services import recommendation_create
    from samhandling.cases.tests.factories import make_decision

    decision = make_decision()
    recommendation = recommendation_create(
        actor=None, decision=decision, text="Signer", parties=[make_municipality()]
    )
    version = services.version_save(
        actor=None,
        agreement=make_agreement(),
        label="1",
        status=Version.Status.IN_TREATMENT,
        recommendation=recommendation,
    )
    assert version.case == decision.treatment.case
    with pytest.raises(ValidationError):
        services.version_save(
            actor=None,
            agreement=make_agreement(),
            label="1",
            status=Version.Status.IN_TREATMENT,
            recommendation=recommendation,
            case=make_case(),
        )


def test_points_sort_by_their_numbers_and_a_number_is_used_once_per_version():
    version = make_version()
    for number in ("1.10", "1.2", "2", "1", "1.9"):
        services.point_save(actor=None, version=version, number=number, text="Tekst")
    assert [p.number for p in version.points.all()] == ["1", "1.2", "1.9", "1.10", "2"]
    with pytest.raises(ValidationError) as error:
        services.point_save(actor=None, version=version, number="pkt. 1.2", text="Igjen")
    assert "allerede et punkt 1.2" in error.value.message_dict["number"][0]


def test_copying_points_starts_a_revision_from_the_earlier_text():
    first = make_version()
    make_point(version=first, number="1.2", text="Gammal tekst")
    second = make_version(agreement=first.agreement, status=Version.Status.DRAFT)
    assert services.version_copy_points(actor=None, source=first, target=second) == 1
    assert second.points.get().text == "Gammal tekst"


def test_a_point_links_to_a_case_or_a_project_but_not_both_and_not_twice():
    point = make_point()
    case = make_case()
    services.point_link_add(actor=None, point=point, case=case)
    with pytest.raises(ValidationError):
        services.point_link_add(actor=None, point=point, case=case)
    with pytest.raises(ValidationError):
        services.point_link_add(actor=None, point=point, case=case, project=make_project())
    services.point_link_add(actor=None, point=point, project=make_project())
    assert PointLink.objects.filter(point=point).count() == 2
    assert AuditEntry.objects.filter(action="agreement_point.link").count() == 2


def test_an_agreement_is_due_for_review_a_year_after_its_last_review():
    agreement = make_agreement(review_interval_months=12)
    assert agreement.is_due_for_review(None, datetime.date(2026, 1, 1))
    services.review_record(actor=None, agreement=agreement, reviewed_on=datetime.date(2025, 6, 12))
    assert agreement.review_due_on(datetime.date(2025, 6, 12)) == datetime.date(2026, 6, 12)
    assert not agreement.is_due_for_review(datetime.date(2025, 6, 12), datetime.date(2026, 6, 11))
    assert agreement.is_due_for_review(datetime.date(2025, 6, 12), datetime.date(2026, 6, 12))


def test_a_review_cannot_be_in_the_future():
    with pytest.raises(ValidationError):
        services.review_record(
            actor=None,
            agreement=make_agreement(),
            reviewed_on=datetime.date(2030, 1, 1),
            today=datetime.date(2026, 1, 1),
        )


def test_only_parties_share_a_budget():
    with pytest.raises(ValidationError) as error:
        services.budget_save(
            actor=None,
            project=make_project(),
            year=2019,
            title="B",
            key=make_key(),
            parties=[make_organisation(is_party=False, name="KS")],
        )
    assert "KS" in error.value.message_dict["parties"][0]


def test_entered_shares_must_add_up_to_a_hundred_percent_and_nothing_is_kept_otherwise():
    hospital = make_organisation()
    budget = make_budget(key=make_key(rule={"kind": "two_step", "fixed": {}}), parties=[hospital])
    with pytest.raises(ValidationError) as error:
        services.entered_shares_set(
            actor=None, budget=budget, shares={None: Decimal("60"), hospital: Decimal("30")}
        )
    assert "90 %, ikke 100 %" in error.value.messages[0]
    assert not budget.entered_shares.exists()
    services.entered_shares_set(
        actor=None, budget=budget, shares={None: Decimal("60"), hospital: Decimal("40")}
    )
    assert budget.entered_shares.count() == 2


def test_a_funded_cost_element_says_who_funds_it():
    with pytest.raises(ValidationError) as error:
        services.cost_element_save(
            actor=None,
            budget=make_budget(),
            name="Leiing",
            kind="staff_time",
            amount=10,
            funded=True,
        )
    assert "funded_by" in error.value.message_dict


def test_point_sort_key_orders_like_numbers():
    assert Point.sort_key_for("1.10") > Point.sort_key_for("1.9")
    assert Point.sort_key_for("2") > Point.sort_key_for("1.10")
