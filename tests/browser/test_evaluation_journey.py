"""An evaluation in real Chromium, with the demo content: an inspector of studio 06 scores an estate of the
round being scored; a resident answers that estate's survey on a phone; the committee office submits the
finished third-quarter results; studio 06's lead and the office approve them in the page editor; the
public results page shows the grades."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 900}


def staff(browser, live_site, username: str):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    admin = context.new_page()
    admin.goto(live_site + "/admin/login/")
    admin.fill("#id_username", username)
    admin.fill("#id_password", "qiandeng-demo")
    admin.locator("form button[type=submit]").click()
    return context, admin


def open_round(admin, live_site, name: str) -> None:
    admin.goto(live_site + "/admin/evaluations/round/")
    row = admin.locator("tr", has_text=name).first
    row.locator('a[href*="/admin/evaluations/round/inspect/"]').first.click()
    expect(admin.locator("main")).to_contain_text(name)


def approve_in_editor(admin, live_site, edit_url: str) -> None:
    admin.goto(live_site + edit_url)
    with admin.expect_navigation():
        admin.locator(
            'button[data-workflow-action-name="approve"]:not([data-workflow-action-modal-url])'
        ).first.dispatch_event("click")


def test_score_answer_publish_and_read_the_grades(live_site, browser):
    inspector_context, inspector = staff(browser, live_site, "worker06")
    open_round(inspector, live_site, "2026 年第四季度")
    survey_url = inspector.locator('main a[href^="/s/"]').first.get_attribute("href")
    inspector.get_by_role("link", name="现场评分").first.click()
    for field in inspector.locator('main input[name$="-score"]').all():
        field.fill("88")
    inspector.locator('main textarea[name$="-note"]').first.fill("楼道整洁，消防通道畅通。")
    inspector.get_by_role("button", name="保存评分").click()
    expect(inspector.locator("main")).to_contain_text("评分已保存")
    inspector_context.close()

    resident = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN")
    survey = resident.new_page()
    survey.goto(live_site + survey_url)
    for question in survey.locator("fieldset.survey-question").all():
        question.get_by_label("满意", exact=True).check()
    survey.fill("#id_phone", "139 0000 8888")
    survey.get_by_role("button", name="提交问卷").click()
    expect(survey.locator("main")).to_contain_text("提交成功")
    assert "8888" not in survey.content()
    resident.close()

    office_context, office = staff(browser, live_site, "office")
    open_round(office, live_site, "2026 年第三季度")
    office.get_by_role("button", name="提交结果公示（三审）").click()
    expect(office.locator("main")).to_contain_text("已完成")
    edit_url = office.get_by_role("link", name="结果公示页（审核中）").get_attribute("href")

    lead_context, lead = staff(browser, live_site, "lead06")
    approve_in_editor(lead, live_site, edit_url)
    lead_context.close()
    approve_in_editor(office, live_site, edit_url)
    open_round(office, live_site, "2026 年第三季度")
    expect(office.get_by_role("link", name="结果公示页（已发布）")).to_be_visible()
    office_context.close()

    public = browser.new_context(viewport=PHONE, is_mobile=True, locale="zh-CN").new_page()
    public.goto(live_site + "/studio-06/")
    public.locator("#evaluation-results + p a").click()
    expect(public.locator("h1")).to_contain_text("2026 年第三季度")
    expect(public.locator("table.results-table")).to_contain_text("良")
    assert "楼道整洁" not in public.content()
