"""The stage probe of computed questions, read from an eval report: where each one is lost BEFORE or BESIDE
operand lookup, without asking the engine again.

`python -m eval compute-stages --report DIR/report-general.json --questions FILES… [--counts-only]` reads
every computed row of the report and its question (the `note` writes the expected arithmetic, e.g.
"735.9 ÷ 1.051 = 700.19亿元") and puts it at the first stage it fails:

  right         the grader passed it
  refused       the answer refused (counted per refusal reason code)
  not-routed    the question's analysis (assistant.question.analyse) reads no operation: asked as a lookup,
                and the answer shows no computation
  no-working    an operation was read, the answer shows no computation (a stated figure was given instead)
  wrong-op      a computation is shown, of another kind than the note's (e.g. a sum where a share was asked)
  operands      the note's operands are not all cited (counted by how many were: some / none)
  arithmetic    every operand cited, the computed result off by more than the rounding tolerance
  rounding      the result within ROUNDING_SLACK of the expected one, outside the grader's tolerance
  grading       the expected figure is stated; the grader failed it for another reason (evidence, length …)

Besides the stages it counts the operation the note asks (its arithmetic's shape: back-calculation, share
or ratio, difference, points, sum, average, multiple …) against the one the analysis reads. `--counts-only`
prints counts and nothing else (no question, answer, figure or id): the only form to run on VALIDATION or
held-out reports. Without it, each lost row of a DEV split is listed too (held-out rows never are).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.operands import HELD_OUT_SPLITS, figure_matches, note_operands
from eval.questionset import Question, load_questions

STAGES = ("right", "refused", "not-routed", "no-working", "wrong-op", "operands", "arithmetic", "rounding",
          "grading")
# a result this close (relative) to the expected one is a rounding or display miss, not an arithmetic one
ROUNDING_SLACK = 0.02
_NUMBER = re.compile(r"-?\d+(?:,\d{3})*(?:\.\d+)?")
# the analysis' operation names (assistant.question) grouped as the note's arithmetic shows them
_FAMILY = {"growth_base": "back-calculation", "share": "share/ratio", "ratio": "share/ratio",
           "multiple": "multiple", "difference": "difference", "remainder": "difference",
           "complement": "difference", "sum": "sum", "average": "average", "lookup": "none"}
# families one working may show for another: a gap of rates is a difference in points, a ratio in 倍 or %
_ALIKE = ({"difference", "points"}, {"share/ratio", "multiple", "per-unit"})


def _alike(family: str) -> set[str]:
    return next((group for group in _ALIKE if family in group), {family})


@dataclass
class StageResult:
    id: str
    split: str
    stage: str
    detail: str  # the refusal code, or how many operands were cited ("some", "none")
    asked: str  # the note's operation family
    read: str  # the analysis' operation family


def note_family(note: str, expected: Sequence[str]) -> str:
    """The kind of arithmetic a note writes: its operators and the expected figure's unit."""
    left = note.rsplit("=", 1)[0] if "=" in note else note
    result = " ".join(expected)
    if "倍" in result and "÷" in left:
        return "multiple"
    if "÷" in left:
        divisor = left.rsplit("÷", 1)[1]
        numbers = _NUMBER.findall(divisor)
        if "−" in left.split("÷")[0] and "(" in left:
            return "growth-rate"  # (new − old) ÷ old
        growth_factor = re.match(r"\s*\(?\s*1\s*[+−-]", divisor) is not None  # ÷ (1 + 5.1%)
        if growth_factor or (numbers and re.fullmatch(r"[01]\.\d+", numbers[0].replace(",", "")) and "%" not in result):
            return "back-calculation"  # X ÷ 1.051
        if "+" in left.split("÷")[0] and numbers and float(numbers[0].replace(",", "")).is_integer():
            return "average"  # (a + b + c) ÷ 3
        if "%" in result:
            return "share/ratio"
        return "per-unit"  # a ÷ b in a unit of its own (元/人, 千瓦时/艘次)
    if "×" in left:
        return "product"
    if "个百分点" in result and ("−" in left or "-" in left):
        return "points"
    if "−" in left or re.search(r"\d\s-\s\d", left):
        return "difference"
    if "+" in left:
        return "sum"
    return "other"


def _computed(row: dict[str, Any]) -> list[dict[str, Any]]:
    return [f for f in row.get("figures", []) if f.get("source") == "computation"]


def _value(text: str) -> float | None:
    from assistant.figures import parse_figures

    figures = parse_figures(text)
    return figures[0].value if figures else None


