"""The submission limit holds across app processes: the live site runs two gunicorn workers and counts
in the shared cache, so the eleventh saved submission within the hour is refused whichever worker takes
it (each from its own phone: the per-phone limit is not what is tested here)."""

import re
import urllib.error
import urllib.parse
import urllib.request


def test_the_limit_is_shared_by_every_worker(live_site):
    client = {"X-Real-IP": "203.0.113.7"}  # the proxy's header, trusted by the production settings
    with urllib.request.urlopen(
        urllib.request.Request(live_site + "/issues/new/?topic=other", headers=client)
    ) as form:
        page = form.read()
        # The cookie is marked Secure for production; urllib would not send it back over plain HTTP.
        cookie = re.search(r"csrftoken=([^;]+)", form.headers["Set-Cookie"]).group(1)
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1).decode()
    headers = {**client, "Referer": live_site + "/issues/new/", "Cookie": f"csrftoken={cookie}"}
    statuses = []
    for n in range(11):
        form = {
            "csrfmiddlewaretoken": token,
            "category": "unsure",
            "place": "other",
            "address": "示例花园",
            "title": "限流",
            "description": "路灯坏了。",
            "reporter_name": "陈阿姨",
            "reporter_phone": f"1380000{n:04d}",
            "consent": "on",
        }
        body = urllib.parse.urlencode(form).encode()
        request = urllib.request.Request(live_site + "/issues/new/", data=body, headers=headers)
        try:
            with urllib.request.urlopen(request) as response:
                statuses.append(response.status)
        except urllib.error.HTTPError as refusal:
            statuses.append(refusal.code)
    assert statuses == [200] * 10 + [429]
