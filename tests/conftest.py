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
    from tidings.pipeline import nlp as tidings_nlp

    return tidings_nlp.load()


@pytest.fixture(scope="session")
def make_doc():
    """A factory for spaCy Docs built from lists, for rule tests that need one exact parse rather than
    whatever the statistical parser makes of a sentence:

        doc = make_doc(["Russia", "shelled", "Kharkiv"], heads=[1, 1, 1], deps=["nsubj", "ROOT", "dobj"],
                       pos=["PROPN", "VERB", "PROPN"], tags=["NNP", "VBD", "NNP"])

    `heads` are absolute token indices (a root is its own head); `lemmas` default to the lower-cased
    words; `pos`, `tags`, `morphs` and `ents` (IOB strings such as "B-GPE") are optional; `spaces`
    defaults to a space after every word but the last and before punctuation."""
    import spacy
    from spacy.tokens import Doc

    vocab = spacy.blank("en").vocab

    def build(words: list[str], heads: list[int], deps: list[str], *, pos: list[str] | None = None,
              tags: list[str] | None = None, lemmas: list[str] | None = None, morphs: list[str] | None = None,
              ents: list[str] | None = None, spaces: list[bool] | None = None) -> Doc:
        if spaces is None:
            spaces = [i + 1 < len(words) and not (words[i + 1] in ".,;:?!'’" or words[i + 1].startswith("'"))
                      for i in range(len(words))]
        return Doc(vocab, words=words, spaces=spaces, heads=heads, deps=deps, pos=pos, tags=tags,
                   lemmas=lemmas if lemmas is not None else [w.lower() for w in words], morphs=morphs, ents=ents)

    return build
