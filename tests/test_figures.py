"""Tests for assistant.figures: the one parser of numbers with units."""

from __future__ import annotations

import dataclasses
import math
import random
from typing import get_args

import pytest

from assistant.figures import (
    Figure,
    UnitClass,
    figure_from_text,
    format_value,
    parse_figures,
    parse_number,
    same_quantity,
)

try:
    from hypothesis import given, settings
    from hypothesis import strategies as st

    HAVE_HYPOTHESIS = True
except ImportError:  # pragma: no cover - hypothesis is optional
    HAVE_HYPOTHESIS = False

UNIT_CLASSES = set(get_args(UnitClass))


def one(text: str) -> Figure:
    """The single figure of `text` (fails if there is not exactly one)."""
    figures = parse_figures(text)
    assert len(figures) == 1, f"{text!r} -> {figures}"
    return figures[0]


def fig(text: str) -> Figure:
    f = figure_from_text(text)
    assert f is not None, text
    return f


def check_invariants(text: str) -> None:
    figures = parse_figures(text)
    previous_end = 0
    for f in figures:
        assert text[f.start : f.end] == f.text
        assert f.start >= previous_end, "figures overlap or are out of order"
        assert f.end > f.start
        assert f.unit_class in UNIT_CLASSES
        assert not math.isnan(f.value)
        if f.upper is not None:
            assert f.upper >= f.value
        previous_end = f.end
        # rendering never fails on anything the parser produced
        format_value(f.value, f.unit, f.unit_class, "zh")
        format_value(f.value, f.unit, f.unit_class, "en")
    parse_number(text)
    first = figure_from_text(text)
    assert first == (figures[0] if figures else None)


# --------------------------------------------------------------------------------------------------
# parse_number
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("750.4", 750.4),
        ("１９６", 196),
        ("１９６．５", 196.5),
        ("1,234", 1234),
        ("1,234,567.5", 1234567.5),
        ("1，234", 1234),
        ("  42 ", 42),
        ("-3.5", -3.5),
        ("1.48亿", 1.48e8),
        ("14800万", 1.48e8),
        ("1千万", 1e7),
        ("2万亿", 2e12),
        ("1.5 billion", 1.5e9),
        ("148 million", 1.48e8),
        ("五千万", 5e7),
        ("十亿", 1e9),
        ("一亿", 1e8),
        ("两千五百", 2500),
        ("三十", 30),
        ("十二", 12),
        ("一百零五", 105),
        ("一千零十", 1010),
        ("一亿二千万", 1.2e8),
        ("三万亿", 3e12),
        ("一万二", 12000),
        ("一百五", 150),
        ("一点五", 1.5),
        ("零点五", 0.5),
        ("三十四点二", 34.2),
        ("二〇二四", 2024),
        ("贰佰", 200),
    ],
)
def test_parse_number(text: str, expected: float) -> None:
    value = parse_number(text)
    assert value is not None
    assert value == pytest.approx(expected, rel=1e-12)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "abc",
        "万",
        "千万",
        "百",
        "三五",
        "十十",
        "一二三",
        "1.2.3",
        "百分之三十",
        "34.2%",
        "一点",
        "亿元",
    ],
)
def test_parse_number_rejects(text: str) -> None:
    assert parse_number(text) is None


# --------------------------------------------------------------------------------------------------
# single figures: value normalisation, unit, class, qualifier, range
# --------------------------------------------------------------------------------------------------

