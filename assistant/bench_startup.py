"""Start-up breakdown: where a fresh process's first answer spends its time.

    python -m assistant.bench_startup [--store DIR] [--question Q] [--fresh 5] [--ui 3] [--eager]

Runs the real path (`Assistant()` then one `ask()`) in this process and times each step by wrapping the
functions it calls. `run_fresh` runs it in a new process as a file (runpy), so that not even the
`assistant` package is imported before the clock starts. Prints one line per step; asserts nothing.
`--fresh` and `--ui` first write the project's .pyc that are stale (`make bytecode`, and the count) so
that they time a set-up install, not one compiling every module in each process (PYTHONDONTWRITEBYTECODE).
`--eager` measures the same with llama-index's package __init__ run the normal way (LAZY_LLAMA_INDEX=0,
see index.lazy_import): the figure before the deferral, on the same machine and load.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import resource
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

QUESTION = "双辽风电项目总投资多少？"
ROOT = Path(__file__).resolve().parents[1]
PROJECT_CODE = ("assistant", "index", "app.py")  # what `make bytecode` compiles
STALE = "project modules compiled ahead (.pyc stale)"
DEFERRED = "llama-index package __init__ deferred (1 yes)"
MODULES = "llama_index modules imported"
ALL_MODULES = "modules imported (all)"
COLLECTOR = "cyclic garbage collector, CPU"
_COUNTS = frozenset({"runs", DEFERRED, MODULES, ALL_MODULES, STALE})  # printed without a unit


class _Clock:
    def __init__(self) -> None:
        self.steps: dict[str, float] = {}

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.steps[name] = self.steps.get(name, 0.0) + time.perf_counter() - started

    def wrap(self, owner: Any, attr: str, name: str) -> None:
        """Time every call of owner.attr under `name` (nested calls counted once, by the outer one)."""
        inner: Callable[..., Any] = getattr(owner, attr)
        active = [0]

        @functools.wraps(inner)
        def timed(*args: Any, **kwargs: Any) -> Any:
            if active[0]:
                return inner(*args, **kwargs)
            active[0] += 1
            try:
                with self.step(name):
                    return inner(*args, **kwargs)
            finally:
                active[0] -= 1

        setattr(owner, attr, timed)


def breakdown(store_dir: str | None, question: str, started: float | None = None,
              collection: str | None = None) -> dict[str, float]:
    """Seconds per start-up step of this (fresh) process, plus 'first answer' (from `started`, a
    perf_counter reading taken before any import, to the answer) and 'peak RSS MB'."""
    clock = _Clock()
    started = time.perf_counter() if started is None else started
    import gc

    collecting = [0.0, 0.0]  # CPU seconds in the cyclic collector; when the running collection began

    def _collector(phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            collecting[1] = time.process_time()
        else:
            collecting[0] += time.process_time() - collecting[1]

    gc.callbacks.append(_collector)
    # in the order the path meets them; a module already imported by an earlier step costs nothing later
    with clock.step("import llama-index (the modules the answer path uses)"):
        import importlib

        import index.lazy_import  # defers llama-index's package __init__ unless LAZY_LLAMA_INDEX=0
        import index.startup_gc

        for module in index.lazy_import.PROBE:
            importlib.import_module(module)
    # the collector paused over the other imports, as `import assistant` pauses it (index.startup_gc)
    with index.startup_gc.paused(freeze=True):
        with clock.step("import chromadb"):
            import llama_index.vector_stores.chroma  # noqa: F401  (imports chromadb)
        with clock.step("import bm25s, jieba"):
            import bm25s  # noqa: F401
            import jieba  # noqa: F401
        with clock.step("jieba dictionary (kept copy, index.segmenter)"):
            import index.segmenter

            index.segmenter.ready()
        with clock.step("import the keyword side (index.keyword)"):
            import index.keyword
        with clock.step("import the answer side (assistant.*)"):
            import assistant.answer
            import assistant.api
            import assistant.candidates
            import assistant.llm
            import assistant.retrieve
            import index.embed
            import index.store
    from assistant.settings import load_settings

    clock.wrap(index.segmenter, "posseg", "jieba part-of-speech tags (first tagging)")
    clock.wrap(index.embed, "make_embedding", "embedding model load")
    clock.wrap(index.store, "open_current", "store open (Chroma)")
    clock.wrap(index.store.PassageStore, "keyword_retriever", "keyword index load (BM25)")
    clock.wrap(index.store.PassageStore, "all_nodes", "all passages read (Chroma)")
    clock.wrap(assistant.candidates.TermStats, "__init__", "term statistics")
    # a generous deadline: the first answer is measured, not cut off, on a busy machine
    overrides: dict[str, Any] = {"llm": {"mode": "extractive"}, "answer": {"timeout_s": 600}}
    if store_dir:
        overrides["store"] = {"dir": store_dir} | ({"collection": collection} if collection else {})
    with clock.step("settings"):
        settings = load_settings(**overrides)
    with clock.step("Assistant() total"):
        helper = assistant.api.Assistant(settings)
    with clock.step("first ask()"):
        helper.ask(question)
    clock.steps["first answer (process start to answer)"] = time.perf_counter() - started
    clock.steps["peak RSS MB"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    gc.callbacks.remove(_collector)
    clock.steps[COLLECTOR] = collecting[0]
    clock.steps[DEFERRED] = float(index.lazy_import.installed())
    clock.steps[MODULES] = float(sum(1 for m in sys.modules if m.startswith("llama_index")))
    clock.steps[ALL_MODULES] = float(len(sys.modules))
    return clock.steps


def stale_bytecode(root: Path = ROOT) -> list[Path]:
    """The project's modules (PROJECT_CODE) whose .pyc is missing or was written for another version of
    the source: a new process compiles each from source, every time where PYTHONDONTWRITEBYTECODE is set."""
    import importlib.util

    sources = [path for part in PROJECT_CODE for path in
               (sorted((root / part).rglob("*.py")) if (root / part).is_dir() else [root / part])]
    stale = []
    for source in sources:
        cached = Path(importlib.util.cache_from_source(str(source)))
        try:
            header = cached.read_bytes()[:16]
        except OSError:
            stale.append(source)
            continue
        stat = source.stat()
        # a timestamp .pyc's header: magic, flags, source mtime, source size (importlib checks the same)
        if (header[:4] != importlib.util.MAGIC_NUMBER or int.from_bytes(header[4:8], "little") != 0
                or int.from_bytes(header[8:12], "little") != int(stat.st_mtime) & 0xFFFFFFFF
                or int.from_bytes(header[12:16], "little") != stat.st_size & 0xFFFFFFFF):
            stale.append(source)
    return stale


def write_bytecode(root: Path = ROOT) -> int:
    """`make bytecode`: the project's .pyc written ahead, as set-up leaves them (the figure is a set-up
    install's, not one that compiles the project in every process); how many were stale before."""
    import py_compile

    stale = stale_bytecode(root)
    for source in stale:
        py_compile.compile(str(source), doraise=True)
    return len(stale)


