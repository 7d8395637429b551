"""Every change to schemes, rounds, scores and survey responses: one function per change, in a transaction
with the round row locked, recorded in the history with who and why. The admin views, the public survey
form, the demo and the tests call these; the rules live nowhere else.

A round goes draft → scoring → finished (locked). ``compute_round`` fills the computed scores, totals, grades
and ranks; ``finish_round`` computes once more, opens rectification cases and locks the round;
``publish_round`` puts the results through the "三审" review.
"""

from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Avg, Count
from django.dispatch import Signal
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from cms.cases import services as case_services
from cms.cases.models import CaseCategory
from cms.cases.models import Source as CaseSource
from cms.core import history, identifiers, privacy, uploads
from cms.core.access import MANAGE_EVALUATIONS, can
from cms.evaluations import bulk, indicators
from cms.evaluations.case_places import place_of_new_case
from cms.evaluations.models import (
    PLACE_KINDS,
    Criterion,
    EvaluationResultsPage,
    LockedError,
    Round,
    RoundState,
    Scheme,
    ScorePhoto,
    Source,
    Subject,
    SubjectKind,
    SubjectScore,
    SurveyAnswer,
    SurveyChoice,
    SurveyResponse,
)
from cms.evaluations.models.rounds import NEEDS_RECTIFICATION
from cms.studios.models import StudioPage

SURVEY_CODE_LENGTH = 6
CENT = Decimal("0.01")
HUNDRED = Decimal(100)


class EvaluationRuleError(ValidationError):
    """A change the rules refuse; the message is for the person who asked for it."""


# Sent inside ``finish_round``'s transaction with ``round`` (locked, its subjects' totals and grades final)
# and ``user``: apps that evaluate their own records as named subjects (``cms.projects``) keep the result.
round_finished = Signal()


# --- schemes ----------------------------------------------------------------------------------


def new_version(scheme: Scheme, user) -> Scheme:
    """A copy of ``scheme`` as its next version (same name, criteria copied), free to edit."""
    _require(user, scheme.studio_id)
    with transaction.atomic():
        latest = (
            Scheme.objects.select_for_update()
            .filter(studio_id=scheme.studio_id, name=scheme.name)
            .order_by("-version")
            .first()
        )
        copy = Scheme(
            studio_id=scheme.studio_id,
            name=scheme.name,
            version=latest.version + 1,
            subject_kind=scheme.subject_kind,
            description=scheme.description,
        )
        history.save(copy, user, _("由第 %(version)s 版生成新版本") % {"version": scheme.version})
        for criterion in scheme.criteria.all():
            new = Criterion(
                scheme=copy,
                name=criterion.name,
                weight=criterion.weight,
                source=criterion.source,
                guidance=criterion.guidance,
                question=criterion.question,
                indicator=criterion.indicator,
                sort_order=criterion.sort_order,
            )
            history.save(new, user, _("复制指标"))
    return copy


# --- rounds -----------------------------------------------------------------------------------


def create_round(
    scheme: Scheme, user, *, name: str, period_start, period_end, **thresholds
) -> Round:
    """A draft round of ``scheme``; its weights must add up to 100."""
    _require(user, scheme.studio_id)
    problem = scheme.weight_problem()
    if problem:
        raise EvaluationRuleError(problem)
    if scheme.subject_kind not in PLACE_KINDS and any(
        c.source == Source.INDICATOR for c in scheme.criteria.all()
    ):
        raise EvaluationRuleError(
            _("系统数据指标按场所统计诉求，只能用于小区或社区/村的评估方案。")
        )
    evaluated = Round(
        scheme=scheme, name=name, period_start=period_start, period_end=period_end, **thresholds
    )
    evaluated.full_clean()
    history.save(evaluated, user, _("创建评估轮次"))
    return evaluated


