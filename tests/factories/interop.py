"""API clients with live keys and service attributes, through the real key service."""

from cms.cases.models import CaseCategory
from cms.interop import keys
from cms.interop.models import ApiClient, ServiceAttribute
from tests.factories.cases import user


def client_with_key(name: str = "街坊随手拍", per_hour: int = 60) -> tuple[ApiClient, str]:
    client = ApiClient.objects.create(name=name, requests_per_hour=per_hour)
    return client, keys.issue(client, user("office"))


def attribute(category: CaseCategory, **fields) -> ServiceAttribute:
    values = {
        "code": "FLOOR",
        "description": "漏水位置",
        "datatype": ServiceAttribute.Datatype.SINGLEVALUELIST,
        "required": True,
        "order": 1,
        "values": "B1=地下一层\nB2=地下二层",
    }
    values.update(fields)
    return ServiceAttribute.objects.create(category=category, **values)
