"""The close-call probe: would the embedding model's clause similarity break the hand ranker's close calls well?

    python -m eval.closecall_probe REPORT.json [--counts-only [--held-out]] [--kinds lookup followup]

Each Chinese row of the kinds asked is asked again through ask() with a recorder on the figure engine's
candidate lists (assistant.ranker.set_recorder). The list whose best candidate the answer states is the
deciding one; for it the probe simulates the tie-break rule of answer.FigureAnswerSynthesizer._close_call
for a grid of (hand-score margin, similarity margin): among the candidates ranked within the score margin of
the best one that the hand cut-offs accept (and that differ from it), the one whose clause is closest in
meaning to the question replaces the best one when it is closer than the best one's clause by the similarity
margin. Per grid point it counts gained (the best figure was wrong, the replacement right), lost (right ->
wrong) and moved (wrong -> wrong) rows. Counts only with --counts-only (the validation rule); without it the
gained and lost rows' ids follow (development reports only). It also counts, for rows a hand bar refused, how
close in meaning the best figure's clause is (cosine, margin over its rivals) for answerable rows whose best
figure was right, answerable rows whose best was wrong, and unanswerable rows.

Measured at gate21 (main a37732c, load ~12): validation (held-out 2-5, Chinese lookups and follow-ups, 138
deciding lists) score margin 0.1-0.3 with similarity margin 0.01-0.035 gained 2, lost 0; development (237
lists) the same settings gained 0-1, lost 2-4 (0.5 and 1.0: lost more). Refused by a bar on validation: 10
answerable rows with the right best figure (margin >= 0.02: 3), 22 unanswerable (margin >= 0.02: 6); on
development 1 and 51 (6). Neither the tie-break nor a similarity override of the bars separates right from
wrong: both left off.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.general import DEFAULT_DOCS, document_assistants, group_by_doc
from eval.lookup_probe import HELD_OUT_SPLITS, question_of

SCORE_MARGINS = (0.1, 0.2, 0.3, 0.5, 1.0)
SIMILARITY_MARGINS = (0.0, 0.01, 0.02, 0.035)
# refused by a hand bar: (answerable, best figure right, bar, best clause's cosine, its margin over the rivals')
BARRED: list[tuple[bool, bool, str, float, float]] = []
LOOK = 4  # candidates compared: the best one and the next three (answer._SIMILARITY_CANDIDATES)


@dataclass
class Decided:
    """One row's deciding list: hand scores, whether the hand cut-offs accept, similarity, right, figure key."""

    qid: str
    scores: list[float]
    accepted: list[bool]
    sims: list[float]
    right: list[bool]
    keys: list[tuple[str, float]]


def outcome(d: Decided, score_margin: float, sim_margin: float) -> str:
    """gained | lost | moved | kept for one rule setting."""
    rivals = [i for i in range(1, len(d.scores)) if d.scores[i] >= d.scores[0] - score_margin
              and d.accepted[i] and d.keys[i] != d.keys[0]]
    if not rivals:
        return "kept"
    best = max(rivals, key=lambda i: d.sims[i])
    if d.sims[best] - d.sims[0] < sim_margin or d.sims[best] <= d.sims[0]:
        return "kept"
    if d.right[best] and not d.right[0]:
        return "gained"
    if d.right[0] and not d.right[best]:
        return "lost"
    return "moved"


