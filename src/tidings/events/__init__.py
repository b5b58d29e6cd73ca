"""Events: triggers (verbs and event nouns) → CAMEO code → PLOVER, with actor and recipient from the parse.

The lexicon (`data/lexicon/triggers.tsv`) maps a lemma plus cues from its dependents to a CAMEO
code; the codebook gives PLOVER type, mode, context, Goldstein and quad class. Arguments come
from the dependency parse: subject or passive agent → actor; object, dative or a prepositional
object → recipient; open complements ("agreed to start talks") inherit their controller's subject;
support verbs ("held talks", "launched an offensive") hand their subject to the event noun.

Owns, by job: the rules and the tables they read (`lexicon`), which rule a word fires (`triggers`),
the candidates of a sentence (`finding`), arguments (`arguments`), coding one candidate (`coding`),
stances taken by telling one's own plan (`stance`), the learned reader's part (`fusion`), the
events of a Doc (`extract`) and a user's PETRARCH verbs dictionary read as rules (`user_rules`). Mode comes from `tidings.modality`, dates from `tidings.dates`,
places from `tidings.places`, the CAMEO/PLOVER table from `tidings.codebook`.
"""

from .extract import extract_events
from .lexicon import TriggerRule, appeal_governors, lexicon, obligation_words, parse_cues
from .triggers import HYPHENS
from .user_rules import read_user_rules, read_verb_rules

__all__ = [
    "HYPHENS", "TriggerRule", "appeal_governors", "extract_events", "lexicon", "obligation_words",
    "parse_cues", "read_user_rules", "read_verb_rules",
]
