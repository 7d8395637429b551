"""The data migration that locates old cases at places, run on today's models: exact names become places
(with a history entry), anything else keeps its text."""

from importlib import import_module

import pytest
from django.apps import apps

from cms.cases.models import Case
from tests.factories import cases as f
from tests.factories import places as p

pytestmark = pytest.mark.django_db
migration = import_module("cms.cases.migrations.0006_case_places_from_text")


def test_old_texts_that_name_a_place_are_located_and_the_rest_stay_text():
    dong_er = p.community("dong-er", "东二社区")
    garden = p.estate(dong_er, "示例花园")
    named = {
        text: f.new_case(location_text=text).pk
        for text in ("东二社区示例花园", "东二社区", "示例花园", "千灯湖某大厦 3 座")
    }
    migration.locate(apps, None)
    located = {
        text: Case.objects.values_list("community_id", "estate_id", "location_text").get(pk=pk)
        for text, pk in named.items()
    }
    assert located == {
        "东二社区示例花园": (dong_er.pk, garden.pk, ""),
        "东二社区": (dong_er.pk, None, ""),
        "示例花园": (dong_er.pk, garden.pk, ""),
        "千灯湖某大厦 3 座": (None, None, "千灯湖某大厦 3 座"),
    }
    entry = Case.objects.get(pk=named["示例花园"]).history.first()
    assert (entry.history_type, entry.history_change_reason) == ("~", migration.REASON)
    assert (entry.community_id, entry.estate_id, entry.location_text) == (dong_er.pk, garden.pk, "")
    assert Case.objects.get(pk=named["千灯湖某大厦 3 座"]).history.count() == 1
