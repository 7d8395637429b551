"""Text typed by people that others will read back: names and titles.

Invisible format characters (Unicode category Cf: bidirectional overrides such as U+202E, zero-width
spaces and joiners, the BOM, soft hyphens) let a name look like another, reverse what a list shows, or
hide a word from search, so they are removed wherever a name or title is accepted (the services).
"""

import unicodedata


def clean_line(value: str) -> str:
    """``value`` without invisible format characters and surrounding whitespace."""
    return "".join(ch for ch in value or "" if unicodedata.category(ch) != "Cf").strip()
