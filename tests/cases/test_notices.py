"""Staff are told when a case needs them: assigned to me, co-handling asked of my studio, my extension
decided, a dissatisfied follow-up, a case returned. Each message is written in the change's transaction."""

import pytest
from django.db import transaction

from cms.cases import services
from cms.cases.models import ExtensionRequest, Satisfaction, Status
from cms.notifications.models import Channel, Message, Notice
from cms.notifications.worker import run_queued_tasks
from cms.studios.models import Studio
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
