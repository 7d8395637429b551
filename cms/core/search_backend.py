"""The search backend: Wagtail's database backend, with every query segmented by ``cms.core.search`` and
searches ranked from the index table.

Selected by ``WAGTAILSEARCH_BACKENDS``; it serves the public search, the admin search and autocomplete.

Why the ranking is ours: modelsearch joins every page to its index entry and filters on
``title || body`` (PostgreSQL), which none of its indexes serves, or ranks each result in a correlated
subquery (SQLite: a broad word took 38 s over 10,000 pages). Here a search reads the index table first,
through an index (PostgreSQL: a GIN index on the stored document of core's migration 0007; SQLite:
the FTS5 table), keeps the entries whose page is in the searched queryset, ranks them with modelsearch's own
rank expression, and loads only the pages of the slice asked for. Results and their order (rank, then
newest page first) are modelsearch's; anything else (``fields=``, ordering by a field, phrases, negated
queries, facets, autocomplete) goes to modelsearch unchanged.

A caller may rank only the newest matches (``rank_limit=n``, the public search's pager cap): a broad
word matches most of the site, and finding and ranking every match grows with the site. "Newest" is the
order in which pages were first indexed (the index entry's id, which a re-index keeps), so both
databases can walk their index newest first and stop after ``n + 1`` matches, which also tells the pager
whether there are more than ``n``:
- SQLite reads its FTS5 table by descending rowid (the entry's id), which FTS5 does without a sort;
- PostgreSQL reads the newest entries by id, matching each against the stored ``strip(title || body)``
  of core's migration 0007, and takes what a word rare among them still needs from the GIN index on
  that column (see ``PROBE_PER_RESULT``). The pages of the matches found are then checked by id. Every
  step is bounded whatever the planner's statistics say: a site just bulk loaded, never ANALYZEd,
  searches as fast.
"""

from functools import cache

from django.contrib.postgres.search import SearchVectorField
from django.db import connection
from django.db.models import BigIntegerField, BooleanField, Exists, F, OuterRef
from django.db.models.expressions import RawSQL
from django.db.models.functions import Cast

from cms.core.search import segment

# PostgreSQL: to find the newest n matches, a search first reads the newest ``PROBE_PER_RESULT * n``
# entries by id, matching each against its stored document. If fewer than n match, the share that did
# (d) says which way is cheaper for the rest: reading on (about rest / d entries) or the GIN index
# (every older match, about d × older entries, each costing ``GIN_MATCH_COST`` entries read by id: a
# table page per candidate). Above ``SEQ_SCAN_SHARE``, a planner with fresh statistics reads the whole
# table instead of the index (measured: two words in 14 % of 10,000 entries took 33 ms that way,
# reading on 4 ms). Over 100,000 entries a word in fewer than ~4.5 % of the newest pages takes the index.
PROBE_PER_RESULT = 2
GIN_MATCH_COST = 2
SEQ_SCAN_SHARE = 0.1


class SegmentingMixin:
    """Segments plain-string queries and requires every word by default, as a search box does.

    ``rank_limit=n`` ranks only the ``n`` newest matching pages (see the module's docstring). The public
    search passes its pager's cap, so the results it counts and offers are exactly the ones ranked.
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


class Matches:
    """The index entries that match a search and whose object is in the searched queryset, each with
    its object's id as ``page_id``; how to rank them; and how to find the newest of them."""

    def __init__(self, entries, rank, ascending: bool):
        self.entries = entries
        self.rank = rank
        self.ascending = ascending
        self._newest = {}

    def newest(self, n: int) -> list[int]:
        """The ids of the newest ``n`` matching entries (all of them when fewer match)."""
        if n not in self._newest:
            self._newest[n] = self._find_newest(n)
        return self._newest[n]

    def _find_newest(self, n: int) -> list[int]:
        raise NotImplementedError

    def among(self, ids: list[int]):
        """The matching entries among ``ids`` (ids returned by ``newest``)."""
        raise NotImplementedError