SINGLE = [
    # text, value, unit, unit_class, qualifier, upper
    ("750.4亿元", 7.504e10, "元", "money", "", None),
    ("14800万元", 1.48e8, "元", "money", "", None),
    ("1.48亿元", 1.48e8, "元", "money", "", None),
    ("148 million yuan", 1.48e8, "元", "money", "", None),
    ("750.4 billion yuan", 7.504e11, "元", "money", "", None),
    ("RMB 148 million", 1.48e8, "元", "money", "", None),
    ("RMB1.5 billion", 1.5e9, "元", "money", "", None),
    ("CNY 300 million", 3e8, "元", "money", "", None),
    ("¥100", 100, "元", "money", "", None),
    ("人民币5亿元", 5e8, "元", "money", "", None),
    ("5000万元以上", 5e7, "元", "money", "以上", None),
    ("10亿元以上", 1e9, "元", "money", "以上", None),
    ("五千万元", 5e7, "元", "money", "", None),
    ("十亿元", 1e9, "元", "money", "", None),
    ("一亿元", 1e8, "元", "money", "", None),
    ("一点五亿元", 1.5e8, "元", "money", "", None),
    ("100多万元", 1e6, "元", "money", "多", None),
    ("花了5块钱", 5, "元", "money", "", None),
    ("3亿美元", 3e8, "美元", "money", "", None),
    ("$5 million", 5e6, "美元", "money", "", None),
    ("34.2%", 0.342, "%", "percent", "", None),
    ("３４．２％", 0.342, "%", "percent", "", None),
    ("百分之三十四点二", 0.342, "%", "percent", "", None),
    ("百分之三十", 0.30, "%", "percent", "", None),
    ("百分之30", 0.30, "%", "percent", "", None),
    ("百分之百", 1.0, "%", "percent", "", None),
    ("千分之五", 0.005, "%", "percent", "", None),
    ("34.2 percent", 0.342, "%", "percent", "", None),
    ("增长103%", 1.03, "%", "percent", "", None),
    ("12.5%左右", 0.125, "%", "percent", "左右", None),
    ("34.2个百分点", 0.342, "pp", "percent", "", None),
    ("7.5 percentage points", 0.075, "pp", "percent", "", None),
    ("15万千瓦", 1.5e5, "kW", "power", "", None),
    ("150兆瓦", 1.5e5, "kW", "power", "", None),
    ("150 MW", 1.5e5, "kW", "power", "", None),
    ("500kW", 500, "kW", "power", "", None),
    ("800瓦", 0.8, "kW", "power", "", None),
    ("1.5GW", 1.5e6, "kW", "power", "", None),
    ("三十万千瓦", 3e5, "kW", "power", "", None),
    ("1GWh", 1e6, "kWh", "energy", "", None),
    ("3.5万千瓦时", 3.5e4, "kWh", "energy", "", None),
    ("2亿度", 2e8, "kWh", "energy", "", None),
    ("500度电", 500, "kWh", "energy", "", None),
    ("20 MWh", 2e4, "kWh", "energy", "", None),
    ("30万吨", 3e5, "吨", "mass", "", None),
    ("0.5万吨", 5e3, "吨", "mass", "", None),
    ("500公斤", 0.5, "吨", "mass", "", None),
    ("5000 tonnes", 5e3, "吨", "mass", "", None),
    ("5.1万平方米", 5.1e4, "平方米", "area", "", None),
    ("300㎡", 300, "平方米", "area", "", None),
    ("2平方公里", 2e6, "平方米", "area", "", None),
    ("1亩", 666.667, "平方米", "area", "", None),
    ("200 hectares", 2e6, "平方米", "area", "", None),
    ("12公里", 1.2e4, "米", "length", "", None),
    ("12 km", 1.2e4, "米", "length", "", None),
    ("3米", 3, "米", "length", "", None),
    ("100立方米", 100, "立方米", "volume", "", None),
    ("3万方", 3e4, "立方米", "volume", "", None),
    ("196个", 196, "个", "count", "", None),
    ("１９６个", 196, "个", "count", "", None),
    ("20台", 20, "台", "count", "", None),
    ("150余家企业", 150, "家", "count", "余", None),
    ("20多个", 20, "个", "count", "多", None),
    ("超过120万台", 1.2e6, "台", "count", "超过", None),
    ("420万箱", 4.2e6, "箱", "count", "", None),
    ("10万人次", 1e5, "人次", "count", "", None),
    ("三个", 3, "个", "count", "", None),
    ("两家", 2, "家", "count", "", None),
    ("196 projects", 196, "个", "count", "", None),
    ("more than 150 companies", 150, "个", "count", "more than", None),
    ("逾千家", 1000, "家", "count", "逾", None),
    ("近百家", 100, "家", "count", "近", None),
    ("2024年", 2024, "年", "year", "", None),
    ("二〇二四年", 2024, "年", "year", "", None),
    ("in 2026", 2026, "年", "year", "", None),
    ("3年", 3, "年", "time", "", None),
    ("10多年", 10, "年", "time", "多", None),
    ("3年多", 3, "年", "time", "多", None),
    ("3个月", 3, "个月", "time", "", None),
    ("3个多月", 3, "个月", "time", "多", None),
    ("15天", 15, "天", "time", "", None),
    ("2个多小时", 2, "小时", "time", "多", None),
    ("3 years", 3, "年", "time", "", None),
    ("6月", 6, "月", "date", "", None),
    ("5日", 5, "日", "date", "", None),
    ("1288", 1288, "", "plain", "", None),
    ("0.342", 0.342, "", "plain", "", None),
    ("1号", 1, "号", "plain", "", None),
    ("220kV", 220, "kV", "voltage", "", None),
    ("220千伏", 220, "kV", "voltage", "", None),
    ("2000P", 2000, "P", "plain", "", None),
    ("1G", 1, "G", "plain", "", None),
    ("增长3倍", 3, "倍", "plain", "", None),
    ("1.2万", 1.2e4, "", "plain", "", None),
    ("投资三十亿。", 3e9, "", "plain", "", None),
    ("约3个", 3, "个", "count", "约", None),
    ("大约5亿元", 5e8, "元", "money", "大约", None),
    ("近3年", 3, "年", "time", "近", None),
    ("将近2万人", 2e4, "人", "count", "将近", None),
    ("逾1000家", 1000, "家", "count", "逾", None),
    ("不到30%", 0.30, "%", "percent", "不到", None),
    ("不足5家", 5, "家", "count", "不足", None),
    ("about RMB 5 billion", 5e9, "元", "money", "about", None),
    ("nearly 40 percent", 0.40, "%", "percent", "nearly", None),
    ("approximately 3 years", 3, "年", "time", "approximately", None),
    ("200 units or more", 200, "个", "count", "or more", None),
    ("3-5亿元", 3e8, "元", "money", "", 5e8),
    ("3～5亿元", 3e8, "元", "money", "", 5e8),
    ("3至5亿元", 3e8, "元", "money", "", 5e8),
    ("3万-5万元", 3e4, "元", "money", "", 5e4),
    ("300万-5亿元", 3e6, "元", "money", "", 5e8),
    ("15-20个", 15, "个", "count", "", 20),
    ("3-5年", 3, "年", "time", "", 5),
    ("2021-2025年", 2021, "年", "year", "", 2025),
    ("今年1-6月", 1, "月", "date", "", 6),
    ("三到五个", 3, "个", "count", "", 5),
    ("三到五亿元", 3e8, "元", "money", "", 5e8),
    ("一千到五千万元", 1e7, "元", "money", "", 5e7),
    ("两三个", 2, "个", "count", "", 3),
    ("七八十个", 70, "个", "count", "", 80),
    ("增长-3.5%", -0.035, "%", "percent", "", None),
]


