"""The agreements registry: a structured, sourced list of every agreement in the
corpus (corpus/data/agreements.yaml), the study's reference list, the
discrepancies between sources and the names of the agreements' themes
(themes.yaml), with filters and statistics.

The pydantic models below are the schema of the data files; loading fails with
a message naming the file and the field when the data does not fit.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ValidationError, field_validator
from rapidfuzz import fuzz, process

from assistant.aliases import Gazetteer
from assistant.arabic import normalize

LANGS = ("ar", "fr", "en")
CONTINENTS = (
    "western_europe",
    "eastern_europe",
    "north_america",
    "south_america",
    "africa",
    "asia",
    "middle_east",
    "oceania",
)


# statuses of instruments not (yet) signed: an announcement, a council's approval of a draft
UNSIGNED = ("announced", "approved")


class Source(BaseModel):
    doc: str
    lines: tuple[int, int]
    quote: str
    reference: int | None = None
    note: str | None = None
    about: str | None = None  # "themes": quoted for what the agreement covers, not for the agreement itself


class Agreement(BaseModel):
    id: str
    commune: str | None
    partner: str | None
    partner_as_written: str
    country: str | None
    continent: Literal[CONTINENTS] | None  # type: ignore[valid-type]
    date: str | None  # None: a document names the agreement without a date
    date_precision: Literal["year", "month", "day", "approximate"] | None  # approximate: from "last Friday"
    date_as_written: str
    themes: list[str] = []
    themes_as_written: str | None = None
    status: Literal["signed", "renewed", "announced", "approved"]
    kind: str = "twinning"
    sources: list[Source]
    notes: list[str] = []
    # how the row is known: curated by hand, or extracted from a document (not yet reviewed)
    method: Literal["curated", "rules", "llm"] = "curated"
    confidence: float = 1.0
    reviewed: bool = True
    signatories: list[dict] = []
    extracted_ids: list[str] = []
    # dates (ISO) a document gives for renewing this agreement: later events of it, not rival dates
    renewals: list[str] = []

    @field_validator("date")
    @classmethod
    def _iso(cls, v: str | None) -> str | None:
        if v is None:
            return v
        parts = v.split("-")
        if not (1 <= len(parts) <= 3 and all(p.isdigit() for p in parts) and len(parts[0]) == 4):
            raise ValueError(f"date must be YYYY, YYYY-MM or YYYY-MM-DD, not {v!r}")
        return v

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None

    @property
    def source_doc(self) -> str:
        return self.sources[0].doc


class Side(BaseModel):
    doc: str
    lines: tuple[int, int]
    quote: str
    note: str | None = None


class Discrepancy(BaseModel):
    id: str
    kind: str
    agreements: list[str] = []
    summary: dict[str, str]
    sides: list[Side]


class Check(BaseModel):
    id: str
    about: dict = {}
    claim: str
    doc: str
    lines: tuple[int, int]
    quote: str
    stated: int
    computed: int
    consistent: bool
    note: str | None = None


class Reference(BaseModel):
    number: int
    line: int
    text: str
    outlet: str | None = None
    title: str | None = None
    date: str | None = None
    url: str | None = None
    agreement: str | None = None


def _has_arabic(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


class ThemeNames(BaseModel):
    """The display names of one theme tag (themes.yaml)."""

    id: str
    ar: str
    fr: str
    en: str
    note: str | None = None

    @field_validator("id", "ar", "fr", "en")
    @classmethod
    def _not_blank(cls, v: str) -> str:
        if not v.strip():
            raise ValueError("must not be blank")
        return v.strip()

    @field_validator("ar")
    @classmethod
    def _arabic(cls, v: str) -> str:
        if not _has_arabic(v):
            raise ValueError(f"the Arabic name must be in Arabic script, not {v!r}")
        return v

    @field_validator("fr", "en")
    @classmethod
    def _latin(cls, v: str) -> str:
        if _has_arabic(v):
            raise ValueError(f"the French and English names must be in Latin script, not {v!r}")
        return v

    def name(self, lang: str) -> str:
        return getattr(self, lang) if lang in LANGS else self.en


class RegistryError(ValueError):
    """Bad registry data, or a filter naming something unknown (with suggestions)."""


class UnknownFilter(RegistryError):
    def __init__(self, field: str, value: str, known: list[str], suggestions: list[str]):
        self.field, self.value, self.known, self.suggestions = field, value, known, suggestions
        hint = f" Did you mean: {', '.join(suggestions)}?" if suggestions else ""
        plural = {"country": "countries"}.get(field, field + "s")
        super().__init__(f"unknown {field} '{value}'.{hint} Known {plural}: {', '.join(known)}.")


@dataclass
class Filters:
    commune: str | None = None
    partner: str | None = None
    country: str | None = None
    continent: str | None = None
    year: int | None = None
    month: int | None = None  # with `year`: rows dated in that month
    theme: str | None = None
    status: str | None = None
    doc: str | None = None
    kind: str | None = None  # the instrument (assistant.extraction.KINDS): "cooperation", "mou"…

    def active(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v is not None}


def _load_yaml(path: Path, key: str, model):
    try:
        items = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get(key) or []
        return [model(**item) for item in items]
    except (OSError, yaml.YAMLError) as exc:
        raise RegistryError(f"{path}: cannot read ({exc})") from exc
    except ValidationError as exc:
        raise RegistryError(f"{path}: data does not fit the schema: {exc}") from exc


def _load_themes(path: Path, agreements: list[Agreement]) -> dict[str, ThemeNames]:
    """themes.yaml by id; every theme an agreement uses must have its names there."""
    themes: dict[str, ThemeNames] = {}
    for t in _load_yaml(path, "themes", ThemeNames):
        if t.id in themes:
            raise RegistryError(f"{path}: theme '{t.id}' is listed twice")
        themes[t.id] = t
    missing = sorted({tag for a in agreements for tag in a.themes} - set(themes))
    if missing:
        raise RegistryError(
            f"{path}: no names for the theme(s) {', '.join(missing)} used in agreements.yaml; "
            f"add an entry with its ar, fr and en names for each"
        )
    return themes


def _spellings(extracted: list[dict], unknown_places: dict, gazetteer: Gazetteer) -> dict[str, dict]:
    """Every partner the documents name, with the spellings they give that the gazetteer does
    not read as that partner (`names`: extraction resolved them by transliteration and the country
    the text gives, «كيفة (موريتانيا)» is Kiffa) or, for one it does read, its Latin name (`strict`,
    matched only closely), beside the partners no gazetteer knows: a question that writes a place
    as a document did reaches its rows."""
    out = {pid: {"names": list(info.get("names") or [])} for pid, info in unknown_places.items()}
    for pid, written in dict.fromkeys((r.get("partner"), r.get("partner_as_written")) for r in extracted):
        if not pid or not written or pid in unknown_places:
            continue
        if any(e.id == pid for e, _, _ in gazetteer.find_spans(written)):
            # read as written; its Latin name still joins, for Arabic questions: GeoNames' Arabic
            # names are few and rarely the press's (Walvis Bay is «ولفس بي» there, «والفيس باي» in print)
            # (compared strictly: a loose consonant skeleton of two Darija words, «وقعات شي», is
            # k-t-s like Agadez)
            entry = gazetteer.places.get(pid)
            latin = entry.display_latin[:1] if entry is not None and entry.kind == "city" else []
            strict = out.setdefault(pid, {"names": []}).setdefault("strict", [])
            strict += [n for n in latin if n not in strict]
            continue
        out.setdefault(pid, {"names": []})["names"].append(written)
    return out


class Registry:
    """The curated rows, merged with the rows extracted from every indexed document
    (`extracted`: the manifest's rows, see assistant/resolution.py)."""

    def __init__(self, data_dir: Path, gazetteer: Gazetteer, extracted: list[dict] | tuple = ()):
        from assistant import resolution

        data_dir = Path(data_dir)
        self.gazetteer = gazetteer
        curated: list[Agreement] = [a.model_copy(deep=True) for a in _curated(str(data_dir.resolve()))]
        self.discrepancies: list[Discrepancy] = _load_yaml(
            data_dir / "discrepancies.yaml", "discrepancies", Discrepancy
        )
        self.agreements, found, self.unknown_places = resolution.merge(
            curated,
            list(extracted),
            gazetteer,
            resolution.load_reviews(data_dir),
            agreement_cls=Agreement,
            source_cls=Source,
            discrepancy_cls=Discrepancy,
            side_cls=Side,
        )
        # a disagreement a curator already wrote up (the same passage of the same agreement) is not
        # reported twice
        curated_sides = {
            (aid, s.doc, tuple(s.lines)) for d in self.discrepancies for aid in d.agreements for s in d.sides
        }
        self.discrepancies += [
            d
            for d in found
            if not all((aid, s.doc, tuple(s.lines)) in curated_sides for aid in d.agreements for s in d.sides[1:])
        ]
        self.checks: list[Check] = _load_yaml(data_dir / "discrepancies.yaml", "checks", Check)
        self.references: dict[int, Reference] = {
            r.number: r for r in _load_yaml(data_dir / "references.yaml", "references", Reference)
        }
        self.themes: dict[str, ThemeNames] = _load_themes(data_dir / "themes.yaml", self.agreements)
        self.spellings = _spellings(list(extracted), self.unknown_places, gazetteer)
        self._by_agreement: dict[str, list[Discrepancy]] = {}
        for d in self.discrepancies:
            for aid in d.agreements:
                self._by_agreement.setdefault(aid, []).append(d)

    @classmethod
    def from_dir(cls, data_dir: Path, gazetteer: Gazetteer) -> "Registry":
        return _cached(str(Path(data_dir).resolve()), gazetteer)

    # -- names ---------------------------------------------------------------------
    def name(self, place_id: str | None, lang: str) -> str:
        if not place_id:
            return "?"
        if place_id in getattr(self, "unknown_places", {}):
            return self.unknown_places[place_id]["names"][0]  # as the document writes it
        entry = self.gazetteer.places.get(place_id)
        return entry.name(lang) if entry else place_id

    def theme_name(self, tag: str, lang: str) -> str:
        """A theme tag's display name (capitalized in fr/en): themes.yaml, else the
        glossary's name for a term of that id, else the tag itself with spaces."""
        if tag in self.themes:
            return self.themes[tag].name(lang)
        for term in self.gazetteer.terms:  # a tag added to the data before its names
            if term.id == tag:
                return term.name(lang)
        return tag.replace("_", " ")

    @property
    def home_country(self) -> str | None:
        """The country of the communes (a partner is abroad by definition)."""
        countries = Counter(
            self.gazetteer.places[c].data.get("country") for c in self.known("commune") if c in self.gazetteer.places
        )
        return countries.most_common(1)[0][0] if countries else None

    def regions_of(self, region: str | None) -> set[str]:
        """The region and those it lies within (aliases.yaml `within`): western_europe → europe."""
        out: set[str] = set()
        while region and region not in out:
            out.add(region)
            entry = self.gazetteer.places.get(region)
            region = entry.data.get("within") if entry is not None else None
        return out

    def known(self, field: str) -> list[str]:
        values = {
            "commune": [a.commune for a in self.agreements],
            "partner": [a.partner for a in self.agreements],
            "country": [a.country for a in self.agreements],
            "continent": sorted({r for c in CONTINENTS for r in self.regions_of(c)}),
            "theme": [t for a in self.agreements for t in a.themes],
            "status": [a.status for a in self.agreements],
            "doc": [a.source_doc for a in self.agreements],
        }[field]
        return sorted({v for v in values if v})

    def resolve(self, field: str, value: str) -> str:
        """A user's spelling (any script, any alias) → the registry id, or UnknownFilter."""
        known = self.known(field)
        if value in known:
            return value
        if field in ("commune", "partner", "country", "continent"):
            for entry in self.gazetteer.find_places(value):
                if entry.id in known:
                    return entry.id
            kind = {"commune": "commune", "partner": "city", "country": "country", "continent": "region"}[field]
            same_kind = [e for e in self.gazetteer.find_places(value) if e.kind == kind]
            if same_kind:
                return same_kind[0].id  # a known place with no agreement: an empty answer, not an error
        norm = normalize(value)
        for k in known:
            if normalize(k) == norm:
                return k
        names: list[tuple[str, str]] = []  # (spelling, id): every alias competes on its own
        for k in known:
            entry = self.gazetteer.places.get(k)
            names += [(normalize(n), k) for n in ([k] + (entry.names if entry else []))]
        matches = process.extract(
            normalize(value), [n for n, _ in names], scorer=fuzz.WRatio, limit=10, score_cutoff=70
        )
        suggestions = list(dict.fromkeys(names[m[2]][1] for m in matches))[:3]
        raise UnknownFilter(field, value, known, suggestions)

    # -- querying ---------------------------------------------------------------------
    def filter(self, filters: Filters | None = None, **kwargs) -> list[Agreement]:
        f = filters or Filters(**kwargs)
        out = []
        resolved = {
            k: (self.resolve(k, str(v)) if k not in ("year", "month", "kind") else v) for k, v in f.active().items()
        }
        if "year" in resolved:
            resolved["year"] = int(resolved["year"])
        for a in self.agreements:
            if "commune" in resolved and a.commune != resolved["commune"]:
                continue
            if "partner" in resolved and a.partner != resolved["partner"]:
                continue
            if "country" in resolved and a.country != resolved["country"]:
                continue
            if "continent" in resolved and resolved["continent"] not in self.regions_of(a.continent):
                continue
            if "year" in resolved and a.year != resolved["year"]:
                continue
            if "month" in resolved and not (a.date or "").startswith(f"{a.year}-{int(resolved['month']):02d}"):
                continue
            if "theme" in resolved and resolved["theme"] not in a.themes:
                continue
            if "status" in resolved and a.status != resolved["status"]:
                continue
            if "doc" in resolved and a.source_doc != resolved["doc"]:
                continue
            if "kind" in resolved and a.kind != resolved["kind"]:
                continue
            out.append(a)
        return sorted(out, key=lambda a: (a.source_doc, a.commune or "~", a.date or "~"))

    def statements_for(self, filters: Filters, total: bool = False) -> list[Check]:
        """The study's own count statements about what the filters select."""
        out = []
        for c in self.checks:
            for field, value in c.about.items():
                values = value if isinstance(value, list) else [value]
                if (field == "total" and total) or (field != "total" and getattr(filters, field, None) in values):
                    out.append(c)
                    break
        return out

    def discrepancies_for(self, agreements: list[Agreement]) -> list[Discrepancy]:
        seen: dict[str, Discrepancy] = {}
        for a in agreements:
            for d in self._by_agreement.get(a.id, []):
                seen.setdefault(d.id, d)
        return list(seen.values())

    def stats(self) -> dict:
        """Counts by commune, country, continent, year and theme, per source document,
        with the study's own stated figures beside the computed ones."""
        signed = [a for a in self.agreements if a.status not in UNSIGNED]
        out: dict = {}
        for field in ("commune", "country", "continent", "year", "theme"):
            table: dict[str, dict[str, int]] = {}
            for a in signed:
                keys = a.themes if field == "theme" else [str(getattr(a, field))]
                if field == "year" and a.year is None:
                    continue
                for key in keys:
                    row = table.setdefault(key, Counter())
                    row[a.source_doc] += 1
                    row["total"] += 1
            out[field] = {k: dict(v) for k, v in sorted(table.items(), key=lambda kv: -kv[1]["total"])}
        out["by_document"] = dict(Counter(a.source_doc for a in signed))
        out["total"] = len(signed)
        out["announced"] = sum(1 for a in self.agreements if a.status == "announced")
        out["approved"] = sum(1 for a in self.agreements if a.status == "approved")
        out["extracted"] = sum(1 for a in self.agreements if a.method != "curated")
        out["unreviewed"] = sum(1 for a in self.agreements if not a.reviewed)
        out["study_statements"] = [c.model_dump() for c in self.checks]
        return out


@lru_cache(maxsize=4)
def _curated(data_dir: str) -> list[Agreement]:
    return _load_yaml(Path(data_dir) / "agreements.yaml", "agreements", Agreement)


@lru_cache(maxsize=4)
def _cached(data_dir: str, gazetteer: Gazetteer) -> Registry:
    return Registry(Path(data_dir), gazetteer)


# -- exports --------------------------------------------------------------------------

ROW_FIELDS = [
    "id",
    "commune",
    "commune_name",
    "partner",
    "partner_name",
    "partner_as_written",
    "country",
    "country_name",
    "continent",
    "date",
    "date_precision",
    "date_as_written",
    "renewals",
    "themes",
    "themes_as_written",
    "status",
    "kind",
    "signatories",
    "method",
    "confidence",
    "reviewed",
    "extracted_ids",
    "source",
    "sources",
    "references",
    "discrepancies",
    "notes",
]


def to_rows(registry: Registry, agreements: list[Agreement], lang: str = "en") -> list[dict]:
    """Flat row objects (one per agreement) for tables, CSV, JSON and XLSX."""
    rows = []
    for a in agreements:
        first = a.sources[0]
        refs = sorted({s.reference for s in a.sources if s.reference})
        rows.append(
            {
                "id": a.id,
                "commune": a.commune,
                "commune_name": registry.name(a.commune, lang) if a.commune else None,
                "partner": a.partner,
                "partner_name": registry.name(a.partner, lang) if a.partner else None,
                "partner_as_written": a.partner_as_written,
                "country": a.country,
                "country_name": registry.name(a.country, lang) if a.country else None,
                "continent": a.continent,
                "date": a.date,
                "date_precision": a.date_precision,
                "date_as_written": a.date_as_written,
                "renewals": a.renewals,
                "themes": a.themes,
                "themes_as_written": a.themes_as_written,
                "status": a.status,
                "kind": a.kind,
                "signatories": [
                    f"{s.get('name')} ({s.get('role')})" if s.get("role") else s.get("name") for s in a.signatories
                ],
                "method": a.method,
                "confidence": a.confidence,
                "reviewed": a.reviewed,
                "extracted_ids": a.extracted_ids,
                "source": f"{first.doc}, lines {first.lines[0]}-{first.lines[1]}"
                + (f", reference {refs[0]}" if refs else ""),
                "sources": list(dict.fromkeys(f"{s.doc}:{s.lines[0]}-{s.lines[1]}" for s in a.sources)),
                "references": [
                    {"number": n, "text": registry.references[n].text, "url": registry.references[n].url}
                    for n in refs
                    if n in registry.references
                ],
                "discrepancies": [d.id for d in registry.discrepancies_for([a])],
                "notes": a.notes,
            }
        )
    return rows


def _flat(value) -> str:
    if isinstance(value, list):
        return "; ".join(str(v["number"]) + ". " + v["text"] if isinstance(v, dict) else str(v) for v in value)
    return "" if value is None else str(value)


def row_values(row: dict) -> list[str]:
    """A row's ROW_FIELDS as flat strings (lists joined with "; "), for CSV and XLSX."""
    return [_flat(row.get(k)) for k in ROW_FIELDS]


def write_csv(rows: list[dict], fh) -> None:
    import csv

    writer = csv.DictWriter(fh, fieldnames=ROW_FIELDS)
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _flat(row.get(k)) for k in ROW_FIELDS})


def write_xlsx(rows: list[dict], path: Path) -> None:
    write_sheets(path, [("agreements", ROW_FIELDS, [row_values(row) for row in rows])])


def write_sheets(path: Path, sheets: list[tuple[str, list[str], list[list]]]) -> None:
    """An XLSX workbook of (title, header, rows) sheets: bold frozen header, Arabic cells
    aligned and read right to left."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    for i, (title, header, values) in enumerate(sheets):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = title[:31]  # Excel's limit
        ws.append(header)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in values:
            ws.append(row)
        for col in ws.columns:  # Arabic cells read right to left
            for cell in col[1:]:
                if any("\u0600" <= ch <= "\u06ff" for ch in str(cell.value or "")):
                    cell.alignment = Alignment(horizontal="right", readingOrder=2)
        ws.freeze_panes = "A2"
    wb.save(path)
