"""List questions (哪些, 有几类, 分别, 列出, which … are there): every item the documents give for what is
asked, read from the whole document (a list needs recall, not the top passages), deduplicated, each
quoted and cited, one a line.

Items come from three shapes of text, all general to Chinese reports:
- an enumeration of figures (工业项目67个，占比34.2%；农业项目17个…): when the question asks a figure per
  item (各类项目分别有多少个), each segment up to its figure;
- an enumeration closed by 等 + the noun asked (A、B、C等项目; X等重大项目), and a sentence whose subject
  ends with that noun (石溪…风电项目，总投资7.52亿元…): the named things;
- a name written right after the noun asked (项目负责人周恒介绍): people and other names by role.
A condition the question states (超过10亿元, 以上, 低于) keeps the items whose own figure of that kind
passes it, compared by assistant.figures values. When no shape gives items (a list in running prose), the
stretches of the document covering the question best are quoted (assistant.approaches.stretches).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

from assistant.approaches.points import best_points
from assistant.approaches.stretches import Asked, answering_stretches
from assistant.approaches.text import (
    INTRODUCES,
    ITEM_MARK,
    Quotes,
    Sentence,
    Terms,
    clause_cut,
    corpus_of,
    counted,
    cue_words,
    finish,
    name_after,
    retrieved,
    sentence_before,
    terms_of,
)
from assistant.compose import wording
from assistant.figures import Figure, parse_figures
from assistant.question import ATTRIBUTE_CLASSES
from assistant.vocabulary import english_change_verbs, names
from index.segmenter import pos_cut

if TYPE_CHECKING:
    from collections.abc import Iterator

    from assistant.approaches import Kind, Reading
    from assistant.types import Answer

# the phrase naming what is listed: 哪些X, X有哪些, 各类X分别, 几类X, 列出X, which X
_LISTED = [
    re.compile(r"哪(?:些|几[类个种项家条]|[两三四五六七八九十]+(?:个|类|种|项|家|点|条|大|名|座|位|所|方面|部分))"
               r"(?P<p>[^，,。？?！!]+)"),
    re.compile(r"(?P<p>[^，,。？?！!]+?)(?:都|主要|具体)?有哪(?:些|几[类个种项家条])"),
    re.compile(r"各(?:类|个|种|项|家)?(?P<p>[^，,。？?！!]+?)(?:分别|各自|都|各)"),
    re.compile(r"几(?:类|种|个)(?P<p>[^，,。？?！!]+)"),
    re.compile(r"(?:列出|列举|罗列)(?P<p>[^，,。？?！!]+)"),
]
_PER_ITEM = re.compile(r"分别|各自|各(?:类|个|种|项|家)?.*(?:多少|几)|\beach\b|respectively|\bby\s+(?:sector|type)",
                       re.IGNORECASE)
_ASKS_FIGURE = re.compile(r"多少|几[个家项台所条次人万亿元]|how\s+(?:many|much)|number\s+of", re.IGNORECASE)
_NOUN = re.compile(r"^(?:n|nz|vn|nt|ng|j)$")
# a condition's direction by its qualifier (assistant.figures reads 超过/以上/… into Figure.qualifier)
_ABOVE = ("超过", "以上", "高于", "大于", "多于", "不少于", "不低于", "逾", "over", "above", "more than")
_BELOW = ("以下", "低于", "小于", "少于", "不足", "不到", "不超过", "under", "below", "less than")
_COMPLEMENTS = frozenset("到了着过给在为出")  # after a verb, its particle or complement (争取到…, 推出了…)
_CONDITION_BEFORE = re.compile(rf"({'|'.join(sorted(_ABOVE[:7] + _BELOW[:7], key=len, reverse=True))})了?$")
_LEADING_WORDS = ("对", "在", "与", "将", "把", "从", "如")  # a preposition opening a list's first item
_PIECES = re.compile(r"、|(?<=\u201d)(?=[^、，。\u201d])")  # A、B  or “A”“B”C: the items of an enumeration
_TITLE = re.compile(r"《([^《》]{2,30})》")  # a title: of a list, a plan, a report, a law
MAX_ITEMS = 30  # a list longer than this is cut, saying how many there are in all
ITEM_CHARS = 60  # one item's quote


@dataclass
class Item:
    name: str  # the item as written (deduplicated by it)
    sentence: Sentence
    start: int  # the quote, as offsets in the passage
    end: int
    figure: Figure | None = None  # the item's own figure (asked per item, or tested by the condition)
    whole: bool = True  # the line shows the quote start:end; False: the name alone, cited by the words around it
    direction: int = 0  # a change's: 1 a rise (增长), -1 a fall (下降)
    stated: bool = False  # an item of a ranking the text states ("排名前10的城市分别是"): not ranked again


@dataclass
class ListAsk:
    head: str  # the noun listed (项目, 负责人, 活动); "" when the question names none
    per_item: str  # the unit class asked per item ("count" …), "" when items are asked by name
    condition: Figure | None  # 超过10亿元
    senses: tuple[str, ...] = ()  # an English question's head: each of its Chinese senses the index uses
    others: tuple[str, ...] = ()  # other nouns the listed phrase may be headed by, tried after head
    quantity: str = ""  # the quantity the condition is on, as the question words it (年产值, 计划总投资, 占比)
    top: int = 0  # "增长最快的三个": how many items to keep, by their figure (0: all)
    largest: bool = True  # the top items are those of the largest figures (最快/最高); False: 最低/最少/最慢


def listed_head(question: str, terms: Terms) -> str:
    """The noun of the phrase a list question asks for (哪些计划总投资超过10亿元的具体项目 -> 项目)."""
    heads = listed_heads(question, terms)
    return heads[0] if heads else ""


def listed_heads(question: str, terms: Terms) -> list[str]:
    """The nouns the listed phrase may be headed by, the likeliest first: the last noun of the compound it
    opens with, then the ones before it (哪些领域靶向施策: 靶向 is read as a noun, 领域 is the one a
    document closes its enumeration with, "…等领域")."""
    for pattern in _LISTED:
        m = pattern.search(question)
        if not m:
            continue
        # the noun compound the phrase opens with, after its last 的 (…超过10亿元的具体项目 -> 项目); a word
        # naming a quantity or weighed nothing (计划, 投资) starts the predicate (项目计划总投资超过… -> 项目)
        phrase = m.group("p")
        before, _, after = phrase.rpartition("的")
        # "哪些城市的地区生产总值超过…": the noun before 的 when the words after it state the condition
        parts = [before, after] if before and parse_figures(after) and not parse_figures(before) else [after]
        # "哪些机场的货邮吞吐量占了全国的一半": no noun after the last 的, so the words after the first state
        # what the things named before it did; the noun asked opens the phrase
        for part in [*parts, before.split("的")[0]] if before else parts:
            nouns = _noun_run(part, terms)
            if nouns:
                return nouns[::-1]
    counted_noun = terms.question.count_noun
    if counted_noun:
        return [counted_noun]
    nouns = [t for t in terms.question.terms if terms.question.weights.get(t, 0) >= 1.0 and len(t) >= 2]
    return nouns[-1:]


def _noun_run(part: str, terms: Terms) -> list[str]:
    """The nouns of the compound a phrase opens with (具体/主要/这些 may come first); a word naming a quantity
    or weighed nothing (计划, 投资) starts the predicate (项目计划总投资超过… -> 项目)."""
    run: list[str] = []
    for w in pos_cut(part):
        word = str(w.word)
        kind_noun = word in cue_words("place_noun") or word in cue_words("org_noun")  # 城市 is tagged ns
        noun = (_NOUN.match(w.flag) or kind_noun) and word not in ATTRIBUTE_CLASSES \
            and terms.question.weights.get(word, 1.0) > 0 and not _SINCE.fullmatch(word)
        if noun:
            run.append(word)
        elif run or not re.match(r"^(?:a|b|d|r)$", w.flag):
            break
    return [w for w in run if len(w) >= 2]


_EN_LISTED = re.compile(r"\b(?:which|what|list|name|are there)\b(?:\s+(?:the|all|of|number|main|key|major|specific|"
                        r"different|kinds?|types?))*\s+(?P<p>[a-z]+(?:\s+(?:in\s+charge|[a-z]+))?)", re.IGNORECASE)


_EN_EACH = re.compile(r"\beach\s+(?:(?:type|kind|sort|category|class)\s+of\s+)?(?P<p>[a-z]+)", re.IGNORECASE)


def english_heads(question: str, reading: Reading) -> tuple[str, ...]:
    """The Chinese nouns an English list question may ask for ("Which projects …" -> 项目 …): the senses
    the index uses of the listed phrase, or of its last word, the most used first."""
    from assistant.bilingual import english_terms

    found: list[str] = []
    # "… did each type of enterprise make": the things listed are the enterprises, the rest is their figure
    phrases = [m.group("p") for m in (_EN_EACH.search(question), _EN_LISTED.search(question)) if m]
    for phrase in phrases:
        for words in (phrase, phrase.split()[-1]):
            read = english_terms(words, reading.stats.frequency, reading.stats.known)
            senses = [z for group in read.other for z in group]
            senses = [z for z in senses if reading.stats.frequency(z)]
            if senses:
                found += sorted(dict.fromkeys(senses), key=reading.stats.frequency, reverse=True)
                break
    return tuple(dict.fromkeys(found))


def read_ask(reading: Reading, terms: Terms) -> ListAsk:
    q = terms.question
    senses = english_heads(reading.question, reading) if reading.lang == "en" else ()
    heads = listed_heads(reading.question, terms) if reading.lang == "zh" else list(senses[:1])
    head = heads[0] if heads else ""
    condition = next((f for f in q.figures if f.qualifier and _direction(f)), None)
    if condition is None:  # "超过了10万亿元": the direction word a particle away from the figure
        for f in q.figures:
            m = _CONDITION_BEFORE.search(q.text[:f.start])
            if m and f.unit_class not in {"year", "date"}:
                condition = replace(f, qualifier=m.group(1))
                break
    per_item = ""
    if _ASKS_FIGURE.search(reading.question) and (_PER_ITEM.search(reading.question) or condition is None):
        per_item = q.unit_class or "count"
    elif _PER_ITEM.search(reading.question) and q.unit_class and condition is None:
        per_item = q.unit_class  # "What total profit did each type of enterprise make": a quantity per item
    quantity = _quantity_before(q.text[:condition.start]) if condition is not None else ""
    top = _TOP.search(reading.question)
    n, largest = 0, True
    if top is not None:
        n = _count_word(top.group("n") or top.group("m") or "")
        largest = (top.group("w") or "大") in "快高大多"
    elif asks_top_name(reading.question):  # "增速最高的是哪个城市": the one item of the largest figure
        superlative = _SUPERLATIVE.search(reading.question)
        n, largest = 1, superlative is None or superlative.group("w") in "快高大多"
    return ListAsk(head, per_item, condition, senses, tuple(heads[1:]), quantity, n, largest)


# "利润增长倍数最高的行业是哪个", "哪个城市增速最快": one name asked, that of the largest (smallest) figure
_WHICH_ONE = re.compile(r"哪(?:一)?(?:个|家|座|位|种|类|项|所|条)")
_SUPERLATIVE = re.compile(r"最(?P<w>快|高|大|多|低|少|小|慢)")


# the morphemes of a rate or a change's noun (增速, 增幅, 降幅, 完成率, 占比, 倍数): a superlative over rates and
# changes is ranked over the items a text lists with them; over amounts (总投资最大) the figure engine decides
_RATE = re.compile(r"率|速|幅|比重|占比|倍")


def asks_top_name(question: str) -> bool:
    """True when a Chinese question asks which one thing has the largest (smallest) rate or change, and no
    amount ("增速最高的是哪个城市", "利润下降幅度最大的是哪个行业")."""
    return bool(_WHICH_ONE.search(question) and _SUPERLATIVE.search(question)) \
        and bool(_RATE.search(question) or _change_asked(question)) \
        and not re.search(r"多少|几", question) and _TOP.search(question) is None


# after "前N", the words that make it a period ("前7月", "前三季度", "前10个月"), not a ranking ("前三名")
_PERIOD_AFTER = r"[一二两三四五六七八九十\d]|个?(?:月|季|年|天|周|日|旬|小时)"
# "增长最快的三个", "最高的前5个", "前三": the items of the largest (smallest) figures, how many
_TOP = re.compile(rf"最(?P<w>快|高|大|多|低|少|小|慢)的?(?:是)?(?:前)?(?P<n>[一二两三四五六七八九十\d]+)"
                  rf"(?=个|家|项|类|名|位|种)|前(?P<m>[一二两三四五六七八九十\d]+)(?!{_PERIOD_AFTER})(?:个|家|项|类|名|位|种)?")
_NUMERALS = {ch: i for i, ch in enumerate("零一二三四五六七八九", start=0)} | {"两": 2, "十": 10}
# words between a quantity and its condition ("利润总额同比增长超过30%"): not the quantity itself
_CHANGE_WORDS = re.compile(r"(?:同比|比上年|较上年)?(?:增长|增加|提高|上涨|上升|下降|减少|降低|下跌|回落)?(?:了)?"
                           r"(?:超过|高于|大于|多于|不少于|不低于|低于|小于|少于|不足|不到|不超过|达到|在)?(?:了)?$")


def _count_word(word: str) -> int:
    """"三" -> 3, "5" -> 5, "十" -> 10 (a top-N count is small)."""
    if word.isdigit():
        return int(word)
    return sum(_NUMERALS.get(ch, 0) for ch in word) if word else 0


def _quantity_before(text: str) -> str:
    """The quantity a condition is on, the last noun before it ("建成后预计年产值" -> 年产值; "利润总额同比增长"
    -> 利润总额): its own figure is the one an item is tested by."""
    text = _CHANGE_WORDS.sub("", text.rstrip())
    words = [w for w in pos_cut(text[-12:])]
    if words and (words[-1].flag in {"n", "vn", "nz", "j", "eng", "l"} or words[-1].word in ATTRIBUTE_CLASSES):
        return str(words[-1].word)
    return ""


def _direction(condition: Figure) -> int:
    if any(w in condition.qualifier for w in _ABOVE):
        return 1
    if any(w in condition.qualifier for w in _BELOW):
        return -1
    return 0


def comparable(figure: Figure, condition: Figure) -> bool:
    """A figure that can be tested by the condition: of its unit class (and unit, but for counts), or a
    growth in 倍 against a growth in % ("增长1.42倍" is a growth of 142%, value 1.42 as 50.4% is 0.504)."""
    if figure.unit == "倍" or condition.unit == "倍":
        return {figure.unit_class, condition.unit_class} <= {"percent", "plain"} and "pp" not in {figure.unit,
                                                                                                  condition.unit}
    if figure.unit_class != condition.unit_class:
        return False
    return figure.unit_class == "count" or not condition.unit or figure.unit == condition.unit


def passes(figure: Figure, condition: Figure) -> bool:
    if not comparable(figure, condition):
        return False
    direction = _direction(condition)
    strict = condition.qualifier not in {"以上", "以下", "不少于", "不低于", "不超过"}
    bound = _direction(figure) if figure.qualifier else 0
    if bound and direction:
        # a bound the text states itself ("与A、B、C进出口规模均超过1000亿元"): every item of the group is past
        # it, so it passes a condition at or inside the bound (超过1000亿元 passes 超过1000亿元 and 超过800亿元);
        # a bound the other way (超过300亿元 against 低于400亿元) leaves the item's own figure unknown
        if bound != direction:
            return False
        return figure.value >= condition.value if direction > 0 else figure.value <= condition.value
    if direction > 0:
        return figure.value > condition.value if strict else figure.value >= condition.value
    return figure.value < condition.value if strict else figure.value <= condition.value


def _quantity_at(text: str, quantity: str) -> int:
    """Where the quantity's words end in text: the whole word, else its last two characters (年产值 is
    written 年可实现产值); -1 when neither is there."""
    for words in (quantity, quantity[-2:]):
        at = text.find(words)
        if at >= 0 and len(words) >= 2:
            return at + len(words)
    return -1


class ListApproach:
    kind: Kind = "list"

    def answer(self, reading: Reading) -> Answer | None:
        terms = terms_of(reading)
        ask = read_ask(reading, terms)
        sentences = self.documents(reading)
        collective = collective_figures(sentences, ask, terms, reading.question)
        if collective is not None:  # "“四项指标”分别下降x、y、z": the sentence itself, its figures in its order
            quotes = Quotes()
            line = quotes.quote(collective.passage, collective.start, collective.end, reading.lang)
            return finish(reading, self.kind, line, line, quotes)
        items = _deduplicated(self._items(sentences, ask, terms, reading.question), ask.head)
        if ask.top and not all(i.stated for i in items):  # "增长最快的三个": the largest figures, largest first
            ranked = sorted((i for i in items if i.figure is not None), key=_growth, reverse=ask.largest)
            items = ranked[:ask.top]
        if not items and ask.condition is None and not ask.top and not asks_top_name(reading.question):
            # no shape of enumeration read the list: the stretches of text that answer it, quoted (a stated
            # condition or ranking is not tested by a quote: those lists are left to the figure engine)
            stretches = answering_stretches(sentences, terms, ask.head)
            if stretches:
                quotes = Quotes()
                lead = wording("list_quoted", reading.lang)
                lines = [f"{ITEM_MARK}{quotes.quote(r.sentence.passage, r.start, r.end, reading.lang)}"
                         for r in stretches]
                return finish(reading, self.kind, "\n".join([lead, *lines]), lead, quotes)
        if not items or (asks_top_name(reading.question) and (len(items) != 1 or _against(items[0], reading.question))):
            # nothing listed, or no one item found the largest, or the largest of changes the other way (the
            # fastest growth asked, the smallest fall found): the figure engine answers (or refuses)
            return None
        quotes = Quotes()
        if ask.top == 1 and len(items) == 1 and asks_top_name(reading.question):
            # "增速最高的是哪个城市": the one name asked is the answer itself, its quote leading
            only = items[0]
            p = only.sentence.passage
            if only.whole:
                line = quotes.quote(p, only.start, only.end, reading.lang)
            else:
                shown = f"{only.name}：{only.figure.text}" if only.figure is not None else only.name
                line = f"{shown}[{quotes.cite(p, only.start, only.end)}]"
            return finish(reading, self.kind, line, line, quotes)
        lead, total = counted(len(items), reading.lang)
        lines = []
        for item in items[:MAX_ITEMS]:
            p = item.sentence.passage
            if not item.whole:  # a name (with the figure that passed the condition), cited by the words around it
                n = quotes.cite(p, item.start, item.end)
                shown = f"{item.name}：{item.figure.text}" if item.figure is not None else item.name
                lines.append(f"{ITEM_MARK}{shown}[{n}]")
            else:
                lines.append(f"{ITEM_MARK}{quotes.quote(p, item.start, item.end, reading.lang)}")
        if len(items) > MAX_ITEMS:
            lines.append(f"{ITEM_MARK}…")
        return finish(reading, self.kind, "\n".join([lead, *lines]), lead, quotes, [total])

    def _items(self, sentences: list[Sentence], ask: ListAsk, terms: Terms, question: str) -> list[Item]:
        """The items asked for: those of the first shape of text that gives them (see the module docstring),
        unless the items of a later shape come from sentences covering the question clearly better (by
        SWITCH): a shape reads its mark wherever the document writes it, and the first to fire may have read
        an enumeration about something else while the one asked for is written in another shape."""
        asked = Asked.of(terms, ask.head)
        chosen: tuple[float, list[Item]] | None = None
        for items in self._candidates(sentences, ask, terms, question):
            if ask.per_item and chosen is not None and not all(
                    i.figure is not None and i.figure.unit_class == ask.per_item for i in items):
                continue  # (names without the figure asked of each answer less than the figures did)
            cover = items_cover(items, asked)
            if chosen is None or cover >= chosen[0] + SWITCH:
                chosen = (cover, items)
            if chosen[0] >= ABOUT_ELSE or _change_asked(question):
                break  # (items about the question, or changes filtered as asked: the later shapes are not read)
        return chosen[1] if chosen is not None else []

    def _candidates(self, sentences: list[Sentence], ask: ListAsk, terms: Terms, question: str) -> Iterator[list[Item]]:
        """The items each shape of text gives, in the order the shapes are trusted (non-empty lists only)."""
        if ask.per_item and ask.condition is None and not ask.top:
            # "各类项目分别有多少个": the enumeration of figures, or the names and figures "分别" pairs
            found = [self.figure_enumeration(sentences, ask, terms), self.respective(sentences, ask, terms)]
            if _change_asked(question):  # "…是哪些，各下降多少": the changes the text states
                found.append(self._changes(sentences, ask, terms, question))
            items = _best(found)
            if items:
                yield items
        if ask.condition is None and not ask.top:
            # "哪三大领域": the enumeration the text counts with the number asked
            items = self.counted_enumeration(sentences, ask, terms, question)
            if items:
                yield items
        if not ask.per_item and ask.condition is None and not ask.top:
            # "主要呈现以下特点：" and then one paragraph a point, each opening on its point ("…平稳增长。")
            items = self.introduced_paragraphs(sentences, ask, terms) or self.introduced_actions(sentences, terms)
            if items:
                yield items
        if not ask.per_item and ask.condition is None:
            # "未开工项目共5个，按责任单位划分分别是：甲市2个，A项目和B项目；乙市1个，C项目": the named things
            items = self.grouped_enumeration(sentences, ask, terms)
            if items:
                yield items
        if not ask.per_item and ask.condition is None:
            # "排名前10的城市分别是：A、B…和C", "N个城市（A、B、C）…": the things an enumeration names
            # when the words that introduce it name the noun asked
            items = self.introduced_enumeration(sentences, ask, terms)
            if items:
                yield items
        if not ask.top and not ask.per_item and ask.condition is None:
            # "登上过哪些榜单": the titles (《…榜》) the whole document names of the kind asked
            items = self.titled_names(sentences, ask, terms, question)
            if items:
                yield items
        if not ask.top and not ask.per_item:  # (names without figures do not answer "各增长多少")
            for head in (ask.head, *ask.others):
                by_head = replace(ask, head=head)
                items = self._names_by_role(sentences, by_head) or self._named_things(sentences, by_head, terms)
                items = _most_relevant(items, terms, head, ask.senses)
                if ask.condition is not None:
                    cond = ask.condition
                    items = [i for i in items if i.figure is not None and passes(i.figure, cond)]
                if _change_asked(question):  # "哪些行业零售额下降了": not the things its sentence says rose
                    items = [i for i in items if _changes_as_asked(i, _change_asked(question))]
                if items:
                    yield items
                    break
        if ask.condition is not None or ask.top or _change_asked(question):
            # "占比超过20%的是哪几类项目", "哪些行业利润下降了", "A、B和C分别增长x、y和z", "增长最快的三个";
            # a noun listing names of places or organisations (城市, 企业) names the items' kind: the sentence
            # need not use it
            if ask.head in cue_words("place_noun") or ask.head in cue_words("org_noun"):
                terms = _without(terms, ask.head)
            found = [self._changes(sentences, ask, terms, question), self.respective(sentences, ask, terms)]
            if ask.condition is not None:
                found.append(self._conditioned_enumeration(sentences, ask, terms))
            elif ask.top:
                found.append(self.figure_enumeration(sentences, replace(ask, per_item=terms.question.unit_class
                                                                         or "percent"), terms))
            items = _best(found)
            if items:
                yield items
        if ask.condition is not None:
            items = self._typed_names(sentences, ask, terms)  # "哪些省份GDP超过了10万亿元"
            if items:
                yield items
        items = self._bare_enumeration(sentences, terms, ask.head)  # "推行了哪些制度": A、B、C in the best sentence
        if ask.condition is not None and items:
            # "10强中，收入超过280亿元的有哪些": each name's own figure, from the sentences stating it
            items = [i for i in (_stated_figure(item, sentences, ask) for item in items)
                     if i is not None and i.figure is not None and passes(i.figure, ask.condition)]
        if not items and ask.condition is None and not ask.top:
            items = self.structural_points(sentences, ask, terms)
            if items and quoted_instead(items, sentences, terms, ask.head):
                return  # (the stretches covering the question are quoted: ListApproach.answer)
        if items:
            yield items

    @staticmethod
    def structural_points(sentences: list[Sentence], ask: ListAsk, terms: Terms) -> list[Item]:
        """No shape naming the kind asked gave items: the points the best-covering stretch of text enumerates
        by its structure alone (一是…二是…, segments cut at "；", A、B和C; assistant.approaches.points); asked
        a figure per item, every point states one of the class asked."""
        points = best_points(sentences, _runs(sentences), terms, _series, ask.head)
        items = [Item(pt.sentence.passage.text[pt.start:pt.end], pt.sentence, pt.start, pt.end) for pt in points]
        if ask.per_item and not all(any(f.unit_class == ask.per_item for f in parse_figures(i.name)) for i in items):
            return []
        return items

    @staticmethod
    def documents(reading: Reading) -> list[Sentence]:
        """The sentences of the documents the question is about: all of one indexed document; with
        several, those of the documents among the best retrieved passages."""
        corpus = corpus_of(reading)
        if len(corpus.by_doc) == 1:
            return corpus.sentences
        docs = dict.fromkeys(str(p.hit.node.metadata.get("doc_id", "")) for p in retrieved(reading)[:3])
        # by document, in index order (by_doc keeps it): a scan of every sentence per question grew with the corpus
        return [s for doc in sorted(docs, key=corpus.doc_order) for s in corpus.by_doc.get(doc, [])]

    # -- an enumeration of figures: one item per segment -------------------------------------------------
    def figure_enumeration(self, sentences: list[Sentence], ask: ListAsk, terms: Terms) -> Scored:
        """The items of the sentence (or run of sentences cut at "；") that gives the most figures of the
        class asked, one per segment, and names what is asked; each quoted up to its figure."""
        best: tuple[float, list[Item]] | None = None
        for run in _runs(sentences):
            items = []
            heads = ask.senses or tuple(h for h in (ask.head, *ask.others) if h)
            if heads and not any(h in " ".join(s.text for s in run) for h in heads):
                continue  # (in each item, "工业项目67个", or in the run's opening words, "从所属行业看")
            for s in run:
                start, text = s.start, s.text
                figures = [f for f in parse_figures(text) if f.unit_class == ask.per_item
                           or (ask.per_item == "percent" and f.unit == "倍")]
                # "…生产总值5136.7亿元，…，其中第一产业增加值25.5亿元，…": the parts come after 其中, the whole before
                base = subset_start(text, figures)
                figures = [f for f in figures if f.start >= base]
                if not figures:
                    continue
                first = figures[0]
                # the run's opening words before the first item ("从所属行业看，") are no part of it
                lead_cut = max(text.rfind(ch, base, first.start) for ch in "，,：:")
                item_start = start + lead_cut + 1 if lead_cut >= 0 and not parse_figures(text[base:lead_cut]) \
                    else start + base
                name = s.passage.text[item_start:start + first.end]
                if name.startswith(tuple(_RESPECTIVE_WORDS)):
                    continue  # "分别增长28.3%、23.9%": the figures of the names before, read by respective()
                items.append(Item(name, s, item_start, start + first.end, first))
            if len(items) < 2:
                continue
            context = " ".join(s.text for s in run) + " " + run[0].passage.context
            score = terms.coverage(context) + 0.05 * len(items) + _head_bonus([(i.name, 0) for i in items], ask) \
                + _wording(terms.question.text, context)
            if best is None or score > best[0]:
                best = (score, items)
        return best or (0.0, [])

    def _conditioned_enumeration(self, sentences: list[Sentence], ask: ListAsk, terms: Terms) -> Scored:
        """"占比超过20%的是哪几类项目", "项目数量少于20个的行业": the segments of the enumeration of figures of
        the condition's kind (工业项目67个，占比34.2%；农业项目17个…) whose own figure passes it."""
        assert ask.condition is not None
        per_item = replace(ask, per_item=ask.condition.unit_class)
        score, items = self.figure_enumeration(sentences, per_item, terms)
        if items and ask.quantity and ask.condition.unit_class != "count" \
                and all(_quantity_at(i.sentence.text, ask.quantity) < 0 for i in items):
            return 0.0, []  # "年产值超过2亿元": an enumeration of other amounts (计划总投资) tests nothing
        return score, [i for i in items if i.figure is not None and passes(i.figure, ask.condition)]

    # -- names written after a role noun ----------------------------------------------------------------
    def _names_by_role(self, sentences: list[Sentence], ask: ListAsk) -> list[Item]:
        """"项目负责人周恒介绍": the names written right after the noun asked (a person's by their role)."""
        if not ask.head or ask.per_item or not _names_people(ask.head):
            return []
        items = []
        for s in sentences:
            for m in re.finditer(re.escape(ask.head), s.text):
                name = name_after(s.text, m.end())
                if name:
                    clause_end = min([i for i in (s.text.find(ch, m.end()) for ch in "，,：:。；") if i > 0]
                                     or [len(s.text)])
                    clause_start = max(s.text.rfind(ch, 0, m.start()) for ch in "，,。；“\"") + 1
                    items.append(Item(name, s, s.start + clause_start, s.start + clause_end, whole=False))
        return items

    # -- named things: 等-enumerations and subject sentences ------------------------------------------------
    def _named_things(self, sentences: list[Sentence], ask: ListAsk, terms: Terms) -> list[Item]:
        if not ask.head:
            return []
        items: list[Item] = []
        closing = re.compile(rf"等[^，,。；;、等]{{0,8}}?{re.escape(ask.head)}")
        for s in sentences:
            text = s.text
            for m in closing.finditer(text):
                if _aggregate(text[m.start():m.end()], ask.head) and ask.condition is not None:
                    continue  # "等74个项目，计划总投资560.84亿元": the total is the group's, not an item's
                clause_start = max(text.rfind(ch, 0, m.start()) for ch in "，,。；;：:") + 1
                pieces = _pieces(text, clause_start, m.start())
                # "…仓库等74个项目": the last item's quote keeps the count the text gives of the whole list
                counts_all = any(f.unit_class == "count" for f in parse_figures(text[m.start():m.end()]))
                for k, (offset, piece_end) in enumerate(pieces):
                    piece = text[offset:piece_end]
                    stripped = piece.lstrip()
                    offset += len(piece) - len(stripped)
                    if offset == clause_start:  # the first item carries the clause's opening words
                        cut = _opening_words(stripped)
                        offset += cut
                        stripped = stripped[cut:]
                    if len(stripped) < 2:
                        continue
                    figure = self._conditioned(stripped, ask)
                    end = m.end() if counts_all and k == len(pieces) - 1 else offset + len(stripped)
                    items.append(Item(stripped, s, s.start + offset, s.start + end, figure))
            items.extend(_count_closed(s, ask.head))
            first_clause = re.split(r"[，,：:]", text, maxsplit=1)[0]
            if first_clause.endswith(ask.head) and first_clause != text and 4 < len(first_clause) <= ITEM_CHARS \
                    and not _aggregate(first_clause, ask.head) and first_clause != ask.head:
                # the paragraph about the thing goes on after its first sentence ("…项目，总投资7.52亿元。…
                # 预计年可实现产值1.48亿元"): its figure is read up to the next thing's or the paragraph's end
                rest = _own_paragraph(s, ask.head)
                figure = self._conditioned(rest, ask)
                if figure is not None and figure.end > len(text):
                    clause_end = min([i for i in (rest.find(ch, figure.end) for ch in "，,；;。") if i > 0]
                                     or [len(rest)])
                    items.append(Item(first_clause, s, s.start, s.start + clause_end,
                                      replace(figure, text=figure.text), whole=False))
                else:
                    items.append(Item(first_clause, s, s.start, s.start + len(first_clause), figure))
        # items from the passages most about the question first would reorder the document: keep its order
        return items

    # -- titles: 《…》 names of the kind asked ----------------------------------------------------------------
    def titled_names(self, sentences: list[Sentence], ask: ListAsk, terms: Terms, question: str) -> list[Item]:
        """"杨某登上过哪些富豪榜": every title in 《》 of the whole document whose last character is the last of
        the phrase asked or of its head noun (a Chinese compound is headed by its last morpheme: 《…百富榜》 is a
        榜, 《…规划》 a 规划), in a sentence (or its passage) about the question's other words; two or more, else
        none (one title is no list, and the other shapes answer)."""
        phrase = next((m.group("p") for m in (p.search(question) for p in _LISTED) if m), "")
        phrase = "".join(re.findall(r"[\u4e00-\u9fff]", phrase))
        ends = {w[-1] for w in (ask.head, phrase) if len(w) >= 2}
        if not ends:
            return []
        about = _without(terms, ask.head)
        items = [Item(m.group(0), s, s.start + m.start(), s.start + m.end(), whole=False)
                 for s in sentences for m in _TITLE.finditer(s.text)
                 if m.group(1)[-1] in ends
                 and (not about.total or about.coverage(s.text, s.passage.context) > 0)]
        return items if len({i.name for i in items}) >= 2 else []

    # -- changes: "汽车制造业下降3.4%，农副食品加工业下降7.2%" -----------------------------------------------
    def _changes(self, sentences: list[Sentence], ask: ListAsk, terms: Terms, question: str) -> Scored:
        """The clauses of the best-covering sentence that each name a thing and its change (name + 增长/下降 +
        figure), kept when their direction is the one asked and their figure passes the stated condition. A
        change clause without a name of its own ("采矿业实现利润总额3120.4亿元，同比增长1.42倍") is the
        change of the thing its segment (up to "；") opens with, quoted from there."""
        asked = _change_asked(question)
        best: Scored = (0.0, [])
        for run in _runs(sentences):
            items = []
            changes = 0
            named = 0  # changes of things the question itself names ("采矿业、制造业和…中，哪些…增长了")
            things: set[str] = set()
            for s in run:
                for change in change_clauses(s):
                    changes += 1
                    things.add(_SINCE.sub("", change.name).strip())
                    named += _SINCE.sub("", change.name).strip() in question
                    if asked and change.direction != asked:
                        continue
                    if ask.condition is not None and change.figure is not None \
                            and not passes(change.figure, ask.condition):
                        continue
                    items.append(change)
            if len(things) < 2 or not items:
                continue  # (changes of two things or more are an enumeration, whichever pass)
            joined = " ".join(s.text for s in run)
            score = _cover(terms, joined, run[0].passage.context) + 0.02 * len(items) \
                + 0.5 * named / changes + _head_bonus([(i.name, 0) for i in items], ask) + _wording(question, joined)
            if score >= MIN_COVERAGE and score > best[0]:
                best = (score, items)
        return best

    # -- "A、B和C分别增长2倍、50.4%和32%": names and figures paired in order ------------------------------------
    def respective(self, sentences: list[Sentence], ask: ListAsk, terms: Terms) -> Scored:
        """The names of the enumeration before "分别" paired, in order, with the figures after it, when there
        are as many of each; in the sentence that best covers the question, each kept when it passes the
        stated condition."""
        best: Scored = (0.0, [])
        asked = _change_asked(terms.question.text)
        for s in sentences:
            text = s.text
            names: list[tuple[str, int]] = []
            for m in re.finditer("分别", text):
                clause_end = min([i for i in (text.find(ch, m.end()) for ch in "，,；;。") if i > 0] or [len(text)])
                said = _BARE_CHANGE.match(text[m.end():clause_end])
                if asked and said is not None and DIRECTION[said.group("verb")] != asked:
                    continue  # ("哪些行业零售额下降了": the names "分别增长" rose, whatever words they share)
                figures = [f for f in parse_figures(text[m.end():clause_end]) if f.unit_class not in {"year", "date"}]
                clause_start = max(text.rfind(ch, 0, m.start()) for ch in "，,；;：:。") + 1
                if ask.per_item and not all(f.unit_class == ask.per_item or (ask.per_item == "percent" and
                                                                            f.unit == "倍") for f in figures):
                    figures = []  # another kind of figure than the one asked per item (亿元, asked 增长多少)
                # "A、B、C…分别为x、y和z，分别增长…": a second 分别 refers back to the same names
                span_start, span_end = clause_start, m.start()
                if not text[clause_start:m.start()].strip() and clause_start > 1 and not names:
                    # "…的领域是A、B、C，分别增长x、y、z": 分别 opens its clause, the names are the clause before
                    span_end = clause_start - 1
                    span_start = max(text.rfind(ch, 0, span_end) for ch in "，,；;：:。") + 1
                found = _respective_names(text, span_start, span_end, terms.question.text, len(figures))
                names = [] if any(_measured(n) for n, _ in found) else found or names  # (figures name nothing)
                if len(figures) < 2 or len(names) != len(figures):
                    continue
                score = _cover(terms, text, s.passage.context) + 0.02 * len(names) + _head_bonus(names, ask) \
                    + _wording(terms.question.text, text)
                if score < MIN_COVERAGE or score <= best[0]:
                    continue
                items = []
                for (name, at), f in zip(names, figures, strict=True):
                    figure = replace(f, start=m.end() + f.start, end=m.end() + f.end)
                    if ask.condition is not None and not passes(figure, ask.condition):
                        continue
                    items.append(Item(name, s, s.start + at, s.start + clause_end, figure, whole=False))
                if items:
                    best = (score, items)
        return best

    # -- names of the kind the noun asks for, each with its own figure ---------------------------------------
    def _typed_names(self, sentences: list[Sentence], ask: ListAsk, terms: Terms) -> list[Item]:
        """"哪些省份GDP超过了10万亿元": the place (organisation) names of the sentences about the question's
        other words, each with the first figure of the condition's kind after it in its sentence, kept when
        that figure passes."""
        from assistant.approaches.entity import names_in

        want = next((kind for kind in ("place", "org") if ask.head in cue_words(f"{kind}_noun")), "")
        if not want or ask.condition is None:
            return []
        # the sentences stating the quantity the condition is on (GDP, by any of its names), when it names one
        quantity = [n.lower() for a in terms.question.attributes for n in names(a)]
        items = []
        for s in sentences:
            if quantity and not any(n in s.text.lower() for n in quantity):
                continue
            figures = [f for f in parse_figures(s.text) if f.unit_class == ask.condition.unit_class]
            for pos, name in names_in(s.text, want, ""):
                figure = next((f for f in figures if f.start >= pos), None)
                if figure is None or not passes(figure, ask.condition):
                    continue
                clause_end = min([i for i in (s.text.find(ch, figure.end) for ch in "，,；;。") if i > 0]
                                 or [len(s.text)])
                clause_start = max(s.text.rfind(ch, 0, pos) for ch in "，,；;。") + 1
                items.append(Item(name, s, s.start + clause_start, s.start + clause_end, figure, whole=False))
        return items

    # -- an introduced enumeration: "排名前10的城市分别是：A、B、C和D" ---------------------------------------
    def introduced_enumeration(self, sentences: list[Sentence], ask: ListAsk, terms: Terms) -> list[Item]:
        """The items of the enumeration (A、B…和C) whose introducing words (the clause before it, or around
        it when it stands in brackets) name the noun asked and cover the question best; [] when no
        introduction names the noun. The introduction is weighed above the sentence: "排名前10的城市分别是"
        answers "排名前10的城市有哪些" before "…前10的榜单中，东部地区城市占据8席，分别是" does."""
        heads = [h for h in (ask.head, *ask.others, *ask.senses) if h]
        top = _TOP.search(terms.question.text) if ask.top else None
        if not heads or (ask.top and top is None):
            return []
        best: tuple[float, list[Item]] | None = None
        for s in sentences:
            for m in _ENUMERATION.finditer(s.text):
                lead = introduction(s.text, m.start(), m.end())
                if not any(h in lead for h in heads) or (top is not None and top.group(0) not in s.text[:m.start()]):
                    continue  # ("前10的城市": a ranking the text itself states, not one to make by figures)
                pieces = _series(m.group(0), terms.question.text)
                if len(pieces) < 2 or any(len(piece) > MAX_NAME_CHARS or _measured(piece) for piece, _ in pieces):
                    continue  # ("新开工80个、续建116个" enumerates figures, not names)
                score = 0.6 * terms.coverage(lead) + 0.4 * _cover(terms, s.text, s.passage.context)
                if score < MIN_COVERAGE or (best is not None and score <= best[0]):
                    continue
                start, end = s.start + m.start(), s.start + m.end()
                best = (score, [Item(piece, s, start, end, whole=False, stated=top is not None)
                                for piece, _ in pieces])
        return best[1] if best else []

    # -- a grouped enumeration: "分别是：甲市2个，A项目和B项目；乙市1个，C项目" ----------------------------------
    def grouped_enumeration(self, sentences: list[Sentence], ask: ListAsk, terms: Terms) -> list[Item]:
        """The things named after an introduction that names the noun asked ("未开工项目共5个，…分别是："), given
        in groups cut at "；", each group opening with its owner and count ("甲市2个，"): its names ending in the
        noun (A项目、B项目), else the group's words after the count. A group whose owner the question names
        ("宁东基地有哪些项目…") is the only one kept."""
        if not ask.head:
            return []
        best: tuple[float, list[Item]] | None = None
        runs = _runs(sentences)
        for k, run in enumerate(runs):
            s = Sentence(run[0].passage, run[0].start, run[-1].end)  # (its groups are cut at "；")
            colon = max(s.text.find("："), s.text.find(":"))
            intro = s.text[:colon]
            if colon < 0 or ask.head not in intro or not _INTRODUCED.search(intro[-8:]):
                continue
            score = 0.6 * terms.coverage(intro) + 0.4 * _cover(terms, s.text, s.passage.context) \
                + _wording(terms.question.text, intro)
            if score < MIN_COVERAGE or (best is not None and score <= best[0]):
                continue
            groups, at = [], colon + 1
            for group in re.split(r"[；;]", s.text[colon + 1:]):
                groups.append((s, group, at))
                at += len(group) + 1
            for more in _continuing(runs, k):  # the groups a passage cut at "；" goes on with
                t = Sentence(more[0].passage, more[0].start, more[-1].end)
                at = 0
                for group in re.split(r"[；;]", t.text):
                    groups.append((t, group, at))
                    at += len(group) + 1
            # (a word of the introduction, 投资完成率, is every group's: it names no owner)
            owners = [t for t in terms.weights if len(t) >= 2 and t not in intro]
            owned = [(x, g, a) for x, g, a in groups if _GROUP.match(g) and any(
                t in _GROUP.match(g).group("owner") for t in owners)]  # type: ignore[union-attr]
            items = [i for x, g, a in (owned or groups) for i in _group_items(x, g, a, ask.head)]
            if len(items) >= 2 or (owned and items):
                best = (score, items)
        return best[1] if best else []

    # -- a counted enumeration: "A、B、C三大领域", "他提出了两点建议：" then one paragraph each -------------------
    def counted_enumeration(self, sentences: list[Sentence], ask: ListAsk, terms: Terms, question: str) -> list[Item]:
        """The items of an enumeration the text counts with the number the question asks ("哪三大领域" ->
        "…安排于A、B、C三大领域"; "哪两点建议" -> "他提出了两点建议：" and the two paragraphs after it), in
        the sentence whose words cover the question best. Asked a figure per item (各有多少个), each item's
        is the first of the class asked in the first later sentence naming it ("A类项目250个…")."""
        asked = _asked_count(question)
        heads = [h for h in (ask.head, *ask.others, *ask.senses) if h]
        if not asked or not heads:
            return []
        best: tuple[float, list[Item]] | None = None
        for k, s in enumerate(sentences):
            for m in _COUNT_CLOSING.finditer(s.text):
                if _count_word(m.group("n")) != asked or not any(s.text.startswith(h, m.end()) for h in heads):
                    continue
                score = _cover(terms, s.text, s.passage.context)
                if score < MIN_COVERAGE or (best is not None and score <= best[0]):
                    continue
                clause_start = max(s.text.rfind(ch, 0, m.start()) for ch in _CLAUSE_MARKS) + 1
                pieces = _series(s.text[clause_start:m.start()], question)
                if len(pieces) >= 2 and len(pieces[0][0]) > max(len(p) for p, _ in pieces[1:]) + _LONGER_FIRST:
                    cut = _after_last_verb(pieces[0][0])  # "重点安排于现代产业、基础设施…": the first is 现代产业
                    pieces[0] = (pieces[0][0][cut:], pieces[0][1] + cut)
                if len(pieces) == asked:
                    at = s.start + clause_start
                    items = [Item(piece, s, at + offset, at + offset + len(piece), whole=False)
                             for piece, offset in pieces]
                    if ask.per_item:
                        items = [i for i in (_figure_after(i, sentences[k + 1:], ask.per_item) for i in items) if i]
                        if len(items) != asked:
                            continue
                    best = (score, items)
                elif s.text.rstrip().endswith(("：", ":")) and m.end() > len(s.text.rstrip()) - 8 \
                        and len(sentences) > k + asked:
                    best = (score, [_paragraph_item(t) for t in sentences[k + 1:k + 1 + asked]])
        return best[1] if best else []

    # -- introduced paragraphs: "主要呈现以下特点：" then "A平稳增长。…" "B占比提高。…" ------------------------------
    def introduced_paragraphs(self, sentences: list[Sentence], ask: ListAsk, terms: Terms) -> list[Item]:
        """The points of a line that closes its paragraph on a colon after the noun asked ("主要呈现以下特点：",
        "采取了如下措施："): the paragraphs after it that open on a short sentence stating their point, up to the
        first that does not (the list has ended); a paragraph a long passage was cut into goes on with the
        point before it. Of several such lines, the one whose paragraph covers the question best."""
        heads = [h for h in (ask.head, *ask.others, *ask.senses) if h]
        if not heads:
            return []
        best: tuple[float, list[Item]] | None = None
        for k, s in enumerate(sentences):
            text = s.text.rstrip()
            if not text.endswith(INTRODUCES) or text != s.passage.text.rstrip()[s.start:]:
                continue  # (a colon inside a paragraph introduces its own clauses: an enumeration, read elsewhere)
            last_clause = re.split(f"[{_CLAUSE_MARKS}]", text[:-1])[-1]
            if not any(h in last_clause for h in heads):
                continue
            score = _cover(terms, s.text, s.passage.context)
            if best is not None and score <= best[0]:
                continue
            items, previous = [], s
            for t in sentences[k + 1:]:
                if t.doc_id != s.doc_id:
                    break
                if t.passage is previous.passage or t.start > 0:
                    previous = t
                    continue  # the rest of a paragraph already read
                new_paragraph = t.passage.start > previous.passage.start + len(previous.passage.text)
                previous = t
                if not new_paragraph:
                    continue  # a long paragraph's next passage: the same point goes on
                if not _states_point(t.text):
                    break
                point = t.text.rstrip().rstrip("。；;！!")
                items.append(Item(point, t, t.start, t.start + len(point)))
            if len(items) >= 2:
                best = (score, items)
        return best[1] if best else []

    # -- introduced actions: "…指向了航空货运：设立A办公室，成立B公司，开通C航线20条" -------------------------
    def introduced_actions(self, sentences: list[Sentence], terms: Terms) -> list[Item]:
        """The actions a colon introduces, one clause each, every clause opening on its verb ("设立…，成立…，
        开通…"): what was done about the subject the words before the colon name, when those words cover the
        question best of all such sentences (and at least MIN_COVERAGE of it)."""
        best: tuple[float, list[Item]] | None = None
        for s in sentences:
            colon = next((m.start() for m in re.finditer(r"[：:]", s.text)), -1)
            if colon < 0:
                continue
            score = terms.coverage(s.text[:colon], sentence_before(s))
            if score < MIN_COVERAGE or (best is not None and score <= best[0]):
                continue
            items, at = [], colon + 1
            for clause in re.split(r"[，,；;。]", s.text[colon + 1:]):
                bare = clause.strip().rstrip("．.…")
                offset = at + clause.find(bare) if bare else at
                at += len(clause) + 1
                if not bare:
                    continue
                if not _opens_on_verb(bare) or len(bare) > ITEM_CHARS:
                    break  # the actions end where a clause no longer opens on one
                items.append(Item(bare, s, s.start + offset, s.start + offset + len(bare)))
            if len(items) >= MIN_ACTIONS:
                best = (score, items)
        return best[1] if best else []

    # -- a bare enumeration: "推行领导班子任期制、岗位聘用制、档案封存制、绩效工资制" ---------------------------
    def _bare_enumeration(self, sentences: list[Sentence], terms: Terms, head: str = "") -> list[Item]:
        """The items of the enumeration in the sentence that best covers the question: three items or more
        (A、B、C; A、B和C), after the clause's opening words (公司主要产品包括…, 在…), without the words of the
        question written after the last (西安设有生产基地 -> 西安); of two enumerations in the sentence, the one
        its clause closes with the noun asked ("辐射长三角、珠三角、环渤海三大经济圈" for 哪些经济圈)."""
        best: tuple[float, list[Item]] | None = None
        for s in sentences:
            if "、" not in s.text or sum(f.unit_class not in {"year", "date"} for f in parse_figures(s.text)) >= 3:
                continue  # (a sentence of three figures or more enumerates figures: read as such, not here)
            score = terms.coverage(s.text, s.passage.context)
            if score < MIN_COVERAGE or (best is not None and score <= best[0]):
                continue
            position = 0
            found: list[tuple[bool, list[Item]]] = []
            for clause in re.split(r"[，,；;：:。]", s.text):
                at = position
                position += len(clause) + 1
                pieces = _series(clause, terms.question.text)
                if len(pieces) >= 3:
                    found.append((bool(head) and clause.rstrip().endswith(head),
                                  [Item(piece, s, s.start + at + offset, s.start + at + offset + len(piece))
                                   for piece, offset in pieces]))
            if found:
                best = (score, next((items for headed, items in found if headed), found[0][1]))
        return best[1] if best else []

    @staticmethod
    def _conditioned(text: str, ask: ListAsk) -> Figure | None:
        """The item's figure of the condition's kind, when the question states a condition: the first after
        the quantity the condition is on ("年产值超过2亿元": the figure after 产值, not the 总投资 before it),
        else the first; None when the question names a quantity the item's text does not state."""
        if ask.condition is None:
            return None
        figures = [f for f in parse_figures(text) if comparable(f, ask.condition)]
        if not ask.quantity:
            return figures[0] if figures else None
        at = _quantity_at(text, ask.quantity)
        if at < 0:
            return None
        return next((f for f in figures if f.start >= at), None)


