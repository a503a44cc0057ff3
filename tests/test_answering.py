"""Answers: offline extractive mode, citation validation, abstention, language.

These run on the real corpus index (built once per session)."""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given, settings as hsettings, strategies as st

from assistant.aliases import Gazetteer
from assistant.answering.answerer import cited_sources, source_labels
from assistant.answering.citations import split_sentences, validate
from assistant.arabic import detect_language, normalize_spaces
from conftest import DATA_DIR, NEWS_ID, STUDY_ID

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def gazetteer():
    return Gazetteer.from_dir(DATA_DIR)


def test_every_sentence_of_an_extractive_answer_is_cited_and_supported(corpus_assistant, gazetteer):
    ans = corpus_assistant.ask("Avec quelle ville américaine Laâyoune a-t-elle signé un accord en mai 2023 ?")
    assert ans.mode == "extractive" and not ans.abstained
    check = validate(ans.answer, cited_sources(ans), gazetteer, source_labels(corpus_assistant._docs(), ans.language))
    assert check.sentences and not check.dropped
    assert all(s.cites for s in check.sentences)
    assert "هوليوود" in ans.answer
    assert {c.doc for c in ans.citations} == {STUDY_ID}


def test_the_framing_is_in_the_askers_language_and_quotes_stay_in_the_source_language(corpus_assistant):
    for question, lang in [
        ("Avec quelles villes Smara est-elle jumelée ?", "fr"),
        ("What links Laâyoune to Arlington?", "en"),
        ("مع أي مدن وقعت جماعة أمكالة اتفاقيات توأمة؟", "ar"),
    ]:
        ans = corpus_assistant.ask(question)
        assert ans.language == lang
        framing = ans.answer.split("\n")[0]
        assert detect_language(framing) == lang, framing
        assert re.search(r"[\u0600-\u06FF]", ans.answer), "quotations stay in Arabic"


def test_citations_point_at_the_exact_place_in_the_source(corpus_assistant, study, news):
    ans = corpus_assistant.ask("Qui a décrit le partenariat comme un pont de coopération entre les peuples africains ?")
    assert ans.citations
    texts = {STUDY_ID: study.text, NEWS_ID: news.text}
    for c in ans.citations:
        first, last = (int(x) for x in c.lines.split("-"))
        lines = texts[c.doc].split("\n")[first - 1 : last]
        assert normalize_spaces(c.quote) == normalize_spaces("\n".join(lines).strip())
    assert any(c.doc == NEWS_ID for c in ans.citations)
    assert "بانجول" in ans.answer


def test_a_question_needing_both_documents_cites_both(corpus_assistant):
    ans = corpus_assistant.ask("Quelles villes sont jumelées avec Smara, selon l'étude et selon l'article de 2025 ?")
    assert not ans.abstained
    assert {c.doc for c in ans.citations} == {STUDY_ID, NEWS_ID}


# Known gap (issue #11, open): the population and weather near misses, whose topic no retrieved
# sentence holds while the commune and the signing are all over them, sit at the learned abstention
# model's operating point (P(abstain) 0.56-0.67 against 0.685 in the refit of 3 Dec, evening): declined
# by some refits, answered by others. The model has no feature for "the asked noun is bound to no
# figure"; until it has, they stay visible as expected failures, not removed.
NEAR_MISS = pytest.mark.xfail(reason="borderline for the learned abstention model (issue #11 open)", strict=False)


@pytest.mark.parametrize(
    "question",
    [
        # a figure asked (cues.yaml attributes.figure): no sentence holds one about the population
        "Quelle est la population de la commune de Smara selon le dernier recensement ?",
        "شحال الميزانية اللي تخصصات لاتفاقية التوأمة بين الداخلة ودرو؟",
        "Which foreign cities is Tan-Tan twinned with?",
        pytest.param("كيف كانت أحوال الطقس في السمارة يوم توقيع الاتفاقيات؟", marks=NEAR_MISS),
    ],
)
def test_questions_the_documents_do_not_cover_are_declined(corpus_assistant, question):
    ans = corpus_assistant.ask(question)
    assert ans.abstained, ans.answer
    assert ans.citations == []
    lang = detect_language(question)
    first_line = ans.answer.split("\n")[0]
    assert detect_language(first_line) == lang
    assert ans.passages, "the nearest passages are still offered as related reading"


