"""The `Assistant`: the one Python API that the CLI, the app and the evaluation call."""

from __future__ import annotations

import re
import sys
import threading
from functools import cached_property
from pathlib import Path

from assistant.aliases import Gazetteer
from assistant.arabic import strip_invisible
from assistant.embeddings import make_embeddings
from assistant.indexing import IngestReport, ingest
from assistant.retrieval import HybridRetriever, Passage
from assistant.settings import Settings
from assistant.store import ChunkStore

MAX_QUESTION_CHARS = 2000
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class QuestionError(ValueError):
    """A question that cannot be asked as typed; the message says why."""


def clean_question(question: str | None) -> str:
    if question is None:
        raise QuestionError("Please type a question.")
    text = _CONTROL.sub(" ", strip_invisible(str(question)))
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise QuestionError("Please type a question: the question is empty.")
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(f"The question is too long ({len(text)} characters; the limit is "
                            f"{MAX_QUESTION_CHARS}). Please shorten it.")
    if not re.search(r"\w", text):
        raise QuestionError("Please type a question with words in it.")
    return text


class Assistant:
    def __init__(self, settings: Settings | None = None, *, auto_ingest: bool = True):
        self.settings = settings or Settings()
        self.auto_ingest = auto_ingest
        self._ingest_lock = threading.Lock()

    # Components are built lazily so `status` and error paths stay fast.
    @cached_property
    def embeddings(self):
        return make_embeddings(self.settings)

    @cached_property
    def store(self) -> ChunkStore:
        return ChunkStore(self.settings, self.embeddings)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer.from_dir(self.settings.data_dir)

    @cached_property
    def retriever(self) -> HybridRetriever:
        return HybridRetriever(self.store, self.gazetteer, self.settings)

    # -- indexing -------------------------------------------------------------------
    def ingest(self, paths: list[Path] | None = None, *, prune: bool = False, rebuild: bool = False,
               show_progress: bool = True, on_progress=None) -> IngestReport:
        with self._ingest_lock:
            if rebuild:
                sources = [Path(i["source_path"]) for i in self.store.manifest().values()
                           if i.get("source_path")]
                self.store.reset()
                paths = list(paths or [self.settings.corpus_dir]) + [p for p in sources if p.exists()]
            else:
                self.store.check_embedder()
            report = ingest(self.store, self.gazetteer, self.settings,
                            list(paths or [self.settings.corpus_dir]), prune=prune,
                            show_progress=show_progress, on_progress=on_progress)
            self.retriever.refresh(force=True)
            return report

    def ensure_index(self, show_progress: bool = True) -> IngestReport | None:
        """Build the index from the default corpus when it is empty."""
        self.store.check_embedder()
        if self.store.manifest() or not self.auto_ingest:
            return None
        if show_progress:
            print("The index is empty: building it from the corpus first.", file=sys.stderr)
        return self.ingest([self.settings.corpus_dir], show_progress=show_progress)

    # -- asking ------------------------------------------------------------------------
    def search(self, question: str, k: int | None = None, *, timings: dict | None = None) -> list[Passage]:
        question = clean_question(question)
        self.ensure_index()
        return self.retriever.search(question, k, timings=timings)

    def status(self) -> dict:
        manifest = self.store.manifest()
        return {
            "documents": len(manifest),
            "chunks": sum(int(m.get("n_chunks", 0)) for m in manifest.values()),
            "embedder": self.store.built_with or self.store.embedder_id,
            "index": (f"chroma://{self.settings.chroma_host}:{self.settings.chroma_port}/"
                      f"{self.settings.collection}" if self.settings.chroma_host
                      else str(Path(self.settings.index_dir).resolve())),
        }

    def documents(self) -> list[dict]:
        return [{"doc_id": d, **m} for d, m in sorted(self.store.manifest().items())]
