"""General rules for list questions found by a failure taxonomy over every open dev set (issue 9, slice open15),
each tested on invented text: places, names and figures made up, worded the way statistical releases and
news reports word them.

- a line closing its paragraph on a colon after the noun asked ("主要呈现以下特点：") introduces paragraphs that
  each open on a short sentence stating their point: those sentences are the items, up to the first paragraph
  that opens otherwise;
- "前三季度" / "前7月" is a period, not "the top three": no ranking is applied to the items;
- an enumeration closed by its count and the noun asked, without 等 ("甲港、乙港和丙港3座港口"), names its
  items when the count is the number of names; the noun asked opens the phrase when nothing after its last 的
  is a noun ("哪些港口的吞吐量占了全省的一半");
- the actions a colon introduces, each clause opening on its verb ("设立…，成立…，开通…"), are the items of
  "做了哪些事"; a paragraph ending in an ellipsis of full stops ("．．．") is finished, not cut mid-sentence;
- the period a question asks ("1月至5月新签约了哪些项目") weighs as much as its heaviest word when the
  enumeration of the noun asked is chosen: the items of "1月至8月" are not those asked;
- a bracketed remark inside an item ("托管及结算费收入（又称“中间业务收入”）") cuts nothing, and "以及" joins the
  last item whatever 及 the names hold;
- "增长倍数最高的行业是哪个" asks one name, that of the largest rate or change of the items listed: routed to
  the list approach as a top-1 list whose lead is the item itself (asked an amount too, or a superlative over
  amounts, "哪个项目总投资最大", it stays a figure question).
"""

from __future__ import annotations

import pytest
from corpora import indexed_assistant
from open_reading import reading_for

from assistant.api import Assistant
from assistant.approaches.listing import ListApproach
from assistant.approaches.text import ITEM_MARK
from assistant.route import routed
from assistant.verify import strip_markers

pytestmark = pytest.mark.slow

