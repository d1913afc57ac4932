"""Follow-ups whose new word is a sibling of one word of the earlier question (head-final compounds: 东岚 /
西岚, 出口 / 进口), follow-ups whose verb has the earlier figure as its subject ("它占…的比重", "约占…多少"),
and yes/no follow-ups that name their own quantity of the earlier subject.

Invented conversations and an invented bulletin (no eval question, no document sentence)."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpora import indexed_assistant

from assistant.api import Assistant
from assistant.chat import needs_context, resolve
from assistant.followup import head_analogue, relates_earlier_figure

# (earlier question, follow-up, resolved question)
SIBLINGS = [
    # the sibling replaces one word; the words around it stay (the whole entity slot would lose 进出口)
    ("青溪县一季度对东岚进出口增长了多少？", "那西岚呢？", "青溪县一季度对西岚进出口增长了多少？"),
    # a word jieba's search mode finds at a word's start: 出口 of 出口额
    ("青溪县一季度出口额是多少？", "进口呢？", "青溪县一季度进口额是多少？"),
    ("华星公司上半年技术服务出口是多少？", "那进口呢？", "华星公司上半年技术服务进口是多少？"),
    ("青溪县城镇居民人均可支配收入是多少？", "那农村居民呢？", "青溪县农村居民人均可支配收入是多少？"),
    # a two-word ellipsis whose head word the earlier question shares: the word before it is replaced
    ("华星乐园国庆门票预订同比涨了多少？", "酒店预订呢？", "华星乐园国庆酒店预订同比涨了多少？"),
    # whole-slot replacements still hold
    ("青溪县2024年第一产业增加值是多少？", "那第三产业呢？", "青溪县2024年第三产业增加值是多少？"),
    ("云川省2024年粮食产量是多少？", "那河西省呢？", "河西省2024年粮食产量是多少？"),
]


@pytest.mark.parametrize(("earlier", "follow", "resolved"), SIBLINGS)
def test_sibling_replaces_one_word(earlier: str, follow: str, resolved: str) -> None:
    assert needs_context(follow)
    assert resolve(follow, [(earlier, "")]) == resolved


def test_sibling_never_inside_a_word() -> None:
    # 出口 inside 进出口 starts in the middle of a word: no span is replaced there
    assert head_analogue("青溪县进出口总额是多少？", "进口") == ""
    assert "进进口" not in resolve("那进口呢？", [("青溪县进出口总额是多少？", "")])


def test_two_siblings_are_not_guessed_between() -> None:
    assert head_analogue("东岚与北岚贸易额是多少？", "西岚") == ""


def test_a_name_of_its_own_is_no_sibling() -> None:
    # 民营企业 shares 企业 with 控股企业, but is one word for two: it names a whole of its own (the entity
    # slot's path), never 国有民营企业; two words changed (资产总计 / 负债合计) are not one sibling either
    assert head_analogue("国有控股企业利润总额是多少？", "民营企业") == ""
    assert resolve("那民营企业呢？", [("国有控股企业利润总额是多少？", "")]) == "民营企业利润总额是多少？"
    assert head_analogue("青溪县资产总计是多少？", "负债合计") == ""


def test_sibling_needs_the_same_length_and_head() -> None:
    assert head_analogue("青溪县一季度出口额是多少？", "农业") == ""  # no span ends in 业
    assert head_analogue("青溪县一季度出口额是多少？", "出口额") == ""  # already named: nothing new


RELATIONS = [
    ("青溪县一季度与华星公司贸易额多少？", "它占全县外贸的比重是多少？",
     "青溪县一季度与华星公司贸易额占全县外贸的比重是多少？"),
    ("青溪县粮食产量是多少？", "占全省的比重是多少？", "青溪县粮食产量占全省的比重是多少？"),
    ("王明持有华星公司多少股？", "约占总股本多少？", "王明持有华星公司约占总股本多少？"),
]


@pytest.mark.parametrize(("earlier", "follow", "resolved"), RELATIONS)
def test_verb_without_subject_relates_the_earlier_figure(earlier: str, follow: str, resolved: str) -> None:
    assert relates_earlier_figure(follow)
    assert needs_context(follow)
    assert resolve(follow, [(earlier, "")]) == resolved


@pytest.mark.parametrize("question", [
    "新签约项目多少个？",  # a count of its own
    "它建成后年产值能到多少？",  # 它 is the earlier subject, the quantity its own (money)
    "它比上年增长了多少？",  # a change of the earlier figure: the slots' own path
    "青溪县占全省的比重是多少？",  # names its subject before the verb
    "其中农业项目占多少？",  # a subset, not a relation
])
def test_questions_that_are_no_relation_of_the_earlier_figure(question: str) -> None:
    assert not relates_earlier_figure(question)


BULLETIN = """青溪县2025年重点项目建设情况通报

