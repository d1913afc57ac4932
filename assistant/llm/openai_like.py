"""Any OpenAI-compatible server (llama.cpp's `llama_cpp.server`, Ollama's /v1, vLLM, a hosted API) through
llama-index's OpenAILike: base URL, model, key, a timeout on every call and few retries (a server that is
down should say so in seconds, not after minutes of backing off)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import TYPE_CHECKING

from assistant.llm import INSTALL_OPENAI_LIKE, BackendUnavailable

if TYPE_CHECKING:
    from llama_index.core.base.llms.types import ChatMessage

    from assistant.settings import LLMSettings

NAME = "openai_like"
MAX_RETRIES = 1
START_SERVER = ("start the server (e.g. `python -m llama_cpp.server --model <file.gguf> --host 127.0.0.1 "
                "--port 8080`, or `ollama serve`) or set ASSISTANT_LLM_API_BASE")


class OpenAILikeGenerator:
    name = NAME

    def __init__(self, llm: LLMSettings) -> None:
        try:
            from llama_index.llms.openai_like import OpenAILike
        except ImportError as exc:
            raise BackendUnavailable(NAME, "llama-index-llms-openai-like is not installed",
                                     INSTALL_OPENAI_LIKE) from exc
        self.llm = llm
        self._client = OpenAILike(model=llm.api_model, api_base=llm.api_base, api_key=llm.api_key or "none",
                                  is_chat_model=True, is_function_calling_model=False, timeout=llm.timeout_s,
                                  max_retries=MAX_RETRIES, temperature=llm.temperature, context_window=llm.n_ctx)

    def stream(self, messages: list[ChatMessage], deadline: float, max_tokens: int = 0) -> Iterator[str]:
        """max_tokens: the request's bound (0: settings.llm.max_tokens); per call, so the client is built with
        none of its own (OpenAILike's own bound would override the call's)."""
        import openai

        # the HTTP timeout of this call is the time it was given (llm.timeout_s, or less when the request's own
        # budget had less left), shared by its attempts: the client's own timeout alone would outlast the request
        allowed = max(0.1, deadline - time.monotonic())
        try:
            for response in self._client.stream_chat(messages, max_tokens=max_tokens or self.llm.max_tokens,
                                                     timeout=allowed / (MAX_RETRIES + 1)):
                if time.monotonic() > deadline:
                    raise BackendUnavailable(NAME, f"no answer within {allowed:.1f} s",
                                             "a faster server or model, or raise ASSISTANT_LLM__TIMEOUT_S")
                if response.delta:
                    yield response.delta
        except openai.APITimeoutError as exc:
            raise BackendUnavailable(NAME, f"{self.llm.api_base} did not answer within {allowed:.1f} s",
                                     "a faster server or model, or raise ASSISTANT_LLM__TIMEOUT_S") from exc
        except openai.APIConnectionError as exc:
            raise BackendUnavailable(NAME, f"no server answers at {self.llm.api_base}", START_SERVER) from exc
        except openai.APIStatusError as exc:
            raise BackendUnavailable(NAME, f"{self.llm.api_base} refused the request ({exc.status_code}: "
                                     f"{str(exc)[:120]})", "check ASSISTANT_LLM_API_MODEL and ASSISTANT_LLM_API_KEY"
                                     ) from exc

    def warm(self, messages: list[ChatMessage]) -> None:
        """Nothing to keep on this side: the server keeps its own prompt cache."""
        return None