def run_fresh(store_dir: str | None = None, question: str = QUESTION,
              collection: str | None = None, eager: bool = False) -> dict[str, float]:
    """The breakdown measured in a new Python process (what a user's first `ask()` pays); `eager`: with
    llama-index's package __init__ run the normal way (the figure before index.lazy_import)."""
    import subprocess

    args = ["--json", "--question", question, *(["--store", store_dir] if store_dir else []),
            *(["--collection", collection] if collection else [])]
    code = ("import time; _t0 = time.perf_counter(); import runpy, sys; "
            f"sys.argv = ['bench_startup', *{args!r}]; "
            f"runpy.run_path({str(Path(__file__).resolve())!r}, init_globals={{'STARTED': _t0}}, run_name='__main__')")
    cmd = [sys.executable, "-c", code]
    root = ROOT
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(root), os.environ.get("PYTHONPATH")]))}
    env.pop("LAZY_LLAMA_INDEX", None)
    if eager:
        env["LAZY_LLAMA_INDEX"] = "0"
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(cmd, capture_output=True, text=True, check=True, cwd=root, env=env)
    steps: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    steps["wall, incl. interpreter start"] = time.perf_counter() - started
    # CPU seconds of that process (all its threads): far steadier than wall time on a shared machine
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    steps["CPU, user+sys, incl. interpreter start"] = (after.ru_utime - children.ru_utime
                                                       + after.ru_stime - children.ru_stime)
    return steps


