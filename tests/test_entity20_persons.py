"""Persons asked by their role or by what they said, session 20, on invented texts: the deputy asked is the deputy
(副所长, not 所长); a name jieba does not tag as one, opening on a common surname (assistant/lexicon/surnames.txt);
a name after further titles (董事长兼总经理…); a person a clause opens on who speaks or judges in it; an
organisation written before the role is whose role it is, not its holder."""

from __future__ import annotations

import pytest
from llama_index.core.schema import TextNode

from assistant.approaches import Reading
from assistant.approaches.entity import EntityApproach, asked_role, names_in, speakers_in
from assistant.approaches.text import surnamed_name
from assistant.candidates import TermStats
from tests.passages import ask_passages, nodes_of


@pytest.mark.parametrize(("question", "role"), [
    ("白溪研究院应用研究所副所长是谁？", "副所长"),  # the deputy asked: a text writes 副所长 so
    ("白溪研究院应用研究所所长是谁？", "所长"),
    ("谁是青禾科技的首席科学家？", "科学家"),  # the role after the interrogative
    ("松原银行的董事长是谁？", "董事长"),
    ("青湾港二期工程由谁批复？", ""),
])
def test_the_role_asked_keeps_its_deputy_and_may_follow_the_interrogative(question: str, role: str) -> None:
    assert asked_role(question) == role


def test_a_deputy_asked_is_found_where_the_text_names_the_deputy() -> None:
    text = "白溪研究院应用研究所副所长任晓峰对记者表示，明年将扩大试点。"
    assert [n for _, n in names_in(text, "person", asked_role("白溪研究院应用研究所副所长是谁？"))] == ["任晓峰"]


@pytest.mark.parametrize(("text", "pos", "name"), [
    ("经济学家温澜向本报表示", 4, "温澜"),  # jieba tags 温澜 a common noun, no person
    ("研究员赵魁文指出", 3, "赵魁文"),
    ("局长国家统计局", 2, ""),  # 国 opens no name here: 国家 is a word
    ("主任王府井集团", 2, ""),  # followed by a noun, not a function word or a verb of speech
])
def test_a_name_opening_on_a_surname_before_a_function_word_or_speech(text: str, pos: int, name: str) -> None:
    assert surnamed_name(text, pos) == name


@pytest.mark.parametrize(("question", "text", "name"), [
    ("青禾科技的董事长是谁？", "青禾科技董事长兼总经理周海峰表示，公司将加大投入。", "周海峰"),
    ("青禾科技的首席科学家是谁？", "青禾科技首席科学家、中国工程院院士吴明远介绍，新材料已量产。", "吴明远"),
    ("青禾科技的董事长是谁？", "据了解，陈立新担任青禾科技董事长已有十年。", "陈立新"),  # not 青禾 (a brand)
    # 司|司长: jieba tags 司 a surname; a title is no name
    ("白岭海关新闻发言人是谁？", "白岭海关新闻发言人、统计分析司司长韩立文称，总的来看外贸开局平稳。", "韩立文"),
])
def test_the_holder_of_the_role_past_further_titles_and_not_the_organisation(question: str, text: str,
                                                                              name: str) -> None:
    assert [n for _, n in names_in(text, "person", asked_role(question))] == [name]


@pytest.mark.parametrize(("text", "names"), [
    ("温澜对此表示，上半年投资继续下滑。", ["温澜"]),
    ("“这是一次机会。”郑一鸣在年度股东大会上表示，自己负有责任。", ["郑一鸣"]),
    ("王府井集团表示，销售增长。", []),  # an organisation's name opening on a surname
    ("据介绍，苏州一季度产业升级步伐加快。", []),  # a clause with no person
])
def test_a_person_a_clause_opens_on_who_speaks_in_it(text: str, names: list[str]) -> None:
    assert [n for _, n in speakers_in(text)] == names


_REPORT = ("今年上半年，白溪市经济运行总体平稳。",
           "白溪银行首席经济学家温澜向本报表示，二季度以来经济遭遇疫情冲击，但恢复势头明显。",
           "温澜对此表示，上半年房地产开发投资继续下滑，弱于市场预期。",
           "青禾证券首席分析师杨畅认为，消费将逐步回暖。")


def _lead(question: str) -> str:
    nodes = nodes_of(*_REPORT)
    reading = Reading(question, "zh", lambda q: nodes, lambda: [TextNode(text=t) for t in _REPORT],
                      TermStats(n.node for n in nodes), ask_figure=lambda q: ask_passages(q, *_REPORT))
    answer = EntityApproach().answer(reading)
    assert answer is not None
    return answer.lead


@pytest.mark.parametrize(("question", "name"), [
    ("白溪银行首席经济学家是谁？", "温澜"),
    ("谁认为上半年房地产开发投资继续下滑？", "温澜"),
    ("青禾证券首席分析师是谁？", "杨畅"),
])
def test_the_person_asked_leads_the_answer(question: str, name: str) -> None:
    assert _lead(question).startswith(name)


@pytest.mark.parametrize(("question", "verb"), [
    ("哪家旅游网站与澄川日报联合发布了假日出行报告？", "联合"),  # 旅游 (vn) is part of the noun asked
    ("青湾港二期工程由谁批复？", "批复"),
])
def test_the_verb_asked_is_a_verb_not_a_verb_used_as_a_noun(question: str, verb: str) -> None:
    from assistant.approaches.entity import asked_verb

    assert asked_verb(question) == verb


@pytest.mark.parametrize(("clause", "name"), [
    ("美团与澄川日报联合发布的报告显示", "美团"),  # a brand jieba's dictionary seldom sees (tagged n)
    ("市场与澄川日报联合发布的报告显示", ""),  # a common noun opens the clause: no name
])
def test_a_rare_noun_opening_a_clause_is_a_name(clause: str, name: str) -> None:
    from assistant.approaches.entity import opening_name

    assert opening_name(clause, "哪家平台与澄川日报联合发布了报告？") == name