REPORT = """青川省前三季度服务贸易简况

青川省商务厅10月12日通报了今年前三季度全省服务贸易的有关情况。前三季度，全省服务进出口总额1820.4亿元，同比增长6.2%。主要呈现以下特点：

9月当月服务出口较快增长。9月份，全省服务出口总额95.3亿元，同比增长12.6%，环比增长2.1%；其中运输服务出口增长31.5%。

数字服务贸易占比提高。前三季度，全省数字服务进出口812.6亿元，增长9.4%，占服务进出口总额的比重达到44.6%，提升了1.3个百分点。

旅行服务进口继续下降。前三季度，全省旅行服务进口213.7亿元，下降18.2%，降幅比上半年收窄3.4个百分点。

从港口看，全省港口货物吞吐量保持增长。其中，东川港、南屿港和北湾港3座港口，占了全省港口货物吞吐量的一半；西岭港吞吐量增长最快，增长15.2%。

围绕冷链物流，青川今年以来的一系列动作都指向了同一个目标：设立青川冷链物流发展办公室，成立青川冷链运输有限公司，开通冷链专线12条、冷链通达城市15个，建成东川冷链产业园，全省冷链物流成本下降．．．．．．

记者从青川省交通运输厅获悉，明年全省将新建冷链仓库30座。

招商方面，1月至5月，全省新签约松桥冷库二期、柳湾光伏电站、石门水厂扩建等12个项目，计划总投资86.4亿元。1月至8月，全省新签约云台数据中心、枫林物流园等30个项目，计划总投资210.7亿元。

分行业看，化工行业利润总额增长2.35倍，纺织行业增长18.6%，电子行业下降12.4%，机械行业下降27.9%。

分地市看，1—9月固定资产投资增速后两名：白石市下降3.2%，青石市下降15.1%。

从收入结构来看，城商行的营业收入主要包括存贷利差收入、托管及结算费收入（又称“中间业务收入”）以及债券投资收益等。
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("open15"), {"report.txt": REPORT})


def _items(assistant: Assistant, question: str) -> list[str]:
    answer = ListApproach().answer(reading_for(assistant, question))
    assert answer is not None and answer.verified, answer
    return [strip_markers(line[len(ITEM_MARK):]) for line in answer.text.split("\n") if line.startswith(ITEM_MARK)]


@pytest.mark.parametrize("question", ["前三季度青川省服务贸易呈现出哪些特点？", "青川省服务贸易主要呈现哪些特点？"])
def test_the_points_of_introduced_paragraphs_are_the_items(report: Assistant, question: str) -> None:
    items = _items(report, question)
    assert len(items) == 3, items
    for point in ("服务出口较快增长", "数字服务贸易占比提高", "旅行服务进口继续下降"):
        assert any(point in item for item in items), items
    assert not any("港口" in item for item in items), items  # the paragraph after the points is no point


def test_a_count_closing_an_enumeration_names_its_items(report: Assistant) -> None:
    items = _items(report, "哪些港口的货物吞吐量占了全省的一半？")
    joined = "".join(items)
    for port in ("东川港", "南屿港", "北湾港"):
        assert port in joined, items
    assert "西岭港" not in joined, items


def test_the_actions_a_colon_introduces_are_listed(report: Assistant) -> None:
    items = _items(report, "青川围绕冷链物流做了哪些事？")
    joined = "".join(items)
    for action in ("设立青川冷链物流发展办公室", "成立青川冷链运输有限公司", "开通冷链专线12条", "建成东川冷链产业园"):
        assert action in joined, items
    assert "成本下降" not in joined, items  # a clause with a subject of its own ends the actions
    assert "冷链仓库" not in joined, items  # the next paragraph's sentence is not one of them


def test_the_period_asked_chooses_the_enumeration(report: Assistant) -> None:
    items = _items(report, "青川1月至5月新签约了哪些项目？")
    joined = "".join(items)
    for project in ("松桥冷库二期", "柳湾光伏电站", "石门水厂扩建"):
        assert project in joined, items
    assert "云台数据中心" not in joined and "枫林物流园" not in joined, items


def test_a_bracketed_remark_and_yiji_in_an_enumeration(report: Assistant) -> None:
    items = _items(report, "城商行的营业收入主要包括哪些？")
    assert len(items) == 3, items
    assert items[0].startswith("存贷利差收入"), items
    assert items[1].startswith("托管及结算费收入"), items  # (its 及 and its bracket's words cut nothing)
    assert items[2].startswith("债券投资收益"), items


@pytest.mark.parametrize(("question", "name", "not_name"), [
    ("利润增长倍数最高的行业是哪个？", "化工行业", "纺织"),
    ("利润下降幅度最大的是哪个行业？", "机械行业", "电子"),
])
def test_which_one_has_the_largest_figure(report: Assistant, question: str, name: str, not_name: str) -> None:
    assert routed(question).kind == "list"
    answer = ListApproach().answer(reading_for(report, question))
    assert answer is not None and answer.verified, answer
    assert name in answer.lead and not_name not in answer.text, answer.text
    assert not answer.text.startswith(ITEM_MARK) and "\n" not in answer.text, answer.text  # one name, no list


def test_a_superlative_asking_an_amount_stays_a_figure_question() -> None:
    assert routed("哪个行业利润增长最快，增长了多少？").kind != "list"
    assert routed("哪个项目总投资最大？").kind == "figure"  # over amounts, the figure engine decides
    assert routed("增长最快的三个行业是哪些？").kind == "list"


def test_a_superlative_rise_is_not_answered_by_the_smallest_fall(report: Assistant) -> None:
    # only the last two, both falls, are listed: "增速最高" is not theirs to answer (the figure engine's turn)
    assert ListApproach().answer(reading_for(report, "哪个地市1—9月固定资产投资增速最高？")) is None
