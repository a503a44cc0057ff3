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

from assistant.answering import Answer, Citation
from assistant.answering.messages import format_date, message
from assistant.arabic import normalize
from assistant.registry import CONTINENTS, Agreement, Discrepancy, Filters, Registry
from assistant.retrieval import HybridRetriever, Passage

STUDY, ARTICLE = "ismaili-2025", "noonpost-2025-10-31"

# Question shapes, on normalized text (lowercase, accents and hamza folded).
_COUNT = re.compile(
    r"(combien (?:d.|de )?(?:\w+ ){0,2}(?:accords?|jumelages?|villes?|conventions?|partenaires?|partenariats?)\b|"
    r"nombre d.(?:\w+ ){0,2}(?:accords?|jumelages?|villes?)\b|"
    r"how many (?:\w+ ){0,2}(?:agreements?|twinnings?|cities|towns|partners?|partnerships?)\b|"
    r"number of (?:\w+ ){0,2}(?:agreements?|twinnings?|cities|partners?)\b|"
    r"(?:كم|شحال من|شحال ديال|عدد) (?:\w+ ){0,1}(?:اتفاقي\w*|مدين\w*|مدن|توام\w*|شراك\w*))")
_NOT_REGISTRY = re.compile(r"(sister cities international|dans le monde|in the world|worldwide|حول العالم|"
                           r"في العالم|عبر العالم|\bmembres?\b|\bmembers?\b|اعضاء)")
_THEMES = re.compile(r"(theme|themat|domaine|secteur|objet|axe|porte sur|about what|areas?|fields?|sectors?|"
                     r"focus|محور|مجال|مجالات|موضوع)")
_LIST = re.compile(
    r"(quel\w* (?:\w+ ){0,2}(?:villes?|communes?|pays|partenaires?|accords?|jumelages?)\b|lesquel\w*|"
    r"\bwhich (?:\w+ ){0,2}(?:cit(?:y|ies)|towns?|communes?|countr(?:y|ies)|partners?|agreements?)\b|"
    r"with which|with whom|avec quel\w*|avec qui|\blist\b|\bliste\b|twinned with|jumelee?s? avec|"
    r"ما هي المدن|ماهي المدن|اي مدن|اي المدن|مع اي|مع من|شكون|شنو هي المدن|اشمن مدن|المدن التي|المدن اللي|"
    r"المدن الاجنبيه|متوامه مع|"
    # existence questions: "ont-elles des jumelages avec…", "are there agreements with…"
    r"(?:ont-elles|a-t-elle|ont-ils|a-t-il|y a-t-il|existe-t-il) (?:des |un |une )?(?:\w+ )?"
    r"(?:jumelages?|accords?|partenaires?|villes? jumelles?)|"
    r"(?:are there|is there|do|does) (?:\w+ ){0,4}(?:have )?(?:any )?(?:twinnings?|agreements?|partners?|sister)|"
    r"(?:هل توجد|هل هناك|واش كاين|واش كاينه|واش عند\w*) (?:\w+ )?(?:اتفاقي\w*|توام\w*|شراك\w*))")
_ANNOUNCED = re.compile(r"(attendu|prochainement|annonce|a venir|expected|upcoming|announced|pending|"
                        r"ينتظر|مرتقب|معلن|غادي يتوقعو)")
_WHEN = re.compile(r"\b(quand|en quelle annee|quelle annee|when|what year|which year|متي|امتي|اي سنه|فوقاش)\b")
_TOTAL = re.compile(r"(au total|en tout|in all|in total|altogether|combined|les deux sources|both sources|"
                    r"المجموع|فالمجموع|في المجموع|اجمالا|بالمجموع)")
_OLDEST = re.compile(r"(plus ancien|oldest|earliest|اقدم)")
_NEWEST = re.compile(r"(plus recent|latest|newest|most recent|احدث)")
_STUDY_ONLY = re.compile(r"(selon l.?etude|d.?apres l.?etude|dans l.?etude|recense\w* (dans|par) l.?etude|"
                         r"l.?etude recense|according to the study|in the study|the study.s|listed in the study|"
                         r"حسب الدراسه|في الدراسه|فالدراسه|الدراسه كتقول)")
_ARTICLE_ONLY = re.compile(r"(31 (octobre|october|اكتوبر)|noon ?post|نون بوست|l.?article|the article|المقال)")
_TWINNING = re.compile(r"(jumel|twin|sister|توام|اتفاق|accord|agreement|partenai|partner|شراك|coopera|تعاون|"
                       r"\bsign|وقع)")
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")

SUBSTANTIVE = {"count_mismatch", "duplicate_partner", "commune_mismatch", "date_mismatch", "status_mismatch",
               "coverage", "name_mismatch"}


