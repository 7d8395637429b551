from django.utils.functional import SimpleLazyObject

from cms.core.models import SiteContact


def site_contact(request):
    return {"site_contact": SimpleLazyObject(SiteContact.cached)}
