"""The calibrated answer/refuse decision (assistant/acceptance.py): a soft hand cut-off overruled by a
confident model, a hard one never; the cut-off indicators read from the ranker's features; the shipped
model file against the code; `python -m eval train-acceptance` on a tiny invented set of lists."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant import acceptance, ranker, refusals
from assistant.answer import FigureAnswerSynthesizer
from assistant.candidates import TermStats
from assistant.settings import load_settings
from tests.passages import nodes_of

ROOT = Path(__file__).resolve().parent.parent
# invented bulletin: 游客人数 is asked, the text counts 游客 in 人次 without the word 人数 (the attribute cut-off)
TEXTS = ("南川市2023年统计公报。全市规模以上工业企业共有520家，全年实现利润总额85亿元。年末常住人口186万人。",
         "南川市乡村旅游接待游客320万人次，旅游总收入45亿元。")
ASKED = "南川市游客人数是多少？"


def _model(intercept: float, soft: set[str], threshold: float = 0.5) -> acceptance.AcceptanceModel:
    """A model whose probability is the logistic of its intercept alone (every coefficient 0)."""
    n = len(acceptance.FEATURES)
    return acceptance.AcceptanceModel(acceptance.FEATURES, np.zeros(n), np.ones(n), np.zeros(n), intercept,
                                      threshold, frozenset(soft), {})


def _answer(model: acceptance.AcceptanceModel | None) -> object:
    nodes = nodes_of(*TEXTS)
    return FigureAnswerSynthesizer(TermStats(n.node for n in nodes), acceptance=model).answer(ASKED, nodes)


def test_hand_cut_off_refuses_the_invented_question() -> None:
    refused = _answer(None)
    assert not refused.answerable and refused.refusal == refusals.BAR_ATTRIBUTE  # type: ignore[attr-defined]


def test_a_confident_model_overrules_a_soft_cut_off() -> None:
    answered = _answer(_model(8.0, {refusals.BAR_ATTRIBUTE}))
    assert answered.answerable and "320万人次" in answered.text  # type: ignore[attr-defined]
    # the figure is still traced to its span
    assert answered.verified and answered.citations  # type: ignore[attr-defined]


def test_an_unconvinced_model_leaves_the_refusal() -> None:
    refused = _answer(_model(-8.0, {refusals.BAR_ATTRIBUTE}))
    assert not refused.answerable and refused.refusal == refusals.BAR_ATTRIBUTE  # type: ignore[attr-defined]


def test_a_hard_cut_off_is_never_overruled() -> None:
    hard = _model(50.0, set(acceptance.BARS) - {refusals.BAR_ATTRIBUTE}, threshold=0.0)
    refused = _answer(hard)
    assert not refused.answerable and refused.refusal == refusals.BAR_ATTRIBUTE  # type: ignore[attr-defined]
    row = np.zeros(len(ranker.FEATURES))
    assert hard.probability(row) == pytest.approx(1.0)
    assert not hard.overrules(refusals.BAR_ATTRIBUTE, row) and hard.overrules(refusals.BAR_ENTITY, row)


def test_bar_indicators_follow_the_hand_cut_offs() -> None:
    at = {name: i for i, name in enumerate(ranker.FEATURES)}
    row = np.zeros(len(ranker.FEATURES))
    row[at["attribute"]], row[at["entity"]], row[at["question_figures"]] = 0.2, 0.9, 1.0
    row[at["has_conditions"]] = 1.0
    got = dict(zip(acceptance.BARS, acceptance.bar_indicators(row).tolist(), strict=True))
    assert got == {refusals.BAR_ATTRIBUTE: 1.0, refusals.BAR_PERIOD: 0.0, refusals.BAR_KEY_NAME: 0.0,
                   refusals.BAR_ENTITY: 0.0}
    row[at["no_attributes"]] = 1.0  # no attribute asked: its cut-off cannot fail
    row[at["key_missing"]], row[at["entity"]] = 1.0, 0.1
    got = dict(zip(acceptance.BARS, acceptance.bar_indicators(row).tolist(), strict=True))
    assert got == {refusals.BAR_ATTRIBUTE: 0.0, refusals.BAR_PERIOD: 0.0, refusals.BAR_KEY_NAME: 1.0,
                   refusals.BAR_ENTITY: 1.0}


def test_model_file_matches_the_features_the_code_computes() -> None:
    raw = json.loads(acceptance.MODEL_PATH.read_text(encoding="utf-8"))
    assert tuple(raw["features"]) == acceptance.FEATURES
    model = acceptance.AcceptanceModel.load()
    assert model.soft_bars <= set(acceptance.BARS) and np.all(model.scale > 0)
    assert model.info["command"] == "python -m eval train-acceptance"
    lodo = model.info["leave_one_document_out"]
    assert lodo["total"]["lists"] == sum(d["lists"] for d in lodo["per_document"].values())


def test_model_file_with_other_features_is_refused(tmp_path: Path) -> None:
    raw = json.loads(acceptance.MODEL_PATH.read_text(encoding="utf-8"))
    raw["features"] = [*raw["features"][:-1], "something_else"]
    path = tmp_path / "acceptance.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="train-acceptance"):
        acceptance.AcceptanceModel.load(path)


def test_setting_selects_the_acceptance() -> None:
    assert load_settings(**{"answer.acceptance": "learned"}).answer.acceptance == "learned"
    with pytest.raises(ValueError, match="acceptance"):
        load_settings(**{"answer.acceptance": "neural"})


def _invented_lists() -> dict[str, object]:
    """Lists of three invented documents: the best figure refused by the entity cut-off is right when its
    attribute label is strong, wrong when weak; the key-name cut-off refuses only wrong figures."""
    at = {name: i for i, name in enumerate(ranker.FEATURES)}
    rng = np.random.default_rng(7)
    lists = []
    for doc in ("doc_a", "doc_b", "doc_c"):
        for k in range(24):
            row = np.zeros(len(ranker.FEATURES))
            row[at["hand"]], row[at["question_figures"]] = 2.0 + rng.random(), 1.0
            kind = k % 4
            right = kind in (0, 1)
            row[at["attribute"]] = 1.0 if kind != 2 else 0.6
            row[at["entity"]] = 0.9 if kind == 0 else 0.2
            row[at["attr_in_label"]] = 1.0 if right else 0.0
            row[at["key_missing"]] = 1.0 if kind == 3 else 0.0
            bar = refusals.BAR_KEY_NAME if kind == 3 else refusals.BAR_ENTITY if row[at["entity"]] < 0.4 else ""
            other = np.zeros(len(ranker.FEATURES))
            lists.append({"source": "general", "split": "train", "qid": f"{doc}-{k}", "rows": [row.tolist(),
                          other.tolist()], "labels": [int(right), 0], "answerable": right, "document": doc,
                          "reason": bar, "bars": [bar, refusals.BAR_ENTITY]})
    return {"features": list(ranker.FEATURES), "lists": lists}


def test_train_acceptance_from_invented_lists(tmp_path: Path) -> None:
    rows = tmp_path / "rows.json"
    rows.write_text(json.dumps(_invented_lists()), encoding="utf-8")
    out = tmp_path / "acceptance.json"
    done = subprocess.run([sys.executable, "-m", "eval", "train-acceptance", "--from-rows", str(rows), "--out",
                           str(out)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr[-2000:]
    model = acceptance.AcceptanceModel.load(out)
    # the entity cut-off refused right figures (half of its refusals): soft; the key-name one only wrong ones
    assert model.soft_bars == {refusals.BAR_ENTITY}
    lodo = model.info["leave_one_document_out"]
    assert set(lodo["per_document"]) == {"doc_a", "doc_b", "doc_c"}
    # the figures the entity cut-off refused wrongly are stated on each held document, no wrong one is
    assert lodo["total"]["learned_right"] > lodo["total"]["hand_right"]
    assert lodo["total"]["learned_wrong_stated"] == lodo["total"]["hand_wrong_stated"]
