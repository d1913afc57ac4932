"""CMRC 2018 (any SQuAD-style file) as one open-retrieval corpus: every paragraph is a document.

Each question goes through Assistant.ask() and through the baseline. Measured per system: retrieval of
the gold paragraph (hit@1, hit@5, MRR over distinct paragraphs), numeric-answer accuracy (questions
whose gold answer holds a digit), the official EM / F1, refusal rate and latency.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

from llama_index.core.schema import NodeWithScore, QueryBundle

from assistant.types import Answer
from assistant.verify import strip_markers
from eval.cmrc_metrics import em_score, f1_score
from eval.grader import MAX_ANSWER_CHARS
from eval.metrics import percentile, rank_metrics, rate
from eval.report import refusal_reasons, refusal_rows, text_table
from index.loaders import SourceDocument

Say = Callable[[str], None]
T = TypeVar("T")
PROGRESS_EVERY = 25
MARKER_FILE = "cmrc-source.json"
HALVES = ("dev", "heldout")
CMRC_GROUPS = ("numeric", "other")
_DIGIT = re.compile(r"[0-9０-９]")


class CmrcError(ValueError):
    """A file that is not SQuAD-style CMRC data."""


@dataclass(frozen=True)
class CmrcQuestion:
    id: str
    question: str
    answers: tuple[str, ...]
    paragraph_id: str

    @property
    def numeric(self) -> bool:
        return any(_DIGIT.search(a) for a in self.answers)


def cmrc_half(paragraph_id: str) -> str:
    """The development ("dev") or held-out ("heldout") half a CMRC paragraph belongs to: by the first byte
    of its id's sha256, so the split is fixed, even and rebuilt by anyone. Reading rules and the learned
    ranker are developed on the dev half; the held-out half is reported beside it."""
    return "dev" if hashlib.sha256(paragraph_id.encode("utf-8")).digest()[0] % 2 == 0 else "heldout"


def load_cmrc(path: Path) -> tuple[list[SourceDocument], list[CmrcQuestion]]:
    """Paragraphs (doc_id = paragraph id) and questions of a SQuAD-style file."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        articles = raw["data"]
    except (OSError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise CmrcError(f"{path}: not a SQuAD-style JSON file ({exc})") from exc
    documents: list[SourceDocument] = []
    questions: list[CmrcQuestion] = []
    seen: set[str] = set()
    for a, article in enumerate(articles):
        for p, para in enumerate(article.get("paragraphs", [])):
            pid = str(para.get("id") or f"{article.get('id', a)}-{p}")
            if pid in seen:
                raise CmrcError(f"{path}: duplicate paragraph id {pid!r}")
            seen.add(pid)
            context = str(para.get("context", ""))
            if not context.strip():
                continue
            meta = {"title": str(article.get("title", ""))}
            documents.append(SourceDocument(pid, context, path, meta))
            for qa in para.get("qas", []):
                texts = (str(x["text"]) for x in qa.get("answers", []))
                answers = tuple(dict.fromkeys(t for t in texts if t.strip()))
                if answers:
                    questions.append(CmrcQuestion(str(qa["id"]), str(qa["question"]), answers, pid))
    if not documents or not questions:
        raise CmrcError(f"{path}: no paragraphs with answered questions")
    return documents, questions


def default_store(path: Path, store_root: Path) -> Path:
    return store_root / f"cmrc-{_slug(path.stem)}"


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "-", text).strip("-._") or "data"


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def ensure_index(path: Path, documents: Sequence[SourceDocument], settings: Any, say: Say) -> dict[str, Any]:
    """Build (or bring up to date) the store for this file; skipped when it was built from the same file."""
    from index.build import build_index
    from index.chunk import INDEX_FORMAT
    from index.embed import make_embedding
    from index.store import store_exists

    location = settings.store_location()
    marker = settings.store.dir / MARKER_FILE
    # the index format is part of what was built: a store from older cleaning/chunking code is rebuilt
    source = {"sha256": _sha256(path), "chunk_chars": settings.chunk.chars, "embedding": settings.embedding.spec,
              "collection": settings.store.collection, "chroma_server": location.chroma_server,
              "index_format": INDEX_FORMAT}
    try:
        previous = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        previous = None
    if previous == source and store_exists(location):
        say(f"cmrc: reusing the index in {settings.store.dir}")
        return {"reused": True, "seconds": 0.0, "embedded": 0}
    say(f"cmrc: indexing {len(documents)} paragraphs into {settings.store.dir}")
    marker.unlink(missing_ok=True)
    report = build_index(location, make_embedding(settings.embedding.spec), documents=documents,
                         chunk_chars=settings.chunk.chars, progress=_every(say, 20))
    if report.errors:
        raise CmrcError("; ".join(report.errors))
    marker.write_text(json.dumps(source, indent=2), encoding="utf-8")
    return {"reused": False, "seconds": report.seconds, "embedded": report.embedded, "added": report.added}


def _every(say: Say, n: int) -> Callable[[str], None]:
    count = 0

    def shown(message: str) -> None:
        nonlocal count
        count += 1
        if count % n == 1 or not message.startswith("embedding"):
            say(message)

    return shown


