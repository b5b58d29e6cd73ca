"""The one reader of the knowledge files shipped in this folder (src/tidings/data/).

Every stage reads its word lists, tables and grammars through these functions by name relative to
this folder ("modality/cues.tsv"), so each file is read once per process (cached) and parsed the
same way: `#` lines are comments (each file names its sources there), blank lines are skipped, a
TSV's first other line is its header. No data line holds a quote character, so TSV fields are read
as written (no CSV quoting).
"""

from __future__ import annotations

import csv
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from typing import Any

import yaml


def path(name: str) -> Traversable:
    """The packaged file `name` (for a binary file, or one opened by another library)."""
    return resources.files("tidings").joinpath("data", *name.split("/"))


@cache
def text(name: str) -> str:
    """The whole text of a packaged file."""
    return path(name).read_text(encoding="utf-8")


@cache
def lines(name: str) -> tuple[str, ...]:
    """The lines of a packaged text file that are neither blank nor comments. Only a newline ends a line
    (str.splitlines would also end one at a form feed or a record separator inside a comment)."""
    return tuple(line for line in (raw.rstrip("\r") for raw in text(name).split("\n"))
                 if line.strip() and not line.startswith("#"))


@cache
def table(name: str) -> tuple[dict[str, str], ...]:
    """The rows of a packaged TSV file, keyed by its header; a missing field reads as ""."""
    return tuple(csv.DictReader(lines(name), delimiter="\t", quoting=csv.QUOTE_NONE, restval=""))


@cache
def words(name: str) -> frozenset[str]:
    """The entries of a one-word-per-line .txt file (a .tsv file's header is skipped)."""
    entries = [line.strip() for line in lines(name)]
    return frozenset(entries[1:] if name.endswith(".tsv") else entries)


@cache
def yaml_file(name: str) -> Any:
    """A packaged YAML file, parsed."""
    return yaml.safe_load(text(name))
