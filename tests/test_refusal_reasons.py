"""Every refusal says why (assistant.refusals): one reason code per refusal path of the figure engine, carried
on the Answer and counted by the eval reports. Invented sentences about an imaginary county (松川县)."""

from __future__ import annotations

from passages import ask_passages, figure_candidates, nodes_of, refused, states

from assistant import refusals
from assistant.answer import FigureAnswerSynthesizer
from assistant.candidates import Candidate, Passage, TermStats, abbreviated_in, shortfall
from assistant.figures import parse_figures
from eval.report import refusal_reasons, refusal_rows

COUNTY = ("松川县全年实现地区生产总值1280亿元，比上年增长4.6%。全县城镇调查失业率为4.9%。"
          "全县旅游收入88亿元。年末常住人口96万人。")


def reason(question: str, *texts: str) -> str:
    answer = ask_passages(question, *(texts or (COUNTY,)))
    assert refused(answer), answer.text
    return answer.refusal


def test_an_answer_carries_no_refusal_reason() -> None:
    answer = ask_passages("松川县地区生产总值是多少？", COUNTY)
    assert answer.answerable and answer.refusal == ""


def test_gates_before_any_lookup_say_which_gate() -> None:
    assert reason("qwzxkj是多少？") == refusals.UNKNOWN_TERM
    assert reason("白石县的地区生产总值是多少？") == refusals.UNKNOWN_NAME
    assert reason("2017年松川县地区生产总值是多少？") == refusals.UNKNOWN_YEAR


def test_a_lookup_that_finds_nothing_says_so() -> None:
    assert reason("全县有多少所学校？") == refusals.NO_CANDIDATE
    assert reason("以美元计，松川县地区生产总值是多少？") == refusals.NO_CANDIDATE  # no amount in 美元


def test_checks_on_the_figure_found_say_which_check() -> None:
    assert reason("人均旅游消费多少元？") == refusals.PER_PERSON
    assert reason("旅游收入占比提高了多少个百分点？") in refusals.BAR


def test_the_acceptance_bar_names_the_cut_off_that_failed() -> None:
    figure = figure_candidates("全县旅游收入88亿元。")["88亿元"]
    passing = Candidate(figure.figure, figure.passage, attribute=1.0, entity=1.0, question_figures=1.0)
    assert shortfall(passing, True, True) == ""
    assert shortfall(Candidate(figure.figure, figure.passage, attribute=0.2, entity=1.0), True, False) \
        == refusals.BAR_ATTRIBUTE
    assert shortfall(Candidate(figure.figure, figure.passage, attribute=1.0, entity=1.0, question_figures=0.0),
                     True, True) == refusals.BAR_PERIOD
    assert shortfall(Candidate(figure.figure, figure.passage, attribute=1.0, entity=0.1), True, False) \
        == refusals.BAR_ENTITY
    learned = Candidate(figure.figure, figure.passage, attribute=1.0, entity=1.0, probability=0.2, threshold=0.3)
    assert shortfall(learned, True, False) == refusals.BAR_RANKER


def test_reasons_are_counted_per_group_most_frequent_first() -> None:
    counts = refusal_reasons([("no_candidate", "answerable"), ("unknown_name", "unanswerable"),
                              ("no_candidate", "unanswerable"), ("", "answerable")])
    assert list(counts) == ["no_candidate", "unknown_name", "unrecorded"]
    assert counts["no_candidate"] == {"answerable": 1, "unanswerable": 1}
    rows = refusal_rows(counts, ("answerable", "unanswerable"))
    assert rows[0] == ["refusal reason", "answerable", "unanswerable", "all"]
    assert rows[-1] == ["total", "2", "2", "4"]


# -- names a question shortens or says otherwise: matched to the document's own spelling -------------------

GROUP = ("星河科技集团日前发布了旗下子公司星河科技证券2023年半年报。上半年，星河科技证券实现营业收入12.5亿元，"
         "同比增长8.1%。")
TRADE = "上半年，我国对东盟进出口达到了3.1万亿元，增长6.2%。对欧盟进出口2.7万亿元。"


def test_a_shortened_name_is_read_as_the_longer_name_it_abbreviates() -> None:
    assert abbreviated_in("星科证券", GROUP) == "星河科技证券"
    assert abbreviated_in("星河科技证券", GROUP) == ""  # written whole: nothing to spell out
    assert abbreviated_in("星科", GROUP) == ""  # two characters in order match too many phrases
    assert abbreviated_in("北京市", "北部湾京津冀城市群") == ""  # too many characters inserted
    assert states(ask_passages("星科证券上半年营业收入是多少？", GROUP), "12.5亿元")


def test_a_shortening_the_document_itself_writes_is_left_as_written() -> None:
    def spelled(question: str, *texts: str) -> str:
        nodes = nodes_of(*texts)
        synthesizer = FigureAnswerSynthesizer(TermStats(n.node for n in nodes))
        return synthesizer._spelled_out(question, [Passage(n, i) for i, n in enumerate(nodes)])

    assert spelled("星科证券上半年营业收入是多少？", GROUP) == "星河科技证券上半年营业收入是多少？"
    own = "星科证券上半年营业收入12.5亿元。"
    assert spelled("星科证券上半年营业收入是多少？", GROUP, own) == "星科证券上半年营业收入是多少？"
    # an abbreviation of an ordinary phrase (技改, jieba's j) is read as written, never spelled out
    asked = "松川机械技改项目的年利税是多少？"
    assert spelled(asked, "全县技术改造项目投资增长12.0%。") == asked


def test_a_name_no_longer_name_abbreviates_is_still_refused() -> None:
    assert refused(ask_passages("星河银行上半年营业收入是多少？", GROUP))
    assert refused(ask_passages("月湖证券上半年营业收入是多少？", GROUP))


def test_the_nation_named_is_the_whole_a_text_calls_our_country() -> None:
    assert states(ask_passages("上半年中国对东盟的进出口额达到多少？", TRADE), "3.1万亿元")
    assert refused(ask_passages("上半年日本对东盟的进出口额达到多少？", TRADE))


# -- a period the question writes another way than the document: 前N个月 is the months 1—N月 ------------------

def test_first_n_months_is_a_span_of_months_not_a_duration() -> None:
    first = parse_figures("今年前2个月出口增长13.6%")[0]
    assert (first.unit_class, first.value, first.upper, first.text) == ("date", 1.0, 2.0, "前2个月")
    assert parse_figures("前两个月")[0].upper == 2.0
    assert parse_figures("2个月前开工")[0].unit_class == "time"  # "two months ago": still a duration


def test_a_period_set_by_the_title_answers_a_question_written_with_first_n_months() -> None:
    title = "1-2月松川县外贸平稳开局"
    body = "从主要商品看，机电产品出口增长9.9%，农产品出口增长3.1%。"
    assert states(ask_passages("前两个月机电产品出口增长了多少？", title, body), "9.9%")
    assert refused(ask_passages("前三个月机电产品出口增长了多少？", title, body))  # 1—3月 is stated nowhere
