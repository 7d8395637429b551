"""The registers' public pages as a visitor on a phone uses them: the notice before the form, Chinese
messages with nothing typed lost, one enrolment per phone, the honeypot and the rate limit; the 人才驿站
booking and cancellation; the observer's report; the liaison station without personal data."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.cases.models import Case, Source
from cms.registers import public, services
from cms.registers.models import Booking, Engagement, Member, RegisterKind
from tests.factories import registers as f
from tests.factories.cases import user

pytestmark = pytest.mark.django_db
RIDER = {
    "name": "陈晓明",
    "phone": "１３９ ０００１ ２３４５",  # full-width digits and spaces, as phones type them
    "occupation": "ride_hailing",
    "platform": "示例出行",
    "usual_area": "桂城",
    "consent": "on",
}


def enrol_url(slug: str) -> str:
    return reverse("register_enrol", args=(slug,))


@pytest.mark.parametrize("slug", ["sages", "talents", "new-employment"])
def test_each_register_shows_its_notice_before_the_form(client, slug):
    page = client.get(enrol_url(slug))
    text = page.content.decode()
    assert page.status_code == 200 and page["Cache-Control"].startswith("private")
    assert text.index("个人信息告知书") < text.index('class="public-form"')
    assert "保存期限" in text and "撤回同意" in text and "收集目的" in text


def test_an_unknown_register_is_not_found(client):
    assert client.get(enrol_url("nobody")).status_code == 404


def test_a_rider_enrols_with_a_phone_typed_any_way(client):
    response = client.post(enrol_url("new-employment"), RIDER)
    assert "登记成功" in response.content.decode()
    member = Member.objects.get()
    assert (member.phone, member.worker.occupation, member.notice_version) == (
        "13900012345",
        "ride_hailing",
        1,
    )


def test_bad_input_gets_chinese_messages_and_keeps_what_was_typed(client):
    bad = {**RIDER, "phone": "12345", "occupation": "pilot", "consent": ""}
    text = client.post(enrol_url("new-employment"), bad).content.decode()
    assert "请填写正确的手机号码" in text
    assert "请从列表中选择" in text
    assert "请阅读并同意个人信息告知书后再提交" in text
    assert 'value="陈晓明"' in text and 'value="示例出行"' in text and 'value="12345"' in text
    assert not Member.objects.exists()


def test_a_talent_needs_a_valid_id_number_and_at_least_one_need(client):
    data = {
        "name": "何雅婷",
        "phone": "13900002222",
        "id_number": "440605198001019990",
        "field": "science",
        "level": "b",
        "consent": "on",
    }
    text = client.post(enrol_url("talents"), data).content.decode()
    assert "身份证号码不正确" in text and "请至少选择一项" in text
    assert 'value="440605198001019990"' in text


def test_a_second_enrolment_with_the_same_phone_is_refused_kindly(client):
    client.post(enrol_url("new-employment"), RIDER)
    text = client.post(
        enrol_url("new-employment"), {**RIDER, "phone": "13900012345"}
    ).content.decode()
    assert "已经在本名册登记过" in text and Member.objects.count() == 1


def test_the_honeypot_answers_as_if_it_worked_and_keeps_nothing(client):
    response = client.post(enrol_url("new-employment"), {**RIDER, "website": "http://spam"})
    assert "登记成功" in response.content.decode() and not Member.objects.exists()


def test_enrolments_are_rate_limited_per_client(client):
    for n in range(public.ENROLMENTS_PER_HOUR):
        client.post(enrol_url("new-employment"), {**RIDER, "phone": f"139000100{n:02d}"})
    assert client.post(enrol_url("new-employment"), RIDER).status_code == 429


def test_a_seat_is_booked_without_an_account_and_cancelled_with_its_code(client):
    day = services.bookable_days()[0]
    url = reverse("talent_station")
    page = client.post(
        url,
        {
            "action": "book",
            "day": day.isoformat(),
            "name": "李嘉欣",
            "phone": "13900005555",
            "consent": "on",
        },
    )
    text = page.content.decode()
    assert "预约成功" in text and "139****5555" in text
    code = text.split('<output id="cancel-code">')[1].split("<")[0]
    again = client.post(
        url,
        {
            "action": "book",
            "day": day.isoformat(),
            "name": "李嘉欣",
            "phone": "13900005555",
            "consent": "on",
        },
    )
    assert "已预约当天的座位" in again.content.decode()
    wrong = client.post(
        url,
        {"action": "book", "day": "2020-01-01", "name": "李嘉欣", "phone": "1", "consent": "on"},
    )
    assert "请从列表中选择" in wrong.content.decode()
    client.post(
        url,
        {
            "action": "cancel",
            "cancel-day": day.isoformat(),
            "cancel-phone": "13900005555",
            "cancel-code": code,
        },
    )
    assert Booking.objects.get().state == Booking.State.CANCELLED


def test_an_observer_reports_and_gets_a_reference_to_follow(client):
    _rider, code = f.verified(RegisterKind.NEW_EMPLOYMENT)
    url = reverse("observer_report")
    data = {
        "phone": "13900001111",
        "code": code,
        "location_text": "桂澜路与南海大道路口",
        "title": "路灯不亮",
        "description": "桂澜路路灯不亮。",
    }
    refused = client.post(url, {**data, "code": "WRONG123"}).content.decode()
    assert "观察员码不正确" in refused and 'value="路灯不亮"' in refused
    text = client.post(url, data).content.decode()
    reference = text.split('<output id="reference">')[1].split("<")[0]
    retrieval = text.split('<output id="code">')[1].split("<")[0]
    case = Case.objects.get(reference=reference)
    assert case.source == Source.OBSERVER
    status = client.post(reverse("case_status"), {"reference": reference, "code": retrieval})
    page = status.content.decode()
    assert reference in page and "待委员会办公室分派" in page


def test_the_liaison_station_names_only_sages_who_agreed(client):
    worker = user("worker02")
    named, _ = f.verified(
        RegisterKind.SAGES, phone="13900001111", name="黄国荣", named_publicly=True
    )
    quiet, _ = f.verified(RegisterKind.SAGES, phone="13900002222", name="谢美玲")
    for sage, summary in [(named, "捐赠图书两百册"), (quiet, "调解邻里噪音纠纷")]:
        services.record_engagement(
            worker,
            sage,
            kind=Engagement.Kind.DONATION,
            happened_on=timezone.localdate(),
            summary=summary,
        )
    text = client.get(reverse("liaison_station")).content.decode()
    assert "黄国荣：捐赠图书两百册" in text and "调解邻里噪音纠纷" in text
    assert "谢美玲" not in text and "13900002222" not in text
    assert "法律" in text  # the sages' field, counted
