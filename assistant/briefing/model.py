"""The briefing as data (`Briefing`, `Section`, `Item`, `Cite`, `SourceEntry`) and the small
formatters (dates, line spans, URLs) that the builder and the three renderers share. Its words
(briefing.*, briefing.status.*, discrepancy_kind.*, month.*) are in the package catalogue
(assistant/locales, read by assistant.i18n)."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlparse

from assistant.i18n import t

LANGS = ("ar", "fr", "en")

# discrepancy kinds (discrepancies.yaml; names under discrepancy_kind.*), most consequential first
DISCREPANCY_KINDS = (
    "count_mismatch",
    "duplicate_partner",
    "commune_mismatch",
    "status_mismatch",
    "date_mismatch",
    "coverage",
    "name_mismatch",
    "typo",
    "url_mismatch",
)


def format_date(value: str, lang: str) -> str:
    """ISO YYYY / YYYY-MM / YYYY-MM-DD → '23 décembre 2025', 'October 2024', 'ماي 2023' (the
    month names answers use: Moroccan Arabic forms)."""
    parts = [int(p) for p in str(value).split("-") if p.isdigit()]
    if len(parts) >= 2 and 1 <= parts[1] <= 12:
        month = t(f"month.{parts[1]}", lang)
        return f"{parts[2]} {month} {parts[0]}" if len(parts) == 3 else f"{month} {parts[0]}"
    return str(value)


def lines_label(first: int, last: int, lang: str) -> str:
    if first == last:
        return t("briefing.line", lang, x=first)
    return t("briefing.lines", lang, x=f"{first}–{last}")


def spans_label(spans: list[tuple[int, int]], lang: str) -> str:
    """[(132, 139), (153, 153)] → 'l. 132–139, 153'."""
    spans = sorted(dict.fromkeys(spans))
    if len(spans) == 1:
        return lines_label(spans[0][0], spans[0][1], lang)
    xs = t("briefing.sep", lang).join(f"{a}" if a == b else f"{a}–{b}" for a, b in spans)
    return t("briefing.lines", lang, x=xs)


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
    return t("briefing.generated", b.lang, date=format_date(b.generated, b.lang), n=b.documents)
