"""Issue 8, class 7: a computation is recognised however it is worded (lexicon/operation_wordings.tsv): the
written 较, the fronted 与…相比, the verbs of excess 高出/领先, the nouns 之差/总计, 在…中的占比 and 是…的百分之几
all read as the one wording the computation reader parses, with the same operands. Invented sentences."""

from __future__ import annotations

import pytest

from assistant.question import analyse, operation_wording, split_sides


@pytest.mark.parametrize("asked, operation, sides", [
    ("青川公司营业收入较白山公司多多少亿元？", "difference", ["青川公司营业收入", "白山公司"]),
    ("与白山公司相比，青川公司营业收入高多少亿元？", "difference", ["青川公司营业收入", "白山公司"]),
    ("相比于白山公司，青川公司营业收入多多少亿元？", "difference", ["青川公司营业收入", "白山公司"]),
    ("青川公司营业收入高出白山公司多少亿元？", "difference", ["青川公司营业收入", "白山公司"]),
    ("青川公司营业收入领先白山公司多少亿元？", "difference", ["青川公司营业收入", "白山公司"]),
    ("青川公司出口增速较白山公司快几个百分点？", "difference", ["青川公司出口增速", "白山公司"]),
    ("青川公司营业收入减去白山公司营业收入等于多少？", "difference", ["青川公司营业收入", "白山公司营业收入"]),
    ("青川公司和白山公司的营业收入总计多少？", "sum", ["青川公司", "白山公司的营业收入"]),
    ("青川公司净利润在营业收入中的占比是多少？", "share", ["青川公司净利润", "营业收入"]),
    ("青川公司净利润是营业收入的百分之多少？", "share", ["青川公司净利润", "营业收入"]),
    ("青川公司净利润约占营业收入的几成？", "share", ["青川公司净利润", "营业收入"]),
    ("青川公司净利润占营业收入的比例约为多少？", "share", ["青川公司净利润", "营业收入"]),
])
def test_other_wordings_ask_the_same_computation(asked: str, operation: str, sides: list[str]) -> None:
    q = analyse(asked)
    assert q.operation == operation
    assert split_sides(q.text, q.operation) == sides


def test_an_estimate_from_a_rate_backs_out_the_earlier_figure() -> None:
    q = analyse("按照8.5%的增速计算，青川公司上年营业收入大约是多少亿元？")
    assert q.operation == "growth_base"
    assert [f.text for f in q.figures if f.unit_class == "percent"] == ["8.5%"]


@pytest.mark.parametrize("asked", [
    "青川公司营业收入较高，净利润是多少？",  # 较 as "relatively": no comparison
    "投资超过10亿元的项目有多少个？",  # a threshold: a count of items, no difference
    "青川公司营业收入在全省排名第几？",
    "白山公司的员工有多少人？",
])
def test_questions_asking_no_computation_are_unchanged(asked: str) -> None:
    assert operation_wording(asked) == asked
    assert analyse(asked).operation == "lookup"
