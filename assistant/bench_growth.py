"""The growth benchmark: how index time, ask latency and memory grow with the corpus.

    python -m assistant.bench_growth [--reps 1,4,10,26] [--png FILE]

The corpus is the CMRC 2018 trial paragraphs repeated with distinct document ids (rep r of paragraph p is
`r<r>-<p>`), so 26 repetitions give ~20,000 passages. Each size is built from scratch into its own temporary
store (never storage/), in a child process of its own so that its peak memory is its own; the vector cache
is a copy of the CMRC store's, and repeats are the same texts, so they cost nothing to embed (the `embedded`
column shows what the model computed). Per size: index time, unchanged re-index time, Assistant() open
time, warm ask() p50/p95 beside one query embedding, peak RSS, and a fresh process's first answer.
Prints a table and writes a PNG; asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from assistant.settings import PROJECT_ROOT

CMRC = PROJECT_ROOT.parent / "shared" / "benchmarks" / "cmrc2018" / "cmrc2018_trial.json"
DEFAULT_REPS = (1, 4, 10, 26)
COLLECTION = "growth"
BENCH_TIMEOUT_S = 600
QUESTIONS = 40  # CMRC questions timed per size (each asked `rounds` times after a warm-up)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[max(0, min(len(ordered) - 1, round(share * (len(ordered) - 1))))]


def timed_ms(call: Callable[[str], object], questions: list[str], rounds: int = 1) -> list[float]:
    """Milliseconds of each call(question), every question `rounds` times."""
    times = []
    for _ in range(rounds):
        for q in questions:
            t = time.perf_counter()
            call(q)
            times.append((time.perf_counter() - t) * 1000)
    return times


def _documents(path: Path, reps: int) -> tuple[list[Any], list[str]]:
    from eval.cmrc import load_cmrc
    from index.loaders import SourceDocument

    documents, questions = load_cmrc(path)
    repeated = [SourceDocument(f"r{r}-{d.doc_id}", d.text, d.path, dict(d.metadata))
                for r in range(reps) for d in documents]
    return repeated, [q.question for q in questions]


def measure(store_dir: Path, path: Path, reps: int, rounds: int, cache: Path | None) -> dict[str, Any]:
    """Build, re-index, open and ask at one size, in this process (run_size runs it in a child)."""
    from assistant.api import Assistant
    from assistant.settings import load_settings
    from index.build import build_index
    from index.embed import make_embedding

    # a generous answer deadline: on a busy machine the first questions (lazy dictionaries) can pass the default
    settings = load_settings(llm={"mode": "extractive"}, store={"dir": store_dir, "collection": COLLECTION},
                             answer={"timeout_s": BENCH_TIMEOUT_S})
    location = settings.store_location()
    store_dir.mkdir(parents=True, exist_ok=True)
    if cache is not None and cache.exists() and not location.embedding_cache.exists():
        shutil.copyfile(cache, location.embedding_cache)  # a copy: the source store is never written
    documents, questions = _documents(path, reps)
    embedding = make_embedding(settings.embedding.spec)
    report = build_index(location, embedding, documents=documents, chunk_chars=settings.chunk.chars, progress=None)
    again = build_index(location, embedding, documents=documents, chunk_chars=settings.chunk.chars, progress=None)
    import assistant.answer
    import assistant.retrieve  # noqa: F401  (imports are the start-up benchmark's; open_s is the store's work)

    started = time.perf_counter()
    helper = Assistant(settings)
    open_s = time.perf_counter() - started
    asked = questions[:QUESTIONS]
    for q in asked[:3]:  # warm-up
        helper.ask(q)
    embed_ms = timed_ms(helper.embedding.get_query_embedding, asked)
    ask_ms = timed_ms(helper.ask, asked, rounds)
    return {
        "reps": reps, "documents": len(documents), "passages": report.added, "embedded": report.embedded,
        "index_s": report.seconds, "reindex_s": again.seconds, "reindex_added": again.added, "open_s": open_s,
        "embed_p50_ms": statistics.median(embed_ms), "ask_p50_ms": statistics.median(ask_ms),
        "ask_p95_ms": percentile(ask_ms, 0.95),
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_size(store_dir: Path, path: Path, reps: int, rounds: int, cache: Path | None) -> dict[str, Any]:
    """measure() in a child process (its peak RSS is this size's alone)."""
    cmd = [sys.executable, "-m", "assistant.bench_growth", "--child", "--store", str(store_dir), "--cmrc", str(path),
           "--reps", str(reps), "--rounds", str(rounds)] + (["--cache", str(cache)] if cache else [])
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(PROJECT_ROOT), os.environ.get("PYTHONPATH")]))}
    done = subprocess.run(cmd, capture_output=True, text=True, cwd=PROJECT_ROOT, env=env)
    if done.returncode != 0:
        raise RuntimeError(f"growth size {reps}: {done.stderr.strip()[-2000:]}")
    row: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return row