def paragraph_rank(hits: Sequence[NodeWithScore], paragraph_id: str) -> int | None:
    """1-based rank of the gold paragraph among the distinct paragraphs of the hits."""
    seen: list[str] = []
    for hit in hits:
        meta_id = hit.node.metadata.get("doc_id") or getattr(hit.node, "ref_doc_id", None) or ""
        doc_id = str(meta_id)
        if doc_id not in seen:
            seen.append(doc_id)
            if doc_id == paragraph_id:
                return len(seen)
    return None


def numeric_correct(answers: Sequence[str], answer_text: str) -> bool:
    """A gold figure stated in a concise answer (same quantity), or the gold text itself in it."""
    from assistant.figures import parse_figures, same_quantity

    text = strip_markers(answer_text)
    if len(text) > MAX_ANSWER_CHARS:
        return False
    if any(gold.strip() and gold.strip() in text for gold in answers):
        return True
    stated = parse_figures(text)
    return any(same_quantity(f, g) for gold in answers for g in parse_figures(gold) for f in stated)


@dataclass
class Tally:
    """Per-system accumulators."""

    ranks: list[int | None] = field(default_factory=list)
    em: list[float] = field(default_factory=list)
    f1: list[float] = field(default_factory=list)
    numeric: list[bool] = field(default_factory=list)
    refused: int = 0
    errors: int = 0
    # (refusal reason, "numeric" | "other") of each refused question (CMRC questions are all answerable)
    refusals: list[tuple[str, str]] = field(default_factory=list)
    latency: list[float] = field(default_factory=list)

    def add(self, q: CmrcQuestion, answer: Answer | None, rank: int | None) -> None:
        self.ranks.append(rank)
        if answer is None:
            self.errors += 1
            self.em.append(0.0)
            self.f1.append(0.0)
            if q.numeric:
                self.numeric.append(False)
            return
        prediction = strip_markers(answer.text)
        self.em.append(em_score(q.answers, prediction))
        self.f1.append(f1_score(q.answers, prediction))
        if q.numeric:
            self.numeric.append(numeric_correct(q.answers, answer.text))
        self.refused += not answer.answerable
        if not answer.answerable:
            self.refusals.append((answer.refusal, "numeric" if q.numeric else "other"))
        self.latency.append(answer.latency_ms)

    def summary(self) -> dict[str, float]:
        n = len(self.ranks)
        ranks = rank_metrics(self.ranks, (1, 5))
        return {"hit@1": ranks["hit@1"], "hit@5": ranks["hit@5"], "mrr": ranks["mrr"],
                "numeric_accuracy": rate(sum(self.numeric), len(self.numeric)),
                "em": sum(self.em) / n if n else 0.0, "f1": sum(self.f1) / n if n else 0.0,
                "refusal_rate": rate(self.refused, n), "errors": float(self.errors),
                "latency_p50_ms": percentile(self.latency, 50),
                "latency_p95_ms": percentile(self.latency, 95)}


def answer_path(answer: Answer | None) -> str:
    """Which path produced an answer, for sorting misses: "error", "refused", "computed" (a figure the
    engine worked out), "figure" (a figure cited as stated) or "quoted" (a sentence with no figure used)."""
    if answer is None:
        return "error"
    if not answer.answerable:
        return "refused"
    if any(u.source == "computation" for u in answer.figures):
        return "computed"
    return "figure" if answer.figures else "quoted"


def question_record(q: CmrcQuestion, answer: Answer | None, rank: int | None) -> dict[str, Any]:
    """One question's outcome as a row of the per-question file (for classifying misses by hand)."""
    text = strip_markers(answer.text) if answer is not None else ""
    return {"id": q.id, "half": cmrc_half(q.paragraph_id), "question": q.question, "gold": list(q.answers),
            "numeric": q.numeric, "answer": text, "refused": answer is not None and not answer.answerable,
            "refusal": answer.refusal if answer is not None else "",
            "path": answer_path(answer), "rank": rank,
            "numeric_correct": numeric_correct(q.answers, answer.text) if answer is not None and q.numeric else None,
            "em": em_score(q.answers, text) if answer is not None else 0.0,
            "f1": f1_score(q.answers, text) if answer is not None else 0.0}


def _attempt(fn: Callable[..., T], *args: Any) -> T | None:
    """fn(*args), or None when it raises: the engine under test may reject a question (the CMRC trial
    file has an empty one); that question then counts as wrong instead of stopping the run."""
    try:
        return fn(*args)
    except Exception:
        return None