def _result_close(computed: list[dict[str, Any]], expected: Sequence[str]) -> tuple[bool, bool]:
    """(exact within 1e-6 relative, within ROUNDING_SLACK) of the computed result against the expected."""
    wants = [v for v in map(_value, expected) if v is not None]
    gots = [v for v in (_value(f["text"]) for f in computed) if v is not None]
    exact = close = False
    for want in wants:
        for got in gots:
            gap = abs(got - want) / max(abs(want), 1e-12)
            exact = exact or gap < 1e-6
            close = close or gap <= ROUNDING_SLACK
    return exact, close


def stage_of(question: Question, row: dict[str, Any]) -> StageResult:
    """The first stage the report row of a computed question fails at."""
    from assistant.question import analyse

    answer = row["assistant"]
    asked = note_family(question.note, question.expected)
    read = _FAMILY.get(analyse(question.question).operation, "other")

    def result(stage: str, detail: str = "") -> StageResult:
        return StageResult(question.id, question.split, stage, detail, asked, read)

    if answer.get("passed"):
        return result("right")
    if answer.get("refusal") or answer.get("answerable") is False:
        return result("refused", str(answer.get("refusal") or "unstated").split(":")[0])
    computed = _computed(answer)
    if not computed:
        return result("not-routed" if read == "none" else "no-working")
    # the working as shown ("a ÷ b = c%") read as the note is
    shown = {note_family(str(f.get("span") or f["text"]), [str(f.get("span") or f["text"]).rsplit("=", 1)[-1]])
             for f in computed}
    if not shown & _alike(asked):
        return result("wrong-op")
    operands = note_operands(question.note)
    cited = [f["text"] for f in answer.get("figures", []) if f.get("source") == "citation"]
    used = [n for n in operands if any(figure_matches(n, c) for c in cited)]
    # constants of the arithmetic (÷ 2, 100% −, 1 + …) are no figures a document states
    stated = [n for n in operands if not _constant(n, question.note)]
    if stated and len([n for n in used if n in stated]) < len(stated):
        return result("operands", "some" if used else "none")
    exact, close = _result_close(computed, question.expected)
    if exact:
        return result("grading")
    return result("rounding" if close else "arithmetic")


def _constant(number: str, note: str) -> bool:
    """A number of the note that is arithmetic, not a stated figure: 1 or 100 of "1 + 270%", "100% −",
    a small integer divisor of a mean (÷ 4), a growth factor (÷ 1.051) built from a rate."""
    value = float(number)
    if value in (1.0, 100.0):
        return True
    if re.search(r"÷\s*" + re.escape(number) + r"(?!\.?\d)", note):
        if value.is_integer() and value <= 12:
            return True
        if 0 < value < 2 and "." in number:
            return True  # 1.051 is 1 + 5.1%: the rate is the cited figure (figure_matches reads it)
    return False


def read_stages(report: dict[str, Any], questions: Iterable[Question]) -> list[StageResult]:
    by_id = {q.id: q for q in questions}
    results = []
    for row in report["items"]:
        question = by_id.get(row["id"])
        if row.get("kind") != "computed" or question is None:
            continue
        results.append(stage_of(question, row))
    return results


def stages_text(results: Sequence[StageResult], counts_only: bool = True) -> str:
    stages = Counter(r.stage for r in results)
    lines = [f"computed questions: {len(results)}"]
    for name in STAGES:
        lines.append(f"  {name:<12} {stages.get(name, 0):>4}")
        details = Counter(r.detail for r in results if r.stage == name and r.detail)
        lines += [f"      {d:<22} {n:>4}" for d, n in sorted(details.items(), key=lambda kv: -kv[1])]
    lines.append("stage by whether the analysis reads an operation: read / not read")
    lines += [f"  {name:<12} {sum(1 for r in results if r.stage == name and r.read != 'none'):>4} / "
              f"{sum(1 for r in results if r.stage == name and r.read == 'none'):>4}" for name in STAGES]
    lines.append("operation asked (note) -> read (analysis): total / right")
    pairs = Counter((r.asked, r.read) for r in results)
    right = Counter((r.asked, r.read) for r in results if r.stage == "right")
    lines += [f"  {a:<17} -> {b:<17} {n:>4} / {right.get((a, b), 0)}"
              for (a, b), n in sorted(pairs.items(), key=lambda kv: -kv[1])]
    if not counts_only:
        lines.append("per question (dev rows only): id stage detail asked read")
        lines += [f"  {r.id} {r.stage} {r.detail} {r.asked} {r.read}" for r in results
                  if r.stage != "right" and r.split not in HELD_OUT_SPLITS]
    return "\n".join(lines)


def run(report_path: Path, question_files: Sequence[Path], counts_only: bool = True) -> str:
    report = json.loads(report_path.read_text(encoding="utf-8"))
    questions = [q for path in question_files for q in load_questions(path)]
    return stages_text(read_stages(report, questions), counts_only)
