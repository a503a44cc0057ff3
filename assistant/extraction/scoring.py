"""Extraction scored against hand labels: precision and recall on (commune, partner,
kind), and per-field accuracy (country, date to the month, signatories, themes) on
the matched records.

Gold rows name places in plain English ("Dakhla", "Kaolack"); they are resolved
with the same gazetteer as the documents, the country code settling homonyms.
A partner no gazetteer knows is compared by its written form across scripts
(`aliases.same_name`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.extraction import Extracted, family


@dataclass
class Gold:
    doc: str
    commune: str | None
    partner: str | None
    partner_as_written: str
    kind: str
    partner_name: str = ""
    country_iso: str | None = None
    date: str | None = None
    signatories: list[str] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)


def resolve_place(gazetteer, name: str | None, iso: str | None = None, kind: str | None = None) -> str | None:
    if not name:
        return None
    found = [e for e in gazetteer.find_places(name) if kind is None or e.kind == kind]
    if iso:
        same = [
            e
            for e in found
            if gazetteer.places.get(e.data.get("country") or "") is not None
            and str(gazetteer.places[e.data["country"]].data.get("iso")) == iso
        ]
        if same:
            return same[0].id
        # a homonym the text disambiguates: the world's candidates for this spelling
        from assistant.aliases import match_tokens

        for i in gazetteer.world.lookup(" ".join(match_tokens(name))):
            if gazetteer.world.rows[i][2] == iso:
                return gazetteer.world_entry(i).id
    return found[0].id if found else None


def _partner_matches(gazetteer, rec: Extracted, gold: Gold) -> bool:
    from assistant.aliases import same_name

    if rec.partner and gold.partner:
        return rec.partner == gold.partner
    written = [gold.partner_as_written, gold.partner_name]
    return any(_within(rec.partner_as_written, w) or _within(w, rec.partner_as_written) for w in written if w) or (
        bool(rec.partner) and any(same_name(gazetteer.places[rec.partner].name("en"), w) for w in written if w)
    )


_WORDS = re.compile(r"[\w'’-]+")


def _within(longer: str, name: str) -> bool:
    """`name` is `longer` or a run of its words, across scripts: a locality no gazetteer
    knows is labelled by its name ("Favignana") and written with its title ("il Comune di
    Favignana – Isole Egadi"); either side may carry the title."""
    from assistant.aliases import same_name

    words, n = _WORDS.findall(longer), len(_WORDS.findall(name))
    if not n or not words:
        return False
    return same_name(longer, name) or any(
        same_name(" ".join(words[i : i + n]), name) for i in range(len(words) - n + 1)
    )


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    fields: dict = field(default_factory=dict)  # field -> [right, total]
    false_positives: list = field(default_factory=list)
    misses: list = field(default_factory=list)
    # records the gold lacks but a hand-found discrepancy records as a disagreeing source (a
    # reference calling the table's twinning a friendship pact): neither right nor wrong
    explained: list = field(default_factory=list)

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def precision_strict(self) -> float:
        """Precision counting the explained records as errors too."""
        n = self.tp + self.fp + len(self.explained)
        return self.tp / n if n else 1.0

    def field_accuracy(self) -> dict[str, float]:
        return {k: round(r / n, 3) for k, (r, n) in self.fields.items() if n}

    def to_dict(self) -> dict:
        return {
            "precision": round(self.precision, 3),
            "precision_strict": round(self.precision_strict, 3),
            "recall": round(self.recall, 3),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "fields": self.field_accuracy(),
            "false_positives": self.false_positives,
            "misses": self.misses,
            "explained": self.explained,
        }


def score(gazetteer, extracted: list[Extracted], gold: list[Gold], *, kinds_compared=True, explains=None) -> Score:
    """Records of the same document match on commune, partner and kind (signed
    instruments compare by kind; `kinds_compared=False` compares their family only).
    `explains(record)`: a reason (a discrepancy id) when an unmatched record is a source the
    gold's curators found disagreeing with it; such records are listed apart, not as errors."""
    s = Score()
    pool = [r for r in extracted if r.kind != "no_agreement"]
    used: set[int] = set()
    for g in gold:
        hit = None
        for i, r in enumerate(pool):
            if i in used or r.doc != g.doc or r.commune != g.commune or not _partner_matches(gazetteer, r, g):
                continue
            same_kind = r.kind == g.kind if kinds_compared else family(r.kind) == family(g.kind)
            if same_kind:
                hit = i
                break
        if hit is None:
            s.fn += 1
            s.misses.append(f"{g.doc}: {g.commune} – {g.partner or g.partner_as_written} ({g.kind})")
            continue
        used.add(hit)
        s.tp += 1
        r = pool[hit]
        _field(
            s,
            "country",
            g.country_iso is not None,
            r.country is not None and str(gazetteer.places[r.country].data.get("iso")) == g.country_iso
            if r.country in gazetteer.places
            else False,
        )
        _field(s, "date_month", g.date is not None, bool(r.date) and r.date[:7] == (g.date or "")[:7])
        if g.signatories:
            names = {n for n in (x.name for x in r.signatories)}
            _field(s, "signatories", True, all(any(_same_person(a, b) for b in names) for a in g.signatories))
        if g.themes:
            _field(s, "themes", True, bool(set(r.themes) & set(g.themes)))
    for i, r in enumerate(pool):
        if i not in used:
            what = f"{r.doc}: {r.commune} – {r.partner or r.partner_as_written} ({r.kind}, line {r.lines[0]})"
            reason = explains(r) if explains else None
            if reason:
                s.explained.append(f"{what}: {reason}")
                continue
            s.fp += 1
            s.false_positives.append(what)
    return s


# discrepancy kinds that say a source names an agreement's kind, commune, partner or event otherwise
DISAGREEING = ("status_mismatch", "commune_mismatch", "name_mismatch", "date_mismatch")


def discrepancy_explains(discrepancies, curated) -> callable:
    """`explains` for the curated gold: an unmatched record is explained by a hand-found
    discrepancy of a DISAGREEING kind one of whose sides is the record's line, about an
    agreement sharing the record's commune or partner."""
    by_id = {a.id: a for a in curated}

    def explains(r: Extracted) -> str | None:
        for d in discrepancies:
            if d.kind not in DISAGREEING:
                continue
            about = [by_id[x] for x in d.agreements if x in by_id]
            if not any(a.commune == r.commune or (a.partner and a.partner == r.partner) for a in about):
                continue
            if any(
                side.doc == r.doc and side.lines[0] <= r.lines[1] and r.lines[0] <= side.lines[1] for side in d.sides
            ):
                return d.id
        return None

    return explains


def _field(s: Score, name: str, applies: bool, right: bool) -> None:
    if not applies:
        return
    got = s.fields.setdefault(name, [0, 0])
    got[0] += int(right)
    got[1] += 1


def _same_person(a: str, b: str) -> bool:
    from assistant.aliases import same_name

    return same_name(a, b)


def merge_gold_mentions(gold: list[Gold]) -> list[Gold]:
    """One gold row per document and (commune, partner, kind family): the extractor
    keeps one record per instrument and document, with every mention."""
    out: dict[tuple, Gold] = {}
    for g in gold:
        key = (g.doc, g.commune, g.partner or g.partner_as_written, g.kind)
        if key in out:
            old = out[key]
            old.date = old.date or g.date
            old.signatories += [n for n in g.signatories if n not in old.signatories]
            old.themes = list(dict.fromkeys(old.themes + g.themes))
        else:
            out[key] = g
    return list(out.values())
