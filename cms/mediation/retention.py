"""The mediation file's share of the retention clean-up (``cms.cases.retention``, registered in
``MediationConfig.ready``): once a case is past its keeping, its parties who are residents lose their
name, phone, ID number, address and agent, and every party its ID number and agent, on the parties and
in their history rows. Companies and committees keep their names: they are not personal data, and the
figures by dispute count them."""

from django.db.models import Q
from django.utils.translation import gettext as _

from cms.cases.retention import ANONYMISED_NAME
from cms.core import history
from cms.mediation.models import Party

RESIDENT = Q(kind=Party.Kind.RESIDENT)
RESIDENT_FIELDS = {
    "name": ANONYMISED_NAME,
    "phone": "",
    "address": "",
    "id_number": "",
    "agent": "",
}
EVERY_PARTY_FIELDS = {"id_number": "", "agent": ""}


def anonymise_parties(case_ids: list[int], dry_run: bool) -> dict[str, int]:
    parties = Party.objects.filter(file__case_id__in=case_ids)
    # History rows by file: a party deleted since still has its rows.
    rows = Party.history.filter(file__case_id__in=case_ids)
    counts = {_("调解当事人"): parties.count(), _("调解当事人历史记录"): rows.count()}
    if dry_run:
        return counts
    for party in parties:
        fields = RESIDENT_FIELDS if party.kind == Party.Kind.RESIDENT else EVERY_PARTY_FIELDS
        for name, value in fields.items():
            setattr(party, name, value)
        history.save(party, None, _("保存期满，个人信息已匿名化"))
    rows.filter(RESIDENT).update(**RESIDENT_FIELDS)
    rows.exclude(RESIDENT).update(**EVERY_PARTY_FIELDS)
    return counts
