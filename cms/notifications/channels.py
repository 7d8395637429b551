"""Sending one outbox message on its channel. Raises ``UndeliverableError`` when trying again cannot help;
any other exception is a passing fault, and the message is retried (``cms/notifications/delivery.py``)."""

import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.urls import NoReverseMatch
from django.utils import translation

from cms.notifications import sms, templates
from cms.notifications.models import Channel, Message, Notice


class UndeliverableError(Exception):
    pass


def send(message: Message) -> None:
    try:
        template = templates.get(message.template)
        with translation.override(settings.LANGUAGE_CODE):
            text = template.render(message.context)
            subject = template.render_subject(message.context)
        url = template.render_url(message.context)
    except (templates.UnknownTemplateError, KeyError, IndexError, NoReverseMatch) as error:
        raise UndeliverableError(f"模板无法生成：{type(error).__name__} {error}") from error
    if message.channel == Channel.SMS:
        _send_sms(message, template, text)
    elif message.channel == Channel.EMAIL:
        _send_email(message, subject, text, url)
    else:
        Notice.objects.get_or_create(
            message=message, defaults={"user": message.user, "text": text[:500], "url": url}
        )


def _send_sms(message: Message, template: templates.Template, text: str) -> None:
    if not message.address:
        raise UndeliverableError("没有手机号码")
    values = template.values(message.context)
    params = {name: str(values[name]) for name in template.sms_params}
    try:
        sms.backend().send(
            message.address,
            sms.provider_template_id(template.key),
            params,
            out_id=message.idempotency_key,
            text=text,
        )
    except sms.SmsRefusedError as error:
        raise UndeliverableError(str(error)) from error


def _send_email(message: Message, subject: str, text: str, url: str) -> None:
    address = message.address or (message.user.email if message.user else "")
    if not address:
        raise UndeliverableError("没有电子邮箱地址")
    body = f"{text}\n\n{settings.WAGTAILADMIN_BASE_URL}{url}" if url else text
    email = EmailMessage(
        subject, body, to=[address], headers={"X-Qiandeng-Message": message.idempotency_key}
    )
    try:
        email.send()
    except smtplib.SMTPRecipientsRefused as error:
        raise UndeliverableError(f"收件地址被拒绝：{error}") from error
