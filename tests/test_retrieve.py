"""Retrieval: jieba BM25 on its own, RRF fusion as a unit, and the hybrid retriever on the article."""

from __future__ import annotations

import pytest
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.schema import BaseNode, NodeWithScore, QueryBundle, TextNode

from assistant.retrieve import HybridRetriever
from index.keyword import JiebaBM25Retriever, tokenize

QUESTION = "四平市开工复工的5000万元以上项目有多少个？"

PASSAGES = [
    "梨树县今年新建了三座粮食仓库，总库容达到12万吨。",
    "铁东区的公园改造工程已经完工，新增绿地面积4.5公顷。",
    "双辽市风电项目总投资7.52亿元，新建风电机组20台。",
    "公园里增设了健身步道和儿童游乐区。",
]


@pytest.fixture(scope="module")
def bm25() -> JiebaBM25Retriever:
    nodes: list[BaseNode] = [TextNode(id_=f"n{i}", text=t, metadata={"doc_id": "t.txt", "start": i})
                             for i, t in enumerate(PASSAGES)]
    return JiebaBM25Retriever.from_nodes(nodes, similarity_top_k=10)


def test_tokenize_uses_jieba_words_and_drops_stopwords() -> None:
    tokens = tokenize("四平市开工复工的项目有多少个？")
    assert "开工" in tokens and "复工" in tokens and "项目" in tokens
    assert not {"的", "多少", "个", "？"} & set(tokens)
    assert tokenize("计划总投资750.4亿元").count("750.4") == 1


@pytest.mark.parametrize("query", ["xyzzy plugh", "的 了 是 吗", "？？！", "量子计算机"])
def test_bm25_returns_nothing_for_a_query_without_known_tokens(bm25, query: str) -> None:
    assert bm25.retrieve(QueryBundle(query)) == []


def test_bm25_never_returns_zero_score_hits(bm25) -> None:
    hits = bm25.retrieve(QueryBundle("公园绿地"))
    assert hits, "expected hits for a known word"
    assert all(h.score is not None and h.score > 0 for h in hits)
    assert {h.node.node_id for h in hits} == {"n1", "n3"}  # only passages that share a token
    assert hits[0].node.node_id == "n1"
    assert hits[0].node.metadata["doc_id"] == "t.txt"


def test_bm25_mixes_unknown_and_known_tokens(bm25) -> None:
    hits = bm25.retrieve(QueryBundle("xyzzy 风电 量子"))
    assert [h.node.get_content() for h in hits] == [PASSAGES[2]]


def test_bm25_needs_passages() -> None:
    with pytest.raises(ValueError, match="no passages"):
        JiebaBM25Retriever.from_nodes([])


# -- fusion as a unit (fake retrievers isolate the arithmetic) ----------------------------------------

class FixedRetriever(BaseRetriever):
    def __init__(self, ids: list[str]) -> None:
        super().__init__()
        self.ids = ids
        self.calls = 0

    def _retrieve(self, query_bundle: QueryBundle) -> list[NodeWithScore]:
        self.calls += 1
        return [NodeWithScore(node=TextNode(id_=i, text=f"text {i}"), score=100.0 - r)
                for r, i in enumerate(self.ids)]


def test_rrf_fusion_order_and_scores() -> None:
    a, b = FixedRetriever(["x", "y", "z"]), FixedRetriever(["y", "w"])
    hits = HybridRetriever([a, b], top_k=10, rrf_k=60).retrieve(QueryBundle("q"))
    expected = {"x": 1 / 61, "y": 1 / 62 + 1 / 61, "z": 1 / 63, "w": 1 / 62}
    assert [h.node.node_id for h in hits] == ["y", "x", "w", "z"]
    assert [h.score for h in hits] == pytest.approx([expected[h.node.node_id] for h in hits])
    assert a.calls == b.calls == 1
    assert hits[0].node.get_content() == "text y"


def test_rrf_weights_and_top_k() -> None:
    a, b = FixedRetriever(["x", "y"]), FixedRetriever(["y", "x"])
    hits = HybridRetriever([a, b], weights=[1.0, 3.0], top_k=1, rrf_k=60).retrieve(QueryBundle("q"))
    assert [h.node.node_id for h in hits] == ["y"]  # b's first place counts three times
    assert hits[0].score == pytest.approx(1 / 62 + 3 / 61)


