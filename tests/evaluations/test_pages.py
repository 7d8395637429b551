"""The public results of a round: created in draft and put through the "三审" review by the office, live
only after the studio lead and the committee office approve; grades and ranks, never notes or survey
answers; a line per estate over the published rounds; a constant number of queries however many estates."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.evaluations import services
from cms.evaluations.models import EvaluationResultsPage, Source
from cms.studios.models import StudioPage
from tests.conftest import login
from tests.factories import evaluations as factories
from tests.factories import places
from tests.factories.cases import user
from tests.studios.test_workflow import approve, current_task

NOTE = "东门岗亭无人值守"


def finished_round(estates, name="2026 年第四季度", period=factories.PERIOD, scheme=None, score=88):
    office = user("office")
    evaluated = factories.scoring_round(
        scheme or factories.scheme(), estates, office, name=name, period=period
    )
    for subject in evaluated.subjects.all():
        question = evaluated.scheme.criteria.get(source=Source.SURVEY)
        services.submit_survey(
            subject, phone=f"138{subject.pk:08d}"[-11:], answers={question.pk: 3}
        )
    for subject in evaluated.subjects.with_place():
        for item in subject.scores.filter(criterion__source=Source.INSPECTION):
            value = score(subject) if callable(score) else score
            services.record_score(item, user("worker06"), value=value, note=NOTE)
    return services.finish_round(evaluated, office)


def go_live(evaluated) -> EvaluationResultsPage:
    page = services.publish_round(evaluated, user("office"))
    page.get_latest_revision().publish()
    page.refresh_from_db()
    return page


@pytest.fixture
def estates():
    community = places.community(code="gui-yuan", name="桂园社区")
    return [places.estate(community, name=f"公示{n}号花园") for n in range(3)]


@pytest.mark.django_db
def test_the_office_publishes_results_through_the_three_step_review(client, estates):
    evaluated = finished_round(estates, score=lambda s: 95 if s.estate == estates[0] else 70)
    page = services.publish_round(evaluated, user("office"))
    assert isinstance(page.get_parent().specific, StudioPage)
    assert page.get_parent().specific.studio.code == "06"
    assert not page.live and current_task(page) == "工作室负责人审核"
    assert client.get(page.url).status_code == 404

    login(client, "lead01")  # another studio's lead cannot approve it
    approve(client, page)
    assert current_task(page) == "工作室负责人审核"
    login(client, "lead06")
    approve(client, page)
    assert current_task(page) == "委员会办公室审核"
    login(client, "office")
    approve(client, page)
    page.refresh_from_db()
    assert page.live

    client.logout()
    html = client.get(page.url).content.decode()
    assert "公示0号花园" in html and "优" in html and "中" in html
    assert NOTE not in html and "一般" not in html  # no inspector's note, no survey answer
    assert "<svg" in html and "<script" not in html.split("<main", 1)[-1]


@pytest.mark.django_db
def test_a_round_is_published_once_and_only_when_finished(estates):
    office = user("office")
    draft = factories.scoring_round(factories.scheme(), estates, office)
    with pytest.raises(services.EvaluationRuleError, match="完成后才能公示"):
        services.publish_round(draft, office)
    evaluated = finished_round(
        estates,
        name="2027 年第一季度",
        scheme=draft.scheme,
        period=(datetime.date(2027, 1, 1), datetime.date(2027, 3, 31)),
    )
    services.publish_round(evaluated, office)
    with pytest.raises(services.EvaluationRuleError, match="已创建"):
        services.publish_round(evaluated, office)


@pytest.mark.django_db
def test_the_next_round_shows_each_estates_change_and_its_line_over_rounds(client, estates):
    first = finished_round(estates, score=60)
    go_live(first)
    second = finished_round(
        estates,
        name="2027 年第一季度",
        period=(datetime.date(2027, 1, 1), datetime.date(2027, 3, 31)),
        scheme=first.scheme,
        score=80,
    )
    page = go_live(second)
    html = client.get(page.url).content.decode()
    # 60 → 80 on the on-site criterion (weight 40 of 100): the total rises by 8.00
    assert "↑ +8.00" in html
    assert html.count("<polyline") == len(estates)
    poor = first.subjects.exclude(rectification_case=None).count()
    assert poor == len(estates)  # 60 on site, 60 in the survey, 100 indicator: 68, 中


def build_published_round(size: int) -> EvaluationResultsPage:
    community = places.community(code=f"size-{size}", name=f"规模{size}社区")
    estates = [places.estate(community, name=f"规模{size}·{n}苑") for n in range(size)]
    scheme = factories.scheme(name=f"规模{size}方案")
    return go_live(finished_round(estates, scheme=scheme))


def queries_to_render(client, page) -> int:
    client.get(page.url)  # the first render warms per-process lookups; measure the steady state
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page.url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_the_results_page_renders_with_the_same_number_of_queries_for_10_and_300_estates(
    client, settings
):
    settings.PAGE_CACHE_SECONDS = 0  # the queries of a real render, which every cache miss pays
    small = queries_to_render(client, build_published_round(10))
    large_page = build_published_round(300)
    large = queries_to_render(client, large_page)
    assert small == large
    assert large <= 12


@pytest.mark.django_db
def test_an_evaluation_results_page_lives_only_under_a_studio_page():
    assert EvaluationResultsPage.allowed_parent_page_models() == [StudioPage]
    assert EvaluationResultsPage in StudioPage.allowed_subpage_models()
    assert not EvaluationResultsPage.allowed_subpage_models()


@pytest.mark.django_db
def test_the_studio_page_lists_its_latest_published_results(client, estates, settings):
    settings.PAGE_CACHE_SECONDS = 0
    studio_page = StudioPage.objects.get(studio__code="06")
    assert 'id="evaluation-results"' not in client.get(studio_page.url).content.decode()
    page = go_live(finished_round(estates, score=95))
    html = client.get(studio_page.url).content.decode()
    assert page.title in html and "公示0号花园" in html
    client.get(studio_page.url)
    with CaptureQueriesContext(connection) as queries:
        client.get(studio_page.url)
    assert not any("evaluations_" in q["sql"] for q in queries.captured_queries)
