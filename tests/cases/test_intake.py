"""The public issue form as residents meet it: the topic first in their own words (no JavaScript), the
emergency numbers before the form, limits per phone and per client that count only saved submissions,
the office's known addresses, and a receipt that prints with the code shown once."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.cases import intake_limits
from cms.cases.models import Case, KnownAddress, Status
from tests.cases.test_public import form
from tests.conftest import login

pytestmark = pytest.mark.django_db
EMERGENCY = "紧急情况请立即拨打 110 / 119 / 120"


def submit(client, **overrides):
    return client.post(reverse("case_submit"), form(**overrides))


def test_the_form_asks_the_topic_first_in_residents_words(client):
    html = client.get(reverse("case_submit")).content.decode()
    for label in ("物业与小区", "邻里纠纷", "道路与环境", "长者与困难群众", "就业与新就业群体"):
        assert label in html
    assert 'href="?topic=property"' in html and 'href="?topic=other"' in html
    assert "不确定属于哪一类" in html and 'name="title"' not in html
    assert html.index(EMERGENCY) < html.index("物业与小区")


def test_a_topic_puts_its_studio_first_and_unsure_right_after(client):
    html = client.get(reverse("case_submit"), {"topic": "property"}).content.decode()
    select = re.search(r'<select name="category"[^>]*>(.*?)</select>', html, re.S).group(1)
    groups = re.findall(r'<optgroup label="([^"]+)"', select)
    assert groups[0] == "红色业委会工作室（建议）" and len(groups) == 6
    assert select.index("红色业委会工作室（建议）") < select.index('value="unsure"')
    assert select.index('value="unsure"') < select.index("城乡融合发展工作室")
    assert html.index(EMERGENCY) < html.index('class="public-form"')
    assert "问题类别：物业与小区" in html


def test_other_preselects_unsure_and_the_office_routes_it(client):
    html = client.get(reverse("case_submit"), {"topic": "other"}).content.decode()
    assert '<option value="unsure" selected>' in html
    response = client.post(reverse("case_submit") + "?topic=other", form(category="unsure"))
    assert response.status_code == 200
    assert Case.objects.get(title="小区路灯不亮").status == Status.AWAITING_ROUTING


def test_a_studio_link_skips_the_topic_step(client):
    html = client.get(reverse("case_submit"), {"studio": "06"}).content.decode()
    assert 'name="title"' in html and EMERGENCY in html


def test_a_submission_costs_the_same_queries_with_a_topic(client):
    client.get(reverse("case_submit"), {"topic": "property"})
    submit(client, title="第一次")
    with CaptureQueriesContext(connection) as plain:
        submit(client, title="不带话题", reporter_phone="13900000001")
    with CaptureQueriesContext(connection) as with_topic:
        client.post(
            reverse("case_submit") + "?topic=property",
            form(title="带话题", reporter_phone="13900000002"),
        )
    assert len(with_topic) == len(plain) <= 8
    assert Case.objects.filter(title="带话题").exists()


def test_a_submission_writes_its_case_and_history_row_and_nothing_else(client):
    """Two INSERTs inside the submission's own transaction: BEGIN, the case, its history row, COMMIT
    (here the test's transaction turns BEGIN/COMMIT into a savepoint and its release). No savepoint of
    its own around the case, no read: the catalogues, places and calendar come from the shared cache."""
    client.get(reverse("case_submit"), {"topic": "other"})
    submit(client, title="第一次")
    data = form(title="第二次", reporter_phone="13900000003")
    with CaptureQueriesContext(connection) as queries:
        assert client.post(reverse("case_submit"), data).status_code == 200
    statements = [q["sql"].split()[0:3] for q in queries]
    inserts = [s[2] for s in statements if s[0] == "INSERT"]
    assert inserts == ['"cases_case"', '"cases_historicalcase"']
    assert len(queries) <= 4 and all(s[0] in {"INSERT", "SAVEPOINT", "RELEASE"} for s in statements)


# --- limits -----------------------------------------------------------------------------------


def test_one_phone_may_submit_five_an_hour_and_keeps_the_text_when_refused(client):
    for n in range(5):
        assert submit(client, title=f"第 {n} 次").status_code == 200
    other_client = Client(REMOTE_ADDR="198.51.100.20")
    refused = other_client.post(reverse("case_submit"), form(title="第六次"))
    html = refused.content.decode()
    assert refused.status_code == 429 and "这个手机号码一小时内已经提交了较多诉求" in html
    assert "5 栋门前路灯坏了一个月。" in html
    assert not Case.objects.filter(title="第六次").exists()
    assert submit(client, title="换个号码", reporter_phone="13900000000").status_code == 200


def test_failed_submissions_do_not_count(client):
    for _ in range(15):
        assert submit(client, title="").status_code == 200  # refused by the form: not counted
    for n in range(10):
        assert submit(client, reporter_phone=f"1390000{n:04d}").status_code == 200
    assert submit(client, reporter_phone="13700000000").status_code == 429


def test_submissions_in_flight_count_so_that_together_they_cannot_pass_the_limit(rf):
    """Ten posts from one address still being saved hold the address's ten; an eleventh started meanwhile
    is refused. Once one of them ends unsaved, its place is free again."""

    def started(phone: str) -> intake_limits.Attempt:
        return intake_limits.Attempt(rf.post("/issues/new/", REMOTE_ADDR="203.0.113.9"), phone)

    in_flight = [started(f"1390000{n:04d}") for n in range(intake_limits.SUBMISSIONS_PER_HOUR)]
    assert all(attempt.refusal() is None for attempt in in_flight)
    eleventh = started("13700000000")
    assert eleventh.refusal().status_code == 429
    eleventh.end()
    in_flight[0].end()  # not saved
    assert started("13700000000").refusal() is None


def test_an_attempt_that_is_not_saved_gives_back_the_phone_s_allowance(client):
    for _ in range(intake_limits.SUBMISSIONS_PER_PHONE_PER_HOUR):
        assert submit(client, title="", reporter_phone="13900000009").status_code == 200  # invalid
    for n in range(intake_limits.SUBMISSIONS_PER_PHONE_PER_HOUR):
        assert submit(client, title=f"第 {n} 次", reporter_phone="13900000009").status_code == 200
    assert submit(client, title="再一次", reporter_phone="13900000009").status_code == 429


def test_a_flood_of_failing_posts_is_still_bounded(client):
    attempts = intake_limits.SUBMISSIONS_PER_HOUR * intake_limits.ATTEMPTS_PER_SUBMISSION
    statuses = {submit(client, title="").status_code for _ in range(attempts)}
    assert statuses == {200}
    assert submit(client, title="").status_code == 429


def test_a_known_address_may_submit_more(client):
    KnownAddress.objects.create(
        name="东二社区党群服务中心前台", network="198.51.100.0/24", submissions_per_hour=30
    )
    desk = Client(REMOTE_ADDR="198.51.100.7")
    statuses = [
        desk.post(reverse("case_submit"), form(reporter_phone=f"1390000{n:04d}")).status_code
        for n in range(12)
    ]
    assert statuses == [200] * 12
    elsewhere = Client(REMOTE_ADDR="203.0.113.50")
    statuses = [
        elsewhere.post(reverse("case_submit"), form(reporter_phone=f"1370000{n:04d}")).status_code
        for n in range(11)
    ]
    assert statuses == [200] * 10 + [429]


def test_switching_a_known_address_off_restores_the_usual_limit(client):
    known = KnownAddress.objects.create(
        name="服务站", network="198.51.100.7", submissions_per_hour=30
    )
    assert (
        intake_limits.client_limit(Client(REMOTE_ADDR="198.51.100.7").get("/").wsgi_request) == 30
    )
    known.active = False
    known.save()
    assert (
        intake_limits.client_limit(Client(REMOTE_ADDR="198.51.100.7").get("/").wsgi_request) == 10
    )


def test_only_the_office_edits_known_addresses_with_history(client):
    index = "/admin/cases/knownaddress/"
    login(client, "lead06")
    assert client.get(index).status_code == 302  # Wagtail answers a refusal with a redirect
    client.logout()
    office = login(client, "office")
    assert client.get(index).status_code == 200
    data = {
        "name": "东二社区党群服务中心前台",
        "network": "198.51.100.9/24",
        "submissions_per_hour": "40",
        "note": "社区工作人员代居民录入",
        "active": "on",
    }
    assert client.post(index + "create/", data).status_code == 302
    known = KnownAddress.objects.get()
    assert known.network == "198.51.100.0/24"
    bad = client.post(index + "create/", {**data, "network": "社区前台"}).content.decode()
    assert "请填写 IP 地址" in bad
    client.post(index + f"edit/{known.pk}/", {**data, "submissions_per_hour": "50"})
    first, second = known.history.order_by("history_id")
    assert (first.history_type, second.history_type) == ("+", "~")
    assert second.history_user == office and second.submissions_per_hour == 50


# --- receipt ----------------------------------------------------------------------------------


def test_the_receipt_prints_with_the_lookup_address_and_says_the_code_is_shown_once(client):
    html = submit(client).content.decode()
    assert "http://testserver/issues/status/" in html
    assert "查询码只在本页显示这一次，以后无法再次显示。" in html
    assert "我的诉求" in html and "短信" in html
    assert "data-print" in html and "js/print.js" in html
    assert re.search(r'<output id="code">\w{9}</output>', html)
