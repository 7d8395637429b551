"""A rider's journey on a phone, in real Chromium: enrol in studio 05's register from its page, get
verified (the observer code comes from the studio's worker), report a broken lamp as a community observer,
and look the report up with its reference and retrieval code."""

import re

import pytest
from playwright.sync_api import expect

from cms.cases.services import RETRIEVAL_LENGTH

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
RIDER_PHONE = "139 8765 4321"


def test_a_rider_enrols_reports_as_an_observer_and_looks_it_up(live_site, browser):
    rider = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN")
    page = rider.new_page()
    page.goto(live_site + "/studio-05/")
    page.get_by_role("link", name="新就业群体登记").click()
    expect(page.get_by_role("heading", name="个人信息告知书")).to_be_visible()
    page.fill("#id_name", "骑手小陈")
    page.fill("#id_phone", "12345")
    page.select_option("#id_occupation", label="外卖骑手")
    page.fill("#id_platform", "示例外卖平台")
    page.get_by_role("button", name="提交登记").click()
    expect(page.locator("main")).to_contain_text("请填写正确的手机号码")
    expect(page.locator("#id_platform")).to_have_value("示例外卖平台")  # nothing typed is lost
    page.fill("#id_phone", RIDER_PHONE)
    page.check("#id_consent")
    page.get_by_role("button", name="提交登记").click()
    expect(page.locator("#enrolled")).to_be_visible()

    staff = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    admin = staff.new_page()
    admin.goto(live_site + "/admin/login/")
    admin.fill("#id_username", "worker05")
    admin.fill("#id_password", "qiandeng-demo")
    admin.locator("form button[type=submit]").click()
    admin.goto(live_site + "/admin/registers/member/?q=13987654321")
    admin.locator('a[href*="/admin/registers/member/inspect/"]').first.click()
    admin.get_by_role("button", name="核实登记").click()
    message = admin.locator(".messages").inner_text()
    code = re.search(r"观察员码 ([A-Z0-9]{8})", message).group(1)

    page.goto(live_site + "/registers/new-employment/report/")
    page.fill("#id_phone", RIDER_PHONE)
    page.fill("#id_code", code)
    page.fill("#id_location_text", "桂澜路与南海大道路口")
    page.fill("#id_title", "路口路灯不亮")
    page.fill("#id_description", "桂澜路路口两盏路灯晚上不亮。")
    page.get_by_role("button", name="提交报告").click()
    reference = page.locator("#reference").inner_text()
    retrieval = page.locator("#code").inner_text()
    assert re.fullmatch(r"GC-\d{4}-\d{6}", reference) and len(retrieval) == RETRIEVAL_LENGTH

    page.get_by_role("link", name="查询办理进度").click()
    page.fill("#id_reference", reference)
    page.fill("#id_code", retrieval)
    page.get_by_role("button", name="查询").click()
    expect(page.locator("main")).to_contain_text("待委员会办公室分派")
    assert "骑手小陈" not in page.content()
    staff.close()
    rider.close()
