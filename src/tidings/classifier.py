"""A small learned sentence classifier the event stage can use to add or veto candidate events.

Two linear heads over hashed word and character n-grams (sublinear TF × IDF, L2-normalised):

* **penta**: the CAMEO penta class of the sentence's main event (0 statement/appeal, 1 verbal
  cooperation, 2 material cooperation, 3 verbal conflict, 4 material conflict);
* **plover**: its PLOVER event type (the 16 types, no STATEMENT).

The weights ship as `data/model/classifier.npz` (numpy arrays only: bucket ids, IDF, weights and
biases; no pickle) and inference is numpy here: about 0.1–0.3 ms per sentence on this project's
2-core machine.
`scripts/train-classifier` trains them on the NGEC synthetic stories and the training part of the
gold penta sentences; the held-out part (`tidings.eval.is_heldout`) and the PLOVER dev records are
never trained on. The file's `meta` records the training data and held-out scores.

    from tidings import classifier
    p = classifier.predict("Rebels shelled the town overnight.")
    p.penta, p.penta_probs[p.penta], p.plover, p.plover_probs
"""

from __future__ import annotations

import json
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources

import numpy as np

from . import codebook

HASH_BITS = 20
WORD_PATTERN = re.compile(r"[a-z]+(?:'[a-z]+)?|\d+")
CHAR_NGRAMS = (3, 4, 5)
MODEL_FILE = "classifier.npz"
# Drop a lexicon event whose penta class the sentence gets less than this probability. Measured with
# the coder of 28 Nov 2026 02:40 UTC and the classifier's label where no event is left: held-out
# penta accuracy 0.81 → 0.85, PLOVER dev type accuracy 0.79 → 0.80; at 0.1 PLOVER dev fell to 0.76.
VETO_BELOW = 0.05


def normalise(text: str) -> str:
    """Lower case, curly quotes straight, digits to 0, so n-grams generalise."""
    text = text.lower().replace("\u2019", "'").replace("\u02bc", "'").replace("\u2018", "'")
    return re.sub(r"\d", "0", text)


def ngrams(text: str) -> list[str]:
    """The word 1–2-grams and in-word character 3–5-grams of a sentence."""
    words = WORD_PATTERN.findall(normalise(text))
    grams = [f"b {a} {b}" for a, b in zip(words, words[1:])]
    for word in words:
        grams += word_ngrams(word)
    return grams


def word_ngrams(word: str) -> list[str]:
    """A word's own n-grams: the word itself and its character 3–5-grams with boundary spaces."""
    padded = f" {word} "
    grams = [f"w {word}"]
    for n in CHAR_NGRAMS:
        grams += [padded[i:i + n] for i in range(len(padded) - n + 1)]
    return grams


def bucket(gram: str) -> int:
    return zlib.crc32(gram.encode("utf-8")) & ((1 << HASH_BITS) - 1)


@lru_cache(maxsize=200_000)
def word_buckets(word: str) -> tuple[int, ...]:
    """The hash buckets of a word's own n-grams (cached: news reuses its words)."""
    return tuple(bucket(gram) for gram in word_ngrams(word))


def sentence_buckets(text: str) -> list[int]:
    """The hash bucket of each of the sentence's n-grams (those of `ngrams`, repeats kept)."""
    words = WORD_PATTERN.findall(normalise(text))
    buckets = [bucket(f"b {a} {b}") for a, b in zip(words, words[1:])]
    for word in words:
        buckets += word_buckets(word)
    return buckets


def hashed_counts(text: str) -> dict[int, float]:
    """{bucket: sublinear term frequency 1 + log(count)} of the sentence's n-grams."""
    return {b: 1.0 + math.log(count) for b, count in Counter(sentence_buckets(text)).items()}


@dataclass(frozen=True, slots=True)
class Prediction:
    """Class probabilities for one sentence, with the most likely penta class and PLOVER type."""

    penta_probs: np.ndarray
    plover_probs: dict[str, float]

    @property
    def penta(self) -> int:
        return int(np.argmax(self.penta_probs))

    @property
    def plover(self) -> str:
        return max(self.plover_probs, key=self.plover_probs.__getitem__)

    def vetoes(self, penta_class: int, *, below: float = VETO_BELOW) -> bool:
        """Whether the sentence is too unlikely to tell an event of `penta_class` to keep one."""
        return float(self.penta_probs[penta_class]) < below


