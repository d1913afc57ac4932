"""Where an entity (谁, 哪家, 何时, 在哪里; who, which, when) or describe (是什么样的, 进展如何, 怎样, 为什么)
answer of an open-question report is lost, stage by stage.

    python -m eval.entity_probe REPORT.json [--kind entity|describe] [--counts-only]

Reads a report written by `python -m eval open` and, for each entity and describe row, asks retrieval again
on the row's document store (the stores `python -m eval open` built) to tell the first stage that fails:
  routed      the answer did not come from the approach of its kind (Answer.kind);
  type        (entity) no kind of name read from the question (person, org, place, date; or a byline);
  in_doc      an expected item (a `must` group, else the `lead` alternatives) is nowhere in the document as
              written (an English rendering of a Chinese name, a paraphrase: no quote can hold it);
  retrieval   the passages the approach reads (its best retrieved passages and the ones after them) do not
              hold every expected item;
  cand-type   (entity) the expected name is extracted, but as another kind than the one read from the question;
  candidates  (entity) no name of the kind asked that the approach extracts from those passages holds the
              expected name; (describe) no single sentence of those passages holds every item;
  chosen      the candidates hold it, the answer does not (another name or sentence was chosen first);
  other       every item is stated, the answer fails on something else (length, lead, citations, figures);
  pass.
Rows expecting a refusal count as `refuse-pass` / `refuse-fail`.

eval/entity_probe_questions.jsonl holds 31 entity questions invented (session 20) over dev documents, most over
documents no open question was asked on by role (nationh1.txt, tradefeb.txt): the approach meets them as it meets
a new document. Ask them and probe:
    python -m eval open --questions eval/entity_probe_questions.jsonl --out /tmp/probe
    python -m eval.entity_probe /tmp/probe/report-open.json --verbose
On a validation report (counts only):
    python -m eval.entity_probe /tmp/val-o/report-open.json --split heldout --counts-only

Only development rows (split "dev", the default `--split`) are ever printed item by item (`--verbose`);
`--counts-only` prints the counts per kind, language and stage and nothing of any question, answer, document
or id: the one way to run it on a validation report (`--split heldout --counts-only`, required so).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from eval.list_probe import document_text
from eval.open_grader import find_any, plain

EVAL_DIR = Path(__file__).resolve().parent
DOCS = EVAL_DIR / "general"
KINDS = ("entity", "describe")
STAGES = ("routed", "type", "in_doc", "retrieval", "cand-type", "candidates", "chosen", "other", "pass",
          "refuse-fail", "refuse-pass")


def expected_groups(item: dict[str, Any]) -> list[tuple[str, ...]]:
    """What the answer must say: its `must` groups, else its `lead` alternatives as one group."""
    groups = [tuple(g) for g in item["must"]]
    return groups or ([tuple(item["lead"])] if item["lead"] else [])


def named_first(item: dict[str, Any]) -> tuple[str, ...]:
    """The name an entity answer leads with: the `lead` alternatives, else the first `must` group."""
    return tuple(item["lead"]) or (tuple(item["must"][0]) if item["must"] else ())


def holds(text: str, groups: list[tuple[str, ...]]) -> bool:
    return all(find_any(text, g) is not None for g in groups)


class Reader:
    """The approach's view of one document: its store, retrieval and name extraction."""

    def __init__(self, assistant: Any) -> None:
        self.engine = assistant._current().engine

    def passages(self, question: str) -> tuple[list[Any], str]:
        """(the passages the entity/describe approaches read for the question, the text of their documents)."""
        from assistant.approaches.entity import PASSAGES, documents_text
        from assistant.approaches.text import corpus_of, retrieved
        from assistant.route import routed

        r = routed(question, self.engine.synthesizer.stats)
        reading = self.engine.reading(r.text or question, r.lang)
        hits = retrieved(reading)
        corpus = corpus_of(reading)
        return corpus.with_following(hits[:PASSAGES]), documents_text(corpus, hits[:PASSAGES])


def asked_type(question: str) -> str:
    """The kind of name the entity approach reads from the question (its own functions), "" when none."""
    from assistant.approaches.entity import asked_kind, asks_byline
    from assistant.approaches.text import question_cue
    from assistant.instructions import factual_part

    text = factual_part(question) or question
    return asks_byline(text) or question_cue(text, ("person", "org", "place", "date")) or asked_kind(text)


def candidate_names(question: str, want: str, passages: list[Any], document: str) -> list[str]:
    """Every name of the kind asked the entity approach extracts from the passages' sentences (document: the
    text of their documents, which tells the organisations' names they use)."""
    from assistant.approaches.entity import asked_role, known_orgs, names_in, proper_names
    from assistant.approaches.text import sentences_of

    role = asked_role(question) if want == "person" else ""
    known = known_orgs(document)
    names: list[str] = []
    for s in sentences_of(passages, body_only=False):
        for kind in {want, "org"} if want == "person" else {want}:
            found = names_in(s.text, kind, role, known)
            names += [n for _, n in found]
            if kind == "org" and want == "org":
                names += [n for _, n in proper_names(s.text, document, found, question)]
    return names


# why names were missed, as counts of shapes (tags, whether a role was read): never a word of any text
DETAILS: Counter[str] = Counter()


