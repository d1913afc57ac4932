"""The operand probe: where a computed question is lost, operand by operand.

`python -m eval operands --questions eval/questions/general_dev2.jsonl …` asks every computed question of the
DEV splits (a held-out row is never asked) and, for every operand its `note` writes ("735.9 ÷ 1.051 = …"),
says at which stage it is lost:

  used          the answer cites the operand's figure
  retrieval     the document states it, no retrieved passage does
  unit          the engine's sub-question asks another unit class than the operand's figure is in
  period / entity / attribute   the sub-question's lookup misses it, and finds it once that slot is dropped
  subset        a 其中 clause holds the operand or the figure taken instead
  lookup        the sub-question (every slot right as far as dropping one tells) ranks another figure first
  sub-found     the sub-question's own lookup finds it: the computation's path lost it (operation or pairing)

and per question: right, operation not recognised (no computation shown), every operand used but the result
wrong (composition or rounding), or an operand lost. A sub-question is what the engine asks for one operand:
a side of the question (assistant.question.split_sides) read with the question's periods, in the unit class
the engine chooses for the sides (the whole question for one-sided operations: growth bases, rates).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eval.general import DEFAULT_DOCS, document_assistants, group_by_doc
from eval.grader import grade
from eval.questionset import Question, load_questions

if TYPE_CHECKING:
    from assistant.answer import FigureAnswerSynthesizer
    from assistant.api import Assistant
    from assistant.candidates import Passage
    from assistant.figures import Figure

HELD_OUT_SPLITS = frozenset({"heldout", "enhold"})
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
# the operation as split_sides names it, for the operations that name their operands as sides
_SIDED = {"sum": "sum", "difference": "difference", "share": "share", "multiple": "multiple", "average": "mean",
          "complement": "complement", "remainder": "remainder"}
STAGES = ("used", "retrieval", "unit", "period", "entity", "attribute", "subset", "lookup", "sub-found")
OUTCOMES = ("right", "operation", "composition", "operand")


@dataclass
class OperandResult:
    number: str
    stage: str
    # the sub-question the engine asks for it: "entity=… attribute=… period=… class=… -> the figure found"
    asked: str = ""


@dataclass
class ProbeResult:
    id: str
    outcome: str
    operation: str
    operands: list[OperandResult] = field(default_factory=list)


def note_operands(note: str) -> list[str]:
    """The numbers the note's arithmetic works on: those left of its last '='."""
    left = note.rsplit("=", 1)[0] if "=" in note else note
    return [m.group().replace(",", "") for m in _NUMBER.finditer(left)]


def _numbers_of(text: str) -> list[float]:
    return [float(m.group().replace(",", "")) for m in _NUMBER.finditer(text)]


def figure_matches(number: str, figure_text: str) -> bool:
    """The note's number as the figure is written (735.9 of 735.9亿元), or a rate as a factor (1.051 or 0.051
    of 5.1%)."""
    value = float(number)
    for written in _numbers_of(figure_text):
        if abs(written - value) <= 1e-9 * max(1.0, abs(value)):
            return True
        rate = "%" in figure_text or "百分" in figure_text
        if rate and any(abs(factor - value) < 1e-9 for factor in (1 + written / 100, 1 - written / 100, written / 100)):
            return True
    return False


def _figures_in(passages: Sequence[Passage], number: str) -> list[tuple[Passage, Figure]]:
    return [(p, f) for p in passages for f in p.figures if figure_matches(number, f.text)]


def _subset_clause(passage: Passage, figure: Figure) -> bool:
    start, _ = passage.span(figure.start, "。；;")
    return "其中" in passage.text[start:figure.start]


