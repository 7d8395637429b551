"""Residents submit an issue without an account and follow it by reference and retrieval code."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.cases import services
from cms.cases.models import Case, Satisfaction, Source, Status
from tests.core.test_uploads import png_bytes
from tests.factories import cases as f
from tests.factories import places as p


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path


def form(**overrides) -> dict:
    data = {
        "category": f.category("06", "投诉").pk,
        "place": "other",
        "address": "千灯湖示例花园",
        "title": "小区路灯不亮",
        "description": "5 栋门前路灯坏了一个月。",
        "reporter_name": "陈阿姨",
        "reporter_phone": "１３８ ０００１ ２３４５",
        "contact_time": "工作日晚上",
        "consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def submit(client, **overrides):
    return client.post(reverse("case_submit"), form(**overrides))


@pytest.mark.django_db
def test_a_resident_submits_and_gets_a_reference_and_code(client):
    response = submit(client)
    html = response.content.decode()
    case = Case.objects.get(title="小区路灯不亮")
    assert case.source == Source.ONLINE and case.status == Status.RECEIVED
    assert case.reporter_phone == "13800012345" and case.contact_time == "工作日晚上"
    code = re.search(r'<output id="code">(\w+)</output>', html).group(1)
    assert case.retrieval_code_hash == services.hash_retrieval_code(code)
    assert case.reference in html and "前与您联系" in html
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("reporter_phone", "12345", "请填写正确的手机号码"),
        ("title", "", "必需字段"),
        ("title", "长" * 101, "100"),
        ("consent", "", "必需字段"),
        ("category", "999999", "请从列表中选择工作室和诉求类别"),
        ("category", "", "必需字段"),
        ("place", "e999999", "请从列表中选择所在社区和小区"),
        ("place", "", "必需字段"),
        ("address", "", "选择“其他/不确定”时，请填写详细地址"),
    ],
)
def test_bad_input_is_refused_in_chinese_and_nothing_is_lost(client, field, value, message):
    response = submit(client, **{field: value})
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "5 栋门前路灯坏了一个月。" in html
    assert not Case.objects.filter(title="小区路灯不亮").exists()


@pytest.mark.django_db
def test_photos_are_kept_privately_and_fakes_refused_with_a_note(client):
    fake = SimpleUploadedFile("路灯.jpg", b"MZ\x90\x00 program")
    html = client.post(reverse("case_submit"), {**form(), "files": [fake]}).content.decode()
    assert "不是可接受的图片或 PDF" in html and "已选择的文件没有保留" in html
    photo = SimpleUploadedFile("路灯.png", png_bytes())
    client.post(reverse("case_submit"), {**form(), "files": [photo]})
    assert Case.objects.get(title="小区路灯不亮").attachments.get().content_type == "image/png"


@pytest.mark.django_db
def test_more_than_three_files_are_refused(client):
    files = [SimpleUploadedFile(f"{n}.png", png_bytes()) for n in range(4)]
    html = client.post(reverse("case_submit"), {**form(), "files": files}).content.decode()
    assert "最多上传 3 个文件" in html


@pytest.mark.django_db
def test_the_honeypot_keeps_nothing(client):
    response = submit(client, website="http://spam.example")
    assert response.status_code == 200
    assert not Case.objects.filter(title="小区路灯不亮").exists()


@pytest.mark.django_db
def test_submissions_are_rate_limited(client):
    for n in range(10):
        assert submit(client, title="限流测试", reporter_phone=f"1380000{n:04d}").status_code == 200
    response = submit(client, title="限流测试", reporter_phone="13900000000")
    assert response.status_code == 429
    assert "请稍后再试" in response.content.decode()


@pytest.mark.django_db
def test_studio_preselection_limits_the_categories(client):
    html = client.get(reverse("case_submit"), {"studio": "06"}).content.decode()
    assert '<optgroup label="红色业委会工作室">' in html
    assert "城乡融合发展工作室" not in html


def online_case():
    """A case submitted online; returns it with its retrieval code."""
    return services.submit_online(
        category=f.category("06"),
        location_text="示例花园",
        reporter_name="陈阿姨",
        reporter_phone="13800012345",
        title="路灯",
        description="路灯坏了",
    )


def lookup(client, reference, code, **extra):
    return client.post(reverse("case_status"), {"reference": reference, "code": code, **extra})


@pytest.mark.django_db
def test_status_page_shows_progress_and_replies_but_no_personal_data(client):
    case, code = online_case()
    worker = f.user("worker06")
    case = services.assign(case, worker, assignee=worker)
    services.add_note(case, worker, text="内部：物业经理电话 13911112222")
    case = services.start(case, worker)
    services.resolve(case, worker, reply="路灯已更换。", outcome="更换灯泡")
    html = lookup(client, case.reference, code).content.decode()
    assert "已办结" in html and "路灯已更换。" in html and "红色业委会工作室" in html
    staff = ("worker06", worker.first_name)
    for secret in ("陈阿姨", "13800012345", "0001****2345", "13911112222", *staff, "更换灯泡"):
        assert secret not in html


@pytest.mark.django_db
def test_wrong_code_wrong_and_unknown_reference_get_the_same_answer(client):
    case, code = online_case()
    answers = {
        lookup(client, case.reference, "WRONGCOD").content.decode(),
        lookup(client, "GC-2026-000000", code).content.decode(),
        lookup(client, "nonsense", "x").content.decode(),
    }
    cleaned = {re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", a) for a in answers}
    cleaned = {re.sub(r'value="[^"]*"', "", a) for a in cleaned}
    assert len(cleaned) == 1
    assert "没有找到与该编号和查询码相符的诉求" in cleaned.pop()


@pytest.mark.django_db
def test_lookups_are_rate_limited(client):
    for _ in range(30):
        lookup(client, "GC-2026-000000", "AAAAAAAA")
    assert lookup(client, "GC-2026-000000", "AAAAAAAA").status_code == 429


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("rating", "status"),
    [(Satisfaction.SATISFIED, Status.FOLLOWED_UP), (Satisfaction.DISSATISFIED, Status.IN_PROGRESS)],
)
def test_feedback_once_and_dissatisfied_reopens(client, rating, status):
    case, code = online_case()
    worker = f.user("worker06")
    case = services.start(services.assign(case, worker, assignee=worker), worker)
    services.resolve(case, worker, reply="已处理。", outcome="已处理")
    assert "您对办理结果的评价" in lookup(client, case.reference, code).content.decode()
    lookup(client, case.reference, code, satisfaction=rating, comment="谢谢")
    case.refresh_from_db()
    assert case.status == status and case.satisfaction == rating
    html = lookup(
        client, case.reference, code, satisfaction=Satisfaction.SATISFIED
    ).content.decode()
    case.refresh_from_db()
    assert case.status == status
    assert "您对办理结果的评价" not in html


@pytest.mark.django_db
def test_an_unsure_resident_leaves_routing_to_the_committee_office(client):
    html = submit(client, category="unsure").content.decode()
    case = Case.objects.get(title="小区路灯不亮")
    assert case.status == Status.AWAITING_ROUTING and case.studio is None
    assert "待委员会办公室分派" in html


@pytest.mark.django_db
def test_a_service_page_link_preselects_its_studio_and_category(client):
    from cms.cases.models import CaseCategory
    from cms.studios.models import ServicePage

    service = ServicePage.objects.get(url_path__endswith="/studio-06/services/service-1/")
    link = f'href="/issues/new/?service={service.pk}"'
    assert link in client.get("/studio-06/services/service-1/").content.decode()
    html = client.get(reverse("case_submit"), {"service": service.pk}).content.decode()
    assert "提交给：红色业委会工作室" in html and "城乡融合发展工作室" not in html
    category = CaseCategory.objects.get(studio__code="06", name="求助")
    category.service = service
    category.save()
    html = client.get(reverse("case_submit"), {"service": service.pk}).content.decode()
    assert f'<option value="{category.pk}" selected>求助</option>' in html
    assert client.get(reverse("case_submit"), {"service": "abc"}).status_code == 200


@pytest.mark.django_db
def test_the_form_offers_estates_grouped_by_community_without_javascript(client):
    dong_er = p.community("dong-er", "东二社区", sort_order=1)
    garden = p.estate(dong_er, "示例花园")
    p.estate(dong_er, "停用小区", active=False)
    html = client.get(reverse("case_submit"), {"topic": "other"}).content.decode()
    group = re.search(r'<optgroup label="东二社区">(.*?)</optgroup>', html, re.S).group(1)
    assert f'<option value="e{garden.pk}">示例花园</option>' in group
    assert f'<option value="c{dong_er.pk}">东二社区 · 其他小区</option>' in group
    assert "停用小区" not in html
    assert '<option value="other">其他/不确定</option>' in html


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("choice", "address", "expected"),
    [
        ("estate", "", ("东二社区", "示例花园", "")),
        ("estate", "3 座 1201", ("东二社区", "示例花园", "3 座 1201")),
        ("community", "新建楼盘", ("东二社区", None, "新建楼盘")),
        ("other", "千灯湖畔某大厦", (None, None, "千灯湖畔某大厦")),
    ],
)
def test_a_resident_locates_the_issue_at_an_estate_a_community_or_an_address(
    client, choice, address, expected
):
    dong_er = p.community("dong-er", "东二社区")
    garden = p.estate(dong_er, "示例花园")
    place = {"estate": f"e{garden.pk}", "community": f"c{dong_er.pk}", "other": "other"}[choice]
    submit(client, place=place, address=address)
    case = Case.objects.select_related("community", "estate").get(title="小区路灯不亮")
    community, estate = case.community, case.estate
    assert (
        community and community.name,
        estate and estate.name,
        case.location_text,
    ) == tuple(v if v is not None else None for v in expected)


@pytest.mark.django_db
def test_the_places_add_no_query_to_a_submission_once_cached(client):
    dong_er = p.community("dong-er", "东二社区")
    garden = p.estate(dong_er, "示例花园")
    client.get(reverse("case_submit"), {"topic": "other"})  # warms the categories and places
    submit(client, title="第一次")  # and whatever a first submission reads once
    with CaptureQueriesContext(connection) as with_address:
        submit(client, title="按地址")
    with CaptureQueriesContext(connection) as with_estate:
        submit(client, title="按小区", place=f"e{garden.pk}", address="")
    assert len(with_estate) == len(with_address)
    assert Case.objects.get(title="按小区").estate_id == garden.pk
