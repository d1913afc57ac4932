"""Organisation names read from invented sentences by assistant.approaches.entity.names_in (jieba tags and
the organisation words of assistant/lexicon/open_cues.tsv); no index needed."""

from __future__ import annotations

import pytest

from assistant.approaches.entity import names_in


@pytest.mark.parametrize(("sentence", "name"), [
    ("江西省统计局官网发布的公报显示，全年粮食增产。", "江西省统计局"),  # the place it opens with is part of it
    ("湖南省政府新闻办公室发布的信息显示，全年粮食增产。", "湖南省政府新闻办公室"),  # the whole name, not 湖南省政府
    ("远山科技作为远山集团全资子公司。", "远山集团"),
])
def test_an_organisation_is_named_whole(sentence: str, name: str) -> None:
    assert [n for _, n in names_in(sentence, "org", "")] == [name]
