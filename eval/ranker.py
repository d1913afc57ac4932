"""Train the learned candidate ranker (assistant/ranker.py) and write its model file: `python -m eval train-ranker`.

Training lists are rebuilt from data anyone has, by asking the questions through Assistant.ask (hand
rules answering) and recording every candidate list the engine scores (assistant.ranker.set_recorder):
  * the article set (eval/questions/article.jsonl) on the article store (`python -m assistant index`);
  * the general files' development splits (dev, dev2, dev3, dev6, endev …), each document in its own
    store under storage/general/; the held-out splits (HELD_OUT_SPLITS) are never asked;
  * the CMRC 2018 trial numeric questions (gold answer with a digit) of the dev half (eval.cmrc.cmrc_half);
    the held-out half is never asked.
Each list also keeps its document (leave-one-document-out folds of eval.acceptance), the hand cut-off each
candidate falls short of (candidates.shortfall) and the question's refusal code.
A row is one candidate of one list; its label is whether its figure is one the question expects
(assistant.figures.same_quantity, as the grader matches figures) or, for a computed question, whether
the figure stands in the question's evidence text (its operands are not expected figures).

The fit (deterministic): a listwise softmax loss (the right figure on top, each list weighing the same)
held to the hand ranker (the weight the hand score alone earns, every other feature 0), solved by L-BFGS;
then Platt scaling (scikit-learn's logistic regression on that score, the hand rules' verdict and the
evidence they cut on, ACCEPT_FEATURES), fitted on each list's best candidate, calibrates the probability
that the figure stated is right. The abstention threshold is the probability that handles most training
lists right: the best candidate stated and right, or nothing stated and nothing right in the list (an
unanswerable question refused), a wrong figure stated counting WRONG_COST times. How strongly the order is
held to the hand ranker and how much the calibration is regularised are chosen by 5-fold cross-validation
on the training questions; the held-out lists are only measured.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant import ranker
from assistant.candidates import Candidate, shortfall
from assistant.figures import Figure, parse_figures, same_quantity

Say = Callable[[str], None]
# computed answers are not figures of the text: the figures of their evidence are the right candidates
COMPUTED_KINDS = frozenset({"computed"})
# how strongly the listwise fit is held to the hand ranker (per unit of squared weight, standardised units)
# and the calibration's inverse regularisation: the grids cross-validation chooses from (first = strongest)
STRENGTHS = (0.3, 0.1, 0.03, 0.01)
CALIBRATION_C = (0.1, 1.0, 10.0)
FOLDS = 5
# what the probability weighs beside the ranking score: the hand rules' verdict and the evidence they cut on
ACCEPT_FEATURES = ("hand_accepts", "attribute", "entity", "question_figures", "key_missing", "time_conflict",
                   "subset", "label_other_attr", "similarity_gap", "no_attributes", "has_conditions", "english")
# a wrong figure stated is worse than a refusal: it counts as this many wrong refusals when choosing the threshold
WRONG_COST = 2.0
SOURCES = ("article", "general", "cmrc")
# the general files' splits nobody develops on: never recorded
HELD_OUT_SPLITS = frozenset({"heldout", "enhold"})


@dataclass
class Group:
    """One scored candidate list of one question."""

    source: str  # article | general | cmrc
    split: str  # train | heldout
    qid: str
    rows: list[list[float]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)
    answerable: bool = True
    document: str = ""  # the document asked about (leave-one-document-out folds; article / cmrc: the set)
    reason: str = ""  # the question's refusal code (assistant.refusals) when its answer was refused, else ""
    bars: list[str] = field(default_factory=list)  # per candidate: the cut-off that keeps it unstated (shortfall)


@dataclass(frozen=True)
class Asked:
    """A question to record: its text, history, and the figures a right answer states (none: unanswerable)."""

    qid: str
    question: str
    history: tuple[tuple[str, str], ...]
    expected: tuple[Figure, ...]
    evidence: str = ""  # for a computed question: the text its operands are stated in
    document: str = ""

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
        seen: list[tuple[Sequence[Candidate], np.ndarray, list[str]]] = []

        def keep(cands: Sequence[Candidate], rows: np.ndarray, lookup: ranker.Lookup,
                 seen: list[tuple[Sequence[Candidate], np.ndarray, list[str]]] = seen) -> None:
            bars = [shortfall(c, bool(lookup.attributes), lookup.has_conditions) for c in cands]
            seen.append((list(cands), rows.copy(), bars))

        ranker.set_recorder(keep)
        reason = ""
        try:
            answer = ask(q.question, [tuple(t) for t in q.history])  # type: ignore[misc]
            reason = "" if getattr(answer, "answerable", True) else getattr(answer, "refusal", "") or "refused"
        except Exception as exc:  # a question the engine rejects still leaves what it scored
            say(f"train-ranker: {q.qid}: ask() raised {type(exc).__name__}: {exc}")
        finally:
            ranker.set_recorder(None)
        for cands, rows, bars in seen:
            if not len(cands):
                continue
            g = Group(source, split, q.qid, answerable=bool(q.expected or q.evidence), document=q.document,
                      reason=reason, bars=bars)
            g.rows = rows.tolist()
            g.labels = [int(q.right(c, bool(row[operand]))) for c, row in zip(cands, rows, strict=True)]
            groups.append(g)
        if n % 50 == 0:
            say(f"train-ranker: {source}/{split}: {n}/{len(questions)} questions")
    return groups


def _qset(path: Path) -> list[Any]:
    from eval.questionset import load_questions

    return list(load_questions(path))


def _asked(q: Any, document: str = "") -> Asked:
    evidence = q.evidence if q.kind in COMPUTED_KINDS else ""
    return Asked(q.id, q.question, tuple(tuple(t) for t in q.history), expected_figures(q.expected), evidence,
                 document)


def article_groups(questions: Path, settings: Any, say: Say) -> list[Group]:
    from assistant.api import Assistant

    assistant = Assistant(settings.with_overrides(answer={"ranker": "hand"}))
    return record(assistant.ask, [_asked(q, "article") for q in _qset(questions)], "article", "train", say)


def general_groups(questions: Path | Sequence[Path], docs: Path, store_root: Path, say: Say) -> list[Group]:
    """The candidate lists of the general set's questions of every development split (dev, dev2, dev3,
    endev …); the held-out splits (HELD_OUT_SPLITS) are never asked: the product is measured on them."""
    from assistant.api import Assistant
    from assistant.settings import load_settings
    from eval.general import ensure_store, group_by_doc
    from index.embed import make_embedding

    base = load_settings(answer={"ranker": "hand"})
    embedding = make_embedding(base.embedding.spec)
    groups: list[Group] = []
    files = [questions] if isinstance(questions, Path) else list(questions)
    development = [q for f in files for q in _qset(f) if q.split not in HELD_OUT_SPLITS]
    for doc, asked in group_by_doc(development, docs).items():
        settings = base.with_overrides(store={"dir": store_root / Path(doc).stem})
        ensure_store(docs / doc, settings, embedding, say)
        assistant = Assistant(settings)
        groups += record(assistant.ask, [_asked(q, Path(doc).stem) for q in asked], "general", "train", say)
    return groups


def cmrc_groups(path: Path, say: Say) -> list[Group]:
    from assistant.api import Assistant
    from assistant.settings import load_settings
    from eval.cmrc import _slug, cmrc_half, default_store, ensure_index, load_cmrc

    documents, questions = load_cmrc(path)
    base = load_settings(answer={"ranker": "hand"})
    settings = base.with_overrides(store={"dir": default_store(path, base.store.dir),
                                          "collection": f"cmrc-{_slug(path.stem)}"[:60]})
    ensure_index(path, documents, settings, say)
    assistant = Assistant(settings)
    groups: list[Group] = []
    numeric = [q for q in questions if q.numeric and q.question.strip()]
    # the held-out half is never asked here: the product is measured on it (`python -m eval cmrc --half heldout`)
    chosen = [Asked(q.id, q.question, (), expected_figures(q.answers), document="cmrc") for q in numeric
              if cmrc_half(q.paragraph_id) == "dev"]
    groups += record(assistant.ask, chosen, "cmrc", "train", say)
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
    """The model's best candidate by its ranking score, and that candidate's calibrated probability."""
    def choose(rows: np.ndarray) -> tuple[int, float]:
        j = int(np.argmax(model.scores(rows)))
        return j, float(model.probabilities(rows[j:j + 1])[0])
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


def _lists(groups: Sequence[Group], mean: np.ndarray, scale: np.ndarray) -> list[tuple[np.ndarray, np.ndarray]]:
    """Each list's standardised rows and labels."""
    return [((np.asarray(g.rows, dtype=np.float64) - mean) / scale, np.asarray(g.labels, dtype=bool)) for g in groups]


