"""A comparison with any gradable adjective ("A比B贵多少", "便宜多少", "长多少公里") asks a difference, worded the
one way the computation reader parses (lexicon/operation_wordings.tsv). Invented questions."""

from __future__ import annotations

import pytest
from passages import ask_passages, states

from assistant.question import analyse, operation_wording, split_sides


@pytest.mark.parametrize(("text", "worded"), [
    ("青岚牌汽车比云泽牌贵多少元？", "青岚牌汽车比云泽牌高多少元？"),
    ("甲股的股价比乙股便宜多少？", "甲股的股价比乙股低多少？"),
    ("东线比西线长多少公里？", "东线比西线高多少公里？"),
    ("甲馆比乙馆早几天开放？", "甲馆比乙馆低几天开放？"),
    ("北园的面积比南园大了多少？", "北园的面积比南园高了多少？"),
])
def test_a_comparative_adjective_asks_a_difference(text: str, worded: str) -> None:
    assert operation_wording(text) == worded
    q = analyse(text)
    assert q.operation == "difference"
    assert len(split_sides(q.text, "difference")) == 2


@pytest.mark.parametrize("text", [
    "青岚的营收同比增长多少？",  # 同比 is year on year, no comparison of two sides
    "青岚出口比上年扩大多少？",  # 扩大 is a verb of change, not the adjective 大
    "青岚产量比去年增长多少？",  # 增长 is a verb of change, not the adjective 长
    "青岚税收的比重是多少？",  # 比重 is a share
])
def test_no_comparative_adjective_is_read_where_none_is(text: str) -> None:
    assert operation_wording(text) == text



PRICES = ("2024年5月，青川科技的股价为15.8元，云岭科技的股价为12.3元。"
          "同期，青川科技的市场份额为21.4%，云岭科技的市场份额为17.9%。")


def test_a_price_gap_asked_with_gui_is_computed_from_the_two_prices() -> None:
    answer = ask_passages("青川科技的股价比云岭科技贵多少元？", PRICES)
    assert states(answer, "3.5元"), answer.text
    assert "15.8元 − 12.3元" in answer.text


def test_a_price_gap_asked_with_pianyi_says_lower() -> None:
    answer = ask_passages("云岭科技的股价比青川科技便宜多少元？", PRICES)
    assert states(answer, "3.5元") and "低" in answer.text, answer.text


def test_a_gap_asked_in_points_compares_the_two_percents() -> None:
    # 份额 names no rate the question reader knows; 个百分点 alone says two percents are compared
    answer = ask_passages("青川科技的市场份额比云岭科技高多少个百分点？", PRICES)
    assert states(answer, "3.5个百分点"), answer.text
    assert "21.4% − 17.9%" in answer.text
