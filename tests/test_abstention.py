"""Abstention and reading the asked subject (issue 8, classes 6 and 8): a kind of thing the text never
names is refused, not answered with its whole class; a subject the tagger cuts in pieces still counts.

Every passage here is invented (places, sectors and figures included); the engine reads them through the
real synthesizer, the real number parser, jieba and the lexicon files."""

from __future__ import annotations

from passages import ask_passages, refused, states

from assistant.question import analyse

_SECTORS = ("1—9月份，海川市规模以上工业中，制造业实现利润总额812.4亿元，增长21.3%；"
            "纺织制造业利润增长6.2%，仪表制造业下降4.1%。")


def test_a_kind_the_text_never_names_is_refused_not_answered_with_its_class() -> None:
    # 食品 is a noun none of whose characters the text uses: 食品制造业 is not the 制造业 total
    assert refused(ask_passages("食品制造业1—9月利润增长了多少？", _SECTORS))
    # a kind the text does name is still answered, and the whole class too
    assert states(ask_passages("纺织制造业利润增长了多少？", _SECTORS), "6.2%")
    assert states(ask_passages("制造业利润总额是多少？", _SECTORS), "812.4亿元")


def test_the_askers_own_abbreviation_of_a_named_thing_is_not_a_missing_kind() -> None:
    # 技改 (技术改造) shares its characters with the text's words: the asker's phrasing, not another project
    text = "北岭水泥厂实施节能技术改造项目，总投资1.2亿元，建成后年利税3000万元。"
    assert states(ask_passages("北岭水泥厂技改项目总投资多少？", text), "1.2亿元")


def test_a_subject_the_tagger_cuts_in_pieces_weighs_as_a_noun() -> None:
    # jieba tags 科创板 as 科 + 创板: both nouns, so the board named is what the question is about
    q = analyse("科创板总营收同比增长多少？")
    assert q.weights.get("科创板") == 1.0, q.weights
    texts = ("上半年，全部上市公司累计实现总营收30.55万亿元，同比增长26.21%。",
             "分板块来看，上半年科创板的业绩最亮眼，总营收同比增长52.36%。",
             "沪深主板公司的营收增幅为30.9%，净利增幅为80.81%。",
             "资不抵债的上市公司有37家，较上年末减少2家。")
    assert states(ask_passages("科创板总营收同比增长多少？", *texts), "52.36%")


def test_a_rate_asked_of_one_quantity_is_not_the_rate_of_its_neighbour() -> None:
    # the question resolved from a follow-up ("净利润呢？" after "…总营收同比增长多少？"): no 净利润 amount
    # stands beside its rate, so the rate's own clause naming 净利润 decides, not the board named first
    texts = ("上半年，全部上市公司累计实现净利润2.76万亿元，同比增长43.65%。",
             "分板块来看，上半年创业板的业绩最亮眼，总营收同比增长52.36%；总净利润同比增长95.89%。",
             "沪深主板公司的营收增幅为30.9%。",
             "资不抵债的上市公司有37家，较上年末减少2家。")
    assert states(ask_passages("创业板净利润同比增长多少？", *texts), "95.89%")
    assert states(ask_passages("创业板总营收同比增长多少？", *texts), "52.36%")


def test_a_period_the_document_opens_with_holds_for_its_later_sections() -> None:
    # the follow-up carries 1—8月 from the earlier turn; the section stating the rate never repeats it,
    # but the bulletin's title line does: the period holds there, and the named city's figure answers
    texts = ("1—8月全省重大项目推进情况通报\n1—8月，全省重大项目完成投资512.3亿元，投资完成率57.2%。",
             "地级市重大项目投资完成率前二名：北川市计划投资120亿元，完成66.1%；南岭市计划投资48亿元，完成60.3%。",
             "县（区）投资增速前二名：东湖县增长31.2%，西河区增长18.4%。")
    assert states(ask_passages("北川市1—8月重大项目投资完成率是多少？", *texts), "66.1%")
    # a passage that writes another period before the figure is that period's, whatever the title says
    other = (texts[0], "上年1—6月，北川市重大项目投资完成率为40.2%。")
    assert not states(ask_passages("北川市1—8月重大项目投资完成率是多少？", *other), "40.2%")


