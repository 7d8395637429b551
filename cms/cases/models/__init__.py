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
from cms.cases.models.joint import CoHandler

__all__ = [
    "OPEN_STATUSES",
    "CalendarDay",
    "Case",
    "CaseAttachment",
    "CaseCategory",
    "CaseNote",
    "CaseQuerySet",
    "CoHandler",
    "ExtensionRequest",
    "HandlingUnit",
    "Kind",
    "Priority",
    "Satisfaction",
    "Source",
    "Status",
]
