"""Attributes: the token attributes spaCy's attribute ruler and lemmatizer set (POS, MORPH, LEMMA,
and the few TAG and DEP fixes), exactly as they set them, for a fraction of their time.

Both stock components are lookups that run as per-token Python: the ruler runs a Matcher of some
180 patterns over every token, and the rule lemmatizer walks every token. Here:

- `CompiledAttributeRuler` takes the model's own ruler patterns when the pipeline loads. A
  pattern token reads a few attributes of one token (its tag, lower-cased form, dependency,
  whether it is a space), so which pattern tokens a token satisfies, and what the one-token
  entries it matches assign once merged, is worked out once per distinct combination of those
  attributes and kept. A multi-token pattern ("ai n't", "gon na", "let 's") matches where a run of
  tokens satisfies its pattern tokens in order. spaCy applies all matches sorted by entry, so for
  each token and attribute the last matching entry wins, and so here. A pattern form it does not
  read exactly as spaCy's Matcher does (operators such as OP, comparisons, fuzzy matching,
  extension attributes) raises `UnsupportedPattern` when the ruler is built.
- `CachedLemmatizer` asks the model's own lemmatizer once per (form, part of speech, morphology),
  which is everything its rule and lookup modes read (`Lemmatizer.rule_lemmatize`,
  `EnglishLemmatizer.is_base_form`), and writes all lemmas of a Doc at once.

`install(language)` puts them in place of the model's components, under the same names.
"""

import re
from collections.abc import Callable, Iterable
from itertools import repeat
from typing import Any

import numpy
from spacy.attrs import DEP, IDS, LEMMA, MORPH, ORTH, POS, TAG
from spacy.lang.en.lemmatizer import EnglishLemmatizer
from spacy.language import Language
from spacy.lookups import Lookups, Table
from spacy.pipeline import AttributeRuler, Lemmatizer
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import normalize_token_attrs
from spacy.vocab import Vocab

COMPILED_RULER = "tidings_attribute_ruler"
CACHED_LEMMATIZER = "tidings_cached_lemmatizer"

#: token attributes a single-token pattern may read: the Matcher reads them as `Doc.to_array`
#: does (MORPH, ENT_IOB and SENT_START it reads in ways of its own, so they are left out)
READABLE = frozenset(IDS.values()) - {IDS["MORPH"], IDS["ENT_IOB"], IDS["SENT_START"], IDS["SPACY"], 0}
#: attributes the ruler may assign: fields of the token alone (spaCy writes the rest to the
#: lexeme too, which a Doc array cannot)
WRITABLE = (TAG, POS, MORPH, LEMMA, DEP)
#: the boolean lexeme flags (IS_SPACE, LIKE_NUM ...): a regular expression over them means nothing
FLAGS_BELOW = IDS["ID"]

#: lemmatizers whose result depends on the token's form, part of speech and morphology alone
CACHEABLE_LEMMATIZERS = (Lemmatizer, EnglishLemmatizer)
CACHEABLE_MODES = ("rule", "lookup")

#: a token's row (what its one-token patterns assign) takes the low bits of its packed key, the
#: multi-token pattern positions it can fill the rest
ROW_BITS = 24
ROW_MASK = numpy.uint64((1 << ROW_BITS) - 1)


class UnsupportedPattern(ValueError):
    """An attribute-ruler pattern in a form the compiled ruler does not read the way spaCy does."""


def _attribute(name: str | int) -> int:
    attr = name if isinstance(name, int) else IDS.get("ORTH" if name.upper() == "TEXT" else name.upper())
    if attr not in READABLE:
        raise UnsupportedPattern(f"pattern attribute {name!r}")
    return attr


def _value_id(value: object, vocab: Vocab) -> int:
    """A pattern's plain value as the Matcher compares it: a string by its id, a bool as 0/1."""
    if isinstance(value, str):
        return vocab.strings.add(value)  # type: ignore[no-any-return]
    if isinstance(value, (bool, int)):
        return int(value)
    raise UnsupportedPattern(f"pattern value {value!r}")


def _checks(attr: int, value: object, vocab: Vocab) -> list[tuple[str, Any]]:
    """One attribute's constraint in a pattern as (operator, operand) pairs, all of which must hold:
    ("==", id), ("IN", ids), ("NOT_IN", ids), ("REGEX", compiled)."""
    if not isinstance(value, dict):
        return [("==", _value_id(value, vocab))]
    checks: list[tuple[str, Any]] = []
    for operator, operand in value.items():
        operator = operator.upper()
        if operator in ("IN", "NOT_IN") and isinstance(operand, (list, tuple, set)):
            checks.append((operator, frozenset(get_string_id(item) for item in operand)))
        elif operator == "REGEX" and isinstance(operand, str) and attr >= FLAGS_BELOW:
            checks.append((operator, re.compile(operand)))
        else:
            raise UnsupportedPattern(f"predicate {operator!r}: {operand!r}")
    return checks


