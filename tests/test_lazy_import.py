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
from index.lazy_import import import_bindings

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
# what llama-index's query engines and response synthesizers bring (prompt templates: banks, jinja2, griffe)
# and the package __init__s that only import: none of it is on the answer path
UNUSED = ("['banks', 'jinja2', 'griffe', 'llama_index.core.query_engine.retriever_query_engine', "
          "'llama_index.core.response_synthesizers.factory', 'llama_index.core.node_parser.file.html', "
          "'llama_index.core.vector_stores.simple', 'llama_index.core.callbacks.llama_debug']")


def test_the_answer_path_imports_without_the_package_inits_and_they_run_when_read() -> None:
    result = run(f"""
        import json, sys
        import assistant.api, assistant.answer, assistant.retrieve, index.store
        from llama_index.core.callbacks.base import CallbackManager
        from llama_index.core.callbacks.global_handlers import set_global_handler
        import index.lazy_import
        CallbackManager()  # reads llama_index.core.global_handler: must not run the package __init__
        before = [m for m in {HEAVY} if m in sys.modules]
        unused = [m for m in {UNUSED} if m in sys.modules]
        set_global_handler("simple")  # state set while deferred survives the __init__ running later
        import llama_index.core
        handler = type(llama_index.core.global_handler).__name__
        from llama_index.core import VectorStoreIndex, Settings  # a name the __init__ defines: it runs now
        from llama_index.core.indices import SummaryIndex
        print(json.dumps({{"installed": index.lazy_import.installed(), "before": before, "unused": unused,
                          "after": [m for m in {HEAVY} if m in sys.modules],
                          "index": VectorStoreIndex.__module__, "summary": SummaryIndex.__name__,
                          "settings": type(Settings).__name__, "version": llama_index.core.__version__,
                          "handler_kept": type(llama_index.core.global_handler).__name__ == handler != "NoneType",
                          "getattr_left": "__getattr__" in vars(llama_index.core)}}))
    """)
    assert result["installed"] is True
    assert result["before"] == [] and result["unused"] == []
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
                          "still_deferred": [m for m in lazy if "__getattr__" in vars(sys.modules[m])]}))
    """)
    assert result["ran"] == []  # imported un-run, or not imported at all
    assert result["not_loaded"] == ["llama_index.core.postprocessor.llm_rerank",
                                    "llama_index.core.storage.storage_context"]
    assert result["names"] == ["SimilarityPostprocessor", "StorageContext", "SimpleDocumentStore", "MockEmbedding"]
    assert result["submodule"] == "llama_index.core.postprocessor.node"
    # their __init__s only import: each name came from its own module, and the __init__s stay un-run
    assert result["still_deferred"] == ["llama_index.core.postprocessor", "llama_index.core.storage",
                                        "llama_index.core.storage.docstore", "llama_index.core.embeddings"]


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


def test_import_bindings_reads_what_an_import_only_init_binds() -> None:
    source = textwrap.dedent('''
        """A package of parsers."""
        from __future__ import annotations
        from pkg.text.sentence import SentenceParser, split as split_sentences
        from .table import TableParser
        from ..shared import helpers
        import json
        import os.path as paths
        SimpleParser = SentenceParser
        __all__ = ["SentenceParser", "TableParser"]
    ''')
    assert import_bindings(source, "pkg.parsers") == {
        "SentenceParser": ("pkg.text.sentence", "SentenceParser"),
        "split_sentences": ("pkg.text.sentence", "split"),
        "TableParser": ("pkg.parsers.table", "TableParser"),
        "helpers": ("pkg.shared", "helpers"),
        "json": ("json", None),
        "paths": ("os.path", None),
        "SimpleParser": ("pkg.text.sentence", "SentenceParser"),
    }


def test_import_bindings_gives_up_on_an_init_that_does_more() -> None:
    for source in ("from pkg.a import A\nREGISTRY = make_registry()\n",  # a call: only running it tells
                   "from pkg.a import *\n",  # a star import: the names are not in the file
                   "try:\n    from pkg.a import A\nexcept ImportError:\n    A = None\n",
                   "def helper():\n    return 1\n",
                   "Alias = Unknown\n"):
        assert import_bindings(source, "pkg") is None, source


def test_a_name_an_import_only_init_binds_comes_from_its_submodule_alone() -> None:
    """node_parser's __init__ imports every parser; reading SentenceSplitter from it imports only the module
    that defines it, and the object is the one that module defines (the same for threads reading at once)."""
    result = run("""
        import json, sys, threading
        import index.lazy_import
        import llama_index.core.node_parser as parsers
        from llama_index.core.node_parser.text.sentence import SentenceSplitter as defined
        found = []
        threads = [threading.Thread(target=lambda: found.append(parsers.SentenceSplitter)) for _ in range(8)]
        [t.start() for t in threads]
        [t.join() for t in threads]
        from llama_index.core.node_parser import SimpleNodeParser  # an alias the __init__ assigns
        print(json.dumps({"installed": index.lazy_import.installed(),
                          "same": all(f is defined for f in found) and len(found) == 8,
                          "alias": SimpleNodeParser is defined,
                          "unrun": "__getattr__" in vars(parsers),
                          "others": [m for m in ["llama_index.core.node_parser.file.html",
                                                 "llama_index.core.node_parser.relational.markdown_element"]
                                     if m in sys.modules]}))
    """)
    assert result == {"installed": True, "same": True, "alias": True, "unrun": True, "others": []}


def test_a_binding_that_is_not_where_the_init_says_runs_the_init(tmp_path: Path) -> None:
    """A package whose __init__ takes a name from a module that does not define it: reading the name runs
    the real __init__, which then raises as a normal import would; its other names still come back."""
    package = tmp_path / "lazypkg"
    package.mkdir()
    (package / "__init__.py").write_text("from lazypkg.parts import Part\nfrom lazypkg.parts import Missing\n")
    (package / "parts.py").write_text("class Part:\n    pass\n")
    result = run(f"""
        import json, sys
        sys.path.insert(0, {str(tmp_path)!r})
        import index.lazy_import as lazy
        lazy.LAZY = lazy.LAZY | {{"lazypkg"}}
        import lazypkg
        from lazypkg.parts import Part
        part_ok = lazypkg.Part is Part and "__getattr__" in vars(lazypkg)
        try:
            lazypkg.Missing
            raised = ""
        except ImportError as exc:  # what `import lazypkg` raises without the deferral
            raised = type(exc).__name__
        print(json.dumps({{"part": part_ok, "raised": raised}}))
    """)
    assert result == {"part": True, "raised": "ImportError"}
