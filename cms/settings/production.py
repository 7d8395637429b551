"""Production: everything that differs between deployments comes from the environment.

App processes keep no state of their own: sessions and cache live in Redis when REDIS_URL is set
(otherwise sessions go to the database), files under MEDIA_ROOT on shared storage.
"""

import json
import os

from django.core.exceptions import ImproperlyConfigured

from cms.core.logs import json_logging

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

# Background tasks: the database queue (worker: `manage.py db_worker`) unless TASKS_BACKEND=rq, which puts
# them on Redis Queue (worker: `manage.py rqworker default --with-scheduler`; needs TASKS_REDIS_URL or
# REDIS_URL). Either way the scheduler is `manage.py run_schedules --loop`.
TASKS_BACKEND = os.environ.get("TASKS_BACKEND", "db")
if TASKS_BACKEND == "rq":
    INSTALLED_APPS = [*INSTALLED_APPS, "django_rq"]  # noqa: F405
    RQ_QUEUES = {"default": {"URL": os.environ.get("TASKS_REDIS_URL") or os.environ["REDIS_URL"]}}
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
elif TASKS_BACKEND != "db":
    raise ImproperlyConfigured(f"TASKS_BACKEND must be 'db' or 'rq', not {TASKS_BACKEND!r}")

# E-mail (staff notices and digests) through the deployment's SMTP relay.
EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.smtp.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false") == "true"
EMAIL_USE_SSL = os.environ.get("EMAIL_USE_SSL", "false") == "true"
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", DEFAULT_FROM_EMAIL)  # noqa: F405

# SMS: Alibaba Cloud with SMS_BACKEND=aliyun (keys, signature and approved template ids from the
# environment); otherwise messages are only recorded (admin: 通知 → 短信记录), as in development.
if os.environ.get("SMS_BACKEND", "record") == "aliyun":
    NOTIFICATIONS_SMS_BACKEND = "cms.notifications.sms.AlibabaCloudBackend"
    ALIYUN_SMS_ACCESS_KEY_ID = os.environ["ALIYUN_SMS_ACCESS_KEY_ID"]
    ALIYUN_SMS_ACCESS_KEY_SECRET = os.environ["ALIYUN_SMS_ACCESS_KEY_SECRET"]
    ALIYUN_SMS_SIGN_NAME = os.environ["ALIYUN_SMS_SIGN_NAME"]
    ALIYUN_SMS_ENDPOINT = os.environ.get("ALIYUN_SMS_ENDPOINT", "dysmsapi.aliyuncs.com")
# {"case_received": "SMS_470000001", ...}: our template keys → the provider's approved template ids.
NOTIFICATIONS_SMS_TEMPLATES = json.loads(os.environ.get("SMS_TEMPLATES", "{}"))

PERSONAL_DATA_RETENTION_DAYS = int(
    os.environ.get("PERSONAL_DATA_RETENTION_DAYS", str(PERSONAL_DATA_RETENTION_DAYS))  # noqa: F405
)

STAFF_IDLE_TIMEOUT_SECONDS = int(os.environ.get("STAFF_IDLE_TIMEOUT_SECONDS", str(30 * 60)))

# TLS is terminated by the reverse proxy in front of gunicorn.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = os.environ.get("SECURE_SSL_REDIRECT", "true") == "true"
# Health probes come over plain HTTP from inside the host (container engine, load balancer).
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = False
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True

# Outgoing e-mail (admin password resets, notifications) through the deployment's SMTP relay.
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = os.environ.get("EMAIL_USE_TLS", "false") == "true"
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# JSON lines on stdout with the request id and the staff user id (cms/core/logs.py); no personal data.
LOGGING = json_logging(os.environ.get("LOG_LEVEL", "INFO"))

SILENCED_SYSTEM_CHECKS = [
    *SILENCED_SYSTEM_CHECKS,  # noqa: F405 (from base)
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
