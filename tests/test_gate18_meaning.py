"""Issue 8 (lookups on a new document): a Chinese question's figure chosen with the embedding model's say.

The words decide which figures may answer; among the few best that pass the cut-offs, how close each figure's
clause is to the question in meaning breaks the close call (FigureAnswerSynthesizer._meant_in_chinese). A
stand-in embedding with set vectors isolates the rule from any model's cosines. Every sentence is invented
(an imaginary city, 云川市)."""

from __future__ import annotations

import numpy as np
from passages import nodes_of, refused, states

from assistant.answer import FigureAnswerSynthesizer
from assistant.candidates import TermStats
from assistant.crosslingual import ClauseSimilarity
from assistant.types import Answer


class _Meaning:
    """A stand-in embedding: the question points along x; a clause holding `near` points the same way, every
    other clause 0.5 rad off (cosine 0.88)."""

    def __init__(self, near: str) -> None:
        self.near = near

    def get_query_embedding(self, text: str) -> list[float]:
        return [1.0, 0.0]

    def get_text_embedding_batch(self, texts: list[str], **kwargs: object) -> list[list[float]]:
        return [[1.0, 0.0] if self.near in t else [float(np.cos(0.5)), float(np.sin(0.5))] for t in texts]


def _ask(question: str, texts: list[str], near: str | None) -> Answer:
    nodes = nodes_of(*texts)
    similarity = ClauseSimilarity(_Meaning(near), margin=0.035) if near is not None else None
    return FigureAnswerSynthesizer(TermStats(n.node for n in nodes), similarity).answer(question, nodes)


# two figures the question's words fit almost equally (用电量 labels both; the subject and period stand by both)
POWER = ["云川市今年一季度经济运行情况。一季度，云川市工业用电量达到12.4亿千瓦时，同比增长3.1%。",
         "一季度，云川市全社会用电量达到35.8亿千瓦时，同比增长5.6%。"]


def test_the_clause_closer_in_meaning_decides_a_close_call_between_figures_the_words_accept() -> None:
    # the words alone: the first passage's figure, ranked first by retrieval
    assert states(_ask("云川市一季度用电量是多少？", POWER, None), "12.4亿千瓦时")
    # the meaning moves the close call either way: it is the similarity that decides, not the order
    assert states(_ask("云川市一季度用电量是多少？", POWER, "全社会"), "35.8亿千瓦时")
    assert states(_ask("云川市一季度用电量是多少？", POWER, "工业用电"), "12.4亿千瓦时")


def test_meaning_lifts_no_figure_of_another_period() -> None:
    # the question's year rules the figure out, however close its clause: refused with or without the model
    texts = ["云川市2024年经济运行情况。2024年，云川市全社会用电量达到140.2亿千瓦时，同比增长4.0%。",
             "2024年，云川市工业用电量达到61.7亿千瓦时。"]
    for near in (None, "全社会", "工业"):
        assert refused(_ask("云川市2025年全社会用电量是多少？", texts, near))


def test_meaning_states_no_figure_when_the_attribute_asked_labels_none() -> None:
    # 用水量 is asked; the text states power only: no closeness in meaning makes 用电量 an answer
    texts = [*POWER, "云川市今年一季度全市供水总量达到3.2亿立方米。"]
    for near in (None, "全社会", "工业"):
        assert not states(_ask("云川市一季度用水量是多少千瓦时？", texts, near), "35.8亿千瓦时")
        assert not states(_ask("云川市一季度用水量是多少千瓦时？", texts, near), "12.4亿千瓦时")
