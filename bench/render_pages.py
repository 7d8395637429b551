"""In-process render benchmark of the public pages: server time, CPU time and queries per page.

Runs the real stack (URL routing, middleware, templates) with the production settings (DEBUG off, Redis
cache at REDIS_URL, hashed static files) through Django's test client, against a demo database of its own
(``bench/bench.sqlite3`` unless DATABASE_URL is set), built on first use.

    make bench                      # or: .venv/bin/python bench/render_pages.py [ROUNDS]
    .venv/bin/python bench/render_pages.py 200 --reuse --cpu --uncached-only
    .venv/bin/python bench/render_pages.py 100 --reuse --profile news   # cProfile of one page's render

``--cpu`` adds this process's CPU time per request (``time.process_time``, median), the figure compared
with bakerydemo's recorded CPU per request, and "cold" columns: the same with a new content version before
every request (no cached route or fragment: what the first render after a content change costs). ``--reuse`` skips
migrate, collectstatic and the demo load on a database built before.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
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
os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'bench' / 'bench.sqlite3'}")
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, override_settings  # noqa: E402

PAGES = {
    "home": "/",
    "studio": "/studio-06/",
    "news index": "/studio-06/news/",
    "news": "/studio-06/news/news-1/",
    "service": "/studio-06/services/service-1/",
    "search": "/search/?q=物业纠纷",
}


def content_changed() -> None:
    """What a content change does: a new content version, so no cached route or fragment is used."""
    from cms.core import page_cache

    page_cache.invalidate()


def measure(client: Client, url: str, rounds: int, before=None) -> dict:
    client.get(url)  # warm: renditions, caches
    with CaptureQueriesContext(connection) as queries:
        if before:
            before()
        client.get(url)
    query_count = len(queries)  # now: each later request clears the log
    timings, cpu = [], []
    for _ in range(rounds):
        if before:
            before()
        start, start_cpu = time.perf_counter(), time.process_time()
        response = client.get(url)
        cpu.append((time.process_time() - start_cpu) * 1000)
        timings.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    timings.sort()
    return {
        "median": statistics.median(timings),
        "p95": timings[int(len(timings) * 0.95) - 1],
        "cpu": statistics.median(cpu),
        "queries": query_count,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("rounds", nargs="?", type=int, default=300)
    parser.add_argument("--reuse", action="store_true", help="database already built: no setup")
    parser.add_argument("--cpu", action="store_true", help="CPU ms per request, warm and cold")
    parser.add_argument("--uncached-only", action="store_true", help="skip the page-cache-on run")
    parser.add_argument("--pages", help="comma-separated page names (default: all)")
    parser.add_argument("--profile", metavar="PAGE", help="cProfile the render of one page")
    parser.add_argument("--sql", metavar="PAGE", help="print the queries of one page's render")
    parser.add_argument(
        "--cold", action="store_true", help="--profile/--sql after a content change"
    )
    args = parser.parse_args()
    if not args.reuse:
        call_command("migrate", verbosity=0)
        call_command("collectstatic", interactive=False, verbosity=0)
        call_command("load_demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    pages = PAGES
    if args.pages:
        pages = {name: PAGES[name] for name in args.pages.split(",")}
    content_changed()  # nothing cached by an earlier run (another database may share this Redis db)
    client = Client()
    load = os.getloadavg()
    print(f"{connection.vendor}, {args.rounds} rounds per page, load average {load[0]:.2f}")
    if args.profile:
        with override_settings(PAGE_CACHE_SECONDS=0):
            profile(
                client, PAGES[args.profile], args.rounds, content_changed if args.cold else None
            )
        return
    if args.sql:
        with override_settings(PAGE_CACHE_SECONDS=0):
            client.get(PAGES[args.sql])
            if args.cold:
                content_changed()
            with CaptureQueriesContext(connection) as queries:
                client.get(PAGES[args.sql])
        for query in queries.captured_queries:
            print(query["sql"], "\n")
        return
    with override_settings(PAGE_CACHE_SECONDS=0):
        report("full render (page cache off: every cache miss)", client, pages, args)
    if not args.uncached_only:
        report("served to anonymous visitors (page cache on)", client, pages, args)
    print(f"load average after: {os.getloadavg()[0]:.2f}")


def report(title: str, client: Client, pages: dict, args) -> None:
    print(f"\n{title}")
    header = f"{'page':<12} {'median ms':>10} {'p95 ms':>8} {'queries':>8}"
    if args.cpu:
        header += f" {'CPU ms':>7} {'cold CPU ms':>12} {'cold queries':>13}"
    print(header)
    for name, url in pages.items():
        warm = measure(client, url, args.rounds)
        line = f"{name:<12} {warm['median']:>10.2f} {warm['p95']:>8.2f} {warm['queries']:>8}"
        if args.cpu:
            cold = measure(client, url, max(args.rounds // 3, 10), before=content_changed)
            line += f" {warm['cpu']:>7.2f} {cold['cpu']:>12.2f} {cold['queries']:>13}"
        print(line)


def profile(client: Client, url: str, rounds: int, before=None) -> None:
    client.get(url)
    profiler = cProfile.Profile(time.process_time)  # CPU, not waiting for the database
    for _ in range(rounds):
        if before:
            before()
        profiler.enable()
        client.get(url)
        profiler.disable()
    stats = pstats.Stats(profiler)
    stats.sort_stats("cumulative").print_stats(60)
    stats.sort_stats("tottime").print_stats(40)


if __name__ == "__main__":
    main()
