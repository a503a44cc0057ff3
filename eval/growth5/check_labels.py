"""Check the growth5 evaluation set: documents, metadata, gold labels, questions.

    python eval/growth5/check_labels.py

Runs eval/growthkit.py's check_labels (its docstring: how each document's text is
extracted, what must occur in it, which schema and coverage are checked) with this set's
coverage numbers, id prefixes, length bounds (250-600 words) and guards.  Also: ids are
consistent (file stem prefix m01..m10, the language in file name, id and metadata agree,
evidence and labels only name known documents); dates of signed instruments are not
after their document's date and planned dates not before it; at least one agreement is
reported by two documents in two languages; the guards that keep this set's unanswerable
questions (and the earlier sets') unanswerable (forbidden strings, and the sentences
that must stay) hold.
Exit status 1 with a list of problems if anything fails.  Light: no model, no index.
"""

from __future__ import annotations

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import growthkit  # noqa: E402  (eval/ on the path first)

# growth4's guards, and the partners of growth4's unanswerable questions
FORBIDDEN = (
    growthkit.FORBIDDEN_BASE
    + growthkit.FORBIDDEN_PRESIDENTS
    + growthkit.FORBIDDEN_GROWTH3
    + growthkit.FORBIDDEN_GROWTH4
)

# this set's own unanswerable questions: strings that would answer them must not
# occur in the document concerned (case-insensitive; parentheses = regular expression)
_NAZARE_MAYOR = [  # g5 ar: the mayor of Nazaré is never named
    "عمدة نازاري",
    "عمدة بلدية نازاري",
    "رئيس بلدية نازاري",
    "رئيسة بلدية نازاري",
    "(sindac[oa] di nazaré)",
    "(president[ea] da câmara)",
    "(president[ea] del comune di nazaré)",
]
_NAZARE_DATE = [  # g5 en: the Boujdour - Nazaré signing date is not set
    "سيتم توقيع",
    "سيوقع",
    "ستوقع",
    "(sarà firmat)",
    "(verrà firmat)",
    "firmeranno",
]
FORBIDDEN_IN = {
    "growth5-ar-boujdour-council-session-2026-05": _NAZARE_MAYOR + _NAZARE_DATE,
    "growth5-it-sciacca-boujdour-patto-amicizia-2026": _NAZARE_MAYOR
    + _NAZARE_DATE
    # g5 fr: the "agreement" between Boujdour and Marsala does not exist
    + ["((patto|accordo|gemellaggio|protocollo|intesa) (di [a-z]+ )?con (il comune di )?marsala)"],
    # g5 fr: the mayor of Abéché is never named; g5 ar: the size of the delegation is not given
    "growth5-ar-smara-abeche-visit-2026": [
        "((?<!ل)عمدة أبشة)",
        "عمدة بلدية أبشة",
        "(\\d+ (أعضاء|أشخاص|مسؤولين|أفراد))",
        "((ثلاثة|أربعة|خمسة|ستة|سبعة|ثمانية|تسعة|عشرة) (أعضاء|أشخاص|مسؤولين|أفراد))",
        "يضم الوفد",
        "مكون من",
        "يتكون من",
    ],
    # g5 ar (Darija): the cost of Tifariti - Bir Moghrein is not given
    "growth5-ar-tifariti-bir-moghrein-cooperation-2026": ["ميزانية", "درهم", "أوقية", "مليون", "غلاف مالي", "تمويل"],
    # g5 fr: the number of El Marsa fishermen trained each year in Mbour is not given
    "growth5-ar-el-marsa-mbour-twinning-2026": [
        "(\\d+ (بحارا|بحار|شابا|شاب|متدربا|متدرب))",
        "كل سنة",
        "سنويا",
    ],
    "growth5-fr-mbour-el-marsa-jumelage-2026": [
        "((\\d+|dix|douze|quinze|vingt|trente|quarante|cinquante|cent) (jeunes|pêcheurs|stagiaires|marins))",
        "chaque année",
        "par an",
        # g5 en: there is no agreement between El Marsa and Rufisque
        "((jumelage|convention|accord|partenariat|protocole) (de [a-zé]+ )?avec rufisque)",
    ],
    # g5 en: the term of the Monrovia - Laayoune memorandum is not given
    "growth5-en-laayoune-monrovia-mou-2026": [
        "((\\d+|one|two|three|four|five|six|seven|eight|nine|ten)[- ]years?)",
        "renewable",
        "valid for",
        "expires",
        "duration",
    ],
    # g5 ar: no date is set for a Dakhla - Lanester signature
    "growth5-fr-lorient-dakhla-renouvellement-2026": [
        "signera",
        "sera signée",
        "seront signées",
        "signature est prévue",
    ],
}
# ... and the sentences that make them unanswerable must stay in place
REQUIRED_IN = {
    "growth5-ar-boujdour-council-session-2026-05": [
        "قسم العلاقات الدولية ببلدية نازاري",
        "وأنه لم يحدد بعد أي موعد للتوقيع",
    ],
    "growth5-it-sciacca-boujdour-patto-amicizia-2026": [
        "la cui firma non ha ancora una data",
        "senza incontri istituzionali",
    ],
    "growth5-ar-smara-abeche-visit-2026": ["رسالة تحية من العمدة", "ولم توقع خلال الزيارة أي وثيقة"],
    "growth5-ar-tifariti-bir-moghrein-cooperation-2026": ["ولم يكشف الطرفان عن كلفة البرنامج"],
    "growth5-fr-mbour-el-marsa-jumelage-2026": [
        "dont le nombre n'a pas encore été arrêté",
        "puis une usine de farine de poisson à Rufisque",
    ],
    "growth5-en-laayoune-monrovia-mou-2026": ["sets no term for the arrangement", "No agreement was signed there."],
    "growth5-fr-lorient-dakhla-renouvellement-2026": ["aucune date n'a été avancée pour une éventuelle signature"],
}
# the document that is about something else entirely: no row in either section
OFF_TOPIC = "growth5-es-smara-camel-milk-2026"
# agreements reported by two documents in two languages and two scripts
TWO_SOURCES = [("El Marsa", "Mbour", "twinning"), ("Boujdour", "Nazaré", "council_approval")]


def main() -> int:
    return growthkit.check_labels(
        HERE,
        doc_prefix="growth5",
        question_prefix="g5",
        family_prefix="g5fam-",
        n_documents=10,
        languages={"ar": 4, "fr": 3, "en": 1, "it": 1, "es": 1},
        formats=2,
        words=(250, 600),
        n_questions=40,
        question_languages={"ar": 16, "fr": 14, "en": 10},
        min_non_agreements=7,
        every_non_agreement_what=True,
        n_unanswerable=10,
        n_families=3,
        trilingual_families=True,
        forbidden=FORBIDDEN,
        forbidden_in=FORBIDDEN_IN,
        required_in=REQUIRED_IN,
        off_topic=OFF_TOPIC,
        require_minutes=True,
        date_order=True,
        reported_twice=True,
        two_sources=TWO_SOURCES,
        file_prefix="m",
        binaries_from_sources=True,
        ids_in_order=True,
    )


if __name__ == "__main__":
    sys.exit(main())
