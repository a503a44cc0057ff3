"""The growth evaluation (`python -m assistant eval --growth`): new documents ingested
on top of the corpus into a temporary index, then

- extraction precision and recall on (commune, partner, kind), and per field, against
  the growth set's hand labels and against the curated rows of the seed documents;
- visits and proposals that must not be listed as agreements;
- one registry row per agreement named in several documents;
- evidence hit@5 and answers on the growth questions (abstention on the unanswerable);
- how much of the ingest time extraction takes.
"""

from __future__ import annotations

import json
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import yaml

from assistant.evaluation import answer_breakdown, evaluate_answers, first_hit, load_questions, split
from assistant.extraction import Extracted
from assistant.extraction.scoring import Gold, merge_gold_mentions, resolve_place, score

GROWTH_DIR = Path(__file__).resolve().parent.parent / "eval" / "growth"


def growth_gold(gazetteer, path: Path) -> tuple[list[Gold], list[dict]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    gold = [
        Gold(
            r["doc"],
            resolve_place(gazetteer, r["commune"], "MA", "commune"),
            resolve_place(gazetteer, r["partner"], r.get("country"), "city"),
            r["partner_as_written"],
            r["kind"],
            r["partner"],
            r.get("country"),
            r.get("date"),
            [s["name"] for s in r.get("signatories") or []],
            r.get("themes") or [],
        )
        for r in data.get("agreements") or []
    ]
    return merge_gold_mentions(gold), list(data.get("non_agreements") or [])


def curated_gold(registry_curated: list, gazetteer) -> list[Gold]:
    """The seed documents' curated rows as a second gold set (rows naming a partner)."""
    out = []
    for a in registry_curated:
        if not a.partner:
            continue
        iso = gazetteer.places[a.country].data.get("iso") if a.country in gazetteer.places else None
        out.append(
            Gold(
                a.source_doc, a.commune, a.partner, a.partner_as_written, a.kind, "", str(iso) if iso else None, a.date
            )
        )
    return merge_gold_mentions(out)


def seed_scoring(data_dir: Path, gazetteer) -> tuple[list[Gold], object]:
    """The seed gold (curated rows) and what explains a record it lacks (the curated
    discrepancies: a reference naming the table's agreement otherwise)."""
    from assistant.extraction.scoring import discrepancy_explains
    from assistant.registry import Discrepancy, _curated, _load_yaml

    curated = _curated(str(Path(data_dir).resolve()))
    discrepancies = _load_yaml(Path(data_dir) / "discrepancies.yaml", "discrepancies", Discrepancy)
    return curated_gold(curated, gazetteer), discrepancy_explains(discrepancies, curated)


def gazetteer_startup(data_dir: Path, runs: int = 3) -> dict:
    """Seconds a fresh process takes to load the gazetteer, with the GeoNames/CLDR world
    (cache warm) and without it (the curated files alone): what the world adds to a start."""
    import shutil
    import subprocess
    import sys

    code = (
        "import time; t = time.perf_counter(); from pathlib import Path; "
        "from assistant.aliases import Gazetteer; Gazetteer.from_dir(Path({!r})); "
        "print(time.perf_counter() - t)"
    )

    def best(directory: Path) -> float:
        return min(
            float(
                subprocess.run(
                    [sys.executable, "-c", code.format(str(directory))], check=True, capture_output=True, text=True
                ).stdout
            )
            for _ in range(runs)
        )

    with tempfile.TemporaryDirectory() as tmp:
        curated = Path(tmp) / "data"
        shutil.copytree(data_dir, curated, ignore=shutil.ignore_patterns("gazetteer.yaml"))
        best(Path(data_dir))  # builds the cache if it is missing: start-ups after the first are measured
        with_world, without = best(Path(data_dir)), best(curated)
    return {
        "with_world_s": round(with_world, 3),
        "curated_only_s": round(without, 3),
        "added_s": round(with_world - without, 3),
    }


@contextmanager
def growth_assistant(
    assistant, growth_dir: Path = GROWTH_DIR, *, index_dir: Path | None = None, show_progress: bool = False
):
    """(assistant over the corpus and the growth documents, its ingest report, seconds):
    a temporary index, or `index_dir` kept between runs (then only changes are ingested)."""
    from assistant.api import Assistant

    with tempfile.TemporaryDirectory(prefix="growth-index-") as tmp:
        settings = assistant.settings.model_copy(
            update={"index_dir": Path(index_dir or tmp), "model_dir": assistant.settings.models_path}
        )
        a = Assistant(settings, auto_ingest=False)
        t0 = time.perf_counter()
        report = a.ingest([settings.corpus_dir, growth_dir / "documents"], show_progress=show_progress)
        yield a, report, time.perf_counter() - t0


def run_growth(
    assistant, out_dir: Path = GROWTH_DIR, *, growth_dir: Path = GROWTH_DIR, index_dir: Path | None = None, log=print
) -> dict:

    log("Ingesting the corpus and the growth documents into a temporary index...")
    with growth_assistant(assistant, growth_dir, index_dir=index_dir) as (a, report, ingest_s):
        settings = a.settings
        manifest = a.store.manifest()
        rows = [Extracted(**r) for info in manifest.values() for r in info.get("agreements") or []]
        gazetteer = a.gazetteer

        gold, non_agreements = growth_gold(gazetteer, growth_dir / "agreements.yaml")
        growth_docs = {g.doc for g in gold} | {n["doc"] for n in non_agreements}
        growth_rows = [r for r in rows if r.doc in growth_docs]
        seed_docs = {d for d, info in manifest.items() if d not in growth_docs}
        seed_rows = [r for r in rows if r.doc in seed_docs]
        s_growth = score(gazetteer, growth_rows, gold)
        seed_gold, explains = seed_scoring(settings.data_dir, gazetteer)
        s_seed = score(gazetteer, seed_rows, seed_gold, explains=explains)
        registry = a.registry
        listed = []
        for n in non_agreements:
            c = resolve_place(gazetteer, n["commune"], "MA", "commune")
            p = resolve_place(gazetteer, n["partner"], n.get("country"), "city")
            bad = [
                x.id
                for x in registry.agreements
                if x.commune == c
                and x.partner == p
                and p is not None
                and x.status == "signed"
                and any(s.doc == n["doc"] for s in x.sources)
            ]
            listed += [f"{n['doc']}: {n['commune']} – {n['partner']} ({n['what']}) listed as {b}" for b in bad]
        multi = [x for x in registry.agreements if len({s.doc for s in x.sources}) > 1]
        pairs: dict[tuple, list[str]] = {}
        for x in registry.agreements:
            pairs.setdefault((x.commune, x.partner or x.partner_as_written, x.kind), []).append(x.id)
        duplicates = {
            " / ".join(map(str, k)): v for k, v in pairs.items() if len(v) > 1 and any(i.startswith("x:") for i in v)
        }  # curated rows are reviewed data
        # after entity resolution: rows the seed documents add that the curated registry lacks
        seed_extra = [
            x.id for x in registry.agreements if x.method != "curated" and {s.doc for s in x.sources} <= seed_docs
        ]

        qs = load_questions(growth_dir / "questions.jsonl")
        ranks = {}
        for q in qs:
            if q.evidence:
                ps = a.search(q.question, 10)
                ranks[q.id] = first_hit([(p.doc, p.text) for p in ps], q.evidence)
        with_ev = [q for q in qs if q.evidence]
        hit5 = sum(1 for q in with_ev if ranks[q.id] and ranks[q.id] <= 5) / len(with_ev) if with_ev else None
        log(f"Answering {len(qs)} growth questions...")
        records, warm, failures = evaluate_answers(a, qs)
        answers = answer_breakdown(records, kinds=True)
        # the same seeded split as the main set: mechanisms are only ever adjusted on dev failures
        dev, test = split(qs)
        side = {q.id: "dev" for q in dev} | {q.id: "test" for q in test}
        by_side = {k: answer_breakdown([r for r in records if side[r.qid] == k]) for k in ("dev", "test")}
        failures = [{**f, "set": side[f["id"]]} for f in failures]

    startup = gazetteer_startup(Path(assistant.settings.data_dir))
    results = {
        "documents": len(growth_docs),
        "growth_dir": _shown(growth_dir),
        "questions": len(qs),
        "gazetteer_startup": startup,
        "ingest": {
            "seconds": round(ingest_s, 1),
            "extract_seconds": round(report.extract_seconds, 2),
            "extract_share": round(report.extract_seconds / ingest_s, 3) if ingest_s else None,
            "chunks": report.chunks_written,
            "rows": report.agreements,
        },
        "extraction_growth": s_growth.to_dict(),
        "extraction_seeds": s_seed.to_dict(),
        "non_agreements_listed": listed,
        "seed_rows_beyond_curated": seed_extra,
        "agreements_with_several_documents": len(multi),
        "duplicate_rows": duplicates,
        "hit@5": hit5,
        "retrieval_misses": [
            {"id": q.id, "question": q.question, "rank": ranks[q.id]}
            for q in with_ev
            if not ranks[q.id] or ranks[q.id] > 5
        ],
        "answers": answers,
        "answers_by_split": by_side,
        "answer_failures": failures,
    }
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1), encoding="utf-8")
    (out_dir / "report.md").write_text(format_report(results), encoding="utf-8")
    log(format_summary(results))
    return results


