"""What a model reads and writes per question (issue 10, latency): the sentences that answer, each up to its last
clause naming a word of the question; an answer's length bounded by its kind; a warm-up that loads the prompt's
fixed prefix and generates nothing. The generator is scripted only to record what it is asked (the engine, the
retrieval and the article index are real); the real model's prefix reuse is in tests/test_llm_smoke.py."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from assistant.approaches.text import Sentence, Terms, sentences_of
from assistant.candidates import Passage
from assistant.llm.approach import GenerativeApproach, answering_part, clauses
from assistant.llm.prompts import SLOT, answer_messages, fixed_prefix_messages, languages
from assistant.llm.synth import GenerativeSynthesizer
from assistant.settings import LLMSettings
from tests.passages import nodes_of


def _sentence(text: str) -> Sentence:
    return sentences_of([Passage(hit, rank) for rank, hit in enumerate(nodes_of(text))])[0]


def _terms(*words: str) -> Terms:
    return Terms(None, dict.fromkeys(words, 1.0))  # type: ignore[arg-type]


def test_a_request_adds_its_numbered_sentences_after_the_fixed_prefix_each_marker_joined_to_its_text() -> None:
    for lang, question in (("zh", "谁负责？"), ("en", "Who leads it?")):
        user = answer_messages(lang, question, ["项目负责人林巍。", "正在施工。"])[1].content or ""
        shared = (fixed_prefix_messages(lang)[1].content or "").split(SLOT, 1)[0]
        assert user.startswith(shared) and shared.endswith("[1]")
        # no space after a marker: a token less a line for the model to read
        assert user[len(shared):].startswith("项目负责人林巍。\n[2]正在施工。") and question in user


def test_clauses_are_cut_at_clause_ends_outside_brackets_and_short_pieces_stay_with_the_next() -> None:
    s = _sentence("其中，全市累计开工项目196个(新开工80个，续建116个)，计划总投资750.4亿元，为发展注入动力。")
    parts = [c.text for c in clauses(s)]
    assert parts == ["其中，全市累计开工项目196个(新开工80个，续建116个)，", "计划总投资750.4亿元，",
                     "为发展注入动力。"]
    assert "".join(parts) == s.text  # spans of the passage, nothing lost between them
    assert all(s.passage.text[c.start:c.end] == c.text for c in clauses(s))


def test_a_sentence_is_read_up_to_its_last_clause_naming_a_word_of_the_question() -> None:
    s = _sentence("双辽风电项目总投资7.52亿元，由国家电投集团建设，为经济高质量发展注入强劲动力。")
    part = answering_part(_terms("国家电投", "建设"), s)
    assert part.text == "双辽风电项目总投资7.52亿元，由国家电投集团建设，"  # its start kept: what it is about
    assert answering_part(_terms("动力"), s).text == s.text
    assert answering_part(_terms("无关"), s).text == s.text  # nothing named: the sentence as it is


def test_the_fixed_prefix_is_the_same_for_every_question_and_ends_where_the_sentences_begin() -> None:
    fixed = fixed_prefix_messages("zh")
    system, user = fixed[0].content or "", fixed[1].content or ""
    shared = user.split(SLOT, 1)[0]
    for question, sentences in (("谁负责？", ["项目负责人林巍。"]), ("进展如何？", ["正在施工。", "预计年底投产。"])):
        asked = answer_messages("zh", question, sentences)
        assert asked[0].content == system and (asked[1].content or "").startswith(shared)


class Recording:
    name = "recording"

    def __init__(self) -> None:
        self.asked: list[tuple[list[Any], int]] = []
        self.warmed: list[list[Any]] = []

    def stream(self, messages: list[Any], deadline: float, max_tokens: int = 0) -> Iterator[str]:
        self.asked.append((messages, max_tokens))
        yield "项目负责人是林巍[1]。"

    def warm(self, messages: list[Any]) -> None:
        self.warmed.append(messages)


@pytest.fixture()
def recorded(article_settings: Any) -> Iterator[tuple[Any, Recording]]:
    from assistant.api import Assistant

    assistant = Assistant(article_settings)
    generator = Recording()
    synth = GenerativeSynthesizer("recording", article_settings.llm, generator=generator)  # type: ignore[arg-type]
    assistant.generative, assistant.engine.generative = synth, GenerativeApproach(synth)
    yield assistant, generator


@pytest.mark.slow
def test_a_warm_up_loads_the_fixed_prefix_and_asks_the_model_nothing(recorded: tuple[Any, Recording]) -> None:
    assistant, generator = recorded
    assistant.warm_up("双辽风电项目的负责人是谁？")  # an open question: it would reach the model
    assert generator.asked == []
    # every language's prefix, the question's own last (the one the model's state then holds)
    assert len(generator.warmed) == len(languages()) >= 2
    assert all(SLOT in (messages[-1].content or "") for messages in generator.warmed)
    assert generator.warmed[-1] == fixed_prefix_messages("zh")
    assistant.ask("双辽风电项目的负责人是谁？")  # after the warm-up, the model is asked again
    assert len(generator.asked) == 1


@pytest.mark.slow
def test_the_model_reads_the_answering_sentences_within_the_budget_and_writes_within_its_kind(
        recorded: tuple[Any, Recording]) -> None:
    assistant, generator = recorded
    llm: LLMSettings = assistant.settings.llm
    answer = assistant.ask("双辽风电项目的负责人是谁？")
    messages, max_tokens = generator.asked[-1]
    assert max_tokens == llm.tokens_for("entity") < llm.max_tokens
    user = messages[-1].content
    lines = [line.split("]", 1)[1] for line in user.splitlines() if line.startswith("[")]
    assert sum(len(line) for line in lines) <= llm.read_chars
    assert any("林巍" in line for line in lines)  # the sentence that answers is among them
    assert answer.verified and answer.backend == "recording", answer


def test_each_model_writes_its_own_open_kinds_and_a_setting_can_say_otherwise() -> None:
    small = LLMSettings(mode="llamacpp", model="qwen2.5-coder-0.5b")
    assert [k for k in ("entity", "describe", "list", "summary") if small.writes(k)] == ["entity", "describe"]
    assert all(LLMSettings(mode="llamacpp", model="qwen2.5-coder-1.5b").writes(k) for k in ("list", "summary"))
    assert LLMSettings(mode="llamacpp", model="qwen2.5-coder-0.5b", kinds=("summary",)).writes("summary")
    assert not LLMSettings(mode="llamacpp", model="qwen2.5-coder-0.5b", kinds=("summary",)).writes("entity")
    assert LLMSettings(mode="openai_like", model="qwen2.5-coder-0.5b").writes("list")  # a server: any model


@pytest.mark.slow
def test_a_kind_the_model_does_not_write_gets_the_extractive_answer_without_asking_it(article_settings: Any) -> None:
    from assistant.api import Assistant

    settings = article_settings.with_overrides(llm={"mode": "llamacpp", "model": "qwen2.5-coder-0.5b"})
    assistant = Assistant(settings.with_overrides(llm={"mode": "extractive"}))
    generator = Recording()
    synth = GenerativeSynthesizer("recording", settings.llm, generator=generator)  # type: ignore[arg-type]
    assistant.generative, assistant.engine.generative = synth, GenerativeApproach(synth)
    listed = assistant.ask("文章里提到了哪些项目负责人？")
    assert generator.asked == [] and listed.backend == "extractive" and listed.answerable
    assert listed.kind == "list"
    assistant.ask("双辽风电项目的负责人是谁？")  # an entity: the 0.5B writes it
    assert len(generator.asked) == 1
