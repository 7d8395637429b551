"""The 人才驿站 under simultaneous requests: never more bookings than seats, and one phone books a day once,
however many requests arrive together (the day's row is locked; a partial unique constraint backs it)."""

import threading

import pytest
from django.db import connection

from cms.registers import services
from cms.registers.models import Booking, Member, Register, RegisterKind, StationDay, WorkerProfile
from tests.factories.registers import WORKER

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (SQLite serialises them)",
)
THREADS = 8
SEATS = 3


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


def simultaneously(work, count: int) -> tuple[list, list]:
    barrier = threading.Barrier(count)
    done, refused = [], []

    def request(n: int) -> None:
        try:
            barrier.wait()
            done.append(work(n))
        except services.RegisterRuleError as refusal:
            refused.append(refusal.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=request, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done, refused


@pytest.fixture
def day():
    day = services.bookable_days()[0]
    in_own_connection(lambda: StationDay.objects.create(day=day, seats=SEATS))
    yield day

    def clean() -> None:
        ids = list(Booking.objects.filter(station_day__day=day).values_list("pk", flat=True))
        Booking.objects.filter(pk__in=ids).delete()
        Booking.history.filter(id__in=ids).delete()
        StationDay.objects.filter(day=day).delete()

    in_own_connection(clean)


# Not a transactional test: its flush would wipe the demo site the other tests share. The threads commit on
# their own connections and the fixture removes what they wrote.
@pytest.mark.django_db
def test_simultaneous_bookings_never_exceed_the_seats(day):
    done, refused = simultaneously(
        lambda n: services.book(day=day, name="李嘉欣", phone=f"1390000{n:04d}"), THREADS
    )
    assert len(done) == SEATS
    assert refused == ["当天座位已约满，请选择其他日期。"] * (THREADS - SEATS)
    counted = []
    in_own_connection(lambda: counted.append(Booking.objects.filter(station_day__day=day).count()))
    assert counted == [SEATS]


@pytest.mark.django_db
def test_one_phone_booking_the_same_day_many_times_at_once_gets_one_seat(day):
    done, refused = simultaneously(
        lambda n: services.book(day=day, name="李嘉欣", phone="13900005555"), THREADS
    )
    assert len(done) == 1
    assert refused == ["这个手机号码已预约当天的座位。"] * (THREADS - 1)


@pytest.mark.django_db
def test_the_same_phone_enrolling_twice_at_once_is_enrolled_once():
    register = Register.objects.get(kind=RegisterKind.NEW_EMPLOYMENT)
    try:
        done, refused = simultaneously(
            lambda n: services.enrol(register, name="梁子豪", phone="13900009999", profile=WORKER),
            THREADS,
        )
        assert len(done) == 1
        assert refused == ["这个手机号码已经在本名册登记过，无需重复登记。"] * (THREADS - 1)
    finally:

        def clean() -> None:
            ids = list(Member.objects.filter(phone="13900009999").values_list("pk", flat=True))
            Member.objects.filter(pk__in=ids).delete()  # its profile goes with it
            WorkerProfile.history.filter(member_id__in=ids).delete()
            Member.history.filter(id__in=ids).delete()

        in_own_connection(clean)
