"""Building a `Briefing` from the Assistant: the place, its agreements (registry), quoted passages
(`Assistant.search`), the study's recommendations, the discrepancies, and the numbered sources."""

from __future__ import annotations

import re
from datetime import date

from assistant.aliases import Entry, match_tokens
from assistant.arabic import tokenize
from assistant.briefing.model import (
    DISCREPANCY_KINDS,
    LANGS,
    Briefing,
    Cite,
    Item,
    Section,
    SourceEntry,
    format_date,
    lines_label,
    spans_label,
)
from assistant.chunking import _REFERENCE_SECTION
from assistant.i18n import t
from assistant.registry import Agreement, Registry, RegistryError, UnknownFilter

MAX_PASSAGES = 3  # fewer when the place has many agreements, to keep to about a page
MAX_RECOMMENDATIONS = 4
MANY_AGREEMENTS = 5
MAX_DISCREPANCIES = 3  # shown in full; the others are counted by kind
MAX_THEMES = 6
PASSAGE_CHARS = 220  # longer quotes are cut around the place's name, with an ellipsis
RECOMMENDATION_CHARS = 230
SEARCH_K = 12

# the study's conclusions / recommendations heading, in the languages a study may be written in
_CONCLUSIONS = re.compile(r"خلاص|مقترح|توصي|استنتاج|خاتمة|conclusion|recommend|propos|suggest", re.I)
_BULLET = re.compile(r"^\s*[-•▪●*]\s*")


def theme_name(registry: Registry, tag: str, lang: str) -> str:
    """A theme's name (corpus/data/themes.yaml) as it reads in running text: lowercase in
    French and English ("thèmes : économie, tourisme")."""
    name = registry.theme_name(tag, lang)
    return name[0].lower() + name[1:] if lang != "ar" and name else name


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
            where = t(
                "briefing.ref_of",
                lang,
                x=number,
                doc=t("briefing." + kind, lang) if kind in ("study", "news") else self.short(doc_id),
            )
            return SourceEntry(0, "", ref.title or ref.text, t("briefing.sep", lang).join(details + [where]), ref.url)

        return self._add(f"ref:{doc_id}:{number}", make)

    def short(self, doc_id: str) -> str:
        """'Amina Berrada, 2024' / 'هسبريس (Hespress), 2026'."""
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
        kind = t("briefing." + m["kind"], lang) if m.get("kind") in ("study", "news") else m.get("kind")
        details = [
            d
            for d in (m.get("author"), m.get("outlet"), kind, format_date(m["date"], lang) if m.get("date") else None)
            if d
        ]
        url = m.get("url") or (f"https://doi.org/{m['doi']}" if m.get("doi") else None)
        return SourceEntry(0, "", title, t("briefing.sep", lang).join(details), url)

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
            if tokens[i : i + len(v)] == v:
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

    facts = [t("briefing." + role, lang)]
    data = entry.data if entry else {}
    if data.get("country"):
        facts.append(registry.name(data["country"], lang))
    continents = list(dict.fromkeys(a.continent for a in agreements if a.continent))
    if role == "partner" and continents:
        facts.append(registry.name(continents[0], lang))
    facts.append(t("briefing.count", lang, n=len(agreements)))
    if data.get("province"):
        facts.append(f"{t('briefing.province', lang)} {data['province']}")

    b = Briefing(
        place_id=place_id,
        place=name,
        role=role,
        lang=lang,
        title=t("briefing.title", lang, place=name),
        generated=(today or date.today()).isoformat(),
        documents=len(docs),
        facts=facts,
    )
    b.sections.append(_agreements_section(agreements, role, lang, registry, sources, name))
    recs_region: list[tuple[str, int, int]] = []
    recommendations = _recommendations_section(
        assistant, entry, agreements, role, lang, registry, sources, docs, recs_region
    )
    b.sections.append(_passages_section(assistant, entry, agreements, role, lang, registry, sources, name, recs_region))
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


def _agreements_section(
    agreements: list[Agreement], role: str, lang: str, registry: Registry, sources: _Sources, name: str
) -> Section:
    section = Section("agreements", t("briefing.agreements", lang), empty=t("briefing.no_agreements", lang, place=name))
    sep = t("briefing.sep", lang)
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
        parts.append(t(f"briefing.status.{a.status}", lang))
        if a.themes:
            shown = sep.join(theme_name(registry, t, lang) for t in a.themes[:MAX_THEMES])
            parts.append(t("briefing.themes", lang) + shown + ("…" if len(a.themes) > MAX_THEMES else ""))
        spans: dict[str, list[tuple[int, int]]] = {}  # the rows / lines stating it, per document
        refs: list[tuple[str, int]] = []  # the study's references for it
        for s in a.sources:
            if s.reference and s is not a.sources[0]:
                refs.append((s.doc, s.reference))
            else:
                spans.setdefault(s.doc, []).append(tuple(s.lines))
        cites = [Cite(sources.doc(doc), spans_label(lines, lang)) for doc, lines in spans.items()]
        for doc, number in dict.fromkeys(refs):
            n = sources.reference(doc, number)
            if n is not None:
                cites.append(Cite(n, t("briefing.ref", lang, x=number)))
        section.items.append(
            Item(
                lead=lead,
                text=" — ".join(parts),
                cites=cites,
                data={
                    "id": a.id,
                    "commune": a.commune,
                    "partner": a.partner,
                    "country": a.country,
                    "date": a.date,
                    "status": a.status,
                    "themes": a.themes,
                    "source": a.source_doc,
                },
            )
        )
    return section


def _excluded_lines(registry: Registry) -> set[tuple[str, int]]:
    """Lines of Table 1 (the agreements' own rows): quoted in the agreements section already."""
    out = set()
    for a in registry.agreements:
        s = a.sources[0]
        out |= {(s.doc, n) for n in range(s.lines[0], s.lines[1] + 1)}
    return out