@dataclass
class Route:
    filters: Filters
    count: bool = False
    total: bool = False
    oldest: bool = False
    newest: bool = False
    unknown_place: str | None = None     # a commune the corpus has no agreement for
    communes: list[str] = field(default_factory=list)  # several communes named: any of them
    themes: bool = False                  # the question asks what the agreements are about
    notes: list[str] = field(default_factory=list)


def route(question: str, registry: Registry) -> Route | None:
    """A Route when the question is a registry question, else None."""
    q = normalize(question)
    if not _TWINNING.search(q) or _NOT_REGISTRY.search(q):
        return None
    count, when = bool(_COUNT.search(q)), bool(_WHEN.search(q))
    listing = bool(_LIST.search(q))
    oldest, newest, total = bool(_OLDEST.search(q)), bool(_NEWEST.search(q)), bool(_TOTAL.search(q))
    f = Filters()
    unknown = None
    communes: list[str] = []
    places = registry.gazetteer.find_places(question)
    for e in places:
        if e.kind == "commune":
            if e.data.get("in_documents") is False:
                unknown = e.name("fr")
            elif e.id in registry.known("commune"):
                communes.append(e.id)
        elif e.kind == "city" and e.id in registry.known("partner"):
            f.partner = e.id
        elif e.kind == "country" and e.id != "morocco" and e.id in registry.known("country"):
            f.country = e.id
        elif e.kind == "region" and e.id in CONTINENTS:
            f.continent = e.id
    if len(communes) == 1:
        f.commune = communes[0]
    if _ANNOUNCED.search(q):
        f.status = "announced"
    years = _YEAR.findall(question)
    if years and not total and not (_ARTICLE_ONLY.search(q) and "2025" in years and len(set(years)) == 1):
        f.year = int(years[0])
    if total:
        pass  # "in all": both sources, whatever else the question names
    elif _STUDY_ONLY.search(q) and not _ARTICLE_ONLY.search(q):
        f.doc = STUDY
    elif _ARTICLE_ONLY.search(q) and not _STUDY_ONLY.search(q):
        f.doc = ARTICLE
    has_filter = any(v is not None for k, v in f.active().items() if k != "doc") or unknown
    if not (count or listing or when or oldest or newest or total):
        return None
    if not has_filter and not (total or count or oldest or newest):
        return None
    if when and not (count or listing) and not f.partner and not (oldest or newest):
        return None  # "when did the club launch" is a passage question
    return Route(f, count=count or total, total=total, oldest=oldest, newest=newest, unknown_place=unknown,
                 communes=communes if len(communes) > 1 else [], themes=bool(_THEMES.search(q)))


