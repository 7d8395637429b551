"""Demo registers: ~40 sages (02), ~60 talents (04) and ~150 new-employment members (05), with engagements,
talent services, 人才驿站 bookings, care services and observers' reports spread over the last 12 months, all
through the services; the codes of conduct under studio 05 and the "登记" service pages' links to the forms.
Names and phones are synthetic (170 numbers, issued to nobody here).

Idempotent: nothing is added when members exist. Used by ``manage.py load_demo`` after the volunteers demo.
"""

import datetime
import random

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cms.cases import services as case_services
from cms.cases.models import Case, CaseCategory
from cms.demo import factories as f
from cms.demo.people import GIVEN, SURNAMES, synthetic_id_number
from cms.places.models import Community
from cms.registers import services
from cms.registers.models import (
    Booking,
    CareService,
    Engagement,
    Member,
    Register,
    RegisterKind,
    StationDay,
)
from cms.registers.models.members import (
    ContactWay,
    Occupation,
    SageField,
    SageOffer,
    TalentField,
    TalentLevel,
    TalentNeed,
    TalentOffer,
)
from cms.studios.models import ServicePage, StandardPage, StudioPage

COUNTS = {RegisterKind.SAGES: 40, RegisterKind.TALENTS: 60, RegisterKind.NEW_EMPLOYMENT: 150}
PHONE_PREFIX = {
    RegisterKind.SAGES: 17002,
    RegisterKind.TALENTS: 17004,
    RegisterKind.NEW_EMPLOYMENT: 17005,
}
CITIES = ["佛山", "广州", "深圳", "香港", "北京", "上海"]
PLATFORMS = ["示例外卖平台", "示例快递公司", "示例出行平台", "示例货运平台", "示例直播机构"]
STATIONS = ["千灯湖暖蜂驿站", "桂澜路暖蜂驿站", "南海大道暖蜂驿站", "平洲暖蜂驿站"]
ENGAGEMENTS = [
    (Engagement.Kind.COUNCIL, "参加社区议事会，讨论{topic}"),
    (Engagement.Kind.MEDIATION, "协助调解{topic}引起的邻里纠纷"),
    (Engagement.Kind.DONATION, "为{topic}捐赠物资"),
    (Engagement.Kind.MENTORING, "结对帮扶青年创业者，关注{topic}"),
]
TOPICS = ["加装电梯", "停车难", "旧村改造", "长者饭堂", "河涌整治", "村规民约修订"]
REPORTS = [
    ("路口路灯不亮", "配送途中发现路口两盏路灯晚上不亮，行人过马路不安全。"),
    ("人行道井盖松动", "人行道井盖松动，踩上去会翻动，容易伤人。"),
    ("独居长者需要帮助", "送餐时发现一位独居长者行动不便，家中无人照看。"),
    ("小区门口积水", "下雨后小区门口积水很深，电动车难以通行。"),
    ("消防通道被占用", "小区消防通道长期停放车辆，消防车无法进入。"),
]
CODES_OF_CONDUCT = [
    (
        "code-riders",
        "外卖骑手文明配送公约",
        "遵守交通规则，不闯红灯、不逆行；进入小区按规定路线慢行；文明礼貌送餐，保护顾客隐私。",
    ),
    (
        "code-drivers",
        "网约车司机服务规范",
        "规范接单，不拒载、不绕路；车内整洁，礼貌待客；遇老人、孕妇等乘客主动提供帮助。",
    ),
    (
        "code-streamers",
        "直播从业者自律公约",
        "诚信直播、文明带货，不虚假宣传；尊重他人肖像和隐私；弘扬正能量，传播桂城好故事。",
    ),
]
# Each register's "登记" service page (by its title in the demo pages) and the form it leads to.
SERVICE_LINKS = {
    "新乡贤联络登记": ("register_enrol", ("sages",), "在线登记成为新乡贤"),
    "高层次人才政策咨询": ("register_enrol", ("talents",), "在线进行人才登记"),
    "人才驿站工位预约": ("talent_station", (), "在线预约人才驿站工位"),
    "报名成为社区观察员": ("register_enrol", ("new-employment",), "在线登记新就业群体服务名册"),
    "“暖蜂驿站”服务": ("register_enrol", ("new-employment",), "在线登记新就业群体服务名册"),
}


