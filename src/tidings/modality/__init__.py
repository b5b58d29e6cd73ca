"""Modality: whether an event is actual, historical, future, hypothetical or negated, as the text tells it.

`mode_of` reads the parse around the trigger word. It walks from the trigger up to the verb that
realises it ("held talks" → held) and through the verbs it is the complement of ("is expected to
sign", "refused to meet", "called for talks"), collecting cues from the lexicon in
data/modality/cues.tsv: negation, modal and future auxiliaries, governing verbs, modifiers of event
nouns, conditional subordinators. It stops at a reporting verb, so reported speech keeps the mode
of what is reported ("said Russia would not attend" is a negated attending). A clause that gives
the content of a demand, proposal or offer noun takes that noun's mode however the parser hangs it
("rejected a demand that Kyiv withdraw": hypothetical). Time cues come last: an event dated after
publication is future; one dated well before it, or a past-tense clause dated by a year, decade or
past period of its own ("used a coup attempt in 2016", "last decade") when the Timeline gives it no
date, or told with "then-President ..." or "previously", is historical background. The pluperfect
alone is not: news uses it for last week's events too.

Owns: `mode_of` and the walk it makes (`chain_cues`), and the background dating of a clause
(`background`). The cue words and their reading on a word live in `tidings.syntax`, which dates
shares; modality reads dates' calendar (never the reverse).
"""

from .mode import chain_cues, mode_of

__all__ = ["chain_cues", "mode_of"]