def _passages_section(
    assistant,
    entry: Entry | None,
    agreements,
    role,
    lang,
    registry: Registry,
    sources: _Sources,
    name: str,
    recs_region,
) -> Section:
    section = Section("passages", t("briefing.passages", lang), empty=t("briefing.no_passages", lang, place=name))
    if entry is None:
        return section
    gazetteer = assistant.gazetteer
    targets = [entry]
    country = gazetteer.places.get(entry.data.get("country") or "")
    if role == "partner" and country is not None:
        targets.append(country)  # a partner city is often named only through its country
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
            continue  # bibliography entries are in the sources list
        if p.kind == "table_row" and (p.doc, p.line_start) in excluded:
            continue
        if any(p.doc == d and first <= p.line_start <= last for d, first, last in recs_region):
            continue  # quoted among the recommendations
        tokens = match_tokens(p.text)
        named = [t for t in targets if _mentions(t, tokens)]
        if not named:
            continue
        scored.append((targets.index(named[0]), order, p, named[0]))
    scored.sort(key=lambda x: (x[0], x[1]))
    cap = MAX_PASSAGES - (len(agreements) > MANY_AGREEMENTS)
    for _, _, p, target in scored[:cap]:
        anchors = sorted(target.names, key=len, reverse=True)
        where = t("briefing.sep", lang).join(
            x
            for x in (
                f"§ {_short(_last_section(p.section), 40)}" if p.section else "",
                lines_label(p.line_start, p.line_end, lang),
            )
            if x
        )
        item = Item(
            lead=_short(sources.title(p.doc)),
            quote=_snippet(p.text, anchors, PASSAGE_CHARS),
            cites=[Cite(sources.doc(p.doc), where)],
            note=t("briefing.mentions", lang, what=target.name(lang)) if target is not entry else "",
            data={"doc": p.doc, "section": p.section, "lines": p.lines, "kind": p.kind},
        )
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
    return all(
        any(h == t or (len(t) >= 4 and (h.startswith(t) or t.startswith(h)) and len(h) >= 4) for h in hay)
        for t in needle
    )


def _recommendations_section(
    assistant,
    entry: Entry | None,
    agreements: list[Agreement],
    role,
    lang,
    registry: Registry,
    sources: _Sources,
    docs: dict,
    recs_region: list,
) -> Section:
    section = Section(
        "recommendations", t("briefing.recommendations", lang), empty=t("briefing.no_recommendations", lang)
    )
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
    queries = [
        "خلاصات ومقترحات توصيات ينبغي الأولويات recommendations conclusions",
        f"خلاصات ومقترحات ينبغي {names}".strip(),
    ]
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
        region = [
            p
            for p in passages
            if p.doc == doc
            and p.line_start >= head.line_start
            and p.kind in ("list", "paragraph")
            and p.section.startswith(parent)
            and not _REFERENCE_SECTION.search(_last_section(p.section))
        ]
        if region:
            recs_region.append((doc, head.line_start, max(p.line_end for p in region)))
        for p in sorted(region, key=lambda p: p.line_start):
            group = _last_section(p.section)
            for k, line in enumerate(p.text.split("\n")):
                if not line.strip() or line.lstrip().startswith("#"):
                    continue
                if p.kind == "paragraph" and line.rstrip().endswith(":"):
                    continue  # the lead-in ("… the following priorities:")
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
        where = t("briefing.sep", lang).join([f"§ {_short(group, 40)}", t("briefing.line", lang, x=line)])
        note = (
            t("briefing.relevant", lang, what=t("briefing.sep", lang).join(dict.fromkeys(what)))
            if what
            else t("briefing.general", lang)
        )
        section.items.append(
            Item(
                lead=_short(sources.title(doc)),
                quote=_snippet(text, [], RECOMMENDATION_CHARS),
                cites=[Cite(sources.doc(doc), where)],
                note=note,
                data={"doc": doc, "line": line, "group": group, "relevant_to": what},
            )
        )
    return section


def _discrepancies_section(agreements: list[Agreement], lang: str, registry: Registry, sources: _Sources) -> Section:
    section = Section("discrepancies", t("briefing.discrepancies", lang), empty=t("briefing.no_discrepancies", lang))
    order = list(DISCREPANCY_KINDS)
    found = sorted(
        registry.discrepancies_for(agreements), key=lambda d: order.index(d.kind) if d.kind in order else len(order)
    )
    for d in found[:MAX_DISCREPANCIES]:
        by_doc: dict[str, list[tuple[int, int]]] = {}
        for s in d.sides:
            by_doc.setdefault(s.doc, []).append(tuple(s.lines))
        cites = [Cite(sources.doc(doc), spans_label(spans, lang)) for doc, spans in by_doc.items()]
        kind = t(f"discrepancy_kind.{d.kind}", lang) if d.kind in DISCREPANCY_KINDS else d.kind
        section.items.append(
            Item(
                lead=kind,
                text=d.summary.get(lang) or d.summary.get("en", ""),
                cites=cites,
                data={"id": d.id, "kind": d.kind},
            )
        )
    rest = found[MAX_DISCREPANCIES:]
    if rest:
        counts: dict[str, int] = {}
        for d in rest:
            k = t(f"discrepancy_kind.{d.kind}", lang) if d.kind in DISCREPANCY_KINDS else d.kind
            counts[k] = counts.get(k, 0) + 1
        kinds = t("briefing.sep", lang).join(f"{k} ({n})" for k, n in counts.items())
        section.footer = t("briefing.more_discrepancies", lang, n=len(rest), kinds=kinds)
    return section
