"""Evaluation: retrieval hit@k / MRR per language for our retriever and for a
naive LangChain baseline, in the same run, plus build and latency figures.

A retrieved passage is a hit when its text contains one of the question's
evidence strings after Arabic normalization (and comes from the same document).
"""

from __future__ import annotations

import json
import platform
import re
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from assistant.arabic import normalize_spaces

REGISTRY_KINDS = {"list", "count", "date", "filter", "multi_doc_count", "discrepancy"}
LANGS = ("ar", "fr", "en")


@dataclass
class Question:
    id: str
    lang: str
    kind: str
    question: str
    answer_all: list[list[str]]
    evidence: list[dict]

    @property
    def group(self) -> str:
        if self.kind == "unanswerable":
            return "unanswerable"
        return "registry" if self.kind in REGISTRY_KINDS else "passage"


def load_questions(path: Path) -> list[Question]:
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            out.append(Question(d["id"], d["lang"], d["kind"], d["question"], d.get("answer_all", []),
                                d.get("evidence", [])))
    return out


def first_hit(passages: list[tuple[str, str]], evidence: list[dict]) -> int | None:
    """1-based rank of the first (doc, text) passage containing any evidence string."""
    wanted = [(e["doc"], normalize_spaces(e["contains"])) for e in evidence]
    for rank, (doc, text) in enumerate(passages, 1):
        norm = normalize_spaces(text)
        if any((d == doc or not d) and s in norm for d, s in wanted):
            return rank
    return None


@dataclass
class RetrievalScores:
    ranks: dict[str, int | None] = field(default_factory=dict)

    def metrics(self, qs: list[Question]) -> dict:
        ranks = [self.ranks.get(q.id) for q in qs]
        n = len(ranks)
        if not n:
            return {"n": 0}
        hit = lambda k: sum(1 for r in ranks if r is not None and r <= k) / n  # noqa: E731
        return {"n": n, "hit@1": hit(1), "hit@5": hit(5), "hit@10": hit(10),
                "mrr": sum(1 / r for r in ranks if r) / n}


def breakdown(scores: RetrievalScores, qs: list[Question]) -> dict:
    table = {"all": scores.metrics(qs)}
    for lang in LANGS:
        table[lang] = scores.metrics([q for q in qs if q.lang == lang])
    for group in ("passage", "registry"):
        table[group] = scores.metrics([q for q in qs if q.group == group])
    return table


# -- answers -------------------------------------------------------------------------

def _variant_in(variant: str, text: str) -> bool:
    v = normalize_spaces(variant)
    if v.isdigit():  # "9" must not match inside "2009"
        return re.search(rf"(?<!\d){re.escape(v)}(?!\d)", text) is not None
    return v in text


def answer_correct(answer_text: str, answer_all: list[list[str]]) -> bool:
    text = normalize_spaces(answer_text)
    return all(any(_variant_in(v, text) for v in group) for group in answer_all)


@dataclass
class AnswerRecord:
    qid: str
    lang: str
    group: str
    abstained: bool
    correct: bool | None
    citation_checks: int
    citation_ok: int
    framing_lang: str
    ms: float


def answer_metrics(records: list[AnswerRecord]) -> dict:
    if not records:
        return {"n": 0}
    answerable = [r for r in records if r.group != "unanswerable"]
    checks = sum(r.citation_checks for r in records)
    return {
        "n": len(records),
        "correctness": (sum(1 for r in answerable if r.correct) / len(answerable)) if answerable else None,
        "citation_precision": (sum(r.citation_ok for r in records) / checks) if checks else None,
        "abstention_accuracy": sum(1 for r in records if r.abstained == (r.group == "unanswerable")) / len(records),
        "language_accuracy": sum(1 for r in records if r.framing_lang == r.lang) / len(records),
    }


