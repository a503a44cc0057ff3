"""Answer paths: each is a step behind one small interface that registers itself,
the way `llm` registers its built-in models through the same hook a plugin uses.

A path says whether it takes a question (from its analysis) and answers it, or
declines after looking (returns None) so the next path in
`settings.answer_paths` gets it. Routing lives in `Answerer.answer` alone; a new
path is a new module (here, or a package exposing the entry point group
`twinning_assistant.answer_paths`), not an edit of the answerer.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass, field
from importlib.metadata import entry_points
from typing import Any, ClassVar

from assistant.analysis import Analysis
from assistant.answering import Answer

ENTRY_POINT_GROUP = "twinning_assistant.answer_paths"


@dataclass
class AnswerRequest:
    """What a path may use to answer."""

    question: str
    analysis: Analysis
    passages: list  # retrieval.Passage, best first
    urls: dict
    vocab: Any  # the keyword index (document frequencies, chunks by document)
    docs: dict  # doc id → metadata (kind, title, outlet, author, date…)
    components: Any = None  # the Answerer: gazetteer, registry, models, settings
    notes: dict = field(default_factory=dict)

    @property
    def language(self) -> str:
        return self.analysis.language


class AnswerPath(ABC):
    name: ClassVar[str]

    def __init__(self, components):
        self.c = components

    @abstractmethod
    def accepts(self, req: AnswerRequest) -> bool:
        """Whether the question is of the kind this path answers."""

    @abstractmethod
    def answer(self, req: AnswerRequest) -> Answer | None:
        """The answer, or None to let the next path answer."""


PATHS: dict[str, type[AnswerPath]] = {}


def register(cls: type[AnswerPath]) -> type[AnswerPath]:
    """Class decorator: make a path available by its name in `settings.answer_paths`."""
    PATHS[cls.name] = cls
    return cls


_loaded = False


def available() -> dict[str, type[AnswerPath]]:
    """Built-in paths and those of installed plugins, by name."""
    global _loaded
    if not _loaded:
        _loaded = True
        from assistant.answering.paths import metadata, passages, registry  # noqa: F401  (they register themselves)

        for ep in entry_points(group=ENTRY_POINT_GROUP):
            register(ep.load())
    return PATHS


__all__ = ["AnswerPath", "AnswerRequest", "register", "available", "PATHS"]
