"""Where the gold and the hand labels are, reading them, and matching an actor to a label.

Hand labels (`labels/*.jsonl`) hold an article id and character offsets into that article's `text`
in the corpus (../shared/corpus/guardian_sample.jsonl), never the text itself.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from pathlib import Path
from typing import Any

from ..dates import calendar_date
from ..types import Actor

CORPUS_FILE = Path("corpus") / "guardian_sample.jsonl"
COUNTRY_CODE = re.compile(r"[A-Z]{3}")


def find_shared(explicit: str | os.PathLike[str] | None = None) -> Path | None:
    """The shared data folder (one with `gold/`): `explicit`, else $TIDINGS_SHARED, else ./shared,
    ../shared or the folder beside the repository. A folder named explicitly is the only one tried."""
    named = explicit or os.environ.get("TIDINGS_SHARED")
    if named:
        candidates = [Path(named)]
    else:
        cwd = Path.cwd()
        candidates = [cwd / "shared", cwd.parent / "shared", Path(__file__).resolve().parents[4] / "shared"]
    for path in candidates:
        if (path / "gold").is_dir():
            return path
    return None


def find_labels() -> Path | None:
    """The folder of hand-labelled story sets (`labels/*.jsonl`) in the repo or the package."""
    here = Path(__file__).resolve()
    for path in (Path.cwd() / "labels", here.parents[3] / "labels", here.parents[1] / "data" / "labels"):
        if path.is_dir() and any(path.glob("*.jsonl")):
            return path
    return None


def read_jsonl(path: Path, limit: int | None = None) -> list[dict[str, Any]]:
    """The records of a JSONL file (blank lines skipped), the first `limit` of them if given."""
    records: list[dict[str, Any]] = []
    with path.open(encoding="utf-8") as stream:
        for line in stream:
            if line.strip():
                records.append(json.loads(line))
                if limit is not None and len(records) >= limit:
                    break
    return records


def read_corpus(path: Path) -> dict[str, dict[str, Any]]:
    """Article id → record (`text`, `date`), from a JSONL corpus."""
    return {str(record["id"]): record for record in read_jsonl(path)}


def labelled_articles(labels: Sequence[Mapping[str, Any]], corpus: Mapping[str, Mapping[str, Any]],
                      limit: int | None = None) -> Iterator[tuple[Mapping[str, Any], list[Mapping[str, Any]]]]:
    """Each labelled article of `corpus` (in label-file order, the first `limit` of them) with its labels."""
    by_article: dict[str, list[Mapping[str, Any]]] = {}
    for label in labels:
        by_article.setdefault(str(label["article"]), []).append(label)
    ids = [article for article in by_article if article in corpus][:limit]
    for article in ids:
        yield corpus[article], by_article[article]


def published(record: Mapping[str, Any]) -> date | None:
    """An article record's publication date."""
    return calendar_date(record.get("published") or record.get("date"))


def actor_label(actor: Actor | None) -> str | None:
    """A short name for `actor` in reports: its canonical name, else its CAMEO code."""
    if actor is None:
        return None
    return actor.name or actor.cameo


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text)
    return "".join(c for c in plain if not unicodedata.combining(c)).casefold().strip()


def matches(actor: Actor | None, label: str | None) -> bool:
    """Whether `actor` is what a hand label names: a person's canonical name or a CAMEO-like code."""
    if label is None:  # no named speaker: nothing, or a generic agent ("the official") of no country
        return actor is None or actor.country is None and (actor.name is None or actor.sector is not None)
    if actor is None:
        return False
    if COUNTRY_CODE.fullmatch(label):  # a bare country code names the state, any organ of it
        return actor.country == label
    wanted = _fold(label)
    names = [actor.name, actor.cameo,
             f"{actor.country or ''}{actor.sector or ''}" if actor.country else None]
    if any(n is not None and _fold(n) == wanted for n in names):
        return True
    # someone the actor base lacks is known by the name the story uses: "Bali" is Mustafa Bali
    unlisted = actor.name is not None and actor.country is None and actor.wikidata is None
    return unlisted and _surname(_fold(actor.name)) == _surname(wanted)


def _surname(name: str) -> str:
    """The last part of a name, hyphenated parts split ("al-Hariri" → "hariri")."""
    return re.split(r"[\s-]+", name.strip())[-1]
