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


def test_an_arabic_locality_word_is_followed_by_its_name_not_by_the_sentence(env):
    # with the article the word is "the commune" itself; after a comma no name follows it
    text = "وقعت جماعة بوجدور اتفاقية تعاون مع بلدية روسو، وذلك بمقر الجماعة، بحضور منتخبين من الجانبين."
    assert [w for _, w in partners(env, text)] == ["روسو"]
    # an adjective is no name: "a territorial commune of Mauritania"
    text = "وتعد هذه أول اتفاقية تبرمها جماعة بوجدور مع جماعة ترابية موريتانية."
    assert partners(env, text) == []


def test_an_arabic_name_ends_at_a_country_adjective_and_at_a_name_read_before(env):
    text = "وقعت جماعة أسا اتفاقية توأمة مع بلدية تيشيت الموريتانية خلال شهر مارس."
    assert [w for _, w in partners(env, text)] == ["تيشيت"]
    text = (
        "وقعت جماعة أسا وبلدية تيشيت اتفاقية توأمة.\n\n"
        "(صورة: رئيس جماعة أسا وعمدة تيشيت محمد سالم يتبادلان نسختي الاتفاقية عقب التوقيع)"
    )
    assert [w for _, w in partners(env, text)] == ["تيشيت"]


def test_the_head_of_a_municipality_names_its_locality(env):
    text = (
        "El alcalde de Castrovejo del Monte, Juan Pérez, y el presidente del consejo comunal de Amgala "
        "firmaron ayer el acta de hermanamiento."
    )
    assert [w for _, w in partners(env, text)] == ["Castrovejo del Monte"]


def test_an_intention_to_sign_is_an_announcement(env):
    s, g = env
    text = "وأفاد رئيس المجلس بأن جماعة أسا تعتزم توقيع اتفاقية توأمة مع بلدية تيشيت الموريتانية."
    got = extract("doc-test", text, {"title": "", "date": "2025-06-20"}, gazetteer=g, settings=s)
    assert [(r.partner_as_written, r.kind) for r in got] == [("تيشيت", "announcement")]


def test_an_unknown_name_is_resolved_in_the_countries_the_document_names(env):
    text = (
        "وقعت جماعة الداخلة وبلدية كاولاك السنغالية اتفاقية توأمة.\n\n"
        "ووقع الاتفاقية عن الجانب المغربي رئيس جماعة الداخلة، وعن الجانب الآخر عمدة مدينة كاولاك."
    )
    assert {p for p, _ in partners(env, text)} == {"kaolack-sn"}


def test_a_place_of_that_very_name_comes_before_a_namesake_spelling(env):
    _, g = env
    rows = [g.world.rows[r][0] for r in g.world.lookup("villanueva")]
    assert rows[0] == "tallahassee-us"  # the most populous place with that spelling is a namesake
    assert [e.id for e, _, _ in g.find_spans("El alcalde de Villanueva firmó")][0].startswith("villanueva-")


def test_the_place_where_an_instrument_was_signed_is_not_a_party(env):
    es = "La carta de intenciones que el Cabildo de Castrovejo y el Consejo Provincial de Tarfaya firmaron en Madrid."
    assert [w for _, w in partners(env, es)] == ["Castrovejo"]
    fr = "La commune de Dakhla et la ville de Kaolack ont signé à Paris une convention de coopération."
    assert [p for p, _ in partners(env, fr)] == ["kaolack-sn"]
    # alone, the place after "in" is still read as the partner ("twinned in 2019 with ...")
    alone = partners(env, "Dakhla signed a cooperation agreement in Kaolack (Senegal) last week.")
    assert [p for p, _ in alone] == ["kaolack-sn"]


