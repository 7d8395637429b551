"""The Open311 GeoReport v2 documents: services, service definitions and service requests, built from the
catalogue and the cases without a word of personal data.

What a request shows, and why:
- ``service_request_id`` is the case's public reference (GC-2026-123456), never a database id;
- ``status`` is ``open`` while the resident is still owed an answer (``OPEN_FOR_API``), else ``closed``;
  ``status_notes`` is the latest public reply (what the resident reads on the status page), or the
  reference a duplicate was merged into;
- ``description`` is the case's one-line title, not its full text: residents write names and numbers into
  free text. Phone and ID numbers are redacted from every text published here (``privacy.redact_numbers``);
- ``address`` is the community and estate names, ``lat``/``long`` the estate's point where it has one; the
  case's own location text (a street address, a flat) is not published. No reporter, assignee, note or
  handling unit appears.
One query per page of requests, whatever its size (tested), ordered by receipt on an indexed column.
"""

from datetime import datetime, timedelta

from django.db.models import Exists, F, OuterRef, Subquery
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.translation import gettext as _

from cms.cases.models import OPEN_STATUSES, Case, CaseCategory, CaseNote, Kind, Status
from cms.core.privacy import redact_numbers
from cms.interop.models import ServiceAttribute
from cms.interop.places import coordinate

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
OPEN_FOR_API = (*OPEN_STATUSES, Status.RETURNED)
DEFAULT_DAYS = 90  # the spec's default window when no dates are given
DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 1000
TITLE_LENGTH = 40


def services() -> list[dict]:
    categories = (
        CaseCategory.objects.filter(active=True)
        .select_related("studio")
        .annotate(has_attributes=Exists(ServiceAttribute.objects.filter(category=OuterRef("pk"))))
        .order_by("code")
    )
    return [
        {
            "service_code": category.code,
            "service_name": category.name,
            "description": _("%(studio)s受理；办理时限 %(days)s 个工作日。")
            % {"studio": category.studio.name, "days": category.deadline_days},
            "metadata": category.has_attributes,
            "type": "realtime",
            "keywords": f"{category.studio.short_name}, {category.name}",
            "group": category.studio.name,
        }
        for category in categories
    ]


def active_category(code: str) -> CaseCategory | None:
    return CaseCategory.objects.filter(code=code, active=True).select_related("studio").first()


def service_definition(category: CaseCategory) -> dict:
    return {
        "service_code": category.code,
        "attributes": [
            {
                "variable": True,
                "code": attribute.code,
                "datatype": attribute.datatype,
                "required": attribute.required,
                "datatype_description": None,
                "order": attribute.order,
                "description": attribute.description,
                "values": [{"key": key, "name": name} for key, name in attribute.value_pairs()],
            }
            for attribute in category.api_attributes.all()
        ],
    }


def requests_queryset():
    """Cases as GeoReport rows (dicts), newest first; mediations are parties' disputes, never listed."""
    latest_reply = (
        CaseNote.objects.filter(case=OuterRef("pk"), kind=CaseNote.Kind.PUBLIC_REPLY)
        .order_by("-created_at", "-pk")
        .values("text")[:1]
    )
    return (
        Case.objects.filter(kind=Kind.ISSUE)
        .annotate(
            latest_reply=Subquery(latest_reply),
            merged_reference=F("merged_into__reference"),
            service_code=F("category__code"),
            service_name=F("category__name"),
            agency=F("studio__name"),
            community_name=F("community__name"),
            estate_name=F("estate__name"),
            latitude=F("estate__latitude"),
            longitude=F("estate__longitude"),
        )
        .order_by("-received_at")
        .values(
            "reference",
            "status",
            "title",
            "community_name",
            "estate_name",
            "latitude",
            "longitude",
            "received_at",
            "first_contacted_at",
            "resolved_at",
            "closed_at",
            "handling_due",
            "latest_reply",
            "merged_reference",
            "service_code",
            "service_name",
            "agency",
        )
    )


