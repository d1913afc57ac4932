"""A description asked of a named person's view ("甲某怎么看…", "甲某认为…的原因是什么") is answered by what
that person said (issue 9, slice open16), on invented text: the sentence naming the person, or the quote
going on in that person's paragraph, before a sentence of another speaker with more of the question's words.
"""

from __future__ import annotations

import pytest
from corpora import indexed_assistant
from open_reading import reading_for

from assistant.api import Assistant
from assistant.approaches.describe import DescribeApproach, speakers
from assistant.approaches.text import persons_named


@pytest.mark.parametrize(("question", "names"), [
    ("董登新认为江苏银行地位高的原因是什么？", ["董登新"]),
    ("霍建国怎么看今年全年的外贸形势？", ["霍建国"]),
    ("青川省今年外贸形势怎么样？", []),
])
def test_the_persons_a_question_names(question: str, names: list[str]) -> None:
    assert persons_named(question) == names
    assert speakers(question) == names


def test_a_name_going_on_as_a_noun_is_no_speaker() -> None:
    assert persons_named("白沙茶叶产业园项目现在进展到哪一步了？") == ["白沙"]  # jieba's tag
    assert speakers("白沙茶叶产业园项目现在进展到哪一步了？") == []  # a place's name before 茶叶


REPORT = """青川省外贸形势观察

青川省商务厅新闻发言人周明介绍，总的来看，今年全省外贸形势开局平稳，为实现全年外贸目标打下了较好基础。

青川大学教授霍建国接受本报记者采访时表示，受需求和成本的影响，全省出口增长空间将受到挤压，但全年实现正增长应是没有问题的。
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("open16_describe"), {"report.txt": REPORT})


@pytest.mark.slow
def test_the_view_asked_is_the_named_persons(report: Assistant) -> None:
    answer = DescribeApproach().answer(reading_for(report, "霍建国怎么看今年全年的外贸形势？"))
    assert answer is not None and answer.answerable, answer
    assert "正增长" in answer.lead and "周明" not in answer.text, answer.text


@pytest.mark.slow
def test_without_a_person_the_best_covering_sentence_leads(report: Assistant) -> None:
    answer = DescribeApproach().answer(reading_for(report, "青川省今年全年外贸形势开局怎么样？"))
    assert answer is not None and answer.answerable, answer
    assert "开局平稳" in answer.lead, answer.text
