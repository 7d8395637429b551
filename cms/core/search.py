"""Chinese search: one tokenizer for the indexed text and for every query.

Wagtail's database backends (SQLite FTS5, PostgreSQL) read a run of Chinese characters as a single token,
so "物业纠纷" inside a sentence is never found. We split Chinese runs into single characters and
overlapping bigrams (the classic CJK approach): any contiguous phrase of the text is then found, with
no dictionary to drift between the index and the query. Pages index ``segment(text)`` through
``BasePage.segmented_text`` and ``search_backend`` segments each query the same way, so the public
search, the admin page search and autocomplete all agree.
"""

import re

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_RUNS = re.compile(rf"[{_CJK}]+|[^\W{_CJK}]+")


def _is_cjk(run: str) -> bool:
    return "\u3400" <= run[0] <= "\u9fff" or "\uf900" <= run[0] <= "\ufaff"


def index_tokens(text: str) -> list[str]:
    """Tokens stored for ``text``: Latin words as they are, Chinese as characters and bigrams."""
    tokens = []
    for run in _RUNS.findall(text.lower()):
        if _is_cjk(run):
            tokens.extend(run)
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            tokens.append(run)
    return tokens


def query_tokens(text: str) -> list[str]:
    """Tokens a query must all match: Chinese bigrams keep the phrase together; one character stays one."""
    tokens = []
    for run in _RUNS.findall(text.lower()):
        if _is_cjk(run) and len(run) > 1:
            tokens.extend(run[i : i + 2] for i in range(len(run) - 1))
        else:
            tokens.append(run)
    return tokens


def segment(text: str) -> str:
    return " ".join(index_tokens(text))


def segment_query(text: str) -> str:
    return " ".join(query_tokens(text))
