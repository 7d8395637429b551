"""Changes to owners' committees that are more than an edit: an election starts a new term.

Called by the admin (``cms/places/wagtail_hooks.py``) and the tests; history records who and why.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from cms.core import history
from cms.places import access
from cms.places.models import Election, OwnersCommittee


def record_election(user, election: Election) -> Election:
    """Records an election; a first election or a re-election (换届) sets the committee's new term."""
    if not access.may_open(user):
        raise PermissionDenied
    election.full_clean()
    with transaction.atomic():
        committee = OwnersCommittee.objects.select_for_update().get(pk=election.committee_id)
        history.save(election, user, _("登记选举"))
        if election.kind != Election.Kind.BY_ELECTION:
            committee.term_start, committee.term_end = election.term_start, election.term_end
            history.save(committee, user, election.get_kind_display())
    return election
