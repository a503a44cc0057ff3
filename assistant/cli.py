"""Command line: a thin layer over `assistant.api.Assistant`.

Exit codes: 0 success, 1 failure (index unavailable, files that failed to
ingest), 2 bad input (empty question, unknown option, unreadable batch file).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from pydantic import ValidationError

from assistant.api import Assistant, QuestionError
from assistant.documents import readable_name
from assistant.settings import Settings
from assistant.registry import RegistryError
from assistant.store import IndexProblem

EXIT_OK, EXIT_FAIL, EXIT_USAGE = 0, 1, 2


def _print_json(obj) -> None:
    text = json.dumps(obj, ensure_ascii=False)
    try:
        text.encode(sys.stdout.encoding or "utf-8")
    except (UnicodeEncodeError, LookupError):  # e.g. a file name that is not valid UTF-8
        text = json.dumps(obj)  # \uXXXX escapes: the same JSON, printable anywhere
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def _printable(text: str) -> str:
    """Control characters and undecodable bytes (from file names, say) shown escaped,
    never sent raw to the terminal."""

    def escape(m: re.Match) -> str:
        c = ord(m.group())
        return f"\\x{c & 0xFF:02x}" if c <= 0xFF or 0xDC80 <= c <= 0xDCFF else f"\\u{c:04x}"

    return re.sub(r"[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]", escape, text)


def _error(message: str, code: int) -> int:
    print(f"error: {message}", file=sys.stderr)
    return code


def _read_batch(path: str, with_history: bool = False):
    """Yield (id, question) — or (id, question, history) — from a JSONL file, or raise
    QuestionError on bad lines. `history`: the earlier questions of a conversation."""
    try:
        fh = sys.stdin if path == "-" else open(path, encoding="utf-8")
    except OSError as exc:
        raise QuestionError(f"cannot read {path}: {exc.strerror}") from exc
    with fh:
        for n, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                question = item["question"]
                history = item.get("history") or []
            except (json.JSONDecodeError, KeyError, AttributeError, TypeError) as exc:
                raise QuestionError(
                    f'{path}, line {n}: expected a JSON object with a "question" field ({exc.__class__.__name__})'
                ) from exc
            if not isinstance(history, list) or not all(isinstance(h, str) for h in history):
                raise QuestionError(f'{path}, line {n}: "history" must be a list of earlier questions')
            yield (item.get("id", n), question, history) if with_history else (item.get("id", n), question)


# -- commands ---------------------------------------------------------------------------


def cmd_ingest(args, assistant: Assistant) -> int:
    report = assistant.ingest(
        [Path(p) for p in args.paths] or None, prune=args.prune, rebuild=args.rebuild, show_progress=not args.quiet
    )
    for name, message in report.failed:
        named = name in message or Path(name).name in message or readable_name(Path(name).name) in message
        line = message if named else f"{name}: {message}"
        print(f"error: {_printable(line)}", file=sys.stderr)
    if args.json:
        _print_json(report.to_dict())
    else:
        print(report.summary())
    return EXIT_FAIL if report.failed else EXIT_OK


def _print_passages(passages) -> None:
    for p in passages:
        print(f"[{p.rank}] {p.doc}  §{p.section or '-'}  lines {p.lines}  score {p.score:.4f}")
        print("    " + p.text.replace("\n", "\n    "))
        print()


def cmd_search(args, assistant: Assistant) -> int:
    if args.batch:
        for qid, question in _read_batch(args.batch):
            try:
                passages = [p.to_json() for p in assistant.search(question, max(args.k, 10))]
                _print_json({"id": qid, "passages": passages})
            except QuestionError as exc:
                _print_json({"id": qid, "error": str(exc), "passages": []})
        return EXIT_OK
    if args.question is None:
        raise QuestionError("give a question, or --batch FILE.jsonl")
    passages = assistant.search(args.question, args.k)
    if args.json:
        _print_json({"question": args.question, "passages": [p.to_json() for p in passages]})
    else:
        _print_passages(passages)
    return EXIT_OK


def _print_answer(answer) -> None:
    print(answer.answer)
    for notice in answer.notices:
        print(f"\n! {notice}")
    if answer.citations:
        print()
        for c in answer.citations:
            where = f"{c.doc}, {c.section or '-'}, lines {c.lines}"
            print(f"[{c.n}] {c.title} — {where}" + (f" — {c.url}" if c.url else ""))


def cmd_ask(args, assistant: Assistant) -> int:
    if args.batch:
        for qid, question, history in _read_batch(args.batch, with_history=True):
            try:
                _print_json(assistant.ask(question, history=history or None, qid=qid).to_json())
            except QuestionError as exc:
                _print_json({"id": qid, "question": question, "error": str(exc)})
        return EXIT_OK
    if args.question is None:
        raise QuestionError("give a question, or --batch FILE.jsonl")
    if args.json:
        _print_json(assistant.ask(args.question).to_json())
        return EXIT_OK
    streamed = []

    def show(token: str) -> None:  # LLM mode streams; extractive arrives whole
        streamed.append(token)
        sys.stdout.write(token)
        sys.stdout.flush()

    answer = assistant.ask(args.question, on_token=show if assistant.settings.llm_backend != "none" else None)
    if streamed:
        print("\n")
        if answer.mode == "llm":
            answer.answer = ""  # already shown; print notices and sources only
    _print_answer(answer)
    return EXIT_OK


def cmd_chat(args, assistant: Assistant) -> int:
    """An interactive conversation in the terminal: each question is read against the earlier
    ones (a follow-up shows how it was understood). Ctrl-D or an empty line ends it."""
    from assistant.i18n import t

    history: list[str] = []
    interactive = sys.stdin.isatty()
    while True:
        try:
            question = input("> " if interactive else "")
        except (EOFError, KeyboardInterrupt):
            break
        if not question.strip():
            break
        try:
            answer = assistant.ask(question, history=history[-6:])
        except QuestionError as exc:
            print(f"error: {exc}", file=sys.stderr)
            continue
        if answer.extra.get("understood"):
            print(t("answer.understood", answer.language), answer.extra["understood"])
        _print_answer(answer)
        print()
        history.append(question)
    return EXIT_OK


def cmd_agreements(args, assistant: Assistant) -> int:
    from assistant.registry import Filters, to_rows, write_csv, write_xlsx

    registry = assistant.registry
    if args.review or args.accept or args.reject or args.correct:
        return _review(args, assistant, registry)
    if args.stats:
        stats = registry.stats()
        if args.format == "json":
            _print_json(stats)
            return EXIT_OK
        print(
            f"Agreements: {stats['total']} signed or renewed ({', '.join(f'{d}: {n}' for d, n in stats['by_document'].items())}), "
            f"{stats['announced']} announced"
        )
        for field in ("commune", "country", "continent", "year", "theme"):
            print(f"\nBy {field}:")
            for key, counts in stats[field].items():
                per_doc = ", ".join(f"{d} {n}" for d, n in counts.items() if d != "total")
                print(f"  {key:24} {counts['total']:>3}   ({per_doc})")
        print("\nThe study's own figures (line 153 and others) beside the computed ones:")
        for c in stats["study_statements"]:
            flag = "ok" if c["consistent"] else "DIFFERS"
            print(f"  {c['claim'][:60]:60} stated {c['stated']:>3}  computed {c['computed']:>3}  {flag}")
        return EXIT_OK
    filters = Filters(
        commune=args.commune,
        country=args.country,
        continent=args.continent,
        year=args.year,
        theme=args.theme,
        status=args.status,
    )
    agreements = registry.filter(filters)
    if not agreements:
        print(f"No agreement in the documents matches {filters.active() or 'these filters'}.", file=sys.stderr)
        return EXIT_OK
    rows = to_rows(registry, agreements, args.lang)
    if args.format == "json":
        _print_json(rows)
    elif args.format == "csv":
        write_csv(rows, sys.stdout)
    elif args.format == "xlsx":
        out = Path(args.output or "agreements.xlsx")
        write_xlsx(rows, out)
        print(f"Wrote {len(rows)} agreements to {out}")
    else:
        for r in rows:
            mark = "" if r["reviewed"] else " *"
            print(
                f"{r['commune_name'] or '-':10} {(r['partner_name'] or r['partner_as_written'])[:22]:22} "
                f"{(r['country_name'] or '-')[:16]:16} {(r['date'] or '-'):10} {r['status']:9} {r['source']}{mark}"
            )
        print(
            f"\n{len(rows)} agreement(s)"
            + (
                "; * extracted from a document, not yet reviewed (agreements --review)"
                if any(not r["reviewed"] for r in rows)
                else ""
            )
        )
    return EXIT_OK


def _review(args, assistant: Assistant, registry) -> int:
    from assistant import review

    from assistant.extraction import Extracted
    from assistant.resolution import row_id

    # every extracted row of the index (a rejected one too: it can be accepted again)
    known = {
        row_id(Extracted(**r)) for info in assistant._registry_docs().values() for r in info.get("agreements") or []
    }
    try:
        if args.accept or args.reject:
            row, decision = (args.accept, "accept") if args.accept else (args.reject, "reject")
            entry = review.decide(assistant.settings.data_dir, row, decision, known)
        elif args.correct:
            fields = {}
            for item in args.set or []:
                key, sep, value = item.partition("=")
                if not sep:
                    raise review.ReviewError(f"--set takes field=value, not {item!r}")
                fields[key.strip()] = (
                    [v.strip() for v in value.split(",")] if key.strip() == "themes" else value.strip()
                )
            entry = review.decide(assistant.settings.data_dir, args.correct, "correct", known, fields)
        else:
            rows = review.unreviewed(registry)
            if args.format == "json":
                _print_json(rows)
            else:
                for r in rows:
                    print(
                        f"{r['id']}\n    {r['commune']} – {r['partner']} ({r['kind']}, {r['date'] or 'no date'}, "
                        f"confidence {r['confidence']:.2f}) {r['source']}\n    « {r['quote'][:160]} »"
                    )
                print(
                    f"\n{len(rows)} unreviewed row(s). Decide with --accept ID, --reject ID or "
                    f"--correct ID --set field=value"
                )
            return EXIT_OK
    except review.ReviewError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    print(f"{entry['decision']}: {entry['id']} (kept in {review.path_of(assistant.settings.data_dir)})")
    return EXIT_OK


def cmd_briefing(args, assistant: Assistant) -> int:
    from assistant.briefing import build_briefing, to_markdown, write_docx, write_pdf

    briefing = build_briefing(assistant, args.place, args.lang)
    if args.format == "md" and not args.output:
        sys.stdout.write(to_markdown(briefing))
        return EXIT_OK
    out = Path(args.output or f"briefing-{briefing.place_id}-{briefing.lang}.{args.format}")
    if args.format == "md":
        out.write_text(to_markdown(briefing), encoding="utf-8")
    elif args.format == "docx":
        write_docx(briefing, out)
    else:
        write_pdf(briefing, out)
    print(f"Wrote the briefing on {briefing.place} to {out}")
    return EXIT_OK


def cmd_status(args, assistant: Assistant) -> int:
    status = assistant.status()
    if args.json:
        _print_json(status)
    else:
        for key, value in status.items():
            print(f"{key:10} {value}")
    return EXIT_OK


def cmd_eval(args, assistant: Assistant) -> int:
    from assistant.evaluation import run_evaluation

    if args.growth:
        from assistant.evaluation_growth import GROWTH_DIR, extraction_scores, format_extraction, run_growth

        growth_dir = Path(args.growth_dir) if args.growth_dir else GROWTH_DIR
        if args.extraction_only:
            print(format_extraction(extraction_scores(assistant.settings, assistant.gazetteer, growth_dir)))
        elif args.growth_index:
            # an index kept between runs ingests only changes: its timings are not the benchmark's,
            # so the report goes beside it rather than over eval/growth/report.md
            index = Path(args.growth_index)
            run_growth(assistant, index / "growth-report", growth_dir=growth_dir, index_dir=index)
        else:
            run_growth(assistant, growth_dir, growth_dir=growth_dir)
        return EXIT_OK

    run_evaluation(assistant, Path(args.questions), Path(args.out), baseline=not args.no_baseline, limit=args.limit)
    return EXIT_OK


# The growth sets the answer models learn from by default (dev splits only); eval/growth2 stays held out.
FIT_GROWTH_DIRS = [Path(__file__).resolve().parent.parent / "eval" / d for d in ("growth", "growth3")]


def cmd_fit(args, assistant: Assistant) -> int:
    from assistant.learn.fit import fit_models

    fit_models(
        assistant,
        Path(args.questions),
        growth_dirs=[] if args.no_growth else [Path(d) for d in (args.growth_dir or FIT_GROWTH_DIRS)],
        growth_indexes=[Path(i) for i in args.growth_index or []],
    )
    model = assistant.intent_model
    if model is not None and model.cv:
        per = ", ".join(f"{k} {v['accuracy']:.3f} (n={v['n']})" for k, v in model.cv.items() if isinstance(v, dict))
        print(
            f"intent classifier: {model.cv['folds']}-fold cross-validated accuracy {model.cv['accuracy']:.3f} "
            f"over {model.cv['n']} labelled questions; {per}"
        )
    return EXIT_OK


def cmd_analyse(args, assistant: Assistant) -> int:
    a = assistant.analyse(args.question)
    if args.json:
        _print_json(a.to_json())
        return EXIT_OK
    top = sorted(a.intent_scores.items(), key=lambda x: -x[1])[:3]
    print(f"language   {a.language}")
    print(f"intent     {a.intent}  ({', '.join(f'{k} {v:.2f}' for k, v in top)})")
    print(f"attributes {', '.join(a.attributes) or '-'}")
    print(f"entities   {', '.join(f'{m.role}:{m.id}' for m in a.entities) or '-'}")
    print(f"scope      {', '.join(a.scope) if a.scope else 'all documents'}")
    flags = [k for k in ("total", "about_agreements") if getattr(a, k)] + [x for x in (a.superlative, a.status) if x]
    print(f"flags      {', '.join(flags) or '-'}")
    return EXIT_OK


def cmd_bench(args, assistant: Assistant) -> int:
    from assistant.bench import QUICK_SIZES, run_bench, run_browser_only

    command = "python -m assistant bench" + "".join(f" {a}" for a in sys.argv[2:] if sys.argv[1:2] == ["bench"])
    if args.browser_only:
        run_browser_only(
            assistant.settings,
            Path(args.output),
            work_root=Path(args.work_dir) if args.work_dir else None,
            command=command,
            quick=args.quick,
        )
        return EXIT_OK
    sizes = args.sizes or (list(QUICK_SIZES) if args.quick else [1000, 10000, 100000])
    server = args.server_size if args.server_size is not None else (min(sizes) if args.quick else 10000)
    run_bench(
        assistant.settings,
        sizes,
        Path(args.output),
        quick=args.quick,
        server_size=server or None,
        work_root=Path(args.work_dir) if args.work_dir else None,
        command=command,
        browser=not args.no_browser,
    )
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m assistant",
        description="Cited answers about the twinning agreements of Morocco's southern-province communes.",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("ingest", help="add or update documents in the index (default: corpus/)")
    p.add_argument("paths", nargs="*", help="files or folders (TXT, MD, PDF, DOCX, HTML)")
    p.add_argument("--prune", action="store_true", help="remove documents whose files are gone")
    p.add_argument("--rebuild", action="store_true", help="drop the index and rebuild it (e.g. new embedder)")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("search", help="print the passages that best match a question")
    p.add_argument("question", nargs="?")
    p.add_argument("--k", type=int, default=5, help="number of passages (default 5)")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.add_argument("--batch", metavar="FILE.jsonl", help='read {"id", "question"} lines; write JSON lines')
    p.set_defaults(func=cmd_search)

    p = sub.add_parser("ask", help="a cited answer in the language of the question")
    p.add_argument("question", nargs="?")
    p.add_argument("--json", action="store_true", help="print the answer as JSON")
    p.add_argument(
        "--batch",
        metavar="FILE.jsonl",
        help='read {"id", "question", "history": [earlier questions]} lines; write JSON lines',
    )
    p.set_defaults(func=cmd_ask)

    p = sub.add_parser(
        "chat",
        help="a conversation in the terminal: follow-up questions are read against "
        "the earlier ones (an empty line or Ctrl-D ends it)",
    )
    p.set_defaults(func=cmd_chat)

    p = sub.add_parser("agreements", help="the agreements registry: filter, export, statistics")
    p.add_argument("--commune", help="Moroccan commune, any spelling (Dakhla, الداخلة, Laâyoune …)")
    p.add_argument("--country", help="partner country, any spelling (Italy, Italie, إيطاليا …)")
    p.add_argument("--continent", help="western_europe, north_america, south_america, africa, asia … or a name")
    p.add_argument("--year", type=int, help="year of signature")
    p.add_argument("--theme", help="theme tag (tourism, culture, economy …)")
    p.add_argument("--status", help="signed, renewed or announced")
    p.add_argument("--format", choices=["table", "csv", "json", "xlsx"], default="table")
    p.add_argument("--output", help="file for --format xlsx (default agreements.xlsx)")
    p.add_argument("--lang", choices=["ar", "fr", "en"], default="en", help="language of place names")
    p.add_argument("--stats", action="store_true", help="counts by commune, country, continent, year, theme")
    p.add_argument("--review", action="store_true", help="list the extracted rows nobody has reviewed yet")
    p.add_argument("--accept", metavar="ID", help="accept an extracted row (its id from --review)")
    p.add_argument("--reject", metavar="ID", help="reject an extracted row: it leaves the registry")
    p.add_argument("--correct", metavar="ID", help="correct an extracted row's fields (with --set)")
    p.add_argument(
        "--set",
        action="append",
        metavar="FIELD=VALUE",
        help="with --correct: commune, partner, country, kind, date, themes (comma-separated) …",
    )
    p.set_defaults(func=cmd_agreements)

    p = sub.add_parser("briefing", help="a one-page briefing on a commune or partner city (Markdown, DOCX, PDF)")
    p.add_argument("place", help="commune or partner city, any spelling (Dakhla, الداخلة, Arlington …)")
    p.add_argument("--lang", choices=["ar", "fr", "en"], default="fr", help="language of the briefing (default fr)")
    p.add_argument("--format", choices=["md", "docx", "pdf"], default="md")
    p.add_argument(
        "--output", help="file to write (default: Markdown to standard output, else briefing-PLACE-LANG.docx|pdf)"
    )
    p.set_defaults(func=cmd_briefing)

    p = sub.add_parser("status", help="documents, chunks, embedder and index location")
    p.add_argument("--json", action="store_true")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("eval", help="run the evaluation set and write a report under eval/")
    p.add_argument("--questions", default=str(Path(__file__).resolve().parent.parent / "eval" / "questions.jsonl"))
    p.add_argument("--out", default=str(Path(__file__).resolve().parent.parent / "eval"))
    p.add_argument("--no-baseline", action="store_true", help="skip the naive LangChain baseline")
    p.add_argument("--limit", type=int, default=None, help="only the first N questions")
    p.add_argument(
        "--growth",
        action="store_true",
        help="ingest eval/growth/documents on top of the corpus into a temporary index and score "
        "agreement extraction, retrieval and answers on them (writes eval/growth/report.md)",
    )
    p.add_argument(
        "--growth-dir",
        default=None,
        help="with --growth: another set laid out like eval/growth (documents/, agreements.yaml, "
        "questions.jsonl), e.g. eval/growth2, the held-out one; its report is written there",
    )
    p.add_argument(
        "--growth-index",
        default=None,
        help="with --growth: keep the corpus + growth index in this directory between runs (development; "
        "the report is written to DIR/growth-report, not eval/growth)",
    )
    p.add_argument(
        "--extraction-only",
        action="store_true",
        help="with --growth: only run the extractor on the growth and seed documents and print its scores, "
        "misses and false positives (no index, no answers: seconds; for iterating on the rules)",
    )
    p.set_defaults(func=cmd_eval)

    p = sub.add_parser("fit", help="fit the answer models on the dev split and report cross-validated figures")
    p.add_argument("--questions", default=str(Path(__file__).resolve().parent.parent / "eval" / "questions.jsonl"))
    p.add_argument(
        "--growth-dir",
        action="append",
        default=None,
        help="a set of further documents (documents/) and questions (questions.jsonl) whose dev split "
        "the models are also fit on, over an index of the corpus plus those documents; repeat for several "
        "(default: eval/growth and eval/growth3 — never eval/growth2, the held-out set)",
    )
    p.add_argument("--no-growth", action="store_true", help="fit on --questions alone")
    p.add_argument(
        "--growth-index",
        action="append",
        default=None,
        help="keep the corpus + growth index in this directory between fits, one per --growth-dir in "
        "the same order (default: a temporary one)",
    )
    p.set_defaults(func=cmd_fit)

    p = sub.add_parser("analyse", help="show how a question is read: intent, attributes, entities, scope")
    p.add_argument("question")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(func=cmd_analyse)

    from assistant.bench import parse_sizes

    p = sub.add_parser("bench", help="benchmarks: build time, latency, cold start, memory, 1k-100k chunks")
    p.add_argument(
        "--sizes",
        type=parse_sizes,
        default=None,
        help="index sizes in chunks for the scale runs (default 1000,10000,100000; --quick: 300)",
    )
    p.add_argument(
        "--quick",
        action="store_true",
        help="smallest document, 8 questions, one run each: a smoke test in about a minute",
    )
    p.add_argument(
        "--output",
        default=str(Path(__file__).resolve().parent.parent / "eval" / "bench"),
        help="report directory (report.md, results.json, plots)",
    )
    p.add_argument(
        "--server-size",
        type=int,
        default=None,
        help="chunks for the Chroma-server run (default 10000; --quick: the smallest size; 0: skip)",
    )
    p.add_argument("--work-dir", default=None, help="bench indexes (default: INDEX_DIR/bench, reused between runs)")
    browser = p.add_mutually_exclusive_group()
    browser.add_argument("--no-browser", action="store_true", help="skip the chat-in-chromium part")
    browser.add_argument(
        "--browser-only",
        action="store_true",
        help="only the chat in chromium (first answer text, answer heights), added to the report in --output",
    )
    p.set_defaults(func=cmd_bench)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:  # a bad ASSISTANT_* variable or .env line; values are not echoed
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors())
        return _error(
            f"invalid setting ({problems}). Check the ASSISTANT_* environment variables and .env.", EXIT_USAGE
        )
    try:
        assistant = Assistant(settings)
        return args.func(args, assistant)
    except QuestionError as exc:
        return _error(str(exc), EXIT_USAGE)
    except IndexProblem as exc:
        return _error(str(exc), EXIT_FAIL)
    except RegistryError as exc:
        return _error(str(exc), EXIT_USAGE)
    except KeyboardInterrupt:
        return _error("interrupted; nothing was left half-written, run the command again to finish", 130)
    except BrokenPipeError:
        return EXIT_OK
