"""Follow-ups (issue 8, class 6): an ellipsis with no asking of its own ("那X呢？") asks the earlier question's
quantity of a new subject, even when the new subject's name alone reads as another kind of quantity (收益,
损益: money after a share was asked); a follow-up with its own asking still counts what it asks. Invented."""

from __future__ import annotations

import pytest

from assistant.followup import follow_up


@pytest.mark.parametrize(("previous", "question", "kept"), [
    ("甲公司利息净收入的营收占比是多少？", "那投资收益及公允价值变动损益呢？", "占比"),
    ("乙县一季度税收收入占比是多少？", "那土地出让损益呢？", "占比"),
])
def test_an_ellipsis_keeps_the_quantity_asked(previous: str, question: str, kept: str) -> None:
    resolved = follow_up(question, previous)
    assert kept in resolved and question.strip("那呢？") in resolved, resolved


def test_a_follow_up_with_its_own_asking_counts_what_it_asks() -> None:
    resolved = follow_up("一共要装几台？", "丙风电场单机容量多大？")
    assert "几台" in resolved and "容量" not in resolved, resolved
