"""Follow-ups whose referent is not the earlier question's words (session 19): the one an earlier which-question's
answer named, the period a back-pointing word (同期, 当年) stands for in a question with its own subject, the head
of a compound (产量 of 汽车产量) and of an English noun phrase. Invented questions, answers and sentences."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpora import indexed_assistant

from assistant.api import Assistant
from assistant.chat import resolve
from assistant.followup import answered_which, english_ellipsis, head_analogue, in_earlier_scope

WHICH = [
    # which one, asked before what it ranks by: the answer's place in its place, asked as the figure
    ("一季度哪个城市财政收入最高？", "白岭市一季度财政收入88.1亿元，居全省首位[1]。", "一季度白岭市财政收入是多少？"),
    # which one, asked at the end: what it ranks by comes first
    ("一季度财政收入最高的城市是哪个？", "白岭市一季度财政收入88.1亿元[1]。", "白岭市一季度财政收入是多少？"),
    # an entity the answer names, without the words it shares with the question
    ("哪个行业利润增长最快？", "仪表制造业利润增长最快，增长31.2%[1]。", "仪表制造业利润增长是多少？"),
    ("哪家公司上半年营业收入最多？", "远川科技上半年营业收入52.3亿元[1]。", "远川科技上半年营业收入是多少？"),
    # which year: the year the answer names
    ("哪一年青溪县粮食产量最高？", "2021年青溪县粮食产量达到52万吨[1]。", "2021年青溪县粮食产量是多少？"),
]


@pytest.mark.parametrize(("question", "answer", "named"), WHICH)
def test_a_which_question_is_read_with_the_one_its_answer_named(question: str, answer: str, named: str) -> None:
    assert answered_which(question, answer) == named


def test_questions_that_ask_no_single_which_are_left_alone() -> None:
    assert answered_which("哪些行业利润增长超过两成？", "仪表、纺织[1]。") == ""  # several named
    assert answered_which("项目建在哪里？", "白岭市东区[1]。") == ""  # a place within the subject
    assert answered_which("青溪县粮食产量是多少？", "52万吨[1]。") == ""  # no which at all
    assert answered_which("哪个城市财政收入最高？", "") == ""  # no answer to read


@pytest.mark.parametrize(("follow", "resolved"), [
    ("它同比增长多少？", "一季度白岭市财政收入同比增长多少？"),
    ("其中税收收入是多少？", "一季度白岭市税收收入是多少？"),
    ("该市税收收入是多少？", "一季度白岭市税收收入是多少？"),
])
def test_a_follow_up_refers_to_the_one_the_earlier_answer_named(follow: str, resolved: str) -> None:
    history = [("一季度哪个城市财政收入最高？", "白岭市一季度财政收入88.1亿元，居全省首位[1]。")]
    assert resolve(follow, history) == resolved


def test_a_which_answer_is_read_in_a_chain_of_three_turns() -> None:
    history = [("一季度哪个城市财政收入最高？", "白岭市一季度财政收入88.1亿元[1]。"),
               ("它同比增长多少？", "同比增长6.2%[1]。")]
    assert resolve("其中税收收入呢？", history) == "一季度白岭市税收收入是多少？"


def test_a_back_pointing_period_takes_the_earlier_period() -> None:
    earlier = "上半年全国城镇新增就业多少人？"
    assert in_earlier_scope("同期城镇调查失业率平均是多少？", earlier) == "上半年城镇调查失业率平均是多少？"
    assert in_earlier_scope("当年青溪县出口额是多少？", "2023年白岭县进口额是多少？") == "2023年青溪县出口额是多少？"
    # with no period to point back to, the question stays as it is
    assert in_earlier_scope("当年青溪县出口额是多少？", "白岭县进口额是多少？") == "当年青溪县出口额是多少？"
    # a period of its own is not replaced
    assert in_earlier_scope("2020年青溪县出口额是多少？", "2023年白岭县进口额是多少？") == "2020年青溪县出口额是多少？"


def test_the_head_a_compound_ends_in_is_a_sibling_of_the_new_word() -> None:
    assert head_analogue("6月青溪县汽车产量是多少？", "销量") == "6月青溪县汽车销量是多少？"
    # never the inside of a word: the one character before 出口 is no word of its own
    assert head_analogue("青溪县进出口总额是多少？", "进口") == ""


@pytest.mark.parametrize(("earlier", "follow", "resolved"), [
    ("What was the per capita income of urban residents in Baling?", "What about rural residents?",
     "What was the per capita income of rural residents in Baling?"),
    ("What was Yuanchuan's operating profit in 2023?", "And net profit?", "What was Yuanchuan's net profit in 2023?"),
])
def test_an_english_phrase_replaces_the_run_that_ends_in_its_head(earlier: str, follow: str, resolved: str) -> None:
    assert english_ellipsis(follow, earlier) == resolved


# -- end to end ---------------------------------------------------------------------------------------------

RANKING = """白岭省各市一季度财政收入排行

