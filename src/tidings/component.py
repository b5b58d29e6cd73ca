"""The spaCy adapter: a `tidings` pipeline component for users who already run spaCy.

    nlp = spacy.load("en_core_web_sm")
    nlp.add_pipe("tidings", config={"published": "2025-03-01"})
    doc = nlp(text); doc._.tidings.events

It writes the CodedArticle to `Doc._.tidings` and the event triggers to `doc.spans["tidings"]`.
(No postponed annotations here: spaCy validates the factory's signature at run time.)
"""

from typing import Optional

from spacy.language import Language
from spacy.tokens import Doc

from .types import ArticleMeta

EXTENSION = "tidings"
SPANS_KEY = "tidings"


class TidingsComponent:
    def __init__(self, published: Optional[str]) -> None:
        self.published = published
        if not Doc.has_extension(EXTENSION):
            Doc.set_extension(EXTENSION, default=None)

    def __call__(self, doc: Doc) -> Doc:
        # spaCy imports this module through its entry point whenever it loads a pipeline, the coder's
        # own included: the coder is imported when the component first runs, not then
        from .pipeline.checks import content_id
        from .pipeline.coder import code_doc

        coded = code_doc(doc, ArticleMeta(id=content_id(doc.text), published=self.published,
                                          published_from="given" if self.published else None))
        doc._.set(EXTENSION, coded)
        doc.spans[SPANS_KEY] = [
            span for event in coded.events
            if (span := doc.char_span(event.trigger.start, event.trigger.end, label=event.plover))
        ]
        return doc


@Language.factory("tidings", default_config={"published": None},
                  requires=["token.dep", "token.lemma", "doc.ents"], assigns=["doc._.tidings", "doc.spans"])
def make_tidings_component(nlp: Language, name: str, published: Optional[str]) -> "TidingsComponent":
    return TidingsComponent(published)
