"""An English question's dictionary sense missing beside a figure, whose characters the figure's sentence writes in
another compound ("sales" 销售, the text's 销量), costs the figure less in the acceptance bar (session 21); the
ranking is unchanged, and a sense none of whose characters the sentence writes stays missing. Invented sentences."""

from __future__ import annotations

from passages import nodes_of

from assistant.candidates import (
    ENTITY_CUT,
    Candidate,
    Passage,
    TermStats,
    _morpheme_credit,
    score_candidates,
    shortfall,
)


def _levels(sentence: str) -> list[tuple[str, float]]:
    # _levels' order: phrase, clause, binding segment, sentence, title, passage, context
    return [("", 1.0), ("", 0.9), ("", 0.8), (sentence, 0.65), ("", 0.6), (sentence, 0.5), (sentence, 0.45)]


def test_a_missing_sense_is_credited_by_the_share_of_its_characters_the_sentence_writes() -> None:
    found = {"销售": 0.0, "北岭": 0.9}
    credited = _morpheme_credit(found, {"销售"}, _levels("北岭汽车上半年销量12万辆"))
    assert 0.0 < credited["销售"] < found["北岭"]  # half its characters (销): part of a found word's level
    assert credited["北岭"] == 0.9


def test_a_sense_none_of_whose_characters_the_sentence_writes_stays_missing() -> None:
    credited = _morpheme_credit({"出口": 0.0}, {"出口"}, _levels("北岭汽车上半年销量12万辆"))
    assert credited["出口"] == 0.0


def test_a_name_the_question_wrote_is_never_credited() -> None:
    # 南岭 is no dictionary sense (a name read by pinyin or written in Chinese): missing is missing, whatever
    # characters of it the sentence writes (岭 of 北岭)
    found = {"南岭": 0.0}
    assert _morpheme_credit(found, {"销售"}, _levels("北岭汽车上半年销量12万辆")) == found
    assert _morpheme_credit(found, (), _levels("北岭汽车上半年销量12万辆")) == found


def _scored(guesses: set[str]) -> Candidate:
    nodes = nodes_of("上半年，澄江汽车新能源车销量12.6万辆，增长8.1%。", "澄江汽车的研发投入增长5%。",
                     "澄江县出售土地四宗。", "全县销售收入增长3%。", "澄江汽车获评高新技术企业。")
    stats = TermStats(n.node for n in nodes)
    passages = [Passage(hit, rank) for rank, hit in enumerate(nodes)]
    # "How many new energy vehicles did Chengjiang Auto sell": 销售 is the dictionary's sense of "sell", 出售
    # another one the sentence does not write at all
    cands = score_candidates(passages, stats, "count", [], ["澄江", "汽车", "新能源", "销售", "出售"], [],
                             term_weights={"澄江": 1.0, "汽车": 0.4, "新能源": 0.4, "销售": 0.4, "出售": 0.4},
                             guesses=guesses)
    return next(c for c in cands if c.figure.text == "12.6万辆")


def test_the_bar_reads_the_credited_share_and_the_ranking_does_not() -> None:
    strict, lenient = _scored(set()), _scored({"汽车", "新能源", "销售", "出售"})
    assert strict.bar_entity is None and strict.entity_for_bar() == strict.entity
    assert lenient.entity == strict.entity  # the ranking's share is the same
    assert lenient.score == strict.score
    assert lenient.entity_for_bar() > lenient.entity
    assert sorted(lenient.missing) == ["出售", "销售"]  # still missing words: the credit is the bar's alone


def test_a_figure_refused_for_its_subject_words_passes_when_the_missing_senses_share_its_morphemes() -> None:
    nodes = nodes_of("澄江汽车新能源车销量12.6万辆。", "澄江县出口交货值下降2.1%。", "澄江县出售土地四宗。",
                     "全县销售收入增长3%。", "澄江县工业用电量增长6.6%。")
    stats = TermStats(n.node for n in nodes)
    passages = [Passage(hit, rank) for rank, hit in enumerate(nodes)]
    asked = ("count", [], ["销售", "澄江"], [])
    weights = {"销售": 0.4, "澄江": 0.4}
    # (no guesses: a Chinese question's words) the sentence lacks 销售 whole, the rarer word: below the cut
    strict = next(c for c in score_candidates(passages, stats, *asked, term_weights=weights)
                  if c.figure.text == "12.6万辆")
    assert strict.entity < ENTITY_CUT
    assert shortfall(strict, False, False) == "bar_entity"
    lenient = next(c for c in score_candidates(passages, stats, *asked, term_weights=weights,
                                               guesses={"销售"}) if c.figure.text == "12.6万辆")
    assert lenient.entity_for_bar() >= ENTITY_CUT
    assert shortfall(lenient, False, False) == ""


def _year_asked(year: str, *texts: str) -> Candidate:
    from assistant.figures import figure_from_text

    # (an opening line without a year first: a year the opening line states is _opened's case)
    nodes = nodes_of("澄江县经济运行情况", *texts)
    stats = TermStats(n.node for n in nodes)
    passages = [Passage(hit, rank) for rank, hit in enumerate(nodes)]
    asked = figure_from_text(year)
    assert asked is not None
    cands = score_candidates(passages, stats, "money", ["零售总额"], ["澄江"], [asked])
    return next(c for c in cands if c.figure.text == "38.2亿元")


def test_a_passage_without_a_year_is_of_the_latest_year_its_document_states() -> None:
    # the report's year is written once, in another passage; the figure's own passage writes none
    c = _year_asked("2025年", "2025年，澄江县地区生产总值增长6.1%，比2024年加快0.3个百分点。",
                    "上半年，澄江县社会消费品零售总额38.2亿元。")
    assert c.question_figures > 0
    assert shortfall(c, True, True) == ""


def test_an_earlier_year_than_the_documents_latest_is_not_inherited() -> None:
    # 2024 is a base of comparison in the document, not the year it reports on
    c = _year_asked("2024年", "2025年，澄江县地区生产总值增长6.1%，比2024年加快0.3个百分点。",
                    "上半年，澄江县社会消费品零售总额38.2亿元。")
    assert c.question_figures == 0.0
    assert shortfall(c, True, True) == "bar_period"


def test_a_passage_stating_its_own_year_keeps_it() -> None:
    c = _year_asked("2025年", "2025年，澄江县地区生产总值增长6.1%。",
                    "2023年上半年，澄江县社会消费品零售总额38.2亿元。")
    assert c.question_figures == 0.0


def test_a_shared_character_alone_places_no_figure() -> None:
    # "How many branches did the bank close?": only "bank" read (银行), the sentence's 该行 shares 行; with no
    # asked word standing at the figure the credit does not apply
    nodes = nodes_of("本年度该行新增网点12个，募集资金8.5亿元。", "全县银行存款余额增长5%。",
                     "澄江县出口交货值下降2.1%。")
    stats = TermStats(n.node for n in nodes)
    passages = [Passage(hit, rank) for rank, hit in enumerate(nodes)]
    found = next(c for c in score_candidates(passages, stats, "count", [], ["银行"], [],
                                             term_weights={"银行": 1.0}, guesses={"银行"})
                 if c.figure.text == "12个")
    assert found.bar_entity is None and found.entity_for_bar() == found.entity
    # the same sentence with an asked word standing there ("branches" 网点): the shared character counts
    placed = next(c for c in score_candidates(passages, stats, "count", [], ["银行", "网点"], [],
                                              term_weights={"银行": 1.0, "网点": 1.0}, guesses={"银行"})
                  if c.figure.text == "12个")
    assert placed.bar_entity is not None and placed.entity_for_bar() > placed.entity
