"""The model's deadline comes from the request's own budget (issue 10): the model gets llm.timeout_s, but no more
than the request's time left less llm.reserve_s (the extractive answer and the check after it); with less than
llm.least_s left it is not asked. Before, the model had a fixed llm.timeout_s inside answer.timeout_s, so a request
whose retrieval took long raised AnswerTimeout instead of giving the extractive answer with the notice.

The generator is a fake only to isolate the deadline logic (a model that keeps going until the deadline it is
given, as the real backends do); the retrieval, the engine and the article index are real. The openai_like
backend's HTTP timeout is tested against a real local socket that never answers, and the local 0.5B model once
with a short budget."""

from __future__ import annotations

import importlib.util
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from assistant.deadline import remaining, within
from assistant.llm import BackendUnavailable
from assistant.llm.approach import GenerativeApproach
from assistant.llm.synth import GenerativeSynthesizer, model_budget
from assistant.settings import LLMSettings

OPEN_QUESTION = "双辽风电项目的负责人是谁？"  # an entity question: an open kind, which a generative backend writes
MODEL = "qwen2.5-coder-0.5b"


class Stalling:
    """A model that writes nothing until the deadline it is given, then gives up as the real backends do."""

    name = "stalling"

    def __init__(self) -> None:
        self.offered: list[float] = []  # seconds each request was given

    def stream(self, messages: list[Any], deadline: float, max_tokens: int = 0) -> Iterator[str]:
        self.offered.append(deadline - time.monotonic())
        while time.monotonic() <= deadline:
            time.sleep(0.05)
        raise BackendUnavailable(self.name, f"no answer within {self.offered[-1]:.1f} s", "a faster model")
        yield ""  # a generator, as the backends' stream is

    def warm(self, messages: list[Any]) -> None:
        return None


def test_the_model_gets_its_own_timeout_or_the_request_time_left_less_the_reserve() -> None:
    llm = LLMSettings(timeout_s=20.0, reserve_s=5.0)
    assert model_budget(llm, None) == 20.0  # a request without a budget
    assert model_budget(llm, 30.0) == 20.0  # enough left: the model's own timeout
    assert model_budget(llm, 12.0) == 7.0  # retrieval took 18 s of 30: what is left, less the reserve
    assert model_budget(llm, 3.0) < 0


def test_the_request_budget_left_is_known_inside_within_only() -> None:
    assert remaining() is None
    left = within(10.0, remaining)
    assert left is not None and 9.0 < left <= 10.0
    assert within(0, remaining) is None  # no limit


def _stalled(article_settings: Any, answer_s: float, **llm: float) -> tuple[Any, Stalling]:
    from assistant.api import Assistant

    settings = article_settings.with_overrides(answer={"timeout_s": answer_s}, llm=llm)
    assistant = Assistant(settings)
    generator = Stalling()
    assistant.engine.generative = GenerativeApproach(
        GenerativeSynthesizer("stalling", settings.llm, generator=generator))  # type: ignore[arg-type]
    assistant.warm_up(OPEN_QUESTION)  # the engine's first-call costs, outside the timed request
    return assistant, generator


@pytest.mark.slow
def test_a_model_timeout_longer_than_the_request_budget_gives_the_extractive_answer_with_the_notice(
        article_settings: Any) -> None:
    """llm.timeout_s (30 s) above the request's 8 s: the old fixed deadline raised AnswerTimeout at 8 s; now the
    model is given what is left less the reserve, gives up, and the extractive answer comes in time."""
    assistant, generator = _stalled(article_settings, 8.0, timeout_s=30.0, reserve_s=2.0, least_s=1.0)
    answer = assistant.ask(OPEN_QUESTION)
    print(f"model given {generator.offered[0]:.2f} s; answered in {answer.latency_ms:.0f} ms; {answer.notice}")
    assert len(generator.offered) == 1 and 1.0 <= generator.offered[0] <= 6.0
    assert answer.backend == "extractive" and answer.answerable and "林巍" in answer.text
    assert answer.notice and "stalling" in answer.notice and "no answer within" in answer.notice
    assert answer.latency_ms < 8000


