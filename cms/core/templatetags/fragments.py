"""``{% fragment "name" value… [until=datetime] %}…{% endfragment %}``: a part of a public page kept in the
shared cache.

A fragment is stored under the release, the active language, its name and the values it varies on, with
the content version it was rendered under (``cms.core.content_version``: renewed by every content change);
it is shown only while that is still the version, so no fragment outlives what it shows. As its key does
not hold the version, a view can read the fragments every page shows ahead, with its other shared values
(``site_keys``). ``until`` bounds a fragment that changes with time (an "upcoming" list: until its first
item ends).
Only what every visitor of the page sees goes inside: never the userbar or flash messages. A fragment
whose rendering asks for the CSRF token is shown but never kept, so no token is served to another visitor.
Without the shared cache (Redis unreachable) fragments are simply rendered.
"""

import hashlib

from django import template
from django.core.cache import cache
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from cms.core import content_version

register = template.Library()

FRAGMENT_SECONDS = 3600
SITE_FRAGMENTS = ("site-header", "site-footer")  # base.html's, on every public page
_CSRF_USED = "CSRF_COOKIE_NEEDS_UPDATE"  # set by django.middleware.csrf.get_token on every use


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on, until):
        self.nodelist = nodelist
        self.name = name
        self.vary_on = vary_on
        self.until = until

    def render(self, context):
        request = context.get("request")
        token = content_version.current(request) if request is not None else None
        if token is None:
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        key = fragment_key(name, *(value.resolve(context) for value in self.vary_on))
        kept = None if content_version.is_cold(request) else cache.get(key)
        if kept is not None and kept[0] == token:
            content_version.shown(request, key)
            return mark_safe(kept[1])  # rendered (and escaped) by the template engine when stored
        html, csrf_used = _render_watching_csrf(self.nodelist, context, request)
        seconds = self._seconds(context)
        if not csrf_used and seconds > 0:
            content_version.shown(request, key)
            content_version.keep(request, key, (token, str(html)), seconds)
        return html

    def _seconds(self, context) -> int:
        if self.until is None:
            return FRAGMENT_SECONDS
        until = self.until.resolve(context)
        if until is None:
            return FRAGMENT_SECONDS
        return min(FRAGMENT_SECONDS, int((until - timezone.now()).total_seconds()))


def fragment_key(name: str, *vary_on) -> str:
    """The shared-cache key of a fragment in the active language."""
    parts = [content_version.release(), translation.get_language() or "", name]
    parts += [str(value) for value in vary_on]
    return "fragment:" + hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


def site_keys() -> list[str]:
    """The keys of the fragments every public page shows (``cms.core.routing.every_page_keys``)."""
    return [fragment_key(name) for name in SITE_FRAGMENTS]


def _render_watching_csrf(nodelist, context, request):
    before = request.META.pop(_CSRF_USED, False)
    html = nodelist.render(context)
    used = request.META.get(_CSRF_USED, False)
    if before:
        request.META[_CSRF_USED] = True
    return html, used


@register.tag
def fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError("'fragment' needs a name")
    until = None
    if bits[-1].startswith("until="):
        until = parser.compile_filter(bits.pop()[len("until=") :])
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    name, *vary_on = (parser.compile_filter(bit) for bit in bits[1:])
    return FragmentNode(nodelist, name, vary_on, until)
