"""The article question set (JSONL): one question per line, validated with errors that name the line.

{"id", "kind": lookup|computed|unanswerable|followup|english, "question", "expected": ["196个", ...],
 "evidence": "<substring of the article>" ("" when unanswerable), "history": [[q, a], ...],
 "tolerance": <relative tolerance, for computed answers>, "note": "..."}
A multi-document set (eval/questions/general.jsonl) adds "doc" (the file under eval/general/ it asks
about) and "split" (dev | heldout); the article set leaves both out.
The open-question set (eval/questions/open.jsonl) has its own schema and loader, at the end of this file.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol, TypeVar

KINDS = ("lookup", "computed", "unanswerable", "followup", "english")
REQUIRED = ("id", "kind", "question", "expected", "evidence")
KNOWN = frozenset((*REQUIRED, "history", "tolerance", "note", "doc", "split"))
SPLITS = ("dev", "heldout")
# the figure sets also take "dev2", "dev3" and "dev6": documents added later for development (general_dev2.jsonl,
# general_dev3.jsonl, general_dev6.jsonl), whose first run measured the engine on unseen documents; each reported
# as its own column beside dev and heldout; "endev" and "enhold" are the two document halves of general_en_dev.jsonl
# (English versions of dev questions the Chinese reading answers): one to develop the English reading on, one to
# check it
FIGURE_SPLITS = ("dev", "dev2", "dev3", "dev6", "heldout", "endev", "enhold")


class _Identified(Protocol):
    @property
    def id(self) -> str: ...


_Q = TypeVar("_Q", bound=_Identified)


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


def _fields(row: Any, where: str, required: tuple[str, ...], known: frozenset[str]) -> dict[str, Any]:
    """row as a JSON object holding every required field and no field outside known."""
    if not isinstance(row, dict):
        raise QuestionSetError(f"{where}: expected a JSON object, got {type(row).__name__}")
    missing = [k for k in required if k not in row]
    if missing:
        raise QuestionSetError(f"{where}: missing field(s) {', '.join(missing)}")
    unknown = sorted(set(row) - known)
    if unknown:
        raise QuestionSetError(f"{where}: unknown field(s) {', '.join(unknown)}")
    return row


def _history(row: dict[str, Any], where: str) -> tuple[tuple[str, str], ...]:
    """The earlier turns a question is asked after: [question, answer] string pairs."""
    history = row.get("history", [])
    if not isinstance(history, list) or not all(
        isinstance(turn, list | tuple) and len(turn) == 2 and all(isinstance(t, str) for t in turn)
        for turn in history
    ):
        raise QuestionSetError(f"{where}: 'history' must be a list of [question, answer] string pairs")
    return tuple((q, a) for q, a in history)


def parse_question(row: Any, where: str) -> Question:
    """One decoded JSON object -> Question, or QuestionSetError saying what is wrong and where."""
    from assistant.figures import figure_from_text

    row = _fields(row, where, REQUIRED, KNOWN)
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
    history = _history(row, where)
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
    if split and split not in FIGURE_SPLITS:
        raise QuestionSetError(f"{where}: split {split!r} is not one of {', '.join(FIGURE_SPLITS)}")
    return Question(qid, kind, question, tuple(expected), evidence,
                    history, float(tolerance), note, doc, split)


def _load_rows(path: Path, parse: Callable[[Any, str], _Q]) -> list[_Q]:
    """Every row of a JSONL file through `parse` (blank lines skipped); ids must be unique."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as exc:
        raise QuestionSetError(f"{path}: cannot read ({exc.strerror or exc})") from exc
    questions: list[_Q] = []
    seen: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise QuestionSetError(f"{where}: not valid JSON ({exc.msg} at column {exc.colno})") from exc
        question = parse(row, where)
        if question.id in seen:
            first = seen[question.id]
            raise QuestionSetError(f"{where}: duplicate id {question.id!r} (first on line {first})")
        seen[question.id] = number
        questions.append(question)
    if not questions:
        raise QuestionSetError(f"{path}: no questions")
    return questions


def load_questions(path: Path) -> list[Question]:
    """All questions of a figure question file (article.jsonl, general.jsonl)."""
    return _load_rows(path, parse_question)


