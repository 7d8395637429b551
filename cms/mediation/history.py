"""A mediation file's timeline: the case's own revisions and notes, then every revision of the file, its
parties, mediators, sessions and follow-ups, each entry saying which record changed.

Read by the file page (``cms/mediation/views.py``).
"""

from django.utils.translation import gettext as _

from cms.cases import history as case_history
from cms.core.history import Entry, revisions
from cms.mediation.models import Appointment, FollowUp, MediationFile, Party, Session


def timeline(file: MediationFile, *, personal: bool, identity: bool) -> list[Entry]:
    """``personal``: the viewer handles the case (names, phones); ``identity``: mediates it (ID numbers)."""
    masks = Party.masks(personal=personal, identity=identity)
    name = masks.get("name", str)

    def rows(model):
        return model.history.filter(file_id=file.pk).select_related("history_user")

    entries = case_history.timeline(file.case, reveal_personal_data=personal)
    entries += revisions(
        MediationFile,
        file.history.select_related("history_user"),
        subject=lambda r: _("卷宗"),
    )
    entries += revisions(
        Party,
        rows(Party),
        masks=masks,
        subject=lambda r: f"{Party.Side(r.side).label} {name(r.name)}",
    )
    entries += revisions(
        Appointment,
        rows(Appointment),
        subject=lambda r: str(Appointment.Role(r.role).label),
    )
    entries += revisions(Session, rows(Session), subject=lambda r: _("调解笔录"))
    entries += revisions(FollowUp, rows(FollowUp), subject=lambda r: _("回访"))
    return sorted(entries, key=lambda e: e.when)