@pytest.mark.parametrize(("text", "value", "unit", "unit_class", "qualifier", "upper"), SINGLE)
def test_single_figure(
    text: str, value: float, unit: str, unit_class: str, qualifier: str, upper: float | None
) -> None:
    f = one(text)
    assert f.value == pytest.approx(value, rel=1e-6)
    assert f.unit == unit
    assert f.unit_class == unit_class
    assert f.qualifier == qualifier
    assert f.approximate is bool(qualifier)
    if upper is None:
        assert f.upper is None
    else:
        assert f.upper == pytest.approx(upper, rel=1e-6)
    assert text[f.start : f.end] == f.text


@pytest.mark.parametrize(
    ("text", "surface"),
    [
        ("计划总投资750.4亿元。", "750.4亿元"),
        ("开工复工5000万元以上项目", "5000万元以上"),
        ("吸引150余家企业参会", "150余家"),
        ("目前，超过120万台车装有", "超过120万台"),
        ("约人民币5亿元的项目", "约人民币5亿元"),
        ("总计１９６个项目", "１９６个"),
        ("资金37.6\n\n亿元，较上年", "37.6\n\n亿元"),
        ("签约3个项目", "3个"),  # "签约" is not the qualifier 约
        ("最近3年", "3年"),  # "最近" is not the qualifier 近
        ("worth about 148 million yuan in total", "about 148 million yuan"),
        ("by 2030, output", "2030"),
    ],
)
def test_surface_text_and_offsets(text: str, surface: str) -> None:
    f = one(text)
    assert f.text == surface
    assert f.start == text.index(surface)
    assert f.end == f.start + len(surface)


