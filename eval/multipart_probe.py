"""Where multi-part questions are lost, stage by stage, read from a report (issue 8 class 2, issue 9 multi-part).

    python -m eval.multipart_probe REPORT.json [REPORT.json ...] [--counts-only] [--ask]

REPORT.json is written by `python -m eval open` (its multipart rows) or `python -m eval general` (its rows whose
question asks two or more things, as the product's own split reads it, or whose row expects two or more figures).
For each such row the first stage that fails:
  split      the product splits the question into fewer parts than the row expects items (`must` groups of an
             open row, `expected` figures of a figure row);
  refused    the whole answer is a refusal;
  part       some part is answered by the product's "part missing" sentence (compose.missing_part);
  item       every part is answered but some expected item or figure is not in the answer (the grader's own
             "missing" / "expected figure(s) not stated" reasons);
  other      every item is stated, the grade fails on something else (citation, evidence, length, lead);
  pass       the row passes (whatever the counts above: one statement may answer two parts).
Parts are routed without the corpus statistics (route.routed(part)), so no part is declined as off-topic here.
Beside it, part-level counts: parts read, the kind each part routes to, parts answered, items present.
With --ask, each part of every failing row is asked again on its own through ask() (the parts before it as the
conversation, as the product asks a later part): counts of parts answered, refusal reason codes
(assistant/refusals.py) and expected items stated; it tells a part no asking answers from one the joined question
loses.
Rows of held-out splits are never printed one by one; `--counts-only` prints no row at all (how the probe is run
on the validation reports: counts per stage, never questions, answers, figures or ids).
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

STAGES = ("split", "refused", "part", "item", "other", "pass")
# splits whose rows may be printed one by one (development documents)
DOCS = Path(__file__).resolve().parent / "general"
PRINTABLE = frozenset({"dev", "dev2", "dev3", "dev5", "dev6", "endev"})
_MISSING_OPEN = re.compile(r"^missing: ")
_MISSING_FIGURES = re.compile(r"^expected figure\(s\) not stated: (?P<figures>.*)$")


@dataclass(frozen=True)
class Probed:
    """One multi-part row as the probe reads it."""

    source: str  # "open" or "general"
    kind: str  # the row's kind (multipart, lookup, computed, …)
    split: str
    parts: list[str]  # the parts the product reads
    part_kinds: list[str]  # the kind each part routes to
    expected: int  # items the row expects (must groups or expected figures)
    answered: int  # parts not answered by a "part missing" sentence
    present: int  # expected items the answer states
    refused: bool
    passed: bool
    stage: str
    text: str  # the question (printed for development rows only)


def product_parts(question: str) -> list[str]:
    """The parts the product answers a question in: the sentence parts of route.parts (after "each" is written
    out for each earlier part, route.distributed), else the figure engine's own clause parts
    (question.question_parts), else the named items of an "each" question (A和B分别是多少), else the question."""
    from assistant.instructions import factual_part
    from assistant.question import analyse, detect_lang, question_parts, split_sides
    from assistant.route import distributed, parts

    spread = distributed(question)
    pieces = parts(factual_part(spread) or spread)
    if len(pieces) > 1:
        return pieces
    text = factual_part(question) or question
    if detect_lang(text) != "zh":
        return [question]
    clause_parts = question_parts(text)
    if len(clause_parts) > 1:
        return [asked for asked, _ in clause_parts]
    if analyse(text).operation == "each":
        sides = split_sides(text, "each")
        if len(sides) > 1:
            return sides
    return [question]


def _answered(parts: list[str], answer_text: str) -> int:
    from assistant.compose import missing_part
    from assistant.question import detect_lang

    lang = detect_lang(" ".join(parts))
    plain = re.sub(r"\[\d+\]", "", answer_text)
    return sum(missing_part(p, lang) not in plain for p in parts)


def _present(source: str, expected: int, reasons: list[str]) -> int:
    """Expected items the answer states, read from the grader's own reasons."""
    if source == "open":
        return expected - sum(bool(_MISSING_OPEN.match(r)) for r in reasons)
    missing = next((m.group("figures") for m in map(_MISSING_FIGURES.match, reasons) if m), "")
    return expected - (len(missing.split(", ")) if missing else 0)


def stage_of(p: Probed) -> str:
    if p.passed:
        return "pass"
    if len(p.parts) < p.expected:
        return "split"
    if p.refused:
        return "refused"
    if p.answered < len(p.parts):
        return "part"
    if p.present < p.expected:
        return "item"
    return "pass" if p.passed else "other"


