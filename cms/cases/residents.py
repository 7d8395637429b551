""" "我的诉求": a resident proves the phone they gave by a one-time code sent by SMS, then sees their own cases
and can have a new retrieval code sent when they lost theirs. The public views are in
``cms/cases/my_cases.py``; this module holds the rules.

A code has 6 digits, lives 5 minutes, allows 5 tries and is stored as a keyed hash; the SMS renders it from
a nonce when it is sent (``cms.cases.notices``). The rate limits per phone and per client are the views'
(``cms.core.ratelimit``, shared by every app process).
"""

import enum
import hmac
import secrets
from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from cms.cases import notices, services
from cms.cases.models import Case, SignInCode
from cms.core import history
from cms.notifications.models import Message, State

CODE_LIFETIME = timedelta(minutes=5)
MAX_TRIES = 5
KEEP_CODES = timedelta(days=1)


class Check(enum.Enum):
    OK = "ok"
    WRONG = "wrong"
    EXPIRED = "expired"
    TOO_MANY = "too-many"


class SmsState(enum.Enum):
    SENT = "sent"
    WAITING = "waiting"
    TROUBLE = "trouble"  # the provider refused or failed: the code may never arrive


def hash_code(phone: str, code: str) -> str:
    return salted_hmac("cms.cases.sign-in-code", f"{phone}:{code.strip()}").hexdigest()


def has_cases(phone: str) -> bool:
    return Case.objects.filter(reporter_phone=phone).exists()


def issue_code(phone: str) -> SignInCode | None:
    """A new code for ``phone``, sent by SMS through the outbox; None (nothing sent) when no case was
    given with this phone, so the site sends no SMS to a number a stranger typed."""
    if not has_cases(phone):
        return None
    now = timezone.now()
    nonce = secrets.token_hex(16)
    with transaction.atomic():
        SignInCode.objects.filter(created_at__lt=now - KEEP_CODES).delete()
        row = SignInCode.objects.create(
            phone=phone,
            code_hash=hash_code(phone, notices.sign_in_code(nonce)),
            created_at=now,
            expires_at=now + CODE_LIFETIME,
        )
        row.message_key = f"sign-in:{row.pk}"
        row.save(update_fields=["message_key"])
        notices.send_sign_in_code(phone, row.message_key, nonce)
    return row


def check_code(code_id: int, typed: str) -> tuple[Check, str]:
    """Counts one try at the code; returns the outcome and, when it matched, the phone it proves."""
    now = timezone.now()
    counted = SignInCode.objects.filter(
        pk=code_id, used_at__isnull=True, expires_at__gt=now, attempts__lt=MAX_TRIES
    ).update(attempts=F("attempts") + 1)
    row = SignInCode.objects.filter(pk=code_id).first()
    if row is None or row.used_at is not None or row.expires_at <= now:
        return Check.EXPIRED, ""
    if not counted:
        return Check.TOO_MANY, ""
    if not hmac.compare_digest(row.code_hash, hash_code(row.phone, typed)):
        return (Check.TOO_MANY if row.attempts >= MAX_TRIES else Check.WRONG), ""
    if not SignInCode.objects.filter(pk=code_id, used_at__isnull=True).update(used_at=now):
        return Check.EXPIRED, ""  # used by a simultaneous try
    return Check.OK, row.phone


def tries_left(code_id: int) -> int:
    row = SignInCode.objects.filter(pk=code_id).values("attempts").first()
    return MAX_TRIES - row["attempts"] if row else 0


def sms_state(message_key: str) -> SmsState:
    """How the code's SMS is doing: sent, waiting, or in trouble (failed, or retried after an error)."""
    message = Message.objects.filter(idempotency_key=message_key).values("state", "last_error")
    message = message.first()
    if message is None:
        return SmsState.WAITING
    if message["state"] == State.SENT:
        return SmsState.SENT
    if message["state"] == State.FAILED or message["last_error"]:
        return SmsState.TROUBLE
    return SmsState.WAITING


def cases_of(phone: str):
    """The resident's own cases, newest first, with what the list shows (no query per row)."""
    return (
        Case.objects.filter(reporter_phone=phone)
        .select_related("studio", "merged_into")
        .only(
            "reference",
            "title",
            "status",
            "received_at",
            "studio__name",
            "merged_into__reference",
        )
        .order_by("-received_at", "-pk")
    )


def send_new_retrieval_code(phone: str, reference: str) -> Case | None:
    """Replaces the retrieval code of the resident's case ``reference`` (the old one stops working, since
    only its hash was kept) and sends the new one alone by SMS; None when the case is not theirs."""
    nonce = secrets.token_hex(16)
    length = services.RETRIEVAL_LENGTH
    with transaction.atomic():
        case = (
            Case.objects.select_for_update()
            .filter(reference=reference.strip().upper(), reporter_phone=phone)
            .first()
        )
        if case is None:
            return None
        case.retrieval_code_hash = services.hash_retrieval_code(
            notices.retrieval_code(nonce, length)
        )
        case.version += 1
        history.mark(case, None, _("居民通过“我的诉求”短信重设查询码"))
        case.save()
        notices.send_retrieval_code(case, nonce, length)
    return case
