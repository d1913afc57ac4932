"""The general development set: real documents, each indexed alone into its own store, asked through ask().

`python -m eval --set general` reads eval/questions/general.jsonl (questions with a `doc` and a `split`),
indexes every document of eval/general/ that a question names into storage/general/<doc stem>/ (an
up-to-date store is reused: build_index is a no-op when nothing changed), asks each document's questions
through Assistant.ask with that document's store, grades them with eval/grader.py and writes
eval/report-general.md/.json/.png: per kind, per split (dev / heldout), per document, and the latest
article-set and CMRC summaries beside it when their saved results exist. Report only: no thresholds yet.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator, Mapping, Sequence, Sized
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, TypeVar

from eval.article import Outcome, outcome_record, run_system, say_stderr, summarize
from eval.questionset import FIGURE_SPLITS, Question
from eval.report import (
    failure_lines,
    md_table,
    metric_rows,
    refusal_reasons,
    refusal_rows,
    summary_rows,
    text_table,
    write_all,
)

if TYPE_CHECKING:
    from assistant.api import Assistant

Say = Callable[[str], None]
EVAL_DIR = Path(__file__).resolve().parent
DEFAULT_QUESTIONS = EVAL_DIR / "questions" / "general.jsonl"
DEFAULT_DOCS = EVAL_DIR / "general"
STEM = "report-general"
# saved results shown beside the general set; `python -m eval` writes the first, and a CMRC run is saved
# with `python -m eval cmrc PATH --json > eval/report-cmrc.json` (the cmrc command itself prints only)
ARTICLE_REPORT = EVAL_DIR / "report.json"
CMRC_REPORT = EVAL_DIR / "report-cmrc.json"


class GeneralSetError(ValueError):
    """A question that names no document, or a document that is missing."""


class _AboutDoc(Protocol):
    @property
    def id(self) -> str: ...

    @property
    def doc(self) -> str: ...


_D = TypeVar("_D", bound=_AboutDoc)


def group_by_doc(questions: Sequence[_D], docs_dir: Path) -> dict[str, list[_D]]:
    """Questions per document file, in file order of first mention; every named file must exist."""
    groups: dict[str, list[_D]] = {}
    for q in questions:
        if not q.doc:
            raise GeneralSetError(f"question {q.id} names no document (field 'doc')")
        if not (docs_dir / q.doc).is_file():
            raise GeneralSetError(f"question {q.id}: document {docs_dir / q.doc} not found")
        groups.setdefault(q.doc, []).append(q)
    return groups


def ensure_store(doc_path: Path, settings: Any, embedding: Any, say: Say) -> dict[str, Any]:
    """Index one document alone into settings.store.dir; an unchanged document costs one comparison."""
    from index.build import build_index
    from index.loaders import load_file

    document = load_file(doc_path, doc_path.name)
    report = build_index(settings.store_location(), embedding, documents=[document],
                         chunk_chars=settings.chunk.chars, progress=None)
    if report.errors:
        raise GeneralSetError(f"{doc_path}: " + "; ".join(report.errors))
    return {"seconds": round(report.seconds, 2), "embedded": report.embedded, "added": report.added,
            "reused": report.added == 0 and report.embedded == 0}


def document_assistants(groups: Mapping[str, Sized], docs_dir: Path, store_root: Path, say: Say = say_stderr,
                        label: str = "general") -> Iterator[tuple[str, Assistant, dict[str, Any]]]:
    """For each document of `groups` (document -> its questions), in order: its own store under
    store_root/<doc stem> (indexed when missing or changed, else reused) and an Assistant on it."""
    from assistant.api import Assistant
    from assistant.settings import load_settings
    from index.embed import make_embedding

    base = load_settings()
    embedding = make_embedding(base.embedding.spec)
    for n, (doc, asked) in enumerate(groups.items(), start=1):
        settings = base.with_overrides(store={"dir": store_root / Path(doc).stem})
        index = ensure_store(docs_dir / doc, settings, embedding, say)
        state = "reused" if index["reused"] else f"indexed in {index['seconds']} s"
        say(f"{label}: document {n}/{len(groups)} {doc} {state}; asking {len(asked)} questions")
        yield doc, Assistant(settings), index


def assistants_with_article(groups: Mapping[str, Sized], docs_dir: Path, store_root: Path,
                             article_store: Path | None, say: Say = say_stderr,
                             label: str = "probe") -> Iterator[tuple[str, Assistant]]:
    """Like document_assistants, but the article (the product's own corpus) is asked on its store
    (article_store, else the settings' store) rather than on a per-document copy; it comes first."""
    from assistant.api import Assistant
    from assistant.settings import load_settings
    from eval.questionset import ARTICLE_DOC

    if ARTICLE_DOC in groups:
        yield ARTICLE_DOC, Assistant(load_settings(store={"dir": article_store} if article_store else {}))
    others = {doc: asked for doc, asked in groups.items() if doc != ARTICLE_DOC}
    for doc, assistant, _ in document_assistants(others, docs_dir, store_root, say, label):
        yield doc, assistant


def warm_up(assistant: Assistant, question: str, say: Say = say_stderr) -> None:
    """Model loading and first-call costs are not part of any question's latency: one unmeasured ask() with
    the model held back, the model loaded with its prompt's fixed prefix (Assistant.warm_up)."""
    try:
        assistant.warm_up(question)
    except Exception as exc:  # the engine under test may be broken; the measured run records it
        say(f"warning: the warm-up ask() raised {type(exc).__name__}: {exc}")


def run_general(questions: Sequence[Question], docs_dir: Path, store_root: Path,
                say: Say = say_stderr) -> tuple[list[Outcome], dict[str, dict[str, Any]]]:
    """Every question asked against its own document's store; outcomes in question order."""
    groups = group_by_doc(questions, docs_dir)
    by_id: dict[str, Outcome] = {}
    indexes: dict[str, dict[str, Any]] = {}
    for doc, assistant, index in document_assistants(groups, docs_dir, store_root, say):
        indexes[doc] = index
        asked = groups[doc]
        warm_up(assistant, asked[0].question, say)
        for outcome in run_system(f"assistant {doc}", assistant.ask, asked, say):
            by_id[outcome.question.id] = outcome
    return [by_id[q.id] for q in questions], indexes


def _saved_summary(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None


def side_by_side(general: dict[str, Any], article_path: Path = ARTICLE_REPORT,
                 cmrc_path: Path = CMRC_REPORT) -> list[dict[str, Any]]:
    """One row per evaluation: the general set now, and the article set and CMRC as last saved."""
    mine = general["systems"]["assistant"]
    rows = [{"set": "general", "questions": general["questions"], "accuracy": mine["accuracy"],
             "unanswerable_refused": mine["unanswerable_refusal_rate"],
             "unverified_figures": mine["unverified_figures"], "source": "this run"}]
    article = _saved_summary(article_path)
    if article and "summary" in article:
        a = article["summary"]["systems"]["assistant"]
        rows.append({"set": "article", "questions": article["summary"]["questions"], "accuracy": a["accuracy"],
                     "unanswerable_refused": a["unanswerable_refusal_rate"],
                     "unverified_figures": a["unverified_figures"], "source": str(article_path.name)})
    else:
        rows.append({"set": "article", "source": f"no saved result ({article_path.name}; run python -m eval)"})
    cmrc = _saved_summary(cmrc_path)
    if cmrc and "systems" in cmrc:
        c = cmrc["systems"].get("assistant", {})
        rows.append({"set": "cmrc", "questions": cmrc.get("numeric_questions"),
                     "accuracy": c.get("numeric_accuracy"), "em": c.get("em"), "f1": c.get("f1"),
                     "refusal_rate": c.get("refusal_rate"), "source": str(cmrc_path.name)})
    else:
        rows.append({"set": "cmrc", "source": f"no saved result ({cmrc_path.name}; run python -m eval cmrc "
                                              f"PATH --json > eval/{cmrc_path.name})"})
    return rows


def build_general_report(questions: Sequence[Question], outcomes: Sequence[Outcome],
                         indexes: dict[str, dict[str, Any]], article_path: Path = ARTICLE_REPORT,
                         cmrc_path: Path = CMRC_REPORT) -> dict[str, Any]:
    pairs = list(zip(questions, outcomes, strict=True))

    def part(field: str = "", value: str = "") -> dict[str, Any]:
        chosen = [(q, o) for q, o in pairs if not field or getattr(q, field) == value]
        return summarize([q for q, _ in chosen], {"assistant": [o for _, o in chosen]})

    summary = part()
    splits = {s: part("split", s) for s in FIGURE_SPLITS if any(q.split == s for q in questions)}
    docs = {d: part("doc", d) for d in indexes}
    items = [{"id": q.id, "doc": q.doc, "split": q.split, "kind": q.kind, "question": q.question,
              "expected": list(q.expected), "evidence": q.evidence, "history": [list(t) for t in q.history],
              "assistant": outcome_record(o)} for q, o in pairs]
    return {"summary": summary, "splits": splits, "documents": docs, "indexes": indexes,
            "side_by_side": side_by_side(summary, article_path, cmrc_path), "items": items,
            "refusal_reasons": {name: refusal_reasons([(o.answer.refusal, _group(q)) for q, o in chosen
                                                       if o.answer is not None and not o.answer.answerable])
                                for name, chosen in [("all", pairs), *(
                                    (s, [(q, o) for q, o in pairs if q.split == s]) for s in splits)]}}


REFUSAL_GROUPS = ("answerable", "unanswerable")


def _group(q: Question) -> str:
    return "answerable" if q.answerable else "unanswerable"


def reason_rows(report: dict[str, Any]) -> list[list[str]]:
    """Why questions were refused, over all splits (each split's own table is in the JSON)."""
    return refusal_rows(report.get("refusal_reasons", {}).get("all", {}), REFUSAL_GROUPS)


def _pct(x: Any) -> str:
    return "–" if x is None else f"{float(x) * 100:.1f}%"


def split_rows(report: dict[str, Any]) -> list[list[str]]:
    """kind × (all, dev, heldout) accuracy of the assistant."""
    parts = {"all": report["summary"], **report["splits"]}
    rows = [["kind", *(f"{name} (n)" for name in parts)]]
    kinds = [row[0] for row in summary_rows(report["summary"])[1:-1]]
    for kind in kinds:
        rows.append([kind, *(f"{_pct(p['systems']['assistant']['by_kind'][kind])} ({p['counts'][kind]})"
                             for p in parts.values())])
    rows.append(["overall", *(f"{_pct(p['systems']['assistant']['accuracy'])} ({p['questions']})"
                              for p in parts.values())])
    return rows


def document_rows(report: dict[str, Any]) -> list[list[str]]:
    splits = {item["doc"]: item["split"] for item in report["items"]}
    rows = [["document", "split", "n", "accuracy", "unanswerable refused", "unverified figures", "index"]]
    for doc, part in report["documents"].items():
        mine = part["systems"]["assistant"]
        index = report["indexes"][doc]
        rows.append([doc, splits.get(doc, ""), str(part["questions"]), _pct(mine["accuracy"]),
                     _pct(mine["unanswerable_refusal_rate"]), str(mine["unverified_figures"]),
                     "reused" if index["reused"] else f"{index['seconds']} s, {index['embedded']} embedded"])
    return rows


def side_rows(report: dict[str, Any]) -> list[list[str]]:
    rows = [["set", "questions", "accuracy", "unanswerable refused / refusal rate", "unverified figures",
             "EM / F1", "source"]]
    for r in report["side_by_side"]:
        refused = r.get("unanswerable_refused", r.get("refusal_rate"))
        em_f1 = f"{r['em']:.3f} / {r['f1']:.3f}" if r.get("em") is not None and r.get("f1") is not None else "–"
        rows.append([r["set"], str(r.get("questions", "–")), _pct(r.get("accuracy")), _pct(refused),
                     str(r.get("unverified_figures", "–")), em_f1, r["source"]])
    return rows


def general_text(report: dict[str, Any]) -> str:
    return "\n\n".join([text_table(split_rows(report)), text_table(metric_rows(report["summary"])),
                        text_table(document_rows(report)), text_table(side_rows(report)),
                        text_table(reason_rows(report))])


def general_markdown(report: dict[str, Any]) -> str:
    summary = report["summary"]
    lines = ["# General development set", "",
             f"{summary['questions']} questions over {len(report['documents'])} real documents "
             "(eval/questions/SOURCES.md), each document indexed alone into its own store and asked through "
             "`ask()`; graded by `eval/grader.py`. Report only: no thresholds yet.", "",
             "## Side by side", "", md_table(side_rows(report)), "",
             "## Accuracy by kind and split", "", md_table(split_rows(report)), "",
             "## Other measures (all questions)", "", md_table(metric_rows(summary)), "",
             "## Per document", "", md_table(document_rows(report)), "",
             "## Refusal reasons (all splits; per split in the JSON)", "", md_table(reason_rows(report)), ""]
    lines += failure_lines(report["items"], "Failures", where=("doc", "split"))
    return "\n".join(lines)


def write_general_png(report: dict[str, Any], path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    parts = {"all": report["summary"], **report["splits"]}
    kinds = [row[0] for row in summary_rows(report["summary"])[1:-1]] + ["overall"]
    fig, (bars, docs) = plt.subplots(1, 2, figsize=(13, 4.5), gridspec_kw={"width_ratios": [3, 2]})
    width = 0.8 / len(parts)
    for i, (name, p) in enumerate(parts.items()):
        mine = p["systems"]["assistant"]
        values = [mine["accuracy"] if k == "overall" else mine["by_kind"][k] for k in kinds]
        xs = [x + (i - (len(parts) - 1) / 2) * width for x in range(len(kinds))]
        drawn = bars.bar(xs, values, width, label=f"{name} (n={p['questions']})")
        bars.bar_label(drawn, labels=[f"{v:.0%}" for v in values], fontsize=7)
    bars.set_xticks(range(len(kinds)), kinds)
    bars.set_ylim(0, 1.1)
    bars.set_ylabel("accuracy")
    bars.set_title("General set: accuracy by kind and split")
    bars.legend(fontsize=8)
    names = list(report["documents"])
    values = [report["documents"][d]["systems"]["assistant"]["accuracy"] for d in names]
    drawn = docs.barh(range(len(names)), values)
    docs.bar_label(drawn, labels=[f"{v:.0%}" for v in values], fontsize=7)
    docs.set_yticks(range(len(names)), names, fontsize=8)
    docs.set_xlim(0, 1.1)
    docs.set_title("Accuracy per document")
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def write_general(report: dict[str, Any], out_dir: Path) -> list[Path]:
    return write_all(report, out_dir, STEM, general_markdown, write_general_png)


def evaluate_general(questions_paths: Path | Sequence[Path], docs_dir: Path, store_root: Path, out_dir: Path,
                     say: Say = say_stderr) -> tuple[dict[str, Any], list[Path]]:
    """Load, run, report, write: what `python -m eval --set general` does. Several question files (say
    general.jsonl and general_dev2.jsonl) are asked as one set, each split its own column."""
    from eval.questionset import load_files, load_questions

    started = time.perf_counter()
    questions = load_files(questions_paths, load_questions)
    outcomes, indexes = run_general(questions, docs_dir, store_root, say)
    report = build_general_report(questions, outcomes, indexes)
    report["seconds"] = round(time.perf_counter() - started, 1)
    return report, write_general(report, out_dir)
