"""Questions the engine once crashed on answer (or refuse) instead of raising."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpora import indexed_assistant

pytestmark = pytest.mark.slow

# invented census-style paragraph: a per-household figure of the same kind as the amounts asked
DOC = ("青石镇概况\n\n青石镇人口中，平均年龄为38岁。镇内平均每户的年收入为41,200美元，家庭的平均年收入为52,600美元。"
       "男子的平均年收入为36,100美元，女子的平均年收入为27,900美元。人均年收入为18,450美元。\n")


def test_items_asked_with_an_average_word_and_a_per_unit_figure_do_not_crash(tmp_path: Path) -> None:
    # "平均" read as a mean over the items, a per-household figure passed over for its kind: the first side
    # had no figure yet when the passed-over one was reported (IndexError on an empty list)
    a = indexed_assistant(tmp_path, {"qingshi.txt": DOC}).ask("男子和女子的平均年收入分别是多少？")
    assert a.verified and not a.unverified, a.text
    assert not a.answerable or "36,100" in a.text or "3.61万" in a.text or "36100" in a.text, a.text
