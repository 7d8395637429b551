"""The three rates on a hand-built month of cases whose answers are worked out by hand, with the edge cases:
no cases, an extended deadline, a re-opened case, a case not yet due, a case just outside the month."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from cms.cases.models import Case, CaseCategory, Status
from cms.committee import rates
from cms.mediation import services as mediation_services
from cms.volunteers import services as volunteer_services
from tests.factories import mediation as m
from tests.factories import places as p
from tests.factories import volunteers as v
from tests.factories.cases import user

pytestmark = pytest.mark.django_db
MARCH = rates.Period.month(2026, 3)


def at(day: str, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(datetime.date.fromisoformat(day), datetime.time(hour))
    )


def case(studio_code: str = "06", **fields) -> Case:
    """A case with the exact timestamps under test (the services would stamp "now")."""
    category = CaseCategory.objects.get(studio__code=studio_code, name="投诉")
    values = {
        "reference": f"GC-2026-{Case.objects.count():06d}",
        "retrieval_code_hash": "0" * 64,
        "studio": category.studio,
        "category": category,
        "source": "phone",
        "location_text": "示例花园",
        "reporter_name": "测试",
        "reporter_phone": "13800000000",
        "title": "测试诉求",
        "description": "测试",
        "priority": "normal",
    }
    values.update(fields)
    return Case.objects.create(**values)


@pytest.fixture
def march():
    far = at("2099-01-01")
    case(  # A: contacted and resolved in time, satisfied
        received_at=at("2026-03-02"),
        first_contact_due=at("2026-03-03"),
        first_contacted_at=at("2026-03-02", 15),
        handling_due=at("2026-03-19"),
        resolved_at=at("2026-03-10"),
        status=Status.FOLLOWED_UP,
        satisfaction="satisfied",
    )
    case(  # B: contacted late, resolved late, basically satisfied
        received_at=at("2026-03-03"),
        first_contact_due=at("2026-03-04"),
        first_contacted_at=at("2026-03-06"),
        handling_due=at("2026-03-20"),
        resolved_at=at("2026-03-25"),
        status=Status.FOLLOWED_UP,
        satisfaction="basically_satisfied",
    )
    case(  # C: an approved extension moved the deadline: resolved within it
        received_at=at("2026-03-04"),
        first_contact_due=at("2026-03-05"),
        first_contacted_at=at("2026-03-05"),
        handling_due=at("2026-04-10"),
        resolved_at=at("2026-04-01"),
        status=Status.RESOLVED,
    )
    case(  # D: re-opened after a dissatisfied follow-up, now past its deadline
        received_at=at("2026-03-05"),
        first_contact_due=at("2026-03-06"),
        first_contacted_at=at("2026-03-05", 11),
        handling_due=at("2026-03-22"),
        status=Status.IN_PROGRESS,
        satisfaction="dissatisfied",
    )
    case(  # E: received late on the last evening, nothing due yet
        received_at=at("2026-03-31", 23),
        first_contact_due=far,
        handling_due=far,
    )
    case(received_at=at("2026-04-01", 0), first_contact_due=far, handling_due=far)  # F: April
    case(  # G: another studio
        "01",
        received_at=at("2026-03-09"),
        first_contact_due=at("2026-03-10"),
        handling_due=at("2026-03-26"),
        resolved_at=at("2026-03-11"),
        first_contacted_at=at("2026-03-09", 12),
        status=Status.RESOLVED,
    )


def test_the_rates_of_a_month_match_the_hand_count(march):
    figures = rates.report(Case.objects.all(), MARCH)
    rows, total = figures.by_studio, figures.total
    by_code = {row.label: row for row in rows}
    studio_06 = by_code["红色业委会工作室"]
    assert (studio_06.received, studio_06.resolved, studio_06.overdue) == (5, 3, 1)
    assert (studio_06.responded_in_time, studio_06.response_due) == (3, 4)
    assert studio_06.response_rate == 75.0
    assert (studio_06.resolved_in_time, studio_06.resolution_due) == (2, 4)
    assert studio_06.resolution_rate == 50.0
    assert (studio_06.satisfied, studio_06.followed_up) == (2, 3)
    assert studio_06.satisfaction_rate == 66.7
    assert studio_06.median_resolution == datetime.timedelta(days=22)
    assert by_code["城乡融合发展工作室"].resolution_rate == 100.0
    assert by_code["城乡融合发展工作室"].satisfaction_rate is None  # nobody followed up: no rate
    assert (total.received, total.resolved, total.resolved_in_time, total.resolution_due) == (
        6,
        4,
        3,
        5,
    )


def test_grouping_by_category_and_unit_counts_the_same_cases(march):
    figures = rates.report(Case.objects.all(), MARCH)
    assert sum(row.received for row in figures.by_category) == figures.total.received == 6
    assert [(row.label, row.received) for row in figures.by_unit] == [("未指定承办单位", 6)]


def test_a_month_without_cases_has_counts_of_zero_and_no_rates():
    figures = rates.report(Case.objects.all(), rates.Period.month(2020, 2))
    rows, total = figures.by_studio, figures.total
    assert rows == [] and figures.by_category == [] and figures.by_unit == []
    assert total.received == 0 and total.response_rate is None and total.median_resolution is None


def test_periods_are_whole_local_months():
    december = rates.Period.month(2026, 12)
    assert (december.start, december.end) == (datetime.date(2026, 12, 1), datetime.date(2027, 1, 1))
    assert december.previous_month() == rates.Period.month(2026, 11)


def test_volunteer_hours_and_mediation_success_are_counted_per_studio(march):
    team = v.team("06", "业委会党员志愿服务队")
    activity = v.activity(team, starts_at=at("2026-03-14", 9))
    volunteer_services.verify(user("lead06"), v.record(v.volunteer("06"), activity))
    v.record(v.volunteer("06", phone="13700000002"), activity)  # a draft: not counted
    agreed = m.file_in("mediating")
    mediation_services.record_agreement(
        agreed,
        user("worker06"),
        concluded_on=datetime.date(2026, 3, 20),
        terms="按约定维修",
        performance_method="十日内完成",
        performance_due=datetime.date(2026, 3, 30),
    )
    failed = m.file_in("mediating")
    mediation_services.record_failure(
        failed,
        user("worker06"),
        concluded_on=datetime.date(2026, 3, 21),
        reason="分歧较大",
        litigation=True,
        arbitration=False,
        administrative=False,
    )
    figures = rates.report(Case.objects.all(), MARCH)
    rows, total = figures.by_studio, figures.total
    studio_06 = next(row for row in rows if row.label == "红色业委会工作室")
    assert studio_06.volunteer_hours == Decimal("3.0")
    assert (studio_06.mediation_agreements, studio_06.mediations_concluded) == (1, 2)
    assert studio_06.mediation_success_rate == 50.0
    assert total.mediation_success_rate == 50.0


def test_the_monthly_trend_has_one_entry_per_month_with_zeroes_where_nothing_came_in():
    this_month = rates.Period.this_month()
    last_month = this_month.previous_month()
    received = timezone.make_aware(datetime.datetime.combine(last_month.start, datetime.time(0, 5)))
    case(
        received_at=received,
        first_contact_due=received,
        handling_due=received,
        resolved_at=received,
        status=Status.RESOLVED,
    )
    case(received_at=timezone.now(), first_contact_due=timezone.now(), handling_due=timezone.now())
    trend = rates.monthly_trend(Case.objects.filter(reference__startswith="GC-2026-0"), months=3)
    assert trend == [
        (last_month.previous_month().start, 0, 0),
        (last_month.start, 1, 1),
        (this_month.start, 1, 0),
    ]


def test_category_rows_name_their_studio(march):
    figures = rates.report(Case.objects.all(), MARCH)
    labels = [row.label for row in figures.by_category]
    assert all(" · " in label or label == "未分类" for label in labels)
    assert any(label.startswith("红色业委会工作室 · ") for label in labels)


def test_every_definition_readers_see_names_a_figure_that_is_computed():
    figures = rates.Figures(key=None, label="")
    names = [str(d.name) for d in rates.DEFINITIONS]
    assert {"响应率", "办结率", "满意率"} <= set(names)
    for definition in rates.DEFINITIONS:
        assert hasattr(figures, definition.attribute), definition.attribute
        assert not any(c.isascii() and c.isalpha() for c in str(definition.text)), definition.text


@pytest.fixture
def march_at_places(march):
    """March's cases located by hand: A, B at 示例花园 and C at 湖景苑 (both 东二社区); D and G in 西约社区
    without an estate; E nowhere."""
    dong_er, xi_yue = p.community("dong-er", "东二社区"), p.community("xi-yue", "西约社区")
    garden, lake = p.estate(dong_er, "示例花园"), p.estate(dong_er, "湖景苑")
    places = {
        "2026-03-02": (dong_er, garden),
        "2026-03-03": (dong_er, garden),
        "2026-03-04": (dong_er, lake),
        "2026-03-05": (xi_yue, None),
        "2026-03-09": (xi_yue, None),
    }
    for located in Case.objects.all():
        day = timezone.localdate(located.received_at).isoformat()
        if day in places:
            located.community, located.estate = places[day]
            located.save()
    return dong_er, xi_yue, garden, lake


@pytest.mark.usefixtures("march_at_places")
def test_the_figures_group_by_community_and_estate_as_counted_by_hand():
    figures = rates.report(Case.objects.all(), MARCH)
    communities = {row.label: row for row in figures.by_community}
    assert set(communities) == {"东二社区", "西约社区", "未关联社区"}
    east = communities["东二社区"]
    assert (east.received, east.resolved, east.overdue) == (3, 3, 0)
    assert (east.response_rate, east.resolution_rate, east.satisfaction_rate) == (66.7, 66.7, 100.0)
    west = communities["西约社区"]
    assert (west.received, west.resolved, west.overdue) == (2, 1, 1)
    assert (west.response_rate, west.resolution_rate, west.satisfaction_rate) == (100.0, 50.0, 0.0)
    assert communities["未关联社区"].received == 1
    estates = {row.label: row for row in figures.by_estate}
    assert set(estates) == {"东二社区 · 示例花园", "东二社区 · 湖景苑", "未关联小区"}
    assert (
        estates["东二社区 · 示例花园"].received,
        estates["东二社区 · 示例花园"].resolution_rate,
    ) == (
        2,
        50.0,
    )
    assert estates["东二社区 · 湖景苑"].resolution_rate == 100.0
    assert estates["未关联小区"].received == 3


def test_the_figures_filter_by_community_and_estate(march_at_places):
    dong_er, xi_yue, _garden, lake = march_at_places
    in_east = rates.report(rates.at_place(Case.objects.all(), community=dong_er), MARCH)
    assert (in_east.total.received, in_east.total.resolution_rate) == (3, 66.7)
    assert [row.label for row in in_east.by_studio] == ["红色业委会工作室"]
    at_lake = rates.report(rates.at_place(Case.objects.all(), estate=lake), MARCH)
    assert at_lake.total.received == 1
    in_west = rates.report(rates.at_place(Case.objects.all(), community=xi_yue.pk), MARCH)
    assert (in_west.total.received, in_west.total.overdue) == (2, 1)


def test_a_duplicate_merged_into_an_earlier_case_is_not_counted_again(march):
    before = rates.report(Case.objects.all(), MARCH).total
    far = at("2099-01-01")
    case(
        received_at=at("2026-03-05"),
        first_contact_due=far,
        handling_due=far,
        status=Status.MERGED,
    )
    after = rates.report(Case.objects.all(), MARCH).total
    assert (after.received, after.resolution_due) == (before.received, before.resolution_due)
    trend = dict(
        (month, received)
        for month, received, _resolved in rates.monthly_trend(Case.objects.all(), 12)
    )
    # The first month's first day, compared as a local date (a date against a datetime is a naive midnight).
    since = min(trend)
    counted = Case.objects.counted().filter(received_at__date__gte=since).count()
    assert sum(trend.values()) == counted
