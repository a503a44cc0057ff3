"""Check the growth5 evaluation set: documents, metadata, gold labels, questions.

    python eval/growth5/check_labels.py

Adapted from eval/growth4/check_labels.py (same extraction, same schema checks);
the coverage numbers, the id prefixes, the length bounds and the guards are this set's.

Extracts the text of every document the way a reader sees it (txt/md: UTF-8;
html: visible text via the stdlib html.parser, <head>/<script>/<style> skipped;
docx: python-docx paragraphs joined by newlines; pdf: pypdf page text) and asserts,
after collapsing whitespace, that every quote / signatory / date / partner string of
agreements.yaml and every evidence `contains` of questions.jsonl occurs in its
document.  Also checks the schema, the tag vocabulary (corpus/data/themes.yaml),
the coverage asked for (languages, formats, kinds) and document lengths (250-600).
Also: ids are consistent (file stem prefix m01..m10, the language in file name, id
and metadata agree, evidence and labels only name known documents); dates of signed
instruments are not after their document's date and planned dates not before it;
at least one agreement is reported by two documents in two languages; the guards
that keep this set's unanswerable questions (and the earlier sets') unanswerable
(forbidden strings, and the sentences that must stay) hold.
Exit status 1 with a list of problems if anything fails.  Light: no model, no index.
"""

from __future__ import annotations

import json
import re
import sys
import unicodedata
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
DOCS = HERE / "documents"
CORPUS = REPO / "corpus" / "documents"

KINDS = {
    "twinning",
    "cooperation",
    "friendship",
    "letter_of_intent",
    "mou",
    "council_approval",
    "renewal",
    "announcement",
}
PRECISIONS = {
    "year": r"\d{4}",
    "month": r"\d{4}-\d{2}",
    "day": r"\d{4}-\d{2}-\d{2}",
    "approximate": r"\d{4}(-\d{2}(-\d{2})?)?",
}
NON_AGREEMENT_WHAT = {"visit", "proposal", "other"}
LATIN_LANGS = {"fr", "en", "it", "es"}
BLOCK_TAGS = {
    "p",
    "div",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "li",
    "ul",
    "ol",
    "br",
    "article",
    "section",
    "header",
    "footer",
    "nav",
    "aside",
    "main",
    "tr",
    "td",
    "th",
    "table",
    "form",
    "body",
    "blockquote",
}

FORBIDDEN = [  # case-insensitive; entries with parentheses are regular expressions
    # populations, budgets of the partners asked about, flights, clubs
    "population",
    "habitants",
    "inhabitants",
    "habitantes",
    "abitanti",
    "عدد السكان",
    "Transavia",
    "ترانسافيا",
    "نادي السمارة",
    "Club des villes",
    # cities whose agreements are asked about but must stay unanswered
    "Columbus",
    "كولومبوس",
    "Vijayawada",
    "فيجاياوادا",
    "Talcahuano",
    "طالكوانو",
    "Tan-Tan",
    "Tantan",
    "طانطان",
    "Ouagadougou",
    "واغادوغو",
    "Lancones",
    "Peniche",
    "Tombouctou",
    "Timbuktu",
    "تمبكتو",
    "Niamey",
    "نيامي",
    "Tokyo",
    "طوكيو",
    "Creil",
    "كريي",
    "Dreux",
    "Battipaglia",
    "باتياغليا",
    # the presidents of the Dakhla, Smara and Laayoune communes are never named:
    # these phrases would introduce one
    "رئيس جماعة الداخلة",
    "رئيس جماعة السمارة",
    "رئيس جماعة العيون",
    "(?<!vice-)président du conseil communal de (Dakhla|Smara|Laâyoune)",
    "(?<!vice-)president of the (Dakhla|Smara|Laâyoune) communal council",
    "(?<!ل)رئيس المجلس الجماعي (للداخلة|للسمارة|للعيون)",
    "(?<!vice)presidente del consejo comunal de (Dakhla|Smara|El Aaiún|Laâyoune)",
    "(?<!vice)presidente del consiglio comunale di (Dakhla|Smara|Laâyoune)",
    # growth3's unanswerable questions (mayor of Kiffa, Boujdour-Nouadhibou and
    # Laayoune-Cocody budgets, populations of Sédhiou and Tinajo, president of the
    # Laayoune provincial council): this set does not go near those partners
    "Kiffa",
    "كيفة",
    "Cocody",
    "كوكودي",
    "Sédhiou",
    "سيدهيو",
    "Tinajo",
    "رئيس المجلس الإقليمي للعيون",
    "Guelmim",
    "كلميم",
    "Goulimine",
]

