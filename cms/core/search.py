"""Chinese search: one word segmenter for the indexed text and for every query.

Wagtail's database backends (SQLite FTS5, PostgreSQL) read a run of Chinese characters as a single token,
so "物业纠纷" inside a sentence is never found. Pages index their text cut into words by jieba
(``BasePage.segmented_text``) and ``search_backend`` cuts each query the same way, so the public search,
the admin page search and autocomplete all agree. The search-engine cut also emits the shorter words inside
long ones (服务队 → 服务, 服务队), so a query for part of a compound word still finds it. Words, not
character pairs: "调解" must not match "协调解决".
"""

import rjieba


def words(text: str) -> list[str]:
    """The words of ``text`` in jieba's search-engine cut, lower-cased, without punctuation."""
    return [w.lower() for w in rjieba.cut_for_search(text) if _is_word(w)]


def _is_word(token: str) -> bool:
    return any(c.isalnum() for c in token)


def segment(text: str) -> str:
    return " ".join(words(text))
