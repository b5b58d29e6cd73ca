"""Modality: negated, future, hypothetical and historical events must not come out actual."""

from __future__ import annotations

from datetime import date

import pytest

from tidings.dates import build_timeline
from tidings.modality import mode_of
from tidings.syntax import lexicon

PUBLISHED = "2025-03-05"


def mode(nlp, sentence: str, trigger: str, published: str = PUBLISHED) -> tuple[str, str]:
    doc = nlp(sentence)
    token = next(t for t in doc if t.text == trigger)
    timeline = build_timeline(doc, date.fromisoformat(published))
    return mode_of(token, event_date=timeline.date_for(token.i), published=published)


NEGATED = [
    ("Putin did not meet Zelenskyy in Istanbul.", "meet"),
    ("The Kremlin said Ukraine would not be on the agenda.", "be"),
    ("Moscow denied sending troops into Belarus.", "sending"),
    ("Beijing refused to condemn the invasion.", "condemn"),
    ("The two sides failed to agree on a ceasefire.", "agree"),
    ("No talks were held between Armenia and Azerbaijan.", "held"),
    ("No talks were held between Armenia and Azerbaijan.", "talks"),
    ("Lavrov said Russia would not attend the summit.", "attend"),
    ("Israel has never recognised the Palestinian state.", "recognised"),
    ("Iran will not negotiate with Washington under pressure.", "negotiate"),
    ("Turkey declined to join the sanctions against Moscow.", "join"),
    ("The EU ruled out sending peacekeepers to Gaza.", "sending"),
    ("Hungary didn't veto the aid package.", "veto"),
    ("Turkey is yet to offer a safe haven to the refugees.", "offer"),
    ("Moscow has yet to withdraw its troops from the border.", "withdraw"),
]

FUTURE = [
    ("Zelenskyy is expected to sign the minerals deal on Friday.", "sign"),
    ("Trump will visit Saudi Arabia in May.", "visit"),
    ("The prime minister plans to travel to Beijing.", "travel"),
    ("The foreign ministers are scheduled to meet in Riyadh.", "meet"),
    ("The US is set to impose new tariffs on Chinese goods.", "impose"),
    ("Macron is due to host the summit in Paris.", "host"),
    ("The two leaders agreed to hold talks in Geneva.", "talks"),
    ("Lavrov said Russia would attend the summit.", "attend"),
    ("Erdogan vowed to retaliate against the Kurdish fighters.", "retaliate"),
    ("Nato defence ministers meet in Brussels next week.", "meet"),
    ("The planned talks between Kyiv and Moscow were announced on Monday.", "talks"),
    ("Starmer is going to visit Washington.", "visit"),
]

HYPOTHETICAL = [
    ("Trump told Erdogan to halt the offensive.", "halt"),
    ("The Pentagon was told to withdraw the troops.", "withdraw"),
    ("If we make a deal, the sanctions will be lifted.", "make"),
    ("Russia and Ukraine could agree on a ceasefire within weeks.", "agree"),
    ("China might send troops to the border.", "send"),
    ("Residents are sceptical that Trump will launch an attack on the regime.", "launch"),  # a belief, not a plan
    ("Villagers fear that Russian jets will bomb the town again.", "bomb"),
    ("The EU proposed a ceasefire between the two sides.", "ceasefire"),
    ("Iran threatened to close the Strait of Hormuz.", "close"),
    ("Britain urged Israel to allow aid into Gaza.", "allow"),
    ("The opposition called for talks with the government.", "talks"),
    ("The president wants to meet Kim Jong-un.", "meet"),
    ("Washington would impose sanctions if Moscow attacked.", "impose"),
    ("Macron said France was ready to send troops to Ukraine.", "send"),
    ("The US did not rule out military action against Caracas.", "action"),
    ("Germany may expel Russian diplomats.", "expel"),
]

