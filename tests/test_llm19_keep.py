"""When the deterministic answer stands over a model's (session 19): a model answer whose first sentence is no
short direct answer, or whose summary or list leaves out the figures the engine states verified, is not better;
a model stopped at its token bound keeps its whole sentences; what the model is told per kind ends the user turn
(the shared prompt prefix stays the same); and what each model answer cost in tokens reaches the eval's report.
Invented sentences; no model (the real one: tests/test_llm_smoke.py)."""

from __future__ import annotations

from assistant.llm.approach import LEAD_CHARS, _not_better, whole_sentences
from assistant.llm.prompts import SLOT, answer_messages, fixed_prefix_messages, kind_instruction, languages
from assistant.llm.synth import Draft
from assistant.types import Answer, FigureUse
from eval.backends import answer_fields, backend_figures


def _engine(text: str, figures: list[str]) -> Answer:
    uses = [FigureUse(f, 0.0, "", "citation", 1, f) for f in figures]
    return Answer("问题", text, answerable=True, figures=uses, lang="zh", kind="summary")


def _model(text: str, lang: str = "zh", kind: str = "summary") -> Answer:
    return Answer("问题", text, answerable=True, lang=lang, kind=kind, backend="scripted")


ENGINE = _engine("青禾县去年新建水厂[1]。\n- 日供水2.5万吨[2]\n- 总投资3.2亿元[3]", ["2.5万吨", "3.2亿元"])


def test_a_summary_keeping_one_key_figure_stands_and_one_keeping_none_gives_way() -> None:
    assert _not_better(_model("青禾县去年新建水厂[1]。总投资3.2亿元[2]。"), ENGINE, "summary") == ""
    assert _not_better(_model("青禾县去年新建水厂，改善了供水[1]。"), ENGINE, "summary") == \
        "extractive_over_dropped_figures"
    # an engine answer without verified figures asks for none
    plain = _engine("青禾县去年新建水厂[1]。", [])
    assert _not_better(_model("青禾县新建水厂[1]。"), plain, "summary") == ""


def test_a_list_must_keep_every_figure_the_engine_found_in_any_wording() -> None:
    kept = _model("水厂有以下情况[1]：\n- 供水25000吨[2]\n- 投资3.2亿元[3]", kind="list")
    assert _not_better(kept, ENGINE, "list") == ""
    dropped = _model("水厂有以下情况[1]：\n- 投资3.2亿元[3]", kind="list")
    assert _not_better(dropped, ENGINE, "list") == "extractive_over_dropped_figures"
    # an entity or a description is not held to the engine's figures
    assert _not_better(_model("负责人是周恒[1]。", kind="entity"), ENGINE, "entity") == ""


def test_a_first_sentence_longer_than_a_direct_answer_gives_way_unless_the_engine_refused() -> None:
    long_lead = "青禾县" + "、".join(["新建水厂"] * 20) + "[1]。总投资3.2亿元[2]。"
    assert len(long_lead.split("。")[0]) > LEAD_CHARS["zh"]
    assert _not_better(_model(long_lead), ENGINE, "summary") == "extractive_over_long_lead"
    refused = Answer("问题", "没有找到。", answerable=False)
    assert _not_better(_model(long_lead), refused, "summary") == ""
    # an English lead gets English's room: the same characters in words pass
    english = "Qinghe county built new water plants last year and " + "added capacity " * 5 + "[1]."
    assert LEAD_CHARS["zh"] < len(english) <= LEAD_CHARS["en"]
    assert _not_better(_model(english + " It cost 3.2亿元[2].", lang="en", kind="describe"), ENGINE, "describe") == ""


def test_an_answer_cut_at_its_token_bound_keeps_its_whole_sentences() -> None:
    assert whole_sentences("水厂已建成[1]。日供水2.5万吨[2]。第三座在南塘") == "水厂已建成[1]。日供水2.5万吨[2]。"
    assert whole_sentences("- 东湖镇[1]\n- 西岭乡[2]\n- 南") == "- 东湖镇[1]\n- 西岭乡[2]"
    assert whole_sentences("It was built [1]. It supplies 2.5万吨 [2]. The thi") == \
        "It was built [1]. It supplies 2.5万吨 [2]."
    assert whole_sentences("没有句末的半句") == "没有句末的半句"


