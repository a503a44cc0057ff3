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
        if not re.fullmatch(r"growth-[a-z]{2}-[a-z0-9-]+", d["id"]):
            fail(f"{d['id']}: id is not a growth-<lang>-... slug")
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
        if not 150 <= n <= 450:
            fail(f"{d['file']}: {n} words (want 150-450)")
        if norm(d["title"]) not in texts[d["id"]]:
            fail(f"{d['id']}: title not found in the document text")
    # the metadata sits beside the documents
    files_on_disk = {p.name for p in DOCS.iterdir() if p.name != "documents.yaml"}
    listed = {d["file"] for d in meta}
    if files_on_disk - listed:
        fail(f"documents not in documents.yaml: {sorted(files_on_disk - listed)}")
    if len(meta) != 16:
        fail(f"{len(meta)} documents, want 16")
    for lang, want in (("ar", 6), ("fr", 4), ("en", 2), ("it", 2), ("es", 2)):
        if langs[lang] < want:
            fail(f"only {langs[lang]} {lang} documents (want >= {want})")
    for fmt in ("txt", "md", "html", "docx", "pdf"):
        if formats[fmt] < 2:
            fail(f"only {formats[fmt]} .{fmt} documents (want >= 2)")

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
        if qid in ids or not re.fullmatch(r"gr-\d{3}", qid or ""):
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
            if not q["family"].startswith("gfam-"):
                fail(f"{qid}: family {q['family']!r} should start with gfam-")
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
    if len(questions) < 45:
        fail(f"{len(questions)} questions, want >= 45")
    if n_unans < 8:
        fail(f"{n_unans} unanswerable questions, want >= 8")
    multi = [f for f, ls in families.items() if len(ls) >= 2]
    if len(multi) < 5:
        fail(f"{len(multi)} paraphrase families over >= 2 languages, want >= 5")

    # ------------------------------------------------------------ report
    print(f"documents: {len(meta)}  languages {dict(langs)}  formats {dict(formats)}")
    print(f"agreements: {len(gold['agreements'])} rows  {dict(kinds)}")
    print(f"non_agreements: {len(gold['non_agreements'])}")
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