def extraction_scores(settings, gazetteer, growth_dir: Path = GROWTH_DIR) -> dict:
    """Extraction alone, without an index: the extractor run on the growth documents and on
    the seed corpus, scored as `run_growth` scores them (seconds instead of minutes; the
    loop to iterate on cue words and rules)."""
    from assistant.documents import discover, load_document, load_metadata
    from assistant.extraction import extract

    def rows_of(directory: Path) -> list[Extracted]:
        out: list[Extracted] = []
        metadata: dict[Path, dict] = {}
        for f in discover([directory]):
            meta = metadata.setdefault(f.parent, load_metadata(f.parent))
            doc = load_document(f, meta.get(f.name))
            out += extract(doc.doc_id, doc.text, doc.metadata, gazetteer=gazetteer, settings=settings)
        return out

    gold, _ = growth_gold(gazetteer, growth_dir / "agreements.yaml")
    seeds, explains = seed_scoring(settings.data_dir, gazetteer)
    return {
        "extraction_growth": score(gazetteer, rows_of(growth_dir / "documents"), gold).to_dict(),
        "extraction_seeds": score(gazetteer, rows_of(Path(settings.corpus_dir)), seeds, explains=explains).to_dict(),
    }


def format_extraction(r: dict) -> str:
    lines = [
        f"extraction (growth labels): {_pr(r['extraction_growth'])}",
        f"extraction (seed curated rows, per mention): {_pr(r['extraction_seeds'])}",
    ]
    for name, key in (("growth", "extraction_growth"), ("seeds", "extraction_seeds")):
        lines += [f"  miss ({name}): {x}" for x in r[key]["misses"]]
        lines += [f"  false positive ({name}): {x}" for x in r[key]["false_positives"]]
        lines += [f"  explained ({name}): {x}" for x in r[key].get("explained", [])]
    return "\n".join(lines)


