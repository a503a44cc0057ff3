"""Documents as sources: how an answer names them, and which documents a
question restricts itself to — both from document metadata (documents.yaml,
recorded in the index manifest), never from ids in code."""

from __future__ import annotations

import re
from datetime import date

from babel.dates import format_date

from assistant.analysis import cue_hits
from assistant.arabic import normalize
from assistant.i18n import t

# How each kind of document is named in an answer (source.kind.* in the catalogue); unknown kinds
# read as "document".
KINDS = ("study", "news", "council_minutes", "report", "document")
# Moroccan Arabic month names (يناير، ماي، يوليوز، غشت…) with Latin digits, as the documents write dates.
_LOCALES = {"ar": "ar_MA", "fr": "fr", "en": "en"}
_GENERIC = {
    "international",
    "journal",
    "studies",
    "study",
    "sciences",
    "review",
    "revue",
    "news",
    "post",
    "the",
    "and",
    "des",
    "les",
    "for",
    "of",
}


def _parse_date(value) -> date | None:
    if isinstance(value, date):
        return value
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", str(value or ""))
    return date(int(m[1]), int(m[2]), int(m[3])) if m else None


def _latin_outlet(outlet: str) -> str:
    """'هسبريس (Hespress)' → 'Hespress'; a Latin outlet stays as it is."""
    m = re.search(r"\(([^)]*[A-Za-z][^)]*)\)", outlet)
    return (m[1] if m else outlet).strip()


def _arabic_outlet(outlet: str) -> str:
    head = outlet.split("(")[0].strip()
    return head or outlet


def _initial(author: str) -> str:
    """'Amina Berrada' → 'A. Berrada' (Latin names); other scripts unchanged."""
    parts = author.split()
    if len(parts) >= 2 and all(p[:1].isascii() for p in parts):
        return f"{parts[0][0]}. {' '.join(parts[1:])}"
    return author


def source_label(meta: dict, lang: str) -> str:
    """'the study by A. Berrada (2024)', "l'article de Hespress du 15 janvier 2026", …"""
    kind = meta.get("kind") if meta.get("kind") in KINDS else "document"
    word = t(f"source.kind.{kind}", lang)
    when = _parse_date(meta.get("date"))
    outlet = str(meta.get("outlet") or "")
    author = str(meta.get("author") or "")
    author = str(meta.get(f"author_{lang}") or author)
    if kind == "study" and author:
        year = f" ({when.year})" if when else ""
        return t("source.study_by", lang, word=word, author=author if lang == "ar" else _initial(author), year=year)
    who = (
        str(meta.get(f"outlet_{lang}") or "")
        or (_arabic_outlet(outlet) if lang == "ar" else _latin_outlet(outlet))
        or author
        or meta.get("title", "")
    )
    day = format_date(when, format="d MMMM y", locale=_LOCALES.get(lang, "en")) if when else ""
    if day:
        return t("source.from_on", lang, word=word, who=who, day=day)
    return t("source.from", lang, word=word, who=who)


def _name_tokens(meta: dict, ignore=None) -> set[str]:
    """Distinctive words of a document's outlet and author, as a question would name them
    (`ignore`: words that name no source — places, ordinary words: "جماعة الداخلة" as an
    outlet must not scope every question about Dakhla to it)."""
    words: set[str] = set()
    values = [v for k, v in meta.items() if k.split("_")[0] in ("outlet", "author") and isinstance(v, str)]
    for value in values:
        for w in re.findall(r"\w+", normalize(str(value or ""))):
            if len(w) >= 4 and not w.isdigit() and w not in _GENERIC and not (ignore and ignore(w)):
                words.add(w)
    return words


def kind_phrases(scope_cues: dict) -> list[str]:
    """Every phrase of cues.yaml's `scope` naming a kind of document, all languages."""
    return [p for by_lang in (scope_cues or {}).values() for ps in by_lang.values() for p in ps or []]


def source_words(question_norm: str, meta: dict, ignore=None) -> list[str]:
    """The words of a (normalized) question that name this document's outlet or author:
    "selon l'étude de A. Berrada" names a source, not what is asked about it."""
    return sorted(w for w in _name_tokens(meta, ignore) if re.search(rf"(?<!\w){re.escape(w)}(?!\w)", question_norm))


def without_asked_kinds(question_norm: str, scope_cues: dict, asked: dict | None) -> str:
    """The question without the kind words it asks for rather than restricts to
    ("quelle agence de presse est citée": the press agency is the answer, not the source).
    `asked`: cues.yaml's `scope_asked` (interrogatives per language, connectors)."""
    inter = [p for ps in ((asked or {}).get("interrogatives") or {}).values() for p in ps or []]
    kinds = kind_phrases(scope_cues)
    if not inter or not kinds:
        return question_norm
    alt = lambda ps: "|".join(map(re.escape, sorted(set(ps), key=len, reverse=True)))  # noqa: E731
    links = alt((asked or {}).get("connectors") or [])
    via = rf"(?:\w+\s+(?:{links})\s*)?" if links else ""
    return re.sub(rf"(?<!\w)(?:{alt(inter)})\s+{via}(?:{alt(kinds)})(?!\w)", " ", question_norm)


def resolve_scope(
    question_norm: str,
    manifest: dict[str, dict],
    scope_cues: dict,
    lang: str | None = None,
    ignore=None,
    asked: dict | None = None,
) -> tuple[list[str] | None, str | None]:
    """(doc ids the question restricts itself to, the cue) — or (None, None).

    A document is in scope when the question names its outlet or author, or names
    its kind ("the study", "l'article") — narrowed by a date or year the question
    gives when several documents are of that kind. A kind the question asks for
    ("which newspaper…", `asked`) restricts nothing."""
    question_norm = without_asked_kinds(question_norm, scope_cues, asked)
    named = sorted(d for d, m in manifest.items() if source_words(question_norm, m, ignore))
    # kind words of the question's language: "journal" is a newspaper in French, a scholarly
    # journal in English ("in which journal was the study published" names one source)
    kinds = [
        k
        for k, by_lang in (scope_cues or {}).items()
        if cue_hits(
            question_norm, [p for ps in ([by_lang[lang]] if lang in by_lang else by_lang.values()) for p in ps or []]
        )
    ]
    by_kind = sorted(d for d, m in manifest.items() if m.get("kind") in kinds)
    if len(kinds) > 1:  # "combining the study and the article": every source named, by kind or name
        return sorted(set(by_kind) | set(named)), ",".join(kinds)
    if named and by_kind and set(named) & set(by_kind):
        return sorted(set(named) & set(by_kind)), "name"
    if named:
        return named, "name"
    if not by_kind:
        return None, None
    years = set(re.findall(r"(?<!\d)(?:19|20)\d\d(?!\d)", question_norm))
    if len(by_kind) > 1 and years:
        dated = [d for d in by_kind if str(manifest[d].get("date") or "")[:4] in years]
        by_kind = dated or by_kind
    return by_kind, ",".join(kinds)


__all__ = ["source_label", "resolve_scope", "source_words", "kind_phrases", "without_asked_kinds", "KINDS"]
