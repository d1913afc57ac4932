"""Reporting periods as spans of months, and a period the text never states read off two that it does.

A bulletin reports some periods and not others: "1—2月" and "1—3月" but no "3月"; "一季度" and "二季度" but no
"上半年"; "全年" and "上半年" but no "下半年". The asked period is then the difference of two spans that share an
end (1—3月 less 1—2月 is 3月) or the sum of two that meet (一季度 and 二季度 make 上半年). This module does the
month arithmetic only; assistant.answer finds the figures and shows the working over them."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.candidates import PERIOD_MONTHS, Passage, dated_months, period_months
from assistant.figures import Figure

Months = tuple[float, float]


def asked_months(text: str, figures: Sequence[Figure]) -> tuple[Months, Figure | None] | None:
    """The months the question asks about: its one month, quarter or span of months ("3月份", "二季度",
    "前三季度", "1—5月"), else its one period word (上半年, 下半年, 全年), with the figure that writes them
    (None for a word). None when it names no period, or more than one (a comparison of periods)."""
    dated = [(months, f) for f in figures if (months := period_months(f)) is not None]
    words = [PERIOD_MONTHS[w] for w in PERIOD_MONTHS if w in text]
    if len(dated) + len(words) != 1:
        return None
    if dated:
        return dated[0]
    return words[0], None


def composition(asked: Months, spans: Sequence[Months | None]) -> tuple[str, int, int] | None:
    """How two of the stated spans make the asked one: ("difference", i, j) when span i less span j is it (they
    share a first or a last month, j inside i), ("sum", i, j) when spans i and j meet end to start and cover it.
    The pair of the best-ranked spans first (the spans come best figure first); None when no pair does."""
    pairs = sorted(((i, j) for i in range(len(spans)) for j in range(len(spans)) if i != j),
                   key=lambda ij: (ij[0] + ij[1], max(ij)))
    for i, j in pairs:
        a, b = spans[i], spans[j]
        if a is None or b is None or a == asked or b == asked:
            continue
        if a[0] == b[0] and b[1] < a[1] and (b[1] + 1, a[1]) == asked:
            return "difference", i, j  # 1—3月 less 1—2月: 3月
        if a[1] == b[1] and a[0] < b[0] and (a[0], b[0] - 1) == asked:
            return "difference", i, j  # 全年 less 下半年: 上半年
        if a[1] + 1 == b[0] and (a[0], b[1]) == asked:
            return "sum", i, j  # 一季度 and 二季度: 上半年
    return None


def stated_anywhere(months: Months, passages: Sequence[Passage]) -> bool:
    """Some passage writes the period: a figure of those months ("1—3月" for 一季度) or its period word."""
    words = [w for w, span in PERIOD_MONTHS.items() if span == months]
    return any(period_months(f) == months for p in passages for f in p.figures) or any(
        w in p.text for p in passages for w in words)


def figure_months(passage: Passage, figure: Figure) -> Months | None:
    """The months a figure is of: its place in a respectively list ("1月、2月…分别为46.4亿元、40.0亿元": 2月 for
    the second amount), else the period written last before it in its part of the sentence."""
    return respective_months(passage, figure) or dated_months(passage, figure)


def respective_months(passage: Passage, figure: Figure) -> Months | None:
    """The period a figure of a 分别 list stands for: the periods listed before 分别 in its sentence, matched in
    order with the figures of its kind after it (as many of each); None when the figure is in no such list."""
    s, e = passage.sentence_of(figure.start)
    mark = passage.text.rfind(_RESPECTIVELY, s, figure.start)
    if mark < 0:
        return None
    periods = [months for f in passage.figures if s <= f.start < mark and (months := period_months(f)) is not None]
    listed = [f for f in passage.figures if mark < f.start < e and f.unit_class == figure.unit_class]
    if len(periods) < 2 or len(periods) != len(listed) or figure not in listed:
        return None
    return periods[listed.index(figure)]


_RESPECTIVELY = "分别"
