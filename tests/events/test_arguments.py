"""Event arguments on exact parses built with `make_doc`: which tokens may name the recipient, and the
preposition each hangs from (the recipient logic branches on it, not on the words of its `why`)."""

from __future__ import annotations

from tidings.events.arguments import recipient_tokens


def test_a_recipient_on_the_object_noun_carries_its_preposition(make_doc) -> None:
    # "Washington imposed sanctions on Moscow"
    doc = make_doc(["Washington", "imposed", "sanctions", "on", "Moscow"], heads=[1, 1, 1, 2, 3],
                   deps=["nsubj", "ROOT", "dobj", "prep", "pobj"], pos=["PROPN", "VERB", "NOUN", "ADP", "PROPN"],
                   tags=["NNP", "VBD", "NNS", "IN", "NNP"])
    found = [(token.text, how, preposition) for token, how, preposition in recipient_tokens(doc[1], set())]
    assert found == [("sanctions", "object", None), ("Moscow", "'on' object", "on")]


def test_by_names_the_maker_of_the_thing_acted_upon_but_not_the_verbs_agent(make_doc) -> None:
    # "Kyiv rejected calls by Belarus"; "Kyiv was attacked by Belarus"
    calls = make_doc(["Kyiv", "rejected", "calls", "by", "Belarus"], heads=[1, 1, 1, 2, 3],
                     deps=["nsubj", "ROOT", "dobj", "prep", "pobj"], pos=["PROPN", "VERB", "NOUN", "ADP", "PROPN"],
                     tags=["NNP", "VBD", "NNS", "IN", "NNP"])
    attacked = make_doc(["Kyiv", "was", "attacked", "by", "Belarus"], heads=[2, 2, 2, 2, 3],
                        deps=["nsubjpass", "auxpass", "ROOT", "agent", "pobj"],
                        pos=["PROPN", "AUX", "VERB", "ADP", "PROPN"], tags=["NNP", "VBD", "VBN", "IN", "NNP"])
    assert ("Belarus", "by") in [(t.text, p) for t, _, p in recipient_tokens(calls[1], set())]
    assert [(t.text, p) for t, _, p in recipient_tokens(attacked[2], set())] == [("Kyiv", None)]
