"""Settings shared by every environment. Environment-specific files import from here."""

import datetime
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent

INSTALLED_APPS = [
    "cms.core",
    "cms.notifications",
    "cms.exports",
    "cms.studios",
    "cms.places",
    "cms.cases",
    "cms.mediation",
    "cms.volunteers",
    "cms.registers",
    "cms.evaluations",
    "cms.committee",
    "cms.projects",
    "cms.interop",
    "cms.demo",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "wagtail_modeladmin",
    "modelcluster",
    "taggit",
    "simple_history",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "csp",
]

MIDDLEWARE = [
    # First: every later middleware's and view's log lines carry the request id (cms/core/logs.py).
    "cms.core.logs.RequestLogMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "cms.core.csp.SiteCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Stores the routes and fragments a render kept, in one Redis round trip (cms/core/content_version.py).
    "cms.core.content_version.ContentCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.core.middleware.ChosenLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "cms.core.middleware.IdleTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Wagtail's page routes from the shared cache, once per content version (cms/core/routing.py).
    "cms.core.routing.RememberedRouteMiddleware",
    # Last, as django-axes requires: turns a refused login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "cms.core.context_processors.site_contact",
            ],
        },
    },
]

WSGI_APPLICATION = "cms.wsgi.application"

# SQLite is the embedded default; production and CI also run on PostgreSQL via DATABASE_URL.
DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=60,
        # A kept connection is checked before each request reuses it, so one the database closed (a
        # restart) is replaced instead of failing the request.
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiles any query it costs above jit_above_cost: the committee's figures over a
    # million cases spent ~190 ms compiling a query that ran in ~440 ms, and nothing here gains from it.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"
    # The same backend, with a health check that costs no round trip while the connection is fine.
    DATABASES["default"]["ENGINE"] = "cms.core.postgresql"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
SILENCED_SYSTEM_CHECKS = [
    # The figures' covering index (cases.Case) carries INCLUDE columns for PostgreSQL's index-only scans;
    # SQLite ignores them and uses the index's keys, which is all it needs at its scale.
    "models.W040",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = BASE_DIR / "media"
# Files with personal data (case attachments): never under MEDIA_ROOT, never served by URL.
PRIVATE_MEDIA_ROOT = BASE_DIR / "private"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "cms.core.static_storage.StaticFilesStorage"},
}

LOGIN_URL = "wagtailadmin_login"

# Login lockout (django-axes): attempts are kept in the database, so a lockout holds on every app server.
# Five failures lock the account name (from any address) and the client address (for any account name)
# for 15 minutes; a superuser lifts one in 设置 → 登录锁定 (cms.core.lockouts).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_HANDLER = "axes.handlers.database.AxesDatabaseHandler"
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = datetime.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_CLIENT_IP_CALLABLE = "cms.core.ratelimit.client_ip"
AXES_ENABLE_ADMIN = False  # the Django admin is not served; lockouts are lifted in Wagtail's
# On PostgreSQL an admin list's queries are stopped after this long (cms.core.admin.BoundedIndexView).
ADMIN_LIST_STATEMENT_TIMEOUT_MS = 5000
# An admin list holding more rows than this, with nothing filtered or searched, shows PostgreSQL's estimate
# of its size rather than counting it (cms.core.list_counts).
ADMIN_LIST_ESTIMATE_ABOVE = 50_000
# A filtered or searched admin list is counted up to this many rows, then shown as "10,000+".
ADMIN_LIST_COUNT_CAP = 10_000
# Staff sessions end after this long without a request (cms.core.middleware.IdleTimeoutMiddleware).
STAFF_IDLE_TIMEOUT_SECONDS = 30 * 60

WAGTAIL_SITE_NAME = _("千灯 · 桂城基层治理")
WAGTAILADMIN_BASE_URL = "http://localhost:8000"
WAGTAIL_I18N_ENABLED = False
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES
# Intranet / mainland deployment: the admin must not call outside hosts.
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_GRAVATAR_PROVIDER_URL = None
# One time zone for everybody: the account page then offers no list of 600 English zone names.
WAGTAIL_USER_TIME_ZONES = ["Asia/Shanghai"]
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "cms.core.search_backend"}}
WAGTAIL_WORKFLOW_ENABLED = True
WAGTAIL_MODERATION_ENABLED = True
WAGTAIL_FINISH_WORKFLOW_ACTION = "cms.studios.publishing.publish_approved"
WAGTAILEMBEDS_FINDERS = []

# Photos above this many pixels are refused (a 20,000 × 20,000 PNG of a few kB decodes to 1.2 GB).
UPLOAD_MAX_PIXELS = 40_000_000
WAGTAILIMAGES_MAX_IMAGE_PIXELS = UPLOAD_MAX_PIXELS
# Every document is served as a download, PDFs included (Wagtail shows PDFs inline by default).
WAGTAILDOCS_INLINE_CONTENT_TYPES = []

