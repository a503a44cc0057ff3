"""Warm latency of `search` and `ask` on the real corpus index over the evaluation questions (one
untimed pass, then one timed pass), with the query embedding's share.
"""

from __future__ import annotations

import sys
import time

from tqdm import tqdm

from assistant.bench.measure import fmt_load, load_avg, stats


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
        f"p95 {out['ask_ms']['p95']:.1f} ms; {len(questions)} questions  [load {fmt_load(load)}]"
    )
    return out
