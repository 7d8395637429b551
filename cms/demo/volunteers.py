"""Demo volunteer service: teams for every studio, ~200 volunteers, ~1,150 service records over the past
year (all but the latest activity's verified, so every month's report counts hours),
a few certificates, all through the services. Names, phones and ID numbers are synthetic.

Idempotent: nothing is added when teams exist. Used by ``manage.py load_demo`` after the mediation demo.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cms.demo.people import GIVEN, SURNAMES, synthetic_id_number
from cms.studios.models import ActivityPage, StudioPage
from cms.volunteers import services
from cms.volunteers.models import ServiceActivity, ServiceRecord, Team, Volunteer

TEAMS = {
    "01": ["乡村振兴党员志愿服务队", "村居环境美化队"],
    "02": ["楼长志愿服务队", "邻里守望队"],
    "03": ["长者关爱志愿服务队", "青少年成长陪伴队"],
    "04": ["创新创业党员志愿服务队", "科学家第二课堂志愿服务队"],
    "05": ["网约车司机党员志愿服务队", "骑手应急志愿服务队"],
    "06": ["业委会党员志愿服务队", "物业纠纷调解志愿服务队"],
}
VOLUNTEERS_PER_STUDIO = 34
ACTIVITIES_PER_TEAM = 12
VOLUNTEERS_PER_ACTIVITY = 8
SKILLS = ["急救", "法律咨询", "心理疏导", "摄影", "驾驶", "编程", "手语", "维修", "教学"]
ACTIVITY_TITLES = ["社区清洁日", "长者探访", "科普进校园", "政策宣讲", "便民维修", "安全巡查"]


@transaction.atomic
def load() -> bool:
    if Team.objects.exists():
        return False
    rng = random.Random(404)
    users = get_user_model().objects
    now = timezone.now()
    for studio_page in StudioPage.objects.select_related("studio"):
        studio = studio_page.studio
        worker = users.get(username=f"worker{studio.code}")
        teams = [
            _team(studio, name, worker, public=i == 0) for i, name in enumerate(TEAMS[studio.code])
        ]
        volunteers = [_volunteer(studio, worker, rng, teams) for _ in range(VOLUNTEERS_PER_STUDIO)]
        page = ActivityPage.objects.live().descendant_of(studio_page).first()
        for t, team in enumerate(teams):
            for n in range(ACTIVITIES_PER_TEAM):
                # Monthly over the past year, at 09:00 local time; teams of a studio meet on different
                # days, so a volunteer may belong to both.
                start = timezone.localtime(now - datetime.timedelta(days=3 + 30 * n + 3 * t))
                start = start.replace(hour=9, minute=0, second=0, microsecond=0)
                activity = ServiceActivity(
                    studio=studio,
                    team=team,
                    title=f"{team.name}·{ACTIVITY_TITLES[n % len(ACTIVITY_TITLES)]}",
                    organiser=worker,
                    starts_at=start,
                    ends_at=start + datetime.timedelta(hours=3),
                    place="社区党群服务中心",
                    content="组织志愿者开展服务。",
                    page=page if n == 0 else None,
                )
                activity._change_reason = "登记活动"
                activity.save()
                members = [v for v in volunteers if team in v.demo_teams]
                for volunteer in rng.sample(members, min(len(members), VOLUNTEERS_PER_ACTIVITY)):
                    record = services.save_record(
                        worker,
                        ServiceRecord(
                            volunteer=volunteer,
                            activity=activity,
                            started_at=activity.starts_at,
                            ended_at=activity.ends_at,
                            break_minutes=rng.choice([0, 15, 30]),
                            content=activity.title,
                        ),
                    )
                    # The first team's latest activity still awaits verification; the rest count.
                    if (n, t) != (0, 0):
                        services.verify(worker, record)
        _certificates(worker, teams, now)
    return True


def _team(studio, name: str, leader, *, public: bool) -> Team:
    team = Team(studio=studio, name=name, leader=leader, public=public)
    team.description = f"{studio.short_name}的{name}，欢迎居民加入。"
    team._change_reason = "登记服务队"
    team.save()
    return team


def _volunteer(studio, worker, rng: random.Random, teams: list[Team]) -> Volunteer:
    chosen = rng.sample(teams, rng.choice([1, 1, 2]))
    volunteer = Volunteer(
        studio=studio,
        name=rng.choice(SURNAMES) + rng.choice(GIVEN),
        phone=f"1370{studio.code}{rng.randint(0, 99999):05d}",
        id_number=synthetic_id_number(rng) if rng.random() < 0.7 else "",
        gender=rng.choice(list(Volunteer.Gender)),
        party_member=rng.random() < 0.5,
        izhiyuan_number=f"GD{rng.randint(10**9, 10**10 - 1)}" if rng.random() < 0.8 else "",
        consented_at=timezone.now(),
    )
    while Volunteer.objects.filter(studio=studio, phone=volunteer.phone).exists():
        volunteer.phone = f"1370{studio.code}{rng.randint(0, 99999):05d}"
    services.save_volunteer(worker, volunteer, teams=chosen)
    volunteer.skills.set(rng.sample(SKILLS, 2))
    volunteer.demo_teams = chosen
    return volunteer


def _certificates(worker, teams: list[Team], now) -> None:
    """Two certificates per studio, for this year's verified service with its first team."""
    team = teams[0]
    verified = ServiceRecord.objects.filter(
        activity__team=team, status=ServiceRecord.Status.VERIFIED
    )
    holders = verified.order_by("volunteer_id").values_list("volunteer_id", flat=True).distinct()
    for volunteer_id in holders[:2]:
        services.issue_certificate(
            worker,
            volunteer=Volunteer.objects.get(pk=volunteer_id),
            team=team,
            period_start=(now - datetime.timedelta(days=365)).date(),
            period_end=now.date(),
            responsible_person="示例负责人",
        )
