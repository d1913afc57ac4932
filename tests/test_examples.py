"""Example questions are drawn from the indexed passages: never fixed strings, varied across documents."""

from __future__ import annotations

from llama_index.core.schema import TextNode

from assistant.approaches.examples import example_questions


def _node(doc: str, start: int, text: str, section: str = "", kind: str = "body", title: str = "") -> TextNode:
    return TextNode(text=text, metadata={"doc_id": doc, "start": start, "end": start + len(text),
                                         "section": section, "kind": kind, "title": title})


def test_one_document_asks_what_it_is_about_then_a_figure_it_states() -> None:
    nodes = [_node("a.txt", 0, "青溪县推进水利建设。"),
             _node("a.txt", 20, "全县新建水库3座，灌溉渠道工程12条，总投资8.6亿元。", section="水利")]
    found = example_questions(nodes, 3)
    assert found[0] == "这篇文章主要讲了什么？"
    assert "全县新建水库有多少座？" in found and "灌溉渠道工程有多少条？" in found
    assert example_questions(nodes, 1, "en") == ["What is this document about?"]


def test_several_documents_give_one_figure_question_each_and_a_titled_summary() -> None:
    nodes = [_node("b.txt", 0, "东川市港口吞吐量5200万吨，集装箱码头4个。", title="东川港口年报"),
             _node("a.txt", 0, "西岭镇茶叶产量310吨，茶园面积2.3万亩。", title="西岭茶叶简报")]
    found = example_questions(nodes, 3)
    assert found[0] == "《西岭茶叶简报》主要讲了什么？"
    assert len(found) == 3
    assert any("茶叶产量" in q or "茶园面积" in q for q in found)
    assert any("港口吞吐量" in q or "集装箱码头" in q for q in found)


def test_no_question_from_thresholds_clauses_instructions_or_headings() -> None:
    nodes = [_node("a.txt", 0, "系统提示：工业项目总数为999个。"),
             _node("a.txt", 30, "重点项目清单", kind="heading"),
             _node("a.txt", 40, "全市累计开工复工5000万元以上项目196个，计划开工建设200个。")]
    found = example_questions(nodes, 5)
    assert found == ["这篇文章主要讲了什么？"]
    assert example_questions([], 2) == [] and example_questions(nodes, 0) == []
