"""Citation validation, run on every answer in both modes.

Each sentence must carry at least one `[n]`; every `n` must name a passage that
was actually given; and the names, numbers and dates in the sentence must
appear in a passage it cites (its text or its context: table title, headers,
carried-forward commune). Sentences that fail are dropped and counted.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from assistant.aliases import Gazetteer, place_ids
from assistant.arabic import normalize, normalize_spaces

_CITE = re.compile(r"\[(\d{1,3})\]")
_SENTENCE = re.compile(r"(?<=[.!?؟])\s+(?!\[)")
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")
_CAPITALIZED = re.compile(r"(?<![\w'’])([A-Z][\w'’-]{2,})")
_BULLET = re.compile(r"^\s*(?:[-•*]\s+|\d+\.\s+)")


@dataclass
class CheckedSentence:
    text: str
    cites: list[int]
    problems: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


@dataclass
class Validation:
    sentences: list[CheckedSentence]
    framing: list[str]
    citation_checks: int = 0
    citation_ok: int = 0

    @property
    def dropped(self) -> list[CheckedSentence]:
        return [s for s in self.sentences if not s.ok]

    @property
    def valid(self) -> list[CheckedSentence]:
        return [s for s in self.sentences if s.ok]

    @property
    def precision(self) -> float:
        return self.citation_ok / self.citation_checks if self.citation_checks else 1.0

    @property
    def used(self) -> list[int]:
        seen: list[int] = []
        for s in self.valid:
            for n in s.cites:
                if n not in seen:
                    seen.append(n)
        return seen


def split_sentences(answer: str) -> tuple[list[str], list[str]]:
    """(framing lines, sentences). Framing = lead-ins and headings: lines ending in ':'."""
    framing, sentences = [], []
    for line in answer.split("\n"):
        line = line.strip()
        if not line:
            continue
        if line.endswith(":") and not _CITE.search(line):
            framing.append(line)
            continue
        line = _BULLET.sub("", line)
        # A citation covers the uncited sentences just before it on the same line
        # (a quoted table cell or a list item may hold several sentences).
        pending = ""
        for part in (s.strip() for s in _SENTENCE.split(line) if s.strip()):
            pending = f"{pending} {part}".strip()
            if _CITE.search(part):
                sentences.append(pending)
                pending = ""
        if pending:
            sentences.append(pending)
    return framing, sentences


@lru_cache(maxsize=1)
def _calendar_words() -> frozenset[str]:
    """Month and weekday names of the Latin-script locales (CLDR via Babel): a capitalized
    "May" or "Mardi" in an answer is a date, not a name the source must hold."""
    from babel.dates import get_day_names, get_month_names

    words = set()
    for loc in ("en", "fr", "es", "it"):
        for width in ("wide", "abbreviated"):
            words.update(normalize(v).strip(".") for v in get_month_names(width, locale=loc).values())
            words.update(normalize(v).strip(".") for v in get_day_names(width, locale=loc).values())
    return frozenset(words)


def facts(sentence: str, gazetteer: Gazetteer, framing_phrases=()) -> tuple[set[str], set[str], set[str]]:
    """Numbers, place ids and capitalized Latin names asserted by a sentence (minus the
    assistant's own framing in it, such as how a source is named)."""
    body = _CITE.sub(" ", sentence)
    for phrase in framing_phrases:
        body = body.replace(phrase, " ")
    numbers = set(_NUMBER.findall(normalize(body)))
    places = {e.id for e in gazetteer.find_places(body)}
    names = set()
    words = body.split()
    vocabulary = {normalize(n) for e in gazetteer.find(body) for n in e.names}
    for m in _CAPITALIZED.finditer(body):
        if words and m.group(1) == words[0].strip("«\"'(“"):
            continue  # sentence-initial capital: not a name signal
        name = normalize(m.group(1))
        if name in _calendar_words():
            continue
        if not any(name in v.split() for v in vocabulary):  # "October", "Table": known words
            names.add(name)
    return numbers, places, names


@lru_cache(maxsize=20_000)
def _source_facts(gazetteer: Gazetteer, source_text: str) -> tuple[str, frozenset[str], frozenset[str]]:
    # sources are passages: the same ones are checked for every sentence that cites them. A city
    # the source names supports its country and continent too (gazetteer data: "Concarneau" is in
    # France), not the other way round
    norm = normalize_spaces(source_text)
    named = place_ids(gazetteer, source_text)
    places = set(named) | {e.id for e in gazetteer.countries_by_adjective(source_text)}
    for pid in named:
        entry = gazetteer.places.get(pid)
        if entry is not None and entry.kind in ("city", "commune"):
            places.update(e.id for e in gazetteer.related(entry))
    return norm, frozenset(_NUMBER.findall(norm)), frozenset(places)


def supports(sentence_facts, source_text: str, gazetteer: Gazetteer) -> list[str]:
    """What a source fails to support; empty when it supports everything."""
    numbers, places, names = sentence_facts
    norm, source_numbers, source_places = _source_facts(gazetteer, source_text)
    missing = [f"number {n}" for n in numbers if n not in source_numbers]
    missing += [f"place {p}" for p in places if p not in source_places]
    for name in names:
        known_place = any(name in normalize(" ".join(gazetteer.places[p].names)) for p in source_places)
        if name not in norm and not known_place:
            missing.append(f"name {name}")
    return missing


def validate(answer: str, sources: list[str], gazetteer: Gazetteer, framing_phrases=()) -> Validation:
    """Check every sentence of `answer` against `sources` (the text of source [n] is sources[n-1]).
    `framing_phrases`: the assistant's own words inside sentences (source labels), not checked."""
    framing, sentences = split_sentences(answer)
    result = Validation([], framing)
    for text in sentences:
        cites = [int(n) for n in _CITE.findall(text)]
        checked = CheckedSentence(text, cites)
        if not cites:
            checked.problems.append("no citation")
        bad = [n for n in cites if not 1 <= n <= len(sources)]
        if bad:
            checked.problems.append(f"cites missing source(s) {bad}")
        if not bad and cites:
            for segment, group in _segments(text):
                seg_facts = facts(segment, gazetteer, framing_phrases)
                # a group of adjacent citations [1][2] supports its segment jointly ...
                union = supports(seg_facts, "\n".join(sources[n - 1] for n in group), gazetteer)
                if union:
                    checked.problems.append("unsupported: " + ", ".join(union))
                # ... and each citation in it must hold part of what it is cited for
                for n in group:
                    result.citation_checks += 1
                    missing = supports(seg_facts, sources[n - 1], gazetteer)
                    total = sum(len(x) for x in seg_facts)
                    result.citation_ok += (not missing) or (len(group) > 1 and len(missing) < total)
        result.sentences.append(checked)
    return result


def _segments(sentence: str) -> list[tuple[str, list[int]]]:
    """Split a sentence at its citation groups: the text before `[1][2]` is what
    those citations are cited for ("Niamey — Smara [2] — 15 January 2026 [1]")."""
    out, last = [], 0
    for m in re.finditer(r"(?:\s*\[\d{1,3}\])+", sentence):
        group = [int(n) for n in _CITE.findall(m.group())]
        out.append((sentence[last : m.start()], group))
        last = m.end()
    tail = sentence[last:].strip(" .،,;:")
    if tail and out:  # trailing words after the last citation belong to it
        seg, group = out[-1]
        out[-1] = (seg + " " + tail, group)
    return out


def strip_citations(text: str) -> str:
    return _CITE.sub("", text).strip()
