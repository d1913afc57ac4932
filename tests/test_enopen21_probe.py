"""eval.en_open_probe: the labels it counts, on invented report rows."""

from __future__ import annotations

from eval.en_open_probe import answered_by, items_labels, verdict_label, yesno_parse


def test_the_answer_given_is_read_from_its_first_sentence() -> None:
    assert answered_by({"answerable": True, "lead": "Yes. “澄川出口下降12.5%”[1]."}) == "verdict"
    assert answered_by({"answerable": True, "lead": "In brief: exports, decline[1]."}) == "gist"
    assert answered_by({"answerable": False, "lead": "The documents do not say."}) == "refused"
    assert answered_by({"answerable": True, "lead": "澄川银行[1]。"}) == "chinese"


def test_english_yes_no_questions_are_read_by_their_claim() -> None:
    assert yesno_parse("Did Chengchuan's exports exceed 10 billion yuan?") == "parse:claim"
    assert yesno_parse("Did Chengchuan's exports fall in 2031?") == "parse:direction"
    assert yesno_parse("Is Chengchuan Bank the only bank with a QFII licence?") == "parse:point"
    assert yesno_parse("Is the harbour open all year?") == "parse:stated"


def test_verdict_and_items_are_counted_against_the_row() -> None:
    row = {"lead": ["yes"], "must": [["12.5%"], ["澄川"]], "doc": "unused"}
    assert verdict_label(row, {"lead": "Yes. It fell."}) == "verdict:held"
    assert verdict_label(row, {"lead": "In brief: exports."}) == "verdict:missing"
    labels = items_labels(row, {"answer": "Yes. “澄川出口下降12.5%”[1]."}, "澄川出口下降。")
    assert labels == ["items:all", "in_doc:some"]
