"""Build the binary growth5 documents (.docx, .pdf) from their source texts.

    python eval/growth5/make_binaries.py

Each eval/growth5/sources/<stem>.txt becomes eval/growth5/documents/<stem>.docx or
<stem>.pdf (the extension is fixed in TARGETS below), built by eval/growthkit.py's `build`
(its binaries section gives the source format); only the targets and the date stamped into the
files are this set's. Idempotent: re-running produces byte-identical files.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import growthkit  # noqa: E402  (eval/ on the path first)

# stem -> (format, language)
TARGETS = {
    "m04-ar-tifariti-bir-moghrein-convention": ("docx", "ar"),
    "m06-fr-lorient-dakhla-renouvellement": ("pdf", "fr"),
    "m09-it-sciacca-boujdour-patto": ("pdf", "it"),
    "m10-es-smara-leche-camella": ("docx", "es"),
}

FIXED = dt.datetime(2026, 6, 10, 12, 0, 0, tzinfo=dt.timezone.utc)


if __name__ == "__main__":
    growthkit.build(growthkit.BinarySet(HERE, TARGETS, FIXED))
