"""Content-Security-Policy (django-csp): strict on the public site, what Wagtail's admin needs on /admin/.

The public pages have no inline script or style and load nothing from other hosts, so their policy allows
only this origin's files. The admin (Wagtail's own pages and its page previews) needs inline styles and
scripts; it gets its own, looser policy, still limited to this origin. Settings hold both policies
(``CONTENT_SECURITY_POLICY`` for the public site, ``ADMIN_CONTENT_SECURITY_POLICY`` for the admin); whether
they are enforced or only reported follows which of ``CONTENT_SECURITY_POLICY`` /
``CONTENT_SECURITY_POLICY_REPORT_ONLY`` is set (report-only in development, enforced in production).
"""

from csp.middleware import CSPMiddleware, PolicyParts
from csp.utils import default_config
from django.conf import settings

ADMIN_PREFIX = "/admin/"


class SiteCSPMiddleware(CSPMiddleware):
    def get_policy_parts(self, request, response, report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only)
        mode = "CONTENT_SECURITY_POLICY_REPORT_ONLY" if report_only else "CONTENT_SECURITY_POLICY"
        in_use = getattr(settings, mode, None)
        if parts.config is None and in_use and request.path_info.startswith(ADMIN_PREFIX):
            parts.config = default_config(settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"])
        return parts
