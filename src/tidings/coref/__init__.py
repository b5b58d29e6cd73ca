"""Who is meant: pronouns and descriptions resolved to actors the story already named.

A rule-based resolver, cheap per document (one pass over the tokens, a few candidates per
reference within a window of sentences). It reads the tables in `data/coref/` (pronouns,
descriptions, expletive "it" heads, person nouns, titles) and the actor base's country adjectives,
and uses what the parse and the actor base give every mention: kind, gender, number, role and
country, the sentence it sits in and whether it is a subject. Each candidate gets a cost: sentences
back, not a subject, a weak fit (unknown gender, a role-less person), a modifier ("US" in "US
troops"), inside a quote; the cheapest fitting one wins ("Trump met Erdogan. He said ..." is Trump,
"the Russian president" is whoever holds that role).

Words that are not actors the base knows compete too, so that they can win and leave a pronoun
unresolved rather than wrong: named people the base lacks ("Bob Corker said he ...", offered to
quote attribution as `Resolution.unlisted`), unnamed people ("the commander said he ..."),
and plain nouns ("The decision surprised diplomats. It came ..."). Inside quotes, "I" and "we"
resolve to the quote's speaker (`add_first_person`, after attribution). "It" is an actor unless
it is expletive ("it is likely that", "it is hard to"), but "it is willing to", "it is expected
to" refer; a singular pronoun that acts ("territory it controls", "it fears") never means a plain
noun; a possessive "their" may mean a single state ("Nigeria said it will withdraw their force")
when no plural fits better. No statistical model is involved; `tidings.eval.coref.score_coref`
measures it against the hand labels in `labels/coref.jsonl`.

The package owns: `lexicon` (the data tables), `mentions` (finding references and the words that
compete with actors), `resolve` (choosing antecedents; `resolve` and `add_first_person`),
`speakers` (first person inside quotes). The coder runs `resolve`, then quote attribution
(`tidings.quotes.attribute`) with the resolution's mentions and unlisted people, then
`add_first_person` with those attributions: each step gets what it needs as arguments.
"""

from .lexicon import descriptions, first_person, human_nouns, pronouns
from .resolve import REFERENCE_KINDS, Resolution, add_first_person, resolve

__all__ = ["REFERENCE_KINDS", "Resolution", "add_first_person", "descriptions", "first_person", "human_nouns",
           "pronouns", "resolve"]
