"""One-page delegation briefing on a commune or a partner city, in Arabic, French or English.

`build_briefing(assistant, place, lang)` gathers, for the place the user names:

1. the place (its names from the gazetteer, its country and region);
2. the agreements involving it (`Registry.filter`), each cited to the row that states it and to the
   study's own reference for it;
3. a few passages of the documents that mention it, found with `Assistant.search` and quoted;
4. the study's recommendations (the chunks under its conclusions heading), the ones that name the
   place, its partners, their countries or their themes first;
5. the discrepancies between sources that touch its agreements (`Registry.discrepancies_for`);
6. the numbered sources every `[n]` of the briefing points to.

The result is a `Briefing` (pure data), rendered by `to_markdown`, `write_docx` and `write_pdf`.
Nothing about a place is written here: it all comes from the registry, the gazetteer and the documents.
Arabic is shaped and right to left in both files: DOCX paragraphs carry w:bidi and their Arabic runs
w:rtl; the PDF is laid out by fpdf2 with HarfBuzz shaping and its bidi algorithm, in DejaVu Sans (shipped
with matplotlib, so no system font is needed), with the runs of the other script isolated (U+2066-2069)
so that mixed lines keep their order. `[n]` marks are internal links to the sources list in both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from urllib.parse import urlparse

from assistant.aliases import Entry, match_tokens
from assistant.arabic import is_arabic, tokenize
from assistant.chunking import _REFERENCE_SECTION
from assistant.registry import Agreement, Registry, RegistryError, UnknownFilter

LANGS = ("ar", "fr", "en")
MAX_PASSAGES = 3               # fewer when the place has many agreements, to keep to about a page
MAX_RECOMMENDATIONS = 4
MANY_AGREEMENTS = 5
MAX_DISCREPANCIES = 3          # shown in full; the others are counted by kind
MAX_THEMES = 6
PASSAGE_CHARS = 220            # longer quotes are cut around the place's name, with an ellipsis
RECOMMENDATION_CHARS = 230
SEARCH_K = 12

# -- labels ------------------------------------------------------------------------------------

LABELS: dict[str, dict[str, str]] = {
    "title": {"ar": "مذكرة إحاطة: {place}", "fr": "Note de briefing : {place}", "en": "Briefing note: {place}"},
    "generated": {"ar": "أُعدت بتاريخ {date} انطلاقا من الوثائق المفهرسة ({n})", "fr": "Générée le {date} à partir de {n} documents indexés",
                  "en": "Generated on {date} from {n} indexed documents"},
    "commune": {"ar": "جماعة", "fr": "Commune", "en": "Commune"},
    "partner": {"ar": "مدينة شريكة", "fr": "Ville partenaire", "en": "Partner city"},
    "province": {"ar": "إقليم", "fr": "province", "en": "province"},
    "count": {"ar": "عدد الاتفاقيات في الوثائق: {n}", "fr": "{n} accord(s) dans les documents",
              "en": "{n} agreement(s) in the documents"},
    "agreements": {"ar": "اتفاقيات التوأمة والتعاون", "fr": "Accords de jumelage et de coopération",
                   "en": "Twinning and cooperation agreements"},
    "passages": {"ar": "مقتطفات أساسية من الوثائق", "fr": "Passages clés des documents",
                 "en": "Key passages from the documents"},
    "recommendations": {"ar": "توصيات الدراسة", "fr": "Recommandations de l'étude",
                        "en": "The study's recommendations"},
    "discrepancies": {"ar": "تباينات بين المصادر", "fr": "Écarts entre les sources",
                      "en": "Open discrepancies between the sources"},
    "sources": {"ar": "المصادر", "fr": "Sources", "en": "Sources"},
    "no_agreements": {"ar": "لا تذكر الوثائق أي اتفاقية تخص {place}.",
                      "fr": "Les documents ne mentionnent aucun accord concernant {place}.",
                      "en": "The documents mention no agreement involving {place}."},
    "no_passages": {"ar": "لا يوجد مقطع آخر يذكر {place}.", "fr": "Aucun autre passage ne mentionne {place}.",
                    "en": "No other passage mentions {place}."},
    "no_recommendations": {"ar": "لم يُعثر على توصيات في الدراسة.",
                           "fr": "Aucune recommandation trouvée dans l'étude.",
                           "en": "No recommendations found in the study."},
    "no_discrepancies": {"ar": "لا توجد تباينات مسجلة بشأن هذه الاتفاقيات.",
                         "fr": "Aucun écart relevé pour ces accords.",
                         "en": "No discrepancy recorded for these agreements."},
    "more_discrepancies": {"ar": "تباينات أخرى ({n}): {kinds}.", "fr": "Autres écarts ({n}) : {kinds}.",
                           "en": "Other discrepancies ({n}): {kinds}."},
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

MONTHS = {
    "ar": ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"],
    "fr": ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre"],
    "en": ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
           "November", "December"],
}

# the study's conclusions / recommendations heading, in the languages a study may be written in
_CONCLUSIONS = re.compile(r"خلاص|مقترح|توصي|استنتاج|خاتمة|conclusion|recommend|propos|suggest", re.I)
_BULLET = re.compile(r"^\s*[-•▪●*]\s*")


def label(key: str, lang: str, **kw) -> str:
    text = LABELS[key].get(lang) or LABELS[key]["en"]
    return text.format(**kw) if kw else text


def _i(lang: str) -> int:
    return LANGS.index(lang)


def theme_name(registry: Registry, tag: str, lang: str) -> str:
    """A theme's name (corpus/data/themes.yaml) as it reads in running text: lowercase in
    French and English ("thèmes : économie, tourisme")."""
    name = registry.theme_name(tag, lang)
    return name[0].lower() + name[1:] if lang != "ar" and name else name


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
    n: int              # number in the sources list
    where: str = ""     # the place in that source: "l. 132", "réf. 15", "§ …, l. 199"


@dataclass
class Item:
    lead: str = ""                  # the item's name (bold), in the briefing's language
    text: str = ""                  # the rest of the line, in the briefing's language
    quote: str = ""                 # verbatim text of a document (its own language), possibly cut with "…"
    cites: list[Cite] = field(default_factory=list)
    note: str = ""                  # a secondary line (why a recommendation is relevant …)
    data: dict = field(default_factory=dict)   # structured fields (agreement row, passage location …)


@dataclass
class Section:
    key: str            # agreements | passages | recommendations | discrepancies
    title: str
    items: list[Item] = field(default_factory=list)
    empty: str = ""     # shown when there are no items
    footer: str = ""    # e.g. the discrepancies not shown in full


@dataclass
class SourceEntry:
    n: int
    key: str                        # "doc:<doc id>" or "ref:<doc id>:<number>"
    title: str
    details: str = ""               # author / outlet / kind / date
    url: str | None = None


@dataclass
class Briefing:
    place_id: str
    place: str                      # its name in the briefing's language
    role: str                       # "commune" | "partner"
    lang: str
    title: str
    generated: str                  # ISO date
    documents: int = 0              # indexed documents it was built from
    facts: list[str] = field(default_factory=list)   # the line under the title
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


# -- building ------------------------------------------------------------------------------------------

class _Sources:
    """Numbers sources in order of first citation."""

    def __init__(self, docs: dict[str, dict], registry: Registry, lang: str):
        self.docs, self.registry, self.lang = docs, registry, lang
        self.entries: dict[str, SourceEntry] = {}

    def _add(self, key: str, make) -> int:
        if key not in self.entries:
            entry = make()
            entry.n, entry.key = len(self.entries) + 1, key
            self.entries[key] = entry
        return self.entries[key].n

    def doc(self, doc_id: str) -> int:
        return self._add(f"doc:{doc_id}", lambda: self._doc_entry(doc_id))

    def reference(self, doc_id: str, number: int) -> int | None:
        ref = self.registry.references.get(number)
        if ref is None:
            return None
        lang = self.lang

        def make() -> SourceEntry:
            details = [d for d in (ref.outlet, format_date(ref.date, lang) if ref.date else None) if d]
            kind = self.docs.get(doc_id, {}).get("kind")
            where = label("ref_of", lang, x=number, doc=label(kind, lang) if kind in ("study", "news")
                          else self.short(doc_id))
            return SourceEntry(0, "", ref.title or ref.text,
                               label("sep", lang).join(details + [where]), ref.url)
        return self._add(f"ref:{doc_id}:{number}", make)

    def short(self, doc_id: str) -> str:
        """'Hicham Ismaili, 2025' / 'نون بوست (Noon Post), 2025'."""
        m = self.docs.get(doc_id, {})
        who = (m.get("outlet") if m.get("kind") == "news" else m.get("author")) or m.get("outlet") or doc_id
        return f"{who}, {str(m.get('date'))[:4]}" if m.get("date") else who

    def title(self, doc_id: str) -> str:
        m = self.docs.get(doc_id, {})
        return (m.get("title_en") if self.lang != "ar" else None) or m.get("title") or doc_id

    def _doc_entry(self, doc_id: str) -> SourceEntry:
        m, lang = self.docs.get(doc_id, {}), self.lang
        title = m.get("title") or doc_id
        if lang != "ar" and m.get("title_en") and m.get("title_en") != title:
            title = f"{title} ({m['title_en']})"
        kind = label(m["kind"], lang) if m.get("kind") in ("study", "news") else m.get("kind")
        details = [d for d in (m.get("author"), m.get("outlet"), kind,
                               format_date(m["date"], lang) if m.get("date") else None) if d]
        url = m.get("url") or (f"https://doi.org/{m['doi']}" if m.get("doi") else None)
        return SourceEntry(0, "", title, label("sep", lang).join(details), url)

    def list(self) -> list[SourceEntry]:
        return sorted(self.entries.values(), key=lambda e: e.n)


def resolve_place(registry: Registry, text: str) -> tuple[str, str]:
    """A user's spelling → (place id, "commune" | "partner"); UnknownFilter with suggestions."""
    text = (text or "").strip()
    if not text:
        raise RegistryError("Please name a commune (e.g. Dakhla) or a partner city (e.g. Arlington).")
    try:
        return registry.resolve("commune", text), "commune"
    except UnknownFilter as as_commune:
        try:
            return registry.resolve("partner", text), "partner"
        except UnknownFilter as as_partner:
            suggestions = list(dict.fromkeys(as_commune.suggestions + as_partner.suggestions))[:3]
            raise UnknownFilter("place", text, as_commune.known + as_partner.known, suggestions) from None