def _pr(s: dict) -> str:
    fields = ", ".join(f"{k} {v:.2f}" for k, v in s["fields"].items())
    explained = s.get("explained") or []
    apart = (
        f", {len(explained)} explained by curated discrepancies (strict precision {s['precision_strict']:.3f})"
        if explained
        else ""
    )
    return (
        f"precision {s['precision']:.3f}, recall {s['recall']:.3f} (tp {s['tp']}, fp {s['fp']}, fn {s['fn']}{apart}); "
        f"fields: {fields}"
    )


def _num(x) -> str:
    return "–" if x is None else f"{x:.3f}"


def format_summary(r: dict) -> str:
    a = r["answers"]["all"]
    return "\n".join(
        [
            f"growth: {r['documents']} documents, {r['questions']} questions",
            f"extraction (growth labels): {_pr(r['extraction_growth'])}",
            f"extraction (seed curated rows, per mention): {_pr(r['extraction_seeds'])}",
            f"after entity resolution, seed rows beyond the curated registry: {len(r['seed_rows_beyond_curated'])} "
            f"{r['seed_rows_beyond_curated']}",
            f"visits/proposals listed as agreements: {len(r['non_agreements_listed'])}; "
            f"duplicate rows: {len(r['duplicate_rows'])}; agreements with several documents: "
            f"{r['agreements_with_several_documents']}",
            f"evidence hit@5 {_num(r['hit@5'])}; answers: correctness {_num(a.get('correctness'))}, "
            f"abstention {_num(a.get('abstention_accuracy'))} (dev/test: correctness "
            f"{_num(r['answers_by_split']['dev']['all'].get('correctness'))}/"
            f"{_num(r['answers_by_split']['test']['all'].get('correctness'))}, abstention "
            f"{_num(r['answers_by_split']['dev']['all'].get('abstention_accuracy'))}/"
            f"{_num(r['answers_by_split']['test']['all'].get('abstention_accuracy'))})",
            f"ingest {r['ingest']['seconds']} s, of which extraction {r['ingest']['extract_seconds']} s "
            f"({100 * (r['ingest']['extract_share'] or 0):.1f}%)",
            f"gazetteer load in a fresh process: {r['gazetteer_startup']['with_world_s']} s with the GeoNames/CLDR world, "
            f"{r['gazetteer_startup']['curated_only_s']} s curated files only (+{r['gazetteer_startup']['added_s']} s)",
        ]
    )


