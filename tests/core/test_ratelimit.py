"""Rate limits count the client's real address: a forwarded header counts only when it comes from one of
our own proxies (``TRUSTED_PROXIES``); from anyone else it is ignored and the socket address counts."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from cms.core.ratelimit import client_id

PROXY = "10.0.0.5"


def request_from(remote: str, **headers: str):
    return RequestFactory().get("/", REMOTE_ADDR=remote, **headers)


def test_a_forged_header_from_a_client_is_ignored(settings) -> None:
    settings.RATELIMIT_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_id(request_from("198.51.100.9", HTTP_X_REAL_IP="203.0.113.1")) == "198.51.100.9"


def test_the_header_of_a_trusted_proxy_names_the_client(settings) -> None:
    settings.TRUSTED_PROXIES = ["10.0.0.0/24"]
    assert client_id(request_from(PROXY, HTTP_X_REAL_IP="203.0.113.1")) == "203.0.113.1"
    assert client_id(request_from(PROXY)) == PROXY  # the proxy set nothing: count the proxy


def test_with_several_hops_the_last_untrusted_address_is_the_client(settings) -> None:
    settings.TRUSTED_PROXIES = [PROXY, "10.0.0.6"]
    settings.RATELIMIT_CLIENT_IP_HEADER = "HTTP_X_FORWARDED_FOR"
    # The client wrote "1.2.3.4" itself; our edge proxy appended what it saw, then the inner one.
    forwarded = "1.2.3.4, 203.0.113.1, 10.0.0.6"
    assert client_id(request_from(PROXY, HTTP_X_FORWARDED_FOR=forwarded)) == "203.0.113.1"


def test_a_garbled_header_from_a_proxy_counts_against_the_proxy(settings) -> None:
    settings.TRUSTED_PROXIES = [PROXY]
    assert client_id(request_from(PROXY, HTTP_X_REAL_IP="not-an-address")) == PROXY


@pytest.mark.django_db
def test_a_client_cannot_escape_the_lookup_limit_by_forging_x_real_ip(client, settings) -> None:
    settings.RATELIMIT_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"  # as in production
    settings.TRUSTED_PROXIES = [PROXY]
    statuses = [
        client.post(
            reverse("case_status"),
            {"reference": "GC-2026-000000", "code": "AAAAAAAAA"},
            HTTP_X_REAL_IP=f"203.0.113.{n}",
        ).status_code
        for n in range(31)
    ]
    assert statuses == [200] * 30 + [429]


@pytest.mark.django_db
def test_behind_a_trusted_proxy_each_client_has_its_own_limit(client, settings) -> None:
    settings.TRUSTED_PROXIES = ["127.0.0.1"]  # the test client's socket address
    for _ in range(30):
        client.post(
            reverse("case_status"),
            {"reference": "GC-2026-000000", "code": "AAAAAAAAA"},
            HTTP_X_REAL_IP="203.0.113.1",
        )
    other = client.post(
        reverse("case_status"),
        {"reference": "GC-2026-000000", "code": "AAAAAAAAA"},
        HTTP_X_REAL_IP="203.0.113.2",
    )
    assert other.status_code == 200
