"""The places every online submission offers (active communities with their active estates), kept in the
shared cache; ``cms/places/signals.py`` forgets them when a community or estate changes, and the timeout
bounds what a change made without signals (a data migration, an import rolled back) can leave behind."""

from django.core.cache import cache

from cms.places.models import Community, Estate

PLACES_KEY = "places:active"
TIMEOUT_SECONDS = 300


def active_places() -> list[dict]:
    """Active communities in their order, each with its active estates:
    ``[{"pk", "name", "estates": [{"pk", "name"}, ...]}, ...]``, as plain values (cheap to unpickle)."""
    return cache.get_or_set(PLACES_KEY, _load, TIMEOUT_SECONDS)


def _load() -> list[dict]:
    communities = {
        c["pk"]: {**c, "estates": []}
        for c in Community.objects.active().order_by("sort_order", "name").values("pk", "name")
    }
    estates = Estate.objects.filter(active=True, community_id__in=communities).order_by("name")
    for estate in estates.values("pk", "name", "community_id"):
        communities[estate.pop("community_id")]["estates"].append(estate)
    return list(communities.values())


def forget() -> None:
    cache.delete(PLACES_KEY)
