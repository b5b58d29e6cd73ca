"""Syntax: the reading of the dependency parse that several stages share.

Owns: clauses (`clauses`: is a word verbal, the verb of its clause, what an expression hangs from),
cue words on a word (`cues`: negation, auxiliaries, subordinators, governing verbs, time words,
from data/modality/cues.tsv), tense (`tense`: does a clause point back or forward) and a Doc's
token attributes as plain lists read in one call each (`columns`: texts, lower case, character
offsets, heads). dates, modality, events, coref, places, quotes and the candidate filter import
from here; nothing here imports a stage, so the stages never need each other for these helpers.
"""

from .clauses import (
    SUBJECTS, attachment, clause_verb, governing_verb, is_infinitive, is_verbal, own_clause, relative_antecedent,
)
from .cues import Cue, Lexicon, lexicon
from .tense import is_past_narrative, is_simple_past, past_tense, time_orientation

__all__ = [
    "SUBJECTS", "Cue", "Lexicon", "attachment", "clause_verb", "governing_verb", "is_infinitive",
    "is_past_narrative", "is_simple_past", "is_verbal", "lexicon", "own_clause", "past_tense", "relative_antecedent",
    "time_orientation",
]
