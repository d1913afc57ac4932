"""Run the article question set through ask() and through the baseline, grade both, check thresholds."""

from __future__ import annotations

import json
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar

from assistant.types import Answer
from eval.backends import answer_fields, backend_figures
from eval.grader import GradeResult, cites_evidence, grade
from eval.metrics import percentile, rate
from eval.questionset import KINDS, OpenQuestion, Question

AskFn = Callable[[str, list[tuple[str, str]]], Answer]
Say = Callable[[str], None]
PROGRESS_EVERY = 25


def say_stderr(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


Asked = TypeVar("Asked", Question, OpenQuestion)


@dataclass
class Outcome(Generic[Asked]):
    question: Asked
    answer: Answer | None  # None when ask() raised
    grade: GradeResult
    error: str = ""

    @property
    def passed(self) -> bool:
        return self.grade.passed


def ask_and_grade(name: str, ask: AskFn, questions: Sequence[Asked], judge: Callable[[Asked, Answer], GradeResult],
                  say: Say = say_stderr) -> list[Outcome[Asked]]:
    """Ask and grade every question (a raising ask() fails that question, it does not stop the run)."""
    outcomes: list[Outcome[Asked]] = []
    started = time.perf_counter()
    for i, q in enumerate(questions, start=1):
        try:
            answer = ask(q.question, q.history_list())
        except Exception as exc:  # the engine under test may be broken; record it and go on
            error = f"ask() raised {type(exc).__name__}: {exc}"
            outcomes.append(Outcome(q, None, GradeResult(False, [error]), error))
        else:
            outcomes.append(Outcome(q, answer, judge(q, answer)))
        if i % PROGRESS_EVERY == 0 or i == len(questions):
            say(f"{name}: {i}/{len(questions)} questions ({time.perf_counter() - started:.1f} s)")
    return outcomes


def run_system(name: str, ask: AskFn, questions: Sequence[Question], say: Say = say_stderr) -> list[Outcome[Question]]:
    """Every question of a figure set asked and graded (eval.grader.grade)."""
    return ask_and_grade(name, ask, questions, grade, say)


def _accuracy(outcomes: Sequence[Outcome]) -> float:
    return rate(sum(o.passed for o in outcomes), len(outcomes))


def _refusals(outcomes: Sequence[Outcome]) -> int:
    return sum(1 for o in outcomes if o.answer is not None and not o.answer.answerable)


def system_summary(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    unanswerable = [o for o in outcomes if not o.question.answerable]
    answerable = [o for o in outcomes if o.question.answerable]
    latencies = [o.answer.latency_ms for o in outcomes if o.answer is not None]
    return {
        "accuracy": _accuracy(outcomes),
        "by_kind": {k: _accuracy([o for o in outcomes if o.question.kind == k]) for k in KINDS},
        "unanswerable_refusal_rate": rate(_refusals(unanswerable), len(unanswerable)),
        "false_refusal_rate": rate(_refusals(answerable), len(answerable)),
        "evidence_cited": rate(sum(1 for o in answerable if o.answer is not None
                                   and cites_evidence(o.answer, o.question.evidence)), len(answerable)),
        "unverified_figures": sum(len(o.answer.unverified) for o in outcomes if o.answer is not None),
        "unverified_answers": sum(1 for o in outcomes if o.answer is not None and not o.answer.verified),
        # answers that show sources disagreeing (on one document there should be none)
        "conflicted_answers": sum(1 for o in outcomes if o.answer is not None and o.answer.conflicts),
        "errors": sum(1 for o in outcomes if o.error),
        "latency_ms": {"p50": percentile(latencies, 50), "p95": percentile(latencies, 95),
                       "max": max(latencies, default=0.0)},
        "backend": backend_figures([o.answer for o in outcomes]),
    }


def summarize(questions: Sequence[Question], systems: dict[str, list[Outcome]]) -> dict[str, Any]:
    counts = {k: sum(1 for q in questions if q.kind == k) for k in KINDS}
    return {"questions": len(questions), "counts": counts,
            "systems": {name: system_summary(outcomes) for name, outcomes in systems.items()}}


def check_thresholds(summary: dict[str, Any], thresholds: dict[str, Any]) -> list[str]:
    """The assistant's shortfalls against thresholds.json (empty when it meets them all)."""
    mine = summary["systems"]["assistant"]
    checks = [
        ("min_overall_accuracy", "overall accuracy", mine["accuracy"]),
        ("min_unanswerable_refusal_rate", "unanswerable refusal rate", mine["unanswerable_refusal_rate"]),
    ]
    failures = []
    for key, label, value in checks:
        floor = float(thresholds.get(key, 0.0))
        if value < floor:
            failures.append(f"{label} {value:.3f} is below the threshold {floor:.3f} ({key})")
    return failures


def load_thresholds(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: unreadable thresholds file ({exc})") from exc
    if not isinstance(data, dict):
        raise ValueError(f"{path}: thresholds must be a JSON object")
    for key, value in data.items():
        if key.startswith("min_") and (isinstance(value, bool) or not isinstance(value, int | float)):
            raise ValueError(f"{path}: {key} must be a number")
    return data


def outcome_record(o: Outcome, passages: bool = True) -> dict[str, Any]:
    """JSON-able record of one outcome; without `passages`, long texts are cut (the baseline's pastes)."""
    a = o.answer
    record: dict[str, Any] = {"passed": o.passed, "reasons": o.grade.reasons}
    if a is None:
        return record

    def cut(text: str) -> str:
        return text if passages or len(text) <= 120 else text[:120] + "…"

    record |= {"answer": cut(a.text), "answerable": a.answerable, "verified": a.verified,
               "unverified": a.unverified, "latency_ms": round(a.latency_ms, 2),
               "citations": [{"n": c.n, "doc_id": c.doc_id, "start": c.start, "end": c.end,
                              "passage": cut(c.text)} for c in a.citations],
               "figures": [{"text": f.text, "source": f.source, "span": f.span} for f in a.figures],
               "conflicts": [{"label": c.label, "values": [{"text": v.text, "citation": v.citation}
                                                           for v in c.values]} for c in a.conflicts],
               **answer_fields(a)}
    return record


def build_report(questions: Sequence[Question], systems: dict[str, list[Outcome]],
                 thresholds: dict[str, Any]) -> dict[str, Any]:
    summary = summarize(questions, systems)
    summary["thresholds"] = {k: v for k, v in thresholds.items() if k.startswith("min_")}
    summary["threshold_failures"] = check_thresholds(summary, thresholds)
    items = []
    for i, q in enumerate(questions):
        item: dict[str, Any] = {"id": q.id, "kind": q.kind, "question": q.question,
                                "expected": list(q.expected), "evidence": q.evidence,
                                "history": [list(t) for t in q.history]}
        for name, outcomes in systems.items():
            item[name] = outcome_record(outcomes[i], passages=name == "assistant")
        items.append(item)
    return {"summary": summary, "items": items}
