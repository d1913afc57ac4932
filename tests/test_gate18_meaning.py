"""Issue 8 (lookups on a new document): a Chinese question's figure with the embedding model's say.

The words decide; when they refuse the best figure, the figure whose clause is clearly the closest to the question
in meaning is stated, the attribute, key name and periods still standing (FigureAnswerSynthesizer._meant_in_chinese).
A stand-in embedding with set vectors isolates the rule from any model's cosines. Every sentence is invented (an
imaginary city, 云川市)."""

from __future__ import annotations

import numpy as np
from passages import nodes_of, refused, states

from assistant.answer import FigureAnswerSynthesizer
from assistant.candidates import TermStats
from assistant.crosslingual import ClauseSimilarity
from assistant.types import Answer


class _Meaning:
    """A stand-in embedding: the question points along x; a clause holding `near` points the same way, every
    other clause `off` radians away (0.5: cosine 0.88)."""

    def __init__(self, near: str, off: float = 0.5) -> None:
        self.near = near
        self.off = off

    def get_query_embedding(self, text: str) -> list[float]:
        return [1.0, 0.0]

    def get_text_embedding_batch(self, texts: list[str], **kwargs: object) -> list[list[float]]:
        return [[1.0, 0.0] if self.near in t else [float(np.cos(self.off)), float(np.sin(self.off))] for t in texts]


def _ask(question: str, texts: list[str], near: str | None, off: float = 0.5) -> Answer:
    nodes = nodes_of(*texts)
    similarity = ClauseSimilarity(_Meaning(near, off), margin=0.035) if near is not None else None
    return FigureAnswerSynthesizer(TermStats(n.node for n in nodes), similarity).answer(question, nodes)


# two figures the question's words fit almost equally (用电量 labels both; the subject and period stand by both)
POWER = ["云川市今年一季度经济运行情况。一季度，云川市工业用电量达到12.4亿千瓦时，同比增长3.1%。",
         "一季度，云川市全社会用电量达到35.8亿千瓦时，同比增长5.6%。"]


def test_close_calls_among_figures_the_words_accept_stay_the_words() -> None:
    # the words alone pick the first passage's figure; a clause closer in meaning does not overturn them
    for near in (None, "全社会", "工业用电"):
        assert states(_ask("云川市一季度用电量是多少？", POWER, near), "12.4亿千瓦时")


# the question names its source (统计局, 简报) only the document's first passage states: the words refuse the figure
BULLETIN = ["云川市统计局发布2025年一季度简报。云川市一季度地区生产总值增长5.2%。",
            "云川市一季度新登记市场主体1.2万户，其中企业4300户。"]


def test_a_figure_the_words_refuse_is_stated_when_its_clause_is_clearly_the_closest_in_meaning() -> None:
    question = "云川市统计局简报中一季度新登记市场主体多少户？"
    assert refused(_ask(question, BULLETIN, None))  # the words alone: too few of the subject's words around it
    assert states(_ask(question, BULLETIN, "市场主体"), "1.2万户")
    # every clause as close as the others: nothing is clearly meant, the refusal stands
    assert refused(_ask(question, BULLETIN, "没有"))


def test_meaning_lifts_no_figure_the_cut_offs_refuse_above_one_they_accept() -> None:
    # 全社会用电量 asked: 社会 is missing around 12.4; its clause, however much closer in meaning (cosine 1.0
    # against 0.36), does not displace the figure the words accept
    assert states(_ask("云川市一季度全社会用电量是多少？", POWER, "工业用电", off=1.2), "35.8亿千瓦时")


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
