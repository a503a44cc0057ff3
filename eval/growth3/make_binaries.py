"""Build the binary growth3 documents (.docx, .pdf) from their source texts.

    python eval/growth3/make_binaries.py

Each eval/growth3/sources/<stem>.txt becomes eval/growth3/documents/<stem>.docx or
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
    "h05-ar-tarfaya-lanzarote-intent": ("docx", "ar"),
    "h06-ar-amgala-sedhiou-twinning": ("docx", "ar"),
    "h07-fr-smara-bazas-reconduction": ("pdf", "fr"),
    "h09-fr-nouadhibou-boujdour-suivi": ("docx", "fr"),
    "h11-en-dakhla-san-pedro-mou": ("pdf", "en"),
    "h14-es-akhfennir-tinajo-hermanamiento": ("docx", "es"),
}

FIXED = dt.datetime(2026, 4, 15, 12, 0, 0, tzinfo=dt.timezone.utc)


if __name__ == "__main__":
    growthkit.build(growthkit.BinarySet(HERE, TARGETS, FIXED))