# growth4's unanswerable questions (mayor of Chami, president of the Adrar regional
# council, El Marsa - Port-Gentil budget, Boujdour trainees in Douarnenez, Dakhla -
# Mindelo and Assa-Zag - Adrar signing dates): this set does not go near those partners
FORBIDDEN += [
    "Chami",
    "الشامي",
    "Adrar",
    "آدرار",
    "أدرار",
    "Mindelo",
    "ميندلو",
    "Port-Gentil",
    "بور جنتيل",
    "Douarnenez",
    "دوارنونيه",
]

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

problems: list[str] = []


def fail(msg: str) -> None:
    problems.append(msg)


def norm(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip()


# ------------------------------------------------------------------ extraction
class _Visible(HTMLParser):
    def __init__(self, only_article: bool = False):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skip = 0  # inside head/script/style
        self.article = 0  # depth inside <article>
        self.only_article = only_article

    def handle_starttag(self, tag, attrs):
        if tag in ("head", "script", "style", "noscript"):
            self.skip += 1
        if tag == "article":
            self.article += 1
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in ("head", "script", "style", "noscript"):
            self.skip = max(0, self.skip - 1)
        if tag in BLOCK_TAGS:
            self.parts.append("\n")
        if tag == "article":
            self.article = max(0, self.article - 1)

    def handle_data(self, data):
        if self.skip:
            return
        if self.only_article and not self.article:
            return
        self.parts.append(data)


def html_text(raw: str, only_article: bool = False) -> str:
    p = _Visible(only_article)
    p.feed(raw)
    p.close()
    return "".join(p.parts)


def extract(path: Path, article_only: bool = False) -> str:
    ext = path.suffix.lower()
    if ext in (".txt", ".md"):
        return path.read_text(encoding="utf-8")
    if ext == ".html":
        return html_text(path.read_text(encoding="utf-8"), article_only)
    if ext == ".docx":
        from docx import Document

        return "\n".join(p.text for p in Document(str(path)).paragraphs)
    if ext == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(str(path)).pages)
    raise ValueError(f"unsupported format: {path}")


def body_words(path: Path) -> int:
    text = extract(path, article_only=True)
    if path.suffix == ".md":
        text = re.sub(r"[#*_>\-]+", " ", text)
    return len(text.split())


