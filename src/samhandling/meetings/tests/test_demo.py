import datetime

import pytest

from samhandling.cases.models import Treatment
from samhandling.cases.tests.factories import make_decision, make_treatment
from samhandling.meetings import demo
from samhandling.meetings.models import AgendaItem, Attendance, Meeting
from samhandling.structure.tests.factories import make_committee, make_membership, make_seat

pytestmark = pytest.mark.django_db


def test_the_demo_puts_decided_cases_on_held_meetings_and_pending_ones_on_planned_ones():
    committee = make_committee()
    make_membership(seat=make_seat(committee=committee), start=datetime.date(2019, 1, 1))
    decided = make_decision(
        treatment=make_treatment(committee=committee), decided_on=datetime.date(2022, 3, 15)
    ).treatment
    pending = make_treatment(committee=committee)

    demo.load()
    demo.load()

    held = decided.agenda_item.meeting
    assert held.starts_at.date() == datetime.date(2022, 3, 15)
    assert held.state == Meeting.State.MINUTES_APPROVED
    assert f"PS {decided.agenda_item.number}" in held.minutes
    assert Attendance.objects.filter(meeting=held).count() == 1
    upcoming = AgendaItem.objects.get(treatment=pending).meeting
    assert upcoming.state == Meeting.State.NOTICE_SENT
    assert upcoming.starts_at > held.starts_at
    assert Treatment.objects.count() == 2
    # the past meeting on the decision date and two ahead
    assert committee.meetings.count() == 3
    assert AgendaItem.objects.count() == 2


def test_an_area_committee_meets_in_its_own_area_and_the_others_at_the_hospital():
    from samhandling.structure.tests.factories import make_area

    voss = make_committee(name="Områdeutval Voss", area=make_area(name="Voss", slug="voss"))
    nordhordland = make_committee(
        name="Områdeutval Nordhordland",
        area=make_area(name="Nordhordland", slug="nordhordland"),
    )
    ssu = make_committee(name="Strategisk samarbeidsutval")

    demo.load()

    assert {m.place for m in voss.meetings.all()} == {"Voss sjukehus, kantinebygget"}
    assert {m.place for m in nordhordland.meetings.all()} == {"Knarvik, Alver rådhus"}
    assert {m.place for m in ssu.meetings.all()} == {
        "Haukeland universitetssjukehus, Sentralblokka, møterom 1"
    }


def test_a_yearly_level_meets_once_a_year_and_a_former_committee_gets_no_new_meetings():
    from samhandling.structure.tests.factories import make_level

    yearly = make_committee(level=make_level(meetings_per_year=1))
    former = make_committee(valid_to=datetime.date(2022, 7, 31))
    demo.load()
    days = sorted(m.starts_at.date() for m in yearly.meetings.all())
    assert len(days) == 2 and (days[1] - days[0]).days == 364
    assert not former.meetings.exists()
