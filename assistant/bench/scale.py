"""Scale: hybrid search, start-up and memory over synthetic indexes of 1k / 10k / 100k chunks,
each searched by the real `HybridRetriever` in fresh processes with the query embedded by the real
embedder (the first process builds the keyword cache, the second must load it); and the keyword
side after adding and removing a document.
"""

from __future__ import annotations

import shutil
import time
from pathlib import Path

from assistant.bench.measure import dir_mb, fmt_load, load_avg
from assistant.bench.synthetic import (
    SYNTH_PER_DOC,
    SYNTH_SEED,
    PrecomputedEmbeddings,
    RealCorpus,
    as_langchain,
    scaled_index,
    synthetic_documents,
)
from assistant.bench.worker import run_worker
from assistant.settings import Settings

TARGET_P95_MS = 300.0  # hybrid search at the largest size, query embedding included


def bench_scale(
    settings: Settings,
    real: RealCorpus,
    size: int,
    embeddings,
    root: Path,
    questions: list[str],
    workdir: Path,
    passes: int,
    log=print,
) -> dict:
    directory, info = scaled_index(settings, real, size, embeddings, root, log=log)
    shutil.rmtree(directory / "keyword", ignore_errors=True)  # the first start builds it from scratch
    first = run_worker(settings, directory, [], workdir, f"scale-{size}-first", 0)
    second = run_worker(settings, directory, questions, workdir, f"scale-{size}-second", passes)
    passive = (
        run_worker(
            settings, directory, questions, workdir, f"scale-{size}-passive", passes, {"OMP_WAIT_POLICY": "PASSIVE"}
        )
        if questions
        else None
    )
    entry = {
        "chunks": info["chunks"],
        "real_chunks": info["real_chunks"],
        "synthetic_chunks": info["synthetic_chunks"],
        "documents": info["documents"],
        "insert_s": info["insert_s"],
        "insert_load": info["load"],
        "index_cached": info["cached"],
        "index_disk_mb": dir_mb(directory / "chroma"),
        "keyword_build_s": first["keyword_s"],
        "keyword_build_state": first["keyword_cache"],
        "keyword_build_peak_rss_mb": first["peak_rss_mb"],
        "keyword_build_load": first["load"],
        "keyword_load_s": second["keyword_s"],
        "keyword_load_state": second["keyword_cache"],
        "keyword_cache_mb": second["keyword_cache_mb"],
        "second_start_loaded_cache": second["keyword_cache"] == "loaded",
        **{
            k: second[k]
            for k in (
                "search_ms",
                "search_no_embed_ms",
                "components_ms",
                "ask_ms",
                "first_query_ms",
                "start_to_first_answer_s",
                "rss_after_load_mb",
                "rss_end_mb",
                "peak_rss_mb",
                "model_s",
                "open_s",
                "load",
                "load_after",
            )
        },
    }
    if passive:
        entry["passive"] = {
            k: passive[k] for k in ("search_ms", "search_no_embed_ms", "components_ms", "ask_ms", "load")
        }
    log(
        f"{size:,} chunks: hybrid search p50 {entry['search_ms']['p50']:.1f} ms, p95 {entry['search_ms']['p95']:.1f} ms "
        f"(without the query embedding p95 {entry['search_no_embed_ms']['p95']:.1f} ms); keyword cache built in "
        f"{entry['keyword_build_s']:.1f} s, loaded in {entry['keyword_load_s']:.2f} s "
        f"(second start {'loaded' if entry['second_start_loaded_cache'] else 'REBUILT'} it); "
        f"peak RSS {entry['peak_rss_mb']:.0f} MB  [load {fmt_load(entry['load'])}]"
    )
    if passive:
        log(
            f"{size:,} chunks, OMP_WAIT_POLICY=PASSIVE: hybrid search p50 {passive['search_ms']['p50']:.1f} ms, "
            f"p95 {passive['search_ms']['p95']:.1f} ms (query embedding p95 "
            f"{passive['components_ms']['embed_ms']['p95']:.1f} ms)  [load {fmt_load(passive['load'])}]"
        )
    return entry


def bench_incremental(settings: Settings, real: RealCorpus, size: int, embeddings, root: Path, log=print) -> dict:
    """Add a document of SYNTH_PER_DOC chunks to the synthetic index of `size` chunks, then remove it:
    the keyword side follows each change by reusing what it holds (no re-read of the index, no
    re-tokenizing), against the full build the first start of `bench_scale` timed."""
    from assistant.aliases import Gazetteer
    from assistant.retrieval import HybridRetriever
    from assistant.store import ChunkStore, StoredChunk, chunk_id

    directory, _ = scaled_index(settings, real, size, embeddings, root, log=log)
    s = settings.model_copy(update={"index_dir": directory, "chroma_host": None, "embed_batch_size": SYNTH_PER_DOC})
    pre = PrecomputedEmbeddings(embeddings)
    store = ChunkStore(s, as_langchain(pre))
    retriever = HybridRetriever(store, Gazetteer.from_dir(s.data_dir), s)
    load = load_avg()
    t0 = time.perf_counter()
    retriever.refresh()
    load_s = time.perf_counter() - t0
    _, sha, version, info, records, vecs = next(synthetic_documents(real, SYNTH_PER_DOC, seed=SYNTH_SEED + 1))
    doc_id = "synth-added"
    records = [
        StoredChunk(chunk_id(doc_id, version, i), r.text, r.index_text, {**r.meta, "doc_id": doc_id})
        for i, r in enumerate(records)
    ]
    pre.expect([r.index_text for r in records], vecs)
    store.write_document(doc_id, sha, version, {**info, "doc_id": doc_id}, records)
    t0 = time.perf_counter()
    retriever.refresh(force=True)
    add_s = time.perf_counter() - t0
    added = retriever.size
    store.remove_document(doc_id)
    t0 = time.perf_counter()
    retriever.refresh(force=True)
    remove_s = time.perf_counter() - t0
    out = {
        "chunks": size,
        "added_chunks": len(records),
        "load_s": load_s,
        "after_add_s": add_s,
        "after_remove_s": remove_s,
        "size_after_add": added,
        "size_after_remove": retriever.size,
        "load": load,
    }
    log(
        f"{size:,} chunks: keyword side after adding a {len(records)}-chunk document {add_s:.1f} s, after removing "
        f"it {remove_s:.1f} s (the whole index is not re-read nor re-tokenized)  [load {fmt_load(load)}]"
    )
    return out