def _holds(operator: str, operand: Any, value: int, vocab: Vocab) -> bool:
    if operator == "==":
        return value == operand  # type: ignore[no-any-return]
    if operator == "IN":
        return value in operand
    if operator == "NOT_IN":
        return value not in operand
    return bool(operand.search(vocab.strings[value]))


class _Column:
    """One attribute the single-token patterns read: for each of its values, the bit set of the
    patterns whose constraint on it holds (patterns that do not constrain it always hold)."""

    def __init__(self, attr: int, vocab: Vocab) -> None:
        self.attr = attr
        self.vocab = vocab
        self.unconstrained = 0
        self.by_value: dict[int, int] = {}  # equality and IN constraints, indexed
        self.tested: list[tuple[int, list[tuple[str, Any]]]] = []  # the rest, tested per new value
        self.masks: dict[int, int] = {}

    def constrain(self, bit: int, checks: list[tuple[str, Any]]) -> None:
        if len(checks) == 1 and checks[0][0] in ("==", "IN"):
            operator, operand = checks[0]
            for value in (operand,) if operator == "==" else operand:
                self.by_value[value] = self.by_value.get(value, 0) | bit
        else:
            self.tested.append((bit, checks))

    def mask(self, value: int) -> int:
        found = self.masks.get(value)
        if found is None:
            found = self.unconstrained | self.by_value.get(value, 0)
            for bit, checks in self.tested:
                if all(_holds(operator, operand, value, self.vocab) for operator, operand in checks):
                    found |= bit
            self.masks[value] = found
        return found


