"""Follow-ups whose resolution the figure engine could not use (session 18): a part that names its own quantity,
a sibling of a word of the earlier asking, a new quantity that repeats the end of the earlier subject, a
relation asked as an ellipsis, and a question that names its subject but not its place or period. Invented
questions and answers throughout."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpora import indexed_assistant

from assistant.api import Assistant
from assistant.chat import resolve
from assistant.followup import read

CASES = [
    # 其中 + a quantity of its own: that quantity of the earlier place and period, without the whole's name
    ("白岭市一季度一般公共预算收入是多少？", "收入88.1亿元[1]。", "其中税收收入同比增长多少？",
     "白岭市一季度税收收入同比增长多少？"),
    ("远川公司上半年营业收入是多少？", "营业收入40.2亿元[1]。", "其中海外收入是多少？",
     "远川公司上半年海外收入是多少？"),
    # a sibling of a word of the asking: the same change on the other basis
    ("远川公司3月份销量同比增长多少？", "同比增长12.0%[1]。", "那环比呢？", "远川公司3月份销量环比增长多少？"),
    # the new quantity does not repeat the end of the subject before it
    ("白岭市5月商品住宅销售面积是多少？", "销售面积31.5万平方米[1]。", "销售额呢？", "白岭市5月商品住宅销售额是多少？"),
    # a relation asked as an ellipsis is of the earlier figure
    ("远川公司研发投入是多少？", "研发投入3.3亿元[1]。", "占营业收入的比重呢？",
     "远川公司研发投入占营业收入的比重是多少？"),
    # a name jieba does not know as a place (青石 + 市) is one by its ending, and replaces the earlier place
    ("东湖市一季度一般公共预算收入是多少？", "128.52亿元[1]。", "那青石市呢？", "青石市一季度一般公共预算收入是多少？"),
    # a subject of its own, but no place or period: those of the conversation
    ("白岭市2024年第一产业增加值是多少？", "增加值61.2亿元[1]。", "工业用电量是多少？",
     "白岭市2024年工业用电量是多少？"),
]


@pytest.mark.parametrize(("earlier", "said", "follow", "resolved"), CASES)
def test_the_follow_up_is_resolved_as_the_figure_engine_can_answer_it(earlier: str, said: str, follow: str,
                                                                       resolved: str) -> None:
    assert resolve(follow, [(earlier, said)]) == resolved


def test_a_part_naming_no_quantity_is_still_asked_within_the_whole() -> None:
    resolved = resolve("其中签约了多少个项目？", [("白岭市全年举办了几场推介会？", "举办推介会6场[1]。")])
    assert resolved.startswith("白岭市全年举办的推介会中")


def test_a_part_with_no_earlier_place_or_period_is_asked_within_the_whole() -> None:
    # nothing to ask the part's own quantity of: the whole names the scope
    resolved = resolve("其中教育支出多少？", [("一般公共预算支出多少？", "支出86.2亿元[1]。")])
    assert "预算支出中" in resolved and resolved.endswith("教育支出多少？")


def test_a_question_naming_its_own_place_or_period_keeps_it() -> None:
    history = [("白岭市2024年第一产业增加值是多少？", "增加值61.2亿元[1]。")]
    assert resolve("东湖区工业用电量是多少？", history) == "东湖区工业用电量是多少？"
    assert resolve("2023年工业用电量是多少？", history) == "2023年工业用电量是多少？"


def test_only_place_and_period_carry_into_a_question_with_its_own_subject() -> None:
    resolved = resolve("工业用电量是多少？", [("白岭市2024年第一产业增加值是多少？", "61.2亿元[1]。")])
    assert "第一产业" not in resolved and "增加值" not in resolved
    assert read(resolved).slot("place") == "白岭市" and read(resolved).slot("period") == "2024年"


def test_a_sibling_in_the_stem_is_preferred_to_one_in_the_asking() -> None:
    # 欧盟 is a sibling of the stem's 东盟; the asking's words stay
    resolved = resolve("那欧盟呢？", [("一季度我国对东盟出口同比增长多少？", "增长8.0%[1]。")])
    assert resolved == "一季度我国对欧盟出口同比增长多少？"


EN_CASES = [
    # an English ellipsis naming a period (en_statistics.txt's periods, a month): the period's place
    ("What was Yuanchuan's revenue in the first quarter?", "What about the second quarter?",
     "What was Yuanchuan's revenue in the second quarter?"),
    ("What was Yuanchuan's revenue in the first quarter?", "And in March?", "What was Yuanchuan's revenue in March?"),
    ("What were Baling's exports in March?", "And in the first half?", "What were Baling's exports in the first half?"),
    ("What was Baling's GDP?", "What about the first three quarters?",
     "What was Baling's GDP in the first three quarters?"),
    # a capitalised name is still a name, not a period
    ("What were Baling's exports in March?", "What about Donghu?", "What were Donghu's exports in March?"),
]


@pytest.mark.parametrize(("earlier", "follow", "resolved"), EN_CASES)
def test_an_english_period_ellipsis_replaces_the_earlier_period(earlier: str, follow: str, resolved: str) -> None:
    assert resolve(follow, [(earlier, "")]) == resolved


# -- end to end: a period stated once for a list of figures ----------------------------------------------

REVIEW = """白岭省城市财力榜单出炉

随着今年一季度各市财政收入数据陆续发布，白岭省财力前十的城市出炉，东湖市、西岭市、南川市位列前三。

东湖市一季度完成一般公共预算收入128.52亿元，比上年同期增长5.1%，其中税收收入102.44亿元。

另外两个步入前五的城市，一般公共预算收入分别是排名第4位的北塘市（69.8亿元）和排名第5位的青石市（55.3亿元）。
"""


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(Path(tmp_path_factory.mktemp("follow18")), {"review.txt": REVIEW})


@pytest.mark.slow
def test_a_period_carried_from_the_earlier_turn_does_not_bar_a_figure_dated_once_above(review: Assistant) -> None:
    earlier = "东湖市一季度一般公共预算收入是多少？"
    first = review.ask(earlier)
    assert "128.52亿元" in first.text, first.text
    answer = review.ask("那青石市呢？", history=[(earlier, first.text)])
    assert answer.answerable and answer.verified and not answer.unverified, answer.text
    assert "55.3亿元" in answer.text, answer.text
    # the period carried over from the earlier turn is what barred it
    assert not review.ask("青石市一季度一般公共预算收入是多少？").answerable


@pytest.mark.slow
def test_a_period_the_follow_up_names_itself_is_not_dropped(review: Assistant) -> None:
    earlier = "东湖市一季度一般公共预算收入是多少？"
    answer = review.ask("那2019年呢？", history=[(earlier, "128.52亿元[1]。")])
    assert not answer.answerable, answer.text

