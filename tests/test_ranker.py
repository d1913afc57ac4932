"""The learned candidate ranker: its features on invented sentences, the shipped model file, the calibrated
abstention threshold, the setting that selects it, and `python -m eval train-ranker` end to end on a tiny
invented set."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant import ranker
from assistant.answer import FigureAnswerSynthesizer
from assistant.candidates import Candidate, Passage, TermStats, acceptable, score_candidates
from assistant.question import ATTRIBUTE_CLASSES, analyse
from assistant.settings import load_settings
from tests.conftest import hermetic_env
from tests.passages import nodes_of

ROOT = Path(__file__).resolve().parent.parent


def _scored(question: str, *texts: str) -> tuple[list[Candidate], np.ndarray]:
    """The candidates as a lookup scores them for the question (hand order), and their feature rows."""
    nodes = nodes_of(*texts)
    stats = TermStats(n.node for n in nodes)
    q = analyse(question)
    entity = [t for t in q.terms if t not in q.attributes and t not in ATTRIBUTE_CLASSES]
    attributes = [a for a in q.attributes if ATTRIBUTE_CLASSES.get(a, q.unit_class) == q.unit_class]
    cands = score_candidates([Passage(h, r) for r, h in enumerate(nodes)], stats, q.unit_class, attributes,
                             entity, q.figures, q.counter)
    lookup = ranker.Lookup(q, attributes, entity, bool(q.figures), q.counter)
    return cands, ranker.features(cands, lookup, None)


def _row(cands: list[Candidate], rows: np.ndarray, text: str) -> dict[str, float]:
    i = next(i for i, c in enumerate(cands) if c.figure.text == text)
    return dict(zip(ranker.FEATURES, rows[i].tolist(), strict=True))


def test_subset_cue_marks_a_part_unless_the_question_asks_for_it() -> None:
    text = "全市规模以上工业企业共有520家，其中国有控股企业80家，私营企业300家。"
    cands, rows = _scored("全市规模以上工业企业有多少家？", text)
    assert _row(cands, rows, "80家")["subset"] == 1.0 and _row(cands, rows, "520家")["subset"] == 0.0
    cands, rows = _scored("其中国有控股企业有多少家？", text)
    assert _row(cands, rows, "80家")["subset"] == 0.0


def test_label_features_tell_the_asked_attribute_from_another_one() -> None:
    text = "全市工业增加值增长6.5%，对经济增长的贡献率为42.3%。"
    cands, rows = _scored("工业对全市经济增长的贡献率是多少？", text)
    share = _row(cands, rows, "42.3%")
    assert share["attr_in_label"] == 1.0 and share["label_other_attr"] == 0.0 and share["label_gap"] < 0.5
    cands, rows = _scored("全市工业增加值增长多少？", text)
    assert _row(cands, rows, "42.3%")["label_other_attr"] == 1.0
    assert _row(cands, rows, "6.5%")["label_other_attr"] == 0.0


def test_a_label_written_after_its_figure_is_seen() -> None:
    cands, rows = _scored("南川市的经济总量是多少？", "南川市全年实现3151亿元的经济总量，比上年增长5.2%。")
    row = _row(cands, rows, "3151亿元")
    assert row["attr_after"] == 1.0 and row["attr_in_label"] == 0.0 and row["label_gap"] == 3.0


def test_time_agreement_reads_years_and_periods() -> None:
    assert ranker.time_agreement("上半年营业收入多少？", "上半年实现营业收入5亿元") == (1.0, 0.0)
    assert ranker.time_agreement("上半年营业收入多少？", "前三季度实现营业收入8亿元") == (0.0, 1.0)
    assert ranker.time_agreement("2023年营业收入多少？", "2022年实现营业收入8亿元") == (0.0, 1.0)
    assert ranker.time_agreement("营业收入多少？", "2023年实现营业收入8亿元") == (0.0, 0.0)
    assert ranker.periods("1—6月，全市完成投资") == {"1-6月"}
    cands, rows = _scored("2023年全市粮食产量是多少？", "2023年全市粮食产量达到120万吨。",
                          "2022年全市粮食产量为110万吨。")
    assert _row(cands, rows, "120万吨")["time_match"] == 1.0 and _row(cands, rows, "110万吨")["time_conflict"] == 1.0


def test_entity_agreement_and_the_hand_features() -> None:
    cands, rows = _scored("双辽风电项目总投资多少？", "双辽风电项目总投资7.52亿元，梨树光伏项目总投资3.1亿元。")
    right, other = _row(cands, rows, "7.52亿元"), _row(cands, rows, "3.1亿元")
    assert right["entity_clause"] > other["entity_clause"]
    assert right["hand"] == max(c.score for c in cands) and right["hand_gap"] == 0.0 and right["hand_accepts"] == 1.0
    assert other["hand_gap"] > 0.0
    # no similarity without an embedding model: those features stay at 0 for every candidate
    assert not rows[:, ranker.FEATURES.index("similarity_unseen")].any()


class _Embedding:
    """A stand-in embedding (isolates the feature arithmetic): a clause's vector is whether it says 风电."""

    def get_query_embedding(self, text: str) -> list[float]:
        return [1.0, 0.0]

    def get_text_embedding_batch(self, texts: list[str]) -> list[list[float]]:
        return [[1.0, 0.0] if "风电" in t else [0.0, 1.0] for t in texts]


