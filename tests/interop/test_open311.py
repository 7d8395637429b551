"""The Open311 GeoReport v2 endpoint, as an existing client sees it: every method in JSON and XML with the
spec's field names (``spec_shapes``), every error in the spec's error format, keys and limits, and not one
name or phone number in any answer."""

import datetime
import json
from xml.etree import ElementTree

import pytest
from django.utils import timezone

from cms.cases import services
from cms.cases.models import Case, Source, Status
from cms.interop import keys
from cms.interop.models import ApiSubmission
from tests.factories import cases as f
from tests.factories import interop as i
from tests.interop import spec_shapes as spec

pytestmark = pytest.mark.django_db

BASE = "/open311/v2"


def get_json(client, path, **params):
    response = client.get(f"{BASE}/{path}.json", params)
    assert response["Content-Type"] == "application/json; charset=utf-8"
    return response.status_code, json.loads(response.content)


def get_xml(client, path, **params):
    response = client.get(f"{BASE}/{path}.xml", params)
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="utf-8"?>')
    return response.status_code, ElementTree.fromstring(response.content)


def post(client, fmt="json", **data):
    return client.post(f"{BASE}/requests.{fmt}", data)


def children(element) -> set[str]:
    return {child.tag for child in element}


def test_discovery_lists_the_v2_endpoint_in_both_formats(client):
    document = json.loads(client.get("/open311/discovery.json").content)
    assert set(document) == spec.DISCOVERY
    (endpoint,) = document["endpoints"]
    assert set(endpoint) == spec.ENDPOINT
    assert endpoint["url"].endswith("/open311/v2/")
    assert endpoint["formats"] == ["text/xml", "application/json"]
    root = ElementTree.fromstring(client.get("/open311/discovery.xml").content)
    assert root.tag == "discovery" and children(root) == spec.DISCOVERY
    assert [e.text for e in root.find("endpoints/endpoint/formats")] == endpoint["formats"]


def test_services_are_the_active_categories_with_their_stable_codes(client):
    category = f.category("06", "投诉")
    i.attribute(category)
    status, services_list = get_json(client, "services")
    assert status == 200
    assert all(set(service) == spec.SERVICE for service in services_list)
    by_code = {s["service_code"]: s for s in services_list}
    assert by_code[category.code]["service_name"] == "投诉"
    assert by_code[category.code]["metadata"] is True
    assert by_code[category.code]["type"] == "realtime"
    assert sum(s["metadata"] for s in services_list) == 1
    status, root = get_xml(client, "services")
    assert root.tag == "services"
    assert all(item.tag == "service" and children(item) == spec.SERVICE for item in root)
    assert root.find(f"service[service_code='{category.code}']/metadata").text == "true"


def test_a_service_definition_lists_its_attributes_with_their_values(client):
    category = f.category("06", "投诉")
    i.attribute(category)
    status, definition = get_json(client, f"services/{category.code}")
    assert status == 200
    assert set(definition) == spec.SERVICE_DEFINITION
    (attribute,) = definition["attributes"]
    assert set(attribute) == spec.ATTRIBUTE
    assert attribute["values"] == [
        {"key": "B1", "name": "地下一层"},
        {"key": "B2", "name": "地下二层"},
    ]
    assert all(set(v) == spec.VALUE for v in attribute["values"])
    status, root = get_xml(client, f"services/{category.code}")
    assert root.tag == "service_definition" and children(root) == spec.SERVICE_DEFINITION
    assert children(root.find("attributes/attribute")) == spec.ATTRIBUTE
    assert root.find("attributes/attribute/datatype_description").text is None
    assert [v.find("key").text for v in root.find("attributes/attribute/values")] == ["B1", "B2"]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_an_unknown_service_is_a_404_in_the_specs_error_format(client, fmt):
    response = client.get(f"{BASE}/services/99-99.{fmt}")
    assert response.status_code == 404
    if fmt == "json":
        (error,) = json.loads(response.content)
        assert set(error) == spec.ERROR and error["code"] == 404
    else:
        root = ElementTree.fromstring(response.content)
        assert root.tag == "errors" and [e.tag for e in root] == ["error"]
        assert children(root[0]) == spec.ERROR and root[0].find("code").text == "404"


