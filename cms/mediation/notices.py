"""Who is told when a mediation session is scheduled: the parties who agreed to SMS (``Party.sms_opt_in``)
and the case's reporter when they opted in on the public form. Called by ``services.schedule_session``
inside its transaction (``cms.notifications.outbox``): the message names the file by its case reference,
the time and the place, never the dispute or a person.
"""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _l

from cms.core import privacy
from cms.notifications.models import Channel
from cms.notifications.outbox import notify
from cms.notifications.templates import Template, register

register(
    Template(
        "mediation-session-scheduled",
        _l(
            "【千灯】您的调解（编号 {reference}）安排在 {when}，地点：{place}。如不能到场请提前联系调解员。"
        ),
        sms_params=("reference", "when", "place"),
    ),
)


def session_scheduled(file) -> None:
    case = file.case
    when = timezone.localtime(file.next_session_at)
    context = {
        "reference": case.reference,
        "case_id": case.pk,
        "when": f"{when.month}月{when.day}日 {when:%H:%M}",
        "place": file.next_session_place,
    }
    stamp = f"{when:%Y%m%d%H%M}"
    recipients = {
        party.phone: f"p{party.pk}"
        for party in file.parties.all()
        if party.sms_opt_in and privacy.is_mobile(party.phone)
    }
    if case.sms_opt_in and privacy.is_mobile(case.reporter_phone):
        recipients.setdefault(case.reporter_phone, "reporter")
    for phone, who in recipients.items():
        notify(
            channel=Channel.SMS,
            template="mediation-session-scheduled",
            key=f"mediation:{file.pk}:session-{stamp}:{who}",
            context=context,
            address=phone,
        )
