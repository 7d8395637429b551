"""Teams, volunteers, activities and service records built through the real services."""

import datetime

from django.utils import timezone

from cms.studios.models import Studio
from cms.volunteers import services
from cms.volunteers.models import ServiceActivity, ServiceRecord, Team, Volunteer
from tests.factories.cases import user

# 2026-03-02 09:00 local time: a Monday morning.
MORNING = timezone.make_aware(datetime.datetime(2026, 3, 2, 9, 0))


def team(
    studio_code: str = "04", name: str = "科学家第二课堂志愿服务队", public: bool = True
) -> Team:
    return Team.objects.create(
        studio=Studio.objects.get(code=studio_code),
        name=name,
        leader=user(f"lead{studio_code}"),
        public=public,
    )


def volunteer(studio_code: str = "04", phone: str = "13700001234", **fields) -> Volunteer:
    values = {"name": "陈晓明", "izhiyuan_number": "GD1234567890", "consented_at": timezone.now()}
    values.update(fields)
    return services.save_volunteer(
        user(f"worker{studio_code}"),
        Volunteer(studio=Studio.objects.get(code=studio_code), phone=phone, **values),
    )


def activity(of_team: Team, starts_at=MORNING, hours: int = 3, page=None) -> ServiceActivity:
    return ServiceActivity.objects.create(
        studio=of_team.studio,
        team=of_team,
        title="科普进校园",
        organiser=user(f"worker{of_team.studio.code}"),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(hours=hours),
        place="桂城示例小学",
        content="为小学生讲解科学实验。",
        page=page,
    )


def record(
    of_volunteer: Volunteer, of_activity: ServiceActivity, *, break_minutes: int = 0, **options
) -> ServiceRecord:
    return services.save_record(
        user(f"worker{of_activity.studio.code}"),
        ServiceRecord(
            volunteer=of_volunteer,
            activity=of_activity,
            started_at=of_activity.starts_at,
            ended_at=of_activity.ends_at,
            break_minutes=break_minutes,
            content=of_activity.title,
        ),
        **options,
    )
