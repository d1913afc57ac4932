"""The learned candidate ranker, stacked on the hand-set scorer: a figure's evidence as a feature vector,
and a calibrated probability that the figure answers the question.

The hand-set score of assistant.candidates.score_candidates is itself the first feature (it holds years of
reading rules); beside it stand what that score lacks or weighs with one fixed number: the clause-level
similarity of question and figure in the multilingual embedding space (top few candidates only), entity
and time agreement, where the asked label stands (before or after the figure, how far), a 其中 subset cue,
the passage's rank, and whether the hand rules would accept the figure.

The model is a linear ranker trained by `python -m eval train-ranker` (eval/ranker.py) with a pairwise
objective held to the hand score, then Platt-calibrated; it ships as JSON (assistant/models/ranker.json:
feature names, scaler, coefficients, the abstention threshold chosen on the training lists). Inference
is numpy only. It is used when settings.answer.ranker is "learned" (it orders and its probability accepts) or
"order" (it orders, the hand cut-offs accept); default "hand": see the model file's "measured_lists" and
"leave_one_document_out" (each document's lists ranked by a model fitted on the other documents) for why.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.candidates import _CLAUSE_END, Candidate, acceptable, attribute_aliases
from assistant.question import ATTRIBUTE_CLASSES

if TYPE_CHECKING:
    from assistant.crosslingual import ClauseSimilarity
    from assistant.question import Question

MODEL_PATH = Path(__file__).resolve().parent / "models" / "ranker.json"
MODES = ("hand", "learned", "order")

# the features, in the order the model file lists them (the file must name exactly these)
FEATURES: tuple[str, ...] = (
    "hand",  # the hand ranker's score (score_candidates, and for English its similarity reordering)
    "hand_gap",  # how far below the list's best hand score (0 for the hand ranker's first)
    "hand_accepts",  # the hand rules (candidates.acceptable) would state this figure
    "attribute",  # how closely the asked attribute labels the figure (0..1)
    "entity",  # the entity's words around the figure, weighted by rarity (0..1)
    "question_figures",  # the figures the question states, found beside the figure (0..1)
    "entity_clause",  # share of the entity's words in the figure's own clause (entity agreement)
    "missing_share",  # share of the entity's words found nowhere near the figure
    "key_missing",  # the most specific entity word is missing
    "attr_in_label",  # an alias of the attribute is in the words right before the figure
    "attr_after",  # the attribute follows the figure, none before it ("实现3151亿元的经济总量")
    "attr_context",  # the attribute is named only by the passage's heading or a back-reference's lead
    "label_gap",  # characters from the nearest asked alias before the figure to it, in tens (3 if none)
    "label_other_attr",  # the nearest attribute word before the figure is another quantity (贡献率 for 增长)
    "first_in_clause",  # no earlier figure in the figure's clause
    "subset",  # a part cue (其中/包括/含) before the figure in its sentence, the question asks no part
    "time_match",  # the question's year/period is stated in the figure's sentence
    "time_conflict",  # the figure's sentence states a year/period, none of them the question's
    "narrower",  # thresholds beside the figure the question does not state ("1亿元以上项目")
    "rank",  # 1 / (1 + passage rank)
    "label_length",  # characters of label before the figure, in tens
    "counter_match",  # the figure's counter is the one asked (个 for 多少个)
    "operand",  # a figure the question itself states as an operand
    "caption",  # the passage is a caption or headline
    "plain",  # a bare number (no unit the parser knows)
    "similarity_gap",  # cosine below the closest clause among the top few (the rest: the largest gap)
    "similarity_unseen",  # English: not among the top few compared by similarity
    "similarity_gap_en",  # similarity_gap, for an English question (where it matters most)
    "no_attributes",  # list context: the question names no attribute
    "has_conditions",  # list context: the question states figures that condition the answer
    "english",  # list context: an English question
    "similarity_gap_zh",  # similarity_gap, for a Chinese question (the words decide there; meaning may correct them)
    "similarity_top",  # the figure's clause is the closest in meaning among the top few (either language)
    "label_char_overlap",  # share of the question's content characters found in the figure's clause before it
    "attr_char_overlap",  # share of the asked attribute's characters in the figure's label (unlisted aliases)
)
# the sign each evidence feature's ranking weight must keep (+1: never negative, -1: never positive; a feature
# not named is free): the training lists are few, and a fit that gives evidence a perverse weight (a figure
# labelled by the asked attribute ranked lower for it) ranks the next document's figures wrong.
# train-ranker holds the optimiser to these bounds (eval.ranker._listwise_weights).
SIGNS: dict[str, int] = {
    "hand": 1, "hand_gap": -1, "hand_accepts": 1, "attribute": 1, "attr_context": 1, "entity": 1, "question_figures": 1,
    "entity_clause": 1, "missing_share": -1, "key_missing": -1, "attr_in_label": 1, "label_gap": -1,
    "label_other_attr": -1, "subset": -1, "time_match": 1, "time_conflict": -1, "narrower": -1, "rank": 1,
    "counter_match": 1, "operand": 1, "similarity_gap": -1, "similarity_unseen": -1, "similarity_gap_en": -1,
    "similarity_gap_zh": -1, "similarity_top": 1, "label_char_overlap": 1, "attr_char_overlap": 1,
}
# features that describe the list, not the candidate: a pairwise order cannot weigh them; the calibration does
CONTEXT_FEATURES = ("no_attributes", "has_conditions", "english")
# candidates (by hand score) whose clause is compared with the question in the embedding space: few, so a
# warm ask stays within its budget (clause vectors are cached by text)
SIMILARITY_CANDIDATES = 4

# words that introduce a part of a whole: the figure after them is not the whole's value
SUBSET_CUES = re.compile(r"其中|包括|含")
# calendar periods as questions and texts write them (grammar of dates, not of any document)
_PERIOD = re.compile(r"全年|上半年|下半年|前三季度|[一二三四1-4]季度|\d{1,2}\s*[-—–~至到]\s*\d{1,2}月|\d{1,2}月份?")
_RANGE_DASH = str.maketrans({"—": "-", "–": "-", "~": "-", "至": "-", "到": "-"})


def periods(text: str) -> set[str]:
    """The years ("2021") and periods ("上半年", "1-6月") a text names, normalised for comparison."""
    years = set(re.findall(r"(?<!\d)((?:19|20)\d{2})(?=年)", text))
    found = {re.sub(r"\s|份", "", m).translate(_RANGE_DASH) for m in _PERIOD.findall(text)}
    return years | found


def time_agreement(question: str, sentence: str) -> tuple[float, float]:
    """(match, conflict): the question's year or period is in the sentence; the sentence states years or
    periods of the same kind and none is the question's. Both 0 when the question names no time."""
    asked = periods(question)
    if not asked:
        return 0.0, 0.0
    stated = periods(sentence)
    if asked & stated:
        return 1.0, 0.0
    years_asked = {p for p in asked if p.isdigit()}
    years_stated = {p for p in stated if p.isdigit()}
    conflict = bool(years_asked and years_stated) or bool(asked - years_asked and stated - years_stated)
    return 0.0, 1.0 if conflict else 0.0


