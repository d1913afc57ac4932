"""A local GGUF model through llama-cpp-python, called directly: the GGUF's own chat template, and the
prompt's shared prefix (the system prompt, first in every request) kept in the model's state between
questions: llama-cpp-python reuses the longest prefix of the tokens it evaluated last, so only the numbered
sentences and the question are read anew. One request at a time (a Llama object is not thread-safe)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.llm import INSTALL_LLAMACPP, BackendUnavailable

if TYPE_CHECKING:
    from llama_index.core.base.llms.types import ChatMessage

    from assistant.settings import LLMSettings

NAME = "llamacpp"


def model_file(llm: LLMSettings) -> Path | None:
    """The GGUF to load (LLMSettings.model_file: model_path, else the pulled model under models_dir)."""
    return llm.model_file


class LlamaCppGenerator:
    name = NAME

    def __init__(self, llm: LLMSettings) -> None:
        try:
            import llama_cpp
        except ImportError as exc:
            raise BackendUnavailable(NAME, "llama-cpp-python is not installed", INSTALL_LLAMACPP) from exc
        path = model_file(llm)
        if path is None:
            where = llm.model_path or f"{llm.model} under {llm.models_dir}"
            raise BackendUnavailable(NAME, f"no GGUF model file ({where})",
                                     f"python -m assistant model pull {llm.model}")
        self.llm = llm
        self.path = path
        try:
            self._llama: Any = llama_cpp.Llama(model_path=str(path), n_ctx=llm.n_ctx, n_threads=llm.n_threads,
                                          verbose=False)
        except Exception as exc:  # a truncated or foreign file: llama.cpp says only that it failed
            raise BackendUnavailable(NAME, f"cannot load {path} ({exc})",
                                     f"python -m assistant model pull {llm.model}") from exc
        self._lock = threading.Lock()

    def stream(self, messages: list[ChatMessage], deadline: float) -> Iterator[str]:
        """The answer's pieces as they are generated; BackendUnavailable past the deadline (checked between
        tokens: reading the prompt is bounded by n_ctx)."""
        sent: list[dict[str, Any]] = [{"role": m.role.value, "content": m.content or ""} for m in messages]
        with self._lock:
            # a request that waited past its deadline for the model (an earlier one still generating: a caller's
            # timeout abandons its request, it does not stop it) gives up here rather than start reading, so
            # abandoned requests do not queue up behind each other on a loaded machine
            if time.monotonic() > deadline:
                raise BackendUnavailable(NAME, f"the model was busy for {self.llm.timeout_s:g} s",
                                         "a smaller model, or raise ASSISTANT_LLM_TIMEOUT_S")
            chunks = self._llama.create_chat_completion(messages=sent, temperature=self.llm.temperature,
                                                        max_tokens=self.llm.max_tokens, stream=True)
            for chunk in chunks:
                if time.monotonic() > deadline:
                    raise BackendUnavailable(NAME, f"no answer within {self.llm.timeout_s:g} s",
                                             "a smaller model, or raise ASSISTANT_LLM_TIMEOUT_S")
                piece = chunk["choices"][0]["delta"].get("content")
                if piece:
                    yield str(piece)

    def warm(self, messages: list[ChatMessage]) -> None:
        """Evaluate the system prompt once, so the first question reads only its own part."""
        for _ in self.stream(messages, time.monotonic() + self.llm.timeout_s):
            break