def test_similarity_features_cover_the_top_few_and_mark_the_rest() -> None:
    from assistant.crosslingual import ClauseSimilarity

    # the shortest label first in the hand order (no attribute asked): the wind clause
    nodes = nodes_of("光伏项目总投资3.1亿元，储能项目总投资2亿元，风电投资7.52亿元，"
                     "道路项目总投资1亿元，管网项目总投资0.5亿元。")
    stats = TermStats(n.node for n in nodes)
    q = analyse("How much is the total investment of the wind power project?")
    cands = score_candidates([Passage(h, r) for r, h in enumerate(nodes)], stats, "money", [], [], [])
    rows = ranker.features(cands, ranker.Lookup(q, [], [], False), ClauseSimilarity(_Embedding()))
    gap, unseen = ranker.FEATURES.index("similarity_gap"), ranker.FEATURES.index("similarity_unseen")
    top = ranker.SIMILARITY_CANDIDATES
    assert len(cands) > top and rows[top:, unseen].all() and not rows[:top, unseen].any()
    wind = next(i for i, c in enumerate(cands) if c.figure.text == "7.52亿元")
    assert wind < top and rows[wind, gap] == 0.0 and rows[:, gap].max() == pytest.approx(1.0)
    en = ranker.FEATURES.index("similarity_gap_en")
    assert np.allclose(rows[:, en], rows[:, gap])


def test_model_file_matches_the_features_the_code_computes() -> None:
    raw = json.loads(ranker.MODEL_PATH.read_text(encoding="utf-8"))
    assert tuple(raw["features"]) == ranker.FEATURES
    model = ranker.RankerModel.load()
    assert 0.0 < model.threshold < 1.0
    assert model.order.shape == model.coef.shape == (len(ranker.FEATURES),) and np.all(model.scale > 0)
    assert model.info["command"] == "python -m eval train-ranker"
    assert model.order[ranker.FEATURES.index("hand")] > 0  # stacked on the hand score


def test_model_file_keeps_every_evidence_sign() -> None:
    model = ranker.RankerModel.load()
    for name, sign in ranker.SIGNS.items():
        assert sign * model.order[ranker.FEATURES.index(name)] >= 0, name


def test_fit_holds_a_feature_to_its_sign_when_the_lists_say_otherwise(monkeypatch: pytest.MonkeyPatch) -> None:
    from eval.ranker import _listwise_weights

    hand, label = ranker.FEATURES.index("hand"), ranker.FEATURES.index("attr_in_label")
    lists = []
    for k in range(8):  # invented lists where the candidate labelled by the attribute is always the wrong one
        rows = np.zeros((2, len(ranker.FEATURES)))
        rows[0, label], rows[1, label] = 1.0, 0.0
        rows[:, hand] = (0.1 * k, 0.1 * k)
        lists.append((rows, np.array([False, True])))
    prior = np.zeros(len(ranker.FEATURES))
    prior[hand] = 1.0
    w = _listwise_weights(lists, prior, 1e-3)
    assert w[label] == pytest.approx(0.0, abs=1e-9)  # not negative: held at its bound
    monkeypatch.setattr(ranker, "SIGNS", {k: v for k, v in ranker.SIGNS.items() if k != "attr_in_label"})
    assert _listwise_weights(lists, prior, 1e-3)[label] < -0.1  # what the lists alone would give it


def test_model_file_with_other_features_is_refused(tmp_path: Path) -> None:
    raw = json.loads(ranker.MODEL_PATH.read_text(encoding="utf-8"))
    raw["features"] = [*raw["features"][:-1], "something_else"]
    path = tmp_path / "ranker.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(ValueError, match="train-ranker"):
        ranker.RankerModel.load(path)


def test_model_file_is_package_data() -> None:
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert '"models/*.json"' in pyproject


def test_threshold_refuses_an_unrelated_figure() -> None:
    text = "全市规模以上工业企业共有520家，全年实现利润总额85亿元。"
    nodes = nodes_of(text)
    synth = FigureAnswerSynthesizer(TermStats(n.node for n in nodes), ranker=ranker.shipped_model())
    # a quantity the text does not state: the loosely related money figure is not stated
    refused = synth.answer("全市规模以上工业企业的营业收入是多少？", nodes)
    assert not refused.answerable and not refused.figures
    answered = synth.answer("全市规模以上工业企业的利润总额是多少？", nodes)
    assert answered.answerable and "85亿元" in answered.text
    # the calibrated probability alone already refuses it, before any hard rule
    cands, rows = _scored("全市规模以上工业企业的营业收入是多少？", text)
    money = ranker.rank(cands, rows, ranker.shipped_model())[0]
    assert money.figure.text == "85亿元" and money.probability is not None
    assert money.probability < money.threshold


