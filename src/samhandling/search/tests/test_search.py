"""Full-text search over the case register; runs on SQLite and on PostgreSQL alike."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from samhandling.accounts.models import User
from samhandling.cases.models import Attachment, Case
from samhandling.cases.tests.factories import (
    make_case,
    make_decision,
    make_priority_group,
    make_treatment,
)
from samhandling.core.access import Access
from samhandling.search.selectors import PAGE_SIZE, search_cases
from samhandling.search.services import search_index_case, search_reindex_all
from samhandling.structure.tests.factories import make_committee
from samhandling.testing.personas import make_analyst_user, make_secretariat_user

pytestmark = pytest.mark.django_db

VISITOR = AnonymousUser()


@pytest.fixture
def member(db) -> User:
    """The secretariat, which reads every exempt case."""
    return make_secretariat_user("medlem")


def indexed_case(**fields) -> Case:
    case = make_case(**fields)
    search_index_case(case.pk)
    return case


def found(query: str, user=VISITOR, **filters) -> list[str]:
    return [r.number for r in search_cases(query=query, user=user, **filters).results]


def test_an_inflected_nynorsk_form_finds_the_base_form():
    case = indexed_case(subject="Felles samhandlingsforløp for eldre")
    indexed_case(subject="Noko heilt anna")
    assert found("samhandlingsforløpa") == [case.number]


def test_kommunane_finds_kommunar_and_kommune():
    plural = indexed_case(subject="Tilbod til kommunar i Nordhordland")
    singular = indexed_case(background="<p>Kvar kommune vel sjølv.</p>")
    indexed_case(subject="Sjukehusa sitt ansvar")
    assert sorted(found("kommunane")) == sorted([plural.number, singular.number])


def test_bokmal_and_nynorsk_forms_of_the_same_word_find_each_other():
    nynorsk = indexed_case(subject="Heimeoppfølging etter utskriving")
    bokmal = indexed_case(background="<p>Kommunale helsetjenester i hjemmet.</p>")
    indexed_case(subject="Noko heilt anna")
    assert found("hjemmeoppfølging") == [nynorsk.number]
    assert found("heimeoppfølging") == [nynorsk.number]
    assert found("helsetenester") == [bokmal.number]


def test_the_subject_outranks_the_text():
    in_text = indexed_case(subject="Årsrapport", background="<p>Om legevakt.</p>")
    in_subject = indexed_case(subject="Legevakt i Voss")
    assert found("legevakt") == [in_subject.number, in_text.number]


def test_decisions_and_open_attachments_are_searched():
    decided = make_case(subject="Sak A")
    make_decision(treatment=make_treatment(case=decided), text="Utvalet godkjenner tolketeneste.")
    attached = make_case(subject="Sak B")
    Attachment.objects.create(
        case=attached,
        title="Vedlegg",
        file="attachments/x.pdf",
        content_type="application/pdf",
        size=10,
        extracted_text="Rapporten om jordmortenesta i Masfjorden.",
    )
    search_index_case(decided.pk)
    search_index_case(attached.pk)
    assert found("tolketenesta") == [decided.number]
    assert found("jordmorteneste masfjorden") == [attached.number]


def test_a_visitor_never_matches_exempt_content_but_the_secretariat_does(member):
    exempt = indexed_case(
        subject="Personalsak om tilsetjing",
        access=Access.EXEMPT,
        exemption_basis="offl-25",
    )
    open_case = make_case(subject="Open sak")
    Attachment.objects.create(
        case=open_case,
        title="Intern vurdering",
        file="attachments/y.pdf",
        content_type="application/pdf",
        size=10,
        extracted_text="Hemmelege forhandlingar om husleige.",
        access=Access.EXEMPT,
        exemption_basis="offl-23",
    )
    search_index_case(open_case.pk)

    assert found("tilsetjing") == []
    assert found("husleige") == []
    assert found("forhandlingar") == []
    assert found("tilsetjing", member) == [exempt.number]
    assert found("husleige", member) == [open_case.number]
    # Filters alone list no exempt case to a visitor either.
    assert found("", year=exempt.year) == [open_case.number]
    page = search_cases(query="tilsetjing", user=member)
    assert page.results[0].is_exempt


def test_a_logged_in_analyst_never_matches_exempt_content():
    analyst = make_analyst_user()
    indexed_case(
        subject="Personalsak om tilsetjing", access=Access.EXEMPT, exemption_basis="offl-25"
    )

    assert found("tilsetjing", analyst) == []


def test_a_visitors_snippet_never_shows_exempt_text():
    case = make_case(subject="Open sak om husleige", background="<p>Husleiga aukar.</p>")
    Attachment.objects.create(
        case=case,
        title="Intern",
        file="attachments/z.pdf",
        content_type="application/pdf",
        size=10,
        extracted_text="Husleige: forhandlingsposisjonen er 400 000 kroner.",
        access=Access.EXEMPT,
        exemption_basis="offl-23",
    )
    search_index_case(case.pk)
    [result] = search_cases(query="husleige", user=VISITOR).results
    assert "<mark>Husleiga</mark>" in result.snippet
    assert "400 000" not in result.snippet


def test_filters_narrow_by_committee_year_type_and_priority_group():
    committee = make_committee(name="Områdeutval Voss")
    group = make_priority_group(name="Barn og unge")
    match = make_case(
        subject="Legevakt for barn",
        paper_date=datetime.date(2022, 5, 1),
        kind=Case.Kind.DECISION,
    )
    make_treatment(case=match, committee=committee)
    match.priority_groups.add(group)
    other_year = make_case(subject="Legevakt", paper_date=datetime.date(2021, 5, 1))
    other_kind = make_case(
        subject="Legevakt", paper_date=datetime.date(2022, 6, 1), kind=Case.Kind.ORIENTATION
    )
    for case in (match, other_year, other_kind):
        search_index_case(case.pk)

    assert len(found("legevakt")) == 3
    assert found("legevakt", committee=committee) == [match.number]
    assert found("legevakt", committee=committee.pk) == [match.number]
    assert found("legevakt", priority_group=group.pk) == [match.number]
    assert sorted(found("legevakt", year=2022)) == sorted([match.number, other_kind.number])
    assert found("legevakt", year=2022, kind=Case.Kind.DECISION) == [match.number]
    assert found("", committee=committee) == [match.number]


def test_a_phrase_must_match_in_order_and_a_minus_excludes():
    phrase = indexed_case(subject="Tilbod til skrøpelege eldre")
    apart = indexed_case(subject="Eldre og skrøpelege pasientar")
    assert found('"skrøpelege eldre"') == [phrase.number]
    assert found("eldre -pasientar") == [phrase.number]
    assert sorted(found("skrøpelege eldre")) == sorted([phrase.number, apart.number])


def test_results_come_in_pages_with_a_count():
    for n in range(PAGE_SIZE + 3):
        make_case(subject=f"Rehabilitering nummer {n}")
    search_reindex_all()
    first = search_cases(query="rehabilitering", user=VISITOR)
    second = search_cases(query="rehabilitering", user=VISITOR, page=2)
    assert (first.total, len(first.results), first.num_pages) == (PAGE_SIZE + 3, PAGE_SIZE, 2)
    assert len(second.results) == 3 and second.first_index == PAGE_SIZE + 1
    assert not {r.case_id for r in first.results} & {r.case_id for r in second.results}


def test_reindexing_follows_changes_and_deletions():
    case = indexed_case(subject="Demensomsorg")
    case.subject = "Kreftomsorg"
    case.save()
    search_index_case(case.pk)
    assert found("demensomsorg") == []
    assert found("kreftomsorg") == [case.number]
    case_id = case.pk
    case.delete()
    search_index_case(case_id)
    assert found("kreftomsorg") == []


def test_reindex_all_rebuilds_every_document():
    cases = [make_case(subject=f"Velferdsteknologi {n}") for n in range(3)]
    assert found("velferdsteknologi") == []
    assert search_reindex_all() == 3
    assert sorted(found("velferdsteknologi")) == sorted(c.number for c in cases)


def test_nothing_is_searched_without_words_or_filters():
    indexed_case(subject="Legevakt")
    page = search_cases(query="  ", user=VISITOR)
    assert not page.searched and page.results == []


def test_the_search_page_shows_highlighted_hits_and_announces_the_count(client):
    case = indexed_case(
        subject="Samhandlingsforløp for eldre",
        background="<p>Kommunane skal lage samhandlingsforløp.</p>",
    )
    response = client.get(reverse("search:search"), {"q": "samhandlingsforløpa"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'role="status"' in html
    assert "1 sak funnet." in html
    assert case.number in html
    assert "<mark>samhandlingsforløp</mark>" in html
    assert "<mark>Samhandlingsforløp</mark> for eldre" in html


def test_the_search_page_rejects_an_unknown_filter_with_a_message(client):
    response = client.get(reverse("search:search"), {"q": "x", "kind": "nonsense"})
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()


def test_the_decision_of_an_open_case_on_a_closed_agenda_item_is_found_by_those_close_to_it_only(
    personas, django_capture_on_commit_callbacks
):
    """What a probe found: search used to find the decision text of an open case put on an
    agenda as a closed item."""
    from samhandling.meetings.services import agenda_item_add
    from samhandling.meetings.tests.factories import make_meeting

    case = make_case(subject="Open sak")
    treatment = make_treatment(case=case, committee=personas.ou_bergen)
    make_decision(treatment=treatment, text="Utvalet drøfta pasienten Kvitfjell.")
    search_index_case(case.pk)
    assert found("kvitfjell") == [case.number]
    treatment.delete()
    with django_capture_on_commit_callbacks(execute=True):
        item = agenda_item_add(
            actor=None,
            meeting=make_meeting(committee=personas.ou_bergen),
            case=case,
            closed=True,
            exemption_basis="Offl. § 13",
        )
    make_decision(treatment=item.treatment, text="Utvalet drøfta pasienten Kvitfjell.")
    search_index_case(case.pk)
    for name in ("public", "analyst", "observer", "party_admin"):
        assert found("kvitfjell", personas.all()[name] or VISITOR) == [], name
        assert found("open", personas.all()[name] or VISITOR) == [], name
    assert found("kvitfjell", personas.member) == [case.number]
    assert found("kvitfjell", personas.secretariat) == [case.number]


def test_a_member_matches_the_exempt_cases_of_their_committee_and_no_others(personas):
    mine = make_case(subject="Personalsak", access=Access.EXEMPT, exemption_basis="Offl. § 25")
    make_treatment(case=mine, committee=personas.ou_bergen)
    other = make_case(subject="Personalsak", access=Access.EXEMPT, exemption_basis="Offl. § 25")
    make_treatment(case=other, committee=personas.ssu)
    search_index_case(mine.pk)
    search_index_case(other.pk)
    assert found("personalsak", personas.member) == [mine.number]
    assert found("personalsak", personas.observer) == [other.number]
    assert found("personalsak", personas.case_officer) == []
    assert sorted(found("personalsak", personas.secretariat)) == sorted([mine.number, other.number])
