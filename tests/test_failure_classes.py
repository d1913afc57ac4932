"""Issue 8's ten failure classes, each with an invented sentence, read by the real analysis and answering code.

Where each class is tested (issue 8, "Done when": a unit test for every failure class):
  1  attribute <-> figure in dense sentences   test_reading.py, and here (a peer place's sentence, ellipsis)
  2  multi-part questions                      test_compute_questions.py, test_reading.py
  3  units and counters                        test_units_vocabulary.py, and here (the unit asked is no term)
  4  vocabulary: aliases, spelled-out numbers  test_units_vocabulary.py, test_reading.py, and here (compounds)
  5  English questions                         test_english.py, and here (an amount, a rate of change)
  6  follow-ups resolved by slots              test_followups.py, test_abstention.py
  7  computations                              test_compute_general.py, test_compute_questions.py, and here
                                               (a year backed out of the next year's growth)
  8  abstention                                test_abstention.py, test_reading.py, and here (another year)
  9  context across sentences (当年/同期/其)     test_reading.py, and here (一季度 written as 1-3月, 同期)
  10 composition: no spliced clauses           test_compute_general.py, test_compose_properties.py

The rules tested here were found on the dev2 documents (eval/questions/general_dev2.jsonl); every place,
indicator and figure below is invented, and no sentence of those documents is used.
"""

from __future__ import annotations

from passages import ask_passages, refused, states

from assistant.question import HINT_SEPARATOR, analyse

# -- class 1: the figure's own sentence says whose figure it is ---------------------------------------------

# real city names (jieba knows them as places), invented figures and sentences
RANKING = ("洛阳市一季度财政收入以2210.4亿元排名第一位。襄阳市以1480.6亿元排名第二位。"
           "岳阳一季度的财政收入是980.2亿元，位居第三位。")


def test_a_figure_in_a_peer_places_sentence_is_that_places() -> None:
    """襄阳 is in the passage, but 980.2亿元's sentence opens with 岳阳: it is 岳阳's, never the answer for 襄阳."""
    answer = ask_passages("襄阳一季度财政收入多少亿元？", RANKING)
    assert states(answer, "1480.6亿元") and not states(answer, "980.2亿元")


def test_a_parallel_sentence_takes_the_attribute_named_beside_it() -> None:
    """"襄阳市以1480.6亿元排名第二位" names no quantity: the sentence before it names it (财政收入)."""
    assert states(ask_passages("襄阳市一季度财政收入是多少？", RANKING), "1480.6亿元")
    rates = "从增速看，洛阳以8.4%的财政收入增速排名第一位。襄阳紧随其后，以5.2%位居第二位。"
    assert states(ask_passages("襄阳财政收入增速是多少？", rates), "5.2%")


def test_a_place_named_after_the_figure_is_not_its_subject() -> None:
    text = "洛阳财政的表现可圈可点，一季度财政收入达到517.3亿元，超过襄阳、岳阳等城市。"
    assert refused(ask_passages("襄阳一季度财政收入是多少？", text))
    assert states(ask_passages("洛阳一季度财政收入是多少？", text), "517.3亿元")


# -- class 3: the unit a question asks in is no word the figure's sentence must hold -------------------------

def test_the_asked_unit_is_no_term() -> None:
    q = analyse("襄阳财政收入增速比洛阳高多少个百分点？")
    assert not {"百分点", "百分", "分点"} & set(q.terms), q.terms
    q = analyse("襄阳一季度财政收入多少亿元？")
    assert "亿元" not in q.terms and q.unit_class == "money", q.terms
    q = analyse("新签了多少个项目？")  # the counted noun stays
    assert "项目" in q.terms


# -- class 4: a compound that contains an indicator's name does not name it ----------------------------------

TRADE = ("1-5月，海川省服务进出口总额1520.4亿元，增长6.1%；其中服务出口712.8亿元，增长12.3%；"
         "进口807.6亿元，增长1.2%。旅行服务进出口210.5亿元，下降18.4%。")


