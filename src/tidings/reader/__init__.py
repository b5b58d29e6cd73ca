"""Learned reading: a fine-tuned sentence encoder reads each candidate sentence's event type, CAMEO
penta class and the words that name its actor and recipient.

One multi-task model (all-MiniLM-L6-v2 fine-tuned; see docs/model.md) with three heads:

* **event type**: the 16 PLOVER types, STATEMENT and NONE (no political event in the sentence);
* **penta**: the CAMEO penta class (0 statement/appeal, 1 verbal cooperation, 2 material
  cooperation, 3 verbal conflict, 4 material conflict);
* **roles**: a BIO tag per word: S (actor), T (recipient), R (a party on both sides: "X and Y met").

The model ships as int8 ONNX in `data/model/reader.onnx` with its `tokenizer.json` and
`reader.json` (label names and settings); inference needs only onnxruntime and tokenizers, runs
with fixed threads and options, one sentence a run (the same sentence always gives the same
reading, whatever is read beside it), and loads once per process, on first use. `scripts/train-model` writes these files (`tidings.reader.training`).

    from tidings import reader
    reading = reader.predict(["Rebels shelled the town overnight."])[0]
    reading.event_type, reading.type_probability, reading.roles
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Protocol

import numpy as np

MODEL_FILE = "reader.onnx"
TOKENIZER_FILE = "tokenizer.json"
LABELS_FILE = "reader.json"
ROLE_TAGS: tuple[str, ...] = ("O", "B-S", "I-S", "B-T", "I-T", "B-R", "I-R")
NO_EVENT = "NONE"
MAX_PIECES = 128  # word pieces per sentence, [CLS] and [SEP] included; longer sentences are cut
THREADS = 1  # one thread per worker: workers are processes, and a fixed count keeps sums in one order


@dataclass(frozen=True, slots=True)
class RoleSpan:
    """Words the model reads as a party: `role` S (actor), T (recipient) or R (both sides)."""

    role: str
    start: int  # character offsets into the sentence
    end: int
    text: str
    probability: float  # the mean probability of the span's word tags


@dataclass(frozen=True, slots=True)
class SentenceReading:
    """What the model reads in one sentence."""

    text: str
    type_probs: dict[str, float]
    penta_probs: tuple[float, ...]
    roles: tuple[RoleSpan, ...]

    @property
    def event_type(self) -> str:
        return max(self.type_probs, key=self.type_probs.__getitem__)

    @property
    def type_probability(self) -> float:
        return self.type_probs[self.event_type]

    @property
    def penta(self) -> int:
        return int(np.argmax(self.penta_probs))

    def spans(self, role: str) -> tuple[RoleSpan, ...]:
        return tuple(span for span in self.roles if span.role == role)


class Reader(Protocol):
    def predict(self, sentences: Sequence[str]) -> list[SentenceReading]: ...


@dataclass(frozen=True, slots=True)
class Encoded:
    """A batch of sentences as padded word-piece ids, with each piece's word and character span."""

    ids: np.ndarray  # (n, length) int64
    mask: np.ndarray  # (n, length) int64
    words: list[list[int | None]]  # word index of each piece (None for [CLS], [SEP], padding)
    offsets: list[list[tuple[int, int]]]  # character span of each piece


def load_tokenizer(path: str) -> Any:
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(path)
    tokenizer.no_padding()
    tokenizer.enable_truncation(MAX_PIECES)
    return tokenizer


def encode(tokenizer: Any, sentences: Sequence[str]) -> Encoded:
    """Word pieces of `sentences`, padded to the longest of them (dynamic padding)."""
    encodings = tokenizer.encode_batch(list(sentences))
    length = max(len(e.ids) for e in encodings)
    ids = np.zeros((len(encodings), length), dtype=np.int64)
    mask = np.zeros((len(encodings), length), dtype=np.int64)
    for row, encoding in enumerate(encodings):
        ids[row, :len(encoding.ids)] = encoding.ids
        mask[row, :len(encoding.ids)] = 1
    return Encoded(ids, mask, [list(e.word_ids) for e in encodings], [list(e.offsets) for e in encodings])


