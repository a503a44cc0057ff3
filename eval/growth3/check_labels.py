"""Check the growth3 evaluation set: documents, metadata, gold labels, questions.

    python eval/growth3/check_labels.py

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

# strings that would answer (or blur) an unanswerable question of eval/questions.jsonl,
# eval/holdout.jsonl or eval/growth/questions.jsonl: they must not occur in this set
FORBIDDEN = growthkit.FORBIDDEN_BASE


def main() -> int:
    return growthkit.check_labels(
        HERE,
        doc_prefix="growth3",
        question_prefix="g3",
        family_prefix="g3fam-",
        n_documents=14,
        languages={"ar": 6, "fr": 4, "en": 2, "it": 1, "es": 1},
        formats=AtLeast(2),
        n_questions=50,
        question_languages={"ar": 20, "fr": 18, "en": 12},
        min_non_agreements=8,
        n_unanswerable=8,
        n_families=5,
        forbidden=FORBIDDEN,
        require_minutes=True,
    )


if __name__ == "__main__":
    sys.exit(main())
