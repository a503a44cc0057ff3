"""Build the binary growth4 documents (.docx, .pdf) from their source texts.

    python eval/growth4/make_binaries.py

Each eval/growth4/sources/<stem>.txt becomes eval/growth4/documents/<stem>.docx or
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
    "k04-ar-el-marsa-port-gentil-convention": ("docx", "ar"),
    "k05-ar-laayoune-segou-intent": ("docx", "ar"),
    "k06-fr-douarnenez-boujdour-reconduction": ("pdf", "fr"),
    "k09-en-dakhla-walvis-bay-mou": ("pdf", "en"),
    "k12-es-merida-el-aaiun-hermanamiento": ("docx", "es"),
}

FIXED = dt.datetime(2026, 5, 4, 12, 0, 0, tzinfo=dt.timezone.utc)


if __name__ == "__main__":
    growthkit.build(growthkit.BinarySet(HERE, TARGETS, FIXED))
