"""The answer-sentence scorer and the abstention decision: two small logistic
models over features of the retrieved passages, fit on the dev split of the
evaluation set by `python -m assistant fit` and stored as plain coefficients in
`assistant/learn/fitted/answer_models.json` (with their cross-validated figures
and the command that made them)."""

from __future__ import annotations

import json
import math
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

FITTED = Path(__file__).with_name("fitted") / "answer_models.json"

UNIT_FEATURES = (
    "coverage",
    "place_share",
    "inv_rank",
    "rel_score",
    "type_match",
    "first_in_passage",
    "log_len",
    "is_row",
    "covers_main",
    "dense",
    "passage_dense",
    "dense_gap",
    "hub",
    "place_conflict",
)
QUESTION_FEATURES = (
    "best_unit",
    "best_typed",
    "best_main",
    "best_typed_main",
    "best_coverage",
    "absent_share",
    "unknown_names",
    "top_score",
    "intent_confidence",
    "n_concepts",
    "record_intent",
    "typed_intent",
    "best_place_share",
    "top_dense",
    "best_consistent",
)
TYPED_INTENTS = ("date", "count", "list", "who")
# Directions abstention may take from each feature: evidence that a passage answers (+ scores,
# coverage, similarity, agreement of the retrievers) can only lower it; words of the question
# the documents lack can only raise it. Unlisted features are free.
ABSTAIN_SIGNS = {
    "best_unit": -1,
    "best_typed": -1,
    "best_main": -1,
    "best_typed_main": -1,
    "best_coverage": -1,
    "best_place_share": -1,
    "top_score": -1,
    "top_dense": -1,
    "best_consistent": -1,
    "absent_share": 1,
    "unknown_names": 1,
}

_YEARISH = re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)")
_NUMBER = re.compile(r"\d")


def best_scores(scored, intent: str, typed: bool = False) -> dict[str, float]:
    """From (unit probability, unit features) pairs: the best probability, the best among
    units holding the asked type (a date for "when", a number for "how many"…) — a
    question whose only good units lack it is often one the documents do not answer —
    and the best among units mentioning the question's main concept (its rarest
    non-place term or word): "the weather in Smara on signing day" finds Smara and
    signings, never the weather."""
    best = max((p for p, _ in scored), default=0.0)
    typed = typed or intent in TYPED_INTENTS
    best_typed = max((p for p, f in scored if f.get("type_match")), default=0.0) if typed else best
    main = max((p for p, f in scored if f.get("covers_main", 1.0)), default=0.0)
    # both at once: "how many members sit on the council" needs a number in a unit about the
    # council, not a number anywhere and the council elsewhere
    both = (
        max((p for p, f in scored if f.get("type_match") and f.get("covers_main", 1.0)), default=0.0) if typed else main
    )
    # the best unit about the places asked, not about another commune or city of the same kind
    consistent = max((p for p, f in scored if not f.get("place_conflict")), default=0.0)
    return {
        "best_consistent": consistent,
        "best_unit": best,
        "best_typed": best_typed,
        "best_main": main,
        "best_typed_main": both,
        "typed_intent": float(typed),
    }


_LATIN_NAME = re.compile(r"\b[A-Z][a-zà-ÿ'’-]+(?: [A-Z][a-zà-ÿ'’-]+)+")
# role words after which Arabic text names a person ("رئيسة جماعة أمكالة، فاطمة …")
_AR_ROLE = re.compile(
    r"(?:^|\s)[وف]?(?:ال)?(?:رئيس|رئيسه|رئيسة|عامل|عمده|عمدة|والي|السيد|السيده|السيدة|الدكتور|الاستاذ|"
    r"الأستاذ|الباحث|وزير|سفير|قنصل)\b"
)


def names_a_person(text: str, rare) -> bool:
    """A person's name in the text: Latin capitalized words in a row, or, in Arabic,
    a role word followed closely by two words the corpus rarely uses (`rare(token)`)."""
    if _LATIN_NAME.search(text):
        return True
    from assistant.arabic import is_stopword, tokenize

    for m in _AR_ROLE.finditer(text):
        # the name follows the role and its institution («رئيس المجلس الجماعي لأوسرد محمد …»);
        # a function word ends the run: what follows it is a clause, not a name («رئيس المجلس
        # الجهوي لآدرار لم يعرضه بعد»)
        words = []
        for word in re.findall(r"\w+", text[m.end() : m.end() + 80])[:8]:
            if is_stopword(word):
                break
            words.append(word)
        after = tokenize(" ".join(words))[:6]
        if sum(1 for t in after if rare(t)) >= 2:
            return True
    return False


def _without_dates(text: str) -> str:
    """The text less its dates and years (as written in ar/fr/en/it/es, CLDR month names)."""
    from assistant.arabic import normalize
    from assistant.extraction.dates import find_dates

    norm = normalize(text)
    for d in sorted(find_dates(norm), key=lambda d: -d.start):
        norm = norm[: d.start] + " " + norm[d.end :]
    return _YEARISH.sub(" ", norm)


