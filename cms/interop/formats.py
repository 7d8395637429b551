"""GeoReport v2's two formats from one document: JSON as is, XML by the spec's mapping (the Spark
convention): a list becomes a wrapper element holding one child per item, named in ``ITEM_NAMES``;
``true``/``false`` for booleans, an empty element for a null.

Every answer is UTF-8 with the content types the spec names; errors are ``[{"code", "description"}]`` and
``<errors><error>...</error></errors>`` with the HTTP status of the first error.
"""

import json
from xml.etree import ElementTree

from django.http import HttpResponse

CONTENT_TYPES = {"json": "application/json; charset=utf-8", "xml": "text/xml; charset=utf-8"}
# The element a list's items are written as, by the list's own name.
ITEM_NAMES = {
    "services": "service",
    "service_requests": "request",
    "attributes": "attribute",
    "values": "value",
    "endpoints": "endpoint",
    "formats": "format",
    "errors": "error",
}


def respond(document, root: str, fmt: str, status: int = 200) -> HttpResponse:
    """``document`` (a dict, or a list named ``root``) in ``fmt``."""
    body = json.dumps(document, ensure_ascii=False) if fmt == "json" else to_xml(root, document)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt], status=status)
    response["Cache-Control"] = "no-store"
    return response


def error(fmt: str, status: int, description: str) -> HttpResponse:
    return respond([{"code": status, "description": description}], "errors", fmt, status)


def to_xml(root: str, document) -> str:
    element = ElementTree.Element(root)
    _fill(element, root, document)
    return '<?xml version="1.0" encoding="utf-8"?>' + ElementTree.tostring(
        element, encoding="unicode"
    )


def _fill(element: ElementTree.Element, name: str, value) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            _fill(ElementTree.SubElement(element, key), key, item)
    elif isinstance(value, list):
        for item in value:
            _fill(ElementTree.SubElement(element, ITEM_NAMES[name]), ITEM_NAMES[name], item)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        element.text = str(value)
