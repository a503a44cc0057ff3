"""Build the binary growth documents (.docx, .pdf) from their source texts.

    python eval/growth/make_binaries.py

Each eval/growth/sources/<stem>.txt becomes eval/growth/documents/<stem>.docx or
<stem>.pdf (the extension is fixed in TARGETS below), built by eval/growthkit.py's
`build` (its binaries section gives the source format); only the targets and the date
stamped into the files are this set's.  Idempotent: metadata dates are fixed and the
DOCX zip entries get a fixed timestamp, so re-running produces byte-identical files.
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
    "g04-ar-tarfaya-letter-of-intent": ("docx", "ar"),
    "g05-ar-boujdour-libreville-convention": ("docx", "ar"),
    "g07-fr-laayoune-sorrente-renouvellement": ("pdf", "fr"),
    "g09-fr-foum-el-oued-kaolack-convention": ("docx", "fr"),
    "g11-en-laayoune-kochi-mou": ("pdf", "en"),
    "g13-it-amgala-orgosolo-gemellaggio": ("pdf", "it"),
    "g15-es-boujdour-trujillo-hermanamiento": ("docx", "es"),
}

FIXED = dt.datetime(2025, 12, 20, 12, 0, 0, tzinfo=dt.timezone.utc)


if __name__ == "__main__":
    growthkit.build(growthkit.BinarySet(HERE, TARGETS, FIXED))
