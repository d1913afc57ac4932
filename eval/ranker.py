"""Train the learned candidate ranker (assistant/ranker.py) and write its model file: `python -m eval train-ranker`.

Training lists are rebuilt from data anyone has, by asking the questions through Assistant.ask (hand
rules answering) and recording every candidate list the engine scores (assistant.ranker.set_recorder):
  * the article set (eval/questions/article.jsonl) on the article store (`python -m assistant index`);
  * the general set's dev split, each document in its own store under storage/general/ (its held-out
    split is recorded too, and only measured);
  * the CMRC 2018 trial numeric questions (gold answer with a digit), split by paragraph with
    eval.cmrc.cmrc_half: the dev half is trained on, the held-out half measured.
A row is one candidate of one list; its label is whether its figure is one the question expects
(assistant.figures.same_quantity, as the grader matches figures) or, for a computed question, whether
the figure stands in the question's evidence text (its operands are not expected figures).

The fit (deterministic): a pairwise logistic loss (right above wrong within each list, each list weighing
the same) held by PRIOR_STRENGTH to the hand ranker (the weight the hand score alone earns, every other
feature 0), solved by L-BFGS; then Platt scaling (scikit-learn's logistic regression on that score and the
list's context features) calibrates the probability that a candidate is right. The abstention threshold is
the probability that handles most training lists right: the best candidate stated and right, or nothing
stated and nothing right in the list (an unanswerable question refused), a wrong figure stated counting
WRONG_COST times.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant import ranker
from assistant.candidates import Candidate
from assistant.figures import Figure, parse_figures, same_quantity

Say = Callable[[str], None]
# computed answers are not figures of the text: the figures of their evidence are the right candidates
COMPUTED_KINDS = frozenset({"computed"})
# how strongly the pairwise fit is held to the hand ranker (per unit of squared weight, standardised units)
PRIOR_STRENGTH = 0.02
# a wrong figure stated is worse than a refusal: it counts as this many wrong refusals when choosing the threshold
WRONG_COST = 2.0
SOURCES = ("article", "general", "cmrc")


@dataclass
class Group:
    """One scored candidate list of one question."""

    source: str  # article | general | cmrc
    split: str  # train | heldout
    qid: str
    rows: list[list[float]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    answerable: bool = True


@dataclass(frozen=True)
class Asked:
    """A question to record: its text, history, and the figures a right answer states (none: unanswerable)."""

    qid: str
    question: str
    history: tuple[tuple[str, str], ...]
    expected: tuple[Figure, ...]
    evidence: str = ""  # for a computed question: the text its operands are stated in

    def right(self, c: Candidate, operand: bool) -> bool:
        if self.evidence:  # an operand the question itself states ("196个项目平均…") is right as well
            at = c.passage.text.find(self.evidence)
            return (0 <= at <= c.figure.start < at + len(self.evidence)) or operand
        return any(same_quantity(c.figure, e) for e in self.expected)


def expected_figures(texts: Iterable[str]) -> tuple[Figure, ...]:
    return tuple(f for t in texts for f in parse_figures(t))


def record(ask: Callable[[str, list[tuple[str, str]]], Any], questions: Sequence[Asked], source: str, split: str,
           say: Say) -> list[Group]:
    """Every candidate list the engine scores while answering each question, labelled."""
    groups: list[Group] = []
    operand = ranker.FEATURES.index("operand")
    for n, q in enumerate(questions, start=1):
        seen: list[tuple[Sequence[Candidate], np.ndarray]] = []

        def keep(cands: Sequence[Candidate], rows: np.ndarray, _lookup: ranker.Lookup,
                 seen: list[tuple[Sequence[Candidate], np.ndarray]] = seen) -> None:
            seen.append((list(cands), rows.copy()))

        ranker.set_recorder(keep)
        try:
            ask(q.question, [tuple(t) for t in q.history])  # type: ignore[misc]
        except Exception as exc:  # a question the engine rejects still leaves what it scored
            say(f"train-ranker: {q.qid}: ask() raised {type(exc).__name__}: {exc}")
        finally:
            ranker.set_recorder(None)
        for cands, rows in seen:
            if not len(cands):
                continue
            g = Group(source, split, q.qid, answerable=bool(q.expected or q.evidence))
            g.rows = rows.tolist()
            g.labels = [int(q.right(c, bool(row[operand]))) for c, row in zip(cands, rows, strict=True)]
            groups.append(g)
        if n % 50 == 0:
            say(f"train-ranker: {source}/{split}: {n}/{len(questions)} questions")
    return groups


def _qset(path: Path) -> list[Any]:
    from eval.questionset import load_questions

    return list(load_questions(path))


def _asked(q: Any) -> Asked:
    evidence = q.evidence if q.kind in COMPUTED_KINDS else ""
    return Asked(q.id, q.question, tuple(tuple(t) for t in q.history), expected_figures(q.expected), evidence)


def article_groups(questions: Path, settings: Any, say: Say) -> list[Group]:
    from assistant.api import Assistant

    assistant = Assistant(settings.with_overrides(ranker="hand"))
    return record(assistant.ask, [_asked(q) for q in _qset(questions)], "article", "train", say)


def general_groups(questions: Path, docs: Path, store_root: Path, say: Say) -> list[Group]:
    from assistant.api import Assistant
    from assistant.settings import load_settings
    from eval.general import ensure_store, group_by_doc
    from index.embed import make_embedding

    base = load_settings(ranker="hand")
    embedding = make_embedding(base.embedding)
    groups: list[Group] = []
    for doc, asked in group_by_doc(_qset(questions), docs).items():
        settings = base.with_overrides(store_dir=store_root / Path(doc).stem)
        ensure_store(docs / doc, settings, embedding, say)
        assistant = Assistant(settings)
        for split in ("dev", "heldout"):
            chosen = [_asked(q) for q in asked if q.split == split]
            groups += record(assistant.ask, chosen, "general", "train" if split == "dev" else "heldout", say)
    return groups


def cmrc_groups(path: Path, say: Say) -> list[Group]:
    from assistant.api import Assistant
    from assistant.settings import load_settings
    from eval.cmrc import _slug, cmrc_half, default_store, ensure_index, load_cmrc

    documents, questions = load_cmrc(path)
    base = load_settings(ranker="hand")
    settings = base.with_overrides(store_dir=default_store(path, base.store_dir),
                                   collection=f"cmrc-{_slug(path.stem)}"[:60])
    ensure_index(path, documents, settings, say)
    assistant = Assistant(settings)
    groups: list[Group] = []
    numeric = [q for q in questions if q.numeric and q.question.strip()]
    for half in ("dev", "heldout"):
        chosen = [Asked(q.id, q.question, (), expected_figures(q.answers)) for q in numeric
                  if cmrc_half(q.paragraph_id) == half]
        groups += record(assistant.ask, chosen, "cmrc", "train" if half == "dev" else "heldout", say)
    return groups


def _deciding(groups: Sequence[Group]) -> list[int]:
    """Lists that decide something: holding a right candidate, or of an unanswerable question. A list of an
    answerable question without its answer decides nothing (stating is wrong and so is refusing: the figure
    is elsewhere, e.g. the other side of a comparison, or retrieval missed it)."""
    return [i for i, g in enumerate(groups) if any(g.labels) or not g.answerable]


def outcomes(groups: Sequence[Group], chooser: Callable[[np.ndarray], tuple[int, float]]
             ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Per deciding list: the chosen candidate's confidence, whether it is right, whether the list holds a
    right one. chooser(rows) -> (index of the candidate stated, its confidence)."""
    keep = _deciding(groups)
    picks = [chooser(np.asarray(groups[i].rows, dtype=np.float64)) for i in keep]
    top = np.array([p for _, p in picks])
    right = np.array([bool(groups[i].labels[j]) for i, (j, _) in zip(keep, picks, strict=True)], dtype=bool)
    has = np.array([any(groups[i].labels) for i in keep], dtype=bool)
    return top, right, has


