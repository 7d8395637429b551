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
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
from contextlib import closing, contextmanager
from pathlib import Path

import dj_database_url
import psycopg
from django.conf import settings

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
# The run's seeds, each built once on first use: "migrated", every migration applied and nothing else (what a
# deployment's first start finds after its migrate step, and what every test process's database starts
# from); "demo", a copy of it prepared by the entrypoint and holding the demo content.
SEEDS = ("migrated", "demo")


def _seed_database_name(seed: str) -> str:
    return f"qiandeng_seed_{os.environ[TEST_RUN][:12]}_{seed}"


@contextmanager
def _seed_lock(seed: str):
    """Held while a seed is built or copied: one lock per seed, so copying the migrated seed never waits
    for the demo's build."""
    directory = _seed_directory()
    directory.mkdir(exist_ok=True)
    with open(directory / f"lock-{seed}", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield directory
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _server_url(name: str) -> str:
    return os.environ["DATABASE_URL"].rsplit("/", 1)[0] + f"/{name}"


def _seed_target(directory: Path, vendor: str, seed: str) -> Path | str:
    """Where ``seed`` is kept: its file (SQLite) or its database's name (PostgreSQL)."""
    if vendor == "sqlite":
        return directory / f"{seed}.sqlite3"
    return _seed_database_name(seed)


def _seed_url(directory: Path, vendor: str, seed: str) -> str:
    if vendor == "sqlite":
        return f"sqlite:///{_seed_target(directory, vendor, seed)}"
    return _server_url(_seed_database_name(seed))


def _copy_database(directory: Path, vendor: str, seed: str, target: Path | str) -> None:
    """Copies a seed: to the file ``target`` (SQLite) or to a new database named ``target`` (PostgreSQL)."""
    if vendor == "sqlite":
        shutil.copyfile(_seed_target(directory, vendor, seed), target)
        return
    with _admin_connection(os.environ["DATABASE_URL"]) as conn:
        conn.execute(f'CREATE DATABASE "{target}" TEMPLATE "{_seed_database_name(seed)}"')


def _drop_seed(directory: Path, vendor: str, seed: str) -> None:
    """Removes what a failed build may have left of ``seed``."""
    if vendor == "sqlite":
        (directory / f"{seed}.sqlite3").unlink(missing_ok=True)
        return
    with _admin_connection(os.environ["DATABASE_URL"]) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{_seed_database_name(seed)}" WITH (FORCE)')


def _build_migrated(directory: Path, vendor: str) -> None:
    """Migrates a new database as a deployment does: production settings, from zero."""
    _drop_seed(directory, vendor, "migrated")
    if vendor == "postgresql":
        with _admin_connection(os.environ["DATABASE_URL"]) as conn:
            conn.execute(f'CREATE DATABASE "{_seed_database_name("migrated")}"')
    env = production_env(directory, _seed_url(directory, vendor, "migrated"))
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "createcachetable")


def _build_demo(directory: Path, vendor: str) -> None:
    """Prepares a copy of the migrated seed through the entrypoint: the demo content, and its media files in
    ``directory``."""
    _drop_seed(directory, vendor, "demo")
    shutil.rmtree(directory / "media", ignore_errors=True)
    _copy_seed("migrated", vendor, _seed_target(directory, vendor, "demo"))
    env = production_env(directory, _seed_url(directory, vendor, "demo"))
    prepared = subprocess.run(
        [str(ROOT / "docker/entrypoint.sh"), sys.executable, "manage.py", "load_demo"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )
    if prepared.returncode != 0:
        raise RuntimeError(f"preparing the seed failed:\n{prepared.stderr}")


_BUILDS = {"migrated": _build_migrated, "demo": _build_demo}


def _copy_seed(seed: str, vendor: str, target: Path | str) -> Path:
    """Copies ``seed`` (built first if this run has not built it yet) to ``target``, a file (SQLite) or a
    database name (PostgreSQL); returns the run's seed directory."""
    with _seed_lock(seed) as directory:
        ready = directory / f"ready-{vendor}-{seed}"
        if not ready.exists():
            _BUILDS[seed](directory, vendor)
            ready.touch()
        _copy_database(directory, vendor, seed, target)
    return directory


@contextmanager
def seeded_database(workdir: Path, vendor: str | None = None, seed: str = "demo"):
    """A new database copied from one of the run's seeds (see ``SEEDS``), the demo's media files copied to
    ``workdir / "media"``; yields the database's URL. The copy is dropped afterwards."""
    vendor = vendor or suite_vendor()
    workdir.mkdir(parents=True, exist_ok=True)
    if vendor == "sqlite":
        copy = workdir / f"site-{uuid.uuid4().hex[:8]}.sqlite3"
        directory = _copy_seed(seed, vendor, copy)
        url = f"sqlite:///{copy}"
    else:
        name = f"qiandeng_live_{uuid.uuid4().hex[:8]}"
        directory = _copy_seed(seed, vendor, name)
        url = _server_url(name)
    try:
        if seed == "demo":
            shutil.copytree(directory / "media", workdir / "media", dirs_exist_ok=True)
        yield url
    finally:
        if vendor == "postgresql":
            with _admin_connection(os.environ["DATABASE_URL"]) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{url.rsplit("/", 1)[1]}" WITH (FORCE)')


def test_database_from_seed(connection) -> str:
    """Points ``connection`` at a new test database copied from the run's migrated seed: what Django's test
    set-up builds by migrating, built by migrating once per run instead of once per test process. Returns
    the database's previous name, for ``connection.creation.destroy_test_db``."""
    old_name = connection.settings_dict["NAME"]
    test_name = connection.creation._get_test_db_name()
    if connection.vendor == "postgresql":
        with _admin_connection(os.environ["DATABASE_URL"]) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{test_name}" WITH (FORCE)')
        _copy_seed("migrated", "postgresql", test_name)
    connection.close()
    settings.DATABASES[connection.alias]["NAME"] = test_name
    connection.settings_dict["NAME"] = test_name
    if connection.vendor == "sqlite":
        # The test database lives in memory: SQLite's backup API fills it from a copy of the seed's file.
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "migrated.sqlite3"
            _copy_seed("migrated", "sqlite", copy)
            connection.ensure_connection()
            with closing(sqlite3.connect(copy)) as seed:
                seed.backup(connection.connection)
    return old_name


def seeded_static_root() -> Path:
    """The static files, collected once per run (read-only for every site)."""
    with _seed_lock("static") as directory:
        ready = directory / "ready-static"
        if not ready.exists():
            # collectstatic reads no database; production settings still want a URL.
            manage(
                production_env(directory, _seed_url(directory, "sqlite", "static")),
                "collectstatic",
                "--noinput",
                "-v0",
            )
            ready.touch()
    return directory / "static"


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
    app servers behind a load balancer. None of them runs the entrypoint's migrate step: the seed was
    prepared by it already, and its ~10 s a start are tested where they matter (tests/core/test_entrypoint.py,
    tests/test_two_app_servers.py, tests/committee/test_bootstrap_site.py)."""
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
                    servers.enter_context(served({**env, "RUN_MIGRATIONS": "0"}, free_port()))
                    for _ in range(count)
                ]
                yield urls, env
