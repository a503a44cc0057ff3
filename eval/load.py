"""Load test of the app's `/ask` API: concurrent clients, each with its own
`gradio_client.Client`, asking questions from eval/questions.jsonl (Arabic, French,
English). Reports p50/p95/max latency and throughput, counts errors, and checks that
every answer belongs to its own question (no cross-talk between clients).

    python app.py &                                     # or let --start run it
    python eval/load.py --url http://127.0.0.1:7860/ --clients 20 --questions 25
    python eval/load.py --start --clients 20 --questions 25

Writes eval/artifacts/load.json. tests/test_load.py runs the same code.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import math
import os
import random
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # run as a script: `assistant` is this checkout's
    sys.path.insert(0, str(REPO))

from assistant.serving import ServerNotReady, free_port, stop_process, wait_until_ready  # noqa: E402

QUESTIONS = REPO / "eval" / "questions.jsonl"
OUT = REPO / "eval" / "artifacts" / "load.json"
# what must be identical between two answers to the same question (timings are not)
COMPARED = ("question", "language", "mode", "answer", "abstained", "citations", "notices")


def load_questions(path: Path = QUESTIONS, langs=("ar", "fr", "en")) -> list[dict]:
    items = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [{"id": q["id"], "lang": q["lang"], "question": q["question"]} for q in items if q["lang"] in langs]


def plan(questions: list[dict], clients: int, per_client: int, seed: int) -> list[list[dict]]:
    """Each client's questions: drawn at random (seeded), every language in every client's share."""
    rng = random.Random(seed)
    by_lang: dict[str, list[dict]] = {}
    for q in questions:
        by_lang.setdefault(q["lang"], []).append(q)
    langs = sorted(by_lang)
    out = []
    for _ in range(clients):
        mine = [rng.choice(by_lang[langs[i % len(langs)]]) for i in range(per_client)]
        rng.shuffle(mine)
        out.append(mine)
    return out


def fingerprint(answer: dict) -> dict:
    """The parts of an answer that depend only on its question (and the index)."""
    out = {k: answer.get(k) for k in COMPARED}
    out["passages"] = [(p.get("doc"), p.get("lines")) for p in answer.get("passages") or []]
    return out


def run_load(url: str, work: list[list[dict]], *, auth: tuple[str, str] | None = None) -> tuple[list[dict], float]:
    """Every client (one thread, one Client) asks its questions one after another; all start together.
    Returns one record per request and the wall-clock time of the whole run."""
    from gradio_client import Client

    results: list[dict] = []
    lock = threading.Lock()
    ready = threading.Barrier(len(work) + 1)

    def client_thread(n: int, questions: list[dict]) -> None:
        try:
            client = Client(url, verbose=False, auth=auth, download_files=False)
        except Exception as exc:  # counted as errors for every question of this client
            ready.wait()
            with lock:
                results.extend(
                    {
                        "client": n,
                        "i": i,
                        "id": q["id"],
                        "question": q["question"],
                        "ok": False,
                        "latency_s": 0.0,
                        "error": f"client: {type(exc).__name__}: {exc}",
                    }
                    for i, q in enumerate(questions)
                )
            return
        ready.wait()
        for i, q in enumerate(questions):
            started = time.perf_counter()
            record = {"client": n, "i": i, "id": q["id"], "lang": q["lang"], "question": q["question"]}
            try:
                answer = client.predict(q["question"], api_name="/ask")
                record["answer"] = answer
                bad = not isinstance(answer, dict) or "error" in answer
                record.update(
                    ok=not bad,
                    error=(answer.get("error") if isinstance(answer, dict) else repr(answer)) if bad else None,
                )
            except Exception as exc:
                record.update(ok=False, error=f"{type(exc).__name__}: {exc}")
            record["latency_s"] = time.perf_counter() - started
            with lock:
                results.append(record)

    threads = [threading.Thread(target=client_thread, args=(n, qs), daemon=True) for n, qs in enumerate(work)]
    for t in threads:
        t.start()
    ready.wait()
    started = time.perf_counter()
    for t in threads:
        t.join()
    return sorted(results, key=lambda r: (r["client"], r["i"])), time.perf_counter() - started


def sequential_reference(url: str, questions: list[str], *, auth=None) -> dict[str, dict]:
    """Each distinct question asked once, alone: what a correct answer to it looks like."""
    from gradio_client import Client

    client = Client(url, verbose=False, auth=auth, download_files=False)
    return {q: client.predict(q, api_name="/ask") for q in dict.fromkeys(questions)}


def cross_talk(results: list[dict], reference: dict[str, dict] | None = None) -> list[str]:
    """Problems: an answer that echoes another question, or differs from the other answers to the
    same question (or from the answer it gets when asked alone)."""
    from assistant.api import clean_question

    problems = []
    seen: dict[str, dict] = {}
    for r in results:
        if not r.get("ok"):
            continue
        answer, q = r["answer"], r["question"]
        if answer.get("question") != clean_question(q):
            problems.append(
                f"client {r['client']} #{r['i']}: asked {q!r}, got the answer to {answer.get('question')!r}"
            )
            continue
        fp = fingerprint(answer)
        if q in seen and seen[q] != fp:
            problems.append(f"client {r['client']} #{r['i']}: {q!r} answered differently under load")
        seen.setdefault(q, fp)
        if reference is not None and q in reference and fingerprint(reference[q]) != fp:
            problems.append(f"client {r['client']} #{r['i']}: {q!r} differs from its answer asked alone")
    return problems


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)] if ordered else 0.0


def summarize(results: list[dict], wall_s: float, clients: int, per_client: int) -> dict:
    lat = [r["latency_s"] for r in results if r.get("ok")]
    errors = [r for r in results if not r.get("ok")]
    by_lang: dict[str, int] = {}
    for r in results:
        by_lang[r.get("lang", "?")] = by_lang.get(r.get("lang", "?"), 0) + 1
    return {
        "clients": clients,
        "questions_per_client": per_client,
        "requests": len(results),
        "errors": len(errors),
        "error_examples": [e["error"] for e in errors[:5]],
        "requests_by_language": by_lang,
        "wall_s": round(wall_s, 2),
        "throughput_rps": round(len(results) / wall_s, 2) if wall_s else 0.0,
        "latency_ms": {
            "p50": round(percentile(lat, 50) * 1e3, 1),
            "p95": round(percentile(lat, 95) * 1e3, 1),
            "max": round(max(lat, default=0.0) * 1e3, 1),
            "mean": round(statistics.fmean(lat) * 1e3, 1) if lat else 0.0,
        },
    }


def report(figures: dict) -> str:
    lat = figures["latency_ms"]
    return (
        f"{figures['requests']} requests from {figures['clients']} concurrent clients: {figures['errors']} errors, "
        f"{figures.get('cross_talk', 0)} cross-talk; latency p50 {lat['p50']:.0f} ms, p95 {lat['p95']:.0f} ms, "
        f"max {lat['max']:.0f} ms; throughput {figures['throughput_rps']:.1f} requests/s "
        f"({figures['wall_s']:.1f} s wall)"
    )


def write(figures: dict, out: Path = OUT) -> Path:
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return out


# -- starting the app ---------------------------------------------------------------------------------


def start_app(env: dict[str, str], log_path: Path, timeout_s: float = 300) -> tuple[subprocess.Popen, str]:
    """`python app.py` on a free loopback port; returns once its page answers."""
    port = free_port()
    env = {
        **env,
        "GRADIO_SERVER_NAME": "127.0.0.1",
        "GRADIO_SERVER_PORT": str(port),
        "GRADIO_ANALYTICS_ENABLED": "False",
    }
    log = open(log_path, "w", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, str(REPO / "app.py")], cwd=log_path.parent, env=env, stdout=log, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}/"
    try:
        wait_until_ready(url, timeout_s, process=proc, output=log_path, what="app.py")
    except ServerNotReady:
        stop_app(proc)
        raise
    return proc, url


def stop_app(proc: subprocess.Popen) -> None:
    stop_process(proc)


def measure(
    url: str,
    clients: int,
    per_client: int,
    seed: int,
    *,
    langs=("ar", "fr", "en"),
    reference: bool = True,
    auth=None,
    log=print,
) -> tuple[dict, list[dict]]:
    """The whole measurement: plan, load, cross-talk check (against answers asked alone), figures."""
    work = plan(load_questions(langs=langs), clients, per_client, seed)
    log(f"{clients} clients x {per_client} questions against {url.rstrip('/')}/ask (seed {seed}) ...")
    results, wall = run_load(url, work, auth=auth)
    ref = sequential_reference(url, [r["question"] for r in results if r.get("ok")], auth=auth) if reference else None
    problems = cross_talk(results, ref)
    figures = summarize(results, wall, clients, per_client)
    figures.update(
        cross_talk=len(problems),
        cross_talk_examples=problems[:5],
        seed=seed,
        url=url,
        distinct_questions=len({r["question"] for r in results}),
        measured_at=dt.datetime.now().isoformat(timespec="seconds"),
        load_average=list(os.getloadavg()) if hasattr(os, "getloadavg") else None,
        cpus=os.cpu_count(),
    )
    log(report(figures))
    return figures, results


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    where = p.add_mutually_exclusive_group(required=True)
    where.add_argument("--url", help="the running app, e.g. http://127.0.0.1:7860/")
    where.add_argument("--start", action="store_true", help="start `python app.py` (current settings) on a free port")
    p.add_argument("--clients", type=int, default=20)
    p.add_argument("--questions", type=int, default=25, help="questions per client")
    p.add_argument("--seed", type=int, default=6)
    p.add_argument("--langs", default="ar,fr,en")
    p.add_argument("--no-reference", action="store_true", help="skip asking each question alone afterwards")
    p.add_argument("--out", default=str(OUT))
    args = p.parse_args(argv)
    proc = None
    url = args.url
    if args.start:
        log_path = Path(args.out).with_suffix(".app.log")
        log_path.parent.mkdir(parents=True, exist_ok=True)
        proc, url = start_app(dict(os.environ), log_path)
    try:
        figures, _ = measure(
            url.rstrip("/") + "/",
            args.clients,
            args.questions,
            args.seed,
            langs=tuple(args.langs.split(",")),
            reference=not args.no_reference,
        )
    finally:
        if proc is not None:
            stop_app(proc)
    print(f"wrote {write(figures, Path(args.out))}")
    return 0 if figures["errors"] == 0 and figures["cross_talk"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