@transaction.atomic
def load() -> bool:
    if Member.objects.exists() or not Register.objects.exists():
        return False
    rng = random.Random(1313)
    now = timezone.now()
    communities = list(Community.objects.all())
    members = {kind: _enrol_all(kind, rng, now, communities) for kind in COUNTS}
    _engagements(members[RegisterKind.SAGES], rng, now)
    _talent_services(members[RegisterKind.TALENTS], rng, now)
    _station(members[RegisterKind.TALENTS], rng, now)
    _care(members[RegisterKind.NEW_EMPLOYMENT], rng, now)
    _observer_reports(members[RegisterKind.NEW_EMPLOYMENT], rng, now)
    _codes_of_conduct()
    _service_links()
    return True


def _staff(register: Register):
    return get_user_model().objects.get(username=f"worker{register.studio.code}")


def _enrol_all(kind: str, rng: random.Random, now, communities) -> list[tuple[Member, str]]:
    """Members enrolled over the last year; most verified, a few withdrawn. (member, observer code)."""
    register = Register.objects.select_related("studio").get(kind=kind)
    staff = _staff(register)
    enrolled = []
    for n in range(COUNTS[kind]):
        member = services.enrol(
            register,
            name=rng.choice(SURNAMES) + rng.choice(GIVEN),
            phone=f"{PHONE_PREFIX[kind]}{n:06d}",
            id_number=synthetic_id_number(rng) if register.needs_id_number else "",
            community=rng.choice(communities) if communities else None,
            named_publicly=kind == RegisterKind.SAGES and rng.random() < 0.3,
            profile=_profile(kind, rng),
            user=staff,
            enrolled_at=now - datetime.timedelta(days=rng.randint(20, 360)),
        )
        code = ""
        if rng.random() < 0.85:
            member, code = services.verify(member, staff)
        if n % 25 == 24:
            member = services.withdraw(member, staff, reason="本人电话申请撤回")
            code = ""
        enrolled.append((member, code))
    return enrolled


def _profile(kind: str, rng: random.Random) -> dict:
    if kind == RegisterKind.SAGES:
        return {
            "origin": rng.choice(["石肯村", "叠北村", "东二社区", "夏北社区"]),
            "current_city": rng.choice(CITIES),
            "field": rng.choice(SageField.values),
            "offers": rng.sample(SageOffer.values, rng.randint(1, 3)),
            "preferred_contact": rng.choice(ContactWay.values),
        }
    if kind == RegisterKind.TALENTS:
        return {
            "field": rng.choice(TalentField.values),
            "level": rng.choice(TalentLevel.values),
            "employer": rng.choice(["", "示例科技有限公司", "示例研究院", "示例医院"]),
            "needs": rng.sample(TalentNeed.values, rng.randint(1, 2)),
            "offers": rng.sample(TalentOffer.values, rng.randint(1, 2)),
        }
    return {
        "occupation": rng.choices(Occupation.values, weights=[6, 4, 4, 2, 2, 1])[0],
        "platform": rng.choice(PLATFORMS),
        "usual_area": rng.choice(["千灯湖片区", "桂澜路沿线", "平洲片区", "南海大道沿线"]),
        "party_member": rng.random() < 0.15,
        "volunteer_team": rng.random() < 0.3,
    }


def _verified(members):
    return [(m, code) for m, code in members if m.state == "verified"]


def _engagements(sages, rng: random.Random, now) -> None:
    verified = _verified(sages)
    staff = _staff(verified[0][0].register)
    cases = list(Case.objects.filter(studio__code="02")[:20])
    for n in range(120):
        sage, _code = rng.choice(verified)
        kind, text = rng.choice(ENGAGEMENTS)
        services.record_engagement(
            staff,
            sage,
            kind=kind,
            happened_on=(now - datetime.timedelta(days=rng.randint(0, 360))).date(),
            summary=text.format(topic=rng.choice(TOPICS)),
            case=cases[n % len(cases)] if cases and kind == Engagement.Kind.COUNCIL else None,
        )


