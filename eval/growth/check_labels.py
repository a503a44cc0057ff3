"""Check the growth evaluation set: documents, metadata, gold labels, questions.

    python eval/growth/check_labels.py

Extracts the text of every document the way a reader sees it (txt/md: UTF-8;
html: visible text via the stdlib html.parser, <head>/<script>/<style> skipped;
docx: python-docx paragraphs joined by newlines; pdf: pypdf page text) and asserts,
after collapsing whitespace, that every quote / signatory / date / partner string of
agreements.yaml and every evidence `contains` of questions.jsonl occurs in its
document.  Also checks the schema, the tag vocabulary (corpus/data/themes.yaml),
the coverage asked for (languages, formats, kinds) and document lengths.
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
