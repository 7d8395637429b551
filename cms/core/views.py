import logging

from django.conf import settings
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


def choose_language(request, code: str):
    """Sets the interface language from a plain link (no form, so public pages stay cacheable)."""
    if code not in dict(settings.LANGUAGES):
        raise Http404
    next_url = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(next_url, {request.get_host()}, request.is_secure()):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        code,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
        secure=request.is_secure(),
    )
    return response


def healthz(request):
    """Liveness: the process answers. Touches nothing else, so a slow database does not restart it."""
    return _health_response({"status": "ok"}, 200)


def readyz(request):
    """Readiness: the database, Redis (if configured) and the task worker's heartbeat (if any)."""
    checks = {}
    for path in settings.READINESS_CHECKS:
        check = import_string(path)
        try:
            checks[check.__name__] = check()
        except Exception:
            logger.exception("Readiness check %s failed", check.__name__)
            checks[check.__name__] = "fail"
    ready = "fail" not in checks.values()
    return _health_response(
        {"status": "ok" if ready else "fail", "checks": checks}, 200 if ready else 503
    )


def _health_response(body: dict, status: int) -> JsonResponse:
    response = JsonResponse(body, status=status)
    add_never_cache_headers(response)
    return response
