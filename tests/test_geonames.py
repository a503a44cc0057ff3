"""The world under the curated gazetteer: GeoNames cities and CLDR countries."""

from __future__ import annotations

import shutil
import time
from pathlib import Path

import pytest

from assistant import geonames
from assistant.aliases import Gazetteer

DATA = Path(__file__).resolve().parents[1] / "corpus" / "data"


@pytest.fixture(scope="module")
def g() -> Gazetteer:
    return Gazetteer.from_dir(DATA)


def ids(g: Gazetteer, text: str) -> list[str]:
    return [e.id for e in g.find_places(text)]


def test_a_city_no_curated_file_knows_is_found_in_any_script_with_its_country(g):
    for text in ("Guelmim et Kaolack ont signé", "the mayor of Kaolack", "وفد من مدينة كاولاك"):
        found = [e for e in g.find_places(text) if e.id.startswith("kaolack")]
        assert found, text
    kaolack = found[0]
    assert kaolack.kind == "city" and kaolack.data["country"] == "senegal"  # the curated country's id
    assert [e.id for e in g.related(kaolack)] == [kaolack.id, "senegal", "africa"]
    assert kaolack.data["lat"] and kaolack.data["lon"]  # on the map


def test_curated_names_win_and_gain_coordinates(g):
    assert ids(g, "الداخلة") == ["dakhla"]
    assert g.places["dakhla"].kind == "commune"
    assert ids(g, "Laâyoune et Tarifa") == ["laayoune", "tarifa-es"]
    assert g.places["tarifa-es"].data["country"] == "spain"


def test_ambiguous_names_follow_the_country_the_text_gives_then_population(g):
    assert ids(g, "la ville de Valencia au Venezuela")[0] == "valencia-ve"
    assert ids(g, "Valencia, en Espagne")[0] == "valencia-es"
    alone = g.find_places("Valencia")[0]
    same_name = [g.world.rows[i] for i in g.world.lookup("valencia")]
    assert alone.data["population"] == max(r[5] for r in same_name)


def test_ordinary_words_are_not_towns(g):
    # Latin: only capitalized; Arabic (no capitals): frequent words are dropped
    assert ids(g, "a nice day and a mobile phone") == []
    assert "nice-fr" in ids(g, "a nice day in Nice")
    assert ids(g, "التي وفي أما يشير إلى ذلك") == []
    # a glued preposition is not guessed for the world: بالتي is not ب + التي
    assert ids(g, "بالتي") == []


def test_a_city_frequent_in_arabic_as_that_city_keeps_its_arabic_name(g):
    # these Arabic spellings are frequent words because the cities are much written about, as
    # their Latin names are; a word frequent only in Arabic (كيف "how") stays dropped
    for text, city in (
        ("مرسيليا", "marseille-fr"),
        ("إشبيلية", "sevilla-es"),
        ("لشبونة", "lisbon-pt"),
        ("نابولي", "naples-it"),
        ("دبي", "dubai-ae"),
    ):
        assert ids(g, f"وفد من مدينة {text}") == [city], text
    assert ids(g, "كيف تم ذلك") == []


def test_a_darija_function_word_is_never_a_city(g):
    # كاين "there is" is also GeoNames' Arabic for Caen: a function word names no place
    assert ids(g, "واش كاين خط جوي مباشر بين باريس والعيون؟") == ["paris-fr", "laayoune"]


def test_countries_have_their_cldr_names_in_five_languages(g):
    spain = g.places["spain"]
    for name in ("España", "Espagne", "Spain", "Spagna", "إسبانيا"):
        assert ids(g, name) == ["spain"], name
    assert spain.name("fr") == "Espagne" and spain.data["region"] == "western_europe"
    assert g.places[ids(g, "Pologne")[0]].data["region"] == "eastern_europe"


def test_the_world_is_cached_and_a_broken_cache_is_rebuilt(tmp_path, monkeypatch):
    monkeypatch.setenv("ASSISTANT_CACHE_DIR", str(tmp_path))
    config = tmp_path / "gazetteer.yaml"
    shutil.copy(DATA / "gazetteer.yaml", config)
    geonames.load.cache_clear()
    try:
        built = geonames.load(str(config))
        (cached,) = tmp_path.glob("world-*.pickle")
        geonames.load.cache_clear()
        start = time.perf_counter()
        again = geonames.load(str(config))
        assert time.perf_counter() - start < 2.0  # unpickled, not rebuilt (a build takes ~10 s)
        assert again.names == built.names and len(again) == len(built)
        cached.write_bytes(b"not a pickle")
        geonames.load.cache_clear()
        assert len(geonames.load(str(config))) == len(built)
    finally:
        geonames.load.cache_clear()


def test_a_missing_config_means_no_world(tmp_path):
    assert geonames.load(str(tmp_path / "none.yaml")) is geonames.EMPTY
