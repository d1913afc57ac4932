"""The open-question set (issue 9): every kind of question a reader asks, asked through ask() and graded.

`python -m eval --set open` reads eval/questions/open.jsonl (eval/questionset.py: OpenQuestion), asks each
question on its own document's store (the article's questions on the article store, ./storage; every
eval/general/ document in its own store under storage/general/, opened as `--set general` opens them),
grades each answer with eval/open_grader.py and writes eval/report-open.md/.json/.png: accuracy per kind,
per split (dev / heldout), per language, per expected behaviour and per document, the median latency per
kind, and every failure with its reasons. Report only: no thresholds yet.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from eval.article import AskFn, Outcome, Say, ask_and_grade, say_stderr
from eval.backends import answer_fields, backend_figures
from eval.general import document_assistants, group_by_doc, warm_up
from eval.metrics import percentile, rate
from eval.open_grader import grade_open, lead_of
from eval.questionset import ARTICLE_DOC, EXPECTS, LANGS, OPEN_KINDS, SPLITS, OpenQuestion
from eval.report import md_table, text_table, write_all

EVAL_DIR = Path(__file__).resolve().parent
DEFAULT_QUESTIONS = EVAL_DIR / "questions" / "open.jsonl"
STEM = "report-open"


OpenOutcome = Outcome[OpenQuestion]


def ask_all(name: str, ask: AskFn, questions: Sequence[OpenQuestion], say: Say = say_stderr) -> list[OpenOutcome]:
    """Ask and grade every open question (eval.open_grader)."""
    return ask_and_grade(name, ask, questions, grade_open, say)


def run_open(questions: Sequence[OpenQuestion], docs_dir: Path, store_root: Path, article_store: Path | None,
             say: Say = say_stderr) -> tuple[list[OpenOutcome], dict[str, dict[str, Any]]]:
    """Every question on its document's store; outcomes in question order, and how each store was had."""
    from assistant.api import Assistant
    from assistant.settings import load_settings

    on_article = [q for q in questions if q.doc == ARTICLE_DOC]
    groups = group_by_doc([q for q in questions if q.doc != ARTICLE_DOC], docs_dir)
    by_id: dict[str, OpenOutcome] = {}
    indexes: dict[str, dict[str, Any]] = {}
    if on_article:  # the article store is built by `python -m assistant index`, never here
        settings = load_settings(store={"dir": article_store})
        say(f"open: the article store {settings.store.dir}; asking {len(on_article)} questions")
        assistant = Assistant(settings)
        indexes[ARTICLE_DOC] = {"store": str(settings.store.dir), "reused": True, "seconds": 0.0, "embedded": 0}
        warm_up(assistant, on_article[0].question, say)
        by_id |= {o.question.id: o for o in ask_all("assistant article", assistant.ask, on_article, say)}
    for doc, assistant, index in document_assistants(groups, docs_dir, store_root, say, label="open"):
        indexes[doc] = index
        warm_up(assistant, groups[doc][0].question, say)
        by_id |= {o.question.id: o for o in ask_all(f"assistant {doc}", assistant.ask, groups[doc], say)}
    return [by_id[q.id] for q in questions], indexes


def part_summary(outcomes: Sequence[OpenOutcome]) -> dict[str, Any]:
    latencies = [o.answer.latency_ms for o in outcomes if o.answer is not None]
    return {"n": len(outcomes), "passed": sum(o.passed for o in outcomes),
            "accuracy": rate(sum(o.passed for o in outcomes), len(outcomes)),
            "errors": sum(1 for o in outcomes if o.error),
            "latency_ms": {"p50": percentile(latencies, 50), "p95": percentile(latencies, 95)}}


def breakdown(outcomes: Sequence[OpenOutcome], field: str, values: Sequence[str]) -> dict[str, dict[str, Any]]:
    """part_summary per value of a question field, for the values that occur."""
    return {v: part_summary(chosen) for v in values
            if (chosen := [o for o in outcomes if getattr(o.question, field) == v])}


def outcome_record(o: OpenOutcome) -> dict[str, Any]:
    record: dict[str, Any] = {"passed": o.passed, "reasons": o.grade.reasons}
    a = o.answer
    if a is None:
        return record
    record |= {"answer": a.text, "lead": lead_of(a), "routed_kind": a.kind, "answerable": a.answerable,
               "verified": a.verified, "latency_ms": round(a.latency_ms, 2),
               "citations": [{"n": c.n, "doc_id": c.doc_id, "start": c.start, "end": c.end, "passage": c.text}
                             for c in a.citations], **answer_fields(a)}
    return record


def build_open_report(questions: Sequence[OpenQuestion], outcomes: Sequence[OpenOutcome],
                      indexes: dict[str, dict[str, Any]]) -> dict[str, Any]:
    pairs = list(zip(questions, outcomes, strict=True))
    kind_split = {k: {s: part_summary([o for q, o in pairs if q.kind == k and q.split == s]) for s in SPLITS}
                  for k in OPEN_KINDS if any(q.kind == k for q in questions)}
    items = [{"id": q.id, "doc": q.doc, "split": q.split, "kind": q.kind, "lang": q.lang, "expect": q.expect,
              "question": q.question, "must": [list(g) for g in q.must], "must_not": list(q.must_not),
              "lead": list(q.lead), "lead_not": list(q.lead_not), "max_chars": q.max_chars,
              "history": [list(t) for t in q.history], "assistant": outcome_record(o)} for q, o in pairs]
    return {"summary": {**part_summary(outcomes), "backend": backend_figures([o.answer for o in outcomes])},
            "by_kind": breakdown(outcomes, "kind", OPEN_KINDS),
            "by_split": breakdown(outcomes, "split", SPLITS),
            "by_lang": breakdown(outcomes, "lang", LANGS),
            "by_expect": breakdown(outcomes, "expect", EXPECTS),
            "by_doc": breakdown(outcomes, "doc", list(indexes)),
            "kind_split": kind_split, "indexes": indexes, "items": items}


