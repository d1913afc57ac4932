"""The calibrated decision to state the best figure when a soft cut-off of the hand rules refuses it.

The hand rules (candidates.shortfall) refuse the best figure when one of four cut-offs fails: the asked
attribute does not label it, the question's figures do not stand with it, the question's most specific
name is missing around it, too few of the subject's words surround it. They were set on the development
documents, and on a new document they refuse figures that were right. Here each cut-off is a feature,
not a veto: a logistic model over the learned ranker's features (assistant.ranker.FEATURES) and the four
cut-off indicators gives the probability that the best figure is right, and a figure a SOFT cut-off
refused is stated when that probability reaches the model's threshold. The cut-offs that stay hard (the
figure is refused whatever the probability) are chosen from the data by the trainer and listed in the
model file ("soft_bars" are the others); every other refusal (unknown names, currency, per person …) and
the tracing of each figure to its span are untouched.

Trained by `python -m eval train-acceptance` (eval/acceptance.py), threshold and soft cut-offs chosen on
the training documents with a wrong figure costing WRONG_COST refusals; the model file records its
leave-one-document-out figures against the hand rules. Inference is numpy only. Used when
settings.answer.acceptance is "learned".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import numpy as np

from assistant import refusals
from assistant.candidates import hand_bars
from assistant.ranker import FEATURES as RANKER_FEATURES
from assistant.ranker import logistic, read_linear_model

MODEL_PATH = Path(__file__).resolve().parent / "models" / "acceptance.json"
MODES = ("hand", "learned")
# the hand cut-offs, each an indicator feature (1: the best figure falls short of it)
BARS: tuple[str, ...] = (refusals.BAR_ATTRIBUTE, refusals.BAR_PERIOD, refusals.BAR_KEY_NAME, refusals.BAR_ENTITY)
FEATURES: tuple[str, ...] = (*RANKER_FEATURES, *BARS)
_AT = {name: i for i, name in enumerate(RANKER_FEATURES)}


def bar_indicators(row: np.ndarray) -> np.ndarray:
    """The hand cut-offs one candidate's ranker features fall short of, as 0/1 in BARS order (the same
    function candidates.shortfall applies, read from the features that hold its inputs)."""
    failed = hand_bars(float(row[_AT["attribute"]]), float(row[_AT["question_figures"]]),
                       bool(row[_AT["key_missing"]]), float(row[_AT["entity"]]),
                       not bool(row[_AT["no_attributes"]]), bool(row[_AT["has_conditions"]]))
    return np.asarray([float(bar in failed) for bar in BARS], dtype=np.float64)


def acceptance_row(row: np.ndarray) -> np.ndarray:
    """One candidate's ranker features followed by its cut-off indicators (FEATURES order)."""
    return np.concatenate([np.asarray(row, dtype=np.float64), bar_indicators(row)])


@dataclass(frozen=True)
class AcceptanceModel:
    """Logistic in the standardised features ((x - mean) / scale)."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float  # probability at or above which a figure a soft cut-off refused is stated
    soft_bars: frozenset[str]  # the cut-offs the probability may overrule; the others always refuse
    info: dict[str, Any]

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> AcceptanceModel:
        raw, (mean, scale, coef) = read_linear_model(path, FEATURES, ("mean", "scale", "coef"), "train-acceptance")
        unknown = set(raw["soft_bars"]) - set(BARS)
        if unknown:
            raise ValueError(f"{path}: soft_bars names unknown cut-offs: {', '.join(sorted(unknown))}")
        return cls(FEATURES, mean, scale, coef, float(raw["intercept"]), float(raw["threshold"]),
                   frozenset(raw["soft_bars"]), dict(raw.get("info", {})))

    def probability(self, row: np.ndarray) -> float:
        """P(the figure is right) for one candidate's ranker features (assistant.ranker.features row)."""
        return float(self.probabilities(acceptance_row(row)[None, :])[0])

    def probabilities(self, rows: np.ndarray) -> np.ndarray:
        """P(right) for rows of acceptance features (FEATURES order: acceptance_row's)."""
        logits = ((rows - self.mean) / self.scale) @ self.coef + self.intercept
        return logistic(logits)

    def overrules(self, bar: str, row: np.ndarray) -> bool:
        """The figure the hand cut-off `bar` refused is stated after all: the cut-off is soft and the
        probability reaches the threshold."""
        return bar in self.soft_bars and self.probability(row) >= self.threshold

    def to_json(self) -> dict[str, Any]:
        return {"features": list(self.features), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": self.intercept, "threshold": self.threshold,
                "soft_bars": sorted(self.soft_bars), "info": self.info}


@cache
def shipped_acceptance() -> AcceptanceModel:
    return AcceptanceModel.load()
