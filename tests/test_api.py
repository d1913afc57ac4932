"""ask() through the Assistant on the real article index: citations point at the cleaned document.

The answer engine is being rewritten: these tests check citations, spans and answerability, never
the wording of the answer.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.types import Answer, QuestionError
from index.clean import clean_text

QUESTION = "四平市开工复工的5000万元以上项目有多少个？"


@pytest.fixture(scope="module")
def cleaned(article_text: str) -> str:
    return clean_text(article_text).text


@pytest.fixture(scope="module")
def answer(article_assistant) -> Answer:
    return article_assistant.ask(QUESTION)


def test_answer_is_answerable_with_citations(answer: Answer) -> None:
    assert isinstance(answer, Answer)
    assert answer.answerable is True
    assert answer.citations
    assert answer.question == QUESTION
    assert answer.latency_ms > 0


def test_a_citation_holds_the_figure(answer: Answer, article_path: Path) -> None:
    holding = [c for c in answer.citations if "196个" in c.text]
    assert holding, [c.text[:40] for c in answer.citations]
    assert all(c.doc_id == article_path.name for c in holding)
    assert any("196" in c.span for c in holding)


def test_citation_spans_point_into_the_cleaned_document(answer: Answer, cleaned: str) -> None:
    for c in answer.citations:
        assert c.passage_start <= c.start < c.end <= c.passage_end
        assert cleaned[c.passage_start:c.passage_end] == c.text  # the passage is where it says it is
        assert cleaned[c.start:c.end] == c.span
        assert c.span.strip()
    figure = next(c for c in answer.citations if "196" in c.span)
    assert "196" in cleaned[figure.start:figure.end]
    assert figure.section == "科学统筹为先导——重点项目量多质高"


def test_citation_numbers_are_unique_and_from_one(answer: Answer) -> None:
    numbers = [c.n for c in answer.citations]
    assert len(numbers) == len(set(numbers)) and min(numbers) == 1


def test_answer_serialises_to_a_dict(answer: Answer) -> None:
    data = answer.to_dict()
    assert data["answerable"] is True and data["text"] == answer.text
    assert data["citations"][0]["start"] == answer.citations[0].start


@pytest.mark.parametrize(
    ("question", "fragment"),
    [
        ("", "empty"),
        ("   \n\t　", "empty"),  # includes an ideographic space
        (None, "text"),
        (196, "text"),
        (["四平市"], "text"),
        ("问" * 10_000, "limit"),
    ],
    ids=["empty", "whitespace", "none", "int", "list", "10k-chars"],
)
def test_bad_questions_raise_question_error(article_assistant, question, fragment: str) -> None:
    with pytest.raises(QuestionError, match=fragment) as info:
        article_assistant.ask(question)
    assert len(str(info.value)) > 10  # a sentence, not a bare code


def test_too_long_message_states_the_limit(article_assistant) -> None:
    limit = article_assistant.settings.answer.max_question_chars
    with pytest.raises(QuestionError) as info:
        article_assistant.ask("问" * 10_000)
    assert str(limit) in str(info.value) and "10000" in str(info.value)


def test_question_at_the_limit_is_accepted(article_assistant) -> None:
    limit = article_assistant.settings.answer.max_question_chars
    assert article_assistant.check_question("  " + "问" * limit + "  ") == "问" * limit


def test_question_error_is_a_value_error() -> None:
    assert issubclass(QuestionError, ValueError)


def test_retrieve_checks_the_question_too(article_assistant) -> None:
    with pytest.raises(QuestionError):
        article_assistant.retrieve("   ")