class RegistryAnswerer:
    def __init__(self, registry: Registry):
        self.registry = registry

    @staticmethod
    def _cite_chunk(chunk, numbering: dict, citations: list[Citation], passages: dict[int, Passage],
                    urls: dict) -> int:
        n = numbering.get(chunk.id)
        if n is None:
            n = numbering[chunk.id] = len(numbering) + 1
            p = HybridRetriever._passage(chunk, n, 0.0)
            passages[n] = p
            citations.append(Citation(n=n, doc=p.doc, title=p.title, section=p.section, lines=p.lines,
                                      quote=p.text, url=urls.get(p.doc)))
        return n

    def answer(self, question: str, language: str, r: Route, keyword, urls: dict,
               related: list[Passage]) -> Answer:
        reg = self.registry
        describe = ", ".join(f"{k}: {reg.name(v, language) if k in ('commune', 'partner', 'country') else v}"
                             for k, v in r.filters.active().items())
        if r.unknown_place:
            text = message("registry_none", language, filters=r.unknown_place)
            return Answer(question, language, "extractive", text, True, [], related)
        items = reg.filter(r.filters)
        if r.communes:
            items = [a for a in items if a.commune in r.communes]
        if r.oldest or r.newest:
            dated = [a for a in items if a.status != "announced"]
            if dated:
                pick = min if r.oldest else max
                year = pick(a.year for a in dated)
                items = [a for a in dated if a.year == year]
        if not items:
            text = message("registry_none", language, filters=describe or "—")
            return Answer(question, language, "extractive", text, True, [], related)

        numbering: dict[str, int] = {}
        citations: list[Citation] = []
        cited: dict[int, Passage] = {}
        lines = [message("registry_lead", language, scope="", summary=self._summary(items, r, language))]
        for a in items:
            lines.append("- " + self._cited_item(a, language, r, keyword, numbering, citations, cited, urls))
        if len(items) <= 2:
            # one agreement: the study's reference for it (outlet, title, date, place)
            for a in items:
                for src in a.sources:
                    ref = reg.references.get(src.reference) if src.reference else None
                    chunk = _chunk_at(keyword, STUDY, ref.line) if ref else None
                    if chunk is not None:
                        n = self._cite_chunk(chunk, numbering, citations, cited, urls)
                        lines.append(f"- {message('reference', language, n=ref.number)} {ref.text} [{n}]")
                        break
        if r.filters.doc != ARTICLE and (r.count or not (r.filters.partner or r.filters.year)):
            # the study's own figures, quoted and cited, beside the rows it lists
            for check in reg.statements_for(r.filters, total=r.total):
                chunk = _chunk_at(keyword, check.doc, *check.lines, check.quote)
                if chunk is None:
                    continue
                n = self._cite_chunk(chunk, numbering, citations, cited, urls)
                lines.append(f"- {message('study_states', language, quote=check.quote)} [{n}]")
        discrepancies = [d for d in reg.discrepancies_for(items) if d.kind in SUBSTANTIVE]
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
        notices = [message("discrepancy", language, text=d.summary.get(language) or d.summary.get("en", ""))
                   for d in discrepancies]
        ans = Answer(question, language, "extractive", "\n".join(lines), False, citations,
                     [cited[n] for n in sorted(cited)], notices)
        ans.extra = {"route": "registry", "filters": r.filters.active(),
                     "agreements": [a.id for a in items],
                     "discrepancies": [{"id": d.id, "kind": d.kind, "summary": d.summary,
                                        "sides": [s.model_dump() for s in d.sides]} for d in discrepancies]}
        return ans

    def _cited_item(self, a: Agreement, lang: str, r: Route, keyword, numbering, citations, cited,
                    urls) -> str:
        """The agreement's line, each part followed by the passage that states it: a Table 1
        row states everything; in the article the list and the dateline are apart."""
        chunks = [c for c in (_chunk_at(keyword, src.doc, *src.lines, src.quote) for src in a.sources)
                  if c is not None]

        def cite(chunk) -> str:
            return f"[{self._cite_chunk(chunk, numbering, citations, cited, urls)}]"

        def names_partner(chunk) -> bool:
            return a.partner is None or a.partner in {e.id for e in self.registry.gazetteer.find_places(
                f"{chunk.meta.get('context', '')}\n{chunk.text}")}

        who, date, status = self._parts(a, lang)
        theme = f" — {a.themes_as_written}" if r.themes and a.themes_as_written else ""
        named = next((c for c in chunks if names_partner(c)), None)
        if named is not None and a.date[:4] in named.text:
            return f"{who} — {date}{status}{theme} {cite(named)}"  # one passage states it all (a table row)
        dated = next((c for c in chunks if a.date[:4] in c.text), None)
        if named is not None and dated is not None:
            # the article names partners in one place and gives the date in its dateline
            return f"{who}{status} {cite(named)} — {date} {cite(dated)}{theme}"
        return f"{who} — {date}{status}{theme} {''.join(cite(c) for c in chunks[:2])}"

    def _parts(self, a: Agreement, lang: str) -> tuple[str, str, str]:
        """(partner — commune, date, " — status" or "")."""
        body = self._item(a, lang)
        status = f" — {message(a.status, lang)}" if a.status != "signed" else ""
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
        commune = reg.name(a.commune, lang) if a.commune else message("unspecified", lang)
        parts = [partner, commune, format_date(a.date, lang)]
        if a.status != "signed":
            parts.append(message(a.status, lang))
        return " — ".join(parts)

    def _summary(self, items: list[Agreement], r: Route, lang: str) -> str:
        signed = [a for a in items if a.status != "announced"]
        study = sum(1 for a in signed if a.source_doc == STUDY)
        article = sum(1 for a in signed if a.source_doc == ARTICLE)
        parts = []
        if study:
            parts.append(message("count_study", lang, n=study))
        if article:
            parts.append(message("count_article", lang, n=article))
        if study and article or r.total:
            parts.append(message("count_total", lang, n=study + article))
        communes = Counter(a.commune for a in signed if a.commune)
        if r.count and len(communes) > 1:
            parts.append(", ".join(f"{self.registry.name(c, lang)}: {n}" for c, n in communes.most_common()))
        if len(signed) < len(items):
            parts.append(message("count_announced", lang))
        if r.oldest or r.newest:
            parts.insert(0, message("oldest" if r.oldest else "newest", lang))
        sep = "، " if lang == "ar" else "; "
        return sep.join(parts)


def _chunk_at(keyword, doc: str, line: int, last: int | None = None, quote: str | None = None):
    """The chunk holding a source's lines: the one containing its quote when given."""
    last = last or line
    overlapping = [c for c in keyword.chunks_of(doc)
                   if int(c.meta.get("line_start", 0)) <= last and line <= int(c.meta.get("line_end", 0))]
    if quote:
        for c in overlapping:
            if quote in c.text:
                return c
    rows = [c for c in overlapping if c.meta.get("kind") != "table_header"]
    return (rows or overlapping or [None])[0]


__all__ = ["RegistryAnswerer", "Route", "route", "Discrepancy"]
