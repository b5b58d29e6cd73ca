"""Place names as the gazetteer matches them: folded (no case, diacritics, apostrophes or hyphens), with
and without a leading article, and the entry a name resolves to."""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from .. import data
from ..types import Place



@dataclass(frozen=True, slots=True)
class Entry:
    """One gazetteer entry: the Place it resolves to, and what scoring needs to know about it."""

    place: Place
    kind: str  # country | adm1 | region | continent | state | city | town
    population: int = 0
    admin1: str | None = None
    capital: bool = False


def _fold_table() -> dict[int, str | None]:
    """One translate table: accented Latin letters to plain ones, apostrophes dropped, dashes to spaces."""
    table: dict[int, str | None] = dict.fromkeys(map(ord, "‘’ʿʾ'`´\u02bb\u02bc."), None)
    table.update(dict.fromkeys(map(ord, "-‐–—_/,"), " "))
    table[ord("ı")] = "i"
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        plain = "".join(c for c in unicodedata.normalize("NFKD", chr(code)) if not unicodedata.combining(c))
        if plain != chr(code) and plain.isascii():
            table[code] = plain.lower()
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """`text` lower-cased, without diacritics, apostrophes or hyphens: the form names are matched in."""
    return " ".join(text.lower().translate(_FOLD).split())


def name_keys(name: str) -> list[str]:
    """The lookup keys of a name: its folded form, then that form without a leading article."""
    key = fold(name)
    if not key:
        return []
    first, _, rest = key.partition(" ")
    if first in data.words("places/name_articles.txt") and len(rest) > 2:
        return [key, rest]
    return [key]
