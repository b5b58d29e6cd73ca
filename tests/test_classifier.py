"""The shipped sentence classifier: loads without pickle, gives sane classes on plain sentences, is fast."""

from __future__ import annotations

import time
import zlib
from collections import Counter

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from tidings import classifier
from tidings.types import PLOVER_TYPES

OBVIOUS = [
    # (sentence, penta class, PLOVER type): the classifier's first choice must be right
    ("Government troops shelled rebel positions overnight, killing twelve fighters.", 4, "ASSAULT"),
    ("The foreign ministers of both countries met in Geneva to discuss the border dispute.", 1, "CONSULT"),
    ("The United States imposed sanctions on Iran over its missile programme.", 3, "SANCTION"),
    ("Russia threatened to cut gas supplies to Ukraine.", 3, "THREATEN"),
]
HARDER = [
    # (sentence, PLOVER type): a small n-gram model only gets these into its top three
    ("The opposition leader accused the ruling party of rigging the election.", "ACCUSE"),
    ("Japan sent tonnes of food and medical supplies to the flood victims.", "AID"),
    ("Thousands of protesters marched through the capital demanding the president resign.", "PROTEST"),
    ("Police arrested dozens of opposition activists in the capital.", "COERCE"),
]


def test_features_are_stable_hashes_of_words_and_character_ngrams() -> None:
    grams = classifier.ngrams("Troops shelled 12 villages")
    assert {"w troops", "b troops shelled", "w 00", " tr", "led "} <= set(grams)
    counts = classifier.hashed_counts("talks talks")
    bucket = zlib.crc32(b"w talks") & ((1 << classifier.HASH_BITS) - 1)
    assert counts[bucket] == pytest.approx(1 + np.log(2))


@given(st.text(max_size=80))
def test_cached_buckets_are_the_buckets_of_the_ngrams(text: str) -> None:
    expected = Counter(classifier.bucket(g) for g in classifier.ngrams(text))
    assert Counter(classifier.sentence_buckets(text)) == expected


def test_model_ships_as_plain_arrays() -> None:
    assert classifier.available()
    model = classifier.load()
    assert set(model.plover_types) <= set(PLOVER_TYPES)
    assert model.penta_weights.shape == (len(model.buckets), 5)
    assert model.plover_weights.shape == (len(model.buckets), len(model.plover_types))
    assert np.all(np.diff(model.buckets) > 0)
    assert "held-out" in str(model.meta["scores"]["penta set"])


@pytest.mark.parametrize(("sentence", "penta", "plover"), OBVIOUS)
def test_obvious_sentences(sentence: str, penta: int, plover: str) -> None:
    prediction = classifier.predict(sentence)
    assert prediction.penta == penta
    assert prediction.plover == plover
    assert prediction.penta_probs.sum() == pytest.approx(1.0, abs=1e-5)
    assert sum(prediction.plover_probs.values()) == pytest.approx(1.0, abs=1e-5)


@pytest.mark.parametrize(("sentence", "plover"), HARDER)
def test_harder_sentences_rank_the_right_type_high(sentence: str, plover: str) -> None:
    probs = classifier.predict(sentence).plover_probs
    assert plover in sorted(probs, key=probs.__getitem__, reverse=True)[:3]


def test_switched_off_hides_the_classifier_within_the_block() -> None:
    with classifier.switched_off():
        assert not classifier.available()
    assert classifier.available()


def test_batch_matches_single_and_odd_input_is_harmless() -> None:
    texts = [s for s, _, _ in OBVIOUS] + ["", "!!! ???"]
    batch = classifier.predict_many(texts)
    assert len(batch) == len(texts)
    single = classifier.predict(texts[2])
    assert np.allclose(batch[2].penta_probs, single.penta_probs)
    assert batch[-1].penta_probs.shape == (5,)
    assert classifier.predict_many([]) == []


def test_fast_enough_for_every_sentence() -> None:
    texts = [s for s, _, _ in OBVIOUS] * 40
    classifier.predict_many(texts[:5])
    started = time.perf_counter()
    classifier.predict_many(texts)
    per_sentence = (time.perf_counter() - started) / len(texts)
    assert per_sentence < 0.005
