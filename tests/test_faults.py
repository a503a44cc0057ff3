"""Faults around the assistant: a bad LLM endpoint, an unreachable Chroma server, a full
disk, a read-only index. Each gives a clear message (or a cited offline answer with a
notice) on time, never a traceback or a retry loop, and the index answers as before.

Everything is real: the LLM endpoints are real HTTP servers on loopback that misbehave
on purpose (tests/fake_llm.py), "disk full" is RLIMIT_FSIZE in the child process
(writes fail with EFBIG), and "read-only" is a read-only bind mount (or file
permissions when not running as root). The crash tests (SIGKILL during ingest) are in
test_store_ingest.py; the LLM against a real llama.cpp server in test_llm.py.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from assistant.answering.answerer import cited_sources
from assistant.answering.citations import validate
from assistant.api import Assistant
from conftest import REPO, free_port, synthetic_document
from fake_llm import FakeLLM

PASSAGE_QUESTION = "Que recommande l'étude en matière de formation du personnel des collectivités locales ?"
FALLBACK_FR = "Le modèle de langue n'a pas pu être utilisé"
READ_ONLY_QUESTION = "ما هو البرنامج المشترك في مجال التعليم العالي؟"  # synthetic documents 0 and 1


def assert_clean_error(result, code: int, *needles: str) -> None:
    assert result.returncode == code, (result.returncode, result.stdout[-500:], result.stderr[-2000:])
    assert "Traceback" not in result.stderr and "Traceback" not in result.stdout
    assert result.stderr.startswith("error: "), result.stderr
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    for needle in needles:
        assert needle in result.stderr, result.stderr


# -- the LLM endpoint misbehaves ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def llm_assistant(corpus_assistant):
    """An Assistant with an OpenAI-compatible LLM at `url`, sharing the session's index,
    models and keyword index (so only the LLM part is timed)."""
    pytest.importorskip("langchain_openai", reason="the [llm] extra is part of the test extras")

    def make(url: str, timeout_s: float, **extra) -> Assistant:
        settings = corpus_assistant.settings.model_copy(
            update={"llm_backend": "openai", "llm_base_url": url, "llm_timeout_s": timeout_s, **extra}
        )
        a = Assistant(settings, auto_ingest=False)
        for shared in ("embeddings", "store", "gazetteer", "retriever", "registry"):
            a.__dict__[shared] = getattr(corpus_assistant, shared)
        a._ready = True
        assert a.answerer.chat_model is not None  # built (and its imports done) before timing
        return a

    return make


def assert_cited_extractive_with_notice(ans, gazetteer, notice_start: str = FALLBACK_FR) -> None:
    assert ans.mode == "extractive" and not ans.abstained, ans.answer
    assert ans.notices and ans.notices[0].startswith(notice_start), ans.notices
    assert ans.citations
    check = validate(ans.answer, cited_sources(ans), gazetteer)
    assert check.sentences and not check.dropped, [s.problems for s in check.dropped]


def _stream_threads() -> list[threading.Thread]:
    return [t for t in threading.enumerate() if t.name == "llm-stream" and t.is_alive()]


@pytest.mark.slow
@pytest.mark.parametrize(
    "mode, reason",
    [
        ("slow", "délai dépassé"),  # no reply at all for 30 s
        ("trickle", "délai dépassé"),  # keep-alive comments for 30 s: no read ever times out
        ("slow_tokens", "délai dépassé"),  # tokens, but the reply never completes in time
        ("invalid_json", None),
        ("empty_choices", None),
        ("empty_choices_json", None),
        ("html", None),
        ("html_502", None),
    ],
)
def test_a_bad_llm_endpoint_gives_a_cited_extractive_answer_on_time(llm_assistant, mode, reason):
    timeout_s = 2.0
    with FakeLLM(mode, hold_s=30) as llm:
        a = llm_assistant(llm.url, timeout_s)
        tokens: list[str] = []
        started = time.monotonic()
        ans = a.ask(PASSAGE_QUESTION, on_token=tokens.append)
        elapsed = time.monotonic() - started
        assert llm.requests == 1  # one attempt, no retries
    assert elapsed < timeout_s + 3.0, f"{mode}: answered after {elapsed:.1f} s (timeout {timeout_s} s)"
    assert ans.timings_ms["llm_ms"] < timeout_s * 1e3 + 500, ans.timings_ms
    assert_cited_extractive_with_notice(ans, a.gazetteer)
    if reason:
        assert reason in ans.notices[0], ans.notices
    assert tokens and tokens[-1] == ans.answer  # the fallback answer reached the caller too
    deadline = time.monotonic() + 10  # nothing left reading the dead stream
    while _stream_threads() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _stream_threads()


@pytest.mark.slow
def test_an_llm_that_obeys_an_injected_instruction_is_not_believed(llm_assistant):
    """'HACKED' is not cited and not in any source: validation rejects it, the offline answer stands."""
    with FakeLLM("obey") as llm:
        a = llm_assistant(llm.url, 5.0)
        ans = a.ask(PASSAGE_QUESTION)
    assert "HACKED" not in ans.answer
    assert_cited_extractive_with_notice(ans, a.gazetteer)


# -- the Chroma server is unreachable ------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize(
    "args",
    [
        ["status", "--json"],
        ["search", "Dakhla"],
        ["ask", "Avec quelles villes Dakhla est-elle jumelée ?", "--json"],
        ["ingest", "--quiet", "--json"],
    ],
)
def test_cli_with_an_unreachable_chroma_server_fails_clearly_and_at_once(run_cli, tmp_path, args):
    port = free_port()  # nothing listens there
    started = time.monotonic()
    result = run_cli(
        *args,
        index_dir=tmp_path / "index",
        timeout=120,
        CHROMA_HOST="127.0.0.1",
        CHROMA_PORT=str(port),
        ASSISTANT_CORPUS_DIR=str(tmp_path / "corpus"),
    )
    assert time.monotonic() - started < 60, "no retry loop"
    assert_clean_error(result, 1, f"cannot reach the Chroma server at 127.0.0.1:{port}", "CHROMA_HOST")
    assert result.stdout == ""
    assert not (tmp_path / "index").exists()  # nothing was created locally instead


@pytest.mark.slow
def test_app_with_an_unreachable_chroma_server_exits_with_a_clear_message(tmp_path, make_cli_env):
    port = free_port()
    env = make_cli_env(
        tmp_path / "index",
        CHROMA_HOST="127.0.0.1",
        CHROMA_PORT=str(port),
        GRADIO_SERVER_NAME="127.0.0.1",
        GRADIO_SERVER_PORT=str(free_port()),
        GRADIO_ANALYTICS_ENABLED="False",
        ASSISTANT_CORPUS_DIR=str(tmp_path / "corpus"),
    )
    started = time.monotonic()
    result = subprocess.run(
        [sys.executable, str(REPO / "app.py")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
    )
    assert time.monotonic() - started < 90, "no retry loop"
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]
    assert f"cannot reach the Chroma server at 127.0.0.1:{port}" in result.stderr, result.stderr[-3000:]


# -- the disk is full / the index is read-only ----------------------------------------------------------

_INSPECT = r"""
import hashlib, json, sys
import chromadb
from chromadb.config import Settings
client = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False))
docs = client.get_collection("twinning__docs").get(include=["metadatas"])
chunks = client.get_collection("twinning").get(include=["documents"])
print(json.dumps({"manifest": {i: [m["version"], m["n_chunks"], m["sha256"]] for i, m in zip(docs["ids"], docs["metadatas"])},
                  "chunks": sorted([i, hashlib.sha256(t.encode()).hexdigest()] for i, t in zip(chunks["ids"], chunks["documents"]))}))