def test_json_shape_of_an_answer(corpus_assistant):
    data = corpus_assistant.ask("Quand l'accord entre Dakhla et Dreux a-t-il été signé ?", qid="q1").to_json()
    assert list(data)[:2] == ["id", "question"]
    assert set(data) == {
        "id",
        "question",
        "language",
        "mode",
        "answer",
        "abstained",
        "citations",
        "passages",
        "notices",
        "timings_ms",
    }
    assert data["mode"] == "extractive"
    for c in data["citations"]:
        assert set(c) == {"n", "doc", "title", "section", "lines", "quote", "url"}
    for p in data["passages"]:
        assert set(p) == {"rank", "doc", "section", "lines", "score", "text"}
    json.dumps(data, ensure_ascii=False)


# -- the validator on its own ------------------------------------------------------------------

SOURCES = ["العيون — هوليوود، الولايات المتحدة الأمريكية — ماي 2023", "تأسس البرلمان العالمي لرؤساء البلديات سنة 2016."]


def test_validator_flags_uncited_sentences_and_unknown_sources(gazetteer):
    check = validate(
        "Voici :\n- Laâyoune a signé avec Hollywood en 2023 [1].\n- Sans source.\n- Voir [7].", SOURCES, gazetteer
    )
    assert [s.ok for s in check.sentences] == [True, False, False]
    assert "no citation" in check.dropped[0].problems
    assert "missing source" in check.dropped[1].problems[0]


def test_how_an_answer_names_its_source_is_framing_and_month_names_are_not_names(gazetteer):
    label = "the study by A. Berrada (2024)"
    sentence = f"Reference 3 of {label}: signed in May [1]"
    source = ["3. Signed in 2019 by the two councils."]
    assert validate(sentence, source, gazetteer).dropped, "without the label, Berrada and 2024 are unsupported"
    check = validate(sentence, source, gazetteer, [label])
    assert not check.dropped, [s.problems for s in check.sentences]
    assert validate("Signed with Springfieldia in May [1]", source, gazetteer).dropped  # a real name still counts


def test_a_source_naming_a_country_by_its_adjective_supports_the_country(gazetteer):
    # «بالجمهورية الإسلامية الموريتانية» names Mauritania by its nisba, not by «موريتانيا»
    source = ["اتفاقية تعاون مع المجلس الجهوي لولاية تيرس بالجمهورية الإسلامية الموريتانية."]
    assert not validate("A council of Mauritania [1]", source, gazetteer).dropped
    assert validate("A council of Senegal [1]", source, gazetteer).dropped
    named = gazetteer.countries_by_adjective("وفد من جمهورية السنغال والوفد الموريتاني")
    assert sorted(e.id for e in named) == ["mauritania", "senegal"]


def test_validator_flags_numbers_and_places_the_cited_source_does_not_contain(gazetteer):
    check = validate(
        "Laâyoune signed with Hollywood in 2019 [1]. The parliament was founded in 2016 [1].", SOURCES, gazetteer
    )
    assert not check.sentences[0].ok and "number 2019" in check.sentences[0].problems[0]
    assert not check.sentences[1].ok  # 2016 is in source 2, not in source 1
    assert check.precision == 0.0
    fixed = validate("The parliament was founded in 2016 [2].", SOURCES, gazetteer)
    assert fixed.sentences[0].ok and fixed.precision == 1.0


def test_a_citation_covers_the_uncited_sentences_before_it_on_its_line(gazetteer):
    framing, sentences = split_sentences("Intro:\n- One. Two [1].\n- Three [2].")
    assert framing == ["Intro:"]
    assert sentences == ["One. Two [1].", "Three [2]."]


@hsettings(max_examples=60, deadline=None)
@given(
    st.lists(st.sampled_from(["2016", "2023", "Hollywood", "العيون", "البرلمان", "twinning"]), min_size=1, max_size=4),
    st.integers(min_value=1, max_value=3),
)
def test_property_a_sentence_passes_only_if_its_cited_source_holds_its_facts(gazetteer, words, n):
    sentence = " ".join(words) + f" [{n}]."
    check = validate(sentence, SOURCES, gazetteer)
    s = check.sentences[0]
    if n > len(SOURCES):
        assert not s.ok
        return
    source = normalize_spaces(SOURCES[n - 1])
    numbers_ok = all(w in source for w in words if w.isdigit())
    places = {e.id for e in gazetteer.find_places(" ".join(words))}
    places_ok = places <= {e.id for e in gazetteer.find_places(SOURCES[n - 1])}
    assert s.ok == (numbers_ok and places_ok)


