"""Ingestion: files -> documents -> chunks -> records in the store.

Loads and chunks everything first (cheap), then embeds only what changed,
under one progress bar. Unreadable files are reported and skipped; the rest
are still ingested, and existing chunks are never touched by a failure.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from assistant.aliases import Gazetteer
from assistant.chunking import Chunk, chunk_document
from assistant.documents import DocumentError, SourceDocument, discover, load_document, load_metadata
from assistant.settings import Settings
from assistant.store import ChunkStore, StoredChunk, chunk_id, version_of


@dataclass
class IngestReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)
    chunks_written: int = 0
    cleaned: int = 0
    seconds: float = 0.0
    embed_seconds: float = 0.0
    extract_seconds: float = 0.0
    agreements: int = 0  # records extracted in this run
    reextracted: list[str] = field(default_factory=list)  # unchanged documents read again by a newer extractor

    def summary(self) -> str:
        parts = [f"{len(self.added)} added", f"{len(self.updated)} updated", f"{len(self.unchanged)} unchanged"]
        if self.removed:
            parts.append(f"{len(self.removed)} removed")
        if self.failed:
            parts.append(f"{len(self.failed)} failed")
        return f"Ingested: {', '.join(parts)}; {self.chunks_written} chunks embedded in {self.seconds:.1f} s"

    def to_dict(self) -> dict:
        return {
            "added": self.added,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "removed": self.removed,
            "failed": [{"file": f, "error": e} for f, e in self.failed],
            "chunks_written": self.chunks_written,
            "seconds": round(self.seconds, 2),
            "agreements_extracted": self.agreements,
            "reextracted": self.reextracted,
            "extract_seconds": round(self.extract_seconds, 2),
        }


def index_text(chunk: Chunk, gazetteer: Gazetteer) -> str:
    """What gets embedded and keyword-indexed: the chunk with its context, plus the
    Latin-script names of the places it mentions (so French/English questions match)."""
    body = chunk.context if chunk.kind == "table_row" else f"{chunk.context}\n{chunk.text}"
    latin = gazetteer.latin_names(f"{chunk.context}\n{chunk.text}")
    return f"{body}\n{latin}" if latin else body


# Bump when chunking or index-text rules change: every document is then re-indexed.
PIPELINE_VERSION = "4"


def pipeline_id(gazetteer: Gazetteer, settings: Settings | None = None) -> str:
    # turning `sentence_vectors` on or off changes what a version stores: it re-indexes
    units = "" if settings is None or settings.sentence_vectors else ":chunks-only"
    return f"{PIPELINE_VERSION}:{gazetteer.fingerprint}{units}"


def extraction_id(gazetteer: Gazetteer, settings: Settings) -> str:
    """What the extracted rows depend on: the extractor, its cue and theme files, the
    gazetteer. A change re-extracts every document at the next ingest (no re-embedding)."""
    import hashlib

    from assistant.extraction import EXTRACTION_VERSION

    digest = hashlib.sha256()
    for name in ("extraction.yaml", "themes.yaml"):
        path = Path(settings.data_dir) / name
        digest.update(path.read_bytes() if path.exists() else b"")
    for name in ("rules.py", "dates.py", "__init__.py"):
        digest.update((Path(__file__).parent / "extraction" / name).read_bytes())
    return f"{EXTRACTION_VERSION}:{gazetteer.fingerprint}:{','.join(settings.extractors)}:{digest.hexdigest()[:12]}"


def extract_rows(doc: SourceDocument, gazetteer: Gazetteer, settings: Settings) -> list[dict]:
    from assistant.extraction import extract

    return [
        r.model_dump(mode="json")
        for r in extract(doc.doc_id, doc.text, doc.metadata, gazetteer=gazetteer, settings=settings)
    ]


def to_records(doc: SourceDocument, version: str, chunks: list[Chunk], gazetteer: Gazetteer) -> list[StoredChunk]:
    records = []
    for c in chunks:
        meta = {
            "doc_id": doc.doc_id,
            "title": doc.title,
            "ordinal": c.ordinal,
            "kind": c.kind,
            "section": c.section_path,
            "context": c.context,
            "start": c.start,
            "end": c.end,
            "line_start": c.line_start,
            "line_end": c.line_end,
            "extra": json.dumps(c.meta, ensure_ascii=False),
        }
        if "reference" in c.meta:
            meta["reference"] = c.meta["reference"]
        records.append(StoredChunk(chunk_id(doc.doc_id, version, c.ordinal), c.text, index_text(c, gazetteer), meta))
    return records


def unit_texts(record: StoredChunk) -> list[str]:
    """The sentences and rows answer selection can quote from this chunk (their vectors
    are stored with it)."""
    from assistant.answering.extractive import passage_units
    from assistant.retrieval import HybridRetriever

    return [t for _, t in passage_units(HybridRetriever._passage(record, 1, 0.0))]


def embedding_batches(chunks: list[StoredChunk], settings: Settings) -> list[list[str]]:
    """Every text an ingest embeds for these chunks, batched as it batches them: the
    benchmarks time the embedder alone on exactly this."""
    batch = max(1, settings.embed_batch_size)
    out = []
    for i in range(0, len(chunks), batch):
        part = chunks[i : i + batch]
        out.append(
            [c.index_text for c in part]
            + ([t for c in part for t in unit_texts(c)] if settings.sentence_vectors else [])
        )
    return out


def _check_not_a_duplicate(doc: SourceDocument, manifest: dict, seen_hashes: dict[str, str]) -> None:
    """Refuse a file that would silently replace another document (same id, other file that
    still exists) or index the same bytes twice under another id (a copy, a re-upload)."""
    name = doc.metadata.get("source_file") or doc.path.name
    here = doc.path.resolve()
    owner = manifest.get(doc.doc_id, {}).get("source_path")
    if owner and Path(owner) != here and Path(owner).exists():
        raise DocumentError(
            f"{name}: the document id '{doc.doc_id}' is already used by the file "
            f"{Path(owner).name}; rename this file or give it its own id in documents.yaml"
        )
    twin = seen_hashes.get(doc.sha256) or next(
        (
            d
            for d, m in manifest.items()
            if d != doc.doc_id
            and m.get("sha256") == doc.sha256
            and Path(m.get("source_path") or "").exists()
            and Path(m["source_path"]) != here
        ),
        None,
    )
    if twin:
        raise DocumentError(f"{name}: the same content is already indexed as '{twin}'")


def ingest(
    store: ChunkStore,
    gazetteer: Gazetteer,
    settings: Settings,
    paths: list[Path],
    *,
    prune: bool = False,
    show_progress: bool = True,
    on_progress=None,
) -> IngestReport:
    started = time.perf_counter()
    report = IngestReport()
    manifest = store.manifest()
    max_bytes = int(settings.max_file_mb * 1e6)
    max_unzipped = int(settings.max_unzipped_mb * 1e6)

    pending: list[tuple[SourceDocument, str, list[StoredChunk], bool]] = []
    reextract: list[SourceDocument] = []
    pipeline = pipeline_id(gazetteer, settings)
    extractor = extraction_id(gazetteer, settings)
    seen_ids: set[str] = set()
    seen_hashes: dict[str, str] = {}
    for p in paths:
        if not Path(p).exists():
            report.failed.append((str(p), "no such file or directory"))
    metadata_cache: dict[Path, dict] = {}
    for path in discover([p for p in paths if Path(p).exists()]):
        meta_by_file = metadata_cache.setdefault(path.parent, load_metadata(path.parent))
        try:
            doc = load_document(path, meta_by_file.get(path.name), max_bytes=max_bytes, max_unzipped=max_unzipped)
            if doc.doc_id in seen_ids:
                raise DocumentError(f"{path.name}: another file in this run has the same document id '{doc.doc_id}'")
            _check_not_a_duplicate(doc, manifest, seen_hashes)
            seen_ids.add(doc.doc_id)
            seen_hashes[doc.sha256] = doc.doc_id
            version = version_of(doc.sha256, pipeline, meta_by_file.get(path.name))
            if store.is_current(doc.doc_id, version, manifest):
                report.unchanged.append(doc.doc_id)
                if manifest[doc.doc_id].get("extraction") != extractor:
                    reextract.append(doc)
                continue
            chunks = chunk_document(doc.doc_id, doc.text, doc.title)
            if not chunks:
                raise DocumentError(f"{path.name}: no text to index")
            pending.append((doc, version, to_records(doc, version, chunks, gazetteer), doc.doc_id in manifest))
        except DocumentError as exc:
            report.failed.append((str(path), str(exc)))

    total = sum(len(r) for _, _, r, _ in pending)
    bar = tqdm(total=total, unit="chunk", desc="Embedding", disable=not show_progress or total == 0, file=sys.stderr)
    done = 0

    def advance(n: int) -> None:
        nonlocal done
        done += n
        bar.update(n)
        if on_progress:
            on_progress(done, total)

    embed_started = time.perf_counter()
    if on_progress and total:
        on_progress(0, total)  # the total at once: the first batch (chunks and their sentences) takes a while

    def rows_of(doc: SourceDocument) -> list[dict]:
        t0 = time.perf_counter()
        try:
            rows = extract_rows(doc, gazetteer, settings)
        except Exception as exc:  # noqa: BLE001  an extractor bug must not lose the document
            print(f"warning: agreement extraction failed on {doc.doc_id}: {exc}", file=sys.stderr)
            rows = []
        report.extract_seconds += time.perf_counter() - t0
        report.agreements += len(rows)
        return rows

    for doc in reextract:
        info = {**manifest[doc.doc_id], "agreements": rows_of(doc), "extraction": extractor}
        for key in ("sha256", "version", "n_chunks", "ingested_at", "embedder"):  # metadata, not info
            info.pop(key, None)
        store.update_info(doc.doc_id, info)
        report.reextracted.append(doc.doc_id)

    try:
        for doc, version, records, existed in pending:
            info = {
                **doc.metadata,
                "source_path": str(doc.path.resolve()),
                "chars": len(doc.text),
                "doc_id": doc.doc_id,
                "agreements": rows_of(doc),
                "extraction": extractor,
            }
            store.write_document(
                doc.doc_id,
                doc.sha256,
                version,
                info,
                records,
                progress=advance,
                units=unit_texts if settings.sentence_vectors else None,
            )
            (report.updated if existed else report.added).append(doc.doc_id)
            report.chunks_written += len(records)
    finally:
        bar.close()
    report.embed_seconds = time.perf_counter() - embed_started

    # After writing, not before: chunks an interrupted run left behind are reused above
    # (deterministic ids) when their document is re-ingested; whatever is left is garbage.
    report.cleaned = store.cleanup()
    if prune:
        roots = [Path(p).resolve() for p in paths]
        for doc_id, info in store.manifest().items():
            src = Path(info.get("source_path", ""))
            under = any(src == r or r in src.parents for r in roots)
            if under and not src.exists():
                store.remove_document(doc_id)
                report.removed.append(doc_id)
    report.seconds = time.perf_counter() - started
    return report
