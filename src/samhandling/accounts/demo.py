"""Demo logins, one per persona. The people are fictional; the passwords are printed by
`samhandling demo` and listed in the README.

Each login that stands for a person of the structure is tied to a demo person whose role
comes from data: a current membership (member of OU Bergen, observer of SSU) or a role
grant (case officer in Helse Bergen, party administrator of Alver). Only the back-office
administrator (a superuser) and the secretariat are staff; the analyst is not."""

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Q

from samhandling.structure.models import Membership, Organisation, Person

from .models import RoleGrant
from .services import ANALYST_GROUP, SECRETARIAT_GROUP, role_grant_create, role_group

DEMO_PASSWORD = "samhandling-demo"


def _member_of_ou_bergen() -> Person | None:
    membership = (
        Membership.objects.current()
        .filter(seat__committee__slug="ou-bergen", seat__may_decide=True, role="member")
        .order_by("seat__order", "start", "id")
        .select_related("person")
        .first()
    )
    return membership.person if membership else None


def _observer_of_ssu() -> Person | None:
    observers = (
        Membership.objects.current()
        .filter(seat__committee__slug="ssu")
        .filter(Q(seat__may_decide=False) | Q(role=Membership.Role.OBSERVER))
        .order_by("seat__order", "start", "id")
        .select_related("person")
    )
    # The GP observer is the clearest case of a seat that proposes but never votes.
    membership = observers.filter(seat__rule_key__contains="fastlege").first() or observers.first()
    return membership.person if membership else None


def _person(slug: str, given: str, family: str, title: str, organisation_slug: str) -> Person:
    person, _created = Person.objects.get_or_create(
        slug=slug,
        defaults={
            "given_name": given,
            "family_name": family,
            "title": title,
            "organisation": Organisation.objects.filter(slug=organisation_slug).first(),
        },
    )
    return person


def _case_officer_in_helse_bergen() -> Person:
    # The case officer who wrote seed 004's paper (see cases.demo).
    return _person("torunn-havrevoll", "Torunn", "Havrevoll", "Rådgivar", "helse-bergen")


def _party_administrator_of_alver() -> Person:
    return _person(
        "kari-lurendal", "Kari", "Lurendal", "Rådgivar i kommunedirektøren sin stab", "alver"
    )


# username, full name (when there is no person), group, role grant (role, organisation),
# person finder, superuser, what the login may do (printed by `samhandling demo`)
DEMO_LOGINS = [
    (
        "sekretariat",
        "Siri Sekretær",
        SECRETARIAT_GROUP,
        None,
        None,
        False,
        "the secretariat: writes cases, builds agendas, keeps the structure",
    ),
    (
        "analytikar",
        "Arne Analytikar",
        ANALYST_GROUP,
        None,
        None,
        False,
        "analyst: imports and analyses pathway logs",
    ),
    (
        "medlem-ou-bergen",
        "",
        None,
        None,
        _member_of_ou_bergen,
        False,
        "member of Områdeutval Bergen: reads its agenda, puts forward proposals",
    ),
    (
        "observator-ssu",
        "",
        None,
        None,
        _observer_of_ssu,
        False,
        "observer in SSU: puts forward proposals, never decides",
    ),
    (
        "saksbehandlar-helse-bergen",
        "",
        None,
        (RoleGrant.Role.CASE_OFFICER, "helse-bergen"),
        _case_officer_in_helse_bergen,
        False,
        "case officer in Helse Bergen: drafts case papers, edits their own",
    ),
    (
        "partsadmin-alver",
        "",
        None,
        (RoleGrant.Role.PARTY_ADMINISTRATOR, "alver"),
        _party_administrator_of_alver,
        False,
        "party administrator of Alver: registers Alver's adoptions and signatures",
    ),
    (
        "admin",
        "Ada Administrator",
        SECRETARIAT_GROUP,
        None,
        None,
        True,
        "back-office administrator (Django admin at /admin/)",
    ),
]
ADMIN_PASSWORD = "samhandling-admin"


def load() -> list[tuple[str, str, str]]:
    """Create the demo logins (again: idempotent), and return (username, password, who)."""
    user_model = get_user_model()
    logins = []
    for username, name, group_name, grant, find_person, superuser, duty in DEMO_LOGINS:
        person = find_person() if find_person else None
        full_name = person.full_name if person else name
        first, _, last = full_name.partition(" ")
        password = ADMIN_PASSWORD if superuser else DEMO_PASSWORD
        user, created = user_model.objects.get_or_create(
            username=username, defaults={"first_name": first, "last_name": last}
        )
        if created:
            user.set_password(password)
        user.is_superuser = superuser
        # Only the administrator and the secretariat may enter the back office.
        user.is_staff = superuser or group_name == SECRETARIAT_GROUP
        if person is not None and user.person_id is None:
            already = user_model.objects.filter(person=person).exclude(pk=user.pk).exists()
            if not already:
                user.person = person
        user.save()
        if group_name:
            user.groups.add(role_group(group_name))
        if grant is not None:
            role, organisation_slug = grant
            organisation = Organisation.objects.filter(slug=organisation_slug).first()
            if organisation and not user.role_grants.filter(role=role).exists():
                role_grant_create(
                    actor=None,
                    user=user,
                    role=role,
                    organisation=organisation,
                    valid_from=datetime.date(2021, 1, 1),
                )
        logins.append((username, password, f"{full_name}, {duty}"))
    return logins
