"""Text runs (plain, bold, [n] citation links, URLs) for the DOCX and PDF renderers, and the
direction marks that keep mixed Arabic / Latin lines in order (shared with Markdown)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from assistant.briefing.model import Cite, Item, SourceEntry, display_url

# -- text runs for DOCX / PDF ------------------------------------------------------------------------


@dataclass
class _Run:
    text: str
    cite: int | None = None
    url: str | None = None
    bold: bool = False


def _item_runs(item: Item, lang: str) -> list[_Run]:
    runs = []
    if item.lead:
        runs.append(_Run(item.lead, bold=True))
    if item.text:
        runs.append(_Run((" — " if item.lead else "") + item.text))
    if item.cites:
        runs.append(_Run(" —"))
    runs += _cite_runs(item.cites)
    return runs


def _cite_runs(cites: list[Cite]) -> list[_Run]:
    """' l. 132 [1] · réf. 16 [2]': the [n] runs are links to the sources list."""
    runs = []
    for k, c in enumerate(cites):
        runs.append(_Run((" · " if k else " ") + (f"{c.where} " if c.where else "")))
        runs.append(_Run(f"[{c.n}]", cite=c.n))
    return runs


def _source_runs(e: SourceEntry) -> list[_Run]:
    runs = [_Run(f"[{e.n}] ", bold=True), _Run(e.title)]
    if e.details:
        runs.append(_Run(" — " + e.details))
    if e.url:
        runs += [_Run(" — "), _Run(display_url(e.url), url=e.url)]
    return runs


_AR_CHARS = "\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff"
_AR_RUN = re.compile(rf"[{_AR_CHARS}](?:[{_AR_CHARS}\s\d٠-٩،؛؟.,:()\"«»“”'\-–—/]*[{_AR_CHARS}])?…?")


_LATIN_RUN = re.compile(r"[A-Za-zÀ-ÿŒœ](?:[A-Za-zÀ-ÿŒœ0-9\s.,:;'’&/\-–()]*[A-Za-zÀ-ÿŒœ0-9)])?")
LRM, RLM = "\u200e", "\u200f"
_LATIN_LETTER = re.compile(r"[A-Za-zÀ-ÿŒœ]")


def bidi_marks(text: str, rtl: bool) -> str:
    """A direction mark after each run of the other script (LRM after Arabic in a left-to-right
    paragraph, RLM after Latin in a right-to-left one), so that a number or punctuation that
    follows a run is read in the paragraph's direction ("province وادي الذهب · 8 accords")."""
    if rtl:
        return _LATIN_RUN.sub(lambda m: m.group() + RLM, text)
    return _AR_RUN.sub(lambda m: m.group() + LRM, text)


def _split_scripts(text: str) -> list[tuple[str, bool]]:
    """(piece, is Arabic) pieces of a text, so Arabic runs can be marked right to left."""
    out, last = [], 0
    for m in _AR_RUN.finditer(text):
        if m.start() > last:
            out.append((text[last : m.start()], False))
        out.append((m.group(), True))
        last = m.end()
    if last < len(text):
        out.append((text[last:], False))
    return out
