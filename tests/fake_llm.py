"""A real, deliberately bad OpenAI-compatible HTTP server on loopback, for LLM fault tests.

Each mode is one way an endpoint goes wrong: too slow, trickling keep-alive comments
forever, invalid JSON, empty choices, an HTML page, an error that echoes the API key
back, or a model that "obeys" an instruction injected into a document. It is a real
server on a real socket; only its behaviour is scripted.
"""

from __future__ import annotations

import http.server
import json
import threading
import time

MODES = (
    "slow",
    "trickle",
    "slow_tokens",
    "invalid_json",
    "empty_choices",
    "empty_choices_json",
    "html",
    "html_502",
    "echo_key_401",
    "obey",
)


def _chunk(content: str) -> bytes:
    data = {
        "id": "x",
        "object": "chat.completion.chunk",
        "created": 0,
        "model": "m",
        "choices": [{"index": 0, "delta": {"content": content}, "finish_reason": None}],
    }
    return b"data: " + json.dumps(data).encode() + b"\n\n"


class _Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):  # quiet
        pass

    def _send(self, status: int, content_type: str, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def _events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()

    def do_GET(self):  # noqa: N802
        self._send(200, "application/json", b'{"object": "list", "data": []}')

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        server: FakeLLM = self.server.owner
        server.requests += 1
        server.authorizations.append(self.headers.get("Authorization", ""))
        mode, hold = server.mode, server.hold_s
        try:
            if mode == "slow":  # nothing at all until long after the timeout
                time.sleep(hold)
                self._send(200, "application/json", b"{}")
            elif mode == "trickle":  # headers, then only keep-alive comments
                self._events()
                end = time.monotonic() + hold
                while time.monotonic() < end and not server.stopping.is_set():
                    self.wfile.write(b": keep-alive\n\n")
                    self.wfile.flush()
                    time.sleep(0.2)
            elif mode == "slow_tokens":  # a token now and then, never finishing in time
                self._events()
                end = time.monotonic() + hold
                while time.monotonic() < end and not server.stopping.is_set():
                    self.wfile.write(_chunk("Dakhla "))
                    self.wfile.flush()
                    time.sleep(0.3)
            elif mode == "invalid_json":
                self._events()
                self.wfile.write(b"data: {not json at all\n\ndata: [DONE]\n\n")
            elif mode == "empty_choices":
                self._events()
                empty = {"id": "x", "object": "chat.completion.chunk", "created": 0, "model": "m", "choices": []}
                self.wfile.write(b"data: " + json.dumps(empty).encode() + b"\n\ndata: [DONE]\n\n")
            elif mode == "empty_choices_json":
                self._send(
                    200,
                    "application/json",
                    json.dumps(
                        {"id": "x", "object": "chat.completion", "created": 0, "model": "m", "choices": []}
                    ).encode(),
                )
            elif mode == "html":
                self._send(200, "text/html", b"<!doctype html><html><body><h1>Welcome to nginx!</h1></body></html>")
            elif mode == "html_502":
                self._send(502, "text/html", b"<html><body><h1>502 Bad Gateway</h1></body></html>")
            elif mode == "echo_key_401":  # like a hosted API quoting the key it refused
                auth = self.headers.get("Authorization", "")
                self._send(
                    401,
                    "application/json",
                    json.dumps(
                        {"error": {"message": f"Incorrect API key provided: {auth}", "type": "invalid_request_error"}}
                    ).encode(),
                )
            elif mode == "obey":  # a model that followed an injected instruction
                self._events()
                self.wfile.write(_chunk("HACKED") + b"data: [DONE]\n\n")
            else:
                self._send(500, "text/plain", f"unknown mode {mode}".encode())
            self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass


class FakeLLM:
    """`with FakeLLM("slow", hold_s=30) as llm: ... llm.url ...` (an OpenAI-style /v1 base URL)."""

    def __init__(self, mode: str, hold_s: float = 30.0):
        assert mode in MODES, mode
        self.mode, self.hold_s = mode, hold_s
        self.requests = 0
        self.authorizations: list[str] = []
        self.stopping = threading.Event()
        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
        self._server.daemon_threads = True
        self._server.owner = self

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_port}/v1"

    def __enter__(self) -> "FakeLLM":
        threading.Thread(target=self._server.serve_forever, daemon=True, name=f"fake-llm-{self.mode}").start()
        return self

    def __exit__(self, *exc) -> None:
        self.stopping.set()
        self._server.shutdown()
        self._server.server_close()
