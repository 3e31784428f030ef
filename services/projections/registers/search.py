"""Search by name in Russian: folded in Python at write time (SQLite's lower() leaves Cyrillic alone)."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")
_QUOTES = str.maketrans({c: " " for c in "«»\"'“”„"})
_QUOTED = re.compile(r"«([^»]+)»|\"([^\"]+)\"|“([^”]+)”")


def fold(text: str) -> str:
    """NFKC, case-folded, ё as е, quotes dropped, single spaces: «Фёдоровская» finds ФЕДОРОВСКАЯ."""
    text = unicodedata.normalize("NFKC", text).casefold().replace("ё", "е").translate(_QUOTES)
    return _SPACES.sub(" ", text).strip()


def search_text(*parts: str) -> str:
    """The search column of a row: its names and titles folded, one space between."""
    return " | ".join(_folded(part) for part in parts if part and part.strip())


#: The same school names and topics come back on every visit of a replay. Only search_text's
#: parts (names of schools and organisations, topics, titles) are kept: never people's names.
_folded = lru_cache(maxsize=8192)(fold)


def like_pattern(query: str) -> str:
    """`LIKE ? ESCAPE '!'` pattern of a folded query: its words in order, anything between."""
    escaped = fold(query).replace("!", "!!").replace("%", "!%").replace("_", "!_")
    return "%" + "%".join(escaped.split(" ")) + "%"


def short_name(name: str) -> str:
    """The name in quotes, e.g. «Федоровская СОШ» of МБОУ «Федоровская СОШ»; else the name."""
    found = _QUOTED.search(name)
    if found is None:
        return name.strip()
    return next(group for group in found.groups() if group).strip()
