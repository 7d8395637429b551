"""Where a case is, as the evaluation engine needs it: which cases belong to a subject, and how a
rectification case names its estate.

The places work (``cms/places``) turns the case's free-text "社区/小区" into ``Case.community`` /
``Case.estate`` foreign keys. Until that lands on this branch, cases are matched to a subject by its name
inside the text; both ways are here and nowhere else, so the engine switches by itself when the keys exist,
and this file shrinks to its first branch once they are merged.
"""

from django.db.models import CharField, ExpressionWrapper, F, OuterRef, QuerySet, Subquery

from cms.cases.models import Case

CASES_HAVE_PLACES = any(f.name == "estate" for f in Case._meta.concrete_fields)


def subject_of_case(subjects: QuerySet, kind: str) -> Subquery:
    """An expression on ``Case``: the id of the subject among ``subjects`` (of kind ``kind``) the case is
    located at, or NULL."""
    if CASES_HAVE_PLACES:
        at_place = subjects.filter(**{f"{kind}_id": OuterRef(f"{kind}_id")})
    else:
        case_text = ExpressionWrapper(OuterRef("community"), output_field=CharField())
        at_place = subjects.alias(case_text=case_text).filter(
            case_text__contains=F(f"{kind}__name")
        )
    return Subquery(at_place.order_by("pk").values("pk")[:1])


def place_of_new_case(estate) -> dict:
    """The keyword arguments ``cases.services.create_case`` takes to locate a case at ``estate``."""
    if CASES_HAVE_PLACES:
        return {"estate": estate, "community": estate.community}
    return {"community": f"{estate.community.name}{estate.name}"}
