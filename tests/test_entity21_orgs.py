"""Organisation names read by structure across a document, session 21, on invented texts (invented names: 澄川物流,
VELTRA, 蓝岫时代, 青禾科技): a short form tied to a full name by 简称 or used on its own after it, a Latin name
written before an organisation word, a word tagged as a name with the words the document always writes after
it; and a person's name jieba reads as a common noun in the clause of the role asked."""

from __future__ import annotations

import pytest

from assistant.approaches import Reading
from assistant.approaches.entity import EntityApproach, asked_role, known_in, known_orgs, names_in
from assistant.approaches.orgnames import aliases, latin_names, name_like_in, short_forms, used_short_forms
from assistant.approaches.text import surnamed_name
from assistant.candidates import TermStats
from tests.passages import ask_passages, nodes_of


def test_a_short_form_tied_by_jiancheng_to_an_organisation_not_to_a_law() -> None:
    text = ("澄川物流科技股份有限公司（以下简称“澄川物流”）今日发布公告。"
            "《白岭省促进条例》（以下简称“条例”）自明年施行。")
    assert aliases(text, ["澄川物流科技股份有限公司"]) == ["澄川物流"]


@pytest.mark.parametrize(("name", "forms"), [
    ("澄川物流科技股份有限公司", ["澄川物流", "澄川物流科技"]),  # (澄川 alone: one place name, no short form)
    ("国家电网有限公司", ["国家电网"]),  # (国家 alone: a common word)
    ("白岭省统计局", []),  # no legal form: an office has no short form but its own
])
def test_the_short_forms_of_a_company_name_open_it(name: str, forms: list[str]) -> None:
    assert short_forms(name) == forms


def test_a_short_form_is_the_documents_when_it_is_written_on_its_own() -> None:
    full = "澄川物流科技股份有限公司"
    assert used_short_forms(f"{full}今日发布公告。澄川物流一季度营收增长。", [full]) == ["澄川物流"]
    assert used_short_forms(f"{full}今日发布公告，{full}将扩产。", [full]) == []  # never written short


def test_a_latin_name_written_before_an_organisation_word() -> None:
    text = "据悉，VELTRA公司与蓝岫集团签署协议，VELTRA将负责海外销售。GDP增长5%。"
    assert latin_names(text) == ["VELTRA"]
    assert (3, "VELTRA公司") in names_in(text, "org", "")  # (a Latin word runs into the name before 公司)
    found = names_in(text, "org", "")
    assert known_in(text, known_orgs(text), found) == [(21, "VELTRA")]  # (not again inside VELTRA公司)


def test_the_document_short_form_is_an_organisation_name_in_any_sentence() -> None:
    document = "澄川物流科技股份有限公司（以下简称“澄川物流”）今日发布公告。\n澄川物流一季度营收增长12%。"
    assert "澄川物流" in known_orgs(document)
    assert [n for _, n in names_in("澄川物流一季度营收增长12%。", "org", "", known_orgs(document))] == ["澄川物流"]


def test_a_tagged_name_goes_on_over_the_words_the_document_always_writes_after_it() -> None:
    document = "蓝岫时代以36.2%的市场份额位居第一。蓝岫时代上半年营收增长。"
    assert name_like_in("蓝岫时代以36.2%的市场份额位居第一。", document) == [(0, "蓝岫时代")]
    # written once with 时代 and once without: 时代 is not part of the name
    assert name_like_in("蓝岫时代以36.2%的市场份额位居第一。", document + "蓝岫继续扩产。") == [(0, "蓝岫")]


def test_a_place_written_before_an_abbreviation_is_part_of_the_name() -> None:
    assert ("白岭省统计局" in [n for _, n in name_like_in("据白岭省统计局数据，产量增长。", "")])


@pytest.mark.parametrize(("text", "name"), [
    ("温澜为青禾科技董事长，负责公司战略。", "温澜"),  # jieba reads 温澜 as a common noun
    ("公司为青禾科技董事长单位。", ""),  # 单位 opens on a surname, and is a common word
])
def test_a_name_read_by_its_surname_in_the_clause_of_the_role_asked(text: str, name: str) -> None:
    assert [n for _, n in names_in(text, "person", asked_role("青禾科技的董事长是谁？"))] == ([name] if name else [])


def test_a_common_word_opening_on_a_surname_is_no_name() -> None:
    assert surnamed_name("单位为", 0) == ""
    assert surnamed_name("温澜为", 0) == "温澜"


_REPORT = ("今年上半年，全省新能源汽车产业保持较快增长。",
           "据白岭省统计局数据，全省动力电池装机量增长三成。",
           "蓝岫时代以36.2%的市场份额位居动力电池装机量第一，蓝岫时代上半年营收增长两成。")


def _lead(question: str) -> str | None:
    nodes = nodes_of(*_REPORT)
    reading = Reading(question, "zh", lambda q: nodes, lambda: [n.node for n in nodes],
                      TermStats(n.node for n in nodes), ask_figure=lambda q: ask_passages(q, *_REPORT))
    answer = EntityApproach().answer(reading)
    assert answer is not None
    return answer.lead if answer.answerable else None


def test_the_organisation_of_the_sentence_answering_best_not_another_sentences() -> None:
    # the company jieba tags as a person, not the office a sentence answering less of the question names
    lead = _lead("动力电池装机量排名第一的是哪家企业？")
    assert lead is not None and "蓝岫时代" in lead and "统计局" not in lead


def test_a_question_the_sentences_do_not_answer_is_still_refused() -> None:
    assert _lead("哪家企业收购了白岭港口集团？") is None

