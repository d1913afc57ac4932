"""Load (issue 7): one slow request never blocks other users, and concurrent users never see each other's
answers. A real Gradio server on a loopback port over the real article index (session fixtures), driven
by 20 concurrent gradio_client clients holding multi-turn conversations, then the same with one more
client that keeps sending a 100,000-character history.

Latencies are measured at the client and printed (p50/p95, run with -s); the only timing assertion is the
issue's: the other clients' p95 with the huge-history client stays within 2x of their p95 without it.
"""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest
from netutil import served_ui

import app
from assistant.api import Assistant
from assistant.settings import Settings

pytestmark = pytest.mark.slow

CLIENTS = 20
ROUNDS = 2  # each client holds its conversation this many times per phase (more latency samples)
HUGE_CHARS = 100_000
WIND_Q = "双辽风电项目总投资多少？"
HUGE_FOLLOW_UP = "那产值呢？"
# a question and a follow-up that needs it ("它…", "那…呢？", "其中…"); client i holds conversation i % 10
CONVERSATIONS = [
    (WIND_Q, "它建成后每年利税多少？"),
    (WIND_Q, HUGE_FOLLOW_UP),
    ("全市累计开工复工5000万元以上项目多少个？", "其中新开工多少个？"),
    ("工业项目有多少个？", "那农业项目呢？"),
    ("软通华方智能制造基地建成后年产值多少？", "它的利税呢？"),
    ("国网四平供电公司电力设施维修综合楼建成后年产值多少？", "那利税呢？"),
    ("双辽风电项目的风机单机容量多大？", "一共要装几台？"),
    ("顺邦智慧农机生产制造基地项目总投资多少？", "这个项目改扩建的厂房有多大？"),
    ("四平10亿元以上的项目有几个？", "它们的计划总投资合计多少？"),
    ("What is the total investment of the Shuangliao wind project?", "What about its annual output value?"),
]


def texts(message: dict[str, Any]) -> list[str]:
    content = message.get("content")
    items = content if isinstance(content, list) else [content]
    return [i if isinstance(i, str) else str(i.get("text", "")) for i in items if isinstance(i, str | dict)]


def reply(messages: list[dict[str, Any]]) -> str:
    assert messages and messages[-1]["role"] == "assistant", messages
    return "\n".join(texts(messages[-1]))


def percentiles(samples: list[float]) -> tuple[float, float]:
    cuts = statistics.quantiles(samples, n=20, method="inclusive")
    return statistics.median(samples), cuts[18]


@pytest.fixture(scope="module")
def server_url(article_settings: Settings, article_assistant: Assistant) -> Iterator[str]:
    demo = app.build_ui(article_settings, assistant_factory=lambda: article_assistant)
    with served_ui(demo) as url:
        yield url


def client(url: str) -> Any:
    from gradio_client import Client

    return Client(url, verbose=False, analytics_enabled=False)


def converse(c: Any, turns: tuple[str, ...], latencies: list[float]) -> list[dict[str, Any]]:
    """One conversation, turn by turn, each turn sending the history so far; returns the last messages."""
    messages: list[dict[str, Any]] = []
    for question in turns:
        started = time.perf_counter()
        messages, left = c.predict(question, messages, api_name="/ask")
        latencies.append(time.perf_counter() - started)
        assert left == "", reply(messages)  # the box is emptied only after an answer, not after an error
    return messages


