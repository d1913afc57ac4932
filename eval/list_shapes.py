"""Which shape of the list approach gave each list answer, and whether any shape read the expected items at all
(counts only; safe on validation reports).

    python -m eval.list_shapes /tmp/val/report-open.json

Re-asks the list questions of a report written by `python -m eval open` on their documents' stores, with every
shape of assistant.approaches.listing (figure_enumeration, _named_things, _bare_enumeration …) wrapped so the
items it reads are tagged with its name, and counts, for passing and failing rows:
  chosen <shape>     the shape whose items the answer lists ("-": the approach answered before reading
                     items, a collective sentence or another kind; "none": no shape gave items, the
                     stretches covering the question were quoted or the figure engine answered);
  <stage> read       (failing rows, by eval.list_probe's stage) some shape read items from a sentence holding
                     an expected item: the right enumeration was a candidate, the choice among them failed;
  <stage> later      only a shape _items did not reach (it stops at the first covering the question enough)
                     read such items: the order of the shapes failed;
  <stage> unread     no shape read any: the enumeration asked is written in a way no shape reads.
Nothing but these counts is printed: no question, answer, item, id or document name (the held-out rules).
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from eval.list_probe import document_text, stage
from eval.open_grader import find_any, plain

EVAL_DIR = Path(__file__).resolve().parent
# the methods of ListApproach that read items (each returns a list of items, or (score, items))
SHAPES = ("figure_enumeration", "respective", "_changes", "counted_enumeration", "introduced_paragraphs",
          "introduced_actions", "grouped_enumeration", "introduced_enumeration", "titled_names", "_names_by_role",
          "_named_things", "_conditioned_enumeration", "_typed_names", "_bare_enumeration", "structural_points")
STATIC = frozenset({"structural_points"})


class Tracer:
    """Wraps the shapes of ListApproach (while active): the items each returns are tagged with its name, the
    candidate lists _candidates yields are kept, and the shape of the list _items chooses is recorded."""

    def __init__(self) -> None:
        self.tags: dict[int, str] = {}
        self.candidates: list[list[Any]] = []
        self.every: list[list[Any]] = []
        self.chosen = "-"
        self._saved: dict[str, Any] = {}

    def reset(self) -> None:
        self.tags.clear()
        self.candidates = []
        self.every = []
        self.chosen = "-"

    def __enter__(self) -> Tracer:
        from assistant.approaches import listing

        cls = listing.ListApproach
        for name in (*SHAPES, "_candidates", "_items"):
            self._saved[name] = cls.__dict__[name]
        for name in SHAPES:
            wrapped = self._tagging(getattr(cls, name), name)
            setattr(cls, name, staticmethod(wrapped) if name in STATIC else wrapped)
        candidates = cls._candidates
        items_of = cls._items

        def traced_candidates(approach: Any, *args: Any) -> Iterator[list[Any]]:
            for items in candidates(approach, *args):
                self.candidates.append(items)
                yield items

        def traced_items(approach: Any, *args: Any) -> list[Any]:
            items: list[Any] = items_of(approach, *args)
            self.chosen = self.tags.get(id(items[0]), "?") if items else "none"
            # _items stops reading shapes once one covers the question enough: every shape is read again,
            # to tell an enumeration no shape reads from one a shape after the chosen would have read
            self.every = list(candidates(approach, *args))
            return items

        for name, traced in (("_candidates", traced_candidates), ("_items", traced_items)):
            setattr(cls, name, traced)
        return self

    def __exit__(self, *exc: object) -> None:
        from assistant.approaches import listing

        for name, method in self._saved.items():
            setattr(listing.ListApproach, name, method)

    def _tagging(self, method: Callable[..., Any], name: str) -> Callable[..., Any]:
        def tagged(*args: Any, **kwargs: Any) -> Any:
            out = method(*args, **kwargs)
            for item in (out[1] if isinstance(out, tuple) else out):
                self.tags.setdefault(id(item), name)
            return out
        return tagged


def read_any(candidates: list[list[Any]], groups: list[tuple[str, ...]]) -> bool:
    """Some candidate item comes from a sentence holding an expected item."""
    return any(find_any(plain(i.sentence.text), g) is not None for items in candidates for i in items
               for g in groups)


def count_shapes(report: dict[str, Any], docs: Path, stores: Path, article_store: Path | None) -> Counter[str]:
    from eval.general import assistants_with_article

    rows: dict[str, list[dict[str, Any]]] = {}
    for item in report["items"]:
        if item["kind"] == "list":
            rows.setdefault(item["doc"], []).append(item)
    counts: Counter[str] = Counter()
    with Tracer() as tracer:
        for doc, assistant in assistants_with_article(rows, docs, stores, article_store, say=lambda *_: None):
            text = document_text(doc)
            for item in rows[doc]:
                found, _ = stage(item, "list", text)
                tracer.reset()
                assistant.ask(item["question"])
                outcome = "pass" if found == "pass" else "fail"
                counts[f"{outcome} chosen {tracer.chosen}"] += 1
                if found != "pass":
                    groups = [tuple(g) for g in item["must"]]
                    read = "read" if read_any(tracer.candidates, groups) \
                        else "later" if read_any(tracer.every, groups) else "unread"
                    counts[f"{outcome} {found} {read}"] += 1
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--docs", type=Path, default=EVAL_DIR / "general")
    parser.add_argument("--store", type=Path, default=Path("storage/general"))
    parser.add_argument("--article-store", type=Path, default=None)
    args = parser.parse_args()
    counts = count_shapes(json.loads(args.report.read_text(encoding="utf-8")), args.docs, args.store,
                          args.article_store)
    for key, n in sorted(counts.items()):
        print(f"{key:50} {n}")


if __name__ == "__main__":
    main()