class OperandProbe:
    """The probe over one document's assistant."""

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant
        engine = assistant._current().engine
        self.engine = engine
        self.synth: FigureAnswerSynthesizer = engine.synthesizer

    def probe(self, question: Question) -> ProbeResult:
        from llama_index.core.schema import NodeWithScore, QueryBundle

        from assistant.candidates import Passage
        from assistant.question import HINT_SEPARATOR, analyse, read_senses

        answer = self.assistant.ask(question.question, question.history_list())
        numbers = note_operands(question.note)
        engine = self.engine
        asked = answer.resolved_question or question.question
        nodes = engine.retriever.retrieve(QueryBundle(engine.with_hints(asked)))
        nodes += engine.side_nodes(asked, nodes)
        passages = [Passage(hit, rank) for rank, hit in enumerate(nodes)]
        whole = [Passage(NodeWithScore(node=n, score=0.0), i) for i, n in enumerate(engine.all_nodes())]
        q = read_senses(analyse(asked.partition(HINT_SEPARATOR)[0]), [p.text for p in passages[:5]])
        in_text = [n for n in numbers if _figures_in(whole, n) or _figures_in(passages, n)]
        cited = [u.text for u in answer.figures if u.source == "citation"]
        computed = any(u.source == "computation" for u in answer.figures)
        result = ProbeResult(question.id, "", q.operation)
        sides = self._sides(q)
        cls_guess = self._class(q, sides, passages)
        for i, number in enumerate(in_text):
            if any(figure_matches(number, c) for c in cited):
                result.operands.append(OperandResult(number, "used"))
                continue
            located = _figures_in(passages, number)
            if not located:
                result.operands.append(OperandResult(number, "retrieval"))
                continue
            own = [sides[i]] if len(sides) == len(in_text) else sides
            tried = [self._stage(q, side, number, located, cls_guess, passages) for side in own]
            result.operands.append(min(tried, key=lambda r: STAGES.index(r.stage)))
        if grade(question, answer).passed:
            result.outcome = "right"
        elif not computed and q.operation == "lookup":
            result.outcome = "operation"
        elif result.operands and all(o.stage == "used" for o in result.operands):
            result.outcome = "composition"
        else:
            result.outcome = "operand"
        return result

    def _sides(self, q: Any) -> list[str]:
        from assistant.question import split_sides

        name = _SIDED.get(q.operation)
        return split_sides(q.text, name) if name else [q.text]

    def _class(self, q: Any, sides: list[str], passages: list[Passage]) -> str:
        """The unit class the engine looks the sides up in, as its computation does (answer.py): a share's
        and a multiple's sides are in the class their own words name, never the percent or 倍 of the result."""
        from assistant.candidates import ATTRIBUTE_CLASSES
        from assistant.question import analyse

        if len(sides) < 2:
            return str(q.unit_class)
        rates = any(ATTRIBUTE_CLASSES.get(a) == "percent" for side in sides for a in analyse(side).attributes)
        if q.operation in {"share", "multiple"}:
            if q.operation == "multiple" and rates:
                return "percent"
            return str(self.synth._operand_class(replace(q, unit_class=""), sides, passages))
        if q.operation == "difference" and q.unit_class == "percent":
            return "percent"
        return str(q.unit_class or self.synth._operand_class(q, sides, passages))

    def _stage(self, q: Any, side: str, number: str, located: list[tuple[Passage, Figure]], cls_guess: str,
               passages: list[Passage]) -> OperandResult:
        """The first stage at which the sub-question for `side` misses the operand `number`, with the
        sub-question."""
        from assistant.candidates import ATTRIBUTE_CLASSES
        from assistant.question import analyse, read_senses

        true_cls = located[0][1].unit_class
        if len(self._sides(q)) > 1 and cls_guess and cls_guess != true_cls:
            return OperandResult(number, "unit", f"side={side} class={cls_guess} (the figure's: {true_cls})")
        texts = [p.text for p in passages[:5]]
        periods = [f for f in q.figures if f.unit_class in {"year", "date", "time"}]
        sub = read_senses(analyse(side), texts) if side != q.text else q
        if side != q.text:
            sub = replace(sub, figures=[*sub.figures, *(f for f in periods if f.text not in side)])
        attrs = [a for a in sub.attributes if ATTRIBUTE_CLASSES.get(a, true_cls) == true_cls]
        entity = [t for t in sub.terms if t not in attrs and t not in ATTRIBUTE_CLASSES]

        def finds(**kw: Any) -> Any:
            args: dict[str, Any] = {"attributes": attrs, "entity_terms": entity, "figures": None}
            args.update(kw)
            found = self.synth._lookup(sub, passages, true_cls, args["attributes"],
                                       entity_terms=args["entity_terms"], figures=args["figures"])
            return found

        found = finds()
        period = "/".join(f.text for f in sub.figures if f.unit_class in {"year", "date", "time"})
        asked = (f"entity={'/'.join(entity)} attribute={'/'.join(attrs)} period={period} class={true_cls} -> "
                 f"{found.figure.text if found is not None else 'nothing'}")
        if found is not None and figure_matches(number, found.figure.text):
            return OperandResult(number, "sub-found", asked)
        if any(_subset_clause(p, f) for p, f in located) or (
                found is not None and _subset_clause(found.passage, found.figure)):
            return OperandResult(number, "subset", asked)
        dropped_slots: tuple[tuple[str, dict[str, Any]], ...] = (
            ("period", {"figures": []}), ("entity", {"entity_terms": []}), ("attribute", {"attributes": []}))
        for stage, kw in dropped_slots:
            dropped = finds(**kw)
            if dropped is not None and figure_matches(number, dropped.figure.text):
                return OperandResult(number, stage, asked)
        return OperandResult(number, "lookup", asked)


