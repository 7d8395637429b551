"""Demo evaluations: studio 06's 2026 property-services scheme over the demo estates (two finished rounds,
the first published and the second waiting for the office to submit its results for review, a third being
scored), and studio 02's 创熟 standard over the communities (one finished,
published round, shown on studio 02's page). Everything goes through the services: rectification cases,
history and the "三审" review of the results pages (approved by the demo lead and the committee office).
Survey phones are synthetic and kept only as hashes, like real ones.

Idempotent: nothing is added when a scheme exists. Used by ``manage.py load_demo`` after the cases' demo.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from cms.evaluations import services
from cms.evaluations.models import Criterion, Scheme, Source, SubjectKind
from cms.places.models import Community, Estate
from cms.studios.models import Studio

PROPERTY_SCHEME = "桂城街道物业服务评估方案（2026）"
PROPERTY_CRITERIA = [
    (
        "环境卫生",
        15,
        Source.INSPECTION,
        "",
        "公共区域、楼道、垃圾分类收集点是否整洁，清运是否及时。",
    ),
    ("秩序与安全", 15, Source.INSPECTION, "", "门岗值守、巡逻记录、消防通道畅通、电动车充电管理。"),
    ("绿化养护", 10, Source.INSPECTION, "", "绿地完好、修剪及时、无黄土裸露。"),
    ("设施设备与电梯", 15, Source.INSPECTION, "", "电梯年检与维保记录、公共照明、门禁、水泵房。"),
    ("收费公开透明", 10, Source.INSPECTION, "", "收费标准、公共收益和维修资金使用按规定公示。"),
    ("投诉处理", 10, Source.SURVEY, "物业对您的投诉、报修处理是否及时、有结果？", ""),
    ("居民满意度", 15, Source.SURVEY, "您对小区物业服务总体是否满意？", ""),
    ("物业类诉求数", 5, Source.INDICATOR, "property_complaints_per_100_households", ""),
    ("物业类诉求办结率", 5, Source.INDICATOR, "property_resolution_rate", ""),
]
PROPERTY_ROUNDS = [
    ("2026 年第二季度", datetime.date(2026, 4, 1), datetime.date(2026, 6, 30)),
    ("2026 年第三季度", datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)),
    ("2026 年第四季度", datetime.date(2026, 10, 1), datetime.date(2026, 12, 31)),
]
NEIGHBOURLINESS_SCHEME = "全域创熟标准化评估体系"
# The "12345" method of studio 02 as a plausible standard: one party-led organisation, two platforms
# (activities, mutual help), three forces (新乡贤, activists, volunteers), residents' view, and the issues.
NEIGHBOURLINESS_CRITERIA = [
    (
        "党建引领组织体系",
        20,
        Source.INSPECTION,
        "",
        "社区党委、小区党支部、楼长网络健全，议事协商有记录。",
    ),
    (
        "熟人社区活动",
        20,
        Source.INSPECTION,
        "",
        "邻里节、楼道活动等每季度不少于 3 次，有居民参与记录。",
    ),
    (
        "新乡贤与居民骨干参与",
        15,
        Source.INSPECTION,
        "",
        "新乡贤联络站运作，骨干参与议事、调解、帮扶。",
    ),
    ("邻里互助与志愿服务", 15, Source.INSPECTION, "", "志愿服务队常态化服务，互助项目有台账。"),
    ("邻里关系", 15, Source.SURVEY, "您对所在社区邻里关系的和睦程度是否满意？", ""),
    ("居民诉求办结率", 15, Source.INDICATOR, "issue_resolution_rate", ""),
]
NEIGHBOURLINESS_ROUND = ("2026 年度", datetime.date(2026, 1, 1), datetime.date(2026, 12, 31))
RESPONSES_PER_SUBJECT = 6


def load() -> bool:
    if Scheme.objects.exists():
        return False
    users = get_user_model().objects
    office, inspector = users.get(username="office"), users.get(username="worker06")
    rng = random.Random(2026)
    with transaction.atomic():
        scheme = _scheme("06", PROPERTY_SCHEME, SubjectKind.ESTATE, PROPERTY_CRITERIA)
        estates = list(Estate.objects.active().select_related("community"))
        quality = {
            e.pk: rng.uniform(55, 95) for e in estates
        }  # each estate's level, improving a little
        for number, (name, start, end) in enumerate(PROPERTY_ROUNDS):
            evaluated = _round(scheme, office, name, start, end, estates)
            in_progress = number == len(PROPERTY_ROUNDS) - 1
            _score(evaluated, inspector, rng, quality, drift=4 * number, partly=in_progress)
            if in_progress:
                services.compute_round(evaluated, office)
            else:
                services.finish_round(evaluated, office)
            if number == 0:
                _publish(evaluated, office, users.get(username="lead06"))
        neighbourliness = _scheme(
            "02", NEIGHBOURLINESS_SCHEME, SubjectKind.COMMUNITY, NEIGHBOURLINESS_CRITERIA
        )
        communities = list(Community.objects.active())
        levels = {c.pk: rng.uniform(65, 95) for c in communities}
        name, start, end = NEIGHBOURLINESS_ROUND
        evaluated = _round(neighbourliness, office, name, start, end, communities)
        _score(evaluated, users.get(username="worker02"), rng, levels, drift=0, partly=False)
        services.finish_round(evaluated, office)
        _publish(evaluated, office, users.get(username="lead02"))
    return True


def _scheme(studio_code: str, name: str, kind: str, criteria: list[tuple]) -> Scheme:
    scheme = Scheme.objects.create(
        studio=Studio.objects.get(code=studio_code),
        name=name,
        subject_kind=kind,
        description="演示方案：指标、权重和评分指引均为示例。",
    )
    for order, (title, weight, source, extra, guidance) in enumerate(criteria):
        Criterion.objects.create(
            scheme=scheme,
            name=title,
            weight=weight,
            source=source,
            question=extra if source == Source.SURVEY else "",
            indicator=extra if source == Source.INDICATOR else "",
            guidance=guidance,
            sort_order=order,
        )
    return scheme


def _round(scheme, user, name, start, end, places):
    evaluated = services.create_round(scheme, user, name=name, period_start=start, period_end=end)
    services.add_subjects(evaluated, user, places)
    return services.start_scoring(evaluated, user)


def _score(evaluated, inspector, rng, level, *, drift: float, partly: bool) -> None:
    """On-site scores around each place's level (all of them, or a third while a round is scored), and a
    few residents' answers on the five-point scale."""
    subjects = list(evaluated.subjects.with_place().order_by("pk"))
    questions = [c for c in evaluated.scheme.criteria.all() if c.source == Source.SURVEY]
    for index, subject in enumerate(subjects):
        base = level[subject.estate_id or subject.community_id] + drift
        if not partly or index % 3 == 0:
            for score in subject.scores.filter(criterion__source=Source.INSPECTION):
                value = Decimal(min(100, max(30, round(base + rng.uniform(-8, 8)))))
                note = "现场检查情况良好。" if value >= 80 else "存在问题，已当场告知物业整改。"
                services.record_score(score, inspector, value=value, note=note)
        for answer in range(RESPONSES_PER_SUBJECT):
            phone = f"199{subject.pk:07d}{answer}"
            mean = base / 20
            services.submit_survey(
                subject,
                phone=phone,
                answers={q.pk: min(5, max(1, round(rng.gauss(mean, 0.8)))) for q in questions},
            )


def _publish(evaluated, office, lead) -> None:
    """The results page through the "三审" review: the studio's lead approves, then the office."""
    page = services.publish_round(evaluated, office)
    for reviewer in (lead, office):
        page.current_workflow_state.current_task_state.approve(user=reviewer)
