"""The `Assistant`: the one Python API that the CLI, the app and the evaluation call."""

from __future__ import annotations

import re
import sys
import threading
import time
from functools import cached_property
from pathlib import Path

import yaml

from assistant.aliases import Gazetteer
from assistant.analysis import Analysis, QuestionAnalyzer, load_cues
from assistant.answering import Answer
from assistant.answering.answerer import Answerer
from assistant.arabic import detect_language, strip_invisible
from assistant.embeddings import make_embeddings
from assistant.indexing import IngestReport, ingest
from assistant.registry import Registry
from assistant.retrieval import HybridRetriever, Passage
from assistant.settings import Settings
from assistant.store import ChunkStore

MAX_QUESTION_CHARS = 2000
# C0/C1 control characters, and lone surrogates (undecodable bytes in a command-line
# argument, "\ud800" in JSON) that no encoder accepts: each becomes a space.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_INVISIBLE_MORE = re.compile(r"[\u00ad\u180e\u2060-\u2064\u206a-\u206f]")  # soft hyphen, word joiner…


class QuestionError(ValueError):
    """A question that cannot be asked as typed; the message says why."""


def clean_question(question: str | None) -> str:
    if question is None:
        raise QuestionError("Please type a question.")
    text = _CONTROL.sub(" ", _INVISIBLE_MORE.sub("", strip_invisible(str(question))))
    text = re.sub(r"\s+", " ", text).strip()
    if not text:
        raise QuestionError("Please type a question: the question is empty.")
    if len(text) > MAX_QUESTION_CHARS:
        raise QuestionError(
            f"The question is too long ({len(text)} characters; the limit is {MAX_QUESTION_CHARS}). Please shorten it."
        )
    if not re.search(r"\w", text):
        raise QuestionError("Please type a question with words in it.")
    return text


