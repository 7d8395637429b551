"""What the case list searches and filters on, shared by the list and its exports so an export holds
exactly the rows the list shows."""

from django.db.models import Q, QuerySet

# What the list's search box looks in; a full phone number finds the case (the list shows no phone).
SEARCH_FIELDS = ("reference", "title", "description", "reporter_phone")

# The list's filter parameters (Django admin filter names) and the field each narrows.
_LIST_FILTERS = {
    "studio__id__exact": "studio_id",
    "category": "category_id",
    "assignee": "assignee_id",
    "community": "community_id",
    "estate": "estate_id",
    "kind__exact": "kind",
    "status__exact": "status",
    "priority__exact": "priority",
    "source__exact": "source",
}


def filtered_like_the_list(cases: QuerySet, params) -> QuerySet:
    """``cases`` narrowed by the list's query string: its filters, then its search box."""
    for parameter, field in _LIST_FILTERS.items():
        value = params.get(parameter, "")
        if value and (not field.endswith("_id") or value.isdigit()):
            cases = cases.filter(**{field: value})
    if params.get("overdue") == "yes":
        cases = cases.overdue()
    elif params.get("overdue") == "no":
        cases = cases.not_overdue()
    if query := params.get("q", "").strip():
        matches = Q()
        for field in SEARCH_FIELDS:
            matches |= Q(**{f"{field}__icontains": query})
        cases = cases.filter(matches)
    return cases
