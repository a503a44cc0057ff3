"""Synthetic indexes for the scale runs: the real corpus plus chunks made of its chunks (sentence
shuffles and recombinations, under `synth-NNNNN` document ids) whose vectors are the real chunks'
vectors plus small Gaussian noise, renormalized: nothing is embedded for them. They are written
through the real `ChunkStore.write_document` (Chroma) and cached under
`<work>/scale-<size>-<hash of the inputs>`.
"""

from __future__ import annotations

import hashlib
import json
import random
import re
import shutil
import sys
import time
from pathlib import Path

import numpy as np
from tqdm import tqdm

from assistant.bench.measure import fmt_load, load_avg
from assistant.settings import Settings

SYNTH_VERSION = "1"  # bump when the synthetic generator changes: cached indexes are rebuilt
SYNTH_PER_DOC = 100  # chunks per synthetic document (the study has 108)
SYNTH_NOISE = 0.02  # per-dimension std of the Gaussian noise added to a real chunk's vector
SYNTH_SEED = 20251122


class PrecomputedEmbeddings:
    """Hands `ChunkStore.write_document` the vectors prepared for each text (nothing is embedded);
    queries go to the real embedder. Carries the real embedder's id, so the index is searchable
    with it."""

    def __init__(self, real):
        self.real = real
        self.id = getattr(real, "id", real.__class__.__name__)
        self.pending: dict[str, list[list[float]]] = {}

    def expect(self, texts: list[str], vectors: np.ndarray) -> None:
        for t, v in zip(texts, vectors):
            self.pending.setdefault(t, []).append(v.tolist())

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return [self.pending[t].pop(0) for t in texts]

    def embed_query(self, text: str) -> list[float]:
        return self.real.embed_query(text)


def as_langchain(obj):
    from langchain_core.embeddings import Embeddings

    class Adapter(Embeddings):
        id = obj.id

        def embed_documents(self, texts):
            return obj.embed_documents(texts)

        def embed_query(self, text):
            return obj.embed_query(text)

    return Adapter()


_SENTENCE_END = re.compile(r"(?<=[.!?؟؛])\s+|\n+")


def split_sentences(text: str) -> list[str]:
    return [s.strip() for s in _SENTENCE_END.split(text) if s and s.strip()]


class RealCorpus:
    """The real index's chunks, vectors and manifest: the material synthetic chunks are made of."""

    def __init__(self, store):
        from assistant.store import StoredChunk

        self.chunks: list[StoredChunk] = store.active_chunks()
        got = store.chunks.get(ids=[c.id for c in self.chunks], include=["embeddings"])
        by_id = dict(zip(got["ids"], got["embeddings"]))
        self.vectors = np.asarray([by_id[c.id] for c in self.chunks], dtype=np.float32)
        raw = store.docs.get(include=["documents", "metadatas"])
        self.docs = {
            d: (json.loads(doc) if doc else {}, meta or {})
            for d, doc, meta in zip(raw["ids"], raw["documents"], raw["metadatas"])
        }
        self.fingerprint = store.fingerprint()
        self.embedder_id = store.embedder_id


def synthetic_documents(real: RealCorpus, n_synthetic: int, seed: int = SYNTH_SEED):
    """Yield (doc_id, sha256, version, info, records, vectors) for `n_synthetic` chunks in
    documents of SYNTH_PER_DOC: each chunk a real chunk's sentences shuffled, half the time with
    a sentence of another real chunk appended; its vector the real one(s) plus Gaussian noise."""
    from assistant.store import StoredChunk, chunk_id, version_of

    rng = random.Random(seed)
    nrng = np.random.default_rng(seed)
    n_real = len(real.chunks)
    dim = real.vectors.shape[1]
    made = 0
    d = 0
    while made < n_synthetic:
        count = min(SYNTH_PER_DOC, n_synthetic - made)
        doc_id = f"synth-{d:05d}"
        texts, index_texts, metas, vecs = [], [], [], []
        for ordinal in range(count):
            j = rng.randrange(n_real)
            base = real.chunks[j]
            sentences = split_sentences(base.text) or [base.text]
            rng.shuffle(sentences)
            vec = real.vectors[j].copy()
            if rng.random() < 0.5:
                k = rng.randrange(n_real)
                other = split_sentences(real.chunks[k].text)
                if other:
                    sentences.append(rng.choice(other))
                    vec = 0.8 * vec + 0.2 * real.vectors[k]
            text = " ".join(sentences)
            itext = base.index_text.replace(base.text, text) if base.text in base.index_text else base.index_text
            vec = vec + nrng.normal(0.0, SYNTH_NOISE, dim).astype(np.float32)
            vecs.append(vec / np.linalg.norm(vec))
            texts.append(text)
            index_texts.append(itext)
            metas.append(
                {
                    **{k: v for k, v in base.meta.items() if k != "version"},
                    "doc_id": doc_id,
                    "title": f"Synthetic document {d} (benchmark)",
                    "ordinal": ordinal,
                    "synthetic": True,
                }
            )
        sha = hashlib.sha256("\n\n".join(texts).encode()).hexdigest()
        version = version_of(sha, f"bench-synthetic-{SYNTH_VERSION}")
        records = [
            StoredChunk(chunk_id(doc_id, version, i), t, it, m)
            for i, (t, it, m) in enumerate(zip(texts, index_texts, metas))
        ]
        info = {
            "doc_id": doc_id,
            "title": f"Synthetic document {d} (benchmark)",
            "kind": "synthetic",
            "language": "ar",
            "synthetic": True,
        }
        yield doc_id, sha, version, info, records, np.asarray(vecs, dtype=np.float32)
        made += count
        d += 1


