"""The registry path: record questions (which, how many, when signed, with which
countries) answered from the agreements registry, each row cited to its passages."""

from __future__ import annotations

from assistant.answering.paths import AnswerPath, AnswerRequest, register
from assistant.answering.registry_answer import RegistryAnswerer, route


@register
class RegistryPath(AnswerPath):
    name = "registry"

    def accepts(self, req: AnswerRequest) -> bool:
        if self.c.registry is None or req.vocab is None:
            return False
        req.notes["route"] = route(req.analysis, self.c.registry)
        return req.notes["route"] is not None

    def answer(self, req: AnswerRequest):
        r = req.notes.get("route") or route(req.analysis, self.c.registry)
        if r.unknown_place and self._indexed(r.unknown_place, req.vocab):
            return None  # no curated row, but the documents mention the place: the passages may answer
        ans = RegistryAnswerer(self.c.registry, req.docs).answer(req.question, req.language, r, req.vocab,
                                                                  req.urls, req.passages)
        if ans.abstained and not r.unknown_place and not ans.extra.get("definitive"):
            return None  # no row matches: the passages may still answer
        ans = self.c.checked(ans, ans.passages, req.docs)
        seen = {p.chunk_id for p in ans.passages}
        ans.passages = ans.passages + [p for p in req.passages if p.chunk_id not in seen]
        return ans

    def _indexed(self, name: str, vocab) -> bool:
        from assistant.arabic import tokenize

        df = getattr(vocab, "df", {}) or {}
        for entry in self.c.gazetteer.find_places(name):
            if any(t in df for n in entry.names for t in tokenize(n)):
                return True
        return False
