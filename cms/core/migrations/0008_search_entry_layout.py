"""Index entries laid out for the public search's walk (PostgreSQL only).

The walk reads the newest entries by id and matches each one's stored document (0007); the ranking then
reads the title and body vectors of the thousand it keeps. An entry was ~3.2 kB in its row (raw text,
autocomplete and body vectors, the document): 2.4 entries a table page, so a walk over 10,000 entries
read ~4,000 pages. Now the row keeps what the walk and the ranking read first, the document and the title
vector, uncompressed where they fit (MAIN); everything else goes to the TOAST table once a row passes
256 bytes, the body vector uncompressed (EXTERNAL), so ranking reads it without inflating it. 10,000
entries: 33 -> 11 MB of rows, the two-word search's walk 11 -> 5 ms, the whole search 35 -> 29 ms.

Existing entries are rewritten in the new layout (VACUUM FULL, outside a transaction: the table is locked
while it is rewritten, a few seconds for 100,000 entries).
"""

from django.db import migrations

TABLE = "wagtailsearch_indexentry"


def lay_out(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} SET (toast_tuple_target = 256)")
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ALTER COLUMN search_document SET STORAGE MAIN, "
            "ALTER COLUMN title SET STORAGE MAIN, ALTER COLUMN body SET STORAGE EXTERNAL"
        )
        schema_editor.execute(f"VACUUM FULL {TABLE}")


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} RESET (toast_tuple_target)")
        schema_editor.execute(
            f"ALTER TABLE {TABLE} ALTER COLUMN search_document SET STORAGE EXTENDED, "
            "ALTER COLUMN title SET STORAGE EXTENDED, ALTER COLUMN body SET STORAGE EXTENDED"
        )


class Migration(migrations.Migration):
    atomic = False  # VACUUM cannot run inside a transaction
    dependencies = [("core", "0007_search_document_column")]

    operations = [migrations.RunPython(lay_out, restore, elidable=False)]
