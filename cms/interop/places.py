"""Where a request from another system is: the place named in its text, or the estate nearest its point.

Open311 clients send ``address_string`` and/or ``lat``/``long``; 12345 work orders name a community or
estate in a column. A text is read with ``cms.places.matching`` (exact names only); a point is given to the
nearest estate with a point within ``NEAREST_METRES``. Anything else is kept as the case's location text.
"""

import math
from decimal import Decimal

from cms.places.matching import PlaceIndex
from cms.places.models import Community, Estate

NEAREST_METRES = 500
_EARTH_METRES = 6_371_000


def index() -> PlaceIndex:
    """The active places' names, read once per file or request (two queries)."""
    return PlaceIndex.build(
        Community.objects.active().values_list("pk", "name"),
        Estate.objects.active().values_list("pk", "community_id", "name"),
    )


def from_text(text: str, places: PlaceIndex) -> dict:
    """``create_case``'s place arguments (community, estate, location_text) for a text: the place it
    names, or the text itself."""
    match = places.match(text)
    if match is None:
        return {"community": None, "estate": None, "location_text": text.strip()[:200]}
    estate = None
    if match.estate_id is not None:
        estate = Estate(pk=match.estate_id, community_id=match.community_id)
    return {"community": Community(pk=match.community_id), "estate": estate, "location_text": ""}


def nearest_estate(lat: float, long: float) -> Estate | None:
    """The estate with a point closest to (lat, long), if within ``NEAREST_METRES``; one query."""
    best, best_distance = None, NEAREST_METRES
    for estate in Estate.objects.active().exclude(latitude=None).exclude(longitude=None):
        distance = metres(lat, long, estate.latitude, estate.longitude)
        if distance <= best_distance:
            best, best_distance = estate, distance
    return best


def metres(lat1, long1, lat2, long2) -> float:
    """Great-circle distance (haversine); plenty for a sub-district."""
    lat1, long1, lat2, long2 = (math.radians(float(v)) for v in (lat1, long1, lat2, long2))
    a = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((long2 - long1) / 2) ** 2
    )
    return 2 * _EARTH_METRES * math.asin(math.sqrt(a))


def coordinate(value: Decimal | None) -> float | None:
    return float(value) if value is not None else None
