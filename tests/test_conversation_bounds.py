"""Bounded conversations (issue 7): malformed histories are a QuestionError (never a TypeError, IndexError,
KeyError or RecursionError), long conversations and huge messages are capped, a pronoun with no antecedent
gets a clarifying question, invisible characters are stripped from questions, and Assistant.ask gives every
thread its own answer. All on the real article index (session fixtures in conftest.py)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from assistant.api import Assistant
from assistant.compose import wording
from assistant.deadline import within
from assistant.inputs import check_history, clean_text
from assistant.types import Answer, AnswerTimeout, QuestionError

WIND_Q = "双辽风电项目总投资多少？"
FOLLOW_UP = "它建成后每年利税多少？"
OUTPUT = "那产值呢？"
GENEROUS_S = 10.0  # a bound for "answers in bounded time", not a speed target


def summary(answer: Answer) -> tuple[Any, ...]:
    """What a reader sees: the text, the figures with their sources, and the cited spans."""
    return (answer.text, answer.answerable, answer.verified, answer.lang, answer.resolved_question,
            [(f.text, f.value, f.source, f.citation) for f in answer.figures],
            [(c.n, c.doc_id, c.start, c.end) for c in answer.citations])


@pytest.fixture(scope="module")
def wind(article_assistant: Assistant) -> Answer:
    answer = article_assistant.ask(WIND_Q)
    assert answer.answerable and "7.52亿元" in answer.text
    return answer


# -- malformed histories: one test per row of the table -------------------------------------------
def test_history_none_pair_is_a_question_error(article_assistant: Assistant) -> None:
    with pytest.raises(QuestionError, match="question of history turn 0 must be text, not NoneType"):
        article_assistant.ask(FOLLOW_UP, history=[(None, None)])  # type: ignore[list-item]


def test_history_int_is_a_question_error(article_assistant: Assistant) -> None:
    with pytest.raises(QuestionError, match="history must be a list of \\[question, answer\\] pairs, not int"):
        article_assistant.ask(FOLLOW_UP, history=5)  # type: ignore[arg-type]


@pytest.mark.parametrize(("history", "fragment"), [
    ([("只有问题",)], "turn 0 must be a [question, answer] pair, not 1 items"),
    ([(WIND_Q, "答", "多余")], "turn 0 must be a [question, answer] pair, not 3 items"),
    ([(WIND_Q, "答"), ()], "turn 1 must be a [question, answer] pair, not 0 items"),
])
def test_wrong_length_tuples_are_a_question_error(article_assistant: Assistant, history: Any, fragment: str) -> None:
    with pytest.raises(QuestionError) as caught:
        article_assistant.ask(FOLLOW_UP, history=history)
    assert fragment in str(caught.value)


@pytest.mark.parametrize(("history", "fragment"), [
    ("双辽风电项目", "not str"),
    ({"question": WIND_Q}, "not dict"),
    ([WIND_Q], "turn 0 must be a [question, answer] pair, not str"),
    ([{"q": WIND_Q, "a": "x"}], "turn 0 must be a [question, answer] pair, not dict"),
    ([[[WIND_Q], "x"]], "question of history turn 0 must be text, not list"),
    ([(WIND_Q, 7.52)], "answer of history turn 0 must be text, not float"),
    ([(WIND_Q.encode(), "x")], "must be text, not bytes"),
])
def test_history_of_the_wrong_types_is_a_question_error(article_assistant: Assistant, history: Any,
                                                         fragment: str) -> None:
    with pytest.raises(QuestionError) as caught:
        article_assistant.ask(FOLLOW_UP, history=history)
    assert fragment in str(caught.value)


def test_thousand_turn_history_is_answered_from_its_last_turns(article_assistant: Assistant, wind: Answer) -> None:
    """1,000 turns of follow-ups (a RecursionError before): only the last max_history_turns are read."""
    history = [(WIND_Q, wind.text)] + [(FOLLOW_UP, "利税0.18亿元。"), (OUTPUT, "产值1.48亿元。")] * 500
    started = time.perf_counter()
    long = article_assistant.ask(OUTPUT, history)
    seconds = time.perf_counter() - started
    print(f"\n1,000-turn history answered in {seconds:.2f} s")
    turns = article_assistant.settings.answer.max_history_turns
    assert summary(long) == summary(article_assistant.ask(OUTPUT, history[-turns:]))
    # the subject was named 1,000 turns ago, beyond the cap: nothing in the read turns names it
    assert long.answerable is False and long.text == wording("clarify", "zh")
    assert seconds < GENEROUS_S
    # within the cap the same chain carries the subject through every turn
    short = article_assistant.ask(OUTPUT, history[:turns])
    assert short.answerable and "双辽风电项目" in short.resolved_question and "1.48亿元" in short.text


def test_history_as_lists_is_the_same_as_tuples(article_assistant: Assistant, wind: Answer) -> None:
    as_lists = article_assistant.ask(FOLLOW_UP, [[WIND_Q, wind.text]])  # type: ignore[list-item]
    assert summary(as_lists) == summary(article_assistant.ask(FOLLOW_UP, [(WIND_Q, wind.text)]))
    assert "0.18亿元" in as_lists.text


@pytest.mark.parametrize("history", ["5", "[[null, null]]", '[["q"]]', '"q"', '{"q": "a"}', "[" * 50_000, "not json"])
def test_cli_malformed_history_exits_2_without_a_traceback(history: str, subprocess_env: dict[str, str],
                                                           tmp_path: Any) -> None:
    result = subprocess.run([sys.executable, "-m", "assistant", "ask", FOLLOW_UP, "--history", history,
                             "--store", str(tmp_path / "no-store")],
                            capture_output=True, text=True, env=subprocess_env, timeout=120, check=False)
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("error: ") and "history" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "no-store").exists()  # rejected before the store was opened or built


def test_cli_well_formed_history_resolves_the_follow_up(article_settings: Any, subprocess_env: dict[str, str]) -> None:
    history = json.dumps([[WIND_Q, "总投资7.52亿元。"]], ensure_ascii=False)
    result = subprocess.run([sys.executable, "-m", "assistant", "ask", "\u200b" + FOLLOW_UP, "--history", history,
                             "--store", str(article_settings.store.dir), "--json"],
                            capture_output=True, text=True, env=subprocess_env, timeout=300, check=False)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["question"] == FOLLOW_UP and "双辽风电项目" in answer["resolved_question"]
    assert "0.18亿元" in answer["text"]


# -- huge messages ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("size", [20_000, 100_000])
def test_huge_history_message_answers_in_bounded_time(article_assistant: Assistant, wind: Answer, size: int) -> None:
    """A 20,000- or 100,000-character message (96 s and 300 s before) is cut to its beginning."""
    huge_question = WIND_Q + "的" * size
    started = time.perf_counter()
    answer = article_assistant.ask(OUTPUT, [(huge_question, wind.text + "。" * size)])
    seconds = time.perf_counter() - started
    print(f"\nhistory with two {size:,}-character messages answered in {seconds:.2f} s")
    assert seconds < GENEROUS_S
    assert answer.answerable and "1.48亿元" in answer.text  # the subject, at the start, survived the cut
    assert len(answer.resolved_question) <= article_assistant.settings.answer.max_history_chars + len(OUTPUT) + 10


def test_history_messages_are_cut_to_their_beginning() -> None:
    turns = check_history([("甲" * 1000, "乙" * 1000)] * 20, max_turns=3, max_chars=50)
    assert turns == [("甲" * 50, "乙" * 50)] * 3
    assert check_history(None, 3, 50) == [] and check_history((), 3, 50) == []


# -- a pronoun with no antecedent ---------------------------------------------------------------------------
def assert_clarifies(answer: Answer, lang: str = "zh") -> None:
    assert answer.answerable is False
    assert answer.text == wording("clarify", lang)
    assert answer.citations == [] and answer.figures == [] and answer.verified
    assert all(c.start == c.passage_start for c in answer.related)  # related passages claim no span


def test_pronoun_without_history_asks_which_subject(article_assistant: Assistant) -> None:
    """"它建成后每年利税多少？" with no history gave an arbitrary project's figure."""
    answer = article_assistant.ask(FOLLOW_UP)
    assert_clarifies(answer)
    assert answer.resolved_question == FOLLOW_UP


