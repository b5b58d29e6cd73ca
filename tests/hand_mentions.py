"""A hand-made actor table and mention builder for stage tests that must not depend on the actor base."""

from __future__ import annotations

from tidings.types import Actor, ActorMention

# A small hand-made actor base: surface form → (kind, actor, gender, plural).
PEOPLE = {
    "Vladimir Putin": ("person", Actor("", "RUS", "GOV", name="Vladimir Putin", cameo="RUSGOV",
                                       role="President of Russia"), "male", False),
    "Putin": ("person", Actor("", "RUS", "GOV", name="Vladimir Putin", cameo="RUSGOV",
                              role="President of Russia"), "male", False),
    "Donald Trump": ("person", Actor("", "USA", "GOV", name="Donald Trump", cameo="USAGOV",
                                     role="President of the United States"), "male", False),
    "Trump": ("person", Actor("", "USA", "GOV", name="Donald Trump", cameo="USAGOV",
                              role="President of the United States"), "male", False),
    "Sergei Lavrov": ("person", Actor("", "RUS", "GOV", name="Sergei Lavrov", cameo="RUSGOV",
                                      role="Minister of Foreign Affairs of Russia"), "male", False),
    "Angela Merkel": ("person", Actor("", "DEU", "GOV", name="Angela Merkel", cameo="DEUGOV",
                                      role="Chancellor of Germany"), "female", False),
    "Russia": ("country", Actor("", "RUS", None, name="Russia", cameo="RUS"), None, False),
    "Turkey": ("country", Actor("", "TUR", None, name="Turkey", cameo="TUR"), None, False),
    "Iran": ("country", Actor("", "IRN", None, name="Iran", cameo="IRN"), None, False),
    "Russian": ("country", Actor("", "RUS", None, name="Russia", cameo="RUS"), None, False),
    "the SDF": ("group", Actor("", "SYR", "REB", name="Syrian Democratic Forces", cameo="SYRREB"), None, False),
    "Isis": ("group", Actor("", "IMG", "REB", name="Islamic State", cameo="IMGMOSISI"), None, False),
    "the president": ("agent", Actor("", None, "GOV", name="president", cameo="GOV"), None, False),
    "Lavrov": ("person", Actor("", "RUS", "GOV", name="Sergei Lavrov", cameo="RUSGOV",
                               role="Minister of Foreign Affairs of Russia"), "male", False),
    "the Kremlin": ("agent", Actor("", "RUS", "GOV", name="Russia (government)", cameo="RUSGOV"), None, False),
    "a US State Department official": ("agent", Actor("", "USA", "GOV", name="United States (government)",
                                                      cameo="USAGOV"), None, False),
    "the Syrian government negotiator": ("agent", Actor("", "SYR", "GOV", name="Syria (government)",
                                                        cameo="SYRGOV"), None, False),
    "US officials": ("agent", Actor("", "USA", "GOV", name="United States (government)", cameo="USAGOV"), None, True),
}


def mentions_in(doc, table=PEOPLE) -> list[ActorMention]:
    """Every occurrence of a table form in `doc`, longest forms first, as ActorMentions."""
    found: dict[int, ActorMention] = {}
    taken: set[int] = set()
    for form in sorted(table, key=len, reverse=True):
        kind, actor, gender, plural = table[form]
        at = doc.text.find(form)
        while at >= 0:
            span = doc.char_span(at, at + len(form))
            if span is not None and not taken & set(range(span.start, span.end)):
                taken |= set(range(span.start, span.end))
                entity = actor.name if kind != "agent" else None
                found[span.start] = ActorMention(span.start, span.end, span.root.i,
                                                 Actor(span.text, actor.country, actor.sector, actor.name,
                                                       actor.cameo, role=actor.role),
                                                 entity=entity, kind=kind, gender=gender, plural=plural)
            at = doc.text.find(form, at + 1)
    return [found[k] for k in sorted(found)]

