"""Train the calibrated acceptance model (assistant/acceptance.py): `python -m eval train-acceptance`.

The training lists are the candidate lists eval.ranker records while the hand rules answer every
development question (the article set, the general dev files' development splits, the CMRC trial dev
half; never a held-out split): each list with its candidates' features, whether each is an expected
figure, the hand cut-off each falls short of, and the question's refusal code.

Per list the best candidate (the hand order's first) is a row: its features and cut-off indicators,
labelled right or not. A logistic regression (scikit-learn, standardised features, L2 with C from
CALIBRATION_C) gives P(right). A list is handled right when its figure is stated and right, or when it is
refused and its question is unanswerable; a wrong figure stated costs WRONG_COST (it is worse than a
refusal, also on an answerable question's list whose right figure is not among the candidates). A cut-off
is hard (never overruled) when fewer than MIN_RIGHT_SHARE of the best figures it refused in the training
lists are right: too little to recover for the risk. The threshold is the probability that handles the
training lists a soft cut-off refused best (choose_threshold).

Everything is chosen inside leave-one-document-out: for each development document, C, the hard cut-offs
and the threshold are chosen on the other documents (C by an inner leave-one-document-out), and the held
document's lists are decided, the hand rules deciding the same lists beside it. The model file records
that table; the shipped model is fitted the same way on every document.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant import acceptance
from eval import ranker as ranker_training
from eval.ranker import WRONG_COST, Group

Say = Callable[[str], None]
CALIBRATION_C = (0.03, 0.1, 0.3, 1.0)
# a cut-off whose refused best figures were right less often than this in the training lists stays hard
MIN_RIGHT_SHARE = 0.1


@dataclass(frozen=True)
class Tops:
    """The best candidate of each list."""

    x: np.ndarray  # acceptance features (assistant.acceptance.FEATURES: the ranker's and the cut-off indicators)
    right: np.ndarray  # the best candidate is an expected figure
    has: np.ndarray  # the list holds an expected figure
    bar: list[str]  # the cut-off that refused the best candidate ("" when the hand rules state it)
    document: list[str]
    answerable: np.ndarray

    def subset(self, keep: np.ndarray) -> Tops:
        return Tops(self.x[keep], self.right[keep], self.has[keep],
                    [b for b, k in zip(self.bar, keep, strict=True) if k],
                    [d for d, k in zip(self.document, keep, strict=True) if k], self.answerable[keep])


def tops(groups: Sequence[Group]) -> Tops:
    keep = [g for g in groups if g.rows]
    x = [acceptance.acceptance_row(np.asarray(g.rows[0], dtype=np.float64)) for g in keep]
    return Tops(np.asarray(x, dtype=np.float64).reshape(len(keep), len(acceptance.FEATURES)),
                np.asarray([bool(g.labels[0]) for g in keep], dtype=bool),
                np.asarray([any(g.labels) for g in keep], dtype=bool),
                [g.bars[0] if g.bars else "" for g in keep], [g.document or g.source for g in keep],
                np.asarray([g.answerable for g in keep], dtype=bool))


def soft_bars(t: Tops) -> frozenset[str]:
    """The cut-offs whose refused best figures were right at least MIN_RIGHT_SHARE of the time."""
    soft = set()
    for bar in acceptance.BARS:
        stopped = np.asarray([b == bar for b in t.bar], dtype=bool)
        if stopped.any() and float(np.mean(t.right[stopped])) >= MIN_RIGHT_SHARE:
            soft.add(bar)
    return frozenset(soft)


def _logistic(t: Tops, c: float) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    from sklearn.linear_model import LogisticRegression

    x = t.x
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    fit = LogisticRegression(C=c, max_iter=5000)
    fit.fit((x - mean) / scale, t.right)
    return mean, scale, np.asarray(fit.coef_[0], dtype=np.float64), float(fit.intercept_[0])


def decide(model: acceptance.AcceptanceModel, t: Tops) -> np.ndarray:
    """Whether each list's best figure is stated: the hand rules state it, or a soft cut-off refused it
    and the model overrules."""
    soft = np.asarray([bar in model.soft_bars for bar in t.bar], dtype=bool)
    accepted = np.asarray([bar == "" for bar in t.bar], dtype=bool)
    if not soft.any():
        return accepted
    return accepted | (soft & (model.probabilities(t.x) >= model.threshold))


def handled(stated: np.ndarray, t: Tops) -> np.ndarray:
    """Right per list: stated and right, or refused when its question is unanswerable."""
    return np.where(stated, t.right, ~t.answerable)


def choose_threshold(p: np.ndarray, t: Tops) -> float:
    """The probability at or above which these lists' best figures are stated that scores best (_score);
    ties keep the highest threshold (the fewest figures stated), above every p: none stated."""
    best_t, best = 1.0 + 1e-9, _score(np.zeros(len(p), dtype=bool), t)
    for threshold in np.unique(p)[::-1]:
        value = _score(p >= threshold, t)
        if value > best + 1e-9:
            best_t, best = float(threshold), value
    return best_t


def fit_model(t: Tops, c: float, info: dict[str, Any]) -> acceptance.AcceptanceModel:
    """The logistic model, its soft cut-offs and its threshold, all from these lists."""
    if len(set(t.right.tolist())) < 2:
        raise ValueError("train-acceptance: the lists' best candidates need to be both right and wrong")
    mean, scale, coef, intercept = _logistic(t, c)
    soft = soft_bars(t)
    model = acceptance.AcceptanceModel(acceptance.FEATURES, mean, scale, coef, intercept, 1.0 + 1e-9, soft, info)
    barred = np.asarray([b in soft for b in t.bar], dtype=bool)
    if barred.any():
        p = model.probabilities(t.x[barred])
        threshold = choose_threshold(p, t.subset(barred))
        model = acceptance.AcceptanceModel(acceptance.FEATURES, mean, scale, coef, intercept, threshold, soft, info)
    return model


def _score(stated: np.ndarray, t: Tops) -> float:
    """Lists handled right, a wrong figure stated costing WRONG_COST."""
    return float(np.sum(handled(stated, t))) - (WRONG_COST - 1) * float(np.sum(stated & ~t.right))


def choose_c(t: Tops) -> float:
    """The C whose models handle the held documents best over an inner leave-one-document-out."""
    documents = sorted(set(t.document))
    best_c, best = CALIBRATION_C[0], -np.inf
    for c in CALIBRATION_C:  # ties keep the strongest regularisation (the first)
        total = 0.0
        for doc in documents:
            held = np.asarray([d == doc for d in t.document], dtype=bool)
            train = t.subset(~held)
            if len(set(train.right.tolist())) < 2:
                continue
            model = fit_model(train, c, {})
            total += _score(decide(model, t.subset(held)), t.subset(held))
        if total > best + 1e-9:
            best_c, best = c, total
    return best_c


def leave_one_document_out(t: Tops) -> dict[str, Any]:
    """Per development document: hand rules vs the model fitted on the other documents, on its lists."""
    table: dict[str, dict[str, Any]] = {}
    totals = {"lists": 0, "hand_right": 0, "learned_right": 0, "hand_wrong_stated": 0, "learned_wrong_stated": 0,
              "unanswerable": 0, "hand_unanswerable_refused": 0, "learned_unanswerable_refused": 0}
    for doc in sorted(set(t.document)):
        held_mask = np.asarray([d == doc for d in t.document], dtype=bool)
        held, train = t.subset(held_mask), t.subset(~held_mask)
        model = fit_model(train, choose_c(train), {})
        hand = np.asarray([b == "" for b in held.bar], dtype=bool)
        learned = decide(model, held)
        unanswerable = ~held.answerable
        counts = {"lists": len(held.right), "hand_right": int(handled(hand, held).sum()),
                  "learned_right": int(handled(learned, held).sum()),
                  "hand_wrong_stated": int((hand & ~held.right).sum()),
                  "learned_wrong_stated": int((learned & ~held.right).sum()),
                  "unanswerable": int(unanswerable.sum()),
                  "hand_unanswerable_refused": int((~hand & unanswerable).sum()),
                  "learned_unanswerable_refused": int((~learned & unanswerable).sum())}
        table[doc] = {**counts, "soft_bars": sorted(model.soft_bars), "threshold": round(model.threshold, 4)}
        for k in totals:
            totals[k] += counts[k]
    n = max(totals["lists"], 1)
    summary = {**totals, "hand_accuracy": round(totals["hand_right"] / n, 4),
               "learned_accuracy": round(totals["learned_right"] / n, 4),
               "hand_cost_score": totals["hand_right"] - (WRONG_COST - 1) * totals["hand_wrong_stated"],
               "learned_cost_score": totals["learned_right"] - (WRONG_COST - 1) * totals["learned_wrong_stated"]}
    return {"per_document": table, "total": summary}


def bar_table(t: Tops) -> dict[str, dict[str, float]]:
    """Per cut-off: how many best figures it refused, and the share of them that were right."""
    out = {}
    for bar in acceptance.BARS:
        stopped = np.asarray([b == bar for b in t.bar], dtype=bool)
        out[bar] = {"refused": int(stopped.sum()),
                    "right_share": round(float(np.mean(t.right[stopped])), 4) if stopped.any() else 0.0}
    return out


def train(groups: Sequence[Group], out: Path, say: Say) -> dict[str, Any]:
    started = time.perf_counter()
    training = [g for g in groups if g.split == "train"]
    t = tops(training)
    say(f"train-acceptance: {len(t.right)} lists from {len(set(t.document))} documents")
    lodo = leave_one_document_out(t)
    c = choose_c(t)
    info: dict[str, Any] = {"command": "python -m eval train-acceptance", "wrong_cost": WRONG_COST,
                            "min_right_share": MIN_RIGHT_SHARE, "calibration_c": c, "lists": len(t.right),
                            "documents": sorted(set(t.document)), "bars": bar_table(t),
                            "leave_one_document_out": lodo}
    model = fit_model(t, c, info)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return {"threshold": round(model.threshold, 4), "soft_bars": sorted(model.soft_bars), "calibration_c": c,
            "bars": info["bars"], "leave_one_document_out": lodo,
            "seconds": round(time.perf_counter() - started, 1)}


def record_groups(article_questions: Path | None, article_settings: Any, general_questions: Sequence[Path] | None,
                  docs: Path, general_store: Path, cmrc: Path | None, say: Say) -> list[Group]:
    """The development lists, recorded as eval.ranker records them for the ranker."""
    groups: list[Group] = []
    if article_questions is not None:
        groups += ranker_training.article_groups(article_questions, article_settings, say)
    if general_questions is not None:
        groups += ranker_training.general_groups(general_questions, docs, general_store, say)
    if cmrc is not None:
        groups += ranker_training.cmrc_groups(cmrc, say)
    return groups
