"""Every change to volunteer records, one function per change, each in a transaction and recorded in the
history: registering volunteers, service records (hours, overlaps, verification), certificates, sign-ups.

Rules from the 志愿服务条例 and MCA Order 67: hours are actual service time without travel or breaks,
recorded per activity and verified by its organiser or the team leader; only verified hours count.
"""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core import chain, history, identifiers, privacy, text
from cms.core.access import MANAGE_VOLUNTEERS, can
from cms.studios.models import ActivityPage, StudioPage
from cms.volunteers.models import (
    Certificate,
    ServiceActivity,
    ServiceRecord,
    SignUp,
    Team,
    Volunteer,
)
from cms.volunteers.models.service import in_hours

CERTIFICATE_CODE_LENGTH = 8


class VolunteerRuleError(ValidationError):
    """A change the rules refuse; the message is for the person who asked for it."""


# --- volunteers -------------------------------------------------------------------------------


def save_volunteer(user, volunteer: Volunteer, *, teams=None) -> Volunteer:
    """Registers or corrects a volunteer of a studio the user manages; phone and ID number are checked."""
    _require(user, volunteer.studio_id)
    volunteer.name = text.clean_line(volunteer.name)
    volunteer.phone = privacy.validate_phone(volunteer.phone)
    if volunteer.id_number:
        volunteer.id_number = privacy.validate_id_number(volunteer.id_number)
    if teams is not None and any(t.studio_id != volunteer.studio_id for t in teams):
        raise VolunteerRuleError(_("只能加入本工作室的服务队。"))
    if volunteer.consented_at is None:
        raise VolunteerRuleError(_("登记前须征得志愿者本人对隐私告知的同意。"))
    with transaction.atomic():
        history.save(volunteer, user, _("登记志愿者") if volunteer._state.adding else _("修改"))
        if teams is not None:
            volunteer.teams.set(teams)
    return volunteer


# --- service records --------------------------------------------------------------------------


def save_record(
    user, record: ServiceRecord, *, hours: Decimal | None = None, reason: str = ""
) -> ServiceRecord:
    """Adds or corrects a draft record. Hours are computed from the times unless ``hours`` differs, which
    needs a reason. A record overlapping another of the same volunteer is refused."""
    activity = record.activity
    _require(user, activity.studio_id)
    if record.ended_at <= record.started_at:
        raise VolunteerRuleError(_("结束时间必须晚于开始时间。"))
    computed = record.computed_hours()
    if hours is None or hours == computed:
        record.hours, record.hours_reason = computed, ""
    elif not reason.strip():
        raise VolunteerRuleError(
            _("填写的时长（%(hours)s 小时）与按时间计算的 %(computed)s 小时不一致，请说明理由。")
            % {"hours": hours, "computed": computed}
        )
    else:
        record.hours, record.hours_reason = hours, reason.strip()
    if record.hours <= 0:
        raise VolunteerRuleError(_("服务时长必须大于 0。"))
    with transaction.atomic():
        # One volunteer's records are written one at a time, so two overlapping ones cannot both pass.
        Volunteer.objects.select_for_update().get(pk=record.volunteer_id)
        if (
            record.pk
            and ServiceRecord.objects.get(pk=record.pk).status != ServiceRecord.Status.DRAFT
        ):
            raise VolunteerRuleError(_("已核实的服务记录不能修改。"))
        overlapping = ServiceRecord.objects.filter(
            volunteer_id=record.volunteer_id,
            started_at__lt=record.ended_at,
            ended_at__gt=record.started_at,
        ).exclude(pk=record.pk)
        if overlapping.exists():
            raise VolunteerRuleError(
                _("该志愿者在这段时间已有服务记录（%(other)s），不能重复或重叠登记。")
                % {"other": overlapping.first()}
            )
        reason_text = _("调整时长：%(reason)s") % {"reason": reason} if record.hours_reason else ""
        history.save(
            record, user, reason_text or (_("登记服务记录") if record._state.adding else _("修改"))
        )
    return record


def may_verify(user, activity: ServiceActivity) -> bool:
    """The activity's organiser or its team's leader verifies (MCA Order 67, art. 14)."""
    return user.is_active and user.pk in (activity.organiser_id, activity.team.leader_id)


def verify(user, record: ServiceRecord) -> ServiceRecord:
    if not may_verify(user, record.activity):
        raise PermissionDenied
    with transaction.atomic():
        locked = ServiceRecord.objects.select_for_update().get(pk=record.pk)
        if locked.status != ServiceRecord.Status.DRAFT:
            raise VolunteerRuleError(_("该服务记录已核实。"))
        locked.status = ServiceRecord.Status.VERIFIED
        locked.verified_by = user
        locked.verified_at = timezone.now()
        history.save(locked, user, _("核实"))
    return locked


