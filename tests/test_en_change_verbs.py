"""One list of English change verbs (assistant/lexicon/en_change_verbs.tsv) read by every English pattern of
a rise, a fall or a change: a form the file knows is known to all of them, in each of its directions."""

from __future__ import annotations

import re

import pytest

from assistant.approaches import listing, verdicts
from assistant.vocabulary import _change_verb_rows, english_change_verbs


def test_every_form_of_a_direction_matches_whole_and_two_word_forms_take_any_space() -> None:
    rows = _change_verb_rows()
    assert {"rise", "fall", "change", "improve"} <= set(rows)
    for direction, forms in rows.items():
        pattern = re.compile(rf"\b(?:{english_change_verbs(direction)})\b", re.I)
        for form in forms:
            assert pattern.fullmatch(form), (direction, form)
            assert pattern.fullmatch(form.upper()), (direction, form)
    assert re.fullmatch(english_change_verbs("rise"), "went   up")
    # longest first: the whole past form is matched, not its stem
    assert re.match(english_change_verbs("rise"), "increased").group(0) == "increased"  # type: ignore[union-attr]


def test_the_directions_do_not_share_a_form() -> None:
    rows = _change_verb_rows()
    assert not set(rows["rise"]) & set(rows["fall"])


def test_an_unknown_direction_is_an_error_naming_it() -> None:
    with pytest.raises(ValueError, match="sideways"):
        english_change_verbs("sideways")


@pytest.mark.parametrize(("question", "direction"), [
    ("Which regions' exports shrank in March?", -1),
    ("Which indicators went down last year?", -1),
    ("Which sectors expanded in the first half?", 1),
    ("Which cities' sales grew?", 1),
    ("Which city has the most parks?", 0),
])
def test_a_list_question_asks_the_direction_its_verb_names(question: str, direction: int) -> None:
    assert listing._change_asked(question) == direction


@pytest.mark.parametrize(("question", "falls"), [
    ("Did the invented port's throughput go down in May?", True),
    ("Has the invented company's revenue shrunk?", True),
    ("Did the invented county's output rise?", False),
])
def test_a_yes_no_question_reads_the_direction_of_its_verb(question: str, falls: bool) -> None:
    m = verdicts._EN_CHANGE.search(question)
    assert m is not None
    assert bool(verdicts._EN_FALL.fullmatch(m.group("verb"))) is falls
