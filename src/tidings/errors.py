"""Errors tidings raises or reports, with numbered messages a user can search for.

    TidingsError
    ├── InputError      a record that cannot be coded (empty, not UTF-8, binary, malformed JSON)
    └── DataError       a data file (lexicon, actor base, user dictionary) that cannot be read
"""

from __future__ import annotations


class TidingsError(Exception):
    """Base of every error tidings raises on purpose."""


class InputError(TidingsError):
    """A record that cannot be coded; `record` names it."""

    def __init__(self, message: str, *, record: str | None = None) -> None:
        self.record = record
        super().__init__(f"{record}: {message}" if record else message)


class DataError(TidingsError):
    """A data file that cannot be read."""


E001 = "E001 empty text: nothing to code"
E002 = "E002 not valid UTF-8 text (byte {offset}): is this a binary file?"
E003 = "E003 malformed JSON on line {line}: {detail}"
E004 = "E004 record has no 'text' field"
E005 = "E005 'published' is not a date (YYYY-MM-DD): {value!r}"
E006 = "E006 binary content (NUL bytes): not a text article"