def evaluate_answers(assistant, qs: list[Question]) -> tuple[list[AnswerRecord], list[float], list[dict]]:
    from assistant.answering.answerer import cited_sources
    from assistant.answering.citations import validate
    from assistant.arabic import detect_language

    records, failures = [], []
    for q in qs:
        t0 = time.perf_counter()
        ans = assistant.ask(q.question)
        ms = (time.perf_counter() - t0) * 1e3
        check = validate(ans.answer, cited_sources(ans), assistant.gazetteer)
        framing = " ".join(check.framing) or ans.answer.split("\n")[0]
        correct = None if q.group == "unanswerable" else (not ans.abstained and answer_correct(ans.answer, q.answer_all))
        rec = AnswerRecord(q.id, q.lang, q.group, ans.abstained, correct, check.citation_checks,
                           check.citation_ok, detect_language(framing), ms)
        records.append(rec)
        if (correct is False) or (rec.abstained != (q.group == "unanswerable")):
            failures.append({"id": q.id, "question": q.question, "abstained": ans.abstained,
                             "answer": ans.answer[:400]})
    warm = []
    for q in qs:
        t0 = time.perf_counter()
        assistant.ask(q.question)
        warm.append((time.perf_counter() - t0) * 1e3)
    return records, warm, failures


def answer_breakdown(records: list[AnswerRecord]) -> dict:
    table = {"all": answer_metrics(records)}
    for lang in LANGS:
        table[lang] = answer_metrics([r for r in records if r.lang == lang])
    for group in ("passage", "registry", "unanswerable"):
        table[group] = answer_metrics([r for r in records if r.group == group])
    table["passage+unanswerable"] = answer_metrics([r for r in records if r.group != "registry"])
    return table


# -- the naive baseline --------------------------------------------------------------

class NaiveBaseline:
    """RecursiveCharacterTextSplitter(1000, 200) + the same embedder + Chroma top-k."""

    def __init__(self, assistant, cache_dir: Path):
        from langchain_classic.embeddings import CacheBackedEmbeddings
        from langchain_classic.storage import LocalFileStore
        from langchain_chroma import Chroma
        from langchain_text_splitters import RecursiveCharacterTextSplitter
        import chromadb

        from assistant.documents import discover, load_document, load_metadata

        embeddings = assistant.embeddings
        cached = CacheBackedEmbeddings.from_bytes_store(
            embeddings, LocalFileStore(str(cache_dir)), namespace=getattr(embeddings, "id", "emb"),
            key_encoder="sha256")
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        texts, metas = [], []
        for path in discover([assistant.settings.corpus_dir]):
            meta = load_metadata(path.parent).get(path.name)
            doc = load_document(path, meta)
            for piece in splitter.split_text(doc.text):
                texts.append(piece)
                metas.append({"doc_id": doc.doc_id})
        client = chromadb.EphemeralClient()
        self.store = Chroma(collection_name=f"naive{int(time.time() * 1e6)}", embedding_function=cached,
                            client=client, collection_metadata={"hnsw:space": "cosine"})
        self.store.add_texts(texts, metadatas=metas)
        self.n_chunks = len(texts)

    def search(self, question: str, k: int = 10) -> list[tuple[str, str]]:
        return [(d.metadata["doc_id"], d.page_content) for d in self.store.similarity_search(question, k=k)]


# -- figures -----------------------------------------------------------------------------

def percentile(values: list[float], p: float) -> float:
    if not values:
        return 0.0
    values = sorted(values)
    k = (len(values) - 1) * p
    lo, hi = int(k), min(int(k) + 1, len(values) - 1)
    return values[lo] + (values[hi] - values[lo]) * (k - lo)


def build_benchmark(assistant) -> dict:
    """Index build from scratch vs the embedder alone on the same chunk texts."""
    from assistant.api import Assistant

    with tempfile.TemporaryDirectory() as tmp:
        settings = assistant.settings.model_copy(update={"index_dir": Path(tmp), "chroma_host": None})
        fresh = Assistant(settings)
        fresh.__dict__["embeddings"] = assistant.embeddings  # same loaded model: time the work, not the load
        t0 = time.perf_counter()
        report = fresh.ingest(show_progress=False)
        build = time.perf_counter() - t0
        texts = [c.index_text for c in fresh.store.active_chunks()]
    batch = assistant.settings.embed_batch_size
    t0 = time.perf_counter()
    for i in range(0, len(texts), batch):
        assistant.embeddings.embed_documents(texts[i:i + batch])
    embed_only = time.perf_counter() - t0
    return {"chunks": report.chunks_written, "build_s": build, "embed_only_s": embed_only,
            "ratio": build / embed_only if embed_only else None}


# -- running -----------------------------------------------------------------------------

