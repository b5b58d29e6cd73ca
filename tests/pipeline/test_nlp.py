"""Loading the spaCy pipeline: once per process and model."""

from __future__ import annotations

from tidings.pipeline import nlp


def test_the_pipeline_loads_once_however_it_is_named() -> None:
    assert nlp.load() is nlp.load(None) is nlp.load(nlp.DEFAULT_MODEL)
    assert nlp.stock() is nlp.stock(None) is not nlp.load()


def test_the_actor_aliases_are_tokenised_by_the_pipeline_itself() -> None:
    from tidings.actors import matching
    from tidings.pipeline import coder

    coder.code("Russia and Ukraine held talks in Istanbul.", published="2025-01-01")
    language = nlp.load()
    assert matching._alias_tokenizer(language.vocab) is language.tokenizer