def _talent_services(talents, rng: random.Random, now) -> None:
    current = [m for m, _code in talents if m.state != "withdrawn"]
    staff = _staff(current[0].register)
    for _ in range(80):
        talent = rng.choice(current)
        need = rng.choice(TalentNeed.values)
        received = now - datetime.timedelta(days=rng.randint(0, 360), hours=rng.randint(0, 8))
        service = services.open_talent_service(
            staff, talent, need=need, description="咨询相关政策和办理流程。", received_at=received
        )
        if received < now - datetime.timedelta(days=10):
            service = services.handle_talent_service(service, staff)
            services.answer_talent_service(service, staff, answer="已电话答复并发送办理指引。")


def _station(talents, rng: random.Random, now) -> None:
    """Past days with bookings kept or missed (created directly: the public form books future days only),
    then a few bookings through the form's service for the coming days."""
    current = [m for m, _code in talents if m.state != "withdrawn"]
    staff = _staff(current[0].register)
    today = timezone.localdate()
    for back in range(1, 360, 3):
        day = today - datetime.timedelta(days=back)
        if day.weekday() >= 5:
            continue
        station_day = StationDay.objects.create(day=day, seats=services.DEFAULT_SEATS)
        for talent in rng.sample(current, rng.randint(2, 9)):
            booking = Booking(
                station_day=station_day,
                name=talent.name,
                phone=talent.phone,
                member=talent,
                code_hash=services.hash_code("DEMO"),
            )
            booking.save()
            services.record_attendance(booking, staff, attended=rng.random() < 0.85)
    for day in services.bookable_days()[:5]:
        for talent in rng.sample(current, 4):
            services.book(day=day, name=talent.name, phone=talent.phone)


def _care(workers, rng: random.Random, now) -> None:
    current = [m for m, _code in workers if m.state != "withdrawn"]
    staff = _staff(current[0].register)
    for _ in range(400):
        services.record_care(
            staff,
            rng.choice(current),
            kind=rng.choices(CareService.Kind.values, weights=[10, 3, 2, 1, 1])[0],
            station=rng.choice(STATIONS),
            served_on=(now - datetime.timedelta(days=rng.randint(0, 360))).date(),
        )


def _observer_reports(workers, rng: random.Random, now) -> None:
    """Thirty reports by verified riders and drivers; the older ones routed and resolved."""
    observers = [(m, code) for m, code in _verified(workers) if code]
    office = get_user_model().objects.get(username="office")
    categories = list(CaseCategory.objects.filter(name="咨询").select_related("studio"))
    for n in range(30):
        member, code = rng.choice(observers)
        title, description = rng.choice(REPORTS)
        reported = now - datetime.timedelta(days=rng.randint(1, 360))
        case, _retrieval = services.report_as_observer(
            phone=member.phone,
            code=code,
            community=member.community,
            location_text=rng.choice(
                ["桂澜路与南海大道路口", "千灯湖公园北门", "南约社区文化广场旁"]
            ),
            title=title,
            description=description,
            reported_at=reported,
        )
        if n % 3 == 0 or reported > now - datetime.timedelta(days=14):
            continue  # still awaiting routing or in hand
        category = rng.choice(categories)
        worker = get_user_model().objects.get(username=f"worker{category.studio.code}")
        case = case_services.route(case, office, category=category, reason="观察员报告分派")
        case = case_services.assign(case, worker, assignee=worker)
        case = case_services.start(case, worker)
        case_services.resolve(case, worker, reply="已处理，感谢您的报告。", outcome="已安排处理")


def _codes_of_conduct() -> None:
    studio_page = StudioPage.objects.get(studio__code="05")
    for slug, title, text in CODES_OF_CONDUCT:
        if not StandardPage.objects.filter(slug=slug).exists():
            f.StandardPageFactory(
                parent=studio_page,
                slug=slug,
                title=title,
                intro="新就业群体党建工作室与行业党组织共同制定",
                body=[f.paragraph(text)],
            )


def _service_links() -> None:
    """The "登记" service pages lead to the register forms instead of the generic issue form."""
    for page in ServicePage.objects.filter(title__in=SERVICE_LINKS):
        name, args, label = SERVICE_LINKS[page.title]
        link = f'<p><a href="{reverse(name, args=args)}">{label}</a></p>'
        if link not in page.eligibility:
            page.eligibility = f"{page.eligibility}{link}"
            page.save_revision().publish()