def add_subjects(evaluated: Round, user, places) -> list[Subject]:
    """Adds estates (or communities, per the scheme) to a draft round, each with its score rows and survey
    code; places already in the round are skipped."""
    with transaction.atomic():
        locked = _locked_round(evaluated, user)
        if locked.state != RoundState.DRAFT:
            raise EvaluationRuleError(_("只有草稿状态的评估轮次可以添加评估对象。"))
        kind = locked.scheme.subject_kind
        if kind not in PLACE_KINDS:
            raise EvaluationRuleError(_("该评估方案的对象不是场所，请从对象所在的台账加入。"))
        present = set(locked.subjects.values_list(f"{kind}_id", flat=True))
        added = []
        for place in places:
            if place.pk in present:
                continue
            subject = Subject(round=locked, kind=kind, **{kind: place})
            history.mark(subject, user, _("加入评估对象"))
            identifiers.save_with_unique(
                subject, "survey_code", lambda: identifiers.random_code(SURVEY_CODE_LENGTH)
            )
            added.append(subject)
        criteria = list(locked.scheme.criteria.all())
        bulk_create_with_history(
            [SubjectScore(subject=s, criterion=c) for s in added for c in criteria],
            SubjectScore,
            default_user=user,
            default_change_reason=_("加入评估对象"),
        )
    return added


def add_named_subject(evaluated: Round, user, *, key: str, label: str) -> Subject:
    """Adds a record of another app (a project: ``key`` "project:12", ``label`` its name) to a draft round
    of a scheme over such records, with its score rows and survey code; the app keeps a link to the
    returned subject. A key already in the round gives its subject back."""
    with transaction.atomic():
        locked = _locked_round(evaluated, user)
        kind = locked.scheme.subject_kind
        if kind in PLACE_KINDS:
            raise EvaluationRuleError(_("该评估方案的对象是场所，不能加入其他对象。"))
        existing = locked.subjects.filter(key=key).first()
        if existing is not None:
            return existing
        if locked.state != RoundState.DRAFT:
            raise EvaluationRuleError(_("只有草稿状态的评估轮次可以添加评估对象。"))
        subject = Subject(round=locked, kind=kind, key=key, label=label[:120])
        history.mark(subject, user, _("加入评估对象"))
        identifiers.save_with_unique(
            subject, "survey_code", lambda: identifiers.random_code(SURVEY_CODE_LENGTH)
        )
        bulk_create_with_history(
            [SubjectScore(subject=subject, criterion=c) for c in locked.scheme.criteria.all()],
            SubjectScore,
            default_user=user,
            default_change_reason=_("加入评估对象"),
        )
    return subject


def start_scoring(evaluated: Round, user) -> Round:
    """草稿 → 评分中: inspectors may score and residents may answer the survey."""
    with transaction.atomic():
        locked = _locked_round(evaluated, user)
        if locked.state != RoundState.DRAFT:
            raise EvaluationRuleError(_("只有草稿状态的评估轮次可以开始评分。"))
        if not locked.subjects.exists():
            raise EvaluationRuleError(_("请先添加评估对象。"))
        locked.state = RoundState.SCORING
        history.save(locked, user, _("开始评分"))
    return locked


def record_score(score: SubjectScore, user, *, value: Decimal, note: str = "") -> SubjectScore:
    """An inspector's score (0–100) and note on an on-site criterion of a round being scored."""
    with transaction.atomic():
        _locked_round(Round(pk=score.subject.round_id), user, scoring=True)
        locked = (
            SubjectScore.objects.select_for_update().select_related("criterion").get(pk=score.pk)
        )
        if locked.criterion.source != Source.INSPECTION:
            raise EvaluationRuleError(_("该指标的得分由系统计算，不能手工评分。"))
        if value is None or not (0 <= Decimal(value) <= 100):
            raise EvaluationRuleError(_("评分须在 0 至 100 分之间。"))
        locked.inspector_score = Decimal(value).quantize(CENT)
        locked.score = locked.inspector_score
        locked.note = (note or "").strip()
        locked.scored_by = user
        history.save(locked, user, _("现场检查评分"))
    return locked


