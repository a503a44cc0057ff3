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
    intent: str | None = None
    family: str | None = None
    history: list[str] = field(default_factory=list)  # earlier questions of the conversation (follow-ups)

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
            out.append(
                Question(
                    d["id"],
                    d["lang"],
                    d["kind"],
                    d["question"],
                    d.get("answer_all", []),
                    d.get("evidence", []),
                    d.get("intent"),
                    d.get("family"),
                    d.get("history") or [],
                )
            )
    return out


SPLIT_SEED = "twinning-eval-1"
TEST_SHARE = 0.45


def split(
    qs: list[Question], seed: str = SPLIT_SEED, test_share: float = TEST_SHARE
) -> tuple[list[Question], list[Question]]:
    """(dev, test): stratified by language and kind, each stratum ordered by a seeded
    hash of the id, its first `test_share` going to test. A paraphrase family stays
    on one side (the side of its first member), so no fact is fit on in one wording
    and tested in another. Stable as questions are added."""
    import hashlib
    import math

    def h(text: str) -> str:
        return hashlib.sha256(f"{seed}:{text}".encode()).hexdigest()

    side: dict[str, str] = {}
    strata: dict[tuple[str, str], list[Question]] = {}
    for q in qs:
        strata.setdefault((q.lang, q.kind), []).append(q)
    assigned: dict[str, str] = {}
    for key in sorted(strata):
        members = sorted(strata[key], key=lambda q: h(q.id))
        n_test = math.ceil(len(members) * test_share) if len(members) > 1 else int(h(key[0] + key[1]) < "7")
        for i, q in enumerate(members):
            assigned[q.id] = "test" if i < n_test else "dev"
    for q in qs:  # families follow their first member (in file order)
        if q.family:
            side.setdefault(q.family, assigned[q.id])
            assigned[q.id] = side[q.family]
    return [q for q in qs if assigned[q.id] == "dev"], [q for q in qs if assigned[q.id] == "test"]


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
        return {"n": n, "hit@1": hit(1), "hit@5": hit(5), "hit@10": hit(10), "mrr": sum(1 / r for r in ranks if r) / n}


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
    kind: str = ""
    intent: str | None = None  # the labelled intent
    predicted_intent: str | None = None
    route: str | None = None


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
        "intent_accuracy": (sum(1 for r in labelled if r.predicted_intent == r.intent) / len(labelled))
        if (labelled := [r for r in records if r.intent])
        else None,
    }


def evaluate_answers(assistant, qs: list[Question]) -> tuple[list[AnswerRecord], list[float], list[dict]]:
    from assistant.answering.answerer import cited_sources, source_labels
    from assistant.answering.citations import validate
    from assistant.arabic import detect_language

    records, failures = [], []
    for q in qs:
        t0 = time.perf_counter()
        ans = assistant.ask(q.question, history=q.history or None)
        ms = (time.perf_counter() - t0) * 1e3
        check = validate(
            ans.answer, cited_sources(ans), assistant.gazetteer, source_labels(assistant._docs(), ans.language)
        )
        framing = " ".join(check.framing) or ans.answer.split("\n")[0]
        correct = (
            None if q.group == "unanswerable" else (not ans.abstained and answer_correct(ans.answer, q.answer_all))
        )
        rec = AnswerRecord(
            q.id,
            q.lang,
            q.group,
            ans.abstained,
            correct,
            check.citation_checks,
            check.citation_ok,
            detect_language(framing),
            ms,
            q.kind,
            q.intent,
            ans.extra.get("analysis", {}).get("intent"),
            ans.extra.get("route"),
        )
        records.append(rec)
        if (correct is False) or (rec.abstained != (q.group == "unanswerable")):
            failures.append(
                {
                    "id": q.id,
                    "question": q.question,
                    "abstained": ans.abstained,
                    "route": rec.route,
                    "intent": rec.predicted_intent,
                    "answer": ans.answer[:400],
                }
            )
    warm = []
    for q in qs:
        t0 = time.perf_counter()
        assistant.ask(q.question, history=q.history or None)
        warm.append((time.perf_counter() - t0) * 1e3)
    return records, warm, failures


