"""Entity resolution: the curated rows and the rows extracted from every document
become one registry — one agreement per commune, partner and instrument, listing
every source that mentions it. Where sources disagree (the date, the commune that
signed, the kind of instrument, the partner's spelling) a discrepancy is recorded
with every side quoted and cited.

An extracted row joins an agreement when it names the same partner (same gazetteer
id, or spellings `aliases.same_name` ties across scripts) with an instrument of the
same family (signed instruments together; approvals and announcements apart), and
the same commune — or another commune in the same year, which is then a
discrepancy on who signed. Review decisions (`corpus/data/reviews.yaml`) drop,
correct or confirm extracted rows by their id before they are merged.
"""

from __future__ import annotations

import re
from pathlib import Path

from pydantic import ValidationError

from assistant.aliases import Gazetteer, same_name
from assistant.extraction import Extracted, family
from assistant.i18n import t

STATUS_OF_KIND = {"renewal": "renewed", "announcement": "announced", "council_approval": "approved"}
SKIPPED_KINDS = ("no_agreement",)  # a visit or a proposal is never an agreement


def row_id(r: Extracted) -> str:
    """A stable id for an extracted row: review decisions are kept by it."""
    partner = r.partner or _slug(r.partner_as_written)
    return f"{r.doc}:{r.commune or '?'}:{partner}:{r.kind}"


def _slug(text: str) -> str:
    from assistant.geonames import slug

    s = slug(text)
    return s if s != "place" else re.sub(r"\s+", "-", text.strip())


def load_reviews(data_dir: Path) -> dict[str, dict]:
    """{row id: decision} from reviews.yaml (review.load reads the file; the last word on an id wins)."""
    from assistant import review

    return {str(d["id"]): d for d in review.load(data_dir) if d.get("id")}


def _status(kind: str) -> str:
    return STATUS_OF_KIND.get(kind, "signed")


def _head(name: str) -> str:
    """A written name without its qualifier: "Favignana – Isole Egadi", "Favignana (Trapani)" and
    "Favignana, Sicily" all name Favignana ("Saint-Louis" keeps its unspaced hyphen)."""
    return re.split(r"\s[–—-]\s|\s*[,(]", name or "")[0].strip()


def _same_partner(a, r: Extracted) -> bool:
    if a.partner and r.partner:
        return a.partner == r.partner
    return any(
        same_name(x, y)
        for x in {a.partner_as_written, _head(a.partner_as_written)}
        for y in {r.partner_as_written, _head(r.partner_as_written)}
        if x and y
    )


