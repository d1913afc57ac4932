"""The key-name probe: why a computed question refused for its key name (refusals.BAR_KEY_NAME) misses it.

`python -m eval.key_names --questions FILES… [--counts-only]` asks every computed question of the files again
(each document on its own store, as `python -m eval general` does) and, for each one refused with bar_key_name,
reads the names the refused figure lacked (Candidate.key_missing, caught as candidates.shortfall reports the
bar) and says where the document has them:

  a year                a year the question asks, which the figure's sentence does not state (another year's)
  earlier sentence      in the figure's passage, in a sentence before the figure's (a paragraph's lead)
  later in passage      in the figure's passage, after the figure's sentence
  elsewhere             in the document, not in the figure's passage
  written otherwise     not in the document; one of its other names (assistant.vocabulary.written_as) is
  operation word        not in the document; a word of the question's operation (合计, 占, 比, 平均 …) is in it
  absent                none of these: the document never writes it

A question counts once per reason its missing names have. `--counts-only` prints counts and nothing else (the
form for validation files); without it, dev questions are listed with their missing names (held-out rows never).
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eval.general import DEFAULT_DOCS, document_assistants, group_by_doc
from eval.operands import HELD_OUT_SPLITS
from eval.questionset import load_questions

REASONS = ("a year", "earlier sentence", "later in passage", "elsewhere", "written otherwise", "operation word",
           "absent")
_OPERATION_WORD = re.compile(r"合计|一共|总共|之和|占|比重|比例|比|平均|倍|差|增加|减少|增长|下降")


@contextmanager
def caught_key_names() -> Iterator[list[tuple[list[str], Any, Any]]]:
    """Every (missing names, passage, figure) for which candidates.shortfall reports bar_key_name, while open."""
    import assistant.answer as answer
    import assistant.candidates as candidates
    from assistant import refusals

    seen: list[tuple[list[str], Any, Any]] = []
    original = candidates.shortfall

    def spy(c: Any, has_attributes: bool, has_conditions: bool) -> str:
        bar = original(c, has_attributes, has_conditions)
        if bar == refusals.BAR_KEY_NAME:
            seen.append((list(c.key_missing), c.passage, c.figure))
        return bar

    candidates.shortfall = spy
    answer.shortfall = spy
    try:
        yield seen
    finally:
        candidates.shortfall = original
        answer.shortfall = original


def reason(term: str, passage: Any, figure: Any, document: str) -> str:
    from assistant.figures import parse_figures
    from assistant.vocabulary import written_as

    if any(f.unit_class == "year" and f.text == term for f in parse_figures(term)):
        return "a year"
    start, _ = passage.sentence_of(figure.start)
    if term in passage.text[:start]:
        return "earlier sentence"
    if term in passage.text:
        return "later in passage"
    if term in document:
        return "elsewhere"
    if any(w != term and w in document for w in written_as(term)):
        return "written otherwise"
    if _OPERATION_WORD.search(term):
        return "operation word"
    return "absent"


def probe(question_files: Sequence[Path], docs_dir: Path, store_root: Path, counts_only: bool) -> str:
    questions = [q for path in question_files for q in load_questions(path) if q.kind == "computed"
                 and (counts_only or q.split not in HELD_OUT_SPLITS)]
    counts: Counter[str] = Counter()
    refused = 0
    listed: list[str] = []
    with caught_key_names() as seen:
        for doc, assistant, _ in document_assistants(group_by_doc(questions, docs_dir), docs_dir, store_root,
                                                     label="key-names"):
            document = (docs_dir / doc).read_text(encoding="utf-8")
            for q in (q for q in questions if q.doc == doc):
                seen.clear()
                answer = assistant.ask(q.question, q.history_list())
                if not (answer.refusal or "").startswith("bar_key_name") or not seen:
                    continue
                refused += 1
                missing, passage, figure = seen[-1]  # the bar of the lookup that decided the refusal
                why = {t: reason(t, passage, figure, document) for t in missing}
                counts.update(set(why.values()))
                if q.split not in HELD_OUT_SPLITS:
                    listed.append(f"  {q.id} " + " ".join(f"{t}:{r}" for t, r in why.items()))
    lines = [f"computed questions: {len(questions)}; refused for a key name: {refused}",
             "why the key name is missing (a question counts once per reason):"]
    lines += [f"  {name:<18} {counts.get(name, 0):>4}" for name in REASONS]
    if not counts_only:
        lines += ["per question (dev rows only): id name:reason", *listed]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    from assistant.settings import load_settings

    parser = argparse.ArgumentParser(prog="python -m eval.key_names", description=__doc__.split("\n")[0])
    parser.add_argument("--questions", type=Path, nargs="+", required=True, help="general question files")
    parser.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="folder of the documents")
    parser.add_argument("--counts-only", action="store_true", help="counts only (validation and held-out files)")
    args = parser.parse_args(argv)
    print(probe(args.questions, args.docs, load_settings().store.dir / "general", args.counts_only))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