def decided_lists(report: dict[str, Any], docs_dir: Path, store_root: Path, kinds: Sequence[str],
                  held_out: bool) -> list[Decided]:
    from assistant.candidates import _CLAUSE_END, acceptable
    from assistant.figures import figure_from_text, parse_figures, same_quantity
    from assistant.ranker import set_recorder

    items = [i for i in report["items"] if i["kind"] in kinds and (i.get("split", "") in HELD_OUT_SPLITS) == held_out]
    questions = [q for q in (question_of(i) for i in items) if not q.question.isascii()]
    found: list[Decided] = []
    quiet = lambda line: None  # noqa: E731  (a validation document's name is not printed)
    for doc, assistant, _ in document_assistants(group_by_doc(questions, docs_dir), docs_dir, store_root, quiet,
                                                 label="closecall_probe"):
        similarity = assistant._current().engine.synthesizer.similarity
        for q in (q for q in questions if q.doc == doc):
            lists: list[tuple[list[Any], Any]] = []
            set_recorder(lambda cands, rows, lookup: lists.append((list(cands), lookup)))  # noqa: B023
            try:
                answer = assistant.ask(q.question, q.history_list())
            finally:
                set_recorder(None)
            wanted = [f for f in (figure_from_text(e) for e in q.expected) if f is not None]
            if not answer.answerable and (answer.refusal or "").startswith("bar_") and lists and similarity:
                refused_lists = [(c, lk) for c, lk in lists if len(c) > 1]
                if refused_lists:
                    cands, lookup = refused_lists[-1]
                    top = cands[:LOOK]
                    clauses = [c.passage.text[slice(*c.passage.span(c.figure.start, _CLAUSE_END))] for c in top]
                    sims = similarity.scores(lookup.question.text, clauses)
                    rivals = [sims[i] for i in range(1, len(top)) if top[i].key() != top[0].key()]
                    BARRED.append((bool(wanted), any(same_quantity(cands[0].figure, w) for w in wanted),
                                   (answer.refusal or "").split(":")[0], sims[0],
                                   sims[0] - max(rivals, default=sims[0])))
            said = parse_figures(answer.text)
            deciding = [(cands, lookup) for cands, lookup in lists if len(cands) > 1
                        and any(same_quantity(cands[0].figure, s) for s in said)]
            if not answer.answerable or not wanted or not deciding or similarity is None:
                continue
            cands, lookup = deciding[-1]
            top = cands[:LOOK]
            clauses = [c.passage.text[slice(*c.passage.span(c.figure.start, _CLAUSE_END))] for c in top]
            found.append(Decided(
                q.id, [c.score for c in top],
                [acceptable(c, bool(lookup.attributes), lookup.has_conditions) for c in top],
                similarity.scores(lookup.question.text, clauses),
                [any(same_quantity(c.figure, w) for w in wanted) for c in top], [c.key() for c in top]))
    return found


def probe_text(found: Sequence[Decided], counts_only: bool) -> str:
    lines = [f"deciding lists: {len(found)} (best right: {sum(d.right[0] for d in found)})"]
    for m in SCORE_MARGINS:
        for s in SIMILARITY_MARGINS:
            counted = Counter(outcome(d, m, s) for d in found)
            lines.append(f"  score margin {m:<4} similarity margin {s:<5} gained {counted['gained']:>3} "
                         f"lost {counted['lost']:>3} moved {counted['moved']:>3}")
            if not counts_only:
                lines += [f"    {outcome(d, m, s)} {d.qid}" for d in found if outcome(d, m, s) in ("gained", "lost")]
    for what, keep in (("answerable, best right", lambda b: b[0] and b[1]),
                       ("answerable, best wrong", lambda b: b[0] and not b[1]), ("unanswerable", lambda b: not b[0])):
        chosen = [b for b in BARRED if keep(b)]
        lines.append(f"refused by a bar, {what}: {len(chosen)}")
        lines.append("  margin over rivals >= " + ", ".join(
            f"{t}: {sum(b[4] >= t for b in chosen)}" for t in (0.0, 0.01, 0.02, 0.035, 0.05)))
        lines.append("  cosine >= " + ", ".join(f"{t}: {sum(b[3] >= t for b in chosen)}"
                                                for t in (0.8, 0.82, 0.84, 0.86, 0.88, 0.9)))
        lines.append("  bars " + ", ".join(f"{k}: {v}" for k, v in sorted(Counter(b[2] for b in chosen).items())))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    from assistant.settings import load_settings

    parser = argparse.ArgumentParser(prog="python -m eval.closecall_probe", description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--counts-only", action="store_true")
    parser.add_argument("--held-out", action="store_true")
    parser.add_argument("--kinds", nargs="+", default=["lookup", "followup"])
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS)
    args = parser.parse_args(argv)
    if args.held_out and not args.counts_only:
        parser.error("held-out rows (validation) are probed with --counts-only")
    report = json.loads(args.report.read_text(encoding="utf-8"))
    found = decided_lists(report, args.docs, load_settings().store.dir / "general", args.kinds, args.held_out)
    print(probe_text(found, args.counts_only))
    return 0


if __name__ == "__main__":
    sys.exit(main())