def test_learned_probability_decides_acceptance_but_not_the_hard_rules() -> None:
    cands, rows = _scored("全市规模以上工业企业的利润总额是多少？",
                          "全市规模以上工业企业共有520家，全年实现利润总额85亿元。")
    ordered = ranker.rank(cands, rows, ranker.shipped_model())
    best = ordered[0]
    assert best.figure.text == "85亿元" and best.probability is not None and acceptable(best, True, False)
    best.threshold = 1.0  # a threshold no figure reaches: refused
    assert not acceptable(best, True, False)
    best.threshold, best.key_missing = 0.0, ["规模以上"]  # the most specific name missing: never stated
    assert not acceptable(best, True, False)


def test_learned_order_puts_the_whole_above_its_part() -> None:
    nodes = nodes_of("全市规模以上工业企业共有520家，其中国有控股企业80家，私营企业300家。")
    synth = FigureAnswerSynthesizer(TermStats(n.node for n in nodes), ranker=ranker.shipped_model())
    answer = synth.answer("全市规模以上工业企业有多少家？", nodes)
    assert answer.answerable and "520家" in answer.text


def test_setting_selects_the_ranker() -> None:
    assert load_settings().answer.ranker == "hand"
    assert load_settings(**{"answer.ranker": "learned"}).answer.ranker == "learned"
    with pytest.raises(ValueError, match="ranker"):
        load_settings(ranker="neural")


@pytest.mark.slow
def test_train_ranker_end_to_end_on_a_tiny_set(tmp_path: Path) -> None:
    from tests.corpora import indexed_assistant

    doc = ("南川市2023年国民经济和社会发展统计公报。全年全市地区生产总值812亿元，比上年增长5.2%。"
           "全市规模以上工业企业共有520家，其中国有控股企业80家。全年粮食产量120万吨，比上年增长2.1%。"
           "全年社会消费品零售总额305亿元，增长6.8%。年末全市常住人口186万人。")
    settings = indexed_assistant(tmp_path, {"bulletin.txt": doc}).settings
    rows = [
        ("t1", "lookup", "南川市地区生产总值是多少？", ["812亿元"], "地区生产总值812亿元"),
        ("t2", "lookup", "南川市规模以上工业企业有多少家？", ["520家"], "规模以上工业企业共有520家"),
        ("t3", "lookup", "南川市粮食产量是多少？", ["120万吨"], "粮食产量120万吨"),
        ("t4", "lookup", "社会消费品零售总额是多少？", ["305亿元"], "社会消费品零售总额305亿元"),
        ("t5", "lookup", "年末常住人口有多少？", ["186万人"], "常住人口186万人"),
        ("t6", "lookup", "粮食产量比上年增长多少？", ["2.1%"], "比上年增长2.1%"),
        ("t7", "unanswerable", "南川市的研发经费投入是多少亿元？", [], ""),
    ]
    questions = tmp_path / "tiny.jsonl"
    questions.write_text("\n".join(json.dumps(
        {"id": i, "kind": k, "question": q, "expected": e, "evidence": ev}, ensure_ascii=False)
        for i, k, q, e, ev in rows) + "\n", encoding="utf-8")
    out = tmp_path / "model" / "ranker.json"
    saved = tmp_path / "rows.json"
    done = subprocess.run(
        [sys.executable, "-m", "eval", "train-ranker", "--questions", str(questions), "--store",
         str(settings.store.dir), "--corpus", str(settings.corpus.dir), "--no-general", "--no-cmrc",
         "--out", str(out), "--rows", str(saved)],
        cwd=ROOT, capture_output=True, text=True, timeout=600,
        env=hermetic_env())
    assert done.returncode == 0, done.stderr[-2000:]
    model = ranker.RankerModel.load(out)
    assert model.features == ranker.FEATURES and 0.0 < model.threshold <= 1.0 + 1e-6
    assert model.info["trained_on"]["article"] >= len(rows) - 1
    printed = json.loads(done.stdout[:done.stdout.rindex("}") + 1])
    assert printed["train"]["lists"] >= len(rows) - 1
    # refitting from the saved lists gives the same model (training is deterministic)
    again = tmp_path / "again.json"
    refit = subprocess.run([sys.executable, "-m", "eval", "train-ranker", "--from-rows", str(saved), "--out",
                            str(again)], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert refit.returncode == 0, refit.stderr[-2000:]
    assert np.allclose(ranker.RankerModel.load(again).coef, model.coef)
