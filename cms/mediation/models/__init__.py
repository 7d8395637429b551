from cms.mediation.models.committee import DocumentCounter, MediationCommittee
from cms.mediation.models.file import (
    DisputeType,
    MediationFile,
    NoticeMethod,
    Outcome,
    Source,
    Stage,
    Timer,
    one_month_after,
)
from cms.mediation.models.records import Appointment, FollowUp, Party, Session
from cms.mediation.models.roster import Mediator

__all__ = [
    "Appointment",
    "DisputeType",
    "DocumentCounter",
    "FollowUp",
    "MediationCommittee",
    "MediationFile",
    "Mediator",
    "NoticeMethod",
    "Outcome",
    "Party",
    "Session",
    "Source",
    "Stage",
    "Timer",
    "one_month_after",
]