def test_a_date_without_its_year_takes_the_documents(env):
    from assistant.extraction.dates import find_dates
    from assistant.extraction.rules import load_cues

    cues = load_cues(str(DATA / "extraction.yaml"))

    def iso(text: str, doc_date: str) -> list[str]:
        return [d.iso for d in find_dates(text, cues.months, doc_date, cues.relative)]

    assert iso("la convention signée le 14 janvier dernier", "2026-03-02") == ["2026-01-14"]
    assert iso("el acta suscrita el pasado 20 de diciembre", "2026-01-10") == ["2025-12-20"]
    assert iso("الاتفاقية المرتقبة خلال شهر أبريل المقبل", "2026-02-09") == ["2026-04"]
    assert iso("the letter signed in October", "2025-12-01") == ["2025-10"]
    assert iso("le 14 janvier", None) == []  # no document date, no year to give


def test_the_date_next_to_the_signing_is_the_records(env):
    text = (
        "Le Courrier du Sud – Dakhla – lundi 16 mars 2026 – Jean Martin. C'est à Dakhla que la commune "
        "de Dakhla et la ville de Kaolack (Sénégal) ont signé le 3 mars dernier une convention de coopération."
    )
    s, g = env
    got = extract("doc-test", text, {"title": "", "date": "2026-03-16"}, gazetteer=g, settings=s)
    assert [(r.partner, r.date) for r in got] == [("kaolack-sn", "2026-03-03")]


def test_a_renewal_names_the_instrument_it_renews(env):
    s, g = env
    text = (
        "Dakhla – Kaolack (Senegal): renewal, on 5 May 2025, of the twinning first signed in June 2015, "
        "for five more years."
    )
    got = extract("doc-test", text, {"title": "", "date": "2025-06-20"}, gazetteer=g, settings=s)
    assert sorted((r.partner, r.kind, r.date) for r in got) == [
        ("kaolack-sn", "renewal", "2025-05-05"),
        ("kaolack-sn", "twinning", "2015-06"),
    ]
    # a renewal that does not say when the first instrument was signed is one record
    text = "Dakhla and Kaolack (Senegal) renewed their twinning on 5 May 2025."
    got = extract("doc-test", text, {"title": "", "date": "2025-06-20"}, gazetteer=g, settings=s)
    assert [(r.kind, r.date) for r in got] == [("renewal", "2025-05-05")]


def test_an_unknown_partner_takes_the_country_named_next_to_it(env):
    s, g = env

    def countries(text: str) -> list[tuple[str, str | None]]:
        got = extract("doc-test", text, {"title": "", "date": "2025-06-20"}, gazetteer=g, settings=s)
        return [(r.partner_as_written, r.country) for r in got if r.kind != "no_agreement"]

    listed = "Funded by Spain: Dakhla – Bazdorf (Germany), cooperation agreement signed on 2 May 2025."
    assert countries(listed) == [("Bazdorf", "germany")]
    # an Arabic country adjective in the sentence
    assert countries("وقعت جماعة أسا اتفاقية توأمة مع بلدية تيشيت الموريتانية.") == [("تيشيت", "mauritania")]


def test_a_name_right_after_a_title_signs(env):
    s, g = env
    text = (
        "È stato firmato ieri il patto di amicizia tra la città di Kaolack (Senegal) e Dakhla. "
        "A firmare sono stati il sindaco Mario Bianchi e Ahmed Ould Salem, primo vicepresidente del "
        "consiglio comunale di Dakhla."
    )
    got = extract("doc-test", text, {"title": "", "date": "2025-06-20"}, gazetteer=g, settings=s)
    assert [r.partner for r in got] == ["kaolack-sn"]
    assert {x.name for x in got[0].signatories} == {"Mario Bianchi", "Ahmed Ould Salem"}


