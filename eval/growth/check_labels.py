"""Check the growth evaluation set: documents, metadata, gold labels, questions.

    python eval/growth/check_labels.py

Runs eval/growthkit.py's check_labels (its docstring: how each document's text is
extracted, what must occur in it, which schema and coverage are checked) with this
set's coverage numbers and id prefixes.
Exit status 1 with a list of problems if anything fails.  Light: no model, no index.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import growthkit  # noqa: E402  (eval/ on the path first)
from growthkit import AtLeast  # noqa: E402


def main() -> int:
    return growthkit.check_labels(
        HERE,
        doc_prefix="growth",
        question_prefix="gr",
        family_prefix="gfam-",
        n_documents=16,
        languages={"ar": AtLeast(6), "fr": AtLeast(4), "en": AtLeast(2), "it": AtLeast(2), "es": AtLeast(2)},
        formats=AtLeast(2),
        n_questions=AtLeast(45),
        n_unanswerable=AtLeast(8),
        n_families=5,
    )


if __name__ == "__main__":
    sys.exit(main())
