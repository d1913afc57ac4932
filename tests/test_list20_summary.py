"""Summary lines of session 20 on invented text: a sentence whose opening clauses (LINE_CHARS) state no key
figure is quoted on to the clause stating its first amount or rate when that is near (FIGURE_LINE_CHARS); a
sentence stating one early keeps its short quote, and one whose figure is far is not lengthened."""

from __future__ import annotations

from passages import nodes_of

from assistant.approaches.summary import FIGURE_LINE_CHARS, LINE_CHARS, units_of
from assistant.approaches.text import passages_of, sentences_of
from assistant.candidates import TermStats

NEAR = ("澄川县持续优化营商环境，深入推进放管服改革，各类市场主体活力不断增强，新兴产业加快集聚发展，"
        "全年新登记企业投资额达到52.6亿元，同比增长8.1%。")
EARLY = ("澄川县前三季度地区生产总值386.2亿元，同比增长5.4%，农业生产形势稳定，秋粮丰收在望，"
         "工业企业订单有所回升，服务业持续恢复。")
FAR = ("澄川县持续优化营商环境，深入推进放管服改革，各类市场主体活力不断增强，新兴产业加快集聚发展，"
       "县域创新能力稳步提升，城乡融合发展取得新进展，生态环境质量持续改善，全年新登记企业投资额达到52.6亿元。")


def quoted(sentence: str) -> str:
    nodes = nodes_of("澄川县经济概况", sentence)
    units = units_of(sentences_of(passages_of([n.node for n in nodes])), TermStats(n.node for n in nodes))
    return next(u.text for u in units if u.text.startswith("澄川县") and "概况" not in u.text)


def test_a_near_key_figure_is_quoted_with_its_line() -> None:
    assert NEAR.index("52.6亿元") > LINE_CHARS  # (the invented sentence states its figure past the short quote)
    line = quoted(NEAR)
    assert "52.6亿元" in line and len(line) <= FIGURE_LINE_CHARS, line


def test_an_early_figure_keeps_the_short_quote() -> None:
    line = quoted(EARLY)
    assert "386.2亿元" in line and len(line) <= LINE_CHARS, line


def test_a_far_figure_does_not_lengthen_the_line() -> None:
    assert FAR.index("52.6亿元") > FIGURE_LINE_CHARS
    line = quoted(FAR)
    assert "亿元" not in line and len(line) <= LINE_CHARS, line
