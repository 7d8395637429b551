"""SMS backends: one small interface, ``send(phone, template_id, params)``.

``RecordingBackend`` (development, demo, tests) keeps each message in ``SmsRecord``; ``AlibabaCloudBackend``
calls Alibaba Cloud's official SDK (alibabacloud-dysmsapi20170525) with keys from the environment.
``NOTIFICATIONS_SMS_BACKEND`` chooses; ``NOTIFICATIONS_SMS_TEMPLATES`` maps our template keys to the
provider's approved template ids.
"""

import json
from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string


class SmsError(Exception):
    """The provider did not take the message; it is tried again later."""


class SmsRefusedError(SmsError):
    """The provider will never take this message (bad number, template refused): no retry."""


class SmsBackend:
    def send(self, phone: str, template_id: str, params: dict, *, out_id: str = "", text: str = ""):
        raise NotImplementedError


class RecordingBackend(SmsBackend):
    """Sends nothing: records the message so the demo and the tests can read it."""

    def send(self, phone: str, template_id: str, params: dict, *, out_id: str = "", text: str = ""):
        from cms.notifications.models import SmsRecord

        SmsRecord.objects.create(
            phone=phone, template_id=template_id, params=params, text=text[:500], out_id=out_id
        )


# Alibaba Cloud answers that retrying cannot fix (the rest, e.g. BUSINESS_LIMIT_CONTROL, are retried).
ALIBABA_REFUSALS = frozenset(
    {
        "isv.MOBILE_NUMBER_ILLEGAL",
        "isv.TEMPLATE_MISSING_PARAMETERS",
        "isv.SMS_TEMPLATE_ILLEGAL",
        "isv.SMS_SIGNATURE_ILLEGAL",
        "isv.INVALID_PARAMETERS",
        "isv.BLACK_KEY_CONTROL_LIMIT",
    }
)


class AlibabaCloudBackend(SmsBackend):
    """Alibaba Cloud SMS (dysmsapi 2017-05-25). Settings: ALIYUN_SMS_ACCESS_KEY_ID,
    ALIYUN_SMS_ACCESS_KEY_SECRET, ALIYUN_SMS_SIGN_NAME, ALIYUN_SMS_ENDPOINT."""

    def __init__(self):
        from alibabacloud_dysmsapi20170525.client import Client
        from alibabacloud_tea_openapi.utils_models import Config

        self.client = Client(
            Config(
                access_key_id=settings.ALIYUN_SMS_ACCESS_KEY_ID,
                access_key_secret=settings.ALIYUN_SMS_ACCESS_KEY_SECRET,
                endpoint=settings.ALIYUN_SMS_ENDPOINT,
            )
        )
        self.sign_name = settings.ALIYUN_SMS_SIGN_NAME

    def request(self, phone: str, template_id: str, params: dict, out_id: str = ""):
        from alibabacloud_dysmsapi20170525.models import SendSmsRequest

        return SendSmsRequest(
            phone_numbers=phone,
            sign_name=self.sign_name,
            template_code=template_id,
            template_param=json.dumps(params, ensure_ascii=False),
            out_id=out_id[:64] or None,
        )

    def send(self, phone: str, template_id: str, params: dict, *, out_id: str = "", text: str = ""):
        from darabonba.runtime import RuntimeOptions

        runtime = RuntimeOptions(connect_timeout=5000, read_timeout=10000, autoretry=False)
        try:
            response = self.client.send_sms_with_options(
                self.request(phone, template_id, params, out_id), runtime
            )
        except Exception as error:  # the SDK raises its own types for network and HTTP errors
            raise SmsError(f"{type(error).__name__}: {error}"[:500]) from error
        body = response.body
        if body.code != "OK":
            kind = SmsRefusedError if body.code in ALIBABA_REFUSALS else SmsError
            raise kind(f"{body.code}: {body.message}"[:500])


@cache
def _backend(path: str) -> SmsBackend:
    return import_string(path)()


def backend() -> SmsBackend:
    return _backend(settings.NOTIFICATIONS_SMS_BACKEND)


def provider_template_id(key: str) -> str:
    """The provider's approved template id for one of our template keys (the key itself in development)."""
    return settings.NOTIFICATIONS_SMS_TEMPLATES.get(key, key)
