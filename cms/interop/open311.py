"""The Open311 GeoReport v2 endpoint (/open311/v2/), JSON and XML, for other systems and apps.

Reading is public (rate-limited per address); submitting needs a client's API key (``keys``), is limited
per key, and creates the case through ``cms.cases.services.create_case`` like every other intake.
``jurisdiction_id`` may be omitted (one jurisdiction is served); a different one is "not found".
No tokens: every service is ``realtime`` (the reference is returned at once).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from cms.cases import services as case_services
from cms.cases.models import Source
from cms.core import ratelimit
from cms.interop import formats, georeport, keys, places
from cms.interop.models import ApiSubmission, ServiceAttribute

READS_PER_HOUR = 1200
NAME_LENGTH = 50


def _format(fmt: str) -> str:
    if fmt not in formats.CONTENT_TYPES:
        raise Http404
    return fmt


def _refused(request, fmt: str):
    """The answer to a request the endpoint will not serve, or None."""
    jurisdiction = (
        request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id") or ""
    ).strip()
    if jurisdiction and jurisdiction != settings.OPEN311_JURISDICTION_ID:
        return formats.error(
            fmt,
            404,
            _("jurisdiction_id 不存在：本接口只服务 %(j)s。")
            % {"j": settings.OPEN311_JURISDICTION_ID},
        )
    if request.method == "GET" and not ratelimit.allow_key(
        f"open311-read:{ratelimit.client_id(request)}", READS_PER_HOUR, 3600
    ):
        return formats.error(fmt, 429, _("请求过于频繁，请稍后再试。"))
    return None


@require_GET
def discovery(request, fmt: str):
    fmt = _format(fmt)
    endpoint = request.build_absolute_uri("/open311/v2/")
    document = {
        "changeset": "2026-11-30T00:00:00+08:00",
        "contact": _("桂城街道基层治理工作委员会办公室"),
        "key_service": _("接口密钥由委员会办公室签发，请联系办公室申请。"),
        "endpoints": [
            {
                "specification": georeport.SPECIFICATION,
                "url": endpoint,
                "changeset": "2026-11-30T00:00:00+08:00",
                "type": "production",
                "formats": ["text/xml", "application/json"],
            }
        ],
    }
    return formats.respond(document, "discovery", fmt)


@require_GET
def service_list(request, fmt: str):
    fmt = _format(fmt)
    if (refusal := _refused(request, fmt)) is not None:
        return refusal
    return formats.respond(georeport.services(), "services", fmt)


@require_GET
def service_definition(request, code: str, fmt: str):
    fmt = _format(fmt)
    if (refusal := _refused(request, fmt)) is not None:
        return refusal
    category = georeport.active_category(code)
    if category is None:
        return formats.error(fmt, 404, _("service_code 不存在：%(code)s") % {"code": code})
    return formats.respond(georeport.service_definition(category), "service_definition", fmt)


@csrf_exempt  # a key-authenticated API without cookies
@require_http_methods(["GET", "POST"])
def requests(request, fmt: str):
    fmt = _format(fmt)
    if (refusal := _refused(request, fmt)) is not None:
        return refusal
    if request.method == "POST":
        return _submit(request, fmt)
    try:
        rows = georeport.filtered(request.GET)
    except georeport.BadQueryError as bad:
        return formats.error(fmt, 400, str(bad))
    return formats.respond(rows, "service_requests", fmt)


@require_GET
def request_detail(request, reference: str, fmt: str):
    fmt = _format(fmt)
    if (refusal := _refused(request, fmt)) is not None:
        return refusal
    rows = georeport.filtered({"service_request_id": reference})
    if not rows:
        return formats.error(fmt, 404, _("service_request_id 不存在：%(id)s") % {"id": reference})
    return formats.respond(rows, "service_requests", fmt)


class RefusalError(Exception):
    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status = status
        self.description = description


def _submit(request, fmt: str):
    data = request.POST
    client = keys.client_for(data.get("api_key", "").strip())
    if client is None:
        return formats.error(fmt, 403, _("api_key 缺失或无效。"))
    if not ratelimit.allow_key(f"open311-key:{client.pk}", client.requests_per_hour, 3600):
        return formats.error(fmt, 429, _("该密钥提交过于频繁，请一小时后再试。"))
    try:
        fields = _case_fields(data)
        with transaction.atomic():
            case, _code = case_services.create_case(source=Source.API, **fields)
            ApiSubmission.objects.create(case=case, client=client)
    except RefusalError as refusal:
        return formats.error(fmt, refusal.status, refusal.description)
    except ValidationError as invalid:
        return formats.error(fmt, 400, invalid.messages[0])
    document = [
        {
            "service_request_id": case.reference,
            "service_notice": _("已受理，办理时限至 %(due)s。")
            % {"due": georeport.w3(case.handling_due)},
            "account_id": None,
        }
    ]
    return formats.respond(document, "service_requests", fmt)


def _case_fields(data) -> dict:
    """The case's fields from the POST parameters, or a RefusalError naming what is missing or wrong."""
    code = data.get("service_code", "").strip()
    if not code:
        raise RefusalError(400, _("缺少 service_code。"))
    category = georeport.active_category(code)
    if category is None:
        raise RefusalError(404, _("service_code 不存在：%(code)s") % {"code": code})
    where = _location(data)
    description = data.get("description", "").strip()
    if not description:
        raise RefusalError(400, _("缺少 description（诉求内容）。"))
    phone = data.get("phone", "").strip()
    if not phone:
        raise RefusalError(400, _("缺少 phone：工作室须在一个工作日内联系反映人。"))
    answers = _answers(category, data)
    name = f"{data.get('last_name', '').strip()}{data.get('first_name', '').strip()}"
    return {
        "category": category,
        **where,
        "reporter_name": name[:NAME_LENGTH] or _("未留姓名"),
        "reporter_phone": phone,
        "title": description.splitlines()[0][: georeport.TITLE_LENGTH],
        "description": "\n".join([description, *answers]),
    }


