"""Redis unreachable on a real deployment: the site started by the production entrypoint (two gunicorn
workers) with REDIS_URL pointing at a closed port still serves pages, saves submissions, refuses lookups
in Chinese and keeps staff logged in."""

import re
import socket

import pytest

from tests.live_client import LiveClient
from tests.live_site import running_site


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def site_without_redis():
    with running_site(REDIS_URL=f"redis://127.0.0.1:{closed_port()}/2") as base_url:
        yield base_url


def test_the_site_works_while_redis_is_down(site_without_redis) -> None:
    resident = LiveClient(site_without_redis)
    assert resident.get("/").status == 200
    form = resident.get("/issues/new/?topic=other")
    category = re.search(r'<option value="(\d+)"', form.text).group(1)
    submitted = resident.post_form(
        "/issues/new/?topic=other",
        {
            "category": category,
            "place": "other",
            "address": "示例花园",
            "title": "Redis 停了",
            "description": "路灯坏了。",
            "reporter_name": "陈阿姨",
            "reporter_phone": "13800012345",
            "consent": "on",
        },
    )
    assert submitted.status == 200 and "查询码" in submitted.text
    reference = re.search(r"GC-\d{4}-\d{6}", submitted.text).group(0)
    lookup = resident.post_form("/issues/status/", {"reference": reference, "code": "AAAAAAAAA"})
    assert lookup.status == 503 and "暂时无法查询" in lookup.text

    staff = LiveClient(site_without_redis)
    assert staff.log_in("worker06", "qiandeng-demo").status == 302
    for _ in range(4):  # both workers, one session kept in the database
        assert staff.get("/admin/").status == 200