@dataclass(frozen=True)
class Lookup:
    """What one candidate list was scored for (answer.FigureAnswerSynthesizer._lookup's arguments)."""

    question: Question
    attributes: list[str]
    entity_terms: list[str]
    has_conditions: bool
    counter: str = ""
    operands: tuple[Any, ...] = ()


def _nearest_alias(label: str, attributes: list[str]) -> int:
    """Characters between the end of the nearest asked alias in the label and the figure; -1 if none."""
    ends = [label.rfind(a) + len(a) for attr in attributes for a in attribute_aliases(attr) if a and a in label]
    return len(label) - max(ends) if ends else -1


def _other_attribute(label: str, attributes: list[str]) -> bool:
    """The attribute word nearest the figure in its label names another quantity than the asked ones."""
    best, best_end = "", -1
    for word in ATTRIBUTE_CLASSES:
        if len(word) >= 2 and word in label:
            end = label.rfind(word) + len(word)
            if end > best_end or (end == best_end and len(word) > len(best)):
                best, best_end = word, end
    if not best or not attributes:
        return False
    return not any(best in a or a in best or best in attribute_aliases(a) for a in attributes)


def _content_characters(words: Sequence[str]) -> set[str]:
    """The CJK characters of words (an English word's Chinese readings are among a question's terms)."""
    return {ch for w in words for ch in w if "\u4e00" <= ch <= "\u9fff"}