def attach_photo(score: SubjectScore, user, upload) -> ScorePhoto:
    """Keeps an inspector's photo (or PDF) of a criterion, checked by its content, in private storage."""
    if not isinstance(upload, uploads.CheckedFile):
        upload = uploads.checked(upload)
    with transaction.atomic():
        _locked_round(Round(pk=score.subject.round_id), user, scoring=True)
        photo = ScorePhoto(
            score=score,
            content_type=upload.content_type,
            original_name=upload.name[:200],
            uploaded_by=user,
        )
        photo.file = upload
        history.save(photo, user, _("上传检查照片"))
    return photo


def compute_round(evaluated: Round, user=None) -> Round:
    """Fills every computed score, total, grade and rank of the round (see ``_compute``)."""
    with transaction.atomic():
        locked = _locked_round(evaluated, user)
        if locked.state == RoundState.DRAFT:
            raise EvaluationRuleError(_("请先开始评分。"))
        _compute(locked, user)
        locked.computed_at = timezone.now()
        history.save(locked, user, _("计算得分"))
    return locked


def finish_round(evaluated: Round, user) -> Round:
    """评分中 → 已完成: computes, requires a total for every subject, opens a rectification case for each
    estate graded 中 or 差 that has a property-service company, and locks the round."""
    with transaction.atomic():
        locked = _locked_round(evaluated, user)
        if locked.state != RoundState.SCORING:
            raise EvaluationRuleError(_("只有评分中的评估轮次可以完成。"))
        subjects = _compute(locked, user)
        missing = [s.name for s in subjects if s.total is None]
        if missing:
            raise EvaluationRuleError(
                _("以下评估对象尚有现场检查指标未评分：%(names)s")
                % {"names": "、".join(missing[:10]) + ("等" if len(missing) > 10 else "")}
            )
        for subject in subjects:
            if _needs_rectification(subject):
                _open_rectification(locked, subject, user)
        now = timezone.now()
        locked.computed_at = now
        locked.finished_at = now
        locked.state = RoundState.FINISHED
        history.save(locked, user, _("完成评估并锁定"))
        round_finished.send(sender=Round, round=locked, user=user)
    return locked


def publish_round(evaluated: Round, user) -> EvaluationResultsPage:
    """Creates the results page of a finished round in draft under its studio's page and submits it to the
    "三审" review; it goes live when the studio lead and the committee office approve."""
    with transaction.atomic():
        locked = _locked_round(evaluated, user, reading_finished=True)
        if locked.state != RoundState.FINISHED:
            raise EvaluationRuleError(_("评估轮次完成后才能公示结果。"))
        if EvaluationResultsPage.objects.filter(round=locked).exists():
            raise EvaluationRuleError(_("该评估轮次的结果公示页已创建。"))
        parent = StudioPage.objects.get(studio_id=locked.scheme.studio_id)
        page = EvaluationResultsPage(
            title=_("%(scheme)s · %(round)s 评估结果")
            % {"scheme": locked.scheme.name, "round": locked.name},
            slug=f"evaluation-results-{locked.pk}",
            round=locked,
            live=False,
        )
        parent.add_child(instance=page)
        page.save_revision(user=user, log_action=True)
        page.get_workflow().start(page, user)
    return page


# --- residents' survey ------------------------------------------------------------------------


def phone_hash(round_id: int, phone: str) -> str:
    """A keyed hash of a phone, salted with the round: one response per phone per round, no number kept."""
    return salted_hmac(
        "qiandeng.evaluations.survey", f"{round_id}:{phone}", algorithm="sha256"
    ).hexdigest()


def survey_questions(subject: Subject) -> list[Criterion]:
    return [c for c in subject.round.scheme.criteria.all() if c.source == Source.SURVEY]


