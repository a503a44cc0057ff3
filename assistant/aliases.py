"""Place names and cross-language terms, loaded from data files in corpus/data/.

`aliases.yaml` lists every commune, partner city, country and region with its
Arabic spellings (including the documents' typos) and Latin names;
`glossary.yaml` maps French/English vocabulary to the Arabic words the
documents use. Both expand questions for keyword search, and place names
enrich chunks so a French question naming "Laâyoune" finds an Arabic table row.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from assistant.arabic import _ARTICLES, normalize

LATIN_FIELDS = ("fr", "en", "other")


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

    def __init__(self, places: list[Entry], terms: list[Entry]):
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

    def find(self, text: str) -> list[Entry]:
        """Entries mentioned in text, in order of first mention, longest match first."""
        toks = match_tokens(text)
        found: list[Entry] = []
        i = 0
        while i < len(toks):
            step = 1
            for cand, entry in self._index.get(toks[i], ()):
                if tuple(toks[i:i + len(cand)]) == cand:
                    if entry not in found:
                        found.append(entry)
                    step = len(cand)
                    break
            i += step
        return found

    def find_places(self, text: str) -> list[Entry]:
        return [e for e in self.find(text) if e.id in self.places and e in self.places.values()]

    def expansion(self, text: str) -> str:
        """Every spelling of every place and term the text mentions (for keyword search)."""
        return " ".join(" ".join(e.names) for e in self.find(text))

    def latin_names(self, text: str) -> str:
        """Latin-script names of the places an (Arabic) text mentions, to enrich chunks."""
        return " ".join(" ".join(e.latin) for e in self.find_places(text))


def _entries(items: list[dict], default_kind: str) -> list[Entry]:
    out = []
    for item in items or []:
        latin = [v for f in LATIN_FIELDS for v in (item.get(f) or [])]
        out.append(Entry(item["id"], item.get("kind", default_kind), list(item.get("ar") or []), latin, item))
    return out


@lru_cache(maxsize=4)
def _load(data_dir: str) -> Gazetteer:
    base = Path(data_dir)
    places, terms = [], []
    if (base / "aliases.yaml").exists():
        places = _entries(yaml.safe_load((base / "aliases.yaml").read_text("utf-8")).get("places"), "place")
    if (base / "glossary.yaml").exists():
        terms = _entries(yaml.safe_load((base / "glossary.yaml").read_text("utf-8")).get("terms"), "term")
    return Gazetteer(places, terms)
