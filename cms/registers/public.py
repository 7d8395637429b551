"""Public pages of the registers, no account needed: enrolment in each register (the PIPL notice above
the form), the 人才驿站 booking and cancellation, the community observer's report, and the 新乡贤 liaison
station's figures and recent engagements.

Forms are never cached, rate-limited per client through the shared cache, guarded by a honeypot, and
written only through ``cms/registers/services.py``.
"""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect

from cms.core import privacy, ratelimit
from cms.registers import figures, services
from cms.registers.forms import BookingForm, CancelForm, EnrolForm, ObserverReportForm
from cms.registers.models import Engagement, Register, RegisterKind

ENROLMENTS_PER_HOUR = 10
BOOKINGS_PER_HOUR = 10
REPORTS_PER_HOUR = 10
RECENT_ENGAGEMENTS = 20
# The address of each register's form: /registers/<slug>/enrol/.
SLUGS = {
    "sages": RegisterKind.SAGES,
    "talents": RegisterKind.TALENTS,
    "new-employment": "new_employment",
}


def _private(response):
    response["Cache-Control"] = "private, no-store"
    return response


def _register(slug: str) -> Register:
    if slug not in SLUGS:
        raise Http404
    return Register.objects.select_related("studio").get(kind=SLUGS[slug])


@never_cache
@csrf_protect
def enrol(request, slug: str):
    register = _register(slug)
    form = EnrolForm(request.POST or None, register=register)
    context = {"register": register, "form": form}
    if request.method == "POST":
        if refusal := ratelimit.refused(
            request,
            "register-enrol",
            ENROLMENTS_PER_HOUR,
            3600,
            when_down=ratelimit.WhenDown.PER_PROCESS,
        ):
            return refusal
        if form.is_valid() and form.is_bot():
            context["enrolled"] = True  # answer as if it worked, keep nothing
        elif form.is_valid():
            try:
                services.enrol(
                    register,
                    name=form.cleaned_data["name"],
                    phone=form.cleaned_data["phone"],
                    id_number=form.cleaned_data.get("id_number", ""),
                    community=form.cleaned_data["community"],
                    named_publicly=form.cleaned_data.get("named_publicly", False),
                    profile=form.profile(),
                )
            except ValidationError as refusal:
                form.add_error(None, refusal)
            else:
                context["enrolled"] = True
    return _private(render(request, "registers/public/enrol.html", context))


@never_cache
@csrf_protect
def station(request):
    """人才驿站: book a seat for a working day in the next two weeks, or cancel with the code."""
    days = services.bookable_days()
    action = request.POST.get("action") if request.method == "POST" else None
    form = BookingForm(request.POST if action == "book" else None, days=days)
    cancel = CancelForm(request.POST if action == "cancel" else None, prefix="cancel")
    context = {"form": form, "cancel": cancel}
    if action in ("book", "cancel"):
        if refusal := ratelimit.refused(
            request,
            "station-booking",
            BOOKINGS_PER_HOUR,
            3600,
            when_down=ratelimit.WhenDown.PER_PROCESS,
        ):
            return refusal
        bound = form if action == "book" else cancel
        if bound.is_valid() and not bound.is_bot():
            try:
                if action == "book":
                    booking, code = services.book(
                        day=form.cleaned_data["day"],
                        name=form.cleaned_data["name"],
                        phone=form.cleaned_data["phone"],
                    )
                    context["booked"] = {
                        "day": booking.station_day.day,
                        "phone": privacy.mask_phone(booking.phone),
                        "code": code,
                    }
                else:
                    services.cancel_booking(
                        **{k: cancel.cleaned_data[k] for k in ("day", "phone", "code")}
                    )
                    context["cancelled"] = True
            except ValidationError as refusal:
                bound.add_error(None, refusal)
    context["days"] = [(day, services.seats_left(day)) for day in days]
    return _private(render(request, "registers/public/station.html", context))


@never_cache
@csrf_protect
def observer_report(request):
    """社区观察员: a verified rider or driver reports what they saw; it becomes a case they can follow."""
    form = ObserverReportForm(request.POST or None)
    context = {"form": form}
    if request.method == "POST":
        if refusal := ratelimit.refused(
            request,
            "observer-report",
            REPORTS_PER_HOUR,
            3600,
            when_down=ratelimit.WhenDown.PER_PROCESS,
        ):
            return refusal
        if form.is_valid() and not form.is_bot():
            try:
                case, code = services.report_as_observer(
                    **{
                        k: form.cleaned_data[k]
                        for k in (
                            "phone",
                            "code",
                            "community",
                            "location_text",
                            "title",
                            "description",
                        )
                    }
                )
            except ValidationError as refusal:
                form.add_error(None, refusal)
            else:
                context["reported"] = {"reference": case.reference, "code": code}
    return _private(render(request, "registers/public/observer_report.html", context))


def liaison_station(request):
    """新乡贤联络站: how many sages by field and what they did lately; a name only if its sage agreed."""
    register = Register.objects.select_related("studio").get(kind=RegisterKind.SAGES)
    recent = (
        Engagement.objects.filter(member__register=register)
        .select_related("member")
        .only("kind", "happened_on", "summary", "member__name", "member__named_publicly")[
            :RECENT_ENGAGEMENTS
        ]
    )
    stream = [
        {
            "when": e.happened_on,
            "kind": e.get_kind_display(),
            "summary": e.summary,
            "name": e.member.name if e.member.named_publicly else "",
        }
        for e in recent
    ]
    context = {
        "register": register,
        "figures": figures.register_figures_cached(register),
        "stream": stream,
    }
    return render(request, "registers/public/liaison_station.html", context)
