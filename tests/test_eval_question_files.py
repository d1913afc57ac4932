"""Several question files asked as one set: `eval general` and `eval open` both take them (the validation runs pair
two files), and an id in two files is refused, since reports are keyed by id."""
from pathlib import Path

import pytest

from eval.__main__ import build_parser
from eval.questionset import QuestionSetError, load_files, load_open_questions, load_questions

QUESTIONS = Path(__file__).resolve().parent.parent / "eval" / "questions"


@pytest.mark.parametrize("command", ["general", "open"])
def test_both_sets_take_several_files(command: str) -> None:
    args = build_parser().parse_args([command, "--questions", "a.jsonl", "b.jsonl"])
    assert args.questions == [Path("a.jsonl"), Path("b.jsonl")]


def test_files_are_joined_in_order() -> None:
    first, second = QUESTIONS / "open_dev2.jsonl", QUESTIONS / "open_dev3.jsonl"
    joined = load_files([first, second], load_open_questions)
    assert [q.id for q in joined] == [q.id for q in load_open_questions(first) + load_open_questions(second)]
    assert load_files(first, load_open_questions) == load_open_questions(first)


def test_an_id_in_two_files_is_refused(tmp_path: Path) -> None:
    copy = tmp_path / "copy.jsonl"
    copy.write_text((QUESTIONS / "general_dev2.jsonl").read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(QuestionSetError, match="more than one file"):
        load_files([QUESTIONS / "general_dev2.jsonl", copy], load_questions)
