"""The registers' figures: aggregates by field or occupation and per month, the station's use rate, on the
studio pages at a constant query count, dropped as soon as anything they count changes."""

import datetime

import pytest
from django.core.cache import cache
from django.utils import timezone

from cms.cases import services as case_services
from cms.registers import figures, services
from cms.registers.models import Booking, CareService, RegisterKind, StationDay
from tests.conftest import login
from tests.factories import registers as f
from tests.factories.cases import category, user
from tests.studios.test_query_counts import MAX_QUERIES, count_queries

pytestmark = pytest.mark.django_db


def test_members_are_counted_by_occupation_and_care_by_month():
    rider, _ = f.verified(RegisterKind.NEW_EMPLOYMENT, phone="13900001111")
    f.member(RegisterKind.NEW_EMPLOYMENT, phone="13900002222", profile={"occupation": "courier"})
    services.record_care(
        user("worker05"),
        rider,
        kind=CareService.Kind.HEALTH_CHECK,
        station="千灯湖暖蜂驿站",
        served_on=timezone.localdate(),
    )
    counted = figures.register_figures(rider.register)
    assert counted["by_group"] == [("快递员", 1, 0), ("外卖骑手", 1, 1)]
    assert (counted["registered"], counted["verified"]) == (2, 1)
    assert counted["per_month"][-1] == (f"{timezone.localdate():%Y-%m}", 1)
    assert len(counted["per_month"]) == 12


def test_the_station_use_rate_counts_kept_bookings_against_seats_offered():
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    day = StationDay.objects.create(day=yesterday, seats=4)
    for n, attended in enumerate([True, True, False]):
        booking = Booking.objects.create(
            station_day=day, name="李嘉欣", phone=f"1390000{n:04d}", code_hash="x"
        )
        services.record_attendance(booking, user("worker04"), attended=attended)
    use = figures.station_use()
    assert (use["seats"], use["attended"], use["no_shows"], use["use_rate"]) == (4, 2, 1, 50)


def test_the_studio_page_shows_figures_at_a_constant_query_count_and_drops_them_on_change(
    client, settings
):
    settings.PAGE_CACHE_SECONDS = 0
    f.member(RegisterKind.NEW_EMPLOYMENT, phone="13900001111")
    with_one = count_queries(client, "/studio-05/")
    for n in range(10):
        f.member(RegisterKind.NEW_EMPLOYMENT, phone=f"1390000{n + 2000:04d}")
    page = client.get("/studio-05/").content.decode()
    assert "新就业群体服务名册" in page and "<td>11</td>" in page  # dropped on change, then counted
    assert count_queries(client, "/studio-05/") == with_one <= MAX_QUERIES


def test_the_committee_dashboard_shows_a_leads_own_registers_only(client):
    f.member(RegisterKind.TALENTS)
    login(client, "lead04")
    page = client.get("/admin/committee/dashboard/").content.decode()
    assert "桂宾高才人才名册" in page and "新乡贤联络站名册" not in page
    login(client, "office")
    page = client.get("/admin/committee/dashboard/").content.decode()
    assert "桂宾高才人才名册" in page and "新乡贤联络站名册" in page


def test_a_new_case_keeps_the_figures_and_a_change_to_a_case_drops_them():
    version = cache.get_or_set(figures.VERSION_KEY, 1, timeout=None)
    case, _code = case_services.submit_online(
        category=category("06", "投诉"),
        location_text="示例花园",
        reporter_name="李四",
        reporter_phone="13800005678",
        title="路灯",
        description="路灯坏了。",
    )
    assert cache.get(figures.VERSION_KEY) == version  # no observer report points at a new case
    case.save()  # e.g. resolved: an observer's report counts by its case's state
    assert cache.get(figures.VERSION_KEY) != version
