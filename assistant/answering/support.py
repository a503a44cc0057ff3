"""How well a piece of text supports a question.

A question is reduced to *concepts*: the places it names (any script), the
glossary terms it uses (mapped to the documents' Arabic), and its remaining
content words. A sentence or table row supports the question to the extent it
covers those concepts. Low coverage everywhere means the documents do not
answer, which is how the assistant knows to abstain.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol

from assistant.aliases import Entry, Gazetteer, match_tokens, runs_of
from assistant.arabic import is_arabic, latin_stems, tokenize, variants

# Defaults of the settings `place_weight`, `unknown_word_factor` and `source_name_factor` (see settings.py).
PLACE_WEIGHT = 3.0
UNKNOWN_WORD_FACTOR = 0.3
SOURCE_NAME_FACTOR = 0.2


@dataclass(frozen=True)
class Concept:
    kind: str  # place | term | word
    key: str  # entry id or token
    weight: float
    absent: bool = False  # the corpus never mentions it: the documents cannot answer about it
    modifier: bool = False  # qualifies what is asked ("three", "main"), never its topic
    source: bool = False  # names the source asked about (its author, its outlet), never the topic


class Vocabulary(Protocol):
    df: dict[str, int]

    def idf(self, token: str) -> float: ...


def question_concepts(
    question: str,
    gazetteer: Gazetteer,
    vocab: Vocabulary | None = None,
    *,
    place_weight: float = PLACE_WEIGHT,
    unknown_word_factor: float = UNKNOWN_WORD_FACTOR,
    source_words: list[str] | tuple[str, ...] = (),
    source_name_factor: float = SOURCE_NAME_FACTOR,
    named: tuple[tuple[str, str, str], ...] = (),
) -> list[Concept]:
    """Places, glossary terms and remaining content words of a question, weighted by
    how rare they are in the corpus (absent ones weigh the most). `source_words` name the
    source the question restricts itself to (its author, its outlet): they say where to
    look, not what is asked, and weigh `source_name_factor` of a word (as the glossary's
    "the study" does)."""
    naming = {t for w in source_words for t in tokenize(w)}
    idf = vocab.idf if vocab else (lambda t: 1.0)
    df = vocab.df if vocab else {}

    concepts: list[Concept] = []
    covered: set[int] = set()
    toks = match_tokens(question)
    for pid, _, said in named:
        # a place only the documents spell, which the question writes its own way ("Bir
        # Moghrein" for «بئر أم كرين»): a place of the question, not unknown words
        want = match_tokens(said)
        at = runs_of(toks, want)
        if at and not any(c.key == pid for c in concepts):
            covered.update(range(at[0], at[0] + len(want)))
            concepts.append(Concept("place", pid, place_weight, False))
    for entry, start, end in gazetteer.find_spans(question):
        covered.update(range(start, end))
        if any(c.key == entry.id for c in concepts):
            continue
        if entry.id in gazetteer.places:
            # absent when no spelling of it (Arabic, or the Latin names enrichment adds) is indexed
            absent = bool(vocab) and not any(t in df for n in entry.names for t in tokenize(n))
            concepts.append(Concept("place", entry.id, place_weight, absent))
            continue
        known = [t for v in entry.ar for t in _known_form(v, df)]
        weight = min((idf(t) for t in known), default=idf("\u0000absent"))
        weight *= float(entry.data.get("weight", 1.0))  # e.g. "the study" names the source, not the topic
        absent = bool(vocab) and not known  # no form of the concept occurs in the indexed documents
        concepts.append(Concept("term", entry.id, weight, absent, bool(entry.data.get("modifier"))))
    names = proper_names(question)
    for i, tok in enumerate(toks):
        if i in covered:
            continue
        for t in tokenize(tok):
            if vocab and t not in df and is_arabic(t):
                t = next((v for v in variants(t) if v in df), t)
            if (len(t) < 3 and not t.isdigit()) or any(c.key == t for c in concepts):
                continue
            if vocab and t not in df:
                t = _inflection_in(t, df) or t
            weight = idf(t)
            absent = bool(vocab) and t not in df
            if absent and t not in names:
                # A word the corpus never uses: a paraphrase, a Darija form, or a French/English
                # word with no Arabic mapping. Weak evidence either way; only unknown *names*
                # (and glossary concepts known to be absent) make the documents unable to answer.
                weight *= unknown_word_factor
                absent = False
            if t in naming:
                weight *= source_name_factor
            concepts.append(Concept("word", t, weight, absent, source=t in naming))
    return concepts


def _known_form(form: str, df: dict[str, int]) -> list[str]:
    """The tokens of a glossary form the corpus uses, [] unless it uses all of them: one word
    of "الأحوال الجوية" ("weather") is not the weather."""
    toks = tokenize(form)
    return toks if toks and all(t in df for t in toks) else []


# stem → the corpus's most frequent token with it, for the one document-frequency table in
# use (held, not keyed by id(): a rebuilt index's table could reuse a freed one's id)
_STEM_INDEX: dict = {"df": None, "size": -1, "index": {}}


def _inflection_in(token: str, df: dict[str, int]) -> str | None:
    """The corpus's most frequent token sharing a stem with `token` ("receive" when only
    "received" is indexed), None when none does."""
    stems = latin_stems(token)
    if not stems:
        return None
    if _STEM_INDEX["df"] is not df or _STEM_INDEX["size"] != len(df):
        index: dict[str, str] = {}
        for tok in sorted(df, key=lambda x: -df[x]):
            for st in latin_stems(tok):
                index.setdefault(st, tok)
        _STEM_INDEX.update(df=df, size=len(df), index=index)
    index = _STEM_INDEX["index"]
    return next((index[st] for st in sorted(stems) if st in index), None)


def has_word(key: str, words: frozenset[str] | set[str]) -> bool:
    """A text's tokens hold the word itself or an inflection of it (shared stem)."""
    return key in words or any(f"~{st}" in words for st in latin_stems(key))


