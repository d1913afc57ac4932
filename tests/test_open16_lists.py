"""A list question that names its items and states a condition ("A、B、C中，增速超过10%的有哪些") is a list of
those passing it, and the items a "分别" sentence pairs with its figures begin after the party they are joined
to ("我国与甲国、乙国和丙国分别…") (issue 9, slice open16), on invented text.
"""

from __future__ import annotations

import pytest
from corpora import indexed_assistant

from assistant.api import Assistant
from assistant.approaches.listing import _respective_names
from assistant.route import route


@pytest.mark.parametrize(("question", "kind"), [
    ("今年我省与甲国、乙国、丙国的贸易中，增速超过10%的有哪些？", "list"),
    ("甲项目、乙项目、丙项目中，总投资超过10亿元的有哪些？", "list"),
    ("年产值和利税各是多少？", "figure"),  # items named, no condition: each one's figure
    ("亿元以上项目和10亿元以上项目分别有多少个？", "figure"),  # amounts of the groups named
])
def test_items_named_with_a_condition_make_a_list(question: str, kind: str) -> None:
    assert route(question) == kind


def test_the_items_begin_after_the_party_they_are_joined_to() -> None:
    text = "海关统计显示，前5个月我省与甲国、乙国和丙国分别进出口874.4亿元、870.7亿元和785.2亿元。"
    names = [n for n, _ in _respective_names(text, text.find("前5"), text.find("分别"), "", 3)]
    assert names == ["甲国", "乙国", "丙国"]


REPORT = """青川省前五个月外贸简况

海关统计显示，前5个月青川省与甲国、乙国和丙国分别进出口874.4亿元、870.7亿元和785.2亿元，分别增长12.4%、10.5%和9.7%。同期，全省进出口增长8.3%。
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("open16_lists"), {"report.txt": REPORT})


@pytest.mark.slow
def test_the_named_items_passing_the_condition_are_listed(report: Assistant) -> None:
    answer = report.ask("前5个月青川省与甲国、乙国、丙国的进出口中，增速超过10%的有哪些？")
    assert answer.kind == "list" and answer.answerable and answer.verified, answer
    assert "甲国" in answer.text and "乙国" in answer.text and "丙国" not in answer.text, answer.text


def test_an_everyday_topic_the_documents_report_an_amount_of_is_theirs() -> None:
    from llama_index.core.schema import TextNode

    from assistant.candidates import TermStats

    text = "过去一年，甲集团股价跌幅达到77%，旗下酒店预订量增长200%。"
    stats = TermStats([TextNode(text=text, metadata={"start": 0})])
    assert route("甲集团股价跌幅是多少？", stats) == "figure"
    assert route("酒店预订量增长了多少？", stats) == "figure"
    assert route("今天天气怎么样？", stats) == "out_of_scope"
    assert route("推荐几个好吃的饭店", stats) == "out_of_scope"  # a request, no amount of the documents asked
    assert route("甲集团股价跌幅是多少？") == "out_of_scope"  # without the index's words nothing says it is theirs
