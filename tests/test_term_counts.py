"""Term statistics read from the keyword index (counted at index time) equal those counted by tokenising
every passage at open time, on the real article index."""

from __future__ import annotations

from typing import Any

import pytest

from assistant.candidates import TermStats, keyword_counts

pytestmark = pytest.mark.slow


def test_counts_from_the_keyword_index_equal_a_count_over_every_passage(article_assistant: Any) -> None:
    nodes = article_assistant.engine.all_nodes()
    counted = keyword_counts(article_assistant.retrievers["bm25"], len(nodes))
    assert counted is not None
    read, tokenised = TermStats(nodes, counted), TermStats(nodes)
    assert read.n == tokenised.n == len(nodes) > 20
    assert read.df == tokenised.df and read.opening == tokenised.opening
    assert article_assistant.engine.synthesizer.stats.df == tokenised.df  # what the opened assistant uses


def test_an_index_of_other_passages_is_not_read(article_assistant: Any) -> None:
    nodes = article_assistant.engine.all_nodes()
    assert keyword_counts(article_assistant.retrievers["bm25"], len(nodes) + 1) is None
    assert keyword_counts(object(), len(nodes)) is None
