"""Answers with citations: the extractive mode (offline default), the LLM mode,
and the citation validation that every answer passes through."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Citation:
    n: int
    doc: str
    title: str
    section: str
    lines: str
    quote: str
    url: str | None = None

    def to_json(self) -> dict:
        return {
            "n": self.n,
            "doc": self.doc,
            "title": self.title,
            "section": self.section,
            "lines": self.lines,
            "quote": self.quote,
            "url": self.url,
        }


@dataclass
class Answer:
    question: str
    language: str
    mode: str  # "extractive" | "llm"
    answer: str
    abstained: bool
    citations: list[Citation] = field(default_factory=list)
    passages: list = field(default_factory=list)  # retrieval.Passage
    notices: list[str] = field(default_factory=list)
    timings_ms: dict = field(default_factory=dict)
    id: object = None
    extra: dict = field(default_factory=dict)  # e.g. registry rows, discrepancies

    def to_json(self) -> dict:
        out = {
            "question": self.question,
            "language": self.language,
            "mode": self.mode,
            "answer": self.answer,
            "abstained": self.abstained,
            "citations": [c.to_json() for c in self.citations],
            "passages": [p.to_json() for p in self.passages],
            "notices": self.notices,
            "timings_ms": {k: round(v, 1) for k, v in self.timings_ms.items()},
        }
        if self.extra.get("understood"):
            out["understood"] = self.extra["understood"]  # a follow-up, as the question it stands for
        if self.id is not None:
            out = {"id": self.id, **out}
        return out
