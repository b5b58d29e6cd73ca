"""The event store: coded articles in DuckDB and the one read model over them.

- `connection`: `Store`, opening a file (or a snapshot of one another process writes), numbered
  migrations, the writer.
- `queries`: every read the CLI, exports, plots and the web face make, over one filter.
"""

from __future__ import annotations

from .connection import (MIGRATIONS, Store, coded_from_json, coded_to_json, contains_clause,
                         content_hash)

__all__ = ["MIGRATIONS", "Store", "coded_from_json", "coded_to_json", "contains_clause", "content_hash"]
