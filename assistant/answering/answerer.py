"""Turning retrieved passages into a validated, cited answer: the LLM when one
is configured, else (or on any LLM failure) the extractive mode."""

from __future__ import annotations

import time
from typing import Callable

from assistant.aliases import Gazetteer
from assistant.answering import Answer, Citation
from assistant.answering.citations import validate
from assistant.answering.extractive import citation_for, extractive_answer
from assistant.answering.llm import LLMFailure, build_messages, generate, make_chat_model
from assistant.answering.messages import message, reason
from assistant.answering.registry_answer import RegistryAnswerer, route
from assistant.registry import Registry
from assistant.retrieval import Passage
from assistant.settings import Settings


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

    @property
    def chat_model(self):
        if not self._model_built:
            self._model_built = True
            try:
                self._model = make_chat_model(self.settings)
            except ImportError as exc:  # the [llm] extra is not installed: answer offline
                self._model = None
                self.unavailable = (f"the '{self.settings.llm_backend}' LLM backend is not installed "
                                    f"(pip install 'twinning-assistant[llm]'): {exc.name or exc}")
        return self._model

    @property
    def mode(self) -> str:
        return "extractive" if self.settings.llm_backend == "none" else "llm"

    def answer(self, question: str, language: str, passages: list[Passage], *,
               urls: dict[str, str | None] | None = None, vocab=None,
               on_token: Callable[[str], None] | None = None) -> Answer:
        timings: dict[str, float] = {}
        notices: list[str] = []
        if self.settings.llm_backend != "none" and self.chat_model is None and self.unavailable:
            notices.append(message("llm_fallback", language, reason=self.unavailable))
        if self.registry is not None and vocab is not None:
            # list / count / filter / date questions: exact answers from the registry
            t0 = time.perf_counter()
            r = route(question, self.registry)
            if r is not None:
                ans = RegistryAnswerer(self.registry).answer(question, language, r, vocab, urls or {}, passages)
                ans = self._checked(ans, ans.passages)
                seen = {p.chunk_id for p in ans.passages}
                ans.passages = ans.passages + [p for p in passages if p.chunk_id not in seen]
                ans.timings_ms["registry_ms"] = (time.perf_counter() - t0) * 1e3
                if on_token:
                    on_token(ans.answer)
                return ans
        if self.chat_model is not None and passages:
            t0 = time.perf_counter()
            try:
                ans = self._llm(question, language, passages, urls or {}, on_token)
                timings["llm_ms"] = (time.perf_counter() - t0) * 1e3
                ans.timings_ms.update(timings)
                return ans
            except LLMFailure as failure:
                timings["llm_ms"] = (time.perf_counter() - t0) * 1e3
                notices.append(message("llm_fallback", language, reason=reason(failure.reason, language)))
        t0 = time.perf_counter()
        ans = extractive_answer(question, language, passages, self.gazetteer, urls, vocab)
        ans = self._checked(ans, passages)
        timings["extractive_ms"] = (time.perf_counter() - t0) * 1e3
        ans.notices = notices + ans.notices
        ans.timings_ms.update(timings)
        if on_token:
            on_token(ans.answer)
        return ans

    def _checked(self, ans: Answer, passages: list[Passage]) -> Answer:
        """Validate an extractive answer; drop (and report) any sentence that fails."""
        if ans.abstained:
            return ans
        check = validate(ans.answer, cited_sources(ans, passages), self.gazetteer)
        if check.dropped:
            kept = check.framing + [f"- {s.text}" for s in check.valid]
            ans.answer = "\n".join(kept)
            ans.notices.append(message("dropped", ans.language, n=len(check.dropped)))
            used = set(check.used)
            ans.citations = [c for c in ans.citations if c.n in used]  # numbers stay as written
        return ans

    def _llm(self, question, language, passages, urls, on_token) -> Answer:
        messages = build_messages(question, language, passages, message("abstain", language))
        deadline = self.settings.llm_timeout_s
        text = generate(self.chat_model, messages, deadline_s=deadline, on_token=on_token)
        check = validate(text, [source_text(p) for p in passages], self.gazetteer)
        if not check.valid:
            raise LLMFailure("invalid", f"{len(check.dropped)} sentence(s) failed validation")
        notices = []
        if check.dropped:
            notices.append(message("dropped", language, n=len(check.dropped)))
        body = "\n".join(s.text for s in check.valid)
        citations = [citation_for(n, passages[n - 1], urls.get(passages[n - 1].doc)) for n in check.used]
        return Answer(question, language, "llm", body, False, citations, passages, notices)


__all__ = ["Answerer", "Citation"]
