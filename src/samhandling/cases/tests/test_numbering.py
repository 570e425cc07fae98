import datetime
import threading

import pytest
from django.db import connection, connections

from samhandling.cases.models import Case, CaseNumberSequence
from samhandling.cases.services import case_create, case_number_next
from samhandling.cases.tests.factories import make_case
from samhandling.search import services as search_services


def _create(subject: str, year: int = 2021) -> Case:
    return case_create(
        actor=None, subject=subject, kind=Case.Kind.DECISION, paper_date=datetime.date(year, 3, 1)
    )


@pytest.mark.django_db
def test_case_numbers_are_written_sequence_slash_two_digit_year():
    first = _create("Første sak")
    second = _create("Andre sak")
    assert (first.number, second.number) == ("1/21", "2/21")


@pytest.mark.django_db
def test_numbering_restarts_at_one_each_year():
    _create("Sak i 2021", 2021)
    _create("Sak i 2021", 2021)
    assert _create("Sak i 2022", 2022).number == "1/22"


@pytest.mark.django_db
def test_a_number_is_never_reused_after_the_case_is_deleted():
    _create("Sak 1")
    doomed = _create("Sak 2")
    doomed.delete()
    assert _create("Sak 3").number == "3/21"


@pytest.mark.django_db
def test_the_counter_never_falls_behind_cases_written_directly():
    make_case(year=2021, sequence=57, paper_date=datetime.date(2021, 12, 1))
    assert case_number_next(year=2021) == 58
    assert CaseNumberSequence.objects.get(year=2021).last_sequence == 58


@pytest.mark.django_db(transaction=True)
def test_concurrent_creation_hands_out_distinct_consecutive_numbers(monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's row locks and real concurrent connections")
    # Only the numbering is under test here; indexing is the search app's.
    monkeypatch.setattr(search_services, "search_index_case", lambda case_id: None)
    threads, per_thread = 8, 5
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                _create(f"Tråd {n} sak {i}", 2030)
        except BaseException as error:  # the main thread reports it
            errors.append(error)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=work, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    numbers = sorted(Case.objects.filter(year=2030).values_list("sequence", flat=True))
    assert numbers == list(range(1, threads * per_thread + 1))
