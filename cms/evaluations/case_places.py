"""Where a case is, as the evaluation engine needs it: which subject of a round a case is located at, and
how a rectification case names its estate (``Case.community`` / ``Case.estate``, from ``cms/places``)."""

from django.db.models import OuterRef, QuerySet, Subquery


def subject_of_case(subjects: QuerySet, kind: str) -> Subquery:
    """An expression on ``Case``: the id of the subject among ``subjects`` (of kind ``kind``: estate or
    community) the case is located at, or NULL."""
    at_place = subjects.filter(**{f"{kind}_id": OuterRef(f"{kind}_id")})
    return Subquery(at_place.order_by("pk").values("pk")[:1])


def place_of_new_case(estate) -> dict:
    """The keyword arguments ``cases.services.create_case`` takes to locate a case at ``estate``."""
    return {"estate": estate, "community": estate.community}
