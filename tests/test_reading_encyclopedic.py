"""Reading encyclopedic text (issue 8; the kind of paragraph CMRC 2018 asks about): calendar years before
1900, when a thing happened (the date of the event the question names), what a dated entry of a life says,
where a thing is, an ordinal, a figure glossed by its year in brackets, a rate written without its sign.

Every passage is invented (names, places and figures); the engine reads them through the real synthesizer,
the real number parser, jieba and the lexicon files."""

from __future__ import annotations

from passages import ask_passages, refused, states

from assistant.candidates import _outside_asides
from assistant.figures import parse_figures
from assistant.question import analyse


def _read(text: str) -> list[tuple[str, str, float]]:
    return [(f.text, f.unit_class, f.value) for f in parse_figures(text)]


# -- the number parser: a year is a year before 1900 too, a span of years stays a span ------------------------

def test_years_before_1900_are_years() -> None:
    assert _read("青石书院于1608年建成") == [("1608年", "year", 1608.0)]
    assert _read("建于永乐五年（1407年）。")[-1] == ("1407年", "year", 1407.0)
    assert _read("承平元年（577年），") == [("577年", "year", 577.0)]
    assert _read("罗马人在公元前25年建城") == [("25年", "year", 25.0)]
    assert _read("约公元700年以来") == [("700年", "year", 700.0)]
    assert parse_figures("1337-1453年间")[0].unit_class == "year"


def test_spans_of_years_stay_spans() -> None:
    for text in ("这种树可存活了1500年", "近1200年来", "已有1500年的历史", "长达1000年之久", "历时1300年"):
        assert [f.unit_class for f in parse_figures(text)] == ["time"], text
    assert parse_figures("生存了近2,400万年")[0].unit_class == "time"


def test_units_in_capitals_are_the_units() -> None:
    height = parse_figures("身高182CM，体重70KG")
    assert [(f.unit_class, round(f.value, 4)) for f in height] == [("length", 1.82), ("mass", 0.07)]
    assert parse_figures("功率3MW")[0].unit == "kW"  # a capital unit keeps its own meaning (MW, not mW)


# -- when: the date of the event the question names -------------------------------------------------------

ACADEMY = ("青石书院位于云岭省青州市，是一座明代书院。青石书院始建于1608年，1795年由知府重修，"
           "1911年停办，1987年列为省级文物保护单位。")


def test_a_when_question_takes_the_date_of_its_event() -> None:
    closed = ask_passages("青石书院是何时停办的？", ACADEMY)
    assert states(closed, "1911年") and not states(closed, "1608年"), closed.text
    rebuilt = ask_passages("青石书院在哪一年重修？", ACADEMY)
    assert states(rebuilt, "1795年") and not states(rebuilt, "1911年"), rebuilt.text
    assert states(ask_passages("青石书院是什么时候建成的？", "青石书院于1608年建成，1795年重修。"), "1608年")


def test_the_verb_after_the_question_word_is_the_event() -> None:
    text = "云川剧团于2001年成立。2004年剧团在北京首演，2009年解散。"
    q = "云川剧团成立后什么时候在北京首演？"
    answer = ask_passages(q, text)
    assert states(answer, "2004年") and not states(answer, "2001年"), answer.text


def test_the_time_of_a_death_is_a_date_question() -> None:
    assert analyse("李明远逝世的时间是？").unit_class == "date"


def test_a_historical_year_in_brackets_answers_when() -> None:
    text = "白石之战，又名清溪之战，发生于宝历2年（1752年）。是白石家统一北部的关键战役。"
    answer = ask_passages("白石之战发生于什么时候？", text)
    assert answer.answerable and "1752年" in answer.text, answer.text


# -- a dated entry of a life: what the question's dates say -----------------------------------------------

LIFE = ("李明远，云岭省青州人，1950年生。1972年3月至1975年6月任青山县农机站技术员。"
        "1975年6月至1980年2月任青山县副县长。1980年2月至1988年5月任青州市副市长。")


def test_the_dates_a_question_states_pick_the_entry() -> None:
    answer = ask_passages("1975年6月至1980年2月，李明远担任什么职务？", LIFE)
    assert answer.answerable and "副县长" in answer.text and "技术员" not in answer.text, answer.text
    other = ask_passages("1980年2月至1988年5月，李明远担任什么职务？", LIFE)
    assert "副市长" in other.text and "副县长" not in other.text, other.text


