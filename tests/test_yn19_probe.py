"""eval.yesno_probe's claims written from lookup questions (slice yn19), on invented questions: each claim keeps
the lookup's subject and states a figure on the known side of the expected one, so its right verdict is known."""

from __future__ import annotations

from eval.questionset import Question
from eval.yesno_probe import claims_of


def _lookup(question: str, expected: str, kind: str = "lookup", split: str = "dev") -> Question:
    return Question(id="x", kind=kind, question=question, expected=(expected,), evidence="", split=split)


def test_claims_of_a_chinese_lookup() -> None:
    claims = dict(claims_of(_lookup("甲市2023年地区生产总值是多少？", "812.4亿元")))
    assert claims == {"甲市2023年地区生产总值超过649亿元了吗？": ("是", "对", "超过", "高于", "有"),
                      "甲市2023年地区生产总值不到649亿元吗？": ("不", "否", "没有", "未", "错"),
                      "甲市2023年地区生产总值是1218亿元，对吗？": ("不", "否", "没有", "未", "错")}


def test_a_change_verb_keeps_its_claim_worded_as_a_change() -> None:
    claims = [c for c, _ in claims_of(_lookup("甲市出口增长了多少？", "12.5%"))]
    assert claims == ["甲市出口增长了超过10%了吗？", "甲市出口增长了不到10%吗？", "甲市出口增长了18.8%，对吗？"]


def test_claims_of_an_english_lookup() -> None:
    q = _lookup("What was Freedonia's GDP in 2023?", "124369.67亿元", kind="english", split="endev")
    claims = [c for c, _ in claims_of(q)]
    assert claims[0] == "Was Freedonia's GDP in 2023 more than 9.9 trillion yuan?", claims
    assert claims[2].startswith("Is it true that Freedonia's GDP in 2023 was "), claims


def test_no_claims_from_held_out_or_other_questions() -> None:
    assert claims_of(_lookup("甲市地区生产总值是多少？", "812.4亿元", split="heldout")) == []
    assert claims_of(_lookup("甲市和乙市哪个更高？", "812.4亿元")) == []
    assert claims_of(_lookup("What was the fall in Freedonia's exports?", "-5.2%", kind="english",
                             split="endev")) == []
