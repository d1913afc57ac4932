"""Yes/no claims of a span of time (slice yn20), on invented passages: the claim's own lookup asks a span of
time ("…多久？"), and when the figure engine states a figure of another kind, the one sentence that plainly states
the subject's figure of the claimed kind decides it."""

from __future__ import annotations

from assistant.approaches import Reading
from assistant.approaches.yesno import YesNo, claimed, subject_question
from assistant.candidates import TermStats
from assistant.types import Answer
from tests.passages import ask_passages, nodes_of

_TEXTS = ("青禾大桥项目总投资12亿元，由澄川路桥集团承建。",
          "青禾大桥项目建设工期为30个月，计划于后年底建成通车。",
          "澄川路桥集团去年完成营业收入45亿元，同比增长8.2%。")


def _reading(question: str, ask_figure: object) -> Reading:
    nodes = nodes_of(*_TEXTS)
    stats = TermStats(n.node for n in nodes)
    return Reading(question, "zh", lambda q: nodes, lambda: [n.node for n in nodes], stats,
                   ask_figure=ask_figure)  # type: ignore[arg-type]


def test_a_span_of_time_claimed_is_asked_as_a_span_of_time() -> None:
    question = "青禾大桥项目的建设工期是24个月吗？"
    claim = claimed(question)
    assert claim is not None and claim[0].unit_class == "time" and claim[1] == "="
    assert subject_question(question, claim[0], "zh") == "青禾大桥项目的建设工期多久？"


def test_a_figure_of_another_kind_leaves_the_claim_to_the_sentence_stating_it() -> None:
    def investment(_: str) -> Answer:  # the engine reads the project's money, not its span of time
        return ask_passages("青禾大桥项目的总投资是多少？", *_TEXTS)

    answer = YesNo().answer(_reading("青禾大桥项目的建设工期是24个月吗？", investment))
    assert answer is not None and answer.answerable and answer.verified
    assert answer.lead.startswith("不"), answer.lead
    assert "30个月" in answer.text and "12亿元" not in answer.lead
    assert any("30个月" in c.text[c.start - c.passage_start:c.end - c.passage_start] for c in answer.citations)


def test_a_claim_the_sentence_bears_out_is_confirmed() -> None:
    def investment(_: str) -> Answer:
        return ask_passages("青禾大桥项目的总投资是多少？", *_TEXTS)

    answer = YesNo().answer(_reading("青禾大桥项目的建设工期超过24个月了吗？", investment))
    assert answer is not None and answer.answerable
    assert answer.lead.startswith("是"), answer.lead


def test_no_sentence_of_the_kind_claimed_leaves_it_refused() -> None:
    def investment(_: str) -> Answer:
        return ask_passages("青禾大桥项目的总投资是多少？", *_TEXTS)

    answer = YesNo().answer(_reading("澄川路桥集团的成立时间是20年吗？", investment))
    assert answer is None or not answer.answerable or "20年" not in answer.lead.replace("20年吗", "")
