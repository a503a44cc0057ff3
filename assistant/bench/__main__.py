"""`python -m assistant.bench worker CFG`: the benchmark's worker processes (`worker.py`); the
benchmark itself is `python -m assistant bench`."""

import sys

from assistant.bench.worker import worker_main

if sys.argv[1:2] == ["worker"] and len(sys.argv) == 3:
    raise SystemExit(worker_main(sys.argv[2]))
raise SystemExit("usage: python -m assistant bench --help  (this module's own entry point is for its workers)")
