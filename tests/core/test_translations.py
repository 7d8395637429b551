"""The English catalogue is complete: every message has a translation and none is left fuzzy, so a
visitor who switches to English never meets a half-translated page of ours."""

from pathlib import Path

import pytest

CATALOGUE = Path(__file__).resolve().parents[2] / "locale" / "en" / "LC_MESSAGES" / "django.po"


def entries() -> list[list[str]]:
    blocks = CATALOGUE.read_text(encoding="utf-8").split("\n\n")
    return [
        block.splitlines()
        for block in blocks[1:]  # the header
        if block.strip() and not block.lstrip().startswith("#~")  # obsolete entries
    ]


def untranslated(lines: list[str]) -> bool:
    message_lines = [line for line in lines if not line.startswith("#")]
    start = next(i for i, line in enumerate(message_lines) if line.startswith("msgstr"))
    text = message_lines[start].split(" ", 1)[1] + "".join(message_lines[start + 1 :])
    return text.replace('"', "").strip() == ""


def test_every_message_is_translated_and_none_is_fuzzy():
    missing = [" ".join(lines) for lines in entries() if untranslated(lines)]
    fuzzy = [
        " ".join(lines)
        for lines in entries()
        if any("fuzzy" in line for line in lines if line.startswith("#,"))
    ]
    assert missing == [] and fuzzy == []


@pytest.mark.django_db
def test_the_english_site_shows_the_new_public_pages_in_english(client):
    client.get("/language/en/", {"next": "/"})
    html = client.get("/volunteers/certificates/").content.decode()
    assert "Check a volunteer service certificate" in html
    html = client.get("/resources/").content.decode()
    assert "Good-governance resource bank" in html
