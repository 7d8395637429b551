"""One aggregate query grouped several ways at once (PostgreSQL's GROUPING SETS), for the committee's
figures: a month's cases by studio, category, unit, community and estate, and in total, in one pass over
the month's rows instead of one pass per grouping (at a million cases, ~90,000 a month, each pass cost
80–200 ms on the loaded bench machine).

Django's ORM has no GROUPING SETS: the grouped query it compiles for ``values(*keys).annotate(...)`` gets
its ``GROUP BY`` replaced, so the filters and aggregates stay the ORM's own. PostgreSQL only; SQLite
(development) computes each grouping on its own (``cms.committee.rates``).
"""

from contextlib import contextmanager

from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.db.models import QuerySet


def grouping_sets(
    grouped: QuerySet, keys: list[str], settings: dict[str, str] | None = None
) -> dict[str | None, list[dict]]:
    """``grouped`` (``values(*keys).annotate(...)``, ``keys`` being column names of its model) grouped by
    each key alone and by nothing: {key: its rows, None: [the total row]}, each row a dict of the values
    and aggregates. ``settings``: PostgreSQL settings for this query only, inside a transaction (e.g. the
    ``work_mem`` its sorts may use)."""
    found: dict[str | None, list[dict]] = {key: [] for key in [*keys, None]}
    try:
        sql, params = grouped.order_by().query.get_compiler(grouped.db).as_sql()
    except EmptyResultSet:  # filtered by an empty list: no rows to group
        return found
    select, group_by = sql.rsplit(" GROUP BY ", 1)
    if group_by != ", ".join(str(n) for n in range(1, len(keys) + 1)):
        raise ValueError(f"Unexpected grouping for GROUPING SETS: {group_by}")
    table = grouped.model._meta.db_table
    columns = [f'"{table}"."{key}"' for key in keys]
    sets = ", ".join(f"({column})" for column in columns)
    sql = (
        f"SELECT GROUPING({', '.join(columns)}) AS grouping_set, {select.removeprefix('SELECT ')}"
        f" GROUP BY GROUPING SETS ({sets}, ())"
    )
    with connections[grouped.db].cursor() as cursor, _local_settings(cursor, settings or {}):
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        rows = [dict(zip(names, values, strict=True)) for values in cursor.fetchall()]
    # GROUPING() sets one bit per column not grouped on, the first column's the highest.
    every = (1 << len(keys)) - 1
    set_of = {every ^ (1 << (len(keys) - 1 - i)): key for i, key in enumerate(keys)}
    set_of[every] = None
    for row in rows:
        found[set_of[row.pop("grouping_set")]].append(row)
    return found


@contextmanager
def _local_settings(cursor, settings: dict[str, str]):
    """``settings`` for the statements inside, then as they were: set for the transaction only (outside
    one, they have no effect), and set back so the rest of a caller's transaction is unchanged. A
    statement that fails leaves them set: its transaction is aborted, and the rollback undoes them."""
    if not settings:
        yield
        return
    names = list(settings)
    setting = ", ".join(["current_setting(%s), set_config(%s, %s, true)"] * len(names))
    cursor.execute(f"SELECT {setting}", [v for n in names for v in (n, n, settings[n])])
    previous = cursor.fetchone()[::2]
    yield
    restoring = ", ".join(["set_config(%s, %s, true)"] * len(names))
    cursor.execute(
        f"SELECT {restoring}", [v for pair in zip(names, previous, strict=True) for v in pair]
    )