def evaluate_followups(assistant, path: Path) -> dict:
    """Follow-ups (`eval/followups.jsonl`: each with its earlier questions), dev and test
    splits apart; and whether every stand-alone question (kind `standalone`) is answered
    exactly as it is without its history."""
    qs = load_questions(path)
    dev, test = split(qs)
    records, _, failures = evaluate_answers(assistant, qs)
    by_id = {r.qid: r for r in records}
    standalone = [q for q in qs if q.kind == "standalone"]
    same = [
        q.id
        for q in standalone
        if assistant.ask(q.question, history=q.history).answer == assistant.ask(q.question).answer
    ]
    side = {q.id: "dev" for q in dev} | {q.id: "test" for q in test}
    return {
        "n": len(qs),
        "split": {"dev": len(dev), "test": len(test)},
        "answers": {k: answer_breakdown([by_id[q.id] for q in v]) for k, v in (("dev", dev), ("test", test))},
        "standalone": {
            "n": len(standalone),
            "unchanged": len(same),
            "changed": [q.id for q in standalone if q.id not in same],
        },
        "failures": [{**f, "set": side[f["id"]]} for f in failures],
    }


def answer_breakdown(records: list[AnswerRecord], kinds: bool = False) -> dict:
    table = {"all": answer_metrics(records)}
    for lang in LANGS:
        table[lang] = answer_metrics([r for r in records if r.lang == lang])
    for group in ("passage", "registry", "unanswerable"):
        table[group] = answer_metrics([r for r in records if r.group == group])
    if kinds:
        for kind in sorted({r.kind for r in records}):
            table[f"kind:{kind}"] = answer_metrics([r for r in records if r.kind == kind])
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
            embeddings, LocalFileStore(str(cache_dir)), namespace=getattr(embeddings, "id", "emb"), key_encoder="sha256"
        )
        splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
        texts, metas = [], []
        for path in discover([assistant.settings.corpus_dir]):
            meta = load_metadata(path.parent).get(path.name)
            doc = load_document(path, meta)
            for piece in splitter.split_text(doc.text):
                texts.append(piece)
                metas.append({"doc_id": doc.doc_id})
        client = chromadb.EphemeralClient()
        self.store = Chroma(
            collection_name=f"naive{int(time.time() * 1e6)}",
            embedding_function=cached,
            client=client,
            collection_metadata={"hnsw:space": "cosine"},
        )
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
    """Index build from scratch vs the embedder alone on the same texts (chunks, and their
    sentences when `sentence_vectors` is on), batched as the ingest batches them."""
    from assistant.api import Assistant

    with tempfile.TemporaryDirectory() as tmp:
        settings = assistant.settings.model_copy(update={"index_dir": Path(tmp), "chroma_host": None})
        fresh = Assistant(settings)
        fresh.__dict__["embeddings"] = assistant.embeddings  # same loaded model: time the work, not the load
        t0 = time.perf_counter()
        report = fresh.ingest(show_progress=False)
        build = time.perf_counter() - t0
        chunks = fresh.store.active_chunks()
    from assistant.indexing import embedding_batches

    groups = embedding_batches(chunks, assistant.settings)
    t0 = time.perf_counter()
    for texts in groups:
        assistant.embeddings.embed_documents(texts)
    embed_only = time.perf_counter() - t0
    return {
        "chunks": report.chunks_written,
        "texts": sum(map(len, groups)),
        "build_s": build,
        "embed_only_s": embed_only,
        "ratio": build / embed_only if embed_only else None,
    }


# -- running -----------------------------------------------------------------------------

SETS = ("dev", "test", "holdout")


