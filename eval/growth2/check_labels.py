"""Check the growth2 (held-out) evaluation set: documents, metadata, gold labels, questions.

    python eval/growth2/check_labels.py

Adapted from eval/growth/check_labels.py.  Extracts the text of every document the
way a reader sees it (txt/md: UTF-8; html: visible text via the stdlib html.parser,
<head>/<script>/<style> skipped; docx: python-docx paragraphs joined by newlines)
and asserts, after collapsing whitespace, that every quote / signatory / date /
partner string of agreements.yaml and every evidence `contains` of questions.jsonl
occurs in its document (or, for evidence citing them, in corpus/documents).
Also checks the schema, ids, the coverage asked for (languages, formats, kinds,
question languages / Darija / unanswerable counts), document lengths, and that no
commune-partner pair of eval/growth/agreements.yaml is reused.

Differences from eval/growth/check_labels.py (on purpose):
  - theme tags are checked against the tags used in eval/growth/agreements.yaml,
    not against corpus/data/themes.yaml (this set was written without reading the
    assistant's cue files);
  - question kinds and intents are checked against fixed lists (below), not
    against eval/questions.jsonl.
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
GROWTH = REPO / "eval" / "growth"

KINDS = {"twinning", "cooperation", "friendship", "letter_of_intent", "mou",
         "council_approval", "renewal", "announcement"}
PRECISIONS = {"year": r"\d{4}", "month": r"\d{4}-\d{2}", "day": r"\d{4}-\d{2}-\d{2}",
              "approximate": r"\d{4}(-\d{2}(-\d{2})?)?"}
NON_AGREEMENT_WHAT = {"visit", "proposal", "other"}
Q_KINDS = {"fact", "date", "list", "count", "filter", "multi_doc", "definition", "unanswerable"}
Q_INTENTS = {"list", "count", "date", "who", "where", "what_about", "definition",
             "recommendation", "reason", "yes_no", "other"}
# answers the reader must compute or that are yes/no: no spelling check on the evidence
COMPUTED_KINDS = {"date", "count"}
COMPUTED_INTENTS = {"yes_no", "date", "count"}
WANT_DOCS = {"ar": 4, "fr": 3, "en": 1, "it": 1, "es": 1}
WANT_QUESTIONS = {"ar": 16, "fr": 14, "en": 10}
DARIJA = re.compile(r"(شكون|شنو|شناهوما|واش|شحال|إمتى|فين|ديال|ديالو|اللي|سينيا|سينياو|سينيات|مازال|كيترأس|جا |بزاف|غير)")
BLOCK_TAGS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "br",
              "article", "section", "header", "footer", "nav", "aside", "main", "tr",
              "td", "th", "table", "form", "body", "blockquote"}

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
        self.skip = 0
        self.article = 0
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
        if self.skip or (self.only_article and not self.article):
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
    raise ValueError(f"unsupported format: {path}")


def body_words(path: Path) -> int:
    text = extract(path, article_only=True)
    if path.suffix == ".md":
        text = re.sub(r"[#*_>\-]+", " ", text)
    return len(text.split())


# ------------------------------------------------------------------ checks
def main() -> int:
    meta = yaml.safe_load((DOCS / "documents.yaml").read_text(encoding="utf-8"))["documents"]
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
        if not re.fullmatch(r"growth2-[a-z]{2}-[a-z0-9-]+", d["id"]):
            fail(f"{d['id']}: id is not a growth2-<lang>-... slug")
        elif d["id"].split("-")[1] != d["language"]:
            fail(f"{d['id']}: id language does not match language {d['language']!r}")
        if d["kind"] not in ("news", "minutes", "report"):
            fail(f"{d['id']}: kind {d['kind']!r}")
        if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", str(d["date"])):
            fail(f"{d['id']}: date {d['date']!r} is not ISO")
        if d["url"] is not None:
            fail(f"{d['id']}: url should be null (invented document)")
        fmt = path.suffix.lstrip(".")
        if fmt == "docx" and not (HERE / "sources" / f"{path.stem}.txt").exists():
            fail(f"{d['file']}: no sources/{path.stem}.txt")
        texts[d["id"]] = norm(extract(path))
        langs[d["language"]] += 1
        formats[fmt] += 1
        n = body_words(path)
        if not 150 <= n <= 450:
            fail(f"{d['file']}: {n} words (want 150-450)")
        if norm(d["title"]) not in texts[d["id"]]:
            fail(f"{d['id']}: title not found in the document text")
    files_on_disk = {p.name for p in DOCS.iterdir()} - {"documents.yaml"}
    listed = {d["file"] for d in meta}
    if files_on_disk - listed:
        fail(f"documents not in documents.yaml: {sorted(files_on_disk - listed)}")
    if len(meta) != 10:
        fail(f"{len(meta)} documents, want 10")
    for lang, want in WANT_DOCS.items():
        if langs[lang] != want:
            fail(f"{langs[lang]} {lang} documents (want {want})")
    for fmt, want in (("txt", 1), ("md", 1), ("html", 1), ("docx", 2)):
        if formats[fmt] < want:
            fail(f"only {formats[fmt]} .{fmt} documents (want >= {want})")
    by_id = {d["id"]: d for d in meta}
    if not any(d["language"] == "ar" and d["kind"] == "minutes" and d["file"].endswith(".md") for d in meta):
        fail("no Arabic council minutes in Markdown")
    if not any(d["language"] == "ar" and len(DARIJA.findall(texts[d["id"]])) >= 3 for d in meta):
        fail("no Arabic document with Darija quotes")

    corpus_meta = yaml.safe_load((CORPUS / "documents.yaml").read_text(encoding="utf-8"))["documents"]
    corpus_texts = {d["id"]: norm((CORPUS / d["file"]).read_text(encoding="utf-8")) for d in corpus_meta}

    growth_gold = yaml.safe_load((GROWTH / "agreements.yaml").read_text(encoding="utf-8"))
    themes = {t for a in growth_gold["agreements"] for t in a["themes"]}
    growth_pairs = {(a["commune"].lower(), a["partner"].lower())
                    for a in growth_gold["agreements"] + growth_gold["non_agreements"]}

    # ------------------------------------------------------------ agreements
    gold = yaml.safe_load((HERE / "agreements.yaml").read_text(encoding="utf-8"))
    kinds = Counter()

    def must_occur(doc: str, s, where: str) -> None:
        if s is None:
            return
        if norm(str(s)) not in texts.get(doc, ""):
            fail(f"{where}: {s!r} not found in {doc}")

    spellings: dict[tuple, set] = {}
    docs_of: dict[tuple, set] = {}
    communes_per_doc: dict[str, set] = {}
    for i, a in enumerate(gold["agreements"]):
        where = f"agreements[{i}] {a.get('doc')} {a.get('commune')}-{a.get('partner')}"
        for key in ("doc", "commune", "partner", "partner_as_written", "country", "kind", "date",
                    "date_precision", "date_as_written", "signatories", "themes", "quote"):
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
                fail(f"{where}: theme {t!r} not among the tags used in eval/growth/agreements.yaml")
        must_occur(a["doc"], a["quote"], where + " quote")
        must_occur(a["doc"], a["partner_as_written"], where + " partner_as_written")
        must_occur(a["doc"], a["date_as_written"], where + " date_as_written")
        for s in a["signatories"]:
            if s.get("side") not in ("commune", "partner"):
                fail(f"{where}: signatory side {s.get('side')!r}")
            must_occur(a["doc"], s["name"], where + " signatory name")
            must_occur(a["doc"], s["role"], where + " signatory role")
        pair = (a["commune"].lower(), a["partner"].lower())
        if pair in growth_pairs:
            fail(f"{where}: pair already used in eval/growth")
        spellings.setdefault(pair, set()).add(a["partner_as_written"])
        docs_of.setdefault(pair, set()).add(a["doc"])
        communes_per_doc.setdefault(a["doc"], set()).add(a["commune"])
    for k in KINDS:
        if not kinds[k]:
            fail(f"no agreement of kind {k}")
    if not any(a["date_precision"] == "approximate" for a in gold["agreements"]):
        fail("no relative date (approximate precision)")
    if not any(len(docs_of[p]) >= 2 and len(spellings[p]) >= 2 for p in docs_of):
        fail("no agreement repeated in two documents with two spellings")
    if not any(len(c) >= 2 for c in communes_per_doc.values()):
        fail("no document with agreements of two different communes")
    if not any(a["signatories"] for a in gold["agreements"]):
        fail("no signatories")
    for i, n in enumerate(gold["non_agreements"]):
        where = f"non_agreements[{i}] {n.get('doc')} {n.get('commune')}-{n.get('partner')}"
        for key in ("doc", "commune", "partner", "country", "what", "quote"):
            if key not in n:
                fail(f"{where}: missing {key}")
        if n["doc"] not in texts:
            fail(f"{where}: unknown doc")
            continue
        if n["what"] not in NON_AGREEMENT_WHAT:
            fail(f"{where}: what {n['what']!r}")
        must_occur(n["doc"], n["quote"], where + " quote")
        pairs = {(a["doc"], a["commune"], a["partner"]) for a in gold["agreements"]}
        if (n["doc"], n["commune"], n["partner"]) in pairs:
            fail(f"{where}: also labelled as an agreement")
        if (n["commune"].lower(), n["partner"].lower()) in growth_pairs:
            fail(f"{where}: pair already used in eval/growth")
    if not any(n["what"] == "visit" for n in gold["non_agreements"]):
        fail("no visit among non_agreements")

    # ------------------------------------------------------------ questions
    questions = [json.loads(l) for l in (HERE / "questions.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    ids, qlangs, qkinds = set(), Counter(), Counter()
    n_unans = n_darija = 0
    for q in questions:
        qid = q.get("id")
        for key in ("id", "lang", "kind", "intent", "question", "answer_all", "evidence"):
            if key not in q:
                fail(f"{qid}: missing {key}")
        if qid in ids or not re.fullmatch(r"g2-\d{3}", qid or ""):
            fail(f"{qid}: bad or duplicate id")
        ids.add(qid)
        if q["lang"] not in WANT_QUESTIONS:
            fail(f"{qid}: lang {q['lang']!r}")
        qlangs[q["lang"]] += 1
        qkinds[q["kind"]] += 1
        if q["kind"] not in Q_KINDS:
            fail(f"{qid}: kind {q['kind']!r}")
        if q["intent"] not in Q_INTENTS:
            fail(f"{qid}: intent {q['intent']!r}")
        if "family" in q and not q["family"].startswith("g2fam-"):
            fail(f"{qid}: family {q['family']!r} should start with g2fam-")
        if q["lang"] == "ar" and DARIJA.search(q["question"]):
            n_darija += 1
        if q["kind"] == "unanswerable":
            n_unans += 1
            if q["answer_all"] or q["evidence"]:
                fail(f"{qid}: unanswerable with answers / evidence")
            continue
        if not q["answer_all"] or not all(isinstance(g, list) and g and all(isinstance(s, str) and s for s in g)
                                          for g in q["answer_all"]):
            fail(f"{qid}: answer_all must be a non-empty list of non-empty groups of strings")
            continue
        if not q["evidence"]:
            fail(f"{qid}: no evidence")
        for e in q["evidence"]:
            text = texts.get(e["doc"]) or corpus_texts.get(e["doc"])
            if text is None:
                fail(f"{qid}: evidence doc {e['doc']!r} unknown")
            elif norm(e["contains"]) not in text:
                fail(f"{qid}: evidence {e['contains']!r} not found in {e['doc']}")
        if q["kind"] == "multi_doc" and len({e["doc"] for e in q["evidence"]}) < 2:
            fail(f"{qid}: multi_doc question with evidence from one document")
        pool = " ".join((texts.get(e["doc"]) or corpus_texts.get(e["doc"]) or "") for e in q["evidence"]).lower()
        for g in q["answer_all"]:
            if not any(s.lower() in pool for s in g):
                if q["kind"] not in COMPUTED_KINDS and q["intent"] not in COMPUTED_INTENTS:
                    fail(f"{qid}: no spelling of answer group {g} occurs in its evidence documents")
    if len(questions) != 40:
        fail(f"{len(questions)} questions, want 40")
    for lang, want in WANT_QUESTIONS.items():
        if qlangs[lang] != want:
            fail(f"{qlangs[lang]} {lang} questions (want {want})")
    if n_darija < 5:
        fail(f"{n_darija} Darija questions, want >= 5")
    if not 7 <= n_unans <= 10:
        fail(f"{n_unans} unanswerable questions, want about 8")
    for k in Q_KINDS:
        if not qkinds[k]:
            fail(f"no question of kind {k}")
    if not any(e["doc"] in corpus_texts for q in questions for e in q["evidence"]):
        fail("no question combines the new documents with the corpus")

    # ------------------------------------------------------------ report
    print(f"documents: {len(meta)}  languages {dict(langs)}  formats {dict(formats)}")
    print(f"agreements: {len(gold['agreements'])} rows  {dict(kinds)}")
    print(f"non_agreements: {len(gold['non_agreements'])}")
    print(f"questions: {len(questions)}  {dict(qlangs)}  darija {n_darija}  unanswerable {n_unans}  kinds {dict(qkinds)}")
    if problems:
        print(f"\n{len(problems)} problem(s):")
        for p in problems:
            print("  -", p)
        return 1
    print("OK: all quotes, signatories, dates and evidence strings found")
    return 0


if __name__ == "__main__":
    sys.exit(main())
