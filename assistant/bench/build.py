"""Index build of the real corpus from scratch (a fresh index under `<work>/real`), against the
embedder alone on the same chunk texts (same loaded model, same batch size): their ratio is the
cost of everything in an ingest that is not embedding.
"""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from tqdm import tqdm

from assistant.bench.measure import fmt_load, load_avg
from assistant.settings import Settings


def corpus_files(settings: Settings, quick: bool) -> list[Path]:
    from assistant.documents import discover

    files = list(discover([settings.corpus_dir]))
    if quick:  # the smallest document only: a build that takes seconds
        files = sorted(files, key=lambda p: p.stat().st_size)[:1]
    return files


def bench_build(settings: Settings, embeddings, root: Path, quick: bool, log=print) -> tuple[dict, object]:
    """Build the real corpus index from scratch; time the embedder alone on the same texts."""
    from assistant.api import Assistant

    real_dir = root / "real"
    shutil.rmtree(real_dir, ignore_errors=True)
    real_settings = settings.model_copy(update={"index_dir": real_dir, "chroma_host": None})
    assistant = Assistant(real_settings)
    assistant.__dict__["embeddings"] = embeddings  # the loaded model: time the work, not the load
    files = corpus_files(settings, quick)
    load = load_avg()
    t0 = time.perf_counter()
    report = assistant.ingest(files, show_progress=True)
    build_s = time.perf_counter() - t0
    if report.failed:
        raise RuntimeError(f"the corpus did not index cleanly: {report.failed}")
    from assistant.indexing import embedding_batches

    groups = embedding_batches(assistant.store.active_chunks(), real_settings)
    t0 = time.perf_counter()
    with tqdm(total=sum(map(len, groups)), unit="text", desc="Embedder alone", file=sys.stderr) as bar:
        for texts in groups:  # chunks and their sentences, batched as the ingest batches them
            embeddings.embed_documents(texts)
            bar.update(len(texts))
    embed_s = time.perf_counter() - t0
    n = report.chunks_written
    out = {
        "documents": len(report.added),
        "chunks": n,
        "texts": sum(map(len, groups)),
        "build_s": build_s,
        "chunks_per_s": n / build_s if build_s else 0.0,
        "embed_only_s": embed_s,
        "embed_chunks_per_s": n / embed_s if embed_s else 0.0,
        "ratio": build_s / embed_s if embed_s else 0.0,
        "load": load,
        "load_after": load_avg(),
    }
    log(
        f"Index build: {n} chunks from {len(report.added)} document(s) in {build_s:.1f} s "
        f"({out['chunks_per_s']:.2f} chunks/s); embedder alone {embed_s:.1f} s "
        f"({out['embed_chunks_per_s']:.2f} chunks/s); ratio {out['ratio']:.2f}  [load {fmt_load(load)}]"
    )
    return out, assistant
