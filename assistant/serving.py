"""Servers this project starts as child processes (the app, a Chroma server, a llama.cpp server):
a free loopback port for one, waiting until it answers, and stopping it.

Used by the benchmarks (`assistant/bench/`), the load test (`eval/load.py`) and the tests
(`tests/conftest.py`): one loop, so a server that dies while starting fails the same clear way
everywhere, with its own output.
"""

from __future__ import annotations

import socket
import subprocess
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

OUTPUT_TAIL = 3000  # characters of the server's output quoted in an error


class ServerNotReady(RuntimeError):
    """The server exited, or did not answer in time; the message ends with its output."""


class Pollable(Protocol):
    def poll(self) -> int | None: ...


def free_port() -> int:
    """A TCP port nothing listens on right now (the OS picks it)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _output(source: Path | str | Callable[[], str] | None) -> str:
    if source is None:
        return ""
    if callable(source):
        text = source()
    else:
        try:
            text = Path(source).read_text(encoding="utf-8", errors="replace")
        except OSError:
            return ""
    return text[-OUTPUT_TAIL:]


def wait_until_ready(
    url: str,
    timeout: float,
    *,
    process: Pollable | None = None,
    output: Path | str | Callable[[], str] | None = None,
    what: str = "the server",
    interval: float = 0.25,
) -> None:
    """Return once `url` answers HTTP 200.

    Raise `ServerNotReady` as soon as `process` (anything with `poll()`: a `Popen`, or the
    benchmarks' `Measured`, which must reap its own child) has exited, or after `timeout` seconds;
    the message quotes the end of `output` (a log file, or a function returning the text). The
    process is left as it is: stopping it is the caller's business (a test fixture, a benchmark
    that measures it)."""
    deadline = time.monotonic() + timeout
    while True:
        if process is not None and (code := process.poll()) is not None:
            raise ServerNotReady(f"{what} exited with {code} before answering at {url}:\n{_output(output)}")
        try:
            with urllib.request.urlopen(url, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:  # not listening yet, or an HTTP error while it starts
            pass
        if time.monotonic() > deadline:
            raise ServerNotReady(f"{what} did not answer at {url} within {timeout:.0f} s:\n{_output(output)}")
        time.sleep(interval)


def stop_process(proc: subprocess.Popen, timeout: float = 20) -> None:
    """SIGTERM, then SIGKILL if it is still there after `timeout` seconds."""
    proc.terminate()
    try:
        proc.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout=timeout)
