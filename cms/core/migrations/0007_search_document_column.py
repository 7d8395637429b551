"""A stored copy of each index entry's search document, ``strip(title || body)``, with a GIN index
(PostgreSQL only).

The public search walks the newest index entries and keeps those that match
(``cms.core.search_backend``): matching ``title || body`` costs ~9 µs an entry (both vectors read and
merged with their word positions), this column ~0.6 µs, so whichever plan PostgreSQL picks (the GIN
index, or reading entries in order and matching each) stays cheap. PostgreSQL keeps the column in step
with every insert and update modelsearch makes; Django never reads or writes it. The GIN index of 0006
stays for modelsearch's own searches (phrases, ordering by a field), which match ``title || body``.
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"
INDEX = "core_search_stored_document_gin"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ADD COLUMN IF NOT EXISTS search_document tsvector "
            "GENERATED ALWAYS AS (strip(title || body)) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {INDEX} ON {TABLE} USING gin (search_document)"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")
        schema_editor.execute(f"ALTER TABLE {TABLE} DROP COLUMN IF EXISTS search_document")


class Migration(migrations.Migration):
    dependencies = [("core", "0006_search_document_index")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
