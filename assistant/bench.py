"""Benchmark: warm ask() latency on the indexed corpus, beside the cost of one query embedding; then the
start-up breakdown of a fresh process and the growth series (assistant.bench_startup, assistant.bench_growth).

    python -m assistant.bench [--rounds N] [--growth 1,4,10,26 | --growth ""] [--png FILE] [--no-startup]

Prints figures and writes the growth plot (docs/growth.png); asserts nothing (speed targets live here, not
in timed unit tests). Beside the figure questions (the article set), the open questions on the article
(eval/questions/open*.jsonl: summaries, descriptions, lists …) are timed too, with the median per kind:
issue 9 asks the median of summaries and lists to be stated. The growth series runs in temporary stores;
storage/ is only read.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from pathlib import Path

from assistant.api import Assistant
from assistant.bench_growth import CMRC, DEFAULT_REPS, growth, percentile, timed_ms
from assistant.bench_startup import run_fresh_median, show, ui_launch_to_answer
from assistant.settings import PROJECT_ROOT, load_settings

QUESTIONS = PROJECT_ROOT / "eval" / "questions" / "article.jsonl"
OPEN_QUESTIONS = sorted((PROJECT_ROOT / "eval" / "questions").glob("open*.jsonl"))
OPEN_KINDS = ("summary", "describe", "list", "entity", "multipart")


def _open_questions(paths: list[Path]) -> dict[str, list[str]]:
    """The open questions asked of the article, without a conversation, by kind."""
    found: dict[str, list[str]] = {}
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            row = json.loads(line) if line.strip() else {}
            if row.get("doc") == "article" and not row.get("history") and row.get("kind") in OPEN_KINDS:
                found.setdefault(row["kind"], []).append(row["question"])
    return found


def _questions(path: Path, limit: int) -> list[str]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["question"] for r in rows if not r.get("history")][:limit]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=3, help="passes over the questions")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--limit", type=int, default=60)
    parser.add_argument("--growth", default=",".join(map(str, DEFAULT_REPS)),
                        help="repetitions of the CMRC trial paragraphs per size ('' skips the series)")
    parser.add_argument("--cmrc", type=Path, default=CMRC)
    parser.add_argument("--png", type=Path, default=PROJECT_ROOT / "docs" / "growth.png")
    parser.add_argument("--no-startup", action="store_true", help="skip the fresh-process start-up breakdown")
    parser.add_argument("--fresh-runs", type=int, default=5, help="fresh processes timed for the start-up median")
    args = parser.parse_args(argv)
    print(f"machine load: {os.getloadavg()[0]:.2f} (1 min); figures scale with it", flush=True)

    started = time.perf_counter()
    # the extractive answers, whatever llm.mode says: "auto" with a pulled model would time the local model on the
    # open kinds (python -m assistant.llm.bench measures that)
    assistant = Assistant(load_settings(llm={"mode": "extractive"}))
    build = time.perf_counter() - started
    questions = _questions(args.questions, args.limit)
    for q in questions[:5]:  # warm-up: jieba dictionary, first Chroma query, caches
        assistant.ask(q)

    embed_ms = timed_ms(assistant.embedding.get_query_embedding, questions)
    ask_ms = timed_ms(assistant.ask, questions, args.rounds)
    open_ms = {kind: timed_ms(assistant.ask, asked, args.rounds)
               for kind, asked in _open_questions(OPEN_QUESTIONS).items()}

    def p95(values: list[float]) -> float:
        return percentile(values, 0.95)

    print(f"assistant start-up (models, store, term statistics): {build:.2f} s")
    print(f"one query embedding ({assistant.settings.embedding.spec}): median {statistics.median(embed_ms):.1f} ms, "
          f"p95 {p95(embed_ms):.1f} ms over {len(embed_ms)} questions")
    print(f"warm ask(): median {statistics.median(ask_ms):.1f} ms, p95 {p95(ask_ms):.1f} ms, "
          f"max {max(ask_ms):.1f} ms over {len(ask_ms)} calls")
    for kind, times in open_ms.items():
        print(f"warm ask(), open {kind} questions: median {statistics.median(times):.1f} ms, p95 {p95(times):.1f} ms "
              f"over {len(times)} calls")
    article = {"ask_p50_ms": statistics.median(ask_ms), "ask_p95_ms": p95(ask_ms)}
    del assistant
    if not args.no_startup:
        print(f"start-up of a fresh process to its first answer (article store), median of {args.fresh_runs} "
              "processes:", flush=True)
        show(run_fresh_median(args.fresh_runs))
        print("the UI (app.py) from launch to its first answer:", flush=True)
        show(ui_launch_to_answer())
    reps = [int(r) for r in str(args.growth).split(",") if r.strip()]
    if reps:
        cache = load_settings().store.dir / "cmrc-cmrc2018_trial" / "embedding_cache.sqlite"  # read, copied
        print(f"growth: the CMRC trial paragraphs ({args.cmrc.name}) repeated {args.growth} times, each size in a "
              "fresh temporary store and process", flush=True)
        rows = growth(reps, args.png, args.cmrc, cache=cache if cache.exists() else None, article=article)
        largest = rows[-1]
        print(f"ask() p50 at {largest['passages']} passages: {largest['ask_p50_ms']:.1f} ms = "
              f"{largest['ask_p50_ms'] / article['ask_p50_ms']:.2f}x the article's {article['ask_p50_ms']:.1f} ms")
        print(f"wrote {args.png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
