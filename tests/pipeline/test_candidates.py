"""The candidate filter: which sentences are parsed, what the merged Doc holds, and that coding
only candidates keeps the events of coding everything."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import tidings
from tidings.pipeline import candidates, coder, nlp
from tidings.pipeline.candidates import SentenceCount, regular_forms, windows
from tidings.eval.candidates import lost_events

STORY = (
    "Russian forces shelled the port of Odesa on Monday, Ukrainian officials said.\n\n"
    "The weather was mild and the sea was calm for most of the week.\n\n"
    "President Zelensky condemned the attack. He called on NATO to send more air defence systems.\n\n"
    "Cafes along the seafront stayed open late into the evening. He said the city would not be intimidated."
)


@pytest.fixture(scope="module")
def language():  # type: ignore[no-untyped-def]
    return nlp.load()


def parsed(language, text: str):  # type: ignore[no-untyped-def]
    return next(candidates.parse(language, [text]))


def test_regular_forms_cover_english_endings() -> None:
    assert {"meet", "meets", "meeting"} <= regular_forms("meet")
    assert {"stopped", "stopping"} <= regular_forms("stop")
    assert {"accuses", "accused", "accusing"} <= regular_forms("accuse")
    assert {"denies", "denied"} <= regular_forms("deny")


def test_irregular_trigger_forms_come_from_the_lemmatizer(language) -> None:  # type: ignore[no-untyped-def]
    check = candidates.filter_for(language)
    for form in ("said", "told", "fought", "met", "struck"):
        assert form in check.triggers, form


def test_nothing_sentences_are_skipped_and_kept_sentences_parsed(language) -> None:  # type: ignore[no-untyped-def]
    doc, found = parsed(language, STORY)
    kept = [doc[start:end].text.strip() for start, end in found.sentences]
    assert kept[0].startswith("Russian forces shelled")
    assert any(text.startswith("President Zelensky condemned") for text in kept)
    assert not any("weather" in text or "Cafes" in text for text in kept)
    assert found.total == 6 and found.parsed_sentences == 5  # "Cafes ..." as context for "He said"
    weather = next(s for s in doc.sents if "weather" in s.text)
    assert all(t.dep_ == "" and t.pos_ == "" and not t.ent_type_ for t in weather)
    attack = next(s for s in doc.sents if "shelled" in s.text)
    assert any(t.dep_ == "nsubj" for t in attack) and any(t.ent_type_ == "DATE" for t in attack)


def test_a_candidate_with_a_pronoun_takes_the_sentence_before_it_as_context() -> None:
    assert windows([False, True, False, True], [False, False, False, True]) == [(1, 4)]
    assert windows([False, True, False, False, True], [False, False, False, False, True]) == [(1, 2), (3, 5)]
    assert windows([True, True, False, False, True], [False, True, False, False, False]) == [(0, 2), (4, 5)]


def test_filtered_coding_keeps_the_events_of_the_full_parse() -> None:
    full = tidings.code(STORY, published="2024-03-04", full_parse=True)
    filtered = tidings.code(STORY, published="2024-03-04")
    assert len(full.events) >= 3
    assert lost_events([full], [filtered]) == (len(full.events), 0)
    assert [e.to_dict() for e in filtered.events] == [e.to_dict() for e in full.events]


def test_an_article_of_candidates_is_parsed_whole(language) -> None:  # type: ignore[no-untyped-def]
    text = ("Russian forces shelled the port of Odesa on Monday, Ukrainian officials said. It rained. "
            "President Zelensky condemned the attack and called on NATO to send more air defence systems. "
            "Turkey's foreign minister met his Ukrainian counterpart in Ankara on Tuesday to discuss the grain deal.")
    doc, found = parsed(language, text)
    assert len(found.sentences) == 3 and found.total == 4  # "It rained." is no candidate ...
    assert found.parsed == ((0, len(doc)),) and found.parsed_sentences == 4  # ... but too short to leave out
    whole = language(text)
    assert [(t.dep_, t.head.i, t.ent_type_) for t in doc] == [(t.dep_, t.head.i, t.ent_type_) for t in whole]


def test_pieces_keep_the_norms_the_tokenizer_gave(language) -> None:  # type: ignore[no-untyped-def]
    doc = language.make_doc("Officials said they don't know and won't say.")
    piece = candidates._unparsed(language, doc[2:10])
    assert [t.text for t in piece] == [t.text for t in doc[2:10]]
    assert [t.norm_ for t in piece] == [t.norm_ for t in doc[2:10]]
    assert "not" in [t.norm_ for t in piece]  # "n't", a tokenizer exception


def test_sentence_count_adds_up_articles(language) -> None:  # type: ignore[no-untyped-def]
    count = SentenceCount()
    list(coder.code_many([{"id": "a", "text": STORY}, {"id": "b", "text": "Turkey closed its border."}],
                         count=count))
    assert count.total == 7 and count.candidates < count.parsed < count.total
    whole = SentenceCount()
    list(coder.code_many([{"id": "a", "text": STORY}], full_parse=True, count=whole))
    # parsed whole, with the same filter's candidates (the sentences the learned reader may read)
    assert whole.total == whole.parsed and 0 < whole.candidates < whole.total


SENTENCES = st.sampled_from([
    "Iran accused Israel of the strike.", "It rained.", "They met in Doha on Friday.",
    "Nothing happened here at all.", "“We will respond,” he said.", "The protesters marched to parliament.",
])


@settings(max_examples=25, deadline=None)
@given(st.lists(SENTENCES, min_size=1, max_size=6), st.sampled_from([" ", "\n\n", "  \n"]))
def test_merged_doc_keeps_text_and_sentences(parts: list[str], gap: str) -> None:
    text = gap.join(parts)
    doc, found = parsed(nlp.load(), text)
    assert doc.text == text
    sentences = list(doc.sents)
    assert sentences[0].start == 0 and sentences[-1].end == len(doc)
    assert all(a.end == b.start for a, b in zip(sentences, sentences[1:], strict=False))
    for start, end in found.sentences:
        assert any(run_start <= start and end <= run_end for run_start, run_end in found.parsed)


def test_hyphenated_words_are_read_whole(language) -> None:  # type: ignore[no-untyped-def]
    doc = language.make_doc("Lawmakers held a sit-in and a face-to-face meeting, not a walk - out.")
    words = candidates.surface_words(candidates.Words.of(doc), 0, len(doc))
    assert {"sit-in", "sitin", "face-to-face", "facetoface"} <= words
    assert "walk-out" not in words  # spaces around the hyphen: two words


def test_an_article_without_candidates_can_still_be_walked(language) -> None:  # type: ignore[no-untyped-def]
    text = "on Monday </p> <p> , \r\n and Infinity"
    doc, found = parsed(language, text)
    assert found.parsed == () and doc.text == text
    assert all(list(token.children) == [] and token.dep_ == "" for token in doc)
    assert tidings.code(text).events == ()
