"""The agreement page names cases (linked to points, recommending versions to the parties);
an exempt case's subject and the parties' decisions on it are read through
``cases.access``."""

import datetime

from samhandling.agreements import services
from samhandling.cases.models import Adoption
from samhandling.cases.services import recommendation_create
from samhandling.cases.tests.factories import make_case, make_decision, make_treatment
from samhandling.core.access import Access, ExemptionBasis

from .factories import make_agreement, make_point, make_version

SECRET = "Forhandlingsposisjon om avtalen"


def _agreement_with_exempt_cases(personas):
    case = make_case(
        subject=SECRET,
        access=Access.EXEMPT,
        exemption_basis=ExemptionBasis.OFFL_23,
        public_title="Avtaleforhandlingar",
    )
    treatment = make_treatment(case=case, committee=personas.ssu)
    parties = [personas.bergen, personas.alver]
    agreement = make_agreement(parties=parties)
    recommendation = recommendation_create(
        actor=None, decision=make_decision(treatment=treatment), text="Vedta", parties=parties
    )
    Adoption.objects.filter(recommendation=recommendation, party=personas.bergen).update(
        status=Adoption.Status.REJECTED, decided_on=datetime.date(2026, 2, 3)
    )
    version = make_version(agreement=agreement, label="2026", recommendation=recommendation)
    point = make_point(version=version, number="3.1")
    services.point_link_add(actor=None, point=point, case=case)
    return agreement


def test_an_exempt_case_and_its_adoptions_show_only_to_those_who_may_read_it(personas):
    agreement = _agreement_with_exempt_cases(personas)
    rejected = str(Adoption.Status.REJECTED.label)
    # The case goes to SSU: its observer and the secretariat read it; the public and a
    # member of another committee see its number and public title, not the parties' votes.
    for name, sees in [
        ("public", False),
        ("member", False),
        ("observer", True),
        ("secretariat", True),
    ]:
        html = personas.client(name).get(agreement.get_absolute_url()).content.decode()
        assert (SECRET in html) is sees, name
        assert sees or "Avtaleforhandlingar" in html, name
        assert (rejected in html) is sees, name
