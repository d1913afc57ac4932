"""The local model's cost in tokens (issue 10, latency measured independently of the machine's load): llama.cpp's
own counters read per request, the per-kind table of the benchmark, and the tokenizer-only counter that counts the
prompts of every open question without running the model (the real GGUF's vocabulary; skipped without it)."""

from __future__ import annotations

import importlib.util
from types import SimpleNamespace

import pytest

from assistant.llm.bench import by_kind
from assistant.llm.llamacpp import Perf, PrefixStates, Reading, SavedPrefix, TokenCounter, record
from assistant.llm.prompts import answer_messages, fixed_prefix_messages
from assistant.settings import LLMSettings
from eval.prompt_tokens import table

MODEL = "qwen2.5-coder-0.5b"


def test_a_requests_llama_cpp_counters_are_the_difference_of_before_and_after() -> None:
    reading = Reading(prompt=300, reused=180, generated=40)
    record(reading, Perf(1000.0, 500, 4000.0, 90), Perf(3000.0, 620, 8000.0, 129))
    assert (reading.read_tokens, reading.read_ms, reading.decoded_tokens, reading.decode_ms) == (120, 2000.0, 39,
                                                                                                 4000.0)
    assert reading.evaluated == 120
    assert reading.read_speed == pytest.approx(60.0) and reading.decode_speed == pytest.approx(9.75)
    assert Reading().read_speed == 0.0 and Reading().decode_speed == 0.0  # nothing read: no division


def test_the_benchmark_gives_tokens_per_kind_and_the_seconds_the_runs_speeds_imply() -> None:
    def reading(prompt: int, reused: int, out: int) -> Reading:
        r = Reading(prompt, reused, out)
        record(r, Perf(), Perf(read_ms=(prompt - reused) * 10.0, read_tokens=prompt - reused,
                               decode_ms=out * 100.0, decoded_tokens=out))
        return r

    text = by_kind([("entity", reading(300, 180, 30)), ("entity", reading(340, 180, 50)),
                    ("summary", reading(600, 180, 100))])
    assert "prompt read 100.0 tokens/s, generation 10.0 tokens/s" in text
    entity = next(line for line in text.splitlines() if line.startswith("entity"))
    # medians: 320 prompt tokens, 140 read anew (1.4 s at 100/s), 40 generated (4.0 s at 10/s)
    assert entity.split() == ["entity", "2", "320", "140", "40", "5.4"]


def test_the_prompt_table_counts_what_is_read_anew_beyond_what_the_state_kept_per_kind_and_language() -> None:
    rows = [("list.zh", 400, 200, 240), ("list.zh", 600, 200, 240), ("entity.zh", 300, 200, 96),
            ("entity.en", 300, 0, 96)]
    text = table(rows, shared=[190, 200], read_speed=100.0, decode_speed=10.0)
    assert "fixed prefixes (their state kept between questions): 190, 200 tokens" in text
    entity_zh = next(line for line in text.splitlines() if line.startswith("entity.zh")).split()
    assert entity_zh[:7] == ["entity.zh", "1", "300", "300", "100", "100", "96"]
    assert entity_zh[7] == "1.0/" and float(entity_zh[-1]) == pytest.approx(1.0 + 9.6)
    entity = next(line for line in text.splitlines() if line.startswith("entity ")).split()
    assert entity[:2] == ["entity", "2"] and entity[4] == "200"  # both languages: read anew 100 and 300
    assert table([], [200], 0.0, 0.0).count("\n") == 1  # no question reached the model: the header only


@pytest.fixture(scope="module")
def counter() -> TokenCounter:
    if importlib.util.find_spec("llama_cpp") is None:
        pytest.skip("llama-cpp-python is not installed (make llm-test)")
    llm = LLMSettings(model=MODEL, model_path=None)
    if llm.model_file is None:
        pytest.skip(f"the {MODEL} GGUF is absent (python -m assistant model setup {MODEL})")
    return TokenCounter(llm)


def test_the_counter_tokenizes_each_prompt_as_the_backend_would_and_writes_nothing(counter: TokenCounter) -> None:
    counter.warm(fixed_prefix_messages("zh"))
    shared = counter.shared[-1]
    assert 100 < shared < 400  # the system prompt and the user turn's frame, before the first sentence
    short = answer_messages("zh", "谁负责？", ["项目负责人林巍。"])
    longer = answer_messages("zh", "谁负责？", ["项目负责人林巍。", "项目总投资7.52亿元，由国家电投集团建设。"])
    assert list(counter.stream(short, deadline=0.0, max_tokens=96)) == []
    assert list(counter.stream(longer, deadline=0.0, max_tokens=96)) == []
    (turn, few, kept, bound), (_, more, _, _) = counter.requests[-2:]
    assert "谁负责？" in turn and bound == 96 and kept == shared
    assert shared < few < more  # the prompt holds the kept prefix and grows with what is sent


def test_the_counter_keeps_each_languages_saved_prefix_and_without_saved_states_only_the_last_prompt() -> None:
    llm = LLMSettings(model=MODEL, model_path=None)
    if importlib.util.find_spec("llama_cpp") is None or llm.model_file is None:
        pytest.skip(f"llama-cpp-python or the {MODEL} GGUF is absent")
    asked = [answer_messages("zh", "谁负责？", ["项目负责人林巍。"]),
             answer_messages("en", "Who leads it?", ["项目负责人林巍。"]),
             answer_messages("zh", "谁负责？", ["项目负责人林巍。"])]
    kept = {}
    for limit in (0, 4):
        counter = TokenCounter(llm.model_copy(update={"prefix_states": limit}))
        for lang in ("en", "zh"):
            counter.warm(fixed_prefix_messages(lang))
        for messages in asked:
            list(counter.stream(messages, deadline=0.0))
        kept[limit] = [r[2] for r in counter.requests]
    en, zh = counter.shared
    assert kept[4] == [zh, en, zh]  # each language restores its own prefix
    # without saved states the language switch keeps only the chat template's first tokens
    assert kept[0][0] == zh and kept[0][1] < 10 and kept[0][2] < 10


def _states(*prefixes: tuple[int, ...]) -> PrefixStates:
    states = PrefixStates(4)
    for tokens in prefixes:
        states._saved[tokens] = SavedPrefix(tokens, b"\0" * 8)
    return states


def test_a_prompt_restores_the_longest_saved_prefix_it_begins_with() -> None:
    states = _states((1, 2), (1, 2, 3), (7, 8))
    assert states.longest([1, 2, 3, 4]) == states._saved[(1, 2, 3)]
    assert states.longest([1, 2, 9]) == states._saved[(1, 2)]
    assert states.longest([1, 2, 3]) == states._saved[(1, 2, 3)]
    assert states.longest([7, 9]) is None and states.longest([]) is None
    assert states.memory_bytes == 24


def test_a_prefix_llama_cpp_cannot_restore_is_dropped_and_the_state_counts_as_empty(
        monkeypatch: pytest.MonkeyPatch) -> None:
    llama_cpp = pytest.importorskip("llama_cpp")
    states = _states((1, 2, 3))
    monkeypatch.setattr(llama_cpp, "llama_state_seq_set_data", lambda *_args: 0)  # llama.cpp refuses
    model = SimpleNamespace(_ctx=SimpleNamespace(ctx=object()), input_ids=[0] * 8, n_tokens=5)
    assert not states.restore(model, states._saved[(1, 2, 3)])
    assert model.n_tokens == 0 and len(states) == 0