def test_offsets_of_total_investment() -> None:
    text = "计划总投资750.4亿元"
    f = one(text)
    assert (f.start, f.end) == (5, 12)
    assert f.text == "750.4亿元"
    assert f.value == pytest.approx(7.504e10)


# --------------------------------------------------------------------------------------------------
# several figures in one text
# --------------------------------------------------------------------------------------------------


def summary(text: str) -> list[tuple[str, float, str, str]]:
    return [(f.text, round(f.value, 9), f.unit, f.unit_class) for f in parse_figures(text)]


def test_turbines_give_power_and_count() -> None:
    assert summary("新建单机容量7.5兆瓦风电机组20台，总装机容量为150兆瓦") == [
        ("7.5兆瓦", 7500.0, "kW", "power"),
        ("20台", 20.0, "台", "count"),
        ("150兆瓦", 150000.0, "kW", "power"),
    ]


def test_year_then_percent() -> None:
    assert summary("较2024年全年增长103%") == [
        ("2024年", 2024.0, "年", "year"),
        ("103%", 1.03, "%", "percent"),
    ]


def test_month_to_month_is_two_dates() -> None:
    figures = parse_figures("1月至6月，全市新签约")
    assert [(f.text, f.value, f.unit_class, f.upper) for f in figures] == [
        ("1月", 1.0, "date", None),
        ("6月", 6.0, "date", None),
    ]


def test_dash_after_a_figure_is_not_a_minus_sign() -> None:
    assert [f.value for f in parse_figures("1月-6月")] == [1.0, 6.0]
    assert [f.value for f in parse_figures("3 - 5")] == [3.0, 5.0]


def test_projects_sentence() -> None:
    text = "截至目前，全市累计开工复工5000万元以上项目196个(新开工80个、续建116个)，计划总投资750.4亿元。"
    assert summary(text) == [
        ("5000万元以上", 5e7, "元", "money"),
        ("196个", 196.0, "个", "count"),
        ("80个", 80.0, "个", "count"),
        ("116个", 116.0, "个", "count"),
        ("750.4亿元", 7.504e10, "元", "money"),
    ]


def test_mass_figures_back_to_back() -> None:
    assert summary("年产30万吨氧化钙10万吨氢氧化钙") == [
        ("30万吨", 3e5, "吨", "mass"),
        ("10万吨", 1e5, "吨", "mass"),
    ]


def test_latin_units_and_counters_mixed() -> None:
    assert summary("配套建设1座220kV升压站，年产1GWh方形锂离子电池、1G低温锂电池，2000P智算中心") == [
        ("1座", 1.0, "座", "count"),
        ("220kV", 220.0, "kV", "voltage"),
        ("1GWh", 1e6, "kWh", "energy"),
        ("1G", 1.0, "G", "plain"),
        ("2000P", 2000.0, "P", "plain"),
    ]


def test_plus_separated_digits_are_plain() -> None:
    figures = parse_figures("推行“1+1+N”团队模式(即1名开发区班子成员)")
    assert [(f.text, f.unit_class) for f in figures] == [("1", "plain"), ("1", "plain"), ("1名", "count")]


def test_full_date() -> None:
    assert summary("2024年1月5日") == [
        ("2024年", 2024.0, "年", "year"),
        ("1月", 1.0, "月", "date"),
        ("5日", 5.0, "日", "date"),
    ]


