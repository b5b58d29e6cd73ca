"""Actors: the actor base shipped as data, mention finding in a Doc, and name resolution at a date.

The base is read from the TSV files in `tidings/data/actors/` (each names its sources) plus any
user dictionaries (`add_dictionaries`, or files named in $TIDINGS_ACTORS). Mention finding runs
one spaCy PhraseMatcher pass (built once per Vocab and base version) and groups the matches by
the noun phrase they sit in, so "Russian Foreign Minister Sergei Lavrov" is one mention.

User dictionary forms (see docs/actors.md):

* TSV with a header line; columns `name`, `aliases` ("|"-separated), `country`, `sector`,
  `cameo`, `kind` (country, person, igo, group, media, agent), `wikidata`, `gender`, `role`,
  `start`, `end` (YYYY-MM-DD; several rows with one name give date-bounded periods). Only `name`
  and one of `country`/`sector`/`cameo` are required. Lines starting with "#" are comments.
* YAML (.yaml/.yml): a list of mappings with the same keys (`aliases` may be a list).
* PETRARCH/TABARI actor and agent dictionaries (.txt), read by `tidings.actors.petrarch`.

Owns, by job: what the base holds (`entries`), loading it and user dictionaries (`loading`, with
PETRARCH's formats in `petrarch`), the world base's on-disk index (`world`), matching names
(`matching`), roles at a date (`roles`), mention finding (`mentions`) and resolving one name
(`resolve`). A PETRARCH verbs dictionary holds no actors: its patterns are trigger rules, read by
`tidings.events.read_user_rules`.
"""

from .entries import TRANSNATIONAL_CODES, ActorBase, Entry, Period
from .loading import add_dictionaries, add_records, base, reset
from .matching import alias_openings, choose_namesake, tokenize_aliases_with
from .mentions import find_mentions
from .resolve import Resolution, as_date, resolve

__all__ = [
    "TRANSNATIONAL_CODES", "ActorBase", "Entry", "Period", "Resolution", "add_dictionaries", "add_records",
    "alias_openings", "as_date", "base", "choose_namesake", "find_mentions", "reset", "resolve",
    "tokenize_aliases_with",
]
