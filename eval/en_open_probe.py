"""Where the English rows of an open-question report are won or lost, stage by stage.

    python -m eval.en_open_probe REPORT.json [--counts-only] [--split dev|heldout]

Reads a report written by `python -m eval open` and, for each English row (lang "en"), labels:
  route      the kind the router gives the question now (assistant.route.routed) against the row's kind
             (route:same, or route:<row kind>-><routed kind>); multi-part rows count their sentence parts;
  terms      how many content words of the question no dictionary sense (assistant.bilingual) renders as a
             word the row's document writes (terms:unfound-0: every one is found in Chinese; 3 means 3 or more);
  by         which answer the reader got, read from its first sentence against the product's fixed English
             wordings (prompts/*.en.txt): verdict (Yes/No…), refused, undecided (a yes/no nothing decides), gist
             (a description), list, summary,
             figure (the engine's quote), chinese (a lead in Chinese), other;
  verdict    for a row whose lead must hold a word (a yes/no's Yes/No, an entity's name): held or not;
  items      how many of the row's `must` groups the answer holds (all, some, none), and how many the
             document holds as written (in_doc:all/some/none: an English rendering no quote can hold);
  want       (entity) the kind of name the entity approach reads the question to ask (person, org, place, date;
             none: it leaves the question to the figure engine), with the answer given;
  parse      (yes/no) how the claim is read: claim, direction, compared, comparative, point, stated;
  fail       each reason the grade gave, by category (eval.open_grader.reason_kind).
Each label is counted per row kind and over all English rows, with how many of its rows passed.

Only development rows (split "dev") are printed item by item (the default); `--counts-only` prints counts per
kind and stage and nothing of any question, answer, document or id: the one way to run it on a validation
report (`--split heldout --counts-only`, required so).
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

from eval.list_probe import document_text
from eval.open_grader import find_any, in_english, plain, reason_kind

PROMPTS = Path(__file__).resolve().parent.parent / "prompts"
# the fixed English wordings an answer's first sentence opens on, by the kind of answer each is (prompts/)
LEAD_WORDINGS = (("verdict", ("yes", "no", "right", "wrong", "claim_right", "claim_wrong")),
                 ("refused", ("refusal", "refusal_open", "llm_refusal")), ("undecided", ("undecided",)),
                 ("gist", ("gist",)), ("list", ("list_quoted", "list_count")), ("summary", ("summary_lead",)),
                 ("figure", ("quoted", "stated")))


@cache
def _openings() -> tuple[tuple[str, str], ...]:
    """(kind of answer, the fixed text a wording opens with before its first placeholder), longest first."""
    found = []
    for label, names in LEAD_WORDINGS:
        for name in names:
            path = PROMPTS / f"{name}.en.txt"
            if path.exists():
                opening = path.read_text(encoding="utf-8").strip().split("{", 1)[0].strip()
                if opening:
                    found.append((label, opening.lower()))
    return tuple(sorted(found, key=lambda pair: -len(pair[1])))


def answered_by(record: dict[str, Any]) -> str:
    """The kind of answer a reader got, by its first sentence (module docstring: `by`)."""
    lead = plain(record.get("lead") or record.get("answer") or "").strip()
    if not record.get("answerable", False):
        return "refused"
    low = lead.lower()
    for label, opening in _openings():
        if low.startswith(opening.rstrip(".")):
            return label
    return "chinese" if lead and not in_english(lead) else "other"


def route_label(item: dict[str, Any]) -> str:
    from assistant.route import parts, routed

    question = item["question"]
    if item["kind"] == "multipart":
        return f"route:parts-{min(len(parts(question)), 3)}"
    kind = routed(question).kind
    return "route:same" if kind == item["kind"] else f"route:{item['kind']}->{kind}"


_EN_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


def terms_label(item: dict[str, Any], text: str) -> str:
    """How many content words of the question (not function words, not capitalised names, which are spelled by
    pinyin) no dictionary sense renders as a word the document writes: terms:unfound-0 when every one is."""
    from assistant.bilingual import dictionary, function_words, lexicon, singular

    frame, table, terms = function_words(), dictionary(), lexicon()
    unfound = 0
    for n, raw in enumerate(_EN_WORD.findall(item["question"])):
        word = singular(raw.lower().rstrip("'’s"))
        if word in frame or raw.lower() in frame or len(word) < 3 or (n and raw[:1].isupper()):
            continue
        senses = (*terms.get(word, ()), *table.get(word, ()), *table.get(raw.lower(), ()))
        unfound += not any(z and z in text for z in senses)
    return f"terms:unfound-{min(unfound, 3)}"


def items_labels(item: dict[str, Any], record: dict[str, Any], text: str) -> list[str]:
    groups = [tuple(g) for g in item["must"]]
    if not groups:
        return ["items:-"]
    said = plain(record.get("answer", ""))
    held = sum(find_any(said, g) is not None for g in groups)
    in_doc = sum(find_any(plain(text), g) is not None for g in groups)

    def share(n: int) -> str:
        return "all" if n == len(groups) else "none" if n == 0 else "some"

    return [f"items:{share(held)}", f"in_doc:{share(in_doc)}"]


def verdict_label(item: dict[str, Any], record: dict[str, Any]) -> str:
    if not item["lead"]:
        return "verdict:-"
    lead = plain(record.get("lead", ""))
    return "verdict:held" if find_any(lead, tuple(item["lead"])) is not None else "verdict:missing"


_COMPARATIVE = re.compile(r"\b(?:more|less|higher|lower|larger|smaller|bigger|greater|faster|slower|fewer)\s+than\b",
                         re.I)


def yesno_parse(question: str) -> str:
    """How an English yes/no is read: a claimed figure (claim), a change asked (direction), two sides compared
    (compared), a comparison word with sides not read (comparative), a point word such as only/largest/first
    (point), else a claim stated in words (stated)."""
    from assistant.approaches.english_comparison import compared_en
    from assistant.approaches.verdicts import asks_direction_en, claim_words
    from assistant.approaches.yesno import claimed, fractions_as_percent

    text = fractions_as_percent(question)
    if claimed(text) is not None:
        return "parse:claim"
    if asks_direction_en(text):
        return "parse:direction"
    if compared_en(text) is not None:
        return "parse:compared"
    words = {w.lower() for w in _EN_WORD.findall(text)}
    if _COMPARATIVE.search(text):
        return "parse:comparative"
    if words & set(claim_words()):
        return "parse:point"
    return "parse:stated"


def row_labels(item: dict[str, Any]) -> list[str]:
    """Every stage label of one English row (counts only: nothing of its text)."""
    record = item.get("assistant", {})
    text = document_text(item["doc"])
    labels = [route_label(item), terms_label(item, text), f"by:{answered_by(record)}", verdict_label(item, record),
              *items_labels(item, record, text)]
    if item["kind"] == "entity":
        from assistant.approaches.text import question_cue

        want = question_cue(item["question"], ("person", "org", "place", "date")) or "none"
        labels += [f"want:{want}", f"want:{want}:by:{answered_by(record)}"]
    if item["kind"] == "yesno":
        parse = yesno_parse(item["question"])
        labels += [parse, f"{parse}:by:{answered_by(record)}"]
    labels += [f"fail:{kind}" for kind in dict.fromkeys(map(reason_kind, record.get("reasons", [])))]
    return labels


def probe(items: list[dict[str, Any]], verbose: bool) -> Counter[str]:
    counts: Counter[str] = Counter()
    for item in items:
        passed = bool(item.get("assistant", {}).get("passed"))
        labels = row_labels(item)
        for scope in ("all", item["kind"]):
            counts[f"{scope}\tn"] += 1
            counts[f"{scope}\tpassed"] += passed
            for label in labels:
                counts[f"{scope}\t{label}"] += 1
                counts[f"{scope}\t{label}\tpassed"] += passed
        if verbose:
            print(f"{item['id']}\t{'PASS' if passed else 'FAIL'}\t{' '.join(labels)}\t{item['question']}")
    return counts


def print_counts(counts: Counter[str]) -> None:
    def at(*keys: str) -> int:
        return counts["\t".join(keys)]

    scopes = sorted({key.split("\t")[0] for key in counts}, key=lambda s: (s != "all", s))
    for scope in scopes:
        print(f"== English {scope}: {at(scope, 'passed')}/{at(scope, 'n')} passed")
        labels = sorted({key.split("\t")[1] for key in counts if key.startswith(scope + "\t")} - {"n", "passed"})
        for label in labels:
            print(f"  {label:34s} {at(scope, label):4d}  passed {at(scope, label, 'passed')}")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("report", type=Path, help="report-open.json written by `python -m eval open`")
    ap.add_argument("--split", default="dev", help="rows of this split (dev, heldout)")
    ap.add_argument("--counts-only", action="store_true", help="counts per kind and stage; no item printed")
    args = ap.parse_args(argv)
    if args.split != "dev" and not args.counts_only:
        ap.error("rows other than development ones are probed with --counts-only only")
    report = json.loads(args.report.read_text(encoding="utf-8"))
    items = [i for i in report["items"] if i.get("lang") == "en" and i.get("split") == args.split]
    print_counts(probe(items, verbose=not args.counts_only))
    return 0


if __name__ == "__main__":
    sys.exit(main())
