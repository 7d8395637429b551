import logging

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from wagtail.admin.views.account import LogoutView as WagtailLogoutView

from cms.core import lockouts as lockout_rules

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


class AdminLogoutView(WagtailLogoutView):
    """Wagtail's logout, also on GET: Django's logout answers GET with 405, and Wagtail then deletes the
    browser's session cookie anyway, leaving a live session on the server for anyone holding a copy of it.
    A GET now ends the session on the server too."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return self.post(request, *args, **kwargs)


def lockouts(request):
    """设置 → 登录锁定: the current login lockouts, each with a button to lift it (superusers only)."""
    if not request.user.is_superuser:
        raise PermissionDenied
    if request.method == "POST":
        kind, value = request.POST.get("kind", ""), request.POST.get("value", "")
        if kind in ("username", "ip_address") and value:
            lockout_rules.lift(kind, value, request.user)
            messages.success(request, _("已解除“%(value)s”的登录锁定。") % {"value": value})
        return redirect("core_lockouts")
    return TemplateResponse(request, "core/lockouts.html", {"lockouts": lockout_rules.current()})