def candidate_details(question: str, want: str, first: tuple[str, ...], passages: list[Any]) -> Counter[str]:
    """The shape of a missed name: jieba's tags over it where a sentence holds it (its first occurrence),
    the tag of the word before and after it, and, for a person, whether the question's role was read and
    stands in that sentence."""
    from assistant.approaches.entity import asked_role
    from assistant.approaches.text import sentences_of
    from index.segmenter import pos_cut

    found: Counter[str] = Counter()
    role = asked_role(question) if want == "person" else ""
    for s in sentences_of(passages, body_only=False):
        text = plain(s.text)
        at = find_any(text, first)
        if at is None:
            continue
        name = next(a for a in first if find_any(text, (a,)) == at)
        words, pos, inside, before, after = list(pos_cut(text)), 0, [], "^", "$"
        for w in words:
            end = pos + len(w.word)
            if end <= at:
                before = str(w.flag)
            elif pos >= at + len(name):
                after = str(w.flag) if after == "$" else after
            else:
                inside.append(str(w.flag))
            pos = end
        found[f"{want} tags={'+'.join(inside)} before={before} after={after}"] += 1
        if want == "person":
            found[f"person role={'read' if role else 'none'}{' in-sentence' if role and role in text else ''}"] += 1
        break
    return found


def stage(item: dict[str, Any], doc_text: str, reader: Reader | None) -> str:
    got = item["assistant"]
    if item["expect"] != "answer":
        return "refuse-pass" if got.get("passed") else "refuse-fail"
    if got.get("passed"):
        return "pass"
    if got.get("routed_kind") != item["kind"]:
        return "routed"
    want = asked_type(item["question"]) if item["kind"] == "entity" else "what"
    if not want:
        return "type"
    groups = expected_groups(item)
    if not holds(plain(doc_text), groups):
        return "in_doc"
    if reader is not None:
        from assistant.approaches.text import sentences_of

        passages, document = reader.passages(item["question"])
        if not holds(plain("\n".join(p.text for p in passages)), groups):
            return "retrieval"
        if item["kind"] == "entity" and want in {"person", "org", "place", "date"}:
            first = named_first(item)

            def found(kind: str) -> bool:
                return any(find_any(plain(n), first) is not None
                           for n in candidate_names(item["question"], kind, passages, document))

            if not found(want):
                # the name extracted as another kind (the type read is wrong), or as none (extraction misses it)
                other = any(found(k) for k in ("person", "org", "place", "date") if k != want)
                if not other:
                    DETAILS.update(candidate_details(item["question"], want, first, passages))
                    DETAILS[f"{want} answered={bool(got.get('answerable'))}"] += 1
                return "cand-type" if other else "candidates"
        if item["kind"] == "describe" and not any(holds(plain(s.text), groups)
                                                  for s in sentences_of(passages, body_only=False)):
            return "candidates"
    if not holds(plain(got.get("answer", "")), groups):
        return "chosen"
    return "other"


def probe(report: dict[str, Any], kinds: tuple[str, ...], split: str, store_root: Path, article_store: Path | None,
          verbose: bool) -> Counter[tuple[str, str, str]]:
    """Counts per (kind, language, stage) of the rows of one split; one line per development row when verbose."""
    from eval.general import assistants_with_article

    rows = [i for i in report["items"] if i["kind"] in kinds and i["split"] == split]
    counts: Counter[tuple[str, str, str]] = Counter()
    by_doc: dict[str, list[dict[str, Any]]] = {}
    for item in rows:
        by_doc.setdefault(item["doc"], []).append(item)
    say = (lambda _: None) if not verbose else (lambda text: print(text, file=sys.stderr))
    for doc, assistant in assistants_with_article(by_doc, DOCS, store_root, article_store, say):
        reader, text = Reader(assistant), document_text(doc)
        for item in by_doc[doc]:
            found = stage(item, text, reader)
            counts[(item["kind"], item["lang"], found)] += 1
            if item["kind"] == "entity":  # (a refusal expected, by the kind of name the question asks as well)
                counts[("type", asked_type(item["question"]) or "none", found)] += 1
            if verbose and item["split"] == "dev":
                print(f"{found:11} {item['kind']:8} {item['id']:22} {item['question'][:50]}")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--kind", choices=KINDS, action="append")
    parser.add_argument("--store-root", type=Path, default=EVAL_DIR.parent / "storage" / "general")
    parser.add_argument("--article-store", type=Path, default=None)
    parser.add_argument("--split", default="dev", help="the rows probed: dev (the default), or heldout for a "
                        "validation report, with --counts-only")
    parser.add_argument("--counts-only", action="store_true", help="counts only: no question, answer or id")
    parser.add_argument("--verbose", action="store_true", help="one line per development row")
    args = parser.parse_args()
    kinds = tuple(args.kind or KINDS)
    if args.split != "dev" and not args.counts_only:
        parser.error("rows other than development rows are probed with --counts-only")
    counts = probe(json.loads(args.report.read_text(encoding="utf-8")), kinds, args.split, args.store_root,
                   args.article_store, args.verbose and not args.counts_only)
    shown = [s for s in STAGES if any(counts[(k, lang, s)] for k in kinds for lang in ("zh", "en"))]
    print(f"{'kind':14}" + "".join(f"{s:>12}" for s in shown))
    for kind in kinds:
        for lang in ("zh", "en"):
            if any(counts[(kind, lang, s)] for s in shown):
                print(f"{kind + ':' + lang:14}" + "".join(f"{counts[(kind, lang, s)]:>12}" for s in shown))
    for kind in sorted({k for t, k, _ in counts if t == "type"}):
        print(f"{'  ' + kind:14}" + "".join(f"{counts[('type', kind, s)]:>12}" for s in shown))
    for detail, n in sorted(DETAILS.items()):
        print(f"  candidates missed: {detail}: {n}")
    print(f"{'all':14}" + "".join(f"{sum(counts[(k, lang, s)] for k in kinds for lang in ('zh', 'en')):>12}"
                                   for s in shown))


if __name__ == "__main__":
    main()