# -- mechanisms that decide what is answered -----------------------------------------------------


def _pair_with_the_wrong_commune(registry):
    """A (commune, agreement) pair: a partner the registry ties to other communes only."""
    communes = {a.commune for a in registry.agreements if a.commune}
    for a in registry.agreements:
        if not (a.partner and a.commune):
            continue
        linked = {b.commune for b in registry.agreements if b.partner == a.partner}
        other = sorted(communes - linked)
        if other:
            return other[0], a
    pytest.skip("every partner is linked to every commune")


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_a_partner_paired_with_the_wrong_commune_is_declined_with_the_commune_the_documents_give(
    corpus_assistant, lang
):
    reg = corpus_assistant.answerer.registry
    commune, a = _pair_with_the_wrong_commune(reg)
    q = {
        "en": f"When did {reg.name(commune, 'en')} sign its twinning agreement with {reg.name(a.partner, 'en')}?",
        "fr": f"Quand {reg.name(commune, 'fr')} a-t-elle signé son jumelage avec {reg.name(a.partner, 'fr')} ?",
    }[lang]
    ans = corpus_assistant.ask(q)
    assert ans.abstained, ans.answer
    assert reg.name(a.commune, lang) in ans.answer.split("\n")[0]
    assert ans.citations, "the rows that tie the partner to its commune are cited"


def test_a_question_asking_what_no_registry_row_holds_goes_to_the_passages(corpus_assistant):
    reg = corpus_assistant.answerer.registry
    a = next(a for a in reg.agreements if a.partner and a.commune)
    q = f"Qui a signé l'accord de jumelage entre {reg.name(a.commune, 'fr')} et {reg.name(a.partner, 'fr')} ?"
    analysis = corpus_assistant.analyse(q)
    assert "signatories" in analysis.attributes
    assert corpus_assistant.ask(q).extra["route"] != "registry"


def test_each_passage_carries_the_similarity_of_each_of_its_sentences(corpus_assistant):
    from assistant.answering.extractive import passage_units

    passages = corpus_assistant.retriever.search("Quels sont les accords de jumelage de Dakhla ?", 8)
    assert passages
    for p in passages:
        sims = p.extra["unit_dense"]
        assert len(sims) == len(passage_units(p))
        assert all(-1.0 <= s <= 1.0 for s in sims)
        assert p.extra["dense"] > 0


@hsettings(max_examples=30, deadline=None)
@given(st.lists(st.lists(st.floats(-1, 1, allow_nan=False), min_size=8, max_size=8), min_size=1, max_size=5))
def test_property_sentence_vectors_survive_their_storage_form(rows):
    import numpy as np

    from assistant.store import decode_vectors, encode_vectors

    back = decode_vectors(encode_vectors(rows), 8)
    assert back.shape == (len(rows), 8)
    assert np.allclose(back, np.asarray(rows, dtype=np.float32), atol=1e-3)


@pytest.mark.slow
@pytest.mark.parametrize(
    "question",
    [
        "Quels mémorandums d'entente la commune de Dakhla a-t-elle signés ?",  # an instrument no row is
        "La commune de Dakhla est-elle jumelée avec Peniche, au Portugal ?",  # a partner no row holds
    ],
)
def test_a_filter_no_row_meets_is_not_dropped_to_list_other_rows(corpus_assistant, question):
    """Naming an instrument or a partner narrows the rows; when none is left the answer is not
    the commune's other agreements (the registry's rows for Dakhla are all twinnings)."""
    ans = corpus_assistant.ask(question)
    listed = [a for a in ans.extra.get("agreements") or []]
    assert ans.abstained or not listed, ans.answer


def test_dropping_an_unsupported_sentence_keeps_every_lead_in_where_it_stood():
    from assistant.answering.answerer import _without

    answer = "Rows:\n- A holds. [1]\n- B fails. [2]\nAnd in the text:\n- C holds. [3]"
    assert _without(answer, {"B fails. [2]"}) == ["Rows:", "- A holds. [1]", "And in the text:", "- C holds. [3]"]
