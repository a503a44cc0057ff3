"""Review of extracted agreement rows: accept, reject or correct one by its id.

Decisions are data (`corpus/data/reviews.yaml`, beside the curated registry), not
index state: they survive re-ingesting and rebuilding the index, and apply to the
row of the same document, commune, partner and kind whenever it is extracted again
(`assistant/resolution.py` reads them before merging).
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

import yaml

from assistant.extraction import Extracted

DECISIONS = ("accept", "reject", "correct")
CORRECTABLE = (
    "commune",
    "partner",
    "partner_as_written",
    "country",
    "continent",
    "kind",
    "date",
    "date_precision",
    "date_as_written",
    "themes",
)


class ReviewError(ValueError):
    """A decision that cannot be recorded (unknown id or field, unwritable file)."""


def path_of(data_dir: Path) -> Path:
    return Path(data_dir) / "reviews.yaml"


def load(data_dir: Path) -> list[dict]:
    path = path_of(data_dir)
    if not path.exists():
        return []
    try:
        return list((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("reviews") or [])
    except (OSError, yaml.YAMLError) as exc:
        raise ReviewError(f"{path}: cannot read review decisions ({exc})") from exc


def unreviewed(registry) -> list[dict]:
    """Extracted rows no decision covers, with the agreement each joined."""
    out = []
    for a in registry.agreements:
        if a.method == "curated" or a.reviewed:
            continue
        out.append(
            {
                "id": a.extracted_ids[0] if a.extracted_ids else a.id,
                "agreement": a.id,
                "commune": a.commune,
                "partner": a.partner or a.partner_as_written,
                "kind": a.kind,
                "date": a.date,
                "confidence": a.confidence,
                "method": a.method,
                "source": f"{a.sources[0].doc}:{a.sources[0].lines[0]}",
                "quote": a.sources[0].quote,
            }
        )
    return out


def decide(
    data_dir: Path, row_id: str, decision: str, known_ids: set[str], fields: dict | None = None, who: str | None = None
) -> dict:
    """Record a decision on an extracted row (written atomically; the last decision on
    an id wins)."""
    if decision not in DECISIONS:
        raise ReviewError(f"unknown decision '{decision}' (one of {', '.join(DECISIONS)})")
    if row_id not in known_ids:
        raise ReviewError(f"no extracted row has the id '{row_id}'; `agreements --review` lists them")
    fields = dict(fields or {})
    bad = [k for k in fields if k not in CORRECTABLE]
    if bad:
        raise ReviewError(f"cannot correct {', '.join(bad)} (correctable: {', '.join(CORRECTABLE)})")
    if decision == "correct" and not fields:
        raise ReviewError("a correction needs at least one field=value")
    if fields:
        try:  # the corrected row must still be a valid row
            Extracted(
                doc="x",
                partner_as_written="x",
                kind="twinning",
                commune=None,
                partner=None,
                mentions=[{"lines": [1, 1], "quote": "x"}],
                **{k: v for k, v in fields.items() if k != "partner_as_written"},
            )
        except Exception as exc:  # noqa: BLE001
            raise ReviewError(f"invalid correction: {exc}") from exc
    entry = {"id": row_id, "decision": decision, "at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")}
    if fields:
        entry["fields"] = fields
    if who:
        entry["by"] = who
    decisions = [d for d in load(data_dir) if d.get("id") != row_id] + [entry]
    path = path_of(data_dir)
    header = (
        "# reviews.yaml -- decisions on extracted agreement rows (python -m assistant agreements --review)\n"
        "# Each: id (document:commune:partner:kind), decision accept | reject | correct, fields (for\n"
        "# correct), at (UTC), by. Read before the registry merges extracted rows.\n"
    )
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    try:
        tmp.write_text(
            header + yaml.safe_dump({"reviews": decisions}, allow_unicode=True, sort_keys=False), encoding="utf-8"
        )
        tmp.replace(path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ReviewError(f"{path}: cannot write the decision ({exc})") from exc
    return entry
