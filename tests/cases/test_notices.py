"""Staff are told when a case needs them: assigned to me, co-handling asked of my studio, my extension
decided, a dissatisfied follow-up, a case returned. Each message is written in the change's transaction."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse

from cms.cases import services
from cms.cases.models import Case, ExtensionRequest, Satisfaction, Status
from cms.notifications.models import Channel, Message, Notice, SmsRecord
from cms.notifications.worker import run_queued_tasks
from cms.studios.models import Studio
from tests.cases.test_public import form
from tests.factories import cases as f
from tests.notifications.helpers import smtp_server

pytestmark = pytest.mark.django_db


def told(case, template: str) -> set[tuple[str, str]]:
    """(username, channel) of the messages about ``case`` from ``template``."""
    return set(
        Message.objects.filter(template=template, context__case_id=case.pk).values_list(
            "user__username", "channel"
        )
    )


def test_the_assignee_gets_a_notice_and_an_email_through_smtp(
    settings, django_capture_on_commit_callbacks
):
    worker = f.user("worker06")
    worker.email = "worker06@example.org"
    worker.save(update_fields=["email"])
    case = f.new_case("06")
    with smtp_server() as (mailbox, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        with django_capture_on_commit_callbacks(execute=True):
            services.assign(case, f.user("lead06"), assignee=worker)
        run_queued_tasks()
    assert told(case, "case-assigned") == {
        ("worker06", Channel.NOTICE),
        ("worker06", Channel.EMAIL),
    }
    notice = Notice.objects.get(user=worker, message__context__case_id=case.pk)
    assert notice.text == f"诉求 {case.reference} 已派给您办理，请及时联系反映人。"
    assert notice.url == f"/admin/cases/case/inspect/{case.pk}/"
    [envelope] = mailbox.messages
    assert envelope.rcpt_tos == ["worker06@example.org"]
    assert case.title.encode() not in envelope.content  # the reference only, never the description


def test_assigning_oneself_tells_nobody():
    worker = f.user("worker06")
    case = f.new_case("06")
    services.assign(case, worker, assignee=worker)
    assert told(case, "case-assigned") == set()


def test_an_assignment_rolled_back_tells_nobody():
    case = f.new_case("06")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.assign(case, f.user("lead06"), assignee=f.user("worker06"))
        raise RuntimeError("a later step of the same change failed")
    assert told(case, "case-assigned") == set()
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


def test_a_refused_assignment_tells_nobody():
    case = f.new_case("06")
    with pytest.raises(services.CaseRuleError):
        services.assign(case, f.user("lead06"), assignee=f.user("worker01"))
    assert told(case, "case-assigned") == set()


def test_the_leads_of_the_co_handling_studio_are_told():
    case = f.case_in(Status.IN_PROGRESS, "06")
    services.add_co_handler(
        case, f.user("worker06"), studio=Studio.objects.get(code="02"), task="协助联系业委会"
    )
    assert ("lead02", Channel.NOTICE) in told(case, "case-co-handling")
    assert all(username != "worker06" for username, _c in told(case, "case-co-handling"))


@pytest.mark.parametrize(
    ("approve", "template"), [(True, "case-extension-approved"), (False, "case-extension-rejected")]
)
def test_the_requester_is_told_how_an_extension_was_decided(approve, template):
    case = f.case_in(Status.IN_PROGRESS, "06")
    extension = services.request_extension(
        case, f.user("worker06"), days=3, reason="需等待维修配件"
    )
    services.decide_extension(extension, f.user("lead06"), approve=approve)
    assert told(case, template) == {("worker06", Channel.NOTICE)}
    assert ExtensionRequest.objects.get(pk=extension.pk).decided_by == f.user("lead06")


def test_a_dissatisfied_follow_up_tells_the_assignee_and_the_leads():
    case = f.case_in(Status.RESOLVED, "06")
    services.record_follow_up(case, f.user("worker06"), satisfaction=Satisfaction.DISSATISFIED)
    assert {("worker06", Channel.NOTICE), ("lead06", Channel.NOTICE)} <= told(
        case, "case-dissatisfied"
    )


def test_a_satisfied_follow_up_tells_nobody():
    case = f.case_in(Status.RESOLVED, "06")
    services.record_follow_up(case, f.user("worker06"), satisfaction=Satisfaction.SATISFIED)
    assert told(case, "case-dissatisfied") == set()


def test_a_returned_case_is_told_to_the_committee_office():
    case = f.case_in(Status.RETURNED, "06")
    assert ("office", Channel.NOTICE) in told(case, "case-returned")


# --- residents who opted in -------------------------------------------------------------------


def resident_sms(case) -> list[tuple[str, str]]:
    """(phone, text) of the SMS the development backend recorded for ``case``."""
    return list(
        SmsRecord.objects.filter(out_id__startswith=f"case:{case.pk}:")
        .order_by("pk")
        .values_list("phone", "text")
    )


def submit_online(client, **overrides):
    data = form(title="楼道堆放杂物", reporter_phone="13800012345", **overrides)
    assert client.post(reverse("case_submit"), data).status_code == 200
    return Case.objects.get(title="楼道堆放杂物")


def test_a_resident_who_opted_in_is_told_of_receipt_assignment_and_resolution(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        case = submit_online(client, sms_opt_in="on")
    run_queued_tasks()
    [(phone, receipt)] = resident_sms(case)
    assert phone == "13800012345"
    assert case.reference in receipt and "查询码" in receipt
    worker = f.user("worker06")
    with django_capture_on_commit_callbacks(execute=True):
        services.assign(case, f.user("lead06"), assignee=worker)
        services.start(case, worker)
        services.resolve(
            case,
            worker,
            reply="已联系物业清理楼道，并张贴了消防提示。\n如仍有问题请再联系我们。",
            outcome="已清理",
        )
    run_queued_tasks()
    texts = [text for _phone, text in resident_sms(case)]
    assert len(texts) == 3
    assert "已派给工作室办理" in texts[1]
    assert "已办结：已联系物业清理楼道，并张贴了消防提示。" in texts[2]
    assert texts[2].endswith("/issues/status/")
    for text in texts:  # the reference only: no description, no name, no retrieval code
        assert "杂物" not in text and "陈阿姨" not in text


def test_the_retrieval_code_is_never_sent(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("case_submit"), form(title="楼道堆放杂物", sms_opt_in="on"))
    code = response.context["code"]
    run_queued_tasks()
    case = Case.objects.get(title="楼道堆放杂物")
    assert all(code not in text for _phone, text in resident_sms(case))
    assert all(code not in str(m.context) for m in Message.objects.filter(context__case_id=case.pk))


def test_a_resident_who_did_not_opt_in_gets_no_sms(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = submit_online(client)
    services.assign(case, f.user("lead06"), assignee=f.user("worker06"))
    run_queued_tasks()
    assert resident_sms(case) == []
    assert not Message.objects.filter(context__case_id=case.pk, channel=Channel.SMS).exists()


# --- chasers ----------------------------------------------------------------------------------


def test_a_lead_chases_a_case_the_assignee_is_told_and_the_history_says_so():
    case = f.case_in(Status.IN_PROGRESS, "06")
    services.chase(case, f.user("lead06"), note="居民多次来电，请今天内回复。")
    assert told(case, "case-chased") == {("worker06", Channel.NOTICE)}
    latest = case.history.latest()
    assert latest.history_change_reason == "催办：居民多次来电，请今天内回复。"
    assert latest.history_user == f.user("lead06")
    assert case.chases.get().note == "居民多次来电，请今天内回复。"


def test_the_committee_office_may_chase_any_studio():
    case = f.case_in(Status.ASSIGNED, "02")
    services.chase(case, f.user("office"), note="请加快办理。")
    assert told(case, "case-chased") == {("worker02", Channel.NOTICE)}


@pytest.mark.parametrize("username", ["worker06", "lead01"])
def test_case_workers_and_other_studios_leads_may_not_chase(username):
    case = f.case_in(Status.IN_PROGRESS, "06")
    with pytest.raises(PermissionDenied):
        services.chase(case, f.user(username), note="请加快办理。")
    assert not case.chases.exists()


def test_a_chase_needs_a_note_and_an_open_case():
    with pytest.raises(services.CaseRuleError):
        services.chase(f.case_in(Status.IN_PROGRESS, "06"), f.user("lead06"), note="  ")
    with pytest.raises(services.CaseRuleError):
        services.chase(f.case_in(Status.CLOSED, "06"), f.user("lead06"), note="请加快办理。")