# ------------------------------------------------------------------ checks
def main() -> int:
    meta = yaml.safe_load((HERE / "documents" / "documents.yaml").read_text(encoding="utf-8"))["documents"]
    texts: dict[str, str] = {}
    langs, formats = Counter(), Counter()
    for d in meta:
        for key in ("file", "id", "title", "title_en", "kind", "outlet", "author", "date", "language", "url"):
            if key not in d:
                fail(f"documents.yaml {d.get('file')}: missing {key}")
        path = DOCS / d["file"]
        if not path.exists():
            fail(f"missing document file {path}")
            continue
        if d["id"] in texts:
            fail(f"duplicate document id {d['id']}")
        if not re.fullmatch(r"growth5-[a-z]{2}-[a-z0-9-]+", d["id"]):
            fail(f"{d['id']}: id is not a growth5-<lang>-... slug")
        if d["kind"] not in ("news", "minutes", "report"):
            fail(f"{d['id']}: kind {d['kind']!r}")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(d["date"])):
            fail(f"{d['id']}: date {d['date']!r} is not ISO")
        fmt = path.suffix.lstrip(".")
        if fmt == "pdf" and d["language"] not in LATIN_LANGS:
            fail(f"{d['id']}: PDF for a non-Latin-script document")
        texts[d["id"]] = norm(extract(path))
        langs[d["language"]] += 1
        formats[fmt] += 1
        n = body_words(path)
        if not 250 <= n <= 600:
            fail(f"{d['file']}: {n} words (want 250-600)")
        if norm(d["title"]) not in texts[d["id"]]:
            fail(f"{d['id']}: title not found in the document text")
    files_on_disk = {p.name for p in DOCS.iterdir()} - {"documents.yaml"}
    listed = {d["file"] for d in meta}
    if files_on_disk - listed:
        fail(f"documents not in documents.yaml: {sorted(files_on_disk - listed)}")
    if len(meta) != 10:
        fail(f"{len(meta)} documents, want 10")
    for lang, want in (("ar", 4), ("fr", 3), ("en", 1), ("it", 1), ("es", 1)):
        if langs[lang] != want:
            fail(f"{langs[lang]} {lang} documents (want {want})")
    for fmt in ("txt", "md", "html", "docx", "pdf"):
        if formats[fmt] != 2:
            fail(f"{formats[fmt]} .{fmt} documents (want exactly 2)")
    # ids consistent: file stems m01..m10 in order, language in file name = in id = metadata
    stems = []
    for d in meta:
        m = re.fullmatch(r"(m\d{2})-([a-z]{2})-[a-z0-9-]+\.(txt|md|html|docx|pdf)", d["file"])
        if not m:
            fail(f"{d['file']}: file name is not m<NN>-<lang>-<slug>.<ext>")
            continue
        stems.append(m.group(1))
        if m.group(2) != d["language"] or d["id"].split("-")[1] != d["language"]:
            fail(f"{d['file']}: language in file name / id / metadata disagree")
    if stems != [f"m{i:02d}" for i in range(1, len(meta) + 1)]:
        fail(f"file prefixes are not m01..m{len(meta):02d} in order: {stems}")
    # every binary has its source text and every source its binary
    binaries = {p.stem for p in DOCS.iterdir() if p.suffix in (".docx", ".pdf")}
    src_stems = {p.stem for p in (HERE / "sources").iterdir() if p.suffix == ".txt"}
    if binaries != src_stems:
        fail(f"binaries and sources/ differ: {sorted(binaries ^ src_stems)}")
    doc_dates = {d["id"]: str(d["date"]) for d in meta}

    # strings that would answer (or blur) an unanswerable question of eval/questions.jsonl,
    # eval/holdout.jsonl or eval/growth/questions.jsonl: they must not occur in this set
    for doc_id, text in texts.items():
        low = text.lower()
        for s in FORBIDDEN:
            pat = s if "(" in s else re.escape(s)
            if re.search(pat.lower(), low):
                fail(f"{doc_id}: contains forbidden string {s!r}")
        for s in FORBIDDEN_IN.get(doc_id, []):
            pat = s if "(" in s else re.escape(s)
            if re.search(pat.lower(), low):
                fail(f"{doc_id}: contains {s!r}, which would answer an unanswerable question")
        for s in REQUIRED_IN.get(doc_id, []):
            if norm(s) not in text:
                fail(f"{doc_id}: guard sentence {s!r} is missing")
    for doc_id in list(FORBIDDEN_IN) + list(REQUIRED_IN) + [OFF_TOPIC]:
        if doc_id not in texts:
            fail(f"guard names unknown document {doc_id}")
    if sum(1 for d in meta if d["kind"] == "minutes") < 1:
        fail("no council minutes")

    # corpus documents (for question evidence that cites them)
    corpus_meta = yaml.safe_load((CORPUS / "documents.yaml").read_text(encoding="utf-8"))["documents"]
    corpus_texts = {d["id"]: norm((CORPUS / d["file"]).read_text(encoding="utf-8")) for d in corpus_meta}

    themes = {t["id"] for t in yaml.safe_load((REPO / "corpus/data/themes.yaml").read_text(encoding="utf-8"))["themes"]}

    # ------------------------------------------------------------ agreements
    gold = yaml.safe_load((HERE / "agreements.yaml").read_text(encoding="utf-8"))
    kinds = Counter()

    def must_occur(doc: str, s, where: str) -> None:
        if s is None:
            return
        if norm(str(s)) not in texts.get(doc, ""):
            fail(f"{where}: {s!r} not found in {doc}")

    for i, a in enumerate(gold["agreements"]):
        where = f"agreements[{i}] {a.get('doc')} {a.get('commune')}-{a.get('partner')}"
        for key in (
            "doc",
            "commune",
            "partner",
            "partner_as_written",
            "country",
            "kind",
            "date",
            "date_precision",
            "date_as_written",
            "signatories",
            "themes",
            "quote",
        ):
            if key not in a:
                fail(f"{where}: missing {key}")
        if a["doc"] not in texts:
            fail(f"{where}: unknown doc")
            continue
        if a["kind"] not in KINDS:
            fail(f"{where}: kind {a['kind']!r}")
        kinds[a["kind"]] += 1
        if not re.fullmatch(r"[A-Z]{2}", a["country"]):
            fail(f"{where}: country {a['country']!r} is not ISO alpha-2")
        if a["date"] is None:
            if a["date_precision"] is not None or a["date_as_written"] is not None:
                fail(f"{where}: null date with a precision / date_as_written")
        else:
            pat = PRECISIONS.get(a["date_precision"])
            if not pat or not re.fullmatch(pat, str(a["date"])):
                fail(f"{where}: date {a['date']!r} does not match precision {a['date_precision']!r}")
        if a["date"] is not None:
            d0 = doc_dates[a["doc"]]
            if a["kind"] == "announcement":
                if str(a["date"]) < d0[: len(str(a["date"]))]:
                    fail(f"{where}: planned date {a['date']} before the document date {d0}")
            elif str(a["date"]) > d0:
                fail(f"{where}: date {a['date']} after the document date {d0}")
        for t in a["themes"]:
            if t not in themes:
                fail(f"{where}: theme {t!r} not in themes.yaml")
        must_occur(a["doc"], a["quote"], where + " quote")
        must_occur(a["doc"], a["partner_as_written"], where + " partner_as_written")
        must_occur(a["doc"], a["date_as_written"], where + " date_as_written")
        for s in a["signatories"]:
            if s.get("side") not in ("commune", "partner"):
                fail(f"{where}: signatory side {s.get('side')!r}")
            must_occur(a["doc"], s["name"], where + " signatory name")
            must_occur(a["doc"], s["role"], where + " signatory role")
    for k in KINDS:
        if not kinds[k]:
            fail(f"no agreement of kind {k}")
    sources = Counter()
    for a in gold["agreements"]:
        sources[(a["commune"], a["partner"], a["kind"])] += 1
    if not any(n >= 2 for n in sources.values()):
        fail("no agreement reported by two documents")
    doc_lang = {d["id"]: d["language"] for d in meta}
    for key in TWO_SOURCES:
        rows = [a for a in gold["agreements"] if (a["commune"], a["partner"], a["kind"]) == key]
        if len({a["doc"] for a in rows}) < 2 or len({doc_lang.get(a["doc"]) for a in rows}) < 2:
            fail(f"{key}: should be reported by two documents in two languages")
        elif len({a["partner_as_written"] for a in rows}) < 2:
            fail(f"{key}: the two documents should spell the partner differently")
    if any(r["doc"] == OFF_TOPIC for r in gold["agreements"] + gold["non_agreements"]):
        fail(f"{OFF_TOPIC} should have no gold row")
    for i, n in enumerate(gold["non_agreements"]):
        where = f"non_agreements[{i}] {n.get('doc')} {n.get('commune')}-{n.get('partner')}"
        if n["doc"] not in texts:
            fail(f"{where}: unknown doc")
            continue
        if n["what"] not in NON_AGREEMENT_WHAT:
            fail(f"{where}: what {n['what']!r}")
        must_occur(n["doc"], n["quote"], where + " quote")
        pairs = {(a["doc"], a["commune"], a["partner"]) for a in gold["agreements"]}
        if (n["doc"], n["commune"], n["partner"]) in pairs:
            fail(f"{where}: also labelled as an agreement")

    # ------------------------------------------------------------ questions
    ref = [
        json.loads(line)
        for line in (REPO / "eval/questions.jsonl").read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    ref_kinds = {q["kind"] for q in ref}
    ref_intents = {q["intent"] for q in ref if "intent" in q}
    questions = [
        json.loads(line) for line in (HERE / "questions.jsonl").read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    ids, qlangs, families = set(), Counter(), {}
    n_unans = 0
    for q in questions:
        qid = q.get("id")
        for key in ("id", "lang", "kind", "intent", "question", "answer_all", "evidence"):
            if key not in q:
                fail(f"{qid}: missing {key}")
        if qid in ids or not re.fullmatch(r"g5-\d{3}", qid or ""):
            fail(f"{qid}: bad or duplicate id")
        ids.add(qid)
        if q["lang"] not in ("ar", "fr", "en"):
            fail(f"{qid}: lang {q['lang']!r}")
        qlangs[q["lang"]] += 1
        if q["kind"] not in ref_kinds:
            fail(f"{qid}: kind {q['kind']!r} not used in eval/questions.jsonl")
        if q["intent"] not in ref_intents:
            fail(f"{qid}: intent {q['intent']!r} not used in eval/questions.jsonl")
        if "family" in q:
            if not q["family"].startswith("g5fam-"):
                fail(f"{qid}: family {q['family']!r} should start with g5fam-")
            families.setdefault(q["family"], set()).add(q["lang"])
        if q["kind"] == "unanswerable":
            n_unans += 1
            if q["answer_all"] or q["evidence"]:
                fail(f"{qid}: unanswerable with answers / evidence")
            continue
        if not q["answer_all"] or not all(isinstance(g, list) and g for g in q["answer_all"]):
            fail(f"{qid}: answer_all must be a non-empty list of non-empty groups")
        if not q["evidence"]:
            fail(f"{qid}: no evidence")
        for e in q["evidence"]:
            text = texts.get(e["doc"]) or corpus_texts.get(e["doc"])
            if text is None:
                fail(f"{qid}: evidence doc {e['doc']!r} unknown")
            elif norm(e["contains"]) not in text:
                fail(f"{qid}: evidence {e['contains']!r} not found in {e['doc']}")
        # every group must be satisfiable by the evidence of the question's own docs
        # in at least one spelling (guards against typos in answer spellings)
        pool = " ".join((texts.get(e["doc"]) or corpus_texts.get(e["doc"]) or "") for e in q["evidence"]).lower()
        for g in q["answer_all"]:
            if not any(s.lower() in pool for s in g):
                # answers resolved by the reader (dates from weekdays, counts, yes/no) are allowed
                if q["kind"] not in ("date", "count", "multi_doc_count", "date_figure") and q["intent"] not in (
                    "yes_no",
                    "date",
                    "count",
                ):
                    fail(f"{qid}: no spelling of answer group {g} occurs in its evidence documents")
    if [q.get("id") for q in questions] != [f"g5-{i:03d}" for i in range(1, len(questions) + 1)]:
        fail("question ids are not g5-001.. in order")
    if len(questions) != 40:
        fail(f"{len(questions)} questions, want 40")
    for lang, want in (("ar", 16), ("fr", 14), ("en", 10)):
        if qlangs[lang] != want:
            fail(f"{qlangs[lang]} {lang} questions (want {want})")
    if len(gold["non_agreements"]) < 7:
        fail(f"{len(gold['non_agreements'])} non-agreements, want >= 7")
    whats = Counter(n["what"] for n in gold["non_agreements"])
    for w in ("visit", "proposal", "other"):
        if not whats[w]:
            fail(f"no non-agreement of kind {w}")
    if n_unans != 10:
        fail(f"{n_unans} unanswerable questions, want 10")
    full = [f for f, ls in families.items() if ls == {"ar", "fr", "en"}]
    if len(full) < 3:
        fail(f"{len(full)} paraphrase families asked in ar, fr and en, want >= 3")

    # ------------------------------------------------------------ report
    print(f"documents: {len(meta)}  languages {dict(langs)}  formats {dict(formats)}")
    print(f"agreements: {len(gold['agreements'])} rows  {dict(kinds)}")
    print(f"non_agreements: {len(gold['non_agreements'])}  {dict(whats)}")
    print(f"questions: {len(questions)}  {dict(qlangs)}  unanswerable {n_unans}  families {len(families)}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  -", p)
        return 1
    print("OK: all quotes, signatories, dates and evidence strings found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
