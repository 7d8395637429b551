"""A real running site for end-to-end tests: started through the production entrypoint script.

The site gets its own database (a temporary SQLite file, or a fresh PostgreSQL database when the suite runs
on PostgreSQL), collected static files and the demo content, exactly as a deployment would be prepared.
"""

import os
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


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def _database(workdir: Path):
    """A database URL for the site: a new PostgreSQL database if the suite runs on PostgreSQL."""
    suite_url = os.environ.get("DATABASE_URL", "")
    if not suite_url.startswith("postgres"):
        yield f"sqlite:///{workdir / 'site.sqlite3'}"
        return
    config = dj_database_url.parse(suite_url)
    name = f"qiandeng_live_{uuid.uuid4().hex[:8]}"
    admin = dict(host=config["HOST"], port=config["PORT"] or 5432, user=config["USER"])
    with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield suite_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(dbname="postgres", autocommit=True, **admin) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


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
def running_site(**environment: str):
    """Yields the base URL of a site started by ``docker/entrypoint.sh`` with the demo content loaded;
    ``environment`` adds to or replaces the production settings' variables (e.g. ``REDIS_URL``)."""
    with running_sites(1, **environment) as (base_url,):
        yield base_url


@contextmanager
def running_sites(count: int, **environment: str):
    """Yields the base URLs of ``count`` app servers (each a gunicorn with its own workers) sharing one
    database, as several app servers behind a load balancer; the first one migrates, as in a deployment."""
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        with _database(workdir) as database_url:
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
                "PYTHON": sys.executable,
                "WEB_CONCURRENCY": "2",
            }
            env.pop("REDIS_URL", None)
            env.update(environment)
            manage = [sys.executable, "manage.py"]
            subprocess.run(
                [*manage, "collectstatic", "--noinput", "-v0"], cwd=ROOT, env=env, check=True
            )
            servers, logs, urls = [], [], []
            try:
                for index in range(count):
                    port = _free_port()
                    server_env = {
                        **env,
                        "BIND": f"127.0.0.1:{port}",
                        "RUN_MIGRATIONS": "1" if index == 0 else "0",
                    }
                    log = open(workdir / f"server{index}.log", "w")  # noqa: SIM115 (closed below)
                    logs.append(log)
                    server = subprocess.Popen(
                        [str(ROOT / "docker/entrypoint.sh")],
                        cwd=ROOT,
                        env=server_env,
                        stdout=log,
                        stderr=log,
                    )
                    servers.append(server)
                    urls.append(f"http://127.0.0.1:{port}")
                    _wait_until_up(urls[-1] + "/", server)
                subprocess.run(
                    [*manage, "load_demo"], cwd=ROOT, env=env, check=True, capture_output=True
                )
                yield urls
            finally:
                for server in servers:
                    server.terminate()
                for server in servers:
                    server.wait(timeout=30)
                for log in logs:
                    log.close()
