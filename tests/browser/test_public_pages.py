"""Residents' pages in real Chromium, on a phone and a desktop, each audited by axe-core."""

import pytest
from axe_playwright_python.sync_playwright import Axe

pytestmark = pytest.mark.browser

PAGES = {
    "home": "/",
    "studio": "/studio-06/",
    "news": "/studio-06/news/news-1/",
    "service": "/studio-06/services/service-1/",
    "search": "/search/?q=物业纠纷",
    "activity": "/studio-06/activities/activity-1/",
    "resources": "/resources/?studio=06",
    "certificate check": "/volunteers/certificates/?number=ZY-2026-AAAAAAAA",
}
AXE = Axe()


def serious_violations(page) -> list[str]:
    results = AXE.run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("name", list(PAGES))
def test_page_renders_and_passes_the_accessibility_audit(live_site, page, name):
    response = page.goto(live_site + PAGES[name])
    assert response.status == 200
    assert page.locator("h1").first.is_visible()
    assert page.locator("main#main").count() == 1
    assert serious_violations(page) == []


def test_layout_fits_a_phone_without_sideways_scrolling(live_site, page):
    page.goto(live_site + "/studio-06/")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"]


def test_skip_link_is_the_first_stop_for_keyboard_users(live_site, page):
    page.goto(live_site + "/")
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert focused.strip() == "跳到正文"


def test_search_works_without_javascript(live_site, browser):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 390, "height": 844})
    page = context.new_page()
    page.goto(live_site + "/")
    page.fill("#hero-q", "网约车")
    page.locator(".hero__search button").click()
    assert "网约车司机党支部志愿服务队成立" in page.locator(".results").inner_text()
    assert "新就业群体党建工作室" in page.locator(".results").inner_text()
    context.close()


def test_a_resident_signs_up_for_an_activity_on_a_phone(live_site, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.goto(live_site + "/studio-06/activities/activity-1/")
    page.get_by_role("link", name="我要报名").click()
    assert serious_violations(page) == []
    page.fill("#id_name", "林小雨")
    page.fill("#id_phone", "139 0000 7777")
    page.get_by_role("button", name="提交报名").click()
    assert "请阅读并同意个人信息使用说明" in page.locator("main").inner_text()
    assert page.input_value("#id_name") == "林小雨"  # nothing typed is lost
    page.check("#id_consent")
    page.get_by_role("button", name="提交报名").click()
    assert "报名成功" in page.locator("main").inner_text()
    context.close()
