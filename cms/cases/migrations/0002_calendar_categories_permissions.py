"""Working-day calendar for 2026–2027, a default category catalogue per studio, and the roles' model rights.

2026 follows the State Council's published schedule; 2027 holds the statutory holidays only, until its
schedule (with make-up working days) is published: staff complete it under 案件管理 → 节假日与调休.
Which cases a user may touch is decided per studio in ``cms.core.access``; these are the model-level rights.
"""

import datetime

from django.contrib.auth.management import create_permissions
from django.db import migrations


def _days(first: str, last: str) -> list[datetime.date]:
    start, end = datetime.date.fromisoformat(first), datetime.date.fromisoformat(last)
    return [start + datetime.timedelta(days=n) for n in range((end - start).days + 1)]


HOLIDAYS = [
    ("2026-01-01", "2026-01-03", "元旦"),
    ("2026-02-15", "2026-02-23", "春节"),
    ("2026-04-04", "2026-04-06", "清明节"),
    ("2026-05-01", "2026-05-05", "劳动节"),
    ("2026-06-19", "2026-06-21", "端午节"),
    ("2026-09-25", "2026-09-27", "中秋节"),
    ("2026-10-01", "2026-10-07", "国庆节"),
    ("2027-01-01", "2027-01-01", "元旦"),
    ("2027-02-05", "2027-02-08", "春节（法定假日，调休待公布）"),
    ("2027-04-05", "2027-04-05", "清明节"),
    ("2027-05-01", "2027-05-02", "劳动节（法定假日，调休待公布）"),
    ("2027-06-09", "2027-06-09", "端午节"),
    ("2027-09-15", "2027-09-15", "中秋节"),
    ("2027-10-01", "2027-10-03", "国庆节（法定假日，调休待公布）"),
]
MAKE_UP_WORKDAYS = [
    ("2026-01-04", "元旦调休"),
    ("2026-02-14", "春节调休"),
    ("2026-02-28", "春节调休"),
    ("2026-05-09", "劳动节调休"),
    ("2026-09-20", "国庆节调休"),
    ("2026-10-10", "国庆节调休"),
]
# name, working days, priority: the 12345 practice (consultation 3, complaint 13, emergencies same day).
DEFAULT_CATEGORIES = [
    ("咨询", 3, "normal"),
    ("求助", 5, "normal"),
    ("建议", 10, "normal"),
    ("投诉", 13, "normal"),
    ("紧急求助", 0, "emergency"),
]
RIGHTS = {
    "case_workers_group": [
        "add_case",
        "change_case",
        "view_case",
        "view_casecategory",
        "view_handlingunit",
    ],
    "leads_group": [
        "add_case",
        "change_case",
        "view_case",
        "add_casecategory",
        "change_casecategory",
        "view_casecategory",
        "add_handlingunit",
        "change_handlingunit",
        "view_handlingunit",
    ],
}
COMMITTEE_OFFICE_RIGHTS = RIGHTS["leads_group"] + [
    "add_calendarday",
    "change_calendarday",
    "delete_calendarday",
    "view_calendarday",
]


def create(apps, schema_editor):
    CalendarDay = apps.get_model("cases", "CalendarDay")
    CaseCategory = apps.get_model("cases", "CaseCategory")
    Studio = apps.get_model("studios", "Studio")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    for first, last, name in HOLIDAYS:
        for day in _days(first, last):
            CalendarDay.objects.get_or_create(date=day, defaults={"kind": "holiday", "name": name})
    for day, name in MAKE_UP_WORKDAYS:
        CalendarDay.objects.get_or_create(
            date=datetime.date.fromisoformat(day), defaults={"kind": "workday", "name": name}
        )

    for studio in Studio.objects.all():
        for name, days, priority in DEFAULT_CATEGORIES:
            CaseCategory.objects.get_or_create(
                studio=studio, name=name, defaults={"deadline_days": days, "priority": priority}
            )

    config = apps.get_app_config("cases")
    config.models_module = True
    create_permissions(config, apps=apps, verbosity=0)
    config.models_module = None

    def grant(group, codenames):
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label="cases", codename__in=codenames)
        )

    for studio in Studio.objects.select_related("case_workers_group", "leads_group"):
        for field, codenames in RIGHTS.items():
            grant(getattr(studio, field), codenames)
    grant(Group.objects.get(name="委员会办公室"), COMMITTEE_OFFICE_RIGHTS)


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial"), ("studios", "0002_studios_groups_workflow")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
