"""CLI commands, one module each, loaded lazily by `tidings.cli`; and what they share."""

from __future__ import annotations

import re

# C0 and C1 controls but tab and newline (ESC starts the sequences that retitle a terminal, move its
# cursor or rewrite what was shown), and the bidirectional overrides that reorder what is shown
_UNPRINTABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """`text` safe to show on a terminal: each control character becomes U+FFFD. For what is shown
    only: stored and exported text keeps its characters."""
    return _UNPRINTABLE.sub("\N{REPLACEMENT CHARACTER}", text)
