"""A GIN index on the search document ``title || body`` (PostgreSQL only).

modelsearch filters a search on the concatenation of the two vectors, which its separate indexes on
``title`` and ``body`` cannot serve: without this index every search read the whole index table
(``cms.core.search_backend``). SQLite searches its FTS5 table and needs nothing.
"""

from django.db import migrations

INDEX = "core_search_document_gin"
TABLE = "wagtailsearch_indexentry"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin ((title || body))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_access_log_jobs"),
        ("wagtailsearch", "0010_add_text_fields"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]