def run_evaluation(assistant, questions_path: Path, out_dir: Path, *, baseline: bool = True,
                   limit: int | None = None, build_bench: bool = True, answers: bool = True,
                   log=print) -> dict:
    qs = load_questions(questions_path)[:limit]
    retrievable = [q for q in qs if q.evidence]
    assistant.ensure_index()

    ours = RetrievalScores()
    latencies = []
    for q in retrievable:
        passages = assistant.search(q.question, 10)
        ours.ranks[q.id] = first_hit([(p.doc, p.text) for p in passages], q.evidence)
    for q in retrievable:  # warm pass for latency
        t0 = time.perf_counter()
        assistant.search(q.question, 5)
        latencies.append((time.perf_counter() - t0) * 1e3)

    results = {"questions": len(qs), "retrievable": len(retrievable), "ours": breakdown(ours, retrievable),
               "search_ms": {"p50": percentile(latencies, 0.5), "p95": percentile(latencies, 0.95)},
               "misses": [{"id": q.id, "question": q.question, "rank": ours.ranks[q.id]}
                          for q in retrievable if not ours.ranks[q.id] or ours.ranks[q.id] > 5]}
    if answers:
        log(f"Answering {len(qs)} questions in {assistant.answerer.mode} mode...")
        records, warm, failures = evaluate_answers(assistant, qs)
        results["answers"] = answer_breakdown(records)
        results["answer_mode"] = assistant.answerer.mode
        results["ask_ms"] = {"p50": percentile(warm, 0.5), "p95": percentile(warm, 0.95)}
        results["answer_failures"] = failures
    if baseline:
        log("Running the naive baseline (RecursiveCharacterTextSplitter 1000/200 + same embedder + Chroma)...")
        naive = NaiveBaseline(assistant, Path(assistant.settings.index_dir) / "embedding-cache")
        base = RetrievalScores()
        for q in retrievable:
            base.ranks[q.id] = first_hit(naive.search(q.question, 10), q.evidence)
        results["baseline"] = breakdown(base, retrievable)
        results["baseline_chunks"] = naive.n_chunks
    if build_bench:
        log("Timing an index build from scratch against the embedder alone...")
        results["build"] = build_benchmark(assistant)
    results["machine"] = {"python": platform.python_version(), "platform": platform.platform(),
                          "cpus": __import__("os").cpu_count()}
    results["embedder"] = assistant.status()["embedder"]
    write_report(results, out_dir)
    log(format_summary(results))
    return results


def format_summary(r: dict) -> str:
    lines = [f"{'':10} {'n':>4} {'hit@1':>6} {'hit@5':>6} {'hit@10':>6} {'MRR':>6}   baseline hit@5"]
    for key in ("all",) + LANGS + ("passage", "registry"):
        m = r["ours"].get(key, {})
        if not m.get("n"):
            continue
        b = r.get("baseline", {}).get(key, {})
        lines.append(f"{key:10} {m['n']:>4} {m['hit@1']:>6.3f} {m['hit@5']:>6.3f} {m['hit@10']:>6.3f} "
                     f"{m['mrr']:>6.3f}   {b.get('hit@5', float('nan')):.3f}")
    lines.append(f"warm search p50 {r['search_ms']['p50']:.1f} ms, p95 {r['search_ms']['p95']:.1f} ms")
    if "answers" in r:
        lines.append(f"\nanswers ({r['answer_mode']}): {'':4} {'n':>4} {'correct':>8} {'cit.prec':>8} "
                     f"{'abstain':>8} {'lang':>6}")
        for key, m in r["answers"].items():
            if m.get("n"):
                lines.append(f"{key:26} {m['n']:>4} {_f(m['correctness']):>8} {_f(m['citation_precision']):>8} "
                             f"{_f(m['abstention_accuracy']):>8} {_f(m['language_accuracy']):>6}")
        lines.append(f"warm ask p50 {r['ask_ms']['p50']:.1f} ms, p95 {r['ask_ms']['p95']:.1f} ms")
    if "build" in r:
        b = r["build"]
        lines.append(f"index build {b['build_s']:.1f} s for {b['chunks']} chunks; embedder alone "
                     f"{b['embed_only_s']:.1f} s; ratio {b['ratio']:.2f}")
    return "\n".join(lines)


def _f(x) -> str:
    return "-" if x is None else f"{x:.3f}"


