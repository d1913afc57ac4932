"""Yes/no claims read as the lookup the figure engine answers, and multi-part figure questions answered part by
part (slice yn19), on invented sentences and an invented document.

- an English share claim ("account for more than 20% of B") is asked as the share of B it is;
- a decade ("the 1990s") is a period, not a claimed figure;
- an English count claim with a trailing period ("… new projects from January to June") keeps the period after
  the verb, so the counted noun is read whole;
- a claimed rate whose subject ends on its change verb (…同比增长超过4%) is asked as the change (…同比增长了多少);
- each sentence of a Chinese multi-part figure question is answered on its own, resolved against the parts
  before it ("…GDP是多少？比上年增加了多少？"): the second part is not lost to the first one's subject.
"""

from __future__ import annotations

import pytest
from corpora import indexed_assistant

from assistant.api import Assistant
from assistant.approaches.yesno import claimed, subject_question


@pytest.mark.parametrize(("question", "asked"), [
    ("Did trade with Ruritania account for more than 20% of Freedonia's total trade in 2023?",
     "What share of Freedonia's total trade did trade with Ruritania account for in 2023?"),
    ("Did services make up over 50% of the county's output?",
     "What share of the county's output did services account for?"),
    ("Did the town sign more than 100 new projects from January to June?",
     "How many new projects did the town sign from January to June?"),
])
def test_an_english_claim_is_asked_as_its_lookup(question: str, asked: str) -> None:
    claim = claimed(question)
    assert claim is not None and claim[1] == ">", claim
    assert subject_question(question, claim[0], "en") == asked


@pytest.mark.parametrize("question", [
    "Were people born in the 1990s the largest group of visitors?",
    "Did the 1980s see the fastest growth?",
])
def test_a_decade_is_no_claimed_figure(question: str) -> None:
    assert claimed(question) is None


@pytest.mark.parametrize(("question", "asked"), [
    ("甲市工业利润下降了超过20%了吗？", "甲市工业利润下降了多少？"),
    ("甲市出口同比增长是9.9%，对吗？", "甲市出口同比增长了多少？"),
    ("甲市出口增速超过10%了吗？", "甲市出口增速是多少？"),  # a rate named by a noun: its level
    ("甲市出口增长超过1000亿元了吗？", "甲市出口增长是多少？"),  # an amount, not a rate of change
])
def test_a_claimed_rate_of_change_is_asked_as_the_change(question: str, asked: str) -> None:
    claim = claimed(question)
    assert claim is not None, question
    assert subject_question(question, claim[0], "zh") == asked


def test_a_counted_claim_is_still_claimed() -> None:
    claim = claimed("Were more than 30 firms listed in the 1990s?")
    assert claim is not None and claim[0].value == 30, claim


REPORT = """乙县2023年经济运行简况

具体来看，2023年，乙县地区生产总值为812.4亿元，同比增速为4.6%；比2021年增长9.1%，两年平均增长4.4%。

全县重点项目118个，开工105个，完成投资67.9亿元，投资完成率58.2%，高于去年同期进度2.6个百分点。
"""


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("yn19_parts"), {"report.txt": REPORT})


@pytest.mark.slow
def test_each_figure_part_is_answered_on_its_own(report: Assistant) -> None:
    answer = report.ask("乙县2023年GDP是多少？同比增长多少？两年平均增长多少？")
    assert answer.answerable and answer.verified, answer
    for figure in ("812.4亿元", "4.6%", "4.4%"):
        assert figure in answer.text, answer.text
    assert answer.text.index("812.4亿元") < answer.text.index("4.6%") < answer.text.rindex("4.4%")


@pytest.mark.slow
def test_a_part_the_document_does_not_answer_is_said_missing(report: Assistant) -> None:
    answer = report.ask("乙县2023年GDP是多少？常住人口是多少？")
    assert answer.answerable, answer
    assert "812.4亿元" in answer.text, answer.text
    assert "常住人口" in answer.text.split("812.4亿元", 1)[1], answer.text


@pytest.mark.slow
def test_a_claimed_rate_of_change_is_decided_by_the_change(report: Assistant) -> None:
    answer = report.ask("乙县2023年地区生产总值同比增长超过4%了吗？")
    assert answer.answerable and answer.verified, answer
    assert answer.lead.startswith("是"), answer.lead
    assert "4.6%" in answer.text, answer.text
    wrong = report.ask("乙县2023年地区生产总值同比增长了6.9%，对吗？")
    assert wrong.answerable and wrong.lead.startswith("不"), wrong.lead
    assert "4.6%" in wrong.text, wrong.text


@pytest.mark.slow
def test_a_claim_about_what_the_document_does_not_say_is_refused(report: Assistant) -> None:
    answer = report.ask("乙县2023年常住人口超过50万人了吗？")
    assert not answer.answerable, answer.text

