"""Place names and cross-language terms, loaded from data files in corpus/data/.

`aliases.yaml` lists every commune, partner city, country and region with its
Arabic spellings (including the documents' typos) and Latin names;
`glossary.yaml` maps French/English vocabulary to the Arabic words the
documents use. Both expand questions for keyword search, and place names
enrich chunks so a French question naming "Laâyoune" finds an Arabic table row.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.arabic import _ARTICLES, normalize

LATIN_FIELDS = ("fr", "en", "other", "fr_adj", "en_adj")


def _strip_prefixes(token: str) -> str:
    """Conjunction and article prefixes only: place names rarely take suffixes,
    and suffix stripping would make e.g. البنين (Benin) collide with بن."""
    if len(token) > 4 and token[0] in "وفب" and token[1:3] == "ال":
        token = token[1:]
    for art in _ARTICLES:
        if token.startswith(art) and len(token) - len(art) >= 3:
            return token[len(art):]
    return token


def match_tokens(text: str) -> list[str]:
    return [_strip_prefixes(t) for t in re.findall(r"\w+", normalize(text))]


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

    def name(self, lang: str) -> str:
        """Display name in a language: ar / fr / en, falling back sensibly."""
        if lang == "ar" and self.ar:
            return self.ar[0]
        for key in (lang, "en", "fr"):
            values = self.data.get(key) or []
            if values:
                return values[0]
        return self.ar[0] if self.ar else self.id


class Gazetteer:
    """Finds known places and terms in text, by token sequences after normalization."""

    def __init__(self, places: list[Entry], terms: list[Entry], fingerprint: str = ""):
        self.fingerprint = fingerprint
        self.places = {e.id: e for e in places}
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

    @classmethod
    def from_dir(cls, data_dir: Path) -> "Gazetteer":
        return _load(str(Path(data_dir).resolve()))

    def find_spans(self, text: str) -> list[tuple[Entry, int, int]]:
        """(entry, first token, end token) for each mention, longest match first,
        positions in `match_tokens(text)`."""
        toks = match_tokens(text)
        spans: list[tuple[Entry, int, int]] = []
        i = 0
        while i < len(toks):
            step = 1
            first = toks[i]
            # a conjunction or preposition glued to a name: ودرو, لبوجدور, بالعيون
            alts = [first] + ([first[1:]] if len(first) > 3 and first[0] in "وفبلك" else [])
            for alt in alts:
                for cand, entry in self._index.get(alt, ()):
                    if (alt,) + tuple(toks[i + 1:i + len(cand)]) == cand:
                        spans.append((entry, i, i + len(cand)))
                        step = len(cand)
                        break
                if step > 1 or (spans and spans[-1][1] == i):
                    break
            i += step
        return spans

    def find(self, text: str) -> list[Entry]:
        """Entries mentioned in text, in order of first mention."""
        found: list[Entry] = []
        for entry, _, _ in self.find_spans(text):
            if entry not in found:
                found.append(entry)
        return found

    def find_places(self, text: str) -> list[Entry]:
        # identity, not id: a glossary term may share an id with a place (e.g. "paris")
        return [e for e in self.find(text) if self.places.get(e.id) is e]

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
                names += e.latin + ([] if e is place else e.ar[:1])
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
            items = yaml.safe_load(raw.decode("utf-8")) or {}
            if name == "aliases.yaml":
                places = _entries(items.get("places"), "place")
            else:
                terms = _entries(items.get("terms"), "term")
    return Gazetteer(places, terms, digest.hexdigest()[:12])
