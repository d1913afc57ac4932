"""Where a list (or summary) answer of an open-question report fails, stage by stage (issue 9).

    python -m eval.list_probe /tmp/dev/report-open.json [--kind list] [--verbose]

Reads a report written by `python -m eval open` and the documents it was asked on; for each DEV question of
the kind asked (held-out rows are skipped: their failures are not to be read), the first stage that fails:
  routed      the answer did not come from the list approach (Answer.kind);
  in_doc      some expected item (a `must` group) is nowhere in the document (worded otherwise: the set's
              alternatives do not occur; such a question cannot be answered by quoting);
  missed      the cited passages hold none of the expected items: the answer quoted the wrong place;
  partial     the cited passages hold some expected items, not all: part of the enumeration was chosen, or
              the items are spread over several sentences (`spread` tells how many sentences of the
              document hold them; --counts-only prints partial rows by spread: 1, 2-3, 4+);
  cut         the cited passages hold every item but the answer text lacks some: items cut or dropped;
  refused     (summaries and lists) the answer refused although the document answers;
  cites       (summaries) every item stated but fewer distinct passages cited than the grader wants across
              the document (`min_citations`);
  long        every item stated but the answer is over `max_chars`;
  lead        the first sentence is not short or lacks/holds the wrong direct answer;
  forbidden   a `must_not` item is stated;
  figures     a figure is in no cited passage or declared computation;
  other       every item is stated, the answer fails on something else;
  pass.
The grader's reasons (eval/open_grader.py) decide the stages after `cut`, first reason first.
Counts per stage are printed per document and in total; --verbose prints one line per question.

--counts-only also reads held-out (validation) rows and prints STAGE COUNTS ONLY, per question file (found in
--questions) and in total: no question, answer, item, id or document name (the held-out rules of the brief).
    python -m eval.list_probe /tmp/val/report-open.json --counts-only [--kind summary]
The failing rows are also counted by the answer's form (form), by where the document writes the items
(layout) and by how the sentence holding them ranks by the question's words, with its marks (holder);
`python -m eval.list_shapes REPORT` tells which shape chose and whether any shape read the items at all.

eval/list_probe_questions.jsonl holds 38 list questions invented (session 19) over dev documents, many over
documents no open question was written on (suzhouq1.txt, nationh1.txt): a list approach meets them as it
meets a new document. Ask them and probe:
    python -m eval open --questions eval/list_probe_questions.jsonl --out /tmp/probe
    python -m eval.list_probe /tmp/probe/report-open.json --verbose
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from assistant.compose import wording
from eval.open_grader import find_any, plain, reason_kind
from eval.questionset import ARTICLE_DOC

EVAL_DIR = Path(__file__).resolve().parent
DOCS = EVAL_DIR / "general"
ARTICLE = EVAL_DIR.parent / "corpus"
SENTENCE = re.compile(r"[^。！？!?\n]+[。！？!?]?")
STAGES = ("routed", "refused", "in_doc", "missed", "partial", "cut", "cites", "long", "lead", "forbidden", "figures",
          "other", "pass")
# the grader's reason (its opening words) -> the stage it tells of, checked in STAGES order
# the grader's reason kinds (eval.open_grader.REASON_KINDS) a list's stages tell of; the others tell of none
KIND_STAGES = {"cites": "cites", "long": "long", "verdict": "lead", "lead-long": "lead", "english": "lead",
               "forbidden": "forbidden", "invented": "figures"}


def document_text(doc: str) -> str:
    if doc == ARTICLE_DOC:
        return "\n".join(p.read_text(encoding="utf-8") for p in sorted(ARTICLE.glob("*.txt")))
    return (DOCS / doc).read_text(encoding="utf-8")


def spread(groups: list[tuple[str, ...]], text: str) -> int:
    """How many of the document's sentences it takes to hold every group (each group counted in the first
    sentence holding it): 1 for an enumeration in one sentence."""
    holders = set()
    sentences = [m.group() for m in SENTENCE.finditer(plain(text))]
    for group in groups:
        at = next((k for k, s in enumerate(sentences) if find_any(s, group) is not None), None)
        if at is not None:
            holders.add(at)
    return len(holders)


def layout(groups: list[tuple[str, ...]], text: str) -> str:
    """Where the document writes the expected items: "sentence" (one sentence holds them all), "paragraph"
    (several sentences of one paragraph), "paragraphs" (several paragraphs), "" when some item is nowhere."""
    paragraphs = [p for p in plain(text).split("\n") if p.strip()]
    held = []
    for group in groups:
        at = next((k for k, p in enumerate(paragraphs) if find_any(p, group) is not None), None)
        if at is None:
            return ""
        held.append(at)
    if len(set(held)) > 1:
        return "paragraphs"
    return "sentence" if spread(groups, text) <= 1 else "paragraph"


_ASKING = re.compile(r"哪些|哪几|哪个|哪|什么|多少|分别|各自|是|有|的|了|吗|呢|主要|具体|列出|列举")
_ORDINAL = re.compile(r"[一二三四五六七八九十]是|其[一二三四五六七八九十][，,、是]|第[一二三四五六七八九十][，,、：:]"
                      r"|首先|其次|[（(][1-9一二三四五六七八九十][)）]|[①-⑩]")


def holder(question: str, groups: list[tuple[str, ...]], text: str) -> str:
    """Where the sentence holding the most expected items stands among the document's sentences by the share
    of the question's content words it holds ("rank 1", "rank 2-3", "rank 4+"), and the marks it enumerates
    with ("、", "；", "ordinal", "none"): rank 1 is a choice among candidates; 4+ the words do not lead there."""
    from index.segmenter import pos_cut

    words = {str(w.word) for w in pos_cut(_ASKING.sub(" ", plain(question)))
             if len(str(w.word)) >= 2 and w.flag[:1] in {"n", "v", "j", "e", "a", "m", "t"}}
    sentences = [m.group() for m in SENTENCE.finditer(plain(text))]
    if not sentences or not words:
        return "rank ? none"
    held = [sum(find_any(s, g) is not None for g in groups) for s in sentences]
    at = max(range(len(sentences)), key=held.__getitem__)
    cover = [sum(w in s for w in words) for s in sentences]
    rank = 1 + sum(c > cover[at] for c in cover)
    marks = "ordinal" if _ORDINAL.search(sentences[at]) else "、" if "、" in sentences[at] \
        else "；" if "；" in sentences[at] else "none"
    return f"rank {'1' if rank == 1 else '2-3' if rank <= 3 else '4+'} {marks}"


def form(item: dict[str, Any]) -> str:
    """The shape of the answer given: "quoted" (stretches of text, prompts/list_quoted), "counted" (items
    counted and listed one a line, prompts/list_count), "single" (one line), "refused"."""
    got = item["assistant"]
    if not got.get("answerable", True):
        return "refused"
    lead = got.get("lead", "") or ""
    # (the report writes the lead's closing colon half-width)
    if lead.rstrip(":：").startswith(tuple(wording("list_quoted", lang).rstrip(":：") for lang in ("zh", "en"))):
        return "quoted"
    if "\n" in got.get("answer", ""):
        return "counted"
    return "single"


def stage(item: dict[str, Any], kind: str, text: str) -> tuple[str, int]:
    got = item["assistant"]
    groups = [tuple(g) for g in item["must"]]
    wide = spread(groups, text)
    if got.get("passed"):
        return "pass", wide
    if got.get("routed_kind") != kind:
        return "routed", wide
    if not got.get("answerable", True):
        return "refused", wide
    doc = plain(text)
    if any(find_any(doc, g) is None for g in groups):
        return "in_doc", wide
    cited = plain("\n".join(c["passage"] for c in got.get("citations", [])))
    held = sum(find_any(cited, g) is not None for g in groups)
    if held == 0:
        return "missed", wide
    if held < len(groups):
        return "partial", wide
    answer = plain(got.get("answer", ""))
    if any(find_any(answer, g) is None for g in groups):
        return "cut", wide
    return reason_stage(got.get("reasons", [])), wide


def reason_stage(reasons: list[str]) -> str:
    """The earliest stage (in STAGES order) any of the grader's reasons tells of; "other" when none does."""
    found = {KIND_STAGES.get(reason_kind(reason)) for reason in reasons}
    return next((s for s in STAGES if s in found), "other")


