"""`python -m assistant fit`: fit the answer models on the dev split.

For every dev question the passages path would see, the candidates (sentences
and table rows of the retrieved passages) are labelled: a unit answers when it
holds the question's evidence string, or a variant of every `answer_all` group.
The unit scorer is fit on those; the abstention model on question-level
features with `best_unit` taken from out-of-fold unit scores (so it is not
optimistic), labelled by whether the question is answerable. Its operating point
maximizes the cross-validated F-beta of abstention with beta < 1 (precision counts
more than recall: a wrong refusal of an answerable question costs more than a loose
answer to an unanswerable one, which still shows its sources)."""

from __future__ import annotations

import json
import platform
import time
from pathlib import Path

import numpy as np

from assistant.answering.extractive import request_candidates
from assistant.arabic import normalize_spaces
from assistant.learn.answer_models import (
    ABSTAIN_SIGNS,
    FITTED,
    QUESTION_FEATURES,
    UNIT_FEATURES,
    AnswerModels,
    Logistic,
    best_scores,
)

BETA = 0.5  # F-beta of abstention: precision weighs twice as much as recall


def _unit_label(text: str, context: str, q) -> int:
    from assistant.evaluation import answer_correct

    norm = normalize_spaces(text)
    if any(normalize_spaces(e["contains"]) in norm for e in q.evidence):
        return 1
    return int(bool(q.answer_all) and answer_correct(f"{context}\n{text}", q.answer_all))


def collect(assistant, qs) -> tuple:
    """Unit rows, their labels and question index; question rows, labels, ids, intents."""
    from assistant.answering.paths.registry import RegistryPath
    from assistant.answering.paths import AnswerRequest

    unit_rows, unit_y, unit_q, q_rows, q_y, q_ids, intents = [], [], [], [], [], [], []
    registry_path = RegistryPath(assistant.answerer)
    vocab = assistant.retriever.keyword
    for q in qs:
        a = assistant.analyse(q.question)
        passages = assistant._search(q.question, a, assistant.settings.answer_k, None)  # as `ask` retrieves
        req = AnswerRequest(q.question, a, passages, {}, vocab, assistant._docs(), assistant.answerer)
        if q.kind != "unanswerable" and registry_path.accepts(req):
            continue  # answered from the registry: not the passages path's to learn from
        c = request_candidates(req, assistant.answerer)
        qi = len(q_rows)
        for u in c.units:
            unit_rows.append(u.features)
            unit_y.append(0 if q.kind == "unanswerable" else _unit_label(u.text, u.passage.context, q))
            unit_q.append(qi)
        q_rows.append(c.question)
        q_y.append(int(q.kind == "unanswerable"))
        q_ids.append(q.id)
        intents.append((a.intent, c.typed))  # what best_scores reads of the question
    return unit_rows, unit_y, unit_q, q_rows, q_y, q_ids, intents


def _best_of(model_prob, unit_rows, unit_q, qi, intent) -> dict:
    return best_scores(
        [(model_prob(unit_rows[i]), unit_rows[i]) for i in range(len(unit_rows)) if unit_q[i] == qi], *intent
    )


def _unit_folds(unit_rows, unit_y, unit_q, n_q, folds=5, seed=13):
    """(question's fold, fold, unit model fit on the other folds), folds drawn by question."""
    fold_of_q = np.random.default_rng(seed).integers(0, folds, n_q)
    for f in range(folds):
        train = [i for i in range(len(unit_rows)) if fold_of_q[unit_q[i]] != f]
        ys = [unit_y[i] for i in train]
        if len(set(ys)) >= 2:
            yield fold_of_q, f, Logistic.fit([unit_rows[i] for i in train], ys, UNIT_FEATURES)


def _oof_unit_best(unit_rows, unit_y, unit_q, intents) -> list[dict]:
    """Out-of-fold best-unit features per question."""
    out = [best_scores([], *i) for i in intents]
    for fold_of_q, f, m in _unit_folds(unit_rows, unit_y, unit_q, len(intents)):
        for qi in range(len(intents)):
            if fold_of_q[qi] == f:
                out[qi] = _best_of(m.prob, unit_rows, unit_q, qi, intents[qi])
    return out


def _unit_cv(unit_rows, unit_y, unit_q, n_q) -> dict:
    """Cross-validated top-1 accuracy: the best-scored unit of an answerable question answers it."""
    hits = total = 0
    for fold_of_q, f, m in _unit_folds(unit_rows, unit_y, unit_q, n_q):
        for qi in range(n_q):
            idx = [i for i in range(len(unit_rows)) if unit_q[i] == qi]
            if fold_of_q[qi] != f or not any(unit_y[i] for i in idx):
                continue
            total += 1
            hits += unit_y[max(idx, key=lambda i: m.prob(unit_rows[i]))]
    return {"questions_with_an_answering_unit": total, "top1_accuracy": hits / total if total else None}