def test_another_jurisdiction_is_not_found_and_ours_or_none_is_served(client, settings):
    assert client.get(f"{BASE}/services.json", {"jurisdiction_id": "sfgov.org"}).status_code == 404
    ours = settings.OPEN311_JURISDICTION_ID
    assert client.get(f"{BASE}/services.json", {"jurisdiction_id": ours}).status_code == 200
    assert client.get(f"{BASE}/services.json", {"jurisdiction_id": ""}).status_code == 200


# --- POST requests ------------------------------------------------------------------------------


def good_post(key: str, category, **extra) -> dict:
    data = {
        "api_key": key,
        "service_code": category.code,
        "address_string": "千灯湖社区示例花园",
        "lat": "23.031234",
        "long": "113.151234",
        "description": "地下车库 B 区顶部漏水\n已持续一周。",
        "first_name": "小梅",
        "last_name": "王",
        "phone": "13800009876",
    }
    data.update(extra)
    return data


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_client_with_a_key_creates_a_case_through_the_services(client, fmt):
    api_client, key = i.client_with_key()
    category = f.category("06", "投诉")
    i.attribute(category)
    response = post(client, fmt, **good_post(key, category, **{"attribute[FLOOR]": "B2"}))
    assert response.status_code == 200
    if fmt == "json":
        (answer,) = json.loads(response.content)
        assert set(answer) == spec.POST_RESPONSE and answer["account_id"] is None
        reference = answer["service_request_id"]
    else:
        root = ElementTree.fromstring(response.content)
        assert root.tag == "service_requests" and children(root[0]) == spec.POST_RESPONSE
        reference = root.find("request/service_request_id").text
    case = Case.objects.get(reference=reference)
    assert case.source == Source.API and case.status == Status.RECEIVED
    assert case.category == category and case.reporter_name == "王小梅"
    assert "漏水位置：地下二层" in case.description
    assert ApiSubmission.objects.get(case=case).client == api_client
    assert case.history.first().history_change_reason == "受理"


@pytest.mark.parametrize(
    ("change", "status", "words"),
    [
        ({"api_key": "qd_not-a-key"}, 403, "api_key"),
        ({"api_key": ""}, 403, "api_key"),
        ({"service_code": "99-99"}, 404, "service_code"),
        ({"service_code": ""}, 400, "service_code"),
        ({"attribute[FLOOR]": ""}, 400, "attribute[FLOOR]"),
        ({"attribute[FLOOR]": "B9"}, 400, "attribute[FLOOR]"),
        ({"address_string": "", "lat": "", "long": ""}, 400, "lat"),
        ({"address_string": "", "lat": "north", "long": "1"}, 400, "lat"),
        ({"description": " "}, 400, "description"),
        ({"phone": ""}, 400, "phone"),
        ({"phone": "12345"}, 400, "手机号码"),
        ({"jurisdiction_id": "sfgov.org"}, 404, "jurisdiction_id"),
    ],
)
def test_a_bad_submission_is_refused_with_the_reason_and_creates_nothing(
    client, change, status, words
):
    _api_client, key = i.client_with_key()
    category = f.category("06", "投诉")
    i.attribute(category)
    data = good_post(key, category, **{"attribute[FLOOR]": "B1"})
    data.update(change)
    response = post(client, **data)
    assert response.status_code == status
    (error,) = json.loads(response.content)
    assert error["code"] == status and words in error["description"]
    assert not Case.objects.filter(source=Source.API).exists()


def test_a_revoked_key_stops_working_at_once(client):
    api_client, key = i.client_with_key()
    keys.revoke(api_client, f.user("office"))
    response = post(client, **good_post(key, f.category("06", "投诉")))
    assert response.status_code == 403


def test_a_new_key_replaces_the_old_one_and_only_a_digest_is_kept(client):
    api_client, old = i.client_with_key()
    new = keys.issue(api_client, f.user("office"))
    api_client.refresh_from_db()
    assert old not in (api_client.key_hash, api_client.key_prefix)
    assert new not in (api_client.key_hash, api_client.key_prefix)
    assert post(client, **good_post(old, f.category("06", "投诉"))).status_code == 403
    assert post(client, **good_post(new, f.category("06", "投诉"))).status_code == 200


