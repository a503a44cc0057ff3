"""Place names and cross-language terms, loaded from data files in corpus/data/.

`aliases.yaml` lists the communes, the partner cities, countries and regions the
documents name, with their Arabic spellings (including the documents' typos) and
Latin names; `glossary.yaml` maps French/English vocabulary to the Arabic words the
documents use. Under them lies the world of `geonames.py` (GeoNames cities, CLDR
country names): a spelling the curated files do not know is looked up there, an
ambiguous one resolved by the country the text names, then by population. All of
it expands questions for keyword search, and place names enrich chunks so a French
question naming "Laâyoune" finds an Arabic table row.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from collections.abc import Mapping
from pathlib import Path

import yaml

from assistant import geonames
from assistant.arabic import _ARTICLES, normalize

LATIN_FIELDS = ("fr", "en", "other", "fr_adj", "en_adj")
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml: 10x faster on the big data files


def _strip_prefixes(token: str) -> str:
    """Conjunction and article prefixes only: place names rarely take suffixes,
    and suffix stripping would make e.g. البنين (Benin) collide with بن."""
    if len(token) > 4 and token[0] in "وفب" and token[1:3] == "ال":
        token = token[1:]
    for art in _ARTICLES:
        if token.startswith(art) and len(token) - len(art) >= 3:
            return token[len(art) :]
    return token


def _is_arabic_word(word: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in word)


def match_tokens(text: str) -> list[str]:
    return [_strip_prefixes(t) for t in re.findall(r"\w+", normalize(text))]


def runs_of(toks: list[str], want: list[str]) -> list[int]:
    """Where the token run `want` starts in `toks` (both from match_tokens); the first token
    may carry a one-letter Arabic preposition or conjunction («لوادي الكرم», «وبئر …»)."""
    n = len(want)
    if not n:
        return []
    return [
        i
        for i in range(len(toks) - n + 1)
        if toks[i + 1 : i + n] == want[1:]
        and (toks[i] == want[0] or (len(toks[i]) > 2 and toks[i][0] in "لبوفك" and toks[i][1:] == want[0]))
    ]


@dataclass
class Entry:
    id: str
    kind: str
    ar: list[str]
    latin: list[str]
    data: dict = field(default_factory=dict)

    @property
    def names(self) -> list[str]:
        return self.ar + self.latin

    @property
    def display_latin(self) -> list[str]:
        """Latin names worth showing or indexing (GeoNames' many transliterations are
        for matching only)."""
        return self.data.get("display_latin") or self.latin

    def name(self, lang: str) -> str:
        """Display name in a language: ar / fr / en, falling back sensibly."""
        if lang == "ar" and self.ar:
            return self.ar[0]
        for key in (lang, "en", "fr"):
            values = self.data.get(key) or []
            if values:
                return values[0]
        return self.ar[0] if self.ar else self.id


class Places(Mapping):
    """Place entries by id: the curated ones, then the world's, made on first use
    (tens of thousands of GeoNames cities are looked up, rarely all listed)."""

    def __init__(self, curated: dict[str, Entry], gazetteer: "Gazetteer"):
        self._curated, self._g = curated, gazetteer

    def __getitem__(self, key: str) -> Entry:
        if key in self._curated:
            return self._curated[key]
        row = self._g.world_ids.get(key)
        if row is None:
            raise KeyError(key)
        return self._g.world_entry(row)

    def __contains__(self, key) -> bool:
        return key in self._curated or key in self._g.world_ids

    def __iter__(self):
        yield from self._curated
        yield from (k for k in self._g.world_ids if k not in self._curated)

    def __len__(self) -> int:
        return len(self._curated) + sum(1 for k in self._g.world_ids if k not in self._curated)

    def curated(self):
        return self._curated.values()


class Gazetteer:
    """Finds known places and terms in text, by token sequences after normalization:
    the curated entries first, then the world's."""

    def __init__(
        self, places: list[Entry], terms: list[Entry], fingerprint: str = "", world: geonames.World = geonames.EMPTY
    ):
        self.fingerprint = fingerprint
        self.world = world
        self.terms = terms
        self._index: dict[str, list[tuple[tuple[str, ...], Entry]]] = {}
        for entry in places + terms:
            for variant in entry.names:
                toks = tuple(match_tokens(variant))
                if not toks or (len(toks) == 1 and len(toks[0]) <= 2):
                    continue  # "US", "UE": too ambiguous on their own
                self._index.setdefault(toks[0], []).append((toks, entry))
        for lst in self._index.values():
            lst.sort(key=lambda x: -len(x[0]))
        curated = {e.id: e for e in places}
        self._link_world(curated)
        self.places = Places(curated, self)

    # -- the world under the curated entries -------------------------------------------
    def _link_world(self, curated: dict[str, Entry]) -> None:
        """Country codes to ids (a curated country keeps its id), and each curated place
        tied to its GeoNames row (same country, a shared spelling): the row then stands
        for the curated entry, which gains its coordinates and population."""
        w = self.world
        self.world_ids: dict[str, int] = {}
        self.country_of_iso: dict[str, str] = {}
        self._row_to_curated: dict[int, str] = {}
        self._made: dict[int, Entry] = {}
        for i, row in enumerate(w.rows):
            if row[1] == "country":
                self.country_of_iso[row[2]] = row[0]
        for e in curated.values():
            if e.kind == "country" and e.data.get("iso"):
                self.country_of_iso[str(e.data["iso"])] = e.id
        iso_of = {cid: iso for iso, cid in self.country_of_iso.items()}
        for i, row in enumerate(w.rows):
            self.world_ids.setdefault(row[0], i)
        for e in curated.values():
            iso = e.data.get("iso") if e.kind == "country" else iso_of.get(e.data.get("country") or "")
            if not iso:
                continue
            for name in e.names:
                hits = [
                    i
                    for i in w.lookup(" ".join(match_tokens(name)))
                    if w.rows[i][2] == iso and (w.rows[i][1] == "country") == (e.kind == "country")
                ]
                if hits:
                    row = w.rows[hits[0]]
                    self._row_to_curated[hits[0]] = e.id
                    for key, value in (
                        ("lat", row[6]),
                        ("lon", row[7]),
                        ("population", row[5]),
                        ("geonameid", row[10]),
                    ):
                        e.data.setdefault(key, value)
                    break
        for i, cid in self._row_to_curated.items():
            self.world_ids.pop(self.world.rows[i][0], None)
            self.world_ids.setdefault(cid, i)

    def world_entry(self, i: int) -> Entry:
        """The entry of world row i, made once (entries are compared by identity)."""
        if i in self._row_to_curated:
            return self.places[self._row_to_curated[i]]
        made = self._made.get(i)
        if made is None:
            made = self._made[i] = self._make_world_entry(i)
        return made

    def _make_world_entry(self, i: int) -> Entry:
        p = self.world.place(i)
        data: dict = {"source": "geonames", "iso": p.iso, "population": p.population, "geonameid": p.geonameid}
        if p.kind == "country":
            data["region"] = p.region
            for lang, name in p.names_by_lang:
                data.setdefault(lang, [name])
        else:
            data.update(country=self.country_of_iso.get(p.iso), lat=p.lat, lon=p.lon, admin1=p.admin1)
            data["en"] = data["fr"] = [p.latin[0]] if p.latin else []
        data["display_latin"] = [n for n in dict.fromkeys((data.get("en") or []) + (data.get("fr") or []))]
        return Entry(p.id, p.kind, list(p.ar), list(p.latin), data)

    def _world_candidates(self, toks: list[str], i: int, cased_toks) -> tuple[int, list[int]]:
        """(length, rows) of the longest world name starting at token i."""
        w = self.world
        for length in range(min(w.max_tokens, len(toks) - i), 0, -1):
            key = " ".join(toks[i : i + length])
            rows = w.lookup(key)
            if not rows:
                continue
            ok = []
            for r in rows:
                if key in w.rows[r][11]:  # also an ordinary word: only when capitalized
                    raw = cased_toks()[i : i + length]
                    if not raw or not all(t[:1].isupper() for t in raw if len(t) > 3):  # "del", "de" stay small
                        continue
                ok.append(r)
            if ok:
                return length, ok
        return 0, []

    def resolve_name(self, name: str, country: str | None = None) -> Entry | None:
        """The place a spelling no index holds most plausibly names, across scripts
        (`same_name`): a curated place, or a city of `country` (any size) or a large
        one; the most populous when several fit."""
        if not name or not skeleton(name):
            return None
        iso = self.places[country].data.get("iso") if country and country in self.places else None
        curated = [
            e
            for e in self.places.curated()
            if e.kind in ("city", "commune") and (country is None or e.data.get("country") == country)
        ]
        for e in curated:
            if any(same_name(name, n) for n in e.names):
                return e
        best = None
        # without a country, only an identical skeleton among large cities: thousands of
        # candidates make fuzzy matches cheap
        loose = iso is not None
        for i in self._rows_of(str(iso) if iso else None):
            row = self.world.rows[i]
            if any(
                same_name(name, n) if loose else (len(skeleton(name)) >= 4 and skeleton(name) == skeleton(n))
                for n in row[3] + row[4][:3]
            ):
                if best is None or row[5] > self.world.rows[best][5]:
                    best = i
        return self.world_entry(best) if best is not None else None

    def _rows_of(self, iso: str | None) -> list[int]:
        if not hasattr(self, "_by_iso"):
            self._by_iso: dict[str | None, list[int]] = {None: []}
            for i, row in enumerate(self.world.rows):
                if row[1] == "city":
                    self._by_iso.setdefault(row[2], []).append(i)
                    if row[5] >= self.world.context_population:
                        self._by_iso[None].append(i)
        return self._by_iso.get(iso, [])

    def _article_fits(self, rows: list[int], token: str, key: str) -> list[int]:
        """Arabic: a word written with the article (البحري "maritime") names a town only if
        the town's name has it too (القاهرة); matching strips articles from both sides."""
        bare = token.lstrip("وفبلك") if token[:1] in "وفبلك" and token[1:3] == "ال" else token
        if not bare.startswith("ال"):
            return rows
        return [
            r
            for r in rows
            if any(normalize(n).startswith("ال") and " ".join(match_tokens(n)) == key for n in self.world.rows[r][3])
        ]

    @classmethod
    def from_dir(cls, data_dir: Path) -> "Gazetteer":
        return _load(str(Path(data_dir).resolve()))

    def countries_in(self, text: str) -> frozenset[str]:
        """ISO codes of the countries a text names (the context of a shorter passage)."""
        out = set()
        for e in self.find_places(text):
            for r in self.related(e):
                if r.kind == "country" and r.data.get("iso"):
                    out.add(str(r.data["iso"]))
        return frozenset(out)

    def countries_by_adjective(self, text: str) -> list[Entry]:
        """Countries an Arabic text names by the adjective made from their name (الموريتانية,
        السنغالي: the nisba of موريتانيا, السنغال), as "the Islamic Republic of Mauritania" reads
        «الجمهورية الإسلامية الموريتانية»."""
        found: dict[str, Entry] = {}
        for word in set(re.findall(r"[\u0600-\u06ff]+", normalize(text))):
            stem = re.sub(r"^[وفبلك]?ال", "", word)
            stem = re.sub(r"(?:يه|يين|يون|يات|ي)$", "", stem) if len(stem) > 4 else ""
            for form in {stem, stem + "ا", stem + "يا", "ال" + stem} if stem else ():
                found.update((e.id, e) for e in self.find_places(form) if e.kind == "country")
        return list(found.values())

    def find_spans(self, text: str, countries: frozenset[str] = frozenset()) -> list[tuple[Entry, int, int]]:
        """(entry, first token, end token) for each mention, longest match first,
        positions in `match_tokens(text)`. A world name several places share is read
        as the one in a country the text (or `countries`, ISO codes of its context)
        names, else the most populous."""
        toks = match_tokens(text)
        cased: list[list[str]] = []

        def cased_toks() -> list[str]:
            if not cased:
                found = list(re.finditer(r"\w+", normalize(text, keep_case=True)))
                cased.append([_strip_prefixes(m.group(0)) for m in found])
                cased.append(found)
            return cased[0] if len(cased[0]) == len(toks) else []

        raw: list[list[str]] = []

        def raw_tokens() -> list[str]:
            if not raw:
                raw.append(re.findall(r"\w+", normalize(text)))
            return raw[0]

        def inside_a_name(start: int, end: int) -> bool:
            """A Latin world name right after another capitalized word ("Luis Neyra León",
            "Fidel Castro", "América Latina"), or hyphened to other words ("Saint-Maurice-de-
            Rémens"), is part of a longer proper noun."""
            words = cased_toks()
            if not words:
                return False
            cased_text = normalize(text, keep_case=True)
            found = cased[1]
            if not _is_arabic_word(found[start].group(0)) and (
                (start > 0 and cased_text[found[start - 1].end() : found[start].start()] == "-")
                or (end < len(found) and cased_text[found[end - 1].end() : found[end].start()] == "-")
            ):
                return True
            if start == 0:
                return False
            prev, here = found[start - 1], found[start]
            gap = cased_text[prev.end() : here.start()]
            return (
                gap.isspace()
                and prev.group(0)[:1].isupper()
                and not _is_arabic_word(prev.group(0))
                and not _is_arabic_word(here.group(0))
                and prev.group(0).lower() not in self.world.title_words
            )

        spans: list[tuple[Entry, int, int]] = []
        pending: list[tuple[int, int, int, list[int]]] = []  # (position in spans, start, end, rows)
        i = 0
        while i < len(toks):
            step = 1
            first = toks[i]
            matched = False
            # a conjunction or preposition glued to a name: ودرو, لبوجدور, بالعيون
            alts = [first] + ([first[1:]] if len(first) > 3 and first[0] in "وفبلك" else [])
            for alt in alts:
                for cand, entry in self._index.get(alt, ()):
                    if (alt,) + tuple(toks[i + 1 : i + len(cand)]) == cand:
                        spans.append((entry, i, i + len(cand)))
                        step, matched = len(cand), True
                        break
                if matched:
                    break
            if not matched and self.world.rows:
                # of the glued prefixes only "and" (وباماكو, the last item of a list), on a long word:
                # بالتي is not ب + التي
                world_alts = alts[:1] + [a for a in alts[1:] if first[0] == "و" and len(a) >= 4]
                # a preposition fused with the article of a name: "des Sables-d'Olonne" (de + Les)
                fused = [a for k, a in self.world.contractions if k == first]
                for alt in fused + world_alts:
                    length, rows = self._world_candidates([alt] + toks[i + 1 :], 0, lambda: cased_toks()[i:])
                    if length == 1 and alt in fused:
                        length, rows = 0, []  # the article alone is no name
                    if length and _is_arabic_word(alt):
                        rows = self._article_fits(
                            rows, raw_tokens()[i] if i < len(raw_tokens()) else alt, " ".join(toks[i : i + length])
                        )
                        length = length if rows else 0
                    if length and inside_a_name(i, i + length):
                        break
                    if length:
                        pending.append((len(spans), i, i + length, rows))
                        spans.append((None, i, i + length))  # type: ignore[arg-type]
                        step = length
                        break
            i += step
        if pending:
            named = {e.id for e, _, _ in spans if e is not None and e.kind == "country"}
            named |= {self.world.rows[r[0]][0] for _, _, _, r in pending if self.world.rows[r[0]][1] == "country"}
            named_iso = {self.world.rows[self.world_ids[c]][2] for c in named if c in self.world_ids} | countries
            small = self.world.context_population
            for pos, start, end, rows in pending:
                # in Arabic script a small town counts only where the text names its country:
                # with no capitals its name is as likely a person's (إسماعيلي) or a word
                arabic = _is_arabic_word(toks[start])
                rows = [
                    r
                    for r in rows
                    if not arabic
                    or self.world.rows[r][1] != "city"
                    or self.world.rows[r][5] >= small
                    or self.world.rows[r][2] in named_iso
                ]
                if not rows:
                    spans[pos] = None  # type: ignore[call-overload]
                    continue
                key = " ".join(toks[start:end])
                # a country the text names decides; else a place of that very name before a namesake
                # that has it as an alternate spelling ("Arrecife" is not Recife)
                best = next(
                    (r for r in rows if self.world.rows[r][2] in named_iso),
                    next((r for r in rows if self.world.rows[r][4][:1] and self._main_key(r) == key), rows[0]),
                )
                spans[pos] = (self.world_entry(best), start, end)
        return [s for s in spans if s is not None]

    def _main_key(self, row: int) -> str:
        return " ".join(match_tokens(self.world.rows[row][4][0]))

    def find(self, text: str, countries: frozenset[str] = frozenset()) -> list[Entry]:
        """Entries mentioned in text, in order of first mention."""
        found: list[Entry] = []
        for entry, _, _ in self.find_spans(text, countries):
            if entry not in found:
                found.append(entry)
        return found

    def find_places(self, text: str, countries: frozenset[str] = frozenset()) -> list[Entry]:
        # identity, not id: a glossary term may share an id with a place (e.g. "paris")
        return [e for e in self.find(text, countries) if self.places.get(e.id) is e]

    def expansion(self, text: str, *, terms: bool = True) -> str:
        """The Arabic spellings of every place (and, if `terms`, glossary term) the text
        mentions. The documents are Arabic; Latin names reach chunks through enrichment
        at indexing time."""
        return " ".join(" ".join(e.ar) for e in self.find(text) if terms or e.id in self.places)

    def primary_arabic(self, text: str) -> str:
        """The main Arabic spelling of each place and term mentioned (short: for embedding)."""
        return " ".join(e.ar[0] for e in self.find(text) if e.ar)

    def related(self, entry: Entry) -> list[Entry]:
        """The place, its country and the country's region (continent)."""
        chain, seen = [entry], {entry.id}
        for key in ("country", "region"):
            for e in list(chain):
                parent = self.places.get(e.data.get(key) or "")
                if parent is not None and parent.id not in seen:
                    chain.append(parent)
                    seen.add(parent.id)
        return chain

    def latin_names(self, text: str) -> str:
        """Latin-script names of the places an (Arabic) text mentions, with their
        countries and continents in both scripts, to enrich chunks at indexing time."""
        names: list[str] = []
        for place in self.find_places(text):
            for e in self.related(place):
                names += e.display_latin + ([] if e is place else e.ar[:1])
        return " ".join(dict.fromkeys(names))