ACTUAL = [
    ("Russia is reported to have shelled the town.", "shelled"),
    ("Moscow has still not withdrawn its troops, but Kyiv has already pulled back.", "pulled"),
    ("Russia launched a missile strike on Kyiv on Tuesday.", "launched"),
    ("The EU proposed a ceasefire between the two sides.", "proposed"),
    ("Iran threatened to close the Strait of Hormuz.", "threatened"),
    ("Putin and Trump held talks in Helsinki yesterday.", "talks"),
    ("Lavrov said Russia attended the summit.", "attended"),
    ("China condemned the sanctions on Monday.", "condemned"),
    # where an appeal was made is no part of what it asks, and a copula's predicate governs nothing
    ("In a telephone call to the Kremlin on Sunday, Macron urged Putin to keep the ceasefire.", "call"),
    ("The last straw was a phone call between Trump and Erdogan on Friday.", "call"),
    ("Britain urged Israel to allow aid into Gaza.", "urged"),
    ("Turkish forces began to withdraw from the border town.", "withdraw"),
    ("The Kremlin denied the report.", "denied"),
]

HISTORICAL = [
    ("Russia launched a full-scale invasion of Ukraine in 2022.", "launched"),
    ("Russia launched a full-scale invasion of Ukraine in 2022.", "invasion"),
    ("The administration of then-US President Joe Biden backed Ukraine.", "backed"),
    ("Moscow annexed Crimea in 2014 after a disputed referendum.", "annexed"),
    ("The two countries had fought a border war decades earlier.", "fought"),
]


@pytest.mark.parametrize(("sentence", "trigger"), NEGATED)
def test_negated(nlp, sentence: str, trigger: str) -> None:
    found, why = mode(nlp, sentence, trigger)
    assert found == "negated", why


@pytest.mark.parametrize(("sentence", "trigger"), FUTURE)
def test_future(nlp, sentence: str, trigger: str) -> None:
    found, why = mode(nlp, sentence, trigger)
    assert found == "future", why


@pytest.mark.parametrize(("sentence", "trigger"), HYPOTHETICAL)
def test_hypothetical(nlp, sentence: str, trigger: str) -> None:
    found, why = mode(nlp, sentence, trigger)
    assert found == "hypothetical", why


@pytest.mark.parametrize(("sentence", "trigger"), ACTUAL)
def test_actual(nlp, sentence: str, trigger: str) -> None:
    found, why = mode(nlp, sentence, trigger)
    assert found == "actual", why


@pytest.mark.parametrize(("sentence", "trigger"), HISTORICAL)
def test_historical(nlp, sentence: str, trigger: str) -> None:
    found, why = mode(nlp, sentence, trigger)
    assert found == "historical", why


def test_reason_names_the_cue(nlp) -> None:
    assert mode(nlp, "Putin did not meet Zelenskyy.", "meet")[1] == "negated by 'not'"
    assert "expect" in mode(nlp, "Zelenskyy is expected to sign the deal.", "sign")[1]


def test_recent_dated_event_stays_actual(nlp) -> None:
    found, _ = mode(nlp, "Russia and Ukraine exchanged prisoners in February.", "exchanged")
    assert found == "actual"


def test_lexicon_modes_are_known() -> None:
    lex = lexicon()
    modes = {"negated", "future", "hypothetical", "historical"}
    for table in (lex.aux, lex.governor, lex.noun_mod, lex.mark):
        assert set(table.values()) <= modes


