"""Real Chromium (Debian's /usr/bin/chromium) driven by Playwright against the running site."""

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}


def pytest_collection_modifyitems(config, items):
    if os.path.exists(CHROMIUM):
        return
    skip = pytest.mark.skip(
        reason=f"Chromium is not installed at {CHROMIUM}: apt-get install chromium"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


# Per module: Playwright's sync API keeps an event loop in the thread while it runs, and Django refuses
# database calls from such a thread; with the suite spread over processes by module, a browser kept for the
# whole session would still be running when another module's database tests come to that process.
@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture(params=list(VIEWPORTS), ids=list(VIEWPORTS))
def page(request, browser):
    viewport = VIEWPORTS[request.param]
    context = browser.new_context(
        viewport=viewport, locale="zh-CN", is_mobile=viewport["width"] < 600
    )
    page = context.new_page()
    yield page
    context.close()
