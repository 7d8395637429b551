"""The English catalogue is complete: every message has a translation and none is left fuzzy, so a
visitor who switches to English never meets a half-translated page of ours. The zh_Hans identity catalogue
(a speed-up, see the Makefile) is regenerated with it."""

from pathlib import Path

import pytest

LOCALE = Path(__file__).resolve().parents[2] / "locale"
CATALOGUE = LOCALE / "en" / "LC_MESSAGES" / "django.po"
IDENTITY = LOCALE / "zh_Hans" / "LC_MESSAGES" / "django.po"
# Chinese for Wagtail's, modeladmin's and Django's English messages that their catalogues lack.
GAPS = LOCALE / "zh_Hans" / "gaps.po"


def entries(catalogue: Path = CATALOGUE) -> list[list[str]]:
    blocks = catalogue.read_text(encoding="utf-8").split("\n\n")
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


def msgids(catalogue: Path) -> set[str]:
    """Each entry's msgid as one string, however the file wraps it."""
    found = set()
    for lines in entries(catalogue):
        message = [line for line in lines if not line.startswith("#")]
        end = next(i for i, line in enumerate(message) if line.startswith("msgstr"))
        parts = [message[0].removeprefix("msgid "), *message[1:end]]
        found.add("".join(part.strip().strip('"') for part in parts))
    return found


def test_the_chinese_identity_catalogue_is_made_with_the_english_one_and_the_gaps():
    assert msgids(IDENTITY) == msgids(CATALOGUE) | msgids(GAPS)
    assert not any(untranslated(lines) for lines in entries(IDENTITY))
    text = IDENTITY.read_text(encoding="utf-8")
    assert "#, fuzzy" not in text.split("\n\n", 1)[1]  # a fuzzy entry would not be compiled
    assert "msgstr[1]" not in text  # Chinese has one plural form


def test_the_gaps_are_translated_and_are_not_our_own_messages():
    assert not any(untranslated(lines) for lines in entries(GAPS))
    assert not msgids(GAPS) & msgids(CATALOGUE)


@pytest.mark.django_db
def test_the_english_site_shows_the_new_public_pages_in_english(client):
    client.get("/language/en/", {"next": "/"})
    html = client.get("/volunteers/certificates/").content.decode()
    assert "Check a volunteer service certificate" in html
    html = client.get("/resources/").content.decode()
    assert "Good-governance resource bank" in html
