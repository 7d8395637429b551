"""Schemes and rounds built through the evaluation services; shared by the tests and the benchmark."""

import datetime
from decimal import Decimal

from cms.evaluations import services
from cms.evaluations.models import Criterion, Round, Scheme, Source, SubjectKind
from cms.studios.models import Studio

PERIOD = (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))


def scheme(
    studio_code: str = "06",
    name: str = "物业服务评估方案",
    kind: str = SubjectKind.ESTATE,
    criteria: list[tuple] | None = None,
) -> Scheme:
    """``criteria``: (name, weight, source, question or indicator name)."""
    made = Scheme.objects.create(
        studio=Studio.objects.get(code=studio_code), name=name, subject_kind=kind
    )
    criteria = criteria or [
        ("环境卫生", 40, Source.INSPECTION, ""),
        ("居民满意度", 30, Source.SURVEY, "您对小区物业服务总体是否满意？"),
        ("物业类诉求数", 30, Source.INDICATOR, "property_complaints_per_100_households"),
    ]
    for order, (title, weight, source, extra) in enumerate(criteria):
        Criterion.objects.create(
            scheme=made,
            name=title,
            weight=weight,
            source=source,
            question=extra if source == Source.SURVEY else "",
            indicator=extra if source == Source.INDICATOR else "",
            sort_order=order,
        )
    return made


def scoring_round(
    of_scheme: Scheme, places, user, name: str = "2026 年第四季度", period=PERIOD
) -> Round:
    """A round of ``places`` in the scoring state."""
    made = services.create_round(
        of_scheme, user, name=name, period_start=period[0], period_end=period[1]
    )
    services.add_subjects(made, user, places)
    return services.start_scoring(made, user)


def score_all(evaluated: Round, user, value_for) -> None:
    """Scores every on-site criterion of every subject with ``value_for(subject)``."""
    for subject in evaluated.subjects.with_place():
        for score in subject.scores.filter(criterion__source=Source.INSPECTION):
            services.record_score(score, user, value=Decimal(value_for(subject)), note="现场检查")