def test_the_councils_approval_of_an_instrument_just_recorded(env):
    s, g = env
    text = (
        "La commune de Dakhla et la ville de Kaolack (Sénégal) ont signé le 10 mars une convention de coopération. "
        "Côté marocain, le texte avait été signé après son approbation par le conseil lors de sa session du 4 février."
    )
    got = extract("doc-test", text, {"title": "", "date": "2025-03-20"}, gazetteer=g, settings=s)
    assert sorted((r.partner, r.kind, r.date) for r in got) == [
        ("kaolack-sn", "cooperation", "2025-03-10"),
        ("kaolack-sn", "council_approval", "2025-02-04"),
    ]
    # a draft approved is the approval alone, not an approval of what came before
    text = (
        "La commune de Dakhla et la ville de Kaolack (Sénégal) ont signé le 10 mars une convention de coopération. "
        "Le conseil a aussi approuvé le 12 mars un projet de convention avec la ville de Thiès."
    )
    got = extract("doc-test", text, {"title": "", "date": "2025-03-20"}, gazetteer=g, settings=s)
    assert ("kaolack-sn", "council_approval") not in {(r.partner, r.kind) for r in got}


def _signed(env, text: str) -> list[tuple[str, str | None]]:
    s, g = env
    got = extract("doc-test", text, {"title": "", "date": "2025-06-20"}, gazetteer=g, settings=s)
    rows = [r for r in got if r.kind != "no_agreement"]
    assert rows, got
    return sorted((x.name, x.side) for x in rows[0].signatories)


def test_two_parties_in_apposition_each_keep_their_own_role(env):
    # "name, role, and name, role": the second name is the second role's, not the first's
    ar = (
        "وقعت جماعة الداخلة وبلدية كاولاك السنغالية اتفاقية تعاون. ووقع الوثيقة كل من أحمد ولد سالم، "
        "رئيس المجلس الجماعي للداخلة، وعمر جالو، عمدة كاولاك، بحضور منتخبين."
    )
    assert _signed(env, ar) == [("أحمد ولد سالم", "commune"), ("عمر جالو", "partner")]
    # "role, name, and role, name", with the conjunction on the second role
    ar = (
        "وقع رئيس المجلس الجماعي للداخلة، أحمد ولد سالم، وعمدة كاولاك السنغالية، عمر جالو، اتفاقية تعاون بين الجماعتين."
    )
    assert _signed(env, ar) == [("أحمد ولد سالم", "commune"), ("عمر جالو", "partner")]


def test_a_capitalised_particle_and_an_initial_stay_in_the_name(env):
    fr = (
        "Dakhla et Kaolack (Sénégal) ont signé une convention de coopération. Le maire de Kaolack, "
        "Yves Le Goff, et le vice-président du conseil communal de Dakhla, Ahmed Ould Salem, ont signé le texte."
    )
    assert _signed(env, fr) == [("Ahmed Ould Salem", "commune"), ("Yves Le Goff", "partner")]
    en = (
        "Dakhla signed a memorandum of understanding with Kaolack (Senegal). It was signed by Kaolack's "
        "mayor, Awa B. Ndiaye, and by Ahmed Ould Salem, vice-president of the Dakhla communal council."
    )
    assert [n for n, _ in _signed(env, en)] == ["Ahmed Ould Salem", "Awa B. Ndiaye"]


def test_an_arabic_role_without_comma_and_what_is_not_a_name(env):
    # no comma: the role's place, then the name, up to the next role
    ar = (
        "وقعت جماعة الداخلة اتفاقية توأمة مع بلدية كاولاك السنغالية. "
        "(صورة: رئيس جماعة الداخلة أحمد ولد سالم وعمدة كاولاك عمر جالو يتبادلان نسختي الاتفاقية)"
    )
    assert ("أحمد ولد سالم", "commune") in _signed(env, ar)
    # a relative clause and a prepositional phrase after a role are not names
    ar = (
        "وقعت جماعة الداخلة اتفاقية تعاون مع بلدية كاولاك السنغالية، ومثل كاولاك عمر جالو، عمدة كاولاك، "
        "الذي حل بالمدينة على رأس وفد. وقال، في كلمة بالمناسبة، عمدة كاولاك إن المدينتين تتقاسمان الكثير."
    )
    names = [n for n, _ in _signed(env, ar)]
    assert "عمر جالو" in names
    assert not any(n.startswith(("الذي", "كلمة")) for n in names), names
