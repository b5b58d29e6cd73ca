"""Quotes: direct quote spans and their speakers.

Quote marks are paired over the raw text: curly or straight, across sentences, and a quote that
opens again before it closes (a speech running on into a new paragraph, in text whose paragraph
breaks were lost) ends just before the new opening mark and passes its speaker on. Short quoted
terms that are not speech (scare quotes, names: 'so-called "safe zone"') are dropped.

The speaker comes from the words around the marks, read through the parse: the subject of a
speech verb after the quote ("...,” he said", "said Lavrov", "according to X") or before it
("X told reporters: “...", "X said the move was “...”", "in X's words"); else a short attribution
sentence right after it ("“...” Trump said."), the subject of reported speech in the sentence
before, or the speaker of the quote just before. Speech verbs are data (`data/quotes/`): strong
ones ("say", "tell") attribute from anywhere in the clause, weak ones ("continue", "call") only a
quote they govern or touch; speech nouns ("Trump's announcement that “...”") give their possessor.
The subject resolves through the actor mentions, pronouns and descriptions included (`coref`), so
"he" is Trump and "the Kremlin" is RUSGOV; a person or organisation the actor base lacks is still
named ("Fei Tang", "Syrian Observatory for Human Rights"), with no country or sector.

The package owns: `marks` (pairing quote marks), `lexicon` (speech verbs and nouns), `attribution`
(who speaks each quote). Attribution runs once per document, after reference resolution and before
first-person resolution (`tidings.coref.add_first_person`), and its result is handed to both.
"""

from .attribution import Attribution, attribute, find_quotes, quoted_speakers
from .lexicon import speech_verbs
from .marks import QuoteMarks, pair_quote_marks, quoted_tokens

__all__ = ["Attribution", "QuoteMarks", "attribute", "find_quotes", "pair_quote_marks", "quoted_speakers",
           "quoted_tokens", "speech_verbs"]
