"""The gold sets: score the coder against gold files in the formats of shared/gold.

Gold formats (see shared/gold/README.md) are told apart by their fields:

* **plover** — PLOVER GSR records (`event`, `source`, `target`, `markup`).
* **penta** — sentences with a CAMEO penta class (`text`, integer `label` 0–4).
* **roles** — sentences with BIO role tags (`tokens`, `tags`; tags S, T, R).
* **petr** — PETRARCH unit tests (`expected` list of `{source, target, event}`).

Every sentence is coded as a one-sentence article with `tidings.code_many`. Metrics:

**Chosen event.** A record with m gold events (m is 1 except where the same sentence carries several
PLOVER records) is compared with the sentence's m *chosen* events: the non-negated events ranked by
(a generic CAMEO 010 "make statement" — usually the reporting clause "…, an official said" — after
every other event; higher confidence first; mode `actual` before other modes; text order).

**PLOVER type accuracy** (plover): a record is correct when its gold `event` is among the PLOVER
types of its sentence's chosen events (each chosen event counted once); no event is wrong.

**actor/type/recipient F1** (plover): micro precision/recall/F1 over sets of
(actor country, PLOVER type, recipient country) triples per sentence. Gold: every source × every
target (target "-" when the record has none); a reciprocal record (markup `(SRC/TAR: …)`) gives every
ordered pair of distinct participants (sources and targets together); a record without a source
(one in the dev set) has actor "-". Predicted: the same expansion of
the chosen events (a reciprocal event's participants are its actors and recipients together). A
predicted actor's code is its CAMEO prefix when that names a transnational kind as the gold does
(IGO, NGO, IMG, MNC), else `Actor.country`, else "?" (never matches). Gold's legacy codes JAP, VTN
and ITL are read as JPN, VNM, ITA. The "all events" row expands every non-negated event instead of
only the chosen ones (precision then also pays for events gold does not code).

**penta macro-F1 / accuracy** (penta): the predicted class is the codebook penta class of the chosen
event's CAMEO code (`codebook.lookup(code).penta_class`). No event predicts no class: it is wrong,
counts as a miss for the gold class, and is a false positive for no class. Macro-F1 is the unweighted
mean of the five per-class F1 values. Rows marked *held-out* use only the sentences of the fixed
held-out split (`is_heldout`: 20% by SHA-1 of the sentence with whitespace removed), which the
rules were never tuned on. The shipped learned reader (tidings.reader) trains on all the shared gold,
so no row here is a fair test of it: `tidings eval --cv K` is (tidings.eval.model).

**role span F1** (roles): gold spans are the BIO spans per label S (actor), T (recipient),
R (both: reciprocal). Predicted spans come from the first chosen event: actors → S, recipients → T,
or all participants → R when the event is reciprocal. An actor's character span (`Actor.span`, else
the first occurrence of its text) maps to the whitespace tokens it overlaps. *Exact*: label and token
range equal. *Overlap*: label equal and at least one shared token, matched one-to-one greedily.
Micro P/R/F1 over all spans; held-out rows as for penta (the split is the same).

**PETRARCH pass rate** (petr): a record passes when the set of (source, target, CAMEO code)
triples of its non-negated events equals the expected set. Codes are `Actor.cameo` (else
`Actor.country`), a missing recipient is `---`, and reciprocal events give both directions. Records
that expect an error or no event pass when nothing is coded. The PETRARCH dictionaries in the gold
folder's `petr_dictionaries/` are loaded first: actors and agents with `tidings.actors.add_dictionaries`,
and the verbs as trigger rules (`tidings.events.read_user_rules`) handed to the coder for that file.

**Rules-alone rows**: the PLOVER and penta rows again with the learned reader switched off
(`reader.switched_off()`).

A sentence on which the coder raises is scored as having no event, and a note counts such crashes.
`--errors` never lists misses from the held-out split, so tuning the lexicon on the listed misses
leaves the held-out rows a fair test.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from .. import codebook
from ..actors import add_dictionaries
from ..events import TriggerRule, read_user_rules
from ..pipeline.coder import code_many, failed
from ..types import Actor, CodedArticle, Event
from .labels import read_jsonl
from .score import Metric, Miss, Report, Score, accuracy, macro_f1, micro_prf

GOLD_FORMATS = ("plover", "penta", "roles", "petr")
DEFAULT_GOLD_FILES = ("plover_gsr_dev.jsonl", "cameo_penta_train.jsonl", "cameo_roles_train.jsonl",
                      "petr_unittest.jsonl")
PETR_DICTIONARIES = "petr_dictionaries"
HELDOUT_BUCKETS = 5  # one bucket of five (20%) is held out
TRANSNATIONAL = ("IGO", "NGO", "IMG", "MNC")
LEGACY_COUNTRY = {"JAP": "JPN", "VTN": "VNM", "ITL": "ITA"}
NO_RECIPIENT = "-"
PETR_NO_ACTOR = "---"
GENERIC_STATEMENT = "010"
CODER_CRASH = "coder crashed"
TRAINED_ON_NOTE = "the learned reader trained on these: see --cv"
HELDOUT_NOTE = "the rules never tuned on these; the learned reader trained on them"
RULES_NOTE = "learned reader switched off"


def is_heldout(text: str) -> bool:
    """Whether a gold training sentence is in the held-out split (20%, fixed by its SHA-1).

    Whitespace is removed first so the penta and roles copies of one sentence ("government's" vs
    "government 's") fall on the same side.
    """
    key = re.sub(r"\s+", "", text).lower().encode("utf-8")
    return int(hashlib.sha1(key).hexdigest(), 16) % HELDOUT_BUCKETS == 0



def detect_format(record: Mapping[str, Any], name: str = "") -> str:
    """Which gold format `record` is in (by its fields; the file name only breaks ties)."""
    if "expected" in record:
        return "petr"
    if "tags" in record and "tokens" in record:
        return "roles"
    if "markup" in record or ("event" in record and "source" in record and "target" in record):
        return "plover"
    if "label" in record and "text" in record:
        return "penta"
    for fmt, marker in (("petr", "petr"), ("roles", "roles"), ("plover", "plover"), ("penta", "penta")):
        if marker in name.lower():
            return fmt
    raise ValueError(f"{name or 'record'}: not a known gold format (fields: {sorted(record)})")


# ---------------------------------------------------------------- coding


CHUNK = 64


def code_sentences(items: Sequence[tuple[str, str, str | None]], *, batch_size: int = CHUNK,
                   trigger_rules: tuple[TriggerRule, ...] = ()) -> list[CodedArticle]:
    """Code (id, text, published) items as one-sentence articles, in order (`trigger_rules`: a user's
    extra trigger rules, as `tidings.code_many` takes them).

    A chunk in which the coder raises is coded again one sentence at a time, so one crash costs one
    sentence (an article whose `errors` names the exception) rather than the whole run.
    """
    coded: list[CodedArticle] = []
    for first in range(0, len(items), batch_size):
        chunk = items[first:first + batch_size]
        records = [{"id": i, "text": t, "published": p} for i, t, p in chunk]
        try:
            coded += code_many(records, batch_size=batch_size, trigger_rules=trigger_rules)
        except Exception:  # a coder bug: isolate the sentence that triggers it
            coded += [code_one(record, trigger_rules) for record in records]
    return coded


def code_one(record: Mapping[str, Any], trigger_rules: tuple[TriggerRule, ...] = ()) -> CodedArticle:
    try:
        return next(iter(code_many([record], trigger_rules=trigger_rules)))
    except Exception as err:
        return failed(str(record["id"]), f"{CODER_CRASH}: {type(err).__name__}: {err}")


def crash_note(coded: Sequence[CodedArticle], name: str) -> list[str]:
    crashes = [c for c in coded if any(e.startswith(CODER_CRASH) for e in c.errors)]
    if not crashes:
        return []
    return [f"{name}: the coder raised on {len(crashes)} of {len(coded)} records "
            f"(first: {crashes[0].article.id}: {crashes[0].errors[0]})"]


def live_events(article: CodedArticle) -> list[Event]:
    return [e for e in article.events if e.mode != "negated"]


def chosen_events(article: CodedArticle, k: int = 1) -> list[Event]:
    """The k events that stand for the sentence (ranking in the module docstring)."""
    ranked = sorted(
        enumerate(live_events(article)),
        key=lambda pair: (pair[1].cameo == GENERIC_STATEMENT, -pair[1].confidence,
                          pair[1].mode != "actual", pair[1].evidence.start, pair[0]),
    )
    return [event for _, event in ranked[:k]]


def penta_of(event: Event) -> int:
    try:
        return codebook.lookup(event.cameo).penta_class
    except KeyError:
        return event.penta_class


def actor_code(actor: Actor) -> str:
    """The country-level code the PLOVER gold uses for an actor."""
    if actor.cameo and actor.cameo[:3] in TRANSNATIONAL:
        return actor.cameo[:3]
    return actor.country or "?"


def gold_code(code: str | None) -> str:
    code = (code or "?").upper()
    return LEGACY_COUNTRY.get(code, code)


def dyads(actors: Sequence[str], recipients: Sequence[str], reciprocal: bool, none: str
          ) -> set[tuple[str, str]]:
    """(actor, recipient) pairs: actor × recipient, or every ordered pair of participants.

    A missing side is `none` ("-" for PLOVER, "---" for PETRARCH).
    """
    if reciprocal:
        # a predicted reciprocal event lists its parties as actors and again as recipients
        people = list(actors) + [r for r in recipients if r not in actors]
        pairs = {(a, b) for i, a in enumerate(people) for j, b in enumerate(people) if i != j}
        return pairs or {(a, none) for a in people}
    return {(a, r) for a in (actors or [none]) for r in (recipients or [none])}


def event_triples(event: Event) -> set[tuple[str, str, str]]:
    pairs = dyads([actor_code(a) for a in event.actor], [actor_code(r) for r in event.recipient],
                  event.reciprocal, NO_RECIPIENT)
    return {(a, event.plover, r) for a, r in pairs}


def describe(events: Iterable[Event]) -> str:
    def names(actors: tuple[Actor, ...]) -> str:
        return "+".join(actor_code(a) for a in actors) or NO_RECIPIENT

    shown = [f"{e.plover}/{e.cameo} {names(e.actor)}→{names(e.recipient)}"
             f"{' (recip)' if e.reciprocal else ''}" for e in events]
    return "; ".join(shown) or "no event"


# ---------------------------------------------------------------- PLOVER


def plover_gold_triples(record: Mapping[str, Any]) -> set[tuple[str, str, str]]:
    sources = [gold_code(a.get("code")) for a in record.get("source") or []]
    targets = [gold_code(a.get("code")) for a in record.get("target") or []]
    reciprocal = "(SRC/TAR:" in (record.get("markup") or "")
    return {(a, record["event"], r) for a, r in dyads(sources, targets, reciprocal, NO_RECIPIENT)}


def score_plover(records: Sequence[Mapping[str, Any]], coded: Sequence[CodedArticle],
                 source: str = "plover") -> Report:
    report = Report()
    by_text: dict[str, list[int]] = {}
    for index, record in enumerate(records):
        by_text.setdefault(record["text"], []).append(index)
    correct = 0
    gold_sets: list[set[Any]] = []
    chosen_sets: list[set[Any]] = []
    all_sets: list[set[Any]] = []
    for indexes in by_text.values():
        article = coded[indexes[0]]
        chosen = chosen_events(article, len(indexes))
        types = Counter(e.plover for e in chosen)
        for index in indexes:
            record = records[index]
            hit = types[record["event"]] > 0
            if hit:
                types[record["event"]] -= 1
                correct += 1
            else:
                report.misses.append(Miss("PLOVER type accuracy", str(record.get("id", index)),
                                          record["text"], record["event"], describe(chosen)))
        gold = set().union(*(plover_gold_triples(records[i]) for i in indexes))
        predicted = set().union(*(event_triples(e) for e in chosen))
        everything = set().union(*(event_triples(e) for e in live_events(article)))
        gold_sets.append(gold)
        chosen_sets.append(predicted)
        all_sets.append(everything)
        if gold != predicted:
            first = records[indexes[0]]
            report.misses.append(Miss("actor/type/recipient F1", str(first.get("id", indexes[0])),
                                      first["text"], _triples(gold), _triples(predicted)))
    n = len(records)
    report.metrics.append(Metric("PLOVER type accuracy", correct / n if n else None, n, source))
    for name, predicted_sets in (("actor/type/recipient F1", chosen_sets),
                                 ("actor/type/recipient F1 (all events)", all_sets)):
        prf = micro_prf(gold_sets, predicted_sets)
        report.metrics.append(Metric(name, prf.f1 if n else None, prf.n_gold, source,
                                     f"P {prf.precision:.3f} R {prf.recall:.3f} (n = gold triples)"))
    return report


def _triples(triples: set[tuple[str, ...]]) -> str:
    return "; ".join(" ".join(t) for t in sorted(triples)) or "none"


# ---------------------------------------------------------------- penta


def penta_predictions(coded: Sequence[CodedArticle]) -> list[int | None]:
    predictions: list[int | None] = []
    for article in coded:
        chosen = chosen_events(article)
        predictions.append(penta_of(chosen[0]) if chosen else None)
    return predictions


def penta_metrics(gold: Sequence[int], predicted: Sequence[int | None], label: str, source: str,
                  note: str = "") -> list[Metric]:
    n = len(gold)
    return [
        Metric(f"penta macro-F1{label}", macro_f1(gold, predicted, range(5)) if n else None, n, source,
               note),
        Metric(f"penta accuracy{label}", accuracy(gold, predicted) if n else None, n, source, note),
    ]


def score_penta(records: Sequence[Mapping[str, Any]], coded: Sequence[CodedArticle],
                source: str = "penta") -> Report:
    report = Report()
    gold = [int(r["label"]) for r in records]
    predicted = penta_predictions(coded)
    held = [i for i, r in enumerate(records) if is_heldout(r["text"])]
    report.metrics += penta_metrics(gold, predicted, "", source, TRAINED_ON_NOTE)
    report.metrics += penta_metrics([gold[i] for i in held], [predicted[i] for i in held],
                                    " (held-out)", source, HELDOUT_NOTE)
    for index, (g, p) in enumerate(zip(gold, predicted, strict=True)):
        if g != p and not is_heldout(records[index]["text"]):  # held-out misses stay unseen
            events = chosen_events(coded[index])
            report.misses.append(Miss("penta macro-F1", f"line {index + 1}", records[index]["text"],
                                      str(g), f"{p if p is not None else 'none'}: {describe(events)}"))
    return report


# ---------------------------------------------------------------- roles


def bio_spans(tags: Sequence[str]) -> set[tuple[str, int, int]]:
    """(label, start, end) token spans from BIO tags; an I- that opens a span starts one."""
    spans: set[tuple[str, int, int]] = set()
    label: str | None = None
    start = 0
    for index, tag in enumerate([*tags, "O"]):
        prefix, _, name = tag.partition("-")
        continues = prefix == "I" and name == label
        if label is not None and not continues:
            spans.add((label, start, index))
            label = None
        if prefix in ("B", "I") and not continues:
            label, start = name, index
    return spans


def token_offsets(tokens: Sequence[str]) -> list[tuple[int, int]]:
    """Character offsets of each token in `" ".join(tokens)`."""
    offsets, position = [], 0
    for token in tokens:
        offsets.append((position, position + len(token)))
        position += len(token) + 1
    return offsets


def char_span_tokens(start: int, end: int, offsets: Sequence[tuple[int, int]]) -> tuple[int, int] | None:
    covered = [i for i, (s, e) in enumerate(offsets) if s < end and start < e]
    return (covered[0], covered[-1] + 1) if covered else None


def actor_char_span(actor: Actor, text: str) -> tuple[int, int] | None:
    if actor.span is not None:
        return actor.span.start, actor.span.end
    found = text.find(actor.text) if actor.text else -1
    return (found, found + len(actor.text)) if found >= 0 else None


def predicted_role_spans(article: CodedArticle, tokens: Sequence[str]) -> set[tuple[str, int, int]]:
    chosen = chosen_events(article)
    if not chosen:
        return set()
    event = chosen[0]
    text = " ".join(tokens)
    offsets = token_offsets(tokens)
    if event.reciprocal:
        labelled = [("R", a) for a in (*event.actor, *event.recipient)]
    else:
        labelled = [("S", a) for a in event.actor] + [("T", a) for a in event.recipient]
    spans: set[tuple[str, int, int]] = set()
    for label, actor in labelled:
        chars = actor_char_span(actor, text)
        found = char_span_tokens(*chars, offsets) if chars else None
        if found:
            spans.add((label, *found))
    return spans


def overlap_matches(gold: set[tuple[str, int, int]], predicted: set[tuple[str, int, int]]) -> int:
    """One-to-one greedy matches of same-label spans sharing a token."""
    free = sorted(gold)
    matched = 0
    for label, start, end in sorted(predicted):
        for candidate in free:
            if candidate[0] == label and candidate[1] < end and start < candidate[2]:
                free.remove(candidate)
                matched += 1
                break
    return matched


def score_roles(records: Sequence[Mapping[str, Any]], coded: Sequence[CodedArticle],
                source: str = "roles") -> Report:
    report = Report()
    rows: list[tuple[bool, set[Any], set[Any]]] = []
    for index, (record, article) in enumerate(zip(records, coded, strict=True)):
        gold = bio_spans(record["tags"])
        predicted = predicted_role_spans(article, record["tokens"])
        rows.append((is_heldout(" ".join(record["tokens"])), gold, predicted))
        if gold != predicted and not rows[-1][0]:  # held-out misses stay unseen
            tokens = record["tokens"]

            def show(spans: set[tuple[str, int, int]]) -> str:
                return "; ".join(f"{lab}:{' '.join(tokens[s:e])}" for lab, s, e in sorted(spans)) or "none"

            report.misses.append(Miss("role span F1", f"line {index + 1}", " ".join(tokens),
                                      show(gold), show(predicted)))
    for label, subset, note in (("", rows, TRAINED_ON_NOTE),
                                (" (held-out)", [r for r in rows if r[0]], HELDOUT_NOTE)):
        exact = micro_prf([g for _, g, _ in subset], [p for _, _, p in subset])
        overlap = Score(sum(overlap_matches(g, p) for _, g, p in subset), exact.n_pred, exact.n_gold)
        for kind, prf in (("exact", exact), ("overlap", overlap)):
            report.metrics.append(Metric(f"role span F1 {kind}{label}", prf.f1 if subset else None,
                                         prf.n_gold, source,
                                         f"P {prf.precision:.3f} R {prf.recall:.3f} (n = gold spans); {note}"))
    return report


# ---------------------------------------------------------------- PETRARCH


def petr_code(actor: Actor) -> str:
    return actor.cameo or actor.country or PETR_NO_ACTOR


def petr_predicted(article: CodedArticle) -> set[tuple[str, str, str]]:
    triples: set[tuple[str, str, str]] = set()
    for event in live_events(article):
        pairs = dyads([petr_code(a) for a in event.actor], [petr_code(r) for r in event.recipient],
                      event.reciprocal, PETR_NO_ACTOR)
        triples |= {(a, r, event.cameo) for a, r in pairs}
    return triples


def petr_expected(record: Mapping[str, Any]) -> set[tuple[str, str, str]]:
    return {(e["source"], e["target"], e["event"]) for e in record.get("expected") or []}


def petr_date(value: object) -> str | None:
    digits = str(value or "")
    return f"{digits[:4]}-{digits[4:6]}-{digits[6:8]}" if re.fullmatch(r"\d{8}", digits) else None


def score_petr(records: Sequence[Mapping[str, Any]], coded: Sequence[CodedArticle],
               source: str = "petr", note: str = "") -> Report:
    report = Report()
    passed: list[bool] = []
    for index, (record, article) in enumerate(zip(records, coded, strict=True)):
        expected = petr_expected(record)
        predicted = petr_predicted(article)
        passed.append(expected == predicted)
        if expected != predicted:
            report.misses.append(Miss("PETRARCH pass rate", str(record.get("id", index)),
                                      record["text"], _triples(expected), _triples(predicted)))
    valid = [p for p, r in zip(passed, records, strict=True) if r.get("valid", True)]
    n = len(passed)
    report.metrics.append(Metric("PETRARCH pass rate", sum(passed) / n if n else None, n, source, note))
    report.metrics.append(Metric("PETRARCH pass rate (valid)", sum(valid) / len(valid) if valid else None,
                                 len(valid), source, "records marked valid"))
    return report


def load_petr_dictionaries(folder: Path) -> tuple[str, tuple[TriggerRule, ...]]:
    """Load the PETRARCH actor dictionaries into the actor stage and read the verbs dictionaries as
    trigger rules; say what happened, and hand back the rules."""
    paths = sorted(p for p in folder.glob("*.txt"))
    add_dictionaries(paths)
    return f"PETRARCH dictionaries loaded ({len(paths)} files)", read_user_rules(paths)


# ---------------------------------------------------------------- one gold file


SCORERS: dict[str, Callable[..., Report]] = {
    "plover": score_plover, "penta": score_penta, "roles": score_roles, "petr": score_petr,
}


def gold_items(fmt: str, records: Sequence[Mapping[str, Any]], stem: str
               ) -> list[tuple[str, str, str | None]]:
    """What to code for each record: (id, text, published)."""
    items = []
    for index, record in enumerate(records):
        record_id = f"{stem}:{record.get('id', index + 1)}"
        if fmt == "roles":
            items.append((record_id, " ".join(record["tokens"]), None))
        elif fmt == "petr":
            items.append((record_id, record["text"], petr_date(record.get("date"))))
        else:
            items.append((record_id, record["text"], record.get("date")))
    return items


def evaluate_file(path: Path, *, limit: int | None = None) -> Report:
    """Code one gold file and score it in its format."""
    records = read_jsonl(path, limit)
    if not records:
        return Report(notes=[f"{path}: no records"])
    fmt = detect_format(records[0], path.name)
    note = ""
    rules: tuple[TriggerRule, ...] = ()
    if fmt == "petr":
        folder = path.parent / PETR_DICTIONARIES
        if folder.is_dir():
            note, rules = load_petr_dictionaries(folder)
        else:
            note = f"no {PETR_DICTIONARIES}/ beside it"
    coded = code_sentences(gold_items(fmt, records, path.stem), trigger_rules=rules)
    kwargs = {"note": note} if fmt == "petr" else {}
    report = SCORERS[fmt](records, coded, source=path.name, **kwargs)
    if note:
        report.notes.append(f"{path.name}: {note}")
    report.notes += crash_note(coded, path.name)
    return report
