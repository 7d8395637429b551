"""Two residents submitting at the same moment get different reference numbers, even when both draw the
same random number: the unique constraint refuses one and it draws again."""

import threading

import pytest
from django.db import connection

from cms.cases import services
from cms.cases.models import Case
from tests.factories import cases as f

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (SQLite serialises them)",
)
THREADS = 8


def in_own_connection(work) -> None:
    """Runs ``work`` in a thread with its own autocommitting connection, outside the test's transaction."""

    def run() -> None:
        try:
            work()
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()


@pytest.fixture
def remove_submissions():
    yield
    in_own_connection(lambda: Case.objects.filter(title__startswith="同时提交").delete())


# Not a transactional test: its flush would wipe the demo site the other tests share. The residents'
# threads commit on their own connections and the fixture removes what they wrote.
@pytest.mark.django_db
def test_simultaneous_submissions_get_unique_references(monkeypatch, remove_submissions):
    category = f.category("06")
    draws = iter([424242] * THREADS + list(range(100000, 100000 + 10 * THREADS)))
    lock = threading.Lock()

    def same_first_number(_limit):
        with lock:
            return next(draws)

    monkeypatch.setattr(services.secrets, "randbelow", same_first_number)
    barrier = threading.Barrier(THREADS)
    references, errors = [], []

    def resident(n: int) -> None:
        try:
            barrier.wait()
            case, _code = services.submit_online(
                category=category,
                location_text="示例花园",
                reporter_name=f"居民{n}",
                reporter_phone="13800012345",
                title=f"同时提交 {n}",
                description="并发测试",
            )
            references.append(case.reference)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=resident, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(references) == THREADS == len(set(references))
    assert Case.objects.filter(title__startswith="同时提交").count() == THREADS
