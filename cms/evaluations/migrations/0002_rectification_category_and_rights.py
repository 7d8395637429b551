"""Studio 06's case category for the rectification (整改) cases a finished round opens, and the admin rights
of the evaluators: every studio's case workers (who score as inspectors) and leads, and the committee office.
Which studio's evaluations each of them sees is decided by ``cms.core.access`` (MANAGE_EVALUATIONS)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

RECTIFICATION_CATEGORY = ("物业服务整改", 20, "normal")
RIGHTS = [
    "add_scheme",
    "change_scheme",
    "view_scheme",
    "add_criterion",
    "change_criterion",
    "view_criterion",
    "add_round",
    "change_round",
    "view_round",
]


def create(apps, schema_editor):
    Studio = apps.get_model("studios", "Studio")
    CaseCategory = apps.get_model("cases", "CaseCategory")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    name, days, priority = RECTIFICATION_CATEGORY
    studio = Studio.objects.filter(code="06").first()
    if studio is not None:
        CaseCategory.objects.get_or_create(
            studio=studio, name=name, defaults={"deadline_days": days, "priority": priority}
        )

    config = apps.get_app_config("evaluations")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None
    rights = list(
        Permission.objects.filter(content_type__app_label="evaluations", codename__in=RIGHTS)
    )
    for studio in Studio.objects.select_related("case_workers_group", "leads_group"):
        studio.case_workers_group.permissions.add(*rights)
        studio.leads_group.permissions.add(*rights)
    Group.objects.get(name="委员会办公室").permissions.add(*rights)


class Migration(migrations.Migration):
    dependencies = [
        ("evaluations", "0001_initial"),
        ("cases", "0002_calendar_categories_permissions"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
