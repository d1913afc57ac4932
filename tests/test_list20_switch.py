"""Choosing among the shapes of enumeration (slice list20), on invented text: the first shape's items stand when
their sentence is about the question; when it covers little of the question, a later shape's items from a
sentence covering it clearly better are chosen; asked a figure per item, names without figures never replace
figures. The shapes are faked (ListApproach._candidates) to isolate the choice."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from passages import nodes_of

from assistant.approaches import Reading
from assistant.approaches.listing import ABOUT_ELSE, Item, ListApproach, ListAsk, items_cover
from assistant.approaches.stretches import Asked
from assistant.approaches.text import Sentence, passages_of, sentences_of, terms_of
from assistant.candidates import TermStats
from assistant.figures import parse_figures

PARAGRAPHS = (
    "澄川县2031年文旅概况",
    "全县新建了东湖公园、西山公园和南岭公园等休闲场所。",
    "今年暑期，澄川县青少年最喜爱的研学基地有星河天文馆、青石古镇和白鹭湿地。",
    "澄川县果蔬冷链物流园一期已投入使用，日处理能力120吨。",
)


def _setup(question: str) -> tuple[Reading, list[Sentence]]:
    nodes = nodes_of(*PARAGRAPHS)
    reading = Reading(question=question, lang="zh", retrieve=lambda text: nodes,
                      all_nodes=lambda: [n.node for n in nodes], stats=TermStats(n.node for n in nodes))
    return reading, sentences_of(passages_of([n.node for n in nodes]))


def _items_of(s: Sentence, names: list[str], with_figure: bool = False) -> list[Item]:
    items = []
    for name in names:
        at = s.text.index(name)
        figures = parse_figures(s.text)
        figure = figures[0] if with_figure and figures else None
        items.append(Item(name, s, s.start + at, s.start + at + len(name), figure))
    return items


def _choose(question: str, first: list[str], later: list[str], per_item: str = "",
            later_figures: bool = False, monkeypatch: pytest.MonkeyPatch | None = None) -> list[str]:
    reading, sentences = _setup(question)
    by_word = {w: next(s for s in sentences if w in s.text) for w in first + later}
    candidates = [_items_of(by_word[first[0]], first, with_figure=True),
                  _items_of(by_word[later[0]], later, with_figure=later_figures)]

    def fake(self: ListApproach, *args: object) -> Iterator[list[Item]]:
        yield from candidates

    assert monkeypatch is not None
    monkeypatch.setattr(ListApproach, "_candidates", fake)
    terms = terms_of(reading)
    ask = ListAsk(head="研学基地", per_item=per_item, condition=None)
    chosen = ListApproach()._items(sentences, ask, terms, reading.question)
    return [i.name for i in chosen]


def test_items_about_something_else_give_way_to_items_covering_the_question(monkeypatch: pytest.MonkeyPatch) -> None:
    reading, sentences = _setup("澄川县青少年暑期最喜爱哪些研学基地？")
    asked = Asked.of(terms_of(reading), "研学基地")
    park = _items_of(next(s for s in sentences if "东湖公园" in s.text), ["东湖公园"])
    assert items_cover(park, asked) < ABOUT_ELSE  # the invented first shape is about something else
    sites = ["星河天文馆", "青石古镇", "白鹭湿地"]
    assert _choose("澄川县青少年暑期最喜爱哪些研学基地？", ["东湖公园", "西山公园"], sites,
                   monkeypatch=monkeypatch) == sites


def test_items_about_the_question_stand(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _choose("澄川县青少年暑期最喜爱哪些研学基地？", ["星河天文馆", "青石古镇"], ["东湖公园", "西山公园"],
                   monkeypatch=monkeypatch) == ["星河天文馆", "青石古镇"]


def test_names_without_the_figure_asked_never_replace_figures(monkeypatch: pytest.MonkeyPatch) -> None:
    assert _choose("澄川县青少年暑期最喜爱的研学基地各有多少？", ["冷链物流园"], ["星河天文馆", "青石古镇"],
                   per_item="count", monkeypatch=monkeypatch) == ["冷链物流园"]
