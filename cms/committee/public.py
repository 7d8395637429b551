"""Public pages of the committee: the resource bank (resources marked public, optionally those of one
studio; no contact person or phone, venues show how to book), and the communities with their estates'
figures (aggregates only: counts, resolution and satisfaction; never a case's text or anyone's name).

Each page renders in a fixed number of queries, whatever the number of communities or estates."""

import datetime

from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from cms.cases.models import Case
from cms.committee import rates
from cms.committee.models import Resource
from cms.core.page_cache import cacheable_page
from cms.places.models import Community
from cms.studios.models import Studio

# The public figures cover the cases received in the last twelve months.
PUBLIC_DAYS = 365


def resources(request):
    shown = Resource.objects.filter(public=True).prefetch_related("studios")
    studio = Studio.objects.filter(code=request.GET.get("studio", "")).first()
    if studio is not None:
        shown = shown.filter(studios=studio)
    context = {"resources": shown, "studio": studio}
    return cacheable_page(render(request, "committee/public/resources.html", context))


def _recent_cases():
    return Case.objects.filter(
        received_at__gte=timezone.now() - datetime.timedelta(days=PUBLIC_DAYS)
    )


def communities(request):
    """Every community and village with its number of estates and its figures."""
    places = Community.objects.active().annotate(
        estate_count=Count("estates", filter=Q(estates__active=True))
    )
    figures = rates.counts_by(_recent_cases(), "community_id")
    rows = [(place, figures.get(place.pk)) for place in places]
    context = {"rows": rows, "days": PUBLIC_DAYS}
    return cacheable_page(render(request, "committee/public/communities.html", context))


def community(request, code: str):
    """One community: its figures, and each of its estates'."""
    place = get_object_or_404(Community.objects.active(), code=code)
    cases = _recent_cases().filter(community=place)
    figures = rates.counts_by(cases, "estate_id")
    estates = place.estates.filter(active=True).order_by("name")
    context = {
        "community": place,
        "total": rates.totals(cases),
        "rows": [(estate, figures.get(estate.pk)) for estate in estates],
        "elsewhere": figures.get(None),
        "days": PUBLIC_DAYS,
    }
    return cacheable_page(render(request, "committee/public/community.html", context))