@pytest.mark.parametrize("history", [
    [("它产值多少？", "你问的“它”指的是哪一个？")],  # the earlier turn named nothing either
    [(FOLLOW_UP, "你问的“它”指的是哪一个？")],
])
def test_pronoun_after_turns_naming_no_subject_asks_which_subject(article_assistant: Assistant,
                                                                   history: list[tuple[str, str]]) -> None:
    assert_clarifies(article_assistant.ask("它的产值呢？", history))
    assert_clarifies(article_assistant.ask(OUTPUT, history))


def test_english_pronoun_without_history_asks_which_subject(article_assistant: Assistant) -> None:
    assert_clarifies(article_assistant.ask("What is its annual profit and tax?"), "en")


def test_pronoun_with_its_antecedent_is_answered(article_assistant: Assistant, wind: Answer) -> None:
    answer = article_assistant.ask(FOLLOW_UP, [(WIND_Q, wind.text)])
    assert answer.answerable and "0.18亿元" in answer.text and "双辽风电项目" in answer.resolved_question
    # the antecedent inside the question itself: no clarifying question (how well it is answered is the
    # engine's business, tested elsewhere)
    inline = article_assistant.ask("有个风电项目总投资7.52亿元，它建成后每年利税多少？")
    assert inline.text != wording("clarify", "zh") and inline.answerable


