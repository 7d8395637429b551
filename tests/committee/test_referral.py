"""Cross-studio referral and joint handling: the committee office's queue, every hop in the case's record,
and co-handlers whose tasks must all be done before the case resolves."""

import pytest
from django.urls import reverse

from cms.cases import services
from cms.cases.models import Case, Status
from tests.conftest import login
from tests.factories import cases as f

pytestmark = pytest.mark.django_db
QUEUE = "committee_routing_queue"


def inspect(case: Case) -> str:
    return reverse("cases_case_modeladmin_inspect", args=(case.pk,))


def test_the_office_queue_holds_unsure_submissions_and_returned_cases(client):
    unsure = f.unrouted_case(title="不知道找谁")
    returned = f.case_in(Status.RETURNED, "06", title="不属于本工作室")
    handled = f.case_in(Status.ASSIGNED, "06", title="正在派单")
    login(client, "office")
    html = client.get(reverse(QUEUE)).content.decode()
    assert unsure.reference in html and returned.reference in html
    assert "属于住建部门职责" in html and handled.reference not in html
    login(client, "lead06")
    assert client.get(reverse(QUEUE)).status_code == 302


def test_every_hop_between_studios_is_in_the_case_record(client):
    office = f.user("office")
    case = f.unrouted_case()
    case = services.route(case, office, category=f.category("06", "投诉"), reason="涉及物业管理")
    case = services.return_case(case, f.user("worker06"), reason="属于社区环境问题")
    services.reroute(case, office, category=f.category("02", "投诉"), reason="转全域创熟工作室")
    login(client, "office")
    html = client.get(inspect(case)).content.decode()
    hops = html[html.index("流转记录") : html.index("办理记录与修改历史")]
    assert "— → 红色业委会工作室" in hops and "涉及物业管理" in hops
    assert "红色业委会工作室 → 全域创熟工作室" in hops and "转全域创熟工作室" in hops


def test_a_case_resolves_only_when_every_co_handler_is_done(client):
    worker06, worker02 = f.user("worker06"), f.user("worker02")
    case = f.case_in(Status.IN_PROGRESS, "06")
    studio_02 = f.category("02", "投诉").studio
    co = services.add_co_handler(case, worker06, studio=studio_02, task="协调社区清理楼道")
    with pytest.raises(services.CaseRuleError, match="协办任务未完成"):
        services.resolve(case, worker06, reply="已处理", outcome="已处理")

    login(client, "worker02")  # the co-handling studio finds the case and does its part
    assert case.reference in client.get(reverse("cases_case_modeladmin_index")).content.decode()
    page = client.get(inspect(case)).content.decode()
    assert "完成协办任务" in page and "办结</a>" not in page
    refused = client.post(reverse("cases_action", args=(case.pk, "resolve")), {}, follow=True)
    assert "该诉求当前不能执行此操作" in refused.content.decode()
    done = reverse("cases_co_task_done", args=(case.pk, co.pk))
    client.post(done, {"text": "楼道已清理"})
    co.refresh_from_db()
    assert co.status == "done" and co.done_by == worker02

    services.resolve(case, worker06, reply="已处理", outcome="已处理")
    assert Case.objects.get(pk=case.pk).status == Status.RESOLVED


def test_a_studio_that_does_not_co_handle_still_cannot_open_the_case(client):
    case = f.case_in(Status.IN_PROGRESS, "06")
    services.add_co_handler(
        case, f.user("worker06"), studio=f.category("02", "投诉").studio, task="协助"
    )
    login(client, "worker01")
    assert client.get(inspect(case)).status_code == 302
    assert case.reference not in client.get(reverse("cases_case_modeladmin_index")).content.decode()