def write_report(r: dict, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(r, ensure_ascii=False, indent=2), encoding="utf-8")
    chart = _chart(r, out_dir)
    rows = []
    for key in ("all",) + LANGS + ("passage", "registry"):
        m, b = r["ours"].get(key, {}), r.get("baseline", {}).get(key, {})
        if m.get("n"):
            rows.append(f"| {key} | {m['n']} | {m['hit@1']:.3f} | {m['hit@5']:.3f} | {m['hit@10']:.3f} | "
                        f"{m['mrr']:.3f} | {b.get('hit@5', float('nan')):.3f} | {b.get('mrr', float('nan')):.3f} |")
    text = [
        "# Evaluation report", "",
        f"Embedder: `{r['embedder']}`. Questions: {r['questions']} ({r['retrievable']} with evidence). "
        f"Machine: {r['machine']['platform']}, {r['machine']['cpus']} CPUs, Python {r['machine']['python']}.",
        "Command: `python -m assistant eval`.", "",
        "## Retrieval", "",
        "| group | n | hit@1 | hit@5 | hit@10 | MRR | baseline hit@5 | baseline MRR |",
        "|---|---|---|---|---|---|---|---|", *rows, "",
        "Baseline: LangChain `RecursiveCharacterTextSplitter(1000, 200)` + the same embedder + Chroma top-k"
        + (f" ({r.get('baseline_chunks')} chunks)." if r.get("baseline_chunks") else "."), "",
        f"![hit@5 per language]({chart})" if chart else "", "",
        "## Performance", "",
        f"- Warm `search` latency: p50 {r['search_ms']['p50']:.1f} ms, p95 {r['search_ms']['p95']:.1f} ms "
        f"({r['retrievable']} questions, top 5).",
    ]
    if "answers" in r:
        text += ["", f"## Answers ({r['answer_mode']} mode)", "",
                 "| group | n | correctness | citation precision | abstention accuracy | answer language |",
                 "|---|---|---|---|---|---|"]
        for key, m in r["answers"].items():
            if m.get("n"):
                text.append(f"| {key} | {m['n']} | {_f(m['correctness'])} | {_f(m['citation_precision'])} | "
                            f"{_f(m['abstention_accuracy'])} | {_f(m['language_accuracy'])} |")
        text += ["", "Correctness: every `answer_all` group matched in the answer text (answerable questions). "
                 "Citation precision: share of citations whose passage contains the names and numbers of "
                 "the sentence citing it. Abstention accuracy: abstained exactly on the `unanswerable` "
                 "questions. Answer language: language of the answer's framing = language of the question.",
                 "", f"- Warm `ask` latency: p50 {r['ask_ms']['p50']:.1f} ms, p95 {r['ask_ms']['p95']:.1f} ms."]
    if "build" in r:
        b = r["build"]
        text.append(f"- Index build from scratch: {b['build_s']:.1f} s for {b['chunks']} chunks; the embedder "
                    f"alone on the same texts: {b['embed_only_s']:.1f} s; ratio {b['ratio']:.2f} (target ≤ 1.2).")
    if r.get("answer_failures"):
        text += ["", "## Answer failures", ""]
        text += [f"- `{f['id']}` ({'abstained' if f['abstained'] else 'answered'}): {f['question']}"
                 for f in r["answer_failures"]]
    if r.get("misses"):
        text += ["", "## Retrieval misses (not in top 5)", ""]
        text += [f"- `{m['id']}` rank {m['rank'] or '>10'}: {m['question']}" for m in r["misses"]]
    (out_dir / "report.md").write_text("\n".join(text) + "\n", encoding="utf-8")


def _chart(r: dict, out_dir: Path) -> str | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    keys = [k for k in ("all",) + LANGS if r["ours"].get(k, {}).get("n")]
    ours = [r["ours"][k]["hit@5"] for k in keys]
    base = [r.get("baseline", {}).get(k, {}).get("hit@5", 0) for k in keys]
    fig, ax = plt.subplots(figsize=(6, 3.2))
    xs = range(len(keys))
    ax.bar([x - 0.2 for x in xs], ours, 0.4, label="hybrid (ours)")
    ax.bar([x + 0.2 for x in xs], base, 0.4, label="naive baseline")
    ax.set_xticks(list(xs), keys)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("hit@5")
    ax.axhline(0.95, color="grey", lw=0.8, ls="--")
    ax.legend(loc="lower right")
    fig.tight_layout()
    name = "report_hit5.png"
    fig.savefig(out_dir / name, dpi=110)
    plt.close(fig)
    return name
