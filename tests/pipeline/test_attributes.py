"""The compiled attribute ruler and the cached lemmatizer: every token annotation the same as the
model's own attribute ruler and lemmatizer give, on news text, odd tokens, random token runs and
random patterns."""

from __future__ import annotations

import json
from pathlib import Path

import numpy
import pytest
import spacy
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.attrs import (DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, NORM, ORTH, POS, SENT_START, SPACY,
                         TAG)
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from tidings.pipeline import attributes, nlp
from tidings.pipeline.attributes import CachedLemmatizer, CompiledAttributeRuler, UnsupportedPattern

EVERY_ANNOTATION = [ORTH, SPACY, NORM, TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, SENT_START]
UPSTREAM = ("attribute_ruler", "lemmatizer", "ner")  # what the stage-wise comparisons switch off

NEWS = (
    "LONDON (Reuters) - Britain's foreign secretary said on Tuesday that Iran ain't going to get "
    "sanctions relief \"until it stops enriching uranium\", adding: \"We're gonna keep the pressure on.\"\n\n"
    "Let's be clear, she told reporters in a hastily-arranged briefing at 10.30am. Y'all know the "
    "$3.5bn deal isn't dead; it's on hold.   There is no deadline, and there are 12 more meetings planned.\n\n"
    "The ministers -- who'd met twice since 2021 -- gotta agree on a 20-point plan. I don't think "
    "they've got it, said a U.N. official, who asked not to be named. C'mon, nothin' was signed!\n"
    "\n"
    "Kyiv's mayor, Vitali Klitschko, wasn't available; his office didn't reply to e-mails sent at "
    "9:15 a.m. on 3/4/2024 (about 40% of them bounced). You can't ask it of me, he'd said earlier."
)


@pytest.fixture(scope="module")
def stock() -> Language:
    """The pipeline with the model's own attribute ruler and lemmatizer."""
    return nlp.assemble(compiled_attributes=False)


@pytest.fixture(scope="module")
def compiled() -> Language:
    return nlp.load()


def annotations(doc: Doc) -> numpy.ndarray:
    return doc.to_array(EVERY_ANNOTATION)


def assert_same(expected: Doc, got: Doc) -> None:
    assert len(expected) == len(got)
    differing = numpy.flatnonzero((annotations(expected) != annotations(got)).any(axis=1))
    assert not len(differing), [
        (expected[i].text, expected[i].tag_, expected[i].pos_, str(expected[i].morph), expected[i].lemma_,
         "≠", got[i].tag_, got[i].pos_, str(got[i].morph), got[i].lemma_) for i in differing[:5]]
    assert [str(t.morph) for t in expected] == [str(t.morph) for t in got]
    assert [t.lemma_ for t in expected] == [t.lemma_ for t in got]


def compare_stages(stock: Language, compiled: Language, upstream: Doc) -> None:
    """Run `upstream` (tagged and parsed by `stock`) through both rulers and lemmatizers."""
    expected = stock.get_pipe("lemmatizer")(stock.get_pipe("attribute_ruler")(upstream.copy()))
    moved = Doc(compiled.vocab).from_bytes(upstream.to_bytes())
    got = compiled.get_pipe("lemmatizer")(compiled.get_pipe("attribute_ruler")(moved))
    assert_same(expected, got)


def test_the_loaded_pipeline_holds_the_compiled_components_in_the_models_places(stock, compiled) -> None:
    assert compiled.pipe_names == stock.pipe_names
    assert isinstance(compiled.get_pipe("attribute_ruler"), CompiledAttributeRuler)
    assert isinstance(compiled.get_pipe("lemmatizer"), CachedLemmatizer)
    assert compiled.get_pipe("attribute_ruler").patterns == stock.get_pipe("attribute_ruler").patterns
    # the candidate filter reads irregular forms from the lemmatizer's tables
    exceptions = compiled.get_pipe("lemmatizer").lookups.get_table("lemma_exc")
    assert exceptions["verb"]["said"] == ["say"]


