"""The admin speaks Chinese everywhere: each role walks every admin page it can reach (the sidebar's menu, then
one page of each kind linked from there: lists, add and edit forms, inspect pages, reports, settings) and a
form re-rendered with a validation error, and no English word shows outside a short allow-list.

Wagtail's, modeladmin's and Django's own Chinese catalogues have gaps; the project fills them in
locale/zh_Hans/gaps.po (merged into the zh_Hans catalogue by ``make messages``) or overrides the template.
"""

import datetime
import json
import re
from collections import deque
from html.parser import HTMLParser

import pytest
from django.utils import timezone

from cms.committee.models import Resource
from cms.demo.mediation import mediator_user
from cms.volunteers import services as volunteer_services
from tests.conftest import login
from tests.factories import cases as case_factories
from tests.factories import mediation as mediation_factories
from tests.factories import places as place_factories
from tests.factories import volunteers as volunteer_factories

ROLES = ["admin", "office", "comms", "editor06", "lead06", "worker06", "mediator06"]

# Words a Chinese street office reads as they are: file formats, units and names of products.
ALLOWED = {"Excel", "PDF", "XLSX", "xlsx", "CSV", "csv", "MB", "KB", "GB", "Wagtail", "ID"}
# Keys as printed on a keyboard, in the keyboard-shortcuts dialog.
ALLOWED |= {"Ctrl", "Alt", "Shift", "Esc", "Enter", "Tab", "Cmd", "Option"}
# "URL" as Wagtail's Chinese catalogue itself writes it; image and spreadsheet formats an upload field accepts; the browser setting a user must switch on; the
# language switch shows each language in its own name.
ALLOWED |= {
    "URL",
    "IP",  # "IP 地址": how Chinese writes it (案件管理 → 放宽提交限制的地址)
    "AVIF",
    "GIF",
    "JPG",
    "JPEG",
    "PNG",
    "WEBP",
    "WebP",
    "TSV",
    "JavaScript",
    "English",
}
# Demo data, not interface text: login names and the site's host name as they are stored.
DATA = re.compile(r"^(admin|office|comms|editor\d+|lead\d+|worker\d+|mediator\d+|localhost)$")
# Tokens that are data: anything with a digit (references, i志愿 numbers), file names and dotted
# identifiers (example.jpg, studios.newspage), slugs (dong-er).
DATA_TOKEN = re.compile(r"\S*https?://\S*|\S*/\S*/\S*|\S*\d\S*|\S+\.\w+|\b[a-z]+-[a-z]+\b")
WORD = re.compile(r"[A-Za-z][A-Za-z'’]+")
READ_ATTRIBUTES = {"title", "placeholder", "aria-label", "alt"}

# Pages that are not admin screens (the public site, files, JSON endpoints) or end the session.
SKIP = re.compile(
    r"/(logout|jsi18n|sprite|api|chooser|choose[^/]*|preview|view_draft|autocomplete|export"
    r"|usage|revisions/\d+/view|revisions/compare|download|serve|multiple)/|\.(xlsx|csv|pdf)$"
)