C_GRID = (0.03, 0.1, 0.3, 1.0)  # regularization strengths tried for the abstention model


def _abstain_cv(q_rows, q_y, folds=5, seed=13, c: float = 1.0, repeats: int = 20) -> np.ndarray:
    """Out-of-fold P(abstain) per question for each of `repeats` shuffles of the folds (rows:
    repeats): with ~30 unanswerable questions one draw of folds moves the operating point a
    lot, so the curve is read on their mean and its spread on the repeats."""
    from sklearn.model_selection import RepeatedStratifiedKFold

    y = np.array(q_y)
    k = min(folds, int(min(np.bincount(y)))) if len(set(q_y)) == 2 else 0
    if k < 2:
        return np.zeros((1, len(q_rows)))
    p = np.zeros((repeats, len(q_rows)))
    splits = RepeatedStratifiedKFold(n_splits=k, n_repeats=repeats, random_state=seed)
    for n, (train, test) in enumerate(splits.split(np.zeros(len(y)), y)):
        m = Logistic.fit(
            [q_rows[i] for i in train], [q_y[i] for i in train], QUESTION_FEATURES, c=c, signs=ABSTAIN_SIGNS
        )
        for i in test:
            p[n // k, i] = m.prob(q_rows[i])
    return p


def pick_strength(scores: dict[float, tuple[float, float]]) -> float:
    """(CV score, its standard error) per regularization strength C → the smallest C (the most
    regularized model) scoring within one standard error of the best: the one-SE rule."""
    top = max(scores, key=lambda c: (scores[c][0], -c))
    return min(c for c, (score, _) in scores.items() if score >= scores[top][0] - scores[top][1])


def _f_at(p: np.ndarray, y: np.ndarray, t: float, beta: float) -> float:
    abst = p >= t
    if not abst.sum():
        return 0.0
    tp = int((abst & (y == 1)).sum())
    return f_beta(tp / int(abst.sum()), tp / max(int((y == 1).sum()), 1), beta)


def f_beta(precision: float, recall: float, beta: float) -> float:
    b2 = beta * beta
    return (1 + b2) * precision * recall / (b2 * precision + recall) if precision + recall else 0.0


def operating_point(p: np.ndarray, y: np.ndarray, beta: float = BETA) -> tuple[float, list[dict]]:
    """(threshold, precision/recall curve): the threshold maximizing the F-beta of abstention
    (a smooth criterion: a hard precision target flips between distant points when one of
    ~30 unanswerable questions moves)."""
    curve = []
    for t in sorted(set(np.round(p, 4).tolist()) | {0.5}):
        abst = p >= t
        tp = int((abst & (y == 1)).sum())
        prec = tp / int(abst.sum()) if abst.sum() else 1.0
        rec = tp / int((y == 1).sum()) if (y == 1).sum() else 1.0
        acc = float((abst == (y == 1)).mean())
        curve.append(
            {
                "threshold": t,
                "precision": prec,
                "recall": rec,
                "accuracy": acc,
                "f_beta": f_beta(prec, rec, beta) if abst.sum() else 0.0,
            }
        )
    pick = max(curve, key=lambda c: (c["f_beta"], c["accuracy"], -c["threshold"]))
    return pick["threshold"], curve


def _join(a: tuple, b: tuple) -> tuple:
    """Two `collect` results as one (b's question indices shifted past a's)."""
    offset = len(a[3])
    return (
        a[0] + b[0],
        a[1] + b[1],
        a[2] + [q + offset for q in b[2]],
        a[3] + b[3],
        a[4] + b[4],
        a[5] + b[5],
        a[6] + b[6],
    )


def fit_models(
    assistant,
    questions_path: Path,
    out: Path = FITTED,
    *,
    beta: float = BETA,
    growth_dirs: list[Path] = (),
    growth_indexes: list[Path | None] = (),
    log=print,
) -> AnswerModels:
    """Fit on the dev split of `questions_path` (on the assistant's index) and on the dev
    split of each of `growth_dirs`' questions, each read over an index of the corpus plus
    its documents (kept in the matching `growth_indexes` entry, else a temporary one):
    questions about documents the seeds are not, so the models learn what answers in
    general rather than in two documents."""
    from assistant.evaluation import load_questions, split

    t0 = time.perf_counter()
    dev, test = split(load_questions(questions_path))
    assistant.ensure_index()
    rows = collect(assistant, dev)
    log(
        f"dev split: {len(dev)} questions ({len(test)} held for test); passages path: {len(rows[3])} questions, "
        f"{len(rows[0])} candidate units ({sum(rows[1])} answering)"
    )
    dev_ids = [q.id for q in dev]
    indexes = list(growth_indexes) + [None] * (len(growth_dirs) - len(growth_indexes))
    for growth_dir, growth_index in zip(growth_dirs, indexes):
        from assistant.evaluation_growth import growth_assistant

        if not (growth_dir / "questions.jsonl").exists():
            raise FileNotFoundError(f"{growth_dir}: no questions.jsonl (a growth set has documents/ and questions)")
        g_dev, g_test = split(load_questions(growth_dir / "questions.jsonl"))
        log(f"growth: indexing the corpus and {growth_dir / 'documents'}...")
        with growth_assistant(assistant, growth_dir, index_dir=growth_index) as (ga, _, _):
            g_rows = collect(ga, g_dev)
        log(
            f"growth dev split: {len(g_dev)} questions ({len(g_test)} held for test); passages path: "
            f"{len(g_rows[3])} questions, {len(g_rows[0])} candidate units ({sum(g_rows[1])} answering)"
        )
        rows = _join(rows, g_rows)
        dev_ids += [q.id for q in g_dev]
    unit_rows, unit_y, unit_q, q_rows, q_y, q_ids, intents = rows
    unit = Logistic.fit(unit_rows, unit_y, UNIT_FEATURES)
    unit.report = {
        "n_units": len(unit_rows),
        "positives": int(sum(unit_y)),
        "cv": _unit_cv(unit_rows, unit_y, unit_q, len(q_rows)),
    }
    oof = _oof_unit_best(unit_rows, unit_y, unit_q, intents)
    for row, b in zip(q_rows, oof):
        row.update(b)
    # the strength: the cross-validated F-beta at each one's operating point, over the repeats;
    # the most regularized strength within one standard error of the best (a hair's lead of a
    # looser model on ~40 unanswerable questions is noise, and the looser model overfits)
    tried = {}
    y_arr = np.array(q_y)
    for c in C_GRID:
        p_rep = _abstain_cv(q_rows, q_y, c=c)
        t_c, curve_c = operating_point(p_rep.mean(axis=0), y_arr, beta)
        per_repeat = [_f_at(p_r, y_arr, t_c, beta) for p_r in p_rep]
        se = float(np.std(per_repeat) / np.sqrt(len(per_repeat)))
        tried[c] = (next(x for x in curve_c if x["threshold"] == t_c)["f_beta"], t_c, curve_c, se)
    c_best = pick_strength({c: (v[0], v[3]) for c, v in tried.items()})
    _, threshold, curve, _ = tried[c_best]
    # the final model sees in-fold best-unit scores at run time; fit it on what it will see
    full = [{**r, **_best_of(unit.prob, unit_rows, unit_q, qi, intents[qi])} for qi, r in enumerate(q_rows)]
    abstain = Logistic.fit(full, q_y, QUESTION_FEATURES, c=c_best, signs=ABSTAIN_SIGNS)
    abstain.threshold = threshold
    pick = next(c for c in curve if c["threshold"] == threshold)
    abstain.report = {
        "n_questions": len(q_rows),
        "unanswerable": int(sum(q_y)),
        "beta": beta,
        "c": c_best,
        "cv_f_beta_by_c": {str(c): v[0] for c, v in tried.items()},
        "cv_f_beta_se_by_c": {str(c): v[3] for c, v in tried.items()},
        "cv_at_threshold": pick,
        "cv_curve": curve,
    }
    models = AnswerModels(
        unit,
        abstain,
        {
            "command": f"python -m assistant fit --questions {questions_path.name}"
            + ("".join(f" --growth-dir {Path(d).name}" for d in growth_dirs) if growth_dirs else " --no-growth"),
            "fitted_at": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
            "dev_questions": len(dev_ids),
            "dev_ids": dev_ids,
            "embedder": assistant.status()["embedder"],
            "python": platform.python_version(),
            "seconds": round(time.perf_counter() - t0, 1),
        },
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(models.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    cv = unit.report["cv"]
    log(
        f"unit scorer: cross-validated top-1 accuracy {cv['top1_accuracy'] or 0:.3f} "
        f"over {cv['questions_with_an_answering_unit']} questions"
    )
    log(
        f"abstention: threshold {threshold:.3f}; cross-validated precision {pick['precision']:.3f}, "
        f"recall {pick['recall']:.3f}, accuracy {pick['accuracy']:.3f} ({sum(q_y)} unanswerable of {len(q_y)})"
    )
    log(f"wrote {out}")
    return models


__all__ = ["fit_models", "collect", "operating_point"]
