"""Locates existing cases at places: a location text that names a community or an estate exactly becomes
the case's community (and estate), and the text is cleared; any other text stays as it was. Each located
case gets a history entry. Nothing is lost: reversing puts the place's names back into the text."""

from django.db import migrations

from cms.places.migration_helpers import place_index, save_with_history

REASON = "迁移：按文字匹配社区/小区"


def locate(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    index = place_index(apps)
    for case in Case.objects.exclude(location_text="").filter(community__isnull=True).iterator():
        match = index.match(case.location_text)
        if match is None:
            continue
        case.community_id, case.estate_id = match.community_id, match.estate_id
        case.location_text = ""
        save_with_history(apps, "cases", "Case", case, REASON)


def restore_text(apps, schema_editor):
    Case = apps.get_model("cases", "Case")
    located = Case.objects.filter(community__isnull=False, location_text="")
    for case in located.select_related("community", "estate").iterator():
        names = [case.community.name] + ([case.estate.name] if case.estate_id else [])
        case.location_text = "".join(names)
        case.save(update_fields=["location_text"])


class Migration(migrations.Migration):
    dependencies = [("cases", "0005_case_places")]

    operations = [migrations.RunPython(locate, restore_text)]