DIRECTION = {**{w: 1 for w in cue_words("rise")}, **{w: -1 for w in cue_words("fall")}}
_VERBS = "|".join(DIRECTION)
# the period a change is measured against ("同比", "比上年末"), longest first
_PERIODS = ("同比|环比|比上年同期|比上年末|比上年|较上年同期|较上年末|较上年|比去年同期|比去年|比上月末|比上月|"
            "两年平均|年均")
_CHANGE = re.compile(rf"^(?P<name>[^\d]{{2,40}}?)(?:{_PERIODS})?(?P<verb>{_VERBS})")
# the words of a change's period, not of its subject ("同比增长")
_SINCE = re.compile(rf"^(?:{_PERIODS})|(?:{_PERIODS})$")
# a change clause that names nothing ("同比增长1.42倍", "增长44.0%"): its segment's opening names the thing
_BARE_CHANGE = re.compile(rf"^\s*(?:{_PERIODS})?(?P<verb>{_VERBS})")
# the verb after which a segment's opening name ends ("采矿业实现利润总额…", "私营企业实现…")
_NAME_END = re.compile(r"实现|完成|发生|达到|共有|有|为|是")
Scored = tuple[float, list["Item"]]
# words that refer back to an enumeration before them ("A、B，分别增长x、y"): never a name of a change
_RESPECTIVE_WORDS = frozenset({"分别", "各自", "依次", "均", "都", "也"})


