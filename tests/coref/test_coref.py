"""Pronouns and descriptions resolved to named actors (`tidings.coref`), on sentences written for these tests."""

from __future__ import annotations

from hand_mentions import mentions_in

from tidings import coref
from tidings.pipeline.coder import read_references
from tidings.types import ActorMention


def resolved(nlp, text: str) -> tuple[object, list[ActorMention]]:
    doc = nlp(text)
    return doc, read_references(doc, mentions_in(doc)).mentions


def refers(doc, out, words: str, nth: int = 0) -> list[str | None]:
    """Names the reference `words` (its nth occurrence) resolved to."""
    starts = [t.i for t in doc if doc[t.i:t.i + len(words.split())].text == words]
    start = starts[nth]
    return [m.actor.name for m in out if m.start == start and m.kind in coref.REFERENCE_KINDS]


def test_he_is_the_subject_of_the_previous_sentence(nlp):
    doc, out = resolved(nlp, "Vladimir Putin met Donald Trump in Helsinki on Monday. He said the talks were useful.")
    assert refers(doc, out, "He") == ["Vladimir Putin"]


def test_a_possessive_in_a_fronted_phrase_looks_ahead_to_the_subject(nlp):
    doc, out = resolved(nlp, "Donald Trump spoke in Washington on Monday. "
                             "In his talks with Angela Merkel on Tuesday, Vladimir Putin criticised Turkey.")
    assert refers(doc, out, "his") == ["Vladimir Putin"]


def test_a_possessive_after_its_clause_subject_still_looks_back(nlp):
    doc, out = resolved(nlp, "Donald Trump spoke in Washington on Monday. "
                             "Vladimir Putin criticised Turkey in his talks with Angela Merkel.")
    assert refers(doc, out, "his") == ["Vladimir Putin"]


def test_she_skips_men(nlp):
    doc, out = resolved(nlp, "Angela Merkel met Vladimir Putin in Sochi. Later she flew to Berlin.")
    assert refers(doc, out, "she") == ["Angela Merkel"]


def test_said_he_in_the_same_sentence_is_the_speaker(nlp):
    doc, out = resolved(nlp, "Sergei Lavrov said on Tuesday that he would travel to Ankara.")
    assert refers(doc, out, "he") == ["Sergei Lavrov"]


def test_object_pronoun_is_not_its_own_subject(nlp):
    doc, out = resolved(nlp, "Vladimir Putin called Donald Trump on Friday. Trump thanked him for the call.")
    assert refers(doc, out, "him") == ["Vladimir Putin"]


def test_it_is_a_country(nlp):
    doc, out = resolved(nlp, "Turkey closed the border crossing. It said the move was temporary.")
    assert refers(doc, out, "It") == ["Turkey"]


def test_expletive_it_refers_to_nothing(nlp):
    doc, out = resolved(nlp, "Turkey closed the border crossing. It is likely that the talks will fail.")
    assert refers(doc, out, "It") == []


def test_it_after_a_plain_noun_subject_is_not_an_actor(nlp):
    doc, out = resolved(nlp, "Russia announced a ceasefire on Monday. The decision surprised diplomats. "
                             "It came after weeks of fighting.")
    assert refers(doc, out, "It") == []


def test_they_after_two_countries_is_both(nlp):
    doc, out = resolved(nlp, "Russia and Turkey signed a deal in Sochi. They agreed to patrol the zone together.")
    assert sorted(refers(doc, out, "They")) == ["Russia", "Turkey"]


def test_they_is_a_plural_agent(nlp):
    doc, out = resolved(nlp, "US officials met Kurdish commanders on Monday. They promised more support.")
    assert refers(doc, out, "They") == ["United States (government)"]


def test_the_russian_president_matches_role_and_country(nlp):
    doc, out = resolved(nlp, "Donald Trump and Vladimir Putin spoke by phone. The Russian president "
                             "said the call was constructive.")
    assert refers(doc, out, "The Russian president") == ["Vladimir Putin"]


def test_the_us_president_is_not_the_russian_one(nlp):
    doc, out = resolved(nlp, "Donald Trump and Vladimir Putin spoke by phone. The US president "
                             "said the call was constructive.")
    assert refers(doc, out, "The US president") == ["Donald Trump"]


def test_description_in_apposition_means_the_name_after_it(nlp):
    doc, out = resolved(nlp, "Donald Trump is in Asia. The Russian president, Vladimir Putin, flew to Iran.")
    assert refers(doc, out, "The Russian president") == ["Vladimir Putin"]


def test_description_over_a_generic_agent_mention(nlp):
    doc, out = resolved(nlp, "Donald Trump spoke in Ohio. Aides said the president would decide soon.")
    assert refers(doc, out, "the president") == ["Donald Trump"]
    first = next(m for m in out if doc[m.start].lower_ == "the" and m.start > 5)
    assert first.kind == "description", "the resolved description comes before the generic mention"


