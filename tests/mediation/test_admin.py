"""The mediation admin as the mediation team uses it: a dispute from intake to archived file through the
admin's own pages, masking for each role, isolation, history of parties and sessions, the print pages."""

import pytest
from django.urls import reverse

from cms.cases.models import Status
from cms.core.privacy import mask_id_number
from cms.demo.mediation import mediator_user
from cms.mediation.models import MediationFile, Stage
from cms.studios.models import Studio
from tests.conftest import login
from tests.factories import mediation as m

pytestmark = pytest.mark.django_db

INDEX = "mediation_mediationfile_modeladmin_index"


def file_url(file) -> str:
    return reverse("mediation_mediationfile_modeladmin_inspect", args=(file.pk,))


def step(client, file, name: str, data: dict | None = None, item=None, reveal: bool = True):
    """Posts a step's form; a form on an existing record as after "显示" (its personal fields whole)."""
    args = (file.pk, name) if item is None else (file.pk, name, item.pk)
    url = reverse("mediation_step" if item is None else "mediation_step_item", args=args)
    if item is not None and reveal:
        url += "?reveal=1"
    return client.post(url, data or {}, follow=True)


def register_form(**overrides) -> dict:
    data = {
        "studio": "",
        "source": "application",
        "registered_on": "2026-11-20",
        "dispute_type": "parking",
        "location_text": "示例雅苑",
        "title": "示例雅苑车位出租纠纷",
        "description": "物业将车位优先出租给非业主。",
        "applicant-kind": "resident",
        "applicant-name": "周小青",
        "applicant-phone": "139 0000 2222",
        "applicant-id_number": m.valid_id("44060519850505991"),
        "applicant-address": "桂城街道示例雅苑2座801",
        "respondent-kind": "property",
        "respondent-name": "示例物业服务有限公司",
    }
    data.update(overrides)
    return data


def test_the_mediation_team_takes_a_dispute_from_intake_to_an_archived_file(client):
    worker = login(client, "worker06")
    form = register_form(studio=Studio.objects.get(code="06").pk, assignee=worker.pk)
    response = client.post(reverse("mediation_mediationfile_modeladmin_create"), form, follow=True)
    assert "查询码" in response.content.decode()
    file = MediationFile.objects.get(case__title="示例雅苑车位出租纠纷")
    assert file.parties.get(side="applicant").phone == "13900002222"
    page = response.content.decode()
    for label in ("指定调解员", "告知权利义务", "记录调解", "登记调解不成"):
        assert label in page  # the next steps are offered on the file page

    presiding = m.mediator("主持调解员甲")
    step(client, file, "mediator", {"mediator": presiding.pk, "role": "presiding"})
    step(client, file, "rights", {"notified_on": "2026-11-20", "method": "written"})
    step(
        client,
        file,
        "session",
        {
            "held_at": "2026-11-24T10:00",
            "place": "工作室调解室",
            "attendees": "双方当事人",
            "statements": "申请人要求优先租给业主。",
            "verified_facts": "车位共 200 个，业主租用 120 个。",
            "proposals": "建议按先业主后他人顺序重新排位。",
            "signed": "on",
        },
    )
    step(
        client,
        file,
        "agreement",
        {
            "concluded_on": "2026-11-26",
            "terms": "物业于 12 月 10 日前公示车位排队名单。",
            "performance_method": "在小区公告栏和业主群同时公示。",
            "performance_due": "2026-12-10",
        },
    )
    step(
        client,
        file,
        "follow_up",
        {
            "visited_on": "2026-12-11",
            "performance": "full",
            "satisfaction": "satisfied",
            "relapse_risk": "low",
            "note": "已公示",
        },
    )
    response = step(client, file, "archive")
    file.refresh_from_db()
    assert file.stage == Stage.ARCHIVED and file.case.status == Status.CLOSED
    assert "已归档" in response.content.decode()


def test_archiving_with_a_missing_document_says_what_is_missing(client):
    login(client, "worker06")
    file = m.file_in(Stage.FOLLOWED_UP)
    file.rights_notified_on = None
    file.save()
    response = step(client, file, "archive")
    html = response.content.decode()
    assert "卷宗缺少以下材料，不能归档：权利义务告知记录" in html
    assert MediationFile.objects.get(pk=file.pk).stage == Stage.FOLLOWED_UP


def test_a_bad_id_number_is_refused_in_chinese_and_the_form_keeps_what_was_typed(client):
    worker = login(client, "worker06")
    form = register_form(
        studio=Studio.objects.get(code="06").pk,
        assignee=worker.pk,
        **{"applicant-id_number": "440605198505059910"},
    )
    response = client.post(reverse("mediation_mediationfile_modeladmin_create"), form)
    html = response.content.decode()
    assert response.status_code == 200
    assert "身份证号码不正确" in html and "示例雅苑车位出租纠纷" in html and "周小青" in html
    assert not MediationFile.objects.filter(case__title="示例雅苑车位出租纠纷").exists()


