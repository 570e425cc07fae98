import datetime

import pytest
from django.urls import reverse

from samhandling.cases.models import Adoption, Attachment, Case, Decision, Treatment
from samhandling.cases.services import (
    ProposalInput,
    attachment_add,
    case_create,
    decision_record,
    progress_plan_entry_save,
    recommendation_create,
    treatment_create,
)
from samhandling.cases.tests.factories import make_priority_group
from samhandling.cases.tests.test_attachments import docx_bytes, pdf_bytes
from samhandling.core.access import Access
from samhandling.structure.models import Membership
from samhandling.structure.tests.factories import (
    make_area,
    make_committee,
    make_level,
    make_membership,
    make_municipality,
    make_person,
    make_seat,
)

pytestmark = pytest.mark.django_db
DAY = datetime.date(2022, 3, 15)


@pytest.fixture
def world():
    """Four area committees, SSU above them, a decided case with a recommendation and a
    progress plan, and an exempt case with an exempt attachment."""
    ssu_level = make_level(name="Strategisk samarbeidsutval", order=2)
    area_level = make_level(name="Områdeutval", order=3)
    ssu = make_committee(name="Strategisk samarbeidsutval", short_name="SSU", level=ssu_level)
    areas = [make_area(name=n) for n in ("Bergen", "Bergensregionen", "Nordhordland", "Voss")]
    committees = [
        make_committee(name=f"Samarbeidsutval {a.name}", level=area_level, area=a, reports_to=ssu)
        for a in areas
    ]
    municipalities = [make_municipality(area=areas[2], name=n) for n in ("Alver", "Fedje")]
    observer = make_membership(
        seat=make_seat(committee=committees[2], may_decide=False),
        role=Membership.Role.OBSERVER,
        start=datetime.date(2020, 1, 1),
    ).person
    group = make_priority_group(name="Barn og unge")
    case = case_create(
        actor=None,
        subject="Etablering av helsefellesskap",
        kind=Case.Kind.DECISION,
        paper_date=datetime.date(2022, 2, 1),
        committees=committees,
        case_officer=make_person(given_name="Kari", family_name="Nordmann"),
        case_officer_unit="Seksjon for samhandling",
        introduction="Innleiing til saka.",
        proposed_resolution="Utvalet sluttar seg til prosessen.",
        priority_groups=[group],
    )
    treatments = list(case.treatments.order_by("id"))
    for t in treatments[:3]:
        decision_record(
            actor=None,
            treatment=t,
            outcome=Decision.Outcome.ADOPTED,
            text="Vedteke.",
            decided_on=DAY,
            proposals=[ProposalInput(proposer=observer, text="Eit forslag frå observatøren.")]
            if t.committee == committees[2]
            else [],
        )
    decision_record(
        actor=None,
        treatment=treatments[3],
        outcome=Decision.Outcome.DEFERRED,
        text="Utsett.",
        decided_on=DAY,
    )
    recommendation = recommendation_create(
        actor=None,
        decision=treatments[2].decision,
        text="Kommunane sluttar seg til.",
        parties=municipalities,
        requires_signature=True,
    )
    progress_plan_entry_save(
        actor=None,
        case=case,
        when="des 21",
        sort_date=datetime.date(2021, 12, 1),
        what="Møte i samarbeidsutvala",
    )
    attachment_add(actor=None, case=case, title="Prosjektrapport", data=pdf_bytes())
    attachment_add(
        actor=None,
        case=case,
        title="Personopplysningar",
        data=docx_bytes("Teiepliktig innhald"),
        access=Access.EXEMPT,
        exemption_basis="offl-13",
    )
    exempt = case_create(
        actor=None,
        subject="Hemmeleg personalsak",
        kind=Case.Kind.DECISION,
        paper_date=datetime.date(2022, 2, 2),
        committees=[ssu],
        access=Access.EXEMPT,
        exemption_basis="offl-25",
        introduction="Løyndom.",
    )
    return {
        "case": case,
        "exempt": exempt,
        "committees": committees,
        "ssu": ssu,
        "treatments": treatments,
        "recommendation": recommendation,
        "municipalities": municipalities,
        "observer": observer,
    }


