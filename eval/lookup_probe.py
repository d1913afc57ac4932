"""The lookup probe: at which stage an eval report's lookups (and unanswerable questions) are won or lost.

    python -m eval lookup_probe REPORT.json [--counts-only [--held-out]] [--kinds lookup unanswerable]

REPORT.json is a general report (python -m eval general … --out DIR writes DIR/report-general.json). Each row of
the kinds asked is asked again through ask() on its document's store, with a recorder on the figure engine's
candidate lists, and put at the FIRST stage that holds:

  right             the row passed
  not-in-text       the expected figure is nowhere in the document, neither as the number parser reads it nor
                    written as the expected number (the question's figure is a computation, or the file's)
  text-unit         the number is written in the document but the parser reads it in another unit or class
  chunks            the document states it, its cleaned chunks (the store's passages) do not
  retrieval         a chunk states it, no passage retrieved for the question does
  not-scored        a retrieved passage states it and the figure engine scored no candidate list at all (the
                    question went to a quoted sentence, an open approach or a refusal before any lookup), with the
                    kind the question was routed as and the refusal's code (or "answered")
  candidates:class  a retrieved passage states it, no candidate list holds it, and its unit class is not the
                    one the question asks
  candidates        as above, in the class asked (a filter or the label reading dropped it)
  refused:<code>    it is a candidate (rank printed with items) and the answer refuses (the refusal's code)
  outranked         it is a candidate and the answer states another figure instead
  composition       the answer states it and fails on another count (evidence, conciseness, another figure)

Below the stages, "why" counts: for refused:bar_key_name, where the document writes the missing key word
(absent-doc, in-opening, in-doc:1 / 2-4 / 5+, rule); for refused:bar_period, where it states the asked period
(in-context, before-passage, elsewhere, absent, not-period); for candidates stages, the filter that dropped the
figure (class:asked->written, bound, group-bound, condition, counter, lookup:<multiple|single>:<a list | no list
of its class>). The same for unanswerable rows refused by those bars (the best figure of the last list).
Validation (held-out 2-5) at gate21: the key word refused answerable and unanswerable rows alike (in-doc 7 vs
9, absent 2 vs 3), so the bar cannot be loosened on where the word stands.

An unanswerable row is "right:<code>" when refused (the refusal's code), else "answered:<path>": computed
(a figure the answer computed), lookup (a figure cited) or quoted (a sentence with no figure).

Rows of the held-out splits (heldout, enhold: the validation files' rows among them) are probed only with
--held-out, which needs --counts-only; without --held-out they are skipped.
With --counts-only nothing but the counts per stage is printed (the validation rule: no question, answer,
figure, id or document text); without it, each row's id, stage and ranks follow (development reports only).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from assistant.refusals import BAR_KEY_NAME, BAR_PERIOD
from eval.general import DEFAULT_DOCS, document_assistants, group_by_doc
from eval.grader import grade
from eval.questionset import Question

if TYPE_CHECKING:
    from assistant.api import Assistant
    from assistant.figures import Figure
    from assistant.types import Answer

KINDS = ("lookup", "unanswerable")
HELD_OUT_SPLITS = frozenset({"heldout", "enhold"})
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


@dataclass
class Probed:
    id: str
    kind: str
    stage: str
    retrieval_rank: int = -1  # the first retrieved passage stating the figure (-1: none)
    candidate_rank: int = -1  # its best rank in any candidate list the engine scored (-1: none)
    classes: str = ""  # candidates:class: the class asked -> the figure's class
    beaten: tuple[str, ...] = ()  # outranked: how the first candidate differs from the right one (see _beaten)
    key_name: tuple[str, ...] = ()  # refused:bar_key_name: why the key name counts as missing (see _key_name_why)


def question_of(item: dict[str, Any]) -> Question:
    return Question(id=item["id"], kind=item["kind"], question=item["question"], expected=tuple(item["expected"]),
                    evidence=item.get("evidence", ""), history=tuple(tuple(t) for t in item.get("history", [])),
                    doc=item.get("doc", ""), split=item.get("split", ""))


def _states(text: str, wanted: Sequence[Figure]) -> bool:
    from assistant.figures import parse_figures, same_quantity

    return any(same_quantity(f, w) for f in parse_figures(text) for w in wanted)


def _written(text: str, expected: Sequence[str]) -> bool:
    """The expected number as written (its digits), whatever unit the parser reads beside it."""
    squashed = text.replace(",", "")
    return any(m.group() in squashed for e in expected for m in _NUMBER.finditer(e.replace(",", "")))


def _answer_path(answer: Answer) -> str:
    if any(u.source == "computation" for u in answer.figures):
        return "computed"
    return "lookup" if answer.figures else "quoted"


class LookupProbe:
    """The probe over one document's assistant."""

    def __init__(self, assistant: Assistant, doc_text: str) -> None:
        self.assistant = assistant
        self.engine = assistant._current().engine
        self.doc_text = doc_text
        self.chunks = [n.get_content() for n in self.engine.all_nodes()]
        self.lists: list[list[Any]] = []

    def record(self, cands: Sequence[Any], rows: Any, lookup: Any) -> None:
        self.lists.append(list(cands))

    def probe(self, question: Question) -> Probed:
        from llama_index.core.schema import QueryBundle

        from assistant.figures import figure_from_text, parse_figures, same_quantity
        from assistant.question import analyse
        from assistant.ranker import set_recorder

        self.lists = []
        set_recorder(self.record)
        try:
            answer = self.assistant.ask(question.question, question.history_list())
        finally:
            set_recorder(None)
        passed = grade(question, answer).passed
        if not question.answerable:
            code = (answer.refusal or "none").split(":")[0]
            stage = f"right:{code}" if passed else f"answered:{_answer_path(answer)}"
            tops = [cands[0] for cands in self.lists if cands and cands[0].key_missing]
            why = _key_name_why([tops[-1:]], [tops[-1].figure], self.doc_text) if code == BAR_KEY_NAME and tops else ()
            if code == BAR_PERIOD and self.lists and self.lists[-1]:
                top = self.lists[-1][0]
                why = _period_why([[top]], [top.figure], self.doc_text, question.question)
            return Probed(question.id, question.kind, stage, key_name=why)
        if passed:
            return Probed(question.id, question.kind, "right")
        wanted = [f for f in (figure_from_text(e) for e in question.expected) if f is not None]
        if not _states(self.doc_text, wanted):
            stage = "text-unit" if _written(self.doc_text, question.expected) else "not-in-text"
            return Probed(question.id, question.kind, stage)
        if not any(_states(c, wanted) for c in self.chunks):
            return Probed(question.id, question.kind, "chunks")
        engine = self.engine
        asked = answer.resolved_question or question.question
        nodes = engine.retriever.retrieve(QueryBundle(engine.with_hints(asked)))
        nodes += engine.side_nodes(asked, nodes)
        texts = [n.node.get_content() for n in nodes]
        in_retrieved = [i for i, t in enumerate(texts) if _states(t, wanted)]
        # the candidate lists also read passages an approach retrieved on its own (a follow-up's anchor)
        ranks = [i for cands in self.lists for i, c in enumerate(cands)
                 if any(_same(c.figure, w) for w in wanted)]
        result = Probed(question.id, question.kind, "", in_retrieved[0] if in_retrieved else -1,
                        min(ranks) if ranks else -1)
        if not in_retrieved and not ranks:
            result.stage = "retrieval"
        elif not self.lists:
            said = "answered" if answer.answerable else (answer.refusal or "refused").split(":")[0]
            result.stage = f"not-scored:{answer.kind or '-'}:{said}"
        elif not ranks:
            asked_class = self._class_asked(asked)
            result.classes = f"{asked_class or '-'}->{wanted[0].unit_class}"
            result.stage = "candidates" if any(w.unit_class == asked_class for w in wanted) else "candidates:class"
            listed = {c.figure.unit_class for cands in self.lists for c in cands}
            multiple = "multiple" if analyse(asked).multiple else "single"
            result.key_name = tuple(
                r if r != "lookup" else f"lookup:{multiple}:" + (
                    "a list of its class" if any(w.unit_class in listed for w in wanted) else "no list of its class")
                for r in _dropped_why(texts, wanted, analyse(asked)))
        elif not answer.answerable:
            result.stage = f"refused:{(answer.refusal or 'none').split(':')[0]}"
            if result.stage == f"refused:{BAR_KEY_NAME}":
                result.key_name = _key_name_why(self.lists, wanted, self.doc_text)
            elif result.stage == f"refused:{BAR_PERIOD}":
                result.key_name = _period_why(self.lists, wanted, self.doc_text, asked)
        elif _states(answer.text, wanted):
            result.stage = "composition"
        else:
            result.stage = "outranked"
            result.beaten = _beaten(self.lists, wanted)
            if question.history:
                earlier = parse_figures(question.history[-1][1])
                repeated = any(same_quantity(f, g) for f in parse_figures(answer.text) for g in earlier)
                result.beaten += ("repeats the last answer's figure" if repeated else "a figure not said before",)
        return result

    def _class_asked(self, asked: str) -> str:
        from assistant.question import analyse

        return str(analyse(asked).unit_class)


