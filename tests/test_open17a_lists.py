"""List questions of session 17a on invented text: the titles (《…》) a document names of the kind asked
("登上过哪些富豪榜" -> 《…百富榜》, 《…富豪榜》), from the whole document; the figures a sentence gives of a
group it names ("“三项指标”分别下降x、y、z"), in its order."""

from __future__ import annotations

import pytest
from corpora import indexed_assistant

from assistant.api import Assistant

REPORT = """青川餐饮集团高管简况

青川餐饮集团首席执行官林晓晴出身普通家庭，从服务员做起。

2029年10月，林晓晴以52亿元的身家位列《星海百富榜》第612位；2030年3月，林晓晴以49亿元财富名列《环宇全球富豪榜》第2711位。

同年，集团发布《青川餐饮三年发展规划》，并计划新开门店120家。

2030年，青川市道路交通事故“三项指标”同比分别下降12.5%、8.1%、3.3%，交通安全形势稳定。同期，青川市机动车保有量、驾驶人数量分别增长4.2%和3.9%。
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("open17a_lists"), {"report.txt": REPORT})


@pytest.mark.slow
def test_the_titles_of_the_kind_asked_are_listed(report: Assistant) -> None:
    answer = report.ask("林晓晴登上过哪些富豪榜？")
    assert answer.kind == "list" and answer.answerable and answer.verified, answer
    assert "《星海百富榜》" in answer.text and "《环宇全球富豪榜》" in answer.text, answer.text
    assert "发展规划" not in answer.text, answer.text  # a title of another kind


@pytest.mark.slow
def test_the_figures_of_a_named_group_are_its_sentence(report: Assistant) -> None:
    answer = report.ask("青川市道路交通事故“三项指标”同比分别下降了多少？")
    assert answer.kind == "list" and answer.answerable and answer.verified, answer
    assert all(f in answer.text for f in ("12.5%", "8.1%", "3.3%")), answer.text
    assert "4.2%" not in answer.text, answer.text  # the figures of the items another sentence names
