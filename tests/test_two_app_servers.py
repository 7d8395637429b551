"""Two app servers, one database, one Redis: the topology of compose.yaml, proven with processes.

Both gunicorns start through docker/entrypoint.sh on a copy of the run's migrated seed (the first runs
the migrate step and builds the site's skeleton, the second only serves) and are reached the way nginx
reaches them: the public host name, HTTPS said by X-Forwarded-Proto, the client's address in X-Real-IP. On the PostgreSQL run (CI) they share Redis for
cache, sessions and rate limits; on SQLite they share the database's cache table and sessions.
Two task workers taking each task once is proven with the task queue (the notifications work), not here.
"""

import json
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

from cms.cases.public import LOOKUPS_PER_HOUR
from tests.live_site import (
    ROOT,
    free_port,
    manage,
    production_env,
    seeded_database,
    seeded_static_root,
    served,
    shared_redis_url,
)

HOST = "qiandeng.example.org"
CLIENT_ADDRESS = "203.0.113.9"
PASSWORD = "two-servers-Passw0rd"
# Run by a separate process: a draft of the privacy notice, waiting to be published.
SAVE_DRAFT = """
from cms.studios.models import StandardPage
page = StandardPage.objects.get(slug="privacy")
page.intro = "修订后的隐私声明"
page.save_revision()
print(page.pk)
"""


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class ProxiedClient:
    """Speaks to an app server as nginx forwards a browser: keeps its cookies, follows no redirects."""

    def __init__(self):
        self.cookies: dict[str, str] = {}
        self.opener = urllib.request.build_opener(_NoRedirects)

    def request(self, server: str, path: str, data: dict | None = None):
        headers = {
            "Host": HOST,
            "X-Forwarded-Proto": "https",
            "X-Real-IP": CLIENT_ADDRESS,
            "Referer": f"https://{HOST}{path}",
            "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
        }
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(server + path, data=body, headers=headers)
        try:
            response = self.opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, value = cookie.split(";", 1)[0].split("=", 1)
                self.cookies[name] = value
            return response.status, response.headers, response.read().decode()

    def csrf_token(self, server: str, path: str) -> str:
        _, _, html = self.request(server, path)
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def _flush(redis_url: str | None) -> None:
    if redis_url:
        import redis

        redis.Redis.from_url(redis_url).flushdb()


def test_two_app_servers_share_logins_rate_limits_and_the_page_cache(tmp_path: Path):
    redis_url = shared_redis_url()
    _flush(redis_url)
    with seeded_database(tmp_path, seed="migrated") as database_url:
        shared = {"REDIS_URL": redis_url} if redis_url else {}
        env = production_env(
            tmp_path,
            database_url,
            ALLOWED_HOSTS=f"{HOST},127.0.0.1",
            SECURE_SSL_REDIRECT="true",
            STATIC_ROOT=str(seeded_static_root()),
            **shared,
        )
        with served({**env, "RUN_MIGRATIONS": "1"}, free_port(), workers=1) as first:
            manage(
                {**env, "DJANGO_SUPERUSER_PASSWORD": PASSWORD},
                "createsuperuser",
                "--noinput",
                "--username=chief",
                "--email=chief@example.org",
            )
            with served({**env, "RUN_MIGRATIONS": "0"}, free_port(), workers=1) as second:
                # The scheduler's tick queues the heartbeat job and a task worker runs it: /readyz
                # then sees the worker alive, as behind the compose stack's worker and scheduler.
                manage(env, "run_schedules")
                manage(env, "db_worker", "--batch", "--no-reload", "--no-startup-delay")
                _readiness(env, second, redis_url)
                _login_on_one_is_valid_on_the_other(first, second)
                _the_lookup_limit_counts_across_both(first, second)
                _publishing_on_one_purges_the_cached_page_on_the_other(env, first, second)
        access = [json.loads(line) for line in _log(tmp_path, first) if line.startswith("{")]
        login = [line for line in access if line.get("path") == "/admin/login/"]
        assert login and all(line["request_id"] for line in login)
    _flush(redis_url)


def _log(workdir: Path, server: str) -> list[str]:
    port = server.rsplit(":", 1)[1]
    return (workdir / f"server-{port}.log").read_text().splitlines()


def _readiness(env: dict, server: str, redis_url: str | None) -> None:
    port = server.rsplit(":", 1)[1]
    probe = subprocess.run(
        [sys.executable, "docker/healthcheck.py", "/readyz"],
        cwd=ROOT,
        env={**env, "BIND": f"127.0.0.1:{port}"},
        capture_output=True,
        text=True,
    )
    assert probe.returncode == 0, (
        probe.stderr
    )  # plain HTTP: the health URLs skip the HTTPS redirect
    _, _, body = ProxiedClient().request(server, "/readyz")
    assert json.loads(body)["checks"]["redis"] == ("ok" if redis_url else "skipped")


def _login_on_one_is_valid_on_the_other(first: str, second: str) -> None:
    staff = ProxiedClient()
    assert staff.request(second, "/admin/")[0] == 302, "not signed in yet"
    token = staff.csrf_token(first, "/admin/login/")
    status, _, _ = staff.request(
        first,
        "/admin/login/",
        {"csrfmiddlewaretoken": token, "username": "chief", "password": PASSWORD},
    )
    assert status == 302 and "sessionid" in staff.cookies
    status, _, html = staff.request(second, "/admin/")
    assert status == 200 and "chief" in html


def _the_lookup_limit_counts_across_both(first: str, second: str) -> None:
    resident = ProxiedClient()
    token = resident.csrf_token(first, "/issues/status/")
    statuses = []
    for attempt in range(LOOKUPS_PER_HOUR + 1):
        server = (first, second)[attempt % 2]
        data = {"csrfmiddlewaretoken": token, "reference": "Q-0000-0000", "code": "WRONG"}
        statuses.append(resident.request(server, "/issues/status/", data)[0])
    assert statuses == [200] * LOOKUPS_PER_HOUR + [429]


def _publishing_on_one_purges_the_cached_page_on_the_other(env, first: str, second: str) -> None:
    # The last line: logs go to standard output too, as JSON lines.
    page_id = manage(env, "shell", "--no-imports", "-c", SAVE_DRAFT).splitlines()[-1]
    visitor = ProxiedClient()
    visitor.request(second, "/privacy/")
    _, headers, html = visitor.request(second, "/privacy/")
    assert headers["X-Page-Cache"] == "hit" and "修订后的隐私声明" not in html

    editor = ProxiedClient()
    token = editor.csrf_token(first, "/admin/login/")
    editor.request(
        first,
        "/admin/login/",
        {"csrfmiddlewaretoken": token, "username": "chief", "password": PASSWORD},
    )
    publish = f"/admin/bulk/wagtailcore/page/publish/?id={page_id}"
    token = editor.csrf_token(first, publish)
    assert editor.request(first, publish, {"csrfmiddlewaretoken": token})[0] == 302

    _, headers, html = visitor.request(second, "/privacy/")
    assert headers["X-Page-Cache"] == "miss" and "修订后的隐私声明" in html
