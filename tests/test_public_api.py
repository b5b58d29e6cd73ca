"""The public surface: what `import tidings` promises."""

import tidings


def test_every_exported_name_resolves():
    for name in tidings.__all__:
        assert getattr(tidings, name) is not None, name


def test_the_exported_surface_is_the_documented_one():
    assert set(tidings.__all__) == {
        "Actor", "ArticleMeta", "CodedArticle", "DataError", "DateMention", "Event", "InputError",
        "Place", "Quote", "Span", "TidingsError", "code", "code_many", "resolve",
    }


def test_resolve_is_the_actor_stage_resolver():
    result = tidings.resolve("the Kremlin")
    assert result.resolved and result.country == "RUS"