@lru_cache(maxsize=20_000)
def place_ids(gazetteer: Gazetteer, text: str) -> frozenset[str]:
    """Ids of the places a text names, cached: passages and registry chunks are static and
    are scanned again for every answer that cites them."""
    return frozenset(e.id for e in gazetteer.find_places(text))


def _entries(items: list[dict], default_kind: str) -> list[Entry]:
    out = []
    for item in items or []:
        latin = [str(v) for f in LATIN_FIELDS for v in (item.get(f) or [])]
        arabic = [str(v) for f in ("ar", "ar_adj", "darija") for v in (item.get(f) or [])]
        out.append(Entry(item["id"], item.get("kind", default_kind), arabic, latin, item))
    return out


@lru_cache(maxsize=4)
def _load(data_dir: str) -> Gazetteer:
    base = Path(data_dir)
    places, terms = [], []
    # Only aliases.yaml shapes what gets indexed (place names enrich chunks); the
    # glossary acts on questions alone, so editing it needs no re-indexing.
    digest = hashlib.sha256()
    for name in ("aliases.yaml", "glossary.yaml"):
        if (base / name).exists():
            raw = (base / name).read_bytes()
            if name == "aliases.yaml":
                digest.update(raw)
            items = yaml.load(raw.decode("utf-8"), Loader=_YAML_LOADER) or {}
            if name == "aliases.yaml":
                places = _entries(items.get("places"), "place")
            else:
                terms = _entries(items.get("terms"), "term")
    world = geonames.load(str(base / "gazetteer.yaml"))
    digest.update(world.fingerprint.encode())
    return Gazetteer(places, terms, digest.hexdigest()[:12], world)