def probed_rows(report: dict[str, Any]) -> list[Probed]:
    """The multi-part rows of a report (see the module docstring), each read stage by stage."""
    from assistant.route import routed

    source = "open" if any("lang" in it for it in report["items"]) else "general"
    rows = []
    for it in report["items"]:
        a = it["assistant"]
        if not isinstance(a, dict):
            continue
        if source == "open" and (it["kind"] != "multipart" or it.get("expect") != "answer"):
            continue
        if source == "general" and it["kind"] == "unanswerable":
            continue
        expected = len(it["must"]) if source == "open" else len(it["expected"])
        parts = product_parts(it["question"])
        if source == "general" and len(parts) < 2 and expected < 2:
            continue
        reasons = list(a.get("reasons", []))
        answer_text = str(a.get("answer", ""))
        refused = not a.get("answerable", False)
        draft = Probed(source, it["kind"], str(it.get("split", "")), parts,
                       [routed(part).kind for part in parts], expected,
                       0 if refused else _answered(parts, answer_text),
                       _present(source, expected, reasons), refused, bool(a["passed"]), "", it["question"])
        rows.append(Probed(**{**draft.__dict__, "stage": stage_of(draft)}))
    return rows


def tally(rows: Sequence[Probed]) -> dict[str, Counter[str]]:
    """Per source:kind, the rows at each first-failing stage and the part-level counts."""
    out: dict[str, Counter[str]] = {}
    for r in rows:
        t = out.setdefault(f"{r.source}:{r.kind}", Counter())
        t["rows"] += 1
        t[f"stage:{r.stage}"] += 1
        t["parts"] += len(r.parts)
        t["expected items"] += r.expected
        t["parts answered"] += r.answered
        t["items present"] += r.present
        t["parts<items"] += len(r.parts) < r.expected
        t["parts>items"] += len(r.parts) > r.expected
        for k in r.part_kinds:
            t[f"part kind:{k}"] += 1
    return out


def asked_parts(report: dict[str, Any], rows: Sequence[Probed], store_root: Path, article_store: Path) -> Counter[str]:
    """Each part of every failing row asked on its own through ask(), the parts before it as the conversation
    (as the product asks a later part): per part, answered or the refusal's reason code, and whether the item
    the row expects of it (same position) is stated asked alone and in the joined answer ("item alone/-": stated
    alone, not joined). Counts only."""
    from eval.general import assistants_with_article
    from eval.open_grader import find_any, plain

    by_text = {it["question"]: it for it in report["items"]}
    failing = [r for r in rows if r.stage != "pass" and r.text in by_text]
    docs: dict[str, list[Probed]] = {}
    for r in failing:
        docs.setdefault(by_text[r.text]["doc"], []).append(r)
    counts: Counter[str] = Counter()
    for doc, assistant in assistants_with_article(docs, DOCS, store_root, article_store, lambda _: None):
        for r in docs[doc]:
            item = by_text[r.text]
            groups = [tuple(g) for g in item["must"]] if r.source == "open" else [(e,) for e in item["expected"]]
            history: list[tuple[str, str]] = []
            for i, part in enumerate(r.parts):
                a = assistant.ask(part, history)
                history.append((part, a.text))
                counts["parts asked"] += 1
                counts["part answered" if a.answerable else f"part refused:{a.refusal.split(':')[0]}"] += 1
                if i < len(groups):
                    alone = find_any(plain(a.text), groups[i]) is not None
                    joined = find_any(plain(str(item["assistant"].get("answer", ""))), groups[i]) is not None
                    # where the item is lost: by the joined question only (the multi-part handling), or by
                    # the part asked alone too (the figure engine's reading of that part)
                    counts[f"item {'alone' if alone else '-'}/{'joined' if joined else '-'}"] += 1
    return counts


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.multipart_probe", description=__doc__.splitlines()[0])
    parser.add_argument("reports", nargs="+", type=Path)
    parser.add_argument("--ask", action="store_true",
                        help="ask each part of every failing row on its own (stores under --store) and count how")
    parser.add_argument("--store", type=Path, default=Path("storage/general"))
    parser.add_argument("--article-store", type=Path, default=Path("storage"))
    parser.add_argument("--counts-only", action="store_true",
                        help="print stage counts only, no row (for the validation and held-out reports)")
    args = parser.parse_args(argv)
    reports = [json.loads(path.read_text(encoding="utf-8")) for path in args.reports]
    rows = [r for report in reports for r in probed_rows(report)]
    if not args.counts_only:
        for r in rows:
            if r.split in PRINTABLE:
                print(f"{r.stage:7s} {r.source}:{r.kind} parts={len(r.parts)}({','.join(r.part_kinds)}) "
                      f"expected={r.expected} answered={r.answered} present={r.present}\t{r.text}")
    for name, t in sorted(tally(rows).items()):
        stages = ", ".join(f"{s} {t[f'stage:{s}']}" for s in STAGES)
        kinds = ", ".join(f"{k.split(':', 1)[1]} {v}" for k, v in sorted(t.items()) if k.startswith("part kind:"))
        print(f"{name}: rows {t['rows']}; first failing stage: {stages}")
        print(f"  parts {t['parts']} (fewer than items in {t['parts<items']} rows, more in {t['parts>items']}); "
              f"answered {t['parts answered']}; items present {t['items present']}/{t['expected items']}; "
              f"part kinds: {kinds}")
    if args.ask:
        asked: Counter[str] = Counter()
        for report in reports:
            asked.update(asked_parts(report, probed_rows(report), args.store, args.article_store))
        print("failing rows, each part asked alone: " + ", ".join(f"{k} {v}" for k, v in sorted(asked.items())))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
