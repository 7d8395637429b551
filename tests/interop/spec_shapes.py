"""The shapes of GeoReport v2's example documents (http://wiki.open311.org/GeoReport_v2), element by
element: which fields each object has, in JSON and in XML. Values here are our own; the names and nesting
are the specification's, so a test comparing our answers with these catches a renamed or missing field."""

SERVICE = {
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
}
SERVICE_DEFINITION = {"service_code", "attributes"}
ATTRIBUTE = {
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
}
VALUE = {"key", "name"}
POST_RESPONSE = {"service_request_id", "service_notice", "account_id"}
REQUEST = {
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
}
ERROR = {"code", "description"}
DISCOVERY = {"changeset", "contact", "key_service", "endpoints"}
ENDPOINT = {"specification", "url", "changeset", "type", "formats"}

# The XML roots and item elements of each answer (the Spark convention's mapping of the JSON lists).
XML_ROOTS = {
    "services": ("services", "service"),
    "requests": ("service_requests", "request"),
    "errors": ("errors", "error"),
}
