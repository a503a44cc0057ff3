"""The agreements registry: sourced data, exact answers, discrepancies as data."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil

import pytest

from assistant.aliases import Gazetteer
from assistant.answering.registry_answer import RegistryAnswerer, Route, route
from assistant.arabic import normalize_spaces
from assistant.registry import Filters, Registry, RegistryError, UnknownFilter, to_rows, write_xlsx
from conftest import DATA_DIR, NEWS_FILE, NEWS_ID, STUDY_FILE, STUDY_ID

DOCS = {
    STUDY_ID: STUDY_FILE.read_text(encoding="utf-8").split("\n"),
    NEWS_ID: NEWS_FILE.read_text(encoding="utf-8").split("\n"),
}


@pytest.fixture(scope="module")
def registry():
    return Registry(DATA_DIR, Gazetteer.from_dir(DATA_DIR))


def in_lines(doc: str, lines, quote: str) -> bool:
    text = "\n".join(DOCS[doc][lines[0] - 1 : lines[1]])
    return quote in text


# -- the data ------------------------------------------------------------------------------


def test_every_agreement_quote_is_verbatim_in_its_lines(registry):
    for a in registry.agreements:
        for s in a.sources:
            assert in_lines(s.doc, s.lines, s.quote), (a.id, s)


def test_every_reference_number_resolves_to_the_studys_reference_list(registry):
    for a in registry.agreements:
        for s in a.sources:
            if s.reference is not None:
                ref = registry.references[s.reference]
                assert DOCS[STUDY_ID][ref.line - 1].lstrip().startswith(f"{ref.number}."), ref


def test_every_discrepancy_side_is_quoted_verbatim_and_names_known_agreements(registry):
    ids = {a.id for a in registry.agreements}
    assert len(registry.discrepancies) >= 20
    for d in registry.discrepancies:
        assert set(d.agreements) <= ids, d.id
        assert {"en", "fr", "ar"} <= set(d.summary), d.id
        for side in d.sides:
            assert in_lines(side.doc, side.lines, side.quote), (d.id, side)


def _arabic(text: str) -> bool:
    return bool(re.search(r"[\u0600-\u06ff]", text))


def test_every_theme_in_agreements_yaml_has_arabic_french_and_english_names(registry):
    used = {t for a in registry.agreements for t in a.themes}
    header = (DATA_DIR / "agreements.yaml").read_text(encoding="utf-8").split("fixed vocabulary:", 1)[1]
    vocabulary = set(re.findall(r"[a-z_]+", header.split("(general_cooperation =", 1)[0].replace("#", "")))
    assert used and used <= vocabulary == set(registry.themes)
    for lang in ("ar", "fr", "en"):
        names = [registry.theme_name(t, lang) for t in sorted(vocabulary)]
        assert len(set(names)) == len(names), lang  # no two themes share a name
        for tag, name in zip(sorted(vocabulary), names):
            assert name and "_" not in name and _arabic(name) == (lang == "ar"), (tag, lang, name)
    assert registry.theme_name("renewable_energy", "fr") == "Énergies renouvelables"
    assert registry.theme_name("not_a_theme", "en") == "not a theme"


def test_a_theme_without_names_is_a_clear_registry_error(tmp_path):
    for name in ("agreements.yaml", "discrepancies.yaml", "references.yaml"):
        shutil.copy(DATA_DIR / name, tmp_path / name)
    text = (DATA_DIR / "themes.yaml").read_text(encoding="utf-8")
    (tmp_path / "themes.yaml").write_text(re.sub(r"- id: tourism\n(  .*\n)+", "", text), encoding="utf-8")
    with pytest.raises(RegistryError, match=r"themes\.yaml: no names for the theme\(s\) tourism used in agreements"):
        Registry(tmp_path, Gazetteer.from_dir(DATA_DIR))


def test_table_1_has_18_rows_and_the_article_10_agreements(registry):
    study = registry.filter(doc=STUDY_ID)
    article = [a for a in registry.filter(doc=NEWS_ID) if a.status != "announced"]
    assert len(study) == 18 and len(article) == 10
    by_commune = {c: len(registry.filter(commune=c, doc=STUDY_ID)) for c in registry.known("commune")}
    assert by_commune == {"dakhla": 8, "laayoune": 6, "smara": 2, "boujdour": 2, "amgala": 0}


def test_computed_counts_agree_with_the_study_wherever_it_is_self_consistent(registry):
    discrepancy_quotes = {normalize_spaces(s.quote) for d in registry.discrepancies for s in d.sides}
    for check in registry.checks:
        if check.consistent:
            assert check.stated == check.computed, check.id
        else:  # every place it is not is in the discrepancy data
            assert normalize_spaces(check.quote) in discrepancy_quotes, check.id
    stats = registry.stats()
    assert stats["country"]["italy"]["ismaili-2025"] == 6
    assert stats["country"]["usa"]["ismaili-2025"] == 4
    assert stats["continent"]["western_europe"]["ismaili-2025"] == 10
    assert stats["by_document"] == {STUDY_ID: 18, NEWS_ID: 10}


def test_unknown_filters_get_suggestions_and_the_known_values(registry):
    with pytest.raises(UnknownFilter) as err:
        registry.filter(commune="Dakla")
    assert err.value.suggestions == ["dakhla"] and "laayoune" in str(err.value)
    with pytest.raises(UnknownFilter) as err:
        registry.filter(country="Itly")
    assert "italy" in err.value.suggestions
    assert [a.partner for a in registry.filter(country="النيجر")] == ["niamey", "agadez"]
    assert len(registry.filter(commune="Laâyoune")) == 6


# -- routing and exact answers -------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "question, expected, scope",
    [
        ("Avec quelles villes Dakhla est-elle jumelée ?", Filters(commune="dakhla"), None),
        ("combien d'accords avec des villes italiennes ?", Filters(country="italy"), None),
        ("Which agreements were signed in 2024?", Filters(year=2024), None),
        ("Who is Smara twinned with in Niger?", Filters(commune="smara", country="niger"), None),
        (
            "ما هي المدن الأجنبية التي ترتبط مع العيون باتفاقيات توأمة حسب الدراسة؟",
            Filters(commune="laayoune"),
            [STUDY_ID],
        ),
    ],
)
def test_list_count_filter_and_date_questions_are_routed_to_the_registry(
    corpus_assistant, registry, question, expected, scope
):
    r = route(corpus_assistant.analyse(question), registry)
    assert r is not None and r.filters == expected and r.scope == scope


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "Que recommande l'étude en matière de formation du personnel ?",
        "Quelle commission du conseil communal de Dakhla s'occupe de la coopération, et combien de membres compte-t-elle ?",
        "Combien d'accords de villes jumelles Sister Cities International recensait-elle dans le monde en 2024 ?",
        "Qui est le président du conseil communal de Dakhla ?",
    ],
)
def test_other_questions_keep_using_passages(corpus_assistant, registry, question):
    assert route(corpus_assistant.analyse(question), registry) is None


@pytest.mark.slow
def test_a_list_answer_cites_every_item_and_uses_the_askers_script(corpus_assistant):
    fr = corpus_assistant.ask("Avec quelles villes Dakhla est-elle jumelée ?")
    items = [line for line in fr.answer.split("\n") if line.startswith("- ") and "Dakhla" in line]
    assert len(items) == 8 and all("[" in line for line in items)
    assert "Vibo Valentia" in fr.answer and "Great Neck" in fr.answer
    ar = corpus_assistant.ask("مع أي مدن ترتبط الداخلة باتفاقيات توأمة؟")
    assert "فيبو فالنسيا" in ar.answer and "Vibo" not in ar.answer
    assert fr.extra["route"] == "registry"


@pytest.mark.slow
def test_counts_say_which_source_and_date_and_give_the_combined_figure(corpus_assistant):
    ans = corpus_assistant.ask(
        "How many twinning agreements are there in all, counting the study and the "
        "agreements signed on 31 October 2025?"
    )
    lead = ans.answer.split("\n")[0]
    assert "18" in lead and "10" in lead and "28" in lead
    assert "the study by H. Ismaili (2025)" in lead and "article of 31 October 2025" in lead


@pytest.mark.slow
def test_answers_touching_an_affected_agreement_mention_the_discrepancy(corpus_assistant):
    ans = corpus_assistant.ask("Combien d'accords de jumelage Dakhla a-t-elle selon l'étude ?")
    assert "9" in ans.answer and "8" in ans.answer.split("\n")[0]
    assert any("9" in n and "8" in n for n in ans.notices)
    ids = {d["id"] for d in ans.extra["discrepancies"]}
    assert {"per-commune-counts", "creil-listed-twice"} <= ids


@pytest.mark.slow
def test_every_substantive_discrepancy_reaches_an_answer_about_its_agreement(corpus_assistant, registry):
    answerer = RegistryAnswerer(registry)
    keyword = corpus_assistant.retriever.keyword
    for d in registry.discrepancies:
        if not d.agreements:
            continue
        a = next(x for x in registry.agreements if x.id == d.agreements[0])
        filters = Filters(partner=a.partner) if a.partner else Filters(country=a.country, status=a.status)
        ans = answerer.answer("?", "en", Route(filters), keyword, {}, [])
        assert d.id in {x["id"] for x in ans.extra["discrepancies"]} or d.kind not in {
            "count_mismatch",
            "duplicate_partner",
            "commune_mismatch",
            "date_mismatch",
            "status_mismatch",
            "coverage",
            "name_mismatch",
        }, d.id
        assert d.id in to_rows(registry, [a])[0]["discrepancies"]


@pytest.mark.slow
def test_a_commune_without_agreements_in_the_corpus_is_declined(corpus_assistant):
    ans = corpus_assistant.ask("Which foreign cities is Tan-Tan twinned with?")
    assert ans.abstained and "Tan-Tan" in ans.answer


# -- the agreements command -----------------------------------------------------------------------


@pytest.mark.slow
def test_agreements_command_formats(run_cli, tmp_path):
    index = tmp_path / "unused-index"
    out = run_cli("agreements", "--country", "Italie", "--format", "json", index_dir=index)
    assert out.returncode == 0, out.stderr
    rows = json.loads(out.stdout)
    assert len(rows) == 6 and all(r["source"].startswith("ismaili-2025, lines") for r in rows)
    out = run_cli("agreements", "--commune", "السمارة", "--format", "csv", index_dir=index)
    table = list(csv.DictReader(io.StringIO(out.stdout)))
    assert len(table) == 9 and {"source", "discrepancies"} <= set(table[0])
    xlsx = tmp_path / "a.xlsx"
    out = run_cli("agreements", "--format", "xlsx", "--output", str(xlsx), index_dir=index)
    from openpyxl import load_workbook

    ws = load_workbook(xlsx).active
    assert ws.max_row == 31 and ws["A1"].value == "id"
    out = run_cli("agreements", "--commune", "Dakla", index_dir=index)
    assert out.returncode == 2 and "Did you mean: dakhla" in out.stderr and "Traceback" not in out.stderr
    out = run_cli("agreements", "--stats", index_dir=index)
    assert out.returncode == 0 and "DIFFERS" in out.stdout and "smara" in out.stdout


def test_xlsx_export_right_aligns_arabic(registry, tmp_path):
    path = tmp_path / "x.xlsx"
    write_xlsx(to_rows(registry, registry.filter(commune="smara")), path)
    from openpyxl import load_workbook

    ws = load_workbook(path).active
    cells = [
        c
        for row in ws.iter_rows(min_row=2)
        for c in row
        if c.value and "السمارة" in str(c.value) or (c.value and "بازاس" in str(c.value))
    ]
    assert cells and all(c.alignment.horizontal == "right" for c in cells)


def test_discrepancies_rank_by_substance_and_automatic_ones_count():
    from assistant.answering.registry_answer import substance

    assert substance("date (found automatically)") == substance("date_mismatch") < substance("coverage")
    assert substance("commune_mismatch") < substance("count_mismatch")
    assert substance("name_mismatch") == max(substance(k) for k in ("coverage", "date_mismatch", "name_mismatch"))
    assert substance("typo") is None  # the answer line shows the spelling already


def test_a_date_resolved_from_a_relative_one_shows_both(registry):
    """ "Saturday, the day before yesterday" is what the source states; "which day" asks the day it
    resolves to against the document's date: a row gives both, in the asker's language."""
    a = registry.agreements[0].model_copy(
        update={"date": "2026-03-07", "date_precision": "approximate", "date_as_written": "samedi dernier"}
    )
    answerer = RegistryAnswerer(registry)
    assert "samedi dernier (vers le 7 mars 2026)" in answerer._item(a, "fr")
    assert "samedi dernier (about 7 March 2026)" in answerer._item(a, "en")
    exact = a.model_copy(update={"date_precision": "day"})
    assert "samedi" not in answerer._item(exact, "fr") and "7 mars 2026" in answerer._item(exact, "fr")


def _approved_draft(registry, **dated):
    """A fixture council's minutes approving a draft with Kayes (no signature), as one extracted
    row on top of the curated ones, with the keyword index of its one line."""
    from assistant.retrieval import KeywordIndex
    from assistant.store import StoredChunk

    quote = "Le conseil a approuvé le projet de convention de coopération avec la commune de Kayes."
    row = {
        "doc": "minutes-z",
        "commune": "tarfaya",
        "partner": "kayes-ml",
        "partner_as_written": "Kayes",
        "country": "mali",
        "kind": "council_approval",
        "mentions": [{"lines": [3, 3], "quote": quote}],
        **dated,
    }
    reg = Registry(DATA_DIR, registry.gazetteer, extracted=[row])
    meta = {"doc_id": "minutes-z", "line_start": 3, "line_end": 3, "ordinal": 0, "version": "minutes-z:1"}
    return reg, KeywordIndex.build([StoredChunk("minutes-z:0", quote, quote, meta)])


def test_a_yes_no_question_on_an_approved_draft_says_not_yet_and_counts_it_apart(registry):
    reg, keyword = _approved_draft(registry, date="2026-02", date_precision="month")
    answerer = RegistryAnswerer(reg)
    ans = answerer.answer("?", "en", Route(Filters(partner="kayes-ml"), intent="yes_no"), keyword, {}, [])
    first = ans.answer.split("\n")[0]
    assert first.startswith("Not yet") and "1 in" in first, first
    assert "approved by the council, not yet signed" in ans.answer
    signed = next(a for a in reg.agreements if a.status == "signed" and a.partner)
    ans = answerer.answer("?", "fr", Route(Filters(partner=signed.partner), intent="yes_no"), keyword, {}, [])
    assert ans.answer.startswith("Oui.")
    # an approval is no signature: the registry's figures leave it out
    assert reg.stats()["total"] == registry.stats()["total"] and reg.stats()["approved"] == 1


def test_a_when_question_on_rows_with_no_date_abstains_and_says_what_is_known(registry):
    """ "When will Tarfaya sign with Kayes?" about a draft the council approved with no date:
    no row answers when, so the answer abstains (definitively: the passages would offer the
    session's date instead) while still quoting the row; a dated row answers as before."""
    reg, keyword = _approved_draft(registry, date=None)
    answerer = RegistryAnswerer(reg)
    for lang, lead in (("en", "The documents give no date"), ("fr", "Les documents ne donnent pas de date")):
        ans = answerer.answer("?", lang, Route(Filters(partner="kayes-ml"), intent="date"), keyword, {}, [])
        assert ans.abstained and ans.extra["definitive"] and ans.answer.startswith(lead), ans.answer
        assert ans.citations and ans.citations[0].doc == "minutes-z"
    dated = next(a for a in reg.agreements if a.date and a.partner)
    ans = answerer.answer("?", "en", Route(Filters(partner=dated.partner), intent="date"), keyword, {}, [])
    assert not ans.abstained


def _two_reports(registry):
    """Fixture: one Tarfaya–Kayes twinning told by an Arabic article (its own spelling, "yesterday")
    and a French one (the day written out), and a Tarfaya–Lorient renewal whose article also dates
    the convention it renews; with the keyword index of their lines."""
    from assistant.retrieval import KeywordIndex
    from assistant.store import StoredChunk

    ar = "وقعت جماعة طرفاية أمس اتفاقية توأمة مع بلدية كاييس المالية."
    fr = "Tarfaya et Kayes (Mali) ont signé le jeudi 14 mai 2026 un accord de jumelage."
    renewal = "Lorient et Tarfaya ont renouvelé le 6 mai 2026 la convention de coopération conclue en juin 2023."
    kayes = {"commune": "tarfaya", "kind": "twinning", "partner": "kayes-ml", "country": "mali", "continent": "africa"}
    kayes["date"] = "2026-05-14"
    lorient = {"doc": "news-fr-y", "commune": "tarfaya", "partner": "lorient-fr", "partner_as_written": "Lorient"}
    lorient.update(country="france", continent="western_europe", mentions=[{"lines": [4, 4], "quote": renewal}])
    rows = [
        {
            **kayes,
            "doc": "news-ar-z",
            "partner_as_written": "كاييس",
            "date_precision": "approximate",
            "date_as_written": "أمس",
            "mentions": [{"lines": [2, 2], "quote": ar}],
        },
        {**kayes, "doc": "news-fr-z", "partner_as_written": "Kayes", "date_precision": "day"},
        {**lorient, "kind": "renewal", "date": "2026-05-06", "date_precision": "day"},
        {**lorient, "kind": "cooperation", "date": "2023-06", "date_precision": "month"},
    ]
    rows[1]["mentions"] = [{"lines": [5, 5], "quote": fr}]
    reg = Registry(DATA_DIR, registry.gazetteer, extracted=rows)
    chunks = [
        StoredChunk(f"{doc}:0", text, text, {"doc_id": doc, "line_start": n, "line_end": n, "ordinal": 0})
        for doc, text, n in (("news-ar-z", ar, 2), ("news-fr-z", fr, 5), ("news-fr-y", renewal, 4))
    ]
    return reg, KeywordIndex.build(chunks)


def test_a_row_two_documents_report_is_cited_to_both_and_survives_validation(registry):
    from assistant.answering.citations import validate

    reg, keyword = _two_reports(registry)
    kayes = next(a for a in reg.agreements if a.partner == "kayes-ml" and a.commune == "tarfaya")
    assert {s.doc for s in kayes.sources} == {"news-ar-z", "news-fr-z"}
    ans = RegistryAnswerer(reg).answer("?", "fr", Route(Filters(partner="kayes-ml"), intent="list"), keyword, {}, [])
    line = next(x for x in ans.answer.split("\n") if "Kayes" in x)
    # the Arabic spelling and "yesterday" from one article, the day from the other: both cited
    cited = {c.doc for c in ans.citations if f"[{c.n}]" in line}
    assert cited == {"news-ar-z", "news-fr-z"}, line
    check = validate(ans.answer, [c.quote for c in ans.citations], reg.gazetteer)
    assert not check.dropped, [s.problems for s in check.sentences if s.problems]


def test_a_renewal_and_the_convention_it_renews_are_not_a_date_discrepancy(registry):
    reg, _ = _two_reports(registry)
    lorient = [a for a in reg.agreements if a.partner == "lorient-fr" and a.commune == "tarfaya"]
    assert lorient
    assert not [d for d in reg.discrepancies_for(lorient) if d.kind.startswith("date")]


def test_a_continent_selects_the_regions_within_it_and_a_negated_one_excludes_them(registry):
    from assistant.analysis import QuestionAnalyzer, load_cues

    reg, _ = _two_reports(registry)
    analyser = QuestionAnalyzer(
        reg.gazetteer, load_cues(str(DATA_DIR / "cues.yaml")), continents=reg.known("continent")
    )
    europe = reg.filter(Filters(commune="tarfaya", continent="europe"))
    assert [a.partner for a in europe] == ["lorient-fr"]  # a western_europe row
    assert "europe" in reg.known("continent") and "western_europe" in reg.regions_of("western_europe")
    for question in (
        "Avec quelles villes non européennes Tarfaya est-elle jumelée ?",
        "ما هي المدن غير الأوروبية التي توأمت معها طرفاية؟",
    ):
        a = analyser.analyse(question)
        assert [m.id for m in a.excluded] == ["europe"] and "europe" not in a.continents, question
        r = route(a, reg)
        assert r is not None and r.exclude == {"continent": "europe"}
    a = analyser.analyse("Which European cities is Tarfaya twinned with?")
    assert a.continents == ["europe"] and not a.excluded
