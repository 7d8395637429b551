"""Online submissions one app process sustains: the real form view (validation, rate-limit counter in
Redis, reference with its unique check, history) through Django's test client, no attachments.

    .venv/bin/python bench/submissions.py [COUNT]      # PostgreSQL qiandeng_bench by default

Each request comes from its own client address and phone, so the rate limits count but never refuse.
"""

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/qiandeng_bench")
os.environ.update(
    DJANGO_SETTINGS_MODULE="cms.settings.production",
    SECRET_KEY="bench-only",
    ALLOWED_HOSTS="testserver",
    SECURE_SSL_REDIRECT="false",
    STATIC_ROOT=str(ROOT / "bench" / "static"),
    RATELIMIT_CLIENT_IP_HEADER="",
)
os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/1")
os.environ.setdefault("LOG_LEVEL", "WARNING")

import django  # noqa: E402

django.setup()

from django.core.cache import cache  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from cms.cases.models import Case, CaseCategory  # noqa: E402
from cms.demo import places as places_demo  # noqa: E402
from cms.places.models import Estate  # noqa: E402


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    cache.clear()  # Redis db 1 is the benches' own: earlier runs' rate-limit counters go
    category = CaseCategory.objects.filter(studio__code="06", name="投诉").get()
    places_demo.load()  # the form offers the demo's 10 communities and 40 estates
    estate = Estate.objects.order_by("pk").first()
    client = Client()
    form = {
        "category": category.pk,
        "place": f"e{estate.pk}",
        "title": "压力测试诉求",
        "description": "用于测量提交吞吐量的合成诉求。",
        "reporter_name": "测试居民",
        "reporter_phone": "13800012345",
        "consent": "on",
    }
    before = Case.objects.count()
    errors = 0
    start = time.perf_counter()
    for n in range(count):
        form["reporter_phone"] = (
            f"138{n:08d}"  # one phone each: the per-phone limit counts, never refuses
        )
        response = client.post(
            "/issues/new/", form, REMOTE_ADDR=f"10.{n // 65536}.{n // 256 % 256}.{n % 256}"
        )
        if response.status_code != 200 or b'id="reference"' not in response.content:
            errors += 1
    seconds = time.perf_counter() - start
    created = Case.objects.count() - before
    print(
        f"{count} submissions in {seconds:.1f} s: {count / seconds:.0f} per second, {errors} errors, {created} cases"
    )


if __name__ == "__main__":
    main()