def _pct(part: dict[str, Any]) -> str:
    return f"{part['accuracy'] * 100:.1f}% ({part['passed']}/{part['n']})" if part["n"] else "–"


def kind_rows(report: dict[str, Any]) -> list[list[str]]:
    """kind × (all, dev, heldout) accuracy, and the median latency per kind."""
    rows = [["kind", "all", *SPLITS, "latency p50"]]
    for kind, part in report["by_kind"].items():
        splits = report["kind_split"][kind]
        rows.append([kind, _pct(part), *(_pct(splits[s]) for s in SPLITS), f"{part['latency_ms']['p50']:.1f} ms"])
    total = report["summary"]
    rows.append(["overall", _pct(total), *(_pct(report["by_split"].get(s, {"n": 0})) for s in SPLITS),
                 f"{total['latency_ms']['p50']:.1f} ms"])
    return rows


def group_rows(report: dict[str, Any], key: str, title: str) -> list[list[str]]:
    rows = [[title, "accuracy", "latency p50", "errors"]]
    rows += [[name, _pct(p), f"{p['latency_ms']['p50']:.1f} ms", str(p["errors"])] for name, p in report[key].items()]
    return rows


def open_text(report: dict[str, Any]) -> str:
    return "\n\n".join([text_table(kind_rows(report)), text_table(group_rows(report, "by_lang", "language")),
                        text_table(group_rows(report, "by_expect", "expected")),
                        text_table(group_rows(report, "by_doc", "document"))])


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ⏎ ")


def failure_lines(items: list[dict[str, Any]]) -> list[str]:
    failures = [i for i in items if not i["assistant"]["passed"]]
    lines = [f"## Failures ({len(failures)})", ""]
    for item in failures:
        got = item["assistant"]
        lines += [f"### {item['id']} ({item['kind']}, {item['lang']}, expects {item['expect']}, {item['doc']}, "
                  f"{item['split']})", "", f"- question: {_md(item['question'])}"]
        if "answer" in got:
            lines.append(f"- answer ({got['routed_kind']}, answerable={got['answerable']}, "
                         f"{len(got['citations'])} citations): {_md(got['answer'])}")
        lines += [f"- **{_md(reason)}**" for reason in got["reasons"]]
        lines.append("")
    return lines


def open_markdown(report: dict[str, Any]) -> str:
    total = report["summary"]
    lines = ["# Open-question set", "",
             f"{total['n']} questions of every kind a reader asks (issue 9) over {len(report['by_doc'])} documents, "
             "each asked through `ask()` on its own document's store and graded by `eval/open_grader.py` "
             "(required items, forbidden items, the first sentence, length, citations, expected behaviour). "
             "Report only: no thresholds yet.", "",
             "## Accuracy by kind and split", "", md_table(kind_rows(report)), "",
             "## By language", "", md_table(group_rows(report, "by_lang", "language")), "",
             "## By expected behaviour", "", md_table(group_rows(report, "by_expect", "expected")), "",
             "## Per document", "", md_table(group_rows(report, "by_doc", "document")), ""]
    return "\n".join(lines + failure_lines(report["items"]))


def write_open_png(report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    kinds = [*report["by_kind"], "overall"]
    parts: dict[str, list[dict[str, Any]]] = {
        "all": [*report["by_kind"].values(), report["summary"]],
        **{s: [*(report["kind_split"][k][s] for k in report["by_kind"]), report["by_split"].get(s, {"n": 0})]
           for s in SPLITS}}
    fig, bars = plt.subplots(figsize=(13, 4.5))
    width = 0.8 / len(parts)
    for i, (name, values) in enumerate(parts.items()):
        xs = [x + (i - (len(parts) - 1) / 2) * width for x in range(len(kinds))]
        heights = [p["accuracy"] if p["n"] else 0.0 for p in values]
        drawn = bars.bar(xs, heights, width, label=name)
        bars.bar_label(drawn, labels=[f"{h:.0%}" if p["n"] else "" for h, p in zip(heights, values, strict=True)],
                       fontsize=7)
    bars.set_xticks(range(len(kinds)), [f"{k}\n(n={p['n']})" for k, p in zip(kinds, parts["all"], strict=True)],
                    fontsize=8)
    bars.set_ylim(0, 1.1)
    bars.set_ylabel("accuracy")
    bars.set_title("Open-question set: accuracy by kind and split")
    bars.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_open(report: dict[str, Any], out_dir: Path) -> list[Path]:
    return write_all(report, out_dir, STEM, open_markdown, write_open_png)


def evaluate_open(questions_paths: Path | Sequence[Path], docs_dir: Path, store_root: Path, article_store: Path | None,
                  out_dir: Path, say: Say = say_stderr) -> tuple[dict[str, Any], list[Path]]:
    """Load, run, report, write: what `python -m eval --set open` does."""
    from eval.questionset import load_files, load_open_questions

    started = time.perf_counter()
    questions = load_files(questions_paths, load_open_questions)
    outcomes, indexes = run_open(questions, docs_dir, store_root, article_store, say)
    report = build_open_report(questions, outcomes, indexes)
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report, write_open(report, out_dir)