def test_the_two_countries_names_both(nlp):
    doc, out = resolved(nlp, "Russia and Iran held talks in Tehran. The two countries agreed to expand trade.")
    assert sorted(refers(doc, out, "The two countries")) == ["Iran", "Russia"]


def test_the_militants_prefer_the_jihadist_group(nlp):
    doc, out = resolved(nlp, "Isis attacked a checkpoint near Raqqa. Hours later the SDF said "
                             "the militants had fled east.")
    assert refers(doc, out, "the militants") == ["Islamic State"]


def test_the_group_is_the_last_group(nlp):
    doc, out = resolved(nlp, "The US praised the SDF on Monday. Officials said the group had freed the town.")
    assert refers(doc, out, "the group") == ["Syrian Democratic Forces"]


def test_the_regime_is_a_government(nlp):
    doc, out = resolved(nlp, "Iran sent advisers to Damascus. Critics said the regime had lost its way.")
    hit = [m for m in out if m.kind == "description"]
    assert [(m.actor.country, m.actor.sector, m.actor.cameo, m.actor.name) for m in hit] == [
        ("IRN", "GOV", "IRNGOV", None)]


def test_antecedent_indexes_the_named_mention_and_span_is_the_reference(nlp):
    doc, out = resolved(nlp, "Vladimir Putin arrived in Tehran. He met officials there.")
    ref = next(m for m in out if m.kind == "pronoun")
    assert out[ref.antecedent].kind == "person"
    assert out[ref.antecedent].actor.name == "Vladimir Putin"
    assert ref.actor.text == "He" and ref.actor.span is not None
    assert doc.text[ref.actor.span.start:ref.actor.span.end] == "He"


def test_input_mentions_are_kept_in_order(nlp):
    doc = nlp("Vladimir Putin met Donald Trump. He smiled. Trump left.")
    given = mentions_in(doc)
    out = read_references(doc, given).mentions
    assert [m for m in out if m.kind not in coref.REFERENCE_KINDS] == given
    assert [m.start for m in out] == sorted(m.start for m in out)


def test_no_mentions_means_no_references(nlp):
    doc = nlp("He said it would rain. They left.")
    assert read_references(doc, []).mentions == []


def test_people_the_base_lacks_block_and_are_offered_to_quotes(nlp):
    doc = nlp("Donald Trump spoke on Monday. Bob Corker, a senator, said he disagreed.")
    people = read_references(doc, mentions_in(doc))
    assert refers(doc, people.mentions, "he") == [], "he is Corker, whom the actor base lacks, not Trump"
    unlisted = people.unlisted
    assert {(doc[m.start:m.end].text, m.actor.name) for m in unlisted} >= {("he", "Bob Corker")}


def test_expletive_it_under_an_adjective(nlp):
    doc, out = resolved(nlp, "Turkey reopened the crossing. “It is difficult for us to leave,” a refugee said.")
    assert refers(doc, out, "It") == []


def test_first_person_in_a_quote_is_its_speaker_and_we_the_government(nlp):
    doc, out = resolved(nlp, "Vladimir Putin spoke in Moscow. “We will not abandon our allies, "
                             "and I will see to it,” he said.")
    first = {doc[m.start].text: (m.actor.name, m.actor.cameo, out[m.antecedent].actor.name)
             for m in out if m.kind == "pronoun" and doc[m.start].lower_ in ("we", "our", "i")}
    assert first == {"We": (None, "RUSGOV", "Vladimir Putin"), "our": (None, "RUSGOV", "Vladimir Putin"),
                     "I": ("Vladimir Putin", "RUSGOV", "Vladimir Putin")}


def test_first_person_outside_quotes_or_of_unknown_speakers_stays_unresolved(nlp):
    doc, out = resolved(nlp, "We met Vladimir Putin. “We are tired,” a local teacher said.")
    assert [m for m in out if doc[m.start].lower_ == "we"] == []


def test_attribution_gets_the_people_the_resolution_found(nlp):
    doc = nlp("Donald Trump spoke first. Bob Corker, a senator, replied. “I disagree,” he said.")
    people = read_references(doc, mentions_in(doc))
    assert [m.actor.name for m in people.unlisted if doc[m.start].text == "he"] == ["Bob Corker"]
    assert [q.speaker.name for q in people.quotes] == ["Bob Corker"]