def test_news_text_is_annotated_as_by_the_models_components(stock, compiled) -> None:
    expected, got = stock(NEWS), compiled(NEWS)
    assert_same(expected, got)
    lemmas = {t.text: t.lemma_ for t in got}
    assert lemmas["ai"] == "be" and lemmas["gon"] == "go" and lemmas["na"] == "to"
    assert [t.lemma_ for t in got if t.lower_ == "'s" and t.nbor(-1).lower_ == "let"] == ["us"]
    assert lemmas["nothin'"] == "nothing"
    assert {t.pos_ for t in got if t.is_space} == {"SPACE"}


def test_the_same_again_once_the_caches_are_warm(stock, compiled) -> None:
    for _ in range(2):
        assert_same(stock(NEWS), compiled(NEWS))


def test_empty_and_blank_texts(stock, compiled) -> None:
    for text in ("", " ", "\n\n", "ain't"):
        assert_same(stock(text), compiled(text))


def test_guardian_sample_is_annotated_as_by_the_models_components(shared_dir: Path, stock, compiled) -> None:
    texts = [json.loads(line)["text"]
             for line in (shared_dir / "corpus" / "guardian_sample.jsonl").open(encoding="utf-8")]
    tokens = 0
    for upstream in stock.pipe(texts, disable=UPSTREAM):
        compare_stages(stock, compiled, upstream)
        tokens += len(upstream)
    assert len(texts) == 249 and tokens > 250_000


ODD_WORDS = ["ai", "n't", "nt", "n’t", "not", "gon", "na", "got", "ta", "let", "'s", "’s", "c'm", "on", "y'",
             "y", "all", "nothin'", "nuthin'", "is", "are", "'re", "am", "'m", "have", "'ve", "has", "do", "did",
             "'d", "be", "gets", "there", "it", "you", "i", "I", "me", "that", "if", "so", "the", "a", "this",
             "which", "Iran", "Russia", "said", "says", "sanctions", "talks", "meeting", "met", "better",
             "best", "20", "3.5bn", "10.30am", "e-mail", "U.N.", "-", "--", ",", ".", "!", "?", "\"", "(", ")",
             "$", "%", "’", "'", "\n", "\n\n", " ", "  "]


@settings(max_examples=60)
@given(st.lists(st.sampled_from(ODD_WORDS), min_size=1, max_size=30), st.data())
def test_random_token_runs_are_annotated_as_by_the_models_components(stock, compiled, words, data) -> None:
    spaces = data.draw(st.lists(st.booleans(), min_size=len(words), max_size=len(words)))
    spaces = [space and not word.isspace() for word, space in zip(words, spaces)]
    upstream = Doc(stock.vocab, words=words, spaces=spaces)
    for _, component in stock.pipeline:
        if _ in UPSTREAM:
            break
        upstream = component(upstream)
    compare_stages(stock, compiled, upstream)


# ---- the compiled ruler on patterns of every form it reads, against spaCy's own ruler ------------

VOCAB = spacy.blank("en").vocab
WORDS = ["Gon", "gon", "na", "got", "ta", "is", "IS", "'s", "there", "x", "1", " ", "ok"]
TAGS = ["VBZ", "VB", "NN", "TO", ""]
DEPS = ["expl", "aux", "dobj", "ROOT", ""]