@dataclass(frozen=True, slots=True)
class Model:
    """The shipped weights: the buckets training saw, their IDF and the two heads' weights."""

    buckets: np.ndarray  # sorted bucket ids the weights cover
    idf: np.ndarray  # (n,) float32
    penta_weights: np.ndarray  # (n, 5)
    penta_bias: np.ndarray  # (5,)
    plover_weights: np.ndarray  # (n, len(plover_types))
    plover_bias: np.ndarray
    plover_types: tuple[str, ...]
    meta: dict[str, object]
    row_of: np.ndarray = field(init=False, repr=False)  # bucket → weight row, -1 when unseen
    joint: np.ndarray = field(init=False, repr=False)  # both heads' weights side by side

    def __post_init__(self) -> None:
        row_of = np.full(1 << HASH_BITS, -1, dtype=np.int32)
        row_of[self.buckets] = np.arange(len(self.buckets), dtype=np.int32)
        object.__setattr__(self, "row_of", row_of)
        object.__setattr__(self, "joint", np.hstack([self.penta_weights, self.plover_weights]))

    def rows(self, text: str) -> tuple[np.ndarray, np.ndarray]:
        """(weight rows, TF-IDF values, L2-normalised) of the sentence's known buckets."""
        buckets = sentence_buckets(text)
        if not buckets:
            return np.zeros(0, dtype=np.int32), np.zeros(0, dtype=np.float32)
        keys, counts = np.unique(np.array(buckets, dtype=np.int64), return_counts=True)
        rows = self.row_of[keys]
        known = rows >= 0
        rows = rows[known]
        weighted = (1.0 + np.log(counts[known])).astype(np.float32) * self.idf[rows]
        norm = float(np.sqrt(weighted @ weighted))
        return rows, (weighted / norm if norm else weighted)


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


@cache
def load() -> Model:
    """The shipped model (loaded once). Raises FileNotFoundError when the weights are absent."""
    path = resources.files("tidings").joinpath("data", "model", MODEL_FILE)
    with resources.as_file(path) as real, np.load(real, allow_pickle=False) as arrays:
        meta = json.loads(str(arrays["meta"]))
        return Model(
            buckets=arrays["buckets"].astype(np.int64),
            idf=arrays["idf"].astype(np.float32),
            penta_weights=arrays["penta_weights"].astype(np.float32),
            penta_bias=arrays["penta_bias"].astype(np.float32),
            plover_weights=arrays["plover_weights"].astype(np.float32),
            plover_bias=arrays["plover_bias"].astype(np.float32),
            plover_types=tuple(meta["plover_types"]),
            meta=meta,
        )


_SWITCHED_OFF: ContextVar[bool] = ContextVar("tidings_classifier_switched_off", default=False)


def available() -> bool:
    """Whether the classifier can be used: the package ships its weights and it is not switched off.

    Stages that consult the classifier check this first, so `switched_off()` measures them without it.
    """
    if _SWITCHED_OFF.get():
        return False
    return resources.files("tidings").joinpath("data", "model", MODEL_FILE).is_file()


@contextmanager
def switched_off() -> Iterator[None]:
    """Within the block, `available()` is False: the coder runs on its lexicon alone."""
    token = _SWITCHED_OFF.set(True)
    try:
        yield
    finally:
        _SWITCHED_OFF.reset(token)


def logits(model: Model, texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """(penta logits (n, 5), PLOVER-head logits (n, types)) of each text under `model`."""
    bias = np.concatenate([model.penta_bias, model.plover_bias])
    joint = np.tile(bias, (len(texts), 1))
    for i, text in enumerate(texts):
        rows, values = model.rows(text)
        if len(rows):
            joint[i] += values @ model.joint[rows]
    n_penta = len(model.penta_bias)
    return joint[:, :n_penta], joint[:, n_penta:]


def predict_many(texts: Sequence[str], *, model: Model | None = None) -> list[Prediction]:
    """Predictions for many sentences, in order (`model`: the shipped one unless given).

    The PLOVER head learned from synthetic stories; the penta head from real news sentences. A
    type's probability is the PLOVER head's times the penta head's for the type's penta class
    (`codebook.penta_of_plover`), renormalised: the real-sentence head keeps the synthetic one honest.
    """
    model = model or load()
    if not texts:
        return []
    penta_logits, plover_logits = logits(model, texts)
    penta = softmax(penta_logits)
    plover = softmax(plover_logits) * penta[:, type_penta(model.plover_types)]
    plover /= plover.sum(axis=1, keepdims=True)
    return [Prediction(penta_probs=penta[i],
                       plover_probs=dict(zip(model.plover_types, map(float, plover[i]), strict=True)))
            for i in range(len(texts))]


@cache
def type_penta(types: tuple[str, ...]) -> np.ndarray:
    """The penta class of each PLOVER type, as column indexes into penta probabilities."""
    return np.array([codebook.penta_of_plover(t) for t in types], dtype=np.int64)


def predict(text: str) -> Prediction:
    """Penta-class and PLOVER-type probabilities for one sentence."""
    return predict_many([text])[0]
