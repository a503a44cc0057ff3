"""The offline extractor: cue words (corpus/data/extraction.yaml) and the gazetteer.

A document is read unit by unit (a sentence, or a table row), keeping line numbers.
A unit that names a foreign locality and marks an instrument (a kind word, a
generic "agreement" word, or the table it sits in) becomes a record; its event
words decide the kind (signed as the instrument says, renewal, council approval
of a draft, announcement) and a visit or a proposal without a signature is
recorded as `no_agreement`. The commune comes from the unit, else from the
context (the previous units, the table's earlier rows, the title): lists are
often introduced by one sentence ("Smara signed seven agreements with:") and
given on the next line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from rapidfuzz import fuzz

from assistant.aliases import match_tokens
from assistant.arabic import normalize
from assistant.extraction import NOT_SIGNED, Extracted, Extractor, Mention, Signatory, register
from assistant.extraction.dates import find_dates

# a sentence ends at . ! ? ؟ — not after an initial or a title ("M. Pereira", "Dr. Sy")
_SENTENCE_END = re.compile(
    r"(?<![\s(][A-Z]\.)(?<!\bMr\.)(?<!\bMs\.)(?<!\bDr\.)(?<!\bSt\.)(?<!\bSr\.)(?<!\bMme\.)"
    r"(?<!\bSra\.)(?<=[.!?؟])\s+(?=\S)"
)
_DATE_REACH = 40  # characters between an event word and the date it is given
_CONTEXT_UNITS = 4  # how many units back a commune or an open list is carried
_LINK_REACH = 8  # tokens after a link word ("between", "مع") within which its parties are named
_COUNTRY_REACH = 4  # tokens after a town within which a country named is the town's
_LIST_GAP = 4  # tokens between the items of a list of partners (a country in brackets, "et")


@dataclass(frozen=True)
class Cues:
    kinds: tuple[tuple[str, re.Pattern], ...]
    generic: re.Pattern | None
    events: dict
    link: re.Pattern | None
    qualifiers: re.Pattern | None
    locality: re.Pattern | None
    roles: re.Pattern | None
    honorifics: re.Pattern | None
    relative: dict
    months: tuple
    covers: re.Pattern | None = None
    venue: re.Pattern | None = None
    particles: re.Pattern | None = None
    conjunctions: re.Pattern | None = None
    unnamed_country_population: int = 1_000_000
    exonym_ratio: float = 80.0


def _phrase(p: str) -> str:
    p = normalize(p).strip()
    prefix = p.endswith("*")
    body = re.escape(p.rstrip("*")).replace(r"\ ", r"\s+").replace("'", "['’]").replace(r"\-", r"[\-\s]?")
    return body + (r"\w*" if prefix else "")


def _pattern(phrases) -> re.Pattern | None:
    words = sorted({w for w in phrases if str(w).strip()}, key=len, reverse=True)
    if not words:
        return None
    # Arabic clitics before a phrase: و ف ب ل ك, then the article
    return re.compile(
        r"(?<![^\W\d_])(?:[وفبلك]?(?:ال)?)?(?:" + "|".join(_phrase(str(w)) for w in words) + r")(?![^\W\d_])"
    )


def _ending(phrases) -> re.Pattern | None:
    """Phrases that end a text (no clitics: بمدينة is a venue, مدينة alone is not)."""
    words = sorted({normalize(str(w)).strip() for w in phrases if str(w).strip()}, key=len, reverse=True)
    if not words:
        return None
    return re.compile(r"(?<![^\W\d_])(?:" + "|".join(_phrase(w) for w in words) + r")\W*$")


def _flat(by_lang: dict | None) -> list[str]:
    return [w for ws in (by_lang or {}).values() for w in (ws or [])]


@lru_cache(maxsize=4)
def load_cues(path: str) -> Cues:
    d = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    kinds = tuple((k, _pattern(_flat(v))) for k, v in (d.get("kinds") or {}).items())
    events = {k: _pattern(_flat(v)) for k, v in (d.get("events") or {}).items()}
    months = tuple((int(k), tuple(v)) for k, v in (d.get("months") or {}).items())
    return Cues(
        tuple((k, p) for k, p in kinds if p),
        _pattern(_flat(d.get("generic"))),
        events,
        _pattern(_flat(d.get("link"))),
        _pattern(_flat(d.get("qualifiers"))),
        _pattern(_flat(d.get("locality"))),
        _pattern(_flat(d.get("roles"))),
        _pattern(_flat(d.get("honorifics"))),
        d.get("relative") or {},
        months,
        _pattern(_flat(d.get("covers"))),
        _ending(_flat(d.get("venue"))),
        _pattern(_flat(d.get("particles"))),
        _pattern(_flat(d.get("conjunctions"))),
        int((d.get("evidence") or {}).get("unnamed_country_population", 1_000_000)),
        float((d.get("evidence") or {}).get("exonym_ratio", 80)),
    )


@dataclass
class Unit:
    text: str
    line: int
    end_line: int
    table: bool = False
    heading: bool = False


def units(text: str) -> list[Unit]:
    """Sentences and table rows with their (1-based) line numbers; a blank line or a
    heading closes the context. Lines that wrap one paragraph (PDF, DOCX exports)
    are joined first: a line not ending a sentence continues on the next."""
    out: list[Unit] = []
    para: list[tuple[int, str]] = []

    def flush() -> None:
        if not para:
            return
        joined, first, last = " ".join(s for _, s in para), para[0][0], para[-1][0]
        for part in _SENTENCE_END.split(joined):
            if part.strip():
                out.append(Unit(part.strip(), first, last))
        para.clear()

    lines = text.splitlines()
    lengths = sorted(len(s.strip()) for s in lines if len(s.strip()) >= 20 and "\t" not in s)
    short = 0.7 * lengths[len(lengths) // 2] if lengths else 0  # the last line of a wrapped paragraph
    for n, line in enumerate(lines, 1):
        s = line.strip()
        if not s or "\t" in line or s.startswith("#") or _LIST_ITEM.match(s):
            flush()
        if not s:
            out.append(Unit("", n, n))
        elif "\t" in line:
            out.append(Unit(s, n, n, table=True))
        elif s.startswith("#"):
            out.append(Unit(s.lstrip("# "), n, n, heading=True))
        else:
            para.append((n, s))
            if _ENDS_PARAGRAPH.search(s) or len(s) < short:
                flush()
    flush()
    return out


_NAME_ARTICLES = frozenset({"el", "al"})
_LIST_ITEM = re.compile(r"^(?:[-•*–]\s|\d{1,3}[.)]\s)")
_ENDS_PARAGRAPH = re.compile(r"[.!?؟:»\"”]\s*$|^\S{0,40}$")


@dataclass
class _Place:
    entry: object | None
    written: str
    start: int  # token position in the unit


@dataclass
class _Context:
    commune: _Place | None = None
    commune_age: int = 99
    open_kind: str | None = None  # a list announced ("... agreements with:") waiting for its items
    open_events: frozenset = frozenset()
    open_age: int = 99
    open_colon: bool = False
    last_kind: str | None = None  # the last instrument named: "the agreement" refers to it
    event_date: object | None = None  # the date of the last event stated with one
    last_records: list = field(default_factory=list)  # keys of the records the last unit made
    last_age: int = 99
    table_kind: str | None = None
    table_commune: _Place | None = None
    heading_kind: str | None = None
    seen: dict = field(default_factory=dict)
    loose_themes: dict = field(default_factory=dict)  # record key -> themes read off a sentence not about them


@register
class RuleExtractor(Extractor):
    name = "rules"

    def __init__(self, gazetteer, settings, data_dir):
        super().__init__(gazetteer, settings, data_dir)
        self.cues = load_cues(str(Path(data_dir) / "extraction.yaml"))
        self.home = self._home_country()
        self.themes = self._theme_names(Path(data_dir) / "themes.yaml")

    def _home_country(self) -> str | None:
        communes = [e for e in self.gazetteer.places.curated() if e.kind == "commune"]
        countries = [e.data.get("country") for e in communes if e.data.get("country")]
        return max(set(countries), key=countries.count) if countries else None

    @staticmethod
    @lru_cache(maxsize=4)
    def _theme_patterns(path: str) -> tuple[tuple[str, re.Pattern], ...]:
        try:
            items = (yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}).get("themes") or []
        except OSError:
            return ()
        words = lambda t: [t.get("ar"), t.get("fr"), t.get("en"), *(t.get("cues") or [])]  # noqa: E731
        return tuple((t["id"], _pattern(words(t))) for t in items if _pattern(words(t)))

    def _theme_names(self, path: Path):
        return self._theme_patterns(str(path))

    # -- one document -------------------------------------------------------------------
    def extract(self, doc_id: str, text: str, metadata: dict) -> list[Extracted]:
        doc_date = str(metadata.get("date") or "") or None
        self._countries = self.gazetteer.countries_in(text)  # a unit's small towns read in the document's context
        self._named = self._named_countries(text)  # the foreign countries the document itself names
        self._read: set[str] = set()  # names of unknown localities read so far in the document
        ctx = _Context()
        title = str(metadata.get("title") or "")
        title_places = self._places(title) if title else []
        title_commune = next((p for p in title_places if self._is_commune(p.entry)), None)
        ctx.last_kind = self._kind(normalize(title)) if title else None
        records: dict[tuple, Extracted] = {}
        for unit in units(text):
            ctx.commune_age += 1
            ctx.open_age += 1
            ctx.last_age += 1
            if not unit.text:
                ctx.open_kind = None
                continue
            norm = normalize(unit.text)
            kind_cue = self._kind(norm)
            if unit.heading:
                ctx.heading_kind = kind_cue or ("cooperation" if self._has(self.cues.generic, norm) else None)
                ctx.open_kind, ctx.table_commune, ctx.table_kind, ctx.event_date = None, None, None, None
                continue
            if not unit.table:
                ctx.table_commune, ctx.table_kind = None, None
            places = self._places(unit.text)
            for p in self._unknown_localities(unit.text, places) + self._bare_names(unit.text, places, norm):
                p.entry = self._resolve(p.written, places, unit.text)
                self._read.add(normalize(p.written))
                if p.entry is None or p.entry.kind in ("city", "commune"):
                    places.append(p)
            places.sort(key=lambda p: p.start)
            communes = [p for p in places if self._is_commune(p.entry) and not self._locator(norm, p, places)]
            partners = [
                p
                for p in places
                if (p.entry is None or self._is_partner(p.entry)) and not self._locator(norm, p, places)
            ]
            partners = self._not_venues(norm, partners)
            partners = self._link_parties(norm, communes, partners)
            if any(p.entry is not None for p in partners):
                partners = [p for p in partners if p.entry is not None]
            events = frozenset(k for k, pat in self.cues.events.items() if pat and pat.search(norm))
            if "prospect" in events and (unit.table or ("signed" in events and not self._governed(norm))):
                # a table cell's "بحث سبل الاستثمار" is a theme; "signed …, opening prospects" a signing
                events = events - {"prospect"}
            generic = self._has(self.cues.generic, norm)
            dates = self._by_event(norm, find_dates(unit.text, self.cues.months, doc_date, self.cues.relative))
            if unit.table and not partners and (kind_cue or generic):
                ctx.table_kind = kind_cue or ctx.last_kind or "cooperation"  # a header row naming the instrument
            if communes:
                ctx.commune, ctx.commune_age = communes[0], 0
            if kind_cue:
                ctx.last_kind = kind_cue
            instrument = kind_cue or ((ctx.last_kind or "cooperation") if generic else None)
            eventful = bool(events & {"signed", "renewal", "approval", "future"})
            if eventful and dates and not unit.table:
                ctx.event_date = dates[0]
            covers = bool(self.cues.covers and self.cues.covers.search(norm))
            if (
                ctx.last_records
                and ctx.last_age <= (_CONTEXT_UNITS + 2 if covers else 3)
                and not kind_cue
                and all(
                    p.entry is not None and any(records[k].partner == p.entry.id for k in ctx.last_records)
                    for p in partners
                )
            ):
                # "the agreement provides for fisheries and tourism", "the two communes want to
                # cooperate in...": the themes of the record just made; a sentence saying what it
                # covers is also quoted (what a question about its fields is answered with)
                found = self._themes(unit.text, norm)
                for key in ctx.last_records:
                    rec = records[key]
                    if covers and found:
                        # a sentence about what it covers outweighs words met in passing ("in the
                        # presence of civil society representatives")
                        loose = ctx.loose_themes.pop(key, set()) - set(found)
                        rec.themes = [t for t in rec.themes if t not in loose]
                        if _quote(rec, unit, "themes"):
                            rec.themes_as_written = rec.themes_as_written or unit.text
                    elif not any(m.about == "themes" for m in rec.mentions):
                        ctx.loose_themes.setdefault(key, set()).update(t for t in found if t not in rec.themes)
                    rec.themes = list(dict.fromkeys(rec.themes + found))
            if not partners:
                if (
                    ctx.last_records
                    and ctx.last_age <= 2
                    and dates
                    and not unit.table
                    and "approval" in events
                    and not events & {"draft", "future", "negation", "proposal"}
                ):
                    # "…signed by X, after its approval by the council at its session of 3 February":
                    # the council's approval of the instrument just recorded, an event of its own
                    when = self._nearest_date(norm, "approval", dates)
                    for key in list(ctx.last_records):
                        rec = records[key]
                        if rec.kind not in NOT_SIGNED and when is not None:
                            self._add(
                                records,
                                doc_id,
                                unit,
                                self._place_of(rec.commune, rec.commune_as_written),
                                self._place_of(rec.partner, rec.partner_as_written),
                                places,
                                "council_approval",
                                None,
                                [when],
                                [],
                                [],
                                explicit=False,
                                cue=False,
                            )
                if (
                    ctx.last_records
                    and ctx.last_age <= 2
                    and dates
                    and not communes
                    and not unit.table
                    and (events & {"signed", "renewal"})
                ):
                    # "It is the second renewal, after a first one in 2017": the record's history
                    for key in ctx.last_records:
                        rec = records[key]
                        _quote(rec, unit, "history", date=dates[0].iso)
                if ctx.last_records and ctx.last_age <= 3 and not kind_cue:
                    # "the agreement was signed by X, mayor of ...": the people of the record just made
                    people = self._signatories(unit.text, communes, partners)
                    for key in ctx.last_records:
                        have = {s.name for s in records[key].signatories}
                        records[key].signatories += [s for s in people if s.name not in have]
                if instrument and (eventful or norm.rstrip().endswith(":")):
                    ctx.open_kind, ctx.open_events, ctx.open_age = instrument, events, 0
                    ctx.open_colon = norm.rstrip().endswith(":")
                continue
            continuing = False
            if unit.table:
                instrument = kind_cue or ctx.table_kind or ctx.heading_kind or instrument
                if communes:
                    ctx.table_commune = communes[0]
            elif (
                not kind_cue
                and ctx.open_kind
                and ctx.open_age <= 1
                and (ctx.open_colon or self._list_like(unit.text, places))
            ):
                instrument, events = ctx.open_kind, events | ctx.open_events
                ctx.open_age = 0  # the list may go on over several lines
                continuing = True
            elif (
                not eventful
                and instrument
                and not (communes and self._has(self.cues.link, norm) and self._near_cue(norm, partners))
            ):
                instrument = None  # "twinnings should cover X": no event, no parties tied
            kind, what = self._decide(instrument, events, unit.table, explicit=bool(kind_cue))
            if kind is None:
                self._attach_signatories(records, unit.text, communes, partners)
                continue
            if (
                not kind_cue
                and not unit.table
                and partners
                and all(
                    any(
                        r.partner is not None and p.entry is not None and r.partner == p.entry.id
                        for r in records.values()
                    )
                    for p in partners
                )
            ):
                # "cet accord", "هذه الاتفاقية": the instrument already recorded for this partner
                self._attach_signatories(records, unit.text, communes, partners)
                continue
            if not dates and continuing and ctx.event_date is not None:
                dates = [ctx.event_date]  # the items of a list take the date of the sentence announcing it
            if not communes:
                carried = (
                    (ctx.table_commune if unit.table else None)
                    or (ctx.commune if ctx.commune_age <= _CONTEXT_UNITS else None)
                    or title_commune
                )
                if carried is None:
                    continue
                pairs = [(carried, p) for p in partners]
            elif title_commune is not None and any(c.entry is title_commune.entry for c in communes):
                # the commune the document is about; others in the unit locate it ("El Marsa, port of Laâyoune")
                pairs = [(next(c for c in communes if c.entry is title_commune.entry), p) for p in partners]
            else:
                pairs = [(self._nearest(communes, p), p) for p in partners]
            signatories = self._signatories(unit.text, communes, partners)
            themes = self._themes(unit.text, norm)
            ctx.last_records, ctx.last_age = [], 0
            for commune, partner in pairs:
                ctx.last_records.append(
                    self._add(
                        records,
                        doc_id,
                        unit,
                        commune,
                        partner,
                        places,
                        kind,
                        what,
                        dates,
                        signatories,
                        themes,
                        explicit=bool(communes),
                        cue=bool(kind_cue),
                    )
                )
                original = self._original_signing(norm, kind, kind_cue, events, dates)
                if original is not None:
                    # "the renewal of the twinning first signed in September 2019": that twinning too
                    self._add(
                        records,
                        doc_id,
                        unit,
                        commune,
                        partner,
                        places,
                        kind_cue,
                        None,
                        [original],
                        [],
                        [],
                        explicit=bool(communes),
                        cue=True,
                    )
        return list(records.values())

    def _original_signing(self, norm: str, kind: str, kind_cue: str | None, events: frozenset, dates: list):
        """The date of the instrument a renewal (or an approved renewal draft) renews, when
        the unit says when it was signed: a date next to a signing word, earlier than the
        unit's other dates."""
        if kind not in ("renewal", "council_approval") or "renewal" not in events or not kind_cue:
            return None
        if kind_cue in ("renewal",) or len(dates) < 1:
            return None
        signed = self.cues.events.get("signed")
        if signed is None:
            return None
        at = [m.start() for m in signed.finditer(norm)]
        by_signing = [d for d in dates if any(0 <= d.start - a <= _DATE_REACH for a in at)]
        if not by_signing:
            return None
        first = min(by_signing, key=lambda d: d.iso)
        others = [d for d in dates if d is not first]
        if others and not all(first.iso[:4] < d.iso[:4] for d in others):
            return None
        return first

    def _place_of(self, entry_id: str | None, written: str) -> _Place:
        return _Place(self.gazetteer.places[entry_id] if entry_id in self.gazetteer.places else None, written, 0)

    def _nearest_date(self, norm: str, event: str, dates: list):
        """The date written nearest to the event's word, if one is within reach."""
        pat = self.cues.events.get(event)
        at = [m.start() for m in pat.finditer(norm)] if pat is not None else []
        near = [(min(abs(d.start - a) for a in at), i) for i, d in enumerate(dates) if at]
        near = [(dist, i) for dist, i in near if dist <= 2 * _DATE_REACH]
        return dates[min(near)[1]] if near else None

    def _by_event(self, norm: str, dates: list) -> list:
        """The unit's dates, those next to an event word first ("…, lundi 16 mars 2026. C'est à
        Smara que … a paraphé le 3 mars dernier…": the signing's date, not the byline's)."""
        if len(dates) < 2:
            return dates
        at = [
            m.start()
            for k in ("signed", "renewal", "approval", "future")
            if self.cues.events.get(k) is not None
            for m in self.cues.events[k].finditer(norm)
        ]
        if not at:
            return dates
        near = [d for d in dates if any(-_DATE_REACH <= d.start - a <= _DATE_REACH for a in at)]
        return near + [d for d in dates if d not in near] if near else dates

    def _not_venues(self, norm: str, partners: list[_Place]) -> list[_Place]:
        """The partners without the places named as where the event took place ("firmaron en
        Arrecife", "بمدينة أريسيفي"), when the unit names another partner."""
        if not self.cues.venue or len(partners) < 2:
            return partners
        tokens = list(re.finditer(r"\w+", norm))

        def at_venue(p: _Place) -> bool:
            if not 0 < p.start < len(tokens):
                return False
            at = tokens[p.start].start()
            return bool(self.cues.venue.search(norm[max(0, at - 30) : at]))

        kept = [p for p in partners if not at_venue(p)]
        return kept or partners

    def _link_parties(self, norm: str, communes: list[_Place], partners: list[_Place]) -> list[_Place]:
        """The partners a link word ties to a commune ("بين جماعة أوسرد وبلدية الشامي", "between
        X and Dakhla"), with the list they head ("X, Y et Z"): places named further on (a relative
        clause's "الطريق الرابط بين نواكشوط ونواذيبو") are not parties. All the partners when no
        link word ties one to a commune."""
        if not self.cues.link or not communes or len(partners) < 2:
            return partners
        tokens = list(re.finditer(r"\w+", norm))
        ordered = sorted(partners, key=lambda p: p.start)

        def width(p: _Place) -> int:
            return max(1, len(re.findall(r"\w+", normalize(p.written))))

        parties: list[_Place] = []
        for m in self.cues.link.finditer(norm):
            li = next((i for i, t in enumerate(tokens) if t.end() > m.start()), None)
            if li is None:
                continue
            first = next((p for p in ordered if li < p.start <= li + _LINK_REACH), None)
            if first is None or first in parties:
                continue
            tied = any(
                li < c.start < first.start or first.start < c.start <= first.start + width(first) + 3 for c in communes
            )
            if not tied:
                continue
            parties.append(first)
            for q in ordered[ordered.index(first) + 1 :]:
                prev = parties[-1]
                if q.start - (prev.start + width(prev)) > _LIST_GAP:
                    break
                parties.append(q)
        return [p for p in partners if p in parties] if parties else partners

    def _locator(self, norm: str, place: _Place, places: list[_Place]) -> bool:
        """A place named as where another one is ("Trujillo, capitale de la région de La
        Libertad", "El Marsa, qui abrite le port de Laâyoune"): after a qualifier word,
        with another locality of its kind named before it in the unit."""
        if not self.cues.qualifiers or place.start == 0:
            return False

        def side(p: _Place) -> str | None:
            if p.entry is None:
                return "city"  # a name no gazetteer knows: a partner candidate
            return p.entry.kind if p.entry.kind in ("city", "commune") else None

        same_side = [p for p in places if p.start < place.start and side(p) is not None and side(p) == side(place)]
        if not same_side:
            return False
        tokens = list(re.finditer(r"\w+", norm))
        if place.start > len(tokens) or place.start < 1:
            return False
        end = tokens[place.start].start() if place.start < len(tokens) else tokens[place.start - 1].end()
        before = norm[max(0, tokens[place.start - 1].start() - 40) : end]
        return bool(re.search(r"(?:" + self.cues.qualifiers.pattern + r")\W*(?:\w+\W+)?$", before))

    def _resolve(self, written: str, places: list[_Place], text: str = ""):
        """A name no index holds, tied across scripts to a known place of the country the
        unit (or document) names, else left unknown."""
        countries = [
            p.entry.id for p in places if p.entry is not None and p.entry.kind == "country" and p.entry.id != self.home
        ]
        of_iso = getattr(self.gazetteer, "country_of_iso", {})

        def of(isos) -> list[str]:
            return sorted(c for c in (of_iso.get(iso) for iso in isos) if c)

        if not countries and text:
            # the unit's own nisba ("آدرار بالجمهورية الإسلامية الموريتانية"): the country it gives
            # rules out the document's others (its Algerian namesake, named further on)
            countries = of(self._named_countries(text))
        if not countries:
            # else the countries the document names ("عمدة نواذيبو" far from "الموريتانية"); a
            # country the unit names rules out the document's others ("Favignana (Italy)" is
            # not France's Avignon because the digest also covers French towns)
            countries = of(getattr(self, "_named", ()))
        for country in list(dict.fromkeys(countries)) or [None]:
            entry = self.gazetteer.resolve_name(written, country)
            if entry is not None:
                return entry
        return None

    def _bare_names(self, text: str, known: list[_Place], norm: str) -> list[_Place]:
        """Capitalized names (Latin script) no gazetteer knows, tied to a commune by a
        conjunction or a link word: "gemellaggio tra Orgosolo e Amgala", "Orgosolo e Amgala
        firmano". Only in units with an instrument word."""
        if not (self._kind(norm) or self._has(self.cues.generic, norm)):
            return []
        communes = [p.start for p in known if self._is_commune(p.entry)]
        if not communes:
            return []
        cased = normalize(text, keep_case=True)
        tokens = list(re.finditer(r"\w+", cased))
        covered = {p.start + i for p in known for i in range(max(1, len(p.written.split())))}
        out, i = [], 0
        while i < len(tokens):
            tok = tokens[i].group(0)
            if i in covered or not tok[:1].isupper() or _is_arabic(tok) or tok.isupper():
                i += 1
                continue
            j = i
            while (
                j + 1 < len(tokens)
                and tokens[j + 1].group(0)[:1].isupper()
                and j + 1 not in covered
                and cased[tokens[j].end() : tokens[j + 1].start()] in (" ", "-")
            ):
                j += 1
            words = [tokens[k].group(0) for k in range(i, j + 1)]
            before = cased[max(0, tokens[i].start() - 12) : tokens[i].start()].lower()
            if before.rstrip().endswith("("):  # "Orgosolo (Sardinia, Italy)": where it is
                i = j + 1
                continue
            after_link = bool(
                self.cues.link and re.search(r"(?:" + self.cues.link.pattern + r")\s*$", normalize(before))
            )
            near = after_link or any(self._joined(cased, tokens, a, b) for c in communes for a, b in ((c, i), (j, c)))
            if near and not any(_is_cue(self.cues, w) or _common_word(w) for w in words) and len(words) <= 3:
                out.append(_Place(None, _original(text, words), i))
            i = j + 1
        return out

    def _joined(self, cased: str, tokens: list, a: int, b: int) -> bool:
        """Whether token a (the end of one name) is joined to token b (the start of the next)
        as two parties are: by a conjunction ("Orgosolo e Amgala") or a dash ("Amgala –
        Orgosolo"); not a comma (an apposition: "…of Akhfennir, Mbarek Ould Cheikh")."""
        if not 0 <= a < b < len(tokens) or b - a > 2:
            return False
        gap = cased[tokens[a].end() : tokens[b].start()]
        if b - a == 1:
            return gap.strip() in ("-", "–", "—", "/")
        word = tokens[a + 1].group(0)
        return self._conjunction(word) and "," not in gap

    def _conjunction(self, word: str) -> bool:
        """An "and" word of the cue list ("et", "e", «و» glued or alone)."""
        return bool(self.cues.conjunctions and self.cues.conjunctions.fullmatch(normalize(word)))

    def _near_cue(self, norm: str, partners: list[_Place], window: int = 12) -> bool:
        """Whether a partner is named within `window` words of the instrument word (a
        reference title ties them; a long sentence may name a place for another reason)."""
        pats = [p for _, p in self.cues.kinds] + [self.cues.generic]
        starts = [m.start() for p in pats if p is not None for m in p.finditer(norm)]
        positions = [len(re.findall(r"\w+", norm[:s])) for s in starts]
        return any(0 <= p.start - pos <= window for pos in positions for p in partners)

    def _themes(self, text: str, norm: str) -> list[str]:
        """themes.yaml tags the unit names, by their names or by the glossary's words for them."""
        ids = {tid for tid, _ in self.themes}
        found = [tid for tid, pat in self.themes if pat.search(norm)]
        found += [e.id for e in self.gazetteer.find(text) if e.kind == "term" and e.id in ids]
        return list(dict.fromkeys(found))

    def _list_like(self, text: str, places: list[_Place]) -> bool:
        """A line that is mostly place names: the items of a list announced just before."""
        words = re.findall(r"\w+", normalize(text))
        named = sum(len(p.written.split()) for p in places)
        return bool(words) and named / len(words) >= 0.5

    def _attach_signatories(self, records: dict, text: str, communes, partners) -> None:
        """A unit with no instrument of its own ("the mayor of Banjul, X, said..."): the
        people it names sign the record of the partner (or commune) it names."""
        people = self._signatories(text, communes, partners)
        if not people:
            return
        for rec in records.values():
            if rec.kind == "no_agreement":
                continue
            if any(p.entry is not None and p.entry.id == rec.partner for p in partners) or (
                not partners and any(c.entry is not None and c.entry.id == rec.commune for c in communes)
            ):
                names = {s.name for s in rec.signatories}
                rec.signatories += [s for s in people if s.name not in names]

    # -- pieces ----------------------------------------------------------------------------
    @staticmethod
    def _has(pattern, norm: str) -> bool:
        return bool(pattern and pattern.search(norm))

    def _kind(self, norm: str) -> str | None:
        for kind, pat in self.cues.kinds:
            if pat.search(norm):
                return kind
        return None

    def _decide(
        self, instrument: str | None, events: frozenset, table: bool, *, explicit: bool
    ) -> tuple[str | None, str | None]:
        signed = "signed" in events
        # an approved draft or a planned signing is "not signed yet" by nature: checked before negation
        if ("approval" in events or "draft" in events) and ("draft" in events or not signed):
            return ("council_approval", None) if instrument else (None, None)
        if "future" in events:
            return ("announcement", None) if instrument or signed else (None, None)
        if "negation" in events:
            return ("no_agreement", "negated") if instrument or events & {"visit", "proposal"} else (None, None)
        if "proposal" in events and not signed:
            return "no_agreement", "proposal"
        if "prospect" in events:
            # "explored the possibility of a twinning", "تباحث إمكانية توقيع اتفاقية": talk, no signature
            return ("no_agreement", "prospect") if instrument or "visit" in events else (None, None)
        if "visit" in events and not signed and not table and not explicit:
            # a visit naming no instrument of its own ("un convenio de cooperación con X" is one)
            return ("no_agreement", "visit") if "draft" not in events else (None, None)
        if instrument is None:
            return (None, None)
        if "renewal" in events:
            return "renewal", None
        return instrument, None

    def _governed(self, norm: str, window: int = 3) -> bool:
        """Every signing word of the unit comes at most `window` words after a prospect word
        ("la possibilité de signer", "hoped to sign", "إمكانية توقيع"): the signing is only talked of."""
        prospects = [m.end() for m in self.cues.events["prospect"].finditer(norm)]
        signings = list(self.cues.events["signed"].finditer(norm))
        return bool(signings) and all(
            any(end <= m.start() and len(norm[end : m.start()].split()) <= window for end in prospects)
            for m in signings
        )

    def _is_commune(self, entry) -> bool:
        return entry is not None and entry.kind == "commune"

    def _is_partner(self, entry) -> bool:
        return entry is not None and entry.kind == "city" and entry.data.get("country") != self.home

    def _places(self, text: str) -> list[_Place]:
        spans = self.gazetteer.find_spans(text, getattr(self, "_countries", frozenset()))
        cased = normalize(text, keep_case=True)
        raw = list(re.finditer(r"\w+", cased))
        out = []
        for entry, s, e in spans:
            if entry.id not in self.gazetteer.places:
                continue
            written = " ".join(m.group(0) for m in raw[s:e]) if e <= len(raw) else entry.id
            if e <= len(raw):
                written = cased[raw[s].start() : raw[e - 1].end()]
                if self._in_person_name(cased, raw, s) and entry.data.get("source") == "geonames":
                    continue  # "Brahim Ould El Khalil", "ولد الخليل": a person's name, not Hebron
            other = entry.data.get("source") == "geonames" and self._of_another_country(entry, cased, raw, e)
            there = self._resolve(written, [], text) if other else None
            if there is not None:
                out.append(_Place(there, written, s))  # "طرابلس اللبنانية": Lebanon's Tripoli, not Libya's
                continue
            if not self._credible(entry, written):
                continue
            if other:
                # "آدرار بالجمهورية الإسلامية الموريتانية": not Algeria's Adrar but a place of the
                # country named, which no gazetteer knows: kept as written
                out.append(_Place(None, written, s))
                continue
            if entry.data.get("source") == "geonames" and self._heads_a_longer_name(cased, raw, e):
                continue  # "el Palacio Municipal", "the Cabo Verde Room": a building's name, not the town
            if (
                entry.data.get("source") == "geonames"
                and self.cues.locality
                and self.cues.locality.match(cased.lower(), raw[s].start())
            ):
                continue  # "el Cabildo de X": the locality word of another name, not the town Cabildo
            out.append(_Place(entry, written, s))
        return out

    def _of_another_country(self, entry, cased: str, raw: list, end: int) -> bool:
        """The words right after the town name another foreign country (its name or nisba):
        the text means a namesake there."""
        if end >= len(raw) or entry.kind != "city":
            return False
        after = cased[raw[end - 1].end() : raw[min(end + _COUNTRY_REACH, len(raw)) - 1].end()]
        named = self._named_countries(after)
        return bool(named) and str(entry.data.get("iso")) not in named

    def _heads_a_longer_name(self, cased: str, raw: list, end: int) -> bool:
        """The span is followed, after a single space, by a capitalized word that is no place nor
        a title word: the town's name starts a longer proper name."""
        if end >= len(raw) or end < 1:
            return False
        nxt = raw[end]
        if cased[raw[end - 1].end() : nxt.start()] != " " or not nxt.group(0)[:1].isupper():
            return False
        word = nxt.group(0)
        if _is_arabic(word) or normalize(word).lower() in self.gazetteer.world.title_words:
            return False
        return not self.gazetteer.find_places(word)

    def _named_countries(self, text: str) -> frozenset[str]:
        """ISO codes of the foreign countries the text names: by name, or in Arabic by the
        adjective made from the name (الموريتانية, السنغالي: the nisba of موريتانيا, السنغال)."""
        found = {
            str(e.data.get("iso"))
            for e in self.gazetteer.find_places(text)
            if e.kind == "country" and e.data.get("iso")
        }
        found |= {str(e.data["iso"]) for e in self.gazetteer.countries_by_adjective(text) if e.data.get("iso")}
        home_iso = self.gazetteer.places[self.home].data.get("iso") if self.home in self.gazetteer.places else None
        return frozenset(found - {str(home_iso)})

    def _credible(self, entry, written: str) -> bool:
        """Whether a GeoNames town (a curated place always is) is named here rather than a
        word or a namesake: in Latin script a place name is capitalized ("young fishers" is
        not Fishers); where the document names foreign countries, a town of another country
        counts only if it is large and named by its own main name (a namesake's alternate
        spelling, an Arabic word with no capitals to tell it from a name, do not); where it names
        none, a town named by another's alternate spelling counts only if that place is large."""
        if entry.data.get("source") != "geonames" or entry.kind != "city":
            return True
        latin = not _is_arabic(written)
        long_words = [w for w in re.findall(r"\w+", written) if len(w) > 3]  # "des", "de", "el" stay small
        if latin and not (long_words or [written])[0][:1].isupper():
            return False
        named = getattr(self, "_named", frozenset())
        if str(entry.data.get("iso")) in named:
            return True
        main = entry.latin[0] if entry.latin else ""
        said = match_tokens(written)
        fused = dict(getattr(self.gazetteer.world, "contractions", ()))
        if said and said[0] in fused:  # "du Havre" says "Le Havre"
            said = [fused[said[0]]] + said[1:]
        own = match_tokens(main)
        # its own name, the name's head ("Las Palmas" of Las Palmas de Gran Canaria) or an exonym
        # written close to it (Seville, Séville of Sevilla): not a namesake's unrelated alternate
        own_name = bool(said) and (
            own == said
            or (len(said) >= 2 and own[: len(said)] == said)
            or fuzz.ratio(" ".join(said), " ".join(own)) >= self.cues.exonym_ratio
        )
        large = int(entry.data.get("population") or 0) >= self.cues.unnamed_country_population
        if not named:
            return not latin or own_name or large  # "Villanueva", a spelling of Tallahassee, is not it
        return latin and own_name and large

    def _in_person_name(self, cased: str, raw: list, start: int) -> bool:
        """A name right after a patronymic particle ("Ould", "Ben", "ولد", "بنت"), an article
        between them allowed ("Ould El Khalil"), is part of a person's name."""
        if not self.cues.particles or start == 0:
            return False
        k = start - 1
        if k > 0 and normalize(raw[k].group(0)) in _NAME_ARTICLES:
            k -= 1
        return bool(self.cues.particles.fullmatch(normalize(raw[k].group(0))))

    def _unknown_localities(self, text: str, known: list[_Place]) -> list[_Place]:
        """Names after a locality word ("la ville de X", "مدينة X") that no gazetteer knows,
        kept as written (entity resolution may still tie them to a known place)."""
        if not self.cues.locality:
            return []
        norm_cased = normalize(text, keep_case=True)
        norm = norm_cased.lower()
        tokens = list(re.finditer(r"\w+", norm))
        known_pos = {p.start for p in known} | {p.start + i for p in known for i in range(len(p.written.split()))}
        out = []
        for m in self.cues.locality.finditer(norm):
            after = [i for i, t in enumerate(tokens) if t.start() >= m.end()]
            if not after or after[0] in known_pos:
                continue
            i0 = after[0]
            if _is_arabic(m.group(0)) and re.match(r"[وفبلك]?ال", m.group(0)):
                continue  # "الجماعة تعتزم": with the article the word is "the commune" itself, no name follows
            if re.search(r"[،,.;:()\[\]«»\"“”]", norm_cased[m.end() : tokens[i0].start()]):
                continue  # "بمقر الجماعة، بحضور...": the word ends its phrase, no name follows it
            rest = norm_cased[tokens[i0].start() :]
            # "de" goes on a name before a capital ("Villanueva del Rocío"), not before a word ("Dakhla de l'...")
            stop = re.search(
                r"[،,.;:()\[\]«»\"“”]|\s(?:و|et|and|e|y|avec|with|con|مع|في|en|in|a|à)\s"
                r"|\s(?:de|di|del)\s(?![A-ZÀ-ÖØ-Þ])",
                rest,
            )
            name = (rest[: stop.start()] if stop else rest).strip()
            words = name.split()[:5]
            # a known place ends the name: "سان لوي السنغالية" is سان لوي, of Senegal
            for k, i in enumerate(range(i0, i0 + len(words))):
                if i in known_pos:
                    words = words[:k]
                    break
            if words and _is_arabic(words[0]):
                words = self._arabic_name(words)
                # a locality read earlier in the document ends the name: "عمدة سيدهيو عبدولاي سانيا"
                # after "بلدية سيدهيو" is سيدهيو and its mayor's name
                read = getattr(self, "_read", set())
                words = next((words[:k] for k in range(1, len(words)) if normalize(" ".join(words[:k])) in read), words)
            if not words or (not _is_arabic(words[0]) and not words[0][:1].isupper()):
                continue
            if any(_is_cue(self.cues, w) for w in words) or (len(words) == 1 and _common_word(words[0])):
                continue
            out.append(_Place(None, _original(text, words), i0))
        return out

    def _arabic_name(self, words: list[str]) -> list[str]:
        """The words of an Arabic name after a locality word, with no capitals to end it: not
        an adjective first (جماعة ترابية "a territorial commune"); it ends at a country's
        adjective or a very frequent word (وادان الموريتانية خلال: وادان). Word frequency says
        little more: transliterated names are frequent words too (سان, سيدي, بئر)."""
        if _nisba(words[0]):
            return []
        out = [words[0]]
        for w in words[1:]:
            if _arabic_word_zipf(w) >= _ARABIC_ENDS or self._named_countries(w):
                break
            out.append(w)
        return out

    @staticmethod
    def _nearest(communes: list[_Place], partner: _Place) -> _Place:
        before = [c for c in communes if c.start <= partner.start]
        return before[-1] if before else communes[0]

    def _signatories(self, text: str, communes: list[_Place], partners: list[_Place]) -> list[Signatory]:
        if not self.cues.roles:
            return []
        norm_cased = normalize(text, keep_case=True)
        norm = norm_cased.lower()
        out: list[Signatory] = []
        place_words = {normalize(w) for p in communes + partners for w in p.written.split()}
        # "Name, role": a name right before a role (no conjunction between) is its holder, and
        # what follows the role ("، بحضور …", "، وعمر جالو، عمدة …") is not
        before = self._named_before_role(text, norm_cased, place_words, communes, partners)
        for m in self.cues.roles.finditer(norm):
            if m.start() in before:
                continue
            tail = norm_cased[m.end() : m.end() + 120]
            direct = re.match(r"\s+((?:[A-ZÀ-ÖØ-Þ][\w'’\-]*\s+){1,3}[A-ZÀ-ÖØ-Þ][\w'’\-]*)(?![\w'’\-])", tail)
            if direct:
                # "la sindaca Rosaria Mineo", "mayor Ana Ruiz": the name right after the title
                words = direct.group(1).split()
                if not any(
                    normalize(w) in place_words
                    or _place_word(self.gazetteer, w)
                    or _is_cue(self.cues, w)
                    or (self.cues.honorifics and self.cues.honorifics.fullmatch(normalize(w)))
                    for w in words
                ):
                    out.append(Signatory(name=_original(text, words), role=_original(text, m.group(0).split())))
                    continue
            # skip the place of the role ("de Banjul", "بلدية بانجول") up to a comma, then the name
            mm = re.match(r"\s*(?:(?:de|du|of|di|del|de la|d')\s+)?([^،,()]{0,50}?)[،,]\s*(.+)", tail)
            seg, name_part = (mm.group(1), mm.group(2)) if mm else ("", tail)
            if not mm and _is_arabic(tail):
                # "رئيسة جماعة أمكالة فاطمة سيدة": no comma, the role's place then the name
                seg, name_part = self._arabic_role_place(tail, place_words)
            if re.search(r"[\"«»“”]", seg):
                continue  # 'عمدة امبور أن مدينته "تملك…،': a quotation, not the role's place
            if self.cues.honorifics:
                h = self.cues.honorifics.match(normalize(name_part.strip()))
                if h:
                    name_part = name_part.strip()[h.end() :]
            # a full stop after a lone capital is an initial ("Esther M. Kollie"), not the end
            name = re.split(
                r"[،,;:()\"«»“”]|(?<!\s[A-Z])\.|\s(?:عن|أن|ان|que|said|a|ha|ha\s|dijo|ha dichiarato)\s",
                name_part.strip(),
            )[0]
            words = name.split()[:4]
            cue_at = next((i for i, w in enumerate(words) if i and self.cues.roles.fullmatch(normalize(w))), None)
            words = words[:cue_at]  # "فاطمة سيدة وعمدة سيدهيو …": the next role ends the name
            if len(words) < 2 or any(normalize(w) in place_words for w in words):
                continue
            if _is_arabic(words[0]) and words[0].startswith("ال") and _arabic_word_zipf(words[0]) >= _ARABIC_ENDS:
                continue  # "…، عمدة سيغو، الذي حل": a relative clause, not a name
            if not _is_arabic(words[0]) and not all(w[:1].isupper() for w in words[:2]):
                continue
            if any(
                _is_cue(self.cues, w)
                or _prepositional(w)
                or (_function_word(normalize(w)) and not (i and not _is_arabic(w) and w[:1].isupper()))
                or (normalize(w)[:1] in "وف" and _function_word(normalize(w)[1:]))
                for i, w in enumerate(words)
                if len(w) > 1
            ):
                # "وعن الجانب ...": the sentence goes on, no name follows the role; a capital
                # keeps a Latin particle inside a name ("Hervé Le Dantec")
                continue
            # "X، رئيس …، وعليو انداو فاي، عمدة امبور": a name followed by a role is that role's
            # apposition (the next party), not this role's holder; a conjunction before the
            # role ("…، إبراهيم ولد لحبيب، وعمدة …") starts the next party instead
            after = re.match(r"\s*[،,]\s*(?:(?:le|la|l'|the|il|el)\s+)?(.*)", name_part.strip()[len(name) :])
            next_role = after and self.cues.roles.match(normalize(after.group(1)[:80]))
            if next_role and not self._conjunction(next_role.group(0)[0]):
                continue
            side = None
            seg_norm = normalize(seg)
            if any(normalize(w) in seg_norm for p in partners for w in p.written.split()):
                side = "partner"
            elif any(normalize(w) in seg_norm for p in communes for w in p.written.split()):
                side = "commune"
            role = (m.group(0) + (" " + seg.strip() if seg.strip() else "")).strip()
            out.append(Signatory(name=_original(text, words), role=_original(text, role.split()), side=side))
        out += before.values()
        names: set[str] = set()
        out = [s for s in out if not (s.name in names or names.add(s.name))]
        # a name that another one found goes on ("عبدولاي سانيا يتبادلان …") ran into the sentence
        return [s for s in out if not any(o.name != s.name and s.name.startswith(o.name + " ") for o in out)]

    def _arabic_role_place(self, tail: str, place_words: set[str]) -> tuple[str, str]:
        """Split the words after an Arabic role into its place ("المجلس الإقليمي لتييس":
        place names, with or without a preposition, adjectives, council words) and the rest."""
        words = tail.split()
        i = 0
        while i < len(words):
            w = normalize(words[i])
            bare = w[1:] if w[:1] in "لب" else w
            if not (
                w in place_words
                or bare in place_words
                or _place_word(self.gazetteer, words[i])
                or _is_cue(self.cues, words[i])
                or (w.startswith("ال") and w.endswith(("ي", "يه", "ية")))
            ):
                break
            i += 1
        return " ".join(words[:i]), " ".join(words[i:])

    def _named_before_role(self, text, norm_cased, place_words, communes, partners) -> dict[int, Signatory]:
        """ "Brahim Ould Lahbib, président du conseil communal d'El Marsa", "عثمان نداي، عمدة مدينة
        سان لوي": the name before a comma, the role after it."""
        out: dict[int, Signatory] = {}
        norm = norm_cased.lower()
        for m in self.cues.roles.finditer(norm):
            head = norm_cased[max(0, m.start() - 80) : m.start()]
            before = re.search(r"([^،,.;:()\"«»“”]+)[،,]\s*(?:\w+\s+){0,2}$", head)
            if not before:
                continue
            gap = head[before.end(1) :].split()
            glued = m.group(0)[:1]  # "، وعمدة …": the conjunction written on the role
            if any(self._conjunction(w) for w in gap + [glued]):
                continue  # "Hervé Le Dantec, et le premier vice-président": the name ends the previous party
            words = before.group(1).split()
            name: list[str] = []
            for w in reversed(words[-5:]):
                lw = normalize(w)
                latin = not _is_arabic(w)
                if (
                    lw in place_words
                    or (not latin and (_place_word(self.gazetteer, w) or _prepositional(w)))
                    or _is_cue(self.cues, w)
                    or (latin and not w[:1].isupper())
                    or (not latin and _function_word(lw))  # "Le Goff", "Ould": capitals keep Latin particles
                    or (self.cues.honorifics and self.cues.honorifics.fullmatch(lw))
                ):
                    break
                name.insert(0, w)
            if name and _is_arabic(name[0]) and name[0].startswith("و") and len(name[0]) > 3:
                name[0] = name[0][1:]  # "، وجان بيير": the conjunction glued to the first name
            if not 2 <= len(name) <= 4:
                continue
            role_end = re.search(r"[،,.;:()]", norm_cased[m.end() : m.end() + 80])
            role = norm_cased[m.start() : m.end() + (role_end.start() if role_end else 0)]
            # the side from the role's own words ("…للمرسى"), not from the party named after it
            tail = normalize(norm_cased[m.end() : m.end() + (role_end.start() if role_end else 60)])
            side = (
                "partner"
                if any(normalize(w) in tail for p in partners for w in p.written.split())
                else ("commune" if any(normalize(w) in tail for p in communes for w in p.written.split()) else None)
            )
            out[m.start()] = Signatory(name=_original(text, name), role=_original(text, role.split()), side=side)
        return out

    def _add(
        self,
        records,
        doc_id,
        unit,
        commune,
        partner,
        places,
        kind,
        what,
        dates,
        signatories,
        themes,
        *,
        explicit: bool,
        cue: bool,
    ) -> None:
        entry = partner.entry
        country = entry.data.get("country") if entry is not None else None
        if country is None:  # an unknown name: the country the unit names next to it ("Favignana (Italy)")
            named = [p for p in places if p.entry is not None and p.entry.kind == "country" and p.entry.id != self.home]
            if named:
                country = min(named, key=lambda p: (p.start < partner.start, abs(p.start - partner.start))).entry.id
            else:  # else an Arabic country adjective in the unit, else the one foreign country of the document
                of_iso = getattr(self.gazetteer, "country_of_iso", {})
                for isos in (self._named_countries(unit.text), getattr(self, "_named", frozenset())):
                    if len(isos) == 1:
                        country = of_iso.get(next(iter(isos)))
                        break

        continent = None
        if country and country in self.gazetteer.places:
            continent = self.gazetteer.places[country].data.get("region")
        date = dates[0] if dates else None
        confidence = 0.45 + 0.2 * cue + 0.15 * explicit + 0.1 * (date is not None) + 0.1 * (entry is not None)
        rec = Extracted(
            doc=doc_id,
            commune=commune.entry.id if commune.entry is not None else None,
            commune_as_written=commune.written,
            partner=entry.id if entry is not None else None,
            partner_as_written=partner.written,
            country=country,
            continent=continent,
            kind=kind,
            what=what,
            date=date.iso if date else None,
            date_precision=date.precision if date else None,
            date_as_written=_original(unit.text, date.as_written.split()) if date else None,
            signatories=signatories,
            themes=themes,
            themes_as_written=None,
            mentions=[
                Mention(
                    lines=(unit.line, unit.end_line),
                    quote=unit.text,
                    kind=kind,
                    date=date.iso if date else None,
                    date_as_written=_original(unit.text, date.as_written.split()) if date else None,
                )
            ],
            method="rules",
            confidence=round(min(confidence, 1.0), 2),
        )
        old = records.get(rec.key)
        if old is None:
            records[rec.key] = rec
            return rec.key
        # the same instrument mentioned again in the document: one record, every mention kept
        old.mentions.append(rec.mentions[0])
        if rec.date and not old.date:  # the first mention's date stands; others may disagree (discrepancy)
            old.date, old.date_precision, old.date_as_written = rec.date, rec.date_precision, rec.date_as_written
        old.themes = list(dict.fromkeys(old.themes + rec.themes))
        names = {s.name for s in old.signatories}
        old.signatories += [s for s in rec.signatories if s.name not in names]
        old.confidence = max(old.confidence, rec.confidence)
        return rec.key