# Sessions outlive the cache: read through it, kept in the database (staff stay logged in if Redis is lost).
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# The cache alias holding rate-limit counters. In production it raises when Redis is unreachable
# (cms.core.cache.StrictRedisCache) so each limit can fail closed or count per process.
RATELIMIT_CACHE = "default"
# Addresses (or networks) of our own reverse proxies. Only a request whose socket address is one of them
# has its client address taken from RATELIMIT_CLIENT_IP_HEADER; anyone else's header is ignored.
TRUSTED_PROXIES: list[str] = []
RATELIMIT_CLIENT_IP_HEADER = "HTTP_X_REAL_IP"
# Wagtail's admin previews pages in a same-origin iframe.
X_FRAME_OPTIONS = "SAMEORIGIN"

# Open311 GeoReport v2 (cms.interop): the one jurisdiction this endpoint serves; clients may omit it.
OPEN311_JURISDICTION_ID = "guicheng.nanhai.gov.cn"

# Health (cms/core/health.py): /readyz runs these checks. The task worker's check skips itself until a
# task backend with a separate worker is configured; the worker then calls cms.core.health.beat().
READINESS_CHECKS = [
    "cms.core.health.database",
    "cms.core.health.redis",
    "cms.core.health.task_worker_heartbeat",
]
TASK_HEARTBEAT_MAX_AGE = 300  # seconds without a worker heartbeat before /readyz fails

# Evaluations (cms/evaluations): the lowest total of each grade for a new round (editable per round), and the
# phone the rectification cases opened by a finished round give as their reporter (the evaluating office).
EVALUATION_GRADE_THRESHOLDS = {"excellent": 90, "good": 75, "fair": 60}
EVALUATION_OFFICE_PHONE = "0757-86000000"

# Background work (Django's tasks framework, the django-tasks backport): a real queue everywhere. The
# database backend is the embedded default (`manage.py db_worker` runs it); production may switch to Redis
# Queue with TASKS_BACKEND=rq (cms/settings/production.py). Wagtail's own housekeeping (search and
# reference index) goes through the same queue.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Large exports run as tasks (cms/exports): the file is kept this long for the person who asked.
EXPORTS_KEEP_HOURS = 24

# Retention (PIPL): residents' names, phones and ID numbers are anonymised this many days after their case
# is closed (cms/cases/retention.py, daily at 03:00); the privacy notice (/privacy/) states the period.
PERSONAL_DATA_RETENTION_DAYS = 3 * 365
# An enrolment in a register that no one could verify is withdrawn and anonymised after this many days
# (cms/registers/retention.py, daily at 03:30); the privacy notice states it.
REGISTER_UNVERIFIED_DAYS = 180

# Outbox delivery (cms/notifications): attempts before a message is marked failed, and the back-off.
NOTIFICATIONS_MAX_ATTEMPTS = 5
NOTIFICATIONS_RETRY_BASE_SECONDS = 60
# A message still queued this long after its due time lost its task: the sweep enqueues it again.
NOTIFICATIONS_LOST_AFTER_SECONDS = 120
# Where SMS go: the development backend records them in a table (admin: 通知 → 短信记录).
NOTIFICATIONS_SMS_BACKEND = "cms.notifications.sms.RecordingBackend"
# The provider's template ids per message template key (Alibaba Cloud: "SMS_123456789").
NOTIFICATIONS_SMS_TEMPLATES: dict[str, str] = {}
DEFAULT_FROM_EMAIL = "千灯 <noreply@qiandeng.example.org>"

# Content-Security-Policy (cms.core.csp): the public site runs no inline script or style and loads nothing
# from other hosts; the admin gets what Wagtail needs. Enforced here (tests, production); development
# only reports (cms/settings/dev.py).
_SELF = "'self'"
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF],
        "style-src": [_SELF],
        "img-src": [_SELF, "data:"],
        "font-src": [_SELF],
        "connect-src": [_SELF],
        "object-src": ["'none'"],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_SELF],
    }
}
ADMIN_CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [_SELF],
        "script-src": [_SELF, "'unsafe-inline'"],
        "style-src": [_SELF, "'unsafe-inline'"],
        "img-src": [_SELF, "data:", "blob:"],
        "font-src": [_SELF, "data:"],
        "connect-src": [_SELF],
        "frame-src": [_SELF],
        "object-src": ["'none'"],
        "base-uri": [_SELF],
        "form-action": [_SELF],
        "frame-ancestors": [_SELF],
    }
}
