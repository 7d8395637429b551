import time

from django.conf import settings
from django.contrib.auth import logout
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


def chosen_language(request) -> str:
    """The language picked in the footer switcher (its cookie), else Simplified Chinese."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    return chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Simplified Chinese unless the visitor picked another language in the footer switcher.

    The browser's Accept-Language is ignored: the content is Chinese, and an English-language phone
    should not get English menus around Chinese articles unless its owner asks for them.
    """

    def process_request(self, request):
        translation.activate(chosen_language(request))
        request.LANGUAGE_CODE = translation.get_language()


class IdleTimeoutMiddleware:
    """Ends a logged-in session after ``STAFF_IDLE_TIMEOUT_SECONDS`` without a request.

    Only staff log in (residents never have a session), so every authenticated session is a staff one.
    The session's expiry is moved forward at most once a minute, not on every request, so browsing the
    admin does not write the session row each time. Placed after the authentication middleware.
    """

    LAST_SEEN_KEY = "_last_seen"
    REFRESH_SECONDS = 60

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # No cookie, no session to look at: public pages stay free of session reads (and Vary: Cookie).
        if settings.SESSION_COOKIE_NAME in request.COOKIES and request.user.is_authenticated:
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        idle_limit = settings.STAFF_IDLE_TIMEOUT_SECONDS
        now = int(time.time())
        last_seen = request.session.get(self.LAST_SEEN_KEY)
        if last_seen is not None and now - last_seen > idle_limit:
            logout(request)  # flushes the session: its row is deleted, not just forgotten
            return
        if last_seen is None or now - last_seen >= self.REFRESH_SECONDS:
            request.session[self.LAST_SEEN_KEY] = now
            request.session.set_expiry(idle_limit)
