"""The committee office reads the personal-data access log; nobody is given the right to change it."""

from django.contrib.auth.management import create_permissions
from django.db import migrations


def grant(apps, schema_editor):
    config = apps.get_app_config("core")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Group.objects.get(name="委员会办公室").permissions.add(
        Permission.objects.get(content_type__app_label="core", codename="view_personaldataaccess")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_personal_data_access"),
        ("studios", "0002_studios_groups_workflow"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
