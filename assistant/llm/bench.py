"""Benchmark of a generative backend on open questions: first streamed token and whole answer, after the
model is loaded and its system prompt evaluated (loading is not timed).

    python -m assistant.llm.bench [--backend llamacpp|openai_like] [--model NAME [NAME ...]] [--limit N]

The questions are the open-kind questions of the open set (eval/questions/open.jsonl) on the indexed store
(the article by default). Prints figures; asserts nothing. Issue 10's targets on 2 cores: first token
<= 2 s with the 0.5B model, a 1.5B answer median <= 6 s. With the local backend each row also says where the
seconds went: the prompt's tokens, of which the model's kept state held (the fixed prefix), and tokens
generated; the machine's load average is printed beside the figures (a shared machine's timings vary). The
closing table gives, per model, the measured p50/p95 and the same requests' token counts at the model's idle
speeds (assistant.llm.models), with issue 10's targets met or not.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import statistics
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.settings import PROJECT_ROOT, LLMSettings, Settings, load_settings

QUESTIONS = PROJECT_ROOT / "eval" / "questions" / "open.jsonl"
KINDS = ("summary", "list", "entity", "describe")
# issue 10's latency targets on 2 cores, per model: (the figure, seconds)
TARGETS = {"qwen2.5-coder-0.5b": ("first_p50", 2.0), "qwen2.5-coder-1.5b": ("answer_p50", 6.0)}
TARGET_WORDS = {"first_p50": "first streamed token median", "answer_p50": "answer median"}


def _questions(path: Path, doc: str, limit: int, llm: LLMSettings | None = None) -> list[str]:
    """The first `limit` answerable open-kind questions on the document, of the kinds the model writes (llm.writes:
    the 0.5B writes entities and descriptions only, so a list of summaries would time none of its answers)."""
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return [r["question"] for r in rows if r.get("doc") == doc and r.get("kind") in KINDS and not r.get("history")
            and r.get("expect") == "answer" and (llm is None or llm.writes(r["kind"]))][:limit]


def _p95(values: list[float]) -> float:
    return sorted(values)[max(0, int(len(values) * 0.95 + 0.5) - 1)] if values else 0.0


@dataclass
class ModelRun:
    """One model's run over the question list: measured milliseconds of every request that reached the model (what
    a user waits for, whether the model's answer or the engine's stands after the check), of the answers the model's
    words stood in, and the tokens of every request with the seconds outside the model (retrieval, the check)."""

    model: str
    firsts: list[float] = field(default_factory=list)  # ms to the first streamed token, every request to the model
    totals: list[float] = field(default_factory=list)  # ms to the whole answer, every request to the model
    kept: list[float] = field(default_factory=list)  # ms to the whole answer, the answers the model's words stood in
    # (kind, the local model's Reading, ms of the answer outside the model, the model wrote the answer)
    readings: list[tuple[str, Any, float, bool]] = field(default_factory=list)


def idle_figures(run: ModelRun, read_tps: float, write_tps: float) -> dict[str, float]:
    """The run's token counts at the idle speeds: first token = the prompt's new part read + one token generated;
    answer = that + every token generated + the measured time outside the model. Medians and p95 in seconds over
    every request (the answer target: a user waits for the model whether or not its words stand), and the answer
    median of the requests whose words stood ("kept_p50"); {} without readings or speeds."""
    if not read_tps or not write_tps or not run.readings:
        return {}
    firsts = [r.evaluated / read_tps + 1 / write_tps for _, r, _, _ in run.readings]
    answers = [(r.evaluated / read_tps + r.generated / write_tps + rest / 1000, wrote)
               for _, r, rest, wrote in run.readings]
    every = [seconds for seconds, _ in answers]
    kept = [seconds for seconds, wrote in answers if wrote]
    return {"first_p50": statistics.median(firsts), "first_p95": _p95(firsts),
            "answer_p50": statistics.median(every), "answer_p95": _p95(every),
            "kept_p50": statistics.median(kept) if kept else 0.0}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--backend", default="llamacpp", choices=("llamacpp", "openai_like"))
    parser.add_argument("--model", nargs="+", help="model names under the models folder (settings.llm.model); "
                        "several: each in turn, then a table of them")
    parser.add_argument("--questions", type=Path, default=QUESTIONS)
    parser.add_argument("--doc", default="article", help="the open set's document the store holds")
    parser.add_argument("--limit", type=int, default=12)
    args = parser.parse_args(argv)

    settings = load_settings()
    runs = [r for r in (_run(args, settings, model) for model in (args.model or [settings.llm.model]))
            if r is not None]
    if not runs:
        return 1
    print(summary(runs), flush=True)
    print(f"uptime: {_uptime()}")
    return 0


def summary(runs: list[ModelRun]) -> str:
    """One row per model: measured first token and answer p50/p95 (this machine, this load), the same at the idle
    speeds of assistant.llm.models (the load-independent token counts converted), and issue 10's targets."""
    from assistant.llm.models import MODELS

    lines = ["model                asked  first p50/p95 s  answer p50/p95 s | idle-implied first p50/p95 s  "
             "answer p50/p95 s  (kept: n, answer p50 s)"]
    for run in runs:
        spec = MODELS.get(run.model)
        idle = idle_figures(run, spec.idle_read_tps, spec.idle_write_tps) if spec else {}
        measured = (f"{statistics.median(run.firsts) / 1000:5.2f}/{_p95(run.firsts) / 1000:5.2f}    "
                    f"{statistics.median(run.totals) / 1000:5.2f}/{_p95(run.totals) / 1000:5.2f}") \
            if run.firsts else "    -/-          -/-    "
        implied = (f"{idle['first_p50']:5.2f}/{idle['first_p95']:5.2f}                {idle['answer_p50']:5.2f}/"
                   f"{idle['answer_p95']:5.2f}") if idle else "-"
        kept = f"  (kept: {len(run.kept)}, {statistics.median(run.kept) / 1000:.2f} measured" + (
            f", {idle['kept_p50']:.2f} implied)" if idle else ")") if run.kept else "  (kept: 0)"
        lines.append(f"{run.model:21} {len(run.firsts):5d}  {measured}     | {implied}{kept}")
        target = TARGETS.get(run.model)
        if target and idle:
            what, limit = target
            value = idle[what]
            lines.append(f"  target {TARGET_WORDS[what]} <= {limit:.0f} s: idle-implied {value:.2f} s "
                         f"{'met' if value <= limit else 'NOT met'}")
    return "\n".join(lines)