def test_english_sentence() -> None:
    text = "In 2025 the city signed 74 projects worth 56.08 billion yuan, up 12.5 percent."
    assert summary(text) == [
        ("2025", 2025.0, "年", "year"),
        ("74 projects", 74.0, "个", "count"),
        ("56.08 billion yuan", 5.608e10, "元", "money"),
        ("12.5 percent", 0.125, "%", "percent"),
    ]


def test_english_year_before_a_plural_noun_is_still_a_year() -> None:
    f = parse_figures("in 2026 sales rose")[0]
    assert (f.unit_class, f.value, f.text) == ("year", 2026.0, "2026")


def test_percent_pair_is_two_figures() -> None:
    assert [f.value for f in parse_figures("3%-5%")] == pytest.approx([0.03, 0.05])


def test_thousands_separator_needs_exactly_three_digits() -> None:
    assert [f.value for f in parse_figures("1,2,3")] == [1.0, 2.0, 3.0]
    assert [f.value for f in parse_figures("1,2345")] == [1.0, 2345.0]
    assert one("1,234个").value == 1234


# --------------------------------------------------------------------------------------------------
# things that are not figures
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "一汽",
        "伴随一汽的发展",
        "第一家",
        "吉林世宝成为第一家进入",
        "第十一个",
        "第1名",
        "一派繁忙景象",
        "深入一线",
        "各地各部门“一把手”",
        "将招商引资作为“一号工程”",
        "一方面",
        "一度成为",
        "亿元以上项目",
        "十四五期间",
        "千家万户",
        "万众一心",
        "十万火急",
        "零件",
        "四平市",
        "三甲胺",
        "一分部署，九分落实",
        "一池春水",
        "G2",
        "AGV智能车",
        "COVID-19",
        "v1.2.3",
        "192.168.0.1",
        "Python3.11",
        "FY2024",
        "the 3rd time",
        "1st",
        "",
        "没有数字的句子。",
    ],
)
def test_not_figures(text: str) -> None:
    assert parse_figures(text) == []
    assert figure_from_text(text) is None


def test_unified_three_finds_the_count_not_a_range() -> None:
    f = one("统一三个标准")
    assert (f.text, f.value, f.upper) == ("三个", 3.0, None)


def test_only_one_yi() -> None:
    f = one("唯一一家")
    assert (f.text, f.value, f.unit) == ("一家", 1.0, "家")


# --------------------------------------------------------------------------------------------------
# same_quantity
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "texts",
    [
        ("1.48亿元", "14800万元", "148 million yuan", "RMB 148 million", "一亿四千八百万元", "148,000,000元"),
        ("15万千瓦", "150兆瓦", "150 MW", "150000kW", "0.15GW"),
        ("34.2%", "３４．２％", "百分之三十四点二", "34.2 percent"),
        ("1GWh", "100万千瓦时", "1000MWh", "100万度"),
        ("5.1万平方米", "51000平方米", "5.1万㎡"),
        ("1公里", "1000米", "1km"),
        ("30万吨", "3亿公斤"),
        ("196个", "196家", "196 projects"),
        ("120万台", "1.2 million units"),
        ("2024年", "二〇二四年"),
        ("3-5亿元", "3至5亿元", "三到五亿元"),
    ],
)
def test_same_quantity_equivalents(texts: tuple[str, ...]) -> None:
    figures = [fig(t) for t in texts]
    for a in figures:
        for b in figures:
            assert same_quantity(a, b), (a, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("7.52亿元", "7.52万元"),
        ("34.2%", "34.2个百分点"),
        ("34.2%", "0.342"),
        ("2024年", "2024"),
        ("2024年", "2024元"),
        ("5亿元", "5亿美元"),
        ("3天", "3小时"),
        ("3-5亿元", "3亿元"),
        ("3-5亿元", "3-6亿元"),
        ("150兆瓦", "150兆瓦时"),
        ("1.48亿元", "1.49亿元"),
        ("5亿", "5亿元"),
    ],
)
def test_same_quantity_differs(a: str, b: str) -> None:
    assert not same_quantity(fig(a), fig(b))
    assert not same_quantity(fig(b), fig(a))


