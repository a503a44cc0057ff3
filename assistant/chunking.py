"""Structure-aware chunking.

A chunk is an exact slice of its document (`text == doc[start:end]`) plus the
context needed to understand it on its own: the section path (headings), and
for table rows the table title, column headers and the row's cells in header
order. The study's Table 1 names each Moroccan commune only on its first row,
wraps some rows onto a second line and has some rows with reversed columns;
all three are repaired here, in the context, never in the cited text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

TARGET_CHARS = 700  # window size when a paragraph is too long for one chunk
MAX_CHARS = 900  # merged paragraphs / lists stop growing here
SHORT_CHARS = 160  # paragraphs shorter than this merge with the next one

_HEADING = re.compile(r"^(#{1,6})\s+(.*\S)\s*$")
_BULLET = re.compile(r"^\s*(?:[-•▪●]\s*|\*\s+)[^\s*]")
_NUMBERED = re.compile(r"^\s*(\d{1,3})\.\s+\S")
_REFERENCE_SECTION = re.compile(r"مراجع|المصادر|references|bibliograph|sources|notes", re.I)
# ")" is not here: the PDF conversion breaks paragraphs after parenthesised names
_SENTENCE_END = re.compile(r"[.!?؟؛:»\"”]\s*$")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?؟؛])\s+")
_YEAR = re.compile(r"(?<!\d)(1[89]|20)\d{2}(?!\d)")


@dataclass
class Chunk:
    doc_id: str
    ordinal: int
    kind: str  # paragraph | list | table_row | table_header | reference | heading
    text: str  # exact source slice
    start: int  # character offsets in the document text
    end: int
    line_start: int  # 1-based, inclusive
    line_end: int
    section: list[str] = field(default_factory=list)
    context: str = ""  # what the chunk needs to be understood alone (not part of `text`)
    meta: dict = field(default_factory=dict)

    @property
    def section_path(self) -> str:
        return " > ".join(self.section)

    @property
    def lines(self) -> str:
        return f"{self.line_start}-{self.line_end}"


def clean_heading(title: str) -> str:
    return title.strip().strip("*").strip().rstrip(":：").strip()


def _is_date_cell(cell: str) -> bool:
    return bool(_YEAR.search(cell)) and len(cell.strip()) <= 30


class _Lines:
    """The document split into lines with their character offsets."""

    def __init__(self, text: str):
        self.text = text
        self.items = text.split("\n")
        self.starts = []
        pos = 0
        for line in self.items:
            self.starts.append(pos)
            pos += len(line) + 1

    def __len__(self):
        return len(self.items)

    def span(self, first: int, last: int) -> tuple[int, int]:
        """Offsets of lines first..last (0-based, inclusive), trimmed of outer whitespace."""
        start = self.starts[first]
        end = self.starts[last] + len(self.items[last])
        raw = self.text[start:end]
        lead = len(raw) - len(raw.lstrip())
        trail = len(raw) - len(raw.rstrip())
        return start + lead, end - trail


class Chunker:
    def __init__(self, doc_id: str, text: str, title: str = ""):
        self.doc_id = doc_id
        self.lines = _Lines(text)
        self.title = title
        self.chunks: list[Chunk] = []
        self.section: list[tuple[int, str]] = []
        self._pending_heading: int | None = None  # heading line with nothing under it yet
        self._title_heading: str | None = None

    # -- emitting -----------------------------------------------------------------
    def _emit(
        self,
        kind: str,
        first: int,
        last: int,
        context: str = "",
        meta: dict | None = None,
        span: tuple[int, int] | None = None,
    ) -> None:
        start, end = span or self.lines.span(first, last)
        if end <= start:
            return
        text = self.lines.text[start:end]
        line_start = self.lines.text.count("\n", 0, start) + 1
        line_end = self.lines.text.count("\n", 0, end) + 1
        # a document's first level-1 heading is its title, not a section
        section = [t for lv, t in self.section if not (lv == 1 and t == self._title_heading)]
        if not context:
            context = " > ".join([self.title] + section if self.title else section)
        self.chunks.append(
            Chunk(
                self.doc_id,
                len(self.chunks),
                kind,
                text,
                start,
                end,
                line_start,
                line_end,
                section,
                context,
                meta or {},
            )
        )
        self._pending_heading = None

    def _flush_heading(self) -> None:
        if self._pending_heading is not None:
            i = self._pending_heading
            self._emit("heading", i, i)

    # -- main loop ------------------------------------------------------------------
    def run(self) -> list[Chunk]:
        items = self.lines.items
        i, n = 0, len(items)
        while i < n:
            line = items[i]
            if not line.strip():
                i += 1
                continue
            m = _HEADING.match(line)
            if m:
                level, title = len(m.group(1)), clean_heading(m.group(2))
                if level == 1 and self._title_heading is None and not self.chunks:
                    self._title_heading = title
                if self._pending_heading is not None and self.section and level <= self.section[-1][0]:
                    self._flush_heading()
                self.section = [(lv, t) for lv, t in self.section if lv < level] + [(level, title)]
                self._pending_heading = i
                i += 1
                continue
            if "\t" in line:
                i = self._table(i)
            elif self.section and _REFERENCE_SECTION.search(self.section[-1][1]) and _NUMBERED.match(line):
                i = self._reference(i)
            elif _BULLET.match(line):
                i = self._list(i, i)
            else:
                i = self._paragraphs(i)
        self._flush_heading()
        return self.chunks

    def _next_nonblank(self, i: int) -> int:
        items = self.lines.items
        while i < len(items) and not items[i].strip():
            i += 1
        return i

    def _kind(self, i: int) -> str:
        if i >= len(self.lines):
            return "end"
        line = self.lines.items[i]
        if _HEADING.match(line):
            return "heading"
        if "\t" in line:
            return "table"
        if _BULLET.match(line):
            return "bullet"
        if self.section and _REFERENCE_SECTION.search(self.section[-1][1]) and _NUMBERED.match(line):
            return "reference"
        return "paragraph"

    # -- paragraphs -----------------------------------------------------------------
    def _paragraphs(self, i: int) -> int:
        """Group paragraph lines: page-broken paragraphs rejoin, short ones merge, long ones split."""
        items = self.lines.items
        first, last = i, i
        size = len(items[i].strip())
        while True:
            cur = items[last].rstrip()
            j = self._next_nonblank(last + 1)
            if self._kind(j) != "paragraph":
                if cur.endswith(":") and self._kind(j) == "bullet":
                    return self._list(first, j)
                break
            nxt = len(items[j].strip())
            broken = not _SENTENCE_END.search(cur)  # sentence continues after a page break
            lead_in = cur.endswith(":")
            short = size < SHORT_CHARS
            if (broken or lead_in or short) and size + nxt <= MAX_CHARS or (broken and size < MAX_CHARS * 2):
                last, size = j, size + nxt
                continue
            break
        start, end = self.lines.span(first, last)
        if end - start <= MAX_CHARS:
            self._emit("paragraph", first, last)
        else:
            for s, e in self._windows(start, end):
                self._emit("paragraph", first, last, span=(s, e))
        return last + 1

    def _windows(self, start: int, end: int) -> list[tuple[int, int]]:
        """Split [start, end) at sentence boundaries into pieces of about TARGET_CHARS."""
        text = self.lines.text
        cuts = [start] + [start + m.end() for m in _SENTENCE_SPLIT.finditer(text[start:end])] + [end]
        pieces, s = [], start
        for a, b in zip(cuts, cuts[1:]):
            if b - s > TARGET_CHARS and a > s:
                pieces.append((s, a))
                s = a
        pieces.append((s, end))
        out = []
        for a, b in pieces:  # hard-split any single sentence that is still far too long
            while b - a > MAX_CHARS * 2:
                cut = text.rfind(" ", a, a + TARGET_CHARS)
                cut = cut if cut > a else a + TARGET_CHARS
                out.append((a, cut))
                a = cut
            out.append((a, b))
        return [
            (a + len(text[a:b]) - len(text[a:b].lstrip()), b - (len(text[a:b]) - len(text[a:b].rstrip())))
            for a, b in out
            if text[a:b].strip()
        ]

    # -- lists ------------------------------------------------------------------------
    def _list(self, first: int, i: int) -> int:
        """Consecutive bullets (blank lines allowed) stay together, with their heading
        when the list opens the section, split into groups when too long."""
        items = self.lines.items
        if first == i and self._pending_heading is not None:
            first = self._pending_heading
        bullets = []
        while self._kind(i) == "bullet":
            bullets.append(i)
            i = self._next_nonblank(i + 1)
        groups, cur, size = [], [], 0
        for b in bullets:
            length = len(items[b])
            if cur and size + length > MAX_CHARS:
                groups.append(cur)
                cur, size = [], 0
            cur.append(b)
            size += length
        groups.append(cur)
        for k, group in enumerate(groups):
            self._emit("list", first if k == 0 else group[0], group[-1])
        return bullets[-1] + 1

    # -- references ---------------------------------------------------------------------
    def _reference(self, i: int) -> int:
        """One numbered reference per chunk, with its URL lines."""
        number = int(_NUMBERED.match(self.lines.items[i]).group(1))
        last = i
        j = self._next_nonblank(i + 1)
        while self._kind(j) == "paragraph":
            last = j
            j = self._next_nonblank(j + 1)
        self._emit("reference", i, last, meta={"reference": number})
        return last + 1

    # -- tables -------------------------------------------------------------------------
    def _table(self, i: int) -> int:
        items = self.lines.items
        rows: list[list[int]] = []  # line indexes per logical row
        while self._kind(i) == "table":
            rows.append([i])
            i = self._next_nonblank(i + 1)
        title = self.section[-1][1] if self.section else ""
        header = [c.strip() for c in items[rows[0][0]].split("\t")]
        width = len(header)
        self._emit(
            "table_header",
            rows[0][0],
            rows[0][0],
            context=f"{title}\n" + " | ".join(header),
            meta={"table": title, "columns": header},
        )
        logical: list[dict] = []
        for (line_no,) in rows[1:]:
            cells = [c.strip() for c in items[line_no].split("\t")]
            cells = (cells + [""] * width)[: max(width, len(cells))]
            filled = [c for c in cells if c]
            if logical and len(filled) == 1 and len(filled[0]) > 40 and not _is_date_cell(filled[0]):
                # a wrapped row: its continuation belongs to the previous row's longest cell
                prev = logical[-1]
                k = max(range(len(prev["cells"])), key=lambda x: len(prev["cells"][x]))
                prev["cells"][k] = prev["cells"][k] + " " + filled[0]
                prev["lines"].append(line_no)
                continue
            reversed_ = _is_date_cell(cells[0]) and not _is_date_cell(cells[width - 1])
            if reversed_:
                cells = cells[:width][::-1]
            logical.append({"cells": cells[:width], "lines": [line_no], "reversed": reversed_})
        group = ""
        for row in logical:
            cells = row["cells"]
            inherited = not cells[0]
            if cells[0]:
                group = cells[0]
            else:
                cells[0] = group
            context = title + "\n" + "\n".join(f"{h}: {c}" for h, c in zip(header, cells) if c)
            meta = {
                "table": title,
                "columns": header,
                "cells": cells,
                "row_group": group,
                "row_group_inherited": inherited,
                "reversed_in_source": row["reversed"],
            }
            self._emit("table_row", row["lines"][0], row["lines"][-1], context=context, meta=meta)
        return rows[-1][-1] + 1


def chunk_document(doc_id: str, text: str, title: str = "") -> list[Chunk]:
    """Split a document into chunks whose offsets map back to exactly their text."""
    return Chunker(doc_id, text, title).run()