# -- names across scripts ----------------------------------------------------------------
_SKELETON_MAP = str.maketrans(
    {"v": "f", "p": "b", "c": "k", "q": "k", "g": "k", "j": "k", "x": "k", "z": "s", "d": "t"}
)


def skeletons(name: str) -> set[str]:
    """The skeleton, and for Latin script the one without French silent final letters
    (Saint-Louis is سان لوي, "snl")."""
    out = {skeleton(name)}
    if not _is_arabic_word(name):
        spoken = re.sub(r"(?<=[aeioun])[stxd]\b", "", normalize(name))
        out.add(skeleton(spoken))
    return out


@lru_cache(maxsize=50_000)
def skeleton(name: str) -> str:
    """A name's consonant skeleton in Latin letters, the same for its Arabic, French,
    Italian or Spanish spelling: transliterated (anyascii), vowels, semi-vowels and h
    dropped (Arabic writes few vowels), consonants Arabic lacks or writes alike merged
    (v/f, p/b, g/j/k/q), doubles collapsed. Libreville and ليبرفيل are both "lbrfl"."""
    from anyascii import anyascii

    text = re.sub(r"[^a-z ]", "", anyascii(normalize(name)).lower().replace("-", " "))
    text = text.replace("ch", "sh").replace("ph", "f")
    text = re.sub(r"[aeiouyhw ]", "", text).translate(_SKELETON_MAP)
    return re.sub(r"(.)\1+", r"\1", text)