def test_percent_is_stored_as_a_fraction() -> None:
    f = fig("34.2%")
    assert f.value == pytest.approx(0.342)
    constructed = Figure(value=0.342, unit="%", unit_class="percent", text="", start=0, end=0)
    assert same_quantity(f, constructed)
    assert same_quantity(fig("百分之三十四点二"), constructed)


def test_same_quantity_tolerance() -> None:
    a = fig("1.48亿元")
    b = dataclasses.replace(a, value=a.value * (1 + 1e-9))
    c = dataclasses.replace(a, value=a.value * 1.01)
    assert same_quantity(a, b)
    assert not same_quantity(a, c)
    assert same_quantity(a, c, rel_tol=0.02)


def test_same_quantity_ignores_qualifier_and_surface() -> None:
    assert same_quantity(fig("约5000万元"), fig("5000万元以上"))
    assert fig("约5000万元").approximate
    assert not fig("5000万元").approximate


def test_figure_is_frozen() -> None:
    f = fig("196个")
    with pytest.raises(dataclasses.FrozenInstanceError):
        f.value = 1.0  # type: ignore[misc]


# --------------------------------------------------------------------------------------------------
# format_value
# --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "unit_class", "lang", "expected"),
    [
        (7.52e8, "元", "money", "zh", "7.52亿元"),
        (7.504e10, "元", "money", "zh", "750.4亿元"),
        (5e7, "元", "money", "zh", "5000万元"),
        (1.48e8, "元", "money", "zh", "1.48亿元"),
        (500, "元", "money", "zh", "500元"),
        (7.52e8, "元", "money", "en", "752 million yuan"),
        (4.079e10, "元", "money", "en", "40.79 billion yuan"),
        (1.48e8, "元", "money", "en", "148 million yuan"),
        (500, "元", "money", "en", "500 yuan"),
        (0.342, "%", "percent", "zh", "34.2%"),
        (0.342, "%", "percent", "en", "34.2%"),
        (1.03, "%", "percent", "zh", "103%"),
        (0.032, "pp", "percent", "zh", "3.2个百分点"),
        (0.032, "pp", "percent", "en", "3.2 percentage points"),
        (1.5e5, "kW", "power", "zh", "150兆瓦"),
        (7500, "kW", "power", "zh", "7.5兆瓦"),
        (500, "kW", "power", "zh", "500千瓦"),
        (1.5e5, "kW", "power", "en", "150 MW"),
        (500, "kW", "power", "en", "500 kW"),
        (196, "个", "count", "zh", "196个"),
        (196, "个", "count", "en", "196 个"),
        (1.2e6, "台", "count", "zh", "120万台"),
        (150, "家", "count", "zh", "150家"),
        (1e6, "kWh", "energy", "en", "1 GWh"),
        (1e6, "kWh", "energy", "zh", "100万千瓦时"),
        (3e5, "吨", "mass", "zh", "30万吨"),
        (2024, "年", "year", "zh", "2024年"),
        (2024, "年", "year", "en", "2024"),
        (3, "年", "time", "zh", "3年"),
        (3, "年", "time", "en", "3 years"),
        (1 / 3, "元", "money", "zh", "0.3333元"),
        (2.0, "元", "money", "zh", "2元"),
        (1288, "", "plain", "zh", "1288"),
        (220, "kV", "voltage", "en", "220 kV"),
    ],
)
def test_format_value(value: float, unit: str, unit_class: str, lang: str, expected: str) -> None:
    assert format_value(value, unit, unit_class, lang) == expected


ROUND_TRIP = [
    (7.52e8, "元", "money"),
    (1.48e8, "元", "money"),
    (7.504e10, "元", "money"),
    (5e7, "元", "money"),
    (1.8e7, "元", "money"),
    (500, "元", "money"),
    (1.41555e11, "元", "money"),
    (0.342, "%", "percent"),
    (1.03, "%", "percent"),
    (0.087, "%", "percent"),
    (0.032, "pp", "percent"),
    (1.5e5, "kW", "power"),
    (7500, "kW", "power"),
    (500, "kW", "power"),
    (196, "个", "count"),
    (1.2e6, "台", "count"),
    (150, "家", "count"),
    (1e6, "kWh", "energy"),
    (3e5, "吨", "mass"),
    (5.1e4, "平方米", "area"),
    (1.2e4, "米", "length"),
    (3, "年", "time"),
]