def _beaten(lists: Sequence[Sequence[Any]], wanted: Sequence[Figure]) -> tuple[str, ...]:
    """How the first candidate of the list ranking the right figure best differs from it: where it stands
    (same clause / same passage / another passage) and which evidence favours it (attribute, entity,
    question's figures)."""
    ranked = [(i, cands) for cands in lists for i, c in enumerate(cands) if any(_same(c.figure, w) for w in wanted)]
    if not ranked:
        return ()
    i, cands = min(ranked, key=lambda pair: pair[0])
    first, right = cands[0], cands[i]
    if first.passage.text != right.passage.text:
        where = "other-passage"
    else:
        where = "same-clause" if first.clause() == right.clause() else "same-passage"
    favours = [name for name in ("attribute", "entity", "question_figures")
               if getattr(first, name) > getattr(right, name) + 1e-9]
    level = [name for name in ("attribute", "entity", "question_figures")
             if abs(getattr(first, name) - getattr(right, name)) <= 1e-9]
    return (where, "first-better:" + ("+".join(favours) or "none"), "equal:" + ("+".join(level) or "none"),
            "same-class" if first.figure.unit_class == right.figure.unit_class else "other-class")


def _key_name_why(lists: Sequence[Sequence[Any]], wanted: Sequence[Figure], doc_text: str) -> tuple[str, ...]:
    """Why the right figure's (best ranked) candidate lacks the question's key name, one reason per key word:
    absent-doc (the word is nowhere in the document: the asker's wording), in-doc (the document writes it, not
    around this figure), rule (missing for a rule other than absence: a peer place, another basis or year)."""
    ranked = [c for cands in lists for c in cands if any(_same(c.figure, w) for w in wanted)]
    if not ranked:
        return ()
    best = max(ranked, key=lambda c: c.score)
    reasons = []
    for term in best.key_missing:
        if term not in best.missing:
            reasons.append("rule")
        else:
            reasons.append(_where_in_doc(term.lower(), doc_text.lower(), best.passage.text.lower()))
    return tuple(sorted(set(reasons))) or ("none",)


