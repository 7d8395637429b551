"""Demo mediation: a roster, ~15 property-dispute files for studio 06 in every stage and a few for other
studios, all made through the services (history included). All names, phones and ID numbers are synthetic.

Idempotent: nothing is added when files exist. Used by ``manage.py load_demo`` after the cases' demo.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from cms.cases import services as case_services
from cms.cases.models import Satisfaction
from cms.core import clock
from cms.demo.pages import demo_password_hash
from cms.demo.people import GIVEN, SURNAMES, synthetic_id_number
from cms.mediation import services
from cms.mediation.models import (
    Appointment,
    DisputeType,
    FollowUp,
    MediationFile,
    Mediator,
    NoticeMethod,
    Party,
    Session,
    Source,
    Stage,
)
from cms.places.models import Estate
from cms.studios.models import Studio

MEDIATOR_USERNAME = "mediator06"
ROSTER = [
    ("梁志远", "红色业委会工作室物业纠纷调解队", "物业费、维修资金"),
    ("陈慧敏", "桂城街道人民调解委员会", "邻里纠纷、噪音"),
    ("何国栋", "示例律师事务所", "合同、物业交接"),
    ("黄嘉怡", "千灯湖社区人民调解委员会", "停车、公共收益"),
    ("罗建华", "桂城街道住建办（退休）", "维修养护、工程质量"),
    ("谢雅琳", "示例社会工作服务中心", "家庭邻里、心理疏导"),
    ("冯子健", "红色业委会工作室", "业委会选举、议事规则"),
    ("郑美华", "东二社区人民调解委员会", "邻里纠纷"),
]
DISPUTES = [
    (
        DisputeType.PROPERTY_FEES,
        "物业费上调纠纷",
        "物业公司拟将物业费由每平方米 1.8 元上调至 2.3 元，部分业主认为未经业主大会表决，拒绝缴纳。",
    ),
    (
        DisputeType.REPAIR_FUNDS,
        "电梯更新使用维修资金纠纷",
        "电梯运行超过十五年，业主对是否动用专项维修资金及分摊比例意见不一。",
    ),
    (
        DisputeType.PARKING,
        "地下车位租赁纠纷",
        "物业公司将部分车位优先出租给非业主，业主要求按先业主后他人的顺序重新安排。",
    ),
    (
        DisputeType.NEIGHBOURS,
        "楼上噪音纠纷",
        "楼下住户反映楼上夜间经常有拖动家具和跳绳声音，双方多次争吵。",
    ),
    (
        DisputeType.COMMITTEE_ELECTION,
        "业委会换届选举程序争议",
        "部分业主认为换届选举的候选人推荐程序不公开，要求重新公示。",
    ),
    (
        DisputeType.HANDOVER,
        "新旧物业交接纠纷",
        "原物业公司拒绝移交设施设备资料和公共收益账目，新物业无法正常进场。",
    ),
    (
        DisputeType.OTHER,
        "外墙渗水维修责任纠纷",
        "外墙渗水导致室内发霉，业主与物业、开发商就维修责任各执一词。",
    ),
]
ESTATES = ["示例花园", "千灯湖示例雅苑", "桂园示例新村", "东二示例大厦", "夏西示例小区"]
# Studio 06's files by the stage they have reached; other studios mediate a little too.
STAGE_MIX = {
    "06": [
        (Stage.REGISTERED, 2),
        (Stage.MEDIATING, 3),
        (Stage.AGREED, 3),
        (Stage.FAILED, 2),
        (Stage.FOLLOWED_UP, 2),
        (Stage.ARCHIVED, 3),
    ],
    "02": [(Stage.MEDIATING, 1), (Stage.ARCHIVED, 1)],
    "01": [(Stage.AGREED, 1)],
}


@transaction.atomic
def load() -> bool:
    if MediationFile.objects.exists():
        return False
    rng = random.Random(606)
    account = mediator_user()
    roster = [
        _save_mediator(
            Mediator(name=name, organisation=org, specialities=skills, phone=_phone(rng))
        )
        for name, org, skills in ROSTER
    ]
    roster[0].user = account
    _save_mediator(roster[0])
    users = get_user_model().objects
    for code, mix in STAGE_MIX.items():
        studio = Studio.objects.get(code=code)
        worker = account if code == "06" else users.get(username=f"worker{code}")
        n = 0
        for stage, count in mix:
            for _ in range(count):
                registered_on = timezone.localdate() - datetime.timedelta(days=rng.randint(5, 40))
                opened = timezone.make_aware(
                    datetime.datetime.combine(registered_on, datetime.time(10))
                )
                with clock.at(opened):  # the case is received the day the file is registered
                    file = _register(studio, worker, rng, n, registered_on)
                # Studio 06's own mediator (with an account) presides over most of its files.
                presiding = roster[0] if code == "06" and n % 4 else roster[n % len(roster)]
                assisting = roster[n % (len(roster) - 1) + 1]
                # Its later steps happen within the month a settlement normally takes.
                worked = min(opened + datetime.timedelta(days=rng.randint(3, 25)), timezone.now())
                with clock.at(worked):
                    walk(file, stage, worker, presiding, assisting, fail=n % 3 == 2)
                n += 1
    _recusals(lead=users.get(username="lead06"))
    return True


def _recusals(lead) -> None:
    """Two files in mediation where a party asked an assisting mediator to step aside: one decided."""
    files = MediationFile.objects.filter(case__studio__code="06", stage=Stage.MEDIATING)
    for file, decide in zip(files[:2], (True, False), strict=False):
        assisting = file.appointments.get(role=Appointment.Role.ASSISTING)
        applicant = file.parties.get(side=Party.Side.APPLICANT)
        worker = file.case.assignee
        services.request_recusal(
            assisting,
            worker,
            requested_by=applicant.name,
            reason="该调解员曾为被申请人提供咨询服务。",
        )
        if decide:
            services.decide_recusal(assisting, lead, grant=True)


def walk(
    file: MediationFile,
    stage: str,
    worker,
    presiding: Mediator,
    assisting: Mediator,
    *,
    fail: bool = False,
):
    """Takes a registered file through the services to ``stage``, as the mediation team would; ``fail``:
    mediation ends without agreement (always so for the stage "failed")."""
    if stage == Stage.REGISTERED:
        return file
    services.appoint(file, worker, mediator=presiding, role=Appointment.Role.PRESIDING)
    services.appoint(file, worker, mediator=assisting, role=Appointment.Role.ASSISTING)
    services.record_rights_notice(
        file, worker, notified_on=file.registered_on, method=NoticeMethod.WRITTEN
    )
    services.save_session(
        file,
        worker,
        Session(
            held_at=timezone.now() - datetime.timedelta(days=3),
            place="红色业委会工作室调解室",
            attendees="双方当事人、物业项目经理、社区网格员",
            statements="申请人：要求按约定处理，并希望对方书面答复。\n被申请人：愿意协商，但需核对费用明细。",
            verified_facts="调解员查阅了物业服务合同、业主大会决议和费用公示记录。",
            proposals="建议双方以公示的费用明细为基础，分期解决，并在小区公告栏公示结果。",
            signed=True,
        ),
    )
    if stage == Stage.MEDIATING:
        return file
    today = timezone.localdate()
    if fail or stage == Stage.FAILED:
        services.record_failure(
            file,
            worker,
            concluded_on=today,
            reason="被申请人不同意调解方案，双方分歧较大。",
            litigation=True,
            arbitration=False,
            administrative=True,
        )
        performance = FollowUp.Performance.NOT_APPLICABLE
    else:
        services.record_agreement(
            file,
            worker,
            concluded_on=today,
            terms="一、被申请人于协议签订后十五日内完成维修；\n二、申请人于维修完成后七日内补缴欠费；\n三、双方不再就本纠纷提出其他主张。",
            performance_method="维修完成后由社区网格员现场核实；欠费通过物业服务中心缴纳。",
            performance_due=today + datetime.timedelta(days=22),
        )
        performance = FollowUp.Performance.FULL
    if stage in (Stage.AGREED, Stage.FAILED):
        return file
    services.record_follow_up(
        file,
        worker,
        FollowUp(
            performance=performance,
            satisfaction=Satisfaction.SATISFIED,
            relapse_risk=FollowUp.Risk.LOW,
            note="电话回访双方，表示问题已解决。",
        ),
    )
    if stage == Stage.ARCHIVED:
        services.archive(file, worker)
    return file


def _register(studio: Studio, worker, rng: random.Random, n: int, registered_on) -> MediationFile:
    dispute_type, title, description = DISPUTES[n % len(DISPUTES)]
    places = list(Estate.objects.filter(community__kind="community").select_related("community"))
    place = rng.choice(places) if places else None
    estate = place.name if place else rng.choice(ESTATES)
    applicant = Party(
        side=Party.Side.APPLICANT,
        kind=Party.Kind.RESIDENT,
        name=rng.choice(SURNAMES) + rng.choice(GIVEN),
        phone=_phone(rng),
        id_number=synthetic_id_number(rng),
        address=f"桂城街道{estate}{rng.randint(1, 20)}座{rng.randint(101, 2802)}",
    )
    respondent = Party(
        side=Party.Side.RESPONDENT,
        kind=Party.Kind.PROPERTY_COMPANY,
        name="示例物业服务有限公司",
        phone="0757-86000000",
        address="桂城街道示例路 1 号",
        agent="项目经理 " + rng.choice(SURNAMES) + "经理",
    )
    file, _code = services.register(
        worker,
        studio=studio,
        title=f"{estate}{title}",
        description=description,
        estate=place,
        location_text="" if place else estate,
        source=rng.choice(list(Source)),
        dispute_type=dispute_type,
        registered_on=registered_on,
        applicant=applicant,
        respondent=respondent,
        assignee=worker,
    )
    with clock.at(clock.now() + datetime.timedelta(hours=2)):
        case_services.record_first_contact(file.case, worker, note="已联系申请人，告知调解程序。")
    return file


def mediator_user():
    """A mediator of studio 06 with an account: sees the parties' ID numbers on the files they mediate."""
    user, created = get_user_model().objects.get_or_create(
        username=MEDIATOR_USERNAME,
        defaults={"first_name": "梁志远", "password": demo_password_hash()},  # on the roster below
    )
    if created:
        studio = Studio.objects.select_related("case_workers_group").get(code="06")
        user.groups.add(Group.objects.get(pk=studio.case_workers_group_id))
    return user


def _save_mediator(mediator: Mediator) -> Mediator:
    mediator._change_reason = "名册登记"
    mediator.save()
    return mediator


def _phone(rng: random.Random) -> str:
    return f"1390000{rng.randint(0, 9999):04d}"
