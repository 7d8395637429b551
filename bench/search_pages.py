"""Search at scale: builds 10,000 or 100,000 news pages (segmented and indexed as on save) and times the
public search.

The pages are inserted in bulk (tree paths computed here, as treebeard would), then indexed through the
search backend's own ``add_bulk``: each page's text is cut by ``BasePage.segmented_text`` exactly as a
save does. Their text is drawn (seeded) from the demo's sentences, so words are as frequent as in real
news: a broad word (工作室, in most pages), a middling one (物业纠纷) and a rarer one (消防通道).

Each search runs through the whole stack (Django's test client, the production settings, the page cache
off) and is timed ``ROUNDS`` times; the first timing is taken right after the bulk load, before any
ANALYZE (a site just restored or imported), then again after ``ANALYZE`` (PostgreSQL: ``VACUUM ANALYZE``,
as autovacuum would run it). Besides wall time the table gives this process's CPU time per search (on
SQLite it includes the database's work; on PostgreSQL the server's work is in its own process): on a
shared, loaded machine it moves far less than wall time.

    .venv/bin/python bench/search_pages.py 10000            # SQLite, bench/search.sqlite3
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/qiandeng_search_bench \
        .venv/bin/python bench/search_pages.py 100000
    ... --reuse                  # time again on the last database
    ... 90000 --add              # add 90,000 pages to the last database (10,000 → 100,000), then time
    ... --build-only             # build (or --add) without timing; the next --reuse times it as loaded
"""

import json
import os
import random
import re
import statistics
import sys
import time
import uuid
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.update(
    DJANGO_SETTINGS_MODULE="cms.settings.production",
    SECRET_KEY="bench-only",
    ALLOWED_HOSTS="testserver",
    SECURE_SSL_REDIRECT="false",
    STATIC_ROOT=str(ROOT / "bench" / "static"),
)
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'search.sqlite3'}")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.contrib.contenttypes.models import ContentType  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402
from wagtail.models import Locale, Page  # noqa: E402
from wagtail.search.backends import get_search_backend  # noqa: E402

from cms.demo import page_content as content  # noqa: E402
from cms.demo import pages as demo_pages  # noqa: E402
from cms.studios.models import NewsIndexPage, NewsPage  # noqa: E402

QUERIES = {
    "broad (工作室)": "工作室",
    "middling (物业纠纷)": "物业纠纷",
    "two words (志愿 调解)": "志愿 调解",
    "rare (消防通道)": "消防通道",
    "none (量子计算)": "量子计算",
}
BATCH = 2000
ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"


def sentences() -> list[str]:
    pool = list(content.COMMITTEE_COORDINATION)
    for studio in content.STUDIOS.values():
        for title, summary in studio["news"] + studio["services"] + studio["focus"]:
            pool += [title + "。", summary]
    return pool


def build(count: int) -> None:
    rng = random.Random(20)
    pool = sentences()
    indexes = list(NewsIndexPage.objects.order_by("path"))
    news_type = ContentType.objects.get_for_model(NewsPage)
    locale = Locale.get_default()
    now = timezone.now()
    today = timezone.localdate()
    backend = get_search_backend()
    table = NewsPage._meta.db_table
    columns = "page_ptr_id, date, summary, cover_image_id, body"
    made = 0
    started = time.perf_counter()
    while made < count:
        size = min(BATCH, count - made)
        with transaction.atomic():
            pages, rows = [], []
            for index in indexes:
                index.refresh_from_db(fields=["numchild"])
            for i in range(size):
                n = made + i
                index = indexes[n % len(indexes)]
                index.numchild += 1
                title = rng.choice(pool).rstrip("。") + f"（第 {n} 期）"
                slug = f"bulk-{n}"
                pages.append(
                    Page(
                        title=title,
                        draft_title=title,
                        slug=slug,
                        content_type=news_type,
                        path=index.path + _step(index.numchild),
                        depth=index.depth + 1,
                        numchild=0,
                        url_path=f"{index.url_path}{slug}/",
                        live=True,
                        has_unpublished_changes=False,
                        first_published_at=now,
                        last_published_at=now,
                        locale=locale,
                        translation_key=uuid.uuid4(),
                    )
                )
            Page.objects.bulk_create(pages)
            for n, page in enumerate(pages, start=made):
                body = "".join(f"<p>{s}</p>" for s in rng.sample(pool, rng.randint(3, 7)))
                if n % 3 == 0:
                    body += "<p>" + content.NEWS_BODY.format(studio="示例工作室") + "</p>"
                block = [{"type": "paragraph", "value": body, "id": str(uuid.uuid4())}]
                rows.append((page.pk, today, rng.choice(pool)[:200], None, json.dumps(block)))
            with connection.cursor() as cursor:
                marks = ", ".join(["%s"] * 5)
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)
            for index in indexes:
                Page.objects.filter(pk=index.pk).update(numchild=index.numchild)
            news = list(NewsPage.objects.filter(pk__in=[p.pk for p in pages]))
            for page in news:
                # The index reads segmented_text six times a page (title, body and autocomplete
                # vectors, each over every search field): cut it once, the same words.
                page.segmented_text = _once(page.segmented_text())
            backend.add_bulk(NewsPage, news)  # segmented_text, as a save indexes the page
        made += size
        elapsed = time.perf_counter() - started
        print(f"\r{made} pages ({elapsed:.0f} s, {made / elapsed:.0f}/s)", end="", flush=True)
    print()