def question_files(folder: Path | None) -> dict[str, str]:
    """Question id -> the stem of the question file holding it (first file wins), to count per file."""
    if folder is None:
        return {}
    files: dict[str, str] = {}
    for path in sorted(folder.glob("open*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                files.setdefault(json.loads(line)["id"], path.stem)
    return files


def probe(report: dict[str, Any], kind: str, verbose: bool, counts_only: bool = False,
          files: dict[str, str] | None = None) -> Counter[tuple[str, str]]:
    """Stage counts keyed (row, stage): the row is the document, or with `counts_only` the question file
    (the held-out rows are read too, and nothing but the counts leaves this function)."""
    counts: Counter[tuple[str, str]] = Counter()
    texts: dict[str, str] = {}
    for item in report["items"]:
        if item["kind"] != kind or (item["split"] != "dev" and not counts_only):
            continue
        if item["doc"] not in texts:
            texts[item["doc"]] = document_text(item["doc"])
        found, wide = stage(item, kind, texts[item["doc"]])
        row = f"{(files or {}).get(item['id'], '?')}:{item['split']}" if counts_only else item["doc"]
        counts[(row, found)] += 1
        counts[("all", found)] += 1
        if found == "partial":
            counts[("all", f"spread {'1' if wide <= 1 else '2-3' if wide <= 3 else '4+'}")] += 1
        if found != "pass":  # the failing rows split by the answer's shape and by where the items are written
            counts[("form", f"{found} {form(item)}")] += 1
            counts[("layout", f"{found} {layout([tuple(g) for g in item['must']], texts[item['doc']]) or '-'}")] += 1
            where = holder(item["question"], [tuple(g) for g in item["must"]], texts[item["doc"]])
            counts[("holder", f"{found} {where}")] += 1
        if verbose and not counts_only:
            print(f"{found:7} spread={wide:<2} {item['id']:22} {item['question'][:50]}")
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("report", type=Path)
    parser.add_argument("--kind", default="list")
    parser.add_argument("--verbose", action="store_true")
    parser.add_argument("--counts-only", action="store_true",
                        help="read held-out rows too; print per-file stage counts only")
    parser.add_argument("--questions", type=Path, default=EVAL_DIR / "questions",
                        help="folder of the question files (to count per file with --counts-only)")
    args = parser.parse_args()
    files = question_files(args.questions) if args.counts_only else None
    counts = probe(json.loads(args.report.read_text(encoding="utf-8")), args.kind, args.verbose,
                   args.counts_only, files)
    rows = [*sorted({d for d, _ in counts if d not in {"all", "form", "layout", "holder"}}), "all"]
    print(f"{args.kind}: " + f"{'file' if args.counts_only else 'document':18}"
          + "".join(f"{s[:8]:>9}" for s in STAGES))
    for row in rows:
        print(f"{'':{len(args.kind) + 2}}{row:18}" + "".join(f"{counts[(row, s)]:>9}" for s in STAGES))
    print(f"{'':{len(args.kind) + 2}}partial by spread: "
          + ", ".join(f"{w} {counts[('all', 'spread ' + w)]}" for w in ("1", "2-3", "4+")))
    for split in ("form", "layout", "holder"):
        print(f"{'':{len(args.kind) + 2}}failing by {split}: "
              + ", ".join(f"{k} {n}" for (row, k), n in sorted(counts.items()) if row == split))


if __name__ == "__main__":
    main()
