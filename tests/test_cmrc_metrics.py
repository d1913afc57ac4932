"""Official CMRC 2018 EM / F1 (mixed segmentation, longest common run) and the other eval measures."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from llama_index.core.schema import NodeWithScore, TextNode

from eval.cmrc import CmrcError, load_cmrc, numeric_correct, paragraph_rank
from eval.cmrc_metrics import em_score, f1_score, longest_common_run, mixed_segmentation, remove_punctuation
from eval.metrics import percentile, rank_metrics


def test_mixed_segmentation_splits_cjk_chars_and_keeps_latin_and_digit_runs() -> None:
    assert mixed_segmentation("Hello World，中国2018年") == ["hello", "world", "，", "中", "国", "2018", "年"]
    no_punc = mixed_segmentation("Hello World，中国2018年", rm_punc=True)
    assert no_punc == ["hello", "world", "中", "国", "2018", "年"]
    assert mixed_segmentation("iPhone 6s的价格是3.5%") == ["iphone", "6s", "的", "价", "格", "是", "3.5", "%"]
    assert mixed_segmentation("  《红楼梦》 ") == ["《", "红", "楼", "梦", "》"]


def test_remove_punctuation_uses_the_official_list() -> None:
    assert remove_punctuation("《红楼梦》。") == "红楼梦"
    assert remove_punctuation("A-B:C") == "abc"
    assert remove_punctuation("1,000.") == "1,000."  # ASCII comma and period are not on the official list


def test_em() -> None:
    assert em_score(["1998年"], "1998年。") == 1.0
    assert em_score(["1998年"], " 1998年 ") == 1.0
    assert em_score(["1998"], "1998年") == 0.0
    assert em_score(["完全不同", "《红楼梦》"], "红楼梦") == 1.0
    assert em_score(["北京"], "") == 0.0


def test_f1_uses_the_longest_common_contiguous_run() -> None:
    # gold 4 tokens, prediction 7 tokens, all 4 in one run: P = 4/7, R = 1
    assert f1_score(["北京大学"], "位于北京大学内") == pytest.approx(8 / 11)
    # the same tokens, broken up: only a run of 2 counts (a bag-of-tokens F1 would give 0.889)
    assert f1_score(["甲乙丙丁"], "甲乙x丙丁") == pytest.approx(2 * 0.4 * 0.5 / 0.9)
    assert f1_score(["iPhone 6s"], "iphone 6s plus") == pytest.approx(0.8)


def test_f1_takes_the_best_gold_answer_and_ignores_punctuation() -> None:
    assert f1_score(["完全不同", "北京大学"], "北京大学") == 1.0
    assert f1_score(["北京大学"], "“北京大学”。") == 1.0
    assert f1_score(["北京大学"], "上海") == 0.0
    assert f1_score(["北京大学"], "") == 0.0


def test_longest_common_run() -> None:
    assert longest_common_run(list("abcde"), list("xxbcdx")) == 3
    assert longest_common_run([], list("abc")) == 0


def test_numeric_correct() -> None:
    assert numeric_correct(["1998年"], "该公司成立于1998年[1]。")
    assert not numeric_correct(["1998年"], "该公司成立于1999年[1]。")
    assert numeric_correct(["3000万元"], "投资3,000万元[1]。")  # same quantity, different text
    assert numeric_correct(["3000万元"], "投资0.3亿元[1]。")
    assert not numeric_correct(["3000万元"], "投资3000元[1]。")
    assert not numeric_correct(["5个"], "共5个。" + "这是一段很长的原文。" * 20)  # not concise


def _hit(doc_id: str) -> NodeWithScore:
    return NodeWithScore(node=TextNode(text="x", metadata={"doc_id": doc_id}), score=1.0)


def test_paragraph_rank_counts_distinct_paragraphs() -> None:
    hits = [_hit("A"), _hit("A"), _hit("B"), _hit("A"), _hit("C")]
    assert paragraph_rank(hits, "A") == 1
    assert paragraph_rank(hits, "B") == 2
    assert paragraph_rank(hits, "C") == 3
    assert paragraph_rank(hits, "D") is None


def test_rank_metrics_and_percentile() -> None:
    m = rank_metrics([1, 2, None, 6], (1, 5))
    assert m["hit@1"] == 0.25 and m["hit@5"] == 0.5
    assert m["mrr"] == pytest.approx((1 + 0.5 + 1 / 6) / 4)
    assert percentile([10.0, 20.0, 30.0, 40.0], 50) == 25.0
    assert percentile([5.0], 95) == 5.0
    assert percentile([], 50) == 0.0


def test_load_cmrc(tmp_path: Path) -> None:
    data = {"version": "v1", "data": [
        {"id": "T1", "title": "甲", "paragraphs": [{"id": "P1", "context": "甲成立于1998年。", "qas": [
            {"id": "Q1", "question": "甲何时成立？", "answers": [{"text": "1998年", "answer_start": 4},
                                                               {"text": "1998年", "answer_start": 4}]},
            {"id": "Q2", "question": "甲是什么？", "answers": [{"text": "公司", "answer_start": 0}]}]}]}]}
    path = tmp_path / "tiny.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    docs, questions = load_cmrc(path)
    assert [d.doc_id for d in docs] == ["P1"] and docs[0].text == "甲成立于1998年。"
    assert [(q.id, q.answers, q.paragraph_id, q.numeric) for q in questions] == [
        ("Q1", ("1998年",), "P1", True), ("Q2", ("公司",), "P1", False)]
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(CmrcError, match="not a SQuAD-style"):
        load_cmrc(bad)
