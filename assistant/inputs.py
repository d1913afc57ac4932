"""What a caller hands to ask(): cleaned and bounded before any analysis sees it.

Questions and history come from people, scripts and the UI's JSON; none of them is trusted to be well
formed. Everything here is cheap (linear in the input) so that rejecting or cutting costs less than
answering.
"""

from __future__ import annotations

import unicodedata
from typing import Any

from assistant.types import QuestionError

# Line and paragraph breaks separate words; every other control or format character (NUL, zero-width
# space, BOM, direction marks, lone surrogates) is invisible and would only split or hide words.
_SPACES = frozenset("\t\n\r\v\f\x1c\x1d\x1e\x1f\x85\u2028\u2029")
_INVISIBLE = frozenset({"Cc", "Cf", "Cs"})
# text longer than this many times a limit is cut (or refused) before it is cleaned
_RAW_FACTOR = 2


def clean_text(text: str) -> str:
    """text with invisible characters removed and line breaks turned into spaces."""
    if text.isprintable():  # the common case: nothing to remove, no per-character work
        return text
    return "".join(" " if ch in _SPACES else ch for ch in text
                   if ch in _SPACES or unicodedata.category(ch) not in _INVISIBLE)


def check_history(history: Any, max_turns: int, max_chars: int) -> list[tuple[str, str]]:
    """Earlier (question, answer) turns, oldest first, validated and capped.

    Accepts None (no history) or a list or tuple of 2-item lists or tuples of text; anything else is a
    QuestionError saying which turn is wrong and how. Only the last max_turns turns are kept (a follow-up
    refers to the recent conversation), and each message is cleaned like a question and cut to its first
    max_chars characters: a question names its subject first, and an answer states its figure first.
    """
    if history is None:
        return []
    if not isinstance(history, list | tuple):
        raise QuestionError(f"the history must be a list of [question, answer] pairs, not {type(history).__name__}")
    turns: list[tuple[str, str]] = []
    for i, turn in enumerate(history):
        if not isinstance(turn, list | tuple):
            raise QuestionError(f"history turn {i} must be a [question, answer] pair, not {type(turn).__name__}")
        if len(turn) != 2:
            raise QuestionError(f"history turn {i} must be a [question, answer] pair, not {len(turn)} items")
        for part, value in zip(("question", "answer"), turn, strict=True):
            if not isinstance(value, str):
                raise QuestionError(f"the {part} of history turn {i} must be text, not {type(value).__name__}")
        turns.append((turn[0], turn[1]))
    kept = turns[-max_turns:] if max_turns > 0 else []
    return [(_cut(q, max_chars), _cut(a, max_chars)) for q, a in kept]


def _cut(text: str, max_chars: int) -> str:
    # cut before cleaning too, so a 100,000-character message costs no more work than a short one
    return clean_text(text[:_RAW_FACTOR * max_chars]).strip()[:max_chars]


def check_question(question: Any, max_chars: int) -> str:
    """The question, cleaned and stripped; a QuestionError saying what is wrong with it otherwise."""
    if not isinstance(question, str):
        raise QuestionError(f"a question must be text, not {type(question).__name__}")
    if len(question) > _RAW_FACTOR * max_chars:  # not worth cleaning: too long even if half were invisible
        raise QuestionError(f"the question is {len(question)} characters long; the limit is {max_chars}")
    text = clean_text(question).strip()
    if not text:
        raise QuestionError("the question is empty")
    if len(text) > max_chars:
        raise QuestionError(f"the question is {len(text)} characters long; the limit is {max_chars}")
    return text

