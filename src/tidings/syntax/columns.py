"""A Doc's token attributes as columns (plain lists), each read for the whole Doc in one call
(`Doc.to_array`) rather than from a Token made for each word: for a stage that reads one attribute
of every token, or of tokens at many positions."""

from __future__ import annotations

import numpy
from spacy.attrs import HEAD, IDX, LOWER, ORTH
from spacy.tokens import Doc


def texts(doc: Doc) -> list[str]:
    """Each token's text."""
    strings = doc.vocab.strings
    return [strings[key] for key in doc.to_array(ORTH).tolist()]


def lower_case(doc: Doc) -> list[str]:
    """Each token's text in lower case, as `Token.lower_`."""
    strings = doc.vocab.strings
    return [strings[key] for key in doc.to_array(LOWER).tolist()]


def char_starts(doc: Doc) -> list[int]:
    """Each token's first character in the text, as `Token.idx`."""
    return doc.to_array(IDX).tolist()  # type: ignore[no-any-return]


def head_indices(doc: Doc) -> list[int]:
    """Each token's head by token index, as `Token.head.i`."""
    offsets = doc.to_array(HEAD).view("int64")  # relative to the token, stored unsigned
    return (offsets + numpy.arange(len(doc), dtype="int64")).tolist()  # type: ignore[no-any-return]
