"""The local model's prompt in tokens, per question and per kind, counted without running the model (issue 10).

    python -m eval.prompt_tokens [--questions eval/questions/open.jsonl ...] [--model NAME]
                                 [--read-speed TOKENS_S] [--decode-speed TOKENS_S]

Every question of the open sets is asked on its document's store as `python -m eval open --backend llamacpp`
would, but the backend is a tokenizer-only counter (assistant.llm.llamacpp.TokenCounter: the GGUF's vocabulary,
no weights): each prompt the model would read is tokenized and recorded, nothing is generated. Token counts do
not depend on the machine's load; seconds do, so they are given as tokens / speed for the speeds passed
(llama.cpp's own prompt-read and generation speeds, which `python -m assistant.llm.bench` prints).
Prints per kind: questions sent to the model, prompt tokens (median, p95), the part read anew per question (the
prompt less what the model's state keeps: the prefix shared with the request before it, or a saved fixed prefix;
ASSISTANT_LLM__PREFIX_STATES=0 counts without saved prefixes), the generation bound, and the implied seconds to
the first token and (at most) to the whole answer. Asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
from pathlib import Path

from eval.metrics import percentile
from eval.open import DEFAULT_QUESTIONS, run_open
from eval.questionset import load_open_questions

EVAL_DIR = Path(__file__).resolve().parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--questions", type=Path, nargs="+", default=[DEFAULT_QUESTIONS])
    parser.add_argument("--model", help="settings.llm.model (the tokenizer is the model's own)")
    parser.add_argument("--docs", type=Path, default=EVAL_DIR / "general")
    parser.add_argument("--store", type=Path, default=Path("storage/general"))
    parser.add_argument("--article-store", type=Path, default=Path("storage"))
    parser.add_argument("--read-speed", type=float, default=0.0, help="prompt tokens read a second")
    parser.add_argument("--decode-speed", type=float, default=0.0, help="tokens generated a second")
    args = parser.parse_args(argv)

    os.environ["ASSISTANT_LLM__MODE"] = "llamacpp"  # every assistant the run opens routes open kinds to the model
    if args.model:
        os.environ["ASSISTANT_LLM__MODEL"] = args.model
    from assistant.llm.llamacpp import TokenCounter
    from assistant.llm.prompts import fixed_prefix_messages, languages
    from assistant.llm.synth import install
    from assistant.settings import load_settings

    llm = load_settings().llm
    counter = TokenCounter(llm)
    for lang in [*(o for o in languages() if o != "zh"), "zh"]:  # as GenerativeSynthesizer.prepare("zh") does
        counter.warm(fixed_prefix_messages(lang))
    install("llamacpp", llm, counter)

    rows: list[tuple[str, int, int, int]] = []  # (kind.lang, prompt tokens, tokens kept from before, generation bound)
    for path in args.questions:
        questions = load_open_questions(path)
        start = len(counter.requests)
        outcomes, _ = run_open(questions, args.docs, args.store, args.article_store, say=lambda _: None)
        requests = counter.requests[start:]
        for o in outcomes:  # a question reaches the model at most once; its prompt holds the question it asked
            asked = o.answer.question if o.answer is not None else o.question.question
            found = next((r for r in requests if asked in r[0]), None)
            if found is not None and o.answer is not None:
                rows.append((f"{o.answer.kind}.{o.answer.lang}", found[1], found[2], found[3]))
        print(f"{path.name}: {len(questions)} questions, {len(requests)} sent to the model", file=sys.stderr)
    print(table(rows, counter.shared, args.read_speed, args.decode_speed))
    return 0


def table(rows: list[tuple[str, int, int, int]], shared: list[int], read_speed: float, decode_speed: float) -> str:
    """Per kind, and per kind and language (rows' kinds are "kind.lang"): prompt tokens, the part read anew (the
    prompt less what the model's state kept from before: the last request's prefix or a saved fixed prefix, per
    row), the generation bound, and the seconds they imply."""
    lines = [f"fixed prefixes (their state kept between questions): {', '.join(map(str, shared)) or 'none'} tokens",
             "kind          n  prompt p50  p95  read anew p50  p95  gen. bound  first token s (p50/p95)  answer s <="]
    groups = sorted({r[0] for r in rows} | {r[0].split(".")[0] for r in rows})
    for kind in [*groups, "all"] if rows else []:
        chosen = [r for r in rows if kind in ("all", r[0], r[0].split(".")[0])]
        prompts = [float(r[1]) for r in chosen]
        anew = [float(r[1] - r[2]) for r in chosen]
        bound = max(r[3] for r in chosen)
        first = (f"{statistics.median(anew) / read_speed:5.1f}/{percentile(anew, 95) / read_speed:5.1f}"
                 if read_speed else "    -")
        whole = f"{percentile(anew, 95) / read_speed + bound / decode_speed:5.1f}" \
            if read_speed and decode_speed else "  -"
        lines.append(f"{kind:12} {len(chosen):3d}  {statistics.median(prompts):6.0f} {percentile(prompts, 95):5.0f}"
                     f"  {statistics.median(anew):9.0f} {percentile(anew, 95):5.0f}  {bound:9d}  {first:>22}"
                     f"  {whole:>9}")
    return "\n".join(lines)


if __name__ == "__main__":
    raise SystemExit(main())
