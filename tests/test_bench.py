"""`python -m assistant bench`: runs end to end in `--quick` mode on a tiny index and writes its
report, results and plots. Figures are checked to be numbers, never against timings (the
machine may be busy); what is checked as behaviour is that the keyword cache built by a first
start is loaded, not rebuilt, by the second.
"""

from __future__ import annotations

import json
import math
from types import SimpleNamespace

import numpy as np
import pytest

from assistant.bench import parse_sizes, synthetic_documents
from assistant.store import StoredChunk

from conftest import REPO


def is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool) and math.isfinite(x)


def dig(obj, path: str):
    for key in path.split("."):
        obj = obj[int(key)] if isinstance(obj, list) else obj[key]
    return obj


NUMBERS = [
    "model_load_s",
    "build.chunks",
    "build.build_s",
    "build.chunks_per_s",
    "build.embed_only_s",
    "build.embed_chunks_per_s",
    "build.ratio",
    "warm.search_ms.p50",
    "warm.search_ms.p95",
    "warm.search_no_embed_ms.p95",
    "warm.embed_ms.p50",
    "warm.ask_ms.p50",
    "warm.ask_ms.p95",
    "cold_start.cli.wall_s.p50",
    "cold_start.cli.peak_rss_mb",
    "cold_start.app.ready_s.p50",
    "cold_start.app.peak_rss_mb",
    "scale.0.chunks",
    "scale.0.search_ms.p50",
    "scale.0.search_ms.p95",
    "scale.0.search_no_embed_ms.p95",
    "scale.0.components_ms.keyword_ms.p95",
    "scale.0.components_ms.embed_ms.p95",
    "scale.0.components_ms.dense_ms.p95",
    "scale.0.components_ms.fuse_ms.p95",
    "scale.0.ask_ms.p95",
    "scale.0.keyword_build_s",
    "scale.0.keyword_load_s",
    "scale.0.keyword_cache_mb",
    "scale.0.index_disk_mb",
    "scale.0.rss_after_load_mb",
    "scale.0.peak_rss_mb",
    "scale.0.keyword_build_peak_rss_mb",
    "scale.0.start_to_first_answer_s",
    "scale.0.insert_s",
    "server.chunks",
    "server.search_ms.p50",
    "server.search_ms.p95",
    "server.components_ms.dense_ms.p95",
    "target.p95_ms",
    "target.target_ms",
    "target.p95_no_embed_ms",
    "scale.0.passive.search_ms.p95",
    "scale.0.passive.components_ms.embed_ms.p95",
    "incremental.load_s",
    "incremental.after_add_s",
    "incremental.after_remove_s",
]


