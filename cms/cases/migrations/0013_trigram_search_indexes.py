"""Trigram indexes for the admin's substring search of case titles and descriptions, on PostgreSQL only.

Django compiles ``icontains`` to ``UPPER(col::text) LIKE UPPER(%s)``, so the indexes are on ``UPPER(col)``.
SQLite has no such index type; there the migration does nothing. Creating the pg_trgm extension needs a
role allowed to (the database owner on PostgreSQL 13+, where pg_trgm is a trusted extension).
"""

from django.db import migrations

INDEXES = {
    "cases_case_title_trgm": "title",
    "cases_case_description_trgm": "description",
}


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in INDEXES.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON cases_case "
            f'USING gin ((UPPER("{column}"::text)) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("cases", "0012_deadline_warnings_and_chasers")]

    operations = [migrations.RunPython(create, drop)]
