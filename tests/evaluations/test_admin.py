"""The evaluations admin: isolation between studios (by URL too), the inspectors' scoring page with a
photo, the round's actions, and a finished round that offers no edit."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from cms.core.admin import admin_url
from cms.evaluations.models import Round, RoundState, ScorePhoto, Source, SubjectScore
from tests.conftest import login
from tests.factories import evaluations as factories
from tests.factories import places
from tests.factories.cases import user


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(buffer, "JPEG")
    return buffer.getvalue()


@pytest.fixture
def round_06():
    estate = places.estate(places.community(code="nan-ping", name="南平社区"), name="管理花园")
    return factories.scoring_round(factories.scheme(), [estate], user("office"))


def object_urls(evaluated: Round) -> list[str]:
    subject = evaluated.subjects.get()
    return [
        admin_url(evaluated, "inspect"),
        admin_url(evaluated, "edit"),
        admin_url(evaluated.scheme, "inspect"),
        admin_url(evaluated.scheme.criteria.first(), "inspect"),
        reverse("evaluations_score", args=(subject.pk,)),
    ]


@pytest.mark.django_db
def test_a_studio_01_worker_cannot_open_studio_06_evaluations(client, round_06):
    login(client, "worker01")
    for url in object_urls(round_06):
        response = client.get(url)
        assert response.status_code in (302, 403, 404), url
        assert "管理花园" not in response.content.decode()
    listing = client.get(admin_url(Round))
    assert "2026 年第四季度" not in listing.content.decode()
    refused = client.post(reverse("evaluations_round_action", args=(round_06.pk, "compute")))
    assert refused.status_code == 404
    round_06.refresh_from_db()
    assert round_06.computed_at is None


@pytest.mark.django_db
@pytest.mark.parametrize("username", ["office", "lead06", "worker06"])
def test_the_committee_office_and_studio_06_open_its_evaluations(client, round_06, username):
    login(client, username)
    for url in object_urls(round_06):
        assert client.get(url).status_code == 200, url
    assert "2026 年第四季度" in client.get(admin_url(Round)).content.decode()


@pytest.mark.django_db
def test_an_inspector_scores_an_estate_with_a_note_and_a_photo(client, round_06):
    subject = round_06.subjects.get()
    score = SubjectScore.objects.get(subject=subject, criterion__source=Source.INSPECTION)
    prefix = f"c{score.criterion_id}"
    login(client, "worker06")
    url = reverse("evaluations_score", args=(subject.pk,))
    refused = client.post(url, {f"{prefix}-score": "120", f"{prefix}-note": "地面有垃圾"})
    assert "评分须在 0 至 100 分之间" in refused.content.decode()
    assert "地面有垃圾" in refused.content.decode()  # nothing typed is lost
    photo = SimpleUploadedFile("site.jpg", jpeg(), content_type="image/jpeg")
    response = client.post(
        url, {f"{prefix}-score": "85.5", f"{prefix}-note": "楼道整洁", f"{prefix}-photo": photo}
    )
    assert response.status_code == 302
    score.refresh_from_db()
    assert (score.inspector_score, score.note, score.scored_by.username) == (
        Decimal("85.50"),
        "楼道整洁",
        "worker06",
    )
    assert score.history.first().history_change_reason == "现场检查评分"
    stored = ScorePhoto.objects.get(score=score)
    assert stored.content_type == "image/jpeg"
    assert client.get(reverse("evaluations_photo", args=(stored.pk,))).status_code == 200
    login(client, "worker01")
    assert client.get(reverse("evaluations_photo", args=(stored.pk,))).status_code in (302, 403)


@pytest.mark.django_db
def test_a_renamed_executable_is_refused_as_a_photo(client, round_06):
    subject = round_06.subjects.get()
    score = SubjectScore.objects.get(subject=subject, criterion__source=Source.INSPECTION)
    prefix = f"c{score.criterion_id}"
    login(client, "worker06")
    fake = SimpleUploadedFile("site.jpg", b"MZ\x90\x00not an image", content_type="image/jpeg")
    response = client.post(
        reverse("evaluations_score", args=(subject.pk,)),
        {f"{prefix}-score": "80", f"{prefix}-photo": fake},
    )
    assert "不是可接受的图片或 PDF" in response.content.decode()
    assert not ScorePhoto.objects.exists()


@pytest.mark.django_db
def test_the_office_computes_and_finishes_a_round_and_then_it_offers_no_edit(client, round_06):
    # (40 × 95 + 30 × 100 for no property complaint) / 70, the unanswered survey's weight left out
    factories.score_all(round_06, user("worker06"), lambda s: 95)
    login(client, "office")
    for action in ("compute", "finish"):
        response = client.post(reverse("evaluations_round_action", args=(round_06.pk, action)))
        assert response.status_code == 302
    round_06.refresh_from_db()
    assert round_06.state == RoundState.FINISHED
    subject = round_06.subjects.get()
    assert (subject.total, subject.grade, subject.rank) == (Decimal("97.14"), "excellent", 1)
    page = client.get(admin_url(round_06, "inspect")).content.decode()
    assert "编辑轮次与分数线" not in page and "提交结果公示" in page
    edit = client.post(admin_url(round_06, "edit"), {"name": "改名"})
    assert edit.status_code == 302
    round_06.refresh_from_db()
    assert round_06.name == "2026 年第四季度"
    score_page = client.post(reverse("evaluations_score", args=(subject.pk,)), {})
    assert "该评估轮次不在评分中" in score_page.content.decode()


@pytest.mark.django_db
def test_a_scheme_in_use_offers_no_edit_but_a_new_version(client, round_06):
    login(client, "lead06")
    scheme = round_06.scheme
    page = client.get(admin_url(scheme, "inspect")).content.decode()
    assert "不能再修改" in page
    assert client.get(admin_url(scheme, "edit")).status_code == 302
    response = client.post(reverse("evaluations_scheme_new_version", args=(scheme.pk,)))
    assert response.status_code == 302
    assert scheme.studio.evaluation_schemes.filter(name=scheme.name, version=2).exists()


@pytest.mark.django_db
def test_a_round_is_created_in_the_admin_only_with_weights_adding_up_to_100(client):
    login(client, "lead06")
    scheme = factories.scheme(criteria=[("环境卫生", 60, Source.INSPECTION, "")])
    data = {
        "scheme": scheme.pk,
        "name": "2027 年第一季度",
        "period_start": "2027-01-01",
        "period_end": "2027-03-31",
        "excellent_from": "90",
        "good_from": "75",
        "fair_from": "60",
    }
    response = client.post(admin_url(Round, "create"), data)
    assert "必须为 100" in response.content.decode()
    assert not Round.objects.exists()
