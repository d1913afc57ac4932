"""English question reading of session 17: neighbouring words joined into the indexed text's compound, a
pinyin name with its kind word ("Qinglan District" 青岚区), "total X" read as the indicator totalling X, a change
between two named years read as an amount, and a later part's unsaid subject put in. Invented questions and
invented Chinese words only."""

from assistant.bilingual import compounds
from assistant.candidates import TermStats
from assistant.hints import with_hints
from assistant.question import HINT_SEPARATOR, analyse
from assistant.route import english_with_subject


def _stats(df: dict[str, int]) -> TermStats:
    return TermStats([], counted=(df, 10))


def test_neighbouring_readings_join_where_the_index_holds_the_compound() -> None:
    indexed = {"重点工程"}.__contains__
    assert compounds([("重点",), ("项目", "工程")], indexed) == [("重点工程",)]
    # no compound indexed: each word keeps its readings
    assert compounds([("重点",), ("项目", "工程")], lambda term: False) == [("重点",), ("项目", "工程")]


def test_a_pinyin_name_takes_its_kind_word_as_the_text_writes_them() -> None:
    stats = _stats({"青岚区": 3, "白杨县": 2, "投资": 5})
    hinted = with_hints("How much investment did Qinglan District and Baiyang County complete?", stats)
    names = hinted.partition(HINT_SEPARATOR)[2]
    assert "青岚区" in names and "白杨县" in names
    # a kind word the character is not glossed as ("Qinglan County": 区 is no county) finds nothing
    assert "青岚区" not in with_hints("How much investment did Qinglan County complete?", stats)


def test_total_reads_the_indicator_totalling_the_quantity() -> None:
    q = analyse(f"What was Yunchuan's total foreign trade in 2024?{HINT_SEPARATOR}进出口 ｜  ｜  ｜ 云川")
    assert q.attributes == ["进出口总额"] and q.unit_class == "money"
    # without "total" the quantity is read as named
    q = analyse(f"What was Yunchuan's foreign trade in 2024?{HINT_SEPARATOR}进出口 ｜  ｜  ｜ 云川")
    assert q.attributes == ["进出口"]


def test_a_change_between_two_named_years_is_an_amount() -> None:
    hints = f"{HINT_SEPARATOR}增长 ｜  ｜ 地区生产总值 ｜ 云川"
    q = analyse(f"By how much did Yunchuan's GDP increase from 2023 to 2024?{hints}")
    assert q.unit_class == "money"
    q = analyse(f"By how much did Yunchuan's GDP increase in 2024 compared with 2023?{hints}")
    assert q.unit_class == "money"
    # a rate asked in words, or no two years compared: the growth rate, as before
    assert analyse(f"By what percentage did Yunchuan's GDP increase from 2023 to 2024?{hints}").unit_class == "percent"
    assert analyse(f"By how much did Yunchuan's GDP increase in 2024?{hints}").unit_class == "percent"


def test_a_later_part_gets_the_earlier_parts_unsaid_subject() -> None:
    earlier = ["How many new schools did Qinghe open in 2024?"]
    assert english_with_subject("how many had started teaching?", earlier) == \
        "how many new schools had started teaching?"
    assert english_with_subject("how much did it grow year on year?", ["What was Baihe's total grain output?"]) == \
        "how much did Baihe's total grain output grow year on year?"
    # a later part naming its own noun is left as asked
    assert english_with_subject("how many hospitals had opened?", earlier) == "how many hospitals had opened?"


def test_a_phrase_whose_every_reading_the_text_lacks_is_absent() -> None:
    from assistant.bilingual import absent_phrases, frequency_in

    frequency = frequency_in({"地区生产总值": 3, "云川": 2, "增长": 4})

    def present(z: str) -> bool:
        return bool(frequency(z))

    assert absent_phrases("What was Yunchuan's per capita GDP in 2024?", present) == ["per capita"]
    # the text writes it: nothing absent; a period ("first half", "previous year"), a number or a name is
    # never tested
    assert absent_phrases("What was Yunchuan's per capita GDP?", lambda z: z == "人均") == []
    assert absent_phrases("What was Yunchuan's GDP in the first half?", present) == []
    assert absent_phrases("How much did Yunchuan's GDP grow over the previous year?", present) == []
    assert absent_phrases("What was Yunchuan's GDP, in 100 million yuan?", present) == []
    assert absent_phrases("What was the GDP of Per Capita Town?", present) == []


def test_a_rate_of_change_asked_by_percentage_and_a_points_change_of_a_share() -> None:
    from assistant.bilingual import attribute_phrases

    q = analyse(f"By what percentage did Yunchuan's grain output rise in 2024?{HINT_SEPARATOR}增长 ｜  ｜ 粮食 ｜ 云川")
    assert (q.operation, q.unit_class) == ("lookup", "percent")  # no share of a whole
    assert analyse("What percentage of Yunchuan's GDP did industry account for?").operation == "share"
    assert attribute_phrases("By how many percentage points did the share of services in GDP rise?") == \
        ["the share of services in GDP"]


def test_a_whole_worked_back_from_a_stated_rate() -> None:
    q = analyse(f"Based on the 61.5% completion rate, roughly what is the full-year planned investment of "
                f"Qinghe's key projects?{HINT_SEPARATOR}投资 ｜  ｜ 完成率 重点项目 ｜ 青禾")
    assert q.operation == "growth_base" and q.unit_class == "money"
    assert [f.text for f in q.figures] == ["61.5%"]


def test_words_of_no_quantity_class_leave_the_attribute_to_those_of_one() -> None:
    hints = f"{HINT_SEPARATOR}全国 地区生产总值 增长 ｜  ｜  ｜ "
    q = analyse(f"What was the national two-year average GDP growth rate?{hints}")
    assert "全国" not in q.attributes and "全国" in q.terms
    assert "地区生产总值" in q.attributes
    # a label word ("target" 目标) qualifies the quantity: it stays an attribute
    target = f"{HINT_SEPARATOR}增长 目标 ｜  ｜ 工业 投资 ｜ 青禾"
    q = analyse(f"What is Qinghe's growth target for industrial investment?{target}")
    assert q.attributes == ["增长", "目标"]