def test_rrf_with_an_empty_retriever_keeps_the_other_ranking() -> None:
    fusion = HybridRetriever([FixedRetriever([]), FixedRetriever(["p", "q", "r"])], top_k=5)
    hits = fusion.retrieve(QueryBundle("q"))
    assert [h.node.node_id for h in hits] == ["p", "q", "r"]


def test_rrf_weights_must_match_retrievers() -> None:
    with pytest.raises(ValueError):
        HybridRetriever([FixedRetriever(["x"])], weights=[1.0, 2.0]).retrieve(QueryBundle("q"))


# -- the real article -------------------------------------------------------------------------------

def test_hybrid_top3_holds_the_passage_with_the_answer(article_assistant) -> None:
    hits = article_assistant.retrieve(QUESTION)
    assert len(hits) == article_assistant.settings.retrieval.top_k
    assert any("196个" in h.node.get_content() for h in hits[:3])
    scores = [h.score for h in hits]
    assert scores == sorted(scores, reverse=True)


def test_keyword_retriever_alone_finds_the_answer_first(article_assistant) -> None:
    hits = article_assistant.retrievers["bm25"].retrieve(QueryBundle(QUESTION))
    assert "196个" in hits[0].node.get_content()
    assert all(h.score > 0 for h in hits)


def test_dense_retriever_alone_ranks_the_answer_in_top3(article_assistant) -> None:
    hits = article_assistant.retrievers["dense"].retrieve(QueryBundle(QUESTION))
    assert len(hits) == article_assistant.settings.retrieval.candidates
    assert any("196个" in h.node.get_content() for h in hits[:3])


def test_retrieved_passages_carry_their_offsets(article_assistant, article_text) -> None:
    from index.clean import clean_text

    cleaned = clean_text(article_text).text
    for hit in article_assistant.retrieve(QUESTION):
        meta = hit.node.metadata
        assert cleaned[meta["start"]:meta["end"]] == hit.node.get_content()


def test_dense_hits_match_llama_indexs_own_chroma_query(article_assistant) -> None:
    """The dense side takes kept nodes for the ids Chroma ranks (index.store._ChromaVectors): the same
    passages, order, text, metadata and scores as llama-index's own query, which rebuilds every node."""
    from llama_index.core.vector_stores.types import VectorStoreQuery
    from llama_index.vector_stores.chroma import ChromaVectorStore

    vectors = article_assistant.store.vector_store
    embedding = article_assistant.embedding.get_query_embedding(QUESTION)
    query = VectorStoreQuery(query_embedding=embedding, similarity_top_k=8)
    kept, stock = vectors.query(query), ChromaVectorStore.query(vectors, query)
    assert kept.ids == stock.ids and len(kept.ids) == 8
    assert kept.similarities == pytest.approx(stock.similarities)
    for a, b in zip(kept.nodes, stock.nodes, strict=True):
        assert (a.node_id, a.get_content(), a.metadata) == (b.node_id, b.get_content(), b.metadata)
    again = vectors.query(query)
    assert all(x is y for x, y in zip(again.nodes, kept.nodes, strict=True))  # built once, then kept


def test_dense_retriever_answers_as_llama_indexs_vector_index_retriever(article_assistant) -> None:
    """assistant.retrieve.DenseRetriever stands in for VectorStoreIndex(...).as_retriever() (whose package
    costs a fresh process ~1 s): the same passages, order and scores on the real store and embeddings."""
    from llama_index.core import VectorStoreIndex

    ours = article_assistant.retrievers["dense"]
    stock = VectorStoreIndex.from_vector_store(article_assistant.store.vector_store,
                                               embed_model=article_assistant.embedding,
                                               transformations=[article_assistant.embedding]).as_retriever(
        similarity_top_k=ours.similarity_top_k)
    for question in (QUESTION, "双辽风电项目总投资多少？", "How many projects resumed work?"):
        a, b = ours.retrieve(QueryBundle(question)), stock.retrieve(QueryBundle(question))
        assert [h.node.node_id for h in a] == [h.node.node_id for h in b] and len(a) == ours.similarity_top_k
        assert [h.score for h in a] == pytest.approx([h.score for h in b])


def test_bm25_builds_each_hits_node_once(bm25) -> None:
    first = bm25.retrieve(QueryBundle("公园绿地"))
    second = bm25.retrieve(QueryBundle("公园绿地"))
    assert [h.node.node_id for h in first] == [h.node.node_id for h in second] == ["n1", "n3"]
    assert all(a.node is b.node for a, b in zip(first, second, strict=True))
    assert first[0].node.get_content() == PASSAGES[1]