def submit_survey(subject: Subject, *, phone: str, answers: dict[int, int]) -> SurveyResponse:
    """A resident's answers (criterion id → 1–5) for ``subject``; refused when the phone has answered in
    this round already or the round is not being scored."""
    phone = privacy.validate_phone(phone)
    questions = survey_questions(subject)
    if {c.pk for c in questions} != set(answers) or not all(
        v in SurveyChoice.values for v in answers.values()
    ):
        raise EvaluationRuleError(_("请回答全部问题。"))
    try:
        with transaction.atomic():
            current = Round.objects.select_for_update().get(pk=subject.round_id)
            if current.state != RoundState.SCORING:
                raise EvaluationRuleError(_("本轮问卷调查未开放或已结束。"))
            response = SurveyResponse(
                round_id=subject.round_id,
                subject=subject,
                phone_hash=phone_hash(subject.round_id, phone),
            )
            history.save(response, None, _("居民提交问卷"))
            for criterion_id, value in answers.items():
                history.save(
                    SurveyAnswer(response=response, criterion_id=criterion_id, value=value),
                    None,
                    _("居民提交问卷"),
                )
    except IntegrityError as error:
        raise EvaluationRuleError(
            _("该手机号码已参加过本轮问卷调查，每个号码只能提交一次。")
        ) from error
    return response


# --- computing --------------------------------------------------------------------------------


def _compute(evaluated: Round, user) -> list[Subject]:
    """Survey averages and indicator counts come from the database in one grouped query each; the
    weighted totals, grades and ranks are arithmetic on those few thousand numbers. Only rows whose values
    changed are written (with history), so recomputing an unchanged round writes nothing.

    Scores: on-site criteria take the inspector's score; a survey question the mean answer × 20 (1–5 →
    20–100); an indicator its documented mapping. The total is Σ weight × score / Σ weight over the
    criteria with a score: a survey question nobody answered leaves its weight to the others; an on-site
    criterion not yet scored leaves the total empty.
    """
    scheme = evaluated.scheme
    criteria = {c.pk: c for c in scheme.criteria.all()}
    kind = scheme.subject_kind
    names = {c.indicator for c in criteria.values() if c.source == Source.INDICATOR}
    if kind not in PLACE_KINDS:
        names = set()  # refused by create_round: indicators count cases at places
    subjects = list(evaluated.subjects.with_place().order_by("pk"))
    case_counts = indicators.counts_by_subject(
        names,
        Subject.objects.filter(round=evaluated),
        kind,
        evaluated.period_start,
        evaluated.period_end,
    )
    survey = defaultdict(dict)
    responses = defaultdict(int)
    for row in (
        SurveyAnswer.objects.filter(response__round=evaluated)
        .values("response__subject_id", "criterion_id")
        .annotate(mean=Avg("value"), n=Count("pk"))
    ):
        survey[row["response__subject_id"]][row["criterion_id"]] = Decimal(str(row["mean"]))
        responses[row["response__subject_id"]] = max(
            responses[row["response__subject_id"]], row["n"]
        )
    scores = defaultdict(list)
    for score in SubjectScore.objects.filter(subject__round=evaluated):
        scores[score.subject_id].append(score)

    changed_scores, changed_subjects = [], []
    for subject in subjects:
        weighted, weights, complete = Decimal(0), 0, True
        for score in scores[subject.pk]:
            criterion = criteria[score.criterion_id]
            raw, value = _criterion_score(
                criterion, score, subject, survey[subject.pk], case_counts.get(subject.pk, {})
            )
            if (raw, value) != (score.raw_value, score.score):
                score.raw_value, score.score = raw, value
                changed_scores.append(score)
            if value is None:
                complete = complete and criterion.source != Source.INSPECTION
                continue
            weighted += criterion.weight * value
            weights += criterion.weight
        total = (weighted / weights).quantize(CENT, ROUND_HALF_UP) if complete and weights else None
        new = (total, evaluated.grade_for(total), responses[subject.pk])
        if new != (subject.total, subject.grade, subject.responses):
            subject.total, subject.grade, subject.responses = new
            changed_subjects.append(subject)
    for subject, rank in _ranks(subjects).items():
        if subject.rank != rank:
            subject.rank = rank
            if subject not in changed_subjects:
                changed_subjects.append(subject)
    reason = _("计算得分")
    bulk.update_with_history(
        SubjectScore, changed_scores, ["raw_value", "score"], user=user, reason=reason
    )
    bulk.update_with_history(
        Subject, changed_subjects, ["total", "grade", "rank", "responses"], user=user, reason=reason
    )
    return subjects