def run_evaluation(
    assistant,
    questions_path: Path,
    out_dir: Path,
    *,
    baseline: bool = True,
    limit: int | None = None,
    build_bench: bool = True,
    answers: bool = True,
    holdout_path: Path | None = None,
    log=print,
) -> dict:
    """Dev and test splits of `questions_path` side by side, and the untouched held-out
    set (`eval/holdout.jsonl` beside it) as a third column."""
    qs = load_questions(questions_path)[:limit]
    dev, test = split(qs)
    holdout_path = holdout_path or Path(questions_path).with_name("holdout.jsonl")
    holdout = load_questions(holdout_path) if holdout_path.exists() and limit is None else []
    sets = {"dev": dev, "test": test, "holdout": holdout}
    everything = qs + holdout
    retrievable = [q for q in everything if q.evidence]
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

    results = {
        "questions": len(qs),
        "split": {k: len(v) for k, v in sets.items()},
        "split_rule": f"stratified by language and kind, seeded hash '{SPLIT_SEED}', "
        f"{TEST_SHARE:.0%} to test, paraphrase families kept on one side",
        "retrievable": len(retrievable),
        "ours": {k: breakdown(ours, [q for q in v if q.evidence]) for k, v in sets.items() if v},
        "search_ms": {"p50": percentile(latencies, 0.5), "p95": percentile(latencies, 0.95)},
        "misses": [
            {"id": q.id, "question": q.question, "rank": ours.ranks[q.id]}
            for q in retrievable
            if not ours.ranks[q.id] or ours.ranks[q.id] > 5
        ],
        "side": {q.id: k for k, v in sets.items() for q in v},
    }
    model = getattr(assistant, "intent_model", None)
    if model is not None and getattr(model, "cv", None):
        results["intent_cv"] = model.cv
    try:
        from assistant.learn.answer_models import load_models

        m = load_models()
        results["answer_models"] = {
            "unit_cv": m.unit.report.get("cv"),
            "abstain_cv": m.abstain.report.get("cv_at_threshold"),
            "abstain_threshold": m.abstain.threshold,
            "fitted": m.meta.get("fitted_at"),
            "curve": m.abstain.report.get("cv_curve", []),
        }
    except Exception:
        pass
    if answers:
        log(f"Answering {len(everything)} questions in {assistant.answerer.mode} mode...")
        records, warm, failures = evaluate_answers(assistant, everything)
        by_id = {r.qid: r for r in records}
        results["answers"] = {k: answer_breakdown([by_id[q.id] for q in v], kinds=True) for k, v in sets.items() if v}
        results["answer_mode"] = assistant.answerer.mode
        results["ask_ms"] = {"p50": percentile(warm, 0.5), "p95": percentile(warm, 0.95)}
        side = {q.id: k for k, v in sets.items() for q in v}
        results["answer_failures"] = [{**f, "set": side.get(f["id"])} for f in failures]
    followups_path = Path(questions_path).with_name("followups.jsonl")
    if answers and limit is None and followups_path.exists():
        log("Answering the follow-up questions (each after its earlier turns)...")
        results["followups"] = evaluate_followups(assistant, followups_path)
    if baseline:
        log("Running the naive baseline (RecursiveCharacterTextSplitter 1000/200 + same embedder + Chroma)...")
        naive = NaiveBaseline(assistant, Path(assistant.settings.index_dir) / "embedding-cache")
        base = RetrievalScores()
        for q in retrievable:
            base.ranks[q.id] = first_hit(naive.search(q.question, 10), q.evidence)
        results["baseline"] = {k: breakdown(base, [q for q in v if q.evidence]) for k, v in sets.items() if v}
        results["baseline_chunks"] = naive.n_chunks
    if build_bench:
        log("Timing an index build from scratch against the embedder alone...")
        results["build"] = build_benchmark(assistant)
    results["machine"] = {
        "python": platform.python_version(),
        "platform": platform.platform(),
        "cpus": __import__("os").cpu_count(),
        "cpu": _cpu_name(),
    }
    results["embedder"] = assistant.status()["embedder"]
    write_report(results, out_dir)
    log(format_summary(results))
    return results


def _cpu_name() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


def _cols(r: dict, table: str, key: str, metric: str) -> list[str]:
    return [_f(r.get(table, {}).get(s, {}).get(key, {}).get(metric)) for s in SETS]