# a sentence must state this much of the question (by idf) to answer it with its own figures of a group it names
COLLECTIVE_COVER = 0.8


def collective_figures(sentences: list[Sentence], ask: ListAsk, terms: Terms, question: str) -> Sentence | None:
    """"长江水上交通事故“四项指标”同比分别下降了多少？": the one sentence that states the group the question names
    (its words, COLLECTIVE_COVER of them by weight) and then "分别" with two or more figures, naming no items of
    its own before them ("“四项指标”同比分别下降33.3%、61.5%…"): its figures are the group's, in the order the
    text gives them, and the sentence is the answer. None when the question asks no figure per item, names
    nothing, or no one sentence is best."""
    if not ask.per_item or ask.condition is not None or ask.top or not _PER_ITEM.search(question) \
            or not terms.total:
        return None
    found: list[tuple[float, Sentence]] = []
    for s in sentences:
        m = re.search("分别", s.text)
        if m is None:
            continue
        clause_end = min([i for i in (s.text.find(ch, m.end()) for ch in "，,；;。") if i > 0] or [len(s.text)])
        figures = [f for f in parse_figures(s.text[m.end():clause_end]) if f.unit_class not in {"year", "date"}]
        clause_start = max(s.text.rfind(ch, 0, m.start()) for ch in "，,；;：:。") + 1
        if len(figures) < 2 or not s.text[clause_start:m.start()].strip() \
                or any(ch in s.text[:m.start()] for ch in "、和及与"):
            continue  # (names enumerated before 分别, in its clause or one before: the respective reading pairs them)
        score = terms.coverage(s.text)
        if score >= COLLECTIVE_COVER:
            found.append((score, s))
    found.sort(key=lambda x: -x[0])
    if not found or (len(found) > 1 and found[1][0] >= found[0][0]):
        return None
    return found[0][1]