def char_overlap(words: Sequence[str], text: str) -> float:
    """Share of the words' Chinese characters that text holds (0 when the words hold none): how much of an
    asked name a label states even when it writes it otherwise than any listed alias (社零额, 社会消费品零售总额)."""
    chars = _content_characters(words)
    return len(chars & set(text)) / len(chars) if chars else 0.0


def candidate_features(c: Candidate, lookup: Lookup, best_hand: float) -> dict[str, float]:
    """The features of one candidate except the similarity ones (see features)."""
    q, attributes, entity = lookup.question, lookup.attributes, lookup.entity_terms
    passage, figure = c.passage, c.figure
    label = c.label.lower()
    after = c.after_label.lower()
    aliases = [a for attr in attributes for a in attribute_aliases(attr) if a]
    in_label = any(a in label for a in aliases)
    cs, ce = c.clause()
    clause = passage.text[cs:ce].lower()
    ss, se = passage.sentence_of(figure.start)
    before = passage.text[ss:figure.start]
    gap = _nearest_alias(label, attributes)
    match, conflict = time_agreement(q.text, passage.text[ss:se])
    return {
        "hand": c.score, "hand_gap": best_hand - c.score,
        "hand_accepts": float(acceptable(c, bool(attributes), lookup.has_conditions)),
        "attribute": c.attribute, "entity": c.entity, "question_figures": c.question_figures,
        "entity_clause": sum(1 for t in entity if t in clause) / len(entity) if entity else 0.0,
        "missing_share": len(c.missing) / len(entity) if entity else 0.0,
        "key_missing": float(bool(c.key_missing)),
        "attr_in_label": float(in_label),
        "attr_after": float(not in_label and any(a in after for a in aliases)),
        "attr_context": float(c.context_attribute),
        "label_gap": min(gap, 30) / 10 if gap >= 0 else 3.0,
        "label_other_attr": float(_other_attribute(label, attributes)),
        "first_in_clause": float(not any(cs <= f.end <= figure.start for f in passage.figures)),
        "subset": float(bool(SUBSET_CUES.search(before)) and not SUBSET_CUES.search(q.text)),
        "time_match": match, "time_conflict": conflict, "narrower": float(c.narrower),
        "rank": 1.0 / (1 + passage.rank), "label_length": len(label.strip("(（，、")) / 10,
        "counter_match": float(bool(lookup.counter) and figure.unit == lookup.counter),
        "operand": float(any(figure.unit_class == o.unit_class and math.isclose(figure.value, o.value)
                             for o in lookup.operands)),
        "caption": float(passage.hit.node.metadata.get("kind") in {"caption", "headline"}),
        "plain": float(figure.unit_class == "plain"),
        "no_attributes": float(not attributes), "has_conditions": float(lookup.has_conditions),
        "english": float(q.lang == "en"),
        "label_char_overlap": char_overlap(q.terms, passage.text[cs:figure.start]),
        "attr_char_overlap": char_overlap(attributes, label),
    }


def features(cands: Sequence[Candidate], lookup: Lookup, similarity: ClauseSimilarity | None) -> np.ndarray:
    """One row per candidate (in FEATURES order); cands are in the hand scorer's order."""
    if not cands:
        return np.zeros((0, len(FEATURES)))
    best = max(c.score for c in cands)
    rows = [candidate_features(c, lookup, best) for c in cands]
    top = list(cands[:SIMILARITY_CANDIDATES])
    # an English question: the hand ranker has just compared the same clauses with the same question
    # (answer._closest_in_meaning), so the vectors are cached and the features cost no embedding; a Chinese
    # question costs one query embedding per ask and the few clauses' (cached by text), only where the learned
    # ranker orders the candidates (settings.answer.ranker = "learned") or its training lists are recorded
    if similarity is not None and len(top) >= 2:
        clauses = [c.passage.text[slice(*c.passage.span(c.figure.start, _CLAUSE_END))] for c in top]
        sims = similarity.scores(lookup.question.text, clauses)
        gaps = [max(sims) - s for s in sims]
        worst = max(gaps)
        for i, row in enumerate(rows):
            seen = i < len(top)
            row["similarity_gap"] = gaps[i] if seen else worst
            row["similarity_unseen"] = 0.0 if seen else 1.0
            row["similarity_gap_en"] = row["similarity_gap"] * row["english"]
            row["similarity_gap_zh"] = row["similarity_gap"] * (1.0 - row["english"])
            row["similarity_top"] = float(seen and gaps[i] == 0.0)
    return np.asarray([[row.get(name, 0.0) for name in FEATURES] for row in rows], dtype=np.float64)


