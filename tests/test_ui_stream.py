"""Streaming to the chat UI (issue 10): a generative backend's draft shows as it is written, then the verified
answer replaces it; an extractive answer comes at once. The chat handler is checked alone with a stand-in
service; AssistantService.ask_streaming and the served page run on the real article index with a generator
that writes a scripted text slowly (it isolates the streaming path from a model's speed and wording; the real
model streams in tests/test_llm_openai_like.py and `python -m assistant.llm.bench`)."""

from __future__ import annotations

import itertools
import time
from collections.abc import Iterator
from typing import Any

import pytest
from netutil import served_ui

import app
from assistant.llm.approach import GenerativeApproach
from assistant.llm.synth import GenerativeSynthesizer
from assistant.settings import Settings, load_settings
from assistant.types import Answer
from assistant.ui_service import DRAFT_REFRESH_S, AssistantService

OPEN_QUESTION = "双辽风电项目的负责人是谁？"  # an entity question: an open kind, which a generative backend writes
FIGURE_QUESTION = "双辽风电项目总投资多少？"  # a figure question: never reaches the model


class _DraftingService:
    """Stands in for AssistantService to isolate the chat handler: drafts, then the answer."""

    def __init__(self, drafts: list[str], answer: Answer) -> None:
        self.settings = load_settings()
        self.drafts, self.answer = drafts, answer

    def ask_streaming(self, question: str, history: list[tuple[str, str]]) -> Iterator[str | Answer]:
        yield from self.drafts
        yield self.answer

    def example_questions(self, n: int = 4, lang: str = "zh") -> list[str]:
        return []

    def related_passages(self, answer: Answer) -> list[Any]:
        return []


def test_the_chat_shows_each_draft_marked_unchecked_then_the_verified_answer() -> None:
    final = Answer(OPEN_QUESTION, "项目负责人是林巍[1]。")
    service = _DraftingService(["项目负责", "项目负责人是*林巍*"], final)
    turns = list(app.chat_turn(service, OPEN_QUESTION, []))  # type: ignore[arg-type]
    shown = [t.messages[-1]["content"] for t in turns]
    assert shown[0] == app.ui_text("pending")
    assert shown[1] == app.ui_text("draft", "zh", draft="项目负责")
    assert shown[2].startswith(r"项目负责人是\*林巍\*")  # a draft is text, not markup
    assert "正在生成" in shown[1] and "正在生成" in shown[2]
    assert turns[-1].messages[-1] == app.answer_message(final)
    assert "正在生成" not in str(turns[-1].messages[-1])
    english = list(app.chat_turn(_DraftingService(["The project"], final), "Who leads the project?", []))  # type: ignore[arg-type]
    assert "Writing" in english[1].messages[-1]["content"]


class _SlowScript:
    """A generator that writes a fixed text a few characters at a time, pausing between pieces."""

    name = "scripted"

    def __init__(self, reply: str, pause_s: float) -> None:
        self.reply, self.pause_s = reply, pause_s

    def stream(self, messages: list[Any], deadline: float, max_tokens: int = 0) -> Iterator[str]:
        for at in range(0, len(self.reply), 3):
            time.sleep(self.pause_s)
            yield self.reply[at:at + 3]

    def warm(self, messages: list[Any]) -> None:
        return None


REPLY = "双辽风电项目的负责人是林巍[1]，他介绍工程进展顺利。"


@pytest.fixture()
def drafting_service(article_settings: Settings) -> AssistantService:
    from assistant.api import Assistant

    assistant = Assistant(article_settings)
    synthesizer = GenerativeSynthesizer("scripted", article_settings.llm,
                                        generator=_SlowScript(REPLY, 2 * DRAFT_REFRESH_S))  # type: ignore[arg-type]
    assistant.engine.generative = GenerativeApproach(synthesizer)
    return AssistantService(article_settings, lambda: assistant)


@pytest.mark.slow
def test_ask_streaming_yields_growing_drafts_then_the_answer(drafting_service: AssistantService) -> None:
    steps = list(drafting_service.ask_streaming(OPEN_QUESTION, []))
    drafts, answer = steps[:-1], steps[-1]
    assert isinstance(answer, Answer) and answer.backend == "scripted"
    assert len(drafts) >= 3 and all(isinstance(d, str) for d in drafts)
    assert all(later.startswith(earlier) for earlier, later in itertools.pairwise(drafts))
    assert drafts[-1] == REPLY  # every piece written reaches the page before the answer
    figure = list(drafting_service.ask_streaming(FIGURE_QUESTION, []))
    assert len(figure) == 1 and isinstance(figure[0], Answer) and figure[0].backend == "extractive"


@pytest.mark.slow
def test_the_served_page_streams_the_draft_before_the_answer(drafting_service: AssistantService) -> None:
    from gradio_client import Client

    with served_ui(app.build_ui(service=drafting_service)) as url:
        client = Client(url, verbose=False, analytics_enabled=False)
        job = client.submit(OPEN_QUESTION, [], api_name="/chat")
        job.result(timeout=120)
        replies = [app._texts(out[0][-1]) for out in job.outputs() if out[0]]
    bubbles = ["".join(texts) for texts in replies]
    drafting = [b for b in bubbles if "正在生成" in b]
    assert len(drafting) >= 2, bubbles  # the draft grew on the page while the model wrote
    assert "正在生成" not in bubbles[-1] and "林巍" in bubbles[-1]  # the verified answer replaced it
