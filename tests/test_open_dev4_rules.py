"""General rules found on documents the open strategies were never developed on (open_dev4.jsonl, issue 9),
each tested on invented text: places, names and figures made up, worded the way news reports and
statistical releases word them.

- an enumeration is listed when the words introducing it name the noun asked ("排名前5的城市分别是：…",
  "共有3个城市（甲、乙、丙）收入突破…"), the closest introduction first;
- a short line without a sentence end (a subtitle) is not a sentence cut by a page break: the next
  paragraph's first sentence is kept;
- a role word of the lexicon ending the phrase asked of (新闻发言人) is the role, whatever jieba tags it;
- a summary request is never declined as a topic the index lacks; a forecast asked of the assistant is;
- "是正增长吗" / "是增长的吗" asks a change's direction, and "增速为负值（-3.2%）" states a fall.
"""

from __future__ import annotations

import pytest
from corpora import indexed_assistant
from open_reading import reading_for

from assistant.api import Assistant
from assistant.approaches.entity import asked_role
from assistant.approaches.listing import ListApproach, _measured, introduction
from assistant.approaches.text import ITEM_MARK, sentences_of
from assistant.candidates import Passage, TermStats
from assistant.route import route
from assistant.types import Answer
from assistant.verify import strip_markers
from tests.passages import nodes_of

REVIEW = """白岭省城市一季度财力排行：云川领跑，两座小城成黑马

来源：白岭经济周刊

记者 章小川报道

一季度全省共有3个城市（云川、望江、青岚）一般公共预算收入突破500亿元。

全省主要城市财政收入已经出炉，记者梳理发现，排名前5的城市分别是：云川、望江、青岚、石门和北湖。

在排名前5的榜单中，沿江地区城市占据3席，分别是：云川、望江和北湖。

云川逆天，两座矿业小城成黑马

随着一季度数据陆续发布，县级市财力5强出炉，分别是：松口、桐溪、柳港、枫桥和梅岭。

省财政厅新闻发言人柯一鸣3日指出，全省财政收入保持平稳增长。

让人意外的是，石门一季度财政收入增速为负值（-3.2%），也是前5名中唯一负增长的城市。
"""


@pytest.fixture(scope="module")
def review(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("review"), {"review.txt": REVIEW})


def items(answer: Answer | None) -> list[str]:
    assert answer is not None and answer.kind == "list"
    assert answer.verified and not answer.unverified, answer.unverified
    return [strip_markers(line[len(ITEM_MARK):]) for line in answer.text.split("\n") if line.startswith(ITEM_MARK)]


# -- pure rules (no index) ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("text", "enumeration", "expected"), [
    ("记者梳理发现，排名前5的城市分别是：云川、望江和北湖。", "云川、望江和北湖", "排名前5的城市分别是："),
    # its own clause only introduces: the clause before it says what is enumerated
    ("在榜单中，沿江地区城市占据3席，分别是：云川、望江和北湖。", "云川、望江和北湖", "沿江地区城市占据3席，分别是："),
    # in brackets: the words before and after them
    ("全省共有3个城市（云川、望江、青岚）收入突破500亿元。", "云川、望江、青岚", "全省共有3个城市收入突破500亿元"),
])
def test_the_introduction_of_an_enumeration(text: str, enumeration: str, expected: str) -> None:
    start = text.index(enumeration)
    assert introduction(text, start, start + len(enumeration)) == expected


def test_a_subtitle_line_does_not_swallow_the_next_paragraphs_first_sentence() -> None:
    nodes = nodes_of("云川逆天，两座矿业小城成黑马", "随着数据陆续发布，县级市财力5强出炉，分别是：松口、桐溪和柳港。")
    nodes[0].node.metadata["truncated"] = True  # the cleaner marks a line without a sentence end as cut
    texts = [s.text for s in sentences_of([Passage(hit, rank) for rank, hit in enumerate(nodes)])]
    assert texts[-1].startswith("随着数据陆续发布")


def test_a_long_paragraph_cut_mid_sentence_still_drops_the_rest_that_opens_the_next_passage() -> None:
    cut = "全年全省完成固定资产投资比上年增长6.5%，其中基础设施投资增长7.1%，制造业投资增长9.2%，民间投资在各类政策"
    nodes = nodes_of("白岭省2031年国民经济运行情况。", cut, "支持下增长3.3%。房地产开发投资下降4.0%。")
    nodes[1].node.metadata["truncated"] = True
    texts = [s.text for s in sentences_of([Passage(hit, rank) for rank, hit in enumerate(nodes)])]
    assert "房地产开发投资下降4.0%。" in texts
    assert not any(t.startswith("支持下") for t in texts)