class RankedResultsMixin:
    """Results read from the compiler's ``matches()`` (a ``Matches``, or ``None`` to leave the search to
    modelsearch), computed once for a search and every slice of it."""

    def _matches(self) -> Matches | None:
        compiler = self.query_compiler
        if not hasattr(compiler, "matches_found"):
            make = getattr(compiler, "matches", None)
            compiler.matches_found = make(compiler.get_config(self.backend)) if make else None
        return compiler.matches_found

    def _do_search(self):
        matches = self._matches()
        if matches is None:
            return super()._do_search()
        entries = matches.entries
        limit = getattr(self.query_compiler, "rank_limit", None)
        if limit:
            newest = matches.newest(limit + 1)[:limit]
            if not newest:
                return []
            entries = matches.among(newest)
        order = matches.rank.asc() if matches.ascending else matches.rank.desc()
        ranked = entries.annotate(rank=matches.rank).order_by(order, F("page_id").desc())
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
        matches = self._matches()
        if matches is None:
            return super()._do_count()
        limit = getattr(self.query_compiler, "rank_limit", None)
        if limit and self.stop is not None and self.stop <= limit + 1:
            # The pager's capped count: the newest-first search found it already.
            count = len(matches.newest(limit + 1))
            return max(0, min(count, self.stop) - self.start)
        # A sliced count (``results[:1001].count()``) stops at the slice's end.
        return matches.entries.order_by()[self.start : self.stop].count()


