"""A change claimed one way of a figure the text states as a change the other way (slice yn20), on invented
passages: "出口增长超过10%了吗" of "出口下降12.5%" is 否 (the figure is a fall, not a rise above 10%), as is a
claimed rise equal to the fall's size; a fall claimed of a fall is compared by its size as before."""

from __future__ import annotations

from assistant.approaches import Reading
from assistant.approaches.verdicts import claimed_direction, stated_direction
from assistant.approaches.yesno import YesNo
from assistant.candidates import TermStats
from tests.passages import ask_passages, nodes_of

_TEXTS = ("今年前三季度，澄川市出口总额下降12.5%，进口总额增长3.1%。",
          "澄川市规模以上工业增加值同比增长6.2%，工业利润总额下降8.4%。")


def _answer(question: str) -> tuple[str, str]:
    nodes = nodes_of(*_TEXTS)
    stats = TermStats(n.node for n in nodes)
    reading = Reading(question, "zh", lambda q: nodes, lambda: [n.node for n in nodes], stats,
                      ask_figure=lambda q: ask_passages(q, *_TEXTS))
    answer = YesNo().answer(reading)
    assert answer is not None and answer.answerable and answer.verified
    return answer.lead, answer.text


def test_the_direction_a_figure_states_is_read_from_the_change_word_before_it() -> None:
    text = "出口下降12.5%，进口增长了3.1%，增速为-2.0%，占比12.5%，余额下降至120亿元。"
    def at(figure: str) -> int:
        i = text.find(figure)
        return stated_direction(text, i, i + len(figure))
    assert at("12.5%") == -1
    assert at("3.1%") == 1
    assert at("-2.0%") == -1
    assert at("120亿元") == 0  # a level reached, not a change
    assert stated_direction(text, text.rfind("12.5%"), text.rfind("12.5%") + 5) == 0  # a share


def test_the_direction_a_claim_states_is_read_from_its_words_before_the_figure() -> None:
    assert claimed_direction("澄川市出口总额增长", "zh") == 1
    assert claimed_direction("澄川市利润下降了", "zh") == -1
    assert claimed_direction("澄川市总投资", "zh") == 0
    assert claimed_direction("Did Chengchuan's exports fall by", "en") == -1
    assert claimed_direction("Did Chengchuan's exports grow by", "en") == 1


def test_a_rise_claimed_of_a_fall_is_denied_as_a_change_the_other_way() -> None:
    lead, text = _answer("澄川市出口总额增长超过10%了吗？")
    assert lead.startswith("否"), lead
    assert "下降12.5%" in text and "12.5%高于10%" not in text


def test_a_rise_claimed_equal_to_the_size_of_a_fall_is_wrong() -> None:
    lead, _ = _answer("澄川市出口总额增长了12.5%，对吗？")
    assert lead.startswith("不对"), lead


def test_a_fall_claimed_of_a_fall_is_decided_by_its_size() -> None:
    lead, _ = _answer("澄川市出口总额下降超过10%了吗？")
    assert lead.startswith("是"), lead
    lead, _ = _answer("澄川市工业利润总额下降超过10%了吗？")
    assert lead.startswith("否"), lead


def test_a_long_change_clause_leaves_the_lead_short_with_a_pointer_to_its_quote() -> None:
    from assistant.approaches.verdicts import decide_direction

    texts = ("今年以来，澄川市坚持稳中求进工作总基调，完整准确全面贯彻新发展理念，"
             "全市规模以上工业企业利润总额在上游原材料价格持续高位运行"
             "和下游需求阶段性走弱等多重不利因素叠加影响下同比下降8.4%。",)
    nodes = nodes_of(*texts)
    reading = Reading("澄川市规模以上工业企业利润总额增长了吗？", "zh", lambda q: nodes,
                      lambda: [n.node for n in nodes], TermStats(n.node for n in nodes))
    answer = decide_direction(reading, "yesno")
    assert answer is not None and answer.answerable
    assert answer.lead.startswith("否") and len(answer.lead) <= 20, answer.lead
    assert "下降8.4%" in answer.text
