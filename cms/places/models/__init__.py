from cms.places.models.committees import (
    TERM_REMINDER_DAYS,
    CommitteeMember,
    Election,
    OwnersCommittee,
    RedCommitteeCriteria,
)
from cms.places.models.places import Community, CommunityKind, Estate, GridCell

__all__ = [
    "TERM_REMINDER_DAYS",
    "CommitteeMember",
    "Community",
    "CommunityKind",
    "Election",
    "Estate",
    "GridCell",
    "OwnersCommittee",
    "RedCommitteeCriteria",
]