def format_summary(r: dict) -> str:
    lines = [f"split: {r['split']}", f"{'retrieval hit@5':24} {'dev':>7} {'test':>7} {'holdout':>7}"]
    for key in ("all",) + LANGS + ("passage", "registry"):
        lines.append(f"{key:24} " + " ".join(f"{v:>7}" for v in _cols(r, "ours", key, "hit@5")))
    lines.append(f"warm search p50 {r['search_ms']['p50']:.1f} ms, p95 {r['search_ms']['p95']:.1f} ms")
    if "answers" in r:
        lines.append(f"\nanswers ({r['answer_mode']})")
        for metric in (
            "correctness",
            "abstention_accuracy",
            "citation_precision",
            "language_accuracy",
            "intent_accuracy",
        ):
            lines.append(f"{metric:24} " + " ".join(f"{v:>7}" for v in _cols(r, "answers", "all", metric)))
        for key in LANGS + ("passage", "registry", "unanswerable"):
            lines.append(
                f"  correct/abstain {key:8} "
                + " ".join(
                    f"{c:>7}/{a:<7}"
                    for c, a in zip(
                        _cols(r, "answers", key, "correctness"), _cols(r, "answers", key, "abstention_accuracy")
                    )
                )
            )
        lines.append(f"warm ask p50 {r['ask_ms']['p50']:.1f} ms, p95 {r['ask_ms']['p95']:.1f} ms")
    if r.get("followups"):
        f = r["followups"]
        lines.append(
            f"follow-ups ({f['n']}): correctness dev {_f(f['answers']['dev']['all'].get('correctness'))}, "
            f"test {_f(f['answers']['test']['all'].get('correctness'))}; stand-alone questions answered as "
            f"without history: {f['standalone']['unchanged']}/{f['standalone']['n']}"
        )
    if r.get("intent_cv"):
        cv = r["intent_cv"]
        lines.append(
            f"intent classifier CV accuracy {cv['accuracy']:.3f} (n={cv['n']}; "
            + ", ".join(f"{k} {v['accuracy']:.3f}" for k, v in cv.items() if isinstance(v, dict))
            + ")"
        )
    if "build" in r:
        b = r["build"]
        lines.append(
            f"index build {b['build_s']:.1f} s for {b['chunks']} chunks ({b.get('texts', b['chunks'])} texts); embedder alone "
            f"{b['embed_only_s']:.1f} s; ratio {b['ratio']:.2f}"
        )
    return "\n".join(lines)


def _f(x) -> str:
    return "-" if x is None else f"{x:.3f}"


