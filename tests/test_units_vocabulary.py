"""Units, counters, spelled-out numbers and aliases (issue 8, failure classes 3 and 4).

Every sentence here is invented (an imaginary county, 青溪县, and an imaginary company, 岚川股份); none
comes from the article or any eval set. The word lists under test live in assistant/lexicon/."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpora import indexed_assistant

from assistant.api import Assistant
from assistant.figures import figure_from_text, format_value, parse_figures, same_quantity
from assistant.question import analyse
from assistant.vocabulary import expand, names, same_counter

DOC = """青溪县2025年国民经济运行情况

2025年，青溪县实现地区生产总值418.6亿元，同比增长6.1%，增速比上年提高0.8个百分点。全县规模以上工业增加值同比增长9.3%，其中高技术制造业增加值增长15.2%。

全县社会消费品零售总额152.4亿元，同比增长5.7%。全年接待游客356.8万人次，实现旅游收入38.2亿元。

能源方面，全社会用电量27.35亿千瓦时，同比增长7.4%。新建的青溪东220千伏变电站于6月投运，全县光伏电站全年发电1.6GWh，储能电站容量为120MWh。

招商引资方面，全年新签约招商项目46项，协议总投资218亿元，其中亿元以上项目近两成。全年竣工投产工业项目18个。

岚川股份2025年营收52亿，同比增长11.3%，净利润4.1亿元。

