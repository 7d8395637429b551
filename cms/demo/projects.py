"""Demo project ledger: twelve social-work service projects of studio 03 with a year of quarterly outputs
(some behind target), spending, referrals from other studios' cases and one finished mid-term evaluation by
the engine; ten village and community matters of studio 01 at different stages, most with public progress.
All names and numbers are synthetic; everything goes through the services (history included).

Idempotent: nothing is added when a project exists. Used by ``manage.py load_demo`` after the resource
bank's and the cases' demos (projects draw providers and funds from the bank; referrals come from cases).
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from cms.cases.models import OPEN_STATUSES, Case
from cms.committee.models import Kind, Resource
from cms.core import history
from cms.evaluations import services as evaluation_services
from cms.evaluations.models import Criterion, Scheme, Source, SubjectKind
from cms.places.models import Community
from cms.projects import periods, services
from cms.projects.models import (
    EvaluationStage,
    Project,
    ProjectKind,
    ProjectState,
    ReferralOutcome,
)
from cms.studios.models import Studio

SOCIAL_ORGS = ["示例社会工作服务中心", "示例长者服务社", "示例家庭综合服务中心"]
# (name, target groups, [(indicator, unit, target per quarter, counts referrals)], budget)
SOCIAL_WORK = [
    (
        "长者关爱社工服务项目",
        "独居、空巢长者",
        [("探访独居长者", "人次", 300, False), ("长者个案服务", "个", 15, True)],
        480000,
    ),
    (
        "青少年成长陪伴项目",
        "6–14 岁儿童",
        [("课后托管服务", "人次", 400, False), ("家长课堂", "场", 3, False)],
        260000,
    ),
    (
        "残疾人康复支持项目",
        "持证残疾人及家属",
        [("上门康复指导", "人次", 120, False), ("残障个案服务", "个", 8, True)],
        320000,
    ),
    (
        "困境家庭帮扶项目",
        "低保、低边及临时困难家庭",
        [("家庭探访", "户次", 90, False), ("困境个案服务", "个", 10, True)],
        300000,
    ),
    ("社区长者饭堂运营支持项目", "高龄长者", [("长者助餐", "人次", 2400, False)], 360000),
    (
        "妇女儿童之家服务项目",
        "妇女、儿童",
        [("亲子活动", "场", 6, False), ("妇女个案服务", "个", 6, True)],
        200000,
    ),
    (
        "新市民融入服务项目",
        "新市民家庭",
        [("融入活动", "场", 5, False), ("政策咨询", "人次", 150, False)],
        180000,
    ),
    (
        "社区心理健康服务项目",
        "有心理支持需要的居民",
        [("心理辅导", "人次", 60, False), ("心理个案服务", "个", 8, True)],
        240000,
    ),
    ("长者防诈宣传项目", "60 岁以上长者", [("防诈讲座", "场", 6, False)], 120000),
    ("退役军人关爱项目", "退役军人及家属", [("走访慰问", "户次", 40, False)], 150000),
    ("社区禁毒宣传教育项目", "青少年、社区居民", [("宣传活动", "场", 4, False)], 110000),
    (
        "随迁老人互助项目",
        "随迁老人",
        [("互助小组活动", "场", 8, False), ("随迁老人个案", "个", 4, True)],
        160000,
    ),
]
# (name, community code index, provider, state, public, milestones: (title, months from start, reached?))
VILLAGE_MATTERS = [
    (
        "石肯村集体物业招租",
        8,
        "石肯村股份经济合作联社",
        ProjectState.FINISHED,
        True,
        [("村民代表会议表决", 1, True), ("平台公开挂牌", 2, True), ("竞价成交签约", 3, True)],
    ),
    (
        "叠北村村规民约修订",
        9,
        "叠北村村民委员会",
        ProjectState.RUNNING,
        True,
        [
            ("征求村民意见", 1, True),
            ("村民代表会议审议", 3, True),
            ("报街道备案", 5, False),
            ("公布实施", 6, False),
        ],
    ),
    (
        "石肯村人居环境整治",
        8,
        "石肯村村民委员会",
        ProjectState.RUNNING,
        True,
        [("排查卫生死角", 1, True), ("清理乱堆放", 2, True), ("河涌保洁长效机制", 4, False)],
    ),
    (
        "叠北村和美乡村建设",
        9,
        "叠北村村民委员会",
        ProjectState.RUNNING,
        True,
        [("规划方案公示", 2, True), ("村道微改造", 6, False), ("文化广场建设", 9, False)],
    ),
    (
        "东二社区老旧小区改造协商",
        0,
        "东二社区居民委员会",
        ProjectState.RUNNING,
        True,
        [("居民意愿调查", 1, True), ("改造方案协商会", 3, False)],
    ),
    (
        "叠北村集体经济合同清理",
        9,
        "叠北村股份经济合作联社",
        ProjectState.RUNNING,
        False,
        [("合同摸底", 1, True), ("问题合同整改", 4, False)],
    ),
    (
        "石肯村农房管控",
        8,
        "石肯村村民委员会",
        ProjectState.PLANNED,
        False,
        [("制定工作方案", 2, False)],
    ),
    (
        "叠滘社区龙舟文化传承",
        5,
        "叠滘社区居民委员会",
        ProjectState.FINISHED,
        True,
        [("龙舟队组建", 1, True), ("端午龙舟活动", 3, True)],
    ),
    (
        "平洲社区垃圾分类示范",
        6,
        "平洲社区居民委员会",
        ProjectState.RUNNING,
        True,
        [("设置分类投放点", 1, True), ("督导员上岗", 2, True), ("示范片区验收", 5, False)],
    ),
    (
        "夏北社区集体资产清查",
        7,
        "夏北社区股份经济合作社",
        ProjectState.PLANNED,
        True,
        [("成立清查小组", 1, False), ("资产登记造册", 3, False)],
    ),
]
EVALUATION_SCHEME = "社工服务项目评估方案（2026）"
EVALUATION_CRITERIA = [
    ("服务成效", 30, "对照项目指标核查服务产出、个案成效与服务对象变化。"),
    ("项目管理", 20, "计划、台账、会议与风险管理是否规范。"),
    ("财务规范", 15, "预算执行、票据与专款专用。"),
    ("服务对象满意度", 20, "抽样回访服务对象的满意程度。"),
    ("团队与专业督导", 15, "社工配置、持证比例、督导记录。"),
]


def _month(start: datetime.date, months: int) -> datetime.date:
    month = start.month - 1 + months
    return datetime.date(start.year + month // 12, month % 12 + 1, min(start.day, 28))


@transaction.atomic
def load() -> bool:
    if Project.objects.exists():
        return False
    users = get_user_model().objects
    worker03, lead03, worker01 = (users.get(username=n) for n in ("worker03", "lead03", "worker01"))
    rng = random.Random(14)
    today = timezone.localdate()
    studios = {s.code: s for s in Studio.objects.filter(code__in=("01", "03"))}
    communities = list(Community.objects.order_by("sort_order", "pk"))
    providers = _providers(worker03)
    fund = Resource.objects.filter(kind=Kind.FUND).order_by("pk").first()
    projects = _social_work(studios["03"], communities, providers, fund, worker03, today, rng)
    _village_matters(studios["01"], communities, worker01, today)
    _referrals(projects[0], worker03, today)
    _evaluation(projects[0], lead03, today)
    return True


def _providers(user) -> list[Resource]:
    found = []
    for name in SOCIAL_ORGS:
        resource = Resource.objects.filter(kind=Kind.ORGANISATION, name=name).first()
        if resource is None:
            resource = Resource(kind=Kind.ORGANISATION, category="social_org", name=name)
            history.save(resource, user, "资源入库")
            resource.studios.set(Studio.objects.filter(code="03"))
        found.append(resource)
    return found


def _social_work(studio, communities, providers, fund, user, today, rng) -> list[Project]:
    # A year of quarters ended before this one, and the current quarter running.
    current = periods.start_of(today, periods.PeriodKind.QUARTER)
    first = current
    for _ in range(4):
        first = periods.start_of(first - datetime.timedelta(days=1), periods.PeriodKind.QUARTER)
    made = []
    for number, (name, groups, indicators, budget) in enumerate(SOCIAL_WORK):
        project = Project(
            studio=studio,
            kind=ProjectKind.SOCIAL_WORK,
            name=name,
            state=ProjectState.RUNNING,
            community=communities[number % len(communities)] if number % 3 else None,
            responsible=user,
            provider=providers[number % len(providers)],
            budget=Decimal(budget),
            funding=fund,
            starts_on=first,
            ends_on=periods.end_of(current, periods.PeriodKind.QUARTER),
            target_groups=groups,
            description=f"{name}：政府购买社工服务，按季度报送产出。",
        )
        project.full_clean()
        history.save(project, user, "项目立项")
        # One project in four falls behind; the others meet their targets or come close.
        pace = 0.7 if number % 4 == 3 else 1.0
        for order, (label, unit, target, counts) in enumerate(indicators):
            indicator = services.add_indicator(
                project,
                user,
                name=label,
                unit=unit,
                target=Decimal(target),
                counts_referrals=counts,
                sort_order=order,
            )
            start = first
            while start < current:
                done = round(target * pace * rng.uniform(0.95, 1.25))
                services.report_output(
                    indicator,
                    user,
                    day=start,
                    quantity=Decimal(done),
                    note=f"{periods.label(start, indicator.period)}完成{label} {done} {unit}。",
                )
                start = periods.next_start(start, periods.PeriodKind.QUARTER)
        for quarter in range(4):
            spent_on = _month(first, quarter * 3 + 2)
            amount = (Decimal(budget) / 5 * Decimal(str(rng.uniform(0.8, 1.1)))).quantize(
                Decimal("0.01")
            )
            services.record_expense(
                project, user, spent_on=spent_on, amount=amount, note="季度服务经费拨付"
            )
        services.add_milestone(
            project, user, title="项目启动会", due_on=_month(first, 0), public=False
        )
        services.add_milestone(
            project, user, title="中期评估", due_on=_month(first, 6), public=False
        )
        services.add_milestone(
            project, user, title="末期评估与结项", due_on=project.ends_on, public=False
        )
        for milestone in project.milestones.filter(due_on__lt=today):
            # The behind project left its mid-term step undone: it shows as overdue.
            if pace == 1.0 or milestone.title == "项目启动会":
                services.reach_milestone(milestone, user, reached_on=milestone.due_on)
        made.append(project)
    return made


def _village_matters(studio, communities, user, today) -> None:
    for name, index, provider, state, public, steps in VILLAGE_MATTERS:
        reached_count = sum(1 for *_x, reached in steps if reached)
        longest = max(months for _t, months, _r in steps)
        start = _month(today.replace(day=1), -(max(reached_count * 2, 1) + 1))
        if state == ProjectState.PLANNED:
            start = _month(today.replace(day=1), 1)
        project = Project(
            studio=studio,
            kind=ProjectKind.VILLAGE_MATTER,
            name=name,
            state=state,
            community=communities[index],
            responsible=user,
            provider_name=provider,
            starts_on=start,
            ends_on=_month(start, longest + 1),
            public=public,
            public_summary=f"{name}按程序推进，进展情况向群众公开，欢迎监督。" if public else "",
            description="村（居）务重要事项，按“四议两公开”程序推进。",
        )
        project.full_clean()
        history.save(project, user, "事项立项")
        for title, months, reached in steps:
            due_on = _month(start, months)
            if reached and due_on > today:
                due_on = today
            milestone = services.add_milestone(
                project, user, title=title, due_on=due_on, public=True
            )
            if reached:
                services.reach_milestone(milestone, user, reached_on=due_on)


def _referrals(project: Project, user, today) -> None:
    """Two open cases of studio 02 referred to the elderly project; one answered and done."""
    cases = list(
        Case.objects.filter(studio__code="02", status__in=OPEN_STATUSES).order_by("-received_at")[
            :2
        ]
    )
    worker02 = get_user_model().objects.get(username="worker02")
    for number, case in enumerate(cases):
        referral = services.refer_case(
            case,
            worker02,
            project=project,
            reason="独居长者，行动不便，需要上门探访和生活照料支持。",
        )
        services.accept_referral(referral, user)
        if number == 0:
            services.complete_referral(
                referral,
                user,
                action="社工上门探访 3 次，链接长者饭堂送餐和平安钟服务。",
                outcome=ReferralOutcome.ONGOING,
                done_on=today,
            )


def _evaluation(project: Project, lead, today) -> None:
    """The elderly project's mid-term evaluation: a project scheme of studio 03, scored and finished."""
    scheme = Scheme(
        studio=project.studio,
        name=EVALUATION_SCHEME,
        subject_kind=SubjectKind.PROJECT,
        description="第三方社工服务项目中期、末期评估。",
    )
    history.save(scheme, lead, "建立评估方案")
    for order, (name, weight, guidance) in enumerate(EVALUATION_CRITERIA):
        history.save(
            Criterion(
                scheme=scheme,
                name=name,
                weight=weight,
                source=Source.INSPECTION,
                guidance=guidance,
                sort_order=order,
            ),
            lead,
            "添加指标",
        )
    midterm = _month(project.starts_on, 6)
    evaluated = evaluation_services.create_round(
        scheme,
        lead,
        name=f"{midterm.year} 年中期评估",
        period_start=project.starts_on,
        period_end=min(midterm, today),
    )
    evaluation = services.start_evaluation(
        project, lead, evaluated=evaluated, stage=EvaluationStage.MIDTERM
    )
    evaluation_services.start_scoring(evaluated, lead)
    for score, value in zip(
        evaluation.subject.scores.order_by("criterion__sort_order"),
        (88, 85, 90, 92, 80),
        strict=True,
    ):
        evaluation_services.record_score(score, lead, value=Decimal(value), note="评估组现场核查。")
    evaluation_services.finish_round(evaluated, lead)