def model_chooser(model: ranker.RankerModel) -> Callable[[np.ndarray], tuple[int, float]]:
    def choose(rows: np.ndarray) -> tuple[int, float]:
        probs = model.probabilities(rows)
        j = int(np.argmax(probs))
        return j, float(probs[j])
    return choose


def hand_chooser(rows: np.ndarray) -> tuple[int, float]:
    """The hand ranker on the same lists: its best score, stated when its rules accept it (1) or not (0)."""
    j = int(np.argmax(rows[:, ranker.FEATURES.index("hand")]))
    return j, float(rows[j, ranker.FEATURES.index("hand_accepts")])


def choose_threshold(top: np.ndarray, right: np.ndarray, has: np.ndarray) -> tuple[float, float]:
    """The probability at or above which the best candidate is stated that handles most lists right, a
    wrong figure stated costing WRONG_COST refusals."""
    candidates = np.unique(np.concatenate([top, [1.0 + 1e-9]]))
    best_t, best_acc = 0.5, -1.0
    for t in candidates:  # ascending: ties keep the lowest threshold reaching the best accuracy
        stated = top >= t
        acc = float(np.mean(np.where(stated, right, ~has))) - (WRONG_COST - 1) * float(np.mean(stated & ~right))
        if acc > best_acc + 1e-12:
            best_t, best_acc = float(t), acc
    return best_t, best_acc


