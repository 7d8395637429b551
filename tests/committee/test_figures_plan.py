"""The committee's figures read index entries, not the wide case rows: every column the month's figures
(counts and medians, PostgreSQL's grouping sets) read is in the covering index ``cases_case_figures``,
and every column the 12-month trend reads is in its narrow index (a million cases: the counts 95 ->
62 ms, the medians' rows 40 -> 14 ms, the trend 72 -> 57 ms). The check is on the columns, not on a
plan: a handful of test rows is read from the table whatever the indexes. The settings that make the
planner read that index (and sort the medians in memory) are set for their queries only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cms.cases.models import Case, Status
from cms.committee import rates
from tests.factories import cases as f
from tests.factories import places as p

pytestmark = pytest.mark.django_db
postgresql_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="the grouping sets are PostgreSQL's"
)


# The condition of the partial indexes: merged duplicates are not counted, and have no entries.
NOT_MERGED = """NOT ("cases_case"."status" = 'merged')"""


def answerable_from(sql: str, name: str) -> bool:
    """Whether the index ``name`` holds every column ``sql`` reads, and ``sql`` keeps to its condition."""
    read = set(re.findall(r'"cases_case"\."(\w+)"', sql.replace(NOT_MERGED, "")))
    return NOT_MERGED in sql and read <= index_columns(name)


def index_columns(name: str) -> set[str]:
    (index,) = [index for index in Case._meta.indexes if index.name == name]
    fields = [field.lstrip("-") for field in index.fields] + list(index.include)
    return {Case._meta.get_field(field).column for field in fields}


def sql_of(run, marker: str) -> list[str]:
    for status in (Status.RECEIVED, Status.IN_PROGRESS, Status.RESOLVED, Status.CLOSED):
        f.case_in(status)
    with CaptureQueriesContext(connection) as captured:
        run()
    return [q["sql"] for q in captured.captured_queries if marker in q["sql"]]


@postgresql_only
def test_the_months_counts_and_medians_read_only_columns_of_their_index():
    queries = sql_of(
        lambda: rates.report(Case.objects.all(), rates.Period.this_month()), "GROUPING SETS"
    )
    assert len(queries) == 2  # the counts and the medians, each every grouping at once
    for sql in queries:
        assert answerable_from(sql, "cases_case_figures"), sql


@pytest.mark.parametrize(
    ("narrowed_by", "index"),
    [
        (None, "cases_case_trend"),
        ("studio", "cases_case_studio_trend"),
        ("community", "cases_case_figures"),
    ],
    ids=["every studio", "one studio", "one community"],
)
def test_the_trend_reads_only_columns_of_its_index(narrowed_by, index):
    case = f.case_in(Status.RESOLVED, community=p.community())
    cases = Case.objects.all()
    if narrowed_by == "studio":  # as report.scope narrows a lead's cases
        cases = cases.filter(studio_id__in=[case.studio_id])
    elif narrowed_by == "community":
        cases = rates.at_place(cases, community=case.community_id)
    (sql,) = sql_of(lambda: rates.monthly_trend(cases), "UNION ALL")
    assert answerable_from(sql, index), sql


@postgresql_only
def test_the_counts_and_the_medians_are_each_planned_with_their_own_settings():
    """Each grouping-sets query comes right after the statement that sets its settings, and the
    settings are as they were afterwards."""
    names = sorted({*rates.FIGURES_SETTINGS, *rates.MEDIANS_SETTINGS})
    before = _settings(names)
    for status in (Status.RECEIVED, Status.RESOLVED):
        f.case_in(status)
    with CaptureQueriesContext(connection) as captured:
        rates.report(Case.objects.all(), rates.Period.this_month())
    sql = [q["sql"] for q in captured.captured_queries]
    planned = {
        "median" in query: dict(re.findall(r"set_config\('(\w+)', '([\w.]+)', true\)", sql[i - 1]))
        for i, query in enumerate(sql)
        if "GROUPING SETS" in query
    }
    assert planned == {False: rates.FIGURES_SETTINGS, True: rates.MEDIANS_SETTINGS}
    assert _settings(names) == before


def _settings(names: list[str]) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(["current_setting(%s)"] * len(names)), names)
        return list(cursor.fetchone())