def test_imports_and_exports_together_are_not_exports() -> None:
    answer = ask_passages("1-5月海川省服务出口额是多少？", TRADE)
    assert states(answer, "712.8亿元") and not states(answer, "210.5亿元") and not states(answer, "1520.4亿元")
    assert states(ask_passages("1-5月海川省服务进口额是多少？", TRADE), "807.6亿元")


# -- class 5: English amounts and rates of change -------------------------------------------------------------

def _hinted(question: str, *terms: str, attributes: str = "") -> str:
    """An English question with the Chinese words the dictionary gives (the form AnswerEngine.with_hints
    writes): attributes, counted noun, other words, names."""
    sep = HINT_SEPARATOR.strip()
    return f"{question}{HINT_SEPARATOR}{attributes} {sep}  {sep} {' '.join(terms)} {sep} "


def test_an_english_amount_of_a_named_thing_asks_its_amount() -> None:
    q = analyse(_hinted("How much were the service exports?", "服务", "出口"))
    assert q.unit_class == "money" and q.attributes == ["出口额"], (q.unit_class, q.attributes)


def test_by_how_much_did_it_fall_asks_the_rate_unless_money_is_named() -> None:
    q = analyse(_hinted("By how much did travel services fall?", "旅行", "服务", attributes="下降 减少"))
    assert q.unit_class == "percent", q.unit_class
    q = analyse(_hinted("By how many yuan did travel services fall?", "旅行", "服务", attributes="下降 减少"))
    assert q.unit_class != "percent", q.unit_class


# -- classes 7 and 8: a year the text gives only as the base of the next year's growth ------------------------

GROWTH = "2024年1-3月，临江市完成一般公共预算收入420.0亿元，同比增长5.0%。"


def test_last_years_figure_is_backed_out_of_this_years_growth() -> None:
    answer = ask_passages("临江市2023年一季度一般公共预算收入大约是多少？", GROWTH)
    assert states(answer, "400亿元") and any(u.source == "computation" for u in answer.figures), answer.text
    assert states(ask_passages("临江市2024年一季度一般公共预算收入是多少？", GROWTH), "420.0亿元")


def test_another_years_figure_with_no_rate_is_no_answer() -> None:
    text = "2024年1-3月，临江市完成一般公共预算收入420.0亿元。"
    answer = ask_passages("临江市2023年一季度一般公共预算收入是多少？", text)
    assert refused(answer) and not states(answer, "420.0亿元"), answer.text


# -- class 9: a period written another way, and carried by 同期 -----------------------------------------------

def test_a_quarter_is_its_months_and_tongqi_carries_it() -> None:
    text = ("2024年1-3月，临江市完成一般公共预算收入420.0亿元，同比增长5.0%。"
            "同期，临江市税收收入完成351.6亿元，同比增长2.9%。")
    assert states(ask_passages("临江市一季度一般公共预算收入是多少？", text), "420.0亿元")
    assert states(ask_passages("临江市一季度税收收入是多少？", text), "351.6亿元")


# -- class 7: a gap in points between two rates of one subject, the second side not repeating it -----------

def test_the_second_rate_keeps_the_subject_it_does_not_repeat() -> None:
    text = ("1-5月，海川省数字服务进出口820.5亿元，增长9.6%。其中，数字服务出口450.2亿元，增长14.1%；"
            "数字服务进口370.3亿元，增长4.5%。服务出口增长6.0%，服务进口增长1.1%。")
    answer = ask_passages("数字服务出口增速比进口增速高多少个百分点？", text)
    assert states(answer, "9.6个百分点"), answer.text  # 14.1% − 4.5%, not 14.1% − 1.1% (服务进口)


def test_a_monthly_average_divides_the_periods_total_by_its_months() -> None:
    text = "1-6月，海川省完成固定资产投资3120.6亿元，同比增长7.4%。"
    answer = ask_passages("1-6月海川省平均每月完成固定资产投资多少亿元？", text)
    assert states(answer, "520.1亿元"), answer.text  # 3120.6 ÷ 6