def test_an_entry_the_date_opens_is_preferred_to_a_passing_mention() -> None:
    text = "王子衡，青州人。1970年6月参加工作，1973年10月入党。1973年10月，任青州市邮局投递员。"
    answer = ask_passages("1973年10月，王子衡担任什么职务？", text)
    assert "投递员" in answer.text and "入党" not in answer.text, answer.text


def test_dates_no_entry_states_are_refused() -> None:
    assert refused(ask_passages("1991年4月至1995年1月，李明远担任什么职务？", LIFE))


# -- where, and an ordinal: the sentence that says it -----------------------------------------------------

def test_a_where_question_quotes_the_sentence_saying_where() -> None:
    text = ("松林阁是一座明代木结构楼阁，1998年修缮后对外开放。松林阁位于云岭省青州市东街18号，"
            "南临清水河。")
    answer = ask_passages("松林阁在哪里？", text)
    assert answer.answerable and "东街18号" in answer.text and "1998年" not in answer.text, answer.text


def test_an_ordinal_question_quotes_the_ordinal() -> None:
    text = "《远山》是歌手林然的第7张录音室专辑，于2012年发行，首周销量12万张。"
    answer = ask_passages("《远山》是林然的第几张录音室专辑？", text)
    assert answer.answerable and "第7张" in answer.text, answer.text


# -- a figure glossed by its year; a rate written without its sign ----------------------------------------

def test_a_bracketed_year_right_after_a_figure_dates_it() -> None:
    text = "白河区位于青州市北部。白河区人口约41,200人（2015年）。1990年该区人口为30,100人。"
    answer = ask_passages("2015年，白河区的人口数是多少？", text)
    assert states(answer, "41,200人") and not states(answer, "30,100人"), answer.text


def test_only_a_bracket_right_after_a_figure_glosses_it() -> None:
    text = "白河区登记企业196家（新设80家、迁入116家），注册资本750.4亿元（2015年）。"
    total = text.index("750.4亿元")
    kept = _outside_asides(text, total, total + len("750.4亿元"))
    assert "（2015年）" in kept and "新设80家" not in kept  # its own gloss stays; another figure's aside goes
    count = text.index("196家")
    assert "新设80家" in _outside_asides(text, count, count + len("196家"))


def test_a_rate_written_without_its_sign_answers_its_name() -> None:
    text = "《远山》于2012年1月首播，首集收视率为3.25，最高一集收视率为5.1，共20集。"
    answer = ask_passages("《远山》的首集收视率是多少？", text)
    assert answer.answerable and "3.25" in answer.text and "5.1" not in answer.text, answer.text


# -- 多高 / 多长 / 多重 / 多久 / 多大年纪: the measure the adjective asks ---------------------------------------

TOWER = "松林阁建于1608年，占地1200平方米，阁高27米，共五层，底层宽18米。阁前的清水河全长312公里。"


def test_an_adjective_asks_a_measure_of_its_kind() -> None:
    assert [analyse(q).unit_class for q in ("松林阁有多高？", "清水河全长多长？", "青鳞鱼有多重？", "战争持续了多久？",
                                              "他去世时多大年纪？")] == ["length", "length", "mass", "time", "time"]
    assert analyse("松林阁有多少层？").unit_class == "count"  # a counter asked stays a count


def test_the_figure_the_adjective_labels_answers() -> None:
    assert [u.text for u in ask_passages("松林阁有多高？", TOWER).figures] == ["27米"]
    assert [u.text for u in ask_passages("松林阁底层有多宽？", TOWER).figures] == ["18米"]
    assert [u.text for u in ask_passages("清水河全长多长？", TOWER).figures] == ["312公里"]
    aged = ask_passages("李明远去世时多大年纪？", "李明远，1950年生于青州，2011年病逝，享年61岁。")
    assert [u.text for u in aged.figures] == ["61岁"]


# -- an entry's title is what its sentences are about --------------------------------------------------------

