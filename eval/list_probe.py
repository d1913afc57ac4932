"""Where a list (or summary) answer of an open-question report fails, stage by stage (issue 9).

    python -m eval.list_probe /tmp/dev/report-open.json [--kind list] [--verbose]

Reads a report written by `python -m eval open` and the documents it was asked on; for each DEV question of
the kind asked (held-out rows are skipped: their failures are not to be read), the first stage that fails:
  routed      the answer did not come from the list approach (Answer.kind);
  in_doc      some expected item (a `must` group) is nowhere in the document (worded otherwise: the set's
              alternatives do not occur; such a question cannot be answered by quoting);
  chosen      the cited passages do not hold every expected item: the enumeration holding them was not
              chosen (or only part of it; `spread` tells how many sentences of the document hold the items);
  cut         the cited passages hold every item but the answer text lacks some: items cut or dropped;
  other       every item is stated, the answer fails on something else (a forbidden item, length, lead);
  pass.
Counts per stage are printed per question file's split and in total; --verbose prints one line per question.

eval/list_probe_questions.jsonl holds 38 list questions invented (session 19) over dev documents, many over
documents no open question was written on (suzhouq1.txt, nationh1.txt): a list approach meets them as it
meets a new document. Ask them and probe:
    python -m eval open --questions eval/list_probe_questions.jsonl --out /tmp/probe
    python -m eval.list_probe /tmp/probe/report-open.json --verbose
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from eval.open_grader import find_any, plain
from eval.questionset import ARTICLE_DOC

EVAL_DIR = Path(__file__).resolve().parent
DOCS = EVAL_DIR / "general"
ARTICLE = EVAL_DIR.parent / "corpus"
SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
STAGES = ("routed", "in_doc", "chosen", "cut", "other", "pass")


def document_text(doc: str) -> str:
    if doc == ARTICLE_DOC:
        return "\n".join(p.read_text(encoding="utf-8") for p in sorted(ARTICLE.glob("*.txt")))
    return (DOCS / doc).read_text(encoding="utf-8")


def spread(groups: list[tuple[str, ...]], text: str) -> int:
    """How many of the document's sentences it takes to hold every group (each group counted in the first
    sentence holding it): 1 for an enumeration in one sentence."""
    holders = set()
    sentences = [m.group() for m in SENTENCE.finditer(plain(text))]
    for group in groups:
        at = next((k for k, s in enumerate(sentences) if find_any(s, group) is not None), None)
        if at is not None:
            holders.add(at)
    return len(holders)


def stage(item: dict[str, Any], kind: str, text: str) -> tuple[str, int]:
    got = item["assistant"]
    groups = [tuple(g) for g in item["must"]]
    wide = spread(groups, text)
    if got.get("passed"):
        return "pass", wide
    if got.get("routed_kind") != kind:
        return "routed", wide
    doc = plain(text)
    if any(find_any(doc, g) is None for g in groups):
        return "in_doc", wide
    cited = plain("\n".join(c["passage"] for c in got.get("citations", [])))
    if any(find_any(cited, g) is None for g in groups):
        return "chosen", wide
    answer = plain(got.get("answer", ""))
    if any(find_any(answer, g) is None for g in groups):
        return "cut", wide
    return "other", wide


def probe(report: dict[str, Any], kind: str, verbose: bool) -> Counter[tuple[str, str]]:
    counts: Counter[tuple[str, str]] = Counter()
    texts: dict[str, str] = {}
    for item in report["items"]:
        if item["kind"] != kind or item["split"] != "dev":
            continue
        if item["doc"] not in texts:
            texts[item["doc"]] = document_text(item["doc"])
        found, wide = stage(item, kind, texts[item["doc"]])
        counts[(item["doc"], found)] += 1
        counts[("all", found)] += 1
        if verbose:
            print(f"{found:7} spread={wide:<2} {item['id']:22} {item['question'][:50]}")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--kind", default="list")
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args()
    counts = probe(json.loads(args.report.read_text(encoding="utf-8")), args.kind, args.verbose)
    docs = [*sorted({d for d, _ in counts if d != "all"}), "all"]
    print(f"{'document':16}" + "".join(f"{s:>8}" for s in STAGES))
    for doc in docs:
        print(f"{doc:16}" + "".join(f"{counts[(doc, s)]:>8}" for s in STAGES))


if __name__ == "__main__":
    main()