def test_a_part_asked_within_a_whole_is_the_part_not_the_whole() -> None:
    # "其中…呢？" resolved to "<whole>中，<part>多少": the figure the part's words label answers
    texts = ("2024年，北川市安排市政府投资项目310个，年度计划投资规模为420亿元、增长8.0%；"
             "资金来源为公共预算385亿元，国土基金35亿元。",
             "2023年北川市政府投资完成率为98.2%。")
    asked = "北川市2024年市政府投资项目年度计划投资规模中，公共预算安排多少？"
    assert states(ask_passages(asked, *texts), "385亿元")
    assert states(ask_passages("北川市2024年市政府投资项目年度计划投资规模是多少？", *texts), "420亿元")


def test_the_bound_a_counted_group_passed_is_no_rate_of_one_member() -> None:
    # "8个行业…增幅超100%" says how many passed 100%, not how much the sector asked grew: refused
    texts = ("上半年，28个行业中有23个行业业绩同比增长，8个行业净利润增幅超100%，分别是港口、采掘等行业。",
             "上半年全部公司累计实现净利润2.76万亿元。")
    assert refused(ask_passages("港口行业上半年净利润增长了多少？", *texts))


_TRADE = ("1-9月，海川市服务进出口总额3120.5亿元，同比增长6.4%。其中，运输服务出口增长12.1%。"
          "数字服务进口842.3亿元，增长5.2%；进口增长较快的领域是保险服务和维修服务，分别增长15.1%和9.8%。")


def test_a_qualifier_the_label_lacks_means_the_figure_is_of_the_whole() -> None:
    # 运输 qualifies the asked 服务进出口总额; the figure's label names only the whole: refused
    assert refused(ask_passages("1-9月海川市运输服务进出口总额是多少？", _TRADE))
    # the whole itself is still answered
    assert states(ask_passages("1-9月海川市服务进出口总额是多少？", _TRADE), "3120.5亿元")


def test_a_kind_named_only_beside_a_rate_has_no_amount() -> None:
    # 保险服务 stands in the sentence only with a growth rate: the amount beside is 数字服务's, not its
    assert refused(ask_passages("1-9月海川市保险服务进口额是多少？", _TRADE))
    assert states(ask_passages("1-9月海川市数字服务进口额是多少？", _TRADE), "842.3亿元")


_SPENDING = ("一季度，南岭市居民人均交通通信消费支出1203元，增长3.1%，占人均消费支出的比重为14.2%；"
             "人均教育文化娱乐消费支出866元，增长8.4%，占比10.2%。")


def test_a_label_inserting_words_inside_the_asked_name_names_a_part() -> None:
    # 人均[交通通信]消费支出 is a part; the whole appears only as the denominator of a share: refused
    assert refused(ask_passages("一季度南岭市居民人均消费支出是多少？", _SPENDING))
    # the part asked by its own name is answered
    assert states(ask_passages("一季度南岭市居民人均交通通信消费支出是多少？", _SPENDING), "1203元")


def test_an_abbreviation_of_the_qualifier_still_names_the_asked_quantity() -> None:
    # 规上 is the usual short name of 规模以上 (lexicon aliases.tsv): the label names the quantity asked
    text = "1-9月，北川市规模以上工业增加值增长7.3%，其中制造业增长8.1%。"
    assert states(ask_passages("1-9月北川市规上工业增加值增长多少？", text), "7.3%")


def test_a_label_naming_only_the_head_word_keeps_the_subject_its_text_set_earlier() -> None:
    # "我国" is the reporter, not a kind; "其中服务出口" repeats the asked quantity's own modifier
    text = "1-9月，我国服务进出口总额5210.4亿元，增长6.1%，其中服务出口2301.2亿元，增长9.9%。"
    assert states(ask_passages("1-9月我国服务出口额是多少？", text), "2301.2亿元")


def test_the_askers_frame_the_text_never_writes_with_the_kind_is_no_missing_qualifier() -> None:
    # "在建" frames the asker's question; the text never writes it before 水利项目, only lists the kinds
    text = "南岭市今年推进重点项目120个。其中，水利项目18个，交通项目25个。"
    assert states(ask_passages("南岭市在建水利项目有多少个？", text), "18个")
