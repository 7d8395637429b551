"""The search backend: Wagtail's database backend, with every query segmented by ``cms.core.search`` and
searches ranked from the index table.

Selected by ``WAGTAILSEARCH_BACKENDS``; it serves the public search, the admin search and autocomplete.

Why the ranking is ours: modelsearch joins every page to its index entry and filters on
``title || body`` (PostgreSQL), which none of its indexes serves, or ranks each result in a correlated
subquery (SQLite: a broad word took 38 s over 10,000 pages). Here a search reads the index table first,
through an index (PostgreSQL: the GIN index on ``title || body`` of core's migration 0006; SQLite: the
FTS5 table), keeps the entries whose page is in the searched queryset, ranks them with modelsearch's own
rank expression, and loads only the pages of the slice asked for. Counting a slice counts no further than
its end, so a pager can ask for "up to 1,000" cheaply, and a caller may rank only the newest matches
(``rank_limit``). Results and their order (rank, then newest page
first) are modelsearch's; anything else (``fields=``, ordering by a field, negated queries, facets,
autocomplete) goes to modelsearch unchanged.
"""

from functools import cache

from django.db import connection
from django.db.models import BigIntegerField, Exists, F, OuterRef
from django.db.models.functions import Cast

from cms.core.search import segment


class SegmentingMixin:
    """Segments plain-string queries and requires every word by default, as a search box does.

    ``rank_limit=n`` ranks only the ``n`` newest matching pages (by page id): a broad word matches most
    of the site, and ranking every match costs more than the rest of the search. The public search
    passes its pager's cap, so the results it counts and offers are exactly the ones ranked.
    """

    def search(
        self,
        query,
        model_or_queryset,
        fields=None,
        operator=None,
        order_by_relevance=True,
        rank_limit=None,
    ):
        return self._search(
            self.query_compiler_class,
            _segment_query(query),
            model_or_queryset,
            fields=fields,
            operator=operator or "and",
            order_by_relevance=order_by_relevance,
            **({"rank_limit": rank_limit} if rank_limit else {}),
        )

    def autocomplete(self, query, model_or_queryset, fields=None, operator=None, **kwargs):
        return super().autocomplete(
            _segment_query(query), model_or_queryset, fields, operator or "and", **kwargs
        )


def _segment_query(query):
    if isinstance(query, str):
        return segment(query)
    return query


class RankedResultsMixin:
    """Results read from ``query_compiler.matching_entries()`` when the compiler offers it: the index
    entries that match, each with its page id as ``page_id``, the condition that the page is in the
    searched queryset, and the rank expression to order them by (and its direction)."""

    def _matching_entries(self):
        matching = getattr(self.query_compiler, "matching_entries", None)
        return matching(self.query_compiler.get_config(self.backend)) if matching else None

    def _do_search(self):
        matching = self._matching_entries()
        if matching is None:
            return super()._do_search()
        entries, in_queryset, rank, ascending = matching
        limit = getattr(self.query_compiler, "rank_limit", None)
        if limit:
            newest = entries.filter(in_queryset).order_by(F("page_id").desc())
            # By page id, an expression no index serves: SQLite's FTS5 would otherwise look each rowid
            # up and match it again. These pages are known to be in the queryset.
            entries = entries.filter(
                page_id__in=list(newest.values_list("page_id", flat=True)[:limit])
            )
        else:
            entries = entries.filter(in_queryset)
        order = rank.asc() if ascending else rank.desc()
        ranked = entries.annotate(rank=rank).order_by(order, F("page_id").desc())
        rows = list(ranked.values_list("page_id", "rank")[self.start : self.stop])
        objects = self.query_compiler.queryset.in_bulk([page_id for page_id, _rank in rows])
        results = []
        for page_id, score in rows:
            obj = objects.get(page_id)
            if obj is not None:  # deleted between the two reads
                if self._score_field:
                    setattr(obj, self._score_field, score)
                results.append(obj)
        return results

    def _do_count(self):
        matching = self._matching_entries()
        if matching is None:
            return super()._do_count()
        entries, in_queryset, _rank, _ascending = matching
        # A sliced count (``results[:1001].count()``) stops at the slice's end.
        return entries.filter(in_queryset).order_by()[self.start : self.stop].count()


