"""The coder's input checks: text that can be coded, a publication date, an id for an article that
has none. Each refusal is an InputError with a numbered message (`tidings.errors`)."""

from __future__ import annotations

import hashlib
from datetime import date

from spacy.language import Language

from .. import dates
from ..errors import E001, E005, E006, E007, E008, InputError
from ..io.decode import decode_text


def content_id(text: str) -> str:
    """A stable id for an article that has none: a hash of its text."""
    return "sha1-" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:16]


def parse_published(value: object) -> date | None:
    """`value` as a date, from YYYY-MM-DD (a longer ISO timestamp keeps its date part)."""
    try:
        return dates.calendar_date(value)
    except ValueError:
        raise InputError(E005.format(value=value)) from None


def check_text(text: object) -> str:
    """The article text, or an InputError saying why it cannot be coded."""
    if isinstance(text, bytes):
        text = decode_text(text)
    if text is not None and not isinstance(text, str):
        raise InputError(E007.format(kind=type(text).__name__))
    if not text or not text.strip():
        raise InputError(E001)
    if "\x00" in text:
        raise InputError(E006)
    return text


def check_length(text: str, language: Language) -> None:
    """An InputError for text longer than the pipeline takes (spaCy's `max_length`)."""
    if len(text) > language.max_length:
        raise InputError(E008.format(length=len(text), limit=language.max_length))
