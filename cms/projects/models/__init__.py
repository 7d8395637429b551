from cms.projects.models.projects import (
    Indicator,
    Milestone,
    PeriodTarget,
    Project,
    ProjectKind,
    ProjectQuerySet,
    ProjectState,
)
from cms.projects.models.work import (
    EvaluationStage,
    Evidence,
    Expense,
    Output,
    ProjectEvaluation,
    Referral,
    ReferralOutcome,
    ReferralState,
)

__all__ = [
    "EvaluationStage",
    "Evidence",
    "Expense",
    "Indicator",
    "Milestone",
    "Output",
    "PeriodTarget",
    "Project",
    "ProjectEvaluation",
    "ProjectKind",
    "ProjectQuerySet",
    "ProjectState",
    "Referral",
    "ReferralOutcome",
    "ReferralState",
]