def change_clauses(s: Sentence) -> list[Item]:
    """The changes a sentence states, one item each (name + 增长/下降 + figure, quoted from the name): a
    clause naming its thing ("汽车制造业下降3.4%"), or a clause naming nothing ("同比增长1.42倍") whose
    thing is the one its segment (up to "；") opens with ("采矿业实现利润总额3120.4亿元，…")."""
    found = []
    position = 0
    segment_start, segment_name = 0, ""
    for clause in re.split(r"([，,；;：:])", s.text)[::2]:
        at = position
        position += len(clause) + 1
        if at == 0 or s.text[at - 1] in "；;：:":
            segment_start, segment_name = at, ""
        if not segment_name and _opening_name(clause):  # its first clause stating a figure
            segment_start, segment_name = at, _opening_name(clause)
        m = _CHANGE.search(clause)
        name, start = (m.group("name").strip(), at) if m else ("", at)
        if m is not None and (not _SINCE.sub("", name).strip() or name in _RESPECTIVE_WORDS):
            m = None  # "同比增长38.0%": 同比 is no name; "分别增长x、y": the names are the clause before's
        if m is None:
            m = _BARE_CHANGE.search(clause)
            if m is None or not segment_name:
                continue
            name, start = segment_name, segment_start
        figure = next((f for f in parse_figures(clause) if f.start >= m.end("verb")), None)
        if not name or figure is None:
            continue
        found.append(Item(name if start != at else clause.strip(), s, s.start + start, s.start + at + len(clause),
                          figure, direction=DIRECTION[m.group("verb")]))
    return found


