"""A small browser-like client for the live site: keeps cookies by hand (production marks them Secure, and
urllib would not send them back over plain HTTP), does not follow redirects, and fills in CSRF tokens."""

import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Answer:
    status: int
    headers: dict
    text: str


@dataclass
class LiveClient:
    base_url: str
    headers: dict = field(default_factory=dict)
    cookies: dict = field(default_factory=dict)

    def request(self, path: str, data: dict | None = None) -> Answer:
        headers = {**self.headers, "Referer": self.base_url + path}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base_url + path, data=body, headers=headers)
        opener = urllib.request.build_opener(_NoRedirect)
        try:
            response = opener.open(request, timeout=30)
        except urllib.error.HTTPError as error:
            response = error
        with response:
            text = response.read().decode("utf-8", "replace")
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, value = cookie.split(";", 1)[0].split("=", 1)
                self.cookies[name] = value
            return Answer(response.status, dict(response.headers), text)

    def get(self, path: str) -> Answer:
        return self.request(path)

    def post_form(self, path: str, data: dict) -> Answer:
        """Posts ``data`` with the CSRF token of the form page at ``path``."""
        page = self.get(path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
        return self.request(path, {"csrfmiddlewaretoken": token, **data})

    def log_in(self, username: str, password: str) -> Answer:
        return self.post_form("/admin/login/", {"username": username, "password": password})
