"""Issues 8 (class 5) and 9: English questions on unseen documents. The cross-lingual fallback at the refusal
gate (a figure whose clause is clearly the closest in meaning, when the dictionary's words leave every figure
short of the cut-offs), code-like names kept as terms (QFII, T2), proper names read from CC-CEDICT's first
gloss ("Ordos"), a price's rise and fall (上涨, 下跌), and "How many … list" routed as a count. Every sentence
is invented (an imaginary company, 蓝峰科技, and city, 云川市)."""

from __future__ import annotations

from typing import ClassVar

import numpy as np
import pytest
from corpora import indexed_assistant

from assistant.api import Assistant
from assistant.bilingual import dictionary, english_terms, frequency_in, words_of
from assistant.crosslingual import ClauseSimilarity
from assistant.hints import codes_in
from assistant.question import analyse
from assistant.route import routed
from tests.test_answer_engine import assert_refused, assert_states


class _Vectors:
    """A stand-in embedding with set vectors (isolates the margin rule from any model's cosines)."""

    def __init__(self, vectors: dict[str, list[float]]) -> None:
        self.vectors = vectors

    def get_query_embedding(self, text: str) -> list[float]:
        return self.vectors[text]

    def get_text_embedding_batch(self, texts: list[str], **kwargs: object) -> list[list[float]]:
        return [self.vectors[t] for t in texts]


def _unit(angle: float) -> list[float]:
    return [float(np.cos(angle)), float(np.sin(angle))]


def test_a_clause_is_picked_only_when_clearly_closer_than_every_other_figures() -> None:
    # cosines: near 1.0, 0.995 (0.1 rad), 0.92 (0.4 rad)
    model = _Vectors({"q": _unit(0.0), "near": _unit(0.0), "close": _unit(0.1), "far": _unit(0.4)})
    sim = ClauseSimilarity(model, margin=0.035)
    assert sim.clearly_closest("q", ["far", "near"], ["a", "b"]) == 1  # 0.08 ahead
    assert sim.clearly_closest("q", ["near", "close", "far"], ["a", "b", "c"]) is None  # 0.005 ahead only
    # the same figure stated twice is no rival of itself; two figures of one clause tie
    assert sim.clearly_closest("q", ["near", "close", "far"], ["a", "a", "c"]) == 0
    assert sim.clearly_closest("q", ["near", "near", "far"], ["a", "b", "c"]) is None
    assert sim.clearly_closest("q", ["near"], ["a"]) is None  # nothing to be closer than
    assert sim.clearly_closest("q", [], []) is None


# an invented company report: the English name "BluePeak" is no pinyin and no dictionary word, so an English
# question names the company in no Chinese word the text uses
LANFENG = """蓝峰科技2025年经营情况

2025年，蓝峰科技实现营业收入86.4亿元，同比增长12.5%；净利润9.8亿元，同比增长7.1%。

公司全年研发投入6.2亿元，新增专利210项。截至年末，公司员工3150人。

股价方面，今年以来蓝峰科技股价下跌了18.6%。目前蓝峰科技总市值为460亿元。
"""


@pytest.fixture(scope="module")
def lanfeng(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("lanfeng"), {"lanfeng.txt": LANFENG})


@pytest.mark.slow
@pytest.mark.parametrize(("question", "expected", "evidence"), [
    # the fallback: 市值 is read, "BluePeak" and "at present" (当前; the text writes 目前) are not
    ("What is BluePeak's total market value at present?", "460亿元", "总市值为460亿元"),
    # the price's fall: 下跌 as well as 下降
    ("How much did BluePeak's share price drop this year?", "18.6%", "股价下跌了18.6%"),
])
def test_english_questions_naming_the_company_in_english(lanfeng: Assistant, question: str, expected: str,
                                                         evidence: str) -> None:
    assert_states(lanfeng.ask(question), expected, evidence)


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "What is BluePeak's price-to-earnings ratio at present?",  # not stated
    "How many patents did BluePeak hold at the end of 2020?",  # another year
])
def test_what_the_company_report_does_not_state_is_refused(lanfeng: Assistant, question: str) -> None:
    assert_refused(lanfeng.ask(question))


def test_code_like_names_are_terms_where_the_text_uses_them() -> None:
    class Stats:
        df: ClassVar[dict[str, int]] = {"qfii": 2, "t2": 1, "5g": 3, "托管": 2}

        def known(self, term: str) -> bool:
            return term in self.df

    stats = Stats()
    assert codes_in("How many foreign banks hold QFII custodian qualifications?", stats) == ["QFII"]  # type: ignore[arg-type]
    assert codes_in("What passenger throughput was Terminal 2 planned for?", stats) == ["T2"]  # type: ignore[arg-type]
    assert codes_in("How many 5G base stations were built?", stats) == ["5G"]  # type: ignore[arg-type]
    # a code the text does not use, and an indicator's abbreviation (read as the indicator), are no such term
    assert codes_in("What was the RCEP share of GDP in Line 3?", stats) == []  # type: ignore[arg-type]


def test_a_proper_nouns_first_gloss_names_it() -> None:
    # CC-CEDICT: 鄂尔多斯 "Ordos, region of Inner Mongolia …": the name before the comma is an English word for it
    assert "鄂尔多斯" in dictionary()[" ".join(words_of("Ordos"))]
    assert "中卫" in dictionary()["zhongwei"]


def test_a_price_rises_and_falls() -> None:
    frequency = frequency_in({"股价": 2, "下跌": 3, "下降": 1, "上涨": 2, "增长": 4})
    fell = english_terms("How much did the company's share price drop this year?", frequency)
    assert "下跌" in fell.attribute
    rose = english_terms("By how much did consumer prices rise?", frequency)
    assert "上涨" in rose.attribute
    assert analyse("How much did the share price drop? ｜ 下跌 ｜  ｜ 股价 ｜ ").unit_class == "percent"


def test_how_many_before_a_list_word_asks_one_count() -> None:
    assert routed("How many logistics hubs were on the first national list released in 2021?").kind == "figure"
    assert routed("How much investment was on the list of key projects?").kind == "figure"
    # one amount per item is still a list
    assert routed("How many projects are in each sector?").kind == "list"
    assert routed("Which sectors are the projects divided into?").kind == "list"
