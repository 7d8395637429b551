"""With Redis as deployed, an online submission waits for Redis twice: its shared tables, the content
version and the receipt's header and footer fragments read ahead in one MGET, and its counters counted in
one pipeline. A submission that is not saved gives back what it counted in a third.
The limits still count per client and per phone, only what was saved, and expire with their window.
A page the page cache does not answer waits twice as well: its route with what every page shows, then the
fragments its route lists."""

import pytest
import redis.connection
from django.core.cache import caches
from django.urls import reverse

from cms.cases import intake_limits
from cms.cases.models import Case
from cms.core import ratelimit
from cms.studios.models import NewsPage
from tests.cases.test_public import form
from tests.core.test_cache import REDIS_DB, clear_redis, redis_caches

pytestmark = pytest.mark.django_db


@pytest.fixture
def redis_up(settings, tmp_path):
    settings.CACHES = redis_caches(f"redis://127.0.0.1:6379/{REDIS_DB}")
    settings.RATELIMIT_CACHE = "ratelimit"
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    clear_redis()
    yield
    clear_redis()


class RoundTrips:
    """Counts what redis-py sends to the server: one send per command, or per pipeline."""

    def __init__(self, monkeypatch):
        self.count = 0
        send = redis.connection.Connection.send_packed_command

        def counted(connection, command, check_health=True):
            self.count += 1
            return send(connection, command, check_health)

        monkeypatch.setattr(redis.connection.Connection, "send_packed_command", counted)


def submit(client, **overrides):
    return client.post(reverse("case_submit"), form(**overrides))


@pytest.mark.usefixtures("redis_up")
def test_a_submission_waits_for_redis_twice(client, monkeypatch) -> None:
    client.get(reverse("case_submit"), {"topic": "other"})  # the shared tables, cached
    submit(client, title="第一次")
    data = form(title="第二次", reporter_phone="13900000001")
    trips = RoundTrips(monkeypatch)
    response = client.post(reverse("case_submit"), data)
    assert response.status_code == 200 and Case.objects.filter(title="第二次").exists()
    assert trips.count == 2
    counters = caches["ratelimit"]
    assert counters.get(f"ratelimit:intake:{ratelimit.client_id(response.wsgi_request)}") == 2
    assert counters.get("ratelimit:intake-attempt:127.0.0.1") == 2
    phone = ratelimit.private_subject("13900000001")
    assert counters.get(f"ratelimit:intake-phone:{phone}") == 1
    client = counters._cache.get_client()
    for key in ("intake", "intake-attempt", f"intake-phone:{phone}"):
        suffix = key if ":" in key else f"{key}:127.0.0.1"
        ttl = client.ttl(counters.make_key(f"ratelimit:{suffix}"))
        assert 0 < ttl <= intake_limits.WINDOW


@pytest.mark.usefixtures("redis_up")
def test_a_submission_that_is_not_saved_gives_back_its_counts_in_a_third_round_trip(
    client, monkeypatch
) -> None:
    client.get(reverse("case_submit"), {"topic": "other"})
    submit(client, title="第一次")
    trips = RoundTrips(monkeypatch)
    html = submit(client, title="", reporter_phone="13900000002").content.decode()
    assert 'name="title"' in html and 'id="reference"' not in html  # the form again, not saved
    assert trips.count == 3
    counters = caches["ratelimit"]
    assert counters.get("ratelimit:intake:127.0.0.1") == 1
    assert counters.get("ratelimit:intake-attempt:127.0.0.1") == 2
    phone = ratelimit.private_subject("13900000002")
    assert counters.get(f"ratelimit:intake-phone:{phone}") == 0


@pytest.mark.usefixtures("redis_up")
def test_a_page_waits_for_redis_twice_and_shows_a_change_at_once(client, monkeypatch) -> None:
    url = "/studio-06/news/news-1/"
    page = NewsPage.objects.get(url_path__endswith="/studio-06/news/news-1/")
    client.get(url)  # kept: its route, listing the page's own fragments, and the fragments
    trips = RoundTrips(monkeypatch)
    assert page.title in client.get(url).content.decode()
    assert trips.count == 2
    page.title = "路灯修好了"
    page.save_revision().publish()
    assert "路灯修好了" in client.get(url).content.decode()


@pytest.mark.usefixtures("redis_up")
def test_giving_back_never_recreates_a_counter_nor_takes_one_below_zero() -> None:
    counters = caches["ratelimit"]
    counters.count_many(["ratelimit:once"], 60)
    counters.give_back(["ratelimit:once", "ratelimit:gone"])  # "gone" expired meanwhile
    counters.give_back(["ratelimit:once"])
    assert counters.get("ratelimit:once") == 0
    assert counters.get("ratelimit:gone") is None


@pytest.mark.usefixtures("redis_up")
def test_with_redis_the_limits_count_saved_submissions_per_phone_and_per_client(client) -> None:
    assert submit(client, title="").status_code == 200  # refused by the form: not counted
    for n in range(5):
        assert submit(client, title=f"同号 {n}").status_code == 200
    refused = submit(client, title="同号第六次")
    assert refused.status_code == 429 and "这个手机号码一小时内已经提交了较多诉求" in (
        refused.content.decode()
    )
    for n in range(5):
        assert (
            submit(client, title=f"换号 {n}", reporter_phone=f"1390000{n:04d}").status_code == 200
        )
    assert submit(client, title="第十一次", reporter_phone="13700000000").status_code == 429
    assert Case.objects.filter(title__startswith="同号").count() == 5
    assert not Case.objects.filter(title__in=["同号第六次", "第十一次"]).exists()


@pytest.mark.usefixtures("redis_up")
def test_a_value_read_ahead_is_read_again_once_written() -> None:
    shared = caches["default"]
    shared.set("tables", [1, 2])
    shared.delete("absent")
    with shared.reading_ahead(["tables", "absent"]):
        assert shared.get("tables") == [1, 2]
        assert shared.get("absent", "default") == "default"
        shared.set("tables", [3])
        assert shared.get("tables") == [3]
        assert shared.get_or_set("absent", "computed") == "computed"
    assert shared.get("absent") == "computed"
    shared.delete_many(["tables", "absent"])