def sign_bounds(name: str) -> tuple[float | None, float | None]:
    """The optimiser's bounds on a feature's weight: its sign in assistant.ranker.SIGNS, or free."""
    sign = ranker.SIGNS.get(name, 0)
    return (0.0, None) if sign > 0 else (None, 0.0) if sign < 0 else (None, None)


def _listwise_weights(lists: Sequence[tuple[np.ndarray, np.ndarray]], prior: np.ndarray, strength: float,
                      only: list[int] | None = None) -> np.ndarray:
    """Weights w minimising the listwise softmax loss (-log of the share the right candidates take of the
    list's softmax over w·x: the right figure on top, each list weighing the same) plus
    strength * |w - prior|²: the fit starts from the prior and moves as far as the lists show it should,
    each weight within the sign assistant.ranker.SIGNS gives it (sign_bounds).
    only: fit just these features (the others stay 0)."""
    from scipy.optimize import minimize

    used = [(r if only is None else r[:, only], labels) for r, labels in lists if labels.any() and not labels.all()]
    if not used:
        raise ValueError("train-ranker: no list holds both a right and a wrong candidate")
    start = prior if only is None else prior[only]

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        value, grad = 0.0, np.zeros_like(w)
        for rows, labels in used:
            s = rows @ w
            e = np.exp(s - s.max())
            right = e * labels
            value += float(np.log(e.sum()) - np.log(right.sum()))
            grad += rows.T @ (e / e.sum() - right / right.sum())
        diff = w - start
        return value / len(used) + strength * float(diff @ diff), grad / len(used) + 2 * strength * diff

    # standardising divides by a positive scale, so a bound on the standardised weight is one on the raw weight
    names = ranker.FEATURES if only is None else tuple(ranker.FEATURES[i] for i in only)
    bounds = [sign_bounds(name) for name in names]  # L-BFGS-B clips the start into them
    found = minimize(loss, start.copy(), jac=True, method="L-BFGS-B", bounds=bounds, options={"maxiter": 1000})
    if only is None:
        return np.asarray(found.x, dtype=np.float64)
    w = np.zeros(len(prior))
    w[only] = found.x
    return w


