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

# Reading sources and ingesting (tidings.ingest, tidings.engine)
E101 = "E101 HTML could not be parsed: {detail}"
E102 = "E102 no main text found in the HTML page"
E103 = "E103 not a readable RSS/Atom feed: {detail}"
E104 = "E104 HTTP status {status} in the archive"
E105 = "E105 malformed CSV: {detail}"
E106 = "E106 not a readable Parquet file: {detail}"
E107 = "E107 no publication date in the record or the page"
E108 = "E108 no such file or folder"
E109 = "E109 stopped reading: {detail}"
E110 = "E110 the coder failed on this record: {detail}"
E111 = "E111 coding took more than {seconds:.0f} s of CPU time: left out"
