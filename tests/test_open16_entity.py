"""Entity questions read structurally (issue 9, slice open16), on invented sentences: the doer of the verb a
question asks about ("由谁批复", "是哪家机构发布的") is the name the sentence writes before that verb; 谁 may ask
for an office as well as a person; organisation names keep their opening nouns and legal-form words; a
person's name that jieba cuts after its surname is read whole after a title word.
"""

from __future__ import annotations

import pytest
from corpora import indexed_assistant
from open_reading import reading_for

from assistant.api import Assistant
from assistant.approaches.entity import EntityApproach, asked_noun, asked_role, asked_verb, doer_first, names_in
from assistant.approaches.text import name_after


@pytest.mark.parametrize(("question", "verb"), [
    ("青湾港二期工程由谁批复？", "批复"),
    ("《2023年松原银行评级报告》是哪家机构发布的？", "发布"),
    ("谁指出该市工业比重已降到30%以下？", "指出"),
    ("松原银行的董事长是谁？", ""),
])
def test_the_verb_asked_follows_the_interrogative(question: str, verb: str) -> None:
    assert asked_verb(question) == verb


def test_a_phrase_before_a_preposition_is_no_role() -> None:
    assert asked_role("青湾港二期工程由谁批复？") == ""
    assert asked_role("松原银行的董事长是谁？") == "董事长"


def test_the_doer_is_the_first_of_the_names_joined_before_the_verb() -> None:
    text = "今年5月，青川省交通运输厅和松原市政府正式批复青湾港二期工程。"
    names = names_in(text, "org", "")
    doer = doer_first(text, names, text.find("批复"))
    assert doer is not None and doer[1].startswith("青川省") and doer[1].endswith("松原市政府"), (names, doer)


def test_no_doer_when_no_name_stands_before_the_verb_in_its_clause() -> None:
    text = "青川省交通运输厅表示，工程已正式批复。"
    assert doer_first(text, names_in(text, "org", ""), text.find("批复")) is None


def test_an_organisation_keeps_its_legal_form_words() -> None:
    text = "而在云岭信用评级有限责任公司发布的报告中也指出，该行资本充足。"
    assert any(name.endswith("有限责任公司") and len(name) > 6 for _, name in names_in(text, "org", ""))


def test_a_name_cut_after_its_surname_is_read_whole_after_a_title() -> None:
    text = "青川省物流协会副会长霍建国接受记者采访时表示，货运量仍将增长。"
    assert name_after(text, text.find("会长") + 2) == "霍建国"


def test_a_verb_before_a_speech_verb_is_no_name() -> None:
    text = "青川省物流协会负责人接受记者采访时表示，货运量仍将增长。"
    assert name_after(text, text.find("记者") + 2) == ""


NEWS = """青湾港二期工程获批

为了支撑新的发展目标，今年5月，青川省交通运输厅和松原市政府正式批复青湾港二期工程。工程计划总投资86.4亿元。

青川省物流协会副会长霍建国接受本报记者采访时表示，二期工程建成后全港货物吞吐量将翻番。
"""


@pytest.fixture(scope="module")
def news(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("open16_entity"), {"news.txt": NEWS})


@pytest.mark.slow
def test_who_approved_is_answered_by_the_offices_that_did(news: Assistant) -> None:
    answer = EntityApproach().answer(reading_for(news, "青湾港二期工程由谁批复？"))
    assert answer is not None and answer.answerable and answer.verified, answer
    assert answer.lead.startswith("青川省交通运输厅和松原市政府"), answer.lead


@pytest.mark.slow
def test_the_person_after_the_title_asked_in_english(news: Assistant) -> None:
    answer = EntityApproach().answer(reading_for(news, "Who is the vice president of the logistics association?"))
    assert answer is not None and answer.answerable, answer
    assert "霍建国" in answer.lead, answer.lead


@pytest.mark.slow
def test_a_title_the_document_never_uses_is_refused(news: Assistant) -> None:
    answer = EntityApproach().answer(reading_for(news, "青川省物流协会的会长是谁？"))
    assert answer is None or not answer.answerable or "霍建国" not in answer.lead, answer.lead


@pytest.mark.parametrize(("question", "noun"), [
    ("中部地区入围前10的城市是哪个？", "城市"),
    ("甲公司是哪家汽车集团的供应商？", "集团"),
    ("今年第一大贸易伙伴是哪个？", "伙伴"),
    ("甲公司的董事长是谁？", ""),
])
def test_the_noun_asked_before_a_bare_interrogative(question: str, noun: str) -> None:
    assert asked_noun(question) == noun
