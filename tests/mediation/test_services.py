"""The mediation file's rules, through the services: intake, mediators and recusal, the steps' order,
the outcome and follow-up, the archive checklist, and the timers."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cms.cases import services as case_services
from cms.cases.models import Kind, Satisfaction, Status
from cms.mediation import services
from cms.mediation.forms import PartyForm
from cms.mediation.models import (
    Appointment,
    FollowUp,
    MediationFile,
    NoticeMethod,
    Party,
    Session,
    Stage,
    one_month_after,
)
from tests.factories import mediation as m
from tests.factories.cases import user

pytestmark = pytest.mark.django_db


def session(**fields) -> Session:
    values = {
        "place": "调解室",
        "attendees": "双方当事人",
        "statements": "申请人：要求暂缓上调。被申请人：同意公示明细。",
        "signed": True,
    }
    values.update(fields)
    return Session(**values)


def agree(file: MediationFile, worker, concluded_on=None) -> MediationFile:
    concluded_on = concluded_on or timezone.localdate()
    return services.record_agreement(
        file,
        worker,
        concluded_on=concluded_on,
        terms="物业费维持原标准至业主大会表决。",
        performance_method="物业公司于十日内公示费用明细。",
        performance_due=concluded_on + datetime.timedelta(days=10),
    )


def follow_up(satisfaction=Satisfaction.SATISFIED, performance=FollowUp.Performance.FULL):
    return FollowUp(
        performance=performance, satisfaction=satisfaction, relapse_risk=FollowUp.Risk.LOW
    )


def test_registering_opens_a_mediation_case_in_progress_with_a_one_month_clock():
    worker = user("worker06")
    file = m.registered_file(registered_on=datetime.date(2026, 1, 31))
    case = file.case
    assert case.kind == Kind.MEDIATION and case.status == Status.IN_PROGRESS
    assert case.assignee == worker and case.reporter_name == "李秀英"
    assert file.settlement_due == datetime.date(2026, 2, 28)
    assert timezone.localdate(case.handling_due) == file.settlement_due
    assert [p.side for p in file.parties.all()] == [Party.Side.APPLICANT, Party.Side.RESPONDENT]
    assert file.history.get().history_user == worker


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2026-01-15", "2026-02-15"),
        ("2026-01-31", "2026-02-28"),
        ("2028-01-31", "2028-02-29"),
        ("2026-12-20", "2027-01-20"),
    ],
)
def test_one_month_after_keeps_the_day_or_takes_the_month_end(day, expected):
    parsed = datetime.date.fromisoformat
    assert one_month_after(parsed(day)) == parsed(expected)


def test_a_mediation_case_cannot_be_moved_by_the_case_actions():
    file = m.registered_file()
    assert case_services.allowed_actions(file.case) == []


def test_party_form_checks_the_id_check_digit_and_normalises_it():
    good = m.valid_id("44060519800101998")
    form = PartyForm(
        {"side": "applicant", "kind": "resident", "name": "李秀英", "id_number": good.lower()}
    )
    assert form.is_valid(), form.errors
    assert form.cleaned_data["id_number"] == good.upper()
    wrong_digit = good[:17] + ("0" if good[17] != "0" else "1")
    form = PartyForm(
        {"side": "applicant", "kind": "resident", "name": "李秀英", "id_number": wrong_digit}
    )
    assert not form.is_valid()
    assert form.errors["id_number"] == ["身份证号码不正确，请核对后重新填写。"]


def test_the_service_refuses_an_invalid_id_number_even_without_the_form():
    file = m.registered_file()
    with pytest.raises(ValidationError):
        services.save_party(file, user("worker06"), m.applicant(id_number="440605198001019990"))


def test_a_session_needs_a_presiding_mediator():
    file = m.registered_file()
    with pytest.raises(services.MediationRuleError, match="主持调解员"):
        services.save_session(file, user("worker06"), session())


def test_one_presiding_mediator_at_a_time_until_a_recusal_is_granted():
    worker, lead = user("worker06"), user("lead06")
    file = m.registered_file()
    first = services.appoint(file, worker, mediator=m.mediator("甲"), role="presiding")
    with pytest.raises(services.MediationRuleError, match="已有主持调解员"):
        services.appoint(file, worker, mediator=m.mediator("乙"), role="presiding")
    services.request_recusal(first, worker, requested_by="李秀英", reason="曾为物业公司提供咨询")
    with pytest.raises(PermissionDenied):
        services.decide_recusal(first, worker, grant=True)
    decided = services.decide_recusal(first, lead, grant=True)
    assert decided.recusal == Appointment.Recusal.GRANTED and not decided.is_active
    services.appoint(file, worker, mediator=m.mediator("乙"), role="presiding")
    reasons = list(first.history.order_by("history_date").values_list("history_change_reason"))
    assert reasons[-1] == ("同意回避",)


def test_steps_follow_the_order_of_a_mediation():
    worker = user("worker06")
    file = m.registered_file()
    with pytest.raises(services.MediationRuleError, match="已登记"):
        agree(file, worker)
    with pytest.raises(services.MediationRuleError, match="不能回访"):
        services.record_follow_up(file, worker, follow_up())


def test_a_failure_must_name_another_route_and_its_follow_up_has_no_performance():
    worker = user("worker06")
    file = m.registered_file()
    with pytest.raises(services.MediationRuleError, match="其他解决途径"):
        services.record_failure(
            file,
            worker,
            concluded_on=timezone.localdate(),
            reason="分歧较大",
            litigation=False,
            arbitration=False,
            administrative=False,
        )
    services.record_failure(
        file,
        worker,
        concluded_on=timezone.localdate(),
        reason="分歧较大",
        litigation=True,
        arbitration=False,
        administrative=True,
    )
    file.refresh_from_db()
    assert file.stage == Stage.FAILED and file.case.status == Status.RESOLVED
    assert "可向人民法院起诉、可请求行政机关处理" in file.case.notes.last().text
    with pytest.raises(services.MediationRuleError, match="不适用"):
        services.record_follow_up(file, worker, follow_up())


def test_a_dissatisfied_follow_up_reopens_the_case_and_the_mediation():
    worker = user("worker06")
    file = m.file_in(Stage.AGREED)
    services.record_follow_up(
        file,
        worker,
        follow_up(Satisfaction.DISSATISFIED, FollowUp.Performance.PARTIAL),
    )
    file.refresh_from_db()
    assert file.stage == Stage.MEDIATING and file.outcome == ""
    assert file.case.status == Status.IN_PROGRESS
    assert file.follow_ups.get().performance == FollowUp.Performance.PARTIAL
    agree(file, worker)  # a new agreement can be reached


def test_archiving_is_refused_while_a_document_is_missing():
    worker = user("worker06")
    file = m.registered_file()
    services.appoint(file, worker, mediator=m.mediator(), role="presiding")
    services.save_session(file, worker, session(signed=False))
    agree(file, worker)
    services.record_follow_up(file, worker, follow_up())
    with pytest.raises(services.MediationRuleError) as refusal:
        services.archive(file, worker)
    assert "权利义务告知记录、已签名的调解笔录" in refusal.value.messages[0]
    services.record_rights_notice(
        file, worker, notified_on=file.registered_on, method=NoticeMethod.ORAL
    )
    signed = file.sessions.get()
    signed.signed = True
    services.save_session(file, worker, signed)
    services.archive(file, worker)
    file.refresh_from_db()
    assert file.stage == Stage.ARCHIVED and file.case.status == Status.CLOSED
    assert all(item.done for item in services.archive_checklist(file))


def test_an_archived_file_cannot_be_changed():
    file = m.file_in(Stage.ARCHIVED)
    with pytest.raises(services.MediationRuleError, match="已归档"):
        services.save_party(file, user("worker06"), m.applicant(name="王五"))


def test_another_studio_cannot_change_the_file():
    file = m.registered_file()
    with pytest.raises(PermissionDenied):
        services.record_rights_notice(
            file, user("worker01"), notified_on=timezone.localdate(), method="oral"
        )


def test_timers_track_settlement_court_confirmation_and_performance():
    worker = user("worker06")
    today = timezone.localdate()
    file = m.registered_file(registered_on=today - datetime.timedelta(days=40))
    (settlement,) = file.timers(today)
    assert settlement.key == "settlement" and settlement.state == "passed"
    assert settlement.days_overdue == (today - file.settlement_due).days

    file = m.file_in(Stage.MEDIATING)
    assert file.timers(today)[0].state == "running"
    assert file.timers(file.settlement_due - datetime.timedelta(days=2))[0].state == "soon"

    agreed_on = today - datetime.timedelta(days=5)
    file = agree(file, worker, concluded_on=agreed_on)
    timers = {t.key: t for t in file.timers(today)}
    assert timers["settlement"].state == "met"
    assert timers["court"].due == agreed_on + datetime.timedelta(days=30)
    assert timers["court"].days_left == 25
    assert timers["performance"].due == agreed_on + datetime.timedelta(days=10)
    later = {t.key: t for t in file.timers(agreed_on + datetime.timedelta(days=31))}
    assert later["court"].state == "closed" and later["performance"].state == "passed"