def test_only_the_committee_office_issues_keys():
    api_client, _key = i.client_with_key()
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        keys.issue(api_client, f.user("worker06"))


def test_too_many_submissions_with_one_key_are_refused_with_429(client):
    _api_client, key = i.client_with_key(per_hour=2)
    category = f.category("06", "投诉")
    assert post(client, **good_post(key, category)).status_code == 200
    assert post(client, **good_post(key, category)).status_code == 200
    response = post(client, **good_post(key, category))
    assert response.status_code == 429
    assert json.loads(response.content)[0]["code"] == 429
    assert Case.objects.filter(source=Source.API).count() == 2
    _other_client, other_key = i.client_with_key(name="另一个客户端", per_hour=2)
    assert post(client, **good_post(other_key, category)).status_code == 200


# --- GET requests -------------------------------------------------------------------------------


def test_requests_map_the_lifecycle_to_open_and_closed_with_the_public_reply(client):
    open_case = f.case_in(Status.IN_PROGRESS)
    resolved = f.case_in(Status.RESOLVED)
    status, rows = get_json(client, "requests")
    assert status == 200
    assert all(set(row) == spec.REQUEST for row in rows)
    by_id = {row["service_request_id"]: row for row in rows}
    assert by_id[open_case.reference]["status"] == "open"
    assert by_id[open_case.reference]["status_notes"] is None
    assert by_id[open_case.reference]["expected_datetime"]
    assert by_id[resolved.reference]["status"] == "closed"
    assert by_id[resolved.reference]["status_notes"] == "已协调物业完成维修，感谢您的反映。"
    assert by_id[resolved.reference]["agency_responsible"] == resolved.studio.name
    assert by_id[resolved.reference]["requested_datetime"].endswith("+08:00")
    status, root = get_xml(client, "requests")
    assert root.tag == "service_requests"
    assert all(item.tag == "request" and children(item) == spec.REQUEST for item in root)


def test_requests_filter_by_service_status_and_dates(client):
    complaint = f.case_in(Status.IN_PROGRESS)
    consultation = f.new_case("06", "咨询")
    done = f.case_in(Status.CLOSED)
    old = f.new_case(received_at=timezone.now() - datetime.timedelta(days=200))

    def ids(**params):
        return {row["service_request_id"] for row in get_json(client, "requests", **params)[1]}

    assert ids() == {complaint.reference, consultation.reference, done.reference}
    assert ids(service_code=consultation.category.code) == {consultation.reference}
    assert ids(status="closed") == {done.reference}
    assert ids(status="open,closed") == ids()
    long_ago = (timezone.now() - datetime.timedelta(days=365)).isoformat()
    assert old.reference in ids(start_date=long_ago)
    end = (timezone.now() - datetime.timedelta(days=100)).isoformat()
    assert ids(start_date=long_ago, end_date=end) == {old.reference}
    assert ids(service_request_id=f"{done.reference},{old.reference}") == {
        done.reference,
        old.reference,
    }


def test_requests_are_paged_with_page_and_page_size(client):
    made = [f.new_case(title=f"第 {n} 件") for n in range(5)]
    newest_first = [c.reference for c in sorted(made, key=lambda c: c.received_at, reverse=True)]
    first = [r["service_request_id"] for r in get_json(client, "requests", page_size=2)[1]]
    third = [r["service_request_id"] for r in get_json(client, "requests", page=3, page_size=2)[1]]
    assert first == newest_first[:2] and third == newest_first[4:]


@pytest.mark.parametrize(
    "params",
    [{"status": "pending"}, {"start_date": "yesterday"}, {"page": "0"}, {"page_size": "x"}],
)
def test_a_bad_filter_is_a_400_naming_it(client, params):
    status, (error,) = get_json(client, "requests", **params)
    assert status == 400 and error["code"] == 400
    assert next(iter(params)) in error["description"]