def _mentions(entry: Entry, tokens: list[str]) -> bool:
    """Whether a text (its match tokens) names the entry in any of its spellings."""
    for variant in entry.names:
        v = match_tokens(variant)
        if not v or (len(v) == 1 and len(v[0]) <= 2):
            continue
        for i in range(len(tokens) - len(v) + 1):
            if tokens[i:i + len(v)] == v:
                return True
    return False


def _clean(text: str) -> str:
    text = re.sub(r"^#+\s*", "", text.strip(), flags=re.M)
    text = text.replace("**", "")
    return re.sub(r"\s+", " ", text.replace("\t", " · ")).strip()


def _snippet(text: str, anchors: list[str], limit: int) -> str:
    """`text` cut to about `limit` characters around the first anchor it contains, at word
    boundaries, with an ellipsis where it was cut."""
    text = _clean(text)
    if len(text) <= limit:
        return text
    pos = min((p for p in (text.find(a) for a in anchors if a) if p >= 0), default=0)
    start = max(0, min(pos - limit // 3, len(text) - limit))
    end = start + limit
    if start > 0:
        space = text.find(" ", start)
        start = space + 1 if 0 <= space < pos else start
    if end < len(text):
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return ("… " if start > 0 else "") + text[start:end].strip(" ،,;:") + (" …" if end < len(text) else "")


def _last_section(section: str) -> str:
    return section.split(" > ")[-1].strip() if section else ""


def _short(text: str, limit: int = 48) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0].rstrip(" ،,:;") + "…"


def _search(assistant, query: str, k: int = SEARCH_K) -> list:
    try:
        return assistant.search(query, k)
    except ValueError:  # QuestionError: nothing searchable in the query
        return []


def build_briefing(assistant, place: str, lang: str = "fr", *, today: date | None = None) -> Briefing:
    """The briefing on `place` (a commune or a partner city, any spelling) in `lang` (ar / fr / en).
    Raises RegistryError (UnknownFilter, with suggestions) when the place is unknown."""
    lang = lang if lang in LANGS else "fr"
    registry: Registry = assistant.registry
    gazetteer = assistant.gazetteer
    place_id, role = resolve_place(registry, place)
    entry = gazetteer.places.get(place_id)
    name = registry.name(place_id, lang)
    agreements = registry.filter(commune=place_id) if role == "commune" else registry.filter(partner=place_id)
    docs = {d["doc_id"]: d for d in assistant.documents()}
    sources = _Sources(docs, registry, lang)

    facts = [label(role, lang)]
    data = entry.data if entry else {}
    if data.get("country"):
        facts.append(registry.name(data["country"], lang))
    continents = list(dict.fromkeys(a.continent for a in agreements if a.continent))
    if role == "partner" and continents:
        facts.append(registry.name(continents[0], lang))
    facts.append(label("count", lang, n=len(agreements)))
    if data.get("province"):
        facts.append(f"{label('province', lang)} {data['province']}")

    b = Briefing(place_id=place_id, place=name, role=role, lang=lang, title=label("title", lang, place=name),
                 generated=(today or date.today()).isoformat(), documents=len(docs), facts=facts)
    b.sections.append(_agreements_section(agreements, role, lang, registry, sources, name))
    recs_region: list[tuple[str, int, int]] = []
    recommendations = _recommendations_section(assistant, entry, agreements, role, lang, registry, sources, docs,
                                               recs_region)
    b.sections.append(_passages_section(assistant, entry, agreements, role, lang, registry, sources, name,
                                        recs_region))
    b.sections.append(recommendations)
    b.sections.append(_discrepancies_section(agreements, lang, registry, sources))
    # sources are numbered in reading order: passages come before recommendations on the page
    _renumber(b, sources)
    return b


def _renumber(b: Briefing, sources: _Sources) -> None:
    order = b.cited()
    mapping = {old: new for new, old in enumerate(order, 1)}
    for s in b.sections:
        for item in s.items:
            for c in item.cites:
                c.n = mapping[c.n]
    entries = [e for e in sources.list() if e.n in mapping]
    for e in entries:
        e.n = mapping[e.n]
    b.sources = sorted(entries, key=lambda e: e.n)


def _agreements_section(agreements: list[Agreement], role: str, lang: str, registry: Registry,
                        sources: _Sources, name: str) -> Section:
    section = Section("agreements", label("agreements", lang), empty=label("no_agreements", lang, place=name))
    sep = label("sep", lang)
    for a in agreements:
        other = a.partner if role == "commune" else a.commune
        if other:
            lead = registry.name(other, lang)
            if lang != "ar":
                lead += f" ({registry.name(other, 'ar')})"
        else:
            lead = a.partner_as_written
        parts = []
        if role == "commune" and a.country:
            parts.append(registry.name(a.country, lang))
        parts.append(format_date(a.date, lang) if a.date_precision != "year" else a.date)
        parts.append(STATUS[a.status][lang])
        if a.themes:
            shown = sep.join(theme_name(registry, t, lang) for t in a.themes[:MAX_THEMES])
            parts.append(label("themes", lang) + shown + ("…" if len(a.themes) > MAX_THEMES else ""))
        spans: dict[str, list[tuple[int, int]]] = {}   # the rows / lines stating it, per document
        refs: list[tuple[str, int]] = []                # the study's references for it
        for s in a.sources:
            if s.reference and s is not a.sources[0]:
                refs.append((s.doc, s.reference))
            else:
                spans.setdefault(s.doc, []).append(tuple(s.lines))
        cites = [Cite(sources.doc(doc), spans_label(lines, lang)) for doc, lines in spans.items()]
        for doc, number in dict.fromkeys(refs):
            n = sources.reference(doc, number)
            if n is not None:
                cites.append(Cite(n, label("ref", lang, x=number)))
        section.items.append(Item(lead=lead, text=" — ".join(parts), cites=cites,
                                  data={"id": a.id, "commune": a.commune, "partner": a.partner,
                                        "country": a.country, "date": a.date, "status": a.status,
                                        "themes": a.themes, "source": a.source_doc}))
    return section


def _excluded_lines(registry: Registry) -> set[tuple[str, int]]:
    """Lines of Table 1 (the agreements' own rows): quoted in the agreements section already."""
    out = set()
    for a in registry.agreements:
        s = a.sources[0]
        out |= {(s.doc, n) for n in range(s.lines[0], s.lines[1] + 1)}
    return out


def _passages_section(assistant, entry: Entry | None, agreements, role, lang, registry: Registry,
                      sources: _Sources, name: str, recs_region) -> Section:
    section = Section("passages", label("passages", lang), empty=label("no_passages", lang, place=name))
    if entry is None:
        return section
    gazetteer = assistant.gazetteer
    targets = [entry]
    country = gazetteer.places.get(entry.data.get("country") or "")
    if role == "partner" and country is not None:
        targets.append(country)   # a partner city is often named only through its country
    queries = [f"{entry.name(lang)} {entry.ar[0] if entry.ar else ''}".strip()]
    if role == "partner" and country is not None:
        queries.append(f"{country.name(lang)} {country.ar[0] if country.ar else ''}".strip())
    seen, candidates = set(), []
    for q in queries:
        for p in _search(assistant, q):
            if p.chunk_id not in seen:
                seen.add(p.chunk_id)
                candidates.append(p)
    excluded = _excluded_lines(registry)
    scored = []
    for order, p in enumerate(candidates):
        if p.kind in ("reference", "heading", "table_header"):
            continue   # bibliography entries are in the sources list
        if p.kind == "table_row" and (p.doc, p.line_start) in excluded:
            continue
        if any(p.doc == d and first <= p.line_start <= last for d, first, last in recs_region):
            continue   # quoted among the recommendations
        tokens = match_tokens(p.text)
        named = [t for t in targets if _mentions(t, tokens)]
        if not named:
            continue
        scored.append((targets.index(named[0]), order, p, named[0]))
    scored.sort(key=lambda x: (x[0], x[1]))
    cap = MAX_PASSAGES - (len(agreements) > MANY_AGREEMENTS)
    for _, _, p, target in scored[:cap]:
        anchors = sorted(target.names, key=len, reverse=True)
        where = label("sep", lang).join(x for x in (f"§ {_short(_last_section(p.section), 40)}"
                                                     if p.section else "",
                                                     lines_label(p.line_start, p.line_end, lang)) if x)
        item = Item(lead=_short(sources.title(p.doc)), quote=_snippet(p.text, anchors, PASSAGE_CHARS),
                    cites=[Cite(sources.doc(p.doc), where)],
                    note=label("mentions", lang, what=target.name(lang)) if target is not entry else "",
                    data={"doc": p.doc, "section": p.section, "lines": p.lines, "kind": p.kind})
        section.items.append(item)
    return section


def _theme_tokens(tags: list[str], registry: Registry) -> dict[str, list[list[str]]]:
    """Arabic token lists that stand for each theme (its name and the glossary's words)."""
    terms = {t.id: t for t in registry.gazetteer.terms}
    out = {}
    for tag in tags:
        forms = [registry.themes[tag].ar] if tag in registry.themes else []
        if tag in terms:
            forms += terms[tag].ar
        out[tag] = [toks for toks in (tokenize(f) for f in forms) if toks]
    return out


def _has_tokens(needle: list[str], hay: set[str]) -> bool:
    return all(any(h == t or (len(t) >= 4 and (h.startswith(t) or t.startswith(h)) and len(h) >= 4)
                   for h in hay) for t in needle)


def _recommendations_section(assistant, entry: Entry | None, agreements: list[Agreement], role, lang,
                             registry: Registry, sources: _Sources, docs: dict, recs_region: list) -> Section:
    section = Section("recommendations", label("recommendations", lang), empty=label("no_recommendations", lang))
    studies = [d for d, m in docs.items() if m.get("kind") == "study"]
    if not studies:
        return section
    gazetteer = assistant.gazetteer
    # what makes a recommendation relevant: the place, its counterparts, their countries and regions, themes
    strong = {entry.id} if entry else set()
    medium = {(a.partner if role == "commune" else a.commune) for a in agreements} - {None}
    weak = {a.country for a in agreements} | {a.continent for a in agreements}
    if role == "partner" and entry is not None and entry.data.get("country"):
        weak.add(entry.data["country"])
    weak -= {None}
    themes = list(dict.fromkeys(t for a in agreements for t in a.themes))
    theme_tokens = _theme_tokens(themes, registry)

    # the conclusions: the passages under the study's conclusions heading and its sibling headings
    names = " ".join(x for x in ([entry.ar[0]] if entry and entry.ar else []))
    queries = ["خلاصات ومقترحات توصيات ينبغي الأولويات recommendations conclusions",
               f"خلاصات ومقترحات ينبغي {names}".strip()]
    passages, seen = [], set()
    for q in queries:
        for p in _search(assistant, q, 20):
            if p.chunk_id not in seen and p.doc in studies:
                seen.add(p.chunk_id)
                passages.append(p)
    heads = [p for p in passages if _CONCLUSIONS.search(_last_section(p.section))]
    if not heads:
        return section
    candidates = []
    for doc in dict.fromkeys(h.doc for h in heads):
        head = min((h for h in heads if h.doc == doc), key=lambda h: h.line_start)
        parent = head.section.rsplit(" > ", 1)[0] if " > " in head.section else ""
        region = [p for p in passages if p.doc == doc and p.line_start >= head.line_start
                  and p.kind in ("list", "paragraph") and p.section.startswith(parent)
                  and not _REFERENCE_SECTION.search(_last_section(p.section))]
        if region:
            recs_region.append((doc, head.line_start, max(p.line_end for p in region)))
        for p in sorted(region, key=lambda p: p.line_start):
            group = _last_section(p.section)
            for k, line in enumerate(p.text.split("\n")):
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                if p.kind == "paragraph" and line.rstrip().endswith(":"):
                    continue   # the lead-in ("… the following priorities:")
                if p.kind == "list" and not _BULLET.match(line):
                    continue
                text = _BULLET.sub("", line).strip().rstrip(":;؛,، ").strip()
                if len(text) >= 20:
                    candidates.append((doc, p.line_start + k, group, text))

    scored = []
    for order, (doc, line, group, text) in enumerate(candidates):
        tokens = match_tokens(text)
        ids: set[str] = set()
        for found in gazetteer.find_places(text):
            ids |= {e.id for e in gazetteer.related(found)}
        if entry is not None and _mentions(entry, tokens):
            ids.add(entry.id)
        why = [i for i in ids & strong] + [i for i in ids & medium] + [i for i in ids & weak]
        score = 3 * len(ids & strong) + 2 * len(ids & medium) + len(ids & weak)
        hay = set(tokenize(text))
        matched_themes = [t for t in themes if any(_has_tokens(toks, hay) for toks in theme_tokens[t])][:2]
        score += len(matched_themes)
        what = [registry.name(i, lang) for i in why] + [theme_name(registry, t, lang) for t in matched_themes]
        scored.append((-score, order, doc, line, group, text, what))
    scored.sort()
    cap = MAX_RECOMMENDATIONS - (len(agreements) > MANY_AGREEMENTS)
    for _, _, doc, line, group, text, what in scored[:cap]:
        where = label("sep", lang).join([f"§ {_short(group, 40)}", label("line", lang, x=line)])
        note = label("relevant", lang, what=label("sep", lang).join(dict.fromkeys(what))) if what \
            else label("general", lang)
        section.items.append(Item(lead=_short(sources.title(doc)), quote=_snippet(text, [], RECOMMENDATION_CHARS),
                                  cites=[Cite(sources.doc(doc), where)], note=note,
                                  data={"doc": doc, "line": line, "group": group, "relevant_to": what}))
    return section


def _discrepancies_section(agreements: list[Agreement], lang: str, registry: Registry,
                           sources: _Sources) -> Section:
    section = Section("discrepancies", label("discrepancies", lang), empty=label("no_discrepancies", lang))
    order = list(KINDS)
    found = sorted(registry.discrepancies_for(agreements),
                   key=lambda d: order.index(d.kind) if d.kind in order else len(order))
    for d in found[:MAX_DISCREPANCIES]:
        by_doc: dict[str, list[tuple[int, int]]] = {}
        for s in d.sides:
            by_doc.setdefault(s.doc, []).append(tuple(s.lines))
        cites = [Cite(sources.doc(doc), spans_label(spans, lang)) for doc, spans in by_doc.items()]
        kind = KINDS[d.kind][_i(lang)] if d.kind in KINDS else d.kind
        section.items.append(Item(lead=kind, text=d.summary.get(lang) or d.summary.get("en", ""), cites=cites,
                                  data={"id": d.id, "kind": d.kind}))
    rest = found[MAX_DISCREPANCIES:]
    if rest:
        counts: dict[str, int] = {}
        for d in rest:
            k = KINDS[d.kind][_i(lang)] if d.kind in KINDS else d.kind
            counts[k] = counts.get(k, 0) + 1
        kinds = label("sep", lang).join(f"{k} ({n})" for k, n in counts.items())
        section.footer = label("more_discrepancies", lang, n=len(rest), kinds=kinds)
    return section


# -- shared formatting ---------------------------------------------------------------------------------

def display_url(url: str, limit: int = 48) -> str:
    """A long URL shown as its host and the start of its path."""
    if len(url) <= limit:
        return url
    parts = urlparse(url)
    shown = parts.netloc + parts.path
    return shown[:limit - 1] + "…" if len(shown) >= limit else shown + "…"


def _generated_line(b: Briefing) -> str:
    return label("generated", b.lang, date=format_date(b.generated, b.lang), n=b.documents)


# -- Markdown ------------------------------------------------------------------------------------------

def _md(text: str, rtl: bool = False) -> str:
    text = re.sub(r"([\\`*_\[\]<>|])", r"\\\1", text or "")
    return bidi_marks(text, rtl)


def _md_cites(cites: list[Cite], rtl: bool) -> str:
    return " · ".join((f"{_md(c.where, rtl)} " if c.where else "") + f"[[{c.n}]](#src-{c.n})" for c in cites)


def to_markdown(b: Briefing) -> str:
    """The briefing as Markdown: [n] link to anchors on the sources list; an Arabic briefing is
    wrapped in <div dir="rtl">, and Arabic quotes in a French or English one are right-to-left blocks."""
    import html

    rtl = b.rtl
    out = []
    if rtl:
        out += ['<div dir="rtl">', ""]
    out += [f"# {_md(b.title, rtl)}", "",
            f"*{_md(_generated_line(b), rtl)}* — " + _md(" · ".join(b.facts), rtl), ""]
    for s in b.sections:
        out += [f"## {_md(s.title, rtl)}", ""]
        if not s.items:
            out += [_md(s.empty, rtl), ""]
        for item in s.items:
            if item.quote:
                quote_rtl = is_arabic(item.quote)
                if quote_rtl != rtl:
                    out.append(f'<blockquote dir="{"rtl" if quote_rtl else "ltr"}">'
                               f"«{html.escape(item.quote)}»</blockquote>")
                    out.append("")
                else:
                    out += [f"> «{_md(item.quote, rtl)}»", ""]
                meta = " — ".join(x for x in (_md(item.lead, rtl), _md_cites(item.cites, rtl)) if x)
                out += [f"— {meta}" + (f" · *{_md(item.note, rtl)}*" if item.note else ""), ""]
            else:
                line = f"- **{_md(item.lead, rtl)}**" if item.lead else "-"
                if item.text:
                    line += f" — {_md(item.text, rtl)}"
                out.append(f"{line} — {_md_cites(item.cites, rtl)}" if item.cites else line)
        if s.items and not s.items[-1].quote:
            out.append("")
        if s.footer:
            out += [f"*{_md(s.footer, rtl)}*", ""]
    out += [f"## {_md(label('sources', b.lang), rtl)}", ""]
    for e in b.sources:
        line = f'- <a id="src-{e.n}"></a>**[{e.n}]** {_md(e.title, rtl)}'
        if e.details:
            line += f" — {_md(e.details, rtl)}"
        if e.url:
            line += f" — [{_md(display_url(e.url))}](<{e.url}>)"
        out.append(line)
    out.append("")
    if rtl:
        out += ["</div>", ""]
    return "\n".join(out)


# -- text runs for DOCX / PDF ------------------------------------------------------------------------

@dataclass
class _Run:
    text: str
    cite: int | None = None
    url: str | None = None
    bold: bool = False


def _item_runs(item: Item, lang: str) -> list[_Run]:
    runs = []
    if item.lead:
        runs.append(_Run(item.lead, bold=True))
    if item.text:
        runs.append(_Run((" — " if item.lead else "") + item.text))
    if item.cites:
        runs.append(_Run(" —"))
    runs += _cite_runs(item.cites)
    return runs


def _cite_runs(cites: list[Cite]) -> list[_Run]:
    """' l. 132 [1] · réf. 16 [2]': the [n] runs are links to the sources list."""
    runs = []
    for k, c in enumerate(cites):
        runs.append(_Run((" · " if k else " ") + (f"{c.where} " if c.where else "")))
        runs.append(_Run(f"[{c.n}]", cite=c.n))
    return runs


def _source_runs(e: SourceEntry) -> list[_Run]:
    runs = [_Run(f"[{e.n}] ", bold=True), _Run(e.title)]
    if e.details:
        runs.append(_Run(" — " + e.details))
    if e.url:
        runs += [_Run(" — "), _Run(display_url(e.url), url=e.url)]
    return runs


_AR_CHARS = "\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF"
_AR_RUN = re.compile(rf"[{_AR_CHARS}](?:[{_AR_CHARS}\s\d٠-٩،؛؟.,:()\"«»“”'\-–—/]*[{_AR_CHARS}])?…?")


_LATIN_RUN = re.compile(r"[A-Za-zÀ-ÿŒœ](?:[A-Za-zÀ-ÿŒœ0-9\s.,:;'’&/\-–()]*[A-Za-zÀ-ÿŒœ0-9)])?")
LRM, RLM = "\u200e", "\u200f"
_LATIN_LETTER = re.compile(r"[A-Za-zÀ-ÿŒœ]")


def bidi_marks(text: str, rtl: bool) -> str:
    """A direction mark after each run of the other script (LRM after Arabic in a left-to-right
    paragraph, RLM after Latin in a right-to-left one), so that a number or punctuation that
    follows a run is read in the paragraph's direction ("province وادي الذهب · 8 accords")."""
    if rtl:
        return _LATIN_RUN.sub(lambda m: m.group() + RLM, text)
    return _AR_RUN.sub(lambda m: m.group() + LRM, text)


def _split_scripts(text: str) -> list[tuple[str, bool]]:
    """(piece, is Arabic) pieces of a text, so Arabic runs can be marked right to left."""
    out, last = [], 0
    for m in _AR_RUN.finditer(text):
        if m.start() > last:
            out.append((text[last:m.start()], False))
        out.append((m.group(), True))
        last = m.end()
    if last < len(text):
        out.append((text[last:], False))
    return out


# -- DOCX ------------------------------------------------------------------------------------------------

def write_docx(b: Briefing, path) -> Path:
    """The briefing as a Word document: Arabic paragraphs right to left (w:bidi, w:rtl runs),
    [n] as internal hyperlinks to bookmarks on the sources list."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.opc.constants import RELATIONSHIP_TYPE as RT
    from docx.shared import Mm, Pt, RGBColor

    path = Path(path)
    doc = Document()
    for s in doc.sections:
        s.top_margin = s.bottom_margin = Mm(14)
        s.left_margin = s.right_margin = Mm(16)
    normal = doc.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(9.5)
    rpr = normal.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.append(fonts)
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), "Arial")
    cs = OxmlElement("w:szCs")
    cs.set(qn("w:val"), "19")
    rpr.find(qn("w:sz")).addnext(cs)
    normal.paragraph_format.space_after = Pt(2)

    link_color = RGBColor(0x1F, 0x4E, 0x9A)
    gray = RGBColor(0x55, 0x55, 0x55)

    def cs_size(rpr, size: float) -> None:
        """w:szCs (the size of complex-script text) next to w:sz."""
        sz = rpr.find(qn("w:sz"))
        el = OxmlElement("w:szCs")
        el.set(qn("w:val"), str(round(size * 2)))
        if sz is not None:
            sz.addnext(el)

    def paragraph(rtl: bool, indent: float = 0, space_before: float = 0):
        p = doc.add_paragraph()
        p.is_rtl = rtl
        fmt = p.paragraph_format
        if space_before:
            fmt.space_before = Pt(space_before)
        if indent:
            fmt.left_indent = Mm(indent)
        if rtl:
            p.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            ppr = p._p.get_or_add_pPr()
            ppr.insert_element_before(OxmlElement("w:bidi"), "w:adjustRightInd", "w:snapToGrid", "w:spacing",
                                      "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap",
                                      "w:jc", "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
                                      "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr",
                                      "w:pPrChange")
        return p

    def add_text(p, text: str, bold: bool = False, size: float | None = None, color=None, italic=False):
        for piece, arabic in _split_scripts(bidi_marks(text, p.is_rtl)):
            run = p.add_run(piece)
            font = run.font
            if bold:
                font.bold = True
            if italic:
                font.italic = True
            if color is not None:
                font.color.rgb = color
            if size:
                font.size = Pt(size)
                cs_size(run._r.get_or_add_rPr(), size)
            if arabic or (p.is_rtl and not _LATIN_LETTER.search(piece)):
                font.rtl = True   # Arabic, or digits and punctuation read in a right-to-left paragraph
                if bold:
                    font.cs_bold = True

    def add_link(p, text: str, *, anchor: str | None = None, url: str | None = None, size=None):
        link = OxmlElement("w:hyperlink")
        if anchor:
            link.set(qn("w:anchor"), anchor)
        else:
            link.set(qn("r:id"), p.part.relate_to(url, RT.HYPERLINK, is_external=True))
        p._p.append(link)
        run = p.add_run(text)          # made by python-docx (properties in schema order), then moved
        link.append(run._r)
        run.font.color.rgb = link_color
        run.font.underline = True
        if p.is_rtl and not _LATIN_LETTER.search(text):
            run.font.rtl = True
        if size:
            run.font.size = Pt(size)
            cs_size(run._r.get_or_add_rPr(), size)

    def add_runs(p, runs: list[_Run], size=None, color=None):
        for r in runs:
            if r.cite is not None:
                add_link(p, r.text, anchor=f"src_{r.cite}", size=size)
            elif r.url:
                add_link(p, r.text, url=r.url, size=size)
            else:
                add_text(p, r.text, bold=r.bold, size=size, color=color)

    rtl = b.rtl
    p = paragraph(rtl)
    add_text(p, b.title, bold=True, size=15)
    p = paragraph(rtl, space_before=0)
    add_text(p, _generated_line(b) + " — " + " · ".join(b.facts), size=8.5, color=gray, italic=True)
    for s in b.sections:
        p = paragraph(rtl, space_before=6)
        add_text(p, s.title, bold=True, size=11.5, color=link_color)
        if not s.items:
            add_text(paragraph(rtl), s.empty)
        for item in s.items:
            if item.quote:
                quote_rtl = is_arabic(item.quote)
                add_text(paragraph(quote_rtl, indent=0 if quote_rtl else 5), f"«{item.quote}»")
                meta = paragraph(rtl, indent=0 if rtl else 5)
                add_runs(meta, [_Run("— " + item.lead)] + _cite_runs(item.cites)
                         + ([_Run(f" · {item.note}")] if item.note else []), size=8, color=gray)
            else:
                add_runs(paragraph(rtl, indent=0), [_Run("• ")] + _item_runs(item, b.lang))
        if s.footer:
            add_text(paragraph(rtl), s.footer, size=8.5, color=gray, italic=True)
    p = paragraph(rtl, space_before=6)
    add_text(p, label("sources", b.lang), bold=True, size=11.5, color=link_color)
    for k, e in enumerate(b.sources):
        p = paragraph(rtl)
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(k + 1))
        start.set(qn("w:name"), f"src_{e.n}")
        p._p.append(start)
        add_runs(p, _source_runs(e), size=8.5)
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(k + 1))
        p._p.append(end)
    path.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(path))
    return path


# -- PDF ------------------------------------------------------------------------------------------------

LRI, RLI, PDI = "\u2066", "\u2067", "\u2069"


def font_paths() -> tuple[Path, Path]:
    """DejaVu Sans (regular, bold) as shipped with matplotlib: it covers Arabic, and is there on
    a fresh machine with no system fonts."""
    import matplotlib

    base = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    return base / "DejaVuSans.ttf", base / "DejaVuSans-Bold.ttf"


def _pdf_plain(text: str) -> str:
    """Text that fpdf2's markdown mode shows as written."""
    text = text.replace("\\", "/").replace("](", "] (")
    for marker in ("**", "__", "--", "~~"):
        text = text.replace(marker, "\\" + marker)
    return text


_NUMBER = re.compile(r"(\d+(?:[.,:/\-–]\d+)*)")


def _pdf_bidi(text: str, rtl: bool) -> str:
    """Work around fpdf2's bidi, which orders whole fragments by direction only (no nested
    levels): in a left-to-right paragraph, an Arabic run holding numbers ("الجدول رقم 2. جدول")
    comes out with its pieces in logical order. Such runs are given in visual order instead,
    each Arabic piece isolated (RLI…PDI) so its punctuation stays with it. Right-to-left
    paragraphs only get the marks of `bidi_marks`: their Latin runs hold no Arabic."""
    if rtl:
        return bidi_marks(text, True)

    def visual(m: re.Match) -> str:
        run = m.group()
        if re.search(r"\d", run):
            pieces = [p for p in _NUMBER.split(run) if p]
            run = "".join(p if _NUMBER.fullmatch(p) else f"{RLI}{p}{PDI}" for p in reversed(pieces))
        return run + LRM
    return _AR_RUN.sub(visual, text)


def _pdf_text(text: str, rtl: bool) -> str:
    return _pdf_bidi(_pdf_plain(text), rtl)


def _pdf_markup(runs: list[_Run], rtl: bool) -> str:
    """fpdf2 markdown for a paragraph: bold runs, links to the sources list and to URLs (isolated
    in right-to-left paragraphs, where the bidi algorithm would otherwise split their markup)."""
    out = []
    for r in runs:
        if r.cite is not None:
            link = f"[[{r.cite}](#src-{r.cite})]"
            out.append(f"{LRI}{link}{PDI}" if rtl else link)
        elif r.url:
            shown = _pdf_plain(r.text).replace("[", "(").replace("]", ")")
            link = f"[{shown}]({r.url.replace('(', '%28').replace(')', '%29')})"
            out.append(f"{LRI}{link}{PDI}" if rtl else link)
        else:
            text = _pdf_text(r.text, rtl)
            out.append(f"**{text}**" if r.bold and text.strip() else text)
    return "".join(out)


def write_pdf(b: Briefing, path) -> Path:
    """The briefing as an A4 PDF: Arabic shaped by HarfBuzz and laid out right to left, [n] as
    links to named destinations on the sources list."""
    from fpdf import FPDF

    path = Path(path)
    regular, bold = font_paths()
    pdf = FPDF(format="A4")
    pdf.set_margins(13, 10, 13)
    pdf.set_auto_page_break(True, margin=10)
    pdf.add_font("dejavu", "", str(regular))
    pdf.add_font("dejavu", "B", str(bold))
    pdf.set_text_shaping(True)
    pdf.set_title(b.title)
    pdf.set_lang({"ar": "ar-MA", "fr": "fr-FR", "en": "en-GB"}[b.lang])
    pdf.add_page()
    rtl = b.rtl

    def para(markup: str, size: float = 8.2, style: str = "", color=(0, 0, 0), indent: float = 0,
             direction: bool | None = None, gap: float = 0.6):
        d = rtl if direction is None else direction
        pdf.set_font("dejavu", style, size)
        pdf.set_text_color(*color)
        pdf.set_text_shaping(True, direction="rtl" if d else "ltr")
        width = pdf.epw - indent
        pdf.set_x(pdf.l_margin + (0 if d else indent))
        pdf.multi_cell(width, size * 0.44, markup, align="R" if d else "L", markdown=True,
                       new_x="LMARGIN", new_y="NEXT")
        if gap:
            pdf.ln(gap)

    def heading(text: str):
        pdf.ln(1.2)
        para(_pdf_text(text, rtl), size=10.5, style="B", color=(31, 78, 154), gap=0)
        y = pdf.get_y() + 0.4
        pdf.set_draw_color(180, 190, 210)
        pdf.line(pdf.l_margin, y, pdf.w - pdf.r_margin, y)
        pdf.ln(1.4)

    para(_pdf_text(b.title, rtl), size=15, style="B", gap=0.8)
    para(_pdf_text(_generated_line(b) + " — " + " · ".join(b.facts), rtl), size=8,
         color=(90, 90, 90), gap=0.5)
    for s in b.sections:
        heading(s.title)
        if not s.items:
            para(_pdf_text(s.empty, rtl), color=(90, 90, 90))
        for item in s.items:
            if item.quote:
                quote_rtl = is_arabic(item.quote)
                para(_pdf_text(f"«{item.quote}»", quote_rtl), indent=5, direction=quote_rtl,
                     gap=0.2)
                meta = [_Run("— " + item.lead)] + _cite_runs(item.cites) \
                    + ([_Run(f" · {item.note}")] if item.note else [])
                para(_pdf_markup(meta, rtl), size=7.3, color=(90, 90, 90), indent=5, gap=1.0)
            else:
                para(_pdf_markup([_Run("• ")] + _item_runs(item, b.lang), rtl))
        if s.footer:
            para(_pdf_text(s.footer, rtl), size=7.8, color=(90, 90, 90))
    heading(label("sources", b.lang))
    for e in b.sources:
        pdf.set_link(name=f"src-{e.n}", y=pdf.get_y())
        para(_pdf_markup(_source_runs(e), rtl), size=7.3, gap=0.3)
    path.parent.mkdir(parents=True, exist_ok=True)
    pdf.output(str(path))
    return path


__all__ = ["Briefing", "Section", "Item", "Cite", "SourceEntry", "build_briefing", "resolve_place",
           "to_markdown", "write_docx", "write_pdf", "LABELS", "font_paths"]
