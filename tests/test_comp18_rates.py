"""Issue 8, class 7: a gap between two growth rates named by their quantities ("净利润增速比营收增速高多少个百分点")
takes each rate from its own quantity's statement, so the result's direction is right; a multiple or a
difference of amounts reads each side's own figure. Invented sentences."""

from __future__ import annotations

from passages import ask_passages, states

TEXT = ("2023年一季度，青川科技实现营业收入892.3亿元，同比增长12.5%；归属于上市公司股东的净利润104.6亿元，"
        "同比增长32.9%。研发投入45.2亿元，同比增长20.1%。")


def test_each_rate_from_its_own_quantity() -> None:
    answer = ask_passages("净利润增速比营收增速高多少个百分点？", TEXT)
    assert states(answer, "20.4个百分点"), answer.text
    assert "32.9% − 12.5%" in answer.text and "高" in answer.text


def test_the_smaller_rate_first_says_lower() -> None:
    answer = ask_passages("营业收入增速比研发投入增速低多少个百分点？", TEXT)
    assert states(answer, "7.6个百分点"), answer.text
    assert "20.1% − 12.5%" in answer.text


def test_a_rate_gap_worded_with_jiao() -> None:
    answer = ask_passages("净利润增速较营业收入增速快几个百分点？", TEXT)
    assert states(answer, "20.4个百分点"), answer.text
