"""An English yes/no question nothing decides is answered by the closest sentences, led by saying they do not
decide it (assistant.approaches.english_yesno), on invented passages."""

from __future__ import annotations

from assistant.approaches import Reading
from assistant.approaches.yesno import YesNo
from assistant.candidates import TermStats
from assistant.compose import wording
from tests.passages import ask_passages, nodes_of

_HARBOUR = ("澄川港位于澄川市东部，是区域性综合港口。",
            "目前，澄川港二期码头主体工程已完工，正在进行设备安装调试。",
            "澄川港管理局表示，二期码头建成后将主要服务集装箱运输。")


def _reading(question: str) -> Reading:
    nodes = nodes_of(*_HARBOUR)
    stats = TermStats(n.node for n in nodes)
    return Reading(question, "en", lambda q: nodes, lambda: [n.node for n in nodes], stats,
                   ask_figure=lambda q: ask_passages(q, *_HARBOUR))


def test_an_undecided_english_claim_says_so_and_quotes_the_closest_sentences() -> None:
    answer = YesNo().answer(_reading("Will the Chengchuan harbour's second terminal serve cruise ships?"))
    assert answer is not None and answer.answerable and answer.kind == "yesno"
    assert answer.lead == wording("undecided", "en")
    assert not answer.text.startswith(("Yes", "No"))  # no verdict without a deciding quote
    assert answer.citations and "“" in answer.text  # the closest sentences, quoted and cited
    assert answer.verified


def test_the_undecided_wording_holds_no_verdict_word() -> None:
    import re

    said = wording("undecided", "en").lower()
    assert not re.search(r"\b(?:yes|no|not|never|true|false|right|wrong|correct|incorrect)\b|n't\b", said)
