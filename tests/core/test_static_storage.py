"""The deployed static storage (``cms.core.static_storage``): hashed URLs from the collected manifest,
each name's URL remembered, and a file missing from the manifest still refused every time."""

import pytest

from cms.core.static_storage import StaticFilesStorage
from tests.live_site import seeded_static_root


@pytest.fixture
def storage():
    return StaticFilesStorage(location=str(seeded_static_root()), base_url="/static/")


def test_a_file_gets_its_hashed_url_the_same_each_time(storage):
    url = storage.url("wagtailadmin/js/sidebar.js")
    assert url.startswith("/static/wagtailadmin/js/sidebar.") and url.endswith(".js")
    assert url != "/static/wagtailadmin/js/sidebar.js"  # the manifest's name, with its hash
    assert storage.url("wagtailadmin/js/sidebar.js", force=True) == url
    storage.hashed_files = {}  # the manifest is not asked again for a name it answered
    assert storage.url("wagtailadmin/js/sidebar.js") == url


def test_a_file_missing_from_the_manifest_is_refused_every_time(storage):
    for _attempt in range(2):
        with pytest.raises(ValueError, match="Missing staticfiles manifest entry"):
            storage.url("no/such/file.css")