@pytest.mark.parametrize(
    ("username", "sees_name_and_phone", "sees_id"),
    [("mediator06", True, True), ("worker06", True, False), ("office", False, False)],
)
def test_each_role_sees_the_parties_masked_as_it_needs(
    client, username, sees_name_and_phone, sees_id
):
    file = m.file_in(Stage.AGREED, presiding=m.mediator("梁志远", account=mediator_user()))
    applicant = file.parties.get(side="applicant")
    login(client, username)
    for url in (file_url(file), reverse("mediation_print_agreement", args=(file.pk,))):
        html = client.get(url).content.decode()
        assert (applicant.id_number in html) is sees_id
        assert (mask_id_number(applicant.id_number) in html) is not sees_id
        assert (applicant.name in html) is sees_name_and_phone
        assert (applicant.phone in html) is sees_name_and_phone


def test_a_mediator_who_stepped_aside_no_longer_sees_id_numbers(client):
    account = mediator_user()
    file = m.file_in(Stage.MEDIATING, presiding=m.mediator("梁志远", account=account))
    appointment = file.appointments.get(mediator__user=account)
    appointment.recusal = "granted"
    appointment.save()
    login(client, "mediator06")
    html = client.get(file_url(file)).content.decode()
    assert file.parties.get(side="applicant").id_number not in html


def test_another_studio_reaches_no_page_of_the_file(client):
    file = m.file_in(Stage.AGREED)
    session = file.sessions.get()
    login(client, "worker01")
    assert file.case.reference not in client.get(reverse(INDEX)).content.decode()
    urls = [
        file_url(file),
        reverse("mediation_step", args=(file.pk, "rights")),
        reverse("mediation_step_item", args=(file.pk, "session", session.pk)),
        reverse("mediation_print_agreement", args=(file.pk,)),
        reverse("mediation_print_session", args=(file.pk, session.pk)),
    ]
    for url in urls:
        assert client.get(url).status_code == 404, url
    response = client.post(reverse("mediation_step", args=(file.pk, "rights")), {})
    assert response.status_code == 404


def test_communications_editors_have_no_mediation_admin(client):
    login(client, "comms")
    assert client.get(reverse(INDEX)).status_code == 302


def test_history_shows_changes_to_parties_and_sessions_with_who_and_labels(client):
    login(client, "worker06")
    file = m.file_in(Stage.MEDIATING)
    party = file.parties.get(side="applicant")
    session = file.sessions.get()
    step(
        client,
        file,
        "party",
        {
            "side": "applicant",
            "kind": "resident",
            "name": party.name,
            "phone": "13900009999",
            "id_number": party.id_number,
            "address": party.address,
        },
        item=party,
    )
    step(
        client,
        file,
        "session",
        {
            "held_at": "2026-11-25T15:00",
            "place": "社区会议室",
            "attendees": session.attendees,
            "statements": session.statements,
            "signed": "on",
        },
        item=session,
    )
    latest = party.history.first()
    assert latest.history_type == "~" and latest.history_user.username == "worker06"
    html = client.get(file_url(file)).content.decode()
    assert "联系电话</td><td>13900001111</td><td>13900009999" in html
    assert "调解地点</td><td>红色业委会工作室调解室</td><td>社区会议室" in html


def test_print_pages_render_every_section(client):
    login(client, "worker06")
    file = m.file_in(Stage.AGREED)
    html = client.get(reverse("mediation_print_agreement", args=(file.pk,))).content.decode()
    for text in (
        "人民调解协议书",
        file.case.reference,
        "申请人",
        "被申请人",
        "纠纷主要事实、争议事项",
        file.agreement_terms.splitlines()[0],
        file.performance_method,
        "三十日内",
        "桂城街道红色业委会人民调解委员会（印）",
        "print-document.css",
    ):
        assert text in html, text
    session = file.sessions.get()
    html = client.get(
        reverse("mediation_print_session", args=(file.pk, session.pk))
    ).content.decode()
    for text in (
        "调解笔录",
        session.place,
        session.statements.splitlines()[0],
        session.verified_facts,
        session.proposals,
        "记录人（签名）",
        "调解员（签名）",
    ):
        assert text in html, text


def test_the_agreement_print_is_refused_before_an_agreement(client):
    login(client, "worker06")
    file = m.file_in(Stage.MEDIATING)
    response = client.get(reverse("mediation_print_agreement", args=(file.pk,)))
    assert response.status_code == 302 and response.url == file_url(file)


def test_the_file_list_shows_timers_with_a_constant_number_of_queries(
    client, django_assert_max_num_queries
):
    login(client, "worker06")
    m.file_in(Stage.AGREED)
    with django_assert_max_num_queries(40) as few:
        client.get(reverse(INDEX))
    for stage in (Stage.REGISTERED, Stage.MEDIATING, Stage.FAILED, Stage.ARCHIVED):
        m.file_in(stage)
    with django_assert_max_num_queries(len(few.captured_queries)):
        html = client.get(reverse(INDEX)).content.decode()
    assert html.count("示例花园物业费上调纠纷") == 5


def test_a_recusal_needs_the_mediator_it_is_asked_of(client):
    login(client, "worker06")
    file = m.file_in(Stage.MEDIATING)
    response = client.get(reverse("mediation_step", args=(file.pk, "recusal")), follow=True)
    assert "卷宗当前不能执行此操作" in response.content.decode()
