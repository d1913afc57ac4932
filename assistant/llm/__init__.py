"""Generative backends for open questions, under the figure and name verifier (issue 10).

One setting (settings.llm.mode) chooses the backend: "extractive" (no model: the approaches quote the
documents), "llamacpp" (a local GGUF through llama-cpp-python), "openai_like" (any OpenAI-compatible server:
llama.cpp's, Ollama's /v1, vLLM, a hosted API) or "auto" (llamacpp when it is installed and its model is
there). `make_synthesizer(settings)` returns None for the extractive engine, else the GenerativeSynthesizer
that writes answers to open questions (summary, list, entity, describe) from numbered sentences. Figures,
yes/no, planted claims, chit-chat, declines and instructions never reach a model. Whatever a model writes
is checked in one place (assistant.llm.check, called by AnswerEngine.answer): every figure traced to a cited
passage or a shown computation, every name to a cited passage.
"""

from __future__ import annotations

import importlib.util
from typing import TYPE_CHECKING

from assistant.compose import wording

if TYPE_CHECKING:
    from assistant.llm.synth import GenerativeSynthesizer
    from assistant.settings import LLMSettings, Settings

# the kinds a generative backend answers (assistant.approaches.Kind); every other kind stays deterministic
OPEN_KINDS = frozenset({"summary", "list", "entity", "describe"})
MODES = ("auto", "extractive", "llamacpp", "openai_like")
INSTALL_LLAMACPP = "pip install -e '.[llm]'  (or: make run)"
INSTALL_OPENAI_LIKE = "pip install -e '.[llm-server]'"


class BackendUnavailable(RuntimeError):
    """A generative backend that cannot answer now: the extra not installed, the model file missing, the
    server down, a timeout. Says why and the command that fixes it; the extractive answer is given instead."""

    def __init__(self, backend: str, reason: str, fix: str) -> None:
        super().__init__(f"{backend}: {reason} (fix: {fix})")
        self.backend, self.reason, self.fix = backend, reason, fix

    def notice(self, lang: str) -> str:
        """The line shown with the extractive answer (prompts/llm_unavailable)."""
        return wording("llm_unavailable", lang).format(backend=self.backend, reason=self.reason, fix=self.fix)


def llamacpp_ready(llm: LLMSettings) -> bool:
    """llama-cpp-python importable and a model file there: what "auto" needs to pick llamacpp."""
    from assistant.llm.llamacpp import model_file

    return importlib.util.find_spec("llama_cpp") is not None and model_file(llm) is not None


def backend_name(llm: LLMSettings) -> str:
    """The backend a mode resolves to ("auto": llamacpp when ready, else extractive)."""
    if llm.mode not in MODES:
        raise ValueError(f"llm.mode must be one of {', '.join(MODES)}, not {llm.mode!r}")
    if llm.mode == "auto":
        return "llamacpp" if llamacpp_ready(llm) else "extractive"
    return llm.mode


def make_synthesizer(settings: Settings) -> GenerativeSynthesizer | None:
    """None for the extractive engine; else the generative synthesizer of the configured backend. The model
    is loaded (or the server reached) on first use, so a missing one shows as a notice on the first open
    question, with the extractive answer, instead of stopping the assistant."""
    name = backend_name(settings.llm)
    if name == "extractive":
        return None
    from assistant.llm.synth import GenerativeSynthesizer

    return GenerativeSynthesizer(name, settings.llm)