def run_fresh_median(runs: int = 5, store_dir: str | None = None, question: str = QUESTION,
                     collection: str | None = None, eager: bool = False) -> dict[str, float]:
    """Each step's median over `runs` fresh processes, run one after another (the issue's figure is the
    median of 5); 'runs' and the machine's load before and after are added."""
    import statistics

    compiled = write_bytecode()
    load_before = os.getloadavg()[0]
    samples = [run_fresh(store_dir, question, collection, eager) for _ in range(max(1, runs))]
    steps = {name: statistics.median(s[name] for s in samples) for name in samples[0]}
    steps["runs"] = float(len(samples))
    steps[STALE] = float(compiled)
    steps["load (1 min) before"] = load_before
    steps["load (1 min) after"] = os.getloadavg()[0]
    return steps


def ui_launch_to_answer(question: str = QUESTION, timeout_s: float = 300.0) -> dict[str, float]:
    """`python app.py` started afresh (extractive answers, a free loopback port): seconds until the page is
    served, and until its first answer (asked through gradio_client as a browser's page would)."""
    import socket
    import subprocess
    import urllib.request

    from gradio_client import Client

    from assistant.processes import stop_process

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    root = ROOT
    env = {**os.environ, "ASSISTANT_UI__PORT": str(port), "ASSISTANT_UI__HOST": "127.0.0.1",
           "ASSISTANT_LLM__MODE": "extractive", "GRADIO_ANALYTICS_ENABLED": "False"}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, str(root / "app.py")], cwd=root, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        url = f"http://127.0.0.1:{port}/"
        while True:
            if proc.poll() is not None:
                raise RuntimeError(f"app.py exited with {proc.returncode}")
            if time.perf_counter() - started > timeout_s:
                raise TimeoutError(f"the UI did not open within {timeout_s:.0f} s")
            try:
                with urllib.request.urlopen(url, timeout=1):
                    break
            except OSError:
                time.sleep(0.1)
        served = time.perf_counter() - started
        client = Client(url, verbose=False, analytics_enabled=False)
        client.predict(question, [], api_name="/ask")
        answered = time.perf_counter() - started
    finally:
        stop_process(proc)
    return {"UI page served (launch to page)": served, "UI first answer (launch to answer)": answered}


def show(steps: dict[str, float]) -> None:
    for name, value in steps.items():
        unit = "" if name.endswith("MB") or name in _COUNTS or name.startswith("load") else " s"
        print(f"  {name:<56} {value:8.2f}{unit}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--store", help="store folder (default: the settings' store)")
    parser.add_argument("--collection", help="the store's collection name (default: the settings')")
    parser.add_argument("--question", default=QUESTION)
    parser.add_argument("--json", action="store_true", help="one JSON line (what run_fresh reads)")
    parser.add_argument("--fresh", type=int, default=0, metavar="N",
                        help="run N fresh processes and print each step's median (instead of this process)")
    parser.add_argument("--eager", action="store_true",
                        help="with --fresh: llama-index imported the normal way (LAZY_LLAMA_INDEX=0), the before")
    parser.add_argument("--ui", type=int, default=0, metavar="N",
                        help="launch the UI (app.py) N times and print the median time to its first answer")
    args = parser.parse_args(argv)
    if args.ui:
        import statistics

        compiled = write_bytecode()
        runs = [ui_launch_to_answer(args.question) for _ in range(args.ui)]
        show({name: statistics.median(r[name] for r in runs) for name in runs[0]}
             | {"runs": float(len(runs)), STALE: float(compiled), "load (1 min) after": os.getloadavg()[0]})
        return 0
    if args.fresh:
        show(run_fresh_median(args.fresh, args.store, args.question, args.collection, args.eager))
        return 0
    steps = breakdown(args.store, args.question, globals().get("STARTED"), args.collection)
    if args.json:
        print(json.dumps(steps))
    else:
        show(steps)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
