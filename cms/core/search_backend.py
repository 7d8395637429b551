"""The search backend: Wagtail's database backend, with every query segmented by ``cms.core.search``.

Selected by ``WAGTAILSEARCH_BACKENDS``; it serves the public search, the admin search and autocomplete.
"""

from django.db import connection
from modelsearch.backends.database.postgres.postgres import PostgresSearchBackend
from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

from cms.core.search import segment_query


class SegmentingMixin:
    """Segments plain-string queries, and requires every token by default (bigrams are not alternatives)."""

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
        return segment_query(query)
    return query


class SegmentedSQLiteSearchBackend(SegmentingMixin, SQLiteSearchBackend):
    pass


class SegmentedPostgresSearchBackend(SegmentingMixin, PostgresSearchBackend):
    pass


def SearchBackend(params):  # noqa: N802 (Wagtail looks this name up in the module)
    if connection.vendor == "postgresql":
        return SegmentedPostgresSearchBackend(params)
    return SegmentedSQLiteSearchBackend(params)
