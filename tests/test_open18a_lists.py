"""List questions of session 18a on invented text: the parts of a whole a sentence gives after 其中 (not the
whole before it); and, when no shape naming the kind asked gives items, the points a text enumerates by its
structure alone (一是…二是…, parallel clauses opening on verbs, segments cut at "；")."""

from __future__ import annotations

import pytest
from corpora import indexed_assistant

from assistant.api import Assistant
from assistant.approaches.listing import subset_start
from assistant.figures import parse_figures

REPORT = """青川市2030年经济运行简况

2030年，青川市实现地区生产总值3120.5亿元，同比增长5.1%，其中第一产业增加值210.4亿元，增长2.3%；第二产业增加值1302.6亿元，增长6.0%；第三产业增加值1607.5亿元，增长4.8%。

青川市发改委主任丁明远表示，明年工作重点有三：一是扩大有效投资，推进重大项目建设；二是稳定外贸外资，支持企业开拓市场；三是改善民生保障，增加公共服务供给。

青川市工信局局长韩立新表示，下一步，将打通原材料供应堵点，扩大新能源汽车产能，强化中小企业融资帮扶，为全年目标提供支撑。

经济学家周慕白认为，青川经济面临的形势依然复杂，能源价格高位运行，物流成本持续上升；中小企业经营困难、居民消费信心不足也给经济恢复带来了压力。
"""


def test_the_parts_begin_after_their_whole() -> None:
    text = "全市实现生产总值3120.5亿元，其中第一产业增加值210.4亿元，第二产业增加值1302.6亿元。"
    figures = [f for f in parse_figures(text) if f.unit_class == "money"]
    assert text[subset_start(text, figures):].startswith("第一产业")
    # 其中 with no figure of the class before it opens no parts: the sentence is read whole
    plain = "其中第一产业增加值210.4亿元，第二产业增加值1302.6亿元。"
    assert subset_start(plain, [f for f in parse_figures(plain) if f.unit_class == "money"]) == 0


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("open18a_lists"), {"report.txt": REPORT})


@pytest.mark.slow
def test_the_parts_after_qizhong_are_listed_not_the_whole(report: Assistant) -> None:
    answer = report.ask("2030年青川市三次产业增加值分别是多少？")
    assert answer.kind == "list" and answer.answerable and answer.verified, answer
    assert all(f in answer.text for f in ("210.4亿元", "1302.6亿元", "1607.5亿元")), answer.text


@pytest.mark.slow
def test_points_marked_by_ordinals_are_listed(report: Assistant) -> None:
    answer = report.ask("丁明远提到的明年工作重点有哪些？")
    assert answer.kind == "list" and answer.answerable and answer.verified, answer
    lines = [line for line in answer.text.splitlines() if line.startswith("- ")]
    assert len(lines) == 3, answer.text
    assert all(w in answer.text for w in ("扩大有效投资", "稳定外贸外资", "改善民生保障")), answer.text


@pytest.mark.slow
def test_segments_cut_at_semicolons_are_listed_when_nothing_names_the_kind(report: Assistant) -> None:
    answer = report.ask("周慕白认为青川经济面临哪些压力？")
    assert answer.kind == "list" and answer.answerable and answer.verified, answer
    lines = [line for line in answer.text.splitlines() if line.startswith("- ")]
    assert len(lines) == 2, answer.text
    assert "能源价格" in lines[0] and "中小企业" in lines[1], answer.text


@pytest.mark.slow
def test_parallel_actions_opening_on_verbs_are_listed(report: Assistant) -> None:
    answer = report.ask("韩立新表示下一步将采取哪些举措？")
    assert answer.kind == "list" and answer.answerable and answer.verified, answer
    lines = [line for line in answer.text.splitlines() if line.startswith("- ")]
    assert len(lines) == 3, answer.text
    assert all(w in answer.text for w in ("原材料供应", "新能源汽车产能", "中小企业融资")), answer.text
    assert "全年目标" not in answer.text, answer.text  # 为…提供支撑 opens on a preposition: the actions' purpose