def merge(
    curated: list,
    extracted: list[dict],
    gazetteer: Gazetteer,
    reviews: dict | None = None,
    agreement_cls=None,
    source_cls=None,
    discrepancy_cls=None,
    side_cls=None,
) -> tuple[list, list, dict]:
    """(agreements, automatic discrepancies, {id: {"names", "country"}} of partners no gazetteer knows)."""
    reviews = reviews or {}
    agreements = list(curated)
    made: dict[str, object] = {}
    unknown_places: dict[str, dict] = {}
    conflicts: dict[tuple[str, str], list[tuple[str, object, object]]] = {}

    rows: list[Extracted] = []
    for d in extracted:
        try:
            r = Extracted(**d)
        except ValidationError:
            continue  # a row written by an older extractor: re-extracted at the next ingest
        decision = reviews.get(row_id(r), {})
        if decision.get("decision") == "reject" or r.kind in SKIPPED_KINDS:
            continue
        if decision.get("decision") == "correct":
            r = r.model_copy(
                update={k: v for k, v in (decision.get("fields") or {}).items() if k in Extracted.model_fields}
            )
        rows.append(r)
    rows.sort(key=lambda r: (-r.confidence, r.doc))

    for r in rows:
        reviewed = reviews.get(row_id(r), {}).get("decision") in ("accept", "correct")
        # a passage a curator already tied to an agreement of this commune is that agreement, whatever
        # spelling it gives the partner (a reference misspelling a table's partner): the reviewed reading wins
        cited = next(
            (
                a
                for a in curated
                if a.commune == r.commune
                and any(
                    s.doc == r.doc and s.lines[0] <= m.lines[1] and m.lines[0] <= s.lines[1]
                    for s in a.sources
                    for m in r.mentions
                )
            ),
            None,
        )
        candidates = (
            [cited]
            if cited is not None
            else [
                a
                for a in agreements
                if _same_partner(a, r) and family(getattr(a, "kind", "twinning")) == family(r.kind)
            ]
        )
        # the same commune first; another commune only for a one-commune partner in the same year
        target = next((a for a in candidates if a.commune == r.commune), None)
        if target is None:
            communes = {a.commune for a in candidates}
            target = next(
                (
                    a
                    for a in candidates
                    if len(communes) == 1 and (not a.date or not r.date or a.date[:4] == r.date[:4])
                ),
                None,
            )
        sources = [source_cls(doc=r.doc, lines=m.lines, quote=m.quote, about=m.about) for m in r.mentions]
        if target is None:
            aid = f"x:{r.commune or '?'}--{r.partner or _slug(r.partner_as_written)}--{r.kind}"
            if aid in made:
                target = made[aid]
            else:
                partner = r.partner
                if partner is None and r.partner_as_written:
                    # a place no gazetteer knows gets an id of its own: questions naming it (in any
                    # script) reach its row (the analyzer reads `unknown_places`)
                    partner = "x-" + _slug(r.partner_as_written)
                    unknown_places.setdefault(partner, {"names": [], "country": r.country})
                    unknown_places[partner]["names"].append(r.partner_as_written)
                a = agreement_cls(
                    id=aid,
                    commune=r.commune,
                    partner=partner,
                    partner_as_written=r.partner_as_written,
                    country=r.country,
                    continent=r.continent,
                    date=r.date,
                    date_precision=r.date_precision,
                    date_as_written=r.date_as_written or "",
                    themes=r.themes,
                    status=_status(r.kind),
                    kind=r.kind,
                    sources=sources,
                    signatories=[s.model_dump() for s in r.signatories],
                    method=r.method,
                    confidence=r.confidence,
                    reviewed=reviewed,
                    extracted_ids=[row_id(r)],
                )
                agreements.append(a)
                made[aid] = a
                continue
        # another source for a known agreement: keep it, fill gaps, note disagreements
        have = {(s.doc, tuple(s.lines)) for s in target.sources}
        target.sources.extend(s for s in sources if (s.doc, tuple(s.lines)) not in have)
        target.extracted_ids = list(dict.fromkeys(list(target.extracted_ids) + [row_id(r)]))
        if not target.themes and r.themes:
            target.themes = list(r.themes)
        if not target.signatories and r.signatories:
            target.signatories = [s.model_dump() for s in r.signatories]
        if r.kind == "renewal" and getattr(target, "kind", None) != "renewal":
            # "renewed on 3 March 2026, the twinning first signed in 2019": an event of the agreement,
            # not a rival date for its signing
            if r.date and r.date not in target.renewals:
                target.renewals = sorted([*target.renewals, r.date])
        elif target.date is None and r.date:
            target.date, target.date_precision, target.date_as_written = (
                r.date,
                r.date_precision,
                r.date_as_written or "",
            )
        elif r.date and target.date and _differ(target.date, r.date) and "renewal" not in (target.kind, r.kind):
            # (a renewal and the instrument it renews are two events: their dates do not compete)
            conflicts.setdefault((target.id, "date"), []).append((r.doc, r, r.date))
        if target.commune != r.commune:
            conflicts.setdefault((target.id, "commune"), []).append((r.doc, r, r.commune))
        if (
            family(r.kind) == "signed"
            and r.kind != getattr(target, "kind", r.kind)
            and "renewal" not in (r.kind, target.kind)
        ):
            conflicts.setdefault((target.id, "kind"), []).append((r.doc, r, r.kind))
    by_id = {a.id: a for a in agreements}
    discrepancies = [
        _discrepancy(by_id[aid], field, sides, gazetteer, discrepancy_cls, side_cls)
        for (aid, field), sides in conflicts.items()
    ]
    return agreements, discrepancies, unknown_places


def _differ(a: str, b: str) -> bool:
    """Dates disagree at the coarser of their precisions (2023 and 2023-05 agree)."""
    n = min(len(a), len(b), 7)  # to the month: a day apart is the same news told twice
    return a[:n] != b[:n]


def _discrepancy(a, field: str, sides, gazetteer: Gazetteer, discrepancy_cls, side_cls):
    first = a.sources[0]

    def shown(value) -> str:
        if field == "commune" and value in gazetteer.places:
            return gazetteer.places[value].name("en")
        return str(value)

    ours = {"date": a.date, "commune": a.commune, "kind": getattr(a, "kind", "")}[field]
    others = "; ".join(f"{shown(v)} ({doc})" for doc, _, v in sides)
    summary = {
        lang: t(
            "discrepancy.differ",
            lang,
            field=t(f"discrepancy.field.{field}", lang),
            ours=shown(ours),
            doc=first.doc,
            others=others,
        )
        for lang in ("en", "fr", "ar")
    }
    side_list = [side_cls(doc=first.doc, lines=first.lines, quote=first.quote)]
    side_list += [side_cls(doc=doc, lines=r.mentions[0].lines, quote=r.mentions[0].quote) for doc, r, _ in sides]
    return discrepancy_cls(
        id=f"auto-{field}-{a.id}",
        kind=f"{field} (found automatically)",
        agreements=[a.id],
        summary=summary,
        sides=side_list,
    )