def ledger(volunteer: Volunteer) -> dict:
    """Verified hours: in all, per year and per team (three aggregate queries, whatever the record count)."""
    verified = ServiceRecord.objects.verified().filter(volunteer=volunteer)
    total = in_hours(verified.aggregate(total=Sum("hours"))["total"] or 0)
    by_year = (
        verified.annotate(year=ExtractYear("started_at"))
        .values("year")
        .annotate(hours=Sum("hours"))
        .order_by("-year")
    )
    by_team = (
        verified.values("activity__team__name")
        .annotate(hours=Sum("hours"))
        .order_by("activity__team__name")
    )
    return {
        "total": total,
        "by_year": [(row["year"], in_hours(row["hours"])) for row in by_year],
        "by_team": [(row["activity__team__name"], in_hours(row["hours"])) for row in by_team],
    }


# --- certificates -----------------------------------------------------------------------------


def issue_certificate(
    user, *, volunteer: Volunteer, team: Team, period_start, period_end, responsible_person: str
) -> Certificate:
    """志愿服务证明 for the volunteer's verified service with ``team`` in the period; unchangeable once made."""
    _require(user, team.studio_id)
    if period_end < period_start:
        raise VolunteerRuleError(_("服务期间的结束日期不能早于开始日期。"))
    records = (
        ServiceRecord.objects.verified()
        .filter(
            volunteer=volunteer,
            activity__team=team,
            started_at__date__range=(period_start, period_end),
        )
        .select_related("activity")
    )
    records = list(records)
    if not records:
        raise VolunteerRuleError(_("该志愿者在这段时间没有已核实的服务记录，不能出具证明。"))
    contents = list(dict.fromkeys(r.activity.title for r in records))
    certificate = Certificate(
        volunteer=volunteer,
        team=team,
        studio_id=team.studio_id,
        period_start=period_start,
        period_end=period_end,
        hours=sum((r.hours for r in records), Decimal(0)),
        content="、".join(contents),
        responsible_person=responsible_person,
        handler=user,
    )
    with transaction.atomic():
        _save_with_new_number(certificate)
        certificate.records.set(records)
        chain.append("volunteer-certificate", certificate)
    return certificate


def _save_with_new_number(certificate: Certificate) -> None:
    # ZY-2026-7K4QH2MA: not guessable, so the public check cannot be used to list certificates.
    year = timezone.localdate().year
    identifiers.save_with_unique(
        certificate,
        "number",
        lambda: f"ZY-{year}-{identifiers.random_code(CERTIFICATE_CODE_LENGTH)}",
    )


# --- residents' sign-ups ----------------------------------------------------------------------


def sign_up(page: ActivityPage, *, name: str, phone: str) -> SignUp:
    """A resident signs up on a public activity page: once per phone, within the capacity."""
    phone = privacy.validate_phone(phone)
    with transaction.atomic():
        # Sign-ups for one activity are taken one at a time, so the last place cannot go twice.
        locked = ActivityPage.objects.select_for_update().get(pk=page.pk)
        if locked.is_past:
            raise VolunteerRuleError(_("活动已结束，不能再报名。"))
        taken = SignUp.objects.filter(page=locked)
        if taken.filter(phone=phone).exists():
            raise VolunteerRuleError(_("这个手机号码已经报过名了，无需重复报名。"))
        if locked.capacity is not None and taken.count() >= locked.capacity:
            raise VolunteerRuleError(_("名额已满，欢迎关注其他活动。"))
        studio = StudioPage.of(locked).studio
        return SignUp.objects.create(
            page=locked, studio=studio, name=text.clean_line(name), phone=phone
        )


def places_left(page: ActivityPage) -> int | None:
    """None when the activity takes anyone."""
    if page.capacity is None:
        return None
    return max(page.capacity - SignUp.objects.filter(page=page).count(), 0)


def enrol(user, signup: SignUp) -> Volunteer:
    """Turns a sign-up into a volunteer of the studio (or finds the one with that phone)."""
    _require(user, signup.studio_id)
    with transaction.atomic():
        volunteer = Volunteer.objects.filter(studio_id=signup.studio_id, phone=signup.phone).first()
        if volunteer is None:
            volunteer = Volunteer(
                studio_id=signup.studio_id,
                name=signup.name,
                phone=signup.phone,
                consented_at=signup.created_at,
            )
            history.save(volunteer, user, _("由活动报名登记"))
        signup.volunteer = volunteer
        signup.save(update_fields=["volunteer"])
    return volunteer


def draft_records(user, activity: ServiceActivity) -> int:
    """A draft record, for the activity's whole time, for every enrolled sign-up of its public page that
    has none yet; the organiser then corrects and verifies them. Returns how many were made."""
    made = 0
    volunteers = Volunteer.objects.filter(sign_ups__page_id=activity.page_id).distinct()
    for volunteer in volunteers:
        record = ServiceRecord(
            volunteer=volunteer,
            activity=activity,
            started_at=activity.starts_at,
            ended_at=activity.ends_at,
            content=activity.title[:200],
        )
        try:
            save_record(user, record)
        except VolunteerRuleError:
            continue  # already recorded for this time
        made += 1
    return made


def _require(user, studio_id: int) -> None:
    if not can(user, MANAGE_VOLUNTEERS, studio_id):
        raise PermissionDenied