MORE = [
    ("Russia would shoot down incoming missiles if a US strike threatened its troops.", "shoot", "hypothetical"),
    ("Russian officials have warned of a clash if Trump orders a strike.", "warned", "actual"),
    ("Britain urged Israel not to attack Rafah.", "attack", "hypothetical"),
    ("The Russians may not be involved in the decision.", "involved", "hypothetical"),
    ("The opposition said it would not attend talks planned for later this month.", "talks", "future"),
    ("The imminent fall of Ghouta will not mark the end of the war.", "fall", "future"),
    ("The committee would issue a statement rejecting the conference, he said.", "issue", "future"),
    ("Will Russia hit back at the US?", "hit", "hypothetical"),
    ("Russia has previously vetoed a joint investigative mechanism.", "vetoed", "historical"),
    ("Talks between the two sides did not take place.", "Talks", "negated"),
    ("Iran said it was ready to resume talks if sanctions were lifted.", "said", "actual"),
    ("Washington pledged that US forces would remain in Syria.", "remain", "future"),
    ("The Syrian air force was able to bomb Douma.", "bomb", "actual"),
    ("Britain has sent officials to collect the children.", "collect", "hypothetical"),
    ("Trump said the US would no longer supply arms to the Kurdish fighters.", "supply", "negated"),
    ("Trump did not claim victory but said on Friday that Isis was beaten.", "said", "actual"),
    ("It is unclear whether US troops will remain in Syria.", "remain", "hypothetical"),
    ("Analysts predicted that Isis would make a comeback in Syria.", "make", "future"),
    ("Turkish officials said the talks with Moscow went well.", "talks", "actual"),
]


@pytest.mark.parametrize(("sentence", "trigger", "expected"), MORE)
def test_more_modes(nlp, sentence: str, trigger: str, expected: str) -> None:
    found, why = mode(nlp, sentence, trigger)
    assert found == expected, why


def test_then_marks_background_only_when_undated(nlp) -> None:
    assert mode(nlp, "In January, the then secretary of state, Rex Tillerson, pledged support.",
                "pledged", published="2018-04-08")[0] == "actual"


# The content of a demand, request or proposal noun is not an event that happened, however the
# parser attaches the clause (acl, relcl, or a complement of the verb after the noun phrase).
NOUN_CONTENT = [
    ("Ukraine rejected a Russian demand that Kyiv withdraw its troops.", "withdraw", "hypothetical"),
    ("The opposition repeated its demand that Assad step aside before any talks.", "step", "hypothetical"),
    ("Hamas dismissed calls for Israel to withdraw from Gaza.", "withdraw", "hypothetical"),
    ("Iran accepted a proposal that inspectors visit the enrichment site.", "visit", "hypothetical"),
    ("Russia made an offer to release the prisoners.", "release", "hypothetical"),
    ("The plan to invade Taiwan was shelved.", "invade", "future"),
    ("China launched a bid to mediate between Iran and Saudi Arabia.", "mediate", "hypothetical"),
    ("Turkey made repeated attempts to broker a deal between the factions.", "broker", "hypothetical"),
    ("Moscow issued an ultimatum that Kyiv surrender the city.", "surrender", "hypothetical"),
    ("Berlin welcomed the suggestion that Nato hold talks with Moscow.", "hold", "hypothetical"),
    ("Ankara ignored the demands of the Kurdish parties that the army leave the region.", "leave", "hypothetical"),
    ("Kyiv agreed to talks on condition that Russia withdraw its troops.", "withdraw", "hypothetical"),
    ("The treaty includes a requirement that both sides notify each other of missile tests.", "notify", "hypothetical"),
]


@pytest.mark.parametrize(("sentence", "trigger", "expected"), NOUN_CONTENT)
def test_content_of_a_demand_noun_is_not_actual(nlp, sentence: str, trigger: str, expected: str) -> None:
    found, why = mode(nlp, sentence, trigger)
    assert found == expected, why


def test_a_relative_clause_on_a_demand_noun_keeps_its_own_mode(nlp) -> None:
    # "that" fills the object slot of "made": the making of the demand happened
    found, why = mode(nlp, "Russia ignored the demand that Kyiv made in its letter.", "made")
    assert found == "actual", why


