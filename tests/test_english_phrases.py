"""Issue 8, class 5: English questions in the words of bank, broker and transport reports. Multi-word phrases
of the statistics lexicon read whole (capital adequacy ratio 资本充足率, passenger throughput 旅客吞吐量), "how
many times/shares/TEUs" asking a count in that counter, and a name joined by "of" owning the quantity ("Bank
of Yunchuan's net profit"). Every sentence here is invented (an imaginary city, 云川, and its bank)."""

from __future__ import annotations

from typing import ClassVar

import pytest
from corpora import indexed_assistant

from assistant.api import Assistant
from assistant.bilingual import asked_counter, attribute_phrase, english_terms, frequency_in
from assistant.hints import with_hints
from assistant.question import analyse, attribute_class
from tests.test_answer_engine import assert_refused, assert_states

# word counts of an invented bank report's and airport bulletin's passages
DF = {"云川": 6, "银行": 9, "净利润": 3, "资本充足率": 2, "资本": 3, "充足率": 2, "配股": 1, "发行": 2,
      "旅客": 2, "吞吐量": 3, "市值": 2, "总市值": 1, "业绩预告": 1, "券商": 2, "提及": 1, "规划": 2}
FREQUENCY = frequency_in(DF)


def test_a_multi_word_phrase_is_read_before_its_words() -> None:
    found = english_terms("What was the bank's capital adequacy ratio at the end of last year?", FREQUENCY)
    assert found.attribute[0] == "资本充足率"
    found = english_terms("What annual passenger throughput was the new terminal planned for?", FREQUENCY)
    assert found.attribute[0] == "旅客吞吐量"  # whole, not 客运 for "passenger" alone
    found = english_terms("What is the company's total market value at present?", FREQUENCY)
    assert "总市值" in found.attribute or "市值" in found.attribute


def test_a_phrase_the_text_does_not_use_gives_no_term() -> None:
    # the lexicon gives 资本充足率, but a text without it (nor its pieces) keeps it out of the question
    found = english_terms("What was the capital adequacy ratio?", frequency_in({"银行": 3}))
    assert "资本充足率" not in found.attribute


def test_the_new_indicators_have_a_class() -> None:
    assert attribute_class("市值") == "money"
    assert attribute_class("资本充足率") == "percent"
    assert attribute_class("旅客吞吐量") == "count"


def test_how_many_times_and_shares_ask_a_counter() -> None:
    assert asked_counter("How many times is Yunchuan mentioned in the plan?") == ("次", "times")
    assert asked_counter("How many shares did the bank issue in its rights offering?") == ("股", "shares")
    assert asked_counter("How many TEUs did the trains carry?")[0] == "标箱"
    assert asked_counter("How many banks hold the licence?") == ("", "")
    assert asked_counter("What share of trade was with Yunchuan?") == ("", "")  # no "how many": a share


def test_the_counter_word_is_no_share_nor_a_multiple() -> None:
    shares = english_terms("How many shares did the Bank of Yunchuan issue in its rights offering?", FREQUENCY)
    assert shares.counted == "" and "占比" not in shares.attribute
    assert "配股" in [z for g in shares.other for z in g]
    times = english_terms("How many times is Yunchuan mentioned in the plan?", FREQUENCY)
    assert "倍" not in [z for g in times.other for z in g]


def test_a_count_in_a_counter_is_analysed_with_it() -> None:
    q = analyse("How many shares did the bank issue in its rights offering? ｜  ｜  ｜ 配股 ｜ ")
    assert q.unit_class == "count" and q.counter == "股"
    q = analyse("How many times is Yunchuan mentioned in the plan?")
    assert q.unit_class == "count" and q.counter == "次"
    assert analyse("How many banks hold the licence?").counter == ""


def test_a_name_joined_by_of_owns_the_quantity() -> None:
    assert attribute_phrase("What was Bank of Yunchuan's net profit in 2020?") == "net profit"
    assert attribute_phrase("What was the Bank of Yunchuan's net profit in 2020?") == "net profit"
    found = english_terms("What was Bank of Yunchuan's net profit in 2020?", FREQUENCY)
    assert found.attribute[0] == "净利润" and "银行" not in found.attribute


def test_hints_carry_the_phrase_terms() -> None:
    class Stats:
        by_pinyin: ClassVar[dict[str, str]] = {"yunchuan": "云川"}
        frequency = staticmethod(FREQUENCY)

        @staticmethod
        def known(term: str) -> bool:  # no compound indexed as one word
            return False

    hinted = with_hints("How many brokerage firms had released earnings previews?", Stats())  # type: ignore[arg-type]
    assert "业绩预告" in hinted and "券商" in hinted


# an invented bank's annual results, with an airport's and a rail corridor's figures beside them
YUNCHUAN = """云川银行2025年经营情况

2025年，云川银行实现营业收入212.4亿元，同比增长8.3%；净利润61.7亿元，较上年增长5.2%。截至年末资本充足率为13.86%。

当年该行完成18.6亿股配股发行，募集资金96.5亿元。目前云川银行总市值为1240亿元。

云川机场二号航站楼规划年旅客吞吐量为3200万人次。一季度，云川铁海联运班列发送集装箱货物9.4万标箱。

年报中“数字化”一词出现了27次。
"""


@pytest.fixture(scope="module")
def yunchuan(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("yunchuan"), {"yunchuan.txt": YUNCHUAN})


@pytest.mark.slow
@pytest.mark.parametrize(("question", "expected", "evidence"), [
    ("What was Bank of Yunchuan's net profit in 2025?", "61.7亿元", "净利润61.7亿元"),
    ("What was the bank's capital adequacy ratio at the end of the year?", "13.86%", "资本充足率为13.86%"),
    ("How many shares did the bank issue in its rights offering?", "18.6亿股", "18.6亿股配股发行"),
    ("What is the bank's total market value at present?", "1240亿元", "总市值为1240亿元"),
    ("How many TEUs did the rail-sea trains carry in the first quarter?", "9.4万标箱", "9.4万标箱"),
])
def test_bank_and_transport_questions_in_english(yunchuan: Assistant, question: str, expected: str,
                                                 evidence: str) -> None:
    assert_states(yunchuan.ask(question), expected, evidence)


@pytest.mark.slow
@pytest.mark.parametrize("question", [
    "How many shares did the bank buy back?",  # no buy-back is stated
    "How many times does the report use the word 'green'?",  # a count in 次 of a word it never states
])
def test_what_the_bank_report_does_not_state_is_refused(yunchuan: Assistant, question: str) -> None:
    assert_refused(yunchuan.ask(question))
