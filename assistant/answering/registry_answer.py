"""Exact answers to list, count, filter and date questions, from the registry.

A question is routed here when it asks "which / how many / when" about
agreements and names something the registry can filter on (a commune, a partner
city, a country, a continent, a year). Every listed agreement is cited to the
passages it comes from; counts say which source and which date they rest on;
discrepancies between sources touching the listed agreements become notices.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from assistant.aliases import place_ids
from assistant.arabic import normalize
from assistant.answering import Answer, Citation
from assistant.analysis import RECORD_INTENTS, Analysis
from assistant.extraction.dates import find_dates
from assistant.i18n import format_date, t
from assistant.registry import UNSIGNED, Agreement, Discrepancy, Filters, Registry
from assistant.retrieval import HybridRetriever, Passage
from assistant.sources import source_label

# What a registry row can tell: the attributes that are fields of an agreement (plus
# counts of rows). A question asking anything else (who signed, what a mayor said) is
# for the passages; when extraction adds a field to `Agreement`, routing follows.
HELD = frozenset(a for a in ("partner", "date", "themes", "signatories", "status") if a in Agreement.model_fields) | {
    "count"
}

# Discrepancies worth a notice, most substantial first (a different date, commune, partner or count
# before what a source covers, a name written two ways last); the ones found automatically ("date
# (found automatically)") rank as their field. Typos are not among them: the line gives the spelling.
SUBSTANTIVE = (
    "date_mismatch",
    "commune_mismatch",
    "duplicate_partner",
    "count_mismatch",
    "kind_mismatch",
    "status_mismatch",
    "coverage",
    "name_mismatch",
)


def substance(kind: str) -> int | None:
    """The rank of a discrepancy kind in SUBSTANTIVE (None: not shown in answers)."""
    base = kind.split(" (")[0]
    base = base if base in SUBSTANTIVE else f"{base}_mismatch"
    return SUBSTANTIVE.index(base) if base in SUBSTANTIVE else None


@dataclass
class Route:
    filters: Filters
    count: bool = False
    total: bool = False
    oldest: bool = False
    newest: bool = False
    unknown_place: str | None = None  # a commune the corpus has no agreement for
    communes: list[str] = field(default_factory=list)  # several communes named: any of them
    partners: list[str] = field(default_factory=list)  # several partners named: any of them ("A or B?")
    renewed: bool = False  # the question names a renewal: a renewed agreement's event is its renewal
    themes: bool = False  # the question asks what the agreements are about
    scope: list[str] | None = None  # doc ids the question restricts itself to
    attributes: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    intent: str = "other"
    exclude: dict[str, str] = field(default_factory=dict)  # field -> id the rows must not have ("the others")

    def excludes(self, row: Agreement, regions_of=lambda r: {r}) -> bool:
        """`regions_of`: a row's continent and the regions it lies within ("not European"
        excludes western_europe rows)."""
        return any(
            v in regions_of(getattr(row, k, None)) if k == "continent" else getattr(row, k, None) == v
            for k, v in self.exclude.items()
        )


def route(a: Analysis, registry: Registry) -> Route | None:
    """A Route when the analysed question asks for records of agreements, else None.

    Record questions: which / how many / when signed / with which countries / is there
    one — about agreements, naming something the registry filters on or asking a
    count, a total or the oldest/newest."""
    if not a.about_agreements or (a.intent not in RECORD_INTENTS and not a.superlative and not a.counts_records):
        return None
    if set(a.attributes) - HELD:
        return None  # asks what no row holds
    f = Filters()
    communes = [c for c in a.communes if c in registry.known("commune")]
    partners = [p for p in a.partners if p in registry.known("partner")]
    countries = [c for c in a.countries if c in registry.known("country")]
    if len(partners) == 1:
        f.partner = partners[0]
    if countries and not partners:
        f.country = countries[0]
    if a.continents and not (partners or countries):
        f.continent = a.continents[0]
    if len(communes) == 1:
        f.commune = communes[0]
    if a.status == "announced":
        f.status = "announced"
    if a.kinds and a.kinds[0] != "twinning" and not partners:
        # "quelles conventions de coopération (et non des jumelages)": an instrument named on purpose
        # (twinning stands loosely for any agreement, so it filters nothing)
        f.kind = a.kinds[0]
    if a.years and not a.total:
        f.year = a.years[0]
        f.month = next((m for y, m in a.months if y == f.year), None)
    unknown = a.unknown_places[0] if a.unknown_places and not communes else None
    rowless = [m for m in a.entities if m.role == "partner" and m.id not in registry.known("partner")]
    if rowless and not partners and unknown is None:
        # a partner the question names but no row holds: dropping it would answer about the
        # commune's other partners; the documents (a proposal, a visit) or "none" answer it
        unknown = rowless[0].text or rowless[0].id
    exclude = {m.role: m.id for m in a.excluded if m.role in ("country", "continent")}
    has_filter = (
        any(v is not None for v in f.active().values()) or len(communes) > 1 or len(partners) > 1 or unknown or exclude
    )
    count = (a.intent == "count" or "count" in a.attributes) and a.counts_records
    if a.intent == "count" and not a.counts_records:
        return None  # "how much budget", "how many members": not a count of agreements
    if a.intent == "where" or (a.intent == "who" and not (a.relation and "partner" in a.attributes)):
        return None  # people and places of events are in passages; "who is X twinned with" is a row question
    if a.intent == "yes_no" and not (partners or (communes and (countries or a.continents)) or a.counts_records):
        return None  # "is X twinned with Y?", "are there agreements with…" are row questions; others are not
    if a.intent == "what_about" and not (partners or "themes" in a.attributes or a.counts_records):
        return None
    if not has_filter and not (a.total or count or a.superlative):
        return None
    if a.intent == "date" and not (partners or a.superlative or count or a.years):
        return None  # "when did the club launch" is a passage question
    return Route(
        f,
        count=count or a.total,
        total=a.total,
        oldest=a.superlative == "oldest",
        newest=a.superlative == "newest",
        unknown_place=unknown,
        communes=communes if len(communes) > 1 else [],
        partners=partners if len(partners) > 1 else [],
        renewed=a.status == "renewed",
        themes="themes" in a.attributes or a.intent == "what_about",
        scope=None if a.total else a.scope,
        attributes=list(a.attributes),
        intent=a.intent,
        exclude=exclude,
    )


def _earliest(rows: list[Agreement], *, latest: bool = False, renewals: bool = False) -> list[Agreement]:
    """The first (or last) dated rows: years first, then months and days as far as every row
    of that year gives them (a row dated only "2026" ties with "3 March 2026": neither is shown
    to come first). With `renewals` (the question names a renewal), a renewed row is dated by its
    last renewal: "the pact or the renewal, which came first" compares the events it names."""
    when = {a.id: (a.renewals[-1] if renewals and a.renewals else a.date) for a in rows}
    dated = [a for a in rows if when[a.id]]
    if not dated:
        return []
    pick = max if latest else min
    year = pick(when[a.id][:4] for a in dated)
    same = [a for a in dated if when[a.id][:4] == year]
    width = min(len(when[a.id]) for a in same)
    first = pick(when[a.id][:width] for a in same)
    return [a for a in same if when[a.id][:width] == first]


class RegistryAnswerer:
    def __init__(self, registry: Registry, docs: dict | None = None):
        self.registry = registry
        self.docs = docs or {}  # doc id → metadata: how each source is named in counts

    @staticmethod
    def _cite_chunk(chunk, numbering: dict, citations: list[Citation], passages: dict[int, Passage], urls: dict) -> int:
        n = numbering.get(chunk.id)
        if n is None:
            n = numbering[chunk.id] = len(numbering) + 1
            p = HybridRetriever._passage(chunk, n, 0.0)
            passages[n] = p
            citations.append(
                Citation(
                    n=n, doc=p.doc, title=p.title, section=p.section, lines=p.lines, quote=p.text, url=urls.get(p.doc)
                )
            )
        return n

    def answer(self, question: str, language: str, r: Route, keyword, urls: dict, related: list[Passage]) -> Answer:
        reg = self.registry
        describe = ", ".join(
            f"{k}: {reg.name(v, language) if k in ('commune', 'partner', 'country') else v}"
            for k, v in r.filters.active().items()
        )
        if r.unknown_place:
            text = t("answer.registry_none", language, filters=r.unknown_place)
            return Answer(question, language, "extractive", text, True, [], related)
        items = reg.filter(r.filters)
        if r.scope is not None:
            items = [a for a in items if any(src.doc in r.scope for src in a.sources)]
        if r.communes:
            items = [a for a in items if a.commune in r.communes]
        if r.partners:
            items = [a for a in items if a.partner in r.partners]
        items = [a for a in items if not r.excludes(a, reg.regions_of)]
        if r.oldest or r.newest:
            dated = [a for a in items if a.status not in UNSIGNED]
            items = _earliest(dated, latest=r.newest, renewals=r.renewed) or items
        if not items and r.filters.commune and r.filters.partner:
            elsewhere = [a for a in reg.filter(Filters(partner=r.filters.partner)) if a.commune != r.filters.commune]
            if elsewhere:
                return self._other_commune(question, language, r, elsewhere, keyword, urls, related)
        if not items:
            text = t("answer.registry_none", language, filters=describe or "—")
            return Answer(question, language, "extractive", text, True, [], related)

        numbering: dict[str, int] = {}
        citations: list[Citation] = []
        cited: dict[int, Passage] = {}
        lines = [t("answer.registry_lead", language, scope="", summary=self._summary(items, r, language))]
        # "when will X sign with Y?" about a draft approved or an announcement with no date: no row
        # answers when; the answer says so (an abstention) and shows what the rows do say
        # (and no source sentence of them dates anything: the extractor may have missed a date)
        undated = (
            r.intent == "date"
            and not (r.oldest or r.newest or r.count)
            and not any(a.date for a in items)
            and not any(find_dates(src.quote) for a in items for src in a.sources)
        )
        if undated:
            lines[0] = t("answer.registry_no_date", language) + " " + lines[0]
        if r.intent == "yes_no":
            # "has X signed with Y?": say yes or not yet first, then the rows that show it
            signed = any(a.status not in UNSIGNED for a in items)
            lines[0] = t("answer.yes_signed" if signed else "answer.not_yet_signed", language) + " " + lines[0]
        for a in items:
            lines.append("- " + self._cited_item(a, language, r, keyword, numbering, citations, cited, urls))
        if len(items) <= 2:
            # one agreement: the study's reference for it (outlet, title, date, place)
            for a in items:
                for src in a.sources:
                    ref = reg.references.get(src.reference) if src.reference else None
                    chunk = _chunk_at(keyword, src.doc, ref.line) if ref else None
                    if chunk is not None:
                        n = self._cite_chunk(chunk, numbering, citations, cited, urls)
                        lines.append(
                            f"- {t('answer.reference', language, n=ref.number, source=self._label(src.doc, language))} "
                            f"{ref.text} [{n}]"
                        )
                        break
        if len(items) == 1:
            # one agreement the documents report: their own sentences, quoted and cited, say what a
            # row cannot (a "first step towards a twinning", its renewals, who was there, what it covers)
            for src in self._quotable(items[0], r):
                chunk = _chunk_at(keyword, src.doc, *src.lines, src.quote)
                if chunk is not None:
                    n = self._cite_chunk(chunk, numbering, citations, cited, urls)
                    lines.append(f"- « {src.quote} » [{n}]")
        if r.count or not (r.filters.partner or r.filters.year):
            # a source's own figures, quoted and cited, beside the rows it lists
            for check in reg.statements_for(r.filters, total=r.total):
                if r.scope is not None and check.doc not in r.scope:
                    continue
                chunk = _chunk_at(keyword, check.doc, *check.lines, check.quote)
                if chunk is None:
                    continue
                n = self._cite_chunk(chunk, numbering, citations, cited, urls)
                lines.append(
                    f"- {t('answer.study_states', language, quote=check.quote, source=self._label(check.doc, language))} [{n}]"
                )
        discrepancies = sorted(
            (d for d in reg.discrepancies_for(items) if substance(d.kind) is not None), key=lambda d: substance(d.kind)
        )
        if len(items) <= 2:
            # about one agreement: say where the sources disagree in the answer itself,
            # citing every side (validation drops the line if a side does not hold it)
            for d in discrepancies:
                marks = []
                for side in d.sides:
                    chunk = _chunk_at(keyword, side.doc, *side.lines, side.quote)
                    if chunk is not None:
                        marks.append(f"[{self._cite_chunk(chunk, numbering, citations, cited, urls)}]")
                summary = d.summary.get(language) or d.summary.get("en", "")
                lines.append(f"- {summary} {''.join(dict.fromkeys(marks))}")
        notices = [
            t("answer.discrepancy", language, text=d.summary.get(language) or d.summary.get("en", ""))
            for d in discrepancies
        ]
        ans = Answer(
            question,
            language,
            "extractive",
            "\n".join(lines),
            undated,
            citations,
            [cited[n] for n in sorted(cited)],
            notices,
        )
        ans.extra = {
            "route": "registry",
            "definitive": undated,
            "filters": r.filters.active(),
            "agreements": [a.id for a in items],
            "discrepancies": [
                {"id": d.id, "kind": d.kind, "summary": d.summary, "sides": [s.model_dump() for s in d.sides]}
                for d in discrepancies
            ],
        }
        return ans

    QUOTES = 3  # sentences quoted under a one-agreement answer

    def _quotable(self, a: Agreement, r: Route) -> list:
        """The sentences of an agreement's sources worth quoting under its line, those holding
        what the question asks first (dates for "when", what it covers for "which fields").
        Table rows and cells are left out (the line states them), and so are a curated row's
        sources in its own document (its reference is cited on its own)."""
        asks_date = r.intent == "date" or "date" in r.attributes or r.oldest or r.newest
        asks_themes = r.themes
        names = [s.get("name", "") for s in a.signatories] if "signatories" in r.attributes else []

        def rank(src) -> tuple:
            dated = bool(re.search(r"(?<!\d)(?:1[89]|20)\d\d(?!\d)", src.quote))
            return (
                -(asks_date and dated),
                -(asks_themes and src.about == "themes"),
                -any(n and n in src.quote for n in names),
                src.about is not None,
            )

        own = a.source_doc if a.method == "curated" else None
        pool = [
            src
            for src in a.sources
            if "\t" not in src.quote
            and len(src.quote) >= 40
            and src.doc != own
            and (src.about != "themes" or asks_themes)
        ]
        out, seen = [], set()
        for src in sorted(pool, key=rank):
            if src.quote not in seen:
                seen.add(src.quote)
                out.append(src)
        return out[: self.QUOTES]

    def _other_commune(self, question, language, r: Route, elsewhere, keyword, urls, related) -> Answer:
        """The question pairs a commune with a partner the documents tie to another
        commune: say so (an abstention, with the rows that show it, cited)."""
        reg = self.registry
        others = ", ".join(dict.fromkeys(reg.name(a.commune, language) for a in elsewhere if a.commune))
        numbering: dict[str, int] = {}
        citations: list[Citation] = []
        cited: dict[int, Passage] = {}
        lines = [
            t(
                "answer.registry_other_commune",
                language,
                commune=reg.name(r.filters.commune, language),
                partner=reg.name(r.filters.partner, language),
                others=others or "—",
            )
        ]
        lines += [
            "- " + self._cited_item(a, language, r, keyword, numbering, citations, cited, urls) for a in elsewhere
        ]
        ans = Answer(
            question,
            language,
            "extractive",
            "\n".join(lines),
            True,
            citations,
            [cited[n] for n in sorted(cited)] + list(related),
        )
        ans.extra = {
            "route": "registry",
            "filters": r.filters.active(),
            "definitive": True,
            "agreements": [a.id for a in elsewhere],
        }
        return ans

    def _cited_item(self, a: Agreement, lang: str, r: Route, keyword, numbering, citations, cited, urls) -> str:
        """The agreement's line, each part followed by the passage that states it: a Table 1
        row states everything; in the article the list and the dateline are apart."""
        chunks = [c for c in (_chunk_at(keyword, src.doc, *src.lines, src.quote) for src in a.sources) if c is not None]

        def cite(chunk) -> str:
            return f"[{self._cite_chunk(chunk, numbering, citations, cited, urls)}]"

        def names_partner(chunk) -> bool:
            text = f"{chunk.meta.get('context', '')}\n{chunk.text}"
            # or in the spelling the line shows, which the gazetteer may not read («امبور»)
            written = re.split(r"[،,(]", a.partner_as_written or "")[0].strip()
            return (
                a.partner is None
                or a.partner in place_ids(self.registry.gazetteer, text)
                or bool(written and normalize(written) in normalize(text))
            )

        who, date, status = self._parts(a, lang)
        if a.kind not in ("twinning", "renewal", "announcement", "council_approval"):
            status = f" — {t('kind.' + a.kind, lang)}{status}"  # an MoU is not a twinning: say so
        if a.renewals:
            status += f" — {t('answer.renewed_on', lang, date=', '.join(format_date(d, lang) for d in a.renewals))}"
        theme = ""
        said = next((src for src in a.sources if src.about == "themes"), None)
        if r.themes and said is not None and a.themes:
            # the sentence saying what it covers is quoted below the line: here, its themes by name
            chunk = _chunk_at(keyword, said.doc, *said.lines, said.quote)
            theme = f" — {', '.join(self.registry.theme_name(x, lang) for x in a.themes)}" + (
                f" {cite(chunk)}" if chunk is not None else ""
            )
        elif r.themes and (a.themes_as_written or a.themes):
            theme = f" — {a.themes_as_written or ', '.join(self.registry.theme_name(x, lang) for x in a.themes)}"
        if "signatories" in r.attributes and a.signatories:
            names = ", ".join(s.get("name", "") + (f" ({s['role']})" if s.get("role") else "") for s in a.signatories)
            theme += f" — {t('answer.signed_by', lang, names=names)}"
        first_of_doc: dict = {}
        for c in chunks:
            first_of_doc.setdefault(c.meta.get("doc_id"), c)
        per_doc = list(first_of_doc.values())
        if len(per_doc) > 1:
            # a row several documents report: they state it jointly (one the spelling shown and
            # "yesterday", another the day it was and the partner's name), so it cites one of each
            return f"{who} — {date}{status}{theme} {''.join(cite(c) for c in per_doc[:3])}"
        named = next((c for c in chunks if names_partner(c)), None)
        if named is not None and a.date and a.date[:4] in named.text:
            return f"{who} — {date}{status}{theme} {cite(named)}"  # one passage states it all (a table row)
        dated = next((c for c in chunks if a.date and a.date[:4] in c.text), None)
        if named is not None and dated is not None:
            # the article names partners in one place and gives the date in its dateline
            return f"{who}{status} {cite(named)} — {date} {cite(dated)}{theme}"
        return f"{who} — {date}{status}{theme} {''.join(cite(c) for c in chunks[:2])}"

    def _parts(self, a: Agreement, lang: str) -> tuple[str, str, str]:
        """(partner — commune, date, " — status" or "")."""
        body = self._item(a, lang)
        status = f" — {t('answer.' + a.status, lang)}" if a.status != "signed" else ""
        if status and body.endswith(status):
            body = body[: -len(status)]
        who, _, date = body.rpartition(" — ")
        return who, date, status

    def _item(self, a: Agreement, lang: str) -> str:
        """One agreement on a line; partner names in the asker's script (in Arabic, as
        the source writes them, typos included, so they can be found there)."""
        reg = self.registry
        if not a.partner:  # announced: "American and Senegalese cities", unnamed
            partner = f"{a.partner_as_written} ({reg.name(a.country, lang)})"
        elif lang == "ar":
            partner = a.partner_as_written
        else:  # the source's own spelling alongside, so a reader can find it there
            written = re.split(r"[،,(]", a.partner_as_written)[0].strip()
            partner = f"{reg.name(a.partner, lang)} ({reg.name(a.country, lang)}; {written})"
        commune = reg.name(a.commune, lang) if a.commune else t("answer.unspecified", lang)
        # a date resolved from "vendredi dernier" is given as the source writes it (that is what it
        # states) with the day it resolves to against the document's date (what "which day" asks)
        when = format_date(a.date, lang)
        if a.date_precision == "approximate" and a.date_as_written:
            when = t("answer.approximate_date", lang, written=a.date_as_written, date=when)
        parts = [partner, commune, when]
        if a.status != "signed":
            parts.append(t("answer." + a.status, lang))
        return " — ".join(parts)

    def _label(self, doc: str, lang: str) -> str:
        return source_label(self.docs.get(doc, {"title": doc}), lang)

    def _summary(self, items: list[Agreement], r: Route, lang: str) -> str:
        signed = [a for a in items if a.status not in UNSIGNED]
        # none signed yet (a council's approval, an announcement): count what the sources report
        by_doc = Counter(a.source_doc for a in signed or items)
        parts = [
            t("answer.count_source", lang, n=n, source=self._label(doc, lang))
            for doc, n in sorted(by_doc.items(), key=lambda x: str(self.docs.get(x[0], {}).get("date", "")))
        ]
        if len(by_doc) > 1 or r.total:
            parts.append(t("answer.count_total", lang, n=len(signed)))
        communes = Counter(a.commune for a in signed if a.commune)
        if r.count and len(communes) > 1:
            parts.append(", ".join(f"{self.registry.name(c, lang)}: {n}" for c, n in communes.most_common()))
        if signed and len(signed) < len(items):
            parts.append(t("answer.count_announced", lang))
        if r.oldest or r.newest:
            parts.insert(0, t("answer.oldest" if r.oldest else "answer.newest", lang))
        sep = "، " if lang == "ar" else "; "
        return sep.join(parts)


def _chunk_at(keyword, doc: str, line: int, last: int | None = None, quote: str | None = None):
    """The chunk holding a source's lines: the one containing its quote when given."""
    last = last or line
    overlapping = [
        c
        for c in keyword.chunks_of(doc)
        if int(c.meta.get("line_start", 0)) <= last and line <= int(c.meta.get("line_end", 0))
    ]
    if quote:
        for c in overlapping:
            if quote in c.text:
                return c
    rows = [c for c in overlapping if c.meta.get("kind") != "table_header"]
    return (rows or overlapping or [None])[0]


__all__ = ["RegistryAnswerer", "Route", "route", "Discrepancy"]