class VisibleText(HTMLParser):
    """The text a user reads: tags, scripts and styles stripped; the attributes people read kept."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.links: list[str] = []
        self.sidebar_props = ""
        self._skip_depth = 0
        self._in_sidebar_props = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "style"):
            self._skip_depth += 1
            self._in_sidebar_props = attrs.get("id") == "wagtail-sidebar-props"
        for name in READ_ATTRIBUTES & attrs.keys():
            self.parts.append(attrs[name] or "")
        if tag == "input" and attrs.get("type") in ("submit", "button"):
            self.parts.append(attrs.get("value") or "")
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self._skip_depth:
            self._skip_depth -= 1
            self._in_sidebar_props = False

    def handle_data(self, data):
        if self._in_sidebar_props:
            self.sidebar_props += data
        elif not self._skip_depth:
            self.parts.append(data)


def sidebar(props: str) -> tuple[list[str], list[str]]:
    """The labels and URLs of the menu the sidebar script draws from its JSON props."""
    labels, urls = [], []

    def walk(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "label" and isinstance(value, str):
                    labels.append(value)
                elif key == "url" and isinstance(value, str):
                    urls.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    if props:
        walk(json.loads(props))
    return labels, urls


def english_words(text: str) -> set[str]:
    return {
        word
        for word in WORD.findall(DATA_TOKEN.sub(" ", text))
        if word not in ALLOWED and not DATA.match(word)
    }


def kind_of(path: str) -> str:
    """One page of each kind: the path with its object ids blanked."""
    return re.sub(r"/\d+/", "/N/", path.split("?")[0].split("#")[0])


# Elements the browser does not show (a counter waiting for JavaScript to fill it).
HIDDEN = re.compile(r"<(\w+)\b[^>]*\shidden(?:\s|>|=)[^>]*>.*?</\1>", re.S)

# Wagtail's own system screens, for the superuser only, where Wagtail prints English that no catalogue
# reaches (column names taken from field names, a hard-coded help text): known, listed, not hidden.
KNOWN_GAPS = {
    "/admin/sites/": {"Port", "Site", "name", "Root", "page"},
    "/admin/redirects/import/": {
        *[
            "Select",
            "a",
            "file",
            "where",
            "redirects",
            "are",
            "separated",
            "into",
            "rows",
            "and",
            "contains",
            "the",
            "columns",
        ],
        *["representing", "from", "and", "to", "they", "can", "be", "named", "anything"],
        *[
            "After",
            "submitting",
            "you",
            "will",
            "be",
            "taken",
            "to",
            "a",
            "confirmation",
            "view",
            "where",
        ],
        *["you", "can", "customize", "your", "redirects", "before", "import"],
    },
    "/admin/groups/new/": {"Page", "Root"},
    "/admin/groups/edit/N/": {"Page", "Root"},
    "/admin/workflows/add/": {"Page"},
    "/admin/workflows/edit/N/": {"Page"},
    "/admin/users/": {"True"},
}


def english_on(url: str, html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(HIDDEN.sub("", html))
    labels, _urls = sidebar(parser.sidebar_props)
    return english_words(" ".join(parser.parts + labels)) - KNOWN_GAPS.get(kind_of(url), set())


def crawl(client) -> dict[str, set[str]]:
    """English words on each admin page the logged-in user reaches from the dashboard."""
    found: dict[str, set[str]] = {}
    queue = deque(["/admin/"])
    seen = {kind_of("/admin/")}
    while queue:
        url = queue.popleft()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        if words := english_on(url, html):
            found[url] = words
        parser = VisibleText()
        parser.feed(html)
        _labels, menu_urls = sidebar(parser.sidebar_props)
        for link in parser.links + menu_urls:
            path = link.split("#")[0]
            if not path.startswith("/admin/") or SKIP.search(path.split("?")[0]):
                continue
            if kind_of(path) not in seen:
                seen.add(kind_of(path))
                queue.append(path)
    return found


@pytest.fixture
def records(db):
    """One object of each kind for studio 06, so every list has a row to open."""
    worker = case_factories.user("worker06")
    mediator_user()
    case_factories.case_in("in_progress", "06")
    case_factories.unrouted_case()
    mediation_factories.file_in("agreed", "06")
    community = place_factories.community()
    place_factories.estate(community)
    place_factories.grid_cell(community)
    team = volunteer_factories.team("06", "邻里互助志愿服务队")
    volunteer = volunteer_factories.volunteer("06")
    activity = volunteer_factories.activity(team)
    record = volunteer_factories.record(volunteer, activity)
    volunteer_services.verify(case_factories.user("lead06"), record)
    volunteer_services.issue_certificate(
        case_factories.user("lead06"),
        volunteer=volunteer,
        team=team,
        period_start=datetime.date(2026, 1, 1),
        period_end=timezone.localdate(),
        responsible_person="张伟",
    )
    Resource.objects.create(kind="venue", category="room", name="党群服务中心会议室")
    return worker


@pytest.mark.django_db
def test_the_login_page_shows_the_sites_name_and_lamp(client):
    html = client.get("/admin/login/").content.decode()
    assert "千灯 · 桂城基层治理" in html
    assert "Sign in to Wagtail" not in html
    assert "images/qiandeng-logo.svg" in html
    assert "icon-wagtail" not in html  # Wagtail's bird


@pytest.mark.django_db
def test_the_admin_menu_shows_the_lamp(client):
    login(client, "editor06")
    html = client.get("/admin/").content.decode()
    assert 'data-wagtail-sidebar-branding-logo><img src="/static/images/qiandeng-logo.svg"' in html
    assert "<title>控制面板 - 千灯 · 桂城基层治理</title>" in " ".join(html.split())


@pytest.mark.django_db
def test_the_public_site_links_its_favicon(client):
    html = client.get("/").content.decode()
    assert '<link rel="icon" type="image/svg+xml" href="/static/images/qiandeng-logo.svg">' in html
    assert client.get("/static/images/qiandeng-logo.svg").status_code == 200


@pytest.mark.parametrize("username", ROLES)
def test_every_admin_page_a_role_reaches_speaks_chinese(client, records, username):
    login(client, username)
    assert crawl(client) == {}


@pytest.mark.django_db
def test_a_form_returned_with_errors_speaks_chinese(client):
    login(client, "worker06")
    url = "/admin/cases/case/create/"
    response = client.post(url, {})
    html = response.content.decode()
    assert response.status_code == 200
    assert "could not be" not in html and "error-message" in html
    assert english_on(url, html) == set()


@pytest.mark.django_db
def test_the_aging_pages_report_shows_a_dash_for_a_page_published_without_a_user(client):
    from wagtail.models import Page

    page = Page.objects.get(depth=2).specific
    page.save_revision().publish()  # no user: as the skeleton and the demo publish
    login(client, "admin")
    html = client.get("/admin/reports/aging-pages/").content.decode()
    assert page.title in html
    assert english_on("/admin/reports/aging-pages/", html) == set()
