"""Where a case is, as the evaluation engine needs it: which cases belong to a subject, and how a
rectification case names its estate.

The places work (``cms/places``) turns the case's free-text "社区/小区" into ``Case.community`` /
``Case.estate`` foreign keys. Until that lands on this branch, cases are matched to a subject by its name
inside the text; both ways are here and nowhere else, so the engine switches by itself when the keys exist,
and this file shrinks to its first branch once they are merged.
"""

from django.db.models import OuterRef, Q

from cms.cases.models import Case

CASES_HAVE_PLACES = any(f.name == "estate" for f in Case._meta.concrete_fields)


def cases_of_subject(kind: str) -> Q:
    """A filter on ``Case`` selecting the cases located at the subject ``OuterRef`` points at
    (a ``Subject`` row of kind ``kind``)."""
    if CASES_HAVE_PLACES:
        if kind == "estate":
            return Q(estate_id=OuterRef("estate_id"))
        return Q(community_id=OuterRef("community_id"))
    if kind == "estate":
        return Q(community__contains=OuterRef("estate__name"))
    return Q(community__contains=OuterRef("community__name"))


def place_of_new_case(estate) -> dict:
    """The keyword arguments ``cases.services.create_case`` takes to locate a case at ``estate``."""
    if CASES_HAVE_PLACES:
        return {"estate": estate, "community": estate.community}
    return {"community": f"{estate.community.name}{estate.name}"}