def test_descriptions_over_the_shipped_actor_base(nlp):
    from datetime import date

    from tidings import actors

    doc = nlp("Volodymyr Zelensky met Donald Trump at the White House on Friday. Sergei Lavrov "
              "criticised the visit. The Ukrainian leader said the talks were difficult, while the "
              "foreign minister called them a farce.")
    out = read_references(doc, actors.find_mentions(doc, when=date(2025, 3, 1))).mentions
    assert refers(doc, out, "The Ukrainian leader") == ["Volodymyr Zelensky"]
    assert refers(doc, out, "the foreign minister") == ["Sergei Lavrov"]


def test_a_person_the_base_lacks_takes_the_title_beside_the_name(nlp):
    doc, out = resolved(nlp, "On Monday the Syrian government negotiator Bashar Jaafari left Geneva. "
                             "He said the talks had failed.")
    person = next(m for m in out if m.kind == "person")
    assert (doc[person.start:person.end].text, person.actor.name, person.actor.cameo) == (
        "Bashar Jaafari", "Bashar Jaafari", "SYRGOV")
    he = next(m for m in out if m.kind == "pronoun")
    assert out[he.antecedent] is person and he.actor.name == "Bashar Jaafari"


def test_he_said_after_a_quote_is_not_someone_the_quote_names(nlp):
    doc, out = resolved(nlp, "Sergei Lavrov spoke in Moscow. “Vladimir Putin will decide. Putin does not "
                             "care about threats,” he said.")
    assert refers(doc, out, "he") == ["Sergei Lavrov"]


def test_an_unnamed_person_blocks_a_named_one(nlp):
    doc, out = resolved(nlp, "Donald Trump left Syria. The commander of the base said he would stay.")
    assert refers(doc, out, "he") == []


def test_it_before_a_control_adjective_is_the_country(nlp):
    doc, out = resolved(nlp, "Iran says it is willing to withdraw its troops from the border.")
    assert refers(doc, out, "it") == ["Iran"]
    assert refers(doc, out, "its") == ["Iran"]


def test_it_raised_by_a_passive_refers_but_it_before_a_that_clause_does_not(nlp):
    doc, out = resolved(nlp, "Turkey closed the border crossing. It is expected to reopen the crossing on Monday.")
    assert refers(doc, out, "It") == ["Turkey"]
    doc, out = resolved(nlp, "Turkey closed the border crossing. It is expected that the talks will fail.")
    assert refers(doc, out, "It") == []
    doc, out = resolved(nlp, "Russia vetoed the draft. It is likely that the council will vote again.")
    assert refers(doc, out, "It") == []
    doc, out = resolved(nlp, "Iran backed the plan. It is going to be hard to stop the war.")
    assert refers(doc, out, "It") == []
    doc, out = resolved(nlp, "Iran backed the plan. It is going to send troops.")
    assert refers(doc, out, "It") == ["Iran"]


def test_their_may_mean_a_single_state(nlp):
    doc, out = resolved(nlp, "Turkey announced that it will withdraw their peacekeeping force.")
    assert refers(doc, out, "it") == ["Turkey"]
    assert refers(doc, out, "their") == ["Turkey"]


def test_they_after_two_states_still_means_both(nlp):
    doc, out = resolved(nlp, "Russia and Turkey met in Sochi. They agreed to a ceasefire.")
    assert sorted(refers(doc, out, "They")) == ["Russia", "Turkey"]


def test_its_prefers_a_state_to_a_plain_noun_subject(nlp):
    doc, out = resolved(nlp, "Another alliance could pull Russia back in for reasons unconnected with its war aims.")
    assert refers(doc, out, "its") == ["Russia"]


def test_it_that_acts_is_an_actor_not_a_plain_noun(nlp):
    doc, out = resolved(nlp, "The pullout has strained ties between Russia and a militia it had armed for years.")
    assert refers(doc, out, "it") == ["Russia"]
    doc, out = resolved(nlp, "Russia announced a ceasefire on Monday. The decision surprised diplomats. "
                             "It came after weeks of fighting.")
    assert refers(doc, out, "It") == []


def test_it_said_after_a_group_is_the_group(nlp):
    doc, out = resolved(nlp, "On Friday the SDF issued a statement. It said the offensive on Baghuz would continue.")
    assert refers(doc, out, "It") == ["Syrian Democratic Forces"]


def test_their_is_not_a_state_when_a_people_or_plural_noun_is_nearer(nlp):
    doc, out = resolved(nlp, "The Kurds hoped for a corridor along the border with Turkey and believed "
                             "their contribution to the war had earned it.")
    assert refers(doc, out, "their") == []
    doc, out = resolved(nlp, "Few European countries have treaties with Iran to get their citizens back.")
    assert refers(doc, out, "their") == []


def test_the_possessor_of_a_subject_is_preferred_like_a_subject(nlp):
    doc, out = resolved(nlp, "Turkey's anger has been inflamed by Russia's stance, "
                             "because it fears an attack on its soldiers.")
    assert refers(doc, out, "it") == ["Turkey"]
