from cms.registers.models.members import (
    Member,
    MemberState,
    Register,
    RegisterKind,
    SageProfile,
    TalentProfile,
    WorkerProfile,
)
from cms.registers.models.work import (
    Booking,
    CareService,
    Engagement,
    ObserverReport,
    StationDay,
    TalentService,
)

__all__ = [
    "Booking",
    "CareService",
    "Engagement",
    "Member",
    "MemberState",
    "ObserverReport",
    "Register",
    "RegisterKind",
    "SageProfile",
    "StationDay",
    "TalentProfile",
    "TalentService",
    "WorkerProfile",
]
