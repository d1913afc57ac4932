"""Benchmark of a generative backend on open questions: first streamed token and whole answer, after the
model is loaded and its system prompt evaluated (loading is not timed).

    python -m assistant.llm.bench [--backend llamacpp|openai_like] [--model NAME] [--limit N]

The questions are the open-kind questions of the open set (eval/questions/open.jsonl) on the indexed store
(the article by default). Prints figures; asserts nothing. Issue 10's targets on 2 cores: first token
<= 2 s with the 0.5B model, a 1.5B answer median <= 6 s. With the local backend each row also says where the
seconds went: the prompt's tokens, of which the model's kept state held (the fixed prefix), and tokens
generated; the machine's load average is printed beside the figures (a shared machine's timings vary).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import time
from pathlib import Path
from typing import Any

from assistant.settings import PROJECT_ROOT, load_settings

QUESTIONS = PROJECT_ROOT / "eval" / "questions" / "open.jsonl"
KINDS = ("summary", "list", "entity", "describe")


def _questions(path: Path, doc: str, limit: int) -> list[str]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["question"] for r in rows if r.get("doc") == doc and r.get("kind") in KINDS and not r.get("history")
            and r.get("expect") == "answer"][:limit]


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95 + 0.5) - 1)] if values else 0.0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", default="llamacpp", choices=("llamacpp", "openai_like"))
    parser.add_argument("--model", help="model name under the models folder (settings.llm.model)")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--doc", default="article", help="the open set's document the store holds")
    parser.add_argument("--limit", type=int, default=12)
    args = parser.parse_args(argv)

    from assistant.api import Assistant
    from assistant.types import AnswerTimeout

    settings = load_settings()
    settings = settings.with_overrides(llm={"mode": args.backend, "model": args.model or settings.llm.model})
    llm = settings.llm
    # room for the model's whole llm.timeout_s: it gets at most the request's time left less llm.reserve_s
    assistant = Assistant(settings.with_overrides(answer={"timeout_s": max(settings.answer.timeout_s,
                                                                           llm.timeout_s + llm.reserve_s + 5)}))
    if assistant.generative is None:
        print("no generative backend configured")
        return 1
    print(f"load average {os.getloadavg()[0]:.2f} (1 min) on {os.cpu_count()} cores")
    started = time.perf_counter()
    assistant.generative.prepare("zh")
    print(f"{args.backend} {llm.model if args.backend == 'llamacpp' else llm.api_model}: loaded and system prompt "
          f"evaluated in {time.perf_counter() - started:.1f} s (n_threads {llm.n_threads}, n_ctx {llm.n_ctx})")
    firsts: list[float] = []
    totals: list[float] = []
    readings: list[tuple[str, Any]] = []  # (kind, the local model's Reading) of each request it got
    previous = getattr(assistant.generative.generator(), "last", None)
    for q in _questions(args.questions, args.doc, args.limit):
        try:
            answer = assistant.ask(q)
        except AnswerTimeout as exc:  # a figure too: the prompt took longer to read than the request's budget
            print(f"  timeout ({exc}) {q[:30]}", flush=True)
            continue
        generated = answer.backend == args.backend
        if generated:
            firsts.append(answer.first_token_ms)
            totals.append(answer.latency_ms)
        # every request that reached the local model (a new Reading), also one overruled or stopped at its
        # deadline: the tokens it read and the speeds are what the latency is made of
        last = getattr(assistant.generative.generator(), "last", None)
        asked = last is not None and last is not previous
        previous = last
        tokens = _tokens(assistant.generative.generator()) if asked else ""
        if asked:
            readings.append((answer.kind, copy.copy(last)))
        # each row as it comes: on a loaded machine the run takes minutes
        print(f"  {answer.latency_ms / 1000:6.2f} s  first {answer.first_token_ms / 1000:5.2f} s  "
              f"{answer.backend:11} {answer.kind:8} {'ok ' if answer.verified else 'UNV'} "
              f"{answer.resolution or answer.notice[:40]:30} {tokens} {q[:30]}", flush=True)
    if firsts:
        print(f"generated answers: {len(firsts)}; first token median {statistics.median(firsts) / 1000:.2f} s, "
              f"p95 {_p95(firsts) / 1000:.2f} s; whole answer median {statistics.median(totals) / 1000:.2f} s, "
              f"p95 {_p95(totals) / 1000:.2f} s")
    if readings:
        print(by_kind(readings))
    print(f"load average {os.getloadavg()[0]:.2f} (1 min)")
    return 0


def by_kind(readings: list[tuple[str, Any]]) -> str:
    """Medians per kind of what the local model read and wrote, llama.cpp's speeds over the run, and the
    seconds they imply (read anew / read speed + generated / decode speed): load-independent token counts
    beside the speeds of this run, so a loaded run still says what an idle machine's speeds would give."""
    read_ms = sum(r.read_ms for _, r in readings)
    decode_ms = sum(r.decode_ms for _, r in readings)
    read_speed = sum(r.read_tokens for _, r in readings) * 1000 / read_ms if read_ms else 0.0
    decode_speed = sum(r.decoded_tokens for _, r in readings) * 1000 / decode_ms if decode_ms else 0.0
    lines = [f"llama.cpp speeds over the run: prompt read {read_speed:.1f} tokens/s, generation {decode_speed:.1f} "
             "tokens/s", "kind      n  prompt  read anew  generated  implied s (read + generate)"]
    for kind in sorted({k for k, _ in readings}):
        rows = [r for k, r in readings if k == kind]
        prompt = statistics.median(r.prompt for r in rows)
        anew = statistics.median(r.evaluated for r in rows)
        out = statistics.median(r.generated for r in rows)
        implied = (anew / read_speed if read_speed else 0.0) + (out / decode_speed if decode_speed else 0.0)
        lines.append(f"{kind:8} {len(rows):2d}  {prompt:6.0f}  {anew:9.0f}  {out:9.0f}  {implied:6.1f}")
    return "\n".join(lines)


def _tokens(generator: object) -> str:
    """The local model's last request in tokens: read anew / in the prompt (the rest was kept: held, or restored
    from a saved prefix state), generated."""
    last = getattr(generator, "last", None)
    if last is None or not last.prompt:
        return ""
    return (f"tokens {last.evaluated:4d}/{last.prompt:4d} read ({last.read_speed:5.1f}/s; {last.restored:3d} "
            f"restored), {last.generated:3d} out ({last.decode_speed:4.1f}/s)")


if __name__ == "__main__":
    raise SystemExit(main())
