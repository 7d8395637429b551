"""Structured logs for production: one JSON object per line on stdout, tied to the request that wrote it.

``RequestLogMiddleware`` (first in MIDDLEWARE) gives each request an id, taken from the proxy's
``X-Request-ID`` only when it looks like one (so a client cannot inject text into the logs), returns it in
the response's ``X-Request-ID`` and writes one access line per request. ``RequestContextFilter`` stamps every
log record made meanwhile with that id and, for signed-in users (only staff have accounts), their user id.
``JsonFormatter`` writes a record, traceback included, as one line.

No personal data: access lines hold the path without its query string (admin searches carry names), and
records are written from a fixed set of fields, never from the request or form data attached to them.
"""

import datetime
import json
import logging
import re
import time
import uuid
from contextvars import ContextVar

_context: ContextVar[dict | None] = ContextVar("request_log_context", default=None)
# nginx's $request_id is 32 hex digits; a UUID has 36 characters with dashes.
WELL_FORMED_REQUEST_ID = re.compile(r"[0-9A-Za-z-]{16,64}")
EXTRA_FIELDS = ("method", "path", "status", "duration_ms")
access_logger = logging.getLogger("cms.request")


def request_id_from(request) -> str:
    incoming = request.META.get("HTTP_X_REQUEST_ID", "")
    return incoming if WELL_FORMED_REQUEST_ID.fullmatch(incoming) else uuid.uuid4().hex


def log_access(method: str, path: str, status: int, started: float) -> None:
    """The access line of one request (``started`` from ``time.monotonic()``)."""
    access_logger.info(
        "%s %s %s",
        method,
        path,
        status,
        extra={
            "method": method,
            "path": path,
            "status": status,
            "duration_ms": round((time.monotonic() - started) * 1000, 1),
        },
    )


class RequestLogMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.request_id = request_id_from(request)
        token = _context.set({"request_id": request.request_id})
        started = time.monotonic()
        try:
            response = self.get_response(request)
            response["X-Request-ID"] = request.request_id
            log_access(request.method, request.path, response.status_code, started)
            return response
        finally:
            _context.reset(token)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # Runs after the authentication middleware: the user is known from here to the response.
        user = getattr(request, "user", None)
        context = _context.get()
        if context is not None and user is not None and user.is_authenticated:
            context["user_id"] = user.pk


class RequestContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        context = _context.get() or {}
        record.request_id = context.get("request_id")
        record.user_id = context.get("user_id")
        return True


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        for field in ("request_id", "user_id", *EXTRA_FIELDS):
            value = getattr(record, field, None)
            if value is not None:
                entry[field] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


def json_logging(level: str = "INFO") -> dict:
    """The LOGGING setting of production: everything to stdout as JSON lines."""
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_context": {"()": "cms.core.logs.RequestContextFilter"}},
        "formatters": {"json": {"()": "cms.core.logs.JsonFormatter"}},
        "handlers": {
            "stdout": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stdout",
                "formatter": "json",
                "filters": ["request_context"],
            }
        },
        "root": {"handlers": ["stdout"], "level": level},
        "loggers": {
            # Django's own handlers (a console for DEBUG, and mail to ADMINS, which would send request
            # data with its personal details) are dropped: its records reach the root once.
            "django": {"handlers": [], "level": level, "propagate": True},
            # Wagtail's background tasks run inline and log every start and finish.
            "django_tasks": {"level": "WARNING"},
        },
    }
