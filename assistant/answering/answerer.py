"""From an analysed question and its passages to a validated, cited answer.

The answer paths (`assistant.answering.paths`) are offered the question in the
order `settings.answer_paths` gives; the first that takes it and answers wins —
this loop is the only routing there is. When an LLM is configured it then
phrases the answer from the sources that path chose (passages, or the registry
rows' passages), validated like any other; any LLM failure keeps the
extractive answer with a notice."""

from __future__ import annotations

import time
from functools import cached_property
from typing import Callable

from assistant.aliases import Gazetteer
from assistant.analysis import Analysis
from assistant.answering import Answer, Citation
from assistant.answering.citations import validate
from assistant.answering.extractive import abstention, citation_for
from assistant.answering.llm import LLMFailure, build_messages, generate, make_chat_model
from assistant.answering.paths import AnswerRequest, available
from assistant.i18n import has, t
from assistant.learn.answer_models import load_models
from assistant.registry import Registry
from assistant.retrieval import Passage
from assistant.settings import Settings
from assistant.sources import source_label


def _reason(key: str, lang: str) -> str:
    """Why the language model could not be used, in words (an unknown reason reads as "error")."""
    return t(f"llm_reason.{key}" if has(f"llm_reason.{key}") else "llm_reason.error", lang)


def source_text(p: Passage) -> str:
    """What a citation of this passage may rely on: its text and its context."""
    return f"{p.context}\n{p.text}"


def cited_sources(ans: Answer, passages: list[Passage] | None = None) -> list[str]:
    """The text each [n] of an answer may rely on (sources[n-1]), found by the cited quote
    among the passages; a quote with no passage stands for itself."""
    passages = ans.passages if passages is None else passages
    by_n = {c.n: c for c in ans.citations}
    sources = []
    for n in range(1, max(by_n, default=0) + 1):
        c = by_n.get(n)
        p = next((p for p in passages if c and p.text == c.quote), None)
        sources.append(source_text(p) if p else (c.quote if c else ""))
    return sources


