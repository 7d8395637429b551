"""The search backend: Wagtail's database backend, with every query segmented by ``cms.core.search``.

Selected by ``WAGTAILSEARCH_BACKENDS``; it serves the public search, the admin search and autocomplete.
"""

from functools import cache

from django.db import connection

from cms.core.search import segment


class SegmentingMixin:
    """Segments plain-string queries and requires every word by default, as a search box does."""

    def search(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        return super().search(
            _segment_query(query), model_or_queryset, fields, operator or "and", **kwargs
        )

    def autocomplete(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        return super().autocomplete(
            _segment_query(query), model_or_queryset, fields, operator or "and", **kwargs
        )


def _segment_query(query):
    if isinstance(query, str):
        return segment(query)
    return query


@cache
def _segmented_backend_class(vendor: str) -> type:
    # Each vendor module only imports on its own database (the SQLite one needs its FTS model).
    if vendor == "postgresql":
        from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend

        return type("SegmentedPostgresSearchBackend", (SegmentingMixin, PostgresSearchBackend), {})
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    return type("SegmentedSQLiteSearchBackend", (SegmentingMixin, SQLiteSearchBackend), {})


def SearchBackend(params):  # noqa: N802 (Wagtail looks this name up in the module)
    return _segmented_backend_class(connection.vendor)(params)