_SUBSET = re.compile(r"其中[，,：:]?")


def subset_start(text: str, figures: list[Figure]) -> int:
    """Where the parts of a whole begin in a sentence ("总值5136.7亿元，…其中第一产业增加值25.5亿元"): after the
    last 其中 with figures of the class asked on both sides of it; 0 when there is none."""
    for m in reversed(list(_SUBSET.finditer(text))):
        if any(f.start < m.start() for f in figures) and any(f.start >= m.end() for f in figures):
            return m.end()
    return 0


def _opening_name(clause: str) -> str:
    """The thing a clause stating a figure opens with: its words before the first verb of measure or the
    figure ("国有控股企业实现利润总额8210.6亿元" -> 国有控股企业); "" when it states none or opens with it."""
    figures = [f for f in parse_figures(clause) if f.unit_class not in {"year", "date"}]
    if not figures:
        return ""
    end = figures[0].start
    m = _NAME_END.search(clause, 0, end)
    name = clause[:m.start() if m else end].strip()
    return name if 2 <= len(name) <= 30 and not parse_figures(name) else ""


_PARTNER_WORDS = frozenset({"与", "同", "对", "跟"})
_SUBJECT_TAGS = frozenset({"r", "ns", "nt", "j", "nz"})  # 我国, 中国, 海关总署: a party, not an item's word
_DIVISIONS = frozenset("省市县区国")  # a place's division word jieba cuts off its name


