"""Model rights for the mediation admin. Which files a user reaches is then narrowed by ``cms.core.access``."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

FILE_RIGHTS = ["add_mediationfile", "change_mediationfile", "view_mediationfile", "view_mediator"]
ROSTER_RIGHTS = ["add_mediator", "change_mediator"]
RIGHTS = {
    "case_workers_group": FILE_RIGHTS,
    "leads_group": FILE_RIGHTS + ROSTER_RIGHTS,
}


def grant_rights(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    Studio = apps.get_model("studios", "Studio")

    config = apps.get_app_config("mediation")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None

    def grant(group, codenames):
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="mediation", codename__in=codenames)
        )

    for studio in Studio.objects.select_related("case_workers_group", "leads_group"):
        for field, codenames in RIGHTS.items():
            grant(getattr(studio, field), codenames)
    grant(Group.objects.get(name="委员会办公室"), FILE_RIGHTS + ROSTER_RIGHTS)


class Migration(migrations.Migration):
    dependencies = [
        ("mediation", "0001_initial"),
        ("cases", "0003_case_kind"),
        ("studios", "0002_studios_groups_workflow"),
    ]

    operations = [migrations.RunPython(grant_rights, migrations.RunPython.noop)]
