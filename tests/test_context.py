"""Context across sentences and passages (issue 8, class 9): a passage carries the headings above it and, when it
opens with a back-reference, the sentence before it, as metadata that is embedded and keyword-indexed but never
quoted; and a question naming one of many listed places retrieves the passage naming it. Invented texts."""

from __future__ import annotations

import pytest
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.schema import BaseNode, MetadataMode, NodeWithScore, QueryBundle, TextNode

from assistant.candidates import Passage
from assistant.retrieve import HybridRetriever, NamedRetriever, name_forms, question_names
from index.chunk import chunk_document, context_text
from index.clean import clean_text
from index.context import Outline, heading_level, leans_back
from index.keyword import JiebaBM25Retriever

BULLETIN = (
    "某省2030年国民经济和社会发展统计公报\n\n"
    "一、农业\n\n"
    "全年粮食总产量512万吨，比上年增长2.1%。\n\n"
    "二、工业和建筑业\n\n"
    "（一）工业\n\n"
    "全年规模以上工业增加值比上年增长7.4%。其中，高技术制造业增加值增长12.6%，占规模以上工业增加值的比重为18.3%。\n\n"
    "（二）建筑业\n\n"
    "全年建筑业总产值3120亿元，增长4.4%。\n\n"
    "三、固定资产投资\n\n"
    "全年固定资产投资比上年增长5.3%。\n"
)


def nodes_of(text: str, max_chars: int = 60) -> list[TextNode]:
    return chunk_document("bulletin.txt", clean_text(text), max_chars)


def node_with(nodes: list[TextNode], words: str) -> TextNode:
    return next(n for n in nodes if words in n.get_content())


@pytest.mark.parametrize(("line", "level"), [
    ("一、工业生产", 1), ("（二）财政收入", 2), ("(三)投资", 2), ("3．县（区）", 3), ("普通地级市财力10强：", 0),
    ("稳住制造业基本盘", 0),
])
def test_heading_lines_and_their_outline_level(line: str, level: int) -> None:
    assert heading_level(line) == level


@pytest.mark.parametrize("line", [
    "全年粮食总产量512万吨。",  # a sentence
    "9、营业收入利润率=利润总额÷营业收入×100%。",  # a numbered list item that is a sentence
    "记者 王某|北京报道",  # a byline
    "来源：某某日报",  # a field of the byline
    "围绕全市总体思路，将项目建设",  # a sentence cut by the layout
    "全年实现地区生产总值1234.5",  # a figure cut from its unit
    "这一行远远超过了一个标题应有的长度，它其实是一段没有写完的正文内容",
])
def test_body_lines_are_no_headings(line: str) -> None:
    assert heading_level(line) is None


def test_a_numbered_heading_replaces_its_level_and_those_below() -> None:
    outline = Outline()
    for line in ["一、工业", "（一）制造业", "（二）采矿业"]:
        assert outline.see(line)
    assert outline.text() == "一、工业 （二）采矿业"
    assert outline.see("二、投资") and outline.text() == "二、投资"
    assert not outline.see("全年投资增长5%。") and outline.text() == "二、投资"


def test_a_passage_carries_the_headings_above_it_without_quoting_them() -> None:
    nodes = nodes_of(BULLETIN)
    node = node_with(nodes, "3120亿元")
    assert node.metadata["heading"] == "二、工业和建筑业 （二）建筑业"
    assert node.get_content() == "全年建筑业总产值3120亿元，增长4.4%。"  # the text a citation quotes is untouched
    embedded = node.get_content(metadata_mode=MetadataMode.EMBED)
    assert "二、工业和建筑业 （二）建筑业" in embedded and "source_map" not in embedded
    assert "（二）建筑业" not in node.get_content(metadata_mode=MetadataMode.LLM)
    # the document's title line heads no passage in particular; the first section's passage has its own heading
    assert node_with(nodes, "512万吨").metadata["heading"] == "一、农业"


def test_a_back_reference_carries_the_sentence_before_it() -> None:
    nodes = nodes_of(BULLETIN, max_chars=40)
    part = node_with(nodes, "其中，高技术制造业")
    assert part.get_content().startswith("其中，")
    assert part.metadata["lead"] == "全年规模以上工业增加值比上年增长7.4%。"
    assert "规模以上工业增加值比上年增长7.4%" in part.get_content(metadata_mode=MetadataMode.EMBED)
    # a passage that opens on its own subject leans on nothing
    assert "lead" not in node_with(nodes, "3120亿元").metadata


@pytest.mark.parametrize(("text", "leans"), [
    ("其中，出口增长3%。", True), ("该公司营业收入52亿元。", True), ("当年新增就业1.2万人。", True),
    ("北京紧随其后，以6.6%位居第二。", True), ("全年粮食产量512万吨，其中稻谷200万吨。", False),
])
def test_leaning_back_is_read_from_the_first_clause(text: str, leans: bool) -> None:
    assert leans_back(text) is leans


