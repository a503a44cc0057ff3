"""The chat as a user sees it: `python app.py` offline (extractive answers, the configured
embedder), driven in Debian's chromium by Playwright, one conversation per language.

For the issue's must-hold "the first answer text appears < 1 s after sending (offline); with
sources folded, an answer of up to ten lines takes less than one 1000-px screen", each question
gets three figures, measured inside the page (a MutationObserver on the chat, `performance.now()`),
so the driver's own round trips do not count:

* first text: from the click on Send (the event's own time stamp) to the animation frame that
  shows the first non-empty line of *this* turn's answer, the "searching" placeholder excluded;
* final: to the frame where the finished answer (its footer) is in place;
* height: the rendered height in px of the answer message, sources folded as they come.

The first question after the app starts loads what a first question loads (the language
detector, the intent classifier, which it fits first when the model cache has none); it is asked
first, on its own page, and reported apart.
Figures only: nothing here asserts a timing (the machine may be busy); `tests/test_bench.py`
checks that they are numbers.
"""

from __future__ import annotations

import sys
import time
from datetime import datetime, timezone
from pathlib import Path

from assistant.bench.measure import Measured, child_env, fmt_load, load_avg, stats
from assistant.serving import free_port, wait_until_ready
from assistant.settings import PROJECT_ROOT, Settings

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
VIEWPORT = {"width": 1280, "height": 1000}  # one 1000-px screen
FIRST_TEXT_TARGET_MS = 1000.0
SCREEN_PX = 1000.0
MAX_LINES = 10  # the height target is for answers of up to this many lines

PLAN = PROJECT_ROOT / "eval" / "bench" / "browser_plan.yaml"  # which questions, in which order

# Installed before each question, for turn `n`: records the click's time stamp, then the first
# frame that shows answer text in #turn-n and the frame with the finished answer.
ARM_JS = """(turn) => {
  const b = (window.__bench = {turn, sent: null, first: null, final: null});
  if (!window.__benchClick) {
    window.__benchClick = true;
    document.addEventListener('click', (e) => {
      const w = window.__bench;
      if (w && w.sent === null && e.target.closest && e.target.closest('#send')) w.sent = e.timeStamp;
    }, true);
  }
  if (window.__benchObserver) window.__benchObserver.disconnect();
  let firstSeen = false, finalSeen = false;
  const check = () => {
    const m = document.getElementById('turn-' + turn);
    if (!m || b.sent === null) return;
    if (!firstSeen) {
      const lines = m.querySelectorAll('.answer-text li, .answer-text p:not(.searching)');
      if ([...lines].some((e) => e.textContent.trim() && e.getClientRects().length)) {
        firstSeen = true;
        requestAnimationFrame(() => { b.first = performance.now(); });
      }
    }
    if (!finalSeen && !m.classList.contains('msg-pending') && m.querySelector('.msg-footer')) {
      finalSeen = true;
      requestAnimationFrame(() => { b.final = performance.now(); });
      observer.disconnect();
    }
  };
  const observer = new MutationObserver(check);
  observer.observe(document.querySelector('#chat'), {childList: true, subtree: true, characterData: true});
  window.__benchObserver = observer;
}"""

MEASURE_JS = """(turn) => {
  const m = document.getElementById('turn-' + turn);
  const sources = m.querySelector('details.sources');
  return {
    height_px: m.getBoundingClientRect().height,
    answer_lines: m.querySelectorAll('.answer-text p, .answer-text li').length,
    notices_open: m.querySelectorAll(':scope > .notice').length,
    sources: m.querySelectorAll('.src-card').length,
    sources_folded: sources ? !sources.open : null,
    abstained: m.classList.contains('msg-abstained'),
    understood: !!m.querySelector('.understood'),
  };
}"""


