"""Offline extractive answers: the sentences and table rows that answer the
question, each followed by its citation, under a one-line lead-in in the
asker's language. Quotations stay in the language of the source."""

from __future__ import annotations

from dataclasses import dataclass

from assistant.aliases import Gazetteer
from assistant.answering import Answer, Citation
from assistant.answering.messages import message
from assistant.answering.support import Supporter, absent_share, question_concepts, split_units
from assistant.retrieval import Passage

MAX_UNITS = 5
MAX_PER_PASSAGE = 2
ABSTAIN_BELOW = 0.35     # best coverage of the question's concepts by any one unit
ABSENT_SHARE = 0.25      # share of the question (by weight) that the corpus never mentions
KEEP_WITHIN = 0.2        # other units must come this close to the best one
RELATED_READING = 3


@dataclass
class Unit:
    passage: Passage
    text: str
    position: int
    coverage: float


def passage_units(p: Passage) -> list[tuple[int, str]]:
    """What can be quoted from a passage: a table row as one line (cells in header
    order, as repaired), other passages sentence by sentence."""
    if p.kind == "table_row" and p.extra.get("cells"):
        cells = [c for c in p.extra["cells"] if c]
        return [(0, " — ".join(cells))]
    if p.kind == "reference":
        return [(0, p.text.split("\n")[0].strip())]
    return list(enumerate(split_units(p.text)))


def select_units(question: str, passages: list[Passage], gazetteer: Gazetteer, vocab=None
                 ) -> tuple[list[Unit], float, float]:
    """(chosen units, best coverage, share of the question the corpus never mentions)."""
    concepts = question_concepts(question, gazetteer, vocab)
    absent = absent_share(concepts)
    supporter = Supporter(gazetteer)
    units: list[Unit] = []
    for p in passages:
        # the passage's context (section, table header) counts towards its units' support
        context = p.context if p.kind == "table_row" else p.section
        for pos, text in passage_units(p):
            cov = supporter.coverage(concepts, text, context)
            units.append(Unit(p, text, pos, cov + 0.02 / p.rank))  # tiny tie-break by rank
    if not units:
        return [], 0.0, absent
    best = max(u.coverage for u in units)
    chosen: list[Unit] = []
    per_passage: dict[str, int] = {}
    for u in sorted(units, key=lambda u: -u.coverage):
        if len(chosen) >= MAX_UNITS or u.coverage < best - KEEP_WITHIN:
            break
        if per_passage.get(u.passage.chunk_id, 0) >= MAX_PER_PASSAGE:
            continue
        per_passage[u.passage.chunk_id] = per_passage.get(u.passage.chunk_id, 0) + 1
        chosen.append(u)
    if chosen:
        # The best sentence often sets up what the next one says ("X faces
        # difficulties." → "They include …"): quote its successor with it.
        top = chosen[0]
        successors = [u for u in units if u.passage is top.passage and u.position == top.position + 1]
        if successors and successors[0] not in chosen:
            top.text = f"{top.text} {successors[0].text}"
    # read in document order within each passage, passages by rank
    chosen.sort(key=lambda u: (u.passage.rank, u.position))
    return chosen, best, absent


def citation_for(n: int, p: Passage, url: str | None = None) -> Citation:
    return Citation(n=n, doc=p.doc, title=p.title, section=p.section, lines=p.lines, quote=p.text, url=url)


def extractive_answer(question: str, language: str, passages: list[Passage], gazetteer: Gazetteer,
                      urls: dict[str, str | None] | None = None, vocab=None) -> Answer:
    urls = urls or {}
    units, best, absent = select_units(question, passages, gazetteer, vocab)
    if not units or best < ABSTAIN_BELOW or absent >= ABSENT_SHARE:
        related = passages[:RELATED_READING]
        lines = [message("abstain", language)]
        if related:
            lines.append(message("related", language))
            lines += [f"- {p.title}" + (f" — {p.section}" if p.section else "") + f", {p.lines}"
                      for p in related]
        return Answer(question, language, "extractive", "\n".join(lines), True, [], passages)
    numbers: dict[str, int] = {}
    citations: list[Citation] = []
    lines = [message("lead_in", language)]
    for u in units:
        n = numbers.get(u.passage.chunk_id)
        if n is None:
            n = numbers[u.passage.chunk_id] = len(numbers) + 1
            citations.append(citation_for(n, u.passage, urls.get(u.passage.doc)))
        lines.append(f"- {u.text} [{n}]")
    return Answer(question, language, "extractive", "\n".join(lines), False, citations, passages)
