"""English yes/no claims that state no figure, decided by one sentence that states every word of the claim
(session 18b), on invented texts: each word that says something is checked by one of its Chinese words, a
word that cannot be checked leaves the claim undecided, and a negated or hedged sentence confirms nothing."""

from __future__ import annotations

from llama_index.core.schema import TextNode

from assistant.approaches import Reading
from assistant.approaches.verdicts import claim_senses, decide_stated_en
from assistant.candidates import TermStats
from tests.passages import nodes_of

_TEXTS = ("据海关统计，今年前三个月，北川成为我国的第一大贸易伙伴。",
          "南屿作为我国的邻居，与我国之间的贸易增长较快。",
          "甲银行是目前唯一一家拥有托管资格的城市商业银行。")


def _reading(question: str, texts: tuple[str, ...] = _TEXTS) -> Reading:
    nodes = nodes_of(*texts)
    stats = TermStats(n.node for n in nodes)
    return Reading(question, "en", lambda q: nodes, lambda: [TextNode(text=t) for t in texts], stats)


def _senses(question: str, table: dict[str, list[str]]) -> list[tuple[str, tuple[str, ...]]] | None:
    return claim_senses(question, lambda w: True, lambda w: table.get(w.lower(), []))


def test_every_word_that_says_something_is_checked_by_its_chinese_words() -> None:
    found = _senses("Was the XYZ China's largest trading partner in March?",
                    {"china": ["中国", "我国"], "trading": ["贸易"], "partner": ["伙伴"]})
    assert found is not None
    words = dict(found)
    assert words["china"] == ("中国", "我国")
    assert "第一" in words["largest"]  # a claim word of the lexicon, though the dictionary gives it no sense
    assert words["xyz"] == ("XYZ",)  # a code in capitals is checked as written
    assert "march" not in words and "the" not in words and "was" not in words


def test_a_word_with_no_chinese_word_leaves_the_claim_unchecked() -> None:
    assert _senses("Was China's port busy?", {"china": ["中国"], "port": ["港口"]}) is None


def test_a_claim_stated_by_one_sentence_is_confirmed_with_that_sentence() -> None:
    answer = decide_stated_en(_reading("Was Beichuan China's largest trading partner?"),
                              "yesno")
    assert answer is not None and answer.verified
    assert answer.lead == "Yes."
    assert "第一大贸易伙伴" in answer.text and answer.citations


def test_a_claim_about_another_subject_is_not_confirmed() -> None:
    # 南屿 is named beside 贸易 in another sentence, never as the largest partner
    assert decide_stated_en(_reading("Was Nanyu China's largest trading partner?"),
                            "yesno") is None


def test_a_sentence_stating_only_a_possibility_confirms_nothing() -> None:
    texts = ("未来，北川可能会成为我国的第一大贸易伙伴。",)
    assert decide_stated_en(_reading("Was Beichuan China's largest trading partner?", texts), "yesno") is None


def test_a_claim_with_a_figure_is_left_to_the_figure_engine() -> None:
    assert decide_stated_en(_reading("Was Beichuan's trade above 500 billion yuan?"), "yesno") is None