@dataclass(frozen=True)
class RankerModel:
    """Both parts are linear in the standardised features ((x - mean) / scale): `order` ranks a list's
    candidates, `coef` and `intercept` give the logit of the calibrated probability that a figure answers."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    order: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float  # calibrated probability at or above which a figure is stated
    info: dict[str, Any]

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> RankerModel:
        raw, (mean, scale, order, coef) = read_linear_model(path, FEATURES, ("mean", "scale", "order", "coef"),
                                                            "train-ranker")
        return cls(FEATURES, mean, scale, order, coef, float(raw["intercept"]), float(raw["threshold"]),
                   dict(raw.get("info", {})))

    def scores(self, rows: np.ndarray) -> np.ndarray:
        """The ranking scores: higher is better within one list."""
        return np.asarray(((rows - self.mean) / self.scale) @ self.order, dtype=np.float64)

    def logits(self, rows: np.ndarray) -> np.ndarray:
        return np.asarray(((rows - self.mean) / self.scale) @ self.coef + self.intercept, dtype=np.float64)

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        return logistic(self.logits(rows))

    def to_json(self) -> dict[str, Any]:
        return {"features": list(self.features), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "order": self.order.tolist(), "coef": self.coef.tolist(), "intercept": self.intercept,
                "threshold": self.threshold, "info": self.info}


def read_linear_model(path: Path, features: tuple[str, ...], keys: tuple[str, ...],
                      retrain: str) -> tuple[dict[str, Any], list[np.ndarray]]:
    """A linear model file's JSON and its per-feature arrays (keys, in order), refused with what to do when
    its features are not the ones the code computes (`python -m eval <retrain>`) or an array has another size."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    if tuple(raw["features"]) != features:
        raise ValueError(f"{path}: its features are not the ones the code computes ({len(features)}: "
                         f"{', '.join(features)}); retrain with `python -m eval {retrain}`")
    arrays = [np.asarray(raw[k], dtype=np.float64) for k in keys]
    if any(a.shape != (len(features),) for a in arrays):
        raise ValueError(f"{path}: {', '.join(keys[:-1])} and {keys[-1]} must each have {len(features)} values")
    return raw, arrays


def logistic(logits: np.ndarray) -> np.ndarray:
    """The probability of each logit (clipped: no overflow warning for a far-off row)."""
    return np.asarray(1.0 / (1.0 + np.exp(-np.clip(logits, -50, 50))), dtype=np.float64)


@cache
def shipped_model() -> RankerModel:
    return RankerModel.load()


def rank(cands: list[Candidate], rows: np.ndarray, model: RankerModel) -> list[Candidate]:
    """The candidates by the model's ranking score, best first, each with its calibrated probability and
    the threshold (candidates.acceptable reads them). The hand score stays in Candidate.score: conflicts.py
    measures how close a rival value comes on that scale."""
    if not cands:
        return cands
    probs = model.probabilities(rows)
    for c, p in zip(cands, probs, strict=True):
        c.probability = float(p)
        c.threshold = model.threshold
    scores = model.scores(rows)
    order = sorted(range(len(cands)), key=lambda i: -scores[i])  # stable: ties keep the hand order
    return [cands[i] for i in order]


# training: eval.ranker collects every scored candidate list through this hook (one process, no threads)
Recorder = Callable[[Sequence[Candidate], np.ndarray, Lookup], None]
_recorder: Recorder | None = None


def set_recorder(recorder: Recorder | None) -> None:
    global _recorder
    _recorder = recorder


def recorder() -> Recorder | None:
    return _recorder
