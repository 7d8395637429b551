"""The channels against real counterparts: e-mail through Django's SMTP backend to a real SMTP server
started here (aiosmtpd); SMS through the recording backend; the Alibaba Cloud backend built from settings."""

import json
from email import message_from_bytes
from email.header import decode_header, make_header

import pytest
from django.contrib.auth import get_user_model

from cms.notifications import outbox, sms
from cms.notifications.models import Channel, Message, State
from tests.notifications.helpers import free_port, smtp_server

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp(settings):
    with smtp_server() as (mailbox, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_TIMEOUT = 5
        yield mailbox


def staff_email(key: str, address: str = "worker06@example.org") -> Message:
    worker = get_user_model().objects.get(username="worker06")
    worker.email = address
    worker.save(update_fields=["email"])
    return Message.objects.create(
        channel=Channel.EMAIL,
        template="test-hello",
        idempotency_key=key,
        context={"reference": "GC20261130003", "case_id": 3},
        user=worker,
    )


def test_an_email_reaches_the_smtp_server_with_the_reference_and_a_link(smtp, settings):
    message = staff_email("mail")
    assert outbox.deliver(message.pk) == "sent"
    [envelope] = smtp.messages
    assert envelope.rcpt_tos == ["worker06@example.org"]
    parsed = message_from_bytes(envelope.content)
    assert parsed["X-Qiandeng-Message"] == "mail"
    assert str(make_header(decode_header(parsed["Subject"]))) == "测试 GC20261130003"
    body = parsed.get_payload(decode=True).decode().replace("\r\n", "\n").strip()
    assert (
        body == f"您好，GC20261130003 有新进展。\n\n{settings.WAGTAILADMIN_BASE_URL}/admin/test/3/"
    )


def test_an_smtp_server_that_is_down_means_a_retry(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", free_port(), 2
    message = staff_email("mail-down")
    assert outbox.deliver(message.pk) == "retry"
    message.refresh_from_db()
    assert message.state == State.QUEUED and "ConnectionRefusedError" in message.last_error


def test_a_refused_mailbox_fails_without_retry(smtp):
    smtp.refuse.add("gone@example.org")
    message = staff_email("mail-refused", address="gone@example.org")
    assert outbox.deliver(message.pk) == "failed"
    message.refresh_from_db()
    assert message.state == State.FAILED and "收件地址被拒绝" in message.last_error
    assert smtp.messages == []


def test_the_alibaba_cloud_backend_is_built_from_settings(settings):
    settings.ALIYUN_SMS_ACCESS_KEY_ID = "test-key-id"
    settings.ALIYUN_SMS_ACCESS_KEY_SECRET = "test-key-secret"
    settings.ALIYUN_SMS_SIGN_NAME = "千灯桂城"
    settings.ALIYUN_SMS_ENDPOINT = "dysmsapi.aliyuncs.com"
    backend = sms.AlibabaCloudBackend()
    request = backend.request("13800001234", "SMS_000001", {"reference": "GC1"}, out_id="case:1:x")
    assert (request.phone_numbers, request.sign_name, request.template_code, request.out_id) == (
        "13800001234",
        "千灯桂城",
        "SMS_000001",
        "case:1:x",
    )
    assert json.loads(request.template_param) == {"reference": "GC1"}


def test_provider_template_ids_come_from_settings(settings):
    settings.NOTIFICATIONS_SMS_TEMPLATES = {"case_received": "SMS_470000001"}
    assert sms.provider_template_id("case_received") == "SMS_470000001"
    assert sms.provider_template_id("test-hello") == "test-hello"