def test_the_case_page_shows_the_paper_the_state_and_the_parties(client, world):
    response = client.get(world["case"].get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Etablering av helsefellesskap" in html
    assert "1/22" in html
    assert "Kari Nordmann, Seksjon for samhandling" in html
    assert "Vedtatt i 3 av 4 utvalg" in html  # bokmål is the default language
    assert "Eit forslag frå observatøren." in html
    assert "observatør" in html
    assert "Alver" in html and "Fedje" in html
    assert "Møte i samarbeidsutvala" in html


def test_visitors_see_neither_exempt_attachments_nor_secretariat_actions(client, world):
    html = client.get(world["case"].get_absolute_url()).content.decode()
    assert "Prosjektrapport" in html
    assert "Personopplysningar" not in html
    assert reverse("cases:edit", args=[2022, 1]) not in html


def test_the_secretariat_sees_exempt_attachments_and_its_actions(secretariat_client, world):
    html = secretariat_client.get(world["case"].get_absolute_url()).content.decode()
    assert "Personopplysningar" in html
    assert reverse("cases:edit", args=[2022, 1]) in html
    decision = world["treatments"][0].decision
    assert reverse("cases:decision_correct", args=[decision.pk]) in html


def test_a_visitor_sees_only_number_date_and_basis_of_an_exempt_case(client, world):
    response = client.get(world["exempt"].get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "2/22" in html and "Offl. § 25" in html
    assert "Hemmeleg personalsak" not in html
    assert "Løyndom" not in html


def test_a_logged_in_reader_outside_the_secretariat_is_treated_as_a_visitor(client, reader, world):
    client.force_login(reader)
    html = client.get(world["exempt"].get_absolute_url()).content.decode()
    assert "Hemmeleg personalsak" not in html


def test_exempt_attachments_are_404_for_visitors_and_served_to_the_secretariat(
    client, secretariat_client, world
):
    exempt = Attachment.objects.get(title="Personopplysningar")
    open_one = Attachment.objects.get(title="Prosjektrapport")
    assert client.get(reverse("cases:attachment", args=[exempt.pk])).status_code == 404
    response = client.get(reverse("cases:attachment", args=[open_one.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    secretariat_response = secretariat_client.get(reverse("cases:attachment", args=[exempt.pk]))
    assert secretariat_response.status_code == 200


def test_the_list_hides_the_subject_of_exempt_cases_from_visitors(
    client, secretariat_client, world
):
    html = client.get(reverse("cases:list")).content.decode()
    assert "Etablering av helsefellesskap" in html
    assert "2/22" in html and "Offl. § 25" in html
    assert "Hemmeleg personalsak" not in html
    assert "Hemmeleg personalsak" in secretariat_client.get(reverse("cases:list")).content.decode()


def test_filtering_by_committee_shows_visitors_open_cases_only(client, secretariat_client, world):
    url = reverse("cases:list") + f"?committee={world['ssu'].slug}"
    assert "2/22" not in client.get(url).content.decode()
    assert "2/22" in secretariat_client.get(url).content.decode()


@pytest.mark.parametrize(
    ("query", "expected", "absent"),
    [
        ("state=partly_adopted", "1/22", "2/22"),
        ("state=pending", "2/22", None),
        ("state=adopted", None, "1/22"),
        ("kind=orientation", None, "1/22"),
        ("year=2022", "1/22", None),
        ("sort=subject", "1/22", None),
    ],
)
def test_the_list_filters_by_state_type_and_year(
    secretariat_client, world, query, expected, absent
):
    html = secretariat_client.get(reverse("cases:list") + "?" + query).content.decode()
    if expected:
        assert f">{expected}<" in html
    if absent:
        assert f">{absent}<" not in html


def test_the_csv_export_follows_the_filters_and_hides_exempt_subjects(client, world):
    response = client.get(reverse("cases:list_csv"))
    text = response.content.decode("utf-8-sig")
    assert response["Content-Type"].startswith("text/csv")
    lines = text.strip().splitlines()
    assert lines[0].startswith("Saksnummer;")
    assert any(line.startswith("1/22;2022-02-01;Etablering av helsefellesskap") for line in lines)
    assert "Hemmeleg" not in text
    assert any(line.startswith("2/22;") and "offl" in line.lower() for line in lines)


def test_the_adoption_page_shows_what_is_pending_with_whom(client, world):
    response = client.get(reverse("cases:adoptions"))
    html = response.content.decode()
    assert "Alver" in html and "Fedje" in html
    by_case = client.get(reverse("cases:adoptions") + "?status=pending&group=case").content
    assert "Etablering av helsefellesskap" in by_case.decode()


@pytest.mark.parametrize(
    "name",
    ["cases:create", "cases:adoptions", "cases:list"],
)
def test_pages_without_arguments_render_for_the_secretariat(secretariat_client, world, name):
    assert secretariat_client.get(reverse(name)).status_code == 200


def test_every_secretariat_form_renders(secretariat_client, world):
    case, treatment = world["case"], world["treatments"][2]
    adoption = world["recommendation"].adoptions.first()
    entry = case.progress_plan.first()
    attachment = case.attachments.first()
    urls = [
        reverse("cases:edit", args=[case.year, case.sequence]),
        reverse("cases:attachment_add", args=[case.year, case.sequence]),
        reverse("cases:attachment_delete", args=[attachment.pk]),
        reverse("cases:treatment_add", args=[case.year, case.sequence]),
        reverse("cases:progress_plan_add", args=[case.year, case.sequence]),
        reverse("cases:progress_plan_edit", args=[entry.pk]),
        reverse("cases:decision_correct", args=[treatment.decision.pk]),
        reverse("cases:decision_correct", args=[world["treatments"][3].decision.pk]),
        reverse("cases:forward", args=[treatment.pk]),
        reverse("cases:recommendation_add", args=[treatment.decision.pk]),
        reverse("cases:adoption_register", args=[adoption.pk]),
        reverse("cases:adoption_sign", args=[adoption.pk]),
        reverse("cases:committee_progress_plan", args=[world["ssu"].slug]),
        reverse("cases:committee_progress_plan_add", args=[world["ssu"].slug]),
    ]
    for url in urls:
        assert secretariat_client.get(url).status_code == 200, url


def test_visitors_are_sent_to_log_in_and_readers_are_refused(client, reader, world):
    url = reverse("cases:create")
    assert client.get(url).status_code == 302
    client.force_login(reader)
    assert client.get(url).status_code == 403
    assert client.post(url, {"subject": "x"}).status_code == 403


def test_creating_a_case_through_the_form(secretariat_client, world):
    response = secretariat_client.post(
        reverse("cases:create"),
        {
            "subject": "Ny sak om legevakt",
            "kind": "decision",
            "paper_date": "2022-05-01",
            "committees": [world["committees"][0].pk, world["committees"][1].pk],
            "introduction": "Første avsnitt.\n\nAndre avsnitt.",
            "access": "open",
            "exemption_basis": "",
        },
    )
    case = Case.objects.get(subject="Ny sak om legevakt")
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.number == "3/22"
    assert case.introduction == "<p>Første avsnitt.</p><p>Andre avsnitt.</p>"
    assert case.treatments.count() == 2
    assert case.created_by.username == "siri"


def test_an_exempt_case_without_basis_is_refused_with_a_norwegian_message(secretariat_client):
    response = secretariat_client.post(
        reverse("cases:create"),
        {"subject": "X", "kind": "decision", "paper_date": "2022-05-01", "access": "exempt"},
    )
    assert response.status_code == 200
    assert "trenger hjemmelen" in response.content.decode()
    assert not Case.objects.exists()


def test_a_fake_pdf_upload_is_rejected_by_the_form(secretariat_client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    case = world["case"]
    response = secretariat_client.post(
        reverse("cases:attachment_add", args=[case.year, case.sequence]),
        {
            "title": "Falsk",
            "file": SimpleUploadedFile("falsk.pdf", b"bare tekst", content_type="application/pdf"),
            "access": "open",
        },
    )
    assert response.status_code == 200
    assert not case.attachments.filter(title="Falsk").exists()


def test_recording_a_decision_with_an_observers_proposal_through_the_form(
    secretariat_client, world
):
    # The deferred case comes back to the committee for a new decision.
    treatment = treatment_create(
        actor=None, case=world["case"], committee=world["treatments"][3].committee
    )
    response = secretariat_client.post(
        reverse("cases:decision_record", args=[treatment.pk]),
        {
            "outcome": "adopted_with_changes",
            "text": "Vedteke med endringar.",
            "decided_on": "2022-04-20",
            "consensus": "",
            "dissent": "Éin representant røysta mot.",
            "forslag-TOTAL_FORMS": "2",
            "forslag-INITIAL_FORMS": "0",
            "forslag-MIN_NUM_FORMS": "0",
            "forslag-MAX_NUM_FORMS": "1000",
            "forslag-0-proposer": world["observer"].pk,
            "forslag-0-text": "Ta med fastlegane.",
            "forslag-0-outcome": "adopted",
            "forslag-1-proposer": "",
            "forslag-1-text": "",
            "forslag-1-outcome": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    treatment.refresh_from_db()
    decision = treatment.decision
    assert decision.outcome == "adopted_with_changes" and not decision.consensus
    proposal = treatment.proposals.get()
    assert proposal.by_observer is False  # this committee has no memberships for the observer
    assert treatment.state == Treatment.State.TREATED


def test_forwarding_through_the_form_defaults_to_the_committee_reported_to(
    secretariat_client, world
):
    treatment = world["treatments"][0]
    url = reverse("cases:forward", args=[treatment.pk])
    assert f'value="{world["ssu"].pk}" selected' in secretariat_client.get(url).content.decode()
    response = secretariat_client.post(url, {"to_committee": world["ssu"].pk})
    assert response.status_code == 302
    html = secretariat_client.get(world["case"].get_absolute_url()).content.decode()
    assert "videresendt fra" in html
    assert "Strategisk samarbeidsutval" in html


def test_a_recommendation_through_the_form_goes_to_the_area_municipalities(
    secretariat_client, world
):
    decision = world["treatments"][2].decision
    response = secretariat_client.post(
        reverse("cases:recommendation_add", args=[decision.pk]),
        {"text": "Kommunane sluttar seg til kostnadsfordelinga.", "scope": "area_municipalities"},
    )
    assert response.status_code == 302
    recommendation = decision.recommendations.get(text__startswith="Kommunane sluttar seg til k")
    assert {a.party for a in recommendation.adoptions.all()} == set(world["municipalities"])


def test_registering_a_partys_decision_and_signature_through_the_forms(secretariat_client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    adoption = world["recommendation"].adoptions.first()
    response = secretariat_client.post(
        reverse("cases:adoption_register", args=[adoption.pk]),
        {
            "status": "adopted",
            "deciding_body": "Kommunestyret",
            "decided_on": "2022-06-10",
            "reference": "PS 12/22",
        },
    )
    assert response.status_code == 302
    response = secretariat_client.post(
        reverse("cases:adoption_sign", args=[adoption.pk]),
        {
            "signed_on": "2022-06-20",
            "signed_by": "Kommunedirektøren",
            "signed_document": SimpleUploadedFile("avtale.pdf", pdf_bytes()),
        },
    )
    assert response.status_code == 302
    adoption.refresh_from_db()
    assert adoption.status == Adoption.Status.ADOPTED
    assert adoption.signed_by == "Kommunedirektøren"
    download = secretariat_client.get(reverse("cases:signed_document", args=[adoption.pk]))
    assert download.status_code == 200


def test_adding_and_removing_a_progress_plan_line_through_the_form(secretariat_client, world):
    case = world["case"]
    response = secretariat_client.post(
        reverse("cases:progress_plan_add", args=[case.year, case.sequence]),
        {"when": "jan 22", "sort_date": "2022-01-01", "what": "Toppleiarmøte", "about": ""},
    )
    assert response.status_code == 302
    entry = case.progress_plan.get(when="jan 22")
    secretariat_client.post(reverse("cases:progress_plan_edit", args=[entry.pk]), {"delete": "1"})
    assert not case.progress_plan.filter(when="jan 22").exists()


def _grow(world, extra_cases: int) -> None:
    for n in range(extra_cases):
        case = case_create(
            actor=None,
            subject=f"Ekstra sak {n}",
            kind=Case.Kind.DECISION,
            paper_date=datetime.date(2022, 4, 1),
            committees=world["committees"],
            priority_groups=[make_priority_group()],
        )
        for t in case.treatments.all():
            decision_record(
                actor=None,
                treatment=t,
                outcome=Decision.Outcome.ADOPTED,
                text="Vedteke.",
                decided_on=DAY,
                proposals=[ProposalInput(proposer=world["observer"], text="Forslag")],
            )
        recommendation_create(
            actor=None,
            decision=case.treatments.first().decision,
            text="Tilråding",
            parties=world["municipalities"],
        )


def _count_queries(django_assert_num_queries, client, url, exactly):
    with django_assert_num_queries(exactly):
        assert client.get(url).status_code == 200


def test_the_case_list_runs_a_constant_number_of_queries(
    secretariat_client, world, django_assert_num_queries
):
    # User (the session comes from the session cache), the user's person (secretariat check), the years of the filter, the
    # committee and priority group choices, the count, the page of cases, their treatments
    # (with decision and committee), the corrections of their decisions (which decide each
    # case's state), their priority groups, the parties' answers of the page.
    _grow(world, 3)
    _count_queries(django_assert_num_queries, secretariat_client, reverse("cases:list"), 11)
    _grow(world, 6)
    _count_queries(django_assert_num_queries, secretariat_client, reverse("cases:list"), 11)


def test_a_deep_filtered_case_list_page_runs_as_many_queries_as_the_first(
    client, world, django_assert_num_queries, monkeypatch
):
    from samhandling.cases import views

    monkeypatch.setattr(views, "CASES_PER_PAGE", 2)
    # The years, the committee the filter names, the count, the page, its treatments,
    # the corrections of their decisions, which of the page's cases a visitor may read, its
    # priority groups, the parties' answers, the committee and priority group choices: the
    # same on every page.
    _grow(world, 6)
    committee = world["treatments"][0].committee
    url = reverse("cases:list") + f"?committee={committee.slug}&state=pending"
    _count_queries(django_assert_num_queries, client, url, 11)
    _count_queries(django_assert_num_queries, client, url + "&side=2", 11)


def test_the_case_page_runs_a_constant_number_of_queries(
    secretariat_client, world, django_assert_num_queries
):
    # 13: the corrections of decisions and the login's role grants are one query each.
    url = world["case"].get_absolute_url()
    # 12 for the case itself (the session comes from the session cache), one for the
    # sections other apps add (the agreement points).
    _count_queries(django_assert_num_queries, secretariat_client, url, 13)
    for earlier in world["treatments"]:
        t = treatment_create(actor=None, case=world["case"], committee=earlier.committee)
        decision_record(
            actor=None,
            treatment=t,
            outcome=Decision.Outcome.ADOPTED,
            text="Vedteke.",
            decided_on=DAY,
            proposals=[
                ProposalInput(proposer=world["observer"], text=f"Forslag {i}") for i in range(3)
            ],
        )
        recommendation_create(
            actor=None, decision=t.decision, text="Tilråding", parties=world["municipalities"]
        )
    _count_queries(django_assert_num_queries, secretariat_client, url, 13)


def test_the_adoption_page_runs_a_constant_number_of_queries(
    client, world, django_assert_num_queries
):
    # The party and area choices of the filter, the count, the keys of one page, and that
    # page's adoptions with their party, recommendation, decision, treatment, case, committee.
    _grow(world, 2)
    _count_queries(django_assert_num_queries, client, reverse("cases:adoptions"), 5)
    _grow(world, 5)
    _count_queries(django_assert_num_queries, client, reverse("cases:adoptions"), 5)


def test_the_case_page_speaks_nynorsk_when_asked(client, world):
    from django.conf import settings

    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nn"
    html = client.get(world["case"].get_absolute_url()).content.decode()
    assert "Vedteke i 3 av 4 utval" in html
    assert "Sakshandsamar" in html and "Saka gjeld" in html and "Forslag til vedtak" in html


def test_a_proposal_row_needs_both_proposer_and_text(secretariat_client, world):
    # The deferred case comes back to the committee for a new decision.
    treatment = treatment_create(
        actor=None, case=world["case"], committee=world["treatments"][3].committee
    )
    response = secretariat_client.post(
        reverse("cases:decision_record", args=[treatment.pk]),
        {
            "outcome": "adopted",
            "text": "Vedteke.",
            "decided_on": "2022-04-20",
            "consensus": "on",
            "forslag-TOTAL_FORMS": "1",
            "forslag-INITIAL_FORMS": "0",
            "forslag-0-proposer": "",
            "forslag-0-text": "Eit forslag utan forslagsstillar.",
        },
    )
    assert response.status_code == 200
    assert "Velg hvem som fremmet forslaget." in response.content.decode()
    assert not Decision.objects.filter(treatment=treatment).exists()  # nothing recorded


def test_the_case_page_links_each_treating_committee_to_its_committee_page(
    client, world, django_assert_max_num_queries
):
    with django_assert_max_num_queries(11):
        html = client.get(world["case"].get_absolute_url()).content.decode()
    for committee in world["committees"]:
        assert f'<a href="{committee.get_absolute_url()}">{committee.name}</a></h3>' in html


# --- dates the forms refuse, every problem at once, input kept -------------------------------


def _future(days: int = 5) -> str:
    from django.utils import timezone

    return (timezone.localdate() + datetime.timedelta(days=days)).isoformat()


def test_the_signature_form_refuses_a_pending_adoption_and_a_future_date_at_once(
    secretariat_client, world
):
    adoption = world["recommendation"].adoptions.first()
    signed_on = _future()
    response = secretariat_client.post(
        reverse("cases:adoption_sign", args=[adoption.pk]),
        {"signed_on": signed_on, "signed_by": "Kommunedirektøren"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "«Signert dato» kan ikke være fram i tid." in html
    assert "«Status» for partens vedtak er «venter»" in html
    assert f'value="{signed_on}"' in html and 'value="Kommunedirektøren"' in html
    adoption.refresh_from_db()
    assert adoption.signed_on is None


def test_the_adoption_form_refuses_a_decision_date_in_the_future_with_the_other_errors(
    secretariat_client, world
):
    adoption = world["recommendation"].adoptions.first()
    decided_on = _future()
    response = secretariat_client.post(
        reverse("cases:adoption_register", args=[adoption.pk]),
        {"status": "adopted_with_changes", "decided_on": decided_on, "reference": "PS 1/22"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "«Vedtatt dato» kan ikke være fram i tid." in html
    assert "Oppgi organet som fattet vedtaket." in html
    assert "Beskriv endringene parten gjorde." in html
    assert f'value="{decided_on}"' in html and 'value="PS 1/22"' in html
    adoption.refresh_from_db()
    assert adoption.status == Adoption.Status.PENDING


def test_the_recommendation_form_refuses_a_respond_by_date_in_the_past(secretariat_client, world):
    decision = world["treatments"][2].decision
    response = secretariat_client.post(
        reverse("cases:recommendation_add", args=[decision.pk]),
        {"text": "Kommunane sluttar seg til.", "scope": "chosen", "respond_by": "2020-01-01"},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "«Svarfrist» kan ikke være tilbake i tid." in html
    assert "Velg minst én part." in html
    assert 'value="2020-01-01"' in html
    assert decision.recommendations.count() == 1  # only the world's


# --- headings said once ------------------------------------------------------------------------


def _captions(html: str) -> list[str]:
    import re

    return re.findall(r"<caption[^>]*>(.*?)</caption>", html, re.S)


def test_the_case_page_names_its_progress_plan_once_and_labels_the_table_by_its_heading(
    client, world
):
    html = client.get(world["case"].get_absolute_url()).content.decode()
    assert html.count("Fremdriftsplan") == 1
    assert '<h2 id="progress-plan">Fremdriftsplan</h2>' in html
    assert '<table aria-labelledby="progress-plan">' in html
    assert _captions(html) == []


def test_the_adoption_page_grouped_by_party_names_each_party_once(client, world):
    html = client.get(reverse("cases:adoptions") + "?status=&group=party").content.decode()
    assert _captions(html) == []
    assert html.count(">Alver</h2>") == 1
    assert '<table aria-labelledby="group-1">' in html
    grouped_by_case = client.get(reverse("cases:adoptions") + "?status=&group=case")
    assert _captions(grouped_by_case.content.decode()) == []