青溪风电项目总投资8.6亿元，由县能源公司负责实施，项目负责人为周立行，新建风电机组24台。

华星新型建材项目总投资15.2亿元，项目负责人为林远山，目前主体厂房已封顶。
"""


@pytest.fixture(scope="module")
def qingxi(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(Path(tmp_path_factory.mktemp("follow17")), {"qingxi2025.txt": BULLETIN})


@pytest.mark.slow
@pytest.mark.parametrize(("earlier", "follow", "verdict", "figure"), [
    ("青溪风电项目的负责人是谁？", "它的总投资超过10亿元了吗？", "否", "8.6亿元"),
    ("华星新型建材项目的负责人是谁？", "它的总投资超过10亿元了吗？", "是", "15.2亿元"),
])
def test_yes_no_follow_up_names_its_own_quantity(qingxi: Assistant, earlier: str, follow: str, verdict: str,
                                                 figure: str) -> None:
    first = qingxi.ask(earlier)
    answer = qingxi.ask(follow, history=[(earlier, first.text)])
    assert answer.resolved_question.startswith(earlier.split("的负责人")[0]), answer.resolved_question
    assert answer.text.startswith(verdict) and figure in answer.text, (answer.resolved_question, answer.text)
    assert not answer.unverified


# (earlier question, follow-up, resolved question)
OWNERS_AND_COMPARISONS = [
    # a name before 的 owns the entity: a new thing stays the name's, a new name takes the same thing
    ("王明的年度薪酬是多少？", "那董事报酬呢？", "王明的董事报酬是多少？"),
    ("王明的年度薪酬是多少？", "李华呢？", "李华的年度薪酬是多少？"),
    # a comparison with no first term compares the earlier figure, whatever its class
    ("青溪县城镇居民人均可支配收入是多少？", "比农村居民高多少？", "青溪县城镇居民人均可支配收入比农村居民高多少？"),
    ("青溪县2024年粮食产量是多少？", "较全省平均高多少？", "青溪县2024年粮食产量较全省平均高多少？"),
    # a verb before a copula is the subject's noun (研发投入 是多少), kept with it, not dropped as asking words
    ("华星公司2024年研发投入是多少？", "比上年增加了多少？", "华星公司2024年研发投入比上年增加了多少？"),
    ("华星公司2024年研发投入是多少？", "那2023年呢？", "华星公司2023年研发投入是多少？"),
]


@pytest.mark.parametrize(("earlier", "follow", "resolved"), OWNERS_AND_COMPARISONS)
def test_owner_kept_and_comparison_of_the_earlier_figure(earlier: str, follow: str, resolved: str) -> None:
    assert needs_context(follow)
    assert resolve(follow, [(earlier, "")]) == resolved


def test_a_chain_of_three_follow_ups() -> None:
    turns = [("青溪县2024年粮食产量是多少？", "612.4万吨"), ("那2023年呢？", "600.2万吨"), ("河西省呢？", "512.0万吨")]
    assert resolve("同比增长多少？", turns) == "河西省2023年粮食产量同比增长多少？"


ENGLISH = [
    # "it" is what the earlier question asked about, its asking words left out
    ("What was Qingxi county's grain output in 2024?", "How much did it grow?",
     "How much did Qingxi county's grain output in 2024 grow?"),
    ("What was Huaxing's revenue in 2024?", "By how much did it increase year on year?",
     "By how much did Huaxing's revenue in 2024 increase year on year?"),
    # "its" is whom the earlier question named: the quantity is replaced, the owner stays
    ("What was Huaxing's revenue in 2024?", "And its net profit?", "What was Huaxing's net profit in 2024?"),
    ("What was Huaxing's revenue in 2024?", "What about net profit?", "What was Huaxing's net profit in 2024?"),
]


@pytest.mark.parametrize(("earlier", "follow", "resolved"), ENGLISH)
def test_english_follow_ups_through_the_earlier_question(earlier: str, follow: str, resolved: str) -> None:
    assert resolve(follow, [(earlier, "")]) == resolved


def test_english_earlier_question_naming_only_a_quantity_has_no_subject() -> None:
    # nothing for "it" to be: the engine asks which one is meant instead of guessing
    assert resolve("How much did it grow?", [("What is its revenue?", "")]) == "How much did it grow?"
