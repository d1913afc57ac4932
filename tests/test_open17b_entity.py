"""Entity and describe answers chosen by structure and meaning (slice open17b), on invented sentences: the role
asked holds the person's name written in its own clause, before or after it; 副/前/原 before a role make it
another office; among the sentences that cover a question, the one closest in meaning to it (the embedding
model's similarity to the question without its interrogatives) answers.
"""

from __future__ import annotations

import pytest
from corpora import indexed_assistant
from open_reading import reading_for

from assistant.api import Assistant
from assistant.approaches.describe import DescribeApproach
from assistant.approaches.entity import EntityApproach, _role_at, in_work_title, is_office, names_in, same_clause
from assistant.approaches.text import asked_content, relative_similarity


def test_a_former_or_deputy_holder_is_another_office() -> None:
    text = "副行长甲先生兼前行长乙先生、原行长丙先生出席，行长丁先生主持。"
    held = [m.start() for m in _role_at(text, "行长")]
    assert held == [text.rfind("行长")], held


def test_clauses_are_cut_by_their_marks() -> None:
    text = "甲调任总裁，乙继续担任主席"
    assert same_clause(text, 0, text.find("总裁"))
    assert not same_clause(text, text.find("乙"), text.find("总裁"))


def test_a_name_written_before_the_role_in_its_clause_holds_it() -> None:
    text = "青松集团公告，副总裁兼财务总监王丽华调任总裁，董事长兼前总裁赵建国继续担任董事长。"
    names = [n for _, n in names_in(text, "person", "总裁")]
    assert "王丽华" in names, names
    assert "赵建国" not in names, names  # a former holder, in another clause


def test_a_name_inside_a_works_title_is_not_one_of_the_kind_asked() -> None:
    text = "《青川经济周刊》记者梳理发现，排名前3的城市分别是：上海、杭州和苏州。"
    places = [n for _, n in names_in(text, "place", "")]
    assert "上海" in places and not any("青川" in p for p in places), places
    assert in_work_title(text, 1) and not in_work_title(text, text.find("上海"))


@pytest.mark.parametrize(("word", "office"), [("总裁", True), ("执行官", True), ("分析师", True), ("财务", False),
                                             ("考核", False)])
def test_only_an_office_holds_the_name_in_its_clause(word: str, office: bool) -> None:
    assert is_office(word) is office
    text = f"按{word}结果，“顾客优先”的理念得到认可。"
    assert bool(names_in(text, "person", word)) is False  # (顾客 is no name, whatever the tagger says)


def test_the_question_content_drops_its_interrogatives() -> None:
    assert asked_content("青松集团为什么出现亏损？") == "青松集团出现亏损"
    assert asked_content("Why did the company lose money?") == "did the company lose money"
    assert asked_content("为什么？") == "为什么？"  # nothing else: the question itself


class _Reading:
    """Only what relative_similarity reads: the question and an embedding model."""

    def __init__(self, question: str, embedding: object, lang: str = "en") -> None:
        self.question = question
        self.embedding = embedding
        self.lang = lang


class _LengthEmbedding:
    """A fake model isolating the scaling: a text's vector points by its length (the question's is 1, 0)."""

    def get_query_embedding(self, text: str) -> list[float]:
        return [1.0, 0.0]

    def get_text_embedding_batch(self, texts: list[str]) -> list[list[float]]:
        return [[1.0, float(len(t))] for t in texts]


def test_similarity_is_scaled_over_the_candidates() -> None:
    near = relative_similarity(_Reading("Who?", _LengthEmbedding()), ["一", "一二", "一二三四"])  # type: ignore[arg-type]
    assert near[0] == 1.0 and near[-1] == 0.0 and 0.0 < near[1] < 1.0, near


def test_no_model_or_a_chinese_question_no_preference() -> None:
    assert relative_similarity(_Reading("Who?", None), ["一", "二"]) == [0.0, 0.0]  # type: ignore[arg-type]
    chinese = _Reading("谁？", _LengthEmbedding(), "zh")
    assert relative_similarity(chinese, ["一", "一二"]) == [0.0, 0.0]  # type: ignore[arg-type]


NEWS = """青松集团人事调整

3月5日，青松集团发布人事任命公告，副总裁兼财务总监王丽华调任总裁，董事长兼前总裁赵建国继续担任董事长。

青松集团预计2023年度净亏损约12亿元至15亿元，股价较年初下跌六成。

亏损背后，是近三年青松集团门店盲目扩张又被迫大量关闭的代价。去年下半年，集团宣布关闭门店200家。
"""


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("open17b_entity"), {"news.txt": NEWS})


@pytest.mark.slow
def test_the_new_holder_not_the_former_one(news: Assistant) -> None:
    answer = EntityApproach().answer(reading_for(news, "青松集团的总裁是谁？"))
    assert answer is not None and answer.answerable and answer.verified, answer
    assert answer.lead.startswith("王丽华"), answer.lead


@pytest.mark.slow
def test_why_is_answered_by_the_sentence_giving_the_cause(news: Assistant) -> None:
    answer = DescribeApproach().answer(reading_for(news, "青松集团为什么出现年度亏损？"))
    assert answer is not None and answer.answerable and answer.verified, answer
    assert "扩张" in answer.lead, answer.lead
