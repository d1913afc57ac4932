"""python -m eval [article] | --set general | --set open | retrieval | cmrc PATH

  (no command) / article   the article question set through ask() and the baseline; writes
                           eval/report.md, report.json, report.png; exits 1 below eval/thresholds.json
  --set general / general   the general set of real documents (eval/questions/general.jsonl), each
                           document in its own store under storage/general/; writes
                           eval/report-general.md/.json/.png (report only, exit 0)
  --set open / open         the open-question set (eval/questions/open.jsonl: summaries, lists, who/what,
                           yes/no, multi-part, chit-chat, declines), the article's questions on the
                           article store and the others on storage/general/; writes
                           eval/report-open.md/.json/.png (report only, exit 0)
  --backend NAME            (before or after the set) who answers open questions: extractive (default),
                           llamacpp, openai_like or auto (settings.llm, ASSISTANT_LLM_*); reports of a
                           generative backend go to eval/backend-<name>/ unless --out says otherwise
  retrieval                hit@1/3/5 and MRR of the evidence passage: BM25, dense, hybrid
  cmrc PATH                a SQuAD-style CMRC file as one corpus: retrieval, numeric accuracy, EM/F1
  operands                 the operand probe: every dev computed question's operands (from its note), each
                           with the stage where it is lost (retrieval, unit, period, entity, attribute, subset,
                           lookup) or used; counts per stage and per outcome
  lookup_probe REPORT      the lookup probe: each lookup and unanswerable row of a general report asked again,
                           put at the stage where it is lost (text, chunks, retrieval, candidates, a refusal bar,
                           outranked); --counts-only prints the counts per stage alone (validation reports)
  compute-stages           the stage probe over an eval report's computed rows (no engine run): right, refused
                           (per reason), not routed, no working shown, wrong operation, operands, arithmetic,
                           rounding, grading; --counts-only prints counts only (the form for validation)
  backends                 the runs of each backend side by side (eval/ and eval/backend-<name>/): accuracy
                           by kind, unverified rate, refusals, resolutions, latency and first-token p50/p95
  train-ranker             retrain the learned candidate ranker from the article set, every general dev file
                           (dev, dev2, dev3, dev5, new_dev) and the CMRC trial numeric dev half; writes
                           assistant/models/ranker.json
  train-acceptance         retrain the calibrated answer/refuse decision from the same development lists
                           (leave-one-document-out figures in the file); writes assistant/models/acceptance.json
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

EVAL_DIR = Path(__file__).resolve().parent
DEFAULT_QUESTIONS = EVAL_DIR / "questions" / "article.jsonl"
DEFAULT_THRESHOLDS = EVAL_DIR / "thresholds.json"
DEFAULT_CMRC = EVAL_DIR.parent.parent / "shared" / "benchmarks" / "cmrc2018" / "cmrc2018_trial.json"
COMMANDS = ("article", "general", "open", "retrieval", "cmrc", "train-ranker", "train-acceptance", "backends",
            "operands", "lookup_probe", "compute-stages")
BACKENDS = ("extractive", "llamacpp", "openai_like", "auto")
SETS = ("article", "general", "open")  # --set NAME is the same as the command NAME


def _settings(args: argparse.Namespace) -> Any:
    from assistant.settings import load_settings

    return load_settings(store={"dir": args.store}, corpus={"dir": getattr(args, "corpus", None)})


def cmd_article(args: argparse.Namespace) -> int:
    from assistant.api import Assistant
    from eval.article import build_report, load_thresholds, run_system
    from eval.baseline import Baseline
    from eval.general import warm_up
    from eval.questionset import load_questions
    from eval.report import summary_text, write_all
    from index.loaders import iter_corpus

    thresholds = load_thresholds(args.thresholds)
    questions = load_questions(args.questions)
    settings = _settings(args)
    assistant = Assistant(settings)
    baseline = Baseline(list(iter_corpus(settings.corpus.dir)), assistant.embedding, top_k=settings.retrieval.top_k,
                        cache_path=settings.store_location().embedding_cache)
    warm = questions[0].question  # model loading and first-call costs are not measured
    warm_up(assistant, warm)
    baseline.ask(warm)
    systems = {"assistant": run_system("assistant", assistant.ask, questions),
               "baseline": run_system("baseline", baseline.ask, questions)}
    report = build_report(questions, systems, thresholds)
    written = write_all(report, args.out)
    print(summary_text(report))
    print("wrote " + ", ".join(str(p) for p in written))
    return 1 if report["summary"]["threshold_failures"] else 0


def cmd_general(args: argparse.Namespace) -> int:
    from eval.general import evaluate_general, general_text

    store_root = args.store or _settings(args).store.dir / "general"
    report, written = evaluate_general(args.questions, args.docs, store_root, args.out)
    print(general_text(report))
    print("wrote " + ", ".join(str(p) for p in written))
    return 0


def cmd_open(args: argparse.Namespace) -> int:
    from eval.open import evaluate_open, open_text

    store_root = args.store or _settings(args).store.dir / "general"
    report, written = evaluate_open(args.questions, args.docs, store_root, args.article_store, args.out)
    print(open_text(report))
    print("wrote " + ", ".join(str(p) for p in written))
    return 0


def cmd_retrieval(args: argparse.Namespace) -> int:
    from assistant.api import Assistant
    from eval.questionset import load_questions
    from eval.retrieval import eval_retrievers, evaluate_retrieval, misses, retrieval_table

    questions = load_questions(args.questions)
    assistant = Assistant(_settings(args))
    retrievers = eval_retrievers(assistant)
    from assistant.chat import resolve

    def asked(q: Any) -> str:  # the query ask() itself sends to the retriever
        return str(assistant.engine.with_hints(resolve(q.question, [tuple(t) for t in q.history])))

    result = evaluate_retrieval(retrievers, questions, asked)
    if args.json:
        print(json.dumps(result, ensure_ascii=False, indent=2))
        return 0
    print(retrieval_table(result, list(retrievers)))
    missed = misses(result, questions)
    if missed:
        print(f"\nhybrid misses at 5 ({len(missed)}):")
        print("\n".join(f"  {m}" for m in missed))
    return 0


def cmd_cmrc(args: argparse.Namespace) -> int:
    from eval.cmrc import cmrc_table, run_cmrc

    result = run_cmrc(args.path, store=args.store, limit=args.limit, with_baseline=not args.no_baseline,
                      half=args.half, numeric_only=args.numeric, records=args.records)
    print(json.dumps(result, ensure_ascii=False, indent=2) if args.json else cmrc_table(result))
    return 0


def cmd_train_ranker(args: argparse.Namespace) -> int:
    from eval.article import say_stderr
    from eval.ranker import train

    settings = _settings(args)
    result = train(None if args.no_article else args.questions, settings,
                   None if args.no_general else args.general_questions, args.docs,
                   args.general_store or settings.store.dir / "general",
                   None if args.no_cmrc else args.cmrc, args.out, say_stderr, args.rows, args.from_rows)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    print(f"wrote {args.out}")
    return 0


def cmd_train_acceptance(args: argparse.Namespace) -> int:
    from eval.acceptance import record_groups, train
    from eval.article import say_stderr
    from eval.ranker import load_rows, save_rows

    if args.from_rows is not None:
        groups = load_rows(args.from_rows)
    else:
        settings = _settings(args)
        groups = record_groups(None if args.no_article else args.questions, settings,
                               None if args.no_general else args.general_questions, args.docs,
                               args.general_store or settings.store.dir / "general",
                               None if args.no_cmrc else args.cmrc, say_stderr)
    if args.rows is not None:
        save_rows(groups, args.rows)
    result = train(groups, args.out, say_stderr)
    print(json.dumps(result, ensure_ascii=False, indent=2))
    print(f"wrote {args.out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m eval", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    article = sub.add_parser("article", help="the article question set (the default command)")
    article.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    article.add_argument("--store", type=Path, help="store folder (default ./storage)")
    article.add_argument("--corpus", type=Path, help="corpus folder (default ./corpus)")
    article.add_argument("--out", type=Path, default=EVAL_DIR, help="folder for report.md/.json/.png")
    article.add_argument("--thresholds", type=Path, default=DEFAULT_THRESHOLDS)
    article.set_defaults(func=cmd_article)
    from eval.general import DEFAULT_DOCS
    from eval.general import DEFAULT_QUESTIONS as GENERAL_QUESTIONS

    general = sub.add_parser("general", help="the general set of real documents (also: --set general)")
    general.add_argument("--questions", type=Path, nargs="+", default=[GENERAL_QUESTIONS],
                         help="question files, asked as one set (e.g. general.jsonl general_dev2.jsonl)")
    general.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="folder of the documents")
    general.add_argument("--store", type=Path, help="folder for the per-document stores "
                                                     "(default storage/general)")
    general.add_argument("--out", type=Path, default=EVAL_DIR, help="folder for report-general.md/.json/.png")
    general.set_defaults(func=cmd_general)
    from eval.open import DEFAULT_QUESTIONS as OPEN_QUESTIONS

    open_set = sub.add_parser("open", help="the open-question set of every kind (also: --set open)")
    open_set.add_argument("--questions", type=Path, nargs="+", default=[OPEN_QUESTIONS],
                          help="question files, asked as one set (e.g. open.jsonl open_dev2.jsonl)")
    open_set.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="folder of the general documents")
    open_set.add_argument("--store", type=Path, help="folder for the per-document stores "
                                                      "(default storage/general)")
    open_set.add_argument("--article-store", type=Path, help="the article store (default ./storage)")
    open_set.add_argument("--out", type=Path, default=EVAL_DIR, help="folder for report-open.md/.json/.png")
    open_set.set_defaults(func=cmd_open)
    retrieval = sub.add_parser("retrieval", help="evidence-passage retrieval: BM25, dense, hybrid")
    retrieval.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS)
    retrieval.add_argument("--store", type=Path)
    retrieval.add_argument("--corpus", type=Path)
    retrieval.add_argument("--json", action="store_true")
    retrieval.set_defaults(func=cmd_retrieval)
    cmrc = sub.add_parser("cmrc", help="a SQuAD-style CMRC file as one corpus")
    cmrc.add_argument("path", type=Path)
    cmrc.add_argument("--store", type=Path, help="store folder (default storage/cmrc-<file stem>)")
    cmrc.add_argument("--limit", type=int, help="only the first N questions")
    cmrc.add_argument("--json", action="store_true", help="print the result as JSON")
    cmrc.add_argument("--no-baseline", action="store_true", help="skip the stock llama-index baseline")
    cmrc.add_argument("--half", choices=("dev", "heldout"), help="only the questions of one half (eval.cmrc.cmrc_half)")
    cmrc.add_argument("--numeric", action="store_true", help="only the questions with a digit in the gold answer")
    cmrc.add_argument("--records", type=Path, default=EVAL_DIR / "cmrc-questions.json",
                      help="where the per-question results go (default eval/cmrc-questions.json)")
    cmrc.set_defaults(func=cmd_cmrc)
    from assistant.ranker import MODEL_PATH

    # the development lists both trainers record (train-ranker, train-acceptance)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--questions", type=Path, default=DEFAULT_QUESTIONS, help="the article question set")
    common.add_argument("--store", type=Path, help="the article store (default ./storage)")
    common.add_argument("--corpus", type=Path, help="the article corpus (default ./corpus)")
    # every development file of the general set (their held-out splits are never asked); never a held-out file
    dev_files = [GENERAL_QUESTIONS.with_name(n) for n in (
        "general.jsonl", "general_dev2.jsonl", "general_dev3.jsonl", "general_dev5.jsonl", "general_new_dev.jsonl",
        "general_dev6.jsonl", "general_en_dev.jsonl", "general_en_unanswerable_dev.jsonl")]
    common.add_argument("--general-questions", type=Path, nargs="+", default=dev_files,
                        help="general question files (default: general.jsonl and the dev2/dev3/dev5/new_dev/dev6/"
                             "en_dev/en_unanswerable_dev files; their held-out splits are never asked)")
    common.add_argument("--docs", type=Path, default=DEFAULT_DOCS)
    common.add_argument("--general-store", type=Path, help="default: <store>/general")
    common.add_argument("--cmrc", type=Path, default=DEFAULT_CMRC, help="the CMRC 2018 trial file (its dev half)")
    common.add_argument("--no-article", action="store_true")
    common.add_argument("--no-general", action="store_true")
    common.add_argument("--no-cmrc", action="store_true")
    common.add_argument("--rows", type=Path, help="also save the recorded candidate lists (JSON)")
    common.add_argument("--from-rows", type=Path, help="refit from saved lists instead of asking again")
    train = sub.add_parser("train-ranker", parents=[common],
                           help="retrain the learned candidate ranker (assistant/models/ranker.json)")
    train.add_argument("--out", type=Path, default=MODEL_PATH, help="where to write the model")
    train.set_defaults(func=cmd_train_ranker)
    from assistant.acceptance import MODEL_PATH as ACCEPTANCE_PATH

    accept = sub.add_parser("train-acceptance", parents=[common],
                            help="retrain the calibrated answer/refuse decision (assistant/models/acceptance.json)")
    accept.add_argument("--out", type=Path, default=ACCEPTANCE_PATH, help="where to write the model")
    accept.set_defaults(func=cmd_train_acceptance)
    operands = sub.add_parser("operands", help="the operand probe: where each dev computed question is lost")
    operands.add_argument("--questions", type=Path, nargs="+", default=[GENERAL_QUESTIONS],
                          help="general question files; only their computed questions of dev splits are asked")
    operands.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="folder of the documents")
    operands.add_argument("--store", type=Path, help="folder for the per-document stores (default storage/general)")
    operands.add_argument("--counts-only", action="store_true",
                          help="held-out rows too, printed as counts only (the form for validation sets)")
    operands.set_defaults(func=cmd_operands)
    lookup = sub.add_parser("lookup_probe", help="the lookup probe: the stage where each lookup of a report is lost")
    lookup.add_argument("report", type=Path, help="a general report (DIR/report-general.json)")
    lookup.add_argument("--counts-only", action="store_true",
                        help="print the counts per stage only (never a question, id or figure): validation reports")
    lookup.add_argument("--held-out", action="store_true",
                        help="probe the held-out splits' rows (validation) instead of the others; needs --counts-only")
    lookup.add_argument("--kinds", nargs="+", default=["lookup", "unanswerable"], help="the kinds of rows probed")
    lookup.add_argument("--docs", type=Path, default=DEFAULT_DOCS, help="folder of the documents")
    lookup.add_argument("--store", type=Path, help="folder for the per-document stores (default storage/general)")
    lookup.set_defaults(func=cmd_lookup_probe)
    stages = sub.add_parser("compute-stages", help="where an eval report's computed questions are lost")
    stages.add_argument("--report", type=Path, required=True, help="a report-general.json of `python -m eval general`")
    stages.add_argument("--questions", type=Path, nargs="+", required=True,
                        help="the question files the report was run on (their notes write the arithmetic)")
    stages.add_argument("--counts-only", action="store_true",
                        help="print counts only, no question or id (validation and held-out reports)")
    stages.set_defaults(func=cmd_compute_stages)
    backends = sub.add_parser("backends", help="the backends' runs side by side")
    backends.add_argument("--root", type=Path, default=EVAL_DIR, help="eval/ (with its backend-<name>/ folders)")
    backends.set_defaults(func=cmd_backends)
    return parser


def cmd_operands(args: argparse.Namespace) -> int:
    from eval.operands import run

    print(run(args.questions, args.docs, args.store, args.counts_only))
    return 0


def cmd_compute_stages(args: argparse.Namespace) -> int:
    from eval.compute_stages import run

    print(run(args.report, args.questions, args.counts_only))
    return 0


def cmd_lookup_probe(args: argparse.Namespace) -> int:
    from eval.lookup_probe import run

    print(run(args.report, args.counts_only, args.docs, args.store, args.kinds, args.held_out))
    return 0


def cmd_backends(args: argparse.Namespace) -> int:
    from eval.backends import side_by_side

    print(side_by_side(args.root))
    return 0


def _backend(argv: list[str]) -> list[str]:
    """--backend NAME taken out of argv and applied: settings.llm.mode for every assistant this run opens
    (ASSISTANT_LLM_MODE, read when settings are made), reports into eval/backend-<name>/ by default."""
    import os

    for i, arg in enumerate(argv):
        name = arg.split("=", 1)[1] if arg.startswith("--backend=") else argv[i + 1] if arg == "--backend" \
            and i + 1 < len(argv) else None
        if name is None:
            continue
        if name not in BACKENDS:
            raise SystemExit(f"--backend must be one of {', '.join(BACKENDS)}, not {name!r}")
        rest = argv[:i] + argv[i + (1 if "=" in arg else 2):]
        os.environ["ASSISTANT_LLM_MODE"] = name
        if name != "extractive" and "--out" not in rest and not any(a.startswith("--out=") for a in rest):
            out = EVAL_DIR / f"backend-{name}"
            out.mkdir(exist_ok=True)
            rest += ["--out", str(out)]
        return rest
    # no --backend: the extractive answers, whatever settings.llm.mode says ("auto" would pick a pulled model),
    # unless the environment names a backend for this run
    if not any(k in os.environ for k in ("ASSISTANT_LLM_MODE", "ASSISTANT_LLM__MODE")):
        os.environ["ASSISTANT_LLM_MODE"] = "extractive"
    return argv


def main(argv: list[str] | None = None) -> int:
    argv = _backend(list(sys.argv[1:] if argv is None else argv))
    if argv[:1] == ["--set"] and len(argv) > 1 and argv[1] in SETS:
        argv = [argv[1], *argv[2:]]
    elif argv[:1] and argv[0].startswith("--set=") and argv[0][6:] in SETS:
        argv = [argv[0][6:], *argv[1:]]
    if not argv or (argv[0] not in COMMANDS and argv[0] not in {"-h", "--help"}):
        argv.insert(0, "article")
    args = build_parser().parse_args(argv)
    from assistant.types import QuestionError
    from eval.cmrc import CmrcError
    from eval.general import GeneralSetError
    from eval.questionset import QuestionSetError
    from index.loaders import DocumentError
    from index.store import StoreError

    try:
        return int(args.func(args))
    except (QuestionSetError, CmrcError, GeneralSetError, QuestionError, DocumentError, StoreError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    raise SystemExit(main())
