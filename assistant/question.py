"""What a question asks: language, content terms, the attribute asked for, the unit class expected,
the operation (lookup, sum, difference, average, share, growth base) and the figures it mentions.

All rules are about the shape of questions (question words, operator words, units), never about the
content of any particular document.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass, field, replace
from functools import lru_cache

from assistant.figures import COUNTER_WORDS, Figure, figure_from_text, parse_figures, parse_number
from assistant.postags import tagged
from assistant.ratios import Ratio, named_ratio
from assistant.vocabulary import (
    attribute_words,
    english_change_verbs,
    expand,
    expand_place_runs,
    joins_inside_words,
    label_words,
    lexicon_rows,
    main_names_in,
    unhidden,
)
from assistant.vocabulary import names as spellings
from index.keyword import tokenize

# question word -> nothing; the attribute is what stands next to it
QUESTION_WORD = re.compile(r"(是多少|有多少|多少|多大|几|哪一年|哪年|何时|什么时候|哪些|哪个|什么|how many|how much|"
                    r"what|which|when)", re.I)
COUNTERS = COUNTER_WORDS
_COUNT_Q = re.compile(rf"(多少|几)([{COUNTERS}])")
_PER_COUNTER = re.compile(rf"(多少|几|每|一)([{COUNTERS}])")
# attribute words -> the unit class a figure answering them has; words that only say which kind of
# figure is wanted (they never label the figure in the text); how a text may name the attribute.
# All three from assistant/lexicon/attributes.tsv (sources in its header).
ATTRIBUTE_CLASSES, CLASS_WORDS, ATTRIBUTE_ALIASES = attribute_words()
# English words that say which kind of figure is wanted (question grammar and currency words, no topic);
# the Chinese attribute's own class comes first (analyse), these decide when it has none
# a currency named, and words that ask an amount of money whatever else the question says
_EN_CURRENCY = r"yuan|rmb|dollars?|euros?"
_EN_MONEY_WORDS = rf"{_EN_CURRENCY}|cost|spent|spend|worth"
EN_CLASS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"\bhow many\b", re.I), "count"),
    (re.compile(rf"\b(how much|money|{_EN_MONEY_WORDS})\b", re.I), "money"),
    (re.compile(r"\b(share|percentage|proportion|what percent|by what percent|rate)\b", re.I), "percent"),
    (re.compile(r"\b(capacity|megawatts?|MW|kilowatts?)\b", re.I), "power"),
    (re.compile(r"\b(which year|what year|when)\b", re.I), "year"),
]
_OPS: list[tuple[str, re.Pattern[str]]] = [
    ("average", re.compile(r"平均|average|per project|on average|mean", re.I)),
    ("growth_base", re.compile(r"倒推|推算|反推|back out", re.I)),
    # "除A、B之外，其他…占多少": what the parts named leave of their whole
    ("complement", re.compile(r"除了?[^，,？?]{1,40}?(?:之外|以外|外)[，,]?[^，,？?]{0,16}?"
                              r"(?:其他|其余|剩余|剩下|别的)")),
    ("share", re.compile(r"占.{0,24}(比例|比重|百分之|多少|几成)|(比例|比重|占比)是?多少|相当于.{1,24}的(百分之几|几成)"
                         r"|what share|what percentage"
                         r"|proportion of", re.I)),
    # "还有多少个项目没有开工", "…里不是ST股的有几家": a whole minus the part the question excludes
    ("remainder", re.compile(r"还有多少.{0,16}(没有|没|未|尚未)|(不是|并非|非)[^，,。？?]{1,12}的.{0,8}(多少|几)")),
    # "A比B多完成多少投资": a verb may stand between 多/少 and the question word
    ("difference", re.compile(r"比.{1,24}(多|少|高|低|快|慢)(出|了)?(多少|几)|"
                              r"比.{1,24}(多|少)[\u4e00-\u9fff]{1,3}?了?(多少|几)|"
                              r"比.{1,24}(增加|减少|增长|下降)了?(多少|几)(?=[万亿千百]?[元个家项台人吨])|相差|差(多少|几)|差距|差额|"
                              r"扣[掉除]|减去|还剩|"
                              r"more than .* by|difference between|how many more|how much more", re.I)),
    ("range", re.compile(r"以上.{0,6}(但|且|而)?(不到|不足|低于|以下|之下)|以上、.{1,10}以下|"
                         r"(不到|不足|低于)[\d.一二三四五六七八九十百千两]*(万元|亿元)的", re.I)),
    ("each", re.compile(r"(多少|几).{1,12}[、和].{0,4}(多少|几)|各(是|为|有)?多少|分别(是|为|有)?多少", re.I)),
    ("sum", re.compile(r"合计|一共|总共|共计|加起来|加在一起|之和|总和|combined|together|in total|altogether|"
                       r"add up", re.I)),
]
FOLLOWUP_MARK = re.compile(r"^(它|它们|该|这个|这些|这|那个|那些|那|其|此|其中)|它|该项目|这个项目|这些项目|"
                       r"^(and|what about|how about)\b|\b(it|its|they|their|them|this project|those)\b", re.I)
_CN = re.compile(r"[\u4e00-\u9fff]")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z\-']*")
_SPLIT_AND = re.compile(r"[和与及、]|以及|跟|\band\b")


@dataclass
class Question:
    text: str
    lang: str  # "zh" or "en"
    terms: list[str]  # content terms (Chinese, also for English questions via the glossary)
    attributes: list[str]  # terms naming the quantity asked for
    unit_class: str  # expected unit class, "" when unknown
    counter: str = ""  # counter word asked for (个, 家, 台 …)
    operation: str = "lookup"
    figures: list[Figure] = field(default_factory=list)  # figures the question itself states
    display_unit: str = ""  # unit the answer should be shown in (e.g. 万元), when the question asks for it
    asks_multiple: bool = False  # "how many … and how much …"
    weights: dict[str, float] = field(default_factory=dict)  # part-of-speech weight of each term
    extra_classes: list[str] = field(default_factory=list)
    is_question: bool = True  # has a question word (an ellipsis like "那产值呢？" has none)
    count_noun: str = ""  # what a count question counts ("多少个项目", "how many projects" -> 项目)
    unit_word: str = ""  # a unit asked for that the parser lacks ("多少万羽" -> 羽); "" when known or none
    ratio: Ratio | None = None  # the standard ratio asked for ("净利率是多少"), operation "ratio"
    senses: list[tuple[str, ...]] = field(default_factory=list)  # an English word's Chinese readings (terms)
    points: bool = False  # a change of a rate against the previous period, asked in percentage points
    multiple: bool = False  # asked as a multiple ("增长了几倍"): answered by a figure in 倍

    def guessed(self) -> frozenset[str]:
        """The terms that are a dictionary's sense of an English word (_en_weights), not a name the question
        wrote or spelled: none of a Chinese question's."""
        if self.lang != "en":
            return frozenset()
        return frozenset(t for t in self.terms if self.weights.get(t, 1.0) == _GUESS_WEIGHT)


_OPENS_LATIN = re.compile(r"^\W*[A-Za-z]")


