"""The briefing as data (`Briefing`, `Section`, `Item`, `Cite`, `SourceEntry`) and its words:
the ar / fr / en labels, status and discrepancy-kind names, months, and the small formatters
(dates, line spans, URLs) that the builder and the three renderers share."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlparse

from assistant.answering.messages import MONTHS  # the month names answers use (Moroccan Arabic forms)

LANGS = ("ar", "fr", "en")

# -- labels ------------------------------------------------------------------------------------

LABELS: dict[str, dict[str, str]] = {
    "title": {"ar": "مذكرة إحاطة: {place}", "fr": "Note de briefing : {place}", "en": "Briefing note: {place}"},
    "generated": {
        "ar": "أُعدت بتاريخ {date} انطلاقا من الوثائق المفهرسة ({n})",
        "fr": "Générée le {date} à partir de {n} documents indexés",
        "en": "Generated on {date} from {n} indexed documents",
    },
    "commune": {"ar": "جماعة", "fr": "Commune", "en": "Commune"},
    "partner": {"ar": "مدينة شريكة", "fr": "Ville partenaire", "en": "Partner city"},
    "province": {"ar": "إقليم", "fr": "province", "en": "province"},
    "count": {
        "ar": "عدد الاتفاقيات في الوثائق: {n}",
        "fr": "{n} accord(s) dans les documents",
        "en": "{n} agreement(s) in the documents",
    },
    "agreements": {
        "ar": "اتفاقيات التوأمة والتعاون",
        "fr": "Accords de jumelage et de coopération",
        "en": "Twinning and cooperation agreements",
    },
    "passages": {
        "ar": "مقتطفات أساسية من الوثائق",
        "fr": "Passages clés des documents",
        "en": "Key passages from the documents",
    },
    "recommendations": {
        "ar": "توصيات الدراسة",
        "fr": "Recommandations de l'étude",
        "en": "The study's recommendations",
    },
    "discrepancies": {
        "ar": "تباينات بين المصادر",
        "fr": "Écarts entre les sources",
        "en": "Open discrepancies between the sources",
    },
    "sources": {"ar": "المصادر", "fr": "Sources", "en": "Sources"},
    "no_agreements": {
        "ar": "لا تذكر الوثائق أي اتفاقية تخص {place}.",
        "fr": "Les documents ne mentionnent aucun accord concernant {place}.",
        "en": "The documents mention no agreement involving {place}.",
    },
    "no_passages": {
        "ar": "لا يوجد مقطع آخر يذكر {place}.",
        "fr": "Aucun autre passage ne mentionne {place}.",
        "en": "No other passage mentions {place}.",
    },
    "no_recommendations": {
        "ar": "لم يُعثر على توصيات في الدراسة.",
        "fr": "Aucune recommandation trouvée dans l'étude.",
        "en": "No recommendations found in the study.",
    },
    "no_discrepancies": {
        "ar": "لا توجد تباينات مسجلة بشأن هذه الاتفاقيات.",
        "fr": "Aucun écart relevé pour ces accords.",
        "en": "No discrepancy recorded for these agreements.",
    },
    "more_discrepancies": {
        "ar": "تباينات أخرى ({n}): {kinds}.",
        "fr": "Autres écarts ({n}) : {kinds}.",
        "en": "Other discrepancies ({n}): {kinds}.",
    },
    "themes": {"ar": "المجالات: ", "fr": "thèmes : ", "en": "themes: "},
    "relevant": {"ar": "ذات صلة بـ: {what}", "fr": "pertinent pour : {what}", "en": "relevant to: {what}"},
    "general": {"ar": "توصية عامة", "fr": "recommandation générale", "en": "general recommendation"},
    "mentions": {"ar": "يذكر: {what}", "fr": "mentionne : {what}", "en": "mentions: {what}"},
    "line": {"ar": "السطر {x}", "fr": "l. {x}", "en": "l. {x}"},
    "lines": {"ar": "الأسطر {x}", "fr": "l. {x}", "en": "ll. {x}"},
    "ref": {"ar": "المرجع {x}", "fr": "réf. {x}", "en": "ref. {x}"},
    "ref_of": {"ar": "المرجع {x} ({doc})", "fr": "réf. {x} de l'{doc}", "en": "ref. {x} in the {doc}"},
    "study": {"ar": "دراسة", "fr": "étude", "en": "study"},
    "news": {"ar": "مقال صحفي", "fr": "article de presse", "en": "news article"},
    "sep": {"ar": "، ", "fr": ", ", "en": ", "},
}

STATUS = {
    "signed": {"ar": "موقعة", "fr": "signé", "en": "signed"},
    "renewed": {"ar": "مجددة", "fr": "renouvelé", "en": "renewed"},
    "announced": {"ar": "معلن عنها، لم توقع بعد", "fr": "annoncé, pas encore signé", "en": "announced, not yet signed"},
    "approved": {
        "ar": "صادق عليها المجلس، لم توقع بعد",
        "fr": "approuvé par le conseil, pas encore signé",
        "en": "approved by the council, not yet signed",
    },
}

KINDS = {  # discrepancy kinds (discrepancies.yaml), most consequential first
    "count_mismatch": ("العدد", "Décompte", "Count"),
    "duplicate_partner": ("تكرار", "Doublon", "Duplicate"),
    "commune_mismatch": ("الجماعة الموقعة", "Commune signataire", "Signatory commune"),
    "status_mismatch": ("الوضع", "Statut", "Status"),
    "date_mismatch": ("التاريخ", "Date", "Date"),
    "coverage": ("التغطية", "Couverture", "Coverage"),
    "name_mismatch": ("الإملاء", "Orthographe", "Spelling"),
    "typo": ("خطأ مطبعي", "Coquille", "Typo"),
    "url_mismatch": ("الرابط", "Lien", "Link"),
}


def label(key: str, lang: str, **kw) -> str:
    text = LABELS[key].get(lang) or LABELS[key]["en"]
    return text.format(**kw) if kw else text


def _i(lang: str) -> int:
    return LANGS.index(lang)


def format_date(value: str, lang: str) -> str:
    """ISO YYYY / YYYY-MM / YYYY-MM-DD → '23 décembre 2025', 'October 2024', 'ماي 2023'."""
    parts = [int(p) for p in str(value).split("-") if p.isdigit()]
    if len(parts) >= 2 and 1 <= parts[1] <= 12:
        month = MONTHS[lang][parts[1] - 1]
        return f"{parts[2]} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"
    return str(value)


def lines_label(first: int, last: int, lang: str) -> str:
    if first == last:
        return label("line", lang, x=first)
    return label("lines", lang, x=f"{first}–{last}")


def spans_label(spans: list[tuple[int, int]], lang: str) -> str:
    """[(132, 139), (153, 153)] → 'l. 132–139, 153'."""
    spans = sorted(dict.fromkeys(spans))
    if len(spans) == 1:
        return lines_label(spans[0][0], spans[0][1], lang)
    xs = label("sep", lang).join(f"{a}" if a == b else f"{a}–{b}" for a, b in spans)
    return label("lines", lang, x=xs)


# -- the data --------------------------------------------------------------------------------------


@dataclass
class Cite:
    n: int  # number in the sources list
    where: str = ""  # the place in that source: "l. 132", "réf. 15", "§ …, l. 199"


@dataclass
class Item:
    lead: str = ""  # the item's name (bold), in the briefing's language
    text: str = ""  # the rest of the line, in the briefing's language
    quote: str = ""  # verbatim text of a document (its own language), possibly cut with "…"
    cites: list[Cite] = field(default_factory=list)
    note: str = ""  # a secondary line (why a recommendation is relevant …)
    data: dict = field(default_factory=dict)  # structured fields (agreement row, passage location …)


@dataclass
class Section:
    key: str  # agreements | passages | recommendations | discrepancies
    title: str
    items: list[Item] = field(default_factory=list)
    empty: str = ""  # shown when there are no items
    footer: str = ""  # e.g. the discrepancies not shown in full


@dataclass
class SourceEntry:
    n: int
    key: str  # "doc:<doc id>" or "ref:<doc id>:<number>"
    title: str
    details: str = ""  # author / outlet / kind / date
    url: str | None = None


@dataclass
class Briefing:
    place_id: str
    place: str  # its name in the briefing's language
    role: str  # "commune" | "partner"
    lang: str
    title: str
    generated: str  # ISO date
    documents: int = 0  # indexed documents it was built from
    facts: list[str] = field(default_factory=list)  # the line under the title
    sections: list[Section] = field(default_factory=list)
    sources: list[SourceEntry] = field(default_factory=list)

    @property
    def rtl(self) -> bool:
        return self.lang == "ar"

    def section(self, key: str) -> Section | None:
        return next((s for s in self.sections if s.key == key), None)

    def cited(self) -> list[int]:
        """Every source number the briefing cites, in order of first citation."""
        out: list[int] = []
        for s in self.sections:
            for item in s.items:
                for c in item.cites:
                    if c.n not in out:
                        out.append(c.n)
        return out


# -- shared formatting ---------------------------------------------------------------------------------


def display_url(url: str, limit: int = 48) -> str:
    """A long URL shown as its host and the start of its path."""
    if len(url) <= limit:
        return url
    parts = urlparse(url)
    shown = parts.netloc + parts.path
    return shown[: limit - 1] + "…" if len(shown) >= limit else shown + "…"


def _generated_line(b: Briefing) -> str:
    return label("generated", b.lang, date=format_date(b.generated, b.lang), n=b.documents)