def _criterion_score(
    criterion, score, subject, answers, case_counts
) -> tuple[Decimal | None, Decimal | None]:
    if criterion.source == Source.INSPECTION:
        return None, score.inspector_score
    if criterion.source == Source.SURVEY:
        mean = answers.get(criterion.pk)
        if mean is None:
            return None, None
        return mean.quantize(CENT, ROUND_HALF_UP), (mean * 20).quantize(CENT, ROUND_HALF_UP)
    return indicators.raw_and_score(criterion.indicator, case_counts, subject.households)


def _ranks(subjects: list[Subject]) -> dict[Subject, int | None]:
    """Competition ranking by total (1, 2, 2, 4); subjects without a total have no rank."""
    ranked = sorted((s for s in subjects if s.total is not None), key=lambda s: -s.total)
    ranks = {s: None for s in subjects}
    for position, subject in enumerate(ranked, start=1):
        previous = ranked[position - 2] if position > 1 else None
        ranks[subject] = (
            ranks[previous] if previous and previous.total == subject.total else position
        )
    return ranks


# --- rectification ----------------------------------------------------------------------------


def _needs_rectification(subject: Subject) -> bool:
    return (
        subject.grade in NEEDS_RECTIFICATION
        and subject.kind == SubjectKind.ESTATE
        and bool(subject.estate.property_company.strip())
        and subject.rectification_case_id is None
    )


def _open_rectification(evaluated: Round, subject: Subject, user) -> None:
    estate = subject.estate
    category = CaseCategory.objects.get(
        studio__code=indicators.PROPERTY_STUDIO, name=indicators.RECTIFICATION_CATEGORY
    )
    case, _code = case_services.create_case(
        category=category,
        source=CaseSource.INSPECTION,
        reporter_name=_("物业服务评估"),
        reporter_phone=settings.EVALUATION_OFFICE_PHONE,
        title=_("%(estate)s 物业服务整改（%(round)s）")
        % {"estate": estate.name, "round": evaluated.name},
        description=_(
            "%(round)s物业服务评估：%(estate)s 总分 %(total)s，等级“%(grade)s”，排名第 %(rank)s。"
            "物业服务企业：%(company)s。请督促企业按评估方案逐项整改，下一轮评估复查整改效果。"
        )
        % {
            "round": evaluated.name,
            "estate": estate.name,
            "total": subject.total,
            "grade": subject.get_grade_display(),
            "rank": subject.rank,
            "company": estate.property_company,
        },
        user=user,
        **place_of_new_case(estate),
    )
    subject.rectification_case = case
    history.save(subject, user, _("开启整改案件"))


# --- shared -----------------------------------------------------------------------------------


def _locked_round(
    evaluated: Round, user, *, scoring: bool = False, reading_finished: bool = False
) -> Round:
    """The round's row, locked; refused if the user may not manage it, or if it is finished (locked) and
    the caller would change it (``reading_finished``: publishing only reads a finished round)."""
    locked = Round.objects.select_for_update().select_related("scheme").get(pk=evaluated.pk)
    if user is not None:
        _require(user, locked.scheme.studio_id)
    if locked.is_locked and not reading_finished:
        raise LockedError(_("该评估轮次已完成并锁定，不能再修改。"))
    if scoring and locked.state != RoundState.SCORING:
        raise EvaluationRuleError(_("评估轮次处于评分中时才能评分。"))
    return locked


def _require(user, studio_id: int) -> None:
    if not can(user, MANAGE_EVALUATIONS, studio_id):
        raise PermissionDenied