def _partner_end(piece: str) -> int:
    """Where the first item of an enumeration begins when the piece opens on a party joined to the items by a
    preposition ("前2个月我国与欧盟" -> after 与; "批发与零售业" opens on no party: 0)."""
    from index.segmenter import pos_cut

    words = [(str(w.word), str(w.flag)) for w in pos_cut(piece)]
    pos, end = 0, 0
    for i, (word, _flag) in enumerate(words):
        pos += len(word)
        party = i > 0 and (words[i - 1][1] in _SUBJECT_TAGS or words[i - 1][0] in _DIVISIONS)  # (青川|省)
        if word in _PARTNER_WORDS and party and len(piece) - pos >= 2:
            end = pos
    return end


def _respective_names(text: str, start: int, end: int, question: str = "", expected: int = 0) -> list[tuple[str, int]]:
    """(name, offset) of each item of the enumeration text[start:end] that "分别" refers back to: split at
    、 and the last 和/及/与; a closing "等 + noun", the first item's opening words (规上工业中…, 全年…) and
    the last item's words of the quantity the question asks about (丙川市地区生产总值 -> 丙川市) left out."""
    span = text[start:end]
    close = span.rfind("等")
    if close > 0:
        span = span[:close]
    pieces = re.split(r"、", span)
    if len(pieces) >= 1:
        last = re.split(r"和|及|与", pieces[-1])
        if not (expected and len(pieces) == expected and len(pieces) - 1 + len(last) != expected):
            pieces = pieces[:-1] + last  # ("科技以及信息化行业" is one name when the figures count three)
    found, at = [], start
    for k, piece in enumerate(pieces):
        offset = text.find(piece, at)
        at = offset + len(piece)
        if k == 0:
            inner = max(piece.rfind("中"), piece.rfind("，")) + 1  # "规上工业中新能源汽车": after the scope
            cut = inner or _after_copula(piece) or _opening_words(piece) or _time_words(piece)
            piece, offset = piece[cut:], offset + cut
            partner = _partner_end(piece) if len(pieces) >= 2 else 0
            if partner:  # "我国与欧盟、东盟和美国分别…": the items are those after 与
                piece, offset = piece[partner:], offset + partner
        if k == len(pieces) - 1 and k > 0:
            bare = _without_quantity(piece, question)
            tail = piece[len(bare):]
            if not tail or not any(p.endswith(tail) for p in pieces[:-1]):
                piece = bare  # (unless the other names end so too: "…娱乐服务、…信息服务" keep 服务)
        if len(piece.strip()) < 2:
            return []
        found.append((piece.strip(), offset))
    return found


_INTRODUCED = re.compile(r"包括|包含|涵盖|主要有|分别是|分别为")
# an enumeration of short names (A、B…和C) within one clause, without brackets (a bracket opens or closes one)
_ENUMERATION = re.compile(r"[^，,。；;：:、（）()\n]{1,24}(?:、[^，,。；;：:、（）()\n]{1,24})+")
_CLAUSE_MARKS = "，,。；;：:"
_INTRODUCER_ONLY = re.compile(r"^(?:分别|依次|依然|仍然|主要|则|也|还)?(?:是|为|有|包括)?[：:]?$")
MAX_NAME_CHARS = 20  # an item of a name enumeration is a name, not a clause


def _measured(piece: str) -> bool:
    """A piece stating a figure with a unit (80个, 3.5亿元, 6.1%), not a year or a date: a measure, not a name."""
    return any(f.unit and f.unit_class not in {"year", "date"} for f in parse_figures(piece))


def introduction(text: str, start: int, end: int) -> str:
    """The words that introduce the enumeration text[start:end]: its clause before it ("排名前10的城市分别是"),
    the clause before that when its own is only an introducer ("东部地区城市占据8席，分别是："), and, when the
    enumeration stands in brackets, its clause before and after them ("全国共有3个城市（…）收入突破1千亿元")."""
    left = max(text.rfind(ch, 0, start) for ch in _CLAUSE_MARKS) + 1
    while left > 0 and _INTRODUCER_ONLY.match(text[left:start].strip()):
        left = max(text.rfind(ch, 0, left - 1) for ch in _CLAUSE_MARKS) + 1
    lead = text[left:start]
    if lead.endswith(("（", "(")) and text[end:end + 1] in {"）", ")"}:
        after = re.split(f"[{_CLAUSE_MARKS}]", text[end + 1:], maxsplit=1)[0]
        lead = lead[:-1] + after
    return lead
_LAST_JOINED = re.compile(r"以及|和|及|与")
_BRACKETS = re.compile(r"（[^（）]*）|\([^()]*\)")


def _series(clause: str, question: str) -> list[tuple[str, int]]:
    """(item, offset in clause) of the enumeration a clause is: split at 、 and at the last piece's 和/及/与."""
    # a bracketed remark inside an item ("手续费及佣金净收入（又称“中间收入”）") is read as part of it: its
    # marks and joining words cut nothing
    masked = _BRACKETS.sub(lambda m: "\0" * len(m.group(0)), clause)
    pieces, at = [], 0
    for piece in masked.split("、"):
        pieces.append((clause[at:at + len(piece)], at))
        at += len(piece) + 1
    if len(pieces) < 2:
        return []
    last, last_at = pieces[-1]
    bare_last = masked[last_at:]
    # "…以及投资收益": 以及 joins the last item whatever 及 the names hold (手续费及佣金净收入)
    joined = list(re.finditer("以及", bare_last)) or list(_LAST_JOINED.finditer(bare_last))
    if len(joined) == 1 and joined[0].start() >= 2 and len(last) - joined[0].end() >= 2:
        j = joined[0]
        pieces[-1:] = [(last[:j.start()], last_at), (last[j.end():], last_at + j.end())]
    first, first_at = pieces[0]
    introduced = list(_INTRODUCED.finditer(first))
    cut = introduced[-1].end() if introduced else _opening_words(first)
    pieces[0] = (first[cut:], first_at + cut)
    last, last_at = pieces[-1]
    closing = _COUNT_CLOSING.search(last)
    if closing is not None and closing.start() >= 2 and closing.end() + 2 <= len(last) \
            and last[closing.end():closing.end() + 2] in question:
        last = last[:closing.start()]  # "…、山东三省份GDP继续领跑": the count of the items closes the last one
    if last.endswith("等") and len(last) > 3:
        last = last[:-1]  # "…以及投资收益等": the writer's "and so on" is no part of the last item
    pieces[-1] = (_without_quantity(last, question), last_at)
    found = []
    for piece, offset in pieces:
        stripped = piece.strip()
        if len(stripped) < 2:
            return []
        found.append((stripped, offset + piece.find(stripped)))
    return found