# ---------------------------------------------------------------------------------------------------------
# The open-question set (eval/questions/open.jsonl, issue 9): questions of every kind a reader asks, graded
# by rules rather than by one expected figure (eval/open.py grades them):
# {"id", "doc": "article" | a file of eval/general/, "kind": OPEN_KINDS, "split": dev|heldout, "lang": zh|en,
#  "question", "expect": answer|refuse|decline|chitchat,
#  "must": [[alternative, ...], ...]  every group must appear (any one of its alternatives),
#  "must_not": [text, ...]            none may appear,
#  "lead": [alternative, ...]         one must appear in the first sentence (the direct answer),
#  "lead_not": [text, ...]            none may appear in the first sentence,
#  "max_chars": n                     the answer's length without [n] markers,
#  "ordered": bool                    the must groups appear in this order (multi-part questions),
#  "examples": n                      at least n example questions in a chit-chat reply,
#  "min_citations": n                 citations of at least n distinct passages (a summary across sections),
#  "history": [[q, a], ...], "note"}
OPEN_KINDS = ("summary", "list", "entity", "describe", "yesno", "multipart", "chitchat", "out_of_scope")
EXPECTS = ("answer", "refuse", "decline", "chitchat")
LANGS = ("zh", "en")
OPEN_REQUIRED = ("id", "doc", "kind", "split", "question", "expect", "max_chars")
OPEN_KNOWN = frozenset((*OPEN_REQUIRED, "lang", "must", "must_not", "lead", "lead_not", "ordered", "examples",
                        "min_citations", "history", "note"))
ARTICLE_DOC = "article"  # an open question about the article in corpus/, asked on the article store


@dataclass(frozen=True)
class OpenQuestion:
    id: str
    doc: str
    kind: str
    split: str
    question: str
    expect: str
    max_chars: int
    lang: str = "zh"
    must: tuple[tuple[str, ...], ...] = ()
    must_not: tuple[str, ...] = ()
    lead: tuple[str, ...] = ()
    lead_not: tuple[str, ...] = ()
    ordered: bool = False
    examples: int = 0
    min_citations: int = 0
    history: tuple[tuple[str, str], ...] = ()
    note: str = ""

    def history_list(self) -> list[tuple[str, str]]:
        return list(self.history)


def _strings(row: dict[str, Any], key: str, where: str) -> tuple[str, ...]:
    value = row.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise QuestionSetError(f"{where}: {key!r} must be a list of non-empty strings")
    return tuple(value)


def _choice(row: dict[str, Any], key: str, where: str, allowed: tuple[str, ...], default: str = "") -> str:
    value = _text(row, key, where) if key in row or not default else default
    if value not in allowed:
        raise QuestionSetError(f"{where}: {key} {value!r} is not one of {', '.join(allowed)}")
    return value


def _count(row: dict[str, Any], key: str, where: str, default: int, least: int) -> int:
    value = row.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int) or value < least:
        raise QuestionSetError(f"{where}: {key!r} must be a whole number >= {least}")
    return value


def parse_open_question(row: Any, where: str) -> OpenQuestion:
    """One decoded JSON object of the open set -> OpenQuestion, or QuestionSetError naming line and field."""
    row = _fields(row, where, OPEN_REQUIRED, OPEN_KNOWN)
    qid = _text(row, "id", where)
    where = f"{where} ({qid})"
    groups = row.get("must", [])
    if not isinstance(groups, list) or not all(
            isinstance(g, list) and g and all(isinstance(a, str) and a.strip() for a in g) for g in groups):
        raise QuestionSetError(f"{where}: 'must' must be a list of non-empty lists of non-empty strings")
    expect = _choice(row, "expect", where, EXPECTS)
    if expect == "answer" and not groups and not row.get("lead"):
        raise QuestionSetError(f"{where}: an answer needs something to check ('must' or 'lead')")
    ordered = row.get("ordered", False)
    if not isinstance(ordered, bool):
        raise QuestionSetError(f"{where}: 'ordered' must be true or false")
    history = _history(row, where)
    note = row.get("note", "")
    if not isinstance(note, str):
        raise QuestionSetError(f"{where}: 'note' must be a string")
    return OpenQuestion(
        id=qid, doc=_text(row, "doc", where), kind=_choice(row, "kind", where, OPEN_KINDS),
        split=_choice(row, "split", where, SPLITS), question=_text(row, "question", where), expect=expect,
        max_chars=_count(row, "max_chars", where, 0, 1), lang=_choice(row, "lang", where, LANGS, "zh"),
        must=tuple(tuple(g) for g in groups), must_not=_strings(row, "must_not", where),
        lead=_strings(row, "lead", where), lead_not=_strings(row, "lead_not", where), ordered=ordered,
        examples=_count(row, "examples", where, 0, 0),
        min_citations=_count(row, "min_citations", where, 0, 0), history=history, note=note)


def load_open_questions(path: Path) -> list[OpenQuestion]:
    """All questions of an open-question file (eval/questions/open.jsonl)."""
    return _load_rows(path, parse_open_question)


def load_files(paths: Path | Sequence[Path], load: Callable[[Path], list[_Q]]) -> list[_Q]:
    """The questions of several files asked as one set; an id in two files is an error (reports are keyed by id)."""
    files = [paths] if isinstance(paths, Path) else list(paths)
    questions = [q for path in files for q in load(path)]
    duplicated = sorted(qid for qid, n in Counter(q.id for q in questions).items() if n > 1)
    if duplicated:
        raise QuestionSetError(f"question ids in more than one file: {', '.join(duplicated)}")
    return questions
