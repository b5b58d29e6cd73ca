"""Background by the clause's own dating: a past-tense clause with a year, decade or past period of its
own well before publication is history, not news ("used a coup attempt in 2016", "last decade")."""

from __future__ import annotations

from datetime import date

from spacy.tokens import Token

from ..dates import is_background, last_year_named
from ..syntax import is_past_narrative, lexicon, own_clause

# Links from a year up to the date word a preposition governs ("in March 2015", "in the 1990s")
DATE_LINKS = ("nummod", "npadvmod", "compound", "appos", "nmod")


def past_background(verb: Token, published: date) -> str | None:
    """A year, decade or past period in the clause of a past-tense verb that puts it well before
    publication ("used a failed coup attempt in 2016", "fought two wars last decade"), or None. Only
    when the clause names no other date ("on Monday"), which the Timeline would have used."""
    if not is_past_narrative(verb):
        return None
    lex = lexicon()
    words = list(own_clause(verb))
    found = None
    for word in words:
        if last_year_named(word.text) is not None:
            date_word = word
            while (date_word.dep_ in DATE_LINKS and date_word.head.i != date_word.i
                   and date_word.head.ent_type_ == "DATE"):
                date_word = date_word.head
            preposition = date_word.head
            if date_word.dep_ != "pobj" or preposition.lower_ not in lex.dated_in:
                continue
            last_year = last_year_named(word.text)
            if last_year is not None and not is_background(last_year, published):
                return None
            found = f"{preposition.text} {' '.join(t.text for t in date_word.subtree)}"
        elif word.lower_ == "decade":
            period = " ".join([*(t.lower_ for t in word.lefts if t.dep_ == "amod"), "decade"])
            if period in lex.past_periods:
                found = " ".join(t.text for t in word.subtree)
    if found is None:
        return None
    # the date entities of what was found ("March 2015", "the last decade") may hold more words
    dating = {w.i for w in words if last_year_named(w.text) is not None or w.lower_ == "decade"}
    own = [e for e in verb.doc.ents if e.label_ == "DATE" and any(e.start <= i < e.end for i in dating)]
    other_dates = [w for w in words if w.ent_type_ == "DATE" and not any(e.start <= w.i < e.end for e in own)]
    return None if other_dates else found