def test_a_changed_context_is_a_new_passage() -> None:
    """The context is embedded with the passage: a new heading must make the store replace it."""
    before = node_with(nodes_of(BULLETIN), "3120亿元")
    after = node_with(nodes_of(BULLETIN.replace("（二）建筑业", "（二）房地产")), "3120亿元")
    assert before.get_content() == after.get_content() and before.metadata["start"] == after.metadata["start"]
    assert before.node_id != after.node_id


def test_keyword_search_finds_a_passage_by_its_heading() -> None:
    nodes: list[BaseNode] = list(nodes_of(BULLETIN))
    bm25 = JiebaBM25Retriever.from_nodes(nodes, similarity_top_k=3)
    hits = bm25.retrieve(QueryBundle("建筑业总产值增长多少"))
    assert hits[0].node.get_content() == "全年建筑业总产值3120亿元，增长4.4%。"
    # "农业" is written only in the heading of the harvest's passage
    assert "512万吨" in bm25.retrieve(QueryBundle("农业 粮食"))[0].node.get_content()


def test_the_figure_engine_reads_the_context_as_the_passage_about() -> None:
    node = node_with(nodes_of(BULLETIN, max_chars=40), "其中，高技术制造业")
    context = Passage(NodeWithScore(node=node, score=1.0), 0).context
    assert "二、工业和建筑业" in context and "规模以上工业增加值" in context
    assert context_text(node.metadata) in context


# -- one of many listed places --------------------------------------------------------------------------

CITIES = [
    "从一季度一般公共预算收入看，甲省共有10个城市收入超过百亿元，一般公共预算收入增速普遍回升。",
    "一般公共预算收入排名第一的是苏州市，一般公共预算收入735.9亿元，一般公共预算收入增长3.2%。",
    "无锡市一般公共预算收入328.5亿元，一般公共预算收入增长5.1%，税收占一般公共预算收入比重86%。",
    "南通市一般公共预算收入209.8亿元，一般公共预算收入增长2.2%。",
    "常州市一般公共预算收入195.3亿元，一般公共预算收入增长1.9%。",
    "另外两个城市分别是：嘉兴市以250亿元位居第5位，临沂市以199.8亿元排名第9位。",
    "一般公共预算收入增速方面，榆林增长120.5%，鄂尔多斯增长109.0%，一般公共预算收入大幅增长。",
]


@pytest.fixture(scope="module")
def city_bm25() -> JiebaBM25Retriever:
    nodes: list[BaseNode] = [TextNode(id_=f"c{i}", text=t, metadata={"doc_id": "cities.txt", "start": i})
                             for i, t in enumerate(CITIES)]
    return JiebaBM25Retriever.from_nodes(nodes, similarity_top_k=len(nodes))


def test_question_names_are_its_places() -> None:
    assert "临沂市" in question_names("临沂市一季度一般公共预算收入是多少？")
    assert name_forms("临沂市") == ["临沂市", "临沂"] and name_forms("北京") == ["北京"]


def test_the_passage_naming_the_asked_place_is_retrieved(city_bm25: JiebaBM25Retriever) -> None:
    question = QueryBundle("临沂市一季度一般公共预算收入是多少？")
    # a ranking by the attribute alone, as the dense side gives it when the attribute's words fill the text
    by_attribute = _Ranked([city_bm25.node_at(i) for i in (1, 2, 0, 3, 4, 6, 5)])
    top3 = HybridRetriever([by_attribute, city_bm25], top_k=3).retrieve(question)
    assert not any("临沂" in h.node.get_content() for h in top3)
    named = NamedRetriever(city_bm25).retrieve(question)
    assert [h.node.get_content() for h in named] == [CITIES[5]]
    fused = HybridRetriever([by_attribute, city_bm25, NamedRetriever(city_bm25)], top_k=3).retrieve(question)
    assert any("临沂" in h.node.get_content() for h in fused)


class _Ranked(BaseRetriever):
    """A fixed ranking (a stand-in for one side of the fusion)."""

    def __init__(self, nodes: list[BaseNode]) -> None:
        super().__init__()
        self.nodes = nodes

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        return [NodeWithScore(node=n, score=1.0 / (i + 1)) for i, n in enumerate(self.nodes)]


def test_a_name_most_passages_carry_or_none_adds_nothing(city_bm25: JiebaBM25Retriever) -> None:
    assert NamedRetriever(city_bm25).retrieve(QueryBundle("一般公共预算收入增长多少？")) == []
    everywhere = NamedRetriever(city_bm25, names=lambda _q: ["收入"])  # in every passage: singles out none
    assert everywhere.retrieve(QueryBundle("收入是多少")) == []