@pytest.mark.slow
def test_with_too_little_left_the_model_is_not_asked(article_settings: Any) -> None:
    assistant, generator = _stalled(article_settings, 3.0, timeout_s=20.0, reserve_s=2.5, least_s=1.0)
    answer = assistant.ask(OPEN_QUESTION)
    print(answer.notice)
    assert generator.offered == []
    assert answer.backend == "extractive" and answer.answerable and "林巍" in answer.text
    assert answer.notice and "of the request's time was left" in answer.notice and "TIMEOUT_S" in answer.notice
    question = "Who is in charge of the Shuangliao wind power project?"
    assistant.warm_up(question)  # the English path's first-call costs (its dictionary) outside the request
    english = assistant.ask(question)
    assert generator.offered == [] and english.notice and "generative backend stalling" in english.notice


class _Silent(BaseHTTPRequestHandler):
    """Accepts a request and never answers (a hung or overloaded server)."""

    release = threading.Event()

    def do_POST(self) -> None:
        self.release.wait(60)

    def log_message(self, format: str, *args: Any) -> None:
        return None


def test_the_openai_like_http_timeout_is_the_time_it_was_given() -> None:
    if importlib.util.find_spec("llama_index.llms.openai_like") is None:
        pytest.skip("llama-index-llms-openai-like is not installed (pip install -e '.[llm-server]')")
    from llama_index.core.base.llms.types import ChatMessage, MessageRole

    from assistant.llm.openai_like import OpenAILikeGenerator

    server = ThreadingHTTPServer(("127.0.0.1", 0), _Silent)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}/v1"
        generator = OpenAILikeGenerator(LLMSettings(mode="openai_like", api_base=base, timeout_s=60.0))
        started = time.monotonic()
        with pytest.raises(BackendUnavailable, match=r"did not answer within 1\.5 s"):
            list(generator.stream([ChatMessage(role=MessageRole.USER, content="你好")], started + 1.5))
        took = time.monotonic() - started
        print(f"gave up after {took:.2f} s of 1.5 s (the client's own timeout: 60 s)")
        # the request's 1.5 s, not the client's own 60 s, ended the wait: its two attempts share the 1.5 s and the
        # client pauses ~0.5 s between them; how long exactly depends on the machine's load (CI measured 5.01 s at
        # load ~6), so the bound only tells the two timeouts apart (speed itself is a benchmark's matter)
        assert took < 20.0
    finally:
        _Silent.release.set()
        server.shutdown()
        server.server_close()
        thread.join(10)


@pytest.mark.slow
def test_the_local_model_with_a_short_request_budget_answers_in_time(article_settings: Any) -> None:
    """The real 0.5B with 6 s for the whole request and 20 s of its own: whether it writes the answer in the ~4 s
    left, gives up, or writes one the engine overrules (empty, thin), the request is answered within its budget
    (no AnswerTimeout), and an extractive answer says why (a notice or a resolution)."""
    from assistant.api import Assistant
    from assistant.llm.llamacpp import model_file

    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python is not installed (make llm-test)")
    if model_file(LLMSettings(model=MODEL, model_path=None)) is None:
        pytest.skip(f"the {MODEL} GGUF is absent (python -m assistant model setup {MODEL})")
    assistant = Assistant(article_settings.with_overrides(
        llm={"mode": "llamacpp", "model": MODEL, "timeout_s": 20.0, "reserve_s": 2.0, "least_s": 1.0,
             "max_tokens": 96},
        answer={"timeout_s": 6.0}))
    assistant.warm_up(OPEN_QUESTION)  # loads the model and its fixed prefix outside the timed request
    answer = assistant.ask(OPEN_QUESTION)
    print(f"{answer.backend} in {answer.latency_ms:.0f} ms; notice: {answer.notice}")
    assert answer.latency_ms < 6000 and answer.answerable
    assert answer.backend == "llamacpp" or (answer.backend == "extractive" and (answer.notice or answer.resolution))