def probe_questions(questions: Sequence[Question], docs_dir: Path, store_root: Path,
                    held_out: bool = False) -> list[ProbeResult]:
    """The probe over the computed questions of dev splits; held-out rows too only when `held_out` (whose
    results are then printed as counts only)."""
    computed = [q for q in questions if q.kind == "computed" and (held_out or q.split not in HELD_OUT_SPLITS)]
    results: list[ProbeResult] = []
    for doc, assistant, _ in document_assistants(group_by_doc(computed, docs_dir), docs_dir, store_root,
                                                 label="operands"):
        results += [OperandProbe(assistant).probe(q) for q in computed if q.doc == doc]
    return results


def probe_text(results: Sequence[ProbeResult], files: Sequence[Path] = (), counts_only: bool = False) -> str:
    outcomes = Counter(r.outcome for r in results)
    stages = Counter(o.stage for r in results for o in r.operands)
    lost = Counter(o.stage for r in results if r.outcome != "right" for o in r.operands)
    lines = [f"computed questions: {len(results)}"]
    lines += [f"  {name:<12} {outcomes.get(name, 0)}" for name in OUTCOMES]
    lines.append(f"operands: {sum(stages.values())} (in wrong answers: {sum(lost.values())})")
    # the operands of questions whose operation was read (outcome "operand"): those of a question read as a
    # lookup were sought by the whole question, which asks for none of them
    sided = Counter(o.stage for r in results if r.outcome == "operand" for o in r.operands)
    lines += [f"  {name:<12} {stages.get(name, 0):>4}   in wrong answers {lost.get(name, 0):>4}"
              f"   with the operation read {sided.get(name, 0):>4}" for name in STAGES]
    classes = Counter((r.operation, *m.group(1, 2)) for r in results for o in r.operands if o.stage == "unit"
                      and (m := re.search(r"class=(\S*) \(the figure's: (\S*)\)", o.asked)))
    lines += [f"  unit: {operation} sides asked in {asked or '-'}, the operand is {true or '-'}: {n}"
              for (operation, asked, true), n in sorted(classes.items())]
    if counts_only:  # validation and held-out runs: no question, id, figure or sub-question
        return "\n".join(lines)
    lines.append("per question: id outcome operation operand:stage (an operand not used: its sub-question)")
    for r in results:
        lines.append(f"  {r.id} {r.outcome} {r.operation} " + " ".join(f"{o.number}:{o.stage}" for o in r.operands))
        lines += [f"      {o.number}: {o.asked}" for o in r.operands if o.asked and r.outcome != "right"]
    return "\n".join(lines)


def run(question_files: Sequence[Path], docs_dir: Path = DEFAULT_DOCS, store_root: Path | None = None,
        counts_only: bool = False) -> str:
    """The probe's text; `counts_only` asks held-out rows too and prints counts alone."""
    from assistant.settings import load_settings

    root = store_root or load_settings().store.dir / "general"
    questions = [q for path in question_files for q in load_questions(path)]
    return probe_text(probe_questions(questions, docs_dir, root, held_out=counts_only), counts_only=counts_only)
