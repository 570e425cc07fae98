import threading

import pytest
from django.db import connection

from samhandling.meetings import services
from samhandling.structure.tests.factories import make_committee


@pytest.mark.postgres_only
@pytest.mark.django_db(transaction=True)
def test_concurrent_agenda_items_never_share_a_number():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL; SQLite serialises them anyway")
    committee = make_committee()
    numbers: list[str] = []
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def take_a_number() -> None:
        try:
            start.wait()
            numbers.append(services.agenda_number_next(committee=committee, year=2022))
        except BaseException as error:  # reported below; a thread cannot fail the test
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take_a_number) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(numbers, key=lambda n: int(n.split("/")[0])) == [f"{n}/22" for n in range(1, 9)]