# a count closing an enumeration or introducing its paragraphs ("三大领域", "三省份", "两点建议", "4个")
_COUNT_CLOSING = re.compile(r"(?P<n>[两二三四五六七八九十]|\d{1,2})(?:大|个|类|项|种|家|点|条|方面|部分)?"
                            r"(?=[\u4e00-\u9fff])")
_ASKED_COUNT = re.compile(r"哪(?P<n>[两三四五六七八九十]+)|\b(?:which|what|the|name|list)\s+"
                          r"(?P<e>two|three|four|five|six|seven|eight|nine|ten)\b", re.IGNORECASE)
_EN_NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten".split())}
_PARAGRAPH_OPENING = 4  # a paragraph item's opening clause this short ("同时", "其中") only joins it to the last


# a group of a grouped enumeration: its owner and count ("银川市2个，…"), then its names
_GROUP = re.compile(r"^\s*(?P<owner>[^，,：:；;。\d]{2,30}?)(?:[\d一二两三四五六七八九十]+(?:个|家|项|座|条))[，,]?")


MIN_SIBLING_CHARS = 4  # a piece of a group this long beside names in the noun asked is a name too


def _group_items(s: Sentence, group: str, at: int, head: str) -> list[Item]:
    """The names of one group ("银川市2个，A项目和B项目"): after its count, cut at 、 and at a 和 or 及 that
    ends a name in the noun asked; the group's words after the count when none ends so."""
    m = _GROUP.match(group)
    if m is None:
        return []
    body, offset = group[m.end():].rstrip("。 "), at + m.end()
    pieces = re.split(rf"(?<={re.escape(head)})(?:、|和|及|与)|、", body)
    named = [p for p in pieces if p.endswith(head) and len(p) > len(head) + 1]
    if named:  # "A工程、B项目": a name beside names in the noun asked is one of them, whatever it ends with
        named = [p for p in pieces if p in named or (len(p) >= MIN_SIBLING_CHARS and not parse_figures(p))]
    found, pos = [], 0
    for p in (named or [body]):
        pos = body.find(p, pos)
        if len(p) < 2 or len(p) > MAX_NAME_CHARS * 2:
            continue
        found.append(Item(p, s, s.start + offset + pos, s.start + offset + pos + len(p), whole=False, stated=True))
        pos += len(p)
    return found


# an enumeration closed by its count and the noun asked, without 等: "A、B、C和D4座机场", "A、B和C三家企业"
_COUNTED_CLOSING = (r"(?<![\d.一二两三四五六七八九十])(?P<n>[两二三四五六七八九十]|\d{1,2})"
                    r"(?:个|座|家|项|大|类|条|所|名|位|种|只|支)")


def _count_closed(s: Sentence, head: str) -> list[Item]:
    """The names of each enumeration in s closed by a count and the noun ("上海浦东、广州白云和北京首都3座
    机场"), when the count is the number of names it closes: a count that is not theirs (a total of more
    things than are named) is a group's, read as 等-enumerations are."""
    items: list[Item] = []
    text = s.text
    for m in re.finditer(rf"{_COUNTED_CLOSING}{re.escape(head)}", text):
        if text[max(0, m.start() - 1):m.start()] == "等":
            continue  # (an 等-enumeration: read by its closing word)
        clause_start = max(text.rfind(ch, 0, m.start()) for ch in _CLAUSE_MARKS) + 1
        pieces = _series(text[clause_start:m.start()], "")
        if len(pieces) < 2 or len(pieces) != _count_word(m.group("n")):
            continue
        if any(len(p) > MAX_NAME_CHARS or parse_figures(p) for p, _ in pieces):
            continue  # an item of a name enumeration is a name, not a clause with its figures
        at = s.start + clause_start
        items.extend(Item(p, s, at + off, at + off + len(p), whole=False) for p, off in pieces)
    return items


def _asked_count(question: str) -> int:
    """How many items a question says there are ("哪三大领域" -> 3, "Which three areas" -> 3); 0 when none."""
    m = _ASKED_COUNT.search(question)
    if m is None:
        return 0
    return _count_word(m.group("n")) if m.group("n") else _EN_NUMBERS[m.group("e").lower()]


def _figure_after(item: Item, later: list[Sentence], unit_class: str) -> Item | None:
    """The item with its figure of the class asked: the first after its name in the first later sentence
    naming it ("现代产业类项目250个"), cited by that sentence's clause; None when no later sentence does."""
    for s in later[:ITEM_SEARCH]:
        at = s.text.find(item.name)
        if at < 0:
            continue
        figure = next((f for f in parse_figures(s.text) if f.start >= at and f.unit_class == unit_class), None)
        if figure is None:
            return None
        end = min([i for i in (s.text.find(ch, figure.end) for ch in "，,；;。") if i > 0] or [len(s.text)])
        return Item(item.name, s, s.start + at, s.start + end, figure, whole=False)
    return None


ITEM_SEARCH = 12  # the later sentences read for an item's own figure
_BRACKETED = re.compile(r"[（(][^）)]*[）)]$")
_NEXT_SIDE = re.compile(r"[；;。]|[，,](?:而|但|另外|其次|再看)")


def _stated_figure(item: Item, sentences: list[Sentence], ask: ListAsk) -> Item | None:
    """A name of an enumeration that states no figures, with its own figure of the condition's kind: the
    first written after the name in its clause run (to "；" or "。") of a sentence that names it,
    preferring a sentence using the quantity the condition is on ("无锡市一季度完成一般公共预算收入328.52
    亿元"; "排名第6位的南通市（209.8亿元）"); None when no sentence states one."""
    assert ask.condition is not None
    name = _BRACKETED.sub("", item.name).strip()
    if len(name) < 2:
        return None
    found: list[tuple[bool, Item]] = []
    for s in sentences:
        at = s.text.find(name)
        if at < 0 or s is item.sentence:
            continue
        ends = [m.start() for m in _NEXT_SIDE.finditer(s.text, at + len(name))]
        run = s.text[at:min(ends) if ends else len(s.text)]
        figure = next((f for f in parse_figures(run) if comparable(f, ask.condition)), None)
        if figure is None:
            continue
        said = not ask.quantity or _quantity_at(run, ask.quantity) >= 0
        found.append((said, Item(name, s, s.start + at, s.start + at + figure.end, replace(
            figure, start=figure.start + at, end=figure.end + at), whole=False)))
        if said:
            break
    best = next((i for said, i in found if said), found[0][1] if found else None)
    return best


_LONGER_FIRST = 4  # a first item this much longer than every other one still carries its clause's words
_PREDICATE_TAGS = re.compile(r"^(?:v|vd|p|c|u|uj|ul|d)$")


def _after_last_verb(piece: str) -> int:
    """Where an enumeration's first item begins in its clause's words: after the last verb, preposition or
    particle ("2022年重大项目计划重点安排于现代产业" -> 现代产业); 0 when none leaves two characters."""
    at, cut = 0, 0
    for w in pos_cut(piece):
        at += len(w.word)
        if _PREDICATE_TAGS.match(w.flag) and len(piece) - at >= 2:
            cut = at
    return cut


MIN_ACTIONS = 3  # clauses opening on a verb after a colon, this many in a row, list actions (two may be chance)


def _opens_on_verb(clause: str) -> bool:
    """A clause that opens on its verb, without a subject before it ("设立天津航空货运发展办公室")."""
    words = list(pos_cut(clause[:8]))
    return bool(words) and words[0].flag == "v" and len(words[0].word) >= 2


POINT_CHARS = 24  # a paragraph's opening sentence this short states its point ("旅行服务进出口继续下降。")


def _states_point(text: str) -> bool:
    """A paragraph's opening sentence that states its point: short, one clause, and no figure but its time
    ("7月当月服务进出口平稳增长。"); a sentence of figures or of several clauses is the paragraph's body."""
    bare = text.strip().rstrip("。；;！!")
    return 4 <= len(bare) <= POINT_CHARS and not re.search(f"[{_CLAUSE_MARKS}]", bare) \
        and all(f.unit_class in {"year", "date"} for f in parse_figures(bare))


def _paragraph_item(s: Sentence) -> Item:
    """A paragraph item ("深圳需要对…进行分区规划，施行…"): its first clause of some length, to its end."""
    at = 0
    for clause in re.split(f"[{_CLAUSE_MARKS}]", s.text):
        if len(clause.strip()) > _PARAGRAPH_OPENING:
            break
        at += len(clause) + 1
    at = min(at, len(s.text))
    rest = s.text[at:]
    end = at + (clause_cut(rest, ITEM_CHARS) or min(len(rest), ITEM_CHARS))
    return Item(s.text[at:end], s, s.start + at, s.start + end)


_COPULA = re.compile(r"(?<=[\u4e00-\u9fff]{2})(?:是|为|包括)(?=[\u4e00-\u9fff]{2})")


def _after_copula(piece: str) -> int:
    """Where a first name begins after its clause's copula ("增长较快的领域是金融服务" -> 金融服务); 0 when none."""
    found = list(_COPULA.finditer(piece))
    return found[-1].end() if found else 0


def _time_words(piece: str) -> int:
    """How many characters of a piece are its opening time words ("全年新能源汽车" -> 2)."""
    words = list(pos_cut(piece))
    taken = 0
    for w in words[:-1]:
        if w.flag != "t" and not (w.flag == "m" and str(w.word).endswith(("年", "月", "季度"))):
            break  # (全年 is tagged as a numeral)
        taken += len(w.word)
    return taken


def _without_quantity(piece: str, question: str) -> str:
    """The last item of an enumeration without the words of the quantity after it, when the question uses
    them too ("丙川市地区生产总值" -> 丙川市, asked "哪些城市地区生产总值…")."""
    words = [str(w.word) for w in pos_cut(piece)]
    while len(words) > 1 and len(words[-1]) >= 2 and words[-1] in question and len("".join(words[:-1])) >= 2:
        words.pop()
    return "".join(words)


RANK_PHRASE = re.compile(r"[前后][一二两三四五六七八九十\d]+(?:名|位|强)?")
RANK_BONUS = 0.3  # a run stating the ranking the question asks ("后三名") is the ranking asked
TRIGRAM_WEIGHT = 0.002  # per shared three-character piece: a tie-break between runs the terms cover alike


def _wording(question: str, text: str) -> float:
    """How much of the question's own wording a run uses beyond its weighted terms: its ranking phrase
    ("前三名" is not "后三名") and its three-character pieces ("县（区）"), which tell apart two runs about
    the same quantity ("地级市…投资增速后三名" and "县（区）…投资增速后三名")."""
    rank = RANK_PHRASE.search(question)
    bonus = RANK_BONUS if rank is not None and rank.group(0) in text else 0.0
    trigrams = {question[i:i + 3] for i in range(len(question) - 2)}
    return bonus + TRIGRAM_WEIGHT * sum(t in text for t in trigrams)