def test_listing_requests_costs_the_same_queries_for_3_or_30_cases(
    client, django_assert_num_queries
):
    for _n in range(3):
        f.case_in(Status.RESOLVED)
    with django_assert_num_queries(1):
        assert len(get_json(client, "requests")[1]) == 3
    for _n in range(27):
        f.new_case()
    with django_assert_num_queries(1):
        assert len(get_json(client, "requests")[1]) == 30


def test_one_request_by_its_reference_and_an_unknown_one(client):
    case = f.new_case()
    status, (row,) = get_json(client, f"requests/{case.reference}")
    assert status == 200 and row["service_request_id"] == case.reference
    status, root = get_xml(client, f"requests/{case.reference}")
    assert root.find("request/service_request_id").text == case.reference
    status, (error,) = get_json(client, "requests/GC-2000-000000")
    assert status == 404 and error["code"] == 404


def test_mediation_cases_are_never_listed(client):
    case = f.new_case(kind="mediation")
    assert get_json(client, f"requests/{case.reference}")[0] == 404


def test_a_merged_duplicate_says_which_case_it_follows(client):
    merged = f.case_in(Status.MERGED)
    (row,) = get_json(client, f"requests/{merged.reference}")[1]
    assert row["status"] == "closed"
    assert merged.merged_into.reference in row["status_notes"]


def test_no_name_or_phone_leaves_through_any_answer(client):
    """Residents' names and phones (also typed into a title, a description and a reply) appear nowhere."""
    category = f.category("06", "投诉")
    i.attribute(category)
    worker = f.user("worker06")
    case = f.new_case(
        reporter_name="欧阳晓晴",
        reporter_phone="13912345678",
        title="请联系我 13912345678",
        description="我是欧阳晓晴，身份证 440602199001011234，电话 0757-86001234。",
    )
    services.assign(case, worker, assignee=worker)
    services.add_note(case, worker, text="内部：欧阳晓晴情绪激动")
    services.start(case, worker)
    services.resolve(case, worker, reply="已回电 13912345678 说明情况", outcome="已处理")
    _api_client, key = i.client_with_key()
    posted = post(client, **good_post(key, category, **{"attribute[FLOOR]": "B1"}))
    secrets = [
        "欧阳晓晴",
        "13912345678",
        "440602199001011234",
        "86001234",
        "王小梅",
        "13800009876",
        "张小梅",
        "13800001234",
        worker.get_username(),
        "内部",
    ]
    if worker.get_full_name():
        secrets.append(worker.get_full_name())
    answers = [posted.content]
    for fmt in ("json", "xml"):
        for path in (
            "services",
            f"services/{category.code}",
            "requests",
            f"requests/{case.reference}",
        ):
            answers.append(client.get(f"{BASE}/{path}.{fmt}").content)
        answers.append(client.get(f"/open311/discovery.{fmt}").content)
    text = "\n".join(a.decode() for a in answers)
    assert case.reference in text
    assert [s for s in secrets if s in text] == []


def test_a_place_named_or_pointed_at_becomes_the_cases_estate_and_its_point_is_published(client):
    from tests.factories import places as p

    estate = p.estate(latitude="23.031234", longitude="113.151234")
    _api_client, key = i.client_with_key()
    category = f.category("06", "投诉")
    named = post(client, **good_post(key, category, address_string="东二社区示例花园"))
    pointed = post(
        client,
        **good_post(key, category, address_string="", lat="23.0315", long="113.1515"),
    )
    far = post(client, **good_post(key, category, address_string="", lat="23.2", long="113.3"))
    cases = [
        Case.objects.get(reference=json.loads(r.content)[0]["service_request_id"])
        for r in (named, pointed, far)
    ]
    assert [c.estate_id for c in cases] == [estate.pk, estate.pk, None]
    assert cases[2].location_text == "23.200000,113.300000"
    (row,) = get_json(client, f"requests/{cases[0].reference}")[1]
    assert row["address"] == "东二社区 示例花园"
    assert (row["lat"], row["long"]) == (23.031234, 113.151234)
    (row,) = get_json(client, f"requests/{cases[2].reference}")[1]
    assert row["address"] is None and row["lat"] is None