def _shown(path: Path) -> str:
    """The set's folder relative to the working directory when it is under it (as the README names it)."""
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def format_report(r: dict) -> str:
    lines = [
        "# Growth evaluation",
        "",
        f"Written by `python -m assistant eval --growth`: the documents of `{r.get('growth_dir', 'eval/growth')}/documents/` "
        "ingested on top of the corpus into a temporary index. Whether the extraction rules were developed "
        "while reading them (in-sample figures) or not (a held-out set) is said in the set's README; the "
        "seed documents' curated rows are a second gold set. `documents` counts the labelled ones.",
        "",
        "```",
        format_summary(r),
        "```",
        "",
    ]
    for title, key in (
        ("Extraction misses (growth)", "misses"),
        ("Extraction false positives (growth)", "false_positives"),
    ):
        items = r["extraction_growth"][key]
        lines += [f"## {title}", ""] + ([f"- {x}" for x in items] or ["- none"]) + [""]
    for title, key in (
        ("Extraction misses (seeds)", "misses"),
        ("Extraction false positives (seeds)", "false_positives"),
        ("Seed records the curated rows lack, explained by a curated discrepancy (a source disagreeing)", "explained"),
    ):
        items = r["extraction_seeds"].get(key) or []
        lines += [f"## {title}", ""] + ([f"- {x}" for x in items] or ["- none"]) + [""]
    lines += ["## Answers by group", "", "| group | n | correctness | abstention |", "|---|---|---|---|"]
    for k, v in r["answers"].items():
        lines.append(
            f"| {k} | {v.get('n', '')} | {_num(v.get('correctness'))} | {_num(v.get('abstention_accuracy'))} |"
        )
    lines += ["", "## Answer failures (dev split; test failures are not read)", ""] + [
        f"- `{f['id']}` {f['question']} (route {f['route']}, abstained {f['abstained']})"
        for f in r["answer_failures"]
        if f.get("set") == "dev"
    ]
    return "\n".join(lines) + "\n"
