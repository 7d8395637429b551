"""The Content-Security-Policy: strict on the public site (no inline script, no other hosts), Wagtail's
needs on the admin, enforced outside development."""

import re

import pytest
from django.urls import reverse

from tests.conftest import login

pytestmark = pytest.mark.django_db


def directives(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.parametrize("url", ["/", "/services/", "/issues/new/", "/issues/status/"])
def test_public_pages_allow_only_this_origins_files(client, url) -> None:
    policy = directives(client.get(url))
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'self'"]
    assert not any("unsafe" in value or "http" in value for v in policy.values() for value in v)


@pytest.mark.parametrize("url", ["/", "/services/", "/issues/new/"])
def test_public_pages_carry_no_inline_script_or_style(client, url) -> None:
    html = client.get(url).content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)  # no inline script element
    assert not re.search(r"\son[a-z]+=", html)  # no event handler attribute
    assert not re.search(r"\sstyle=|<style", html)


def test_admin_pages_get_the_admin_policy(client) -> None:
    login(client, "worker06")
    policy = directives(client.get(reverse("wagtailadmin_home")))
    assert "'unsafe-inline'" in policy["style-src"]
    assert policy["default-src"] == ["'self'"] and policy["object-src"] == ["'none'"]
    assert not any("http" in value for v in policy.values() for value in v)


def test_the_admin_login_page_is_covered(client) -> None:
    assert "Content-Security-Policy" in client.get(reverse("wagtailadmin_login"))


def test_development_only_reports(client, settings) -> None:
    settings.CONTENT_SECURITY_POLICY_REPORT_ONLY = settings.CONTENT_SECURITY_POLICY
    settings.CONTENT_SECURITY_POLICY = None
    response = client.get("/")
    assert "Content-Security-Policy" not in response
    assert "script-src 'self'" in response["Content-Security-Policy-Report-Only"]