class RankLimitMixin:
    def __init__(self, *args, rank_limit=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.rank_limit = rank_limit


def _in_queryset(compiler, entries):
    """``entries`` of the compiler's model with their object's id as ``page_id``, whose object is in the
    compiler's queryset."""
    in_queryset = Exists(compiler.queryset.order_by().filter(pk=OuterRef("page_id")))
    entries = entries.filter(content_type_id__in=_content_types(compiler))
    return _with_page_id(entries).filter(in_queryset)


def _content_types(compiler) -> list[int]:
    from modelsearch.utils import get_descendants_content_types_pks

    return get_descendants_content_types_pks(compiler.queryset.model)


def _with_page_id(entries):
    return entries.annotate(page_id=Cast("object_id", BigIntegerField()))


def _applies(compiler) -> bool:
    from modelsearch.query import Fuzzy, MatchAll, Not, Phrase

    return (
        compiler.fields is None
        and compiler.order_by_relevance
        and not _contains(compiler.query, (MatchAll, Fuzzy, Not, Phrase))
        and compiler.queryset.model._meta.pk.get_internal_type()
        in ("AutoField", "BigAutoField", "IntegerField")
    )


def _contains(query, kinds: tuple) -> bool:
    # Phrases need word positions, which the stored document (PostgreSQL) does not keep.
    if isinstance(query, kinds):
        return True
    return any(_contains(sub, kinds) for sub in getattr(query, "subqueries", ()))


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

    table = IndexEntry._meta.db_table

    class PostgresMatches(Matches):
        def __init__(self, compiler, search_query, rank):
            # ``strip(title || body)``, the generated column of core's migration 0007 (unknown to
            # the model), with its own GIN index.
            document = RawSQL(f'"{table}"."search_document"', [], SearchVectorField())
            matching = IndexEntry.objects.alias(document=document).filter(document=search_query)
            super().__init__(_in_queryset(compiler, matching), rank, False)
            self._queryset = compiler.queryset
            types = _content_types(compiler)
            self._matching = _with_page_id(matching.filter(content_type_id__in=types))

        def _find_newest(self, n):
            # Entries first, their pages after: a join to every page is what the planner picks
            # when its statistics are stale or it expects many matches.
            newest, before = [], None
            while len(newest) < n:
                batch = self._newest_entries(n, before)
                pages = [page for _entry, page in batch]
                shown = set(
                    self._queryset.filter(_any(self._queryset.model, pages)).values_list(
                        "pk", flat=True
                    )
                    if pages
                    else ()
                )
                newest += [entry for entry, page in batch if page in shown]
                if len(batch) < n:
                    break
                before = batch[-1][0]
            return newest[:n]

        def _newest_entries(self, n, before):
            """The newest ``n`` matching entries older than ``before``: (entry id, page id)."""
            probe = PROBE_PER_RESULT * n
            found = self._walk(n, before, probe)
            rest, share = n - len(found), len(found) / probe
            # Ids count entries (roughly: an update keeps its id, a failed insert skips one).
            left = found[-1][0] if found else 0
            index_cost = left if share >= SEQ_SCAN_SHARE else GIN_MATCH_COST * share * left
            if rest and found and rest / share < index_cost:
                # Common enough among the newest: reading on is cheaper than the GIN index (and stops
                # at twice the entries expected, should the word thin out further back).
                found += self._walk(rest, found[-1][0], int(2 * rest / share))
            if len(found) < n:
                # Rare among the newest entries: the rest from the GIN index. Every entry between
                # the last match and where the walk stopped was read and did not match.
                older = found[-1][0] if found else before
                matching = self._matching.filter(id__lt=older) if older else self._matching
                found += self._newest_of(matching, n - len(found))
            return found

        def _walk(self, n, before, rows):
            """The matches among the newest ``rows`` entries (of any model) older than ``before``,
            read by id from the newest and matched against their stored document, up to ``n``."""
            query = self._matching.query
            where, params = query.get_compiler(using=self._matching.db).compile(query.where)
            older = 'WHERE "id" < %s' if before else ""
            # The inner LIMIT makes the planner read the newest entries by id, whatever it expects
            # of the match (without statistics it expects one row).
            sql = (
                'SELECT "id", ("object_id")::bigint FROM (SELECT "id", "content_type_id", '
                f'"object_id", "search_document" FROM "{table}" {older} '
                f'ORDER BY "id" DESC LIMIT %s) AS "{table}" WHERE {where} ORDER BY "id" DESC LIMIT %s'
            )
            with connection.cursor() as cursor:
                cursor.execute(sql, [*([before] if before else []), rows, *params, n])
                return cursor.fetchall()

        @staticmethod
        def _newest_of(matching, n):
            # ``id + 0``: an order no index serves, so that a planner whose statistics call the word
            # common cannot walk back by id through every older entry. It may still read the whole
            # table rather than the GIN index when it expects many matches: cheap on a small site,
            # and on a large one only words rare among the newest pages come here.
            return list(matching.order_by((F("id") + 0).desc()).values_list("id", "page_id")[:n])

        def among(self, ids):
            # Known to match, of the searched models and in the queryset: no need to ask again (a
            # content type condition made the planner read that index's 20,000 rows as well).
            return _with_page_id(IndexEntry.objects.filter(_any(IndexEntry, ids)))

    class RankedPostgresSearchQueryCompiler(RankLimitMixin, PostgresSearchQueryCompiler):
        def matches(self, config):
            if not _applies(self):
                return None
            # A named configuration makes to_tsquery() immutable: PostgreSQL computes the query once
            # instead of once a row.
            config = config or _default_search_config()
            search_query = self.build_tsquery(self.query, config=config)
            if search_query is None:
                return None
            vectors = [(F("title"), F("title_norm")), (F("body"), 1.0)]
            return PostgresMatches(self, search_query, self._build_rank_expression(vectors, config))

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


def _any(model, ids: list[int]) -> RawSQL:
    """``pk = ANY(ids)``: one array parameter, where ``pk__in`` would prepare a thousand. The array goes as
    its text: given a list, psycopg's client-side binding checks every element for quoting (~1.5 ms of
    CPU for the thousand ids a search hands over, twice a search)."""
    pk = model._meta.pk
    column = f'"{model._meta.db_table}"."{pk.column}"'
    array = "{" + ",".join(str(int(i)) for i in ids) + "}"
    return RawSQL(f"{column} = ANY(%s::{pk.db_type(connection)}[])", [array], BooleanField())


@cache
def _default_search_config() -> str:
    """The configuration modelsearch indexes with when none is set (the server's default)."""
    with connection.cursor() as cursor:
        cursor.execute("SHOW default_text_search_config")
        return cursor.fetchone()[0]


def _sqlite_backend_class() -> type:
    from modelsearch.backends.database.sqlite.query import MatchExpression, normalize
    from modelsearch.backends.database.sqlite.sqlite import (
        SQLiteFTSIndexEntry,
        SQLiteSearchBackend,
        SQLiteSearchQueryCompiler,
        SQLiteSearchResults,
    )

    class SQLiteMatches(Matches):
        def _find_newest(self, n):
            # FTS5 returns rowids (the entries' ids) in descending order without sorting.
            return list(self.entries.order_by("-pk").values_list("pk", flat=True)[:n])

        def among(self, ids):
            # A rowid range, which FTS5 applies to its own lists; the matches in it are ``ids``.
            return self.entries.filter(pk__gte=min(ids))

    class RankedSQLiteSearchQueryCompiler(RankLimitMixin, SQLiteSearchQueryCompiler):
        def matches(self, config):
            if not _applies(self):
                return None
            search_query = self.build_search_query(normalize(self.query), config=config)
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
            return SQLiteMatches(_in_queryset(self, entries), rank, True)

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