def _quote(rec: Extracted, unit: Unit, about: str, date: str | None = None) -> bool:
    """Keep the unit as a mention of what it adds to the record (once); whether it was new."""
    if unit.text in (m.quote for m in rec.mentions):
        return False
    rec.mentions.append(Mention(lines=(unit.line, unit.end_line), quote=unit.text, date=date, about=about))
    return True


def _original(text: str, words: list[str]) -> str:
    """The words as the text writes them (hamza, alef maqsura, accents), found by their
    normalized forms; the normalized words when the text cannot be aligned."""
    target = [normalize(w) for w in words]
    toks = list(re.finditer(r"[^\W_]+(?:['’\-][^\W_]+)*", text))
    norms = [normalize(m.group(0)) for m in toks]
    n = len(target)
    for i in range(len(toks) - n + 1):
        if norms[i : i + n] == target:
            return text[toks[i].start() : toks[i + n - 1].end()]
    return " ".join(words)


@lru_cache(maxsize=50_000)
def _place_word(gazetteer, word: str) -> bool:
    return bool(gazetteer.find_places(word))


@lru_cache(maxsize=50_000)
def _function_word(word: str) -> bool:
    """Prepositions, articles, conjunctions ("par", "عن", "and"): short and very frequent words
    end a name (محمد is frequent too, but not short)."""
    from wordfreq import zipf_frequency

    if len(word) > (3 if _is_arabic(word) else 4):
        return False
    return max(zipf_frequency(word, lang) for lang in ("ar", "fr", "en", "it", "es")) >= 5.8