class Assistant:
    def __init__(self, settings: Settings | None = None, *, auto_ingest: bool = True):
        self.settings = settings or Settings()
        self.auto_ingest = auto_ingest
        self._ingest_lock = threading.Lock()
        self._ready = False
        self._url_cache: tuple[str | None, dict] = (None, {})
        self._registry: tuple[dict, Registry] | None = None
        self._manifest_read: tuple[float, dict, str] | None = None

    # Components are built lazily so `status` and error paths stay fast.
    @cached_property
    def embeddings(self):
        return make_embeddings(self.settings)

    @cached_property
    def store(self) -> ChunkStore:
        return ChunkStore(self.settings, self.embeddings)

    @cached_property
    def gazetteer(self) -> Gazetteer:
        return Gazetteer.from_dir(self.settings.data_dir)

    @cached_property
    def retriever(self) -> HybridRetriever:
        retriever = HybridRetriever(self.store, self.gazetteer, self.settings)
        retriever.more_names = self._unknown_names
        return retriever

    def _unknown_names(self, question: str) -> list[str]:
        """Every spelling the documents give of the partners the question names as a document writes them."""
        from assistant.analysis import _named_in

        return [
            n
            for info in self.registry.spellings.values()
            if any(_named_in(question, x) for x in info.get("names") or [])
            or any(_named_in(question, x, strict=True) for x in info.get("strict") or [])
            for n in (info.get("names") or []) + (info.get("strict") or [])
        ]

    @property
    def registry(self) -> Registry:
        """The curated rows merged with those extracted from the indexed documents; rebuilt
        when the documents change (the answerer follows)."""
        docs = self._registry_docs()
        if self._registry is None or self._registry[0] is not docs:
            rows = [r for info in docs.values() for r in info.get("agreements") or []]
            reg = Registry(self.settings.data_dir, self.gazetteer, extracted=rows)
            self._registry = (docs, reg)
            if "answerer" in self.__dict__:
                self.__dict__["answerer"].registry = reg
        return self._registry[1]

    def _registry_docs(self) -> dict:
        """The manifest the registry is built from: the answering path's (kept in step with
        the index) once the retriever is up, else read directly — `agreements` needs no
        keyword index. An index that cannot be read leaves the curated rows."""
        if "retriever" in self.__dict__:
            return self._docs()
        now = time.monotonic()
        if self._manifest_read and now - self._manifest_read[0] < 1.0:
            return self._manifest_read[1]
        try:
            manifest = self.store.manifest()
        except Exception:  # noqa: BLE001  no index yet, a Chroma server down: curated rows only
            manifest = {}
        fingerprint = self.store.fingerprint(manifest) if manifest else ""
        if self._manifest_read and fingerprint == self._manifest_read[2]:
            manifest = self._manifest_read[1]  # same documents: same object, registry kept
        self._manifest_read = (now, manifest, fingerprint)
        return manifest

    @cached_property
    def answerer(self) -> Answerer:
        return Answerer(self.settings, self.gazetteer, self.registry)

    @cached_property
    def cues(self) -> dict:
        return load_cues(str(Path(self.settings.data_dir) / "cues.yaml"))

    @cached_property
    def intent_model(self):
        """The intent classifier, fit on `corpus/data/intents/questions.jsonl` at first use
        and cached by the hash of its data, cues and embedder."""
        from assistant.learn.intent import fit_cached

        model = fit_cached(self.settings, self.cues, self.embeddings, self.retriever.dense_text)
        if model is not None and getattr(model, "centroid", None):
            self.retriever.hub_vector = model.centroid
        return model

    @cached_property
    def analyzer(self) -> QuestionAnalyzer:
        extraction = self._extraction_cues()
        return QuestionAnalyzer(
            self.gazetteer,
            self.cues,
            known_communes=self.registry.known("commune"),
            home_country=self.registry.home_country,
            continents=self.registry.known("continent"),
            intent_model=self.intent_model,
            vector=lambda q: self.retriever.query_vector(self.retriever.dense_text(q)),
            language=self.question_language,
            manifest=self._docs,
            unknown_places=lambda: self.registry.spellings,
            instrument_kinds=extraction.kinds if extraction else (),
            months=extraction.months if extraction else (),
        )

    def _extraction_cues(self):
        from assistant.extraction.rules import load_cues

        path = Path(self.settings.data_dir) / "extraction.yaml"
        return load_cues(str(path)) if path.exists() else None

    def analyse(self, question: str) -> Analysis:
        """How the assistant reads a question (intent, attributes, entities, scope)."""
        return self.analyzer.analyse(clean_question(question))

    # -- indexing -------------------------------------------------------------------
    def ingest(
        self,
        paths: list[Path] | None = None,
        *,
        prune: bool = False,
        rebuild: bool = False,
        show_progress: bool = True,
        on_progress=None,
    ) -> IngestReport:
        with self._ingest_lock:
            if rebuild:
                sources = [Path(i["source_path"]) for i in self.store.manifest().values() if i.get("source_path")]
                self.store.reset()
                paths = list(paths or [self.settings.corpus_dir]) + [p for p in sources if p.exists()]
            else:
                self.store.check_embedder()
            report = ingest(
                self.store,
                self.gazetteer,
                self.settings,
                list(paths or [self.settings.corpus_dir]),
                prune=prune,
                show_progress=show_progress,
                on_progress=on_progress,
            )
            self.retriever.refresh(force=True)
            return report

    def ensure_index(self, show_progress: bool = True, on_progress=None) -> IngestReport | None:
        """Build the index from the default corpus when it is empty (checked once).
        `on_progress(done, total)` follows the chunks being embedded (the app shows it)."""
        if self._ready:
            return None
        self.store.check_embedder()
        manifest = self.store.manifest()
        if manifest or not self.auto_ingest:
            self._ready = True
            stale = self._stale_sources(manifest) if self.auto_ingest else []
            if stale:
                if show_progress:
                    print(
                        f"Re-indexing {len(stale)} document(s): their files or the aliases/glossary "
                        "changed since they were indexed.",
                        file=sys.stderr,
                    )
                return self.ingest(stale, show_progress=show_progress, on_progress=on_progress)
            return None
        if show_progress:
            print("The index is empty: building it from the corpus first.", file=sys.stderr)
        return self.ingest([self.settings.corpus_dir], show_progress=show_progress, on_progress=on_progress)

    def _stale_sources(self, manifest: dict) -> list[Path]:
        """Indexed files whose bytes, or the pipeline that indexes them, changed since."""
        from assistant.documents import file_sha256, load_metadata
        from assistant.indexing import pipeline_id
        from assistant.store import version_of

        pipeline = pipeline_id(self.gazetteer, self.settings)
        stale = []
        for info in manifest.values():
            path = Path(info.get("source_path") or "")
            if not path.is_file():
                continue
            try:
                meta = load_metadata(path.parent).get(path.name)
                current = version_of(file_sha256(path.read_bytes()), pipeline, meta)
            except (OSError, ValueError, yaml.YAMLError):  # an unreadable file or documents.yaml
                continue
            if current != info.get("version"):
                stale.append(path)
        return stale

    # -- asking ------------------------------------------------------------------------
    def search(self, question: str, k: int | None = None, *, timings: dict | None = None) -> list[Passage]:
        """Passages for a question, within the sources it names ("according to the study") if any."""
        question = clean_question(question)
        self.ensure_index()
        return self._search(question, self.analyzer.analyse(question), k, timings)

    def _search(self, question: str, analysis, k: int | None, timings: dict | None) -> list[Passage]:
        # the retriever searches every document when the scope has no chunks
        return self.retriever.search(question, k, timings=timings, docs=analysis.scope)

    def understand(self, question: str, history: list[str] | None = None):
        """How a turn is read given the earlier questions (`assistant.conversation`)."""
        from assistant.conversation import understand

        return understand(
            clean_question(question),
            [clean_question(h) for h in history or [] if h and h.strip()],
            self.analyzer.analyse,
            self.cues,
            self.gazetteer,
            referents=self._referents,
        )

    def _referents(self, question: str, history: list[str] | None = None) -> list:
        """What the answer to an earlier turn (asked after its own history, as it was) is about:
        the partner and commune of the one agreement it found ("that city" then means it)."""
        from assistant.analysis import Mention

        ids = self.ask(question, history=history or None).extra.get("agreements") or []
        rows = [a for a in self.registry.agreements if a.id in ids]
        if len(rows) != 1:
            return []
        row = rows[0]
        out = [Mention(row.partner, "city", "partner", row.partner_as_written)] if row.partner else []
        return out + ([Mention(row.commune, "commune", "commune", row.commune)] if row.commune else [])

    def ask(self, question: str, *, history: list[str] | None = None, on_token=None, qid=None) -> Answer:
        """A cited answer in the asker's language (LLM when configured, else extractive).
        `history`: the earlier questions of the conversation, oldest first; a follow-up is
        answered as the question it stands for (shown as `understood`), a question that
        stands on its own exactly as without history. `on_token` receives the answer text
        as it is produced."""
        from assistant.conversation import apply_inherited

        started = time.perf_counter()
        question = clean_question(question)
        self.ensure_index()
        timings: dict = {}
        t0 = time.perf_counter()
        understood = self.understand(question, history) if history else None
        asked = understood.question if understood is not None else question
        analysis = self.analyzer.analyse(asked)
        if understood is not None:
            analysis = apply_inherited(analysis, understood)
            # the asker's language is the one of what they typed
            analysis.language = self.question_language(question)
        analysis_ms = (time.perf_counter() - t0) * 1e3
        passages = self._search(asked, analysis, self.settings.answer_k, timings)
        timings["retrieval_ms"] = sum(timings.values())
        answer = self.answerer.answer(
            asked,
            analysis,
            passages,
            urls=self._urls(),
            vocab=self.retriever.keyword,
            docs=self._docs(),
            on_token=on_token,
        )
        answer.question = question
        if understood is not None and understood.rewritten:
            answer.extra["understood"] = understood.question
        answer.id = qid
        answer.timings_ms = {
            "analysis_ms": analysis_ms,
            "retrieval_ms": timings["retrieval_ms"],
            **answer.timings_ms,
            "total_ms": (time.perf_counter() - started) * 1e3,
        }
        return answer

    def question_language(self, question: str) -> str:
        """ar / fr / en, judged without the place names (Laâyoune reads as French)."""
        text = question
        for entry in self.gazetteer.find_places(question):
            for name in sorted(entry.latin, key=len, reverse=True):
                text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", " ", text, flags=re.IGNORECASE)
        return detect_language(text if re.search(r"[^\W\d_]{3,}", text) else question)

    def _docs(self) -> dict[str, dict]:
        """Each document's metadata from the manifest, re-read only when the documents change."""
        fingerprint = self.retriever.fingerprint
        if self._url_cache[0] != fingerprint:
            self._url_cache = (fingerprint, self.store.manifest())
        return self._url_cache[1]

    def _urls(self) -> dict[str, str | None]:
        """Each document's URL (or DOI link)."""
        return {
            d: m.get("url") or (f"https://doi.org/{m['doi']}" if m.get("doi") else None)
            for d, m in self._docs().items()
        }

    def status(self) -> dict:
        manifest = self.store.manifest()
        return {
            "documents": len(manifest),
            "chunks": sum(int(m.get("n_chunks", 0)) for m in manifest.values()),
            "embedder": self.store.built_with or self.store.embedder_id,
            "index": (
                f"chroma://{self.settings.chroma_host}:{self.settings.chroma_port}/{self.settings.collection}"
                if self.settings.chroma_host
                else str(Path(self.settings.index_dir).resolve())
            ),
        }

    def documents(self) -> list[dict]:
        return [{"doc_id": d, **m} for d, m in sorted(self.store.manifest().items())]