class CompiledAttributeRuler:
    """spaCy's AttributeRuler over the same patterns, with matches looked up per distinct
    combination of the token attributes the patterns read (see the module's docstring)."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self._patterns: list[dict[str, Any]] = []
        self._compile()

    @property
    def patterns(self) -> list[dict[str, Any]]:
        """The entries as spaCy's ruler lists them: patterns, attrs, index."""
        return list(self._patterns)

    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, *,
                   nlp: Language | None = None, patterns: Iterable[dict[str, Any]] | None = None) -> None:
        """Set the patterns (spaCy's AttributeRuler.add_patterns format), dropping any before."""
        self._patterns = [{"patterns": entry["patterns"], "attrs": entry["attrs"], "index": entry.get("index", 0)}
                          for entry in patterns or ()]
        self._compile()

    def _compile(self) -> None:
        """Every token spec (a one-token pattern, or one position of a longer one) gets a bit; each
        column (attribute read) knows which specs each of its values satisfies."""
        self._assigned: list[dict[int, int]] = []  # entry → {attr: value}
        self._single_entries: dict[int, int] = {}  # bit of a one-token pattern → its entry
        self._spanning: list[tuple[int, int, list[int]]] = []  # (entry, index, spanning bit per position)
        specs: list[dict[int, list[tuple[str, Any]]]] = []
        spanning_bits: list[int] = []  # spanning bit number → spec bit number
        for entry, spec in enumerate(self._patterns):
            attrs = normalize_token_attrs(self.vocab, dict(spec["attrs"]))
            if set(attrs) - set(WRITABLE):
                raise UnsupportedPattern(f"entry {entry} assigns {spec['attrs']}: only TAG, POS, MORPH, "
                                         "LEMMA and DEP can be written")
            self._assigned.append(attrs)
            index = spec["index"]
            for pattern in spec["patterns"]:
                if not -len(pattern) <= index < len(pattern):
                    raise UnsupportedPattern(f"entry {entry}: index {index} outside its pattern {pattern}")
                positions = []
                for token_spec in pattern:
                    positions.append(len(spanning_bits))
                    spanning_bits.append(len(specs))
                    specs.append(self._spec_checks(token_spec))
                if len(pattern) == 1:
                    del spanning_bits[-1]
                    self._single_entries[len(specs) - 1] = entry
                else:
                    self._spanning.append((entry, index, positions))
        if len(spanning_bits) > 64 - ROW_BITS:
            raise UnsupportedPattern(f"{len(spanning_bits)} token specs in multi-token patterns")
        columns = {attr: _Column(attr, self.vocab) for checks in specs for attr in checks}
        for number, checks in enumerate(specs):
            for attr, column in columns.items():
                if attr in checks:
                    column.constrain(1 << number, checks[attr])
                else:
                    column.unconstrained |= 1 << number
        self._columns = list(columns.values())
        self._read = [column.attr for column in self._columns]
        self._write = sorted({attr for attrs in self._assigned for attr in attrs})
        self._all_specs = (1 << len(specs)) - 1
        self._single_mask = sum(1 << bit for bit in self._single_entries)
        self._spanning_bits = spanning_bits
        # a combination of read values → its row (what the one-token patterns matching it assign)
        # packed with the bits of the multi-token pattern positions it can fill
        self._keys: dict[tuple[int, ...], int] = _Missing(self._pack_key)
        self._rows: dict[int, int] = {}  # one-token patterns matching, as bits → row
        self._row_entries: list[list[int]] = []
        self._row_values: list[list[int]] = []
        self._row_set: list[list[bool]] = []
        self._values = numpy.zeros((0, len(self._write)), dtype="uint64")
        self._set = numpy.zeros((0, len(self._write)), dtype=bool)

    def _spec_checks(self, token_spec: dict[str | int, Any]) -> dict[int, list[tuple[str, Any]]]:
        checks: dict[int, list[tuple[str, Any]]] = {}
        for name, value in token_spec.items():
            attr = _attribute(name)
            checks.setdefault(attr, []).extend(_checks(attr, value, self.vocab))
        return checks

    def _pack_key(self, key: tuple[int, ...]) -> int:
        mask = self._all_specs
        for column, value in zip(self._columns, key):
            mask &= column.mask(value)
        singles = mask & self._single_mask
        row = self._rows.get(singles)
        if row is None:
            entries = sorted({entry for bit, entry in self._single_entries.items() if singles >> bit & 1})
            merged = self._merge(entries)
            row = self._rows[singles] = len(self._row_entries)
            self._row_entries.append(entries)
            self._row_values.append([merged.get(attr, 0) for attr in self._write])
            self._row_set.append([attr in merged for attr in self._write])
        spanning = sum(1 << number for number, bit in enumerate(self._spanning_bits) if mask >> bit & 1)
        return row | spanning << ROW_BITS

    def _merge(self, entries: Iterable[int]) -> dict[int, int]:
        merged: dict[int, int] = {}
        for entry in entries:
            merged.update(self._assigned[entry])
        return merged

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc) or not self._write:
            return doc
        if self._read:
            columns = doc.to_array(self._read).reshape(len(doc), len(self._read)).T.tolist()
            keys: Iterable[tuple[int, ...]] = zip(*columns)
        else:
            keys = repeat((), len(doc))
        packed = numpy.fromiter(map(self._keys.__getitem__, keys), dtype=numpy.uint64, count=len(doc))
        rows = (packed & ROW_MASK).astype(numpy.intp)
        if len(self._values) < len(self._row_values):
            self._values = numpy.array(self._row_values, dtype="uint64").reshape(-1, len(self._write))
            self._set = numpy.array(self._row_set, dtype=bool).reshape(-1, len(self._write))
        spanning = self._spanning_matches(packed >> numpy.uint64(ROW_BITS))
        assigned = self._set[rows]
        if not spanning and not assigned.any():
            return doc
        current = doc.to_array(self._write).reshape(len(doc), len(self._write))
        values = numpy.where(assigned, self._values[rows], current)
        for i, matches in spanning.items():
            # the token's one-token entries and the multi-token matches, in spaCy's order
            ordered = sorted([(entry, i) for entry in self._row_entries[rows[i]]] + matches)
            merged = self._merge(entry for entry, _ in ordered)
            values[i] = [merged.get(attr, value) for attr, value in zip(self._write, current[i].tolist())]
        doc.from_array(self._write, values)
        return doc

    def _spanning_matches(self, fills: numpy.ndarray) -> dict[int, list[tuple[int, int]]]:
        """Token → the (entry, start) of each multi-token match that assigns to it, from the bits
        of the pattern positions each token can fill."""
        found: dict[int, list[tuple[int, int]]] = {}
        if not self._spanning or not fills.any():
            return found
        for entry, index, positions in self._spanning:
            starts = len(fills) - len(positions) + 1
            if starts <= 0:
                continue
            fit = numpy.ones(starts, dtype=bool)
            for offset, number in enumerate(positions):
                fit &= (fills[offset:offset + starts] >> numpy.uint64(number) & numpy.uint64(1)).astype(bool)
            for start in numpy.flatnonzero(fit).tolist():
                token = start + index if index >= 0 else start + len(positions) + index
                found.setdefault(token, []).append((entry, start))
        return found


