"""Readers that turn files into article records (dicts with id, text, published, ...).

`read_source(path)` reads a file or a folder (recursively, in name order) of:

- plain text (one article per file; id = the path),
- HTML pages (main text, title, date and author extracted with trafilatura),
- JSONL, CSV and Parquet with named columns (`Columns`; `date` is accepted for `published`),
- RSS/Atom feeds saved as files (feedparser; one record per entry),
- WARC archives (warcio; every HTML response record is a page),
- any of these gzip-compressed (detected by content, not by name),
- Parquet written by the Dask engine (a `coded_json` column): yielded as CodedArticles,
  already coded.

A record that cannot be read is yielded as an InputError naming it (`path:line`, `path`,
`path#entry`, or the WARC record's URL), never dropped, so every input record is accounted for
downstream.

Publication dates come from the record or the page itself (a column, HTML metadata via
trafilatura, the feed entry's date); for a record without one, from the date the caller gives
(`--published`), else from the text (`tidings.dates.published_in_text`: its dateline, else the
first full date it names), else, for a file that holds one article (plain text, HTML), from the
file's modification time, which says when it was saved and so is tried last. Each record's
`published_from` says which: record, given, dateline, text or file-modified. A
record that still has none keeps `published: None`; ingest reports it (or refuses it with
`--require-date`).

Modules: `sources` (files and folders, formats told apart), `pages` (text, HTML, feeds, WARC),
`records` (rows of JSONL, CSV, Parquet; `Columns`; dating a record), `decode` (bytes to text).
Nothing here codes or stores: `tidings.batch.ingest` does, and the coder reads its input through
`decode` only.
"""

from .decode import decode_text, decode_utf8, utf8_bytes
from .pages import read_feed, read_html, read_text, read_warc
from .records import Columns, Item, Record, read_csv, read_jsonl_lines, read_parquet, with_publication_date
from .sources import FORMATS, read_file, read_source, sniff_bytes, sniff_format

__all__ = ["FORMATS", "Columns", "Item", "Record", "decode_text", "decode_utf8", "read_csv", "read_feed", "read_file",
           "read_html", "read_jsonl_lines", "read_parquet", "read_source", "read_text", "read_warc", "sniff_bytes",
           "sniff_format", "utf8_bytes", "with_publication_date"]
