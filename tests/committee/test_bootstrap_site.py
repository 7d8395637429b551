"""First start of a real deployment: the site's skeleton without demo content, built once however often
the command runs."""

import urllib.request
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from wagtail.models import Workflow

from tests.live_site import (
    free_port,
    manage,
    production_env,
    row_counts,
    seeded_database,
    seeded_static_root,
    served,
)

SKELETON_PATHS = ["/", "/committee/", "/privacy/", "/studio-01/", "/studio-06/news/"]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


def test_a_fresh_production_start_serves_the_site_skeleton_and_no_demo_content(tmp_path: Path):
    # The run's "migrated" seed: a new database as the first start's migrate step leaves it (the seed is
    # migrated from zero with production settings; migrating again here would only repeat that).
    with seeded_database(tmp_path, seed="migrated") as url:
        env = production_env(tmp_path, url, STATIC_ROOT=str(seeded_static_root()))
        with served(env, free_port(), workers=1) as site:  # the entrypoint bootstraps
            home = fetch(site + "/")
            assert "千灯耀桂城红" in home and "Welcome to your new Wagtail site" not in home
            for path in SKELETON_PATHS[1:]:
                fetch(site + path)  # 200, or urlopen raises
        first = row_counts(env)
        manage(env, "bootstrap_site")
        assert row_counts(env) == first, "a second run changes nothing"
    # Wagtail's root, the home, the committee, six studios with three sections each, the privacy notice.
    assert first["wagtailcore_page"] == 1 + 1 + 1 + 6 * 4 + 1
    assert first["studios_studio"] == 6 and first["cases_casecategory"] >= 6
    assert first["wagtailcore_workflow"] >= 1 and first["cases_calendarday"] > 0
    no_demo = ("auth_user", "studios_newspage", "cases_case", "volunteers_volunteer")
    assert {table: first[table] for table in no_demo} == dict.fromkeys(no_demo, 0)


def _counts() -> dict[str, int]:
    with connection.cursor() as cursor:
        counts = {}
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
            counts[table] = cursor.fetchone()[0]
    return counts


@pytest.mark.django_db
def test_the_demo_site_is_built_on_the_same_skeleton():
    before = _counts()
    call_command("bootstrap_site", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert _counts() == before


@pytest.mark.django_db
def test_a_site_without_its_review_workflow_is_reported():
    Workflow.objects.filter(name="三审").update(active=False)
    with pytest.raises(CommandError, match="三审"):
        call_command("bootstrap_site")
