"""Who is told what when a case changes: the services call these inside their transactions, so a
change rolled back tells nobody (``cms.notifications.outbox``). Messages name the case by its reference
only. Each key carries the case's version after the change, so the same change is never told twice.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils.translation import gettext_lazy as _l

from cms.cases.models import ExtensionRequest
from cms.core import identifiers
from cms.core.access import APPROVE_EXTENSIONS, COMMITTEE_OFFICE, members
from cms.notifications.models import Channel
from cms.notifications.outbox import notify, notify_staff
from cms.notifications.templates import Template, register

CASE_LINK = {"url_name": "cases_case_modeladmin_inspect", "url_args": ("case_id",)}

register(
    Template("case-assigned", _l("诉求 {reference} 已派给您办理，请及时联系反映人。"), **CASE_LINK),
    Template(
        "case-co-handling", _l("诉求 {reference} 请贵工作室协办，请安排人员办理。"), **CASE_LINK
    ),
    Template("case-extension-approved", _l("诉求 {reference} 的延期申请已批准。"), **CASE_LINK),
    Template("case-extension-rejected", _l("诉求 {reference} 的延期申请未获批准。"), **CASE_LINK),
    Template("case-dissatisfied", _l("诉求 {reference} 回访不满意，已重新办理。"), **CASE_LINK),
    Template("case-returned", _l("诉求 {reference} 被退单，请改派。"), **CASE_LINK),
    Template(
        "case-chased", _l("催办：诉求 {reference} 请加快办理，催办意见见诉求记录。"), **CASE_LINK
    ),
)


# Residents who opted in (public form): the reference only; the retrieval code is never sent.
register(
    Template(
        "resident-received",
        _l(
            "【千灯】您反映的诉求已受理，编号 {reference}。可在网站“诉求查询”凭编号和查询码查看进度。"
        ),
        sms_params=("reference",),
    ),
    Template(
        "resident-assigned",
        _l("【千灯】您反映的诉求 {reference} 已派给工作室办理，工作人员将与您联系。"),
        sms_params=("reference",),
    ),
    Template(
        "resident-resolved",
        _l("【千灯】您反映的诉求 {reference} 已办结：{reply_line}。欢迎评价：{link}"),
        sms_params=("reference", "reply_line", "link"),
    ),
)
REPLY_LINE_LENGTH = 30

# Codes sent to a resident ("我的诉求"): each message alone, with nothing else that identifies a case. The
# message row keeps a nonce; the code is derived from it with the site's secret only when it is sent.
SIGN_IN_CODE_LENGTH = 6


def sign_in_code(nonce: str) -> str:
    return identifiers.derived_code("cms.cases.sign-in", nonce, SIGN_IN_CODE_LENGTH, "0123456789")


def retrieval_code(nonce: str, length: int) -> str:
    return identifiers.derived_code("cms.cases.retrieval", nonce, length)


register(
    Template(
        "resident-sign-in-code",
        _l("【千灯】您的验证码是 {code}，5 分钟内有效，仅用于登录“我的诉求”。请勿告诉他人。"),
        sms_params=("code",),
        derive=lambda context: {"code": sign_in_code(context["nonce"])},
    ),
    Template(
        "resident-new-retrieval-code",
        _l("【千灯】您的新查询码是 {code}，原查询码已失效。请勿告诉他人。"),
        sms_params=("code",),
        derive=lambda context: {"code": retrieval_code(context["nonce"], context["length"])},
    ),
)


def send_sign_in_code(phone: str, key: str, nonce: str) -> None:
    notify(
        channel=Channel.SMS,
        template="resident-sign-in-code",
        key=key,
        context={"nonce": nonce},
        address=phone,
    )


def send_retrieval_code(case, nonce: str, length: int) -> None:
    """Always sent (the resident asked for it from "我的诉求"), whatever the case's SMS opt-in."""
    notify(
        channel=Channel.SMS,
        template="resident-new-retrieval-code",
        key=f"case:{case.pk}:v{case.version}:retrieval-code",
        context={"nonce": nonce, "length": length},
        address=case.reporter_phone,
    )


def _tell_resident(case, template: str, event: str, **context) -> None:
    if not case.sms_opt_in:
        return
    notify(
        channel=Channel.SMS,
        template=template,
        key=f"case:{case.pk}:v{case.version}:{event}:resident",
        context={"reference": case.reference, "case_id": case.pk, **context},
        address=case.reporter_phone,
    )


def received(case) -> None:
    _tell_resident(case, "resident-received", "received")


def resolved(case, reply: str) -> None:
    first_line = reply.strip().splitlines()[0].strip() if reply.strip() else ""
    if len(first_line) > REPLY_LINE_LENGTH:
        first_line = first_line[: REPLY_LINE_LENGTH - 1] + "…"
    link = settings.WAGTAILADMIN_BASE_URL + reverse("case_status")
    _tell_resident(case, "resident-resolved", "resolved", reply_line=first_line, link=link)


def _tell(users, template: str, case, event: str) -> None:
    context = {"reference": case.reference, "case_id": case.pk}
    for user in users:
        key = f"case:{case.pk}:v{case.version}:{event}:u{user.pk}"
        notify_staff(user, template=template, key=key, context=context)


def studio_leads(studio_id: int):
    return members(APPROVE_EXTENSIONS, [studio_id])


def committee_office():
    return get_user_model().objects.filter(groups__name=COMMITTEE_OFFICE, is_active=True)


def assigned(case, by) -> None:
    if case.assignee_id and case.assignee_id != getattr(by, "pk", None):
        _tell([case.assignee], "case-assigned", case, "assigned")
    _tell_resident(case, "resident-assigned", "assigned")


def co_handling_requested(case, studio_id: int) -> None:
    _tell(studio_leads(studio_id), "case-co-handling", case, f"co-handling-s{studio_id}")


def extension_decided(case, extension) -> None:
    approved = extension.decision == ExtensionRequest.Decision.APPROVED
    template = "case-extension-approved" if approved else "case-extension-rejected"
    if extension.requested_by_id:
        _tell([extension.requested_by], template, case, f"extension-{extension.pk}")


def dissatisfied(case) -> None:
    people = {user.pk: user for user in studio_leads(case.studio_id)}
    if case.assignee_id:
        people[case.assignee_id] = case.assignee
    _tell(people.values(), "case-dissatisfied", case, "dissatisfied")


def returned(case) -> None:
    _tell(committee_office(), "case-returned", case, "returned")


def chased(case, by) -> None:
    people = [case.assignee] if case.assignee_id else list(studio_leads(case.studio_id))
    _tell([user for user in people if user.pk != by.pk], "case-chased", case, f"chased-by-{by.pk}")
