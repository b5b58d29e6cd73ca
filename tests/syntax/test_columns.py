"""syntax.columns: a Doc's token attributes read in one call each give what each Token gives."""

from __future__ import annotations

from tidings.syntax import columns


def test_columns_read_what_each_token_reads(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("Ukraine's President Zelensky met NATO officials in Brussels on Tuesday, aides said.\n\n"
              "“We won't give up,” he told them.")
    assert columns.texts(doc) == [t.text for t in doc]
    assert columns.lower_case(doc) == [t.lower_ for t in doc]
    assert columns.char_starts(doc) == [t.idx for t in doc]
    assert columns.head_indices(doc) == [t.head.i for t in doc]
    assert any(head < i for i, head in enumerate(columns.head_indices(doc)))  # heads before their word too


def test_columns_of_an_empty_doc_are_empty(nlp) -> None:  # type: ignore[no-untyped-def]
    doc = nlp("")
    assert columns.texts(doc) == columns.lower_case(doc) == columns.char_starts(doc) == columns.head_indices(doc) == []
