from cms.cases.models.calendar import CalendarDay
from cms.cases.models.case import (
    OPEN_STATUSES,
    Case,
    CaseQuerySet,
    Kind,
    Satisfaction,
    Source,
    Status,
)
from cms.cases.models.catalogue import CaseCategory, HandlingUnit, Priority
from cms.cases.models.handling import CaseAttachment, CaseNote, ExtensionRequest
from cms.cases.models.intake import KnownAddress
from cms.cases.models.joint import CoHandler
from cms.cases.models.residents import SignInCode
from cms.cases.models.supervision import Chase, DeadlineWarning, WarningRule

__all__ = [
    "OPEN_STATUSES",
    "CalendarDay",
    "Case",
    "CaseAttachment",
    "CaseCategory",
    "CaseNote",
    "CaseQuerySet",
    "Chase",
    "CoHandler",
    "DeadlineWarning",
    "ExtensionRequest",
    "HandlingUnit",
    "Kind",
    "KnownAddress",
    "Priority",
    "Satisfaction",
    "SignInCode",
    "Source",
    "Status",
    "WarningRule",
]
