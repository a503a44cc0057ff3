"""Agreement extraction at ingest: every document becomes records of the instruments
it mentions between a Moroccan local authority and a foreign one.

Extractors are steps behind one small interface that register themselves (like
the answer paths): `rules` (offline, cue words from `corpus/data/extraction.yaml`
and the gazetteer) is built in; `llm` (LangChain structured output, each field
checked against its quote) is tried first when an LLM is configured and falls
back to the rules. `settings.extractors` orders them; a package can add one
through the entry point group `twinning_assistant.extractors`.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from importlib.metadata import entry_points
from typing import ClassVar, Literal

from pydantic import BaseModel, Field

ENTRY_POINT_GROUP = "twinning_assistant.extractors"
# Bump when the rules or the record schema change: documents are then re-extracted
# (not re-embedded) at the next ingest.
EXTRACTION_VERSION = "2"

KINDS = (
    "twinning",
    "cooperation",
    "friendship",
    "letter_of_intent",
    "mou",
    "council_approval",
    "renewal",
    "announcement",
    "no_agreement",
)
# Kinds that are not a signed instrument: listed apart, never counted as agreements.
NOT_SIGNED = ("council_approval", "announcement", "no_agreement")


def family(kind: str) -> str:
    """Signed instruments of one pair are one agreement (their kinds may disagree:
    a discrepancy); approvals, announcements and non-events stay apart."""
    return kind if kind in NOT_SIGNED else "signed"


class Signatory(BaseModel):
    name: str
    role: str | None = None
    side: Literal["commune", "partner"] | None = None


class Mention(BaseModel):
    lines: tuple[int, int]
    quote: str
    kind: str | None = None  # what this mention says, when records merge (a kind discrepancy)
    date: str | None = None
    date_as_written: str | None = None
    # a sentence quoted for what it adds to the record: what it covers ("themes"), an earlier
    # or later event of it ("history": "a first renewal came in 2017")
    about: Literal["themes", "history"] | None = None


class Extracted(BaseModel):
    """One instrument a document mentions (or, kind `no_agreement`, a visit or a
    proposal that is not one), with where the document says so."""

    doc: str
    commune: str | None = Field(description="gazetteer id of the Moroccan commune, province or region")
    commune_as_written: str = ""
    partner: str | None = Field(
        description="gazetteer id of the foreign locality; None when no gazetteer "
        "knows the name (partner_as_written keeps it)"
    )
    partner_as_written: str
    country: str | None = None
    continent: str | None = None
    kind: Literal[KINDS]  # type: ignore[valid-type]
    what: str | None = Field(None, description="for no_agreement: visit | proposal | prospect | negated")
    date: str | None = None
    date_precision: Literal["year", "month", "day", "approximate"] | None = None
    date_as_written: str | None = None
    signatories: list[Signatory] = []
    themes: list[str] = []
    themes_as_written: str | None = None
    mentions: list[Mention]
    method: Literal["rules", "llm"] = "rules"
    confidence: float = 0.5

    @property
    def key(self) -> tuple:
        return (self.commune, self.partner or self.partner_as_written, self.kind)

    @property
    def lines(self) -> tuple[int, int]:
        return self.mentions[0].lines

    @property
    def quote(self) -> str:
        return self.mentions[0].quote


class Extractor(ABC):
    name: ClassVar[str]

    def __init__(self, gazetteer, settings, data_dir):
        self.gazetteer, self.settings, self.data_dir = gazetteer, settings, data_dir

    def available(self) -> bool:
        return True

    @abstractmethod
    def extract(self, doc_id: str, text: str, metadata: dict) -> list[Extracted] | None:
        """The document's records, or None to let the next extractor try."""


EXTRACTORS: dict[str, type[Extractor]] = {}


def register(cls: type[Extractor]) -> type[Extractor]:
    EXTRACTORS[cls.name] = cls
    return cls


def _load_plugins() -> None:
    from assistant.extraction import llm, rules  # noqa: F401  (built-ins register themselves)

    for ep in entry_points(group=ENTRY_POINT_GROUP):
        register(ep.load())


def extract(doc_id: str, text: str, metadata: dict, *, gazetteer, settings) -> list[Extracted]:
    """The first configured extractor that is available and answers; [] if none does."""
    _load_plugins()
    for name in settings.extractors:
        cls = EXTRACTORS.get(name)
        if cls is None:
            raise ValueError(f"unknown extractor '{name}' (known: {', '.join(sorted(EXTRACTORS))})")
        ex = cls(gazetteer, settings, settings.data_dir)
        if not ex.available():
            continue
        got = ex.extract(doc_id, text, metadata)
        if got is not None:
            return got
    return []