def write_report(r: dict, out_dir: Path) -> None:
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(r, ensure_ascii=False, indent=2), encoding="utf-8")
    chart = _chart(r, out_dir)
    head = "| group | dev | test | holdout | baseline dev | baseline test |"
    rows = []
    for key in ("all",) + LANGS + ("passage", "registry"):
        ours = _cols(r, "ours", key, "hit@5")
        base = _cols(r, "baseline", key, "hit@5")[:2]
        ns = [str(r.get("ours", {}).get(s, {}).get(key, {}).get("n", "-")) for s in SETS]
        rows.append(f"| {key} (n {'/'.join(ns)}) | " + " | ".join(ours + base) + " |")
    text = [
        "# Evaluation report",
        "",
        f"Embedder: `{r['embedder']}`. Questions: {r['questions']} in `eval/questions.jsonl`, split "
        f"dev {r['split']['dev']} / test {r['split']['test']} ({r['split_rule']}); held-out set "
        f"`eval/holdout.jsonl`: {r['split']['holdout']} questions, never tuned on. "
        f"Machine: {r['machine'].get('cpu', '')}, {r['machine']['cpus']} CPUs, {r['machine']['platform']}, "
        f"Python {r['machine']['python']}.",
        "Command: `python -m assistant eval`. Everything fit (answer models: `python -m assistant fit`) "
        "was fit on the dev split only; the intent classifier on `corpus/data/intents/questions.jsonl` plus the dev split.",
        "",
        "## Retrieval (hit@5)",
        "",
        head,
        "|---|---|---|---|---|---|",
        *rows,
        "",
        "Baseline: LangChain `RecursiveCharacterTextSplitter(1000, 200)` + the same embedder + Chroma top-k"
        + (f" ({r.get('baseline_chunks')} chunks)." if r.get("baseline_chunks") else "."),
        "",
        f"![hit@5 per language]({chart})" if chart else "",
        "",
        f"- Warm `search` latency: p50 {r['search_ms']['p50']:.1f} ms, p95 {r['search_ms']['p95']:.1f} ms.",
    ]
    if "answers" in r:
        text += [
            "",
            f"## Answers ({r['answer_mode']} mode)",
            "",
            "| group | n (dev/test/holdout) | correctness | abstention | citation precision | language | intent |",
            "|---|---|---|---|---|---|---|",
        ]
        keys = list(dict.fromkeys(k for s in SETS for k in r["answers"].get(s, {})))
        for key in keys:
            ns = "/".join(str(r["answers"].get(s, {}).get(key, {}).get("n", 0)) for s in SETS)
            cells = [
                " / ".join(_cols(r, "answers", key, m))
                for m in (
                    "correctness",
                    "abstention_accuracy",
                    "citation_precision",
                    "language_accuracy",
                    "intent_accuracy",
                )
            ]
            text.append(f"| {key} | {ns} | " + " | ".join(cells) + " |")
        text += [
            "",
            "Each cell: dev / test / holdout. Correctness: every `answer_all` group matched in the "
            "answer text (answerable questions). Abstention: abstained exactly on the `unanswerable` "
            "questions. Citation precision: share of citations whose passage contains the names and "
            "numbers of the sentence citing it. Language: the answer's framing is in the question's "
            "language. Intent: the analysis' intent equals the labelled one.",
            "",
            f"- Warm `ask` latency: p50 {r['ask_ms']['p50']:.1f} ms, p95 {r['ask_ms']['p95']:.1f} ms.",
        ]
    if r.get("intent_cv"):
        cv = r["intent_cv"]
        text += [
            "",
            "## Fitted models (cross-validated)",
            "",
            f"- Intent classifier: {cv['folds']}-fold CV accuracy **{cv['accuracy']:.3f}** over {cv['n']} "
            "labelled questions; "
            + ", ".join(f"{k} {v['accuracy']:.3f} (n={v['n']})" for k, v in cv.items() if isinstance(v, dict))
            + ".",
        ]
    am = r.get("answer_models")
    if am:
        u, a = am.get("unit_cv") or {}, am.get("abstain_cv") or {}
        text += [
            f"- Answer-sentence scorer: CV top-1 accuracy {_f(u.get('top1_accuracy'))} over "
            f"{u.get('questions_with_an_answering_unit', 0)} dev questions.",
            f"- Abstention: threshold {am['abstain_threshold']:.3f}, CV precision {_f(a.get('precision'))}, "
            f"recall {_f(a.get('recall'))}, accuracy {_f(a.get('accuracy'))} (fitted {am.get('fitted')}); "
            "the operating point maximizes the CV F0.5 of abstention (precision weighs twice recall).",
            "",
            "Abstention precision/recall over thresholds (cross-validated on dev; the operating point in bold):",
            "",
            "| threshold | precision | recall | accuracy |",
            "|---|---|---|---|",
        ]
        curve = am.get("curve") or []
        step = max(1, len(curve) // 12)
        shown = curve[::step] + [c for c in curve if c["threshold"] == am["abstain_threshold"]]
        for c in sorted({c["threshold"]: c for c in shown}.values(), key=lambda c: c["threshold"]):
            row = f"{c['threshold']:.3f} | {c['precision']:.3f} | {c['recall']:.3f} | {c['accuracy']:.3f}"
            text.append(
                f"| **{row.replace(' | ', '** | **')}** |"
                if c["threshold"] == am["abstain_threshold"]
                else f"| {row} |"
            )
        text.append("")
    if "build" in r:
        b = r["build"]
        text.append(
            f"- Index build from scratch: {b['build_s']:.1f} s for {b['chunks']} chunks "
            f"({b.get('texts', b['chunks'])} texts embedded: chunks and their sentences); the embedder "
            f"alone on the same texts: {b['embed_only_s']:.1f} s; ratio {b['ratio']:.2f} (target ≤ 1.3)."
        )
    if r.get("followups"):
        f = r["followups"]
        text += [
            "",
            "## Follow-up questions",
            "",
            f"`eval/followups.jsonl`: {f['n']} turns, each asked after its earlier questions "
            f"(split dev {f['split']['dev']} / test {f['split']['test']}).",
            "",
            "| | dev | test |",
            "|---|---|---|",
        ]
        for metric in ("correctness", "abstention_accuracy", "citation_precision", "language_accuracy"):
            text.append(
                f"| {metric} | {_f(f['answers']['dev']['all'].get(metric))} | "
                f"{_f(f['answers']['test']['all'].get(metric))} |"
            )
        text += [
            "",
            f"Stand-alone questions answered exactly as without history: {f['standalone']['unchanged']} of "
            f"{f['standalone']['n']}"
            + (f" (changed: {', '.join(f['standalone']['changed'])})" if f["standalone"]["changed"] else "")
            + ".",
            "",
        ]
        text += _dev_lines(
            f["failures"],
            lambda x: x["set"],
            lambda x: f"- [{x['set']}] `{x['id']}` ({'abstained' if x['abstained'] else 'answered'}): {x['question']}",
        )
    if r.get("answer_failures"):
        # only dev failures are shown: mechanisms are adjusted on what dev shows, never on test
        text += ["", "## Answer failures (dev and holdout; test failures are counted, not shown)", ""]
        text += _dev_lines(
            r["answer_failures"],
            lambda f: f.get("set"),
            lambda f: (
                f"- [{f.get('set')}] `{f['id']}` ({'abstained' if f['abstained'] else 'answered'}, route "
                f"{f.get('route')}, intent {f.get('intent')}): {f['question']}"
            ),
        )
    if r.get("misses"):
        side = r.get("side") or {}
        text += ["", "## Retrieval misses (not in top 5; dev only)", ""]
        text += _dev_lines(
            r["misses"],
            lambda m: side.get(m["id"]),
            lambda m: f"- `{m['id']}` rank {m['rank'] or '>10'}: {m['question']}",
        )
    (out_dir / "report.md").write_text("\n".join(text) + "\n", encoding="utf-8")


def _dev_lines(items: list, side_of, line) -> list[str]:
    """`line(x)` for every item not on the test split; test items are only counted."""
    held = sum(1 for x in items if side_of(x) == "test")
    shown = [line(x) for x in items if side_of(x) != "test"]
    return shown + ([f"- and {held} on the test split, not listed"] if held else [])


def _chart(r: dict, out_dir: Path) -> str | None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return None
    keys = ["all", *LANGS]
    fig, ax = plt.subplots(figsize=(6.4, 3.2))
    xs = range(len(keys))
    series = [("dev", "ours", -0.3), ("test", "ours", -0.1), ("test", "baseline", 0.1), ("holdout", "ours", 0.3)]
    for side, table, off in series:
        vals = [r.get(table, {}).get(side, {}).get(k, {}).get("hit@5") or 0 for k in keys]
        ax.bar([x + off for x in xs], vals, 0.2, label=f"{'hybrid' if table == 'ours' else 'naive'} {side}")
    ax.set_xticks(list(xs), keys)
    ax.set_ylim(0, 1.05)
    ax.set_ylabel("hit@5")
    ax.axhline(0.9, color="grey", lw=0.8, ls="--")
    ax.legend(loc="lower right", fontsize=7)
    fig.tight_layout()
    name = "report_hit5.png"
    fig.savefig(out_dir / name, dpi=110)
    plt.close(fig)
    return name
