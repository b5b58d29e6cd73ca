"""The CAMEO codebook shipped in the package: code → PLOVER type/mode/context, Goldstein, quad and penta class.

Source: `data/codebook/cameo.tsv`, written from the CAMEO manual's code names, the Phoenix
Goldstein table and the PLOVER 2021 CAMEO crosswalk (see the file's header).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from . import data


@dataclass(frozen=True, slots=True)
class CameoCode:
    code: str
    name: str
    plover: str
    plover_mode: str | None
    plover_context: tuple[str, ...]
    goldstein: float
    quad_class: int
    penta_class: int


@cache
def cameo_table() -> dict[str, CameoCode]:
    """Every CAMEO code the package knows, keyed by code string ("0311", "190")."""
    table: dict[str, CameoCode] = {}
    for row in data.table("codebook/cameo.tsv"):
        context = tuple(c.strip() for c in row["plover_context"].split(",") if c.strip())
        table[row["code"]] = CameoCode(
            code=row["code"],
            name=row["name"],
            plover=row["plover"],
            plover_mode=row["plover_mode"] or None,
            plover_context=context,
            goldstein=float(row["goldstein"]),
            quad_class=int(row["quad"]),
            penta_class=int(row["penta"]),
        )
    return table


def lookup(code: str) -> CameoCode:
    """The codebook row for `code`, falling back to its parent code ("1723" → "172" → "17")."""
    table = cameo_table()
    probe = code
    while probe:
        if probe in table:
            return table[probe]
        probe = probe[:-1]
    raise KeyError(f"unknown CAMEO code {code!r}")


def penta_of_plover(plover: str) -> int:
    """The penta class PLOVER's types fall into (STATEMENT 0 ... ASSAULT 4), by majority of their codes."""
    return _plover_penta()[plover]


@cache
def _plover_penta() -> dict[str, int]:
    votes: dict[str, dict[int, int]] = {}
    for row in cameo_table().values():
        counts = votes.setdefault(row.plover, {})
        counts[row.penta_class] = counts.get(row.penta_class, 0) + 1
    return {plover: max(c, key=lambda k: c[k]) for plover, c in votes.items()}