@pytest.mark.parametrize("lang", ["zh", "en"])
@pytest.mark.parametrize(("value", "unit", "unit_class"), ROUND_TRIP)
def test_format_then_parse_round_trips(value: float, unit: str, unit_class: str, lang: str) -> None:
    original = Figure(value=value, unit=unit, unit_class=unit_class, text="", start=0, end=0)
    rendered = format_value(value, unit, unit_class, lang)
    parsed = one(rendered)
    assert parsed.text == rendered
    if unit_class == "count" and lang == "en":
        # English counts render as a bare number ("196"): the value survives, the counter does not
        assert parsed.value == pytest.approx(value)
        return
    assert same_quantity(parsed, original), (rendered, parsed)


def test_year_round_trips_in_zh() -> None:
    assert same_quantity(one(format_value(2024, "年", "year")), fig("2024年"))


# --------------------------------------------------------------------------------------------------
# robustness: offsets, order, no overlap, never crash
# --------------------------------------------------------------------------------------------------

ALPHABET = (
    "0123456789０１２３４５６７８９.,，．％%-~～—至到 \n\t"
    "一二两三四五六七八九十百千万亿零〇点第个台家元年月日"
    "余多约近超过以上左右分之kWhMGTtmsyuanbillionRMB$¥人民币平方米兆瓦千瓦时吨度方a_Z("
)


def test_invariants_on_a_real_paragraph() -> None:
    text = (
        "四平市以科学统筹为先导。截至目前，全市累计开工复工5000万元以上项目196个，计划总投资750.4亿元；"
        "10亿元以上项目19个，计划总投资407.9亿元。工业项目67个，占比34.2%。双辽市绿电产业示范园区15万千瓦"
        "风电项目，总投资7.52亿元，新建单机容量7.5兆瓦风电机组20台，总装机容量为150兆瓦，配套建设1座220kV"
        "升压站。预计年可实现产值1.48亿元、利税0.18亿元。1月至7月，争取到资金37.6\n\n亿元，较2024年全年增长103%。"
    )
    check_invariants(text)
    assert len(parse_figures(text)) == 22


def test_random_fuzz_invariants() -> None:
    rng = random.Random(20240601)
    for _ in range(3000):
        length = rng.randint(0, 40)
        text = "".join(rng.choice(ALPHABET) for _ in range(length))
        check_invariants(text)
    for _ in range(300):
        text = "".join(chr(rng.randint(0, 0x2FFFF)) for _ in range(rng.randint(0, 30)))
        check_invariants(text)


@pytest.mark.parametrize(
    "text",
    [
        "一" * 5000,
        "1" * 20000,
        "一二三四五六七八九十百千万亿" * 300,
        "1" + " " * 1000 + "亿",
        "百分之" * 500,
        "1,000" * 2000,
    ],
)
def test_pathological_inputs_do_not_crash(text: str) -> None:
    check_invariants(text)


if HAVE_HYPOTHESIS:

    @settings(max_examples=400, deadline=None)
    @given(st.text(alphabet=ALPHABET, max_size=60) | st.text(max_size=40))
    def test_hypothesis_invariants(text: str) -> None:
        check_invariants(text)

else:  # pragma: no cover

    @pytest.mark.skip(reason="hypothesis is not installed")
    def test_hypothesis_invariants() -> None:
        pass


@pytest.mark.parametrize(("text", "metres"),
                         [("80公分", 0.8), ("3000公尺", 3000.0), ("5公厘", 0.005), ("3英尺", 0.9144)])
def test_regional_and_imperial_length_units(text: str, metres: float) -> None:
    figure = one(text)
    assert figure.unit_class == "length" and math.isclose(figure.value, metres)
