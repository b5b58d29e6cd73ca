"""Shared fixtures: the spaCy pipeline, and ../shared when it exists (tests over it skip otherwise)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import settings

# Property tests: `ci` (the default) keeps the suite fast; HYPOTHESIS_PROFILE=long runs 20,000
# inputs per property test, with no deadline, for a search on demand (see tests/test_properties.py).
settings.register_profile("ci", max_examples=100, deadline=None)
settings.register_profile("long", max_examples=20_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

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
