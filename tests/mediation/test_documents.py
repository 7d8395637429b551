"""Documents a people's mediation committee can sign: the 调解协议书 and 调解笔录 in the Ministry of Justice's
formats, issued in the committee's name with its yearly number, the parties described in full, the
note-taker by name, signature and thumbprint lines and the court-confirmation notice. The demo's agreements
print complete: nothing is left to write by hand but the signatures."""

import datetime
import re
import threading

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from cms.core import staff
from cms.demo import mediation as mediation_demo
from cms.demo import places as places_demo
from cms.mediation import services
from cms.mediation.models import (
    DocumentCounter,
    MediationCommittee,
    MediationFile,
    Outcome,
    Party,
    Session,
    Stage,
)
from cms.studios.models import Studio
from tests.conftest import login
from tests.factories import mediation as m
from tests.factories.cases import user

NUMBER = re.compile(r"（(\d{4})）(\S+)字第 (\d+) 号")
BLANK = "＿＿"


def agreement_html(client, file: MediationFile) -> str:
    response = client.get(reverse("mediation_print_agreement", args=(file.pk,)))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.django_db
def test_the_demos_printed_agreements_are_complete_but_for_the_signatures(client):
    places_demo.load()
    mediation_demo.load()
    agreed = MediationFile.objects.filter(outcome=Outcome.AGREEMENT).select_related(
        "case__studio", "committee", "agreement_recorder"
    )
    assert agreed.count() >= 5
    for file in agreed:
        login(client, f"worker{file.case.studio.code}")
        html = agreement_html(client, file)
        committee = MediationCommittee.objects.get(studio=file.case.studio)
        assert f'<p class="issuer">{committee.name}</p>' in html
        assert f"{committee.name}（印）" in html
        year, abbreviation, number = NUMBER.search(html).groups()
        assert (int(year), abbreviation, int(number)) == (
            file.registered_on.year,
            committee.abbreviation,
            file.number,
        )
        assert BLANK not in html  # no field left for the pen
        for party in file.parties.all():
            assert party.missing_for_documents() == []
            assert party.name in html and party.address in html
            if party.is_person:
                assert f"性别{party.get_gender_display()}" in html
                assert party.ethnicity in html and party.occupation in html
                assert party.birth_or_age() in html
            else:
                assert party.legal_representative in html and party.representative_title in html
        for text in (file.agreement_terms, file.performance_method):
            assert text.split("\n")[0] in html
        assert f"{file.performance_due:%Y}年{file.performance_due.month}月" in html
        until = file.court_confirmation_until
        assert "第三十三条" in html and f"{until.year}年{until.month}月{until.day}日" in html
        assert (
            f"{file.concluded_on.year}年{file.concluded_on.month}月{file.concluded_on.day}日"
            in html
        )
        signers = re.findall(r'data-signer="(\w+)"', html)
        assert signers.count("applicant") == file.parties.filter(side="applicant").count()
        assert signers.count("respondent") == file.parties.filter(side="respondent").count()
        assert "mediator" in signers and "recorder" in signers
        assert "签名、盖章或按指印" in html
        recorder = staff.display_name(file.agreement_recorder)
        assert recorder and recorder != file.agreement_recorder.username
        assert f'<span class="printed-name">{recorder}</span>' in html


@pytest.mark.django_db
def test_the_session_record_names_its_note_taker_and_the_committee(client):
    file = m.file_in(Stage.MEDIATING)
    session = file.sessions.get()
    assert session.recorder == user("worker06")
    login(client, "worker06")
    response = client.get(reverse("mediation_print_session", args=(file.pk, session.pk)))
    html = response.content.decode()
    assert "桂城街道红色业委会人民调解委员会" in html
    assert file.document_number in html
    assert f'<span class="printed-name">{staff.display_name(session.recorder)}</span>' in html
    assert "记录人（签名）" in html and "按指印" in html


@pytest.mark.django_db
def test_numbers_run_per_committee_and_per_year():
    this_year = timezone.localdate().year
    first, second = m.registered_file("06"), m.registered_file("06")
    other = m.registered_file("02")
    assert second.number == first.number + 1 and second.number_year == this_year
    assert other.number == 1 and other.committee.abbreviation == "桂熟调"
    assert first.document_number == f"（{this_year}）桂红调字第 {first.number} 号"
    next_year = m.registered_file("06", registered_on=datetime.date(this_year + 1, 1, 2))
    assert (next_year.number_year, next_year.number) == (this_year + 1, 1)


@pytest.mark.django_db
def test_a_persons_date_of_birth_and_sex_are_read_from_the_id_number():
    file = m.registered_file()
    applicant = file.parties.get(side=Party.Side.APPLICANT)  # ID 440605 19800101 999x
    assert applicant.birth_date == datetime.date(1980, 1, 1)
    assert applicant.gender == Party.Gender.MALE
    assert applicant.missing_for_documents() == ["民族", "职业"]
    respondent = file.parties.get(side=Party.Side.RESPONDENT)
    assert respondent.missing_for_documents() == ["法定代表人或主要负责人", "住址或所在地"]


@pytest.mark.django_db
def test_the_file_page_lists_what_the_documents_still_lack(client):
    file = m.registered_file()
    login(client, "worker06")
    html = client.get(reverse("mediation_mediationfile_modeladmin_inspect", args=(file.pk,)))
    page = html.content.decode()
    assert "请补全当事人信息" in page and "民族、职业" in page
    assert file.document_number in page


@pytest.mark.django_db
def test_the_committee_office_names_the_committee_that_issues_the_documents(client):
    committee = MediationCommittee.objects.get(studio__code="06")
    login(client, "worker06")
    url = reverse("mediation_mediationcommittee_modeladmin_edit", args=(committee.pk,))
    assert client.get(url).status_code == 302  # case workers do not rename the committee
    login(client, "office")
    index = client.get(reverse("mediation_mediationcommittee_modeladmin_index"))
    assert "桂城街道红色业委会人民调解委员会" in index.content.decode()
    response = client.post(
        url,
        {
            "name": "桂城街道物业纠纷人民调解委员会",
            "abbreviation": "桂物调",
            "address": "",
            "phone": "",
        },
    )
    assert response.status_code == 302
    committee.refresh_from_db()
    assert committee.abbreviation == "桂物调"
    assert committee.history.first().history_user.username == "office"
    file = m.file_in(Stage.AGREED)
    login(client, "worker06")
    html = agreement_html(client, file)
    assert "桂城街道物业纠纷人民调解委员会" in html and "桂物调字第" in html


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent writers need PostgreSQL (SQLite serialises them)",
)
@pytest.mark.django_db
def test_files_registered_at_the_same_moment_never_share_a_number():
    committee = MediationCommittee.objects.get(studio=Studio.objects.get(code="05"))
    threads, numbers, errors = 8, [], []
    barrier = threading.Barrier(threads)

    def take() -> None:
        try:
            barrier.wait()
            numbers.append(committee.take_number(2031))
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    workers = [threading.Thread(target=take) for _ in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    try:
        assert errors == []
        assert sorted(numbers) == list(range(1, threads + 1))
    finally:
        done = threading.Thread(
            target=lambda: (
                DocumentCounter.objects.filter(committee=committee, year=2031).delete(),
                connection.close(),
            )
        )
        done.start()
        done.join()


@pytest.mark.django_db
def test_a_session_added_by_another_worker_names_them():
    file = m.file_in(Stage.MEDIATING)
    lead = user("lead06")
    session = services.save_session(
        file,
        lead,
        Session(place="调解室", attendees="双方", statements="陈述", held_at=timezone.now()),
    )
    assert session.recorder == lead
