""" "我的诉求": a resident proves their phone with a one-time SMS code, sees their own cases and has a new
retrieval code sent when they lost theirs. Through the real views, the outbox and the recording SMS backend."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from cms.cases import residents, services
from cms.cases.models import Case, SignInCode
from cms.notifications.models import Message, SmsRecord, State
from cms.notifications.worker import run_queued_tasks
from tests.core.test_cache import redis_down  # noqa: F401 (fixture)
from tests.factories import cases as f

pytestmark = pytest.mark.django_db
PHONE = "13800012345"


class BrokenSmsProvider:
    """An SMS provider that is down: every send fails (the outbox retries)."""

    def send(self, phone, template_id, params, *, out_id="", text=""):
        raise ConnectionError("provider unreachable")


def online_case(title: str = "路灯不亮", phone: str = PHONE) -> tuple[Case, str]:
    return services.submit_online(
        category=f.category("06"),
        location_text="示例花园",
        reporter_name="陈阿姨",
        reporter_phone=phone,
        title=title,
        description="5 栋门前路灯坏了。",
    )


def ask_for_code(client, phone: str = PHONE, capture=None):
    if capture is None:
        return client.post(reverse("my_cases"), {"phone": phone})
    with capture(execute=True):
        response = client.post(reverse("my_cases"), {"phone": phone})
    run_queued_tasks()
    return response


def last_sms(phone: str = PHONE) -> str:
    return SmsRecord.objects.filter(phone=phone).order_by("-pk").values_list("text", flat=True)[0]


def code_in(text: str) -> str:
    return re.search(r"验证码是 (\d{6})", text).group(1)


def sign_in(client, capture) -> None:
    ask_for_code(client, capture=capture)
    response = client.post(reverse("my_cases_code"), {"code": code_in(last_sms())})
    assert response.status_code == 302 and response["Location"] == reverse("my_cases")


def test_a_resident_signs_in_with_the_sms_code_and_sees_only_their_cases(
    client, django_capture_on_commit_callbacks
):
    mine, _code = online_case("路灯不亮")
    merged, _code = online_case("路灯又坏了")
    services.merge_into(merged, f.user("lead06"), earlier=mine, reason="同一路灯")
    someone_elses, _code = online_case("别人的诉求", phone="13900001111")
    response = ask_for_code(client, capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302 and response["Location"] == reverse("my_cases_code")
    text = last_sms()
    code = code_in(text)
    assert mine.reference not in text and "路灯" not in text  # the code alone
    page = client.get(reverse("my_cases_code")).content.decode()
    assert "138****2345" in page and "5 分钟内有效" in page
    client.post(reverse("my_cases_code"), {"code": code})
    html = client.get(reverse("my_cases")).content.decode()
    assert mine.reference in html and "路灯不亮" in html and "红色业委会工作室" in html
    assert f"与 {mine.reference} 合并办理" in html
    assert someone_elses.reference not in html and "别人的诉求" not in html
    assert "陈阿姨" not in html and PHONE not in html
    assert "no-store" in client.get(reverse("my_cases"))["Cache-Control"]


def test_the_code_is_stored_hashed_and_the_outbox_never_holds_it(
    client, django_capture_on_commit_callbacks
):
    online_case()
    ask_for_code(client, capture=django_capture_on_commit_callbacks)
    code = code_in(last_sms())
    row = SignInCode.objects.get(phone=PHONE)
    assert code not in row.code_hash and row.code_hash == residents.hash_code(PHONE, code)
    message = Message.objects.get(idempotency_key=row.message_key)
    assert code not in str(message.context) and message.state == State.SENT
    assert row.expires_at - row.created_at == timedelta(minutes=5)


def test_five_wrong_tries_kill_the_code(client, django_capture_on_commit_callbacks):
    online_case()
    ask_for_code(client, capture=django_capture_on_commit_callbacks)
    code = code_in(last_sms())
    wrong = "000000" if code != "000000" else "111111"
    answers = [
        client.post(reverse("my_cases_code"), {"code": wrong}).content.decode() for _ in range(5)
    ]
    assert "还可以再试 4 次" in answers[0] and "还可以再试 1 次" in answers[3]
    assert "输错次数过多" in answers[4]
    after = client.post(reverse("my_cases_code"), {"code": code}).content.decode()
    assert "输错次数过多" in after
    assert "路灯不亮" not in client.get(reverse("my_cases")).content.decode()


def test_an_expired_or_used_code_does_not_sign_in(client, django_capture_on_commit_callbacks):
    online_case()
    ask_for_code(client, capture=django_capture_on_commit_callbacks)
    code = code_in(last_sms())
    SignInCode.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert "已过期" in client.post(reverse("my_cases_code"), {"code": code}).content.decode()
    row = SignInCode.objects.get()
    assert residents.check_code(row.pk, code)[0] is residents.Check.EXPIRED


def test_a_phone_without_cases_gets_the_same_page_and_no_sms(
    client, django_capture_on_commit_callbacks
):
    response = ask_for_code(client, phone="13700000000", capture=django_capture_on_commit_callbacks)
    assert response.status_code == 302
    page = client.get(reverse("my_cases_code")).content.decode()
    assert "137****0000" in page and "如果号码" in page
    assert not SmsRecord.objects.filter(phone="13700000000").exists()
    assert "不正确" in client.post(reverse("my_cases_code"), {"code": "123456"}).content.decode()


def test_a_landline_or_bad_number_is_refused_in_chinese(client):
    assert "只能发送到手机" in ask_for_code(client, phone="0757-86000000").content.decode()
    assert "请填写正确的手机号码" in ask_for_code(client, phone="12345").content.decode()


def test_codes_are_limited_per_phone_and_per_client(client, settings):
    online_case()
    statuses = [ask_for_code(client).status_code for _ in range(6)]
    assert statuses == [302] * 5 + [429]
    assert SignInCode.objects.count() == 5
    other_client = client_class_from(client)
    assert ask_for_code(other_client).status_code == 429  # the phone's limit, whoever asks
    for n in range(5):  # another phone from the first client: the client has 10 in all
        ask_for_code(client, phone=f"1390000{n:04d}")
    assert ask_for_code(client, phone="13900009999").status_code == 429


def client_class_from(client):
    from django.test import Client

    return Client(REMOTE_ADDR="198.51.100.9")


def test_sign_in_fails_closed_with_a_chinese_message_when_redis_is_down(client, redis_down):  # noqa: F811
    online_case()
    response = ask_for_code(client)
    assert response.status_code == 503
    assert "“我的诉求”暂时无法使用" in response.content.decode()
    assert not SignInCode.objects.exists()


def test_the_page_says_plainly_when_the_sms_provider_is_down(
    client, settings, django_capture_on_commit_callbacks
):
    settings.NOTIFICATIONS_SMS_BACKEND = "tests.cases.test_my_cases.BrokenSmsProvider"
    online_case()
    ask_for_code(client, capture=django_capture_on_commit_callbacks)
    page = client.get(reverse("my_cases_code")).content.decode()
    assert "短信服务暂时出现故障" in page
    assert Message.objects.get(template="resident-sign-in-code").state == State.QUEUED


def test_a_lost_retrieval_code_is_replaced_and_sent_alone(
    client, django_capture_on_commit_callbacks
):
    case, old_code = online_case()
    sign_in(client, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("my_cases_new_code"), {"reference": case.reference})
    run_queued_tasks()
    assert "新的查询码已通过短信发送" in response.content.decode()
    text = last_sms()
    new_code = re.search(r"新查询码是 (\w{9})", text).group(1)
    assert case.reference not in text and "路灯" not in text
    lookup = {"reference": case.reference}
    status = reverse("case_status")
    assert "红色业委会工作室" in client.post(status, {**lookup, "code": new_code}).content.decode()
    assert "没有找到" in client.post(status, {**lookup, "code": old_code}).content.decode()
    case.refresh_from_db()
    latest = case.history.first()
    assert latest.history_change_reason == "居民通过“我的诉求”短信重设查询码"
    message = Message.objects.get(template="resident-new-retrieval-code")
    assert new_code not in str(message.context)


def test_a_resident_cannot_reset_another_residents_code(client, django_capture_on_commit_callbacks):
    online_case()
    theirs, code = online_case("别人的诉求", phone="13900001111")
    sign_in(client, django_capture_on_commit_callbacks)
    client.post(reverse("my_cases_new_code"), {"reference": theirs.reference})
    theirs.refresh_from_db()
    assert theirs.retrieval_code_hash == services.hash_retrieval_code(code)
    assert not Message.objects.filter(template="resident-new-retrieval-code").exists()


def test_signing_out_and_the_session_expiry_end_access(client, django_capture_on_commit_callbacks):
    online_case()
    sign_in(client, django_capture_on_commit_callbacks)
    assert "路灯不亮" in client.get(reverse("my_cases")).content.decode()
    client.post(reverse("my_cases_sign_out"))
    assert "路灯不亮" not in client.get(reverse("my_cases")).content.decode()
    sign_in(client, django_capture_on_commit_callbacks)
    session = client.session
    session["mine:until"] = 0
    session.save()
    assert "获取短信验证码" in client.get(reverse("my_cases")).content.decode()


def test_the_pages_work_without_javascript_and_with_few_queries(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    for n in range(5):
        online_case(f"诉求 {n}")
    sign_in(client, django_capture_on_commit_callbacks)
    with django_assert_max_num_queries(6):
        html = client.get(reverse("my_cases")).content.decode()
    assert html.count('name="reference"') == 5 and "<script" not in html
