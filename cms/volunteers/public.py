"""Public pages of volunteer service: residents sign up for an activity; anyone checks a certificate.

Neither page is cached (each answer is for one visitor), and both are rate-limited per client.
"""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import csrf_protect

from cms.core import privacy, ratelimit
from cms.studios.models import ActivityPage
from cms.volunteers import services
from cms.volunteers.forms import CertificateCheckForm, SignUpForm
from cms.volunteers.models import Certificate

SIGN_UPS_PER_HOUR = 20
CHECKS_PER_HOUR = 30


@never_cache
@cache_control(private=True, no_store=True)
@csrf_protect
def sign_up(request, page_id: int):
    page = get_object_or_404(ActivityPage.objects.live().public(), pk=page_id)
    context = {"page": page, "form": SignUpForm(request.POST or None)}
    if request.method == "POST":
        if refusal := ratelimit.refused(
            request, "sign-up", SIGN_UPS_PER_HOUR, 3600, when_down=ratelimit.WhenDown.PER_PROCESS
        ):
            return refusal
        form = context["form"]
        if form.is_valid() and not form.cleaned_data["website"]:
            try:
                services.sign_up(
                    page, name=form.cleaned_data["name"], phone=form.cleaned_data["phone"]
                )
            except services.VolunteerRuleError as refusal:
                form.add_error(None, refusal)
            else:
                context["signed_up"] = True
        elif form.is_valid():  # the honeypot was filled: answer as if it worked, keep nothing
            context["signed_up"] = True
    context["places_left"] = services.places_left(page)
    return render(request, "volunteers/public/sign_up.html", context)


@never_cache
@cache_control(private=True, no_store=True)
def certificate_check(request):
    """Confirms a certificate exists: the holder's name partly masked, hours and issuer, nothing else."""
    form = CertificateCheckForm(request.GET or None)
    context = {"form": form}
    if form.is_bound:
        if refusal := ratelimit.refused(
            request,
            "certificate-check",
            CHECKS_PER_HOUR,
            3600,
            when_down=ratelimit.WhenDown.FAIL_CLOSED,
        ):
            return refusal
        if form.is_valid():
            found = (
                Certificate.objects.filter(number=form.cleaned_data["number"].strip().upper())
                .select_related("volunteer", "team", "studio")
                .first()
            )
            context["not_found"] = found is None
            if found is not None:
                context["certificate"] = {
                    "number": found.number,
                    "name": privacy.mask_name(found.volunteer.name),
                    "hours": found.hours,
                    "issuer": f"{found.studio.name} {found.team.name}",
                    "issued_on": found.issued_on,
                }
    return render(request, "volunteers/public/certificate_check.html", context)
