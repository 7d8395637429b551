"""Wagtail's migrations create a root page and collection, two groups and a (since replaced) workflow with English names,
which the admin shows to staff; they get Chinese names."""

from django.db import migrations

PAGES = {"Root": "根目录"}
COLLECTIONS = {"Root": "根目录"}
GROUPS = {
    "Editors": "网站编辑（Wagtail 默认，未使用）",
    "Moderators": "网站审核（Wagtail 默认，未使用）",
}
WORKFLOWS = {"Moderators approval": "审核员审核（Wagtail 默认，未启用）"}
TASKS = {"Moderators approval": "审核员审核（Wagtail 默认，未使用）"}


def rename(apps, names: dict[str, str], model: str, field: str = "name", reverse: bool = False):
    manager = apps.get_model(*model.split(".")).objects
    for old, new in names.items():
        if reverse:
            old, new = new, old
        extra = {"draft_title": new} if field == "title" else {}
        manager.filter(**{field: old}).update(**{field: new}, **extra)


def forwards(apps, schema_editor, reverse=False):
    rename(apps, PAGES, "wagtailcore.Page", "title", reverse)
    rename(apps, COLLECTIONS, "wagtailcore.Collection", reverse=reverse)
    rename(apps, GROUPS, "auth.Group", reverse=reverse)
    rename(apps, WORKFLOWS, "wagtailcore.Workflow", reverse=reverse)
    rename(apps, TASKS, "wagtailcore.Task", reverse=reverse)


def backwards(apps, schema_editor):
    forwards(apps, schema_editor, reverse=True)


class Migration(migrations.Migration):
    dependencies = [("studios", "0003_verbose_names")]

    operations = [migrations.RunPython(forwards, backwards)]