畜牧业方面，全年出栏家禽320万羽，生猪存栏数十万头。
"""

# (question, figure the answer must state, words the cited passage must hold)
QUESTIONS: list[tuple[str, str, str]] = [
    ("青溪县全社会用电量多少亿千瓦时？", "27.35亿千瓦时", "全社会用电量"),
    ("青溪东变电站是多少千伏的？", "220千伏", "青溪东220千伏变电站"),
    ("青溪县全年接待游客多少万人次？", "356.8万人次", "接待游客"),
    ("青溪县规上工业增加值增长多少？", "9.3%", "规模以上工业增加值"),
    ("青溪县社零总额是多少？", "152.4亿元", "社会消费品零售总额"),
    ("青溪县经济总量是多少？", "418.6亿元", "地区生产总值"),
    ("青溪县GDP增速提高了几个百分点？", "0.8个百分点", "提高0.8个百分点"),
    ("全年新签约招商项目多少个？", "46项", "新签约招商项目46项"),
    ("岚川股份2025年营收多少？", "52亿", "岚川股份"),
    ("储能电站容量是多少兆瓦时？", "120MWh", "储能电站"),
    ("全年出栏家禽多少万羽？", "320万", "出栏家禽320万羽"),
]


# -- the parser: units, counters, spelled-out numbers ---------------------------------------------------

def _one(text: str) -> tuple[str, float, str, str, str]:
    figures = parse_figures(text)
    assert len(figures) == 1, (text, figures)
    f = figures[0]
    return f.text, round(f.value, 9), f.unit, f.unit_class, f.qualifier


@pytest.mark.parametrize(("text", "expected"), [
    # energy: every spelling converts to kWh, so they compare with one another
    ("澄江镇去年用电量3.6亿千瓦时", ("3.6亿千瓦时", 3.6e8, "kWh", "energy", "")),
    ("屋顶光伏年发电450万千瓦时", ("450万千瓦时", 4.5e6, "kWh", "energy", "")),
    ("储能站可存电80MWh", ("80MWh", 8e4, "kWh", "energy", "")),
    ("电池产线年产2.5GWh", ("2.5GWh", 2.5e6, "kWh", "energy", "")),
    ("节约用电12万千瓦小时", ("12万千瓦小时", 1.2e5, "kWh", "energy", "")),
    # voltage: its own class, 伏 and 千伏 convertible
    ("新建110千伏输电线路", ("110千伏", 110, "kV", "voltage", "")),
    ("新建35kV开关站", ("35kV", 35, "kV", "voltage", "")),
    ("额定电压380伏", ("380伏", 0.38, "kV", "voltage", "")),
    # counts of visits and containers
    ("景区接待游客86.4万人次", ("86.4万人次", 8.64e5, "人次", "count", "")),
    ("港口吞吐量42万标箱", ("42万标箱", 4.2e5, "标箱", "count", "")),
    # percentage points are not percents
    ("失业率下降0.4个百分点", ("0.4个百分点", 0.004, "pp", "percent", "")),
    # spelled-out numbers: exact where the words are exact
    ("计划投入一千亿元", ("一千亿元", 1e11, "元", "money", "")),
    ("配套资金两千三百万元", ("两千三百万元", 2.3e7, "元", "money", "")),
    ("线上销售占两成", ("两成", 0.2, "%", "percent", "")),
    ("本地配套率达到三成半", ("三成半", 0.35, "%", "percent", "")),
    ("五成以上的农户参加了合作社", ("五成以上", 0.5, "%", "percent", "以上")),
    ("近三成企业扩大了产能", ("近三成", 0.3, "%", "percent", "近")),
    ("引进企业十余个", ("十余个", 10, "个", "count", "余")),
])
def test_units_and_spelled_numbers(text: str, expected: tuple[str, float, str, str, str]) -> None:
    assert _one(text) == expected


@pytest.mark.parametrize("text", [
    "全镇有数十个合作社",  # 数十: no number of tens is stated
    "吸引了几百家商户入驻",
    "这套制度一成不变",  # 一成不变 is an idiom, not 10%
    "三成员国联合发布",  # 成员 is a word
    "他在法规上做了修改",
])
def test_inexact_words_are_not_figures(text: str) -> None:
    assert parse_figures(text) == [], parse_figures(text)


def test_energy_spellings_compare_and_render() -> None:
    a, b = figure_from_text("1.2GWh"), figure_from_text("120万千瓦时")
    assert a is not None and b is not None and same_quantity(a, b)
    v, k = figure_from_text("0.22千伏"), figure_from_text("220伏")
    assert v is not None and k is not None and same_quantity(v, k)
    assert format_value(110, "kV", "voltage") == "110千伏"
    assert format_value(0.38, "kV", "voltage", "en") == "380 V"
    pp, pct = figure_from_text("1.5个百分点"), figure_from_text("1.5%")
    assert pp is not None and pct is not None and not same_quantity(pp, pct)


def test_counters_that_count_the_same_things() -> None:
    assert same_counter("个", "项") and same_counter("项", "个") and same_counter("家", "户")
    assert not same_counter("台", "张")  # machines are not beds
    assert not same_counter("项", "吨")


# -- the question: the unit asked, aliases -----------------------------------------------------------------

@pytest.mark.parametrize(("question", "unit_class", "counter"), [
    ("澄江镇去年用电量多少亿千瓦时？", "energy", ""),
    ("储能站能存多少兆瓦时的电？", "energy", ""),
    ("新建线路是多少千伏的？", "voltage", ""),
    ("景区接待游客多少万人次？", "count", "人次"),
    ("港口吞吐量多少万标箱？", "count", "标箱"),
    ("失业率下降了几个百分点？", "percent", ""),  # 个 here belongs to 个百分点, not a count
    ("新签约项目多少项？", "count", "项"),
])
def test_question_reads_the_unit_asked(question: str, unit_class: str, counter: str) -> None:
    q = analyse(question)
    assert (q.unit_class, q.counter) == (unit_class, counter)
    assert not q.extra_classes


def test_unknown_unit_is_kept_not_refused() -> None:
    q = analyse("全镇出栏肉鸭多少万羽？")
    assert (q.unit_class, q.unit_word) == ("", "羽")
    assert figure_from_text("1羽") is not None and figure_from_text("1羽").unit == ""  # type: ignore[union-attr]


@pytest.mark.parametrize(("question", "main"), [
    ("澄江镇社零总额是多少？", "社会消费品零售总额"),
    ("澄江镇社零是多少？", "社会消费品零售总额"),
    ("澄江镇规上工业企业有多少家？", "规模以上"),
    ("澄江镇经济总量是多少？", "地区生产总值"),
    ("澄江镇GDP是多少？", "地区生产总值"),
    ("澄江镇固投增长多少？", "固定资产投资"),
    ("云栖科技营收多少？", "营业收入"),
    ("云栖科技扣非净利润是多少？", "扣除非经常性损益后的净利润"),
])
def test_aliases_expand_to_the_indicator_name(question: str, main: str) -> None:
    q = analyse(question)
    assert main in q.text and main in q.terms
    assert main in names(main) and len(names(main)) > 1


@pytest.mark.parametrize("text", [
    "这件事在法规上没有依据",  # 法规 is a word: its 规上 is no abbreviation
    "GDPR对数据出境有规定",  # a longer Latin word
    "总投资多少？",
])
def test_alias_inside_another_word_is_left_alone(text: str) -> None:
    assert expand(text) == text


def test_rate_of_a_quantity_asks_one_thing() -> None:
    q = analyse("澄江镇GDP增速提高了几个百分点？")
    assert q.unit_class == "percent" and not q.asks_multiple


def test_word_lists_are_data_with_sources() -> None:
    lexicon = Path(__file__).resolve().parents[1] / "assistant" / "lexicon"
    files = sorted([*lexicon.glob("*.tsv"), *lexicon.glob("*.txt")])
    assert {"units.tsv", "counters.tsv", "aliases.tsv", "attributes.tsv", "labels.tsv"} <= {f.name for f in files}
    for path in files:  # every word list, also the ones added later, names where its words come from
        text = path.read_text(encoding="utf-8")
        header = [line for line in text.splitlines() if line.startswith("#")]
        assert any("Source" in line for line in header), path.name
        assert len([line for line in text.splitlines() if line and not line.startswith("#")]) >= 5, path.name


# -- end to end: a synthetic document in a temporary store --------------------------------------------------

@pytest.fixture(scope="module")
def qingxi(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("qingxi"), {"qingxi.txt": DOC})


@pytest.mark.slow
@pytest.mark.parametrize(("question", "expected", "evidence"), QUESTIONS)
def test_units_and_aliases_end_to_end(qingxi: Assistant, question: str, expected: str, evidence: str) -> None:
    a = qingxi.ask(question)
    assert a.answerable and a.verified and not a.unverified, (a.text, a.unverified)
    want = figure_from_text(expected)
    assert want is not None
    stated = [u for u in a.figures if u.source == "citation"
              and any(same_quantity(want, f) or f.text == want.text for f in parse_figures(u.text))]
    assert stated, (expected, a.text)
    cited = a.citations[stated[0].citation - 1]
    assert expected in cited.span and evidence in cited.text
    # one figure answers a one-part question: nothing else is stated from the document
    assert {u.text for u in a.figures if u.source == "citation"} == {stated[0].text}, a.text


@pytest.mark.slow
def test_counter_asked_differently_from_the_text(qingxi: Assistant) -> None:
    # the text counts with 个, the question with 项 (and the reverse): both count projects
    a = qingxi.ask("全年竣工投产工业项目多少项？")
    assert a.answerable and "18个" in a.text and [u.text for u in a.figures] == ["18个"], a.text
    b = qingxi.ask("全年新签约招商项目多少个？")
    assert b.answerable and "46项" in b.text, b.text


@pytest.mark.slow
def test_unstated_attribute_is_still_refused(qingxi: Assistant) -> None:
    # the document gives no CPI: its alias must not pull in some other percent
    a = qingxi.ask("青溪县CPI上涨了多少？")
    assert a.answerable is False and not a.figures, a.text
