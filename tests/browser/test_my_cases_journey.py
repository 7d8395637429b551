"""A resident on a phone with JavaScript switched off, in real Chromium: picks the topic, submits with SMS
opted in; the development SMS backend holds the receipt; the resident signs in to "我的诉求" with the code
from the recorded SMS and sees the case. A queue worker (``db_worker --batch``) delivers the outbox."""

import json
import re

import pytest
from playwright.sync_api import expect

from tests.live_site import manage, running_site_with_env

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}
RESIDENT_PHONE = "13800012399"

_SMS = (
    "import json\n"
    "from cms.notifications.models import SmsRecord\n"
    "texts = SmsRecord.objects.filter(phone='{phone}').order_by('pk').values_list('text', flat=True)\n"
    "print(json.dumps({{'sms': list(texts)}}, ensure_ascii=False))\n"
)


@pytest.fixture(scope="module")
def site():
    with running_site_with_env() as (base_url, env):
        yield base_url, env


def delivered_sms(env: dict[str, str], phone: str) -> list[str]:
    """Runs the queue worker once over what is queued, then reads what the SMS backend recorded."""
    manage(env, "db_worker", "--batch", "--no-startup-delay")
    output = manage(env, "shell", "--no-imports", "-c", _SMS.format(phone=phone))
    lines = [json.loads(line) for line in output.splitlines() if line.startswith("{")]
    return next(line["sms"] for line in reversed(lines) if "sms" in line)


def test_a_resident_signs_in_to_my_cases_with_the_code_from_the_sms(site, browser):
    base_url, env = site
    resident = browser.new_context(
        viewport=PHONE, is_mobile=True, locale="zh-CN", java_script_enabled=False
    )
    page = resident.new_page()

    page.goto(base_url + "/issues/new/")
    expect(page.locator("main")).to_contain_text("紧急情况请立即拨打 110 / 119 / 120")
    page.get_by_role("link", name=re.compile("物业与小区")).click()
    suggested = page.locator('#id_category optgroup[label="红色业委会工作室（建议）"] option')
    value = suggested.filter(has_text=re.compile("^投诉$")).get_attribute("value")
    page.select_option("#id_category", value=value)
    page.select_option("#id_place", label="其他/不确定")
    page.fill("#id_address", "千灯湖示例花园 5 座")
    page.fill("#id_title", "电梯经常停运")
    page.fill("#id_description", "5 座电梯一周停了三次，老人上下楼困难。")
    page.fill("#id_reporter_name", "陈阿姨")
    page.fill("#id_reporter_phone", RESIDENT_PHONE)
    page.check("#id_sms_opt_in")
    page.check("#id_consent")
    page.get_by_role("button", name="提交诉求").click()
    expect(page.get_by_role("heading", name="诉求已提交")).to_be_visible()
    reference = page.locator("#reference").inner_text()
    expect(page.locator("main")).to_contain_text("查询码只在本页显示这一次")

    [receipt] = delivered_sms(env, RESIDENT_PHONE)
    assert reference in receipt and "已受理" in receipt

    page.get_by_role("link", name="我的诉求").click()
    page.fill("#id_phone", RESIDENT_PHONE)
    page.get_by_role("button", name="获取短信验证码").click()
    expect(page.get_by_role("heading", name="输入短信验证码")).to_be_visible()
    texts = delivered_sms(env, RESIDENT_PHONE)
    code = re.search(r"验证码是 (\d{6})", texts[-1]).group(1)
    assert reference not in texts[-1]

    page.fill("#id_code", code)
    page.get_by_role("button", name="验证并查看我的诉求").click()
    expect(page.get_by_role("heading", name="我的诉求")).to_be_visible()
    expect(page.locator("main")).to_contain_text(reference)
    expect(page.locator("main")).to_contain_text("电梯经常停运")
    expect(page.locator("main")).to_contain_text("红色业委会工作室")
    assert "陈阿姨" not in page.content()
    resident.close()
