"""The article question set (JSONL): one question per line, validated with errors that name the line.

{"id", "kind": lookup|computed|unanswerable|followup|english, "question", "expected": ["196个", ...],
 "evidence": "<substring of the article>" ("" when unanswerable), "history": [[q, a], ...],
 "tolerance": <relative tolerance, for computed answers>, "note": "..."}
A multi-document set (eval/questions/general.jsonl) adds "doc" (the file under eval/general/ it asks
about) and "split" (dev | heldout); the article set leaves both out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

KINDS = ("lookup", "computed", "unanswerable", "followup", "english")
REQUIRED = ("id", "kind", "question", "expected", "evidence")
KNOWN = frozenset((*REQUIRED, "history", "tolerance", "note", "doc", "split"))
SPLITS = ("dev", "heldout")


class QuestionSetError(ValueError):
    """A question file that cannot be used; the message names the file, the line and the field."""


@dataclass(frozen=True)
class Question:
    id: str
    kind: str
    question: str
    expected: tuple[str, ...]
    evidence: str
    history: tuple[tuple[str, str], ...] = ()
    tolerance: float = 0.0
    note: str = ""
    doc: str = ""  # multi-document sets only: which document the question is about
    split: str = ""  # multi-document sets only: dev | heldout

    @property
    def answerable(self) -> bool:
        return self.kind != "unanswerable"

    def history_list(self) -> list[tuple[str, str]]:
        return list(self.history)


def _text(row: dict[str, Any], key: str, where: str, allow_empty: bool = False) -> str:
    value = row.get(key, "")
    if not isinstance(value, str):
        raise QuestionSetError(f"{where}: {key!r} must be a string, not {type(value).__name__}")
    if not allow_empty and not value.strip():
        raise QuestionSetError(f"{where}: {key!r} is empty")
    return value


def parse_question(row: Any, where: str) -> Question:
    """One decoded JSON object -> Question, or QuestionSetError saying what is wrong and where."""
    from assistant.figures import figure_from_text

    if not isinstance(row, dict):
        raise QuestionSetError(f"{where}: expected a JSON object, got {type(row).__name__}")
    missing = [k for k in REQUIRED if k not in row]
    if missing:
        raise QuestionSetError(f"{where}: missing field(s) {', '.join(missing)}")
    unknown = sorted(set(row) - KNOWN)
    if unknown:
        raise QuestionSetError(f"{where}: unknown field(s) {', '.join(unknown)}")
    qid = _text(row, "id", where)
    where = f"{where} ({qid})"
    kind = _text(row, "kind", where)
    if kind not in KINDS:
        raise QuestionSetError(f"{where}: kind {kind!r} is not one of {', '.join(KINDS)}")
    question = _text(row, "question", where)
    evidence = _text(row, "evidence", where, allow_empty=True)
    expected = row["expected"]
    if not isinstance(expected, list) or not all(isinstance(e, str) and e.strip() for e in expected):
        raise QuestionSetError(f"{where}: 'expected' must be a list of non-empty strings")
    if kind == "unanswerable":
        if expected or evidence:
            raise QuestionSetError(f"{where}: an unanswerable question has no expected figures, no evidence")
    else:
        if not expected:
            raise QuestionSetError(f"{where}: a {kind} question needs at least one expected figure")
        if not evidence.strip():
            raise QuestionSetError(f"{where}: a {kind} question needs its evidence substring")
        for figure in expected:
            if figure_from_text(figure) is None:
                raise QuestionSetError(f"{where}: expected {figure!r} is not a figure the parser reads")
    history = row.get("history", [])
    if not isinstance(history, list) or not all(
        isinstance(turn, list | tuple) and len(turn) == 2 and all(isinstance(t, str) for t in turn)
        for turn in history
    ):
        raise QuestionSetError(f"{where}: 'history' must be a list of [question, answer] string pairs")
    if kind == "followup" and not history:
        raise QuestionSetError(f"{where}: a followup question needs a history")
    tolerance = row.get("tolerance", 0.0)
    if isinstance(tolerance, bool) or not isinstance(tolerance, int | float) or not 0 <= tolerance < 1:
        raise QuestionSetError(f"{where}: 'tolerance' must be a number in [0, 1)")
    note = row.get("note", "")
    if not isinstance(note, str):
        raise QuestionSetError(f"{where}: 'note' must be a string")
    doc = _text(row, "doc", where, allow_empty=True)
    split = _text(row, "split", where, allow_empty=True)
    if split and split not in SPLITS:
        raise QuestionSetError(f"{where}: split {split!r} is not one of {', '.join(SPLITS)}")
    return Question(qid, kind, question, tuple(expected), evidence,
                    tuple((q, a) for q, a in history), float(tolerance), note, doc, split)


def load_questions(path: Path) -> list[Question]:
    """All questions of a JSONL file (blank lines skipped); ids must be unique."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise QuestionSetError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    questions: list[Question] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionSetError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from exc
        question = parse_question(row, where)
        if question.id in seen:
            first = seen[question.id]
            raise QuestionSetError(f"{where}: duplicate id {question.id!r} (first on line {first})")
        seen[question.id] = number
        questions.append(question)
    if not questions:
        raise QuestionSetError(f"{path}: no questions")
    return questions
