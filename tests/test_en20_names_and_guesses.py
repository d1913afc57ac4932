"""Session 20, English questions: proper nouns' alternative names from CC-CEDICT and the English probe's stage
keys (invented questions)."""

from __future__ import annotations

from types import SimpleNamespace

from assistant.bilingual import dictionary
from eval.en_probe import Seen, stage_counts
from eval.questionset import Question


def test_a_proper_nouns_names_joined_by_or_are_each_read() -> None:
    table = dictionary()
    # CC-CEDICT: 清明节 "Qingming or Pure Brightness Festival or Tomb Sweeping Day, celebration for the dead"
    assert "清明节" in table["tomb sweeping day"]
    assert "清明节" in table["pure brightness festival"]


def test_a_described_place_is_not_split_into_names() -> None:
    # CC-CEDICT: 三峡 "Three Gorges on the Yangtze or Changjiang": a description, not a list of names, so the
    # river's own name "Yangtze" must not read as the gorges (it cost three dev English lookups when it did)
    assert "三峡" not in dictionary().get("yangtze", ())


def test_a_common_words_or_gloss_is_not_split() -> None:
    # "increase or decrease" (增减) is one sense: "decrease" alone must not read as 增减
    assert "增减" not in dictionary().get("decrease", ())


def _question(expected: tuple[str, ...]) -> Question:
    return Question("x-1", "english", "What was the revenue of Chengchuan County in 2023?", expected, "",
                    doc="x.txt", split="endev")


def _read() -> SimpleNamespace:
    return SimpleNamespace(attributes=["营业收入"], terms=["澄川县", "营业收入"], unit_class="money", figures=[],
                           guessed=lambda: frozenset())


def test_probe_says_retrieval_when_no_passage_states_the_figure() -> None:
    seen = Seen([_read()], ["澄川县营业收入为12.5亿元。"], [], [])
    answer = SimpleNamespace(answerable=False, refusal="no_candidate", text="")
    keys = stage_counts(_question(("31.6亿元",)), answer, seen, passed=False)
    assert "stage: retrieval" in keys
    assert "read: attribute in document words" in keys


def test_probe_says_candidates_when_a_passage_states_it_but_no_candidate_is_it() -> None:
    seen = Seen([_read()], ["澄川县营业收入为31.6亿元。"], [], [])
    answer = SimpleNamespace(answerable=False, refusal="no_candidate", text="")
    keys = stage_counts(_question(("31.6亿元",)), answer, seen, passed=False)
    assert "stage: candidates" in keys and "unit class = expected's" in keys


def test_a_unit_named_in_an_english_question_says_its_class() -> None:
    from assistant.question import analyse

    assert analyse("How many GWh of storage batteries did Huayue ship?").unit_class == "energy"
    assert analyse("How many tons of rice did Chengchuan County harvest?").unit_class == "mass"
    assert analyse("What was Chengchuan's power generation in 2023, in kWh?").unit_class == "energy"
    # counts and times keep their own readings
    assert analyse("How many people visited Chengchuan County?").unit_class == "count"


def test_the_unit_asked_in_is_no_figure_the_question_states() -> None:
    from assistant.question import analyse

    q = analyse("What was Chengchuan's rice output, in 10,000 tons?")
    assert q.unit_class == "mass" and not q.figures


def test_period_abbreviations_are_periods_not_figures() -> None:
    from assistant.bilingual import lexicon
    from assistant.question import analyse

    assert lexicon()["q3"] == ("三季度",) and lexicon()["1h"] == ("上半年",)
    assert lexicon()["first five month"] == ("1—5月",)
    assert not analyse("What was Huayue's revenue in 1H?").figures
