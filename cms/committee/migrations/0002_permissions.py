"""Model rights for the resource bank: every case handler may read and add; ``ResourcePermissionHelper``
then lets only a resource's owner studios (and the committee office) change it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RIGHTS = ["add_resource", "change_resource", "view_resource", "add_resourceuse", "view_resourceuse"]


def grant_rights(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Studio = apps.get_model("studios", "Studio")

    config = apps.get_app_config("committee")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None

    rights = Permission.objects.filter(content_type__app_label="committee", codename__in=RIGHTS)
    for studio in Studio.objects.select_related("case_workers_group", "leads_group"):
        studio.case_workers_group.permissions.add(*rights)
        studio.leads_group.permissions.add(*rights)
    Group.objects.get(name="委员会办公室").permissions.add(*rights)


class Migration(migrations.Migration):
    dependencies = [
        ("committee", "0001_resource_bank"),
        ("studios", "0002_studios_groups_workflow"),
    ]

    operations = [migrations.RunPython(grant_rights, migrations.RunPython.noop)]