class Answerer:
    def __init__(self, settings: Settings, gazetteer: Gazetteer, registry: Registry | None = None):
        self.settings = settings
        self.gazetteer = gazetteer
        self.registry = registry
        self._model = None
        self._model_built = False
        self.unavailable: str | None = None
        known = available()
        missing = [n for n in settings.answer_paths if n not in known]
        if missing:
            raise ValueError(
                f"unknown answer path(s) {', '.join(missing)} in settings.answer_paths "
                f"(available: {', '.join(sorted(known))})"
            )
        self.paths = [known[n](self) for n in settings.answer_paths]

    @cached_property
    def cues(self) -> dict:
        from pathlib import Path

        from assistant.analysis import load_cues

        path = Path(self.settings.data_dir) / "cues.yaml"
        return load_cues(str(path)) if path.exists() else {}

    @cached_property
    def answer_models(self):
        return load_models()

    @property
    def chat_model(self):
        if not self._model_built:
            self._model_built = True
            try:
                self._model = make_chat_model(self.settings)
            except ImportError as exc:  # the [llm] extra is not installed: answer offline
                self._model = None
                self.unavailable = (
                    f"the '{self.settings.llm_backend}' LLM backend is not installed "
                    f"(pip install 'twinning-assistant[llm]'): {exc.name or exc}"
                )
        return self._model

    @property
    def mode(self) -> str:
        return "extractive" if self.settings.llm_backend == "none" else "llm"

    def answer(
        self,
        question: str,
        analysis: Analysis,
        passages: list[Passage],
        *,
        urls: dict[str, str | None] | None = None,
        vocab=None,
        docs: dict | None = None,
        on_token: Callable[[str], None] | None = None,
    ) -> Answer:
        language = analysis.language
        notices: list[str] = []
        if self.settings.llm_backend != "none" and self.chat_model is None and self.unavailable:
            notices.append(t("answer.llm_fallback", language, reason=self.unavailable))
        req = AnswerRequest(question, analysis, passages, urls or {}, vocab, docs or {}, self)
        t0 = time.perf_counter()
        ans, path_name = None, None
        for path in self.paths:
            if path.accepts(req):
                ans = path.answer(req)
                if ans is not None:
                    path_name = path.name
                    break
        if ans is None:
            ans = abstention(question, language, passages, self.settings.related_reading)
        ans.extra.setdefault("route", path_name or "none")
        ans.timings_ms[f"{path_name or 'none'}_ms"] = (time.perf_counter() - t0) * 1e3
        if self.chat_model is not None and passages:
            t0 = time.perf_counter()
            sources = ans.passages if path_name == "registry" else passages
            try:
                draft = ans
                ans = self._llm(question, language, sources, urls or {}, on_token)
                ans.extra = {**draft.extra, "mode": "llm"}
                ans.notices = draft.notices + ans.notices
            except LLMFailure as failure:
                notices.append(t("answer.llm_fallback", language, reason=_reason(failure.reason, language)))
                if on_token:
                    on_token(ans.answer)
            ans.timings_ms["llm_ms"] = (time.perf_counter() - t0) * 1e3
        elif on_token:
            on_token(ans.answer)
        ans.notices = notices + ans.notices
        ans.extra["analysis"] = {
            "intent": analysis.intent,
            "attributes": analysis.attributes,
            "entities": [[m.role, m.id] for m in analysis.entities],
            "scope": analysis.scope,
        }
        return ans

    def checked(self, ans: Answer, passages: list[Passage], docs: dict | None = None) -> Answer:
        """Validate an extractive answer; drop (and report) any sentence that fails. With
        `docs`, how the answer names its sources ("the study by …") is framing, not a claim."""
        if ans.abstained:
            return ans
        check = validate(ans.answer, cited_sources(ans, passages), self.gazetteer, source_labels(docs, ans.language))
        if check.dropped:
            ans.answer = "\n".join(_without(ans.answer, {s.text for s in check.dropped}))
            ans.notices.append(t("answer.dropped", ans.language, n=len(check.dropped)))
            used = set(check.used)
            ans.citations = [c for c in ans.citations if c.n in used]  # numbers stay as written
        return ans

    def _llm(self, question, language, passages, urls, on_token) -> Answer:
        messages = build_messages(question, language, passages, t("answer.abstain", language))
        deadline = self.settings.llm_timeout_s
        text = generate(self.chat_model, messages, deadline_s=deadline, on_token=on_token)
        check = validate(text, [source_text(p) for p in passages], self.gazetteer)
        if not check.valid:
            raise LLMFailure("invalid", f"{len(check.dropped)} sentence(s) failed validation")
        notices = []
        if check.dropped:
            notices.append(t("answer.dropped", language, n=len(check.dropped)))
        body = "\n".join(s.text for s in check.valid)
        citations = [citation_for(n, passages[n - 1], urls.get(passages[n - 1].doc)) for n in check.used]
        return Answer(question, language, "llm", body, False, citations, passages, notices)


def _without(answer: str, dropped: set[str]) -> list[str]:
    """The answer's lines in their order (lead-ins where they stood), less the dropped sentences."""
    from assistant.answering.citations import split_sentences

    out = []
    for line in answer.split("\n"):
        framing, sentences = split_sentences(line)
        out += framing + [f"- {s}" for s in sentences if s not in dropped]
    return out


def source_labels(docs: dict | None, language: str) -> list[str]:
    """How answers name each source ("the study by A. Berrada (2024)"): the assistant's
    framing, from metadata, which validation does not ask the cited passage to hold."""
    return sorted({source_label(m, language) for m in (docs or {}).values()}, key=len, reverse=True)


__all__ = ["source_labels", "Answerer", "Citation", "cited_sources", "source_text"]
