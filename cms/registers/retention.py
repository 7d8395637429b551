"""Retention for the registers (PIPL): an enrolment nobody could verify within
``REGISTER_UNVERIFIED_DAYS`` is withdrawn and anonymised by a daily job, as the privacy notice states.
Verified members stay until they withdraw (withdrawal anonymises at once: ``services.withdraw``)."""

import datetime

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core import audit
from cms.registers import services
from cms.registers.models import Member, MemberState


def due(now: datetime.datetime | None = None):
    cutoff = (now or timezone.now()) - datetime.timedelta(days=settings.REGISTER_UNVERIFIED_DAYS)
    return Member.objects.filter(state=MemberState.SUBMITTED, enrolled_at__lt=cutoff).order_by("pk")


def withdraw_unverified(now: datetime.datetime | None = None) -> int:
    """Withdraws every enrolment past the period (one transaction each); logs one line if any."""
    days = settings.REGISTER_UNVERIFIED_DAYS
    withdrawn = 0
    for member in due(now).only("pk"):
        withdrawn += services.withdraw_unverified(member, days=days)
    if withdrawn:
        audit.record_job(
            audit.Action.ANONYMISE,
            _("登记名册：%(n)s 人超过 %(days)s 天未核实，已撤回并匿名化")
            % {"n": withdrawn, "days": days},
        )
    return withdrawn


def run() -> str:
    """The scheduled job."""
    return _("撤回未核实登记 %(n)s 人") % {"n": withdraw_unverified()}
