"""The production stack as files (compose.yaml, Dockerfile, .dockerignore, docker/nginx.conf): Docker
cannot run here, so their topology is read and checked; tests/core/test_two_app_servers.py proves the
same topology with processes."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from cms.cases.public import MAX_FILES
from cms.core.uploads import MAX_UPLOAD_BYTES

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
APP_SERVERS = ("app1", "app2")
PYTHON_SERVICES = (*APP_SERVERS, "worker", "scheduler")
NGINX = (ROOT / "docker/nginx.conf").read_text()
DOCKERFILE = (ROOT / "Dockerfile").read_text()
DEMO_PACKAGES = ("factory-boy", "faker", "wagtail-factories")


def read_by_the_code() -> tuple[set[str], set[str]]:
    """Environment names the settings, the entrypoint and the health check read: (all, required)."""
    settings = "".join(p.read_text() for p in (ROOT / "cms/settings").glob("*.py"))
    scripts = (ROOT / "docker/entrypoint.sh").read_text() + (
        ROOT / "docker/healthcheck.py"
    ).read_text()
    required = set(re.findall(r'os\.environ\["(\w+)"\]', settings))
    optional = set(re.findall(r'os\.environ\.get\("(\w+)"', settings + scripts))
    optional |= set(re.findall(r'env="(\w+)"', settings))
    optional |= set(re.findall(r"\$\{(\w+)", scripts))
    return required | optional, required


def dockerfile_stage(name: str) -> str:
    stages = re.split(r"^FROM ", DOCKERFILE, flags=re.MULTILINE)
    return next(s for s in stages if re.match(rf"\S+ AS {name}\b", s))


def test_two_app_servers_one_worker_a_proxy_postgresql_and_redis():
    assert set(SERVICES) == {*APP_SERVERS, "worker", "scheduler", "proxy", "db", "redis"}
    for name in APP_SERVERS:
        assert "command" not in SERVICES[name], "app servers run the entrypoint's gunicorn"
    migrating = [n for n in PYTHON_SERVICES if SERVICES[n]["environment"]["RUN_MIGRATIONS"] == "1"]
    assert migrating == ["app1"], "exactly one process migrates"
    assert SERVICES["app2"]["depends_on"]["app1"]["condition"] == "service_healthy"
    assert (
        SERVICES["worker"]["command"]
        == "${TASK_WORKER_COMMAND:-python manage.py db_worker --no-reload}"
    )
    assert SERVICES["scheduler"]["command"] == "python manage.py run_schedules --loop"
    assert SERVICES["db"]["image"].startswith("postgres:15")  # the image's pg_dump is 15
    assert list(SERVICES["proxy"]["ports"]) == ["80:80", "443:443"]
    assert all("ports" not in SERVICES[n] for n in (*PYTHON_SERVICES, "db", "redis"))


def test_every_service_restarts_and_all_but_the_worker_report_health():
    for name, service in SERVICES.items():
        assert service["restart"] == "unless-stopped", name
    for name in APP_SERVERS:
        assert SERVICES[name]["healthcheck"]["test"] == [
            "CMD",
            "python",
            "docker/healthcheck.py",
            "/readyz",
        ]
    assert "pg_isready" in SERVICES["db"]["healthcheck"]["test"]
    assert "ping" in SERVICES["redis"]["healthcheck"]["test"]
    assert "http://127.0.0.1/nginx-health" in SERVICES["proxy"]["healthcheck"]["test"]
    assert "location = /nginx-health" in NGINX
    # The worker serves no HTTP: /readyz follows its heartbeat instead.
    assert SERVICES["worker"]["healthcheck"] == {"disable": True}
    assert SERVICES["scheduler"]["healthcheck"] == {"disable": True}


def test_files_live_in_named_volumes_and_the_proxy_never_sees_private_ones():
    assert {"media", "private", "pgdata", "redisdata", "backups"} <= set(COMPOSE["volumes"])
    for name in PYTHON_SERVICES:
        assert {"media:/data/media", "private:/data/private"} <= set(SERVICES[name]["volumes"])
    proxy_volumes = SERVICES["proxy"]["volumes"]
    assert "media:/srv/media:ro" in proxy_volumes
    assert not any(v.startswith("private:") for v in proxy_volumes)
    assert "/data/private" not in NGINX and "private" not in " ".join(
        re.findall(r"(?:alias|root) [^;]+;", NGINX)
    )
    assert "pgdata:/var/lib/postgresql/data" in SERVICES["db"]["volumes"]


def test_compose_sets_only_what_the_code_reads_and_everything_it_requires():
    read, required = read_by_the_code()
    for name in PYTHON_SERVICES:
        given = set(SERVICES[name]["environment"])
        assert given <= read, f"{name} sets names nothing reads: {given - read}"
        assert required <= given, f"{name} lacks required {required - given}"
    assert {"SECRET_KEY", "ALLOWED_HOSTS"} <= required


def test_nginx_limits_bodies_passes_the_client_address_and_serves_files():
    size = re.search(r"client_max_body_size (\d+)m;", NGINX)
    assert size and int(size.group(1)) * 1024 * 1024 > MAX_FILES * MAX_UPLOAD_BYTES
    for header, value in [
        ("X-Real-IP", "$remote_addr"),
        ("X-Forwarded-For", "$remote_addr"),
        ("X-Forwarded-Proto", "$scheme"),
        ("X-Request-ID", "$request_id"),
        ("Host", "$host"),
    ]:
        assert f"proxy_set_header {header} {value};" in NGINX
    assert (
        "alias /srv/static/" in NGINX and "location /media/ {\n        alias /srv/media/;" in NGINX
    )
    upstream = re.search(r"upstream qiandeng_app \{(.+?)\}", NGINX, re.DOTALL).group(1)
    assert re.findall(r"server (\w+):8000", upstream) == list(APP_SERVERS)
    assert "ssl_certificate /etc/nginx/certs/fullchain.pem;" in NGINX
    assert "./certs:/etc/nginx/certs:ro" in SERVICES["proxy"]["volumes"]


def test_the_production_image_has_no_demo_packages_no_tests_and_read_only_code():
    requirements = (ROOT / "requirements.txt").read_text().lower()
    assert not any(package in requirements for package in DEMO_PACKAGES)
    assert "-r requirements-demo.txt" in (ROOT / "requirements-dev.txt").read_text()
    assert "requirements-demo.txt" in (ROOT / "Makefile").read_text()
    build, production = dockerfile_stage("build"), dockerfile_stage("production")
    assert "pip install -r /tmp/requirements.txt" in build and "requirements-dev" not in DOCKERFILE
    assert "COPY --from=build /venv /venv" in production
    assert "COPY . /app\n" in production, "code owned by root, not by the runtime user"
    assert re.search(r"^USER qiandeng$", production, re.MULTILINE)
    assert 'ENTRYPOINT ["/app/docker/entrypoint.sh"]' in production
    assert "COPY docker/nginx.conf /etc/nginx/conf.d/default.conf" in dockerfile_stage("proxy")
    ignored = set((ROOT / ".dockerignore").read_text().split())
    assert {
        ".env",
        ".venv",
        "private",
        "media",
        "*.sqlite3",
        "tests",
        "bench",
        "backups",
    } <= ignored


def test_production_code_starts_without_the_demo_packages(tmp_path):
    """What the production stage can do: load every URL and pass the deploy checks with factory-boy,
    Faker and wagtail-factories unimportable."""
    script = (
        "import sys\n"
        "for name in ('factory', 'faker', 'wagtail_factories'):\n"
        "    sys.modules[name] = None  # importing it raises ImportError\n"
        "from django.core.management import execute_from_command_line\n"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])\n"
        "import cms.urls, cms.wsgi\n"
    )
    env = {
        "PATH": "/usr/bin:/bin",
        "DJANGO_SETTINGS_MODULE": "cms.settings.production",
        "SECRET_KEY": "x" * 60 + "production-stage-check",
        "ALLOWED_HOSTS": "qiandeng.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'unused.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", ["SECRET_KEY", "ALLOWED_HOSTS", "POSTGRES_PASSWORD"])
def test_secrets_and_the_address_must_come_from_the_environment(name):
    text = (ROOT / "compose.yaml").read_text()
    assert f"${{{name}:?" in text, f"compose refuses to start without {name}"
