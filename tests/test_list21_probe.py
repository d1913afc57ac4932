"""The list probe's counts-only splits (eval/list_probe.py: layout, holder, form) and the shapes tracer
(eval/list_shapes.py), on invented documents and answers."""

from __future__ import annotations

from types import SimpleNamespace

from eval.list_probe import form, holder, layout
from eval.list_shapes import SHAPES, Tracer, read_any

# an invented report: three crops in one sentence, two measures one paragraph each
DOC = ("澄川县今年种植了水稻、玉米和大豆三种作物。全县粮食产量稳步增长。\n"
       "一是修建灌渠，新增灌溉面积2万亩。\n"
       "二是推广良种，良种覆盖率达到95%。\n")


def test_layout_tells_one_sentence_from_one_paragraph_and_several():
    assert layout([("水稻",), ("玉米",), ("大豆",)], DOC) == "sentence"
    assert layout([("水稻",), ("粮食产量",)], DOC) == "paragraph"
    assert layout([("修建灌渠",), ("推广良种",)], DOC) == "paragraphs"
    assert layout([("小麦",)], DOC) == ""  # an item the document never writes


def test_holder_ranks_the_sentence_holding_the_items_by_the_question_words():
    # the crops' sentence holds the question's content words (种植, 作物) best, and enumerates with 、
    assert holder("澄川县种植了哪些作物？", [("水稻",), ("玉米",)], DOC) == "rank 1 、"
    # the measures' first sentence shares none of these words with the question: another sentence ranks first
    rank, marks = holder("澄川县种植了哪些作物？", [("修建灌渠",)], DOC).rsplit(" ", 1)
    assert rank != "rank 1" and marks == "ordinal"


def test_holder_reads_no_ordinal_in_a_period_or_an_industry():
    text = "第一季度，第三产业增加值增长5%，其中批发业增长3%。"
    assert holder("第三产业增加值增长多少？", [("批发业",)], text).endswith("none")


def test_form_by_the_lead_the_report_wrote():
    def row(answer: str, lead: str, answerable: bool = True) -> dict[str, object]:
        return {"assistant": {"answer": answer, "lead": lead, "answerable": answerable}}

    # (the report writes the closing colon half-width)
    assert form(row("文档中相关的原文如下:\n- 甲[1]", "文档中相关的原文如下:")) == "quoted"
    assert form(row("共2项:\n- 甲[1]\n- 乙[2]", "共2项:")) == "counted"
    assert form(row("甲[1]", "甲[1]")) == "single"
    assert form(row("", "", answerable=False)) == "refused"


def _sentence(text: str) -> SimpleNamespace:
    return SimpleNamespace(sentence=SimpleNamespace(text=text))


def test_read_any_when_a_candidate_comes_from_a_sentence_holding_an_item():
    candidates = [[_sentence("澄川县新建了两座水库。")], [_sentence("种植了水稻、玉米。")]]
    assert read_any(candidates, [("玉米",)])
    assert not read_any(candidates, [("大豆",)])
    assert not read_any([], [("玉米",)])


def test_tracer_restores_every_method_it_wraps():
    from assistant.approaches.listing import ListApproach

    before = {name: ListApproach.__dict__[name] for name in (*SHAPES, "_candidates", "_items")}
    with Tracer():
        assert all(ListApproach.__dict__[name] is not before[name] for name in before)
    assert all(ListApproach.__dict__[name] is before[name] for name in before)