def test_a_title_word_covers_the_sentences_of_its_entry() -> None:
    from llama_index.core.schema import NodeWithScore, TextNode

    from assistant.answer import FigureAnswerSynthesizer
    from assistant.candidates import TermStats

    entry = ("松林阁是一座明代木结构楼阁，与白鹤楼齐名。阁内藏有古籍三千余册，其中宋版书12部。"
             "阁的斗拱结构独特，采用榫卯连接，全阁未用一颗铁钉。")
    other = "白鹤楼位于青州市南郊，斗拱为清代重修。"

    def answer(title: str) -> str:
        nodes = [NodeWithScore(node=TextNode(text=t, metadata={"start": 0, "end": len(t), "doc_id": d, "title": n}),
                               score=1.0) for t, d, n in ((entry, "e.txt", title), (other, "f.txt", "白鹤楼"))]
        synthesizer = FigureAnswerSynthesizer(TermStats(n.node for n in nodes))
        return synthesizer.answer("松林阁的斗拱结构有什么特点？", nodes).text

    assert "榫卯" in answer("松林阁"), answer("松林阁")  # the entry on 松林阁: its sentence about 斗拱
    assert "榫卯" not in answer("")  # untitled, the sentence naming 松林阁 covers more of the question


# -- a text says it another way: synonyms of the question's word (assistant/lexicon/synonyms.tsv) ----------------

def test_the_question_word_matches_its_synonym_in_the_text() -> None:
    life = "周衡山，云岭省青州人。清嘉庆九年（1804年），周衡山出生。晚年家道中落。清同治十二年（1873年），卒。"
    died = ask_passages("周衡山逝世的时间是？", life)
    assert states(died, "1873年") and not states(died, "1804年"), died.text
    children = ask_passages("林子川有几个孩子？", "林子川，青州人，1996年加入公署，已婚，育有3名子女。2007年离职。")
    assert states(children, "3名"), children.text
    shop = ("青果冰室于2013年12月在青州开设首家门市，之后陆续设立四家分店。2017年3月5日最后一家分店结束经营后，"
            "品牌正式撤出青州。")
    left = ask_passages("青果冰室什么时候退出了青州市场？", shop)
    # (stated as a figure, or quoted whole: the sentence saying 撤出 with its date)
    assert left.answerable and "2017年3月5日" in left.text and "2013年12月" not in left.text, left.text


def test_synonyms_are_read_from_the_lexicon_with_the_word_first() -> None:
    from assistant.vocabulary import written_as

    assert written_as("逝世")[0] == "逝世" and "卒" in written_as("逝世") and "逝世" in written_as("卒")
    assert written_as("营收")[0] == "营业收入"  # an indicator keeps its aliases (aliases.tsv)
    assert written_as("青州") == ("青州",)


def test_the_word_naming_the_date_asked_is_no_subject() -> None:
    q = analyse("周衡山逝世的时间是？")
    assert q.unit_class == "date" and "时间" not in q.terms and "逝世" in q.terms


# -- a duration in several units is one figure (a race time) ----------------------------------------------------

def test_a_duration_in_several_units_is_one_figure() -> None:
    assert [(f.text, f.unit_class, round(f.value, 2)) for f in parse_figures("时间为3分33秒62。")] == [
        ("3分33秒62", "time", 213.62)]
    assert [(f.text, f.value) for f in parse_figures("用时2小时15分完成")] == [("2小时15分", 8100.0)]
    assert [(f.text, f.value) for f in parse_figures("成绩为1分58秒，排名第2")] == [("1分58秒", 118.0)]
    assert [f.text for f in parse_figures("每步棋加30秒，共90分钟")] == ["30秒", "90分钟"]  # one unit: as before


def test_a_race_time_answers_how_long() -> None:
    text = "在4x200米接力决赛中，青州队以7分51秒23夺得冠军，并刷新全国纪录。"
    answer = ask_passages("青州队在4x200米接力决赛中游了多长时间？", text)
    assert states(answer, "7分51秒23"), answer.text


# -- where: the clause saying where a thing is, address and all ---------------------------------------------------

def test_a_where_question_leads_with_the_location_clause() -> None:
    from llama_index.core.schema import NodeWithScore, TextNode

    from assistant.approaches import Reading
    from assistant.approaches.entity import EntityApproach
    from assistant.candidates import TermStats

    entry = ("青石博物馆是云岭省的省级综合性博物馆，位于云岭省青州市东风街50号。博物馆建于1935年，"
             "馆藏文物三万余件。")
    other = "白鹤楼始建于明代，与青州古城墙相邻。"
    nodes = [NodeWithScore(node=TextNode(text=t, metadata={"start": 0, "end": len(t), "doc_id": d}), score=1.0)
             for t, d in ((entry, "a.txt"), (other, "b.txt"))]
    reading = Reading(question="青石博物馆在哪里？", lang="zh", retrieve=lambda _q: nodes,
                      all_nodes=lambda: [n.node for n in nodes], stats=TermStats(n.node for n in nodes))
    answer = EntityApproach().answer(reading)
    assert answer is not None and answer.answerable, answer
    assert answer.lead.startswith("位于云岭省青州市东风街50号"), answer.lead