def measure(groups: Sequence[Group], chooser: Callable[[np.ndarray], tuple[int, float]],
            threshold: float) -> dict[str, float]:
    """How a ranker handles the lists: right (stated and right, or refused with nothing right to state),
    top-1 among the lists holding the answer, the share of lists stating a wrong figure, the share refused."""
    if not groups:
        return {"lists": 0}
    top, right, has = outcomes(groups, chooser)
    if not len(top):
        return {"lists": 0}
    stated = top >= threshold
    return {"lists": len(top), "handled_right": round(float(np.mean(np.where(stated, right, ~has))), 4),
            "top1_when_present": round(float(np.mean(right[has])) if has.any() else 0.0, 4),
            "wrong_stated": round(float(np.mean(stated & ~right)), 4),
            "refused": round(float(np.mean(~stated)), 4)}


def _pairs(groups: Sequence[Group]) -> tuple[np.ndarray, np.ndarray]:
    """Differences right minus wrong candidate within each list: what ranking learns from. Each list
    counts once, however many candidates it has."""
    xs: list[np.ndarray] = []
    weights: list[np.ndarray] = []
    for g in groups:
        rows = np.asarray(g.rows, dtype=np.float64)
        labels = np.asarray(g.labels, dtype=bool)
        if labels.all() or not labels.any():
            continue
        diff = (rows[labels][:, None, :] - rows[~labels][None, :, :]).reshape(-1, rows.shape[1])
        xs.append(diff)
        weights.append(np.full(len(diff), 1.0 / len(diff)))
    if not xs:
        raise ValueError("train-ranker: no list holds both a right and a wrong candidate")
    return np.concatenate(xs), np.concatenate(weights)


def _pairwise_weights(diffs: np.ndarray, weights: np.ndarray, prior: np.ndarray, strength: float) -> np.ndarray:
    """Weights w minimising the weighted logistic loss of "right above wrong" over the pair differences
    plus strength * |w - prior|²: the fit starts from the prior and moves as far as the lists show it should."""
    from scipy.optimize import minimize

    total = float(weights.sum())

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = diffs @ w
        value = float(weights @ np.logaddexp(0.0, -z)) / total + strength * float((w - prior) @ (w - prior))
        grad = -(diffs.T @ (weights / (1.0 + np.exp(np.clip(z, -50, 50))))) / total + 2 * strength * (w - prior)
        return value, grad

    found = minimize(loss, prior.copy(), jac=True, method="L-BFGS-B", options={"maxiter": 2000})
    return np.asarray(found.x, dtype=np.float64)


