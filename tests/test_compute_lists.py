"""Issue 8, class 7 (computations) on lists of items: sums of three or more named items, a list whose
stated count joins two pieces into one item, a list said inside its group, per-person figures for every
item of a 人均 list, and the whole's amount written with 总 (进出口总额 for 进出口额). Every sentence here is
invented (an imaginary city, 云川市); nothing from the article or any eval set."""

from __future__ import annotations

from passages import ask_passages, states

from assistant.candidates import _related
from assistant.question import split_sides

PER_PERSON = ("上半年，云川市居民人均教育消费支出1200元，增长3.1%，占人均消费支出的比重为12.0%；"
              "人均医疗消费支出800元，增长2.0%，占比8.0%；人均文化消费支出500元，增长1.5%，占比5.0%。")
INCOMES = ("上半年，云川市居民人均可支配收入21000元。其中，城镇居民人均可支配收入30000元，增长3.6%；"
           "农村居民人均可支配收入12000元，增长5.8%。")
SECTORS = ("2024年云川市政府投资完成420亿元。其中，水利、农业、环保以及能源行业分别完成30.5亿元、20.1亿元和10.4亿元，"
           "位列各行业前三位。")
PROJECTS = "云川市重大项目计划共安排项目320个，总投资900亿元。其中，续建项目150个，新开工项目90个，前期项目80个。"
TRADE = ("1-6月，云川市货物进出口总额6000亿元，同比增长5%。1-6月，云川市农产品进出口800亿元，同比增长9%，"
         "其中出口300亿元。")


def test_a_list_that_says_its_count_keeps_a_joined_item_whole() -> None:
    # four pieces, "三个行业": the piece joined by 以及 rather than 、 is one item
    sides = split_sides("水利、农业、环保以及能源三个行业一共完成投资多少？", "sum")
    assert len(sides) == 3 and sides[2].startswith("环保以及能源")
    # without a stated count, or with a count the pieces already match, the list is read as written
    assert len(split_sides("水利、农业、环保以及能源一共完成投资多少？", "sum")) == 4
    assert len(split_sides("上海、北京和深圳三个城市财政收入合计是多少？", "sum")) == 3


def test_a_sum_of_three_items_listed_with_fenbie() -> None:
    answer = ask_passages("水利、农业、环保以及能源三个行业2024年一共完成投资多少？", SECTORS)
    assert states(answer, "61亿元"), answer.text


def test_a_list_said_inside_its_group_sums_its_items_not_the_group() -> None:
    assert split_sides("重大项目中续建项目和前期项目合计有多少个？", "sum") == ["续建项目", "前期项目"]
    # 中 inside a word (集中, 中国) opens no group
    assert split_sides("集中签约项目和开工项目合计有多少个？", "sum")[0] == "集中签约项目"
    answer = ask_passages("重大项目中续建项目和前期项目合计有多少个？", PROJECTS)
    assert states(answer, "230个") and not states(answer, "320个"), answer.text


def test_every_item_of_a_per_person_list_takes_its_per_person_figure() -> None:
    answer = ask_passages("上半年人均教育、医疗、文化三项消费支出合计是多少？", PER_PERSON)
    assert states(answer, "2500元"), answer.text


def test_a_per_person_difference_takes_the_other_sides_per_person_figure() -> None:
    answer = ask_passages("上半年城镇居民人均可支配收入比农村居民多多少元？", INCOMES)
    assert states(answer, "18000元"), answer.text


def test_a_whole_written_with_zong_is_the_amount_asked() -> None:
    assert _related("进出口总额", "进出口额") and _related("总额", "进出口额") and _related("总产量", "产量")
    assert not _related("总额", "增速") and not _related("出口额", "进口额")
    # the average is over the group asked (货物进出口), not over a narrower item labelled without 总
    answer = ask_passages("1-6月平均每月货物进出口额是多少？", TRADE)
    assert states(answer, "1000亿元"), answer.text


RETAIL = ("1-6月，云川市社会消费品零售总额1000亿元，增长4%。其中批发和零售业零售额900亿元，住宿和餐饮业零售额100亿元。"
          "限额以上批发和零售业通过公共网络实现零售额增长10%，占社会消费品零售总额的比重12.0%。")
SERVICES = ("1-6月，云川市服务进出口总额2000亿元，同比增长6%；其中服务出口800亿元，进口1200亿元。"
            "1-6月，云川市数字化服务出口500亿元，增长8%。")


def test_an_industry_named_with_he_is_one_item_and_a_size_bounded_share_is_no_answer() -> None:
    # 批发和零售业 (GB/T 4754, assistant/lexicon/listed_names.txt) is one industry, not 批发 + 零售业; the share
    # the text states is of 限额以上 units through one channel, a narrower group than the one asked
    answer = ask_passages("批发和零售业零售额占社会消费品零售总额的比重是多少？", RETAIL)
    assert states(answer, "90%") and not states(answer, "12.0%"), answer.text


def test_a_side_takes_the_item_it_names_not_a_narrower_kind_of_it() -> None:
    answer = ask_passages("1-6月服务出口占服务进出口总额的比重是多少？", SERVICES)
    assert states(answer, "40%") and not states(answer, "25%"), answer.text


def test_a_size_bound_the_question_names_too_keeps_the_stated_share() -> None:
    text = "1-6月，云川市规模以上工业总产值5000亿元，其中高技术制造业产值1800亿元，占规模以上工业总产值的比重达36.5%。"
    answer = ask_passages("高技术制造业产值占规模以上工业总产值的比重是多少？", text)
    assert states(answer, "36.5%"), answer.text