CONSTRAINTS = [
    ("LOWER", "gon"), ("LOWER", "na"), ("LOWER", "is"), ("lower", "'s"), ("LOWER", ""),
    ("LOWER", {"IN": ["is", "'s", "na"]}), ("LOWER", {"NOT_IN": ["x", "ok"]}), ("LOWER", {"REGEX": "^[gn]"}),
    ("LOWER", {"REGEX": "s$"}), ("LOWER", {"IN": ["na", "gon"], "NOT_IN": ["na"]}),
    ("TEXT", "Gon"), ("ORTH", {"IN": ["IS", "x"]}), ("TAG", "VBZ"), ("TAG", ""), ("TAG", {"NOT_IN": ["TO", ""]}),
    ("TAG", {"IN": ["VB", "VBZ"]}), ("DEP", "expl"), ("DEP", {"IN": ["aux", "dobj"]}), ("DEP", {"NOT_IN": [""]}),
    ("DEP", {"REGEX": "^a"}), ("IS_SPACE", True), ("IS_SPACE", False), ("LIKE_NUM", True), ("IS_TITLE", 1),
]
token_specs = st.lists(st.sampled_from(CONSTRAINTS), max_size=3).map(dict)
entries = st.lists(
    st.fixed_dictionaries({
        "patterns": st.lists(st.lists(token_specs, min_size=1, max_size=3), min_size=1, max_size=2),
        "attrs": st.lists(st.sampled_from([("POS", "NOUN"), ("POS", "VERB"), ("LEMMA", "be"), ("LEMMA", "go"),
                                           ("MORPH", "Number=Sing"), ("MORPH", "Tense=Past"), ("TAG", "NN"),
                                           ("TAG", "VB")]), min_size=1, max_size=3).map(dict)}),
    min_size=1, max_size=8)


@settings(max_examples=150)
@given(entries, st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from(TAGS), st.sampled_from(DEPS)),
                         min_size=1, max_size=12))
def test_random_patterns_assign_as_spacy_assigns(entries, tokens) -> None:
    for entry in entries:  # an index into the shortest of its patterns: as spaCy requires of a match
        entry["index"] = -1 if len(entry["patterns"][0]) % 2 else 0
    words, tags, deps = zip(*tokens)
    doc = Doc(VOCAB, words=list(words), tags=list(tags), deps=list(deps), heads=list(range(len(words))))
    ruler = AttributeRuler(VOCAB)
    ruler.add_patterns(entries)
    compiled = CompiledAttributeRuler(VOCAB)
    compiled.initialize(patterns=entries)
    assert_same(ruler(doc.copy()), compiled(doc.copy()))


@pytest.mark.parametrize("pattern", [
    [{"LOWER": "a", "OP": "+"}],
    [{"LENGTH": {">=": 3}}],
    [{"MORPH": {"IS_SUPERSET": ["Number=Sing"]}}],
    [{"LOWER": {"FUZZY": "said"}}],
    [{"_": {"flagged": True}}],
    [{"IS_SPACE": {"REGEX": "1"}}],
])
def test_a_pattern_form_it_does_not_read_raises_at_build(pattern) -> None:
    with pytest.raises(UnsupportedPattern):
        CompiledAttributeRuler(VOCAB).initialize(patterns=[{"patterns": [pattern], "attrs": {"POS": "NOUN"}}])


def test_an_attribute_it_cannot_write_raises_at_build() -> None:
    with pytest.raises(UnsupportedPattern):
        CompiledAttributeRuler(VOCAB).initialize(patterns=[{"patterns": [[{"LOWER": "a"}]], "attrs": {"NORM": "an"}}])


def test_a_lookup_lemmatizer_is_cached_too() -> None:
    language = spacy.blank("en")
    language.add_pipe("attribute_ruler").add([[{"LOWER": "ai"}]], {"LEMMA": "be"})
    language.add_pipe("lemmatizer", config={"mode": "lookup"}).initialize(lookups=_lookup_table())
    attributes.install(language)
    assert isinstance(language.get_pipe("lemmatizer"), CachedLemmatizer)
    assert [t.lemma_ for t in language("ai went")] == ["be", "go"]


def _lookup_table():  # type: ignore[no-untyped-def]
    from spacy.lookups import Lookups

    lookups = Lookups()
    lookups.add_table("lemma_lookup", {"went": "go"})
    return lookups
