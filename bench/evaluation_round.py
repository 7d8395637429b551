"""``compute_round`` on a round of 300 estates with 30,000 residents' survey responses (target ≤ 2 s).

    .venv/bin/python bench/evaluation_round.py      # PostgreSQL qiandeng_evaluations_bench by default

The data is set up in bulk (estates, on-site scores, 30,000 responses with 60,000 answers, 3,000 cases
located at the estates) so that only the computation is timed: the first run writes every score, total,
grade and rank with their history rows; the second finds nothing changed and writes nothing.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qiandeng_evaluations_bench"
)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django  # noqa: E402

django.setup()

import datetime  # noqa: E402
import random  # noqa: E402
from decimal import Decimal  # noqa: E402

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from cms.cases.models import Case, CaseCategory, Status  # noqa: E402
from cms.cases.models import Source as CaseSource  # noqa: E402
from cms.demo import pages  # noqa: E402
from cms.evaluations import services  # noqa: E402
from cms.evaluations.models import (  # noqa: E402
    Criterion,
    Scheme,
    Source,
    SubjectScore,
    SurveyAnswer,
    SurveyResponse,
)
from cms.places.models import Community, Estate  # noqa: E402
from cms.studios.models import Studio  # noqa: E402

ESTATES = 300
RESPONSES = 30_000
CASES = 3_000
CRITERIA = [
    ("环境卫生", 15, Source.INSPECTION, ""),
    ("秩序与安全", 15, Source.INSPECTION, ""),
    ("绿化养护", 10, Source.INSPECTION, ""),
    ("设施设备与电梯", 15, Source.INSPECTION, ""),
    ("收费公开透明", 10, Source.INSPECTION, ""),
    ("投诉处理", 10, Source.SURVEY, "物业对您的投诉、报修处理是否及时？"),
    ("居民满意度", 15, Source.SURVEY, "您对小区物业服务总体是否满意？"),
    ("物业类诉求数", 5, Source.INDICATOR, "property_complaints_per_100_households"),
    ("物业类诉求办结率", 5, Source.INDICATOR, "property_resolution_rate"),
]


def build(rng: random.Random):
    office = get_user_model().objects.get(username="office")
    stamp = time.time_ns() % 10**9
    community = Community.objects.create(code=f"b{stamp}", name=f"基准社区{stamp}")
    estates = Estate.objects.bulk_create(
        Estate(community=community, name=f"基准{n:03d}苑", households=rng.randrange(200, 2000))
        for n in range(ESTATES)
    )
    for estate in estates:
        estate.property_company = "基准物业服务有限公司"
    scheme = Scheme.objects.create(studio=Studio.objects.get(code="06"), name=f"基准方案{stamp}")
    for order, (name, weight, source, extra) in enumerate(CRITERIA):
        Criterion.objects.create(
            scheme=scheme,
            name=name,
            weight=weight,
            source=source,
            question=extra if source == Source.SURVEY else "",
            indicator=extra if source == Source.INDICATOR else "",
            sort_order=order,
        )
    evaluated = services.create_round(
        scheme,
        office,
        name="基准轮次",
        period_start=datetime.date(2026, 10, 1),
        period_end=datetime.date(2026, 12, 31),
    )
    services.add_subjects(evaluated, office, estates)
    evaluated = services.start_scoring(evaluated, office)
    on_site = list(
        SubjectScore.objects.filter(subject__round=evaluated, criterion__source=Source.INSPECTION)
    )
    for score in on_site:
        score.inspector_score = Decimal(rng.randrange(40, 100))
    SubjectScore.objects.bulk_update(on_site, ["inspector_score"], batch_size=1000)
    subjects = list(evaluated.subjects.all())
    questions = list(scheme.criteria.filter(source=Source.SURVEY))
    responses = SurveyResponse.objects.bulk_create(
        (
            SurveyResponse(
                round=evaluated,
                subject=subjects[n % ESTATES],
                phone_hash=services.phone_hash(evaluated.pk, f"139{n:08d}"),
            )
            for n in range(RESPONSES)
        ),
        batch_size=2000,
    )
    SurveyAnswer.objects.bulk_create(
        (
            SurveyAnswer(response=r, criterion=q, value=rng.randint(1, 5))
            for r in responses
            for q in questions
        ),
        batch_size=5000,
    )
    category = CaseCategory.objects.get(studio__code="06", name="投诉")
    now = timezone.make_aware(datetime.datetime(2026, 11, 15, 10))
    cases = []
    for n in range(CASES):
        estate = estates[n % ESTATES]
        cases.append(
            Case(
                reference=f"B{stamp}-{n}",
                retrieval_code_hash="x",
                studio_id=category.studio_id,
                category=category,
                source=CaseSource.PHONE,
                reporter_name="基准",
                reporter_phone="13800000000",
                title="基准诉求",
                description="基准",
                priority="normal",
                status=rng.choice([Status.RECEIVED, Status.RESOLVED, Status.CLOSED]),
                received_at=now,
                first_contact_due=now,
                handling_due=now,
                estate=estate,
                community=community,
            )
        )
    Case.objects.bulk_create(cases, batch_size=1000)
    return evaluated, office


def main() -> None:
    call_command("migrate", verbosity=0)
    pages.load_pages()
    pages.load_users()
    rng = random.Random(7)
    with transaction.atomic():
        evaluated, office = build(rng)
    print(f"{connection.vendor}: {ESTATES} estates, {RESPONSES} responses, {CASES} cases")
    for label in ("first compute (writes all)", "second compute (nothing changed)"):
        start = time.perf_counter()
        services.compute_round(evaluated, office)
        print(f"{label}: {time.perf_counter() - start:.2f} s")


if __name__ == "__main__":
    main()