class RankLimitMixin:
    def __init__(self, *args, rank_limit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rank_limit = rank_limit


def _entries_of(compiler, entries):
    """``entries`` of the compiler's model with their object's id as ``page_id``, and the condition that
    this object is in the compiler's queryset."""
    from modelsearch.utils import get_descendants_content_types_pks

    model = compiler.queryset.model
    in_queryset = Exists(compiler.queryset.order_by().filter(pk=OuterRef("page_id")))
    entries = entries.filter(content_type_id__in=get_descendants_content_types_pks(model)).annotate(
        page_id=Cast("object_id", BigIntegerField())
    )
    return entries, in_queryset


def _applies(compiler) -> bool:
    from modelsearch.query import Fuzzy, MatchAll, Not

    return (
        compiler.fields is None
        and compiler.order_by_relevance
        and not isinstance(compiler.query, MatchAll | Fuzzy | Not)
        and compiler.queryset.model._meta.pk.get_internal_type()
        in ("AutoField", "BigAutoField", "IntegerField")
    )


@cache
def _segmented_backend_class(vendor: str) -> type:
    # Each vendor module only imports on its own database (the SQLite one needs its FTS model).
    if vendor == "postgresql":
        return _postgres_backend_class()
    return _sqlite_backend_class()


def _postgres_backend_class() -> type:
    from modelsearch.backends.database.postgres.postgres import (
        IndexEntry,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
        PostgresSearchResults,
    )

    class RankedPostgresSearchQueryCompiler(RankLimitMixin, PostgresSearchQueryCompiler):
        def matching_entries(self, config):
            if not _applies(self):
                return None
            search_query = self.build_tsquery(self.query, config=config)
            if search_query is None:
                return None
            # The same expression as the GIN index of core's migration 0006.
            document = F("title")._combine(F("body"), "||", False)
            entries, in_queryset = _entries_of(
                self, IndexEntry.objects.alias(document=document).filter(document=search_query)
            )
            vectors = [(F("title"), F("title_norm")), (F("body"), 1.0)]
            return entries, in_queryset, self._build_rank_expression(vectors, config), False

    return type(
        "SegmentedPostgresSearchBackend",
        (SegmentingMixin, PostgresSearchBackend),
        {
            "query_compiler_class": RankedPostgresSearchQueryCompiler,
            "results_class": type(
                "RankedPostgresSearchResults", (RankedResultsMixin, PostgresSearchResults), {}
            ),
        },
    )


def _sqlite_backend_class() -> type:
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteFTSIndexEntry,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
        SQLiteSearchResults,
    )

    class RankedSQLiteSearchQueryCompiler(RankLimitMixin, SQLiteSearchQueryCompiler):
        def matching_entries(self, config):
            if not _applies(self):
                return None
            query = normalize(self.query)
            search_query = self.build_search_query(query, config=config)
            if search_query is None:
                return None
            entries = (
                SQLiteFTSIndexEntry.objects.filter(
                    MatchExpression(self.FTS_TABLE_FIELDS, search_query)
                )
                .annotate(object_id=F("index_entry__object_id"))
                .alias(content_type_id=F("index_entry__content_type_id"))
            )
            # modelsearch's rank, bm25 × title_norm + bm25 × 1.0 (bm25 is the whole match's score, the
            # same for both vectors), computed once; lower is better, so ascending.
            rank = self.build_tsrank(None, self.query, config=config) * (
                F("index_entry__title_norm") + 1.0
            )
            return *_entries_of(self, entries), rank, True

    return type(
        "SegmentedSQLiteSearchBackend",
        (SegmentingMixin, SQLiteSearchBackend),
        {
            "query_compiler_class": RankedSQLiteSearchQueryCompiler,
            "results_class": type(
                "RankedSQLiteSearchResults", (RankedResultsMixin, SQLiteSearchResults), {}
            ),
        },
    )


def SearchBackend(params):  # noqa: N802 (Wagtail looks this name up in the module)
    return _segmented_backend_class(connection.vendor)(params)