一季度，白岭市完成一般公共预算收入88.1亿元，居全省首位，同比增长6.2%，其中税收收入70.4亿元。
东湖市完成一般公共预算收入61.5亿元，同比增长3.8%，其中税收收入49.9亿元。
"""


@pytest.fixture(scope="module")
def ranking(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(Path(tmp_path_factory.mktemp("follow19")), {"ranking.txt": RANKING})


@pytest.mark.slow
def test_it_after_a_which_question_is_the_one_the_answer_named(ranking: Assistant) -> None:
    earlier = "一季度哪个城市一般公共预算收入最高？"
    said = "白岭市一季度完成一般公共预算收入88.1亿元，居全省首位[1]。"
    answer = ranking.ask("它同比增长多少？", history=[(earlier, said)])
    assert answer.answerable and answer.verified and not answer.unverified, answer.text
    assert "6.2%" in answer.text and "3.8%" not in answer.text, answer.text


# -- a follow-up asked beside the figure the last answer gave ----------------------------------------------

BULLETIN = """青溪县一季度工业经济运行简况

一季度，青溪县规模以上工业总产值412.6亿元，同比增长9.6%。全县35个行业大类中有七成行业实现增长，其中化工、纺织、电气机械等重点行业产值分别增长22.8%、14.2%和11.1%。

据介绍，青溪县一季度产业升级步伐加快，高技术制造业实现产值138.8亿元，同比增长12.8%，高于规模以上工业3.2个百分点，高技术制造业产值占规模以上工业总产值比重达33.6%，同比提高0.5个百分点。

外贸方面，青溪县一季度进出口总额58.2亿元，增长12.7%。
"""


@pytest.fixture(scope="module")
def bulletin(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(Path(tmp_path_factory.mktemp("follow19b")), {"bulletin.txt": BULLETIN})


@pytest.mark.slow
def test_a_change_asked_next_is_the_one_beside_the_earlier_figure(bulletin: Assistant) -> None:
    history = [("青溪县一季度规模以上工业总产值是多少？", "青溪县规模以上工业总产值412.6亿元[1]。")]
    answer = bulletin.ask("同比增长多少？", history=history)
    assert answer.answerable and answer.verified and not answer.unverified, answer.text
    assert "9.6%" in answer.text and "12.8%" not in answer.text, answer.text


@pytest.mark.slow
def test_a_follow_up_the_document_does_not_answer_is_still_refused(bulletin: Assistant) -> None:
    history = [("青溪县一季度规模以上工业总产值是多少？", "青溪县规模以上工业总产值412.6亿元[1]。")]
    for follow in ("那2019年呢？", "那白岭县呢？"):
        answer = bulletin.ask(follow, history=history)
        assert not answer.answerable, (follow, answer.text)


@pytest.mark.slow
def test_the_anchored_reading_asks_only_the_passages_that_state_the_earlier_figure(bulletin: Assistant) -> None:
    engine = bulletin.engine
    # the question alone names both growth rates' passages; beside 412.6亿元 only its own is read
    asked = "青溪县一季度工业产值同比增长多少？"
    answer = engine.anchored(asked, [("青溪县一季度规模以上工业总产值是多少？", "总产值412.6亿元[1]。")])
    assert answer is not None and answer.citations, answer
    assert all("412.6亿元" in c.text for c in answer.citations), answer.text
    other = engine.anchored(asked, [("青溪县一季度高技术制造业产值是多少？", "产值138.8亿元[1]。")])
    assert other is not None and all("138.8亿元" in c.text for c in other.citations), other.text
    # nothing to anchor on: no figure in the last answer, or no passage stating it
    assert engine.anchored(asked, [("青溪县一季度规模以上工业总产值是多少？", "无法回答。")]) is None
    assert engine.anchored(asked, [("青溪县一季度规模以上工业总产值是多少？", "总产值777.7亿元[1]。")]) is None


@pytest.mark.parametrize(("earlier", "follow", "resolved"), [
    ("白岭市一季度工业总产值是多少？", "它的增速呢？", "白岭市一季度工业总产值增速是多少？"),
    ("白岭市一季度工业总产值是多少？", "增幅是多少？", "白岭市一季度工业总产值增幅是多少？"),
    # another quantity still takes the earlier one's place
    ("白岭市一季度工业总产值是多少？", "那利润总额呢？", "白岭市一季度工业利润总额是多少？"),
])
def test_a_rate_of_change_is_said_of_the_earlier_quantity(earlier: str, follow: str, resolved: str) -> None:
    assert resolve(follow, [(earlier, "")]) == resolved


def test_an_english_rate_of_change_is_said_of_what_the_earlier_question_asked() -> None:
    earlier = "What was Baling's industrial output value in the first quarter?"
    assert english_ellipsis("What about its growth rate?", earlier) == \
        "What was the growth rate of Baling's industrial output value in the first quarter?"