# -- invisible characters ---------------------------------------------------------------------------------
@pytest.mark.parametrize("dirty", [
    "\x00" + WIND_Q,
    "\u200b" + WIND_Q,
    "双辽\u200b风电\u200d项目\ufeff总投资多少？\x00",
    "\u202e双辽风电项目\u2060总投资多少？",
    "双辽风电项目\n总投资多少？",
])
def test_invisible_characters_do_not_change_the_answer(article_assistant: Assistant, wind: Answer, dirty: str) -> None:
    """A leading NUL made the question unanswerable, a zero-width space made it English."""
    answer = article_assistant.ask(dirty)
    assert answer.lang == "zh"
    assert answer.text == wind.text and [f.value for f in answer.figures] == [f.value for f in wind.figures]


def test_clean_text_keeps_visible_text_and_spaces_line_breaks() -> None:
    assert clean_text("双辽 风电\t项目\r\n总投资") == "双辽 风电 项目  总投资"
    assert clean_text("a\x00b\u200bc\ufeffd\u00ade\U000e0041") == "abcde"  # soft hyphen and tags are Cf too
    assert clean_text("全角　空格和 emoji 👍") == "全角　空格和 emoji 👍"


def test_question_of_only_invisible_characters_is_empty(article_assistant: Assistant) -> None:
    with pytest.raises(QuestionError, match="empty"):
        article_assistant.ask("\x00\u200b\ufeff \n")


# -- the time budget ----------------------------------------------------------------------------------------
def test_a_request_over_its_time_budget_is_an_answer_timeout(article_settings: Any,
                                                            article_assistant: Assistant) -> None:
    """The same real engine under a budget no answer fits in: the caller gets AnswerTimeout at the deadline."""
    budgeted = copy.copy(article_assistant)
    budgeted.settings = article_settings.with_overrides(**{"answer.timeout_s": "0.001"})  # as from the environment
    started = time.perf_counter()
    with pytest.raises(AnswerTimeout, match=r"no answer within 0\.001 seconds"):
        budgeted.ask(WIND_Q)
    assert time.perf_counter() - started < 1.0
    assert issubclass(AnswerTimeout, QuestionError)  # every caller that handles QuestionError handles it
    assert article_assistant.ask(WIND_Q).answerable  # the default budget is unaffected


def test_within_returns_the_result_or_raises_the_error_of_the_work() -> None:
    assert within(5, lambda: 42) == 42
    with pytest.raises(KeyError, match="missing"):
        within(5, lambda: {}["missing"])
    release = threading.Event()
    with pytest.raises(AnswerTimeout):
        within(0.05, lambda: release.wait(5))
    release.set()
    assert within(0, lambda: "no budget") == "no budget"

    def times_out_itself() -> None:
        raise TimeoutError("the store took too long")

    with pytest.raises(TimeoutError, match="the store") as caught:
        within(5, times_out_itself)
    assert not isinstance(caught.value, AnswerTimeout)  # the work's own error, not our budget


# -- several threads at once ------------------------------------------------------------------------------------
CONVERSATIONS: list[tuple[str, list[tuple[str, str]]]] = [
    (WIND_Q, []),
    (FOLLOW_UP, [(WIND_Q, "总投资7.52亿元。")]),
    (OUTPUT, [(WIND_Q, "总投资7.52亿元。")]),
    ("全市累计开工复工5000万元以上项目多少个？", []),
    ("其中新开工多少个？", [("全市累计开工复工5000万元以上项目多少个？", "196个。")]),
    ("工业项目比农业项目多几个？", []),
    ("What is the total investment of the Shuangliao wind project?", []),
    (FOLLOW_UP, []),
]


def test_eight_threads_get_the_single_threaded_answers(article_assistant: Assistant) -> None:
    expected = [summary(article_assistant.ask(q, h)) for q, h in CONVERSATIONS]
    start = threading.Barrier(len(CONVERSATIONS))

    def ask(i: int) -> tuple[Any, ...]:
        start.wait()  # all eight enter ask() together
        q, h = CONVERSATIONS[i]
        return summary(article_assistant.ask(q, h))

    for _ in range(2):
        with ThreadPoolExecutor(len(CONVERSATIONS)) as pool:
            got = list(pool.map(ask, range(len(CONVERSATIONS))))
        for i, (want, have) in enumerate(zip(expected, got, strict=True)):
            assert have == want, (CONVERSATIONS[i][0], want[0], have[0])