def proper_names(question: str) -> set[str]:
    """Normalized capitalized Latin words that are not sentence-initial: names."""
    words = re.findall(r"[\w'’-]+", question)
    out = set()
    for w in words[1:]:
        if w[:1].isupper() and w[:1].isascii():
            out.update(tokenize(w))
    return out


def absent_share(concepts: list[Concept]) -> float:
    total = sum(c.weight for c in concepts)
    return sum(c.weight for c in concepts if c.absent) / total if total else 0.0


class Supporter:
    """Scores texts against a question's concepts."""

    def __init__(self, gazetteer: Gazetteer):
        self.gazetteer = gazetteer

    def analyse(self, text: str) -> tuple[frozenset[str], frozenset[str]]:
        """Entry ids the text mentions (a city also counts as its country and continent)
        and its tokens."""
        return _analysed(self.gazetteer, text)

    def coverage(self, concepts: list[Concept], text: str, context: str = "", analysed=None) -> float:
        """Weighted share of the question's concepts the text covers (`analysed`: the
        text's `analyse()` result when the caller has it)."""
        if not concepts:
            return 0.0
        entries, words = analysed or self.analyse(f"{text}\n{context}")
        got = total = 0.0
        for c in concepts:
            total += c.weight
            if (c.kind in ("place", "term") and c.key in entries) or (c.kind == "word" and has_word(c.key, words)):
                got += c.weight
        return got / total if total else 0.0


@lru_cache(maxsize=50_000)
def _analysed(gazetteer: Gazetteer, text: str) -> tuple[frozenset[str], frozenset[str]]:
    # passages are read again for every question that retrieves them: their sentences are
    # analysed once (the gazetteer scan is most of the passages path's time)
    entries: set[str] = set()
    for e in gazetteer.find(text):
        entries.add(e.id)
        if e.id in gazetteer.places:
            entries.update(r.id for r in gazetteer.related(e))
    toks = tokenize(text)
    # "~stem" keys beside the tokens: a word matches its inflections (has_word)
    return frozenset(entries), frozenset(toks) | {f"~{st}" for t in toks for st in latin_stems(t)}


def split_units(text: str) -> list[str]:
    """Sentences (and list items) of a passage, as they appear in it."""
    units = []
    lines = [ln.strip() for ln in text.split("\n")]
    merged: list[str] = []
    for line in lines:
        if not line or line.startswith("#"):
            continue
        line = re.sub(r"^(?:[-•▪●*]\s*|\d{1,3}\.\s+)", "", line).strip()
        if merged and (merged[-1].endswith(":") or not re.search(r"[.!?؟؛»\"”]$", merged[-1])):
            # a lead-in stays with what it introduces; a paragraph broken by the PDF rejoins
            merged[-1] = f"{merged[-1]} {line}"
        else:
            merged.append(line)
    for line in merged:
        for sent in re.split(r"(?<=[.!?؟؛])\s+", line):
            sent = sent.strip()
            if len(sent) >= 12:
                units.append(sent)
    return units


def script_of(text: str) -> str:
    return "ar" if is_arabic(text) else "latin"


__all__ = ["Concept", "Entry", "Supporter", "question_concepts", "split_units", "script_of"]
