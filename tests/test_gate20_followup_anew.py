"""gate20: a follow-up asks something new: answered with the very figure the last answer gave, it is asked again
with that figure ruled out. Invented sentences only."""

from __future__ import annotations

from assistant.answer import FigureAnswerSynthesizer, repeated_figures
from assistant.candidates import TermStats
from assistant.figures import parse_figures
from assistant.types import Answer, FigureUse
from tests.passages import nodes_of, states


def _answer(*figures: tuple[str, str]) -> Answer:
    uses = [FigureUse(text, f.value, f.unit, source) for text, source in figures for f in parse_figures(text)[:1]]
    return Answer("问", "答", [], answerable=True, figures=uses)


HISTORY = [("青溪县2031年进出口总额是多少？", "2031年青溪县进出口总额3120.5亿元[1]。")]


def test_the_last_answers_figure_stated_again_is_a_repeat() -> None:
    repeated = repeated_figures(_answer(("3120.5亿元", "citation")), HISTORY)
    assert [f.text for f in repeated] == ["3120.5亿元"]


def test_a_new_figure_a_computation_a_refusal_or_a_period_is_no_repeat() -> None:
    assert repeated_figures(_answer(("1840.3亿元", "citation")), HISTORY) == []
    assert repeated_figures(_answer(("3120.5亿元", "citation"), ("1840.3亿元", "citation")), HISTORY) == []
    assert repeated_figures(_answer(("3120.5亿元", "computation")), HISTORY) == []
    assert repeated_figures(_answer(("2031年", "citation")), HISTORY) == []  # the period carried on
    assert repeated_figures(Answer("问", "无法回答", [], answerable=False), HISTORY) == []
    assert repeated_figures(_answer(("3120.5亿元", "citation")), []) == []


def test_a_figure_ruled_out_is_given_by_no_lookup() -> None:
    text = "2031年青溪县进出口总额3120.5亿元，同比增长5.2%；其中出口1840.3亿元，增长7.1%。"
    nodes = nodes_of(text)
    synth = FigureAnswerSynthesizer(TermStats(n.node for n in nodes))
    asked = "2031年青溪县进出口总额是多少？"
    assert states(synth.answer(asked, nodes), "3120.5亿元")
    ruled_out = parse_figures("3120.5亿元")
    again = synth.without_figures(ruled_out, lambda: synth.answer(asked, nodes))
    assert not states(again, "3120.5亿元")
    assert states(synth.answer(asked, nodes), "3120.5亿元")  # ruled out for that call only
