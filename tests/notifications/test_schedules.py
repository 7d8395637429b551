"""Periodic jobs run once per period, however many schedulers tick at once, and catch up after downtime."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from cms.notifications import schedules
from cms.notifications.models import ScheduledRun, SmsRecord
from cms.notifications.worker import run_queued_tasks
from tests.notifications.helpers import in_threads

SHANGHAI = ZoneInfo("Asia/Shanghai")
RunState = ScheduledRun.RunState


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def count_a_run() -> str:
    """The job under test: leaves one row per run, so a second run would show."""
    SmsRecord.objects.create(phone="00000000000", template_id="test-job", text="ran")
    return "counted"


def fail() -> str:
    raise RuntimeError("数据库暂时不可用")


EVERY_15 = schedules.Job("test-quarter", f"{__name__}.count_a_run", every=timedelta(minutes=15))
DAILY = schedules.Job(
    "test-daily", f"{__name__}.count_a_run", every=timedelta(days=1), at=time(7, 30)
)
FAILING = schedules.Job("test-failing", f"{__name__}.fail", every=timedelta(minutes=1))


@pytest.fixture(autouse=True)
def test_jobs(monkeypatch):
    for job in (EVERY_15, DAILY, FAILING):
        monkeypatch.setitem(schedules._jobs, job.name, job)


def test_a_period_is_named_by_its_start_in_local_time():
    assert EVERY_15.period_key(at("2026-11-30T09:44:59")) == "2026-11-30T09:30"
    assert EVERY_15.period_key(at("2026-11-30T09:45:00")) == "2026-11-30T09:45"
    assert DAILY.period_key(at("2026-11-30T07:29")) == "2026-11-29"
    assert DAILY.period_key(at("2026-11-30T07:30")) == "2026-11-30"


@pytest.mark.django_db
def test_each_period_is_claimed_once_and_the_next_period_again():
    assert schedules.tick(at("2026-11-30T09:31"), only=[EVERY_15]) == [
        "test-quarter@2026-11-30T09:30"
    ]
    assert schedules.tick(at("2026-11-30T09:44"), only=[EVERY_15]) == []
    assert schedules.tick(at("2026-11-30T09:45"), only=[EVERY_15]) == [
        "test-quarter@2026-11-30T09:45"
    ]
    run_queued_tasks()
    assert SmsRecord.objects.filter(template_id="test-job").count() == 2
    assert set(ScheduledRun.objects.filter(job="test-quarter").values_list("state", "result")) == {
        (RunState.DONE, "counted")
    }


@pytest.mark.django_db
def test_a_daily_job_missed_during_downtime_runs_at_the_first_tick_after():
    # Down from 07:00 to 09:10: the 07:30 digest runs at 09:10, once, and not again that day.
    assert schedules.tick(at("2026-11-30T06:59"), only=[DAILY]) == ["test-daily@2026-11-29"]
    assert schedules.tick(at("2026-11-30T09:10"), only=[DAILY]) == ["test-daily@2026-11-30"]
    run_queued_tasks()
    assert schedules.tick(at("2026-11-30T23:59"), only=[DAILY]) == []
    assert schedules.tick(at("2026-12-01T07:29"), only=[DAILY]) == []


@pytest.mark.django_db
def test_a_failed_run_is_tried_again_at_the_next_tick_up_to_three_times():
    for attempt in range(1, schedules.MAX_ATTEMPTS + 1):
        assert schedules.tick(at("2026-11-30T10:00:05"), only=[FAILING]) == [
            "test-failing@2026-11-30T10:00"
        ]
        run_queued_tasks()
        run = ScheduledRun.objects.get(job="test-failing")
        assert (run.state, run.attempts) == (RunState.FAILED, attempt)
        assert run.result == "RuntimeError: 数据库暂时不可用"
    assert schedules.tick(at("2026-11-30T10:00:40"), only=[FAILING]) == []


@pytest.mark.django_db
def test_a_run_whose_worker_died_is_claimed_again_after_its_timeout():
    schedules.tick(at("2026-11-30T09:31"), only=[EVERY_15])
    DBTaskResult.objects.filter(task_path__endswith="run_scheduled_job").delete()  # the lost task
    assert schedules.tick(at("2026-11-30T09:40"), only=[EVERY_15]) == []
    ScheduledRun.objects.filter(job="test-quarter").update(claimed_at=at("2026-11-30T08:00"))
    assert schedules.tick(at("2026-11-30T09:44"), only=[EVERY_15]) == [
        "test-quarter@2026-11-30T09:30"
    ]


def delete_committed_runs() -> None:
    def work(_n: int) -> None:
        ScheduledRun.objects.filter(job="test-quarter").delete()
        DBTaskResult.objects.filter(
            task_path__endswith="run_scheduled_job", args_kwargs__args__0="test-quarter"
        ).delete()

    in_threads(work, 1)


@pytest.fixture
def committed_runs_removed():
    yield
    delete_committed_runs()


# Not a transactional test (its flush would wipe the shared demo site): the schedulers' threads commit on
# their own connections and the fixture removes what they wrote.
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent schedulers need PostgreSQL (SQLite serialises them)",
)
@pytest.mark.django_db
def test_eight_schedulers_ticking_the_same_period_at_once_claim_it_once(committed_runs_removed):
    claims: list[list[str]] = []
    errors = in_threads(
        lambda _n: claims.append(schedules.tick(at("2026-11-30T09:31"), only=[EVERY_15])), 8
    )
    assert errors == []
    assert sorted(claims, key=len) == [[]] * 7 + [["test-quarter@2026-11-30T09:30"]]
    seen: list[int] = []
    in_threads(
        lambda _n: seen.extend(
            [
                ScheduledRun.objects.filter(job="test-quarter").count(),
                DBTaskResult.objects.filter(
                    task_path__endswith="run_scheduled_job", args_kwargs__args__0="test-quarter"
                ).count(),
            ]
        ),
        1,
    )
    assert seen == [1, 1]
