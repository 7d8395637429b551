"""Retention (PIPL): a case closed longer than the stated period loses its reporter's name and phone, in
its history rows too, and its attachments; its figures stay; the access log says what was done; the
dry run changes nothing."""

import datetime
import os

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command

from cms.cases import retention
from cms.cases.models import Case, CaseAttachment, Status
from cms.core.models import PersonalDataAccess
from cms.notifications.models import Channel, Message
from cms.notifications.outbox import notify
from tests.factories import cases as f

pytestmark = pytest.mark.django_db
PHONE = "13800001234"


@pytest.fixture
def closed_case(tmp_path, settings):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    case = f.case_in(Status.CLOSED, reporter_phone=PHONE, contact_time="工作日晚上")
    item = CaseAttachment(
        case=case, original_name="张小梅家门口.png", content_type="image/png", size=4
    )
    item.file.save("x.png", ContentFile(b"\x89PNG"), save=True)
    notify(
        channel=Channel.SMS,
        template="resident-received",
        key=f"case:{case.pk}:received",
        context={"reference": case.reference, "case_id": case.pk},
        address=PHONE,
    )
    return case


def later(days: int) -> datetime.datetime:
    return datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=days)


def test_a_case_closed_within_the_period_keeps_its_personal_data(closed_case):
    report = retention.anonymise(later(29))
    assert report.references == []
    closed_case.refresh_from_db()
    assert closed_case.reporter_phone == PHONE
    assert not PersonalDataAccess.objects.filter(action="anonymise").exists()


def test_past_the_period_name_phone_and_attachments_go_from_the_case_and_its_history(closed_case):
    attachment = closed_case.attachments.get()
    path = attachment.file.path
    history_rows = closed_case.history.count()
    assert history_rows > 3

    report = retention.anonymise(later(31))

    assert report.references == [closed_case.reference]
    case = Case.objects.get(pk=closed_case.pk)
    assert (case.reporter_name, case.reporter_phone, case.contact_time) == ("（已匿名）", "", "")
    # Every history row, the first ("+") included; the clean-up is a "~" row with its reason.
    rows = list(case.history.order_by("history_date", "history_id"))
    assert len(rows) == history_rows + 1
    assert {(r.reporter_name, r.reporter_phone, r.contact_time) for r in rows} == {
        ("（已匿名）", "", "")
    }
    assert rows[-1].history_type == "~"
    assert rows[-1].history_change_reason == "保存期满，个人信息已匿名化"
    # The attachment: file removed, row deleted, the file name gone from its history.
    assert not CaseAttachment.objects.filter(case=case).exists()
    assert not os.path.exists(path)
    names = set(
        CaseAttachment.history.filter(case_id=case.pk).values_list("original_name", flat=True)
    )
    assert names == {"（已删除）"}
    assert CaseAttachment.history.filter(case_id=case.pk, history_type="-").exists()
    # The SMS to the reporter's phone is gone from the outbox.
    assert not Message.objects.filter(address=PHONE).exists()
    # The figures keep what they count.
    assert (case.status, case.studio.code, case.title) == (Status.CLOSED, "06", closed_case.title)
    assert case.category_id == closed_case.category_id and case.closed_at == closed_case.closed_at
    # The access log says what was done, with no user.
    entry = PersonalDataAccess.objects.get(action="anonymise")
    assert entry.user is None and "1 件诉求" in entry.subject
    # A second run finds nothing and logs nothing.
    assert retention.anonymise(later(32)).references == []
    assert PersonalDataAccess.objects.filter(action="anonymise").count() == 1


def test_open_cases_are_never_anonymised(settings):
    settings.PERSONAL_DATA_RETENTION_DAYS = 30
    case = f.case_in(Status.RESOLVED)
    retention.anonymise(later(400))
    case.refresh_from_db()
    assert case.reporter_name == "张小梅"


def test_the_dry_run_shows_what_it_would_do_and_changes_nothing(closed_case, settings, capsys):
    settings.PERSONAL_DATA_RETENTION_DAYS = 0
    call_command("anonymise_closed_cases", "--dry-run")
    out = capsys.readouterr().out
    assert "Would anonymise" in out and closed_case.reference in out
    assert "诉求历史记录" in out and "附件: 1" in out
    closed_case.refresh_from_db()
    assert closed_case.reporter_phone == PHONE
    assert closed_case.attachments.count() == 1
    assert not PersonalDataAccess.objects.filter(action="anonymise").exists()


def test_the_privacy_notice_states_the_period(client, settings):
    from cms.studios import skeleton

    skeleton.build()
    settings.PERSONAL_DATA_RETENTION_DAYS = 1095
    page = client.get("/privacy/")
    assert page.status_code == 200
    assert "诉求办结归档满 1095 天后" in page.content.decode()


def test_numbers_and_the_reporters_name_go_from_the_free_text_and_its_history(closed_case):
    from cms.cases import services
    from cms.cases.models import CaseNote

    case = Case.objects.get(pk=closed_case.pk)
    name = case.reporter_name
    case.description = f"我是{name}，电话{PHONE}，身份证 440602199001011234，楼道灯坏了"
    case.location_text = "桂城街道灯湖东路12号3栋502"
    case.save()
    services.add_note(case, f.user("worker06"), text=f"已电话联系{name}（{PHONE}），约周三上门")

    report = retention.anonymise(later(31))

    assert report.counts["含个人信息的文字"] >= 3
    case.refresh_from_db()
    assert case.description == "我是（已匿名），电话***，身份证 ***，楼道灯坏了"
    assert case.location_text == "桂城街道灯湖***"
    texts = [
        *case.history.values_list("description", flat=True),
        *case.history.values_list("location_text", flat=True),
        *CaseNote.objects.filter(case=case).values_list("text", flat=True),
        *CaseNote.history.filter(case_id=case.pk).values_list("text", flat=True),
    ]
    for text in texts:
        assert name not in text and PHONE not in text and "440602199001011234" not in text
        assert "3栋502" not in text
    assert CaseNote.objects.filter(
        case=case, text__contains="约周三上门"
    ).exists()  # the rest stays
