"""The coder: one article's text through every stage into a CodedArticle, and many articles as a stream."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc

from .. import actors, coref, dates, events, places, quotes
from ..errors import E004, E110, E111, E112, W001, InputError
from ..events import TriggerRule
from ..types import ActorMention, ArticleMeta, CodedArticle, Quote
from . import candidates, nlp
from .budget import ARTICLE_SECONDS, OverBudget, cpu_budget
from .candidates import Candidates, SentenceCount
from .checks import check_length, check_text, content_id, parse_published


def _language(model: str | None) -> Language:
    """The pipeline, with the actor stage told to tokenise its aliases with the pipeline's own
    tokenizer (no second one built at start-up)."""
    language = nlp.load(model)
    actors.tokenize_aliases_with(language.tokenizer)
    return language


def warm_up(model: str | None = None) -> None:
    """Load the pipeline and every knowledge base the stages use (and the candidate filter), so a
    worker's first article does not pay for them (a throwaway sentence runs each stage once)."""
    code("Officials in Moscow and Kyiv said the talks in Istanbul would resume on Monday.",
         published="2025-01-01", model=model, timeout=None)


@cache
def _warmed_up(model: str | None) -> bool:
    """Warm up once per process and model, so that no article's CPU budget pays for loading the
    knowledge bases (the first build of an index can take longer than a budget)."""
    warm_up(model)
    return True


def parse(language: Language, texts: Iterable[str], *, batch_size: int = 16, n_process: int = 1,
          full_parse: bool = False, trigger_rules: tuple[TriggerRule, ...] = ()
          ) -> Iterator[tuple[Doc, Candidates | None]]:
    """Each text as a Doc, parsed on its candidate sentences only (see `tidings.pipeline.candidates`; a
    sentence in which one of `trigger_rules` may fire is one), with those candidates; with
    `full_parse`, parsed whole, with the same candidates; with a pipeline without `senter` (no
    filter), parsed whole, with None."""
    if not candidates.can_filter(language):
        for doc in language.pipe(texts, batch_size=batch_size, n_process=n_process):
            yield doc, None
    elif full_parse:
        for doc in language.pipe(texts, batch_size=batch_size, n_process=n_process):
            yield doc, candidates.in_parsed(language, doc, trigger_rules)
    else:
        yield from candidates.parse(language, texts, batch_size=batch_size, n_process=n_process,
                                    trigger_rules=trigger_rules)


@dataclass(frozen=True, slots=True)
class References:
    """What reference resolution and quote attribution found in one document."""

    mentions: list[ActorMention]  # the actor mentions, the references to them, and first person in quotes
    unlisted: list[ActorMention]  # people the actor base lacks (quote speakers, never event actors)
    quotes: list[Quote]


def read_references(doc: Doc, mentions: list[ActorMention], *, text: str | None = None) -> References:
    """Resolve references among `mentions`, attribute the quotes once with the result, and resolve
    first person inside the attributed quotes. `text` is the doc's text where the caller has read it."""
    text = doc.text if text is None else text
    marks = quotes.pair_quote_marks(text)
    resolution = coref.resolve(doc, mentions, marks)
    attributions = quotes.attribute(doc, text, marks, resolution.mentions, resolution.unlisted)
    return References(coref.add_first_person(doc, resolution, attributions), resolution.unlisted,
                      quotes.find_quotes(text, attributions))


def code_doc(doc: Doc, meta: ArticleMeta, candidate_sentences: Candidates | None = None, *,
             trigger_rules: tuple[TriggerRule, ...] = (), text: str | None = None) -> CodedArticle:
    """Run every stage after the parse over `doc`. `candidate_sentences` are the candidate filter's
    sentences (`parse` gives them), None when no filter ran (a pipeline without `senter`, or a Doc
    parsed elsewhere); they go to the events stage as the sentences the learned reader may read,
    and so do `trigger_rules` (a user's PETRARCH verbs dictionary, `tidings.events.read_user_rules`).
    `text` is the text `doc` was made from, where the caller has it (the same as `doc.text`, which
    is joined afresh from the tokens on each access)."""
    published = parse_published(meta.published)
    text = doc.text if text is None else text  # read once and handed to the stages
    people = read_references(doc, actors.find_mentions(doc, when=published, text=text), text=text)
    mentions = people.mentions
    timeline = dates.build_timeline(doc, published, text=text)
    place_mentions = places.find_places(doc)
    found = events.extract_events(doc, mentions, timeline=timeline, places=place_mentions,
                                  published=meta.published, article_id=meta.id, user_rules=trigger_rules,
                                  reader_sentences=None if candidate_sentences is None else candidate_sentences.sentences)
    return CodedArticle(
        article=meta,
        events=tuple(found),
        quotes=tuple(people.quotes),
        actors=tuple(m.actor for m in mentions if m.kind not in ("pronoun", "description")),
        dates=tuple(m for _, _, m in timeline.mentions),
        text=text,
        warnings=_warnings(doc),
    )


def _warnings(doc: Doc) -> tuple[str, ...]:
    cuts = doc.user_data.get(nlp.CUT_SENTENCES)
    return (W001.format(cuts=cuts, words=nlp.LONGEST_SENTENCE),) if cuts else ()


