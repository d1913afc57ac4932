"""Reading rules found on the CMRC 2018 trial dev half (eval.cmrc), each on an invented sentence."""

from __future__ import annotations

from llama_index.core.schema import NodeWithScore, TextNode
from passages import ask_passages, states

from assistant.answer import FigureAnswerSynthesizer
from assistant.candidates import Passage, TermStats
from assistant.types import Answer
from assistant.vocabulary import same_counter


def _ask_entry(question: str, title: str, *texts: str) -> Answer:
    """The answer from passages of one encyclopedia entry with this title."""
    nodes = [NodeWithScore(node=TextNode(text=t, metadata={"start": 0, "end": len(t), "doc_id": f"e{i}.txt",
                                                           "title": title}), score=1.0) for i, t in enumerate(texts)]
    return FigureAnswerSynthesizer(TermStats(n.node for n in nodes)).answer(question, nodes)


ENTRY = ("青地罗是一种多年生草本植物。分布在云岭、青州、临川等地，生长于海拔300米至2,100米的山坡，多生于林下。"
         "植株高约15厘米。")


def test_an_entrys_own_name_is_not_a_peer_of_the_places_its_sentence_lists() -> None:
    answer = _ask_entry("青地罗生长的地区海拔约是多少米？", "青地罗", ENTRY)
    assert states(answer, "300米"), answer.text


def test_a_thousands_separator_ends_no_clause() -> None:
    passage = Passage(NodeWithScore(node=TextNode(text=ENTRY), score=1.0), 0)
    at = ENTRY.index("2,100")
    start, end = passage.span(at, "，,；;。")
    assert ENTRY[start:end] == "生长于海拔300米至2,100米的山坡"
    listed = "甲,乙两地"  # a comma between words still ends a phrase
    assert Passage(NodeWithScore(node=TextNode(text=listed), score=1.0), 0).span(2, "，,") == (2, len(listed))
    quoted = _ask_entry("青地罗生长的地区海拔约是多少米？", "青地罗", ENTRY)
    assert "2,100米" in quoted.text, quoted.text  # the range quoted whole, not cut at its comma


def test_a_count_of_the_thing_asked_stated_as_a_bound_answers() -> None:
    text = "青州学堂创办于2015年。2019年5月，平台上已经有超过2600个课程在线上，其中少数仅是书单。"
    answer = ask_passages("2019年5月，平台上的课程有多少？", text)
    assert states(answer, "2600个") and "超过" in answer.text, answer.text


def test_a_bound_beside_another_thing_still_does_not_answer() -> None:
    text = "2019年5月，平台已有超过2600名用户注册，平台上的课程共计310个。"
    answer = ask_passages("2019年5月，平台上的课程有多少？", text)
    assert states(answer, "310个") and not states(answer, "2600名"), answer.text


def test_songs_are_counted_by_the_records_that_carry_them() -> None:
    assert same_counter("首", "张") and same_counter("张", "首") and same_counter("部", "首")
    assert not same_counter("首", "辆")
    text = "林晓岚于2009年发行第三张专辑。林晓岚第三张专辑中有4张单曲进入青州流行榜前十名。专辑销量超过30万张。"
    answer = ask_passages("第三张专辑里，林晓岚有几首歌进入了青州流行榜前十？", text)
    assert states(answer, "4张"), answer.text


def test_which_two_asks_for_the_items_not_a_count_of_two() -> None:
    text = ("青石框架是一套开源的网页工具包。青石框架目前支持Python3.8版和Go1.20版两个运行环境。"
            "它由青州大学于2015年发布。")
    answer = ask_passages("青石框架目前支持哪两个运行环境？", text)
    assert answer.answerable and "Python3.8版和Go1.20版" in answer.text, answer.text


def test_a_description_asked_of_a_year_is_read_from_the_sentence_stating_that_year() -> None:
    from assistant.approaches import Reading
    from assistant.approaches.describe import DescribeApproach

    text = ("林子安，字静山，青州人，家族世代经商，至林子安时为第三代，成为青州有名的商人。"
            "光绪五年（1879年）三月，林自行出资在青州创办了一所女子学堂。林子安晚年移居海州。")
    nodes = [NodeWithScore(node=TextNode(text=text, metadata={"start": 0, "end": len(text), "doc_id": "a.txt"}),
                           score=1.0)]
    reading = Reading(question="1879年，林子安做了什么事情？", lang="zh", retrieve=lambda _q: nodes,
                      all_nodes=lambda: [n.node for n in nodes], stats=TermStats(n.node for n in nodes))
    answer = DescribeApproach().answer(reading)
    assert answer is not None and answer.answerable, answer
    assert answer.lead.startswith("光绪五年（1879年）三月"), answer.lead
