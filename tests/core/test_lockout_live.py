"""The login lockout holds across app servers: two servers started by the production entrypoint (each
with two gunicorn workers) share one database; five failures on the first lock the account on the second."""

import pytest

from tests.live_client import LiveClient
from tests.live_site import running_sites


@pytest.fixture(scope="module")
def two_app_servers():
    with running_sites(2) as urls:
        yield urls


def test_five_failures_on_one_server_lock_the_account_on_the_other(two_app_servers) -> None:
    first, second = two_app_servers
    # Clients as the proxy on the same host names them (127.0.0.1 is a trusted proxy by default).
    guesser, owner, colleague = ({"X-Real-IP": f"203.0.113.{n}"} for n in (10, 11, 12))
    for _ in range(4):
        assert LiveClient(first, guesser).log_in("lead04", "wrong-password").status == 200
    assert LiveClient(first, guesser).log_in("lead04", "wrong-password").status == 429
    locked = LiveClient(second, owner).log_in("lead04", "qiandeng-demo")
    assert locked.status == 429 and "登录已暂时锁定" in locked.text
    assert LiveClient(second, colleague).log_in("lead05", "qiandeng-demo").status == 302
    assert LiveClient(second, guesser).log_in("lead05", "qiandeng-demo").status == 429
