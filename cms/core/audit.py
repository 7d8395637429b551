"""The personal-data access log: one row each time a user is shown or given residents' personal data.

Views call ``record`` after deciding the viewer may see the data unmasked; masked views are not logged.
"""

from django.db import transaction

from cms.core import chain
from cms.core.models import PersonalDataAccess

Action = PersonalDataAccess.Action


def record(request, action: str, subject: str) -> None:
    """Writes the row and links it in the access log's tamper-evident chain (``cms.core.chain``)."""
    with transaction.atomic():
        entry = PersonalDataAccess.objects.create(
            user=request.user, action=action, subject=subject[:200]
        )
        chain.append("personal-data-access", entry)