def _dropped_why(texts: Sequence[str], wanted: Sequence[Figure], q: Any) -> tuple[str, ...]:
    """Why a retrieved figure that answers is in no candidate list (score_candidates' filters, in order):
    class (written in another unit class than asked), bound (a 以上/超过 threshold), group-bound, condition
    (the question states it), counter (another counter than asked), else lookup (a filter after scoring)."""
    from llama_index.core.schema import NodeWithScore, TextNode

    from assistant.candidates import _THRESHOLD, Passage, _group_bound
    from assistant.figures import same_quantity
    from assistant.vocabulary import same_counter

    reasons = set()
    for text in texts:
        passage = Passage(NodeWithScore(node=TextNode(text=text), score=1.0), 0)
        for f in passage.figures:
            if not any(same_quantity(f, w) for w in wanted):
                continue
            if q.unit_class and f.unit_class != q.unit_class:
                reasons.add(f"class:{q.unit_class or '-'}->{f.unit_class}")
            elif f.qualifier in _THRESHOLD:
                reasons.add("bound")
            elif _group_bound(passage, f):
                reasons.add("group-bound")
            elif any(same_quantity(f, g) for g in q.figures):
                reasons.add("condition")
            elif q.counter and f.unit_class == "count" and not same_counter(q.counter, f.unit):
                reasons.add("counter")
            else:
                reasons.add("lookup")
    return tuple(sorted(reasons)) or ("none",)


def _period_why(lists: Sequence[Sequence[Any]], wanted: Sequence[Figure], doc_text: str,
                asked: str) -> tuple[str, ...]:
    """Where the document states the question's period (a year or date) that the figure's passage lacks:
    before-passage (the last period of that kind the document sets before the passage is the one asked: a
    paragraph's year carried over a passage boundary), in-context (the passage's headings), elsewhere, absent,
    or not-period (the question's condition is another figure)."""
    from assistant.candidates import same_period
    from assistant.figures import parse_figures
    from assistant.question import analyse

    ranked = [c for cands in lists for c in cands if any(_same(c.figure, w) for w in wanted)]
    if not ranked:
        return ()
    best = max(ranked, key=lambda c: c.score)
    reasons = []
    for cond in analyse(asked).figures:
        if cond.unit_class not in {"year", "date"}:
            reasons.append("not-period")
            continue
        start = int(best.passage.hit.node.metadata.get("start", -1))
        before = [g for g in parse_figures(doc_text[max(start, 0) - 600:max(start, 0)])
                  if g.unit_class == cond.unit_class] if start > 0 else []
        if any(same_period(g, cond) for g in parse_figures(best.passage.context) if g.unit_class == cond.unit_class):
            reasons.append("in-context")
        elif before and same_period(before[-1], cond):
            reasons.append("before-passage")
        elif any(same_period(g, cond) for g in parse_figures(doc_text) if g.unit_class == cond.unit_class):
            reasons.append("elsewhere")
        else:
            reasons.append("absent")
    return tuple(sorted(set(reasons))) or ("none",)