@lru_cache(maxsize=50_000)
def _common_word(word: str) -> bool:
    """An ordinary word (not a name) in the languages of the corpus."""
    from wordfreq import zipf_frequency

    w = normalize(word)
    return max(zipf_frequency(w, lang) for lang in ("ar", "fr", "en", "it", "es")) >= 4.0


_ARABIC_ENDS = 5.8  # Zipf: an Arabic word this frequent (خلال, منذ) does not go on a name


@lru_cache(maxsize=50_000)
def _arabic_word_zipf(word: str) -> float:
    from wordfreq import zipf_frequency

    return max(zipf_frequency(word, "ar"), zipf_frequency(normalize(word), "ar"))


def _nisba(word: str) -> bool:
    """An Arabic relative adjective without the article (ترابية, قروية, حضرية): in the
    feminine it qualifies the locality word, it is not a name."""
    return len(word) > 4 and not word.startswith("ال") and word.endswith(("ية", "يه"))


_PEOPLE_READERS: dict = {}


def people_in(text: str, gazetteer, settings, places: list[str] | tuple[str, ...] = ()) -> list[Signatory]:
    """The people a text names with a title ("Selma Haufiku, mayor of Walvis Bay", «رئيس
    جماعة تفاريتي، محمد …»), read as signatories are: what a "who" question's answer holds.
    `places`: names of places no gazetteer holds, which are not people either."""
    key = (id(gazetteer), str(settings.data_dir))
    reader = _PEOPLE_READERS.get(key)
    if reader is None:
        reader = _PEOPLE_READERS[key] = RuleExtractor(gazetteer, settings, settings.data_dir)
    known = [_Place(None, name, -1) for name in places]
    return reader._signatories(text, known, [])


def _prepositional(word: str) -> bool:
    """An Arabic word with a preposition and the article glued to it (بالمناسبة, للعيون,
    وبالمدينة): a prepositional phrase, never part of a person's name."""
    return bool(re.match(r"[وف]?(?:[بك]ال|لل)", normalize(word))) and len(word) > 4


def _is_arabic(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in word)


def _is_cue(cues: Cues, word: str) -> bool:
    w = normalize(word)
    pats = [p for _, p in cues.kinds] + [cues.generic, cues.locality, cues.roles] + list(cues.events.values())
    return any(p is not None and p.fullmatch(w) for p in pats)
