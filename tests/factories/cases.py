"""Cases built through the real services (deadlines, references and history as in production);
shared by the tests and the demo-content command."""

from django.contrib.auth import get_user_model

from cms.cases import services
from cms.cases.models import Case, CaseCategory, Satisfaction, Source, Status
from cms.studios.models import Studio

# The path through the lifecycle to each state, as service calls.
_PATH = {
    Status.AWAITING_ROUTING: [],
    Status.RECEIVED: [],
    Status.ASSIGNED: ["assign"],
    Status.IN_PROGRESS: ["assign", "start"],
    Status.RESOLVED: ["assign", "start", "resolve"],
    Status.FOLLOWED_UP: ["assign", "start", "resolve", "follow_up"],
    Status.CLOSED: ["assign", "start", "resolve", "follow_up", "close"],
    Status.RETURNED: ["return"],
}


def user(username: str):
    return get_user_model().objects.get(username=username)


def category(studio_code: str = "06", name: str = "投诉") -> CaseCategory:
    return CaseCategory.objects.get(studio__code=studio_code, name=name)


def new_case(studio_code: str = "06", category_name: str = "投诉", **fields) -> Case:
    values = {
        "source": Source.PHONE,
        "location_text": "千灯湖社区示例花园",
        "reporter_name": "张小梅",
        "reporter_phone": "13800001234",
        "title": "小区地下车库漏水",
        "description": "地下车库 B 区顶部漏水，已持续一周，请物业尽快维修。",
    }
    values.update(fields)
    case, _code = services.create_case(category=category(studio_code, category_name), **values)
    return case


def unrouted_case(**fields) -> Case:
    """A "not sure" online submission, waiting for the committee office to route it."""
    values = {
        "location_text": "千灯湖社区示例花园",
        "reporter_name": "张小梅",
        "reporter_phone": "13800001234",
        "title": "不知道该找哪个工作室",
        "description": "小区门口的共享单车堆满人行道。",
    }
    values.update(fields)
    case, _code = services.submit_online(category=None, **values)
    return case


def case_in(status: str, studio_code: str = "06", worker=None, **fields) -> Case:
    """A case walked through the services to ``status`` by a case worker of its studio."""
    if status == Status.AWAITING_ROUTING:
        return unrouted_case(**fields)
    worker = worker or user(f"worker{studio_code}")
    case = new_case(studio_code, **fields)
    steps = {
        "assign": lambda c: services.assign(c, worker, assignee=worker),
        "start": lambda c: services.start(c, worker),
        "resolve": lambda c: services.resolve(
            c, worker, reply="已协调物业完成维修，感谢您的反映。", outcome="物业已维修漏水点。"
        ),
        "follow_up": lambda c: services.record_follow_up(
            c, worker, satisfaction=Satisfaction.SATISFIED
        ),
        "close": lambda c: services.close(c, worker),
        "return": lambda c: services.return_case(c, worker, reason="属于住建部门职责"),
    }
    for step in _PATH[status]:
        case = steps[step](case)
    return case


def studio(code: str) -> Studio:
    return Studio.objects.get(code=code)
