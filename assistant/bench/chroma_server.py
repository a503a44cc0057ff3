"""Hybrid search with the vectors in a `chroma run` server on loopback (`CHROMA_HOST`), the
synthetic index stored in it cached like the local ones; the keyword side stays local.
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from assistant.bench.measure import Measured, fmt_load
from assistant.bench.synthetic import RealCorpus, scale_key, write_scaled
from assistant.bench.worker import run_worker
from assistant.serving import free_port, wait_until_ready
from assistant.settings import Settings


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
        wait_until_ready(
            f"http://127.0.0.1:{port}/api/v2/heartbeat",
            120,
            process=server,
            output=server.tail,
            what="the Chroma server",
        )
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
                f"({info['insert_chunks_per_s']:.0f} chunks/s)  [load {fmt_load(info['load'])}]"
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
        f"  [load {fmt_load(entry['load'])}]"
    )
    return entry
