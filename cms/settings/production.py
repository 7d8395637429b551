"""Production: everything that differs between deployments comes from the environment.

App processes keep no state of their own: sessions and cache live in Redis when REDIS_URL is set
(otherwise sessions go to the database), files under MEDIA_ROOT on shared storage.
"""

import os

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ["SECRET_KEY"]
ALLOWED_HOSTS = [h.strip() for h in os.environ["ALLOWED_HOSTS"].split(",") if h.strip()]
CSRF_TRUSTED_ORIGINS = [
    o.strip() for o in os.environ.get("CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()
]
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(MEDIA_ROOT))  # noqa: F405
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(STATIC_ROOT))  # noqa: F405
PRIVATE_MEDIA_ROOT = os.environ.get("PRIVATE_MEDIA_ROOT", str(PRIVATE_MEDIA_ROOT))  # noqa: F405
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", WAGTAILADMIN_BASE_URL)  # noqa: F405

REDIS_URL = os.environ.get("REDIS_URL")
if REDIS_URL:
    # An unreachable Redis is noticed within a second and then skipped for a while (cms.core.cache),
    # instead of holding every request for the operating system's connect timeout.
    _redis_options = {
        "socket_connect_timeout": float(os.environ.get("REDIS_TIMEOUT_SECONDS", "0.5")),
        "socket_timeout": float(os.environ.get("REDIS_TIMEOUT_SECONDS", "0.5")),
    }
    CACHES = {
        "default": {
            "BACKEND": "cms.core.cache.SharedRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": _redis_options,
        },
        "ratelimit": {
            "BACKEND": "cms.core.cache.StrictRedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": _redis_options,
        },
    }
    RATELIMIT_CACHE = "ratelimit"
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"

STAFF_IDLE_TIMEOUT_SECONDS = int(os.environ.get("STAFF_IDLE_TIMEOUT_SECONDS", str(30 * 60)))

# TLS is terminated by the reverse proxy in front of gunicorn.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true") == "true"
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # Wagtail's background tasks run inline and log every start and finish.
    "loggers": {"django_tasks": {"level": "WARNING"}},
}

SILENCED_SYSTEM_CHECKS = [
    # Wagtail's admin previews pages in a same-origin iframe, so X-Frame-Options must be SAMEORIGIN.
    "security.W019",
    # HSTS preload lists are kept by browser vendors and are slow to leave; a deployment opts in itself.
    "security.W021",
]
RATELIMIT_CLIENT_IP_HEADER = os.environ.get("RATELIMIT_CLIENT_IP_HEADER", "HTTP_X_REAL_IP")
# The reverse proxy's address(es) as gunicorn sees them, comma-separated (addresses or networks, e.g.
# "10.0.0.5,172.18.0.0/16"). Default: a proxy on the same host.
TRUSTED_PROXIES = [
    p.strip() for p in os.environ.get("TRUSTED_PROXIES", "127.0.0.1,::1").split(",") if p.strip()
]
