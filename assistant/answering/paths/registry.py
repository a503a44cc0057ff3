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
        ans = RegistryAnswerer(self.c.registry, req.docs).answer(req.question, req.language, r, req.vocab,
                                                                  req.urls, req.passages)
        if ans.abstained and not r.unknown_place:
            return None  # no row matches: the passages may still answer
        ans = self.c.checked(ans, ans.passages)
        seen = {p.chunk_id for p in ans.passages}
        ans.passages = ans.passages + [p for p in req.passages if p.chunk_id not in seen]
        return ans