def type_match(intent: str, text: str, n_places: int, rare=None, number_words=None) -> float:
    """Does the text hold what the intent asks for: a date for "when", a number for
    "how many", an enumeration (several places or separators) for a list, a person's
    name for "who"."""
    if intent == "who" and rare is not None:
        return float(names_a_person(text, rare))
    if intent == "date":
        return float(bool(_YEARISH.search(text)))
    if intent == "count":
        # "31 October 2025" dates a sentence, it counts nothing; number words are never dates
        figures = _without_dates(text)
        return float(bool(_NUMBER.search(figures)) or bool(number_words is not None and number_words.search(text)))
    if intent == "list":
        return float(n_places >= 2 or text.count("،") + text.count(",") >= 2 or text.count(" — ") >= 2)
    return 0.0


@dataclass
class Logistic:
    """A fitted logistic model: standardization, coefficients, intercept, threshold."""

    features: tuple[str, ...]
    mean: list[float]
    scale: list[float]
    coef: list[float]
    intercept: float
    threshold: float = 0.5
    report: dict = field(default_factory=dict)

    def prob(self, values: dict[str, float]) -> float:
        z = self.intercept
        for name, m, s, c in zip(self.features, self.mean, self.scale, self.coef):
            z += c * ((float(values.get(name, 0.0)) - m) / (s or 1.0))
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))

    def to_json(self) -> dict:
        return {
            "features": list(self.features),
            "mean": self.mean,
            "scale": self.scale,
            "coef": self.coef,
            "intercept": self.intercept,
            "threshold": self.threshold,
            "report": self.report,
        }

    @classmethod
    def from_json(cls, d: dict) -> "Logistic":
        return cls(
            tuple(d["features"]),
            d["mean"],
            d["scale"],
            d["coef"],
            d["intercept"],
            d.get("threshold", 0.5),
            d.get("report", {}),
        )

    @classmethod
    def fit(
        cls,
        rows: list[dict[str, float]],
        labels: list[int],
        features: tuple[str, ...],
        *,
        c: float = 1.0,
        signs: dict[str, int] | None = None,
    ) -> "Logistic":
        """`signs`: the direction a feature may push the prediction (+1 / -1). A feature fit
        the other way round (collinear features trading weight on a few hundred questions) is
        given no weight and the rest refit, until every sign holds: evidence for an answer
        never argues for abstaining, whatever the evaluation set's quirks."""
        import numpy as np
        from sklearn.linear_model import LogisticRegression
        from sklearn.preprocessing import StandardScaler

        x = np.array([[float(r.get(f, 0.0)) for f in features] for r in rows])
        scaler = StandardScaler().fit(x)
        z = scaler.transform(x)
        active = list(range(len(features)))
        while True:
            clf = LogisticRegression(C=c, max_iter=2000, class_weight="balanced").fit(z[:, active], labels)
            coef = dict(zip(active, clf.coef_[0].tolist()))
            wrong = [i for i in active if signs and signs.get(features[i], 0) * coef[i] < 0]
            if not wrong or len(active) == 1:
                break
            active.remove(max(wrong, key=lambda i: abs(coef[i])))
        return cls(
            features,
            scaler.mean_.tolist(),
            [float(s) or 1.0 for s in scaler.scale_],
            [coef.get(i, 0.0) for i in range(len(features))],
            float(clf.intercept_[0]),
        )


@dataclass
class AnswerModels:
    unit: Logistic  # P(this sentence/row answers the question)
    abstain: Logistic  # P(the documents do not answer), abstain at or above its threshold
    meta: dict = field(default_factory=dict)

    def to_json(self) -> dict:
        return {"unit": self.unit.to_json(), "abstain": self.abstain.to_json(), "meta": self.meta}

    @classmethod
    def from_json(cls, d: dict) -> "AnswerModels":
        return cls(Logistic.from_json(d["unit"]), Logistic.from_json(d["abstain"]), d.get("meta", {}))


class ModelsMissing(RuntimeError):
    pass


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> AnswerModels:
    return AnswerModels.from_json(json.loads(Path(path).read_text(encoding="utf-8")))


def load_models(path: Path | None = None) -> AnswerModels:
    path = Path(path or FITTED)
    if not path.exists():
        raise ModelsMissing(f"{path} is missing: run `python -m assistant fit` to fit the answer models")
    return _load(str(path), path.stat().st_mtime)


__all__ = [
    "AnswerModels",
    "Logistic",
    "load_models",
    "type_match",
    "best_scores",
    "UNIT_FEATURES",
    "QUESTION_FEATURES",
    "ModelsMissing",
    "FITTED",
]