def _cover(terms: Terms, text: str, context: str) -> float:
    """The question's cover of a reading; a question whose words every passage uses (weighed nothing) is
    answered by the reading's items themselves, as if half covered."""
    return terms.coverage(text, context) if terms.total else MIN_COVERAGE


def _head_bonus(names: list[tuple[str, int]], ask: ListAsk) -> float:
    """A reading whose items are called by the noun asked ("哪些产业": 第二产业, 第三产业) is the one asked."""
    heads = [h for h in (ask.head, *ask.others) if h] or list(ask.senses)  # (an English head: its likeliest sense)
    if not heads or not names:
        return 0.0
    return 0.25 * sum(any(h in n for h in heads) for n, _ in names) / len(names)


def _best(found: list[Scored]) -> list[Item]:
    """The items of the best-scored reading."""
    return max(found, key=lambda scored: scored[0])[1] if found else []


def _growth(item: Item) -> float:
    """An item's figure's value for ranking: a growth in 倍 as the fraction it is (1.42倍 = 142% = 1.42)."""
    return item.figure.value if item.figure is not None else 0.0


ABOUT_ELSE = 0.5  # items whose sentences cover less of the question than this may be about something else
SWITCH = 0.2  # a later shape's items whose sentences cover this much more of the question are chosen instead
CLEARLY = 0.05  # a stretch covering this much more of the question than each point's sentence is quoted instead
MIN_COVERAGE = 0.5  # a sentence read for items without a noun to anchor them must cover this much of the question
RELEVANT = 0.5  # items whose sentence covers less than this share of the best one's cover are about something else


_EN_FELL = re.compile(rf"\b(?:{english_change_verbs('fall')})\b", re.IGNORECASE)
_EN_ROSE = re.compile(rf"\b(?:{english_change_verbs('rise')})\b", re.IGNORECASE)


def _change_asked(question: str) -> int:
    """The direction of change a question asks for (下降了, fell -> -1; 增长, grew -> 1), 0 when none."""
    m = re.search("|".join(DIRECTION), question)
    if m:
        return DIRECTION[m.group(0)]
    return -1 if _EN_FELL.search(question) else 1 if _EN_ROSE.search(question) else 0


def _without(terms: Terms, head: str, senses: tuple[str, ...] = ()) -> Terms:
    """The question's terms besides the noun listed (and the words inside it, and an English head's other
    Chinese senses: "airports" is 机场, 空港 or 航站, each of them the noun listed)."""
    return Terms(terms.question, {t: w for t, w in terms.weights.items()
                                  if t not in head and head not in t and t not in senses}, terms.groups, terms.known)


def _most_relevant(items: list[Item], terms: Terms, head: str, senses: tuple[str, ...] = ()) -> list[Item]:
    """The items whose sentence covers the question's other words best ("1月至6月新签约了哪些项目": the
    projects of the sentence about signing); all of them when the question names nothing besides the noun."""
    others = _without(terms, head, senses)
    # "1月至6月新签约了哪些项目": when some items are stated of the period asked (in their sentence or the one
    # before it), those of another period ("1月至8月") or of none are not the ones asked
    periods = [f.text for f in terms.question.figures if f.unit_class in {"year", "date"}]
    of_period = [i for i in items if _of_period(i.sentence, periods)]
    if periods and of_period:
        items = of_period
    if not others.total or not items:
        return items
    scores = [others.coverage(i.sentence.text, i.sentence.passage.text) for i in items]
    top = max(scores)
    if top < 0.3:
        return items
    return [i for i, score in zip(items, scores, strict=True) if score >= RELEVANT * top]


def items_cover(items: list[Item], asked: Asked) -> float:
    """How much of the question the sentences the items come from cover: the best of them, with the sentence
    before it and its passage's context (Asked.coverage)."""
    return max((asked.coverage(s.text, s.passage.context, sentence_before(s))
                for s in {id(i.sentence): i.sentence for i in items}.values()), default=0.0)


def quoted_instead(items: list[Item], sentences: list[Sentence], terms: Terms, head: str) -> bool:
    """Points read by structure alone (chosen by how much of the question their sentences cover) whose every
    sentence covers it clearly less than the best stretch of the document does: that stretch is the answer,
    not the points (and a stretch of the points' own sentence quotes them)."""
    stretches = answering_stretches(sentences, terms, head)
    if not stretches:
        return False
    asked = Asked.of(terms, head)
    covers = [asked.coverage(i.sentence.text, i.sentence.passage.context, sentence_before(i.sentence)) for i in items]
    return max(r.cover for r in stretches) >= max(covers) + CLEARLY


def _changes_as_asked(item: Item, asked: int) -> bool:
    """The rest of the item's sentence states a change the way asked (1 a rise, -1 a fall), or no change."""
    rest = item.sentence.passage.text[item.end:item.sentence.end]
    said = {DIRECTION[m.group(0)] for m in re.finditer(_VERBS, rest)}
    return not said or asked in said


def _against(item: Item, question: str) -> bool:
    """True when an item's change goes the other way from the one a superlative asks: a fall for "增速最高"
    (a rise unless the question asks a fall), a rise for "下降幅度最大"."""
    asked = _change_asked(question) or 1
    return item.direction != 0 and item.direction != asked


def _of_period(s: Sentence, periods: list[str]) -> bool:
    """True when s states every period of the question's, or states none and the sentence before it does."""
    dated = any(f.unit_class in {"year", "date"} for f in parse_figures(s.text))
    stated = s.text if dated else sentence_before(s)
    return all(p in stated for p in periods)


def _names_people(head: str) -> bool:
    """A noun naming people by their role (负责人, 记者, 发言人): the names after it are listed."""
    return head in cue_words("role") or head.endswith(("人", "者", "员", "长"))


def _own_paragraph(s: Sentence, head: str) -> str:
    """The passage's text from s on, up to the paragraph's end or the next sentence that opens with another
    thing of the noun listed ("…项目，…")."""
    text = s.passage.text[s.start:]
    end = text.find("\n")
    text = text if end < 0 else text[:end]
    for m in re.finditer(r"[。！？]", text):
        following = re.split(r"[，,：:。]", text[m.end():], maxsplit=1)[0]
        if following.endswith(head) and len(following) > len(head) + 2:
            return text[:m.end()]
    return text


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """(start, end) of each item of the enumeration text[start:end] (A、B  or “A”“B”C)."""
    spans, at = [], start
    for sep in _PIECES.finditer(text, start, end):
        spans.append((at, sep.start()))
        at = sep.end()
    spans.append((at, end))
    return [(a, b) for a, b in spans if b > a]


def _opening_words(piece: str) -> int:
    """How many characters of an enumeration's first item are the clause's own opening words: a
    preposition (对…, 在…) or a short phrase up to its verb (全市新签约…); 0 when none."""
    if piece.startswith(_LEADING_WORDS):
        return 1
    if piece.startswith(("\u201c", "\u300c", "\u300a", '"')):
        return 0  # a name in quotation marks or a title's brackets is the item itself ("浙企进望川")
    taken, verb = 0, False
    for w in pos_cut(piece[:10]):
        if verb and w.word not in _COMPLEMENTS:
            break  # (the verb's particle or preposition too: 争取到…)
        if taken >= 8:
            return 0
        taken += len(w.word)
        verb = verb or w.flag == "v"
    return taken if verb and len(piece) - taken >= 2 else 0


def _aggregate(text: str, head: str) -> bool:
    """A phrase that counts the noun ("10亿元以上项目19个", "等74个项目"): a group, not an item."""
    return any(f.unit_class == "count" for f in parse_figures(text)) or bool(re.search(rf"以上{head}|以下{head}", text))


def _runs(sentences: list[Sentence]) -> list[list[Sentence]]:
    """Sentences as the text runs them: pieces cut at "；" joined back into their sentence."""
    runs: list[list[Sentence]] = []
    for s in sentences:
        before = s.passage.text[:s.start].rstrip()
        if runs and before.endswith(("；", ";")) and runs[-1][-1].passage is s.passage:
            runs[-1].append(s)
        else:
            runs.append([s])
    return runs


def _continuing(runs: list[list[Sentence]], k: int) -> list[list[Sentence]]:
    """The runs after runs[k] that go on with it across passages: runs[k] ends its passage with "；" and
    the next opens the passage that follows it in its document (a long enumeration cut into passages at
    "；", "…石嘴山市2个，A、B；" then "宁东基地3个，C、D、E；…")."""
    found = []
    last = runs[k][-1]
    for run in runs[k + 1:]:
        first = run[0]
        ended = last.passage.text[last.start:].rstrip()
        if not ended.endswith(("；", ";")) or last.passage.text[last.end:].strip() or first.start != 0 \
                or first.doc_id != last.doc_id \
                or first.passage.start != int(last.passage.hit.node.metadata.get("end", -1)):
            break
        found.append(run)
        last = run[-1]
    return found


def _deduplicated(items: list[Item], head: str) -> list[Item]:
    """One item per thing: a name inside another's ("石溪…风电" in "石溪…风电项目") is the same thing."""
    kept: list[Item] = []
    for item in items:
        core = _core(item.name, head)
        same = next((k for k in kept if core and _same_thing(core, _core(k.name, head))), None)
        if same is None:
            kept.append(item)
        elif same.figure is None and item.figure is not None:
            kept[kept.index(same)] = item  # the mention that states the figure tested
    return kept


def _same_thing(a: str, b: str) -> bool:
    """One name inside the other, or most of the shorter one (6 characters at least) written in the
    longer ("顺邦智慧农机生产制造基地" ~ "…顺邦农机制造有限公司智慧农机生产制造基地")."""
    if a in b or b in a:
        return True
    if len(a) > len(b):
        a, b = b, a
    match = SequenceMatcher(None, a, b).find_longest_match(0, len(a), 0, len(b))
    # (and the rest of the shorter is written in the longer too: 有色金属… and 黑色金属… are two things)
    rest = [piece for piece in (a[:match.a], a[match.a + match.size:]) if piece]
    return match.size >= 6 and match.size >= 0.6 * len(a) and all(piece in b for piece in rest)


def _core(name: str, head: str) -> str:
    """A name without the 的-phrase before it (计划总投资7.52亿元的…) and the noun listed after it."""
    name = name.split("的")[-1].strip()
    return name[:-len(head)] if head and name.endswith(head) and len(name) > len(head) else name