def softmax(logits: np.ndarray) -> np.ndarray:
    shifted = np.exp(logits - logits.max(axis=-1, keepdims=True))
    return shifted / shifted.sum(axis=-1, keepdims=True)


def first_pieces(words: Sequence[int | None]) -> list[int]:
    """The position of each word's first piece: a word's tag is read there."""
    seen: set[int] = set()
    positions = []
    for position, word in enumerate(words):
        if word is not None and word not in seen:
            seen.add(word)
            positions.append(position)
    return positions


def role_spans(text: str, words: Sequence[int | None], offsets: Sequence[tuple[int, int]],
               tag_probs: np.ndarray) -> tuple[RoleSpan, ...]:
    """Spans from the tags of each word's first piece.

    A word's role is the one with the most probability over its B- and I- tags together (or "O"):
    read tag by tag, a word the model finds 0.3 B-T, 0.3 I-T and 0.4 O would be read as no role. It
    continues the span before it when that span has its role and its I- tag outweighs its B- tag,
    else opens one. A span runs from its first word's first character to its last word's last
    character; its probability is the mean of its words' role probabilities.
    """
    word_ends: dict[int, int] = {}
    for position, word in enumerate(words):
        if word is not None:
            word_ends[word] = offsets[position][1]
    spans: list[RoleSpan] = []
    open_role: str | None = None
    start = end = 0
    probs: list[float] = []

    def close() -> None:
        if open_role is not None:
            spans.append(RoleSpan(open_role, start, end, text[start:end], float(np.mean(probs))))

    positions = first_pieces(words)
    masses = _role_masses(tag_probs[positions]) if positions else np.zeros((0, len(_ROLES), 2))
    chosen = masses.sum(axis=2).argmax(axis=1)  # the first of equal masses, as ROLES order them
    for position, role_index, (begins, inside) in zip(positions, chosen.tolist(),
                                                      masses[np.arange(len(positions)), chosen].tolist()):
        role = _ROLES[role_index]
        if role == "O":
            if open_role is not None:
                close()
                open_role = None
        elif role == open_role and inside >= begins:
            end = word_ends[words[position]]
            probs.append(begins + inside)
        else:
            close()
            open_role, start, end = role, offsets[position][0], word_ends[words[position]]
            probs = [begins + inside]
    close()
    return tuple(spans)


#: "O", then each role once, in the order ROLE_TAGS first names it
_ROLES: tuple[str, ...] = ("O", *dict.fromkeys(tag.partition("-")[2] for tag in ROLE_TAGS if tag != "O"))
#: for each of _ROLES, the columns of its B- and I- tags ("O" counts as B-, with nothing as I-)
_BEGIN = [ROLE_TAGS.index("O" if role == "O" else f"B-{role}") for role in _ROLES]
_INSIDE = [ROLE_TAGS.index(f"I-{role}") if role != "O" else -1 for role in _ROLES]


def _role_masses(probs: np.ndarray) -> np.ndarray:
    """(words, roles, 2): each word's B- and I- probability per role of _ROLES ("O" with its
    probability as B- and 0 as I-)."""
    masses = np.stack([probs[:, _BEGIN], probs[:, _INSIDE]], axis=2)
    masses[:, 0, 1] = 0.0
    return masses


def readings(sentences: Sequence[str], encoded: Encoded, type_logits: np.ndarray, penta_logits: np.ndarray,
             role_logits: np.ndarray, types: Sequence[str]) -> list[SentenceReading]:
    """SentenceReadings from the three heads' logits for a batch."""
    type_probs = softmax(type_logits.astype(np.float64))
    penta_probs = softmax(penta_logits.astype(np.float64))
    tag_probs = softmax(role_logits.astype(np.float64))
    return [
        SentenceReading(
            text=text,
            type_probs={t: round(float(p), 6) for t, p in zip(types, type_probs[i], strict=True)},
            penta_probs=tuple(round(float(p), 6) for p in penta_probs[i]),
            roles=role_spans(text, encoded.words[i], encoded.offsets[i], tag_probs[i]),
        )
        for i, text in enumerate(sentences)
    ]


