"""A summary states its headline's claims (slice open17b), on invented text: the headline's pieces are the
writer's own summary; a line stating one not yet stated is preferred, a claim stated once is stated."""

from __future__ import annotations

import pytest

from assistant.approaches.summary import CLAIM_MIN, Unit, claim_bonus, claim_cover, opens_on_saying, title_claims
from assistant.approaches.text import Sentence, passages_of, tfidf


class _FlatStats:
    """Every word known, all of equal weight: isolates the likeness of words from corpus statistics."""

    def known(self, term: str) -> bool:
        return True

    def idf(self, term: str) -> float:
        return 1.0


def _unit(text: str) -> Unit:
    from llama_index.core.schema import TextNode

    passage = passages_of([TextNode(text=text, metadata={"doc_id": "a.txt"})])[0]
    return Unit(Sentence(passage, 0, len(text)), len(text), tfidf(text, _FlatStats()))  # type: ignore[arg-type]


def test_a_headline_is_cut_into_its_claims() -> None:
    claims = title_claims("青川外贸平稳开局：汽车出口接近翻倍，东岭再成第一贸易伙伴", _FlatStats())  # type: ignore[arg-type]
    assert len(claims) == 3, claims


def test_the_line_stating_an_unstated_claim_is_preferred() -> None:
    stats = _FlatStats()
    claims = title_claims("青川外贸平稳开局：东岭再成第一贸易伙伴", stats)  # type: ignore[arg-type]
    partner = _unit("今年前两个月，东岭成为青川的第一大贸易伙伴。")
    other = _unit("从主要商品看，机电产品出口增长较快。")
    assert claim_cover(partner, claims, []) > claim_cover(other, claims, []) >= 0.0
    # once a chosen line states it, stating it again gains nothing
    assert claim_cover(partner, claims, [partner]) == 0.0


def test_a_range_is_not_a_key_figure_of_the_english_lead() -> None:
    from assistant.approaches.summary import english_lead
    from assistant.approaches.text import Quotes

    line = _unit("记者了解到，青川亲子游家庭的消费在1.2万-2万元不等，门票收入3亿元。")
    lead = english_lead("青川五一旅游", [line], Quotes())
    assert "12000" not in lead and "300 million" in lead, lead


def test_only_a_line_restating_a_claim_is_preferred() -> None:
    assert claim_bonus(CLAIM_MIN + 0.05) > 0.0
    assert claim_bonus(CLAIM_MIN - 0.05) == 0.0  # sharing a few of the headline's words is no restatement


@pytest.mark.parametrize(("text", "saying"), [
    ("\u201c种下梧桐树，引来金凤凰。\u201d青川市抓项目建设。", True),
    ("\u201c我们判断错了。\u201d甲先生在股东大会上表示。", True),
    ("\u201c多花点\u201d成为青川亲子游家庭的标签。", False),
    ("\u201c十五五\u201d期间，青川将建成三座港口。", False),
    ("青川市抓项目建设。", False),
])
def test_a_quoted_term_opening_a_sentence_is_no_saying(text: str, saying: bool) -> None:
    assert opens_on_saying(text) is saying
