"""assistant.serving.wait_until_ready: the one wait-until-the-server-answers loop of the tests, the
load test and the benchmarks. It returns at the first 200, and fails clearly, quoting the
server's output, when the server dies or never answers."""

from __future__ import annotations

import http.server
import subprocess
import sys
import threading

import pytest

from assistant.serving import ServerNotReady, free_port, stop_process, wait_until_ready


def test_returns_once_the_url_answers_200():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), http.server.SimpleHTTPRequestHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        wait_until_ready(f"http://127.0.0.1:{server.server_address[1]}/", 10, interval=0.01)
    finally:
        server.shutdown()
        server.server_close()


def test_a_server_that_exits_fails_at_once_with_its_output(tmp_path):
    log = tmp_path / "server.log"
    with log.open("w") as fh:
        proc = subprocess.Popen(
            [sys.executable, "-c", "import sys; print('no model found'); sys.exit(3)"], stdout=fh, stderr=fh
        )
        proc.wait(timeout=30)
    with pytest.raises(ServerNotReady, match=r"(?s)the app exited with 3 .*no model found"):
        wait_until_ready(f"http://127.0.0.1:{free_port()}/", 60, process=proc, output=log, what="the app")


def test_a_server_that_never_answers_times_out_with_its_output(tmp_path):
    proc = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        with pytest.raises(ServerNotReady, match=r"(?s)did not answer at .* within 0 s:\nstill loading"):
            wait_until_ready(
                f"http://127.0.0.1:{free_port()}/", 0.3, process=proc, output=lambda: "still loading", interval=0.05
            )
        assert proc.poll() is None  # the caller stops it, not the wait
    finally:
        stop_process(proc)
