"""Property-based (hypothesis) check of the engine's promise: a composed answer never carries a figure that
no cited passage and no shown computation states, whatever invented passage it reads and whatever figures
the question itself writes (periods, thresholds, counts in a part the documents do not answer)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from passages import ask_passages

from assistant.figures import parse_figures
from eval.grader import unsupported_figures

# invented subjects and quantities; nothing here is any real document's wording
SUBJECTS = ["东坪公司", "南州市", "青禾集团", "西岭县", "北湾新区"]
QUANTITIES = [("营业收入", "亿元"), ("净利润", "亿元"), ("总投资", "亿元"), ("重点项目", "个"),
              ("研发费用", "万元"), ("粮食产量", "万吨"), ("出口额", "亿美元")]
PERIODS = ["2023年", "1—9月", "上半年", "2022年", "一季度", "1—5月份", ""]
ASKS = ["是多少", "有多少", "多少"]
CHANGES = ["同比增长", "比上年增长", "同比下降"]

amounts = st.decimals(min_value=1, max_value=99999, places=1).map(lambda d: f"{d.normalize():f}")
rates = st.decimals(min_value="0.1", max_value=99, places=1).map(lambda d: f"{d.normalize():f}")


@st.composite
def statements(draw: st.DrawFn) -> tuple[str, str, str]:
    """(subject, quantity, the sentence stating it)."""
    subject = draw(st.sampled_from(SUBJECTS))
    period = draw(st.sampled_from(PERIODS))
    quantity, unit = draw(st.sampled_from(QUANTITIES))
    text = f"{period}{'，' if period else ''}{subject}{quantity}{draw(amounts)}{unit}"
    if draw(st.booleans()):
        text += f"，{draw(st.sampled_from(CHANGES))}{draw(rates)}%"
    return subject, quantity, text + "。"


@st.composite
def part(draw: st.DrawFn, stated: list[tuple[str, str, str]], answerable: bool) -> str:
    """A question part: about a stated subject and quantity as stated (answerable), or about anything,
    perhaps with a period or a bound the passages do not state."""
    if answerable:
        subject, quantity, _ = draw(st.sampled_from(stated))
        return f"{subject}{quantity}{draw(st.sampled_from(ASKS))}"
    subject, quantity = draw(st.sampled_from(["", *SUBJECTS])), draw(st.sampled_from(QUANTITIES))[0]
    period = draw(st.sampled_from(PERIODS))
    bound = draw(st.sampled_from(["", "", "5000万元以上", "10亿元以上"]))
    return f"{subject}{period}{bound}{quantity}{draw(st.sampled_from(ASKS))}"


@st.composite
def cases(draw: st.DrawFn) -> tuple[str, str]:
    """An invented passage and a question of one part or two ("…是多少，…多少？"), parts answerable or not."""
    stated = draw(st.lists(statements(), min_size=1, max_size=4))
    shape = draw(st.sampled_from(["one", "two", "mixed", "with a rate"]))
    if shape == "one":
        parts = [draw(part(stated, draw(st.booleans())))]
    elif shape == "two":
        parts = [draw(part(stated, draw(st.booleans()))) for _ in range(2)]
    elif shape == "mixed":  # one part the passage answers, one it does not: the answer names the missing one
        parts = draw(st.permutations([draw(part(stated, True)), draw(part(stated, False))]))
    else:
        parts = [draw(part(stated, draw(st.booleans()))),
                 draw(st.sampled_from(["同比增长多少", "比上年增长了多少", "占比多少"]))]
    return "".join(t for _, _, t in stated), "，".join(parts) + "？"


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_a_composed_answer_states_only_traced_figures(case: tuple[str, str]) -> None:
    passage, question = case
    answer = ask_passages(question, passage)
    assert answer.unverified == [], (question, passage, answer.text)
    assert unsupported_figures(answer) == [], (question, passage, answer.text)
    if not answer.answerable:
        assert parse_figures(answer.text) == [], (question, answer.text)


def test_a_missing_part_is_named_without_the_figures_the_question_writes() -> None:
    # the first part (研发费用) is not stated; naming it must not restate "1—9月", which no source states
    answer = ask_passages("东坪公司1—9月研发费用是多少，营业收入多少？",
                          "2023年，东坪公司营业收入52.3亿元，同比增长8%。")
    assert answer.answerable and "52.3亿元" in answer.text
    assert "研发费用" in answer.text and "1—9月" not in answer.text
    assert answer.unverified == [] and answer.verified