@pytest.mark.parametrize(("question", "role"), [
    ("通报财政收支情况的省财政厅新闻发言人是谁？", "发言人"),
    ("石溪风电项目的负责人是谁？", "负责人"),
])
def test_the_role_asked_of_is_the_lexicons_role_word(question: str, role: str) -> None:
    assert asked_role(question) == role


def test_a_polite_summary_request_is_a_summary_even_when_no_word_of_it_is_indexed() -> None:
    stats = TermStats(n.node for n in nodes_of("云川市一季度一般公共预算收入321.5亿元，增长6.1%。"))
    assert route("能简要总结一下这篇报道吗？", stats) == "summary"
    assert route("上海的房价是多少？", stats) == "out_of_scope"  # (a topic the index lacks is still declined)


@pytest.mark.parametrize("question", ["帮我预测一下明年云川的财政收入", "你能预测云川明年的财政收入吗？",
                                      "Please forecast next year's revenue of Yunchuan."])
def test_a_forecast_asked_of_the_assistant_is_out_of_scope(question: str) -> None:
    assert route(question) == "out_of_scope"


def test_a_question_about_a_forecast_the_document_states_is_not_declined() -> None:
    assert route("文章预测云川明年财政收入增长多少？") != "out_of_scope"


# -- on a real index ----------------------------------------------------------------------------------------

@pytest.mark.slow
@pytest.mark.parametrize(("question", "expected"), [
    ("排名前5的城市有哪些？", ["云川", "望江", "青岚", "石门", "北湖"]),
    ("沿江地区有哪些城市进入前5？", ["云川", "望江", "北湖"]),
    ("一般公共预算收入突破500亿元的城市有哪些？", ["云川", "望江", "青岚"]),
    # introduced right after a subtitle line: the sentence is read
    ("县级市财力5强分别是哪些城市？", ["松口", "桐溪", "柳港", "枫桥", "梅岭"]),
])
def test_the_enumeration_introduced_by_the_noun_asked_is_listed(review: Assistant, question: str,
                                                                 expected: list[str]) -> None:
    assert items(ListApproach().answer(reading_for(review, question))) == expected


@pytest.mark.slow
def test_the_spokesperson_is_named_first(review: Assistant) -> None:
    answer = review.ask("通报财政收入情况的省财政厅新闻发言人是谁？")
    assert answer.kind == "entity" and answer.answerable
    assert answer.lead.startswith("柯一鸣")


def test_an_enumeration_of_measures_is_not_one_of_names() -> None:
    assert _measured("新开工80个") and _measured("增长6.1%") and not _measured("云川") and not _measured("2031年")


@pytest.mark.slow
@pytest.mark.parametrize(("question", "verdict"), [
    ("石门一季度财政收入是正增长吗？", "否"),
    ("石门一季度财政收入增长了吗？", "否"),
    ("石门一季度财政收入是负增长吗？", "是"),
])
def test_a_negative_growth_decides_the_direction_asked(review: Assistant, question: str, verdict: str) -> None:
    answer = review.ask(question)
    assert answer.kind == "yesno" and answer.answerable and answer.verified
    assert answer.lead.startswith(verdict) and "-3.2%" in answer.text


SIDES = "对比可以发现，虽然一季度云川经济总量（GDP 812.3亿元）领先望江（GDP 655.1亿元），但是望江的财政收入却领先云川。"


@pytest.mark.parametrize(("claim", "reversed_"), [
    ("云川一季度的财政收入领先望江", True),   # the text says the other way round
    ("望江一季度的财政收入领先云川", False),
    ("云川一季度的经济总量领先望江", False),   # (经济总量 is not in the words the index knows here: no one clause)
])
def test_a_relation_stated_the_other_way_round_is_denied(claim: str, reversed_: bool) -> None:
    from assistant.approaches.yesno import reversed_relation
    from index.keyword import STOPWORDS, tokenize

    words = [t for t in dict.fromkeys(tokenize(claim)) if len(t) >= 2 and t not in STOPWORDS]
    assert reversed_relation(claim, SIDES, words) is reversed_