def run_phase(url: str, expected: list[list[dict[str, Any]]], huge: list[dict[str, Any]] | None
              ) -> tuple[list[float], list[float], list[str]]:
    """CLIENTS clients (and the huge-history client when given) at once; returns the clients' latencies,
    the huge client's latencies and every error or mismatch seen."""
    clients = [client(url) for _ in range(CLIENTS)]
    huge_client = client(url) if huge is not None else None
    latencies: list[float] = []
    huge_latencies: list[float] = []
    problems: list[str] = []
    lock = threading.Lock()
    start = threading.Barrier(CLIENTS + (huge_client is not None))
    done = threading.Event()

    def user(i: int) -> None:
        mine: list[float] = []
        try:
            start.wait()
            for _ in range(ROUNDS):
                got = converse(clients[i], CONVERSATIONS[i % len(CONVERSATIONS)], mine)
                if got != expected[i % len(CONVERSATIONS)]:
                    with lock:
                        problems.append(f"client {i}: cross-talk or a changed answer: {reply(got)[:120]}")
        except Exception as exc:
            with lock:
                problems.append(f"client {i}: {type(exc).__name__}: {exc}")
        with lock:
            latencies.extend(mine)

    def huge_user() -> None:
        assert huge_client is not None and huge is not None
        start.wait()
        while not done.is_set():  # keeps a huge request in the queue for the whole phase
            began = time.perf_counter()
            try:
                messages, _ = huge_client.predict(HUGE_FOLLOW_UP, huge, api_name="/ask")
                if "1.48亿元" not in reply(messages):
                    problems.append(f"huge client: unexpected answer {reply(messages)[:120]}")
            except Exception as exc:
                problems.append(f"huge client: {type(exc).__name__}: {exc}")
            huge_latencies.append(time.perf_counter() - began)

    threads = [threading.Thread(target=user, args=(i,)) for i in range(CLIENTS)]
    if huge_client is not None:
        threads.append(threading.Thread(target=huge_user))
    for t in threads:
        t.start()
    for t in threads[:CLIENTS]:
        t.join(timeout=600)
    done.set()
    for t in threads[CLIENTS:]:
        t.join(timeout=600)
    return latencies, huge_latencies, problems


def test_concurrent_conversations_with_a_huge_history_client(server_url: str) -> None:
    # alone: each conversation once, one request at a time (the reference answers and the idle latency)
    alone_latencies: list[float] = []
    solo = client(server_url)
    expected = [converse(solo, turns, alone_latencies) for turns in CONVERSATIONS]
    for messages in expected:
        assert not reply(messages).startswith("⚠️"), reply(messages)
    huge = [dict(m) for m in expected[0][:2]]  # the wind question and its answer, as the UI sends them
    huge[0]["content"] = [{"type": "text", "text": WIND_Q + "的" * HUGE_CHARS}]
    assert sum(len(t) for m in huge for t in texts(m)) > HUGE_CHARS

    loaded, _, problems = run_phase(server_url, expected, huge=None)
    assert problems == []
    with_huge, huge_latencies, problems = run_phase(server_url, expected, huge=huge)
    assert problems == []

    lines = [f"{name:<34} n={len(s):<3} p50 {percentiles(s)[0]:6.2f} s   p95 {percentiles(s)[1]:6.2f} s"
             for name, s in [("alone (one request at a time)", alone_latencies),
                             (f"{CLIENTS} clients", loaded),
                             (f"{CLIENTS} clients + huge-history client", with_huge)]]
    lines.append(f"huge-history client ({HUGE_CHARS:,} chars): n={len(huge_latencies)}, "
                 f"mean {statistics.mean(huge_latencies):.2f} s, max {max(huge_latencies):.2f} s")
    print("\n" + "\n".join(lines))
    assert len(loaded) == len(with_huge) == CLIENTS * ROUNDS * 2
    assert huge_latencies, "the huge-history client got no answer during the phase"
    assert percentiles(with_huge)[1] <= 2 * percentiles(loaded)[1]


def test_a_slow_request_does_not_hold_up_another_users_question(server_url: str) -> None:
    """A question of the maximum length that analysis finds hard (no dictionary word: jieba's HMM runs
    over all of it) takes seconds; a short question sent while it runs must not wait for it."""
    slow_question = "总资资其" * 125
    finished: list[str] = []
    took: dict[str, float] = {}
    slow_started = threading.Event()

    def ask(name: str, question: str) -> None:
        c = client(server_url)
        if name == "slow":
            slow_started.set()
        else:
            slow_started.wait()
            time.sleep(0.3)  # the slow request is in the engine by now
        began = time.perf_counter()
        messages, _ = c.predict(question, [], api_name="/ask")
        took[name] = time.perf_counter() - began
        assert not reply(messages).startswith("⚠️"), reply(messages)
        finished.append(name)

    threads = [threading.Thread(target=ask, args=("slow", slow_question)),
               threading.Thread(target=ask, args=("fast", WIND_Q))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=300)
    print(f"\nslow request {took.get('slow', -1):.2f} s, a question sent while it ran {took.get('fast', -1):.2f} s")
    assert finished == ["fast", "slow"], (finished, took)
