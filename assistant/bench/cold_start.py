"""Cold start: `python -m assistant ask "…"` wall time in a subprocess over the built index, and
`python app.py` until `/` answers HTTP 200; the peak RSS of each (its VmHWM, sampled).
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from tqdm import tqdm

from assistant.bench.measure import Measured, child_env, fmt_load, load_avg, stats
from assistant.serving import free_port, wait_until_ready
from assistant.settings import PROJECT_ROOT, Settings

CLI_QUESTION = "Avec quelles villes Smara est-elle jumelée ?"


def bench_cold_cli(settings: Settings, index_dir: Path, runs: int, workdir: Path, log=print) -> dict:
    env = child_env(index_dir, settings)
    walls, peaks, load = [], [], load_avg()
    for i in tqdm(range(runs), desc=f"Cold start: CLI ask ({settings.embedder})", unit="run", file=sys.stderr):
        m = Measured(
            [sys.executable, "-m", "assistant", "ask", CLI_QUESTION],
            env=env,
            cwd=workdir,
            log=workdir / f"cli-{settings.embedder}-{i}.log",
        )
        code = m.wait(600)
        if code != 0:
            raise RuntimeError(f"`python -m assistant ask` exited with {code}:\n{m.tail()}")
        walls.append(m.wall_s)
        peaks.append(m.peak_rss_mb)
    out = {
        "runs": runs,
        "wall_s": stats(walls),
        "peak_rss_mb": max(peaks),
        "load": load,
        "load_after": load_avg(),
        "command": f'python -m assistant ask "{CLI_QUESTION}"',
        "embedder_setting": settings.embedder,
    }
    log(
        f"Cold start, CLI ask (ASSISTANT_EMBEDDER={settings.embedder}): p50 {out['wall_s']['p50']:.2f} s (min {min(walls):.2f}, max {max(walls):.2f}) "
        f"over {runs} run(s); peak RSS {out['peak_rss_mb']:.0f} MB  [load {fmt_load(load)}]"
    )
    return out


def bench_cold_app(settings: Settings, index_dir: Path, runs: int, workdir: Path, log=print) -> dict:
    readies, peaks, load = [], [], load_avg()
    for i in tqdm(range(runs), desc=f"Cold start: app.py ({settings.embedder})", unit="run", file=sys.stderr):
        port = free_port()
        env = child_env(index_dir, settings, GRADIO_SERVER_NAME="127.0.0.1", GRADIO_SERVER_PORT=str(port))
        m = Measured(
            [sys.executable, str(PROJECT_ROOT / "app.py")],
            env=env,
            cwd=workdir,
            log=workdir / f"app-{settings.embedder}-{i}.log",
        )
        url = f"http://127.0.0.1:{port}/"
        try:
            # polled often: the time to the first 200 is the figure (Measured reaps its own child)
            wait_until_ready(url, 600, process=m, output=m.tail, what="app.py", interval=0.05)
            readies.append(time.perf_counter() - m.started)
        finally:
            m.stop()
        peaks.append(m.peak_rss_mb)
    out = {
        "runs": runs,
        "ready_s": stats(readies),
        "peak_rss_mb": max(peaks),
        "load": load,
        "load_after": load_avg(),
        "command": "python app.py (until GET / answers 200)",
        "embedder_setting": settings.embedder,
    }
    log(
        f"Cold start, app.py until HTTP 200 (ASSISTANT_EMBEDDER={settings.embedder}): p50 {out['ready_s']['p50']:.2f} s over {runs} run(s); "
        f"peak RSS {out['peak_rss_mb']:.0f} MB  [load {fmt_load(load)}]"
    )
    return out
