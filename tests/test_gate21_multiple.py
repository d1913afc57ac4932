"""gate21: a multiple the text states ("…是上年的2.3倍") answers "A是B的几倍" as stated, before any computation;
evidence levels are compared with the cut-offs without rounding noise. Invented sentences only."""

from __future__ import annotations

from assistant.candidates import Passage, TermStats, score_candidates
from assistant.question import analyse
from tests.passages import ask_passages, nodes_of, states

TEXT = ("2041年澄湖县光伏组件产量达到36.4万片，是2040年的2.6倍。全县服务业增加值912.7亿元，同比增长6.3%，"
        "增速是全省平均水平的1.3倍。")


def test_a_stated_multiple_answers_the_multiple_asked() -> None:
    assert states(ask_passages("2041年澄湖县光伏组件产量是2040年的多少倍？", TEXT), "2.6倍")
    # a base period asked (上年) is the year the text names before the multiple
    assert states(ask_passages("澄湖县光伏组件产量是上年的几倍？", TEXT), "2.6倍")
    assert states(ask_passages("澄湖县服务业增加值增速是全省平均水平的多少倍？", TEXT), "1.3倍")


def test_a_multiple_of_another_base_is_not_the_one_asked() -> None:
    # 1.3倍 is the rate's multiple of the province's, not of last year's value: 1 + 6.3% answers
    answer = ask_passages("澄湖县服务业增加值是上年的几倍？", TEXT)
    assert not states(answer, "1.3倍")
    assert answer.answerable and "1.06" in answer.text
    # no multiple of the province is stated for the modules
    assert not states(ask_passages("澄湖县光伏组件产量是全省的多少倍？", TEXT), "2.6倍")


def test_an_entity_found_wholly_at_one_level_is_at_that_level() -> None:
    nodes = nodes_of(TEXT)
    passages = [Passage(n, i) for i, n in enumerate(nodes)]
    q = analyse("2041年澄湖县光伏组件产量是2040年的多少倍？")
    cands = score_candidates(passages, TermStats(n.node for n in nodes), "plain", [], ["澄湖", "光伏", "组件"],
                             q.figures)
    best = next(c for c in cands if c.figure.text == "2.6倍")
    assert abs(best.entity - 0.8) < 1e-9  # three words at its binding segment's level: their weighted mean is it
