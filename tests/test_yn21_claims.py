"""A claim whose figure the engine does not read, decided by the sentence stating it (slice yn21), on invented
passages: each figure of the claimed kind is read with its sentence up to the end of its own clause; the run must
state most of the subject's words, and the best run must stand clear of every other figure's (by those words and
by the embedding model's similarity to the subject's question), else nothing is decided."""

from __future__ import annotations

from typing import Any

from assistant.approaches import Reading
from assistant.approaches.verdicts import claim_in_sentence, subject_question_of
from assistant.approaches.yesno import claimed
from assistant.candidates import TermStats
from tests.passages import nodes_of

_PORT = ("去年，澄川港集装箱吞吐量320万标箱，同比增长6.5%；散货吞吐量增长2.1%。",
         "同期，澄川港旅客吞吐量下降4.2%。",
         "青禾县茶叶出口额12亿元。")


def _reading(question: str, texts: tuple[str, ...], embedding: Any = None) -> Reading:
    nodes = nodes_of(*texts)
    stats = TermStats(n.node for n in nodes)
    return Reading(question, "zh", lambda q: nodes, lambda: [n.node for n in nodes], stats, embedding=embedding)


def _claim(question: str) -> Any:
    claim = claimed(question)
    assert claim is not None
    return claim[0]


def test_the_figure_of_the_clause_run_stating_the_subject_decides() -> None:
    # 6.5% closes the clause run that names 集装箱吞吐量; 2.1% (散货) and 4.2% (旅客) close runs naming others
    question = "澄川港集装箱吞吐量增长超过5%了吗？"
    found = claim_in_sentence(_reading(question, _PORT), "澄川港集装箱吞吐量增长了多少？", _claim(question))
    assert found is not None and found[1].text == "6.5%", found


def test_a_subject_the_documents_barely_state_decides_nothing() -> None:
    # 青禾县 and 出口 are written, but not the subject's quantity (茶园面积): no figure of the kind is its figure
    question = "青禾县茶园面积占全县耕地比重超过5%了吗？"
    assert claim_in_sentence(_reading(question, _PORT), "青禾县茶园面积占全县耕地比重是多少？",
                             _claim(question)) is None


def test_two_figures_as_well_stated_decide_nothing() -> None:
    texts = ("上半年，澄川港货物吞吐量增长3.1%。", "下半年，澄川港货物吞吐量增长7.4%。")
    question = "澄川港货物吞吐量增长超过5%了吗？"
    assert claim_in_sentence(_reading(question, texts), "澄川港货物吞吐量增长了多少？", _claim(question)) is None


class _Toward:
    """A fake embedding (isolating the unit from the model): texts holding `near` point one way, the rest
    another, and the question points the first way."""

    def __init__(self, near: str) -> None:
        self.near = near

    def get_query_embedding(self, _: str) -> list[float]:
        return [1.0, 0.0]

    def get_text_embedding_batch(self, texts: list[str]) -> list[list[float]]:
        return [[1.0, 0.0] if self.near in t else [0.0, 1.0] for t in texts]


def test_similarity_in_meaning_parts_runs_the_words_tie() -> None:
    texts = ("上半年，澄川港货物吞吐量增长3.1%。", "下半年，澄川港货物吞吐量增长7.4%。")
    question = "澄川港货物吞吐量增长超过5%了吗？"
    found = claim_in_sentence(_reading(question, texts, _Toward("下半年")), "澄川港货物吞吐量增长了多少？",
                              _claim(question))
    assert found is not None and found[1].text == "7.4%"


def test_a_subject_is_asked_as_a_question() -> None:
    assert subject_question_of("澄川港货物吞吐量") == "澄川港货物吞吐量是多少？"
    assert subject_question_of("澄川港货物吞吐量增长了多少？") == "澄川港货物吞吐量增长了多少？"


def test_an_engine_figure_about_another_thing_leaves_the_claim_to_the_sentence_stating_it() -> None:
    from assistant.approaches.yesno import YesNo
    from tests.passages import ask_passages

    passage = ("澄川港集装箱吞吐量增长6.5%。同期，澄川港旅客吞吐量下降4.2%。",)

    def passengers(_: str) -> Any:  # the engine quotes the passengers' sentence, not the containers'
        return ask_passages("澄川港旅客吞吐量下降了多少？", *passage)

    nodes = nodes_of(*passage)
    reading = Reading("澄川港集装箱吞吐量增长超过5%了吗？", "zh", lambda q: nodes, lambda: [n.node for n in nodes],
                      TermStats(n.node for n in nodes), ask_figure=passengers)
    answer = YesNo().answer(reading)
    assert answer is not None and answer.answerable and answer.verified
    assert answer.lead.startswith("是"), answer.lead
    assert "6.5%" in answer.text and "4.2%" not in answer.lead


def test_a_figure_of_another_item_in_the_subjects_sentence_decides_nothing() -> None:
    # 红茶 is named only in a clause between two other teas' figures: 9.8% closes 白茶's clause, not its own
    texts = ("绿茶产量增长3.1%，红茶加工厂新建两处，白茶产量增长9.8%。",)
    question = "红茶产量增长超过5%了吗？"
    assert claim_in_sentence(_reading(question, texts), "红茶产量增长了多少？", _claim(question)) is None