def _location(data) -> dict:
    """The place the address names, else the estate nearest the point, else the address or point as text."""
    address = data.get("address_string", "").strip() or data.get("address_id", "").strip()
    lat, long = data.get("lat", "").strip(), data.get("long", "").strip()
    point = None
    if lat or long:
        try:
            point = float(lat), float(long)
        except ValueError:
            raise RefusalError(400, _("lat / long 必须是数字。")) from None
        if not (-90 <= point[0] <= 90 and -180 <= point[1] <= 180):
            raise RefusalError(400, _("lat / long 超出范围。"))
    if not address and point is None:
        raise RefusalError(400, _("缺少位置：请提供 lat 和 long，或 address_string。"))
    if address:
        fields = places.from_text(address, places.index())
        if fields["community"] is not None:
            return fields
    else:
        fields = {"location_text": f"{point[0]:.6f},{point[1]:.6f}"}
    estate = places.nearest_estate(*point) if point is not None else None
    if estate is not None:
        return {"estate": estate, "location_text": fields["location_text"]}
    return {"location_text": fields["location_text"]}


def _answers(category, data) -> list[str]:
    """Lines "question：answer" for the case's text; a missing required or unknown listed value refuses."""
    lines = []
    for attribute in category.api_attributes.all():
        name = f"attribute[{attribute.code}]"
        values = [v.strip() for v in data.getlist(name) + data.getlist(f"{name}[]") if v.strip()]
        if not values:
            if attribute.required:
                raise RefusalError(
                    400,
                    _("缺少必填的 %(name)s（%(q)s）。")
                    % {"name": name, "q": attribute.description},
                )
            continue
        if attribute.datatype in (
            ServiceAttribute.Datatype.SINGLEVALUELIST,
            ServiceAttribute.Datatype.MULTIVALUELIST,
        ):
            names = dict(attribute.value_pairs())
            unknown = [v for v in values if v not in names]
            if unknown or (
                attribute.datatype == ServiceAttribute.Datatype.SINGLEVALUELIST and len(values) > 1
            ):
                raise RefusalError(400, _("%(name)s 的取值无效。") % {"name": name})
            values = [names[v] for v in values]
        lines.append(f"{attribute.description}：{'、'.join(values)}")
    return lines
