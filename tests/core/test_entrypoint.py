"""The production start path: docker/entrypoint.sh migrates, then gunicorn serves the site."""

import re
import urllib.request


def fetch(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, dict(response.headers), response.read().decode()


def test_entrypoint_migrates_and_serves_the_site(live_site):
    status, headers, html = fetch(live_site + "/")
    assert status == 200
    assert "千灯耀桂城红" in html
    assert "gunicorn" in headers.get("Server", "")


def test_static_files_are_served_compressed_with_hashed_names(live_site):
    _, _, html = fetch(live_site + "/")
    css = re.search(r'href="(/static/css/site\.[0-9a-f]{12}\.css)"', html)
    assert css, "the stylesheet URL carries its content hash"
    request = urllib.request.Request(live_site + css.group(1), headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:
        assert response.status == 200
        assert response.headers["Content-Encoding"] == "gzip"
        assert "immutable" in response.headers["Cache-Control"]


def test_production_settings_send_security_headers(live_site):
    _, headers, _ = fetch(live_site + "/")
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "SAMEORIGIN"
