"""The committee's pages: who sees the dashboard and what, the monthly report, and the studio pages'
public block, which shows aggregates and never a case."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from cms.studios.models import CommitteePage, StudioPage
from tests.conftest import login
from tests.exports.helpers import exported
from tests.factories import cases as f
from tests.factories import places as p

pytestmark = pytest.mark.django_db


def test_only_leads_and_the_committee_office_see_the_dashboard(client):
    for username in ("worker06", "editor06", "comms"):
        login(client, username)
        assert client.get(reverse("committee_dashboard")).status_code == 302, username
        assert client.get(reverse("committee_report_xlsx")).status_code == 302, username


def test_a_lead_sees_the_figures_of_their_own_studio_and_the_office_every_studio(client):
    f.case_in("resolved", "06")
    f.case_in("received", "01")
    login(client, "lead06")
    html = client.get(reverse("committee_dashboard")).content.decode()
    assert "红色业委会工作室" in html and "城乡融合发展工作室" not in html
    assert "指标口径" in html and "响应率" in html
    login(client, "office")
    html = client.get(reverse("committee_dashboard")).content.decode()
    assert "红色业委会工作室" in html and "城乡融合发展工作室" in html


def test_the_monthly_report_has_a_sheet_per_grouping_and_a_print_page(client):
    f.case_in("followed_up", "06")
    login(client, "office")
    response = client.get(reverse("committee_report_xlsx"))
    workbook = load_workbook(io.BytesIO(exported(client, response)))
    assert workbook.sheetnames == ["按工作室", "按类别", "按承办单位", "按社区", "按小区"]
    studio_rows = [[c.value for c in row] for row in workbook["按工作室"].iter_rows()]
    assert studio_rows[0][:4] == ["名称", "受理", "办结", "超期"]
    assert studio_rows[1][:3] == ["红色业委会工作室", 1, 1]  # counts are numbers staff can sum
    assert studio_rows[-1][0] == "合计"
    html = client.get(reverse("committee_report_print")).content.decode()
    assert "基层治理工作月报" in html and "按承办单位" in html and "print-document.css" in html


def test_the_studio_page_shows_this_and_last_months_counts_but_no_case(client):
    case = f.case_in("followed_up", "06", title="楼道堵塞请处理", reporter_name="王大明")
    html = client.get(StudioPage.objects.get(studio__code="06").url).content.decode()
    block = html[html.index("诉求办理情况") : html.index("志愿服务队")]
    assert "本月" in block and "上月" in block and "100.0%" in block
    for private in (case.reference, case.title, case.reporter_name, case.reporter_phone):
        assert private not in html


def test_the_dashboard_filters_by_community_and_groups_by_estate(client):
    dong_er, xi_yue = p.community("dong-er", "东二社区"), p.community("xi-yue", "西约社区")
    garden = p.estate(dong_er, "示例花园")
    f.case_in("resolved", "06", estate=garden)
    f.case_in("received", "01", community=xi_yue)
    login(client, "office")
    html = client.get(reverse("committee_dashboard"), {"community": dong_er.pk}).content.decode()
    assert "按社区" in html and "东二社区 · 示例花园" in html
    assert "城乡融合发展工作室" not in html  # its only case is in 西约社区


def test_the_committees_page_links_the_resource_bank_and_shows_the_sub_districts_figures(client):
    f.case_in("followed_up", "06")
    f.case_in("followed_up", "01")
    html = client.get(CommitteePage.objects.live().get().url).content.decode()
    assert f'href="{reverse("public_resources")}"' in html
    block = html[html.index("诉求办理情况") :]
    assert "本月" in block and "100.0%" in block
