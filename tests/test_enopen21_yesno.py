"""English yes/no questions that state no figure (assistant.approaches.english_yesno), on invented passages."""

from __future__ import annotations

from llama_index.core.schema import TextNode

from assistant.approaches import Reading
from assistant.approaches.english_yesno import claim_groups, direction_by_figure, stated_by_cover
from assistant.candidates import TermStats
from assistant.types import Answer, Citation, FigureUse
from tests.passages import ask_passages, nodes_of

_BANK = ("澄川银行成立于2031年，总部位于澄川市。",
         "近日，澄川银行获批QFII托管资格，成为目前唯一一家拥有该资格的城市商业银行。",
         "澄川银行在澄川省拥有较高的市场份额，目前已成为全国第五大城市商业银行。")


def _reading(question: str, texts: tuple[str, ...]) -> Reading:
    nodes = nodes_of(*texts)
    stats = TermStats(n.node for n in nodes)
    return Reading(question, "en", lambda q: nodes, lambda: [n.node for n in nodes], stats,
                   ask_figure=lambda q: ask_passages(q, *texts))


def test_a_claim_stated_by_one_sentence_is_confirmed_with_its_quote() -> None:
    answer = stated_by_cover(_reading("Is Chengchuan Bank the only city commercial bank with a QFII qualification?",
                                      _BANK), "yesno")
    assert answer is not None and answer.lead == "Yes."
    assert "唯一一家" in answer.text and len(answer.citations) == 1


def test_a_point_word_no_sentence_states_decides_nothing() -> None:
    # the text says fifth largest: "largest" (第一, 最大, …) is in no sentence about the bank, so no verdict
    assert stated_by_cover(_reading("Is Chengchuan Bank the largest city commercial bank?", _BANK), "yesno") is None


def test_a_claim_negated_otherwise_than_the_sentence_is_not_confirmed() -> None:
    question = "Is Chengchuan Bank not the only city commercial bank with a QFII qualification?"
    assert stated_by_cover(_reading(question, _BANK), "yesno") is None


def test_a_claimed_figure_is_left_to_the_figure_engine() -> None:
    assert stated_by_cover(_reading("Does Chengchuan Bank hold more than 50% of the market?", _BANK), "yesno") is None


def test_each_claim_word_is_read_by_its_chinese_senses() -> None:
    groups = claim_groups(_reading("Is Chengchuan Bank the only bank with a QFII qualification?", _BANK))
    assert ("QFII",) in groups  # a code in capitals stands for itself
    assert any("唯一" in g for g in groups)  # a point word by its en_claim_words.tsv row
    assert any("资格" in g for g in groups)


def _found(sentence: str, figure: str, value: float) -> Answer:
    """The figure engine's answer quoting one invented sentence and citing one figure of it."""
    at = sentence.index(figure)
    cited = Citation(1, "invented.txt", sentence, at, at + len(figure), 0, len(sentence))
    return Answer("q", f"The document states “{sentence}”[1]: {figure}.", [cited], answerable=True,
                  figures=[FigureUse(figure, value, "%", "citation", 1, figure)], lang="en", lead="")


def _asked(found: Answer) -> Reading:
    return Reading("Did Chengchuan's exports fall in 2031?", "en", lambda q: [], lambda: [],
                   TermStats([TextNode(text="澄川")]), ask_figure=lambda q: found)


def test_a_change_asked_is_decided_by_the_direction_of_its_cited_figure() -> None:
    fell = direction_by_figure(_asked(_found("2031年，澄川出口下降12.5%。", "12.5%", 12.5)), "yesno")
    assert fell is not None and fell.lead == "Yes." and "12.5%" in fell.text and fell.verified
    rose = direction_by_figure(_asked(_found("2031年，澄川出口增长12.5%。", "12.5%", 12.5)), "yesno")
    assert rose is not None and rose.lead.startswith("No.")


def test_a_figure_stating_no_change_decides_no_direction() -> None:
    assert direction_by_figure(_asked(_found("2031年，澄川出口占比12.5%。", "12.5%", 12.5)), "yesno") is None
