"""Writing a round's computed values at once, with their history.

Django's ``bulk_update`` builds one ``CASE WHEN id = … THEN …`` per field and row: for a round of 300 estates
(2,700 criterion scores) compiling it took most of ``compute_round``'s time. One ``UPDATE … FROM (VALUES …)``
per table does the same work in a single statement (PostgreSQL, and SQLite ≥ 3.33); the history rows are
then written by django-simple-history's own ``bulk_history_create``, exactly as ``bulk_update_with_history``
writes them.
"""

from django.db import connection, models, transaction

BATCH = 1000


def update_with_history(
    model: type[models.Model], objs: list, fields: list[str], *, user, reason: str
) -> None:
    """Saves ``fields`` of ``objs`` (instances of ``model`` already changed in memory) and records one
    history row per object with ``user`` and ``reason``."""
    if not objs:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = [model._meta.get_field(name) for name in fields]
    pk = model._meta.pk
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        for start in range(0, len(objs), BATCH):
            batch = objs[start : start + BATCH]
            casts = ", ".join(
                f"CAST(%s AS {field.db_type(connection)})" for field in [pk, *columns]
            )
            values = ", ".join(f"({casts})" for _obj in batch)
            names = ", ".join(connection.ops.quote_name(f.column) for f in [pk, *columns])
            assignments = ", ".join(
                f"{connection.ops.quote_name(f.column)} = v.{connection.ops.quote_name(f.column)}"
                for f in columns
            )
            params = [
                field.get_db_prep_save(getattr(obj, field.attname), connection)
                for obj in batch
                for field in [pk, *columns]
            ]
            key = connection.ops.quote_name(pk.column)
            # A CTE names the VALUES columns the same way on PostgreSQL and SQLite.
            cursor.execute(
                f"WITH v({names}) AS (VALUES {values}) "
                f"UPDATE {table} SET {assignments} FROM v WHERE {table}.{key} = v.{key}",
                params,
            )
        model.history.bulk_history_create(
            objs, batch_size=BATCH, update=True, default_user=user, default_change_reason=reason
        )
