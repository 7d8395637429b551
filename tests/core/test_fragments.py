"""``{% fragment %}`` (cms/core/templatetags/fragments.py): what is kept, under which key, and what never is."""

import datetime

import pytest
from django.core.cache import cache
from django.template import engines
from django.test import RequestFactory
from django.utils import timezone, translation

from cms.core import content_version, page_cache
from cms.core.templatetags import fragments

TEMPLATE = '{% load fragments %}{% fragment "test" key %}{{ shown }}{% endfragment %}'


def render(source: str, request=None, **context) -> str:
    return engines["django"].from_string(source).render(context, request)


def a_request():
    return RequestFactory().get("/")


def test_a_fragment_is_kept_until_the_content_changes():
    assert render(TEMPLATE, a_request(), key=1, shown="第一版") == "第一版"
    assert render(TEMPLATE, a_request(), key=1, shown="第二版") == "第一版"
    page_cache.invalidate()
    assert render(TEMPLATE, a_request(), key=1, shown="第二版") == "第二版"


def test_a_fragment_is_kept_per_value_it_varies_on():
    render(TEMPLATE, a_request(), key=1, shown="一")
    assert render(TEMPLATE, a_request(), key=2, shown="二") == "二"


def test_without_a_request_nothing_is_kept():
    render(TEMPLATE, key=1, shown="一")
    assert render(TEMPLATE, a_request(), key=1, shown="二") == "二"


def test_a_fragment_that_uses_the_csrf_token_is_never_kept():
    source = '{% load fragments %}{% fragment "form" %}{% csrf_token %}{% endfragment %}'
    first, second = a_request(), a_request()
    first_html = render(source, first)
    second_html = render(source, second)
    assert "csrfmiddlewaretoken" in second_html
    assert "CSRF_COOKIE" in second.META  # rendered for this visitor, with a token of their own
    assert second_html != first_html


def test_a_time_bound_fragment_is_kept_until_then_and_not_at_all_once_past():
    source = '{% load fragments %}{% fragment "soon" until=until %}{{ shown }}{% endfragment %}'
    later = timezone.now() + datetime.timedelta(hours=1)
    render(source, a_request(), until=later, shown="一")
    assert render(source, a_request(), until=later, shown="二") == "一"
    page_cache.invalidate()
    past = timezone.now() - datetime.timedelta(seconds=1)
    render(source, a_request(), until=past, shown="一")
    assert render(source, a_request(), until=past, shown="二") == "二"


@pytest.mark.parametrize("escaped", ["<b>", "&"])
def test_a_kept_fragment_is_served_as_rendered_and_escaped(escaped):
    render(TEMPLATE, a_request(), key=escaped, shown=escaped)
    again = render(TEMPLATE, a_request(), key=escaped, shown="x")
    assert again == render(TEMPLATE, None, key=escaped, shown=escaped)


def test_the_site_fragments_are_kept_under_the_keys_a_view_reads_ahead():
    source = '{% load fragments %}{% fragment "site-footer" %}{{ shown }}{% endfragment %}'
    with translation.override("en"):
        render(source, a_request(), shown="footer")
        english = cache.get(fragments.site_keys()[1])
    with translation.override("zh-hans"):
        assert cache.get(fragments.site_keys()[1]) is None  # kept per language
    assert english == (content_version.current(a_request()), "footer")
