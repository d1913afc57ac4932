"""Arithmetic over cited figures (assistant.compute): units checked, the working shown.

Operands are real Candidates: figures parsed from a passage (a TextNode in a NodeWithScore)."""

from __future__ import annotations

import math

import pytest
from passages import figure_candidates

from assistant.candidates import Candidate
from assistant.compute import UnitMismatch, combine, show

TEXT = ("10亿元以上项目19个，计划总投资407.9亿元。工业项目67个，占比34.2%；农业项目17个。"
        "专项债券资金37.6亿元，较2024年全年增长103%。预计年可实现利税70万元、产值0.7亿元。"
        "新建厂房1.2万平方米，总装机容量为150兆瓦。")


@pytest.fixture(scope="module")
def figs() -> dict[str, Candidate]:
    return figure_candidates(TEXT)


def ops(figs: dict[str, Candidate], *texts: str) -> list[Candidate]:
    return [figs[t] for t in texts]


def test_the_passage_figures_are_parsed(figs: dict[str, Candidate]) -> None:
    assert {"407.9亿元", "19个", "67个", "17个", "34.2%", "37.6亿元", "103%", "70万元", "0.7亿元"} <= set(figs)
    assert figs["407.9亿元"].figure.value == pytest.approx(4.079e10)


def test_average(figs: dict[str, Candidate]) -> None:
    c = combine("average", ops(figs, "407.9亿元", "19个"))
    assert c.value == pytest.approx(4.079e10 / 19)
    assert (c.unit, c.unit_class, c.operation) == ("元", "money", "average")
    assert c.expression == "407.9亿元 ÷ 19个 = 21.47亿元"
    assert [o.figure.text for o in c.operands] == ["407.9亿元", "19个"]


def test_average_in_the_unit_asked_for(figs: dict[str, Candidate]) -> None:
    c = combine("average", ops(figs, "407.9亿元", "19个"), display_unit="万元")
    assert c.expression.endswith("= 214684.21万元")


def test_sum_of_counts(figs: dict[str, Candidate]) -> None:
    c = combine("sum", ops(figs, "67个", "17个"))
    assert (c.value, c.unit_class) == (84.0, "count")
    assert c.expression == "67个 + 17个 = 84个"


def test_sum_across_scales_of_one_unit(figs: dict[str, Candidate]) -> None:
    c = combine("sum", ops(figs, "70万元", "0.7亿元"))
    assert c.value == pytest.approx(7.07e7)
    assert c.expression == "70万元 + 0.7亿元 = 7070万元"


def test_difference_is_ordered(figs: dict[str, Candidate]) -> None:
    c = combine("difference", ops(figs, "67个", "17个"))
    assert c.value == 50.0 and c.expression == "67个 − 17个 = 50个"
    assert combine("difference", ops(figs, "17个", "67个")).value == -50.0


def test_difference_of_money_in_mixed_scales(figs: dict[str, Candidate]) -> None:
    c = combine("difference", ops(figs, "0.7亿元", "70万元"))
    assert c.value == pytest.approx(6.93e7)
    assert c.expression.endswith("= 6930万元")


def test_share_is_a_percent(figs: dict[str, Candidate]) -> None:
    c = combine("share", ops(figs, "17个", "67个"))
    assert (c.unit, c.unit_class) == ("%", "percent")
    assert c.value == pytest.approx(17 / 67)
    assert c.expression == "17个 ÷ 67个 = 25.37%"


def test_growth_base(figs: dict[str, Candidate]) -> None:
    c = combine("growth_base", ops(figs, "37.6亿元", "103%"))
    assert c.value == pytest.approx(3.76e9 / 2.03)
    assert math.isclose(c.value / 1e8, 18.52, abs_tol=0.005)
    assert (c.unit, c.unit_class) == ("元", "money")
    assert c.expression == "37.6亿元 ÷ (1 + 103%) = 18.52亿元"


