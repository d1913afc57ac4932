"""Issue 8, class 7: an amount per person or per household ("人均…多少元") that the text does not state is its
total shared out over the people (or households) its sentence counts; with no such count, or two of them, it
is refused, never answered with the total. Invented sentences."""

from __future__ import annotations

from passages import ask_passages, refused, states

TEXT = "端午假期，青川市共接待游客320万人次，同比增长12%，实现旅游收入18.4亿元，同比增长9.5%。"


def test_a_total_shared_over_the_visits_its_sentence_counts() -> None:
    answer = ask_passages("端午假期青川市人均旅游消费多少元？", TEXT)
    assert states(answer, "575元"), answer.text
    assert "18.4亿元 ÷ 320万人次" in answer.text


def test_per_household_divides_by_households_only() -> None:
    text = "白山县今年发放种粮补贴2400万元，惠及农户3万户，涉及农民7.5万人。"
    assert states(ask_passages("白山县户均种粮补贴多少元？", text), "800元")
    # 人均 with two counts of people in the sentence would be a guess
    two = "白山县今年发放种粮补贴2400万元，惠及农户3万户，涉及农民7.5万人，其中种粮大户经营者1.2万人。"
    assert refused(ask_passages("白山县人均种粮补贴多少元？", two))


def test_no_count_of_people_no_amount_per_person() -> None:
    answer = ask_passages("青川市人均旅游消费多少元？", "端午假期，青川市实现旅游收入18.4亿元，同比增长9.5%。")
    assert refused(answer), answer.text


def test_a_stated_amount_per_person_is_looked_up() -> None:
    answer = ask_passages("青川市人均旅游消费多少元？", "端午假期，青川市游客人均旅游消费为620元，接待游客320万人次。")
    assert states(answer, "620元"), answer.text
