"""`tidings code PATH|-`: code one plain-text article or a JSONL file of articles and print the events."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterator
from typing import Any, BinaryIO

import click

from ..actors import add_dictionaries
from ..events import read_user_rules
from ..errors import InputError
from ..io import decode_text, read_jsonl_lines, utf8_bytes
from ..pipeline.budget import ARTICLE_SECONDS
from ..pipeline.coder import code_many
from ..types import CodedArticle, Event
from . import printable

TABLE_MODES_HIDDEN = ("negated",)


def _records(stream: BinaryIO, name: str, *, published: str | None, article_id: str | None
             ) -> Iterator[dict[str, Any] | InputError]:
    raw = stream.read()
    if name.endswith((".jsonl", ".ndjson")) or (name == "-" and raw.lstrip().startswith(b"{")):
        try:
            lines = utf8_bytes(raw).splitlines()
        except InputError as err:
            yield InputError(str(err), record=name)
            return
        yield from read_jsonl_lines(lines, name=name)
        return
    try:
        text = decode_text(raw)
    except InputError as err:
        yield InputError(str(err), record=article_id or name)
        return
    yield {"id": article_id or (None if name == "-" else name), "text": text, "published": published}


def _excerpt(event: Event, width: int = 60) -> str:
    words = " ".join(event.evidence.text.split())
    return words if len(words) <= width else words[: width - 1] + "…"


def _names(actors: tuple[Any, ...]) -> str:
    return " + ".join(a.cameo or a.name or a.text for a in actors) or "-"


def _table(articles: Iterator[CodedArticle], show_all: bool) -> Iterator[CodedArticle]:
    header = f"{'date':<10}  {'actor':<16} {'event':<22} {'recipient':<16} {'mode':<12} evidence"
    click.echo(header)
    click.echo("-" * len(header))
    for article in articles:
        for event in article.events:
            if event.mode in TABLE_MODES_HIDDEN and not show_all:
                continue
            kind = f"{event.plover} {event.cameo}"
            click.echo(printable(f"{event.date or '-':<10}  {_names(event.actor):<16} {kind:<22} "
                                 f"{_names(event.recipient):<16} {event.mode:<12} {_excerpt(event)}"))
        yield article


CSV_FIELDS = ["article", "event", "date", "actor", "plover", "cameo", "recipient", "mode",
              "goldstein", "quad_class", "place", "confidence", "evidence", "why"]


def _csv(articles: Iterator[CodedArticle]) -> Iterator[CodedArticle]:
    writer = csv.DictWriter(sys.stdout, fieldnames=CSV_FIELDS)
    writer.writeheader()
    for article in articles:
        for event in article.events:
            writer.writerow({
                "article": article.article.id, "event": event.id, "date": event.date,
                "actor": _names(event.actor), "plover": event.plover, "cameo": event.cameo,
                "recipient": _names(event.recipient), "mode": event.mode,
                "goldstein": event.goldstein, "quad_class": event.quad_class,
                "place": event.place.name if event.place else "", "confidence": event.confidence,
                "evidence": event.evidence.text, "why": event.why,
            })
        yield article


def _json_lines(articles: Iterator[CodedArticle], pretty: bool) -> Iterator[CodedArticle]:
    for article in articles:
        click.echo(json.dumps(article.to_dict(), ensure_ascii=False, indent=2 if pretty else None))
        yield article


@click.command("code")
@click.argument("path", type=click.Path(allow_dash=True, dir_okay=False), default="-")
@click.option("--published", help="Publication date of a plain-text article (YYYY-MM-DD).")
@click.option("--id", "article_id", help="Id of a plain-text article.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "jsonl", "csv"]), default="table",
              show_default=True)
@click.option("--all-modes", is_flag=True, help="Table: show negated events too.")
@click.option("--model", envvar="TIDINGS_SPACY_MODEL", help="spaCy pipeline to use.")
@click.option("--full-parse", is_flag=True,
              help="Parse every sentence, not only the candidates that can hold an event (slower).")
@click.option("--timeout", type=click.FloatRange(min=0, min_open=True), default=ARTICLE_SECONDS, show_default=True,
              help="CPU seconds one article may take; one that takes longer is reported (E111) and left out.")
@click.option("--actors", "actor_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
              help="Extra actor dictionary (tidings YAML/TSV or PETRARCH format); repeatable.")
def command(path: str, published: str | None, article_id: str | None, fmt: str, all_modes: bool,
            model: str | None, full_parse: bool, timeout: float, actor_files: tuple[str, ...]) -> None:
    """Code PATH (plain text, or JSONL with one article per line; - for stdin)."""
    if actor_files:
        add_dictionaries(actor_files)
    rules = read_user_rules(actor_files)
    stream = click.open_file(path, "rb")
    with stream:
        records = _records(stream, path, published=published, article_id=article_id)
        coded = code_many(records, model=model, full_parse=full_parse, timeout=timeout, trigger_rules=rules)
        if sys.stderr.isatty():
            # a corpus takes a while: articles/s on the terminal, never in the output stream
            from tqdm import tqdm

            coded = tqdm(coded, unit="article", file=sys.stderr, leave=False, dynamic_ncols=True)
        if fmt == "table":
            shown = _table(coded, all_modes)
        elif fmt == "csv":
            shown = _csv(coded)
        else:
            shown = _json_lines(coded, pretty=fmt == "json")
        failures = 0
        for article in shown:
            for reason in article.errors:
                failures += 1
                click.echo(printable(f"error: {reason}"), err=True)
            for warning in article.warnings:
                click.echo(printable(f"warning: {article.article.id}: {warning}"), err=True)
    if failures:
        raise SystemExit(1)