def test_what_a_kind_must_hold_ends_the_user_turn_and_leaves_the_shared_prefix_alone() -> None:
    for lang in languages():
        for kind in ("summary", "list"):
            said = kind_instruction(kind, lang)
            assert said, (kind, lang)
            user = answer_messages(lang, "问题？", ["句子。"], kind)[1].content or ""
            assert user.endswith(said) and user.index("问题？") < user.index(said)
            prefix = (fixed_prefix_messages(lang)[1].content or "").split(SLOT)[0]
            assert user.startswith(prefix)
        assert kind_instruction("entity", lang) == ""  # a kind without one: the user turn as before
        assert answer_messages(lang, "问题？", ["句子。"], "entity") == answer_messages(lang, "问题？", ["句子。"])


def test_each_answer_carries_what_the_model_was_asked_for_it_and_the_report_counts_it_per_kind() -> None:
    draft = Draft("文本[1]。", 120.0, 900.0, tokens_read=80, tokens_written=30)
    overruled = draft.spent_on(_engine("引擎的回答[1]。", []))
    assert (overruled.first_token_ms, overruled.tokens_read, overruled.tokens_written) == (120.0, 80, 30)
    assert answer_fields(overruled)["tokens_read"] == 80
    written = [_model("甲[1]。", kind="summary"), _model("乙[1]。", kind="summary"), _model("丙[1]。", kind="list")]
    for a, (r, w) in zip(written, [(100, 40), (200, 60), (50, 20)], strict=True):
        a.tokens_read, a.tokens_written = r, w
    unasked = Answer("问题", "丁[1]。", kind="entity")  # the extractive path: no model, no tokens
    by_kind = backend_figures([*written, unasked])["tokens_by_kind"]
    assert set(by_kind) == {"summary", "list"}
    assert by_kind["summary"]["n"] == 2 and by_kind["summary"]["read_p50"] == 150
    assert by_kind["list"]["written_p50"] == 20


def test_a_figure_written_at_the_wrong_scale_is_written_back_as_the_sentence_states_it() -> None:
    from assistant.approaches import Reading
    from assistant.llm.approach import answer_from_draft, cited_sentences
    from tests.passages import nodes_of
    from tests.test_llm18_evidence import _cite

    nodes = [n.node for n in nodes_of("青禾县去年新建东湖水厂，总投资12.5亿元，日供水3.6万吨。")]
    reading = Reading(question="What did the county build?", lang="en", retrieve=lambda _: [],  # type: ignore[arg-type]
                      all_nodes=lambda: nodes, stats=None)
    span = "青禾县去年新建东湖水厂，总投资12.5亿元，日供水3.6万吨。"
    sentences = cited_sentences(reading, Answer(reading.question, "…", [_cite(reading, span, 1)]), 1000)
    assert sentences
    # 12.5亿元 is 1.25 billion yuan; a model taking 亿 for a billion wrote "12.5 billion yuan"
    draft = Draft("It cost 12.5 billion yuan [1]. It supplies 3.6 million tons [1]. It employs 7 people [1].",
                  0.0, 0.0)
    written = answer_from_draft(reading, "describe", sentences, draft, "scripted")
    assert "12.5亿元" in written.text and "12.5 billion" not in written.text
    assert "3.6万吨" in written.text
    assert "7 people" in written.text  # no given figure has its number: left for the check to flag


def test_a_summary_leaving_out_the_engines_main_claim_gives_way() -> None:
    engine = _engine("青禾县去年新建三座水厂，全县供水能力翻番[1]。\n- 总投资3.2亿元[2]", ["3.2亿元"])
    engine.lead = "青禾县去年新建三座水厂，全县供水能力翻番。"
    kept = _model("青禾县去年新建三座水厂，供水能力翻番[1]。总投资3.2亿元[2]。")
    assert _not_better(kept, engine, "summary") == ""
    missed = _model("文章讲了青禾县投资3.2亿元[2]。")
    assert _not_better(missed, engine, "summary") == "extractive_over_missed_claim"
    # only a summary is held to the engine's lead
    assert _not_better(_model("投资3.2亿元[2]。", kind="describe"), engine, "describe") == ""


def test_an_english_question_answered_in_chinese_gives_way() -> None:
    engine = _engine("The plant is led by Zhou Heng[1].", [])
    copied = _model("The plant负责人周恒介绍：“我们每天都在赶工期，争取早日供水。”[1]", lang="en", kind="entity")
    assert _not_better(copied, engine, "entity") == "extractive_over_wrong_language"
    named = _model("The plant is led by Zhou Heng (周恒)[1].", lang="en", kind="entity")
    assert _not_better(named, engine, "entity") == ""
