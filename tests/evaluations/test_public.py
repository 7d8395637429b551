"""The residents' survey page (/s/<code>/): answers on a plain form, one response per phone per round,
no phone kept, Chinese messages, and the rate limit."""

import re

import pytest
from django.urls import reverse

from cms.evaluations import services
from cms.evaluations.models import Source, SurveyAnswer, SurveyResponse
from tests.factories import evaluations as factories
from tests.factories import places
from tests.factories.cases import user

PHONE = "13912345678"


@pytest.fixture
def subject():
    estate = places.estate(places.community(code="wen-han", name="文翰社区"), name="问卷花园")
    evaluated = factories.scoring_round(factories.scheme(), [estate], user("office"))
    return evaluated.subjects.get()


def post_survey(client, subject, phone=PHONE, value=4, **extra):
    question = subject.round.scheme.criteria.get(source=Source.SURVEY)
    data = {"phone": phone, f"q{question.pk}": value, **extra}
    return client.post(reverse("evaluation_survey", args=(subject.survey_code,)), data)


@pytest.mark.django_db
def test_a_resident_answers_the_survey_by_its_short_code(client, subject):
    page = client.get(f"/s/{subject.survey_code.lower()}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "您对小区物业服务总体是否满意？" in html and 'type="radio"' in html
    assert "<script" not in html.split("<main", 1)[-1]  # the form needs no JavaScript
    assert page["Cache-Control"].startswith("max-age=0") or "no-store" in page["Cache-Control"]
    response = post_survey(client, subject, phone="139 1234 5678")
    assert "提交成功" in response.content.decode()
    answer = SurveyAnswer.objects.get(response__subject=subject)
    assert answer.value == 4


@pytest.mark.django_db
def test_one_response_per_phone_per_round_and_the_phone_is_not_kept(client, subject):
    post_survey(client, subject)
    again = post_survey(client, subject, phone="+86 139-1234-5678", value=1)
    assert "该手机号码已参加过本轮问卷调查" in again.content.decode()
    assert SurveyResponse.objects.filter(subject=subject).count() == 1
    response = SurveyResponse.objects.get(subject=subject)
    assert response.phone_hash == services.phone_hash(subject.round_id, PHONE)
    stored = [str(v) for v in SurveyResponse.objects.values_list().get()]
    stored += [str(v) for row in SurveyResponse.history.values_list() for v in row]
    assert not any(PHONE in value or PHONE[-4:] in value for value in stored)


@pytest.mark.django_db
def test_the_same_phone_hashes_differently_in_another_round(subject):
    assert services.phone_hash(subject.round_id, PHONE) != services.phone_hash(
        subject.round_id + 1, PHONE
    )


@pytest.mark.django_db
def test_a_bad_phone_or_a_missing_answer_is_refused_in_chinese_and_the_answers_stay(
    client, subject
):
    question = subject.round.scheme.criteria.get(source=Source.SURVEY)
    response = post_survey(client, subject, phone="12345")
    html = response.content.decode()
    assert "请填写正确的手机号码" in html
    assert re.search(rf'<input[^>]*name="q{question.pk}"[^>]*value="4"[^>]*checked', html)
    missing = client.post(
        reverse("evaluation_survey", args=(subject.survey_code,)), {"phone": PHONE}
    )
    assert "请选择您的评价" in missing.content.decode()
    assert not SurveyResponse.objects.exists()


@pytest.mark.django_db
def test_the_survey_is_closed_outside_scoring(client, subject):
    factories.score_all(subject.round, user("worker06"), lambda s: 80)
    services.finish_round(subject.round, user("office"))
    response = post_survey(client, subject)
    assert "本轮问卷调查未开放或已结束" in response.content.decode()
    assert not SurveyResponse.objects.exists()


@pytest.mark.django_db
def test_the_survey_is_rate_limited_per_client(client, subject):
    for n in range(20):
        post_survey(client, subject, phone=f"139000000{n:02d}")
    assert post_survey(client, subject, phone="13700000000").status_code == 429
    assert SurveyResponse.objects.count() == 20


@pytest.mark.django_db
def test_an_unknown_code_is_not_found(client):
    assert client.get("/s/NOPE42/").status_code == 404
