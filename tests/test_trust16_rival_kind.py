"""A figure of another kind of the asked quantity is no answer (issue 8, class 8: abstention): the label writes the
asked quantity's head with a qualifier of its own ("货物吞吐量") where the question has another ("旅客吞吐量").
Invented texts only."""

from __future__ import annotations

from passages import ask_passages, refused, states

from assistant.named import other_quantity

_PORT = ["2024年1-6月，云岭港完成货物吞吐量3.6亿吨、集装箱吞吐量520万标箱，同比分别增长4.2%和6.8%。",
         "春节假期，云岭港客运码头共发送旅客12.5万人次。"]
# 外商 and 投资 are words of the text (another passage), so no unknown-word gate refuses for them
_TRADE = ["前两个月，海川省民营企业进出口1.1万亿元，增长7.3%，占进出口总值的46%。",
          "全省新设外商投资项目238个，实际使用外资增长9.1%。"]


def test_another_kind_of_the_asked_quantity_is_refused() -> None:
    assert refused(ask_passages("2024年1-6月云岭港旅客吞吐量是多少？", *_PORT))
    # 民营企业进出口 is the only 企业进出口 figure; the kind asked (外商投资) labels none
    assert refused(ask_passages("前两个月海川省外商投资企业进出口额是多少？", *_TRADE))


def test_the_kind_asked_is_still_answered() -> None:
    assert states(ask_passages("2024年1-6月云岭港货物吞吐量是多少？", *_PORT), "3.6亿吨")
    assert states(ask_passages("前两个月海川省民营企业进出口额是多少？", *_TRADE), "1.1万亿元")


def test_rival_qualifier_named_in_the_label() -> None:
    # the label's own qualifier (货物) stands where the question has 旅客: the asked qualifier is lacking
    port = "云岭港完成货物吞吐量"
    assert other_quantity(["旅客", "吞吐量"], ("吞吐量",), port, "2024年，", port + "3.6亿吨") == ["旅客"]
    # the label names the asked quantity with no qualifier in its place: nothing rivals it
    assert other_quantity(["工业", "增加值"], ("增加值",), "全省规模以上工业增加值", "", "") == []
    # the asked qualifier stated earlier in the passage holds for the figure (a text names a kind once)
    assert other_quantity(["旅客", "吞吐量"], ("吞吐量",), port, "旅客与货物运输：", port + "3.6亿吨") == []
    # a negated act ("没有开工") is no kind of a quantity, and the label's 项目开工 no rival of it
    assert other_quantity(["没有", "开工"], (), "重大项目开工", "", "重大项目开工1116个") == []