def fit(groups: Sequence[Group], info: dict[str, Any], strength: float = PRIOR_STRENGTH) -> ranker.RankerModel:
    """The order from pairs (right above wrong within each list, around the hand ranker), then Platt
    scaling on that score and the list's context calibrates the probability that a candidate is right; the
    threshold is chosen on the same lists (choose_threshold)."""
    from sklearn.linear_model import LogisticRegression

    x = np.asarray([r for g in groups for r in g.rows], dtype=np.float64)
    y = np.asarray([label for g in groups for label in g.labels], dtype=np.int64)
    if len(set(y.tolist())) < 2:
        raise ValueError("train-ranker: the training lists need both right and wrong candidates")
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    diffs, weights = _pairs(groups)
    diffs = diffs / scale
    # the prior: the hand score alone, with the weight that orders the pairs best
    hand = ranker.FEATURES.index("hand")
    alone = np.zeros(len(mean))
    alone[hand] = _pairwise_weights(diffs[:, [hand]], weights, np.ones(1), 1e-6)[0]
    w = _pairwise_weights(diffs, weights, alone, strength)
    z = (x - mean) / scale
    context = [ranker.FEATURES.index(name) for name in ranker.CONTEXT_FEATURES]
    platt = LogisticRegression(C=1e4, max_iter=5000)
    platt.fit(np.column_stack([z @ w, z[:, context]]), y)
    coef = float(platt.coef_[0][0]) * w
    coef[context] += platt.coef_[0][1:]
    model = ranker.RankerModel(ranker.FEATURES, mean, scale, coef, float(platt.intercept_[0]), 0.5, info)
    threshold, _ = choose_threshold(*outcomes(groups, model_chooser(model)))
    return ranker.RankerModel(ranker.FEATURES, mean, scale, coef, model.intercept, threshold, info)


def save_rows(groups: Sequence[Group], path: Path) -> None:
    """The recorded lists as JSON (features by name), to refit without asking again (--from-rows)."""
    data = {"features": list(ranker.FEATURES), "lists": [
        {"source": g.source, "split": g.split, "qid": g.qid, "rows": g.rows, "labels": g.labels,
         "answerable": g.answerable} for g in groups]}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def load_rows(path: Path) -> list[Group]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != ranker.FEATURES:
        raise ValueError(f"{path}: recorded with other features; record again (without --from-rows)")
    return [Group(d["source"], d["split"], d["qid"], d["rows"], d["labels"], d["answerable"]) for d in data["lists"]]


def train(article_questions: Path | None, article_settings: Any, general_questions: Path | None, docs: Path,
          general_store: Path, cmrc: Path | None, out: Path, say: Say, rows: Path | None = None,
          from_rows: Path | None = None) -> dict[str, Any]:
    started = time.perf_counter()
    groups: list[Group] = []
    if from_rows is not None:
        groups = load_rows(from_rows)
    else:
        if article_questions is not None:
            groups += article_groups(article_questions, article_settings, say)
        if general_questions is not None:
            groups += general_groups(general_questions, docs, general_store, say)
        if cmrc is not None:
            groups += cmrc_groups(cmrc, say)
    if rows is not None:
        save_rows(groups, rows)
    recorded = time.perf_counter() - started
    training = [g for g in groups if g.split == "train"]
    info: dict[str, Any] = {
        "prior": "the hand score alone", "prior_strength": PRIOR_STRENGTH, "wrong_cost": WRONG_COST,
        "trained_on": {s: sum(1 for g in training if g.source == s) for s in SOURCES},
        "rows": sum(len(g.rows) for g in training), "command": "python -m eval train-ranker"}
    model = fit(training, info)
    choose = model_chooser(model)
    result: dict[str, Any] = {"threshold": round(model.threshold, 4),
                              "train": measure(training, choose, model.threshold),
                              "train hand": measure(training, hand_chooser, 0.5)}
    for source in SOURCES:
        for split in ("train", "heldout"):
            chosen = [g for g in groups if g.source == source and g.split == split]
            if chosen:
                result[f"{source}/{split}"] = measure(chosen, choose, model.threshold)
                result[f"{source}/{split} hand"] = measure(chosen, hand_chooser, 0.5)
    model.info["measured_lists"] = result
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    result["seconds"] = {"recording": round(recorded, 1), "total": round(time.perf_counter() - started, 1)}
    result["coefficients"] = {n: round(float(c), 3) for n, c in zip(model.features, model.coef, strict=True)}
    return result
