"""The generative synthesizer: the configured backend writing an answer from numbered sentences, timed
(first token, whole answer) and bounded by settings.llm.timeout_s and the request's time left
(model_budget). The Answer is built and checked elsewhere (assistant.llm.approach, assistant.llm.check)."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from assistant.deadline import remaining
from assistant.llm import BackendUnavailable
from assistant.llm.prompts import answer_messages, fixed_prefix_messages, languages

if TYPE_CHECKING:
    from llama_index.core.base.llms.types import ChatMessage

from assistant.settings import LLMSettings
from assistant.types import Answer

# where a generated answer's pieces go as they come (the CLI's --stream, the UI): set with streaming()
_ON_TOKEN: ContextVar[Callable[[str], None] | None] = ContextVar("on_token", default=None)
# within held_back(), open questions get the deterministic answer without the model being asked (a warm-up)
_HELD_BACK: ContextVar[bool] = ContextVar("held_back", default=False)


@contextmanager
def streaming(on_token: Callable[[str], None]) -> Iterator[None]:
    """Within this block, each piece a backend generates for this context is passed to on_token (ask() runs
    the answer in a worker thread with a copy of the caller's context, so it reaches there)."""
    token = _ON_TOKEN.set(on_token)
    try:
        yield
    finally:
        _ON_TOKEN.reset(token)


@contextmanager
def held_back() -> Iterator[None]:
    """Within this block the model is not asked: open questions get the deterministic answer. A warm-up
    (eval, benchmarks) asks a question for the engine's first-call costs without generating an answer."""
    token = _HELD_BACK.set(True)
    try:
        yield
    finally:
        _HELD_BACK.reset(token)


def is_held_back() -> bool:
    return _HELD_BACK.get()


class Generator(Protocol):
    name: str

    def stream(self, messages: list[ChatMessage], deadline: float, max_tokens: int = 0) -> Iterator[str]: ...

    def warm(self, messages: list[ChatMessage]) -> None: ...


@dataclass
class Draft:
    text: str
    first_token_ms: float
    total_ms: float
    tokens_read: int = 0  # prompt tokens the model read anew (its state held the rest); 0: the backend cannot say
    tokens_written: int = 0

    def spent_on(self, answer: Answer) -> Answer:
        """The answer given for this draft (the model's, or the one that overruled it) carries what it cost."""
        answer.first_token_ms = self.first_token_ms
        answer.tokens_read, answer.tokens_written = self.tokens_read, self.tokens_written
        return answer


# one loaded model per process and configuration: assistants on several stores (the eval's documents, a
# reopened generation) share it rather than each loading its own copy
_OPENED: dict[tuple[str, LLMSettings], Generator] = {}
_OPENING = threading.Lock()


def _open(name: str, llm: LLMSettings) -> Generator:
    with _OPENING:
        key = (name, llm)
        if key not in _OPENED:
            if name == "llamacpp":
                from assistant.llm.llamacpp import LlamaCppGenerator

                _OPENED[key] = LlamaCppGenerator(llm)
            else:
                from assistant.llm.openai_like import OpenAILikeGenerator

                _OPENED[key] = OpenAILikeGenerator(llm)
        return _OPENED[key]


def install(name: str, llm: LLMSettings, generator: Generator) -> None:
    """Use this generator for the backend and configuration in this process (eval.prompt_tokens installs a
    tokenizer-only counter, so every assistant the eval opens counts prompts instead of generating)."""
    with _OPENING:
        _OPENED[(name, llm)] = generator


def model_budget(llm: LLMSettings, left: float | None) -> float:
    """Seconds the model may take: llm.timeout_s, but no more than the request's time left (left; None: the
    request has no budget) less llm.reserve_s, kept for the extractive answer and the check after it."""
    return llm.timeout_s if left is None else min(llm.timeout_s, left - llm.reserve_s)


class GenerativeSynthesizer:
    def __init__(self, name: str, llm: LLMSettings, generator: Generator | None = None) -> None:
        self.name = name
        self.llm = llm
        self._generator = generator
        self._failed: BackendUnavailable | None = None  # a local model that cannot load stays unloaded
        self._lock = threading.Lock()

    def generator(self) -> Generator:
        with self._lock:
            if self._generator is None:
                if self._failed is not None:
                    raise self._failed
                try:
                    self._generator = _open(self.name, self.llm)
                except BackendUnavailable as exc:
                    if self.name == "llamacpp":  # install or model missing: not fixed by asking again
                        self._failed = exc
                    raise
            return self._generator

    def prepare(self, lang: str = "zh") -> None:
        """Load the model and evaluate the prompt's fixed prefix (the system prompt and the user turn up to the
        first numbered sentence) of every language without generating anything, `lang`'s last (the one the
        model's state then holds; a local model saves each, so a question in another language restores its
        own): warm-ups and benchmarks call it so loading is not timed and a question reads only its own part."""
        generator = self.generator()
        for other in [*(o for o in languages() if o != lang), lang]:
            generator.warm(fixed_prefix_messages(other))

    def _budget(self) -> float:
        """model_budget of this request; BackendUnavailable (the extractive answer is given, with the notice)
        when it is below llm.least_s."""
        budget = model_budget(self.llm, remaining())
        if budget < self.llm.least_s:
            raise BackendUnavailable(self.name, f"only {max(budget, 0.0):.1f} s of the request's time was left for "
                                     "it", "ask again, or raise ASSISTANT_ANSWER__TIMEOUT_S")
        return budget

    def write(self, question: str, lang: str, sentences: list[str],
              on_token: Callable[[str], None] | None = None, max_tokens: int = 0, kind: str = "") -> Draft:
        """The model's answer to the question from the numbered sentences. on_token sees each piece as it
        comes (streaming to a CLI or UI); max_tokens bounds its length (0: settings.llm.max_tokens); kind adds
        what an answer of the kind must hold (prompts.kind_instruction).
        BackendUnavailable when the backend cannot answer in time."""
        self._budget()  # too little left: the model is not loaded or asked
        generator = self.generator()
        budget = self._budget()  # loading it (a first request without a warm-up) took some of what was left
        on_token = on_token or _ON_TOKEN.get()
        started = time.monotonic()
        deadline = started + budget
        pieces: list[str] = []
        first = 0.0
        for piece in generator.stream(answer_messages(lang, question, sentences, kind), deadline,
                                       max_tokens):
            if not pieces:
                first = (time.monotonic() - started) * 1000
            pieces.append(piece)
            if on_token is not None:
                on_token(piece)
        last = getattr(generator, "last", None)  # a local model's token counts of this request (llamacpp.Reading)
        return Draft("".join(pieces).strip(), first, (time.monotonic() - started) * 1000,
                     getattr(last, "evaluated", 0), getattr(last, "generated", 0) or len(pieces))
