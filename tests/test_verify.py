"""The verifier (assistant.verify): every figure an answer states is traced to a cited passage or to a
shown computation; anything else is listed as unverified."""

from __future__ import annotations

import pytest

from assistant.figures import parse_figures
from assistant.types import Answer, Citation, FigureUse
from assistant.verify import traced, verify

WIND = ("双辽市绿电产业示范园区15万千瓦风电项目，总投资7.52亿元，新建单机容量7.5兆瓦风电机组20台。"
        "项目建成后，预计年可实现产值1.48亿元、利税0.18亿元。")
TOTALS = "全市累计开工复工5000万元以上项目196个，10亿元以上项目19个，计划总投资407.9亿元。"


def cite(n: int, text: str) -> Citation:
    return Citation(n=n, doc_id="doc.txt", text=text, start=0, end=len(text), passage_start=0, passage_end=len(text))


def checked(text: str, *passages: str, figures: list[FigureUse] | None = None) -> Answer:
    answer = Answer("q", text, [cite(i + 1, p) for i, p in enumerate(passages)], figures=figures or [])
    return verify(answer)


def test_every_figure_in_a_cited_passage_is_verified() -> None:
    a = checked("双辽风电项目总投资7.52亿元，年产值1.48亿元、利税0.18亿元[1]。", WIND)
    assert a.verified is True and a.unverified == []


def test_verify_returns_the_same_answer_filled_in() -> None:
    answer = Answer("q", "总投资8亿元[1]。", [cite(1, WIND)])
    assert verify(answer) is answer and answer.verified is False


def test_an_invented_figure_is_unverified() -> None:
    a = checked("双辽风电项目总投资7.52亿元，年利税0.3亿元[1]。", WIND)
    assert a.verified is False
    assert a.unverified == ["0.3亿元"]


def test_a_figure_in_an_uncited_passage_is_not_traced() -> None:
    # 196个 is true, but the answer cites only the wind-farm passage
    a = checked("全市共有项目196个[1]。", WIND)
    assert a.verified is False and a.unverified == ["196个"]
    assert checked("全市共有项目196个[2]。", WIND, TOTALS).verified is True


def test_related_passages_are_not_sources() -> None:
    answer = Answer("q", "全市共有项目196个。", [], related=[cite(1, TOTALS)])
    assert verify(answer).unverified == ["196个"]


def test_wan_for_yi_is_flagged() -> None:
    a = checked("双辽风电项目总投资7.52万元[1]。", WIND)
    assert a.verified is False and a.unverified == ["7.52万元"]


def test_a_rescaled_figure_is_traced_when_equal() -> None:
    assert checked("总投资75200万元[1]。", WIND).verified is True
    assert checked("总投资7520万元[1]。", WIND).unverified == ["7520万元"]  # a factor of ten off


def test_a_computation_result_listed_as_computation_is_traced() -> None:
    text = "约21.47亿元（407.9亿元 ÷ 19个 = 21.47亿元）[1]。"
    comp = FigureUse("21.47亿元", 4.079e10 / 19, "元", "computation", None, "407.9亿元 ÷ 19个 = 21.47亿元")
    assert checked(text, TOTALS, figures=[comp]).verified is True
    # without the computation the result traces to nothing
    bare = checked(text, TOTALS)
    assert bare.verified is False and set(bare.unverified) == {"约21.47亿元", "21.47亿元"}


def test_a_figure_listed_from_a_citation_does_not_vouch_for_itself() -> None:
    # only computations are sources; a FigureUse claiming a citation must still be found in it
    use = FigureUse("0.3亿元", 3e7, "元", "citation", 1, "0.3亿元")
    assert checked("利税0.3亿元[1]。", WIND, figures=[use]).verified is False


def test_citation_markers_are_not_figures() -> None:
    a = checked("见[1][2][3]。双辽风电项目总投资7.52亿元[12]。", WIND)
    assert a.verified is True and a.unverified == []


def test_a_bare_number_restating_a_count_is_traced() -> None:
    a = checked("全市项目共196[1]。", TOTALS)
    assert a.verified is True


def test_a_bare_number_does_not_restate_a_scaled_amount() -> None:
    a = checked("总投资是7.52[1]。", WIND)
    assert a.verified is False and a.unverified == ["7.52"]


def test_a_refusal_without_figures_is_verified() -> None:
    a = verify(Answer("q", "文档中没有找到能回答这个问题的确切数字，无法给出答案。", [], answerable=False))
    assert a.verified is True and a.unverified == []


@pytest.mark.parametrize(("stated", "ok"), [
    ("20台", True), ("二十台", True), ("21台", False),
    ("150兆瓦", True),  # the passage's "15万千瓦" in another unit of the same class
    ("7.5千瓦", False),  # the passage says 7.5兆瓦
])
def test_traced_single_figures(stated: str, ok: bool) -> None:
    figure = parse_figures(stated)[0]
    assert traced(figure, Answer("q", stated, [cite(1, WIND)])) is ok


def test_one_and_a_counter_after_a_copula_describes_and_counts_nothing() -> None:
    # an invented description: "一家" after 是 is the indefinite article; the same words counting are still figures
    passage = "澄川机械成立于2031年，主营农机齿轮箱。"
    assert checked("澄川机械是一家农机零部件企业。[1]", passage).verified
    counted = checked("澄川县只有一家农机零部件企业。[1]", passage)
    assert not counted.verified and counted.unverified == ["一家"]
    assert checked("澄川机械作为一个试点企业，2031年成立。[1]", passage).verified
