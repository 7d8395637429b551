"""The public face of the resource bank: resources marked public, optionally those of one studio.
No contact person or phone is shown; venues show how to book."""

from django.shortcuts import render

from cms.committee.models import Resource
from cms.core.page_cache import cacheable_page
from cms.studios.models import Studio


def resources(request):
    shown = Resource.objects.filter(public=True).prefetch_related("studios")
    studio = Studio.objects.filter(code=request.GET.get("studio", "")).first()
    if studio is not None:
        shown = shown.filter(studios=studio)
    context = {"resources": shown, "studio": studio}
    return cacheable_page(render(request, "committee/public/resources.html", context))
