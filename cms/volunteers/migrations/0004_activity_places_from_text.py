"""Locates existing activities at places where their venue text names a community or an estate exactly.
The venue text stays (it is where volunteers meet); each located activity gets a history entry."""

from django.db import migrations

from cms.places.migration_helpers import place_index, save_with_history

REASON = "迁移：按地点文字匹配社区/小区"


def locate(apps, schema_editor):
    ServiceActivity = apps.get_model("volunteers", "ServiceActivity")
    index = place_index(apps)
    for activity in ServiceActivity.objects.filter(community__isnull=True).iterator():
        match = index.match(activity.place)
        if match is not None:
            activity.community_id, activity.estate_id = match.community_id, match.estate_id
            save_with_history(apps, "volunteers", "ServiceActivity", activity, REASON)


class Migration(migrations.Migration):
    dependencies = [
        ("volunteers", "0003_activity_places"),
        ("places", "0001_communities_estates_grid_cells"),
    ]

    operations = [migrations.RunPython(locate, migrations.RunPython.noop)]