@pytest.mark.slow
def test_quick_bench_writes_report_results_and_plots(run_cli, tmp_path):
    out = tmp_path / "out"
    result = run_cli(
        "bench",
        "--quick",
        "--sizes",
        "300",
        "--output",
        str(out),
        "--work-dir",
        str(tmp_path / "work"),
        index_dir=tmp_path / "index",
        timeout=900,
        PYTHONPATH=str(REPO),
    )
    assert result.returncode == 0, result.stderr[-4000:]

    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    for path in NUMBERS:
        assert is_number(dig(results, path)), (path, dig(results, path))
    for path in ("load_start", "build.load", "warm.load", "cold_start.cli.load", "scale.0.load"):
        assert all(is_number(x) for x in dig(results, path)), path
    assert results["quick"] is True
    assert results["scale"][0]["chunks"] == 300 and results["server"]["chunks"] == 300
    assert results["scale"][0]["synthetic_chunks"] + results["scale"][0]["real_chunks"] == 300
    assert results["scale"][0]["keyword_build_state"] == "built"
    assert results["scale"][0]["second_start_loaded_cache"] is True
    assert results["server"]["second_start_loaded_cache"] is True
    assert isinstance(results["target"]["met"], bool)
    assert (results["incremental"]["size_after_add"], results["incremental"]["size_after_remove"]) == (400, 300)

    report = (out / "report.md").read_text(encoding="utf-8")
    assert "synthetic" in report and "not embedded" in report.replace("**", "")
    plots = sorted(p.name for p in out.glob("*.png"))
    assert plots == ["keyword_cache.png", "scale_breakdown.png", "scale_latency.png", "scale_memory.png"]
    for name in plots:
        assert f"]({name})" in report
        assert (out / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "300 chunks: hybrid search p50" in result.stdout  # figures are printed as they come

    browser = results["browser"]
    if browser.get("skipped"):  # no chromium or Playwright here: said so in the report
        assert f"Skipped: {browser['skipped']}" in report
        return
    for path in ("app_ready_s", "warm_up.first_text_ms", "first_text_ms.p50", "first_text_ms.max", "final_ms.max"):
        assert is_number(dig(browser, path)), path
    assert {q["lang"] for q in browser["questions"]} == {"ar", "fr", "en"}
    for q in browser["questions"]:
        assert is_number(q["first_text_ms"]) and 0 < q["first_text_ms"] <= q["final_ms"], q
        assert is_number(q["height_px"]) and q["height_px"] > 0 and q["sources_folded"] is not False, q
    assert isinstance(browser["first_text_met"], bool) and isinstance(browser["height_met"], bool)
    assert "## Browser (the chat in chromium, offline)" in report and "| fr-034 " in report
    assert "Browser, 3 questions: first answer text p50" in result.stdout


def test_a_report_of_the_browser_figures_alone(tmp_path):
    """`bench --browser-only` where no full run wrote a report: the browser section alone."""
    from assistant.bench import write_bench_report

    row = {"id": "fr-034", "lang": "fr", "question": "Avec | quelles villes ?", "first_text_ms": 120.0}
    row |= {"final_ms": 130.0, "height_px": 1200.0, "answer_lines": 12, "notices_open": 2, "sources": 9}
    browser = {
        "command": "python -m assistant bench --browser-only",
        "started": "2026-12-02T12:00:00+00:00",
        "machine": {"cpu": "CPU", "cores": 2, "memory_gib": 8, "python": "3.11"},
        "embedder_setting": "auto",
        "answer_mode": "extractive",
        "app_ready_s": 9.0,
        "app_peak_rss_mb": 700.0,
        "chromium": "156",
        "viewport": {"width": 1280, "height": 1000},
        "warm_up": {"id": "fr-073", "first_text_ms": 3000.0},
        "classifier_cached": True,
        "first_text_target_ms": 1000.0,
        "screen_px": 1000.0,
        "max_lines": 10,
        "questions": [{**row, "sources_folded": True}],
        "first_text_ms": {"n": 1, "p50": 120.0, "max": 120.0},
        "final_ms": {"n": 1, "p50": 130.0, "max": 130.0},
        "height_px": {"n": 1, "p50": 1200.0, "max": 1200.0},
        "height_up_to_max_lines_px": {"n": 0, "p50": 0.0, "max": 0.0},
        "first_text_met": True,
        "height_met": True,
        "longer_than_max_lines": ["fr-034"],
        "load": [1.0, 1.0, 1.0],
        "load_after": [1.2, 1.0, 1.0],
    }
    write_bench_report({"browser": browser}, tmp_path)
    report = (tmp_path / "report.md").read_text(encoding="utf-8")
    assert report.startswith("# Benchmarks\n\n## Browser (the chat in chromium, offline)\n")
    assert "Command: `python -m assistant bench --browser-only`" in report
    assert "**First answer text < 1000 ms: met**" in report and "longer answers: fr-034, max 1200 px" in report
    assert "| fr-034 Avec \\| quelles villes ? | 120 ms | 130 ms | 1200 px | 12 | 2 | 9 |  |" in report
    assert json.loads((tmp_path / "results.json").read_text(encoding="utf-8")) == {"browser": browser}


def test_synthetic_chunks_are_tagged_and_their_vectors_normalized():
    texts = ["الجملة الأولى عن الداخلة. الجملة الثانية عن درو. الجملة الثالثة.", "فقرة أخرى؟ نعم هي أخرى."]
    real = SimpleNamespace(
        chunks=[
            StoredChunk(f"real:v:{i}", t, f"السياق\n{t}\nDakhla", {"doc_id": "real", "ordinal": i, "kind": "paragraph"})
            for i, t in enumerate(texts)
        ],
        vectors=np.eye(2, 8, dtype=np.float32),
    )
    docs = list(synthetic_documents(real, 250))
    assert [d[0] for d in docs] == ["synth-00000", "synth-00001", "synth-00002"]
    records = [r for d in docs for r in d[4]]
    vectors = np.concatenate([d[5] for d in docs])
    assert len(records) == len(vectors) == 250 and len({r.id for r in records}) == 250
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    assert all(r.meta["doc_id"].startswith("synth-") and r.meta["synthetic"] for r in records)
    assert all(r.index_text.startswith("السياق\n") and r.index_text.endswith("\nDakhla") for r in records)
    assert list(synthetic_documents(real, 250))[1][4][0].text == docs[1][4][0].text  # seeded: reproducible


def test_sizes_parse():
    assert parse_sizes("100000,1000, 10k") == [1000, 10000, 100000]
    with pytest.raises(Exception):
        parse_sizes("a,b")


# -- the keyword side at scale: built once, then loaded, and rebuilt only for what changed ----------------------


class HashEmbeddings:
    """Deterministic 8-d vectors from a text's hash: the keyword side does not need a model."""

    id = "test/hash-8"

    def embed_documents(self, texts):
        return [self.embed_query(t) for t in texts]

    def embed_query(self, text):
        rng = np.random.default_rng(abs(hash(text)) % 2**32)
        v = rng.normal(size=8)
        return (v / np.linalg.norm(v)).tolist()


def test_a_changed_index_rebuilds_only_the_new_versions_and_matches_a_build_from_scratch(tmp_path, monkeypatch):
    from langchain_core.embeddings import Embeddings

    from assistant.aliases import Gazetteer
    from assistant.arabic import tokenize
    from assistant.retrieval import HybridRetriever, KeywordIndex
    from assistant.settings import Settings
    from assistant.store import ChunkStore, chunk_id, version_of

    from conftest import DATA_DIR, synthetic_paragraph

    class Hash(HashEmbeddings, Embeddings):
        pass

    settings = Settings(index_dir=tmp_path / "index", data_dir=DATA_DIR)
    store = ChunkStore(settings, Hash())
    gazetteer = Gazetteer.from_dir(DATA_DIR)

    def write(doc: int, edition: int = 0, paragraphs: int = 4) -> None:
        texts = [synthetic_paragraph(doc, k + edition) for k in range(paragraphs)]
        version = version_of(f"doc{doc}-{edition}", "test")
        records = [
            StoredChunk(
                chunk_id(f"doc{doc:02d}", version, k),
                t,
                f"الوثيقة {doc}\n{t}",
                {"doc_id": f"doc{doc:02d}", "ordinal": k, "kind": "paragraph"},
            )
            for k, t in enumerate(texts)
        ]
        store.write_document(f"doc{doc:02d}", f"sha{doc}-{edition}", version, {"doc_id": f"doc{doc:02d}"}, records)

    for doc in range(6):
        write(doc)
    retriever = HybridRetriever(store, gazetteer, settings)
    retriever.refresh()
    assert retriever.size == 24

    fetched, full_reads = [], []
    real_fetch, real_active = HybridRetriever._fetch_versions, store.active_chunks
    monkeypatch.setattr(
        HybridRetriever,
        "_fetch_versions",
        lambda self, manifest, versions: fetched.append(sorted(versions)) or real_fetch(self, manifest, versions),
    )
    monkeypatch.setattr(store, "active_chunks", lambda *a, **k: full_reads.append(1) or real_active(*a, **k))

    write(6)  # a new document
    write(2, edition=1)  # a changed one
    store.remove_document("doc04")  # and a removed one
    manifest = store.manifest()
    retriever.refresh(force=True)
    assert full_reads == [] and len(fetched) == 1
    assert fetched[0] == sorted(f"{d}:{manifest[d]['version']}" for d in ("doc02", "doc06"))

    scratch = KeywordIndex.build(real_active())
    for index in (retriever.keyword, HybridRetriever(store, gazetteer, settings).keyword):  # in memory; from disk
        assert [(c.id, c.text, c.index_text, c.meta) for c in index.chunks] == [
            (c.id, c.text, c.index_text, c.meta) for c in scratch.chunks
        ]
        assert index.df == scratch.df
        assert index.chunks_of("doc02") == [c for c in index.chunks if c.meta["doc_id"] == "doc02"]
        assert index.chunks_of("doc04") == []
        for question in ("برنامج عمل مشترك في مجال السياحة", "الداخلة ودرو", "تكوين الأطر الإدارية 2031"):
            assert index.search(tokenize(question), 10) == scratch.search(tokenize(question), 10)

    # a new process after another change: reuses the newest cache on disk
    fresh = HybridRetriever(store, gazetteer, settings)
    write(7)
    fresh.refresh()
    assert fresh.size == 28 and full_reads == []
    assert fetched[-1] == [f"doc07:{store.manifest()['doc07']['version']}"]
    assert [c.id for c in fresh.keyword.chunks] == [c.id for c in KeywordIndex.build(real_active()).chunks]
    assert len(list((tmp_path / "index" / "keyword").iterdir())) == 1  # older caches pruned


def test_the_per_query_check_notices_changes_by_another_process_without_reading_the_manifest(tmp_path, monkeypatch):
    from langchain_core.embeddings import Embeddings

    from assistant.aliases import Gazetteer
    from assistant.retrieval import HybridRetriever
    from assistant.settings import Settings
    from assistant.store import ChunkStore, chunk_id, version_of

    from conftest import DATA_DIR, synthetic_paragraph

    class Hash(HashEmbeddings, Embeddings):
        pass

    settings = Settings(index_dir=tmp_path / "index", data_dir=DATA_DIR)
    reader, writer = ChunkStore(settings, Hash()), ChunkStore(settings, Hash())  # two processes, say

    def write(doc: int, edition: int = 0) -> None:
        version = version_of(f"doc{doc}-{edition}", "test")
        records = [
            StoredChunk(
                chunk_id(f"doc{doc:02d}", version, k),
                synthetic_paragraph(doc, k + edition),
                synthetic_paragraph(doc, k + edition),
                {"doc_id": f"doc{doc:02d}", "ordinal": k},
            )
            for k in range(2)
        ]
        writer.write_document(f"doc{doc:02d}", f"sha{doc}-{edition}", version, {}, records)

    for doc in range(3):
        write(doc)
    retriever = HybridRetriever(reader, Gazetteer.from_dir(DATA_DIR), settings)
    retriever.refresh()
    reads = []
    real_manifest = reader.manifest
    monkeypatch.setattr(reader, "manifest", lambda: reads.append(1) or real_manifest())

    def texts_after_a_second() -> set[str]:
        retriever._checked = 0.0  # as if a second went by
        return {c.text for c in retriever.keyword.chunks}

    assert texts_after_a_second() and reads == []  # nothing changed: the manifest is not read
    write(3)  # added
    assert synthetic_paragraph(3, 0) in texts_after_a_second() and len(reads) == 1
    write(1, edition=1)  # updated
    assert synthetic_paragraph(1, 2) in texts_after_a_second() and len(reads) == 2
    writer.remove_document("doc00")  # removed
    assert synthetic_paragraph(0, 0) not in texts_after_a_second() and len(reads) == 3
    assert texts_after_a_second() and len(reads) == 3
    assert retriever.fingerprint == reader.fingerprint(real_manifest())
