"""A mediator of studio 06, in real Chromium, takes a property dispute from intake to an archived file using
only what the admin shows: the menu, the buttons the file page offers, the forms, and the print pages."""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser
DESKTOP = {"width": 1280, "height": 900}


def submit(admin, button: str = "") -> None:
    admin.locator("main form button[type=submit]").last.click()
    if button:
        expect(admin.locator("main")).to_contain_text(button)


def test_a_mediator_takes_a_dispute_from_intake_to_archive(live_site, browser):
    context = browser.new_context(viewport=DESKTOP, locale="zh-CN")
    admin = context.new_page()
    admin.goto(live_site + "/admin/login/")
    admin.fill("#id_username", "mediator06")
    admin.fill("#id_password", "qiandeng-demo")
    admin.locator("form button[type=submit]").click()

    admin.goto(live_site + "/admin/mediation/mediationfile/")
    admin.get_by_role("link", name="添加 调解卷宗").first.click()
    admin.select_option("#id_source", label="当事人申请")
    admin.fill("#id_registered_on", "2026-11-20")
    admin.select_option("#id_dispute_type", label="停车")
    admin.select_option("#id_estate", index=1)  # the first estate of the list
    admin.fill("#id_title", "示例雅苑车位租赁纠纷（浏览器测试）")
    admin.fill("#id_description", "物业将车位优先出租给非业主。")
    admin.select_option("#id_assignee", label="mediator06")
    admin.select_option("#id_applicant-kind", label="业主或住户")
    admin.fill("#id_applicant-name", "周小青")
    admin.fill("#id_applicant-phone", "13900002222")
    admin.fill("#id_applicant-id_number", "440605198505059917")
    admin.select_option("#id_respondent-kind", label="物业服务企业")
    admin.fill("#id_respondent-name", "示例物业服务有限公司")
    submit(admin, "查询码")

    admin.get_by_role("link", name="指定调解员").click()
    admin.select_option(
        "#id_mediator", label="梁志远（红色业委会工作室物业纠纷调解队）"
    )  # mediator06 himself
    admin.select_option("#id_role", label="主持调解员")
    submit(admin, "已保存")
    expect(admin.locator("main")).to_contain_text(
        "440605198505059917"
    )  # the file's mediator sees the ID

    admin.get_by_role("link", name="告知权利义务").click()
    admin.select_option("#id_method", label="书面告知（当事人签收）")
    submit(admin, "已保存")

    admin.get_by_role("link", name="记录调解").click()
    admin.fill("#id_held_at", "2026-11-24T10:00")
    admin.fill("#id_place", "工作室调解室")
    admin.fill("#id_attendees", "双方当事人")
    admin.fill("#id_statements", "申请人要求车位优先租给业主。")
    admin.check("#id_signed")
    submit(admin, "已保存")

    admin.get_by_role("link", name="登记调解协议").click()
    admin.fill("#id_terms", "物业于十日内公示车位排队名单。")
    admin.fill("#id_performance_method", "在小区公告栏公示。")
    admin.fill("#id_performance_due", "2026-12-31")
    submit(admin, "已保存")

    with context.expect_page() as printed:
        admin.get_by_role("link", name="打印调解协议书").click()
    agreement = printed.value
    expect(agreement.get_by_role("heading", name="人民调解协议书")).to_be_visible()
    expect(agreement.locator("article")).to_contain_text("物业于十日内公示车位排队名单。")
    agreement.close()

    admin.get_by_role("link", name="回访", exact=True).click()
    admin.select_option("#id_performance", label="已全部履行")
    admin.select_option("#id_satisfaction", label="满意")
    admin.select_option("#id_relapse_risk", label="低")
    submit(admin, "已保存")

    admin.get_by_role("link", name="归档", exact=True).click()
    expect(admin.locator("main")).to_contain_text("✓ 回访记录")
    submit(admin, "已归档")
    expect(admin.locator("main .w-status").first).to_have_text("已归档")
    context.close()
