"""Tamper-evident chains for the records someone may one day dispute: mediation agreements, volunteer
certificates and the personal-data access log.

Each time such a record is made, a ``ChainLink`` is appended to its kind's chain: the hash of the record's
content, the previous link's hash, and a hash over both. Editing a record behind the application's back
(SQL, ``QuerySet.update``), deleting one, or editing, removing or reordering a link breaks the chain at that
point; ``manage.py verify_chains`` walks every chain and reports the first broken link.

Appending locks the chain's head row (``select_for_update``), so two records made at the same moment on
PostgreSQL are linked one after the other instead of both after the same predecessor.

Apps register a kind in their ``AppConfig.ready`` with the model and the function giving the content that
is vouched for (only fields that never change after the record is made).
"""

import datetime
import decimal
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.db import IntegrityError, models, transaction

from cms.core.models import ChainHead, ChainLink

GENESIS = "0" * 64


@dataclass(frozen=True)
class Kind:
    name: str
    model: type[models.Model]
    content: Callable[[models.Model], dict]


@dataclass(frozen=True)
class Break:
    chain: str
    position: int
    object_pk: str
    reason: str


_kinds: dict[str, Kind] = {}


def register(name: str, model: type[models.Model], content: Callable[[models.Model], dict]) -> None:
    _kinds[name] = Kind(name, model, content)


def kinds() -> list[Kind]:
    return list(_kinds.values())


def append(name: str, record: models.Model) -> ChainLink:
    """Links ``record`` (already saved) at the end of chain ``name``; call inside the record's transaction."""
    kind = _kinds[name]
    with transaction.atomic():
        head = _locked_head(name)
        link = ChainLink(
            chain=name,
            position=head.position + 1,
            object_pk=str(record.pk),
            content_hash=content_hash(kind.content(record)),
            previous_hash=head.last_hash,
        )
        link.link_hash = link_hash(link)
        link.save()
        head.position, head.last_hash = link.position, link.link_hash
        head.save(update_fields=["position", "last_hash"])
    return link


def _locked_head(name: str) -> ChainHead:
    try:
        return ChainHead.objects.select_for_update().get(name=name)
    except ChainHead.DoesNotExist:
        try:
            with transaction.atomic():
                ChainHead.objects.create(name=name, position=0, last_hash=GENESIS)
        except IntegrityError:
            pass  # created by a concurrent first append: lock that one
        return ChainHead.objects.select_for_update().get(name=name)


def content_hash(content: dict) -> str:
    text = json.dumps(
        {key: _plain(value) for key, value in content.items()}, sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(text.encode()).hexdigest()


def _plain(value) -> str:
    """One spelling per value, whether it comes from the form or back from the database."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.astimezone(datetime.UTC).isoformat()
    if isinstance(value, decimal.Decimal):
        return format(value.normalize(), "f")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return str(value)


def link_hash(link: ChainLink) -> str:
    parts = (link.chain, str(link.position), link.object_pk, link.content_hash, link.previous_hash)
    return hashlib.sha256("|".join(parts).encode()).hexdigest()


def verify(name: str) -> Break | None:
    """The first broken link of chain ``name``, or None when every record and link is as it was made."""
    kind = _kinds[name]
    previous, position = GENESIS, 0
    links = ChainLink.objects.filter(chain=name).order_by("position")
    for batch in _batches(links.iterator(chunk_size=1000), 1000):
        records = kind.model._base_manager.in_bulk([link.object_pk for link in batch])
        for link in batch:
            position += 1
            problem = _problem(link, position, previous, records, kind)
            if problem:
                return Break(name, position, link.object_pk, problem)
            previous = link.link_hash
    head = ChainHead.objects.filter(name=name).first()
    if head is not None and (head.position, head.last_hash) != (position, previous):
        return Break(name, position + 1, "", "links were removed from the end of the chain")
    return None


def _problem(link, position, previous, records, kind) -> str:
    if link.position != position:
        return "a link before this one was removed"
    if link.previous_hash != previous:
        return "does not follow the previous link (a link was removed or replaced)"
    if link_hash(link) != link.link_hash:
        return "the link itself was edited"
    record = records.get(_pk(kind, link.object_pk))
    if record is None:
        return "the record was deleted"
    if content_hash(kind.content(record)) != link.content_hash:
        return "the record was changed after it was made"
    return ""


def _pk(kind: Kind, text: str):
    return kind.model._meta.pk.to_python(text)


def _batches(iterable, size: int):
    batch = []
    for item in iterable:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
