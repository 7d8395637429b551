"""The evaluation engine's rules: weights and totals on a hand-computed round, locking, versions and
rectification, through the real services and database."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from cms.cases.models import Case, Status
from cms.evaluations import services
from cms.evaluations.case_places import place_of_new_case
from cms.evaluations.models import (
    Grade,
    LockedError,
    RoundState,
    Scheme,
    SchemeInUseError,
    Source,
    SubjectScore,
)
from tests.factories import cases as case_factories
from tests.factories import evaluations as factories
from tests.factories import places
from tests.factories.cases import user

IN_PERIOD = datetime.datetime(2026, 11, 3, 10, tzinfo=datetime.UTC)


@pytest.fixture
def two_estates():
    community = places.community(code="ping-an", name="平安社区")
    rich = places.estate(community, name="评估甲苑", households=200)
    poor = places.estate(community, name="评估乙苑", households=100)
    return rich, poor


def answer(subject, phone: str, value: int) -> None:
    question = subject.round.scheme.criteria.get(source=Source.SURVEY)
    services.submit_survey(subject, phone=phone, answers={question.pk: value})


def property_complaint(estate, received_at=IN_PERIOD, **fields) -> Case:
    return case_factories.new_case(
        "06", received_at=received_at, **place_of_new_case(estate), **fields
    )


@pytest.fixture
def hand_computed_round(two_estates):
    """甲苑: inspection 90, survey 5 and 4 (4.5 → 90), 2 property complaints over 200 households (1 per
    100 → 80): total (40×90 + 30×90 + 30×80) / 100 = 87.00, 良.
    乙苑: inspection 50, survey 2 (→ 40), no property complaint in the period (→ 100):
    total (40×50 + 30×40 + 30×100) / 100 = 62.00, 中."""
    rich, poor = two_estates
    office = user("office")
    evaluated = factories.scoring_round(factories.scheme(), [rich, poor], office)
    property_complaint(rich)
    property_complaint(rich)
    # Not counted: another studio's case, and a property case outside the period.
    case_factories.new_case("01", received_at=IN_PERIOD, **place_of_new_case(poor))
    property_complaint(poor, received_at=datetime.datetime(2026, 9, 30, 10, tzinfo=datetime.UTC))
    subjects = {s.estate: s for s in evaluated.subjects.with_place()}
    answer(subjects[rich], "13800000001", 5)
    answer(subjects[rich], "13800000002", 4)
    answer(subjects[poor], "13800000003", 2)
    factories.score_all(evaluated, user("worker06"), lambda s: 90 if s.estate == rich else 50)
    return evaluated, subjects[rich], subjects[poor]


@pytest.mark.django_db
def test_a_hand_computed_round_gets_its_weighted_totals_grades_and_ranks(hand_computed_round):
    evaluated, rich, poor = hand_computed_round
    services.compute_round(evaluated, user("lead06"))
    rich.refresh_from_db()
    poor.refresh_from_db()
    assert (rich.total, rich.grade, rich.rank, rich.responses) == (
        Decimal("87.00"),
        Grade.GOOD,
        1,
        2,
    )
    assert (poor.total, poor.grade, poor.rank, poor.responses) == (
        Decimal("62.00"),
        Grade.FAIR,
        2,
        1,
    )
    indicator = SubjectScore.objects.get(subject=rich, criterion__source=Source.INDICATOR)
    assert (indicator.raw_value, indicator.score) == (Decimal("1.00"), Decimal("80.00"))
    survey = SubjectScore.objects.get(subject=rich, criterion__source=Source.SURVEY)
    assert (survey.raw_value, survey.score) == (Decimal("4.50"), Decimal("90.00"))


@pytest.mark.django_db
def test_computing_writes_history_with_who_and_why_and_a_second_run_writes_nothing(
    hand_computed_round,
):
    evaluated, rich, _poor = hand_computed_round
    lead = user("lead06")
    services.compute_round(evaluated, lead)
    latest = rich.history.first()
    assert (latest.history_type, latest.history_user, latest.history_change_reason) == (
        "~",
        lead,
        "计算得分",
    )
    count = rich.history.count()
    services.compute_round(evaluated, lead)
    assert rich.history.count() == count


@pytest.mark.django_db
def test_an_unanswered_survey_question_leaves_its_weight_to_the_others(two_estates):
    rich, _poor = two_estates
    evaluated = factories.scoring_round(factories.scheme(), [rich], user("office"))
    factories.score_all(evaluated, user("worker06"), lambda s: 70)
    services.compute_round(evaluated, user("office"))
    subject = evaluated.subjects.get()
    # (40 × 70 + 30 × 100) / 70 = 82.857…
    assert subject.total == Decimal("82.86")


@pytest.mark.django_db
def test_a_round_cannot_finish_while_an_on_site_criterion_is_unscored(two_estates):
    evaluated = factories.scoring_round(factories.scheme(), list(two_estates), user("office"))
    with pytest.raises(services.EvaluationRuleError, match="尚有现场检查指标未评分"):
        services.finish_round(evaluated, user("office"))


@pytest.mark.django_db
def test_finishing_opens_a_rectification_case_for_a_fair_estate_only(hand_computed_round):
    evaluated, rich, poor = hand_computed_round
    services.finish_round(evaluated, user("lead06"))
    rich.refresh_from_db()
    poor.refresh_from_db()
    assert rich.rectification_case is None
    case = poor.rectification_case
    assert case.studio.code == "06"
    assert case.category.name == "物业服务整改"
    assert case.status == Status.RECEIVED
    assert "评估乙苑" in case.title and "示例物业服务有限公司" in case.description


@pytest.mark.django_db
def test_an_estate_without_a_property_company_gets_no_rectification_case(two_estates):
    _rich, poor = two_estates
    poor.property_company = ""
    poor.save()
    evaluated = factories.scoring_round(factories.scheme(), [poor], user("office"))
    factories.score_all(evaluated, user("worker06"), lambda s: 10)
    services.finish_round(evaluated, user("office"))
    subject = evaluated.subjects.get()
    assert subject.grade == Grade.POOR
    assert subject.rectification_case is None


@pytest.mark.django_db
def test_a_finished_round_refuses_every_edit(hand_computed_round):
    evaluated, rich, _poor = hand_computed_round
    services.finish_round(evaluated, user("lead06"))
    evaluated.refresh_from_db()
    assert evaluated.state == RoundState.FINISHED
    score = SubjectScore.objects.filter(subject=rich, criterion__source=Source.INSPECTION).first()
    with pytest.raises(LockedError):
        services.record_score(score, user("worker06"), value=Decimal(100))
    with pytest.raises(LockedError):
        services.compute_round(evaluated, user("office"))
    with pytest.raises(LockedError):
        services.finish_round(evaluated, user("office"))
    with pytest.raises(LockedError):  # even a direct save, below the services
        score.note = "改动"
        score.save()
    with pytest.raises(LockedError):
        evaluated.name = "改名"
        evaluated.save()
    with pytest.raises(services.EvaluationRuleError):
        answer(rich, "13800000009", 5)
    score.refresh_from_db()
    assert score.inspector_score == Decimal("90.00")


@pytest.mark.django_db
def test_a_scheme_in_use_cannot_change_and_a_new_version_copies_it(two_estates):
    scheme = factories.scheme()
    factories.scoring_round(scheme, list(two_estates), user("office"))
    scheme.name = "改名"
    with pytest.raises(SchemeInUseError):
        scheme.save()
    criterion = scheme.criteria.first()
    criterion.weight = 50
    with pytest.raises(SchemeInUseError):
        criterion.save()
    copy = services.new_version(Scheme.objects.get(pk=scheme.pk), user("lead06"))
    assert (copy.name, copy.version) == ("物业服务评估方案", 2)
    assert [(c.name, c.weight) for c in copy.criteria.all()] == [
        ("环境卫生", 40),
        ("居民满意度", 30),
        ("物业类诉求数", 30),
    ]
    criterion = copy.criteria.first()
    criterion.weight = 50
    criterion.save()  # the new version is free to edit


@pytest.mark.django_db
def test_a_round_needs_weights_adding_up_to_100(two_estates):
    scheme = factories.scheme(criteria=[("环境卫生", 60, Source.INSPECTION, "")])
    with pytest.raises(services.EvaluationRuleError, match="必须为 100"):
        factories.scoring_round(scheme, list(two_estates), user("office"))


@pytest.mark.django_db
def test_a_studio_01_worker_cannot_score_studio_06_evaluations(two_estates):
    evaluated = factories.scoring_round(factories.scheme(), list(two_estates), user("office"))
    score = SubjectScore.objects.filter(
        subject__round=evaluated, criterion__source=Source.INSPECTION
    ).first()
    with pytest.raises(PermissionDenied):
        services.record_score(score, user("worker01"), value=Decimal(80))
    with pytest.raises(PermissionDenied):
        services.compute_round(evaluated, user("worker01"))
