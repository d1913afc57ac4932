"""Follow-up probe: where a follow-up is lost, in its resolution or in the lookup after it.

For each follow-up row (a figure question with a non-empty history) of the given question files, three asks
against the row's own document store:

  (a) the follow-up with its history, as the evaluation asks it; the question the engine resolved it to
      (Answer.resolved_question) is kept;
  (b) that resolved question alone, without history: does the figure engine answer it;
  (c) the self-contained question a careful reader would write (eval/questions/followup_selfcontained_dev.jsonl,
      written by hand for DEV rows only), alone.

(c) passes but (b) fails: a resolution loss (the follow-up was resolved into a question the engine cannot
answer, though a reader's wording is answered). (c) fails: a lookup loss, whatever the resolution. Rows with
no hand-written question (validation rows) are only counted, never printed: pass (a), pass (b).

    python -m eval.followup_probe --questions eval/questions/general.jsonl eval/questions/general_dev2.jsonl ...
    python -m eval.followup_probe --split heldout --questions eval/questions/general_heldout2.jsonl ...

Rows of the splits not asked for are skipped (by default heldout and enhold, the held-out halves).
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import replace
from pathlib import Path

from eval.general import DEFAULT_DOCS, document_assistants, group_by_doc
from eval.grader import grade
from eval.questionset import FIGURE_SPLITS, Question, load_files, load_questions

SELF_CONTAINED = Path(__file__).resolve().parent / "questions" / "followup_selfcontained_dev.jsonl"
HELD_OUT_SPLITS = ("heldout", "enhold")


def self_contained(path: Path = SELF_CONTAINED) -> dict[str, str]:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    return {row["id"]: row["question"] for row in rows}


def probe(questions: list[Question], store_root: Path, written: dict[str, str]) -> list[dict[str, object]]:
    rows: list[dict[str, object]] = []
    groups = group_by_doc([q for q in questions if q.history], DEFAULT_DOCS)
    for doc, assistant, _ in document_assistants(groups, DEFAULT_DOCS, store_root, lambda s: None, "probe"):
        for q in groups[doc]:
            with_history = assistant.ask(q.question, q.history_list())
            resolved = with_history.resolved_question or q.question
            alone = assistant.ask(resolved, [])
            row: dict[str, object] = {"id": q.id, "resolved": resolved, "history": grade(q, with_history).passed,
                                      "resolved_alone": grade(q, alone).passed}
            if q.id in written:
                mine = replace(q, question=written[q.id], history=())
                row["written"] = written[q.id]
                row["written_alone"] = grade(mine, assistant.ask(mine.question, [])).passed
            rows.append(row)
    return rows


def summary(rows: list[dict[str, object]]) -> dict[str, int]:
    known = [r for r in rows if "written_alone" in r]
    return {"rows": len(rows), "pass_with_history": sum(bool(r["history"]) for r in rows),
            "pass_resolved_alone": sum(bool(r["resolved_alone"]) for r in rows),
            "with_written": len(known), "pass_written_alone": sum(bool(r["written_alone"]) for r in known),
            "resolution_loss": sum(bool(r["written_alone"]) and not r["resolved_alone"] for r in known),
            "lookup_loss": sum(not r["written_alone"] for r in known)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.followup_probe", description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, nargs="+", required=True)
    parser.add_argument("--split", action="append", choices=FIGURE_SPLITS,
                        help="splits to probe (default: every split but heldout and enhold)")
    parser.add_argument("--store", type=Path, default=None, help="root of the per-document stores")
    parser.add_argument("--json", type=Path, default=None, help="also write the rows (dev rows only) here")
    args = parser.parse_args(argv)
    from assistant.settings import load_settings

    splits = set(args.split or [s for s in FIGURE_SPLITS if s not in HELD_OUT_SPLITS])
    questions = [q for q in load_files(args.questions, load_questions) if q.split in splits or not q.split]
    written = self_contained()
    rows = probe(questions, args.store or load_settings().store.dir / "general", written)
    for row in rows:
        if "written_alone" in row:  # dev rows only: the others are held out and only counted
            marks = "".join("+" if row[k] else "-" for k in ("history", "resolved_alone", "written_alone"))
            print(f"{marks} {row['id']:22s} {row['resolved']}  |  {row['written']}")
    print("(+/- : with history, resolved alone, written alone)")
    print(json.dumps(summary(rows), ensure_ascii=False))
    if args.json:
        args.json.write_text(json.dumps([r for r in rows if "written_alone" in r], ensure_ascii=False, indent=1),
                             encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
