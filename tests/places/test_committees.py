"""Owners' committees as records: the "红色业委会" rule from studio 06's criteria, party membership only
with consent, elections setting the term, and terms ending soon."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cms.places import services
from cms.places.models import CommitteeMember, Election, OwnersCommittee, RedCommitteeCriteria
from tests.factories import places as p
from tests.factories.cases import user

pytestmark = pytest.mark.django_db


def committee_of(party: int, others: int, chair_is_party: bool = False, **fields):
    committee = p.owners_committee(fields.pop("estate", None), **fields)
    for n in range(party):
        role = CommitteeMember.Role.CHAIR if chair_is_party and n == 0 else "member"
        p.member(committee, f"党员{n}", party=True, role=role)
    for n in range(others):
        p.member(committee, f"群众{n}", phone=f"1391234{n:04d}")
    return committee


def test_a_committee_with_enough_party_members_and_a_branch_is_red_by_the_default_criteria():
    criteria = RedCommitteeCriteria.current()
    assert committee_of(3, 2).is_red(criteria)
    assert not committee_of(2, 3, estate=p.estate(name="乙小区")).is_red(criteria)  # 40 % < 50 %
    without_branch = committee_of(3, 2, estate=p.estate(name="丙小区"), party_branch="")
    assert not without_branch.is_red(criteria)


def test_studio_06_edits_the_criteria_and_the_rule_follows():
    committee = committee_of(2, 3)
    assert not committee.is_red(RedCommitteeCriteria.current())
    RedCommitteeCriteria.objects.create(min_party_share=40, requires_party_chair=True)
    assert not committee.is_red(RedCommitteeCriteria.current())  # the chair is not a party member
    chaired = committee_of(2, 3, chair_is_party=True, estate=p.estate(name="乙小区"))
    assert chaired.is_red(RedCommitteeCriteria.current())


def test_party_membership_without_consent_is_refused_and_never_counted():
    committee = p.owners_committee()
    with pytest.raises(ValidationError) as refusal:
        CommitteeMember(committee=committee, name="李", party_member=True).full_clean()
    assert "登记党员身份须经本人同意。" in refusal.value.message_dict["party_consent"]
    unconsented = CommitteeMember(committee=committee, name="李", party_member=True)
    assert not unconsented.party_member_recorded
    lenient = RedCommitteeCriteria(min_party_share=1, requires_party_branch=False)
    assert not committee.is_red(lenient, [unconsented])


def test_a_re_election_sets_the_new_term_with_history_and_a_by_election_does_not():
    committee = p.owners_committee()
    start, end = datetime.date(2027, 1, 1), datetime.date(2031, 12, 31)
    election = Election(
        committee=committee,
        kind=Election.Kind.RE_ELECTION,
        held_on=datetime.date(2026, 12, 20),
        term_start=start,
        term_end=end,
    )
    services.record_election(user("worker06"), election)
    committee.refresh_from_db()
    assert (committee.term_start, committee.term_end) == (start, end)
    latest = committee.history.first()
    assert (latest.history_user, latest.history_change_reason) == (user("worker06"), "换届选举")
    by_election = Election(committee=committee, kind=Election.Kind.BY_ELECTION, held_on=end)
    services.record_election(user("office"), by_election)
    committee.refresh_from_db()
    assert committee.term_end == end
    with pytest.raises(ValidationError):
        services.record_election(
            user("worker06"),
            Election(committee=committee, kind=Election.Kind.RE_ELECTION, held_on=end),
        )
    with pytest.raises(PermissionDenied):
        services.record_election(user("worker01"), by_election)


def test_terms_ending_within_90_days_are_the_reminders():
    today = timezone.localdate()
    soon = p.owners_committee(term_end=today + datetime.timedelta(days=89))
    ended = p.owners_committee(p.estate(name="乙小区"), term_end=today - datetime.timedelta(days=3))
    p.owners_committee(p.estate(name="丙小区"), term_end=today + datetime.timedelta(days=91))
    assert set(OwnersCommittee.objects.term_ending_within(90, today)) == {soon, ended}
