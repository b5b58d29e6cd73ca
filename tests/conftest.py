"""Shared fixtures: the spaCy pipeline, and ../shared when it exists (tests over it skip otherwise)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

SHARED = Path(os.environ.get("TIDINGS_SHARED", Path(__file__).resolve().parents[2] / "shared"))


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    """The ../shared folder with gold sets and corpus; tests that need it skip when it is absent."""
    if not SHARED.is_dir():
        pytest.skip(f"../shared is not here ({SHARED}): gold and corpus tests need it")
    return SHARED


@pytest.fixture(scope="session")
def nlp():
    from tidings import nlp as tidings_nlp

    return tidings_nlp.load()
