"""Check the growth4 evaluation set: documents, metadata, gold labels, questions.

    python eval/growth4/check_labels.py

Runs eval/growthkit.py's check_labels (its docstring: how each document's text is
extracted, what must occur in it, which schema and coverage are checked) with this set's
coverage numbers, id prefixes and guards.  Also: dates of signed instruments are not
after their document's date and planned dates not before it; one agreement is reported
by two documents; the guards that keep this set's unanswerable questions unanswerable
(forbidden strings, and the sentences that must stay) hold.
Exit status 1 with a list of problems if anything fails.  Light: no model, no index.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import growthkit  # noqa: E402  (eval/ on the path first)
from growthkit import AtLeast  # noqa: E402

# growth3's guards, the commune presidents in more phrasings, and the partners of
# growth3's unanswerable questions
FORBIDDEN = growthkit.FORBIDDEN_BASE + growthkit.FORBIDDEN_PRESIDENTS + growthkit.FORBIDDEN_GROWTH3

# this set's own unanswerable questions: strings that would answer them must not
# occur in the document concerned (case-insensitive; parentheses = regular expression)
FORBIDDEN_IN = {
    # budget of El Marsa - Port-Gentil (g4: ar)
    "growth4-ar-el-marsa-port-gentil-cooperation-2026": [
        "ميزانية",
        "درهم",
        "مليون",
        "فرنك",
        "CFA",
        "franc",
        "euro",
        "dollar",
    ],
    # number of Boujdour trainees hosted each year (g4: fr)
    "growth4-fr-douarnenez-boujdour-reconduction-2026": [
        "(\\d+ (jeunes|stagiaires|élèves))",
        "((deux|trois|quatre|cinq|six|sept|huit|dix|douze|quinze|vingt|trente) (jeunes|stagiaires|élèves))",
        "par an",
        "chaque année",
    ],
    # signing date of Dakhla - Mindelo (g4: fr)
    "growth4-ar-dakhla-mindelo-visit-2026": ["موعد التوقيع", "سيتم توقيع", "ستوقع", "سيوقع"],
    # signing date of Assa-Zag - Adrar (g4: en) and the Adrar council president (g4: ar)
    "growth4-ar-assa-zag-province-session-2026-02": [
        "(رئيس المجلس الجهوي لآدرار[،,])",
        "(رئيس المجلس الجهوي لولاية آدرار)",
    ],
}
# ... and the sentences that make them unanswerable must stay in place
REQUIRED_IN = {
    "growth4-ar-aousserd-chami-twinning-2026": ["نيابة عن العمدة الذي تعذر عليه الحضور لأسباب صحية"],
    "growth4-fr-chami-aousserd-jumelage-2026": ["Le maire de Chami, souffrant, n'avait pas pu faire le déplacement"],
    "growth4-ar-assa-zag-province-session-2026-02": [
        "رئيس المجلس الجهوي لآدرار لم يعرضه بعد على مجلسه",
        "لم يحدد أي تاريخ للتوقيع",
    ],
    "growth4-ar-dakhla-mindelo-visit-2026": ["دون تحديد أي موعد لذلك"],
}
# the document that is about something else entirely: no row in either section
OFF_TOPIC = "growth4-en-dakhla-desalination-farms-2026"


def main() -> int:
    return growthkit.check_labels(
        HERE,
        doc_prefix="growth4",
        question_prefix="g4",
        family_prefix="g4fam-",
        n_documents=12,
        languages={"ar": 5, "fr": 3, "en": 2, "it": 1, "es": 1},
        formats=AtLeast(2),
        n_questions=40,
        question_languages={"ar": 16, "fr": 14, "en": 10},
        min_non_agreements=7,
        every_non_agreement_what=True,
        n_unanswerable=6,
        n_families=3,
        trilingual_families=True,
        forbidden=FORBIDDEN,
        forbidden_in=FORBIDDEN_IN,
        required_in=REQUIRED_IN,
        off_topic=OFF_TOPIC,
        require_minutes=True,
        date_order=True,
        reported_twice=True,
    )


if __name__ == "__main__":
    sys.exit(main())
