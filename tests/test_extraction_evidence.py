"""What a name must show to become a party of an agreement: GeoNames towns that are also
words or people's names, names joined to a commune, places that only locate another.
All sentences are invented for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.aliases import Gazetteer
from assistant.extraction import extract
from assistant.extraction.rules import RuleExtractor
from assistant.settings import Settings

DATA = Path(__file__).resolve().parents[1] / "corpus" / "data"


@pytest.fixture(scope="module")
def env():
    return Settings(data_dir=DATA), Gazetteer.from_dir(DATA)


def partners(env, text: str) -> list[tuple[str | None, str]]:
    s, g = env
    got = extract("doc-test", text, {"title": "", "date": "2025-06-20"}, gazetteer=g, settings=s)
    return [(r.partner, r.partner_as_written) for r in got if r.kind != "no_agreement"]


def test_a_lowercase_word_is_not_a_geonames_town(env):
    _, g = env
    text = "Dakhla signed a cooperation agreement with Kaolack (Senegal) on the training of young fishers."
    assert any(e.id == "fishers-us" for e in g.find_places(text))  # the gazetteer alone reads the word
    assert [p for p, _ in partners(env, text)] == ["kaolack-sn"]


def test_a_name_after_a_patronymic_particle_is_a_person(env):
    fr = (
        "La commune de Dakhla a signé une convention de coopération avec la ville de Kaolack (Sénégal), "
        "représentée par Ahmed Ould El Khalil."
    )
    assert [p for p, _ in partners(env, fr)] == ["kaolack-sn"]
    ar = "وقعت جماعة الداخلة اتفاقية تعاون مع بلدية كاولاك السنغالية، ومثل البلدية أحمد ولد الخليل."
    assert [p for p, _ in partners(env, ar)] == ["kaolack-sn"]


def test_an_arabic_town_of_a_country_the_text_does_not_name_is_a_word_or_a_name(env):
    text = "وقعت جماعة الداخلة اتفاقية تعاون مع بلدية كاولاك السنغالية، بحضور عمدة كاولاك عبدولاي سانيا."
    assert [p for p, _ in partners(env, text)] == ["kaolack-sn"]


def test_country_adjectives_count_as_naming_the_country(env):
    s, g = env
    ex = RuleExtractor(g, s, DATA)
    assert {"SN", "MR", "ES"} <= ex._named_countries("بلدية سنغالية وجماعة موريتانية ومدينة الإسبانية")
    assert "MA" not in ex._named_countries("الجماعة المغربية")


def test_an_unknown_name_joins_a_commune_by_a_conjunction_not_by_a_comma(env):
    joined = partners(env, "Il gemellaggio tra Villanera e Amgala è stato firmato ieri.")
    assert [w for _, w in joined] == ["Villanera"]
    apposition = partners(
        env,
        "El alcalde de Tinajares y el presidente del consejo comunal de Amgala, Ahmed Ould Salem, "
        "firmaron el acta de hermanamiento.",
    )
    assert "Ahmed Ould Salem" not in [w for _, w in apposition]


def test_the_city_a_commune_belongs_to_locates_it(env):
    got = partners(
        env,
        "La commune de Dakhla a signé un protocole d'accord avec la commune de Marcory, "
        "l'une des communes du district autonome d'Abidjan, en Côte d'Ivoire.",
    )
    assert "abidjan-ci" not in [p for p, _ in got]
    assert any("Marcory" in w for _, w in got)


def test_a_preposition_fused_with_the_article_of_a_name(env):
    _, g = env
    spans = g.find_spans("Le maire du Havre a reçu la délégation.")
    assert [e.id for e, _, _ in spans if e.kind == "city"] == ["le-havre-fr"]
    assert not any(e.kind == "city" for e, _, _ in g.find_spans("Le maire du village a reçu la délégation."))
    got = partners(env, "La ville du Havre et la commune de Dakhla ont scellé hier un pacte d'amitié.")
    assert [p for p, _ in got] == ["le-havre-fr"]
