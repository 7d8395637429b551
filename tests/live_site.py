"""A real running site for end-to-end tests: started through the production entrypoint script.

The site gets its own database (a temporary SQLite file, or a fresh PostgreSQL database when the suite runs
on PostgreSQL), collected static files and the demo content, exactly as a deployment would be prepared.
The demo content is loaded once per test run into a seed database (``load_demo`` takes minutes); each site
starts on its own copy of it, so no test sees another's writes.
"""

import contextlib
import fcntl
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from contextlib import contextmanager
from pathlib import Path

import dj_database_url
import psycopg

ROOT = Path(__file__).resolve().parent.parent
START_TIMEOUT = 300  # migrations of a fresh database take long on a busy machine


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def suite_vendor() -> str:
    """The database the suite runs on: "postgresql" when DATABASE_URL points at PostgreSQL."""
    return "postgresql" if os.environ.get("DATABASE_URL", "").startswith("postgres") else "sqlite"


def shared_redis_url() -> str | None:
    """The Redis that several started processes share: on the PostgreSQL run (CI has both services);
    on SQLite the processes share the database's cache table instead."""
    if suite_vendor() != "postgresql":
        return None
    return os.environ.get("QIANDENG_TEST_REDIS_URL", "redis://127.0.0.1:6379/3")


