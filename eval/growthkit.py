"""What the growth evaluation sets (eval/growth, eval/growth3, eval/growth4, eval/growth5) share.

Each set's scripts keep their docstring and the set's own data and call in here:
check_labels.py calls `check_labels` with its coverage numbers, id prefixes, length bounds
and guards; make_questions.py writes its question table through `Questions`;
make_binaries.py builds its .docx/.pdf with `build(BinarySet(...))`.  The scripts put
eval/ on sys.path and `import growthkit`.  Stdlib + yaml; python-docx, pypdf and fpdf2
are imported only where binaries are read or written.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
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
FORMATS = ("txt", "md", "html", "docx", "pdf")
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

# ------------------------------------------------------------------ guards
# Forbidden strings a set's check_labels.py can combine into its FORBIDDEN: case-insensitive;
# entries with parentheses are regular expressions.  Kept here because later sets inherit
# the guards of the earlier ones.

# strings that would answer (or blur) an unanswerable question of eval/questions.jsonl,
# eval/holdout.jsonl or eval/growth/questions.jsonl (growth3 on)
FORBIDDEN_BASE = [
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
]
# the same presidents in the other phrasings (growth4 on)
FORBIDDEN_PRESIDENTS = [
    "(?<!ل)رئيس المجلس الجماعي (للداخلة|للسمارة|للعيون)",
    "(?<!vice)presidente del consejo comunal de (Dakhla|Smara|El Aaiún|Laâyoune)",
    "(?<!vice)presidente del consiglio comunale di (Dakhla|Smara|Laâyoune)",
]
# growth3's unanswerable questions (mayor of Kiffa, Boujdour-Nouadhibou and
# Laayoune-Cocody budgets, populations of Sédhiou and Tinajo, president of the
# Laayoune provincial council): later sets do not go near those partners (growth4 on)
FORBIDDEN_GROWTH3 = [
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
# Mindelo and Assa-Zag - Adrar signing dates): later sets do not go near those partners
# (growth5 on)
FORBIDDEN_GROWTH4 = [
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


def _read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


# ------------------------------------------------------------------ checks
@dataclass(frozen=True)
class AtLeast:
    """A coverage number that is a floor; a plain int is wanted exactly."""

    n: int


def _short(have: int, want: int | AtLeast) -> bool:
    return have < want.n if isinstance(want, AtLeast) else have != want


def check_labels(
    here: Path,
    *,
    doc_prefix: str,
    question_prefix: str,
    family_prefix: str,
    n_documents: int,
    languages: dict[str, int | AtLeast],
    formats: int | AtLeast,
    n_questions: int | AtLeast,
    n_unanswerable: int | AtLeast,
    n_families: int,
    words: tuple[int, int] = (150, 450),
    question_languages: dict[str, int] | None = None,
    min_non_agreements: int | None = None,
    every_non_agreement_what: bool = False,
    trilingual_families: bool = False,
    forbidden: Sequence[str] = (),
    forbidden_in: dict[str, list[str]] | None = None,
    required_in: dict[str, list[str]] | None = None,
    off_topic: str | None = None,
    require_minutes: bool = False,
    date_order: bool = False,
    reported_twice: bool = False,
    two_sources: Sequence[tuple[str, str, str]] = (),
    file_prefix: str | None = None,
    binaries_from_sources: bool = False,
    ids_in_order: bool = False,
) -> int:
    """Check the growth set in `here`; print a summary and any problems; 0 if none, else 1.

    Extracts the text of every document the way a reader sees it (txt/md: UTF-8;
    html: visible text via the stdlib html.parser, <head>/<script>/<style> skipped;
    docx: python-docx paragraphs joined by newlines; pdf: pypdf page text) and asserts,
    after collapsing whitespace, that every quote / signatory / date / partner string of
    agreements.yaml and every evidence `contains` of questions.jsonl occurs in its
    document.  Also checks the schema, the tag vocabulary (corpus/data/themes.yaml),
    the coverage asked for (languages, formats, kinds) and document lengths (words).

    The keyword arguments are the set's own numbers and the checks only some sets make:
    words: body length bounds; question_languages: questions per language (exact);
    min_non_agreements; every_non_agreement_what: each `what` labelled at least once (and
    reported by kind); trilingual_families: families count only when asked in ar, fr and en
    (else in >= 2 languages); forbidden / forbidden_in / required_in / off_topic: the guards
    of unanswerable questions; require_minutes: at least one council minutes document;
    date_order: signed dates not after their document's date, planned ones not before;
    reported_twice: some agreement reported by two documents; two_sources: agreements
    reported in two languages with two spellings of the partner; file_prefix: file names
    <prefix>NN-<lang>-<slug> numbered in order; binaries_from_sources: every .docx/.pdf has
    its sources/*.txt and back; ids_in_order: question ids numbered in order.
    """
    docs_dir = here / "documents"
    forbidden_in = forbidden_in or {}
    required_in = required_in or {}
    problems: list[str] = []
    fail = problems.append

    meta = yaml.safe_load((docs_dir / "documents.yaml").read_text(encoding="utf-8"))["documents"]
    texts: dict[str, str] = {}
    langs, formats_seen = Counter(), Counter()
    lo, hi = words
    for d in meta:
        for key in ("file", "id", "title", "title_en", "kind", "outlet", "author", "date", "language", "url"):
            if key not in d:
                fail(f"documents.yaml {d.get('file')}: missing {key}")
        path = docs_dir / d["file"]
        if not path.exists():
            fail(f"missing document file {path}")
            continue
        if d["id"] in texts:
            fail(f"duplicate document id {d['id']}")
        if not re.fullmatch(rf"{doc_prefix}-[a-z]{{2}}-[a-z0-9-]+", d["id"]):
            fail(f"{d['id']}: id is not a {doc_prefix}-<lang>-... slug")
        if d["kind"] not in ("news", "minutes", "report"):
            fail(f"{d['id']}: kind {d['kind']!r}")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(d["date"])):
            fail(f"{d['id']}: date {d['date']!r} is not ISO")
        fmt = path.suffix.lstrip(".")
        if fmt == "pdf" and d["language"] not in LATIN_LANGS:
            fail(f"{d['id']}: PDF for a non-Latin-script document")
        texts[d["id"]] = norm(extract(path))
        langs[d["language"]] += 1
        formats_seen[fmt] += 1
        n = body_words(path)
        if not lo <= n <= hi:
            fail(f"{d['file']}: {n} words (want {lo}-{hi})")
        if norm(d["title"]) not in texts[d["id"]]:
            fail(f"{d['id']}: title not found in the document text")
    # the metadata sits beside the documents
    files_on_disk = {p.name for p in docs_dir.iterdir()} - {"documents.yaml"}
    listed = {d["file"] for d in meta}
    if files_on_disk - listed:
        fail(f"documents not in documents.yaml: {sorted(files_on_disk - listed)}")
    if len(meta) != n_documents:
        fail(f"{len(meta)} documents, want {n_documents}")
    for lang, want in languages.items():
        if _short(langs[lang], want):
            if isinstance(want, AtLeast):
                fail(f"only {langs[lang]} {lang} documents (want >= {want.n})")
            else:
                fail(f"{langs[lang]} {lang} documents (want {want})")
    for fmt in FORMATS:
        if _short(formats_seen[fmt], formats):
            if isinstance(formats, AtLeast):
                fail(f"only {formats_seen[fmt]} .{fmt} documents (want >= {formats.n})")
            else:
                fail(f"{formats_seen[fmt]} .{fmt} documents (want exactly {formats})")
    if file_prefix is not None:
        # ids consistent: file stems <prefix>01.. in order, language in file name = in id = metadata
        p = re.escape(file_prefix)
        stems = []
        for d in meta:
            m = re.fullmatch(rf"({p}\d{{2}})-([a-z]{{2}})-[a-z0-9-]+\.(txt|md|html|docx|pdf)", d["file"])
            if not m:
                fail(f"{d['file']}: file name is not {file_prefix}<NN>-<lang>-<slug>.<ext>")
                continue
            stems.append(m.group(1))
            if m.group(2) != d["language"] or d["id"].split("-")[1] != d["language"]:
                fail(f"{d['file']}: language in file name / id / metadata disagree")
        if stems != [f"{file_prefix}{i:02d}" for i in range(1, len(meta) + 1)]:
            fail(f"file prefixes are not {file_prefix}01..{file_prefix}{len(meta):02d} in order: {stems}")
    if binaries_from_sources:
        binaries = {p.stem for p in docs_dir.iterdir() if p.suffix in (".docx", ".pdf")}
        src_stems = {p.stem for p in (here / "sources").iterdir() if p.suffix == ".txt"}
        if binaries != src_stems:
            fail(f"binaries and sources/ differ: {sorted(binaries ^ src_stems)}")
    if date_order:
        doc_dates = {d["id"]: str(d["date"]) for d in meta}

    # strings that would answer (or blur) an unanswerable question: they must not occur
    # in this set (forbidden everywhere, forbidden_in in the document named), and the
    # sentences that make this set's own unanswerable (required_in) must stay
    for doc_id, text in texts.items():
        low = text.lower()
        for s in forbidden:
            pat = s if "(" in s else re.escape(s)
            if re.search(pat.lower(), low):
                fail(f"{doc_id}: contains forbidden string {s!r}")
        for s in forbidden_in.get(doc_id, []):
            pat = s if "(" in s else re.escape(s)
            if re.search(pat.lower(), low):
                fail(f"{doc_id}: contains {s!r}, which would answer an unanswerable question")
        for s in required_in.get(doc_id, []):
            if norm(s) not in text:
                fail(f"{doc_id}: guard sentence {s!r} is missing")
    for doc_id in list(forbidden_in) + list(required_in) + ([off_topic] if off_topic else []):
        if doc_id not in texts:
            fail(f"guard names unknown document {doc_id}")
    if require_minutes and sum(1 for d in meta if d["kind"] == "minutes") < 1:
        fail("no council minutes")

    # corpus documents (for question evidence that cites them)
    corpus_meta = yaml.safe_load((CORPUS / "documents.yaml").read_text(encoding="utf-8"))["documents"]
    corpus_texts = {d["id"]: norm((CORPUS / d["file"]).read_text(encoding="utf-8")) for d in corpus_meta}

    themes = {t["id"] for t in yaml.safe_load((REPO / "corpus/data/themes.yaml").read_text(encoding="utf-8"))["themes"]}

    # ------------------------------------------------------------ agreements
    gold = yaml.safe_load((here / "agreements.yaml").read_text(encoding="utf-8"))
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
        if date_order and a["date"] is not None:
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
    if reported_twice:
        sources = Counter()
        for a in gold["agreements"]:
            sources[(a["commune"], a["partner"], a["kind"])] += 1
        if not any(n >= 2 for n in sources.values()):
            fail("no agreement reported by two documents")
    if two_sources:
        doc_lang = {d["id"]: d["language"] for d in meta}
    for key in two_sources:
        rows = [a for a in gold["agreements"] if (a["commune"], a["partner"], a["kind"]) == key]
        if len({a["doc"] for a in rows}) < 2 or len({doc_lang.get(a["doc"]) for a in rows}) < 2:
            fail(f"{key}: should be reported by two documents in two languages")
        elif len({a["partner_as_written"] for a in rows}) < 2:
            fail(f"{key}: the two documents should spell the partner differently")
    if off_topic and any(r["doc"] == off_topic for r in gold["agreements"] + gold["non_agreements"]):
        fail(f"{off_topic} should have no gold row")
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
    ref = _read_jsonl(REPO / "eval/questions.jsonl")
    ref_kinds = {q["kind"] for q in ref}
    ref_intents = {q["intent"] for q in ref if "intent" in q}
    questions = _read_jsonl(here / "questions.jsonl")
    ids, qlangs, families = set(), Counter(), {}
    n_unans = 0
    for q in questions:
        qid = q.get("id")
        for key in ("id", "lang", "kind", "intent", "question", "answer_all", "evidence"):
            if key not in q:
                fail(f"{qid}: missing {key}")
        if qid in ids or not re.fullmatch(rf"{question_prefix}-\d{{3}}", qid or ""):
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
            if not q["family"].startswith(family_prefix):
                fail(f"{qid}: family {q['family']!r} should start with {family_prefix}")
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
    if ids_in_order and [q.get("id") for q in questions] != [
        f"{question_prefix}-{i:03d}" for i in range(1, len(questions) + 1)
    ]:
        fail(f"question ids are not {question_prefix}-001.. in order")
    if _short(len(questions), n_questions):
        want = f">= {n_questions.n}" if isinstance(n_questions, AtLeast) else n_questions
        fail(f"{len(questions)} questions, want {want}")
    for lang, want in (question_languages or {}).items():
        if qlangs[lang] != want:
            fail(f"{qlangs[lang]} {lang} questions (want {want})")
    if min_non_agreements is not None and len(gold["non_agreements"]) < min_non_agreements:
        fail(f"{len(gold['non_agreements'])} non-agreements, want >= {min_non_agreements}")
    if every_non_agreement_what:
        whats = Counter(n["what"] for n in gold["non_agreements"])
        for w in ("visit", "proposal", "other"):
            if not whats[w]:
                fail(f"no non-agreement of kind {w}")
    if _short(n_unans, n_unanswerable):
        want = f">= {n_unanswerable.n}" if isinstance(n_unanswerable, AtLeast) else n_unanswerable
        fail(f"{n_unans} unanswerable questions, want {want}")
    if trilingual_families:
        full = [f for f, ls in families.items() if ls == {"ar", "fr", "en"}]
        if len(full) < n_families:
            fail(f"{len(full)} paraphrase families asked in ar, fr and en, want >= {n_families}")
    else:
        multi = [f for f, ls in families.items() if len(ls) >= 2]
        if len(multi) < n_families:
            fail(f"{len(multi)} paraphrase families over >= 2 languages, want >= {n_families}")

    # ------------------------------------------------------------ report
    print(f"documents: {len(meta)}  languages {dict(langs)}  formats {dict(formats_seen)}")
    print(f"agreements: {len(gold['agreements'])} rows  {dict(kinds)}")
    if every_non_agreement_what:
        print(f"non_agreements: {len(gold['non_agreements'])}  {dict(whats)}")
    else:
        print(f"non_agreements: {len(gold['non_agreements'])}")
    print(f"questions: {len(questions)}  {dict(qlangs)}  unanswerable {n_unans}  families {len(families)}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  -", p)
        return 1
    print("OK: all quotes, signatories, dates and evidence strings found")
    return 0


# ------------------------------------------------------------------ questions
class Questions:
    """A set's questions.jsonl, built in order: ids <prefix>-001, <prefix>-002, ...

    ev() names documents by the keys of `docs` when given, else by their ids.
    """

    def __init__(self, prefix: str, docs: dict[str, str] | None = None):
        self.prefix = prefix
        self.docs = docs
        self.rows: list[dict] = []

    def ev(self, *pairs) -> list[dict]:
        return [{"doc": self.docs[d] if self.docs is not None else d, "contains": c} for d, c in pairs]

    def q(self, lang, kind, intent, question, answer_all, evidence, family=None) -> None:
        d = {"id": f"{self.prefix}-{len(self.rows) + 1:03d}", "lang": lang, "kind": kind, "intent": intent}
        if family:
            d["family"] = family
        d.update({"question": question, "answer_all": answer_all, "evidence": evidence})
        self.rows.append(d)

    def unanswerable(self, lang, intent, question, family=None) -> None:
        self.q(lang, "unanswerable", intent, question, [], [], family)

    def write(self, path: Path, counts: bool = False) -> None:
        """Write one JSON object a line; print how many (and, with counts, by language and kind)."""
        with open(path, "w", encoding="utf-8") as f:
            for d in self.rows:
                f.write(json.dumps(d, ensure_ascii=False) + "\n")
        if counts:
            print(len(self.rows), Counter(d["lang"] for d in self.rows), Counter(d["kind"] for d in self.rows))
        else:
            print(len(self.rows))


# ------------------------------------------------------------------ binaries
# A set's make_binaries.py turns sources/<stem>.txt into documents/<stem>.docx or .pdf.
# Source format, one block per line:
#     "# text"   title (DOCX: Heading 1; PDF: bold, larger)
#     "> text"   byline (italic)
#     other      a body paragraph; blank lines are ignored
# Idempotent: metadata dates are fixed and the DOCX zip entries get a fixed timestamp,
# so re-running produces byte-identical files.  PDFs are only made for Latin-script
# documents; the text is set in DejaVu Sans (TTF on this system) so every accent,
# guillemet and dash is embedded with a ToUnicode map and extracts back exactly with pypdf.
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")


@dataclass(frozen=True)
class BinarySet:
    """A growth set's binaries: its directory (sources/ in, documents/ out), stem -> (format,
    language), and the date stamped into every file."""

    here: Path
    targets: dict
    fixed: dt.datetime

    @property
    def sources(self) -> Path:
        return self.here / "sources"

    @property
    def docs(self) -> Path:
        return self.here / "documents"

    @property
    def author(self) -> str:
        return f"eval/{self.here.name}/make_binaries.py"


def parse(s: BinarySet, stem: str) -> list[tuple[str, str]]:
    """[(kind, text)] with kind in title | byline | para."""
    blocks = []
    for line in (s.sources / f"{stem}.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line:
            continue
        if line.startswith("# "):
            blocks.append(("title", line[2:].strip()))
        elif line.startswith("> "):
            blocks.append(("byline", line[2:].strip()))
        else:
            blocks.append(("para", line))
    return blocks


# ---------------------------------------------------------------- DOCX
def _set_rtl(paragraph) -> None:
    from docx.oxml import OxmlElement

    ppr = paragraph._p.get_or_add_pPr()
    bidi = OxmlElement("w:bidi")
    ppr.insert(0, bidi)
    for run in paragraph.runs:
        rpr = run._r.get_or_add_rPr()
        rpr.append(OxmlElement("w:rtl"))


def make_docx(s: BinarySet, stem: str, lang: str, blocks) -> Path:
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(12)
    for kind, text in blocks:
        if kind == "title":
            p = doc.add_heading(text, level=1)
        elif kind == "byline":
            p = doc.add_paragraph()
            p.add_run(text).italic = True
        else:
            p = doc.add_paragraph(text)
        if lang == "ar":
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            _set_rtl(p)
    cp = doc.core_properties
    cp.title = blocks[0][1]
    cp.author = s.author
    cp.language = lang
    cp.created = s.fixed.replace(tzinfo=None)
    cp.modified = s.fixed.replace(tzinfo=None)
    cp.last_modified_by = s.author
    cp.revision = 1

    raw = io.BytesIO()
    doc.save(raw)
    # rewrite the zip with fixed entry timestamps (python-docx uses the current time)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            zi = zipfile.ZipInfo(info.filename, date_time=s.fixed.timetuple()[:6])
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            zout.writestr(zi, data)
    path = s.docs / f"{stem}.docx"
    path.write_bytes(out.getvalue())
    return path


# ---------------------------------------------------------------- PDF
def make_pdf(s: BinarySet, stem: str, lang: str, blocks) -> Path:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_creation_date(s.fixed)
    pdf.set_title(blocks[0][1])
    pdf.set_author(s.author)
    pdf.set_lang(lang)
    pdf.add_font("DejaVu", "", str(FONT_DIR / "DejaVuSans.ttf"))
    pdf.add_font("DejaVu", "B", str(FONT_DIR / "DejaVuSans-Bold.ttf"))
    pdf.add_font("DejaVu", "I", str(FONT_DIR / "DejaVuSans-Oblique.ttf"))
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    for kind, text in blocks:
        if kind == "title":
            pdf.set_font("DejaVu", "B", 16)
            pdf.multi_cell(0, 8, text, align="L")
            pdf.ln(2)
        elif kind == "byline":
            pdf.set_font("DejaVu", "I", 9)
            pdf.multi_cell(0, 5, text, align="L")
            pdf.ln(4)
        else:
            pdf.set_font("DejaVu", "", 11)
            pdf.multi_cell(0, 6, text, align="L")
            pdf.ln(3)
    path = s.docs / f"{stem}.pdf"
    pdf.output(str(path))
    return path


def build(s: BinarySet) -> None:
    s.docs.mkdir(exist_ok=True)
    for stem, (fmt, lang) in s.targets.items():
        if fmt == "pdf" and lang == "ar":
            raise SystemExit(f"{stem}: PDFs are for Latin-script documents only")
        blocks = parse(s, stem)
        path = make_docx(s, stem, lang, blocks) if fmt == "docx" else make_pdf(s, stem, lang, blocks)
        print(f"wrote {path.relative_to(s.here)} ({path.stat().st_size} bytes)")
