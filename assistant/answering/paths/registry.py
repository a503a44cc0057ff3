"""The registry path: record questions (which, how many, when signed, with which
countries) answered from the agreements registry, each row cited to its passages."""

from __future__ import annotations

import dataclasses
import re

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
        ans = RegistryAnswerer(self.c.registry, req.docs).answer(
            req.question, req.language, r, req.vocab, req.urls, req.passages
        )
        if ans.abstained and not r.unknown_place and not ans.extra.get("definitive"):
            return None  # no row matches: the passages may still answer
        if not ans.abstained and (
            len(ans.extra.get("agreements") or []) <= 2 or req.analysis.intent not in ("list", "count")
        ):
            self._with_passages(ans, req)
        ans = self.c.checked(ans, ans.passages, req.docs)
        seen = {p.chunk_id for p in ans.passages}
        ans.passages = ans.passages + [p for p in req.passages if p.chunk_id not in seen]
        return ans

    def _with_passages(self, ans, req) -> None:
        """A question about one or two agreements often asks more than a row holds (a role at
        the signing, what a renewal adds): the sentences the passages path would quote follow
        the rows, under their own lead-in, numbered on from the rows' citations — one answer
        built from both."""
        from assistant.answering.extractive import extractive_answer
        from assistant.i18n import t

        more = extractive_answer(req, self.c)
        if more.abstained:
            return
        by_quote = {(c.doc, c.quote): c.n for c in ans.citations}
        renumber: dict[int, int] = {}
        for c in more.citations:
            n = by_quote.get((c.doc, c.quote))
            if n is None:
                n = max([x.n for x in ans.citations], default=0) + 1
                ans.citations.append(dataclasses.replace(c, n=n))
                by_quote[(c.doc, c.quote)] = n
                ans.passages.append(next(p for p in more.passages if p.doc == c.doc and p.text == c.quote))
            renumber[c.n] = n
        quoted = [q for q in re.findall(r"« (.+?) »", ans.answer) if len(q) >= 30]
        lines = []
        for line in more.answer.split("\n")[1:]:  # the lead-in is the registry's
            m = re.match(r"^- (.*) \[(\d+)\]$", line)
            if m is None or m.group(1) in ans.answer or any(q in m.group(1) for q in quoted):
                continue  # already quoted above, alone or inside a longer unit
            lines.append(f"- {m.group(1)} [{renumber[int(m.group(2))]}]")
        if lines:
            ans.answer += "\n" + t("answer.also_passages", req.language) + "\n" + "\n".join(lines)

    def _indexed(self, name: str, vocab) -> bool:
        from assistant.arabic import tokenize

        df = getattr(vocab, "df", {}) or {}
        for entry in self.c.gazetteer.find_places(name):
            if any(t in df for n in entry.names for t in tokenize(n)):
                return True
        return False
