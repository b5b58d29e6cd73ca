"""Direct quotes and their speakers (`tidings.quotes`), on short articles written for these tests."""

from __future__ import annotations

from hand_mentions import mentions_in
from hypothesis import given
from hypothesis import strategies as st

from tidings import quotes
from tidings.pipeline.coder import read_references


def quoted(nlp, text: str) -> list[tuple[str, str | None, str | None]]:
    """(quoted words, speaker name or code, speaker_text) for each quote found in `text`."""
    doc = nlp(text)
    return [(q.text, q.speaker.name if q.speaker else None, q.speaker_text)
            for q in read_references(doc, mentions_in(doc)).quotes]


# --- pairing marks ---------------------------------------------------------------------------

def test_curly_and_straight_quotes_pair():
    text = 'He said “we will stay” and she said "we will go".'
    assert [text[m.start:m.end] for m in quotes.pair_quote_marks(text)] == ["we will stay", "we will go"]


def test_quote_reopened_before_closing_runs_on_into_a_new_paragraph():
    text = "Lavrov said: “The talks failed. We tried. “Now we wait,” he added."
    marks = quotes.pair_quote_marks(text)
    assert [text[m.start:m.end] for m in marks] == ["The talks failed. We tried.", "Now we wait,"]
    assert marks[0].closing is None and marks[1].continues


def test_unclosed_quote_runs_to_the_end():
    text = "She said: “We will never leave"
    [mark] = quotes.pair_quote_marks(text)
    assert text[mark.start:mark.end] == "We will never leave" and mark.closing is None


def test_apostrophes_and_single_marks_do_not_open_quotes():
    text = "Syria’s army called it an Arab ‘no’ and moved on."
    assert quotes.pair_quote_marks(text) == []


@given(st.text(alphabet=st.sampled_from(list("ab .,“”\"'’:")), max_size=80))
def test_pairs_are_in_order_inside_the_text_and_trimmed(text):
    previous_end = 0
    for mark in quotes.pair_quote_marks(text):
        assert previous_end <= mark.opening < mark.start <= mark.end <= len(text)
        content = text[mark.start:mark.end]
        assert content and content == content.strip()
        assert "“" not in content and "”" not in content
        previous_end = mark.end


@given(st.text(alphabet=st.characters(blacklist_characters='"“”«»„'), max_size=200))
def test_text_without_quote_marks_has_no_quotes(text):
    assert quotes.pair_quote_marks(text) == []


# --- attribution patterns ---------------------------------------------------------------------

def test_x_said_after_the_quote(nlp):
    assert quoted(nlp, "“We are ready to talk,” Putin said on Monday.") == [
        ("We are ready to talk,", "Vladimir Putin", "Putin")]


def test_said_x_inverted(nlp):
    assert quoted(nlp, "“The border stays closed,” said Sergei Lavrov.") == [
        ("The border stays closed,", "Sergei Lavrov", "Sergei Lavrov")]


def test_x_told_reporters_before_a_colon(nlp):
    [(text, speaker, _)] = quoted(nlp, "Donald Trump told reporters: “We will be out of Syria very soon.”")
    assert text == "We will be out of Syria very soon." and speaker == "Donald Trump"


def test_according_to_x(nlp):
    [(_, speaker, words)] = quoted(nlp, "According to Lavrov, the talks were “constructive and very useful”.")
    assert speaker == "Sergei Lavrov" and words == "Lavrov"


def test_in_x_words(nlp):
    [(_, speaker, _)] = quoted(nlp, "In Putin's words, “nobody wants a new arms race in Europe”.")
    assert speaker == "Vladimir Putin"


def test_x_added_after_a_second_quote(nlp):
    found = quoted(nlp, "“We have no plans to withdraw,” Lavrov said. “We will stay as long as needed,” he added.")
    assert [speaker for _, speaker, _ in found] == ["Sergei Lavrov", "Sergei Lavrov"]
    assert found[1][2] == "he"


def test_statement_by_an_institution_carries_country_and_sector(nlp):
    doc = nlp("On Monday the Kremlin said in a statement: “The strikes were a violation of international law.”")
    [quote] = read_references(doc, mentions_in(doc)).quotes
    assert (quote.speaker.country, quote.speaker.sector) == ("RUS", "GOV")


