""" "我的诉求" pages (public, no account, no JavaScript needed): phone → one-time code by SMS → the
resident's own cases, each with a button that sends a new retrieval code by SMS.

The signed-in phone is kept in the session for ``SIGNED_IN_SECONDS``; every limit fails closed when the
shared counters cannot be reached (an uncounted try is an unlimited guess). The rules are in
``cms/cases/residents.py``.
"""

import time

from django import forms
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.http import require_POST

from cms.cases import residents
from cms.core import privacy, ratelimit

SIGNED_IN_SECONDS = 30 * 60
CODES_PER_PHONE_PER_HOUR = 5
CODES_PER_CLIENT_PER_HOUR = 10
CHECKS_PER_CLIENT_PER_HOUR = 30
NEW_RETRIEVAL_CODES_PER_PHONE_PER_HOUR = 3
UNAVAILABLE = "cases/public/mine_unavailable.html"

PENDING, PHONE, UNTIL = "mine:pending", "mine:phone", "mine:until"


class PhoneForm(forms.Form):
    phone = forms.CharField(
        label=_("手机号码"),
        max_length=30,
        help_text=_("提交诉求时填写的手机号码"),
        widget=forms.TextInput(attrs={"inputmode": "tel", "autocomplete": "tel"}),
    )

    def clean_phone(self) -> str:
        phone = privacy.validate_phone(self.cleaned_data["phone"])
        if not privacy.is_mobile(phone):
            raise ValidationError(_("验证码只能发送到手机，请填写 11 位手机号码。"))
        return phone


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("短信验证码"),
        max_length=6,
        min_length=6,
        help_text=_("6 位数字，5 分钟内有效"),
        widget=forms.TextInput(
            attrs={"inputmode": "numeric", "autocomplete": "one-time-code", "pattern": "[0-9]*"}
        ),
    )


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def signed_in_phone(request) -> str | None:
    phone, until = request.session.get(PHONE), request.session.get(UNTIL, 0)
    return phone if phone and until > time.time() else None


def _limit(request, purpose: str, limit: int, subject: str = ""):
    return ratelimit.refused(
        request,
        purpose,
        limit,
        3600,
        when_down=ratelimit.WhenDown.FAIL_CLOSED,
        subject=subject,
        unavailable_template=UNAVAILABLE,
    )


@never_cache
@csrf_protect
def mine(request):
    """Signed in: the list; otherwise the phone form, which sends a code and goes on to ``enter_code``."""
    if phone := signed_in_phone(request):
        return _cases_page(request, phone)
    form = PhoneForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        phone = form.cleaned_data["phone"]
        if refusal := _limit(request, "mine-code", CODES_PER_CLIENT_PER_HOUR) or _limit(
            request, "mine-code-phone", CODES_PER_PHONE_PER_HOUR, ratelimit.private_subject(phone)
        ):
            return refusal
        row = residents.issue_code(phone)
        # The same answer whether or not the phone gave a case: a stranger learns nothing from it.
        request.session[PENDING] = {
            "id": row.pk if row else None,
            "masked": privacy.mask_phone(phone),
        }
        return redirect("my_cases_code")
    return _private(render(request, "cases/public/mine_phone.html", {"form": form}))


@never_cache
@csrf_protect
def enter_code(request):
    pending = request.session.get(PENDING)
    if not pending:
        return redirect("my_cases")
    form = CodeForm(request.POST or None)
    context = {"form": form, "masked": pending["masked"]}
    if request.method == "POST" and form.is_valid():
        if refusal := _limit(request, "mine-check", CHECKS_PER_CLIENT_PER_HOUR):
            return refusal
        if pending["id"]:
            outcome, phone = residents.check_code(pending["id"], form.cleaned_data["code"])
        else:  # no code was sent: answer as a wrong try would, tries counted in the session
            pending["tries"] = pending.get("tries", 0) + 1
            request.session[PENDING] = pending
            outcome = residents.Check.WRONG
            if pending["tries"] >= residents.MAX_TRIES:
                outcome = residents.Check.TOO_MANY
        if outcome is residents.Check.OK:
            request.session.cycle_key()  # a new session id for the signed-in resident
            request.session.pop(PENDING, None)
            request.session[PHONE] = phone
            request.session[UNTIL] = time.time() + SIGNED_IN_SECONDS
            return redirect("my_cases")
        context["outcome"] = outcome.value
        if outcome is residents.Check.WRONG:
            context["tries_left"] = (
                residents.tries_left(pending["id"])
                if pending["id"]
                else residents.MAX_TRIES - pending["tries"]
            )
    if pending["id"]:
        context["sms"] = residents.sms_state(f"sign-in:{pending['id']}").value
    return _private(render(request, "cases/public/mine_code.html", context))


def _cases_page(request, phone: str, **extra):
    context = {
        "cases": residents.cases_of(phone),
        "masked": privacy.mask_phone(phone),
        **extra,
    }
    return _private(render(request, "cases/public/mine_list.html", context))


@never_cache
@csrf_protect
@require_POST
def new_retrieval_code(request):
    phone = signed_in_phone(request)
    if phone is None:
        return redirect("my_cases")
    if refusal := _limit(
        request,
        "mine-retrieval",
        NEW_RETRIEVAL_CODES_PER_PHONE_PER_HOUR,
        ratelimit.private_subject(phone),
    ):
        return refusal
    case = residents.send_new_retrieval_code(phone, request.POST.get("reference", ""))
    return _cases_page(request, phone, sent_for=case.reference if case else None)


@never_cache
@csrf_protect
@require_POST
def sign_out(request):
    for key in (PENDING, PHONE, UNTIL):
        request.session.pop(key, None)
    return redirect("my_cases")
