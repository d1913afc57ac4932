"""Property-based (hypothesis) checks of the input boundary (issue 7): ask() with arbitrary histories and
questions, and the figure parser on arbitrary text, raise nothing but the documented errors and stay
bounded in time. ask() runs on the real article index (session fixtures in conftest.py).

Each test counts the inputs it tried and the slowest call and prints them (run with -s to see them)."""

from __future__ import annotations

import time
from collections import Counter
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.api import Assistant
from assistant.figures import parse_figures
from assistant.types import Answer, AnswerTimeout, QuestionError

ASK_EXAMPLES = 250
PARSE_EXAMPLES = 400

# every code point, including controls, format characters (zero-width, BOM, direction marks) and lone
# surrogates, which a JSON client can send
ANY_CHAR = st.characters(exclude_categories=())
# the characters the engine's deeper paths react to: names, attributes, pronouns, numbers, units
PIECES = st.sampled_from([*"双辽风电项目总投资多少个几它该其那呢产值利税工业农业比一共合计占比增长",
                          *"0123456789.%亿万元千瓦吨台？?，。 \x00\u200b\ufeff\n",
                          "以上", "以下", "What is its ", "how many ", "它建成后"])


def domain_text(max_pieces: int, min_pieces: int = 0) -> st.SearchStrategy[str]:
    return st.lists(PIECES, min_size=min_pieces, max_size=max_pieces).map("".join)


huge = st.builds(lambda piece, n: piece * n, domain_text(4, 1), st.integers(500, 30_000))
texts = st.one_of(st.text(ANY_CHAR, max_size=40), domain_text(30), huge)
scalars = st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.booleans(), st.binary(max_size=8), texts)
shapes = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.tuples(inner, inner), st.tuples(inner),
    st.dictionaries(st.text(max_size=3), inner, max_size=2)), max_leaves=12)
well_formed = st.lists(st.tuples(texts, texts) | st.lists(texts, min_size=2, max_size=2), max_size=12)
long_runs = st.builds(lambda turn, n: [turn] * n, st.tuples(texts, texts), st.integers(100, 2_000))
# weighted towards inputs that pass validation, so that most examples reach the engine
histories = st.one_of(well_formed, well_formed, well_formed, st.none(), shapes, long_runs)
questions = st.one_of(domain_text(30, 1), domain_text(30, 1), domain_text(30, 1),
                      st.text(ANY_CHAR, min_size=1, max_size=40), huge, scalars)


def test_ask_raises_only_question_errors_in_bounded_time(article_assistant: Assistant) -> None:
    times: list[float] = []
    outcomes: Counter[str] = Counter()
    slowest: list[str] = [""]

    @settings(max_examples=ASK_EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(question=questions, history=histories)
    def check(question: Any, history: Any) -> None:
        started = time.perf_counter()
        try:
            answer = article_assistant.ask(question, history)
        except AnswerTimeout:
            outcomes["timeout"] += 1
        except QuestionError:
            outcomes["question error"] += 1
        else:
            outcomes["answerable" if answer.answerable else "not answerable"] += 1
            assert isinstance(answer, Answer) and answer.text.strip() and answer.lang in {"zh", "en"}
        finally:
            times.append(time.perf_counter() - started)
            if times[-1] >= max(times):
                slowest[0] = f"{question!r:.200} with {history!r:.300}"

    check()
    budget = article_assistant.settings.answer.timeout_s
    print(f"\nask(): {len(times)} generated inputs, {dict(outcomes)}; slowest call {max(times):.2f} s, "
          f"mean {sum(times) / len(times):.3f} s (budget {budget:g} s)\nslowest: {slowest[0]}")
    assert len(times) >= ASK_EXAMPLES
    assert max(times) < budget + 5.0  # the budget holds (plus the checks before it starts)


def test_figure_parser_never_raises_and_returns_spans_of_its_input() -> None:
    times: list[float] = []
    found = 0

    @settings(max_examples=PARSE_EXAMPLES, deadline=None, database=None,
              suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.large_base_example])
    @given(text=st.one_of(texts, domain_text(150)))
    def check(text: str) -> None:
        nonlocal found
        started = time.perf_counter()
        try:
            figures = parse_figures(text)
        finally:
            times.append(time.perf_counter() - started)
        found += len(figures)
        for f in figures:
            assert 0 <= f.start < f.end <= len(text)
            assert isinstance(f.value, float) and f.unit_class

    check()
    print(f"\nparse_figures(): {len(times)} generated inputs, {found} figures; slowest call {max(times):.3f} s")
    assert len(times) >= PARSE_EXAMPLES
    assert max(times) < 10.0