def detect_lang(text: str) -> str:
    """"zh" or "en". An English sentence quoting a Chinese name ("Who is in charge of the 软通华方 … project?")
    is English: it opens in Latin letters and has more English words than Chinese characters."""
    cjk, words = len(_CN.findall(text)), len(_EN_WORD.findall(text))
    if _OPENS_LATIN.match(text) and words > cjk:
        return "en"
    return "zh" if cjk >= max(1, words // 3) else "en"


def parse_hints(hints: str) -> tuple[list[str], str, list[tuple[str, ...]], list[str]]:
    """The sections after HINT_SEPARATOR (see hint_text): attribute terms, the counted noun, the senses of
    each other word, and names found by pinyin. A single section is plain search terms."""
    parts = hints.split(HINT_SEPARATOR.strip())
    if len(parts) < 4:
        return [], "", [(t,) for t in hints.split()], []
    attrs, counted, groups, names = (p.split() for p in parts[:4])
    return attrs, (counted[0] if counted else ""), [tuple(g.split("/")) for g in groups], names


def hint_text(question: str, attributes: list[str], counted: str, groups: list[tuple[str, ...]],
              names: list[str]) -> str:
    """An English question with the Chinese words it names, by role, after HINT_SEPARATOR: keyword search
    and dense retrieval read them as more words of the query, analyse reads their roles back. Each other
    word's senses are written a/b/c: the retrieved passages decide between them (Question.senses)."""
    if not (attributes or counted or groups or names):
        return question
    sep = HINT_SEPARATOR.strip()
    other = " ".join("/".join(g) for g in groups)
    return f"{question}{HINT_SEPARATOR}{' '.join(attributes)} {sep} {counted} {sep} {other} {sep} {' '.join(names)}"


def attribute_class(term: str) -> str:
    """The unit class an attribute term names, also as the end of a longer word (净利润 -> 利润 -> money)."""
    for size in range(len(term), 1, -1):
        cls = ATTRIBUTE_CLASSES.get(term[-size:], "")
        if cls and term[-size:] not in CLASS_WORDS:
            return cls
    return ""


# words that stand next to a question word without naming the quantity asked for
NOT_ATTRIBUTE = frozenset(
    "一共 总共 合计 共 共有 累计 现在 目前 如今 都 还 又 能 要 会 可 可以 预计 大约 "
    "大概 约 有 是 属于 达到 达 实现 带来 贡献 一年 每年 年 能够 将 已经 已 了 的 为 "
    "共计 总计 到 能到 那个 这个 哪个 几个 多少 这批 那批 这些 那些 其中 一下 请问 左右 "
    "数量 个数 总数 数目 情况 方面 几成 多大 多高 哪些 什么 最多 最少 最大 最小 最高 最低 "
    "更高 更多 更大 更少 更低 谁 时候 何时 哪里 哪儿 怎么 怎样 为什么 如何 部分 那部分 这部分 "
    "以来 今年以来 至今 迄今 为止".split()
) | frozenset("平均 之和 总和 加起来 起来 相加".split())  # words of an operation (assistant.compute) name no quantity
# a question asking where something is (not "起源于哪里", "来自哪里": where a thing comes from is not where it is;
# not "仅次于哪里"): the sentence saying where it is answers
ASKS_PLACE = re.compile(r"在哪|位于|(?<![于自从])(哪里|哪儿|什么地方|何处|哪个地方)|地理位置|什么位置")
# the words a question asking a date or year names the date with ("出生日期", "逝世的时间")
_DATE_WORDS = frozenset("时间 日期 年份 时刻 年代 时期".split())
# part-of-speech weight of a term: names and nouns identify what is asked about, verbs less so
_POS_WEIGHT = {"n": 1.0, "nr": 1.0, "ns": 1.0, "nt": 1.0, "nz": 1.0, "eng": 1.0, "nrt": 1.0, "vn": 0.6,
               "j": 1.0, "v": 0.3}


def _attributes(text: str, terms: list[str]) -> list[str]:
    """Terms naming the quantity: known attribute words, else the content words right before the
    question word (or right after, as in 多少个项目)."""
    attrs = [t for t in terms if t in ATTRIBUTE_CLASSES and t not in CLASS_WORDS]
    # "进出口额": 出口额 is inside it only as part of the compound 进出口 (compounds.tsv), not asked
    attrs = [a for a in attrs if a in unhidden(text, a)]
    if attrs:
        return attrs
    match = QUESTION_WORD.search(text)
    if not match:
        return []
    before = [t for t in tokenize(text[max(0, match.start() - 10):match.start()])
              if t not in NOT_ATTRIBUTE and not t[0].isdigit()]
    after = [t for t in tokenize(_split_counter(text[match.start():match.end() + 8])[len(match.group()):])
             if t not in NOT_ATTRIBUTE and not t[0].isdigit() and t not in COUNTERS]
    return [t for t in before[-1:] + after[:1] if t not in CLASS_WORDS and (len(t) > 1 or not _CN.match(t))]


def _qualified(text: str, attributes: list[str], unit_class: str) -> list[str]:
    """The attributes as the question qualifies them: "两年平均增长" asks that quantity, not 增长
    (labels.tsv qualifiers); and "比2020年增加了多少" asks a change of a level, so the change word is an
    attribute too (a rate of change is a percent, asked as such)."""
    qualifiers = label_words("qualifier")
    out = [next((q + a for q in qualifiers if q + a in text), a) for a in attributes]
    if unit_class != "percent":
        m = re.search("(" + "|".join(label_words("change")) + r")了?(多少|几)", text)
        if m and not any(m.group(1) in a for a in out):
            out.append(m.group(1))
    return list(dict.fromkeys(out))


def _rate_asked(text: str, unit_class: str, extra: list[str],
                attributes: list[str]) -> tuple[str, list[str], list[str]]:
    """A rate asked of a quantity ("投资完成率是多少", "东港区投资下降了多少") is a percent, not the quantity:
    a …率 attribute (attributes.tsv) right before the question word, or a change asked with no unit and
    no base to count it from (with a base, "比2020年增加了多少" asks the amount)."""
    rates = [a for a in attributes if a.endswith("率") and ATTRIBUTE_CLASSES.get(a) == "percent"
             and re.search(re.escape(a) + r"(是|为|有|达到|达)?(多少|几)", text)]
    if rates:
        return "percent", [], rates
    changes = "|".join(label_words("change"))
    probe = _asked_unit(text)
    if unit_class in {"", "money"} and not (probe is not None and probe.unit) and not re.search("[比较]", text) \
            and re.search(f"({changes})了?(多少|几)", text):  # not "新增了多少张", "下降了多少亿元"
        return "percent", [], [a for a in attributes if a not in label_words("change")]
    return unit_class, extra, attributes


def _split_counter(text: str) -> str:
    """"多少台风电机组" -> "多少台 风电机组": keep jieba from reading the counter into the noun (台风)."""
    return _PER_COUNTER.sub(lambda m: m.group(0) + " ", text)


HINT_SEPARATOR = " ｜ "


@lru_cache(maxsize=1)
def _operation_wordings() -> tuple[tuple[re.Pattern[str], str], ...]:
    """The rows of lexicon/operation_wordings.tsv: (pattern, replacement), in the file's order."""
    rows = []
    for row in lexicon_rows("operation_wordings.tsv"):
        pattern, replacement, *_note = row.split("\t")
        rows.append((re.compile(pattern.strip()), replacement.strip()))
    return tuple(rows)


def operation_wording(text: str) -> str:
    """A Chinese question with its computation worded the one way the computation reader parses: "A较B高多少",
    "与B相比，A高多少", "A高出B多少" all become "A比B高多少"; "A在B中的占比" becomes "A占B的比重" (the wordings
    are data: lexicon/operation_wordings.tsv, with their source). A question asking no computation is unchanged."""
    for pattern, replacement in _operation_wordings():
        text = pattern.sub(replacement, text, count=1)
    return text


def analyse(text: str) -> Question:
    """What text asks (see _analysed); a copy of its own, which the caller may change."""
    return deepcopy(_analysed(text))


# one ask reads the same text several times (the route, the figure answer, the synthesis with hints, each part
# of a multi-part question); the analysis depends on the text and the word lists only. The bound holds one
# ask's texts with room to spare, not a store of past questions
@lru_cache(maxsize=32)
def _analysed(text: str) -> Question:
    """What text asks. Words after HINT_SEPARATOR are search hints (Chinese terms for an English
    question); they join the terms but not the language or the question's own shape."""
    text, _, hints = text.partition(HINT_SEPARATOR)
    lang = detect_lang(text)
    if lang == "zh":
        text = expand(text)  # "社零总额" is asked as 社会消费品零售总额, the name a text uses (aliases.tsv)
        text = expand_place_runs(text)  # "粤苏鲁三个省份": 广东、江苏、山东 (place_abbreviations.tsv)
        text = operation_wording(text)  # "A较B高多少", "与B相比，A多多少": asked as "A比B高多少"
    # "一年/每年" are rates, not conditions a passage must state
    parsed = parse_figures(text)
    # "哪一集", "哪两个版本": which ones are asked, not a count a passage must state (nor a word it must use)
    which = [f for f in parsed if re.search(r"哪$", text[:f.start])]
    figures = [f for f in parsed if not (f.unit_class == "time" and f.value == 1)
               and not re.search(r"(这|那|此|上述)$", text[:f.start])  # "这四个项目" refers back
               and not (f.value == 1 and re.search(r"每$", text[:f.start])) and f not in which]
    if lang == "en":
        figures = _en_dates(text, [_en_count(text, _en_year(f)) for f in figures])
        asked_in = [(m.start(), m.end()) for m in _EN_UNIT_ASKED.finditer(text) if m.end() - m.start() > 3]
        # "…, in 10,000 tons?": the unit the answer is asked in, no figure the question states
        asked_in += [m.span("unit") for m in _EN_UNIT_NAMED.finditer(text) if m.group("unit")
                     and _en_named_unit_class(m.group())]
        figures = [f for f in figures if not any(a <= f.start < b for a, b in asked_in) and not _read_as_words(f)]
    spaced = _split_counter(text)
    hint_attrs, counted, groups, names = parse_hints(hints)
    if lang == "en":
        # "in the first quarter" read as 一季度: a period the Chinese question states as a figure (1季度, matched
        # with "1-3月" by the candidates), not a word every answering passage must write
        dated = _dated_readings(groups, len(text))
        figures += [f for f in dated.values() if not any(_same_figure(f, g) for g in figures)]
        groups = [g for g in groups if g[0] not in dated]
    hint_terms = [t for g in groups for t in g]
    terms = tokenize(spaced) if lang == "zh" else \
        [*hint_attrs, *([counted] if counted else []), *hint_terms, *[t for t in tokenize(text) if _CN.search(t)],
         *_pieces([*hint_attrs[:1], *(g[0] for g in groups if len(g) == 1)])]
    terms = [t for t in terms if (t not in NOT_ATTRIBUTE or t in ATTRIBUTE_CLASSES)
             and (len(t) > 1 or not _CN.match(t)) and not _PER_COUNTER.fullmatch(t)]
    # drop tokens that are only the question's own figures (they are matched as figures, not words)
    figure_spans = [(f.start, f.end) for f in figures + which] + _asked_unit_spans(text)
    terms = [t for t in dict.fromkeys(terms) if not _inside_figure(text, t, figure_spans)
             and (lang != "zh" or t not in label_words("period"))]  # "比2019年同期": the period is a figure
    # an indicator's whole name is one term ("社会消费品零售总额"; "GDP" in an English question), matched in
    # any of its spellings by the candidates
    indicators = main_names_in(text) if lang == "zh" else [
        spellings(w)[0] for w in re.findall(r"[A-Za-z&]+", text) if spellings(w)[0] != w]
    terms += [t for t in indicators if t not in terms]
    if lang == "zh":
        # "GDP" read as 地区生产总值 asks for that indicator, not for 地区 and 总值 as well (its pieces would
        # be words a passage writing "GDP" lacks); pieces also written outside the name stay
        terms = [t for t in terms if t in indicators or not (_inside_names(text, t, indicators)
                                                               or _straddles_names(text, t, indicators))]
    # (an English question naming an indicator by its abbreviation, "GDP", asks that indicator even where the
    # documents write only the abbreviation, so the dictionary found no Chinese word for it)
    attributes = _attributes(spaced, terms) if lang == "zh" else [t for t in hint_attrs if t in terms] or [
        i for i in indicators if i in ATTRIBUTE_CLASSES] or [  # "retail sales of consumer goods": an
        t for t in terms if len(spellings(t)) > 1 and attribute_class(t)] or [  # indicator read whole, of a known class
        # no English phrase in an attribute's place ("Investment in key areas is to exceed what amount?"): the
        # Chinese rule, the question's words that are attribute words (_attributes), over each English word's
        # reading the indexed passages use most
        t for t in dict.fromkeys(g[0] for g in groups) if t in ATTRIBUTE_CLASSES and t not in CLASS_WORDS
        and not counted]  # (what a "how many" question counts is its quantity)
    if lang == "zh":  # "进出口总额是多少" asks that indicator, not any 总额
        attributes = [a for a in attributes if a in indicators or not _inside_names(text, a, indicators)] \
            or [i for i in indicators if i in ATTRIBUTE_CLASSES]
    if lang == "en":
        attributes = _en_totals(text, attributes)
        terms += [a for a in attributes if a not in terms]
        if any(attribute_class(a) for a in attributes):
            # "the national two-year average GDP growth rate": the words of the phrase that name a quantity of a
            # class are the attribute; the others (全国) say whose it is, a term as in the Chinese question. A
            # label word (目标 "target", 增加) qualifies the quantity and stays
            labels = {w for kind in ("target", "change", "qualifier") for w in label_words(kind)}
            attributes = [a for a in attributes if attribute_class(a) or len(spellings(a)) > 1 or a in labels]
    unit_class, counter, extra = _unit_class(text, attributes + [t for t in terms if t in CLASS_WORDS], lang)
    if lang == "en":
        unit_class, extra, counted = _en_measured(unit_class, extra, counted)
        unit_class, attributes = _en_amount(text, unit_class, attributes, terms)
    if lang == "zh" and re.search("(增长|增速|增幅|下降)(" + "|".join(label_words("target")) + ")", text):
        unit_class, extra = "percent", []  # "工业投资增长目标是多少": the planned rate, not the investment
    if lang == "zh":
        unit_class, extra, attributes = _rate_asked(text, unit_class, extra, attributes)
    if lang == "zh" and not unit_class and QUESTION_WORD.search(text):
        # "进出口总额是多少": the indicator's own name says its class (…总额 is money) when nothing else does
        unit_class = next((c for c in map(attribute_class, indicators) if c), "")
    # "年产值" when 产值 is asked: the longer word and its pieces phrase the attribute, not an entity
    if lang == "zh":
        import jieba

        carriers = [w for w in jieba.lcut(spaced) if any(a in w for a in attributes)]
        terms = [t for t in terms if t in attributes or not any(t in w for w in carriers)]
    if lang == "zh":
        attributes = _qualified(text, attributes, unit_class)
        # "…的目标是多少": a target is asked, which the text may state without the word (计划, 力争, or a
        # plan's own sentence); the word is no attribute (candidates read it among the terms)
        attributes = [a for a in attributes if a not in label_words("target")]
    if unit_class in {"year", "date"}:
        attributes = []  # "哪一年开始构建…": the event words are the entity; years carry no label
        # "…逝世的时间是": the word for the date asked names no subject a sentence must repeat
        terms = [t for t in terms if t not in _DATE_WORDS]
    # "亿元以上" without a number means 1亿元以上
    from assistant.candidates import _bare_scales

    figures += [b for b in _bare_scales(text) if not any(f.start <= b.start < f.end for f in figures)]
    operation = "lookup"
    for name, pattern in _OPS:
        if pattern.search(text):
            operation = name
            break
    if lang == "en" and operation == "average" and any("平均" in a for a in attributes):
        operation = "lookup"  # "average collection period" names an indicator (平均回收期), it asks no average
    if operation == "average" and _AVERAGE_RATE.search(text) and not _AVERAGE_ASKED.search(text):
        operation = "lookup"  # "两年平均增长多少", "年均增速": a growth indicator the text states, not a mean to take
    if lang == "en":
        operation, unit_class = _en_operation(text, operation, unit_class, attributes)
        attributes = _en_average_rate(text, attributes)
    times = _TIMES_OF.search(text) if operation != "average" else None
    if times is not None:  # (“A的占比是B的多少倍”: no share asked; "所有者权益合计是B的多少倍": 合计 ends a name)
        operation, unit_class = "multiple", "plain"  # "A是B的多少倍": A ÷ B, in 倍
        # the word before "的多少倍" names the other side ("是T2的几倍"), no attribute the figures carry, unless
        # it is a quantity's own name ("是去年营业收入的几倍")
        attributes = [a for a in attributes if a in ATTRIBUTE_CLASSES or a.lower() not in times.group().lower()]
    ratio = named_ratio(text) if lang == "zh" else None
    if ratio is not None and operation == "lookup":
        operation, unit_class = "ratio", "percent"  # "净利率是多少": stated, or 净利润 ÷ 营业收入
    elif operation == "lookup" and asks_previous_period(text) and unit_class != "percent":
        operation = "growth_base"  # "去年的营业收入是多少": this year's figure ÷ (1 + its growth)
    if operation == "difference" and re.search(r"(增速|增幅|增长率|降幅|占比|比重|比例)比", text):
        unit_class, extra = "percent", []  # "增速比…低多少": the gap between two rates, in percentage points
    multiple = bool((_MULTIPLE if lang == "zh" else _EN_MULTIPLE).search(text))
    if multiple:  # "利润增长了几倍": a figure written in 倍 ("增长2.84倍"), which the parser reads as a plain multiple
        unit_class, extra = "plain", []
        terms = [t for t in terms if not _MULTIPLE.fullmatch(t)]
    points = asks_points_change(text) if lang == "zh" else bool(_EN_POINTS_CHANGE.search(text))
    if points:
        # "占GDP的比重比上年提高了几个百分点": the change the text states beside the share (…提高1个百分点),
        # not the share, nor a gap between two sides
        operation, unit_class, extra = "lookup", "percent", []
    if extra and operation in {"sum", "difference"}:
        operation = "lookup"  # "how many …, and how much do they add up to": two lookups, not arithmetic
    terms += [h for h in [*hint_attrs, counted, *hint_terms, *names] if h and h not in terms]
    count_noun = ""
    if unit_class == "count":
        if lang == "en":
            nouns = [counted] if counted else []  # the head noun of "how many …", read by assistant.bilingual
        else:
            m = _COUNT_Q.search(spaced)
            nouns = [t for t in tokenize(spaced[m.end():m.end() + 8]) if _CN.match(t)][:1] if m else []
        count_noun = nouns[0] if nouns else ""
        # the counted noun ("几次WTA冠军") is what the figure counts, not a label before it
        attributes = [a for a in attributes if a != count_noun]
    display = ""
    m = re.search(r"(多少|换算成|合)(万元|亿元|元|万千瓦|千瓦|兆瓦|万吨|吨|平方米|万平方米)", text)
    if m:
        display = m.group(2)
    unit_word = _unknown_unit(text) if lang == "zh" and not unit_class else ""
    return Question(
        text=text, lang=lang, terms=terms, attributes=attributes, unit_class=unit_class, counter=counter,
        operation=operation, figures=figures, display_unit=display, asks_multiple=bool(extra),
        extra_classes=extra, weights=_pos_weights(spaced, terms) if lang == "zh" else _en_weights(
            terms, {t for t in (*hint_attrs, counted, *hint_terms,
                                *_pieces([*hint_attrs[:1], *(g[0] for g in groups if len(g) == 1)])) if t not in names
                    and t not in text and not any(g == (t,) and len(t) >= _WHOLE_NAME for g in groups)}),
        is_question=bool(QUESTION_WORD.search(text)) or "?" in text or "？" in text, count_noun=count_noun,
        unit_word=unit_word,
        ratio=ratio,
        senses=[g for g in groups if len(g) > 1],
        points=points,
        multiple=multiple,
    )


# a rate written right after a quantity's name asks for the rate of that quantity (not 增长: "投资增长多少"
# has always been read as asking both)
_RATE_OF = r"(同比|比上年)?(增速|增幅|增长率|降幅|占比|比重)"
_ASKED_UNIT = re.compile(r"(?:多少|几)((?:万亿|千亿|百亿|千万|百万|亿|万|千)?[^\s，,。？?！!的是呢吗]{1,6})")


def _asked_unit(text: str) -> Figure | None:
    """The unit a question asks its figure in ("多少亿千瓦时" -> 1亿千瓦时, energy), read by the parser."""
    m = _ASKED_UNIT.search(text)
    if not m:
        return None
    probe = figure_from_text("1" + m.group(1))
    if probe is not None and probe.unit_class == "time" and probe.text.endswith("年") \
            and _ANNUAL.match(text, m.start(1) + len(probe.text) - 1):
        return None  # "可满足多少年旅客吞吐量": 年 opens "年旅客吞吐量" (annual), it asks no number of years
    return probe if probe is not None and probe.start == 0 else None


# a noun right after "多少年" that 年 qualifies (年旅客吞吐量, 年产量, 年销售额): not a span of years
_ANNUAL = re.compile(r"(?![的前后以来里内才了左右之间])[\u4e00-\u9fff]{0,6}?(量|额|数|收入|值|利润|能力)")


def _unknown_unit(text: str) -> str:
    """A unit the question asks for that the parser lacks ("多少万羽" -> 羽): a figure written with it is
    still an answer, as a bare number followed by that word."""
    m = _ASKED_UNIT.search(text)
    probe = _asked_unit(text)
    if not m or probe is None or probe.unit_class != "plain" or probe.unit:
        return ""
    rest = m.group(1)[len(probe.text) - 1:]
    word = re.match(r"[\u4e00-\u9fffA-Za-z]{1,2}", rest)
    return word.group() if word and word.group() not in NOT_ATTRIBUTE else ""


# "去年/上年…是多少": the period before the one the text reports; "比去年增长多少" asks a change instead
# (not "去年末", "上年底": a balance at a date, which a text states as such, nothing to back out)
_PREVIOUS = re.compile(r"(?<![比较同])(去年|上年|上一年|前一年|上年度|上一年度)(?!年?[末底])")
# 比 compares ("比上年", "A比B高"); inside a share's name (比重, 比例, 占比) it does not
_CHANGE = re.compile(r"增长|增加|增速|增幅|下降|减少|降幅|提高|降低|变化|(?<!占)比(?![重例])|较")


def asks_previous_period(text: str) -> bool:
    """True when the question asks a figure of the period before the reported one ("去年的净利润是多少")."""
    return bool(_PREVIOUS.search(text)) and not _CHANGE.search(text)


# the question words that make a clause a question of its own
# (多大/多高/多快/多长: "占多大比例" asks an amount as 多少 does)
_ASKS = re.compile(r"多少|多[大高快长远重]|几[个项家台所条次人年成]?|哪|什么|何时|是否")
_PART_END = re.compile(r"[，,；;？?]")
# asks listed with 、 ("有多少个行业增长、多少个下降"): one clause, each piece a question of its own
_LISTED = "、"
_STEM_TAIL = re.compile(r"(是|为|有|达到?|共|一共|总共|了|约)+$")


def question_parts(text: str) -> list[tuple[str, str]]:
    """A question asking two things ("净利润是多少，同比降了多少？", "新签了多少个项目，总投资多少？"):
    each part as a question of its own, later parts given the first one's subject ("净利润同比降了多少",
    "新签项目总投资多少"). One part (the whole text) when the question asks one thing; a question that
    picks among items (哪个/谁) is left whole, its lookup answers the second part from the same statement.
    Each part is (as asked, as answered)."""
    if re.search(r"哪|谁|各|分别", text):
        return [(text, text)]
    clauses = [piece for c in _PART_END.split(text) if c.strip() for piece in _listed_asks(c)]
    parts: list[str] = []
    prefix = ""
    for clause in clauses:
        if not _ASKS.search(clause):
            prefix += clause + "，"  # "按行业分，" belongs to the question that follows
            continue
        parts.append(prefix + clause)
        prefix = ""
    if len(parts) < 2:
        return [(text, text)]
    first = parts[0]
    m = _ASKS.search(first)
    assert m is not None
    stem = _STEM_TAIL.sub("", first[:m.start()])
    counted = _COUNT_Q.search(_split_counter(first))
    noun = [t for t in tokenize(_split_counter(first)[counted.end():]) if _CN.match(t)][:1] if counted else []
    stem += noun[0] if noun else ""
    shared = [t for t in tokenize(stem) if len(t) > 1]
    known = set(tokenize(first))
    whole = [(first, first)]
    counted_words = _COUNTED_WORDS.match(_split_counter(first)[counted.end():].lstrip()) if counted else None
    for asked in parts[1:]:
        part = asked
        ellipsis = _COUNT_Q.search(_split_counter(part))
        if counted_words and ellipsis and not _CN.search(_split_counter(part)[ellipsis.end():]):
            part += counted_words.group()  # "…有多少个重大项目、开工了多少个": the same noun counted, unsaid
        own = [t for t in tokenize(part) if len(t) > 1 and t not in NOT_ATTRIBUTE]
        if shared and all(t in own for t in shared):
            whole.append((asked, part))  # the part repeats the first one's subject: it stands alone
        elif _new_subject(part, own, known):
            # "…新签订单多少个，海外订单金额多少": the part names what it asks about; only the first part's
            # leading subject ("公司") carries over, not what the first part counted
            whole.append((asked, _leading_subject(first) + part))
        else:
            whole.append((asked, stem + part))  # "…净利润是多少，同比降了多少": the first part's figure
    return whole


_NUMERIC = re.compile(r"^[0-9０-９.]+")
# the words a count asks of, right after its counter ("多少个重大项目，…" -> 重大项目)
_COUNTED_WORDS = re.compile(r"[\u4e00-\u9fff]{1,6}")


def _listed_asks(clause: str) -> list[str]:
    """A clause listing asks with 、 split into them when every piece asks something ("有多少个重大项目、开工了
    多少个"); else the clause (items listed before one ask, "营收、净利润增长多少", are one question)."""
    pieces = [p for p in clause.split(_LISTED) if p.strip()]
    return pieces if len(pieces) > 1 and all(_ASKS.search(p) for p in pieces) else [clause]


def _new_subject(part: str, own: list[str], known: set[str]) -> bool:
    """True when a part names things the first part did not (besides attribute words and words of change
    or period): "海外订单金额多少" does, "总投资多少" and "同比降了多少" do not, and a share
    ("占营业收入的比例") is of the first part's figure whatever it names."""
    if part.lstrip().startswith("占"):
        return False
    # "两年平均增长多少": a qualifier (labels.tsv) makes the rate another one of the same subject's, and its
    # words ("两年") name no subject
    qualifying = " ".join(w for w in label_words("qualifier") if w in part)
    # (a year or other number, "比2020年增加了多少", is the period compared with, not a subject)
    return any(t not in known and not any(a in t for a in ATTRIBUTE_CLASSES) and not _CHANGE.search(t)
               and not _NUMERIC.match(t)
               and not _PREVIOUS.search(t) and t not in qualifying for t in own)


def _leading_subject(text: str) -> str:
    """The noun a question opens with ("公司新签了…" -> 公司, "全县新开工项目…" -> 全县): who or where
    is asked about; the words after it say what the first part counted. "" when it opens otherwise."""
    from index.segmenter import pos_cut

    first = next(iter(pos_cut(text)), None)
    if first is None or not first.flag.startswith(("n", "r")) or first.word in NOT_ATTRIBUTE \
            or any(first.word in a for a in ATTRIBUTE_CLASSES):
        return ""  # the question opens with the quantity itself ("营业收入…"): no subject to carry
    return str(first.word)


def read_senses(q: Question, texts: list[str]) -> Question:
    """An English question's words read in the sense the retrieved passages use: of each word's Chinese
    readings, the one they use most (the first passage foremost) stays a term (none, when they use none);
    the others go."""
    q = _whole_attributes(q, texts)
    if not q.senses:
        return q
    dropped: set[str] = set()
    for group in q.senses:
        # the best-ranked passage speaks first (it most likely holds the answer), the others break ties
        counts = [sum(_own_count(text, t, group) * (10 if i == 0 else 1) for i, text in enumerate(texts))
                  for t in group]
        best = max(range(len(group)), key=lambda i: counts[i]) if max(counts) else -1
        dropped.update(t for i, t in enumerate(group) if i != best)
    return replace(q, terms=[t for t in q.terms if t not in dropped or t in q.attributes or t == q.count_noun],
                   senses=[])


def _own_count(text: str, term: str, senses: tuple[str, ...]) -> int:
    """How often text writes term as itself, not inside a longer sense of the same English word: "real estate"
    read as 地产 and 房地产 in a text writing 房地产 counts 房地产 only (a shorter sense is inside every longer
    one, so a plain count always favoured it)."""
    for longer in sorted((s for s in senses if len(s) > len(term) and term in s), key=len, reverse=True):
        text = text.replace(longer, "\0")
    return text.count(term)


def _whole_attributes(q: Question, texts: list[str]) -> Question:
    """An English question names a quantity and, apart, what it is of ("value added … tertiary industry");
    a Chinese text writes the two as one label (第三产业增加值). Where a retrieved passage writes a term of the
    question right before the attribute, that label is the attribute asked for (the bare one would as well
    label the next sector's figure, 第一产业增加值)."""
    if q.lang != "en" or not q.attributes:
        return q
    joined = [t + a for a in q.attributes for t in q.terms  # t: a whole sector's or scope's name (_WHOLE_NAME)
              if t not in q.attributes and len(t) >= _WHOLE_NAME and q.weights.get(t) == 1.0
              and any(t + a in text for text in texts)]
    if not joined:
        return q
    return replace(q, attributes=list(dict.fromkeys(joined)),
                   terms=[*dict.fromkeys(joined), *q.terms], weights={**q.weights, **{j: 1.0 for j in joined}})


_ASKED_AMOUNT = re.compile(r"(多少|几)")


def _asked_unit_spans(text: str) -> list[tuple[int, int]]:
    """The unit a question asks its answer in ("多少亿元", "几个百分点"): the words the parser reads as the unit
    of "1" + what follows the question word. They say how the figure is written, not what it is about, so
    they are no terms ("亿元", "百分点" and its pieces would count against every figure lacking them)."""
    spans = []
    for m in _ASKED_AMOUNT.finditer(text):
        read = parse_figures("1" + text[m.end():m.end() + 8])
        if read and read[0].start == 0 and read[0].unit_class not in {"plain", "year", "date"}:
            spans.append((m.end(), m.end() + read[0].end - 1))
    return spans


def _inside_figure(text: str, term: str, spans: list[tuple[int, int]]) -> bool:
    """True when every occurrence of term lies inside one of the question's own figures."""
    found = [m.start() for m in re.finditer(re.escape(term), text)]
    return bool(found) and all(any(s <= pos and pos + len(term) <= e for s, e in spans) for pos in found)


_MONTHS = "january february march april may june july august september october november december".split()
_MONTH = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|" \
         r"oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
_EN_MONTHS = re.compile(rf"\b(?P<first>{_MONTH})\b(?:\s*(?:-|–|—|to|through)\s*(?P<last>{_MONTH})\b)?"
                        r"(?:,?\s+(?P<year>(?:19|20)\d\d)\b)?", re.I)


# the words naming a unit: after "how many/much" ("how many GWh of", "how many square meters of") or after "in" at
# a clause's end ("…, in 10,000 tons?"), up to three words
_EN_UNIT_WORD = r"(?:\d[\d,.]*\d|\d|[A-Za-z][\w\-]*)"
_EN_UNIT_NAMED = re.compile(rf"\bhow\s+(?:many|much)\s+(?P<asked>{_EN_UNIT_WORD}(?:\s+{_EN_UNIT_WORD}){{0,2}}?)"
                            r"(?=\s+(?:of|did|do|does|is|are|was|were|has|have|had|will|would|can|could)\b|\s*[?,.;]|\s*$)"
                            rf"|\bin\s+(?:units?\s+of\s+)?(?P<unit>{_EN_UNIT_WORD}(?:\s+{_EN_UNIT_WORD}){{0,2}}?)"
                            r"\s*(?=[?,.;]|$)", re.I)
# the classes a named unit decides; a count ("how many people"), a time ("how many days") or a percent keep
# their own readings (en_counters.tsv, the attribute's class)
_EN_NAMED_CLASSES = frozenset({"energy", "mass", "area", "length", "power", "volume", "voltage"})


def _en_named_unit_class(text: str) -> str:
    """The class of a unit an English question names as what it asks in ("How many GWh …" energy, "…, in
    tons?" mass), read by the figure parser's own unit table (units.tsv: "GWh", "gigawatt-hours", "tonnes",
    "square metres"); "" when none is named."""
    for m in _EN_UNIT_NAMED.finditer(text):
        words = (m.group("asked") or m.group("unit") or "").split()
        for size in range(len(words), 0, -1):
            named = " ".join(words[:size])
            parsed = parse_figures(named if named[:1].isdigit() else "1 " + named)  # "in 10,000 tons"
            if len(parsed) == 1 and parsed[0].unit_class in _EN_NAMED_CLASSES:
                return parsed[0].unit_class
    return ""


def _read_as_words(figure: Figure) -> bool:
    """An English figure-like word the statistics lexicon reads whole ("1H" 上半年, "2Q" 二季度): a period's
    abbreviation, read among the question's words (and as the period it names), not a figure it states."""
    from assistant.bilingual import lexicon, words_of

    return " ".join(words_of(figure.text)) in lexicon()


def _dated_readings(groups: Sequence[tuple[str, ...]], end: int) -> dict[str, Figure]:
    """The readings of an English word or phrase that the figure parser reads whole as a period ("first quarter"
    一季度 -> 1季度; "first half" 上半年 is no figure), each as the figure, placed at the question's end (it is
    no span of the English text). Only a word with that one reading: a sense among several is a guess."""
    found: dict[str, Figure] = {}
    for group in groups:
        if len(group) != 1:
            continue
        parsed = parse_figures(group[0])
        if len(parsed) == 1 and parsed[0].unit_class == "date" and parsed[0].end - parsed[0].start == len(group[0]):
            found[group[0]] = replace(parsed[0], start=end, end=end)
    return found


def _same_figure(a: Figure, b: Figure) -> bool:
    """One figure, wherever written."""
    return a.unit_class == b.unit_class and a.unit == b.unit and a.value == b.value and a.upper == b.upper


def _month(name: str) -> int:
    return next(i for i, m in enumerate(_MONTHS, start=1) if m.startswith(name.lower()[:3]))


def _en_dates(text: str, figures: list[Figure]) -> list[Figure]:
    """English month names as the dates they are ("January-November 2021" -> 2021年 and 1—11月, as a
    Chinese text writes them), in place of the bare year inside them. "May" alone is read as a month only
    beside a year or another month (it is also a verb)."""
    found: list[Figure] = []
    for m in _EN_MONTHS.finditer(text):
        if m.group("first").lower() == "may" and not (m.group("last") or m.group("year")):
            continue
        first = _month(m.group("first"))
        last = _month(m.group("last")) if m.group("last") else 0
        written = (f"{m.group('year')}年" if m.group("year") else "") + (f"{first}—{last}月" if last else f"{first}月")
        for f in parse_figures(written):
            found.append(replace(f, start=m.start(), end=m.end()))
    return [f for f in figures if not any(g.start <= f.start < g.end for g in found)] + found


def _pieces(attributes: list[str]) -> list[str]:
    """The words of an indicator's or a scope's whole name (社会消费品零售总额 -> 社会 消费品 零售 总额,
    规模以上 -> 规模 以上): a Chinese question written with the name has them among its terms, and a passage
    that states the figure under the name holds them; an English question read into the name must not have
    fewer."""
    # (an indicator with other spellings, aliases.tsv: a text writing "GDP" holds none of 地区生产总值's
    # pieces, and the name itself is matched in every spelling)
    return [p for a in attributes if len(a) >= 4 and len(spellings(a)) == 1
            for p in tokenize(a) if p != a and len(p) >= 2]


def _en_year(f: Figure) -> Figure:
    """A bare four-digit number in an English question is a year ("January-November 2021", "Q3 2024"):
    a plain number of that size is seldom asked about, and a year must be matched as a year."""
    if f.unit_class == "plain" and f.upper is None and f.text.isdigit() and 1900 <= f.value <= 2099:
        return replace(f, unit="年", unit_class="year")
    return f


def _en_count(text: str, f: Figure) -> Figure:
    """A bare whole number before a noun in an English question counts it ("of the 41 industrial sectors"):
    the count a Chinese text writes with a counter (41个), so a figure restating it is that condition."""
    if f.unit_class == "plain" and not f.unit and f.upper is None and f.text.isdigit() \
            and re.match(r"\s+[A-Za-z]", text[f.end:]):
        return replace(f, unit="个", unit_class="count")
    return f


# an English question naming money ("how much money", "in yuan", "what value"): an amount, not a rate
_EN_MONEY = re.compile(r"\b(yuan|rmb|dollars?|money|amount|value|worth|billion|million)\b", re.IGNORECASE)


# "by how much did X increase from 2020 to 2021 / in 2021 compared with 2020 / over 2020": a change between years
_EN_CHANGE_BETWEEN_YEARS = re.compile(rf"\bby how much\b[^?]*\b(?P<verb>{english_change_verbs('rise', 'fall')})\b[^?]*"
                                      r"(?:\bfrom\s+\d{4}\s+to\s+\d{4}\b|\b\d{4}\b[^?]*\b(?:compared\s+(?:with|to)|over|"
                                      r"than(?:\s+in)?)\s+\d{4}\b)", re.I)
# "by what percentage did X rise", "what percentage increase did X see"
_EN_PERCENT_CHANGE = re.compile(r"\bwhat\s+(?:percentage|percent)\s+(?:(?:did|has|have|had|does|do|was|were|is|are)\b"
                                rf"[^?]*\b(?:{english_change_verbs('rise', 'fall')})\b|"
                                r"(?:increase|growth|rise|decline|decrease|drop)\b)", re.I)
_EN_RATE_WORD = re.compile(r"%|\bper\s*cent|\bpercentage\b|\brate\b|\bpoints?\b", re.I)


def _en_amount(text: str, unit_class: str, attributes: list[str], terms: list[str]) -> tuple[str, list[str]]:
    """"By how much did travel services trade fall": how much of a change, with no money word, asks the rate
    (as "下降了多少" does); "How much were service exports": the quantity is the amount of the thing named
    (出口 -> 出口额, an attribute word of that class), the noun the dictionary gave only as a term."""
    changes = label_words("change")
    asked = text.split(HINT_SEPARATOR.strip())[0]
    amounts = [t for t in terms if t not in changes and attribute_class(t) not in {"", "percent"}]
    between = _EN_CHANGE_BETWEEN_YEARS.search(asked)
    if between and not _EN_RATE_WORD.search(asked) and amounts and all(a in changes for a in attributes):
        # "by how much did GDP increase from 2020 to 2021": the change of an amount between two years named is
        # an amount of its class, labelled by the verb's reading that names no rate (增加, not 增长), as
        # "比2020年增加了多少" asks
        from assistant.bilingual import dictionary, verb_forms

        readings = [r for form in verb_forms(between.group("verb").lower()) for r in dictionary().get(form, ())
                    if r in changes and attribute_class(r) != "percent"]
        return attribute_class(amounts[0]), [amounts[0], *readings[:1]] if readings else [amounts[0], *attributes]
    if unit_class == "money" and attributes and all(a in changes for a in attributes) \
            and not _EN_MONEY.search(text.split(HINT_SEPARATOR.strip())[0]):
        return "percent", attributes
    if unit_class and not attributes:
        amounts = [t + end for t in terms for end in ("额", "量") if ATTRIBUTE_CLASSES.get(t + end) == unit_class]
        return unit_class, amounts[:1]
    return unit_class, attributes


def _en_measured(unit_class: str, extra: list[str], counted: str) -> tuple[str, list[str], str]:
    """"How many days was …": what "how many" names is a unit of measure (天, read by the figure parser),
    not a thing counted; the question asks a figure of that unit's class, and counts nothing."""
    probe = figure_from_text(f"1{counted}") if counted else None
    if probe is None or probe.unit != counted or probe.unit_class in {"count", "plain"}:
        return unit_class, extra, counted
    rest = [c for c in ([unit_class, *extra]) if c and c not in {"count", probe.unit_class}]
    return probe.unit_class, rest, ""
def _inside_names(text: str, term: str, names: list[str]) -> bool:
    """True when every occurrence of term lies inside one of the indicator names text writes."""
    spans = [(m.start(), m.end()) for n in names for m in re.finditer(re.escape(n), text)]
    return _inside_figure(text, term, spans)


def _straddles_names(text: str, term: str, names: list[str]) -> bool:
    """True when every occurrence of term runs across the edge of an indicator name text writes: jieba
    reads "云泽地区生产总值" (GDP written out) as 云泽地区 + 生产总值, and 云泽地区 is no word of the question."""
    spans = [(m.start(), m.end()) for n in names for m in re.finditer(re.escape(n), text)]
    found = [(m.start(), m.end()) for m in re.finditer(re.escape(term), text)]
    return bool(found) and bool(spans) and all(
        any(s < a < e < b or a < s < b < e for a, b in spans) for s, e in found)


def _en_weights(terms: list[str], guessed: set[str]) -> dict[str, float]:
    """Dictionary words are guesses among a word's senses (green -> 绿电 or 绿色): 0.4 of a word's weight,
    so that a figure is seldom rejected for lacking one (key terms weigh over 1.5, which a guess reaches
    only when one passage in ~40 uses it) while the named subject does not drown them out; names found by
    pinyin and Chinese written in the question are what it is about: full weight. (0.4 is hand-set: 0.33
    let the subject's name outweigh the quantity's words, 0.5 made rare wrong senses required.)"""
    return {t: _GUESS_WEIGHT if t in guessed else 1.0 for t in terms}


_GUESS_WEIGHT = 0.4  # see _en_weights
# a qualifier read as one Chinese word of this many characters, the only reading the text uses ("tertiary
# industry" 第三产业, "above designated size" 规模以上), names a sector or scope whole: not a guess among senses
_WHOLE_NAME = 3


def _pos_weights(text: str, terms: list[str]) -> dict[str, float]:
    flags = tagged(text)
    weights = {}
    for term in terms:
        flag = next((f for w, f in flags if term in w), "")
        # an indicator's whole name (aliases.tsv) spans several words: a noun, whatever its pieces are
        weights[term] = 1.0 if len(spellings(term)) > 1 else _POS_WEIGHT.get(flag, 0.3) if flag \
            else _spanned_weight(term, text, flags)
        if term in label_words("target"):
            weights[term] = 0.0  # says a plan is asked, not what about: no passage must contain it
    return weights



def _spanned_weight(term: str, text: str, flags: Sequence[tuple[str, str]]) -> float:
    """A term the tagger cut in pieces ("科创板" tagged 科/创板): what its pieces are. Made of nouns only,
    it names what is asked about as a noun does; a term the tagger never saw stays a verb's weight."""
    at = text.find(term)
    if at < 0:
        return 0.3
    pieces, pos = [], 0
    for word, flag in flags:
        if pos < at + len(term) and pos + len(word) > at:
            pieces.append(flag)
        pos += len(word)
    return 1.0 if pieces and all(f in _NOUN_FLAGS for f in pieces) else 0.3


_NOUN_FLAGS = frozenset({"n", "nr", "ns", "nt", "nz", "nrt", "j"})


def class_named_by_words(text: str) -> str:
    """The unit class a Chinese question's own asking words give (多少千瓦, 多少吨, 占比, 哪一年…), without
    the vocabulary's class of the quantity it names (装机 -> power): "" when only that name gives one."""
    return _unit_class(text, [], "zh")[0]


def _unit_class(text: str, attributes: list[str], lang: str) -> tuple[str, str, list[str]]:
    classes: list[str] = []
    counter = ""
    if lang == "en":
        from assistant.bilingual import asked_counter, without_letter_names

        text = without_letter_names(text)
        if re.search(r"\bhow many\b(?!\s+percentage\s+points?\b)", text, re.I):  # points are no count
            classes.append("count")
            # "how many times" is a count in 次, "how many shares" in 股 (lexicon/en_counters.tsv)
            counter = asked_counter(text.partition(HINT_SEPARATOR.strip())[0])[0]
        # the quantity's own name says its class (净利润 money, 粮食产量 mass) before "how much" guesses money;
        # an English compound's head comes last ("GDP growth target" is a rate of growth, not an amount)
        classes += [c for c in map(attribute_class, reversed(attributes)) if c and c not in classes]
        named = bool(classes)
        for pattern, cls in EN_CLASS:
            m = pattern.search(text)
            # a bare "how much" guesses money only when the quantity's name says nothing ("how much did
            # profits grow" asks a rate; "how much grain output" a mass)
            if m and cls not in classes and cls != "count" \
                    and not (named and cls == "money" and m.group().lower() == "how much"):
                classes.append(cls)
        named_unit = _en_named_unit_class(text.partition(HINT_SEPARATOR.strip())[0])
        if named_unit:
            # "how many GWh of batteries", "…, in tons?": the unit named says the class, whatever "how many"
            # (a count), a bare "how much" (money) or "capacity" (power: an installed volume in GWh) guessed
            guessed = {"count"} if len(re.findall(r"\bhow many\b", text, re.I)) <= 1 else set()
            if not re.search(rf"\b({_EN_MONEY_WORDS})\b", text, re.I):
                guessed.add("money")
            if named_unit == "energy":
                guessed.add("power")
            classes = [named_unit, *(c for c in classes if c != named_unit and c not in guessed)]
        if "count" in classes and "money" in classes and not re.search(r"\band\b", text, re.I):
            classes.remove("money") if re.search(r"how many", text, re.I) else classes.remove("count")
        if _EN_RATE_OF_CHANGE.search(text) and not re.search(rf"\b({_EN_CURRENCY})\b", text, re.I):
            # "by how much did X fall": the rate of the change (同比下降了多少), as in Chinese, not an amount
            classes = ["percent", *(c for c in classes if c not in {"percent", "money"})]
    else:
        m = next((m for m in _COUNT_Q.finditer(text)
                  if not re.match(r"[^，。？?]{0,16}(里|中|之中)[，,]", text[m.end():])), None)
        probe = _asked_unit(text)
        if probe is not None and probe.unit == "pp":
            m = None  # "几个百分点" asks for a difference of percents, not a count of 个
        if m and probe is not None and probe.unit_class == "count" and len(probe.unit) > 1 \
                and probe.unit.startswith(m.group(2)):
            m = None  # "多少人次": the counter is 人次 (units.tsv), not 人 with a noun 次 after it
        if not m and probe is not None and probe.unit:  # "多少公分", "多少亿千瓦时": the unit asked says the class
            if probe.unit_class == "count":
                # "多少万人次", "多少标箱": a count in that counter; a one-character counter is _COUNT_Q's
                # ("几个…项目里，哪个…" names a set, it does not ask for a count)
                if probe.unit not in COUNTERS:
                    counter = probe.unit
                    classes.append("count")
            elif probe.unit_class != "plain":
                classes.append(probe.unit_class)
        if m:  # (but "几个…项目里，哪个…" names a set, it does not ask for a count)
            counter = m.group(2)
            classes.append("count")
        if re.search(r"多少(钱|元|万元|亿元)", text):
            classes.append("money")
        if re.search(r"多少(千瓦|兆瓦|万千瓦|瓦)(?!时|小时|·时)", text):  # 兆瓦时 is energy
            classes.append("power")
        if re.search(r"多少(吨|万吨)", text):
            classes.append("mass")
        # "有多高", "全长多长", "多重", "多久", "多大年纪": the adjective asks a measure of its kind
        measured = MEASURE_ASKED.search(text)
        if measured and not m and not (probe is not None and probe.unit):
            classes.append(_MEASURE_CLASS[measured.group(1)])
        if re.search(r"多少(平方米|万平方米|亩)|多大面积", text):
            classes.append("area")
        for attr in attributes:
            if re.search(re.escape(attr) + _RATE_OF, text):
                continue  # "地区生产总值增速": the rate of the quantity is asked, not the quantity too
            attr_class = ATTRIBUTE_CLASSES.get(attr, "")
            if attr_class and attr_class not in classes and not (
                attr_class == "money" and "count" in classes and len(classes) == 1 and not re.search(r"[，,]", text)
            ):
                classes.append(attr_class)
        if re.search(r"占比|比例|比重|百分之|几成|百分比", text) and "percent" not in classes:
            classes.append("percent")
        if re.search(r"哪一?年|何年", text) and "year" not in classes:
            classes.insert(0, "year")
        elif re.search(r"什么时候|何时|哪天|哪一天|哪个月|几月|什么日期|[的之]时间(是|为)?(什么|何时)?[？?]?$", text) \
                and "date" not in classes:  # "…逝世的时间是？" asks a date as well
            classes.insert(0, "date")
        if re.search(r"(数量|个数)(是|有)?多少", text) and "count" not in classes:
            classes.insert(0, "count")
        if not classes and re.search(r"有多少|多少(?![钱元])", text):
            classes.append("")
    if lang == "zh" and _RATE_OF_CHANGE.search(text):
        classes.insert(0, "percent")  # "净利润同比降了多少": the rate of the change, not the figure it changed
    if lang == "zh" and re.search(r"(占比|比例|比重|百分之几|增长|增幅|增速)(是|为|有|了)?(多少|几)", text) \
            and "percent" in classes:
        classes.remove("percent")  # "教育投资占比是多少": the share is asked, the investment only names it
        classes.insert(0, "percent")
    classes = list(dict.fromkeys(classes))
    main = classes[0] if classes else ""
    return main, counter, [c for c in classes[1:] if c]


_EN_RATE_OF_CHANGE = re.compile(r"\bby how much (?:did|has|have|had|does|do|was|were)\b.*"
                                rf"\b(?:{english_change_verbs('rise', 'fall')})\b", re.I)
MEASURE_ASKED = re.compile(r"多(长时间|久|大年纪|大岁数|高|长|宽|深|远|厚|重)")
_MEASURE_CLASS = {"长时间": "time", "久": "time", "大年纪": "time", "大岁数": "time", "高": "length", "长": "length",
                  "宽": "length", "深": "length", "远": "length", "厚": "length", "重": "mass"}


def measure_word(text: str) -> str:
    """The adjective of a measure asked ("松林阁有多高" -> 高): a text writes it right before the figure
    ("高18米", "全长6300公里"); "" when the question asks no such measure or asks a span of time."""
    m = MEASURE_ASKED.search(text)
    return m.group(1) if m and len(m.group(1)) == 1 else ""


# a change against the previous period asked without a unit: 同比降了多少, 比上年增长多少 (not 增加了多少个)
_RATE_OF_CHANGE = re.compile(r"(同比|环比|比上年|较上年|比去年|较去年)"
                             r"(增长|增加|下降|减少|降低|提高|上升|下滑|回落|降|增|涨|跌)了?(多少|几)(?![个家台元万亿千吨人项])")


# "比上年提高了几个百分点", "同比下降多少个百分点": a rate's change against the previous period, in points
_POINTS_CHANGE = re.compile(r"(同比|环比|比上年|较上年|比去年|较去年|比上年同期|比同期)(同期)?"
                            r"(增长|增加|下降|减少|降低|提高|上升|下滑|回落|扩大|缩小|降|增|升)了?(多少|几)个?百分点")


_MULTIPLE = re.compile(r"(几|多少)倍")


# words of a change or a comparison: a question with none of them asks a rate's level ("失业率是多少"), which a
# change in percentage points ("回落0.4个百分点") does not answer
_CHANGE_OR_GAP = re.compile(r"增|降|减|涨|跌|升|提高|回落|下滑|扩大|缩小|收窄|变|百分点|高|低|快|慢|差|"
                            r"(?<!占)比(?![重例])|较|超|grow|rise|rose|fall|fell|drop|increas|decreas|declin|chang|point|higher|lower|faster|"
                            r"slower|more|less|up|down|gap|compar|than", re.I)


def asks_level(text: str) -> bool:
    """True for a question asking a rate's level ("城镇调查失业率是多少", "What was the unemployment rate?"), not
    its change or a gap between two rates."""
    return not _CHANGE_OR_GAP.search(text)


# "两年平均增长", "年均增长", "平均增速": statistical indicators of growth, stated as such
_AVERAGE_RATE = re.compile(r"(两年|三年|五年|十年|[0-9一二三四五六七八九十]+年)?(平均|年均)(增长|增速|增幅|下降|降幅)")
# … unless the question asks a mean over items ("A、B和C的平均增速", "三个区平均增速")
_AVERAGE_ASKED = re.compile(r"[、和与及].{0,20}(平均|年均)|[两三四五六七八九十\d]+[个家项所座].{0,6}平均|的平均")
# "A是B的多少倍", "相当于B的几倍": a multiple of one figure over another
_TIMES_OF = re.compile(r"(是|为|相当于).{1,24}的(多少|几)倍")

# The same shapes in English question grammar (no topic words): each sets the Question field its Chinese
# counterpart above sets.
# "two-year average growth", "average annual growth": a growth indicator the text states (两年平均增长, 年均增长)
_EN_AVERAGE_RATE = re.compile(r"\b(?:(?:two|three|four|five|ten|\d+)[\s-]years?[\s-]average|average[\s-]annual|"
                              r"annual[\s-]average)(?:[\s-][A-Za-z]+)?[\s-](?:growth|increase|decline|decrease|rate)",
                              re.I)
# "by how many times did X increase", "how many-fold": a multiple the text states in 倍 (增长2.84倍)
_EN_MULTIPLE = re.compile(r"\bby how many times\b|\bhow many[\s-]fold\b", re.I)
# "how many times larger than B was A", "A was how many times B": A ÷ B
_EN_TIMES_OF = re.compile(r"\bhow many times\s+(?:larger|bigger|greater|higher|more|as\b)|"
                          r"\bhow many times\b.*\b(?:than|that of)\b", re.I)
# "by how many percentage points did X rise (year on year / from the previous year)": the change the text
# states in points; with "than" two rates are compared instead (a difference)
_EN_POINTS_CHANGE = re.compile(r"\bhow many percentage points?\s+(?:did|has|have|had|does|do|was|were|is|are)\b"
                               r"(?![^?]*\bthan\b)[^?]*"
                               rf"\b(?:{english_change_verbs('rise', 'fall', 'change', 'improve')})\b", re.I)
# "how much larger/more … than", "how many percentage points faster … than", "by how much did A exceed B":
# the gap between two figures
_EN_DIFFERENCE = re.compile(r"\bhow (?:much|many(?: percentage points?)?)\s+(?:larger|bigger|greater|higher|more|"
                            r"less|lower|smaller|faster|slower)\b.*\bthan\b|\bby how (?:much|many[\w ]*?)\s+did\b"
                            r".*\b(?:exceed|outpace|surpass|top)\b|\b(?:exceed|outpace)\b.*\bby how (?:much|many)\b",
                            re.I)
# a level of the period before the one reported ("last year", "the same period last year", "the previous
# year's …"), asked without a change: this period's figure ÷ (1 + its growth), as 去年/上年 asks
_EN_PREVIOUS = re.compile(r"\b(?:last year|(?:the )?previous year|a year earlier|the year before|same period (?:of )?"
                          r"last year|working back|work(?:ed)? back|estimating from the growth)\b", re.I)
# "Based on the 54.4% completion rate, roughly what is the full-year plan": a whole worked back from the rate
# the question states (按完成率54.4%推算)
_EN_BASED_ON = re.compile(r"\b(?:based on|going by|judging (?:by|from))\s+(?:the|a|its|their)?\s*[\d.]+\s*%", re.I)
_EN_CHANGE = re.compile(rf"\b(?:{english_change_verbs('rise', 'fall', 'change')}|growth|than|compared)\b", re.I)
# "in 100 million yuan", "in units of ten thousand", "in yuan": the unit an answer is wanted in, not a figure
# the question states
_EN_UNIT_ASKED = re.compile(r"\bin\s+(?:units?\s+of\s+)?"
                            r"(?:(?:\d[\d,]*|one|ten|a|one hundred|a hundred|hundreds? of)\s+)?"
                            r"(?:(?:hundred|thousand|million|billion|trillion)s?\s+(?:of\s+)?)*(?:yuan|rmb|dollars?)?"
                            r"(?=\s*[?,.;]|\s*$)", re.I)


_EN_TOTAL = re.compile(r"\btotal\b", re.I)


def _en_totals(text: str, attributes: list[str]) -> list[str]:
    """"total foreign trade": the indicator that totals the quantity (进出口 -> 进出口总额) where the indicator
    vocabulary knows it, named whole as a Chinese question names it, with its unit class; an attribute
    already of a class (投资) or no such indicator: as read."""
    if not _EN_TOTAL.search(text):
        return attributes
    from assistant.bilingual import lexicon

    out = []
    for a in attributes:
        whole = [c for r in lexicon().get("total", ()) for c in (a + r,)
                 if not attribute_class(a) and (c in ATTRIBUTE_CLASSES or len(spellings(c)) > 1)]
        out.append(whole[0] if whole else a)
    return out


def _en_average_rate(text: str, attributes: list[str]) -> list[str]:
    """"two-year average growth" names the indicator 两年平均增长 ("average annual growth" 年均增长), as the
    Chinese analysis qualifies 增长 (labels.tsv qualifier): not the plain growth of one year."""
    m = _EN_AVERAGE_RATE.search(text)
    if not m:
        return attributes
    from assistant.bilingual import number_words

    years = re.match(r"(\w+)[\s-]years?", m.group(), re.I)
    numeral = "" if not years else years.group(1) if years.group(1).isdigit() else \
        number_words().get(years.group(1).lower(), "")
    change = next((a for a in attributes if a in label_words("change")), "增长")
    qualified = f"{numeral}年平均{change}" if numeral else f"年均{change}"
    return [qualified, *(a for a in attributes if a != change)]


def _en_operation(text: str, operation: str, unit_class: str, attributes: list[str]) -> tuple[str, str]:
    """An English question's computation by its grammar, where _OPS's words said none or a wrong one: a stated
    multi-year or annual average growth is looked up; a gap asked with "than"/"exceed" is a difference (of rates
    when rates are compared); "how many times … than" a multiple; a level of the previous period a growth base."""
    if operation == "share" and _EN_PERCENT_CHANGE.search(text):
        return "lookup", "percent"  # "by what percentage did X rise": the rate of X's change, no share of a whole
    if operation == "share" and unit_class not in {"percent", "count"}:  # ("how many …, and what share …": two)
        # "what share of Wuxi's revenue came from taxes": a share is a percent whatever the whole's class (the
        # Chinese question's 比重 says so; the English "share" may have no reading the text uses)
        return "share", "percent"
    if operation in {"average", "lookup"} and _EN_AVERAGE_RATE.search(text):
        # (a two-part question, "what was X, and what was its two-year average growth", keeps the first
        # part's class: each part is analysed again on its own)
        return "lookup", unit_class if re.search(r",\s*and\b", text) else "percent"
    if _EN_POINTS_CHANGE.search(text) or _EN_MULTIPLE.search(text):
        return "lookup", "percent" if _EN_POINTS_CHANGE.search(text) else "plain"
    if operation == "lookup" and _EN_DIFFERENCE.search(text):
        rates = re.search(r"percentage points?|\b(?:growth|rate|faster|slower)\b", text, re.I)
        return "difference", "percent" if rates else unit_class
    if operation == "lookup" and _EN_TIMES_OF.search(text):
        return "multiple", "plain"
    if operation == "lookup" and _EN_BASED_ON.search(text):
        named = next((c for c in map(attribute_class, attributes) if c and c != "percent"), "")
        return "growth_base", named or (unit_class if unit_class != "percent" else "")
    # "Working back from the 16.7% growth rate, what was …": the rate named is the means, the level is asked
    level = re.sub(r"(?i)\b(?:working back|estimating) from[^,]*,?", "", text)
    if operation in {"lookup", "growth_base"} and _EN_PREVIOUS.search(text) and not _EN_CHANGE.search(level):
        named = next((c for c in map(attribute_class, attributes) if c and c != "percent"), "")
        if unit_class != "percent" or level != text:
            return "growth_base", named if unit_class == "percent" else unit_class
    return operation, unit_class


def asks_points_change(text: str) -> bool:
    """True for "…比上年提高了几个百分点": the change of a rate the text states in points, looked up."""
    return bool(_POINTS_CHANGE.search(text))


def asks_rate_of_change(text: str) -> bool:
    """True for "…同比降了多少" / "比上年增长多少": the rate of a figure's change is asked."""
    return bool(_RATE_OF_CHANGE.search(text))


def _items(head: str) -> list[str]:
    """The items "A、B和C" names; a one-character piece before 和/与/及 is no item but part of a name with
    the word inside ("众合钙业和天和水泥": 天和水泥 is one name), rejoined with the piece after it ("粤、苏、鲁"
    are items: 、 lists, it joins no name). A joining character inside a word jieba reads whole ("提及") joins
    nothing; the list's own context is taken off its ends (_list_context)."""
    inside = joins_inside_words(head)
    seps = [m for m in _SPLIT_AND.finditer(head) if m.start() not in inside]
    pieces: list[str] = []
    start = 0
    for m in seps:
        pieces += [head[start:m.start()], m.group()]
        start = m.end()
    pieces.append(head[start:])
    items: list[str] = []
    carry = ""
    for i in range(0, len(pieces), 2):
        piece = carry + pieces[i]
        carry = ""
        if len(piece.strip()) == 1 and _CN.match(piece.strip()) and i + 1 < len(pieces) and pieces[i + 1] in "和与及跟":
            carry = piece + pieces[i + 1]  # "天" + "和" + the next piece
            continue
        items.append(piece)
    return _list_context([p for p in items if p.strip()], [m.group() for m in seps])


def _list_context(items: list[str], seps: list[str]) -> list[str]:
    """The items of a list without the words around it that belong to no item. A list is written "A、B和C":
    a 和/与 before its first 、 (in a list closed by its own 和/与) joins the question's subject to the list
    ("本省与A、B和C的进出口": 本省 is no item); and when every middle item is one word, so is the first
    ("前五的甲市、乙市、丙市": the first item is 甲市, what precedes it qualifies the whole list)."""
    if len(items) != len(seps) + 1 or len(items) < 3:
        return items  # (pieces rejoined by _items' carry: left as read)
    if seps[0] in {"与", "和", "同", "跟"} and seps[1] == "、" and seps[-1] != "、":
        return items[1:]  # (the list closes with its own 和/与; 及 is often inside a name: 手续费及佣金)
    if any(s != "、" for s in seps[:-1]):
        return items  # (a list of names is written with 、, its last item joined by 和/与 or 、)
    import jieba

    middle = [jieba.lcut(i.strip()) for i in items[1:-1]]
    first = jieba.lcut(items[0].strip())
    if all(len(w) == 1 and _CN.match(w[0]) for w in middle) and len(first) > 1 and _CN.match(first[-1]) \
            and len(first[-1]) > 1:
        return [first[-1], *items[1:]]
    return items


def compared_sides(text: str) -> tuple[str, str] | None:
    """The two sides of "A比B多/少…" (A, B), or None when the question compares nothing that way."""
    # (the 比 of 占比, 比重, 比例, 对比 … is part of a word, not the comparison: "A的占比比B高")
    m = re.search(r"(.+?)(?<![占对相])比(?![重例率较])(.+?)(多|少|高|低|快|慢|增加|减少|增长|下降)", text)
    return (m.group(1), m.group(2)) if m else None


# a hedge closing a side ("净利润约占营业收入的几成"): how exact the asker is, no word of the side's item
_HEDGE_END = re.compile(r"(大约|大概|约)$")


def split_sides(text: str, operation: str) -> list[str]:
    """The operand descriptions of a computed question (two sides of 比/占, the items of a sum)."""
    if operation == "share":
        # "A里，B的占几成": B is part of A (A may state its own size: "41个行业里")
        m = re.search(r"(.+?)(里|之中)[，,]?(.+?)的?(占|所占)(?!比)", text)
        if m:
            return [m.group(3), m.group(1)]
        m = re.search(r"(.+?)相当于(.+?)的(百分之几|几成)", text)
        if m:  # "A相当于B的百分之几": A's share of B
            return [m.group(1), m.group(2)]
        m = re.search(r"(.+?)占(?!比)(.+)", text)
        if m:  # the whole without the words asking for the share ("占全省GDP的比重是多少"), hedges aside
            whole = re.sub(r"的?(比重|比例|占比|百分比|份额)?(大约|大概|约)?(是|为|有)?(大约|大概|约)?"
                           r"(多少|几成|百分之几)?[？?。]*$", "", m.group(2))
            return [_HEDGE_END.sub("", m.group(1)), whole or m.group(2)]
        m = re.search(r"(.+?)中[，,]?(.+?)的?(占比|比例|比重)", text)  # "A中，B的占比": B is part of A
        if m:
            return [m.group(2), m.group(1)]
    if operation == "multiple":  # "A是B的多少倍": [A, B]
        m = re.search(r"(.+?)(是|为|相当于)(.+?)的(多少|几)倍", text)
        if m:
            return [m.group(1), m.group(3)]
    if operation == "difference":
        compared = compared_sides(text)
        if compared:
            return list(compared)
        m = re.search(r"(.+?)(扣[掉除]|减去)(.+?)(还剩|剩|后|等于|得|是|为)", text)
        if m:
            return [m.group(1), m.group(3)]
        m = re.search(r"(.+?)(和|与|跟|同)(.+?)(之间)?的?(差额|差距|相差)", text)
        if m:  # "进口和出口的差额": the two items named, the larger less the smaller
            return [m.group(1), m.group(3)]
    if operation == "complement":  # "除A、B和C之外，其他…": [A, B, C]
        m = re.search(r"除了?([^，,？?]{1,40}?)(?:之外|以外|外)", text)
        if m:  # (quoted items may stand side by side unseparated: "“甲”“乙”")
            return [i for i in _items(re.sub(r"([”」』])(?=[“「『])", r"\1、", m.group(1))) if i.strip()]
    if operation == "remainder":
        # [the whole, the part it excludes]: "还有多少个项目没有开工" -> [项目, 开工],
        # "资不抵债的公司里不是ST股的有几家" -> [资不抵债的公司, ST股]
        m = re.search(rf"还有(多少|几)[{COUNTERS}]?(.{{0,16}}?)(没有|没|尚未|未)(.{{1,8}}?)[的？?。，,]*$", text)
        if m:  # the whole named after 还有多少, or before it ("市重点项目还有多少个没有开工")
            return [m.group(2).strip() or text[:m.start()], m.group(4)]
        m = re.search(r"(.*?)(里|中|之中)?[，,]?(不是|并非|非)([^，,。？?]{1,12}?)的", text)
        if m:
            return [m.group(1), m.group(4)]
    if operation == "each":
        head = re.split(r"各(是|为|有)?多少|分别", text)[0]
        parts = [p for p in re.split(r"[、和与及]|以及", head) if p.strip()]
        if len(parts) >= 2:
            return parts
    if operation == "mean":  # "A、B和C的…平均": the items before 平均, when the question names two or more
        head = re.split(r"平均|average", text)[0]
        parts = _items(head)
        if len(parts) >= 2:
            return parts
        return [text]
    if operation == "sum":
        head = re.split(r"合计|一共|总共|共计|加起来|加在一起|之和|总和", text)[0]
        stated = _stated_count(head)
        # "A、B和C三个领域": the count of the items named is no item of its own
        head = re.sub(r"(?<=\S)(这|那|这些|那些|等)?[两二三四五六七八九十\d]+[个家项类所]\S{0,4}$", "",
                      head.rstrip("的 "))
        head = _COUNT_OF_ITEMS.sub("", head)  # "云泽、青岚、白岭三个省份2021年GDP": the count, inside
        head = _without_scope(head)
        parts = _shared_tail(_to_count(head, _items(head), stated))
        if len(parts) >= 2:
            return parts
    return [text]


def whole_items(text: str, sides: list[str], texts: list[str]) -> list[str]:
    """Items of a list rejoined where the documents write them as one name: "手续费及佣金净收入、利息净收入"
    splits at 及, but a passage that writes "手续费及佣金净收入" whole (not "A及B…分别", which lists two)
    shows 及 joins one indicator's name there. Only 及/与 are read so: 和 and 、 list items far more often."""
    items = [s.strip() for s in sides]
    k = 0
    while k + 1 < len(items):
        for word in ("及", "与"):
            joined = items[k] + word + items[k + 1]
            if joined in text and any(_written_whole(t, joined) for t in texts):
                items[k:k + 2] = [joined]
                break
        else:
            k += 1
    return items


def _written_whole(passage: str, name: str) -> bool:
    """True when a passage names `name` as one thing: written there, and not followed in its clause by 分别/各
    (which would make it two items each given its own figure)."""
    for m in re.finditer(re.escape(name), passage):
        clause = re.split(r"[，,。；;]", passage[m.end():], maxsplit=1)[0]
        if not re.search(r"分别|各自", clause):
            return True
    return False


# the count of the items a list names, written right after it ("三个省份", "3省份", "两家公司的")
_COUNT_OF_ITEMS = re.compile(r"(?<=\S)(这|那|这些|那些|等)?[两二三四五六七八九十\d]+"
                             r"(?:[个家项类所][\u4e00-\u9fff]{0,4}?|省份|省市|省区|省|地)(?=\d|的)")


def _stated_count(head: str) -> int:
    """How many items a list says it names ("A、B、C以及D三个行业" -> 3), 0 when it says not."""
    m = _COUNT_OF_ITEMS.search(head) or re.search(r"(?<=\S)(这|那|这些|那些|等)?([两二三四五六七八九十\d]+)[个家项类所]"
                                                   r"\S{0,4}$", head.rstrip("的 "))
    if m is None:
        return 0
    digits = re.search(r"[两二三四五六七八九十\d]+", m.group())
    value = parse_number(digits.group()) if digits else None
    return int(value) if value else 0


def _to_count(head: str, items: list[str], stated: int) -> list[str]:
    """The items of a list that says how many it names: one more piece than that count, and exactly one
    piece joined by a word (和/与/以及) rather than 、, is one item with the word inside ("交通运输、教育、科技
    以及信息化三个行业": 科技以及信息化 is the third)."""
    seps = list(_SPLIT_AND.finditer(head))
    if not stated or len(items) != stated + 1 or len(seps) + 1 != len(items):
        return items  # (a list _items has rejoined is left as read)
    words = [j for j, m in enumerate(seps) if m.group() != "、"]
    if len(words) != 1:
        return items
    j = words[0]  # seps[j] stands between items[j] and items[j + 1]
    return [*items[:j], items[j] + seps[j].group() + items[j + 1], *items[j + 2:]]


def _without_scope(head: str) -> str:
    """A list said inside a group ("重大项目中前期项目和新开工项目"): the items, without the group that
    holds them (the group is the question's subject, no item's own word). 中/里 count only as a word of
    their own (集中, 中国 are not)."""
    import jieba

    words = jieba.lcut(head)
    for k, w in enumerate(words[1:-1], 1):
        if w in {"中", "里", "之中"}:
            rest = "".join(words[k + 1:]).lstrip("，, ")
            scope = "".join(words[:k])
            if _SPLIT_AND.search(rest) and not _SPLIT_AND.search(scope):
                return rest
            break
    return head


def _shared_tail(items: list[str]) -> list[str]:
    """"云泽、青岚和白岭2021年地区生产总值": what follows the last item's name (its period and quantity) is
    said of every item. Read so only when each earlier item is one word (a name) and the last piece opens
    with one; items written whole ("国有控股企业和私营企业的利润") are left as they are."""
    if len(items) < 2:
        return items
    import jieba

    words = [jieba.lcut(i.strip()) for i in items]
    if any(len(w) != 1 for w in words[:-1]) or len(words[-1]) < 2:
        return items
    last = 0  # an item joined inside ("科技以及信息化2021年", see _to_count) is named by its whole chain
    while last + 2 < len(words[-1]) and words[-1][last + 1] in {"和", "与", "及", "以及", "跟"}:
        last += 2
    name = "".join(words[-1][:last + 1])
    tail = items[-1].strip()[len(name):]
    if not _CN.match(name) or len(name) < 2 or not tail.strip("的 "):
        return items
    return [f"{i.strip()}{tail}" for i in items[:-1]] + [items[-1].strip()]


# English operands (the Chinese split_sides reads 比/占/和; an English question names its sides by its grammar)
# a period said after a side ("… in the first half", "… in 2021"): the question's, shared by every side
_EN_TRAILING_PERIOD = re.compile(r"\s+(?:in|during|for|over|at the end of|by the end of)\s+(?:the\s+)?"
                                 r"(?:first|second|third|fourth|whole|full|same|\d{4}|year|quarter|half|"
                                 r"january|february|march|april|may|june|july|august|september|october|"
                                 r"november|december)\b.*$", re.I)
# words around an English side that ask or qualify, not name it: the asking verb, "that of", articles
_EN_SIDE_NOISE = re.compile(r"^(?:(?:that|those)\s+of|the|a|an)\s+|\s+(?:account(?:ed)?\s+for|take|took|make\s+up|"
                            r"made\s+up|represent(?:ed)?|combined|together|in\s+total|altogether)$", re.I)
_EN_AUX = r"did|do|does|was|were|is|are|has|have|had|will|would"
# "What share/percentage of B did A account for", "… of B went to / came from A"
_EN_SHARE_OF = re.compile(rf"\bwhat\s+(?:share|proportion|percentage|percent|fraction|part)\s+of\s+(?P<whole>.+?)\s+"
                          rf"(?:(?:{_EN_AUX})\s+(?P<part>.+?)|(?:went|go|goes|came|come|comes)\s+(?:to|from)\s+"
                          rf"(?P<part2>.+?))\s*[?.]?$", re.I)
# "A was what percentage of B"
_EN_PART_OF = re.compile(rf"^(?P<part>.+?)\s+(?:{_EN_AUX}|accounted\s+for|accounts\s+for)\s+what\s+"
                         rf"(?:share|proportion|percentage|percent|fraction)\s+of\s+(?P<whole>.+?)\s*[?.]?$", re.I)
# "How much larger was A than B", "How much more X did A collect than B", "How many times … A than B"
_EN_THAN = re.compile(rf"\bhow\s+(?:much|many(?:\s+percentage\s+points?|\s+times)?)\s+[a-z]+(?:\s+[a-z]+)*?\s+"
                      rf"(?P<aux>{_EN_AUX})\s+(?P<a>.+?)\s+than\s+(?P<b>.+?)\s*(?:,|[?.]|$)", re.I)
# "By how much did A exceed B"
_EN_EXCEED = re.compile(rf"\bby\s+how\s+(?:much|many[\w ]*?)\s+(?:{_EN_AUX})\s+(?P<a>.+?)\s+"
                        rf"(?:exceed|outpace|surpass|top)\s+(?P<b>.+?)\s*(?:,|[?.]|$)", re.I)
# "the gap/difference between A and B"
_EN_BETWEEN = re.compile(r"\b(?:gap|difference)\s+between\s+(?P<a>.+?)\s+and\s+(?P<b>.+?)\s*(?:,|[?.]|$)", re.I)
# a list's frame: "combined X of A, B and C", "… A, B and C … together / combined / in total"
_EN_LIST = re.compile(r"(?P<items>(?:[^,?]+,\s*)*[^,?]+?\s+(?:and|or)\s+[^,?]+?)"
                      r"(?=\s+(?:combined|together|in total|altogether)\b|\s*[?.]|\s*,\s*(?:in|and)\b|$)", re.I)
_EN_LIST_OPENER = re.compile(r"^.*\b(?:of|in|on|for|did|do|does|by|from|were|was|are|is)\s+", re.I)


def english_sides(text: str, operation: str) -> list[str]:
    """The English words naming each operand of a computed question, as split_sides reads Chinese: the part and
    the whole of "what share of B did A account for" ([A, B]), the two sides of "than", "exceed" and "between"
    ([A, B]), the items of a list ("the combined GDP of A, B and C"); [text] when the question names none. The
    words name each side only: the question's other words (its quantity, its period) are every side's."""
    sides: list[str] = []
    if operation == "share":
        m = _EN_SHARE_OF.search(text) or _EN_PART_OF.search(text)
        if m:
            part = m.groupdict().get("part") or m.groupdict().get("part2") or ""
            sides = [part, m.group("whole")]
    elif operation in {"difference", "multiple"}:
        m = _EN_THAN.search(text) or _EN_EXCEED.search(text) or _EN_BETWEEN.search(text)
        if m:
            sides = [m.group("a"), m.group("b")]
            if (m.groupdict().get("aux") or "").lower() in {"did", "do", "does"} and " " in sides[0].strip():
                sides[0] = sides[0].strip().rsplit(" ", 1)[0]  # "did Shanghai collect than": the verb asks
    elif operation in {"sum", "mean", "average"}:
        sides = _english_items(text)
    sides = [_side_words(s) for s in sides]
    return sides if len(sides) >= 2 and all(sides) else [text]


def _english_items(text: str) -> list[str]:
    """The items of an English list: split at its commas, the last joined by "and"/"or"; with a comma before
    that word (the serial comma) an item may hold "and" itself ("tobacco and liquor, housing, and transport and
    communications"), without one the last two items are the pieces around the last "and"."""
    m = _EN_LIST.search(text.split("?")[0])
    if not m:
        return []
    opener = _EN_LIST_OPENER.match(m.group("items"))
    items = m.group("items")[opener.end():] if opener else m.group("items")
    pieces = [p.strip() for p in items.split(",")]
    if len(pieces) > 1 and re.match(r"(?:and|or)\s", pieces[-1], re.I):
        pieces[-1] = re.sub(r"^(?:and|or)\s+", "", pieces[-1], flags=re.I)
    else:
        *head, last = pieces
        pieces = [*head, *re.split(r"\s+(?:and|or)\s+(?!.*\s(?:and|or)\s)", last, flags=re.I)]
    if opener and re.search(r"\b(?:did|do|does)\s+$", opener.group(), re.I) and " " in pieces[-1]:
        pieces[-1] = pieces[-1].rsplit(" ", 1)[0]  # "did A, B and C spend": the verb asks
    return [p for p in pieces if p]


def _side_words(side: str) -> str:
    """A side without what every side shares or what asks: a trailing period, "that of", an asking verb."""
    side = _EN_TRAILING_PERIOD.sub("", side.strip(" ,?.")).strip()
    before = None
    while before != side:
        before, side = side, _EN_SIDE_NOISE.sub("", side).strip()
    return side