class _Missing(dict):  # type: ignore[type-arg]
    """A dict that fills a missing key from a function (so that a C-level map can look keys up)."""

    def __init__(self, fill: Callable[[Any], Any]) -> None:
        super().__init__()
        self.fill = fill

    def __missing__(self, key: Any) -> Any:
        value = self[key] = self.fill(key)
        return value


class CachedLemmatizer:
    """A spaCy Lemmatizer (rule or lookup mode) asked once per (form, POS, morphology)."""

    def __init__(self, lemmatizer: Lemmatizer) -> None:
        self.lemmatizer = lemmatizer
        self.lookups = lemmatizer.lookups
        self._lemmas: dict[tuple[int, int, int], int] = {}

    @property
    def mode(self) -> str:
        return self.lemmatizer.mode  # type: ignore[no-any-return]

    def initialize(self, get_examples: Callable[[], Iterable[Any]] | None = None, *,
                   nlp: Language | None = None, lookups: Lookups | None = None) -> None:
        """Set the lemmatizer's tables as spaCy's Lemmatizer.initialize does (`lookups` keeps
        them as given), forgetting the lemmas found."""
        self.lemmatizer.initialize(get_examples, nlp=nlp, lookups=lookups)
        self.lookups = self.lemmatizer.lookups
        self.lemmatizer.lookups = _indexed(self.lookups)
        self._lemmas = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([ORTH, POS, MORPH, LEMMA])
        lemmas = rows[:, 3]
        todo = range(len(doc)) if self.lemmatizer.overwrite else numpy.flatnonzero(lemmas == 0).tolist()
        if not len(todo):
            return doc
        known = self._lemmas
        missed = False
        for i, key in zip(todo, map(tuple, rows[todo, :3].tolist())):
            lemma = known.get(key)
            if lemma is None:
                # kept past any memory zone: the cache outlives the Doc the string came from
                lemma = known[key] = self.lemmatizer.vocab.strings.add(
                    self.lemmatizer.lemmatize(doc[i])[0], allow_transient=False)
                missed = True
            lemmas[i] = lemma
        if missed:
            self.lemmatizer.cache.clear()  # its own cache, keyed as this one: never asked twice
        doc.from_array([LEMMA], lemmas)
        return doc


def _indexed(lookups: Lookups) -> Lookups:
    """The same tables with each part of speech's lemma index as a set: the rule lemmatizer asks
    whether a form is in it, which a list of 57,000 nouns answers slowly and a set at once."""
    out = Lookups()
    for name in lookups.tables:
        table = lookups.get_table(name)
        if name == "lemma_index":
            table = Table(name, {key: frozenset(forms) for key, forms in table.items()})
        out.set_table(name, table)
    return out


# (no postponed annotations in this module: spaCy reads the factories' signatures at run time)
@Language.factory(COMPILED_RULER)
def make_compiled_ruler(nlp: Language, name: str) -> CompiledAttributeRuler:
    return CompiledAttributeRuler(nlp.vocab)


@Language.factory(CACHED_LEMMATIZER, assigns=["token.lemma"],
                  default_config={"mode": "rule", "overwrite": False})
def make_cached_lemmatizer(nlp: Language, name: str, mode: str, overwrite: bool) -> CachedLemmatizer:
    return CachedLemmatizer(nlp.create_pipe("lemmatizer", name=name, config={"mode": mode, "overwrite": overwrite}))


def install(language: Language) -> Language:
    """Put a compiled attribute ruler and a cached lemmatizer in place of the pipeline's own
    (same names, same places), holding the same patterns and tables. A lemmatizer of another kind
    or mode stays as it is; a ruler pattern the compiled ruler cannot read raises UnsupportedPattern."""
    for name, component in list(language.pipeline):
        if type(component) is AttributeRuler:
            patterns = component.patterns
            compiled = language.replace_pipe(name, COMPILED_RULER)
            compiled.initialize(patterns=patterns)
        elif type(component) in CACHEABLE_LEMMATIZERS and component.mode in CACHEABLE_MODES:
            cached = language.replace_pipe(name, CACHED_LEMMATIZER,
                                           config={"mode": component.mode, "overwrite": component.overwrite})
            if type(cached.lemmatizer) is not type(component):
                raise TypeError(f"{name}: the language makes a {type(cached.lemmatizer).__name__}, "
                                f"the model held a {type(component).__name__}")
            cached.initialize(lookups=component.lookups)
    return language
