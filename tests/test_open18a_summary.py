"""Summaries of session 18a on invented text: the main claim's sentence goes on after the lead's short quote
with the report's headline figures (after "；"); they are quoted on a line of their own, the lead staying one
short sentence."""

from __future__ import annotations

import pytest
from corpora import indexed_assistant

from assistant.api import Assistant

REPORT = """青川银行发布2030年年报

青川银行2030年年报数据显示，截至去年年末，该行总资产达5120.3亿元，同比增长9.1%；营业收入为210.6亿元，同比增长6.2%；同期净利润为58.4亿元，较上年增长3.3%。

青川大学教授林远向记者分析，青川银行地处经济发达地区，受益于当地制造业和外贸的发展，客户基础较为稳固。

该行零售业务发展较快，个人存款余额达到1830.2亿元，比年初增加160.5亿元。

据介绍，青川银行目前设有营业网点210余家，员工6000余人，服务网络覆盖青川全省。
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("open18a_summary"), {"report.txt": REPORT})


@pytest.mark.slow
def test_the_claims_headline_figures_follow_on_their_own_line(report: Assistant) -> None:
    answer = report.ask("请概括一下这篇报道。")
    assert answer.kind == "summary" and answer.answerable and answer.verified, answer
    lead, *lines = answer.text.splitlines()
    assert "5120.3亿元" in lead and len(lead) <= 80, answer.text
    assert any("210.6亿元" in line for line in lines), answer.text  # the figures after "；" in the claim's sentence
    assert len(answer.text) <= 300, answer.text
