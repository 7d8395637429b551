"""The admin speaks Chinese: every model and field of ours has a Chinese verbose name."""

import re

import pytest
from django.apps import apps

CJK = re.compile(r"[\u4e00-\u9fff]")
# Inherited from Wagtail or Django, which translate them themselves.
INHERITED = {"id", "page_ptr", "site", "task_ptr", "tag", "sort_order"}


def our_models():
    """Every model of every app under ``cms/``, today's and those still to come."""
    for config in apps.get_app_configs():
        if not config.name.startswith("cms."):
            continue
        for model in config.get_models():
            if not model.__name__.startswith("Historical"):  # django-simple-history's own tables
                yield model


def test_every_app_of_ours_is_covered():
    covered = {model._meta.app_label for model in our_models()}
    assert {"core", "studios", "cases", "mediation", "volunteers", "committee"} <= covered


@pytest.mark.parametrize("model", list(our_models()), ids=lambda m: m.__name__)
def test_model_and_its_own_fields_have_chinese_names(model):
    assert CJK.search(str(model._meta.verbose_name)), model
    assert CJK.search(str(model._meta.verbose_name_plural)), model
    for field in [*model._meta.local_fields, *model._meta.local_many_to_many]:
        if field.auto_created or field.name in INHERITED:
            continue
        assert CJK.search(str(field.verbose_name)), f"{model.__name__}.{field.name}"
