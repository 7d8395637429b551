"""/open311/: the GeoReport v2 endpoint (discovery at the top, the API under v2/)."""

from django.urls import re_path

from cms.interop import open311

FORMAT = r"\.(?P<fmt>json|xml)$"

urlpatterns = [
    re_path(r"^discovery" + FORMAT, open311.discovery, name="open311_discovery"),
    re_path(r"^v2/services" + FORMAT, open311.service_list, name="open311_services"),
    re_path(
        r"^v2/services/(?P<code>[A-Za-z0-9-]+)" + FORMAT,
        open311.service_definition,
        name="open311_service",
    ),
    re_path(r"^v2/requests" + FORMAT, open311.requests, name="open311_requests"),
    re_path(
        r"^v2/requests/(?P<reference>[A-Za-z0-9-]+)" + FORMAT,
        open311.request_detail,
        name="open311_request",
    ),
]
