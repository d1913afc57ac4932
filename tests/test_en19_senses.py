"""An English word's sense is read from the retrieved passages (session 19): a shorter sense written only inside a
longer sense of the same word is not counted for itself. Invented questions and sentences."""

from __future__ import annotations

from assistant.question import analyse, hint_text, read_senses


def _asked(question: str, groups: list[tuple[str, ...]], attributes: list[str] | None = None) -> str:
    return hint_text(question, attributes or [], "", groups, [])


def test_the_longer_sense_the_text_writes_wins_over_its_own_piece() -> None:
    # "real estate": 地产 is inside every 房地产 of the text; the text writes 房地产 alone
    q = analyse(_asked("How much was real estate investment in Hexi?", [("地产", "房地产")], ["投资"]))
    read = read_senses(q, ["河西县房地产投资12.5亿元，增长3%。", "房地产销售面积下降。"])
    assert "房地产" in read.terms
    assert "地产" not in read.terms


def test_a_shorter_sense_written_alone_still_counts() -> None:
    # the text writes 地产 on its own (地产商) more often than 房地产: the shorter sense is the text's
    q = analyse(_asked("How many real estate firms are there in Hexi?", [("地产", "房地产")]))
    read = read_senses(q, ["河西县有地产商40家，地产中介15家。", "一家房地产公司。"])
    assert "地产" in read.terms
    assert "房地产" not in read.terms


def test_no_sense_in_the_passages_drops_every_sense() -> None:
    q = analyse(_asked("How much was real estate investment in Hexi?", [("地产", "房地产")], ["投资"]))
    read = read_senses(q, ["河西县工业投资12.5亿元。"])
    assert "地产" not in read.terms and "房地产" not in read.terms


def test_a_period_phrase_read_as_one_period_is_a_figure_of_the_question() -> None:
    # "first quarter" read as 一季度: the Chinese question states 一季度 as a figure (matched with 1-3月), so
    # the English one does too, not as a word every answering passage must write
    q = analyse(_asked("What was Hexi's grain output in the first quarter?", [("一季度",), ("河西",)], ["产量"]))
    assert "一季度" not in q.terms
    assert [(f.unit, f.value) for f in q.figures] == [("季度", 1.0)]


def test_a_period_word_among_several_senses_stays_a_word() -> None:
    q = analyse(_asked("What was Hexi's grain output last season?", [("一季度", "季节"), ("河西",)], ["产量"]))
    assert q.figures == []
    assert "一季度" in q.terms


def test_a_phrase_that_is_no_figure_stays_a_word() -> None:
    q = analyse(_asked("What was Hexi's grain output in the first half?", [("上半年",), ("河西",)], ["产量"]))
    assert "上半年" in q.terms
    assert q.figures == []


def test_a_guessed_sense_missing_beside_a_figure_is_no_key_name() -> None:
    # "real estate development investment": the dictionary's 发展 (development) is one sense among several; a
    # text writing 房地产开发投资 lacks it, and the figure is not refused for lacking a guess
    from passages import nodes_of

    from assistant.candidates import Passage, TermStats, score_candidates

    nodes = nodes_of("上半年，河西县房地产开发投资68.3亿元，下降5.4%。", "河西县社会消费品零售总额增长8.1%。",
                     "河西县粮食总产量增长1.2%。", "河西县居民消费价格上涨0.4%。", "河西县工业用电量增长6.6%。",
                     "河西县高质量发展取得新成效。")
    stats = TermStats(n.node for n in nodes)
    passages = [Passage(hit, rank) for rank, hit in enumerate(nodes)]
    asked = ("money", ["投资"], ["房地产", "发展"], [])
    weights = {"房地产": 1.0, "发展": 3.0}  # (weighed up to be key: the test is of the guess, not its weight)
    strict = score_candidates(passages, stats, *asked, term_weights=weights)
    lenient = score_candidates(passages, stats, *asked, term_weights=weights, guesses={"发展"})
    figure = next(c for c in strict if c.figure.text == "68.3亿元")
    assert figure.key_missing == ["发展"]
    assert next(c for c in lenient if c.figure.text == "68.3亿元").key_missing == []


def test_guessed_terms_are_an_english_questions_dictionary_senses_only() -> None:
    q = analyse(_asked("How much was Hexi's real estate investment?", [("地产", "房地产"), ("河西",)], ["投资"]))
    assert q.guessed() >= {"地产", "房地产"}
    assert analyse("河西县房地产投资是多少？").guessed() == frozenset()