def run_cmrc(path: Path, store: Path | None = None, limit: int | None = None, say: Say | None = None,
             with_baseline: bool = True, half: str | None = None, numeric_only: bool = False,
             records: Path | None = None) -> dict[str, Any]:
    """Every question (or those of one half, or those with a digit in the gold answer) through the
    assistant and the baseline. The assistant is also summarised per half (dev / heldout); `records`
    receives one row per question (see question_record)."""
    from assistant.api import Assistant
    from assistant.retrieve import HybridRetriever
    from assistant.settings import load_settings
    from eval.article import say_stderr
    from eval.baseline import Baseline

    say = say or say_stderr
    started = time.perf_counter()
    documents, questions = load_cmrc(path)
    if half is not None:
        questions = [q for q in questions if cmrc_half(q.paragraph_id) == half]
    if numeric_only:
        questions = [q for q in questions if q.numeric]
    if limit is not None:
        questions = questions[:limit]
    base = load_settings()
    store_dir = store or default_store(path, base.store.dir)
    settings = base.with_overrides(store={"dir": store_dir, "collection": f"cmrc-{_slug(path.stem)}"[:60]})
    index_info = ensure_index(path, documents, settings, say)
    assistant = Assistant(settings)
    deep = HybridRetriever(list(assistant.retrievers.values()), top_k=settings.retrieval.candidates,
                           rrf_k=settings.retrieval.rrf_k)
    baseline = None
    if with_baseline:
        baseline = Baseline(documents, assistant.embedding, top_k=settings.retrieval.top_k,
                            depth=settings.retrieval.candidates, cache_path=settings.store_location().embedding_cache)
    # warm-up (model loading, caches): not measured; no answer generated (Assistant.warm_up)
    _attempt(assistant.warm_up, questions[0].question)
    if baseline is not None:
        _attempt(baseline.ask, questions[0].question)

    tallies = {"assistant": Tally()} | ({"baseline": Tally()} if baseline else {})
    halves = {name: Tally() for name in HALVES}
    rows: list[dict[str, Any]] = []
    asking = time.perf_counter()
    for i, q in enumerate(questions, start=1):
        hits = _attempt(deep.retrieve, QueryBundle(q.question)) or []
        answer = _attempt(assistant.ask, q.question)
        rank = paragraph_rank(hits, q.paragraph_id)
        tallies["assistant"].add(q, answer, rank)
        halves[cmrc_half(q.paragraph_id)].add(q, answer, rank)
        rows.append(question_record(q, answer, rank))
        if baseline is not None:
            t0 = time.perf_counter()
            hits = _attempt(baseline.retrieve, q.question) or []
            answer = baseline.answer_from(q.question, hits, t0) if hits else None
            tallies["baseline"].add(q, answer, paragraph_rank(hits, q.paragraph_id))
        if i % PROGRESS_EVERY == 0 or i == len(questions):
            spent = time.perf_counter() - asking
            left = spent / i * (len(questions) - i)
            say(f"cmrc: {i}/{len(questions)} questions ({spent:.0f} s, ~{left:.0f} s left)")
    if records is not None:
        records.write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
    return {
        "file": str(path), "half": half or "all", "store": str(store_dir), "paragraphs": len(documents),
        "questions": len(questions),
        "numeric_questions": sum(q.numeric for q in questions), "index": index_info,
        "retrieval_depth": settings.retrieval.candidates,
        "systems": {name: t.summary() for name, t in tallies.items()},
        "halves": {name: {"questions": len(t.ranks), "numeric_questions": len(t.numeric)} | t.summary()
                   for name, t in halves.items() if t.ranks},
        "refusal_reasons": refusal_reasons(tallies["assistant"].refusals),
        "seconds": time.perf_counter() - started,
    }


COLUMNS = [("hit@1", "hit@1"), ("hit@5", "hit@5"), ("mrr", "MRR"), ("numeric_accuracy", "numeric acc"),
           ("em", "EM"), ("f1", "F1"), ("refusal_rate", "refusals"), ("latency_p50_ms", "p50 ms"),
           ("latency_p95_ms", "p95 ms"), ("errors", "errors")]


def cmrc_table(result: dict[str, Any]) -> str:
    head = (f"{result['file']}: {result['paragraphs']} paragraphs, {result['questions']} questions "
            f"({result['numeric_questions']} with a digit in the gold answer); "
            f"gold-paragraph retrieval over {result['retrieval_depth']} passages; {result['seconds']:.0f} s")
    lines = [head, f"{'system':<10}" + "".join(f"{label:>12}" for _, label in COLUMNS)]
    for name, s in result["systems"].items():
        cells = [f"{s[key]:>12.1f}" if key.endswith("_ms") else f"{int(s[key]):>12d}" if key == "errors"
                 else f"{s[key]:>12.3f}" for key, _ in COLUMNS]
        lines.append(f"{name:<10}" + "".join(cells))
    for name, s in result.get("halves", {}).items():  # the assistant on each half of the paragraphs
        cells = [f"{s[key]:>12.1f}" if key.endswith("_ms") else f"{int(s[key]):>12d}" if key == "errors"
                 else f"{s[key]:>12.3f}" for key, _ in COLUMNS]
        counts = f"   ({s['questions']} q, {s['numeric_questions']} numeric)"
        lines.append(f"{'  ' + name:<10}" + "".join(cells) + counts)
    if result.get("refusal_reasons"):
        lines += ["", "assistant's refusals by reason:", text_table(refusal_rows(result["refusal_reasons"],
                                                                                   CMRC_GROUPS))]
    return "\n".join(lines)
