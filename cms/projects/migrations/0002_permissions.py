"""Model rights for the project ledger's admin: every studio's case workers and leads, and the committee
office. Which projects each of them reaches is then narrowed by ``cms.core.access`` (MANAGE_PROJECTS)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RIGHTS = ["add_project", "change_project", "view_project"]


def grant_rights(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Studio = apps.get_model("studios", "Studio")

    config = apps.get_app_config("projects")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None

    rights = Permission.objects.filter(content_type__app_label="projects", codename__in=RIGHTS)
    for studio in Studio.objects.select_related("case_workers_group", "leads_group"):
        studio.case_workers_group.permissions.add(*rights)
        studio.leads_group.permissions.add(*rights)
    Group.objects.get(name="委员会办公室").permissions.add(*rights)


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0001_initial"),
        ("studios", "0002_studios_groups_workflow"),
    ]

    operations = [migrations.RunPython(grant_rights, migrations.RunPython.noop)]
