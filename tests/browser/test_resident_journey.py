"""A resident's whole journey on a phone, in real Chromium: find the studio, submit an issue with a photo,
look it up; a case worker resolves it in the admin; the resident comes back and rates it."""

import re

import pytest
from playwright.sync_api import expect

from tests.core.test_uploads import png_bytes

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


def test_submit_follow_and_rate_an_issue(live_site, browser, tmp_path):
    photo = tmp_path / "路灯.png"
    photo.write_bytes(png_bytes())
    resident = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN")
    page = resident.new_page()

    page.goto(live_site + "/studio-06/")
    page.get_by_role("link", name="向本工作室反映问题").click()
    page.select_option("#id_category", label="投诉")
    page.select_option("#id_place", label="其他/不确定")
    page.fill("#id_address", "千灯湖示例花园 3 座")
    page.fill("#id_title", "地下车库漏水")
    page.fill("#id_description", "B 区顶部漏水一周，地面湿滑。")
    page.set_input_files("#id_files", str(photo))
    page.fill("#id_reporter_name", "陈阿姨")
    page.fill("#id_reporter_phone", "138 0001 2345")
    page.check("#id_consent")
    page.get_by_role("button", name="提交诉求").click()
    expect(page.get_by_role("heading", name="诉求已提交")).to_be_visible()
    reference = page.locator("#reference").inner_text()
    code = page.locator("#code").inner_text()
    assert re.fullmatch(r"GC-\d{4}-\d{6}", reference) and len(code) == 9

    page.get_by_role("link", name="查询办理进度").click()
    page.fill("#id_reference", reference)
    page.fill("#id_code", code)
    page.get_by_role("button", name="查询").click()
    expect(page.locator("main")).to_contain_text("受理")
    assert "陈阿姨" not in page.content()

    worker = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    admin = worker.new_page()
    admin.goto(live_site + "/admin/login/")
    admin.fill("#id_username", "worker06")
    admin.fill("#id_password", "qiandeng-demo")
    admin.locator("form button[type=submit]").click()
    admin.goto(f"{live_site}/admin/cases/case/?q={reference}")
    admin.locator('a[href*="/admin/cases/case/inspect/"]').first.click()  # the row's "检查" button
    expect(admin.locator("main")).to_contain_text("路灯.png")
    for action, fields in [
        ("派单", {"#id_assignee": "worker06"}),
        ("开始办理", {}),
        ("办结", {"#id_reply": "物业已修复漏水点并清理地面。", "#id_outcome": "已维修"}),
    ]:
        admin.get_by_role("link", name=action, exact=True).click()
        for selector, value in fields.items():
            if selector == "#id_assignee":
                admin.select_option(selector, label=value)
            else:
                admin.fill(selector, value)
        admin.locator("main form button[type=submit]").first.click()
        expect(admin.locator("main")).to_contain_text("操作成功")
    worker.close()

    page.goto(live_site + "/issues/status/")
    page.fill("#id_reference", reference)
    page.fill("#id_code", code)
    page.get_by_role("button", name="查询").click()
    expect(page.locator("main")).to_contain_text("物业已修复漏水点并清理地面。")
    page.get_by_label("满意", exact=True).check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator("main")).to_contain_text("感谢您的评价")
    expect(page.locator("main")).to_contain_text("已回访")
    resident.close()