def unavailable() -> str | None:
    """Why the browser benchmark cannot run here, or None."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed (pip install -e '.[test]')"
    if not Path(CHROMIUM).exists():
        return f"{CHROMIUM} is missing (apt-get install chromium)"
    return None


def _ask(page, turn: int, question: str) -> dict:
    page.evaluate(ARM_JS, turn)
    page.fill("#question textarea", question)
    started = time.perf_counter()
    page.click("#send")
    page.locator(f"#turn-{turn}:not(.msg-pending) .msg-footer").wait_for(timeout=120_000)
    driver_final_ms = (time.perf_counter() - started) * 1e3
    page.wait_for_function("() => window.__bench.first !== null && window.__bench.final !== null", timeout=10_000)
    b = page.evaluate("() => window.__bench")
    return {
        "first_text_ms": b["first"] - b["sent"],
        "final_ms": b["final"] - b["sent"],
        "driver_final_ms": driver_final_ms,  # as seen from Python: the page's figures plus round trips
        **page.evaluate(MEASURE_JS, turn),
    }


def _conversation(browser, url: str, lang: str, questions: list, shots: Path | None, log) -> list[dict]:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        page = context.new_page()
        page.goto(f"{url}?lang={lang}")
        page.wait_for_selector("#question textarea", timeout=60_000)
        rows = []
        for turn, q in enumerate(questions, 1):
            row = {"id": q.id, "lang": q.lang, "kind": q.kind, "question": q.question, **_ask(page, turn, q.question)}
            rows.append(row)
            log(
                f"  {q.id}: first text {row['first_text_ms']:.0f} ms, final {row['final_ms']:.0f} ms, "
                f"{row['height_px']:.0f} px ({row['answer_lines']} lines, {row['notices_open']} notice(s) open, "
                + (
                    f"{row['sources']} sources {'folded' if row['sources_folded'] else 'OPEN'}"
                    if row["sources"]
                    else "no sources"
                )
                + (", abstained" if row["abstained"] else "")
                + (", read as a follow-up" if row["understood"] else "")
                + ")"
            )
        if shots:
            shots.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(shots / f"chat-{lang}.png"), full_page=True)
        return rows
    finally:
        context.close()


def bench_browser(
    settings: Settings,
    index_dir: Path,
    workdir: Path,
    *,
    quick: bool = False,
    shots: Path | None = None,
    command: str = "python -m assistant bench",
    log=print,
) -> dict:
    """Start the app over `index_dir` offline, ask the questions in chromium, return the figures
    (or {"skipped": why} when chromium or Playwright is missing)."""
    why = unavailable()
    if why:
        log(f"Browser: skipped, {why}.")
        return {"skipped": why}
    from playwright.sync_api import sync_playwright

    from assistant.bench.measure import machine
    from assistant.evaluation import load_questions

    by_id = {q.id: q for q in load_questions(PROJECT_ROOT / "eval" / "questions.jsonl")}
    import yaml

    spec = yaml.safe_load(PLAN.read_text(encoding="utf-8"))
    plan = {lang: [by_id[i] for i in ids] for lang, ids in spec["quick" if quick else "full"].items()}
    out: dict = {
        "command": command,
        "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "embedder_setting": settings.embedder,
        "answer_mode": "extractive (ASSISTANT_LLM_BACKEND=none)",
        "viewport": VIEWPORT,
        "first_text_target_ms": FIRST_TEXT_TARGET_MS,
        "screen_px": SCREEN_PX,
        "max_lines": MAX_LINES,
    }
    port = free_port()
    env = child_env(
        index_dir,
        settings,
        GRADIO_SERVER_NAME="127.0.0.1",
        GRADIO_SERVER_PORT=str(port),
        ASSISTANT_LLM_BACKEND="none",  # offline: the answers the must-hold is about
    )
    url = f"http://127.0.0.1:{port}/"
    # without a fitted intent classifier in the model cache, the first question fits it (once)
    models = settings.model_copy(update={"index_dir": index_dir}).models_path
    out["classifier_cached"] = any(models.glob("intent-*"))
    app = Measured(
        [sys.executable, str(PROJECT_ROOT / "app.py")], env=env, cwd=workdir, log=workdir / "browser-app.log"
    )
    try:
        wait_until_ready(url, 600, process=app, output=app.tail, what="app.py")
        out["app_ready_s"] = time.perf_counter() - app.started
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            try:
                out["chromium"] = browser.version
                log(f"Browser: chromium {browser.version}, app ready in {out['app_ready_s']:.1f} s; warm-up question")
                out["warm_up"] = _conversation(browser, url, "fr", [by_id[spec["warm_up"]]], None, log)[0]
                out["load"] = load_avg()
                rows = []
                for lang, questions in plan.items():
                    rows += _conversation(browser, url, lang, questions, shots, log)
            finally:
                browser.close()
    finally:
        app.stop()
    out["load_after"] = load_avg()
    out["app_peak_rss_mb"] = app.peak_rss_mb
    out["questions"] = rows
    first = [r["first_text_ms"] for r in rows]
    short = [r for r in rows if r["answer_lines"] <= MAX_LINES]
    out.update(
        first_text_ms=stats(first),
        final_ms=stats([r["final_ms"] for r in rows]),
        height_px=stats([r["height_px"] for r in rows]),
        height_up_to_max_lines_px=stats([r["height_px"] for r in short]),
        first_text_met=max(first) < FIRST_TEXT_TARGET_MS,
        height_met=all(r["height_px"] < SCREEN_PX for r in short),
        longer_than_max_lines=[r["id"] for r in rows if r["answer_lines"] > MAX_LINES],
        sources_all_folded=all(r["sources_folded"] is not False for r in rows),
    )
    f, h = out["first_text_ms"], out["height_up_to_max_lines_px"]
    log(
        f"Browser, {len(rows)} questions: first answer text p50 {f['p50']:.0f} ms, max {f['max']:.0f} ms "
        f"(< {FIRST_TEXT_TARGET_MS:.0f} ms: {'yes' if out['first_text_met'] else 'NO'}); final answer p50 "
        f"{out['final_ms']['p50']:.0f} ms, max {out['final_ms']['max']:.0f} ms; height of answers of up to "
        f"{MAX_LINES} lines ({len(short)}), sources folded: p50 {h['p50']:.0f} px, max {h['max']:.0f} px "
        f"(< {SCREEN_PX:.0f} px: {'yes' if out['height_met'] else 'NO'})  [load {fmt_load(out['load'])}]"
    )
    return out


def run_browser_only(
    settings: Settings, output: Path, *, work_root: Path | None, command: str, quick: bool = False, log=print
) -> dict:
    """`python -m assistant bench --browser-only`: the browser figures alone, added to the report in
    `output` (its other figures, and the run they come from, are kept as they are)."""
    import json
    import tempfile

    from assistant.api import Assistant
    from assistant.bench.report import write_bench_report

    root = Path(work_root or Path(settings.index_dir) / "bench")
    index_dir = root / "browser-index"  # its own: a full run rebuilds `real` from scratch
    s = settings.model_copy(update={"index_dir": index_dir, "chroma_host": None})
    log(f"Browser: indexing the corpus into {index_dir} (only what changed since the last run)")
    report = Assistant(s).ingest([settings.corpus_dir], show_progress=True)
    if report.failed:
        raise RuntimeError(f"the corpus did not index cleanly: {report.failed}")
    with tempfile.TemporaryDirectory(prefix="assistant-bench-browser-") as tmp:
        figures = bench_browser(
            settings, index_dir, Path(tmp), quick=quick, shots=root / "browser-shots", command=command, log=log
        )
    results_file = output / "results.json"
    results = json.loads(results_file.read_text(encoding="utf-8")) if results_file.exists() else {}
    results["browser"] = figures
    write_bench_report(results, output)
    log(
        f"Wrote the browser figures into {output / 'report.md'} and {results_file}; screenshots in {root}/browser-shots"
    )
    return results
