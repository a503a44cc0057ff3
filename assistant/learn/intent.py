"""The intent classifier: logistic regression over the question's multilingual-e5
vector (the one retrieval computes anyway) and per-intent cue counts
(`cues.yaml`), fit on labelled questions in ar/fr/en."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import numpy as np

from assistant.analysis import INTENTS, cue_vector
from assistant.arabic import normalize

CUE_SCALE = 0.5  # cue counts sit beside unit-norm vectors; fixed scale, the regression learns the weights


@dataclass
class Labelled:
    question: str
    lang: str
    intent: str


def load_labelled(path: Path) -> list[Labelled]:
    out = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            if d.get("intent") in INTENTS:
                out.append(Labelled(d["question"], d["lang"], d["intent"]))
    return out


@dataclass
class IntentModel:
    clf: object
    cues: dict
    classes: list[str]
    cv: dict = field(default_factory=dict)  # cross-validated accuracy, overall and per language
    # the mean labelled-question vector: a sentence close to it is close to every question
    # (a "hub", like a paper's statement of aims); answer selection discounts that closeness
    centroid: list[float] | None = None

    @staticmethod
    def features(vectors: np.ndarray, q_norms: list[str], cues: dict) -> np.ndarray:
        cue = np.array([cue_vector(q, cues) for q in q_norms], dtype=np.float32) * CUE_SCALE
        return np.hstack([np.asarray(vectors, dtype=np.float32), cue])

    def scores(self, question: str, q_norm: str | None, vector) -> dict[str, float]:
        if vector is None:
            raise ValueError("the intent model needs the question's vector")
        x = self.features(np.asarray([vector]), [q_norm or normalize(question)], self.cues)
        proba = self.clf.predict_proba(x)[0]
        out = {i: 0.0 for i in INTENTS}
        out.update({c: float(p) for c, p in zip(self.classes, proba)})
        return out

    @classmethod
    def fit(
        cls,
        items: list[Labelled],
        embed: Callable[[list[str]], np.ndarray],
        cues: dict,
        *,
        c: float = 4.0,
        folds: int = 5,
        seed: int = 13,
    ) -> "IntentModel":
        from sklearn.linear_model import LogisticRegression
        from sklearn.model_selection import StratifiedKFold, cross_val_predict

        vectors = embed([i.question for i in items])
        x = cls.features(vectors, [normalize(i.question) for i in items], cues)
        y = np.array([i.intent for i in items])
        make = lambda: LogisticRegression(C=c, max_iter=3000, class_weight="balanced")  # noqa: E731
        cv: dict = {}
        counts = np.unique(y, return_counts=True)[1]
        k = min(folds, int(counts.min())) if len(counts) else 0
        if k >= 2:
            pred = cross_val_predict(make(), x, y, cv=StratifiedKFold(k, shuffle=True, random_state=seed))
            langs = np.array([i.lang for i in items])
            cv = {"folds": k, "n": len(items), "accuracy": float((pred == y).mean())}
            for lang in sorted(set(langs)):
                m = langs == lang
                cv[lang] = {"n": int(m.sum()), "accuracy": float((pred[m] == y[m]).mean())}
        clf = make().fit(x, y)
        mean = np.asarray(vectors, dtype=np.float32).mean(axis=0)
        return cls(clf, cues, list(clf.classes_), cv, (mean / (np.linalg.norm(mean) or 1.0)).tolist())


__all__ = ["IntentModel", "Labelled", "load_labelled"]


INTENT_DATA = "intents/questions.jsonl"


def embed_queries(embeddings, texts: list[str], batch: int = 64) -> np.ndarray:
    many = getattr(embeddings, "embed_queries", None)
    if many is None:  # any LangChain Embeddings: one query at a time
        return np.asarray([embeddings.embed_query(t) for t in texts], dtype=np.float32)
    out: list[list[float]] = []
    for i in range(0, len(texts), batch):
        out += many(texts[i : i + batch])
    return np.asarray(out, dtype=np.float32)


def fit_cached(settings, cues: dict, embeddings, dense_text: Callable[[str], str]) -> IntentModel | None:
    """The intent model for these labelled questions, cues and embedder: loaded from
    `settings.model_dir`, or fit (a few seconds of query embeddings) and cached.
    None when the labelled questions are missing (the analysis then reads cues only)."""
    from assistant.learn import cached, digest

    path = Path(settings.data_dir) / INTENT_DATA
    if not path.exists():
        return None
    raw = path.read_bytes()
    items = load_labelled(path)
    dev: list[Labelled] = []
    from assistant.evaluation import load_questions, split

    for questions in settings.intent_dev_questions or []:
        if Path(questions).exists():
            # the dev split of each evaluation set joins the training data (its test split never does)
            dev += [
                Labelled(q.question, q.lang, q.intent)
                for q in split(load_questions(questions))[0]
                if q.intent in INTENTS
            ]
    items = items + dev
    key = digest(
        raw,
        [(i.question, i.intent) for i in dev],
        cues,
        getattr(embeddings, "id", type(embeddings).__name__),
        settings.intent_c,
        "intent-v3",
    )

    def build() -> IntentModel:
        return IntentModel.fit(
            items, lambda qs: embed_queries(embeddings, [dense_text(q) for q in qs]), cues, c=settings.intent_c
        )

    return cached(settings.models_path, "intent", key, build)
