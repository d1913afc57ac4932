"""index.lazy_module: a module put in sys.modules un-run, run on the first read of an attribute (once, in
the same object, threads waiting for the whole module), and the normal import whenever that fails."""

from __future__ import annotations

import importlib
import json
import os
import subprocess
import sys
import textwrap
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from index import lazy_module
from index.lazy_import import OFF_SWITCH

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def package_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An invented package `slowpkg` (with a submodule) on sys.path; forgotten afterwards."""
    monkeypatch.delenv(OFF_SWITCH, raising=False)
    root = tmp_path / "slowpkg"
    (root / "parts").mkdir(parents=True)
    (root / "__init__.py").write_text("", encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    yield root
    for name in [m for m in sys.modules if m == "slowpkg" or m.startswith("slowpkg.")]:
        del sys.modules[name]


def _write_parts(root: Path, body: str) -> None:
    (root / "parts" / "__init__.py").write_text(textwrap.dedent(body), encoding="utf-8")
    importlib.invalidate_caches()


def test_the_module_runs_on_the_first_read_not_on_import(package_dir: Path) -> None:
    _write_parts(package_dir, """
        import os
        RUNS = int(os.environ.get("SLOWPKG_RUNS", "0")) + 1
        os.environ["SLOWPKG_RUNS"] = str(RUNS)
        def double(x):
            return 2 * x
    """)
    os.environ.pop("SLOWPKG_RUNS", None)
    assert lazy_module.defer("slowpkg.parts") is True
    import slowpkg.parts as parts  # the import statement reads __spec__ only: still un-run

    assert not lazy_module.loaded("slowpkg.parts") and "SLOWPKG_RUNS" not in os.environ
    assert parts.double(21) == 42  # the first read runs it
    assert lazy_module.loaded("slowpkg.parts") and type(parts).__name__ == "module"
    from slowpkg.parts import RUNS

    assert RUNS == 1 and sys.modules["slowpkg.parts"] is parts and sys.modules["slowpkg"].parts is parts
    assert lazy_module.defer("slowpkg.parts") is False  # already imported: nothing to defer
    os.environ.pop("SLOWPKG_RUNS", None)


def test_threads_reading_at_once_all_wait_for_the_whole_module(package_dir: Path) -> None:
    # a module that takes a while to run: a thread that saw it half-run would miss LAST
    _write_parts(package_dir, """
        import time
        FIRST = 1
        time.sleep(0.3)
        LAST = 2
    """)
    assert lazy_module.defer("slowpkg.parts")
    parts = sys.modules["slowpkg.parts"]
    found: list[int] = []
    errors: list[BaseException] = []

    def read() -> None:
        try:
            found.append(parts.LAST)
        except BaseException as exc:  # collected: the assertion below names it
            errors.append(exc)

    threads = [threading.Thread(target=read) for _ in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and found == [2] * 6


def test_a_module_that_fails_when_run_raises_and_is_forgotten(package_dir: Path) -> None:
    _write_parts(package_dir, "raise RuntimeError('broken on purpose')\n")
    assert lazy_module.defer("slowpkg.parts")
    parts = sys.modules["slowpkg.parts"]
    with pytest.raises(RuntimeError, match="broken on purpose"):
        parts.anything  # noqa: B018  (the read is the point)
    assert "slowpkg.parts" not in sys.modules  # the next import is the normal one
    _write_parts(package_dir, "VALUE = 3\n")
    import slowpkg.parts as again

    assert again.VALUE == 3 and lazy_module.loaded("slowpkg.parts")


def test_nothing_is_deferred_with_the_off_switch_or_for_an_unknown_module(
        package_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _write_parts(package_dir, "VALUE = 3\n")
    assert lazy_module.defer("slowpkg.no_such_module") is False
    monkeypatch.setenv(OFF_SWITCH, "0")
    assert lazy_module.defer("slowpkg.parts") is False and "slowpkg.parts" not in sys.modules


def test_our_keyword_index_leaves_scipy_sparse_unrun_and_bm25s_scipy_backend_runs_it() -> None:
    """In a fresh interpreter: the answer path's imports, building and searching our keyword index never
    read scipy.sparse, requests or PIL.Image; a bm25s index built with its scipy matrix backend reads
    scipy.sparse, a name read from the others runs them: each is then the real module."""
    code = """
        import json, sys, tempfile
        import assistant.api, assistant.answer, index.store
        from index import lazy_module
        from index.keyword import JiebaBM25Retriever
        from llama_index.core.schema import QueryBundle, TextNode
        deferred = all(not lazy_module.loaded(m) and m in sys.modules for m in lazy_module.ON_FIRST_READ)
        nodes = [TextNode(id_="n0", text="新建公园绿地面积十二公顷。"), TextNode(id_="n1", text="全年发电量增长三成。")]
        built = JiebaBM25Retriever.from_nodes(nodes, similarity_top_k=2)
        hit = built.retrieve(QueryBundle("公园绿地"))[0].node.node_id
        after_ours = lazy_module.loaded("scipy.sparse")  # bm25s's default matrix backend is numpy
        import bm25s
        bm25s.BM25(csc_backend="scipy").index([["公园", "绿地"], ["发电量"]], show_progress=False)
        import scipy.sparse
        unrun = [m for m in lazy_module.ON_FIRST_READ if not lazy_module.loaded(m)]
        from PIL import Image  # a name read from each: the real modules
        import requests
        real = [Image.open.__module__, requests.get.__module__, "urllib3" in sys.modules]
        print(json.dumps({"deferred": deferred, "after_ours": after_ours, "hit": hit, "unrun": unrun, "real": real,
                          "after_scipy_build": lazy_module.loaded("scipy.sparse"),
                          "sparse": scipy.sparse.csc_matrix.__module__}))
    """
    environ = {k: v for k, v in os.environ.items() if k != OFF_SWITCH}
    environ["PYTHONPATH"] = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    done = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=environ,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"deferred": True, "after_ours": False, "hit": "n0", "after_scipy_build": True,
                      "sparse": "scipy.sparse._csc", "unrun": ["requests", "PIL.Image"],
                      "real": ["PIL.Image", "requests.api", True]}