def scale_key(real: RealCorpus, size: int) -> str:
    import chromadb

    spec = {
        "size": size,
        "real": real.fingerprint,
        "synth": SYNTH_VERSION,
        "per_doc": SYNTH_PER_DOC,
        "noise": SYNTH_NOISE,
        "seed": SYNTH_SEED,
        "chromadb": chromadb.__version__,
    }
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:12]


def write_scaled(settings: Settings, real: RealCorpus, size: int, embeddings, client=None, desc: str = "") -> dict:
    """Write the real corpus plus synthetic chunks up to `size` through ChunkStore.write_document."""
    from assistant.store import ChunkStore, StoredChunk

    pre = PrecomputedEmbeddings(embeddings)
    store = ChunkStore(
        settings.model_copy(update={"embed_batch_size": SYNTH_PER_DOC}), as_langchain(pre), client=client
    )
    store.reset()
    n_real = len(real.chunks)
    n_synth = max(0, size - n_real)
    t0 = time.perf_counter()
    load = load_avg()
    with tqdm(
        total=n_real + n_synth, unit="chunk", desc=desc or f"Writing {size:,} chunks", file=sys.stderr, mininterval=1.0
    ) as bar:
        for doc_id, (info, meta) in real.docs.items():
            records = [
                StoredChunk(c.id, c.text, c.index_text, {k: v for k, v in c.meta.items() if k != "version"})
                for c in real.chunks
                if c.meta.get("doc_id") == doc_id
            ]
            vecs = real.vectors[[i for i, c in enumerate(real.chunks) if c.meta.get("doc_id") == doc_id]]
            pre.expect([r.index_text for r in records], vecs)
            version = meta.get("version") or records[0].id.split(":")[1]
            store.write_document(doc_id, meta.get("sha256", ""), version, info, records, progress=bar.update)
        for doc_id, sha, version, info, records, vecs in synthetic_documents(real, n_synth):
            pre.expect([r.index_text for r in records], vecs)
            store.write_document(doc_id, sha, version, info, records, progress=bar.update)
    seconds = time.perf_counter() - t0
    count = store.count()
    if count != n_real + n_synth:
        raise RuntimeError(f"expected {n_real + n_synth} chunks in the synthetic index, found {count}")
    return {
        "chunks": count,
        "real_chunks": n_real,
        "synthetic_chunks": n_synth,
        "documents": len(store.manifest()),
        "insert_s": seconds,
        "insert_chunks_per_s": count / seconds if seconds else 0.0,
        "load": load,
    }


def scaled_index(
    settings: Settings, real: RealCorpus, size: int, embeddings, root: Path, log=print
) -> tuple[Path, dict]:
    """The local synthetic index of `size` chunks, built once per set of inputs and reused."""
    key = scale_key(real, size)
    directory = root / f"scale-{size}-{key}"
    marker = directory / "complete.json"
    for old in root.glob(f"scale-{size}-*"):
        if old != directory:
            shutil.rmtree(old, ignore_errors=True)
    if marker.exists():
        info = json.loads(marker.read_text())
        info["cached"] = True
        log(f"{size:,} chunks: reusing the synthetic index {directory.name} (built in {info['insert_s']:.0f} s)")
        return directory, info
    shutil.rmtree(directory, ignore_errors=True)
    s = settings.model_copy(update={"index_dir": directory, "chroma_host": None})
    info = write_scaled(s, real, size, embeddings)
    info["cached"] = False
    marker.write_text(json.dumps(info))
    log(
        f"{size:,} chunks: wrote {info['chunks']:,} chunks ({info['documents']} documents) into Chroma in "
        f"{info['insert_s']:.1f} s ({info['insert_chunks_per_s']:.0f} chunks/s)  [load {fmt_load(info['load'])}]"
    )
    return directory, info
