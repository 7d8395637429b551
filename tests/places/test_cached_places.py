"""The places the public form offers are cached and forgotten when a community or estate changes."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.places import cached_places
from tests.factories import places as p

pytestmark = pytest.mark.django_db


def test_active_places_are_cached_grouped_and_forgotten_on_change():
    dong_er = p.community("dong-er", "东二社区", sort_order=1)
    garden = p.estate(dong_er, "示例花园")
    p.estate(dong_er, "停用小区", active=False)
    p.community("old", "撤并社区", active=False)
    assert cached_places.active_places() == [
        {"pk": dong_er.pk, "name": "东二社区", "estates": [{"pk": garden.pk, "name": "示例花园"}]}
    ]
    with CaptureQueriesContext(connection) as queries:
        cached_places.active_places()
    assert len(queries) == 0
    garden.name = "示例新花园"
    garden.save()
    assert cached_places.active_places()[0]["estates"][0]["name"] == "示例新花园"
