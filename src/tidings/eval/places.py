"""Scoring place resolution (`tidings.places`) against the hand labels in labels/places.jsonl and
labels/event_places.jsonl."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..pipeline import nlp
from ..places import event_place, find_places, fold
from .labels import labelled_articles
from .score import Score


def score_places(labels: Sequence[Mapping[str, Any]], corpus: Mapping[str, Mapping[str, Any]], *,
                 limit: int | None = None) -> Score:
    """How well find_places resolves hand-labelled place mentions.

    A label is found when a place mention overlaps its characters; it is correct when that place has
    the label's GeoNames id (or, for a label without one, the same name), and country-correct when the
    countries agree. Precision counts found places that start before the article's last labelled
    character (articles are labelled up to there).
    """
    language = nlp.load()
    n = found = correct = country_correct = predicted = predicted_matched = articles = 0
    misses: list[dict[str, Any]] = []
    for record, article_labels in labelled_articles(labels, corpus, limit):
        articles += 1
        doc = language(record["text"])
        spans = [(doc[s].idx, doc[e - 1].idx + len(doc[e - 1].text), p) for s, e, p in find_places(doc)]
        horizon = max(label["end"] for label in article_labels)
        for start, end, _ in spans:
            if start < horizon:
                predicted += 1
                if any(start < lab["end"] and lab["start"] < end for lab in article_labels):
                    predicted_matched += 1
        for label in article_labels:
            n += 1
            hit = next((p for s, e, p in spans if s < label["end"] and label["start"] < e), None)
            if hit is None:
                misses.append({**label, "got": None})
                continue
            found += 1
            same = (hit.geonames == label["geonames"] if label.get("geonames") is not None
                    else fold(hit.name) == fold(label["name"]))
            correct += same
            country_correct += hit.country == label.get("country")
            if not same:
                misses.append({**label, "got": hit.to_dict()})
    details = {
        "articles": articles,
        "found": found,
        "country_accuracy": country_correct / n if n else 0.0,
        "accuracy_of_found": correct / found if found else 0.0,
        "recall": found / n if n else 0.0,
        "precision": predicted_matched / predicted if predicted else 0.0,
    }
    return Score(correct, None, n, details, tuple(misses))


def score_event_places(labels: Sequence[Mapping[str, Any]], corpus: Mapping[str, Mapping[str, Any]], *,
                       limit: int | None = None) -> Score:
    """How well event_place finds where hand-labelled triggers' events happened.

    Each label names an article, the character offsets of a trigger word, and the event's place (`place`,
    `country`, `geonames`), all null when the sentence names no place the event happened at. Accuracy counts
    a trigger correct when the place (GeoNames id, else name) or its absence matches; precision and recall
    are over the triggers that get, or should get, a place.
    """
    language = nlp.load()
    n = correct = country_correct = predicted = predicted_right = wanted = wanted_found = 0
    misses: list[dict[str, Any]] = []
    for record, article_labels in labelled_articles(labels, corpus, limit):
        doc = language(record["text"])
        found = find_places(doc)
        starts = {token.idx: token for token in doc}
        for label in article_labels:
            trigger = starts.get(label["start"])
            if trigger is None:
                continue
            got = event_place(trigger, found)
            n += 1
            if label.get("geonames") is not None:
                same = got is not None and got.geonames == label["geonames"]
            elif label.get("place"):
                same = got is not None and fold(got.name) == fold(label["place"])
            else:
                same = got is None
            correct += same
            country_correct += (got.country if got else None) == label.get("country")
            if got is not None:
                predicted += 1
                predicted_right += same
            if label.get("place"):
                wanted += 1
                wanted_found += same
            if not same:
                misses.append({**label, "got": got.to_dict() if got else None})
    details = {
        "country_accuracy": country_correct / n if n else 0.0,
        "precision": predicted_right / predicted if predicted else 0.0,
        "recall": wanted_found / wanted if wanted else 0.0,
        "with_place": wanted,
    }
    return Score(correct, None, n, details, tuple(misses))
