"""The local model keeps each fixed prompt prefix's state (assistant.llm.llamacpp.PrefixStates): a request in the
other language restores its own prefix instead of reading it again, and answers exactly as a full read would.
Real 0.5B GGUF through llama-cpp-python (skipped without them); invented passages."""

from __future__ import annotations

import importlib.util
import time

import pytest

from assistant.llm.llamacpp import LlamaCppGenerator, PrefixStates
from assistant.llm.prompts import answer_messages, fixed_prefix_messages
from assistant.settings import LLMSettings

pytestmark = pytest.mark.slow

MODEL = "qwen2.5-coder-0.5b"
PASSAGES = ["青石公司成立于2001年，总部在白桦市。", "公司负责人王小明介绍：今年产量增长三成。"]


@pytest.fixture(scope="module")
def generator() -> LlamaCppGenerator:
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python is not installed (make llm-test)")
    llm = LLMSettings(model=MODEL, model_path=None, temperature=0.0, prefix_states=4)
    if llm.model_file is None:
        pytest.skip(f"the {MODEL} GGUF is absent (python -m assistant model setup {MODEL})")
    return LlamaCppGenerator(llm)


def _ask(generator: LlamaCppGenerator, lang: str, question: str) -> str:
    return "".join(generator.stream(answer_messages(lang, question, PASSAGES), time.monotonic() + 600, 12))


def test_each_language_restores_its_own_prefix_and_answers_as_a_full_read_does(
        generator: LlamaCppGenerator) -> None:
    generator.prefixes = PrefixStates(4)
    for lang in ("en", "zh"):
        generator.warm(fixed_prefix_messages(lang))
    assert len(generator.prefixes) == 2
    # the KV cache of two ~190-token prefixes: ~12 KB a token for the 0.5B, nothing like a logits copy (~600 KB)
    assert 0 < generator.prefixes.memory_bytes < 2 * 200 * 20_000

    _ask(generator, "zh", "谁是青石公司的负责人？")
    zh = generator.last
    assert zh.reused > 100 and zh.restored == 0  # held since the warm-up
    restored = _ask(generator, "en", "Who leads Qingshi company?")
    en = generator.last
    assert en.restored == en.reused > 100  # the English prefix put back, not read
    assert en.read_tokens == en.prompt - en.restored  # llama.cpp read only the request's own part
    _ask(generator, "zh", "谁是青石公司的负责人？")
    assert generator.last.restored == zh.reused  # and back

    generator.prefixes = PrefixStates(0)  # nothing saved: the switch reads the whole English prompt
    read = _ask(generator, "en", "Who leads Qingshi company?")
    assert generator.last.restored == 0 and generator.last.reused < 10
    assert read == restored


def test_the_saved_prefixes_are_bounded_the_least_recently_used_dropped(generator: LlamaCppGenerator) -> None:
    generator.prefixes = PrefixStates(1)
    generator.warm(fixed_prefix_messages("en"))
    generator.warm(fixed_prefix_messages("zh"))
    assert len(generator.prefixes) == 1
    _ask(generator, "en", "Who leads Qingshi company?")
    assert generator.last.restored == 0  # the English prefix was dropped for the Chinese one
