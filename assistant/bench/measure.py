"""Measuring the benchmark's own processes and its children: load average, memory, timing
statistics, the machine, and `Measured`, a child process timed to its exit with its peak RSS.

Every figure carries the 1/5/15-minute load average at the time it was taken: the machine may be
shared, and CPU-bound timings move with it.
"""

from __future__ import annotations

import os
import platform
import resource
import subprocess
import sys
import time
from pathlib import Path

from assistant.settings import PROJECT_ROOT, Settings


def fmt_load(load: list[float]) -> str:
    return " ".join(f"{x:.2f}" for x in load) if load else "n/a"


def load_avg() -> list[float]:
    try:
        return [round(x, 2) for x in os.getloadavg()]
    except OSError:
        return []


def rss_mb() -> float:
    """Current resident set size of this process."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return peak_rss_mb()


def vm_hwm_mb(pid: int | str = "self") -> float | None:
    """A process's resident-set high-water mark (VmHWM), None once it has exited.

    Not `ru_maxrss`: on Linux a child's ru_maxrss starts at its parent's high-water mark
    (the address space it replaced at exec), so every subprocess of a 700 MB benchmark
    would report at least 700 MB. VmHWM belongs to the process's own address space."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except (OSError, ValueError):
        pass
    return None


def peak_rss_mb() -> float:
    """High-water resident set size of this process."""
    hwm = vm_hwm_mb()
    if hwm is not None:
        return hwm
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def stats(values: list[float]) -> dict:
    from assistant.evaluation import percentile

    if not values:
        return {"n": 0, "p50": 0.0, "p95": 0.0, "mean": 0.0, "min": 0.0, "max": 0.0}
    return {
        "n": len(values),
        "p50": percentile(values, 0.5),
        "p95": percentile(values, 0.95),
        "mean": sum(values) / len(values),
        "min": min(values),
        "max": max(values),
    }


def dir_mb(path: Path) -> float:
    total = 0
    for root, _, files in os.walk(path):
        for f in files:
            try:
                total += os.path.getsize(os.path.join(root, f))
            except OSError:
                pass
    return total / 1e6


def machine() -> dict:
    cpu = platform.processor() or ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = None
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                mem = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": mem,
        "gpu": "none",
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def child_env(index_dir: Path, settings: Settings, **extra: str) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("CHROMA_HOST", "CHROMA_PORT", "ASSISTANT_CHROMA_HOST", "ASSISTANT_CHROMA_PORT")
    }
    env.update(
        {
            "ASSISTANT_INDEX_DIR": str(index_dir),
            "ASSISTANT_EMBEDDER": settings.embedder,
            "ASSISTANT_DATA_DIR": str(settings.data_dir),
            "ASSISTANT_CORPUS_DIR": str(settings.corpus_dir),
            "HF_HUB_OFFLINE": "1",
            "TRANSFORMERS_OFFLINE": "1",
            "TOKENIZERS_PARALLELISM": "false",
            "ANONYMIZED_TELEMETRY": "False",
            "GRADIO_ANALYTICS_ENABLED": "False",
            "PYTHONIOENCODING": "utf-8",
            "PYTHONPATH": os.pathsep.join([str(PROJECT_ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        }
    )
    env.update(extra)
    return env


class Measured:
    """A child process, timed to its exit, its peak RSS sampled (VmHWM) while it runs."""

    def __init__(self, cmd: list[str], *, env: dict, cwd: Path, log: Path, stderr_to_log: bool = True):
        self.log = log
        self._fh = open(log, "w", encoding="utf-8")
        self.started = time.perf_counter()
        self.proc = subprocess.Popen(
            cmd, env=env, cwd=cwd, stdout=self._fh, stderr=subprocess.STDOUT if stderr_to_log else None
        )
        self.wall_s: float | None = None
        self.peak_rss_mb: float | None = None
        self._last_hwm = 0.0

    def sample(self) -> None:
        hwm = vm_hwm_mb(self.proc.pid)
        if hwm is None:
            return
        # Right after the spawn, /proc may still show the parent's address space (exec has woken
        # the parent but not yet switched): a high-water mark only falls at that switch, so a
        # fall means the child's own memory starts here.
        if self.peak_rss_mb is None or hwm < self._last_hwm:
            self.peak_rss_mb = hwm
        self.peak_rss_mb = max(self.peak_rss_mb, hwm)
        self._last_hwm = hwm

    def poll(self) -> int | None:
        if self.proc.returncode is not None:
            return self.proc.returncode
        self.sample()
        pid, status, _ = os.wait4(self.proc.pid, os.WNOHANG)
        if pid == 0:
            return None
        self._reaped(status)
        return self.proc.returncode

    def _reaped(self, status: int) -> None:
        self.wall_s = time.perf_counter() - self.started
        self.proc.returncode = os.waitstatus_to_exitcode(status)
        self._fh.close()

    def wait(self, timeout: float, interval: float = 0.005) -> int:
        deadline = time.monotonic() + timeout
        try:
            while (code := self.poll()) is None:
                if time.monotonic() > deadline:
                    raise TimeoutError(f"{self.proc.args[:3]} did not finish within {timeout:.0f} s; see {self.log}")
                time.sleep(interval)
        except BaseException:  # a timeout, Ctrl-C, SIGTERM: leave no child behind
            self.stop()
            raise
        return code

    def stop(self, timeout: float = 20) -> None:
        if self.proc.returncode is not None:
            return
        self.sample()
        self.proc.terminate()
        deadline = time.monotonic() + timeout
        while self.poll() is None:
            if time.monotonic() > deadline:
                self.proc.kill()
                _, status, _ = os.wait4(self.proc.pid, 0)
                self._reaped(status)
                return
            time.sleep(0.02)

    def tail(self) -> str:
        try:
            return self.log.read_text(encoding="utf-8", errors="replace")[-2000:]
        except OSError:
            return ""
