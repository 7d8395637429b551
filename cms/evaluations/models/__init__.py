from cms.evaluations.models.pages import EvaluationResultsPage
from cms.evaluations.models.rounds import (
    Grade,
    LockedError,
    Round,
    RoundState,
    ScorePhoto,
    Subject,
    SubjectScore,
)
from cms.evaluations.models.schemes import (
    PLACE_KINDS,
    Criterion,
    Scheme,
    SchemeInUseError,
    Source,
    SubjectKind,
)
from cms.evaluations.models.surveys import SurveyAnswer, SurveyChoice, SurveyResponse

__all__ = [
    "PLACE_KINDS",
    "Criterion",
    "EvaluationResultsPage",
    "Grade",
    "LockedError",
    "Round",
    "RoundState",
    "Scheme",
    "SchemeInUseError",
    "ScorePhoto",
    "Source",
    "Subject",
    "SubjectKind",
    "SubjectScore",
    "SurveyAnswer",
    "SurveyChoice",
    "SurveyResponse",
]