ROW_FORMAT = ("{passages:>8} {embedded:>8} {index_s:>9.1f} {reindex_s:>9.2f} {open_s:>8.2f} {embed_p50_ms:>9.1f} "
              "{ask_p50_ms:>9.1f} {ask_p95_ms:>9.1f} {peak_rss_mb:>8.0f} {first_answer_s:>9.2f}")
HEADER = (f"{'passages':>8} {'embedded':>8} {'index s':>9} {'re-idx s':>9} {'open s':>8} {'embed ms':>9} "
          f"{'ask p50':>9} {'ask p95':>9} {'RSS MB':>8} {'1st ans s':>9}")


def plot(rows: list[dict[str, Any]], png: Path, article: dict[str, float] | None = None) -> Path:
    """Index time, ask latency and peak memory against passages, one panel each."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    x = [r["passages"] for r in rows]
    fig, axes = plt.subplots(1, 4, figsize=(17, 4))
    axes[0].plot(x, [r["index_s"] for r in rows], "o-", label="index from scratch")
    axes[0].plot(x, [r["reindex_s"] for r in rows], "s--", label="unchanged re-index")
    axes[0].set_ylabel("seconds")
    axes[1].plot(x, [r["ask_p50_ms"] for r in rows], "o-", label="ask() p50")
    axes[1].plot(x, [r["ask_p95_ms"] for r in rows], "s--", label="ask() p95")
    axes[1].plot(x, [r["embed_p50_ms"] for r in rows], "^:", label="one query embedding p50")
    if article:
        axes[1].axhline(article["ask_p50_ms"], color="grey", lw=0.8, label="article ask() p50")
    axes[1].set_ylabel("ms")
    axes[2].plot(x, [r["peak_rss_mb"] for r in rows], "o-", label="peak RSS (build + ask)")
    axes[2].set_ylabel("MB")
    axes[3].plot(x, [r["open_s"] for r in rows], "o-", label="Assistant() open (warm imports)")
    axes[3].plot(x, [r["first_answer_s"] for r in rows], "s--", label="fresh process: first answer")
    axes[3].set_ylabel("seconds")
    for ax, title in zip(axes, ("index time", "ask latency", "memory", "start-up"), strict=True):
        ax.set_title(title)
        ax.set_xlabel("passages")
        ax.legend(fontsize=7)
        ax.grid(alpha=0.3)
    fig.tight_layout()
    png.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(png, dpi=90)
    plt.close(fig)
    return png


def growth(reps: list[int], png: Path, path: Path = CMRC, rounds: int = 2, cache: Path | None = None,
           article: dict[str, float] | None = None, keep: Path | None = None) -> list[dict[str, Any]]:
    """The series: one row per size (printed as it comes), then the plot."""
    from assistant.bench_startup import run_fresh

    root = Path(tempfile.mkdtemp(prefix="growth-")) if keep is None else keep
    rows = []
    print(HEADER, flush=True)
    try:
        for n in reps:
            store = root / f"r{n}"
            row = run_size(store, path, n, rounds, cache)
            fresh = run_fresh(str(store), collection=COLLECTION)
            row["first_answer_s"] = fresh["first answer (process start to answer)"]
            rows.append(row)
            print(ROW_FORMAT.format(**row), flush=True)
    finally:
        if keep is None:
            shutil.rmtree(root, ignore_errors=True)
    plot(rows, png, article)
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", default=",".join(map(str, DEFAULT_REPS)), help="repetitions of the CMRC paragraphs")
    parser.add_argument("--cmrc", type=Path, default=CMRC)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--png", type=Path, default=PROJECT_ROOT / "docs" / "growth.png")
    parser.add_argument("--cache", type=Path, help="a vector cache to start each store from (copied)")
    parser.add_argument("--store", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    reps = [int(r) for r in str(args.reps).split(",") if r.strip()]
    if args.child:
        print(json.dumps(measure(args.store, args.cmrc, reps[0], args.rounds, args.cache)))
        return 0
    growth(reps, args.png, args.cmrc, args.rounds, args.cache)
    print(f"wrote {args.png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
