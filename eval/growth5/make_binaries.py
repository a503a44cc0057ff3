"""Build the binary growth5 documents (.docx, .pdf) from their source texts.

    python eval/growth5/make_binaries.py

Each eval/growth5/sources/<stem>.txt becomes eval/growth5/documents/<stem>.docx or
<stem>.pdf (the extension is fixed in TARGETS below), built by eval/growth/make_binaries.py
(its docstring gives the source format); only the targets and the date stamped into the
files are this set's. Idempotent: re-running produces byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent

# stem -> (format, language)
TARGETS = {
    "m04-ar-tifariti-bir-moghrein-convention": ("docx", "ar"),
    "m06-fr-lorient-dakhla-renouvellement": ("pdf", "fr"),
    "m09-it-sciacca-boujdour-patto": ("pdf", "it"),
    "m10-es-smara-leche-camella": ("docx", "es"),
}

FIXED = dt.datetime(2026, 6, 10, 12, 0, 0, tzinfo=dt.timezone.utc)


def _builder():
    # a script beside a script of the same name: loaded by path, not by import
    spec = importlib.util.spec_from_file_location("growth_make_binaries", HERE.parent / "growth" / "make_binaries.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module


if __name__ == "__main__":
    base = _builder()
    base.build(base.BinarySet(HERE, TARGETS, FIXED))
