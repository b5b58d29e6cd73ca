"""The event store: coded articles in DuckDB, and the one read model over them.

- `connection`: `Store`, a store file opened (or a snapshot of one another process writes),
  with its migrations (`schema`) applied; one writer (`writer`).
- `rows`: CodedArticle ⇄ table rows, both ways, losing nothing.
- `filter`: `EventFilter`, what the CLI options and the web's query parameters both build.
- `queries`: every read the CLI, exports, plots and the web face make.
"""

from __future__ import annotations

from .connection import Store
from .filter import EventFilter
from .schema import MIGRATIONS
from .writer import content_hash

__all__ = ["MIGRATIONS", "EventFilter", "Store", "content_hash"]
