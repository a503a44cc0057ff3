"""A fresh process over an index (`python -m assistant.bench worker CFG`): it starts, loads or
builds the keyword side and times the questions from inside, so its memory and start-up are its
own, not the benchmark's.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from tqdm import tqdm

from assistant.bench.measure import Measured, child_env, dir_mb, load_avg, peak_rss_mb, rss_mb, stats
from assistant.settings import Settings


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
