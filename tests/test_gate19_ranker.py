"""gate19: the learned ranker's transferable features (meaning for Chinese questions, character overlap of the
asked name with the figure's label) and its leave-one-document-out measure. Invented sentences only."""

from __future__ import annotations

import numpy as np
import pytest

from assistant import ranker
from assistant.candidates import Passage, TermStats, score_candidates
from assistant.crosslingual import ClauseSimilarity
from assistant.question import analyse
from eval.ranker import Group, leave_one_document_out
from tests.passages import nodes_of


def test_char_overlap_reads_a_name_written_otherwise() -> None:
    # an abbreviation no alias lists still shares most of the asked name's characters; an unrelated label none
    assert ranker.char_overlap(["社会消费品零售总额"], "全市社零总额") > 0.3
    assert ranker.char_overlap(["社会消费品零售总额"], "粮食产量") == 0.0
    assert ranker.char_overlap(["income"], "收入") == 0.0  # no Chinese characters asked: nothing to share
    assert ranker.char_overlap([], "收入") == 0.0


class _Embedding:
    """A stand-in embedding (isolates the feature arithmetic): a clause's vector is whether it says 港口."""

    def get_query_embedding(self, text: str) -> list[float]:
        return [1.0, 0.0]

    def get_text_embedding_batch(self, texts: list[str]) -> list[list[float]]:
        return [[1.0, 0.0] if "港口" in t else [0.0, 1.0] for t in texts]


def _rows(question: str, text: str) -> tuple[list[str], np.ndarray]:
    nodes = nodes_of(text)
    stats = TermStats(n.node for n in nodes)
    q = analyse(question)
    cands = score_candidates([Passage(h, r) for r, h in enumerate(nodes)], stats, "money", [], [], [])
    rows = ranker.features(cands, ranker.Lookup(q, [], [], False), ClauseSimilarity(_Embedding()))
    return [c.figure.text for c in cands], rows


def test_a_chinese_question_gets_the_similarity_of_its_clauses() -> None:
    figures, rows = _rows("青禾县港口建设投资多少？",
                          "青禾县道路建设投资3亿元，港口建设投资9亿元，水利建设投资2亿元。")
    at = {name: rows[:, ranker.FEATURES.index(name)] for name in
          ("similarity_gap", "similarity_gap_zh", "similarity_gap_en", "similarity_top", "similarity_unseen")}
    port = figures.index("9亿元")
    assert at["similarity_top"][port] == 1.0 and at["similarity_top"].sum() == 1.0
    assert at["similarity_gap_zh"][port] == 0.0 and at["similarity_gap_zh"].max() == pytest.approx(1.0)
    assert np.allclose(at["similarity_gap_zh"], at["similarity_gap"]) and not at["similarity_gap_en"].any()


def test_label_char_overlap_prefers_the_clause_naming_the_asked_thing() -> None:
    figures, rows = _rows("港口建设投资多少？", "青禾县道路建设投资3亿元，港口建设投资9亿元。")
    overlap = rows[:, ranker.FEATURES.index("label_char_overlap")]
    assert overlap[figures.index("9亿元")] > overlap[figures.index("3亿元")]


def _synthetic(document: str, seed: int) -> list[Group]:
    """Lists in which the attribute feature marks the right candidate and the hand score is noise, and lists of
    unanswerable questions (no candidate right, none labelled by the attribute)."""
    rng = np.random.default_rng(seed)
    attribute, hand = ranker.FEATURES.index("attribute"), ranker.FEATURES.index("hand")
    groups = []
    for n in range(12):
        rows = rng.normal(0, 0.1, size=(4, len(ranker.FEATURES)))
        right = int(rng.integers(4))
        rows[:, hand] = rng.normal(0, 1, size=4)
        rows[:, attribute] = 0.0
        rows[right, attribute] = 1.0
        groups.append(Group("general", "train", f"{document}-{n}", rows.tolist(),
                            [int(i == right) for i in range(4)], document=document))
    for n in range(4):
        rows = rng.normal(0, 0.1, size=(4, len(ranker.FEATURES)))
        rows[:, attribute] = 0.0
        groups.append(Group("general", "train", f"{document}-u{n}", rows.tolist(), [0] * 4, answerable=False,
                            document=document))
    return groups


def test_leave_one_document_out_measures_each_document_with_a_model_that_never_saw_it() -> None:
    groups = [g for k, doc in enumerate(("甲", "乙", "丙")) for g in _synthetic(doc, k)]
    result = leave_one_document_out(groups, 0.01, 1.0)
    assert set(result["per_document"]) == {"甲", "乙", "丙"}
    total = result["total"]
    answerable = sum(1 for g in groups if g.answerable)
    assert total["lists"] == len(groups) and total["holding_right"] == answerable
    # the evidence the other documents teach beats the noisy hand score on the document left out
    assert total["learned_top1"] > total["hand_top1"] and total["learned_top1"] >= 0.9 * answerable


def _refusing_model() -> ranker.RankerModel:
    """A model whose calibrated probability refuses every figure (its order: the hand score's)."""
    n = len(ranker.FEATURES)
    order = np.zeros(n)
    order[ranker.FEATURES.index("hand")] = 1.0
    return ranker.RankerModel(ranker.FEATURES, np.zeros(n), np.ones(n), order, np.zeros(n), -50.0, 0.5, {})


def test_order_mode_leaves_acceptance_to_the_hand_cut_offs() -> None:
    from assistant.answer import FigureAnswerSynthesizer

    nodes = nodes_of("青禾县规模以上工业企业共有310家，全年实现利润总额47亿元。")
    stats = TermStats(n.node for n in nodes)
    question = "青禾县规模以上工业企业的利润总额是多少？"
    deciding = FigureAnswerSynthesizer(stats, ranker=_refusing_model())
    assert not deciding.answer(question, nodes).answerable  # the probability refuses
    ordering = FigureAnswerSynthesizer(stats, ranker=_refusing_model(), ranker_accepts=False)
    answer = ordering.answer(question, nodes)
    assert answer.answerable and "47亿元" in answer.text  # the hand cut-offs accept the best figure


def test_settings_name_the_order_mode() -> None:
    from assistant.settings import load_settings

    assert load_settings(**{"answer.ranker": "order"}).answer.ranker == "order"