@contextmanager
def fresh_database(workdir: Path, vendor: str | None = None):
    """A new, empty database's URL: a SQLite file in ``workdir``, or a new PostgreSQL database on the
    suite's server (dropped afterwards). ``vendor`` defaults to the suite's."""
    if (vendor or suite_vendor()) == "sqlite":
        yield f"sqlite:///{workdir / f'site-{uuid.uuid4().hex[:8]}.sqlite3'}"
        return
    suite_url = os.environ["DATABASE_URL"]
    name = f"qiandeng_live_{uuid.uuid4().hex[:8]}"
    with _admin_connection(suite_url) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield suite_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with _admin_connection(suite_url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _admin_connection(suite_url: str):
    config = dj_database_url.parse(suite_url)
    return psycopg.connect(
        dbname="postgres",
        autocommit=True,
        host=config["HOST"],
        port=config["PORT"] or 5432,
        user=config["USER"],
    )


def _seed_directory() -> Path:
    """One directory per test run, shared by its processes (pytest-xdist workers inherit the run's id)."""
    return Path(tempfile.gettempdir()) / f"qiandeng-seed-{os.environ[TEST_RUN]}"


TEST_RUN = "QIANDENG_TEST_RUN"  # set by tests/conftest.py before the workers start
# The run's seeds: "migrated", every migration applied and nothing else (what a deployment's first start
# finds after its migrate step); "demo", prepared by the entrypoint and holding the demo content.
SEEDS = ("migrated", "demo")


def _seed_database_name(seed: str) -> str:
    return f"qiandeng_seed_{os.environ[TEST_RUN][:12]}_{seed}"


@contextmanager
def _seed_lock():
    directory = _seed_directory()
    directory.mkdir(exist_ok=True)
    with open(directory / "lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield directory
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _server_url(name: str) -> str:
    return os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"


def _copy_database(directory: Path, vendor: str, seed: str, target: Path | str) -> None:
    """Copies a seed: to the file ``target`` (SQLite) or to a new database named ``target`` (PostgreSQL)."""
    if vendor == "sqlite":
        shutil.copyfile(directory / f"{seed}.sqlite3", target)
        return
    with _admin_connection(os.environ["DATABASE_URL"]) as conn:
        conn.execute(f'CREATE DATABASE "{target}" TEMPLATE "{_seed_database_name(seed)}"')


def _build_seeds(directory: Path, vendor: str) -> None:
    """Migrates a new database as a deployment does (production settings, from zero) and keeps a copy of it;
    then prepares it through the entrypoint, loads the demo and collects static files, all in ``directory``."""
    shutil.rmtree(directory / "media", ignore_errors=True)  # what a failed build may have left
    if vendor == "sqlite":
        for seed in SEEDS:
            (directory / f"{seed}.sqlite3").unlink(missing_ok=True)
        url = f"sqlite:///{directory / 'demo.sqlite3'}"
    else:
        with _admin_connection(os.environ["DATABASE_URL"]) as conn:
            for seed in SEEDS:
                conn.execute(f'DROP DATABASE IF EXISTS "{_seed_database_name(seed)}"')
            conn.execute(f'CREATE DATABASE "{_seed_database_name("demo")}"')
        url = _server_url(_seed_database_name("demo"))
    env = production_env(directory, url)
    manage(env, "collectstatic", "--noinput", "-v0")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")
    if vendor == "sqlite":
        _copy_database(directory, vendor, "demo", directory / "migrated.sqlite3")
    else:
        _copy_database(directory, vendor, "demo", _seed_database_name("migrated"))
    prepared = subprocess.run(
        [str(ROOT / "docker/entrypoint.sh"), sys.executable, "manage.py", "load_demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if prepared.returncode != 0:
        raise RuntimeError(f"preparing the seed failed:\n{prepared.stderr}")
    (directory / f"ready-{vendor}").touch()


@contextmanager
def seeded_database(workdir: Path, vendor: str | None = None, seed: str = "demo"):
    """A new database copied from one of the run's seeds (built on first use, see ``SEEDS``), the demo's
    media files copied to ``workdir / "media"``; yields the database's URL. The copy is dropped afterwards."""
    vendor = vendor or suite_vendor()
    with _seed_lock() as directory:
        if not (directory / f"ready-{vendor}").exists():
            _build_seeds(directory, vendor)
        if seed == "demo":
            shutil.copytree(directory / "media", workdir / "media", dirs_exist_ok=True)
        if vendor == "sqlite":
            copy = workdir / f"site-{uuid.uuid4().hex[:8]}.sqlite3"
            _copy_database(directory, vendor, seed, copy)
            url = f"sqlite:///{copy}"
        else:
            name = f"qiandeng_live_{uuid.uuid4().hex[:8]}"
            _copy_database(directory, vendor, seed, name)
            url = _server_url(name)
    try:
        yield url
    finally:
        if vendor == "postgresql":
            with _admin_connection(os.environ["DATABASE_URL"]) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def seeded_static_root() -> Path:
    """The static files collected once for the run's seeds (read-only for every site)."""
    return _seed_directory() / "static"


def drop_seeds() -> None:
    """Removes the run's seed directory and PostgreSQL seed databases (called once, when the run ends)."""
    shutil.rmtree(_seed_directory(), ignore_errors=True)
    if suite_vendor() == "postgresql":
        with _admin_connection(os.environ["DATABASE_URL"]) as conn:
            for seed in SEEDS:
                conn.execute(f'DROP DATABASE IF EXISTS "{_seed_database_name(seed)}" WITH (FORCE)')


def production_env(workdir: Path, database_url: str, **overrides: str) -> dict[str, str]:
    """The environment of a production process: production settings on the given database, with its
    own static, media and private directories under ``workdir``; plain HTTP (no TLS proxy in tests)."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "live-site-test-key",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": database_url,
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(workdir / "static"),
        "MEDIA_ROOT": str(workdir / "media"),
        "PRIVATE_MEDIA_ROOT": str(workdir / "private"),
        "PYTHON": sys.executable,
    }
    env.pop("REDIS_URL", None)
    env.update(overrides)
    return env


def manage(env: dict[str, str], *arguments: str) -> str:
    """Runs a management command in a production process; returns its standard output."""
    result = subprocess.run(
        [sys.executable, "manage.py", *arguments], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(arguments)} failed:\n{result.stderr}")
    return result.stdout


# Every table's row count, printed by a production process.
_COUNT_ROWS = """
import json
from django.db import connection
counts = {}
with connection.cursor() as cursor:
    for table in connection.introspection.table_names():
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
print(json.dumps(counts))
"""


def row_counts(env: dict[str, str]) -> dict[str, int]:
    """The number of rows in every table of the database ``env`` points at."""
    # Production settings log JSON lines to stdout too: the counts are the JSON line that is no log record.
    lines = manage(env, "shell", "--no-imports", "-c", _COUNT_ROWS).splitlines()
    parsed = [json.loads(line) for line in lines if line.startswith("{")]
    return next(data for data in reversed(parsed) if "level" not in data)


def _wait_until_up(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"entrypoint exited with {process.returncode}")
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except urllib.error.HTTPError:
            return  # the server answers; the page itself may not exist yet
        except OSError:
            time.sleep(0.3)
    raise TimeoutError(f"site did not answer at {url} within {START_TIMEOUT}s")


@contextmanager
def served(env: dict[str, str], port: int, workers: int = 2):
    """Yields the base URL of gunicorn started by ``docker/entrypoint.sh`` (which migrates first) on
    ``port``; its output goes to ``server-<port>.log`` beside the static files."""
    log_path = Path(env["MEDIA_ROOT"]).parent / f"server-{port}.log"
    env = {**env, "BIND": f"127.0.0.1:{port}", "WEB_CONCURRENCY": str(workers)}
    with open(log_path, "w") as log:
        server = subprocess.Popen(
            [str(ROOT / "docker/entrypoint.sh")], cwd=ROOT, env=env, stdout=log, stderr=log
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_up(base_url + "/healthz", server)
            yield base_url
        finally:
            server.terminate()
            server.wait(timeout=30)


@contextmanager
def running_site(**environment: str):
    """Yields the base URL of a site started by ``docker/entrypoint.sh`` with the demo content loaded;
    ``environment`` adds to or replaces the production settings' variables (e.g. ``REDIS_URL``)."""
    with running_sites(1, **environment) as (base_url,):
        yield base_url


@contextmanager
def running_sites(count: int, **environment: str):
    """Yields the base URLs of ``count`` app servers sharing one database with the demo content, as several
    app servers behind a load balancer; the first one migrates (nothing left to do), as in a deployment."""
    with _running_sites(count, **environment) as (urls, _env):
        yield urls


@contextmanager
def running_site_with_env(**environment: str):
    """Like ``running_site``, also yielding the processes' environment, so a test can run management
    commands against the same database (e.g. a queue worker: ``manage(env, "db_worker", "--batch")``)."""
    with _running_sites(1, **environment) as (urls, env):
        yield urls[0], env


@contextmanager
def _running_sites(count: int, **environment: str):
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        with seeded_database(workdir) as database_url:
            env = production_env(
                workdir, database_url, STATIC_ROOT=str(seeded_static_root()), **environment
            )
            with contextlib.ExitStack() as servers:
                urls = [
                    servers.enter_context(
                        served({**env, "RUN_MIGRATIONS": "1" if index == 0 else "0"}, free_port())
                    )
                    for index in range(count)
                ]
                yield urls, env