def _once(text: str):
    return lambda: text


def _step(number: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(4, "0")


def measure(client: Client, rounds: int, title: str) -> None:
    load = ", ".join(f"{n:.2f}" for n in os.getloadavg())
    print(f"\n{title}; load average before: {load}")
    print(
        f"{'query':<24} {'results':>8} {'median ms':>10} {'p95 ms':>8} {'cpu ms':>7} {'queries':>8}"
    )
    for name, query in QUERIES.items():
        statements: list[str] = []

        def count(execute, sql, *args, statements=statements):
            statements.append(sql)
            return execute(sql, *args)

        with connection.execute_wrapper(count):
            first = client.get("/search/", {"q": query}).content.decode()
        found = re.search(r"找到 ([0-9,]+\+?) 条结果", first)
        total = found.group(1) if found else "0"
        timings, cpu = [], []
        for _ in range(rounds):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = client.get("/search/", {"q": query})
            timings.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            assert response.status_code == 200
        timings.sort()
        p95 = timings[max(0, int(len(timings) * 0.95) - 1)]
        print(
            f"{name:<24} {total!s:>8} {statistics.median(timings):>10.1f} {p95:>8.1f} "
            f"{statistics.median(cpu):>7.1f} {len(statements):>8}"
        )


def main() -> None:
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    count = int(args[0]) if args else 10_000
    rounds = int(args[1]) if len(args) > 1 else 30
    reuse = "--reuse" in sys.argv
    add = "--add" in sys.argv
    call_command("collectstatic", interactive=False, verbosity=0)
    if not reuse and not add:
        if connection.vendor == "sqlite":
            connection.close()
            Path(connection.settings_dict["NAME"]).unlink(missing_ok=True)
        else:
            _recreate_postgres_database()
    call_command("migrate", verbosity=0)  # also brings a reused database up to date
    if not reuse and not add:
        call_command("bootstrap_site", stdout=open(os.devnull, "w"))  # noqa: SIM115
        demo_pages.load_pages()  # the demo's pages only: records are not searched
    if not reuse:
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # statistics of the site before the bulk load
        # Nothing tidies up behind the bulk load until it has been timed: no fresh statistics,
        # and PostgreSQL's GIN indexes keep their pending lists (a site just restored or imported).
        _autovacuum(enabled=False)
        started = time.perf_counter()
        build(count)
        print(f"built and indexed {count} pages in {time.perf_counter() - started:.0f} s")
        if "--build-only" in sys.argv:
            return  # autovacuum stays off: the next --reuse times the site as loaded
    total = NewsPage.objects.count()
    client = Client()
    print(f"{connection.vendor}, {total} news pages, {rounds} rounds per query")
    with override_settings(PAGE_CACHE_SECONDS=0):
        # --reuse: the statistics as the last run (or autovacuum) left them.
        measure(
            client,
            rounds,
            "as loaded (no ANALYZE, no VACUUM since the bulk load)"
            if not reuse
            else "as found (as loaded after --build-only)",
        )
        _autovacuum(enabled=True)
        with connection.cursor() as cursor:
            # What autovacuum does within a minute of a bulk load: on PostgreSQL VACUUM too, which
            # clears the dead entry versions modelsearch's title_norm update leaves behind each insert.
            cursor.execute("VACUUM ANALYZE" if connection.vendor == "postgresql" else "ANALYZE")
        measure(client, rounds, "after (VACUUM) ANALYZE, as autovacuum leaves it")


TABLES = ("wagtailsearch_indexentry", "wagtailcore_page", "studios_newspage")


def _autovacuum(enabled: bool) -> None:
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in TABLES:
            if enabled:
                cursor.execute(f"ALTER TABLE {table} RESET (autovacuum_enabled)")
            else:
                cursor.execute(f"ALTER TABLE {table} SET (autovacuum_enabled = false)")


def _recreate_postgres_database() -> None:
    name = connection.settings_dict["NAME"]
    assert "bench" in name, "the bench drops its database: give it a name with 'bench' in it"
    connection.close()
    with connection._nodb_cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')


if __name__ == "__main__":
    main()
