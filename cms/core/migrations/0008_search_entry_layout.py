"""Index entries laid out for the public search's walk (PostgreSQL only).

The walk reads the newest entries by id and matches each one's stored document (0007); the ranking then
reads the title and body vectors of the thousand it keeps. An entry was ~3.2 kB in its row (raw text,
autocomplete and body vectors, the document): 2.4 entries a table page, so a walk over 10,000 entries
read ~4,000 pages. PostgreSQL moves values of a row past ~2 kB to its TOAST table until the row is under
``toast_tuple_target``: at 256 bytes, everything but the document and the title vector goes (those two
are MAIN: kept in the row; PostgreSQL may still try to compress them, which the documents measured here
did not take), and the body vector is EXTERNAL (stored uncompressed, so ranking reads it without
inflating it). 10,000 entries: 33 -> 11 MB of
rows, the two-word search's walk 11 -> 5 ms, the whole search 35 -> 26 ms.

Existing entries are rewritten in the new layout (VACUUM FULL, outside a transaction: the table is locked
while it is rewritten, a few seconds for 100,000 entries, and needs free disk for a copy of it); a value
compressed before stays so until its entry is next indexed.
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