def test_english_expression_uses_english_units(figs: dict[str, Candidate]) -> None:
    c = combine("average", ops(figs, "407.9亿元", "19个"), lang="en")
    assert c.expression.endswith("= 2.1468 billion yuan")


@pytest.mark.parametrize(("operation", "texts"), [
    ("sum", ("407.9亿元", "19个")),  # money + count
    ("sum", ("67个", "34.2%")),
    ("difference", ("37.6亿元", "150兆瓦")),  # money − power
    ("share", ("17个", "407.9亿元")),  # count of money
    ("share", ("70万元", "1.2万平方米")),
    ("average", ("407.9亿元", "0.7亿元")),  # divisor not a count
    ("average", ("407.9亿元", "34.2%")),
    ("growth_base", ("37.6亿元", "19个")),  # a growth rate is a percent
])
def test_units_that_do_not_combine(figs: dict[str, Candidate], operation: str, texts: tuple[str, ...]) -> None:
    with pytest.raises(UnitMismatch):
        combine(operation, ops(figs, *texts))


def test_unit_mismatch_is_a_value_error() -> None:
    assert issubclass(UnitMismatch, ValueError)


def test_an_unknown_operation_is_refused(figs: dict[str, Candidate]) -> None:
    with pytest.raises(ValueError, match="unknown operation"):
        combine("product", ops(figs, "67个", "17个"))


# -- show ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("args", "kwargs", "shown"), [
    ((7.52e8, "money", "元"), {}, "7.52亿元"),
    ((5e5, "money", "元"), {}, "50万元"),
    ((12.0, "money", "元"), {}, "12元"),
    ((4.079e10 / 19, "money", "元"), {}, "21.47亿元"),
    ((7.52e8, "money", "元"), {"display_unit": "万元"}, "75200万元"),
    ((7e5, "money", "元"), {"display_unit": "亿元", "digits": 4}, "0.007亿元"),
    ((0.342, "percent", "%"), {}, "34.2%"),
    ((2 / 3, "percent", "%"), {}, "66.67%"),
    ((150000.0, "power", "kW"), {}, "150兆瓦"),
    ((7.52e8, "money", "元"), {"lang": "en"}, "752 million yuan"),
    ((0.342, "percent", "%"), {"lang": "en"}, "34.2%"),
    ((150000.0, "power", "kW"), {"lang": "en"}, "150 MW"),
    ((84.0, "count", "个"), {}, "84个"),
])
def test_show(args: tuple, kwargs: dict, shown: str) -> None:
    assert show(*args, **kwargs) == shown


def test_show_ignores_a_display_unit_of_another_class() -> None:
    assert show(0.342, "percent", "%", display_unit="万元") == "34.2%"
    # and English text is never shown in a Chinese display unit
    assert show(7.52e8, "money", "元", lang="en", display_unit="万元") == "752 million yuan"


def test_a_computed_amount_keeps_its_currency() -> None:
    # invented: two incomes in US dollars; their mean is in US dollars, never shown as 万元
    dollars = figure_candidates("男子的年收入为36,100美元，女子的年收入为27,900美元。港口投资2.5亿港元。")
    c = combine("mean", [dollars["36,100美元"], dollars["27,900美元"]])
    assert c.result == "3.2万美元" and "元" not in c.result.replace("美元", "")
    assert show(2.5e8, "money", "港元") == "2.5亿港元"
    assert show(2.5e8, "money", "港元", display_unit="万元") == "2.5亿港元"
    assert show(2.5e8, "money", "元", display_unit="万元") == "25000万元"


def test_amounts_in_different_currencies_do_not_combine() -> None:
    mixed = figure_candidates("出口额为3亿美元，进口额为5亿元。")
    for operation in ("sum", "difference", "share"):
        with pytest.raises(UnitMismatch):
            combine(operation, [mixed["3亿美元"], mixed["5亿元"]])