"""


def index_state(index_dir: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _INSPECT, str(index_dir / "chroma")], capture_output=True, text=True, timeout=120
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


@pytest.fixture(scope="module")
def small_index_template(tmp_path_factory):
    """An index of two small documents, built once by the CLI, and its state."""
    from conftest import cli_env

    root = tmp_path_factory.mktemp("small-index")
    corpus = root / "corpus"
    corpus.mkdir()
    for d in range(2):
        (corpus / f"doc{d:02d}.txt").write_text(synthetic_document(d, 3), encoding="utf-8")
    built = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest", str(corpus), "--quiet", "--json"],
        cwd=root,
        env=cli_env(root / "index"),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert built.returncode == 0, built.stderr
    return root / "index", corpus, index_state(root / "index")


@pytest.fixture
def small_index(tmp_path, small_index_template):
    """A private copy of the small index (its documents stay where they were indexed from)."""
    template, corpus, state = small_index_template
    shutil.copytree(template, tmp_path / "index")
    return tmp_path / "index", state


def _disk_full_at(limit: int):
    def limit_file_size():
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return limit_file_size


@pytest.mark.slow
def test_disk_full_during_ingest_is_a_clear_error_and_loses_nothing(
    tmp_path, small_index, run_cli, make_cli_env, write_corpus
):
    index, before = small_index
    new = write_corpus(tmp_path / "new", {"doc09.txt": synthetic_document(9, 12)})
    # the store may grow by a few KB before the disk is "full"
    limit = (index / "chroma" / "chroma.sqlite3").stat().st_size + 4096
    result = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest", str(new), "--quiet", "--json"],
        cwd=tmp_path,
        env=make_cli_env(index),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
        preexec_fn=_disk_full_at(limit),
    )
    assert_clean_error(result, 1, "could not write", "disk may be full", "unchanged")
    assert index_state(index) == before  # nothing lost, nothing half-visible

    answer = run_cli("search", "الداخلة", "--json", index_dir=index)
    assert answer.returncode == 0, answer.stderr
    assert {p["doc"] for p in json.loads(answer.stdout)["passages"]} <= {"doc00", "doc01"}

    again = run_cli("ingest", str(new), "--quiet", "--json", index_dir=index)  # space is back
    assert again.returncode == 0, again.stderr
    assert json.loads(again.stdout)["added"] == ["doc09"]
    after = index_state(index)
    assert {d: after["manifest"][d] for d in before["manifest"]} == before["manifest"]
    assert after["manifest"]["doc09"][1] == 12
    assert len(after["chunks"]) == sum(m[1] for m in after["manifest"].values())  # no leftovers


def _read_only_runner(index: Path):
    """A function running argv with `index` read-only, or None when this machine cannot."""
    if os.geteuid() != 0:

        def run(argv, **kw):
            modes = {p: p.stat().st_mode for p in [index, *index.rglob("*")]}
            for p in modes:
                p.chmod(modes[p] & ~0o222)
            try:
                return subprocess.run(argv, **kw)
            finally:
                for p, mode in modes.items():
                    p.chmod(mode)

        return run
    if not shutil.which("unshare"):
        return None
    script = 'mount --bind -o ro "$0" "$0" && exec "$@"'
    probe = subprocess.run(
        [
            "unshare",
            "-m",
            "--propagation",
            "private",
            "sh",
            "-c",
            'mount --bind -o ro "$0" "$0" && ! touch "$0/.probe" 2>/dev/null',
            str(index),
        ],
        capture_output=True,
    )
    if probe.returncode != 0 or (index / ".probe").exists():
        (index / ".probe").unlink(missing_ok=True)
        return None

    def run_mounted(argv, **kw):
        return subprocess.run(
            ["unshare", "-m", "--propagation", "private", "sh", "-c", script, str(index), *argv], **kw
        )

    return run_mounted


@pytest.mark.slow
@pytest.mark.parametrize("args", [["ask", READ_ONLY_QUESTION, "--json"], ["ingest", "--quiet"]])
def test_a_read_only_index_is_a_clear_error_and_still_answers_afterwards(
    tmp_path, small_index, run_cli, make_cli_env, args
):
    index, before = small_index
    run = _read_only_runner(index)
    if run is None:
        pytest.skip("cannot make a directory read-only here (root without mount namespaces)")
    result = run(
        [sys.executable, "-m", "assistant", *args],
        cwd=tmp_path,
        env=make_cli_env(index, ASSISTANT_CORPUS_DIR=str(tmp_path / "corpus")),
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=300,
    )
    assert_clean_error(result, 1, "is not writable", "ASSISTANT_INDEX_DIR")
    assert index_state(index) == before
    ok = run_cli("ask", READ_ONLY_QUESTION, "--json", index_dir=index)
    assert ok.returncode == 0, ok.stderr
    assert json.loads(ok.stdout)["citations"]