def test_anonymous_official_with_a_country(nlp):
    doc = nlp("“We are watching the situation closely,” a US State Department official said.")
    [quote] = read_references(doc, mentions_in(doc)).quotes
    assert quote.speaker.cameo == "USAGOV" and quote.speaker_text == "a US State Department official"


def test_he_said_resolves_through_the_previous_sentence(nlp):
    found = quoted(nlp, "Donald Trump spoke at the White House on Friday. “Isis is beaten,” he said.")
    assert found == [("Isis is beaten,", "Donald Trump", "he")]


def test_quote_followed_by_a_short_attribution_sentence(nlp):
    found = quoted(nlp, "The talks ended late. “Nobody wants another war.” Trump said.")
    assert [(t, s) for t, s, _ in found] == [("Nobody wants another war.", "Donald Trump")]


def test_speaker_named_in_the_sentence_before_an_unattributed_quote(nlp):
    found = quoted(nlp, "Lavrov said the US was playing with fire. “This is a dangerous game.”")
    assert [s for _, s, _ in found] == ["Sergei Lavrov"]


def test_multi_sentence_quote_and_its_run_on_paragraph_keep_the_speaker(nlp):
    text = ("Putin said: “Our troops will stay in Syria. They are there legally. "
            "“We will not leave our allies behind.” Officials in Damascus welcomed the remarks.")
    found = quoted(nlp, text)
    assert [t for t, _, _ in found] == ["Our troops will stay in Syria. They are there legally.",
                                        "We will not leave our allies behind."]
    assert [s for _, s, _ in found] == ["Vladimir Putin", "Vladimir Putin"]


def test_partial_quote_inside_a_sentence(nlp):
    found = quoted(nlp, "Trump said the deal was “the worst ever negotiated” and left the room.")
    assert found == [("the worst ever negotiated", "Donald Trump", "Trump")]


def test_unnamed_speaker_keeps_the_words_but_no_actor(nlp):
    found = quoted(nlp, "“We were not told anything,” a local teacher said.")
    assert found == [("We were not told anything,", None, "a local teacher")]


def test_speaker_the_actor_base_lacks_is_known_by_name(nlp):
    found = quoted(nlp, "Bob Corker, a senator, spoke on Tuesday. “I don't see anything changing,” he said.")
    assert found == [("I don't see anything changing,", "Bob Corker", "he")]


# --- scare quotes and names -------------------------------------------------------------------

def test_scare_quotes_are_not_speech(nlp):
    assert quoted(nlp, "Turkey wants a so-called “safe zone” along the border.") == []
    assert quoted(nlp, "Isis lost the last of its “caliphate” in March.") == []


def test_quoted_names_are_not_speech(nlp):
    assert quoted(nlp, "The offensive, known as “Operation Olive Branch”, began in January.") == []


def test_one_word_a_speaker_said_is_speech(nlp):
    found = quoted(nlp, "Lavrov said the strikes were “unacceptable”.")
    assert found == [("unacceptable", "Sergei Lavrov", "Lavrov")]


def test_titled_speaker_is_the_named_person_with_the_title_state(nlp):
    doc = nlp("On Monday the Syrian government negotiator Bashar Jaafari told reporters it was "
              "“tantamount to a black comedy” that the talks went on.")
    [quote] = read_references(doc, mentions_in(doc)).quotes
    assert (quote.speaker.name, quote.speaker.cameo) == ("Bashar Jaafari", "SYRGOV")


def test_verb_after_the_quote_with_its_speaker_after_it(nlp):
    found = quoted(nlp, "“Mission accomplished!” tweeted Donald Trump, in an echo of an older speech.")
    assert [s for _, s, _ in found] == ["Donald Trump"]


def test_a_negated_speech_verb_after_a_quote_is_no_attribution(nlp):
    found = quoted(nlp, "Lavrov said the US was lying. “The deal is dead.” Trump has not commented.")
    assert [s for _, s, _ in found] == ["Sergei Lavrov"]
