"""The document path: questions about a document itself — who wrote it, when and
where it was published, its DOI — answered from its metadata (documents.yaml),
each value cited to the passage of the document that states it."""

from __future__ import annotations

from assistant.analysis import cue_hits
from assistant.answering import Answer, Citation
from assistant.answering.paths import AnswerPath, AnswerRequest, register
from assistant.arabic import normalize, normalize_spaces
from assistant.i18n import t
from assistant.retrieval import HybridRetriever
from assistant.sources import source_label

# which metadata fields answer which intents; each value must be found in the document's text
FIELDS = {
    "author": ("who", "other"),
    "date": ("date", "other"),
    "outlet": ("where", "other", "what_about", "yes_no"),
    "doi": ("other", "what_about", "definition", "where", "yes_no"),
}


def _forms(field: str, value: str) -> list[str]:
    """How a value may be written in the document: as it is, its Latin part, a date's day-month-year."""
    forms = [value]
    if "(" in value:
        forms += [value.split("(")[0].strip(), value.split("(")[1].rstrip(")").strip()]
    if field == "outlet":
        forms.append(value.split(",")[0].strip())
    if field == "date" and len(value) == 10:
        from babel.dates import format_date
        from datetime import date

        y, m, d = map(int, value.split("-"))
        forms += [format_date(date(y, m, d), "d MMMM y", locale=loc) for loc in ("en", "fr", "ar_MA")]
    forms = [f.strip(" *,.") for f in forms]
    return sorted({f for f in forms if len(f) >= 4 and sum(ch.isalpha() for ch in f) >= 3}, key=len, reverse=True)


@register
class DocumentPath(AnswerPath):
    name = "document"

    def asked(self, req: AnswerRequest) -> list[str]:
        cues = getattr(self.c, "cues", None) or {}
        q = normalize(req.question)
        table = cues.get("metadata", {})
        intent = req.analysis.intent
        return [
            f
            for f, intents in FIELDS.items()
            if intent in intents and cue_hits(q, [p for ps in (table.get(f) or {}).values() for p in ps or []])
        ]

    def accepts(self, req: AnswerRequest) -> bool:
        a = req.analysis
        return bool(a.scope) and len(a.scope) == 1 and req.vocab is not None and bool(self.asked(req))

    def answer(self, req: AnswerRequest):
        doc = req.analysis.scope[0]
        meta = req.docs.get(doc, {})
        lines = []
        citations: list[Citation] = []
        cited = []
        chunks = req.vocab.chunks_of(doc)
        for field in self.asked(req):
            value = str(meta.get(field) or "")
            if not value:
                continue
            hit = None
            for form in _forms(field, value):
                f = normalize_spaces(form)
                hit = next((c for c in chunks if f in normalize_spaces(c.text.replace("*", ""))), None)
                if hit is not None:
                    break
            if hit is None:
                continue  # a value the document itself does not state cannot be cited
            p = HybridRetriever._passage(hit, len(cited) + 1, 0.0)
            if all(x.chunk_id != p.chunk_id for x in cited):
                cited.append(p)
                citations.append(
                    Citation(
                        n=len(cited),
                        doc=p.doc,
                        title=p.title,
                        section=p.section,
                        lines=p.lines,
                        quote=p.text,
                        url=req.urls.get(p.doc),
                    )
                )
            n = next(i + 1 for i, x in enumerate(cited) if x.chunk_id == p.chunk_id)
            colon = " :" if req.language == "fr" else ":"
            lines.append(f"- {t('answer.meta_' + field, req.language)}{colon} {form} [{n}]")
        if not lines:
            return None
        head = t("answer.about_document", req.language, source=source_label(meta, req.language))
        ans = Answer(
            req.question,
            req.language,
            "extractive",
            "\n".join([head, *lines]),
            False,
            citations,
            cited + [x for x in req.passages if all(x.chunk_id != c.chunk_id for c in cited)],
        )
        return self.c.checked(ans, ans.passages, req.docs)
