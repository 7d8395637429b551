"""API keys of Open311 clients: issued and revoked by the committee office, kept only as a digest.

A key is ``qd_`` and 40 random URL-safe characters; its first characters (the prefix) are kept in clear so
the office can tell keys apart, the rest only as SHA-256. Checking a key is one indexed lookup.
"""

import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cms.core import history
from cms.core.access import is_committee_office
from cms.interop.models import ApiClient

PREFIX = "qd_"
PREFIX_SHOWN = 10


def digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def issue(client: ApiClient, user) -> str:
    """A new key for ``client`` (any earlier key stops working); returned once, never stored."""
    if not is_committee_office(user):
        raise PermissionDenied
    key = PREFIX + secrets.token_urlsafe(30)
    with transaction.atomic():
        locked = ApiClient.objects.select_for_update().get(pk=client.pk)
        locked.key_hash = digest(key)
        locked.key_prefix = key[:PREFIX_SHOWN]
        locked.issued_at = timezone.now()
        locked.revoked_at = None
        history.save(locked, user, _("签发接口密钥 %(prefix)s…") % {"prefix": locked.key_prefix})
    return key


def revoke(client: ApiClient, user) -> ApiClient:
    """The client's key stops working at once."""
    if not is_committee_office(user):
        raise PermissionDenied
    with transaction.atomic():
        locked = ApiClient.objects.select_for_update().get(pk=client.pk)
        locked.revoked_at = timezone.now()
        history.save(locked, user, _("吊销接口密钥 %(prefix)s…") % {"prefix": locked.key_prefix})
    return locked


def client_for(key: str) -> ApiClient | None:
    """The client holding this live key, or None."""
    if not key or not key.startswith(PREFIX):
        return None
    return ApiClient.objects.filter(key_hash=digest(key), revoked_at__isnull=True).first()