def _where_in_doc(term: str, doc: str, passage: str) -> str:
    """Where the document writes a key word its figure's passage lacks: absent-doc, in-opening (its first
    line: the document's own subject), or in-doc:N (N: how often, 1, 2-4, 5+)."""
    count = doc.count(term)
    if not count:
        return "absent-doc"
    opening = doc.strip().split("\n", 1)[0][:120]
    if term in opening:
        return "in-opening"
    return "in-doc:" + ("1" if count == 1 else "2-4" if count < 5 else "5+")


def _same(a: Figure, b: Figure) -> bool:
    from assistant.figures import same_quantity

    return same_quantity(a, b)


def chosen_items(report: dict[str, Any], kinds: Sequence[str], held_out: bool) -> list[dict[str, Any]]:
    """The rows probed: of the kinds asked, and of the held-out splits only when asked for (counts only)."""
    return [item for item in report["items"]
            if item["kind"] in kinds and (item.get("split", "") in HELD_OUT_SPLITS) == held_out]


def probe_report(report: dict[str, Any], docs_dir: Path, store_root: Path, kinds: Sequence[str] = KINDS,
                 held_out: bool = False) -> list[Probed]:
    questions = [question_of(item) for item in chosen_items(report, kinds, held_out)]
    results: list[Probed] = []
    quiet = lambda line: None  # noqa: E731  (a document's name is not printed: it may be a validation one)
    for doc, assistant, _ in document_assistants(group_by_doc(questions, docs_dir), docs_dir, store_root,
                                                 quiet, label="lookup_probe"):
        probe = LookupProbe(assistant, (docs_dir / doc).read_text(encoding="utf-8"))
        results += [probe.probe(q) for q in questions if q.doc == doc]
    return results


def probe_text(results: Sequence[Probed], counts_only: bool) -> str:
    lines = []
    for kind in sorted({r.kind for r in results}):
        chosen = [r for r in results if r.kind == kind]
        stages = Counter(r.stage for r in chosen)
        lines.append(f"{kind}: {len(chosen)}")
        lines += [f"  {stage:<28} {n:>4}" for stage, n in sorted(stages.items(), key=lambda kv: (-kv[1], kv[0]))]
        for stage in sorted(stages):
            ranked = Counter(min(r.candidate_rank, 5) for r in chosen if r.stage == stage and r.candidate_rank >= 0)
            if ranked and not stage.startswith("right"):
                lines.append(f"  {stage}: the figure's candidate rank (5: 5 or more) "
                             + ", ".join(f"{k}: {v}" for k, v in sorted(ranked.items())))
        for part in range(5):
            beaten = Counter(r.beaten[part] for r in chosen if len(r.beaten) > part)
            if beaten:
                lines.append("  outranked by: " + ", ".join(f"{k}: {v}" for k, v in sorted(beaten.items())))
        key_name = Counter("+".join(r.key_name) for r in chosen if r.key_name)
        if key_name:
            lines.append("  why (key name or period missing, not a candidate): "
                         + ", ".join(f"{k}: {v}" for k, v in sorted(key_name.items())))
        classes = Counter(r.classes for r in chosen if r.classes)
        if classes:
            lines.append("  not a candidate, class asked -> the figure's class: "
                         + ", ".join(f"{k}: {v}" for k, v in sorted(classes.items())))
    if not counts_only:
        lines.append("per row: id kind stage retrieval-rank candidate-rank")
        lines += [f"  {r.id} {r.kind} {r.stage} {r.retrieval_rank} {r.candidate_rank} {r.classes}" for r in results]
    return "\n".join(lines)


def run(report_path: Path, counts_only: bool, docs_dir: Path = DEFAULT_DOCS, store_root: Path | None = None,
        kinds: Sequence[str] = KINDS, held_out: bool = False) -> str:
    import json

    from assistant.settings import load_settings

    if held_out and not counts_only:
        raise ValueError("held-out rows (validation) are probed with --counts-only: their items are never printed")
    report = json.loads(report_path.read_text(encoding="utf-8"))
    root = store_root or load_settings().store.dir / "general"
    print(f"lookup_probe: {len(chosen_items(report, kinds, held_out))} rows", file=sys.stderr)
    return probe_text(probe_report(report, docs_dir, root, kinds, held_out), counts_only)
