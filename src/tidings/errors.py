"""Errors tidings raises or reports, with numbered messages a user can search for.

    TidingsError
    ├── InputError      a record that cannot be coded (empty, not UTF-8, binary, malformed JSON)
    ├── DataError       a data file (lexicon, actor base, user dictionary) that cannot be read
    └── StoreBusy       a store another process is writing, that cannot be opened now
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


class StoreBusy(TidingsError):
    """A store that another process holds (DuckDB lets one process write a file at a time)."""


E001 = "E001 empty text: nothing to code"
E002 = "E002 not valid UTF-8 text (byte {offset}): is this a binary file?"
E003 = "E003 malformed JSON on line {line}: {detail}"
E004 = "E004 record has no 'text' field"
E005 = "E005 'published' is not a date (YYYY-MM-DD): {value!r}"
E006 = "E006 binary content (NUL bytes): not a text article"
E007 = "E007 'text' is {kind}, not a string"
E008 = "E008 text too long to code: {length:,} characters (at most {limit:,}); split it into articles"
E009 = "E009 not valid {encoding} text (byte {offset}) after a {encoding} byte-order mark"

# Reading sources and ingesting (tidings.io, tidings.batch)
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
E201 = "E201 the store {path} is in use by another process{holder}: try again when it is done"
E111 = "E111 coding took more than {seconds:g} s of CPU time: left out"
E112 = "E112 coding was stopped before this record was done"

# Warnings: the record was coded, but not quite as written
W001 = "W001 {cuts} run(s) of more than {words} words without a full stop cut into sentences"
