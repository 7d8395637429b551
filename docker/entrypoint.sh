#!/bin/sh
# Production start path, in Docker and on a bare host: migrate, build the site's skeleton, then serve
# with gunicorn.
#   PYTHON           interpreter with the requirements installed (default: python)
#   RUN_MIGRATIONS   set to 0 on all but one app server when several start at once
#   BIND, WEB_CONCURRENCY  gunicorn address (default 0.0.0.0:8000) and worker count (default 2)
#   GUNICORN_THREADS threads per worker (default 4): a slow admin search holds one thread, not the worker
#                    a resident is waiting for
#   GUNICORN_TIMEOUT  seconds a request may take (default 120)
# The app writes its own JSON access line per request (cms/core/logs.py), so gunicorn's is off.
# Any arguments replace gunicorn, e.g. `entrypoint.sh python manage.py shell`.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python}"

if [ "${RUN_MIGRATIONS:-1}" = "1" ]; then
    "$PYTHON" manage.py migrate --noinput
    # The database cache stands in for Redis when REDIS_URL is unset; the command is a no-op otherwise.
    "$PYTHON" manage.py createcachetable
    # The page tree a real deployment needs (no demo content); changes nothing once it exists.
    "$PYTHON" manage.py bootstrap_site
fi

if [ "$#" -gt 0 ]; then
    exec "$@"
fi
exec "$PYTHON" -m gunicorn cms.wsgi:application \
    --bind "${BIND:-0.0.0.0:8000}" \
    --workers "${WEB_CONCURRENCY:-2}" \
    --threads "${GUNICORN_THREADS:-4}" \
    --timeout "${GUNICORN_TIMEOUT:-120}" \
    --forwarded-allow-ips "${FORWARDED_ALLOW_IPS:-127.0.0.1}"