def code(
    text: str,
    published: str | date | None = None,
    id: str | None = None,
    *,
    title: str | None = None,
    url: str | None = None,
    source: str | None = None,
    model: str | None = None,
    full_parse: bool = False,
    timeout: float | None = ARTICLE_SECONDS,
    stop: threading.Event | None = None,
    trigger_rules: tuple[TriggerRule, ...] = (),
) -> CodedArticle:
    """Code one article. Raises InputError for text that cannot be coded, or that takes more than
    `timeout` CPU seconds, parse included (E111; None: no limit), or is stopped by setting `stop`
    (E112: a web request whose client went away). `full_parse` parses every sentence, not only
    the candidates (the path before the filter, for comparison). `trigger_rules` are a user's extra
    trigger rules (`tidings.events.read_user_rules`), tried before the shipped lexicon."""
    text = check_text(text)
    day = parse_published(published)
    meta = ArticleMeta(id=id or content_id(text), published=day.isoformat() if day else None,
                       title=title, url=url, source=source, published_from="given" if day else None)
    language = _language(model)
    check_length(text, language)
    if timeout is not None:
        _warmed_up(model)
    try:
        with cpu_budget(timeout, stop=stop):
            doc, found = next(parse(language, [text], batch_size=1, full_parse=full_parse,
                                    trigger_rules=trigger_rules))
            return code_doc(doc, meta, found, trigger_rules=trigger_rules, text=text)
    except OverBudget:
        stopped = stop is not None and stop.is_set()
        raise InputError(E112 if stopped else E111.format(seconds=timeout or 0)) from None


def _meta_and_text(record: Mapping[str, Any], fallback_id: str, language: Language
                   ) -> tuple[ArticleMeta, str]:
    record_id = str(record.get("id") or "") or None
    try:
        if "text" not in record:
            raise InputError(E004)
        text = check_text(record.get("text"))
        check_length(text, language)
        day = parse_published(record.get("published", record.get("date")))
    except InputError as err:
        raise InputError(str(err), record=record_id or fallback_id) from None
    meta = ArticleMeta(
        id=record_id or content_id(text),
        published=day.isoformat() if day else None,
        title=record.get("title"),
        url=record.get("url"),
        source=record.get("source"),
        published_from=(record.get("published_from") or "record") if day else None,
    )
    return meta, text


def failed(record_id: str, reason: str) -> CodedArticle:
    """The CodedArticle for a record that could not be coded: no events, the reason in `errors`."""
    return CodedArticle(article=ArticleMeta(id=record_id), errors=(reason,))


def code_many(
    records: Iterable[Mapping[str, Any] | InputError],
    *,
    model: str | None = None,
    batch_size: int = 16,
    n_process: int = 1,
    full_parse: bool = False,
    count: SentenceCount | None = None,
    timeout: float | None = ARTICLE_SECONDS,
    stop: threading.Event | None = None,
    trigger_rules: tuple[TriggerRule, ...] = (),
) -> Iterator[CodedArticle]:
    """Code a stream of records (`id`, `text`, `published`, ...) lazily, in input order.

    A record that cannot be coded (or an InputError a reader yielded in its place) comes out as a
    CodedArticle whose `errors` says why, so every input record is accounted for: one whose text
    is too long (E008), one a stage fails on (E110), one that takes more than `timeout` CPU
    seconds, parse included (E111; None: no limit). Once `stop` is set, the article being coded
    and every one after it fail with E112. Only candidate sentences are parsed unless
    `full_parse`; `count`, if given, adds up sentences seen and parsed. `trigger_rules` are a user's
    extra trigger rules (`tidings.events.read_user_rules`).
    """
    language = _language(model)
    if timeout is not None:
        _warmed_up(model)
    pending: list[tuple[ArticleMeta, str] | CodedArticle] = []

    def attempt(meta: ArticleMeta, text: str, parse_one: Callable[[], tuple[Doc, Candidates | None]], *,
                blame_parse: bool) -> CodedArticle | None:
        """The article coded within its budget, or failed with the reason; None when the parse
        failed and is not to be blamed on this article."""
        doc = None
        try:
            with cpu_budget(timeout, stop=stop):
                doc, found = parse_one()
                if count is not None:
                    count.add(doc, found)
                return code_doc(doc, meta, found, trigger_rules=trigger_rules, text=text)
        except OverBudget:
            reason = E112 if stop is not None and stop.is_set() else E111.format(seconds=timeout or 0)
        except Exception as err:  # noqa: BLE001 - any stage's bug fails its record, not the stream
            reason = E110.format(detail=f"{type(err).__name__}: {err}")
        return failed(meta.id, reason) if doc is not None or blame_parse else None

    def flush() -> Iterator[CodedArticle]:
        texts = (item[1] for item in pending if not isinstance(item, CodedArticle))
        parsed = parse(language, texts, batch_size=batch_size, n_process=n_process, full_parse=full_parse,
                       trigger_rules=trigger_rules)
        batched = True
        for item in pending:
            if isinstance(item, CodedArticle):
                yield item
                continue
            meta, text = item
            coded = attempt(meta, text, lambda: next(parsed), blame_parse=False) if batched else None
            if coded is None:
                # the batch's parse raised or ran over, and whose fault that was is unknown: the
                # rest of the batch is parsed one by one, so that each article answers for itself
                batched = False
                coded = attempt(meta, text, lambda: next(parse(language, [text], batch_size=1, full_parse=full_parse,
                                                               trigger_rules=trigger_rules)), blame_parse=True)
            assert coded is not None  # blamed on this article when parsed alone
            yield coded
        pending.clear()

    for number, record in enumerate(records, start=1):
        if isinstance(record, InputError):
            pending.append(failed(record.record or f"record {number}", str(record)))
            continue
        try:
            meta, text = _meta_and_text(record, f"record {number}", language)
        except InputError as err:
            pending.append(failed(err.record or f"record {number}", str(err)))
            continue
        pending.append((meta, text))
        if len(pending) >= batch_size * max(n_process, 1) * 4:
            yield from flush()
    yield from flush()
