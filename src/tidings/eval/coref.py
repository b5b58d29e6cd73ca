"""Scoring reference resolution (`tidings.coref`) against the hand labels in labels/coref.jsonl."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from spacy.tokens import Doc

from ..actors import find_mentions
from ..pipeline import nlp
from ..pipeline.coder import References, read_references
from ..coref import REFERENCE_KINDS
from .labels import actor_label, labelled_articles, matches, published
from .score import Score


def read_with_references(
    labels: Sequence[Mapping[str, Any]], corpus: Mapping[str, Mapping[str, Any]], limit: int | None
) -> Iterator[tuple[list[Mapping[str, Any]], Doc, References]]:
    """Each labelled article's labels, Doc, and actor mentions with their references and quotes:
    what quotes and references need, without the rest of the coder."""
    chosen = list(labelled_articles(labels, corpus, limit))
    docs = nlp.load().pipe((record["text"] for record, _ in chosen), batch_size=8)
    for (record, wanted), doc in zip(chosen, docs, strict=True):
        yield wanted, doc, read_references(doc, find_mentions(doc, when=published(record)))


def score_coref(labels: Sequence[Mapping[str, Any]], corpus: Mapping[str, Mapping[str, Any]], *,
                limit: int | None = None) -> Score:
    """Resolution accuracy over hand labels `{"article", "start", "end", "refers_to"}`.

    A label counts as resolved when a pronoun/description mention covers its span (people the actor
    base lacks included, as the resolution gives them to quote attribution), and correct when
    that mention's actor matches `refers_to` by canonical name or CAMEO code (`refers_to: null`, for
    words that name no actor, is correct when nothing was resolved there).
    """
    n = resolved = correct = 0
    misses: list[dict[str, Any]] = []
    for wanted, doc, people in read_with_references(labels, corpus, limit):
        found = people.mentions + people.unlisted
        for label in wanted:
            n += 1
            hits = [m for m in found if m.kind in REFERENCE_KINDS
                    and doc[m.start].idx < label["end"] and doc[m.end - 1].idx + len(doc[m.end - 1]) > label["start"]]
            if hits:
                resolved += 1
            wanted_actors = label["refers_to"]
            if wanted_actors is None:
                ok = not hits
            else:
                names = [wanted_actors] if isinstance(wanted_actors, str) else wanted_actors
                ok = all(any(matches(m.actor, name) for m in hits) for name in names)
            correct += ok
            if not ok:
                misses.append({**label, "found": [actor_label(m.actor) for m in hits]})
    return Score(correct, None, n, {"resolved": resolved}, tuple(misses))
