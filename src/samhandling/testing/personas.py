"""The personas every app's tests use, each with what it may see (issue 7).

The rules they test live in ``cases.access`` and ``meetings.access``:

- the public never reads a protected case (exempt, or on an agenda as a closed item);
- a member, deputy or observer of a committee (a current membership) reads the protected
  cases on that committee's table, exempt sections and attachments included, and nothing
  else that is protected;
- the case officer reads the cases they work on;
- the secretariat reads everything.

Build them with ``make_personas()`` (the pytest fixture ``personas``); single logins without
the committees around them come from ``make_secretariat_user`` and the like, for tests that
need only one.
"""

import datetime
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.test import Client

from samhandling.accounts.services import ANALYST_GROUP, SECRETARIAT_GROUP, role_group
from samhandling.structure.models import Committee, Membership, Organisation, Person
from samhandling.structure.tests.factories import (
    make_committee,
    make_membership,
    make_municipality,
    make_organisation,
    make_person,
    make_seat,
)

PASSWORD = "persona-passord-1"
SINCE = datetime.date(2020, 1, 1)


def _user(username: str, *, person: Person | None = None, group: str = "", **fields):
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, person=person, **fields
    )
    if group:
        user.groups.add(role_group(group))
    return user


def make_secretariat_user(username: str = "siri", **fields):
    """The secretariat: reads and writes everything."""
    return _user(username, group=SECRETARIAT_GROUP, first_name="Siri", **fields)


def make_analyst_user(username: str = "analytikar", **fields):
    """The analyst: works with pathway analyses; of the case register and meetings reads
    exactly what the public reads."""
    return _user(username, group=ANALYST_GROUP, **fields)


def make_reader_user(username: str = "lesar", **fields):
    """Logged in, tied to no person and in no role: reads what the public reads."""
    return _user(username, **fields)


def make_person_user(username: str, person: Person, **fields):
    """A login for a person of the structure; what it reads follows from the person's
    memberships and the cases they work on."""
    return _user(username, person=person, **fields)


@dataclass
class Personas:
    """One world for permission tests: two committees (OU Bergen, SSU), the parties Bergen,
    Alver and Helse Bergen, and a login for each persona."""

    bergen: Organisation
    alver: Organisation
    helse_bergen: Organisation
    ou_bergen: Committee
    ssu: Committee
    partnership: Committee

    # The public: no login. Reads open cases, papers, attachments, agendas and approved
    # minutes; sees a protected case only as its number, date, legal basis and public title.
    public: None
    # A member of OU Bergen (on behalf of Bergen): reads the protected cases on OU Bergen's
    # table, their exempt sections and attachments; nothing else protected.
    member: object
    # An observer of SSU (may speak and propose, does not decide): reads the protected cases
    # on SSU's table; nothing else protected.
    observer: object
    # A case officer in Helse Bergen: reads the cases they are case officer of, exempt or
    # not; nothing else protected.
    case_officer: object
    # A party administrator of Alver: a person whose membership (in the partnership meeting)
    # is on behalf of Alver; reads the protected cases on the partnership meeting's table.
    party_admin: object
    # The secretariat: reads and writes everything.
    secretariat: object
    # The analyst: reads what the public reads.
    analyst: object

    def all(self) -> dict[str, object]:
        """Every persona by name (``public`` is None: no login)."""
        return {
            "public": self.public,
            "member": self.member,
            "observer": self.observer,
            "case_officer": self.case_officer,
            "party_admin": self.party_admin,
            "secretariat": self.secretariat,
            "analyst": self.analyst,
        }

    def client(self, name: str) -> Client:
        client = Client()
        user = self.all()[name]
        if user is not None:
            client.force_login(user)
        return client


def make_personas() -> Personas:
    bergen = make_municipality(name="Bergen kommune", slug="bergen")
    alver = make_municipality(name="Alver kommune", slug="alver")
    helse_bergen = make_organisation(name="Helse Bergen HF", slug="helse-bergen")
    ou_bergen = make_committee(name="Områdeutval Bergen", short_name="OU Bergen", slug="ou-bergen")
    ssu = make_committee(
        name="Strategisk samarbeidsutval", short_name="SSU", slug="ssu", level=ou_bergen.level
    )
    partnership = make_committee(
        name="Partnarskapsmøtet", short_name="PM", slug="partnarskapsmotet", level=ssu.level
    )

    member_person = make_person(given_name="Mona", family_name="Medlem", slug="mona-medlem")
    make_membership(
        person=member_person,
        seat=make_seat(committee=ou_bergen, organisation=bergen),
        on_behalf_of=bergen,
        start=SINCE,
    )
    observer_person = make_person(given_name="Olav", family_name="Observatør", slug="olav-obs")
    make_membership(
        person=observer_person,
        seat=make_seat(committee=ssu, may_decide=False),
        on_behalf_of=make_organisation(
            name="KS Vest", slug="ks-vest", kind=Organisation.Kind.KS, is_party=False
        ),
        role=Membership.Role.OBSERVER,
        start=SINCE,
    )
    officer_person = make_person(
        given_name="Simon", family_name="Saksen", slug="simon-saksen", organisation=helse_bergen
    )
    admin_person = make_person(given_name="Anne", family_name="Alver", slug="anne-alver")
    make_membership(
        person=admin_person,
        seat=make_seat(committee=partnership, organisation=alver),
        on_behalf_of=alver,
        start=SINCE,
    )
    return Personas(
        bergen=bergen,
        alver=alver,
        helse_bergen=helse_bergen,
        ou_bergen=ou_bergen,
        ssu=ssu,
        partnership=partnership,
        public=None,
        member=make_person_user("mona", member_person),
        observer=make_person_user("olav", observer_person),
        case_officer=make_person_user("simon", officer_person),
        party_admin=make_person_user("anne", admin_person),
        secretariat=make_secretariat_user(),
        analyst=make_analyst_user(),
    )