@lru_cache(maxsize=50_000)
def vocalic(name: str) -> str:
    """A longer skeleton that keeps what Arabic writes of vowels: its long vowels «ي» and «و»
    stand for Latin i/e and o/u (a, like short vowels, is dropped). Names whose consonants alone
    are too few to compare ("fn") still differ here: Favignana and فافينيانا are both "ffynyn"."""
    from anyascii import anyascii

    text = normalize(name).lower()
    if not _is_arabic_word(name):
        text = re.sub(r"(?<=[aeiou])gn(?=[aeiou])", "ny", text)
    text = re.sub(r"[^a-z]", "", anyascii(text).lower()).replace("ch", "sh").replace("ph", "f")
    text = re.sub(r"[ie]", "y", text)
    text = re.sub(r"[ou]", "w", text)
    text = re.sub(r"[ah]", "", text).translate(_SKELETON_MAP)
    return re.sub(r"(.)\1+", r"\1", text)


_ALIF = str.maketrans({"ا": "a", "آ": "a", "أ": "a", "إ": "a"})


@lru_cache(maxsize=50_000)
def spelled(name: str) -> str:
    """`vocalic`, keeping a: Arabic's alif written «a», as Latin writes it. Short names whose
    skeletons are too few letters to compare still differ here (Adrar «ادرار» "atrar", Atar
    «أطار» "atar")."""
    from anyascii import anyascii

    text = name.translate(_ALIF) if _is_arabic_word(name) else normalize(name).lower()
    text = re.sub(r"[^a-z]", "", anyascii(text).lower()).replace("ch", "sh").replace("ph", "f")
    text = text.replace("ou", "w").replace("gh", "g")
    text = re.sub(r"[ie]", "y", text)
    text = re.sub(r"[ou]", "w", text)
    text = re.sub(r"h", "", text).translate(_SKELETON_MAP)
    return re.sub(r"(.)\1+", r"\1", text)


