"""The personal-data access log: one row each time a user is shown or given residents' personal data.

Views call ``record`` after deciding the viewer may see the data unmasked; masked views are not logged.
Scheduled jobs that handle personal data (the retention clean-up) call ``record_job``: a row without a
user.
"""

from django.db import transaction

from cms.core import chain
from cms.core.models import PersonalDataAccess

Action = PersonalDataAccess.Action


def record(request, action: str, subject: str) -> None:
    """Writes the row and links it in the access log's tamper-evident chain (``cms.core.chain``)."""
    record_for(request.user, action, subject)


def record_for(user, action: str, subject: str) -> None:
    """``record`` outside a request: a task working for ``user`` (an export), or the system (None)."""
    with transaction.atomic():
        entry = PersonalDataAccess.objects.create(user=user, action=action, subject=subject[:200])
        chain.append("personal-data-access", entry)


def record_job(action: str, subject: str) -> None:
    record_for(None, action, subject)