# -- counters an encyclopedic text counts with: works, episodes, volumes ----------------------------------------

def test_works_episodes_and_volumes_are_counted() -> None:
    assert [(f.text, f.unit) for f in parse_figures("他一生拍摄了五部电影，全剧共十二集，全书三卷。")] == [
        ("五部", "部"), ("十二集", "集"), ("三卷", "卷")]
    assert parse_figures("一部分人加入了部队，集团内部整合。") == []  # 部分, 集团: words, not counts
    assert (analyse("该剧共有多少集？").unit_class, analyse("该剧共有多少集？").counter) == ("count", "集")


# -- when: the event named by a verb jieba reads whole, by its verb rather than a verbal noun, or dated by the
# sentence before it ------------------------------------------------------------------------------------------

def test_the_event_inside_a_longer_verb_picks_its_date() -> None:
    text = ("宋皇后于建元元年（560年）十一月立为皇后。建元二年（561年）迁居北宫。"
            "天和元年（577年），北国亡，她被掳往长安，开皇初年才被释放出来，返回故乡。")
    answer = ask_passages("宋皇后什么时候被释放出来的？", text)
    assert answer.answerable and "577年" in answer.text and "560年" not in answer.text, answer.text


def test_an_event_dated_by_the_sentence_before_it() -> None:
    text = ("陈立峰，青州人，著名男子射击运动员，1996年和2000年两届奥运会冠军。2001年他曾宣布退役，不久复出参加"
            "2003年世锦赛。2004年，陈立峰第三次参加奥运会，资格赛中途退赛。赛后，陈立峰正式结束运动生涯，"
            "转任教练。")
    answer = ask_passages("陈立峰什么时候正式结束运动生涯？", text)
    assert answer.answerable and "2004年" in answer.text and "赛后" in answer.text, answer.text
    assert "2003年" not in answer.text and "1996年" not in answer.text, answer.text
    # a sentence that does not say "at that time" (后来) is not dated by the one before it: never quoted with it
    undated = ask_passages("陈立峰什么时候转任教练？", "2004年，陈立峰第三次参加奥运会。后来，陈立峰转任教练。")
    assert not ("2004年" in undated.text and "后来" in undated.text), undated.text


def test_an_entry_title_names_the_subject_of_its_figures() -> None:
    from llama_index.core.schema import NodeWithScore, TextNode

    from assistant.answer import FigureAnswerSynthesizer
    from assistant.candidates import TermStats

    entry = "该城为白河区首府，城中有一座古桥。2006年人口统计数据为1,694人。城的历史可追溯到汉代。"
    other = "青州市1999年人口为30,675人，提供工作岗位41,424个。"

    def answer(title: str) -> str:
        nodes = [NodeWithScore(node=TextNode(text=t, metadata={"start": 0, "end": len(t), "doc_id": d, "title": n}),
                               score=1.0) for t, d, n in ((entry, "e.txt", title), (other, "f.txt", "青州市"))]
        synthesizer = FigureAnswerSynthesizer(TermStats(n.node for n in nodes))
        return synthesizer.answer("在2006年，阿尔塔拉城地区的人口数量是多少？", nodes).text

    assert "1,694人" in answer("阿尔塔拉城"), answer("阿尔塔拉城")  # the entry on 阿尔塔拉城 states its population
    assert "1,694人" not in answer("")  # untitled, nothing says whose population it is


def test_which_one_states_no_count() -> None:
    assert analyse("关山被推为盟主是哪一集？").figures == [] and analyse("每一部作品都获奖了吗？").figures == []
    assert [f.text for f in analyse("第二季共有十二集吗？").figures] == ["十二集"]


def test_of_dates_in_one_sentence_the_one_nearest_the_event_answers() -> None:
    text = ("2013年12月26日，青果冰室在青州的首家门市开幕，之后陆续设立四家分店，2017年各店陆续结束经营，"
            "2017年3月5日最后一家分店结束经营后，品牌正式撤出青州。")
    answer = ask_passages("青果冰室什么时候退出了青州市场？", text)
    assert answer.answerable and "2017年3月5日" in answer.text and "2013年12月26日" not in answer.text, answer.text
