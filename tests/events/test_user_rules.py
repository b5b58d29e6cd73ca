"""User trigger rules: the simple patterns of a PETRARCH verbs dictionary converted into `TriggerRule`s
(the rest counted as not converted), on a small dictionary and the fictional validation one in ../shared."""

from __future__ import annotations

import pytest

from tidings.events import TriggerRule, read_verb_rules

VERBS = """<!-- TEST VERBS -->
&TIETYPES
+MILITARY
+ECONOMIC

--- ADOPT  [081]  ---
ADOPT    # pas
- * RESOLUTION  [102]
- * &TIETYPES  [802]
- INDICATED MAY *  [024]
--- AGREE  [081] ---
AGREE
- * WITH % [031]
- * TO ATTEND  [082]
--- CALL  [---] ---
CALL
CALL_OFF [192]
- * UP  [010]
"""


def test_verbs_dictionary_converts_simple_patterns():
    converted = read_verb_rules(VERBS, source="test verbs")
    rules = set(converted.rules)
    assert TriggerRule("adopt", "V", (), "081", "test verbs") in rules
    assert TriggerRule("adopt", "V", (("obj", frozenset({"resolution"})),), "102",
                       "test verbs") in rules
    assert TriggerRule("agree", "V", (("prep", frozenset({"with"})),), "031", "test verbs") in rules
    assert TriggerRule("agree", "V", (("comp", frozenset({"attend"})),), "082",
                       "test verbs") in rules
    assert TriggerRule("call", "V", (("prt", frozenset({"off"})),), "192", "test verbs") in rules
    assert TriggerRule("call", "V", (("prt", frozenset({"up"})),), "010", "test verbs") in rules
    assert not any(r.lemma in ("military", "economic") for r in rules)  # synset members
    assert not any(r.lemma == "call" and not r.cues for r in rules)  # "---": no default event
    assert (converted.patterns, converted.converted_patterns) == (6, 4)


@pytest.mark.shared
def test_validation_verbs_dictionary_converts_in_part(shared_dir):
    text = (shared_dir / "gold" / "petr_dictionaries" / "PETR.Validate.verbs.txt").read_text(
        encoding="utf-8")
    converted = read_verb_rules(text)
    assert converted.verbs > 200
    assert 0.2 < converted.fraction < 0.6