def _uptime() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f}, {five:.2f}, {fifteen:.2f} on {os.cpu_count()} cores"


def _run(args: argparse.Namespace, settings: Settings, model: str) -> ModelRun | None:
    from assistant.api import Assistant
    from assistant.types import AnswerTimeout

    settings = settings.with_overrides(llm={"mode": args.backend, "model": model})
    llm = settings.llm
    # room for the model's whole llm.timeout_s: it gets at most the request's time left less llm.reserve_s
    assistant = Assistant(settings.with_overrides(answer={"timeout_s": max(settings.answer.timeout_s,
                                                                           llm.timeout_s + llm.reserve_s + 5)}))
    if assistant.generative is None:
        print("no generative backend configured")
        return None
    print(_uptime())
    started = time.perf_counter()
    assistant.generative.prepare("zh")
    print(f"{args.backend} {llm.model if args.backend == 'llamacpp' else llm.api_model}: loaded and system prompt "
          f"evaluated in {time.perf_counter() - started:.1f} s (n_threads {llm.n_threads}, n_ctx {llm.n_ctx})")
    run = ModelRun(model)
    previous = getattr(assistant.generative.generator(), "last", None)
    for q in _questions(args.questions, args.doc, args.limit, llm):
        try:
            answer = assistant.ask(q)
        except AnswerTimeout as exc:  # a figure too: the prompt took longer to read than the request's budget
            print(f"  timeout ({exc}) {q[:30]}", flush=True)
            continue
        generated = answer.backend == args.backend
        if generated:
            run.kept.append(answer.latency_ms)
        # every request that reached the local model (a new Reading), also one overruled or stopped at its
        # deadline: the tokens it read and the speeds are what the latency is made of
        last = getattr(assistant.generative.generator(), "last", None)
        asked = last is not None and last is not previous
        previous = last
        tokens = _tokens(assistant.generative.generator()) if asked else ""
        if asked and last is not None:
            run.firsts.append(answer.first_token_ms)
            run.totals.append(answer.latency_ms)
            rest = max(0.0, answer.latency_ms - last.read_ms - last.decode_ms)
            run.readings.append((answer.kind, copy.copy(last), rest, generated))
        # each row as it comes: on a loaded machine the run takes minutes
        print(f"  {answer.latency_ms / 1000:6.2f} s  first {answer.first_token_ms / 1000:5.2f} s  "
              f"{answer.backend:11} {answer.kind:8} {'ok ' if answer.verified else 'UNV'} "
              f"{answer.resolution or answer.notice[:40]:30} {tokens} {q[:30]}", flush=True)
    if run.firsts:
        print(f"requests to the model: {len(run.firsts)} (its words stood in {len(run.kept)}); first token median "
              f"{statistics.median(run.firsts) / 1000:.2f} s, p95 {_p95(run.firsts) / 1000:.2f} s; whole answer "
              f"median {statistics.median(run.totals) / 1000:.2f} s, p95 {_p95(run.totals) / 1000:.2f} s")
    if run.readings:
        print(by_kind([(kind, r) for kind, r, _, _ in run.readings]))
    print(_uptime())
    return run


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