# Background told in the past with a year, a decade or a past period in its own clause, when the
# Timeline gives the event no date of its own; today's past-tense news stays actual.
BACKGROUND = [
    ("Erdogan used a failed coup attempt in 2016 to justify a purge of the army.", "used", "historical"),
    ("Russia fought two wars in Chechnya during the 1990s.", "fought", "historical"),
    ("Iran and Iraq fought a war in the 1980s, and the two countries remain rivals.", "fought", "historical"),
    ("The two countries fought a border war last decade.", "fought", "historical"),
    ("The militia regained ground after being driven out of the capital in 2001.", "regained", "historical"),
    ("The two countries signed a friendship treaty years ago.", "signed", "historical"),
    ("Russia's role in the 2016 election was discussed on Monday.", "discussed", "actual"),
    ("Russia has expanded its navy over the last decade.", "expanded", "actual"),
    ("Putin met Erdogan in Ankara on Tuesday, in their first meeting since 2019.", "met", "actual"),
    ("Since taking office 15 years ago, Erdogan has purged the army.", "purged", "actual"),
    ("Russia will host the summit in 2026.", "host", "future"),
    ("Turkey shelled Kurdish positions near the border.", "shelled", "actual"),
]


@pytest.mark.parametrize(("sentence", "trigger", "expected"), BACKGROUND)
def test_background_years_and_periods(nlp, sentence: str, trigger: str, expected: str) -> None:
    found, why = mode(nlp, sentence, trigger)
    assert found == expected, why


SCOPE = [
    ("The coalition will not participate in any negotiations with the regime.", "negotiations", "negated"),
    ("Iran did not engage in talks with Washington.", "talks", "negated"),
    ("Russia would shoot down incoming missiles and attack their launchers if a US strike threatened its troops.",
     "shoot", "hypothetical"),
    ("Russia shot down the missiles and attacked their launchers after a US strike.", "shot", "actual"),
    ("Iran took part in talks with Washington on Monday.", "talks", "actual"),
]


@pytest.mark.parametrize(("sentence", "trigger", "expected"), SCOPE)
def test_negation_and_conditions_reach_over_prepositions_and_conjuncts(nlp, sentence, trigger, expected) -> None:
    found, why = mode(nlp, sentence, trigger)
    assert found == expected, why


NOT_BACKGROUND = [
    ("Following in the footsteps of the volunteers eight decades earlier, Norton has joined the fight.", "joined"),
    ("Not long ago, Moscow and Ankara signed a gas deal.", "signed"),
]


@pytest.mark.parametrize(("sentence", "trigger"), NOT_BACKGROUND)
def test_time_words_of_another_clause_or_recent_ones_are_no_background(nlp, sentence: str, trigger: str) -> None:
    found, why = mode(nlp, sentence, trigger)
    assert found == "actual", why


def said_would_attend(make_doc, negated: bool):
    # "Lavrov said Russia would (not) attend"
    words = ["Lavrov", "said", "Russia", "would", *(["not"] if negated else []), "attend"]
    verb = len(words) - 1
    deps = ["nsubj", "ROOT", "nsubj", "aux", *(["neg"] if negated else []), "ccomp"]
    tags = ["NNP", "VBD", "NNP", "MD", *(["RB"] if negated else []), "VB"]
    pos = ["PROPN", "VERB", "PROPN", "AUX", *(["PART"] if negated else []), "VERB"]
    heads = [1, 1, verb, verb, *([verb] if negated else []), 1]
    lemmas = ["lavrov", "say", "russia", "would", *(["not"] if negated else []), "attend"]
    doc = make_doc(words, heads=heads, deps=deps, tags=tags, pos=pos, lemmas=lemmas)
    return doc[verb]


def test_reported_would_is_a_future_and_its_negation_a_denial(make_doc) -> None:
    attend = said_would_attend(make_doc, negated=False)
    assert mode_of(attend, event_date=None, published=PUBLISHED) == ("future", "future: 'would'")
    denied = said_would_attend(make_doc, negated=True)
    assert mode_of(denied, event_date=None, published=PUBLISHED)[0] == "negated"
