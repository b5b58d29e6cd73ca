"""tidings: political event data (PLOVER and CAMEO) from news text.

    import tidings
    article = tidings.code("Russia and Ukraine held talks in Istanbul.", published="2025-05-16")
    for event in article.events: print(event.plover, event.actor, event.recipient, event.mode)
"""

from __future__ import annotations

from typing import Any

from .pipeline.coder import code, code_many
from .errors import DataError, InputError, TidingsError
from .types import (
    Actor,
    ArticleMeta,
    CodedArticle,
    DateMention,
    Event,
    Place,
    Quote,
    Span,
)

__all__ = [
    "Actor",
    "ArticleMeta",
    "CodedArticle",
    "DataError",
    "DateMention",
    "Event",
    "InputError",
    "Place",
    "Quote",
    "Span",
    "TidingsError",
    "code",
    "code_many",
    "resolve",
]


def __getattr__(name: str) -> Any:
    if name == "resolve":
        from .actors import resolve

        return resolve
    raise AttributeError(name)
