"""index.lazy_import: llama-index's package __init__ deferred, each check in a fresh interpreter (this test
process imported llama-index long ago), and the keyword retriever's folder format."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from llama_index.core.schema import BaseNode, QueryBundle, TextNode

from index.keyword import PERSIST_FILE, JiebaBM25Retriever

ROOT = Path(__file__).resolve().parents[1]


def run(code: str, **env: str) -> dict[str, object]:
    """Run `code` in a new interpreter from the project root; it prints one JSON line, returned here."""
    environ = {k: v for k, v in os.environ.items() if k != "LAZY_LLAMA_INDEX"} | env
    environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result: dict[str, object] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


HEAVY = "['sqlalchemy', 'llama_index.core.chat_engine', 'llama_index.core.indices.base', 'llama_index.core.memory']"


def test_the_answer_path_imports_without_the_package_inits_and_they_run_when_read() -> None:
    result = run(f"""
        import json, sys
        import assistant.api, assistant.answer, assistant.retrieve, index.store
        from llama_index.core.callbacks.base import CallbackManager
        from llama_index.core.callbacks.global_handlers import set_global_handler
        import index.lazy_import
        CallbackManager()  # reads llama_index.core.global_handler: must not run the package __init__
        before = [m for m in {HEAVY} if m in sys.modules]
        set_global_handler("simple")  # state set while deferred survives the __init__ running later
        import llama_index.core
        handler = type(llama_index.core.global_handler).__name__
        from llama_index.core import VectorStoreIndex, Settings  # a name the __init__ defines: it runs now
        from llama_index.core.indices import SummaryIndex
        print(json.dumps({{"installed": index.lazy_import.installed(), "before": before,
                          "after": [m for m in {HEAVY} if m in sys.modules],
                          "index": VectorStoreIndex.__module__, "summary": SummaryIndex.__name__,
                          "settings": type(Settings).__name__, "version": llama_index.core.__version__,
                          "handler_kept": type(llama_index.core.global_handler).__name__ == handler != "NoneType",
                          "getattr_left": "__getattr__" in vars(llama_index.core)}}))
    """)
    assert result["installed"] is True
    assert result["before"] == []
    assert set(result["after"]) >= {"sqlalchemy", "llama_index.core.indices.base"}  # type: ignore[arg-type]
    assert result["index"] == "llama_index.core.indices.vector_store.base"
    assert result["summary"] == "SummaryIndex" and result["settings"] == "_Settings"
    assert isinstance(result["version"], str) and result["version"].count(".") >= 1
    assert result["handler_kept"] is True
    assert result["getattr_left"] is False  # once run, the package is what a normal import makes


def test_the_smaller_deferred_packages_answer_their_names_when_read() -> None:
    """postprocessor, storage, storage.docstore, embeddings: left un-run by the answer path; a name read
    from each (as the UI or an index build may) is there, the package's own and a submodule's alike."""
    result = run("""
        import json, sys
        import assistant.api, assistant.answer, assistant.retrieve, index.store
        lazy = ["llama_index.core.postprocessor", "llama_index.core.storage",
                "llama_index.core.storage.docstore", "llama_index.core.embeddings"]
        ran = [m for m in lazy if m in sys.modules and "__getattr__" not in vars(sys.modules[m])]
        not_loaded = [m for m in ["llama_index.core.postprocessor.llm_rerank",
                                  "llama_index.core.storage.storage_context"] if m not in sys.modules]
        from llama_index.core.postprocessor import SimilarityPostprocessor
        from llama_index.core.storage import StorageContext
        from llama_index.core.storage.docstore import SimpleDocumentStore
        from llama_index.core.embeddings import MockEmbedding
        import llama_index.core.postprocessor as post
        print(json.dumps({"ran": ran, "not_loaded": not_loaded,
                          "names": [c.__name__ for c in (SimilarityPostprocessor, StorageContext,
                                                        SimpleDocumentStore, MockEmbedding)],
                          "submodule": post.node.__name__,
                          "run_after": [m for m in lazy if "__getattr__" in vars(sys.modules[m])]}))
    """)
    assert result["ran"] == []  # imported un-run, or not imported at all
    assert result["not_loaded"] == ["llama_index.core.postprocessor.llm_rerank",
                                    "llama_index.core.storage.storage_context"]
    assert result["names"] == ["SimilarityPostprocessor", "StorageContext", "SimpleDocumentStore", "MockEmbedding"]
    assert result["submodule"] == "llama_index.core.postprocessor.node"
    assert result["run_after"] == []


def test_the_off_switch_imports_the_normal_way() -> None:
    result = run(f"""
        import json, sys
        import index, index.lazy_import
        import llama_index.core.schema
        print(json.dumps({{"installed": index.lazy_import.installed(),
                          "heavy": [m for m in {HEAVY} if m in sys.modules]}}))
    """, LAZY_LLAMA_INDEX="0")
    assert result["installed"] is False
    assert "sqlalchemy" in result["heavy"]  # type: ignore[operator]


def test_a_failing_deferred_import_falls_back_to_the_normal_import() -> None:
    # a probe module that cannot import stands for a llama-index release the deferral does not fit
    result = run("""
        import json, os, sys
        import index.lazy_import as lazy  # LAZY_LLAMA_INDEX=0: nothing installed yet
        os.environ.pop("LAZY_LLAMA_INDEX")
        lazy.PROBE = (*lazy.PROBE, "llama_index.core.no_such_module")
        done = lazy.install()
        import llama_index.core
        from llama_index.core.schema import TextNode
        print(json.dumps({"done": done, "installed": lazy.installed(),
                          "finder_left": any(type(f).__name__ == "_Finder" for f in sys.meta_path),
                          "full": hasattr(llama_index.core, "VectorStoreIndex"),
                          "getattr_left": "__getattr__" in vars(llama_index.core),
                          "node": TextNode(text="x").text}))
    """, LAZY_LLAMA_INDEX="0")
    assert result == {"done": False, "installed": False, "finder_left": False, "full": True,
                      "getattr_left": False, "node": "x"}


def test_the_keyword_folder_keeps_bm25retrievers_format(tmp_path: Path) -> None:
    nodes: list[BaseNode] = [TextNode(id_=f"n{i}", text=t) for i, t in
                             enumerate(["双辽市风电项目总投资7.52亿元。", "公园新增绿地面积4.5公顷。"])]
    JiebaBM25Retriever.from_nodes(nodes, similarity_top_k=10).persist(str(tmp_path))
    kept = json.loads((tmp_path / PERSIST_FILE).read_text(encoding="utf-8"))
    assert kept == {"similarity_top_k": 2}  # clamped to the passages there are, as BM25Retriever did
    # a folder written by llama-index's BM25Retriever carries two more arguments: it still loads
    (tmp_path / PERSIST_FILE).write_text(json.dumps(kept | {"verbose": False, "corpus_weight_mask": None}))
    loaded = JiebaBM25Retriever.from_persist_dir(str(tmp_path))
    hits = loaded.retrieve(QueryBundle("风电投资"))
    assert [h.node.node_id for h in hits] == ["n0"]
