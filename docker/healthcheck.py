"""Container health check: asks this container's gunicorn for a page, by default /readyz.

Sent with the site's own host name (the first of ALLOWED_HOSTS), so Django's host check passes; the
health URLs are exempt from the HTTPS redirect (cms/settings/production.py).
Usage: python docker/healthcheck.py [/path]   exit status 0 when the answer is 200.
"""

import os
import sys
import urllib.request


def main(path: str) -> int:
    port = os.environ.get("BIND", "0.0.0.0:8000").rsplit(":", 1)[1]
    host = os.environ.get("ALLOWED_HOSTS", "").split(",")[0].strip().lstrip(".")
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}",
        headers={"Host": host if host not in ("", "*") else "localhost"},
    )
    try:
        with urllib.request.urlopen(request, timeout=4) as response:
            return 0 if response.status == 200 else 1
    except OSError as error:
        print(f"{path}: {error}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "/readyz"))