class BadQueryError(ValueError):
    """A filter the spec does not allow; the message is the error's description."""


def filtered(params, now=None) -> list[dict]:
    """One page of requests for the GET parameters (``service_request_id`` alone, or ``service_code``,
    ``status``, ``start_date``, ``end_date``, ``page``, ``page_size``)."""
    rows = requests_queryset()
    ids = _list(params.get("service_request_id"))
    if ids:
        return [
            request_document(row) for row in rows.filter(reference__in=[i.upper() for i in ids])
        ]
    codes = _list(params.get("service_code"))
    if codes:
        rows = rows.filter(category__code__in=codes)
    statuses = set(_list(params.get("status")))
    if statuses - {"open", "closed"}:
        raise BadQueryError(_("status 只能是 open 或 closed。"))
    if statuses == {"open"}:
        rows = rows.filter(status__in=OPEN_FOR_API)
    elif statuses == {"closed"}:
        rows = rows.exclude(status__in=OPEN_FOR_API)
    start, end = _date(params, "start_date"), _date(params, "end_date")
    if start is None and end is None:
        start = (now or timezone.now()) - timedelta(days=DEFAULT_DAYS)
    if start is not None:
        rows = rows.filter(received_at__gte=start)
    if end is not None:
        rows = rows.filter(received_at__lte=end)
    page, size = _positive(params, "page", 1), _positive(params, "page_size", DEFAULT_PAGE_SIZE)
    size = min(size, MAX_PAGE_SIZE)
    return [request_document(row) for row in rows[(page - 1) * size : page * size]]


def request_document(row: dict) -> dict:
    is_open = row["status"] in OPEN_FOR_API
    if row["merged_reference"]:
        notes = _("与 %(ref)s 为同一问题，已合并办理。") % {"ref": row["merged_reference"]}
    else:
        notes = redact_numbers(row["latest_reply"] or "") or None
    moments = [row[k] for k in ("received_at", "first_contacted_at", "resolved_at", "closed_at")]
    return {
        "service_request_id": row["reference"],
        "status": "open" if is_open else "closed",
        "status_notes": notes,
        "service_name": row["service_name"],
        "service_code": row["service_code"],
        "description": redact_numbers(row["title"])[:TITLE_LENGTH],
        "agency_responsible": row["agency"],
        "service_notice": None,
        "requested_datetime": w3(row["received_at"]),
        "updated_datetime": w3(max(m for m in moments if m is not None)),
        "expected_datetime": w3(row["handling_due"]) if is_open else None,
        "address": " ".join(filter(None, [row["community_name"], row["estate_name"]])) or None,
        "address_id": None,
        "zipcode": None,
        "lat": coordinate(row["latitude"]),
        "long": coordinate(row["longitude"]),
        "media_url": None,
    }


def w3(moment) -> str:
    """ISO 8601 with the offset, as the spec requires (2026-11-30T10:35:00+08:00)."""
    return timezone.localtime(moment).isoformat(timespec="seconds")


def _list(value) -> list[str]:
    return [item.strip() for item in (value or "").split(",") if item.strip()]


def _date(params, name: str):
    raw = (params.get(name) or "").strip()
    if not raw:
        return None
    try:
        moment = parse_datetime(raw.replace(" ", "+"))  # a "+" arrives as a space when not encoded
        if moment is None and (day := parse_date(raw)) is not None:
            moment = timezone.make_aware(datetime(day.year, day.month, day.day))
    except ValueError:
        moment = None
    if moment is None:
        raise BadQueryError(
            _("%(name)s 不是有效的 ISO 8601 时间，如 2026-11-01T00:00:00+08:00。") % {"name": name}
        )
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _positive(params, name: str, default: int) -> int:
    raw = (params.get(name) or "").strip()
    if not raw:
        return default
    if not raw.isdigit() or int(raw) < 1:
        raise BadQueryError(_("%(name)s 必须是正整数。") % {"name": name})
    return int(raw)
