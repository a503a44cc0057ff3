"""The Chroma index and its ingestion bookkeeping.

Two collections: `<name>` holds chunks (vector + source text + metadata);
`<name>__docs` is the manifest, one record per document naming its *active
version* (file hash and chunk count). Chunk ids are deterministic
(`doc:hash:ordinal`), so re-running an interrupted ingest upserts the same ids
instead of duplicating; a new version becomes active only after all its chunks
are written (one atomic manifest upsert), and stale chunks are deleted after.
Readers only ever see chunks of active versions.
"""

from __future__ import annotations

import base64
import hashlib
import json
import time
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import chromadb
from chromadb.config import Settings as ChromaSettings
from langchain_chroma import Chroma
from langchain_core.embeddings import Embeddings

from assistant.settings import Settings


class IndexProblem(Exception):
    """Base for index problems with a message meant for users."""


class IndexMismatchError(IndexProblem):
    pass


class IndexUnavailableError(IndexProblem):
    pass


class IndexWriteError(IndexProblem):
    """A write to the index failed (disk full, read-only, server gone); the versions
    already active are untouched, so the index still answers as before."""


@dataclass
class StoredChunk:
    id: str
    text: str
    index_text: str
    meta: dict


def make_client(settings: Settings):
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=True)
    if settings.chroma_host:
        try:
            client = chromadb.HttpClient(host=settings.chroma_host, port=settings.chroma_port, settings=chroma_settings)
            client.heartbeat()
            return client
        except Exception as exc:
            raise IndexUnavailableError(
                f"cannot reach the Chroma server at {settings.chroma_host}:{settings.chroma_port} "
                f"({exc.__class__.__name__}). Start it (`chroma run --path DIR --port {settings.chroma_port}`) "
                "or unset CHROMA_HOST to use the local index."
            ) from exc
    path = Path(settings.index_dir) / "chroma"
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe = path / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as exc:
        raise IndexUnavailableError(
            f"the index directory {path} is not writable ({exc.strerror or exc}). "
            "Set ASSISTANT_INDEX_DIR to a writable directory."
        ) from exc
    try:
        return chromadb.PersistentClient(path=str(path), settings=chroma_settings)
    except Exception as exc:
        raise IndexUnavailableError(f"cannot open the index at {path}: {exc}") from exc