def batches(sentences: Sequence[str], size: int) -> Iterator[list[int]]:
    """Indexes of `sentences` in batches of similar length (less padding), each batch in input order."""
    order = sorted(range(len(sentences)), key=lambda i: (len(sentences[i]), i))
    for first in range(0, len(order), size):
        yield sorted(order[first:first + size])


class OnnxReader:
    """The shipped model under onnxruntime: one session, fixed threads, sequential execution."""

    def __init__(self, model_path: str, tokenizer_path: str, labels: dict[str, Any]) -> None:
        import onnxruntime

        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = THREADS
        options.inter_op_num_threads = 1
        options.execution_mode = onnxruntime.ExecutionMode.ORT_SEQUENTIAL
        options.log_severity_level = 3
        self.session = onnxruntime.InferenceSession(model_path, options, providers=["CPUExecutionProvider"])
        self.tokenizer = load_tokenizer(tokenizer_path)
        self.types: tuple[str, ...] = tuple(labels["types"])
        self.meta = labels

    def predict(self, sentences: Sequence[str]) -> list[SentenceReading]:
        """Each sentence read in a run of its own, without padding: the int8 model quantizes its
        activations with one scale per run, so a sentence read beside others would read differently
        with other neighbours (type probabilities moved by up to 0.23 on the Guardian sample at 16
        a run); alone, a sentence always reads the same, whichever article or batch holds it, at
        about 14% more time a sentence. The pieces are encoded, and the heads' outputs read, for
        all the sentences at once."""
        if not sentences:
            return []
        encoded = encode(self.tokenizer, sentences)
        lengths = encoded.mask.sum(axis=1).tolist()
        types, pentas = [], []
        roles = np.zeros((len(sentences), encoded.ids.shape[1], len(ROLE_TAGS)), dtype=np.float32)
        for row, length in enumerate(lengths):
            type_logits, penta_logits, role_logits = self.session.run(
                None, {"input_ids": encoded.ids[row:row + 1, :length],
                       "attention_mask": encoded.mask[row:row + 1, :length]})
            types.append(type_logits)
            pentas.append(penta_logits)
            roles[row, :length] = role_logits[0]
        return readings(sentences, encoded, np.concatenate(types), np.concatenate(pentas), roles, self.types)


def _model_file(name: str) -> Any:
    return resources.files("tidings").joinpath("data", "model", name)


@cache
def shipped() -> OnnxReader:
    """The model shipped in the package, loaded once per process."""
    labels = json.loads(_model_file(LABELS_FILE).read_text("utf-8"))
    with resources.as_file(_model_file(MODEL_FILE)) as model, resources.as_file(_model_file(TOKENIZER_FILE)) as tok:
        return OnnxReader(str(model), str(tok), labels)


_ACTIVE: ContextVar[Reader | None] = ContextVar("tidings_reader", default=None)
_SWITCHED_OFF: ContextVar[bool] = ContextVar("tidings_reader_switched_off", default=False)


def available() -> bool:
    """Whether the coder can read with a model: one is put in place (`using`) or shipped, and the
    model is not switched off."""
    if _SWITCHED_OFF.get():
        return False
    if _ACTIVE.get() is not None:
        return True
    return all(_model_file(name).is_file() for name in (MODEL_FILE, TOKENIZER_FILE, LABELS_FILE))


@contextmanager
def using(model: Reader) -> Iterator[None]:
    """Within the block, `predict` reads with `model` (cross-validation puts each fold's model here)."""
    token = _ACTIVE.set(model)
    try:
        yield
    finally:
        _ACTIVE.reset(token)


@contextmanager
def switched_off() -> Iterator[None]:
    """Within the block, `available()` is False: the coder runs on its rules alone."""
    token = _SWITCHED_OFF.set(True)
    try:
        yield
    finally:
        _SWITCHED_OFF.reset(token)


def predict(sentences: Sequence[str]) -> list[SentenceReading]:
    """The model's reading of each sentence, in order (batched; an empty list costs nothing)."""
    if not sentences:
        return []
    return (_ACTIVE.get() or shipped()).predict(sentences)