def _order(lists: Sequence[tuple[np.ndarray, np.ndarray]], strength: float) -> np.ndarray:
    """The ranking weights: the hand score alone (with the weight that orders the lists best) as the prior,
    then every feature, held to it by strength."""
    hand = ranker.FEATURES.index("hand")
    alone = _listwise_weights(lists, np.eye(len(ranker.FEATURES))[hand], 1e-6, only=[hand])
    return _listwise_weights(lists, alone, strength)


def _tops(lists: Sequence[tuple[np.ndarray, np.ndarray]], w: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each list's best candidate by w (standardised row) and whether it is right."""
    picks = [int(np.argmax(rows @ w)) for rows, _ in lists]
    return (np.asarray([rows[j] for (rows, _), j in zip(lists, picks, strict=True)]),
            np.asarray([bool(labels[j]) for (_, labels), j in zip(lists, picks, strict=True)]))


def _calibration(lists: Sequence[tuple[np.ndarray, np.ndarray]], w: np.ndarray, c: float
                 ) -> tuple[np.ndarray, float]:
    """Platt scaling of the ranking score, beside the hand rules' verdict and the evidence of the
    ACCEPT_FEATURES, fitted on each list's best candidate (the one a list states or refuses): the
    coefficients of the probability's logit over the standardised features, and its intercept."""
    from sklearn.linear_model import LogisticRegression

    x, y = _tops(lists, w)
    extra = [ranker.FEATURES.index(name) for name in ACCEPT_FEATURES]
    if len(set(y.tolist())) < 2:
        raise ValueError("train-ranker: the lists' best candidates need to be both right and wrong")
    platt = LogisticRegression(C=c, max_iter=5000)
    platt.fit(np.column_stack([x @ w, x[:, extra]]), y)
    coef = float(platt.coef_[0][0]) * w
    coef[extra] += platt.coef_[0][1:]
    return coef, float(platt.intercept_[0])


def _model(groups: Sequence[Group], mean: np.ndarray, scale: np.ndarray, strength: float, c: float,
           info: dict[str, Any]) -> ranker.RankerModel:
    lists = _lists(groups, mean, scale)
    w = _order(lists, strength)
    coef, intercept = _calibration(lists, w, c)
    model = ranker.RankerModel(ranker.FEATURES, mean, scale, w, coef, intercept, 0.5, info)
    threshold, _ = choose_threshold(*outcomes(groups, model_chooser(model)))
    return ranker.RankerModel(ranker.FEATURES, mean, scale, w, coef, intercept, threshold, info)


def _fold(group: Group) -> int:
    """A list's cross-validation fold: by its document, so a fold's lists are of documents the fit never saw
    (the product meets new documents); a list without a document by its question."""
    key = group.document or group.qid
    return hashlib.sha256(key.encode("utf-8")).digest()[0] % FOLDS


def cross_validate(groups: Sequence[Group], mean: np.ndarray, scale: np.ndarray) -> dict[str, Any]:
    """The prior strength and the calibration's C that handle the held fold's lists best, over FOLDS folds
    of the training documents (a document's lists stay together)."""
    scores: dict[tuple[float, float], list[bool]] = {}
    for strength in STRENGTHS:
        for c in CALIBRATION_C:
            handled: list[bool] = []
            for k in range(FOLDS):
                fitted = [g for g in groups if _fold(g) != k]
                held = [g for g in groups if _fold(g) == k]
                model = _model(fitted, mean, scale, strength, c, {})
                top, right, has = outcomes(held, model_chooser(model))
                stated = top >= model.threshold
                handled += np.where(stated, right, ~has).tolist()
            scores[(strength, c)] = handled
    # ties: the strongest hold on the hand ranker and the strongest regularisation (the first in the grids)
    best = max(scores, key=lambda key: float(np.mean(scores[key])))
    return {"prior_strength": best[0], "calibration_c": best[1],
            "cv_handled_right": {f"{s}/{c}": round(float(np.mean(v)), 4) for (s, c), v in scores.items()}}


def fit(groups: Sequence[Group], info: dict[str, Any]) -> ranker.RankerModel:
    """The order (listwise, around the hand ranker), its calibrated probability and the threshold, with the
    prior strength and calibration C chosen by cross-validation on the same training lists."""
    x = np.asarray([r for g in groups for r in g.rows], dtype=np.float64)
    y = np.asarray([label for g in groups for label in g.labels], dtype=np.int64)
    if len(set(y.tolist())) < 2:
        raise ValueError("train-ranker: the training lists need both right and wrong candidates")
    mean = x.mean(axis=0)
    scale = x.std(axis=0)
    scale[scale == 0] = 1.0
    chosen = cross_validate(groups, mean, scale) if len({_fold(g) for g in groups}) == FOLDS else {
        "prior_strength": STRENGTHS[0], "calibration_c": CALIBRATION_C[0]}
    info.update(chosen)
    return _model(groups, mean, scale, chosen["prior_strength"], chosen["calibration_c"], info)


def leave_one_document_out(groups: Sequence[Group], strength: float, c: float) -> dict[str, Any]:
    """Each document's lists handled by a model fitted on the other documents' lists (the prior strength and
    calibration C as chosen on all of them), beside the hand ranker on the same lists: how the ranker does
    on a document it never saw. Per document and in total: lists handled right (see measure), right top
    figures among the lists holding one, wrong figures stated."""
    per: dict[str, dict[str, int]] = {}
    for doc in sorted({g.document for g in groups}):
        fitted = [g for g in groups if g.document != doc]
        held = [g for g in groups if g.document == doc]
        x = np.asarray([r for g in fitted for r in g.rows], dtype=np.float64)
        mean, scale = x.mean(axis=0), x.std(axis=0)
        scale[scale == 0] = 1.0
        model = _model(fitted, mean, scale, strength, c, {})
        counts: dict[str, int] = {}
        for name, chooser, threshold in (("learned", model_chooser(model), model.threshold),
                                         ("hand", hand_chooser, 0.5)):
            top, right, has = outcomes(held, chooser)
            stated = top >= threshold
            counts["lists"] = len(top)
            counts[f"{name}_right"] = int(np.sum(np.where(stated, right, ~has)))
            counts[f"{name}_top1"] = int(np.sum(right & has))
            counts[f"{name}_wrong_stated"] = int(np.sum(stated & ~right))
        counts["holding_right"] = int(np.sum(has)) if len(top) else 0
        per[doc] = counts
    total = {k: sum(d[k] for d in per.values()) for k in next(iter(per.values()), {})}
    return {"total": total, "per_document": per}


def save_rows(groups: Sequence[Group], path: Path) -> None:
    """The recorded lists as JSON (features by name), to refit without asking again (--from-rows)."""
    data = {"features": list(ranker.FEATURES), "lists": [
        {"source": g.source, "split": g.split, "qid": g.qid, "rows": g.rows, "labels": g.labels,
         "answerable": g.answerable, "document": g.document, "reason": g.reason, "bars": g.bars} for g in groups]}
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def load_rows(path: Path) -> list[Group]:
    data = json.loads(path.read_text(encoding="utf-8"))
    if tuple(data["features"]) != ranker.FEATURES:
        raise ValueError(f"{path}: recorded with other features; record again (without --from-rows)")
    return [Group(d["source"], d["split"], d["qid"], d["rows"], d["labels"], d["answerable"], d.get("document", ""),
                  d.get("reason", ""), d.get("bars", [""] * len(d["rows"]))) for d in data["lists"]]


def train(article_questions: Path | None, article_settings: Any, general_questions: Path | Sequence[Path] | None,
          docs: Path,
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
        "prior": "the hand score alone", "wrong_cost": WRONG_COST,
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
    if len({g.document for g in training}) > 1:
        model.info["leave_one_document_out"] = leave_one_document_out(
            training, model.info.get("prior_strength", STRENGTHS[0]), model.info.get("calibration_c", CALIBRATION_C[0]))
        result["leave_one_document_out"] = model.info["leave_one_document_out"]["total"]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(model.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    result["seconds"] = {"recording": round(recorded, 1), "total": round(time.perf_counter() - started, 1)}
    result["order"] = {n: round(float(c), 3) for n, c in zip(model.features, model.order, strict=True)}
    result["chosen"] = {k: model.info[k] for k in ("prior_strength", "calibration_c", "cv_handled_right")
                        if k in model.info}
    return result
