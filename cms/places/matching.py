"""Reading a place out of the free text that records held before places existed ("东二社区", "示例花园",
"东二社区示例花园").

Pure: it works on plain names and ids, so the data migrations of cases and activities use it with their
historical models, and the tests call it directly. Only exact names match; anything else stays text.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

_SEPARATORS = re.compile(r"[\s·•/\-—|,，、]+")


@dataclass(frozen=True)
class Match:
    community_id: int
    estate_id: int | None = None


@dataclass
class PlaceIndex:
    communities: dict[str, int] = field(default_factory=dict)  # name → id
    # estate name → every (estate id, community id) with that name (names repeat across communities)
    estates: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    estates_by_community: dict[tuple[int, str], int] = field(default_factory=dict)

    @classmethod
    def build(
        cls, communities: Iterable[tuple[int, str]], estates: Iterable[tuple[int, int, str]]
    ) -> "PlaceIndex":
        """From (community id, name) and (estate id, community id, name) rows."""
        index = cls()
        for pk, name in communities:
            index.communities[name] = pk
        for pk, community_id, name in estates:
            index.estates.setdefault(name, []).append((pk, community_id))
            index.estates_by_community[community_id, name] = pk
        return index

    def match(self, text: str) -> Match | None:
        """The place the text names exactly: a community, an estate whose name is unique, or a community's
        name followed by one of its estates' names. None when it names nothing or several places."""
        text = _SEPARATORS.sub(" ", text or "").strip()
        if not text:
            return None
        if text in self.communities:
            return Match(self.communities[text])
        candidates = self.estates.get(text, [])
        if len(candidates) == 1:
            estate_id, community_id = candidates[0]
            return Match(community_id, estate_id)
        for name, community_id in self.communities.items():
            if text.startswith(name):
                rest = text[len(name) :].strip()
                if (community_id, rest) in self.estates_by_community:
                    return Match(community_id, self.estates_by_community[community_id, rest])
        return None
