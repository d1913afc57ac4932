"""Issue 8, class 7 (computations): last period's figure backed out of this period's figure and the change
stated right after it, on wordings a bulletin or a results report uses and the engine missed:
  * "去年同期的净利润" — the comparison period asked is not a name the figure's passage must carry (the text
    states "同比增长", never 去年同期);
  * several figures each with their own change in one sentence — the change written after the figure is its
    own ("营业收入…同比增长20%，净利润…同比增长50%": 50% for 净利润);
  * "同比增速为8%" — a noun of change (增速/增幅) as well as a verb (增长);
  * a rounded mention without a change ranked first ("以近1.2万亿元的经济总量") — the next figure of the
    quantity that states its change is the one backed out.
And a sum whose sides share a quantity the question writes as a listed attribute writes it ("甲国和乙国的进出口加起
来": 进出口 is money), not the counts the passages also state.
Every sentence is invented (an imaginary company 甲辰科技, city 乙州市 and province 丙省)."""

from __future__ import annotations

import pytest
from corpora import indexed_assistant

from assistant.api import Assistant
from tests.test_answer_engine import assert_computed

pytestmark = pytest.mark.slow

JIACHEN = """甲辰科技股份有限公司2031年半年度报告摘要

财报显示，上半年，甲辰科技实现营业收入41.2亿元，同比增长20%，净利润10.5亿元，同比增长50%。
报告期末，公司员工总数3100人。
"""

YIZHOU = """乙州市2031年经济运行情况

乙州市以近1.2万亿元的经济总量位列全省第三。具体来看，2031年，乙州市地区生产总值为11880亿元，同比增速为8%；两年平均增长6.1%。
全年乙州市常住人口1350万人。
"""


BINGSHENG = """丙省2031年一季度对外贸易情况

一季度，丙省外贸企业新增14个，另有两位外商在丙省设立代表处。
从一季度数据来看，丙省对甲国进出口达到了520亿元，同比增长6%，占全省外贸总值的14%；同期，丙省对乙国进出口480亿元。
"""


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return indexed_assistant(tmp_path_factory.mktemp("bases"), {"jiachen.txt": JIACHEN, "yizhou.txt": YIZHOU,
                                                                     "bingsheng.txt": BINGSHENG})


@pytest.mark.parametrize(("question", "result", "operands"), [
    ("甲辰科技去年同期的净利润约为多少？", "7亿元", ["10.5亿元", "50%"]),
    ("甲辰科技去年同期的营业收入是多少？", "34.33亿元", ["41.2亿元", "20%"]),
    ("据增速推算，乙州市2030年地区生产总值大约是多少？", "11000亿元", ["11880亿元", "8%"]),
])
def test_last_periods_figure_is_backed_out_of_its_own_change(reports: Assistant, question: str, result: str,
                                                             operands: list[str]) -> None:
    assert_computed(reports.ask(question), result, operands)


def test_a_sum_of_sides_sharing_a_listed_quantity_adds_that_quantity(reports: Assistant) -> None:
    assert_computed(reports.ask("一季度丙省对甲国和乙国的进出口加起来是多少？"), "1000亿元", ["520亿元", "480亿元"])