class ChunkStore:
    def __init__(self, settings: Settings, embeddings: Embeddings, client=None):
        self.settings = settings
        self.embeddings = embeddings
        self.embedder_id: str = getattr(embeddings, "id", embeddings.__class__.__name__)
        self.client = client or make_client(settings)
        self.name = settings.collection
        self._open()

    def _open(self) -> None:
        self.vectors = Chroma(
            collection_name=self.name,
            embedding_function=self.embeddings,
            client=self.client,
            collection_metadata={"hnsw:space": "cosine", "embedder": self.embedder_id},
        )
        self.chunks = self.vectors._collection
        self.docs = self.client.get_or_create_collection(
            f"{self.name}__docs", embedding_function=None, metadata={"embedder": self.embedder_id}
        )

    @property
    def location(self) -> str:
        if self.settings.chroma_host:
            return f"chroma://{self.settings.chroma_host}:{self.settings.chroma_port}/{self.name}"
        return str(Path(self.settings.index_dir).resolve())

    @contextmanager
    def _writing(self, what: str):
        try:
            yield
        except Exception as exc:  # sqlite "disk I/O error", EFBIG/ENOSPC, HTTP errors of a server …
            raise IndexWriteError(
                f"could not write {what} to the index at {self.location} ({exc.__class__.__name__}: {exc}). "
                "The disk may be full or the index read-only; what was indexed before is unchanged. "
                "Free some space (or fix the permissions) and run the ingest again."
            ) from exc

    # -- embedder bookkeeping ------------------------------------------------------
    @property
    def built_with(self) -> str | None:
        return (self.chunks.metadata or {}).get("embedder")

    def check_embedder(self) -> None:
        built = self.built_with
        if built and built != self.embedder_id and self.chunks.count():
            raise IndexMismatchError(
                f"the index was built with the embedder '{built}' but the current one is "
                f"'{self.embedder_id}'. Rebuild it with `python -m assistant ingest --rebuild`, "
                "or set ASSISTANT_EMBEDDER back to the one that built it."
            )

    def reset(self) -> None:
        """Drop both collections (a rebuild under a new embedder)."""
        for name in (self.name, f"{self.name}__docs"):
            try:
                self.client.delete_collection(name)
            except Exception:
                pass
        self._open()

    # -- manifest --------------------------------------------------------------------
    def manifest(self) -> dict[str, dict]:
        got = self.docs.get(include=["metadatas", "documents"])
        out = {}
        for doc_id, meta, doc in zip(got["ids"], got["metadatas"], got["documents"]):
            info = json.loads(doc) if doc else {}
            info.update(meta or {})
            out[doc_id] = info
        return out

    def fingerprint(self, manifest: dict | None = None) -> str:
        manifest = self.manifest() if manifest is None else manifest
        # the extraction run too: re-extracted agreements must refresh the registry
        versions = sorted(f"{d}:{m['version']}:{m['n_chunks']}:{m.get('extraction', '')}" for d, m in manifest.items())
        h = hashlib.sha256(("\n".join(versions) + "|" + self.embedder_id).encode())
        return h.hexdigest()[:16]

    # -- writing ---------------------------------------------------------------------
    @staticmethod
    def is_current(doc_id: str, version: str, manifest: dict) -> bool:
        return manifest.get(doc_id, {}).get("version") == version

    def write_document(
        self,
        doc_id: str,
        sha256: str,
        version: str,
        info: dict,
        records: list[StoredChunk],
        progress: Callable[[int], None] | None = None,
        units: Callable[[StoredChunk], list[str]] | None = None,
    ) -> None:
        """Embed and store a document's chunks, then make this version active. With `units`
        (a chunk's quotable sentences), their vectors are stored with the chunk, in the same
        embedding batch: answer selection compares each sentence to the question."""
        existing = set(self.chunks.get(where={"version": f"{doc_id}:{version}"}, include=[])["ids"])
        todo = [r for r in records if r.id not in existing]  # resume an interrupted run
        if progress and len(records) > len(todo):
            progress(len(records) - len(todo))
        batch = max(1, self.settings.embed_batch_size)
        for i in range(0, len(todo), batch):
            part = todo[i : i + batch]
            unit_texts = [units(r) if units else [] for r in part]
            vectors = self.embeddings.embed_documents(
                [r.index_text for r in part] + [t for ts in unit_texts for t in ts]
            )
            chunk_vectors, rest = vectors[: len(part)], vectors[len(part) :]
            metas = []
            for r, ts in zip(part, unit_texts):
                meta = {**r.meta, "index_text": r.index_text, "version": f"{doc_id}:{version}"}
                if ts:
                    meta["unit_vectors"] = encode_vectors(rest[: len(ts)])
                    rest = rest[len(ts) :]
                metas.append(meta)
            with self._writing(f"the chunks of {doc_id}"):
                self.chunks.upsert(
                    ids=[r.id for r in part],
                    embeddings=chunk_vectors,
                    documents=[r.text for r in part],
                    metadatas=metas,
                )
            if progress:
                progress(len(part))
        meta = {
            "sha256": sha256,
            "version": version,
            "n_chunks": len(records),
            "ingested_at": time.time(),
            "embedder": self.embedder_id,
        }
        # ASCII JSON: a source path that is not valid UTF-8 still round-trips exactly
        with self._writing(f"the manifest entry of {doc_id}"):
            self.docs.upsert(ids=[doc_id], embeddings=[[1.0]], documents=[json.dumps(info)], metadatas=[meta])
            self.prune_stale(doc_id, f"{doc_id}:{version}")

    def update_info(self, doc_id: str, info: dict) -> None:
        """Replace a document's manifest info (its extracted agreements, say) without
        touching its chunks or its active version."""
        got = self.docs.get(ids=[doc_id], include=["metadatas"])
        if not got["ids"]:
            return
        with self._writing(f"the manifest entry of {doc_id}"):
            self.docs.upsert(
                ids=[doc_id], embeddings=[[1.0]], documents=[json.dumps(info)], metadatas=[got["metadatas"][0]]
            )

    def prune_stale(self, doc_id: str, keep_version: str | None) -> int:
        got = self.chunks.get(where={"doc_id": doc_id}, include=["metadatas"])
        stale = [i for i, m in zip(got["ids"], got["metadatas"]) if m.get("version") != keep_version]
        if stale:
            self.chunks.delete(ids=stale)
        return len(stale)

    def remove_document(self, doc_id: str) -> None:
        with self._writing(f"the removal of {doc_id}"):
            self.docs.delete(ids=[doc_id])  # deactivate first: readers stop seeing it at once
            self.prune_stale(doc_id, None)

    def cleanup(self) -> int:
        """Delete chunks no active version owns (left by an interrupted ingest)."""
        manifest = self.manifest()
        active = {f"{d}:{m['version']}" for d, m in manifest.items()}
        got = self.chunks.get(include=["metadatas"])
        stale = [i for i, m in zip(got["ids"], got["metadatas"]) if m.get("version") not in active]
        with self._writing("the removal of stale chunks"):
            for i in range(0, len(stale), 5000):
                self.chunks.delete(ids=stale[i : i + 5000])
        return len(stale)

    # -- reading ---------------------------------------------------------------------
    def active_chunks(self, manifest: dict | None = None) -> list[StoredChunk]:
        manifest = self.manifest() if manifest is None else manifest
        active = {f"{d}:{m['version']}" for d, m in manifest.items()}
        out: list[StoredChunk] = []
        total = self.chunks.count()
        page = 5000
        for offset in range(0, total, page):
            got = self.chunks.get(include=["documents", "metadatas"], limit=page, offset=offset)
            for cid, text, meta in zip(got["ids"], got["documents"], got["metadatas"]):
                if meta.get("version") in active:
                    out.append(StoredChunk(cid, text, meta.pop("index_text", text), meta))
        out.sort(key=lambda c: (c.meta.get("doc_id", ""), c.meta.get("ordinal", 0)))
        return out

    def dense_search(self, vector: list[float], k: int, docs: list[str] | None = None) -> list[tuple[str, float]]:
        """(chunk id, cosine similarity), best first; only chunks of `docs` when given. Stale
        chunks are dropped by the caller. Chroma returns min(k, size) results, none when
        empty: no count() per query (it costs more than the query itself at 100k chunks)."""
        where = ({"doc_id": docs[0]} if len(docs) == 1 else {"doc_id": {"$in": list(docs)}}) if docs else None
        try:
            res = self.chunks.query(query_embeddings=[vector], n_results=k, where=where, include=["distances"])
        except Exception:
            n = self.chunks.count()  # a Chroma that refuses k > size
            if n == 0:
                return []
            res = self.chunks.query(query_embeddings=[vector], n_results=min(k, n), where=where, include=["distances"])
        return [(cid, 1.0 - float(d)) for cid, d in zip(res["ids"][0], res["distances"][0])]

    def count(self) -> int:
        return self.chunks.count()


def encode_vectors(vectors) -> str:
    """Sentence vectors as one metadata string (Chroma metadata holds scalars only):
    float16, base64. 384 dimensions → 1 kB per sentence; cosine is unchanged to 1e-3."""
    import numpy as np

    return base64.b64encode(np.asarray(vectors, dtype=np.float16).tobytes()).decode("ascii")


def decode_vectors(text: str, dim: int):
    import numpy as np

    return np.frombuffer(base64.b64decode(text), dtype=np.float16).astype(np.float32).reshape(-1, dim)


def version_of(sha256: str, pipeline: str, metadata: dict | None = None) -> str:
    """A document version: its bytes, its metadata (documents.yaml: how answers name and
    scope it) and the pipeline (chunker, aliases) that indexed them."""
    meta = json.dumps(metadata, sort_keys=True, ensure_ascii=False, default=str) if metadata else ""
    return hashlib.sha256(f"{sha256}|{pipeline}{'|' + meta if meta else ''}".encode()).hexdigest()[:16]


def chunk_id(doc_id: str, version: str, ordinal: int) -> str:
    return f"{doc_id}:{version}:{ordinal:05d}"
