"""Test set-up shared by every test: the demo site is built once per session, in the test database."""

import os
import uuid

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.utils import translation

from cms.demo import pages as demo
from cms.notifications.worker import run_queued_tasks
from tests import live_site as sites


def pytest_configure(config):
    # Before pytest-xdist starts its workers, which inherit it: the run's id names the seed database
    # that live sites copy (tests/live_site.py).
    if not hasattr(config, "workerinput"):
        os.environ.setdefault(sites.TEST_RUN, uuid.uuid4().hex)


def pytest_unconfigure(config):
    if not hasattr(config, "workerinput"):
        sites.drop_seeds()


@pytest.fixture(scope="session")
def django_db_setup(django_test_environment, django_db_modify_db_settings, django_db_blocker):
    """Replaces pytest-django's set-up, which migrates a new database in every test process (~50 s each):
    the database is a copy of the run's migrated seed instead (tests/live_site.py)."""
    with django_db_blocker.unblock():
        old_name = sites.test_database_from_seed(connection)
        demo.load_pages()
        demo.load_users()
        # Wagtail's search and reference index updates are queued tasks like any other: run them.
        run_queued_tasks()
    yield
    with django_db_blocker.unblock():
        connection.creation.destroy_test_db(old_name, verbosity=0)


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """A request in English leaves English active in the thread; the next test starts in Chinese again."""
    yield
    translation.activate(settings.LANGUAGE_CODE)


def login(client, username: str):
    """Logs the demo user in; returns the user."""
    user = get_user_model().objects.get(username=username)
    client.force_login(user)
    return user


@pytest.fixture(scope="session")
def live_site():
    """Base URL of the site running through the production entrypoint (see tests/live_site.py)."""
    with sites.running_site() as base_url:
        yield base_url
