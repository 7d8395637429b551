"""The admin speaks Chinese: every model and field of ours has a Chinese verbose name."""

import re

import pytest
from django.apps import apps

CJK = re.compile(r"[\u4e00-\u9fff]")
OUR_APPS = ("core", "studios", "cases")
# Inherited from Wagtail or Django, which translate them themselves.
INHERITED = {"id", "page_ptr", "site", "task_ptr", "tag", "sort_order"}


def our_models():
    for label in OUR_APPS:
        for model in apps.get_app_config(label).get_models():
            if not model.__name__.startswith("Historical"):  # django-simple-history's own tables
                yield model


@pytest.mark.parametrize("model", list(our_models()), ids=lambda m: m.__name__)
def test_model_and_its_own_fields_have_chinese_names(model):
    assert CJK.search(str(model._meta.verbose_name)), model
    assert CJK.search(str(model._meta.verbose_name_plural)), model
    for field in [*model._meta.local_fields, *model._meta.local_many_to_many]:
        if field.auto_created or field.name in INHERITED:
            continue
        assert CJK.search(str(field.verbose_name)), f"{model.__name__}.{field.name}"
