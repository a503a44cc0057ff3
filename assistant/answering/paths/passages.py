"""The passages path: sentences and table rows of the retrieved passages that
answer the question, chosen and abstained on by models fit on labelled data."""

from __future__ import annotations

from assistant.answering.extractive import extractive_answer
from assistant.answering.paths import AnswerPath, AnswerRequest, register


@register
class PassagesPath(AnswerPath):
    name = "passages"

    def accepts(self, req: AnswerRequest) -> bool:
        return True

    def answer(self, req: AnswerRequest):
        ans = extractive_answer(req, self.c)
        return self.c.checked(ans, ans.passages)
