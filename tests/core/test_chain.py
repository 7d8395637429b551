"""Mediation agreements, volunteer certificates and the personal-data access log are chained: a record
changed or removed behind the application's back is found by ``manage.py verify_chains``."""

import threading
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import RequestFactory

from cms.core import audit, chain
from cms.core.models import ChainHead, ChainLink, PersonalDataAccess
from cms.mediation.models import MediationFile, Stage
from cms.volunteers.models import Certificate
from tests.factories import cases as f
from tests.factories import mediation as m
from tests.volunteers.test_pages import certified

pytestmark = pytest.mark.django_db


def log_access(subject: str) -> PersonalDataAccess:
    request = RequestFactory().get("/")
    request.user = f.user("office")
    audit.record(request, audit.Action.VIEW, subject)
    return PersonalDataAccess.objects.get(subject=subject)


def verify_command() -> str:
    out = StringIO()
    try:
        call_command("verify_chains", stdout=out)
    except CommandError as error:
        return out.getvalue() + str(error)
    return out.getvalue()


def test_an_access_log_edited_with_sql_breaks_the_chain_at_that_row() -> None:
    entries = [log_access(f"居民诉求 GC-2026-00000{n}") for n in range(3)]
    assert chain.verify("personal-data-access") is None
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {PersonalDataAccess._meta.db_table} SET subject = %s WHERE id = %s",
            ["(nothing)", entries[1].pk],
        )
    broken = chain.verify("personal-data-access")
    assert broken is not None and broken.object_pk == str(entries[1].pk)
    assert broken.reason == "the record was changed after it was made"
    assert "personal-data-access: BROKEN" in verify_command()


def test_a_deleted_access_log_row_is_found() -> None:
    entries = [log_access(f"卷宗 {n}") for n in range(3)]
    PersonalDataAccess.objects.filter(pk=entries[2].pk).delete()
    assert chain.verify("personal-data-access").reason == "the record was deleted"


def test_removing_the_last_link_too_is_found() -> None:
    entries = [log_access(f"附件 {n}") for n in range(2)]
    PersonalDataAccess.objects.filter(pk=entries[1].pk).delete()
    ChainLink.objects.filter(chain="personal-data-access", object_pk=str(entries[1].pk)).delete()
    broken = chain.verify("personal-data-access")
    assert broken.reason == "links were removed from the end of the chain"


def test_an_agreement_changed_by_queryset_update_is_found() -> None:
    file = m.file_in(Stage.AGREED)
    assert ChainLink.objects.filter(chain="mediation-agreement", object_pk=str(file.pk)).exists()
    assert chain.verify("mediation-agreement") is None
    MediationFile.objects.filter(pk=file.pk).update(agreement_terms="被告同意赔偿 1 元。")
    broken = chain.verify("mediation-agreement")
    assert broken.object_pk == str(file.pk)
    assert "mediation-agreement: BROKEN" in verify_command()


def test_later_steps_of_a_file_leave_its_agreement_intact() -> None:
    m.file_in(Stage.ARCHIVED)
    assert chain.verify("mediation-agreement") is None


def test_a_certificate_changed_behind_the_application_is_found() -> None:
    _volunteer, certificate = certified()
    assert chain.verify("volunteer-certificate") is None
    Certificate.objects.filter(pk=certificate.pk).update(hours=300)
    assert chain.verify("volunteer-certificate").object_pk == str(certificate.pk)


def test_an_intact_database_passes_the_command() -> None:
    log_access("卷宗 1")
    certified()
    output = verify_command()
    assert "BROKEN" not in output and "personal-data-access: " in output


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (SQLite serialises them)",
)
def test_simultaneous_appends_do_not_fork_the_chain() -> None:
    office = f.user("office")
    threads, errors = 8, []
    barrier = threading.Barrier(threads)
    name = "personal-data-access"

    def worker(n: int) -> None:
        try:
            barrier.wait()
            request = RequestFactory().get("/")
            request.user = office
            audit.record(request, audit.Action.VIEW, f"同时访问 {n}")
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    def cleanup() -> None:
        ChainLink.objects.filter(chain=name).delete()
        ChainHead.objects.filter(name=name).delete()
        PersonalDataAccess.objects.filter(subject__startswith="同时访问").delete()
        connection.close()

    running = [threading.Thread(target=worker, args=(n,)) for n in range(threads)]
    for thread in running:
        thread.start()
    for thread in running:
        thread.join()
    try:
        assert errors == []
        links = list(ChainLink.objects.filter(chain=name).order_by("position"))
        assert [link.position for link in links][-threads:] == list(
            range(links[-1].position - threads + 1, links[-1].position + 1)
        )
        assert len({link.previous_hash for link in links}) == len(links)  # no two share a parent
        assert chain.verify(name) is None
    finally:
        cleaner = threading.Thread(target=cleanup)
        cleaner.start()
        cleaner.join()
