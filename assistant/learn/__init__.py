"""What the assistant fits from labelled data rather than constants: the intent
classifier of the question analysis, the answer-sentence scorer and the
abstention decision. Each model is fit by code, cached under
`settings.model_dir` by a hash of its training data, and reports
cross-validated figures."""

from __future__ import annotations

import hashlib
import json
import pickle
from pathlib import Path


def digest(*parts) -> str:
    h = hashlib.sha256()
    for p in parts:
        h.update(p if isinstance(p, bytes) else json.dumps(p, sort_keys=True, ensure_ascii=False, default=str).encode())
    return h.hexdigest()[:16]


def cached(model_dir: Path, name: str, key: str, build):
    """`build()` once per key; the result is pickled under model_dir (a failed write
    only costs a refit next time)."""
    path = Path(model_dir) / f"{name}-{key}.pkl"
    if path.exists():
        try:
            with path.open("rb") as fh:
                return pickle.load(fh)
        except Exception:
            path.unlink(missing_ok=True)
    value = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(".tmp")
        with tmp.open("wb") as fh:
            pickle.dump(value, fh)
        tmp.replace(path)
        for old in path.parent.glob(f"{name}-*.pkl"):
            if old != path:
                old.unlink(missing_ok=True)
    except OSError:
        pass
    return value
