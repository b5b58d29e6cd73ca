"""`EventFilter`: the one way to narrow the store's events, for the CLI, exports, plots and the web.

`tidings query --cameo 19` and `/api/events?cameo=19` build the same filter, and every read in
`tidings.store.queries` turns it into SQL with `EventFilter.sql()`, so a filter means the same
thing wherever it is given. docs/store.md lists the fields and what each matches.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from typing import Any

from ..types import MODES

#: Modes left out unless asked for: an event the article denies did not happen.
HIDDEN_MODES: tuple[str, ...] = ("negated",)
#: Store ids are DuckDB BIGINTs; a larger number can name no event.
MAX_ID = 2**63 - 1

#: An `event_actors x` row whose CAMEO code starts with the value, or whose country code or
#: canonical name is the value, case-insensitively (parameters: the value three times).
ACTOR_IS = "(starts_with(upper(x.cameo), upper(?)) OR upper(x.country) = upper(?) OR lower(x.name) = lower(?))"
#: An event with such an actor on one side (parameters: role, then the value three times).
_ACTOR_MATCH = f"e.id IN (SELECT x.event_id FROM event_actors x WHERE x.role = ? AND {ACTOR_IS})"


def contains_clause(columns: tuple[str, ...], words: str) -> tuple[str, list[str]]:
    """SQL true when any of `columns` contains `words` (case-insensitive), and its parameters.

    `%` and `_` in `words` are matched literally, not as LIKE wildcards."""
    escaped = words.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    clause = " OR ".join(f"{column} ILIKE ? ESCAPE '\\'" for column in columns)
    return f"({clause})", [f"%{escaped}%"] * len(columns)


def _blank_to_none(value: Any) -> Any:
    if isinstance(value, str):
        return value.strip() or None
    return value


def _values(value: str | list[str] | tuple[str, ...] | None) -> tuple[str, ...]:
    """One value or several (a repeated CLI option or query parameter), blanks dropped."""
    items = [value] if isinstance(value, str) else list(value or ())
    return tuple(item.strip() for item in items if item and item.strip())


@dataclass(frozen=True, slots=True)
class EventFilter:
    """What events can be narrowed by; every field set must match (unset fields match all).

    - `actor`, `recipient`: an actor on that side whose CAMEO code starts with the value (`RUS`
      matches `RUSGOV`), or whose country code or canonical name is the value, case-insensitively.
    - `plover`: PLOVER types (any of them); `mode`: modes (any of them).
    - `cameo`: a CAMEO event code or its prefix (`19` is every ASSAULT-root code).
    - `start`, `end`: first and last day, inclusive, on the event's own date, else its article's.
    - `text`: words in the evidence sentence or the coder's `why` (literally: `%` is a character).
    - `article`: one article's id; `canonical`: one real-world event's id (all its reports).
    - Negated events ("did not attack") are left out unless `include_negated`, or `mode` names them.

    A single string for `plover` or `mode` is taken as one value; types are upper-cased, modes
    lower-cased, blank strings mean unset, and an unknown mode is a ValueError.
    """

    actor: str | None = None
    recipient: str | None = None
    plover: tuple[str, ...] = ()
    cameo: str | None = None
    mode: tuple[str, ...] = ()
    start: date | None = None
    end: date | None = None
    text: str | None = None
    article: str | None = None
    canonical: int | None = None
    include_negated: bool = False

    def __post_init__(self) -> None:
        for name in ("actor", "recipient", "cameo", "text", "article"):
            object.__setattr__(self, name, _blank_to_none(getattr(self, name)))
        object.__setattr__(self, "plover", tuple(v.upper() for v in _values(self.plover)))
        modes = tuple(v.lower() for v in _values(self.mode))
        unknown = [m for m in modes if m not in MODES]
        if unknown:
            raise ValueError(f"mode must be one of {', '.join(MODES)}, not {unknown[0]!r}")
        object.__setattr__(self, "mode", modes)
        object.__setattr__(self, "include_negated", bool(self.include_negated))

    @classmethod
    def from_params(cls, params: Mapping[str, Any]) -> EventFilter:
        """The filter from query-string values (strings, or lists of them for `plover` and `mode`);
        blank ones mean no filter. ValueError says which value is bad."""
        values = {f.name: _blank_to_none(params.get(f.name)) for f in fields(cls)}
        for name in ("start", "end"):
            if isinstance(values[name], str):
                try:
                    values[name] = date.fromisoformat(values[name][:10])
                except ValueError:
                    raise ValueError(f"{name} must be a date (YYYY-MM-DD), not {values[name]!r}") from None
        if isinstance(values["canonical"], str):
            digits = values["canonical"]
            if not (digits.isascii() and digits.isdigit() and int(digits) <= MAX_ID):
                raise ValueError(f"canonical must be an event id (a number), not {digits!r}")
            values["canonical"] = int(digits)
        values["include_negated"] = str(values["include_negated"]).lower() in ("1", "true", "on", "yes")
        return cls(**values)

    def params(self) -> dict[str, str | list[str]]:
        """The filter as query-string parameters, only the ones set (several values as a list:
        encode with `urlencode(..., doseq=True)`). `from_params` reads them back."""
        out: dict[str, str | list[str]] = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value is None or value is False or value == () or value == "":  # 0 is a canonical id
                continue
            if isinstance(value, tuple):
                out[field.name] = value[0] if len(value) == 1 else list(value)
            else:
                out[field.name] = "1" if value is True else str(value)
        return out

    def sql(self) -> tuple[str, list[Any]]:
        """The SQL condition over `events e` and its parameters."""
        clauses: list[str] = []
        args: list[Any] = []
        for role, value in (("actor", self.actor), ("recipient", self.recipient)):
            if value:
                clauses.append(_ACTOR_MATCH)
                args += [role, value, value, value]
        if self.plover:
            clauses.append("e.plover IN (SELECT unnest(?::VARCHAR[]))")
            args.append(list(self.plover))
        if self.cameo:
            clauses.append("starts_with(e.cameo, ?)")
            args.append(self.cameo)
        if self.mode:
            clauses.append("e.mode IN (SELECT unnest(?::VARCHAR[]))")
            args.append(list(self.mode))
        elif not self.include_negated:
            clauses.append("e.mode NOT IN (SELECT unnest(?::VARCHAR[]))")
            args.append(list(HIDDEN_MODES))
        if self.start:
            clauses.append("e.day >= ?")
            args.append(self.start)
        if self.end:
            clauses.append("e.day <= ?")
            args.append(self.end)
        if self.text:
            clause, more = contains_clause(("e.evidence", "e.why"), self.text)
            clauses.append(clause)
            args += more
        if self.article:
            clauses.append("e.article_id = ?")
            args.append(self.article)
        if self.canonical is not None:
            clauses.append("e.canonical_id = ?")
            args.append(self.canonical)
        return (" AND ".join(clauses) or "TRUE"), args