def _without_article(name: str) -> str:
    """An Arabic name without its article: «الشامي» is written Chami in French."""
    word = name.strip()
    return word[2:] if _is_arabic_word(word) and word.startswith("ال") and len(word) >= 5 else word


def same_name(a: str, b: str, *, strict: bool = False) -> bool:
    """Whether two spellings (any scripts) plausibly name the same place or person (`strict`: in one
    script, only as written; across scripts, only when what Arabic writes of vowels matches too, not
    consonants alone)."""
    from rapidfuzz import fuzz

    if not a or not b:
        return False
    na, nb = normalize(a).strip(), normalize(b).strip()
    if na == nb:
        return True
    cross = _is_arabic_word(a) != _is_arabic_word(b)
    if strict and not cross:
        return False  # in one script a name is written as it is ("deux" is not Dreux)
    if fuzz.ratio(na, nb) >= 88:
        return True
    if cross:
        a, b = _without_article(a), _without_article(b)
        if len(va := vocalic(a)) >= 5 and va == vocalic(b):
            return True
        if len(sa := spelled(a)) >= 4 and sa == spelled(b):
            return True  # a short name, every letter alike
        if strict:
            return False
    if not cross and fuzz.ratio(na, nb) < 70:
        return False  # one script: spellings of a name stay close ("twinning" is not Tinajo, t-n-k)
    for sa in skeletons(a):
        for sb in skeletons(b):
            if len(sa) < 3 or len(sb) < 3:
                continue
            if sa == sb or (min(len(sa), len(sb)) >= 4 and sa[0] == sb[0] and fuzz.ratio(sa, sb) >= 85):
                return True
    return False
