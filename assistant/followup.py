"""Follow-up questions read into slots: place, period, entity, attribute.

A question is read as a stem (what it is about) and an asking tail ("是多少？", "有几个？", "比上年增长了多少？").
The stem is cut into segments, each a slot or "other":

    云泽 | 2021年 | 第一产业 | 增加值 | 是多少？          place | period | entity | attribute | ask
    制造业 | 1—11月 | 实现 | 利润总额 | 多少？            entity | period | other | attribute | ask

A follow-up is read the same way, and `combine` keeps the earlier question's slots that the follow-up does
not set and replaces those it sets: a place replaces a place ("白岭呢？"), a period a period ("那2020年呢？"),
an entity an entity ("那第二产业呢？"), an attribute an attribute ("负债合计呢？"). A follow-up that only asks
("同比增长了多少？", "它比上年增长了多少？") asks it of the earlier question's whole subject. 其中 marks a subset
of the earlier subject ("其中公共预算安排多少？"); 它/其/该 refer to the earlier subject, so an entity after
them ("它的重大项目…") is a part of it, not a replacement.

Two readings come before the slots. An ellipsis naming a sibling of one word of the earlier question (head-final
compounds share their last morpheme: "那欧盟呢？" after "…对东盟进出口…") replaces that word alone (head_analogue).
A follow-up whose verb has no subject and relates the earlier figure to something ("它占全省的比重是多少？",
"约占总股本多少？", "比农村居民高多少？") is asked of that figure (relates_earlier_figure).

A 其中 part that names its own quantity ("其中税收收入同比增长多少？") is asked as that quantity of the earlier
question's place and period, without the whole's name beside it (_part_named). A question that names its own
subject but no place or period takes the conversation's (in_earlier_scope). When the figure engine refuses a
follow-up for its period and that period was carried over from the earlier turn, the engine asks again
without it (without_carried_period; assistant.answer).

Words are put into slots by the question analysis's own vocabulary (assistant.question, attributes.tsv,
aliases.tsv), jieba's parts of speech (ns: a place name) and the lexicon files periods.txt, places.txt and
quantities.txt (sources in their headers). Nothing here names a document's words.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass, replace
from functools import cache, lru_cache

from assistant.bilingual import function_words
from assistant.figures import figure_from_text, parse_figures
from assistant.question import (
    ATTRIBUTE_ALIASES,
    ATTRIBUTE_CLASSES,
    CLASS_WORDS,
    COUNTERS,
    NOT_ATTRIBUTE,
    QUESTION_WORD,
    analyse,
    attribute_class,
    detect_lang,
)
from assistant.vocabulary import expand, label_words, lexicon_rows, main_names_in

SLOTS = ("place", "period", "entity", "attribute")


@dataclass(frozen=True)
class Segment:
    kind: str  # one of SLOTS, or "other": words that are in no slot (实现, 的, 建成后)
    text: str


@dataclass(frozen=True)
class Frame:
    """A question read into slots: its stem's segments in order, and its asking tail."""

    segments: tuple[Segment, ...]
    ask: str  # "是多少？", "比上年增长了多少？"; "" when the question only names things ("白岭呢？")
    marker: str = ""  # "pronoun" (它, 其, 该…: the earlier subject), "subset" (其中), "" otherwise
    verb: str = ""  # the verb the asking opens with ("支出多少": 支出), which also says what a subset is of
    counted: str = ""  # what the asking counts or measures after its question word ("几场招商活动": 招商活动)
    referent: str = ""  # the noun after a determiner ("这些项目…": 项目), what the follow-up refers back to

    def slot(self, kind: str) -> str:
        return "".join(s.text for s in self.segments if s.kind == kind)

    def slots(self) -> dict[str, str]:
        return {kind: self.slot(kind) for kind in SLOTS}

    @property
    def stem(self) -> str:
        return "".join(s.text for s in self.segments)

    @property
    def text(self) -> str:
        return self.stem + (self.ask or "是多少？")

    @property
    def has_subject(self) -> bool:
        """Names what it is about (a place or an entity), not only the quantity or the period."""
        return bool(self.slot("place") or self.slot("entity"))


# -- word lists --------------------------------------------------------------------------------------------

@cache
def _lexicon(name: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """(words, suffixes) of a lexicon file: one entry a line, "~X" a suffix, "#" a comment."""
    entries = [line.strip() for line in lexicon_rows(name)]
    words = frozenset(e for e in entries if not e.startswith("~"))
    suffixes = tuple(sorted((e[1:] for e in entries if e.startswith("~")), key=len, reverse=True))
    return words, suffixes


def is_place(word: str, flag: str) -> bool:
    words, suffixes = _lexicon("places.txt")
    return (flag == "ns" and len(word) > 1) or word in words or (
        len(word) >= 3 and any(word.endswith(s) and len(word) - len(s) >= 2 for s in suffixes))


def is_quantity(word: str) -> bool:
    """The word names a quantity: an attribute word of the question analysis (also as a word's ending or
    part: 净利润, 居民收入) or a word of quantities.txt (费用, 完成率, 销售额)."""
    if word in CLASS_WORDS:
        return False
    if word in ATTRIBUTE_CLASSES or attribute_class(word):
        return True
    if any(len(a) > 1 and a in word for a, cls in ATTRIBUTE_CLASSES.items() if cls and a not in CLASS_WORDS):
        return True
    words, suffixes = _lexicon("quantities.txt")
    # a one-character ending names a quantity only in a longer word (产量, not 量); 总计 is one by itself
    return word in words or any(word.endswith(s) and (len(word) > len(s) or len(s) > 1) for s in suffixes)


def is_rate_of_change(word: str) -> bool:
    """The word names how fast a quantity changed (增速, 增幅, 增长率: attributes.tsv writes them with a change
    word of labels.tsv), so it is said of a quantity, never in its place."""
    changes = set(label_words("change"))
    return word not in changes and any(w in changes for w in ATTRIBUTE_ALIASES.get(word, ()))


def period_spans(text: str) -> list[tuple[int, int]]:
    """Where text names a period: the words of periods.txt and the dates, years and spans of time the figure
    parser reads, each with the suffixes periods.txt lists (11月 + 末, 十年 + 前)."""
    words, suffixes = _lexicon("periods.txt")
    found = [(f.start, f.end) for f in parse_figures(text) if f.unit_class in {"year", "date", "time"}]
    found += [(m.start(), m.end()) for word in words for m in re.finditer(re.escape(word), text)]
    spans: list[tuple[int, int]] = []
    for start, end in sorted(found):  # overlapping finds are one period (前三季度 holds the parser's 三季度)
        if spans and start < spans[-1][1]:
            spans[-1] = (spans[-1][0], max(end, spans[-1][1]))
        else:
            spans.append((start, end))
    extended = []
    for start, end in spans:
        grown = True
        while grown:
            grown = False
            for s in suffixes:
                if text.startswith(s, end) and not any(text.startswith(w, end) for w in words):
                    end += len(s)
                    grown = True
                    break
        extended.append((start, end))
    return extended


# -- reading a question ------------------------------------------------------------------------------------

# 它/其/该… at the start refer back to the earlier subject; 其中 names a part of it. A determiner (该, 这个,
# 此) takes the noun after it with it: "该项目的产值" asks the earlier subject's 产值.
_OPENING = re.compile(r"^(请问|那么|那|还有|另外|and|what about|how about)?\s*")
_SUBSET = re.compile(r"^其中[，,]?")
_PRONOUN = re.compile(r"^(它们的?|它的?|其(?![他它余实中]))")
_DETERMINER = re.compile(r"^(该|此|这个|这些|那个|那些|这|上述)")
_ELLIPSIS_END = re.compile(r"呢?\s*[？?。！!]*\s*$")
# a change asked of the figure before it: "同比增长了多少", "比2024年全年下降了几个百分点", "增长多少"
_CHANGE_ASK = re.compile(r"(同比|环比|(比|较)(?![重例率值])[^，,。？?]{0,12}?)?"
                         r"(增长|下降|增加|减少|提高|降低|上升|下滑|回落|增|降|涨|跌)了?(百分之)?(多少|几)")
# words between a stem and its question word ("…是多少", "…一共有几个"); not 约 or 共, which end words
# (签约, 公共)
_ASK_LEAD = re.compile(r"(是|有|为|达到|达|一共|总共|了|能|将|可以)+$")
# jieba's tags of a lone morpheme (zg, ng, g): a character cut off the noun after it, not a word of its own
_MORPHEME_FLAGS = frozenset({"zg", "ng", "g"})
_FILLER_FLAGS = ("u", "p", "c", "f", "y", "x", "r", "d", "e", "o", "zg", "w", "a")


@lru_cache(maxsize=256)
def read(question: str) -> Frame:
    """A Chinese question read into its stem's segments and its asking tail. Cached: resolution reads the
    same turns again for each new question, and a Frame is immutable, so it is shared between threads."""
    text = question.strip()
    text = text[_OPENING.match(text).end():]  # type: ignore[union-attr]  # the pattern matches "" at least
    marker = referent = ""
    if m := _SUBSET.match(text):
        marker, text = "subset", text[m.end():]
    elif m := _PRONOUN.match(text):
        marker, text = "pronoun", text[m.end():]
    elif m := _DETERMINER.match(text):
        marker, text = "pronoun", text[m.end():]
        first = _words(text)[:1]
        if first and first[0][1].startswith("n"):  # "这些项目的…" refers to 项目; "这比…" to the figure
            referent, text = first[0][0], text[len(first[0][0]):].lstrip("的")
    body = expand(text)
    if re.search(r"呢\s*[？?。！!]*\s*$", body) or not QUESTION_WORD.search(body):
        return Frame(tuple(segments(_ELLIPSIS_END.sub("", body))), "", marker, referent=referent)
    start = _ask_start(body)
    stem, ask = body[:start], body[start:]
    # a verb right before the question word asks about the figure ("完成了多少", "公共预算安排多少"): it
    # belongs to the asking, not to what is asked about
    # … but not before a copula: "研发投入是多少" asks of 研发投入, a verb used as a noun
    copula = ask.startswith(("是", "为"))
    words = _words(stem) if not copula else []
    verb = ""
    for word, flag in words[::-1][:2]:  # "争取到多少": jieba cuts one verb in two
        if flag != "v" or is_quantity(word):
            break
        verb = word + verb
    stem, ask = stem[:len(stem) - len(verb)], verb + ask
    parts = segments(stem)
    if copula and len(parts) > 1 and parts[-2].kind == "entity" and parts[-1].kind == "other" \
            and [f for _, f in _words(parts[-1].text)] == ["v"]:
        parts[-2:] = [Segment("entity", parts[-2].text + parts[-1].text)]  # 研发 + 投入: the subject's noun
    return Frame(tuple(parts), ask, marker, verb, _counted(ask), referent)


def _counted(ask: str) -> str:
    """What the asking names after its question word and counter or unit ("几场重大招商活动" -> 重大招商活动,
    "多少亿元" -> "", "比上年增长了多少" -> "")."""
    m = QUESTION_WORD.search(ask)
    if not m or _CHANGE_ASK.search(ask):
        return ""
    tail = _ELLIPSIS_END.sub("", ask[m.end():]).rstrip("吗")
    if tail[:1] in COUNTERS:
        tail = tail[1:]
    else:
        unit = figure_from_text("1" + tail)
        if unit is not None and unit.start == 0 and unit.unit:
            tail = tail[len(unit.text) - 1:]
    return tail if re.search(r"[\u4e00-\u9fff]", tail) else ""


def _ask_start(body: str) -> int:
    change = _CHANGE_ASK.search(body)
    qword = QUESTION_WORD.search(body)
    assert qword is not None
    if change and change.start() <= qword.start():
        return change.start()
    lead = _ASK_LEAD.search(body[:qword.start()])
    return lead.start() if lead else qword.start()


@lru_cache(maxsize=512)
def _words_cached(text: str) -> tuple[tuple[str, str], ...]:
    from index.segmenter import pos_cut

    return tuple((w.word, w.flag) for w in pos_cut(text))


def _words(text: str) -> list[tuple[str, str]]:
    return list(_words_cached(text)) if text else []


def _labelled(stem: str) -> list[tuple[str, str, str]]:
    """(word, label, part of speech) for the stem's words, labelled period, place, quantity, verb, filler or
    content. Periods and the names of indicators (地区生产总值) are read whole before jieba cuts the rest."""
    whole = [(s, e, "period") for s, e in period_spans(stem)]
    for name in main_names_in(stem):
        for m in re.finditer(re.escape(name), stem):
            if not any(s < m.end() and m.start() < e for s, e, _ in whole):
                # 地区生产总值 names a quantity; 规模以上 only narrows what is counted
                whole.append((m.start(), m.end(), "quantity" if is_quantity(name) else "content"))
    out: list[tuple[str, str, str]] = []
    pos = 0
    for start, end, label in sorted(whole):
        out += [(w, _label(w, f), f) for w, f in _words(stem[pos:start])]
        out.append((stem[start:end], label, "n"))
        pos = end
    out += [(w, _label(w, f), f) for w, f in _words(stem[pos:])]
    joined: list[tuple[str, str, str]] = []
    for word, label, flag in out:
        if not word.strip():
            continue
        if joined and word in _lexicon("places.txt")[1] and (
                joined[-1][1] == "place" or (joined[-1][1] == "content" and is_place(joined[-1][0] + word, ""))):
            # jieba cuts 青溪县 into 青溪 + 县, and a name it does not know as a place (青石 + 市) is one by its
            # ending all the same
            joined[-1] = (joined[-1][0] + word, "place", "ns")
        elif joined and label == "content" and flag.startswith("n") and joined[-1][2] in _MORPHEME_FLAGS \
                and len(joined[-1][0]) == 1:
            joined[-1] = (joined[-1][0] + word, label, flag)  # jieba cuts 农副食品 into 农 (zg) + 副食品
        else:
            joined.append((word, label, flag))
    return joined


def _label(word: str, flag: str) -> str:
    if is_place(word, flag):
        return "place"
    if is_quantity(word):
        return "quantity"
    if flag == "v":
        return "verb"
    # 一共, 每年, 目前: words that stand by a question word without naming anything (方面 and 部分, nouns,
    # belong to the phrase they end)
    if flag.startswith(_FILLER_FLAGS) or not re.search(r"[\w]", word) or (
            word in NOT_ATTRIBUTE and not flag.startswith("n")):
        return "filler"
    return "content"


def _heads_a_phrase(word: str, label: str, flag: str) -> bool:
    """A noun after a quantity word makes that word a modifier: 外商投资企业 is a kind of 企业, not an 投资."""
    return label == "content" and flag.startswith("n") and len(word) > 1


def segments(stem: str) -> list[Segment]:
    """The stem cut into slots. The attribute is the run of quantity words nearest the asking tail (with a
    one-character word just before it, 总投资, and what follows it, 资产总计, 收入倍差), unless a noun follows
    it; content words before it make the entity; verbs and function words at an entity's edges are in no
    slot (实现, 的)."""
    words = _labelled(stem)
    last = -1
    for i in range(len(words) - 1, -1, -1):
        if words[i][1] == "quantity":
            last = i
            break
        if _heads_a_phrase(*words[i]):
            break
    first = last
    while first > 0 and words[first - 1][1] == "quantity":
        first -= 1
    while first > 0 and words[first - 1][1] == "content" and len(words[first - 1][0]) == 1:
        first -= 1
    out: list[Segment] = []
    run: list[tuple[str, str]] = []

    def flush() -> None:
        core = [i for i, (_, label) in enumerate(run) if label in {"content", "quantity"}]
        if not core:
            out.extend(Segment("other", w) for w, _ in run)
        else:
            out.extend(Segment("other", w) for w, _ in run[:core[0]])
            out.append(Segment("entity", "".join(w for w, _ in run[core[0]:core[-1] + 1])))
            out.extend(Segment("other", w) for w, _ in run[core[-1] + 1:])
        run.clear()

    for i, (word, label, _) in enumerate(words):
        if label in {"place", "period"}:
            flush()
            out.append(Segment(label, word))
        elif last >= 0 and i >= first:
            flush()
            out.append(Segment("attribute", word))
        else:
            run.append((word, label))
    flush()
    return _merged(out)


def _merged(parts: list[Segment]) -> list[Segment]:
    merged: list[Segment] = []
    for part in parts:
        if merged and merged[-1].kind == part.kind:
            merged[-1] = Segment(part.kind, merged[-1].text + part.text)
        else:
            merged.append(part)
    return merged


# -- combining ---------------------------------------------------------------------------------------------

def combine(previous: Frame, follow: Frame) -> Frame:
    """The follow-up made self-contained: the earlier question's slots, replaced where the follow-up sets
    them."""
    counted = _carried(previous, follow)
    if follow.marker == "subset" and (part := _part_named(previous, follow)):
        return part
    if follow.marker == "subset":  # "其中…": asked within everything the earlier question names
        parts = [*previous.segments, *counted, Segment("other", ("" if counted else previous.verb) + "中，"),
                 *follow.segments]
        return Frame(tuple(_merged(parts)), follow.ask or "是多少？")
    parts = list(previous.segments)
    if follow.ask:  # the earlier asking goes, and words that only led up to it ("每年能", "建成后")
        while parts and parts[-1].kind == "other":
            parts.pop()
    if counted:
        parts.insert(_position(parts, "entity"), counted[0])
    for kind in SLOTS:
        new = follow.slot(kind)
        if not new or (kind == "period" and new in _SAME_PERIOD and previous.slot("period")):
            continue  # "同期", "当年": the period the earlier question named, kept
        at = [i for i, s in enumerate(parts) if s.kind == kind]
        if kind == "entity" and follow.marker == "pronoun" and at:
            parts.insert(at[-1] + 1, Segment(kind, new))  # "它的重大项目": a part of what 它 names
            continue
        if kind == "attribute" and at and is_rate_of_change(new) \
                and not any(is_rate_of_change(parts[at[-1]].text[i:]) for i in range(len(parts[at[-1]].text))):
            parts[at[-1]] = Segment(kind, parts[at[-1]].text + new)  # "它的增速呢？": the earlier quantity's rate
            continue
        if at:
            parts[at[0]] = Segment(kind, _with_owner(parts[at[0]].text, new) if kind == "entity" else new)
            parts = [s for i, s in enumerate(parts) if i not in at[1:]]
        else:
            parts.insert(_position(parts, kind), Segment(kind, new))
    # words of the follow-up in no slot ("建成后", "具体") stand before the attribute, or before the asking
    others = [s for s in follow.segments if s.kind == "other"]
    if others:
        place = next((i for i, s in enumerate(parts) if s.kind == "attribute"), len(parts))
        parts[place:place] = others
    if follow.ask:
        ask = follow.ask
    elif not follow.slot("attribute") or _CHANGE_ASK.match(previous.ask):
        ask = previous.ask  # "净利润呢？" after "营业收入同比增长多少？" asks the same change of 净利润
    else:
        ask = "是多少？"  # "个数占比呢？" after "…有几个？": the old counter does not fit the new quantity
    return Frame(tuple(_without_repeats(_merged(parts))), ask)


def _without_repeats(parts: list[Segment]) -> list[Segment]:
    """Segments where a new slot does not repeat the end of the one before it: "销售额呢？" after "…商品住宅
    销售面积…" (read 商品住宅销售 | 面积) gives 商品住宅 | 销售额, not 商品住宅销售 | 销售额."""
    out: list[Segment] = []
    for part in parts:
        if out:
            before = out[-1].text
            shared = max((k for k in range(2, len(part.text)) if before.endswith(part.text[:k])), default=0)
            if shared:
                trimmed = before[:-shared]
                out[-1:] = [Segment(out[-1].kind, trimmed)] if trimmed else []
        out.append(part)
    return out


def _part_named(previous: Frame, follow: Frame) -> Frame | None:
    """A part that names its own quantity ("其中税收收入同比增长多少？" after "苏州一季度一般公共预算收入是
    多少？") asked as that quantity of the earlier question's place and period ("苏州一季度税收收入同比增长多
    少？"): the whole's name written beside the part's is a second quantity, which the figure engine answers
    instead. Who or what the earlier question names before its place or period stays (华星公司 of
    "华星公司一季度营业收入…"); None when the part names no quantity or the earlier question no place or
    period to ask it of (the part is then asked within the whole)."""
    scope = [i for i, s in enumerate(previous.segments) if s.kind in {"place", "period"}]
    if not follow.slot("attribute") or not scope:
        return None
    return Frame(tuple(_merged([*previous.segments[:scope[-1] + 1], *follow.segments])), follow.ask or "是多少？")


# jieba's tags of names: a person (nr, nrfg, nrt), an organisation (nt), another proper name (nz)
_NAME_FLAGS = ("nr", "nt", "nz")


def _with_owner(old: str, new: str) -> str:
    """The new entity, owned by whom the old one was ("王明的年度薪酬" then "年度董事报酬呢？": 王明的年度董事报酬),
    or the old one's owned thing of the new owner ("李华呢？": 李华的年度薪酬): a name before 的 heads the old
    entity, and the new one is either no name at all or only a name."""
    owner, mark, owned = old.partition("的")
    owner_words, new_words = _words(owner), _words(new)
    if not mark or "的" in new or not owner_words or not all(f.startswith(_NAME_FLAGS) for _, f in owner_words):
        return new
    names = [f.startswith(_NAME_FLAGS) for _, f in new_words]
    if names and all(names) and owned:
        return f"{new}的{owned}"
    return f"{owner}的{new}" if not any(names) else new


# period words that point back to the period already named ("该公司同期净利润…", "当年…"): no new period
_SAME_PERIOD = frozenset({"同期", "当年", "同年", "当期", "当月", "该年", "那年", "这一年", "同一时期"})


def _carried(previous: Frame, follow: Frame) -> list[Segment]:
    """What the earlier asking counted ("新签约了多少个项目"), as an entity of the subject, when the follow-up
    asks its own question about those things: "这些项目的计划总投资…", "其中…", "这比上年增长了多少"."""
    if not previous.counted or not follow.ask:
        return []
    if follow.referent and previous.counted.endswith(follow.referent):
        return [Segment("entity", f"{previous.verb}的{previous.counted}" if previous.verb else previous.counted)]
    if follow.slot("attribute") or follow.slot("entity"):
        return []  # "它建成后年产值…" after "…每年能产多少氧化钙": 它 is the project, not the 氧化钙
    return [Segment("entity", f"{previous.verb}的{previous.counted}" if previous.verb else previous.counted)]


def _position(parts: list[Segment], kind: str) -> int:
    """Where a slot the earlier question lacked goes: a place first, a period after the place, an entity
    before the attribute, an attribute last."""
    kinds = [s.kind for s in parts]
    if kind == "place":
        return 0
    if kind == "period":
        return max((i + 1 for i, k in enumerate(kinds) if k == "place"), default=0)
    if kind == "entity":
        return kinds.index("attribute") if "attribute" in kinds else len(parts)
    return len(parts)


_FIGURE_CLAUSE = re.compile(r"[^，,。；;！!？?]+")


def answer_subject(answer: str) -> Frame | None:
    """The subject of an answer's first figure: the words of its clause before the figure ("…实现营业收入
    114.31万亿元" -> 营业收入), read into slots; None when the answer states no figure."""
    text = re.sub(r"\[\d+\]", "", answer)
    figures = [f for f in parse_figures(text) if f.unit_class not in {"year", "date", "time"}]
    if not figures:
        return None
    clause = next((m for m in _FIGURE_CLAUSE.finditer(text) if m.start() <= figures[0].start < m.end()), None)
    if clause is None:
        return None
    before = _ASK_LEAD.sub("", text[clause.start():figures[0].start])
    frame = Frame(tuple(segments(before)), "")
    return frame if frame.slot("attribute") else None


# a question asking which one ("哪个城市", "哪家公司", "哪一年"): what it asks is named by its answer
# (one of them: not 哪些, whose answer names several, nor 哪里, a place within the subject)
_WHICH = re.compile(r"哪一?(?:个|家|座|位|所|只|支|条|项|种|类|省|市|区|县|国|年)")
# a superlative or ranking the which-question asks by ("…最高？", "…排名第一？"): what the answer was picked by,
# not a quantity to ask again
_RANKED_BY = re.compile(r"(最|排名|排第|位居|居首|第一)")


def answered_which(question: str, answer: str) -> str:
    """A Chinese question asking which one, with the one its answer names put in its place and asked as the
    figure it ranked by ("一季度哪个城市财政收入最高？" answered "白岭一季度财政收入88亿元…" -> "一季度白岭财政收入
    是多少？"), so that a follow-up's 它/该/其中 refer to the one the answer named; "" when it asks no which or the
    answer names nothing the question does not."""
    if detect_lang(question) != "zh" or not answer:
        return ""
    which = _WHICH.search(question)
    if which is None:
        return ""
    after = _words(question[which.end():])
    kind = after[0][0] if after and after[0][1].startswith("n") and not is_quantity(after[0][0]) else ""
    end = which.end() + len(kind)
    if which.group().endswith("年"):  # "哪一年": the year the answer names
        end = which.end()
        named = next((f.text for f in parse_figures(re.sub(r"\[\d+\]", "", answer)) if f.unit_class == "year"), "")
    else:
        named = _answer_name(question, answer)
    if not named:
        return ""
    rest = question[end:]
    if not re.search(r"[\w]", rest):  # "…最高的城市是哪个？": asked at the end, what it ranks by comes first
        before = question[:which.start()]
        ranked = _RANKED_BY.search(before)
        return named + before[:ranked.start()] + "是多少？" if ranked is not None and ranked.start() else ""
    ranked = _RANKED_BY.search(rest)
    if ranked is not None:
        rest = rest[:ranked.start()] + "是多少？"
    return question[:which.start()] + named + rest


def _answer_name(question: str, answer: str) -> str:
    """The first place or entity the answer names before its first figure that the question does not name (a
    run of them is one name: 华岳 + 电子), without the words it shares with the question at its end (农机制造业
    of "农机制造业利润增长…" for "哪个行业利润增长…")."""
    text = re.sub(r"\[\d+\]", "", answer)
    figures = [f for f in parse_figures(text) if f.unit_class not in {"year", "date", "time"}]
    runs: list[list[str]] = [[]]
    for seg in segments(text[:figures[0].start] if figures else text):
        if seg.kind in {"place", "entity"}:
            runs[-1].append(seg.text)
        elif runs[-1]:
            runs.append([])
    name = next(("".join(run) for run in runs if run and "".join(run) not in question), "")
    starts = [0]
    for word, _ in _words(name):
        starts.append(starts[-1] + len(word))
    # the longest run of the name's last whole words the question names too (利润 + 增长, not 业 + 利润增长)
    cut = min((s for s in starts[1:-1] if s >= 2 and len(name) - s >= 2 and name[s:] in question), default=len(name))
    return name[:cut]


def follow_up(question: str, previous: str, previous_answer: str = "") -> str:
    """question (a Chinese follow-up) made self-contained with the earlier question (itself self-contained)
    and, when that question names no quantity, the quantity the earlier answer's figure states."""
    before = read(previous)
    same = _SAME_SUBJECT.match(_OPENING.sub("", question.strip(), count=1))
    rest = _OPENING.sub("", question.strip(), count=1)[same.end():] if same else ""
    if same and QUESTION_WORD.search(rest):
        # "该行发行了多少永续债？": a whole new question about the earlier subject; only 该行 is replaced, by who
        # the earlier question named (江苏银行) and its place and period, never spliced into its quantity
        rest = rest.lstrip("的")
        same_period = next((w for w in _SAME_PERIOD if rest.startswith(w)), "")
        if same_period and before.slot("period"):
            rest = rest[len(same_period):]  # "该公司同期…": the earlier question's period, already carried
        return _subject(before) + rest
    follow = read(question)
    # an ellipsis ("占营业收入的比重呢？") is read as the question it stands for ("占营业收入的比重是多少？")
    asked = question if follow.ask else follow.stem + "是多少？"
    if follow.marker != "subset" and follow.stem and relates_earlier_figure(asked):
        # "它占…的比重是多少？", "约占总股本多少？": the share is of what the earlier question asked the figure of
        return before.stem + before.verb + before.counted + follow.stem + (follow.ask or "是多少？")
    if not follow.ask and not follow.marker and (analogue := head_analogue(expand(previous), follow.stem)):
        return analogue
    tail = _named_tail(before)
    if tail and not follow.ask and not follow.marker and not follow.slot("place") and not follow.slot("period") \
            and len(follow.stem) < len(tail[1]) and tail[1].endswith(follow.stem) and follow.slot("attribute"):
        # "那资本充足率呢？" after "…核心一级资本充足率…": a shorter form of the earlier quantity's name takes
        # the whole name's place (核心一级 goes with it), not only the segment it ends like
        segments = [*before.segments[:tail[0]], Segment("attribute", follow.stem)]
        return Frame(tuple(_merged(segments)), before.ask).text
    if not before.slot("attribute") and not before.counted and not follow.slot("attribute") and previous_answer:
        said = answer_subject(previous_answer)
        if said is not None and said.slot("attribute") not in previous:
            named = combine(before, Frame(tuple(s for s in said.segments if s.kind == "attribute"), ""))
            before = replace(before, segments=named.segments)
    asked = _unit_class(question)
    if (asked and follow.ask and not follow.slot("attribute") and not _CHANGE_ASK.search(follow.ask)
            and asked != _unit_class(before.text)):
        # "一共要装几台？" after "…单机容量多大？" counts what the earlier question named, not its 容量; an ellipsis
        # with no asking of its own ("那投资收益呢？" after "…的营收占比是多少？") asks the same quantity of a new
        # subject, whatever class its name alone suggests (收益: money)
        before = replace(before, segments=tuple(s for s in before.segments if s.kind != "attribute"))
    return combine(before, follow).text


def head_analogue(previous: str, new: str) -> str:
    """previous with the one span of its stem that new is a sibling of replaced by new; "" when there is no
    such span or more than one. Chinese compounds are head-final: words of one kind share their last
    morpheme and are written alike around it (东盟 / 欧盟, 出口 / 进口, 城镇居民 / 农村居民, 门票预订 / 酒店预订),
    so a same-length span ending in the same character is what an ellipsis names anew. Only the sibling
    goes: the words around it stay (一季度我国对东盟进出口 -> 一季度我国对欧盟进出口), where replacing the whole
    slot would lose them. A span starts where a word starts and is whole words or a word jieba's search
    mode finds at that start (出口 in 出口额) or ending a word after two characters or more (产量 in 汽车产量), never
    the inside of a word (出口 in 进出口)."""
    if len(new) < 2 or new in previous or not re.fullmatch(r"[\u4e00-\u9fff\w“”\"]+", new) \
            or QUESTION_WORD.search(new):
        return ""
    asked = QUESTION_WORD.search(previous)
    stem_end = _ask_start(previous) if asked else len(previous)
    # the shared head is at least half the new word: 东盟 / 欧盟, 城镇居民 / 农村居民; not 第一产业营业 /
    # 国有控股企业, which share one character of six
    def siblings(start: int, end: int) -> set[tuple[int, int]]:
        return {(start + s, start + e) for s, e in _word_spans(previous[start:end])
                if e - s == len(new) and 2 * _shared_end(previous[start + s:start + e], new) >= len(new)
                and previous[start + s:start + e] != new and _one_word_apart(previous[start + s:start + e], new)
                and not QUESTION_WORD.search(previous[start + s:start + e])}

    # a sibling of a word of the asking when the stem has none: "环比呢？" after "…同比增长多少？" asks the
    # same change on the other basis
    found = siblings(0, stem_end) or siblings(stem_end, len(previous))
    if len(found) != 1:
        return ""
    (start, end), = found
    return previous[:start] + new + previous[end:]


def _shared_end(a: str, b: str) -> int:
    """How many last characters a and b share (their common head: 居民 of 城镇居民 and 农村居民)."""
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return n


def _one_word_apart(old: str, new: str) -> bool:
    """Both one word, or as many words that differ in one place (门票|预订, 酒店|预订): a sibling swapped for a
    sibling. Not 工业|企业 for 民营企业, a name of its own, nor 资产|总计 for 负债|合计, two words changed."""
    old_words, new_words = [w for w, _ in _words(old)], [w for w, _ in _words(new)]
    return len(old_words) == len(new_words) and sum(a != b for a, b in zip(old_words, new_words, strict=True)) == 1


def _word_spans(stem: str) -> set[tuple[int, int]]:
    """(start, end) of the runs of whole words of stem, and of the words jieba's search mode finds at a word's
    start (出口 of 出口额)."""
    from index.segmenter import ready

    ready()
    import jieba

    bounds = [0]
    for word in jieba.lcut(stem):
        bounds.append(bounds[-1] + len(word))
    starts = set(bounds[:-1])
    spans = {(s, e) for i, s in enumerate(bounds) for e in bounds[i + 1:]}
    spans |= {(s, e) for _, s, e in jieba.tokenize(stem, mode="search") if s in starts}
    # the head a compound ends in, when the words before it are a word of two characters or more (产量 of 汽车
    # 产量, not 出口 of 进出口)
    ends = set(bounds[1:])
    spans |= {(s, e) for _, s, e in jieba.tokenize(stem, mode="search")
              if e in ends and s not in starts and s - max(b for b in bounds if b < s) >= 2}
    return spans


# "该行", "该公司", "这家企业": the earlier question's subject, named again by its kind
_SAME_SUBJECT = re.compile(r"^(该|此|这家|这个)(行|银行|公司|企业|集团|机构|单位|市|县|区|省|项目)")


def _subject(frame: Frame) -> str:
    """Who and when an earlier question asks about: its place and period, and its segments up to its first
    entity (江苏 | 银行 | 2020年 of "江苏银行2020年配股募集资金多少？")."""
    out: list[str] = []
    entity_seen = False
    for seg in frame.segments:
        if seg.kind in {"place", "period"} or (seg.kind == "entity" and not entity_seen):
            out.append(seg.text)
            entity_seen = entity_seen or seg.kind == "entity"
    return "".join(out)


def _named_tail(frame: Frame) -> tuple[int, str] | None:
    """Where the earlier question's quantity name starts and the name (its last entity and attribute written
    together: 核心一级资本 + 充足率), when it ends so."""
    kinds = [s.kind for s in frame.segments]
    if len(kinds) < 2 or kinds[-1] != "attribute" or kinds[-2] != "entity":
        return None
    return len(kinds) - 2, frame.segments[-2].text + frame.segments[-1].text


@lru_cache(maxsize=256)
def _unit_class(question: str) -> str:
    return analyse(question).unit_class  # the question analysis's own reading of the figure asked for


def in_earlier_scope(question: str, previous: str) -> str:
    """A Chinese question that names its own subject but neither a place nor a period, asked in a conversation
    whose earlier question (self-contained) names them: asked of that place and period ("实现旅游收入多少？"
    after "国庆假期全省接待游客多少人次？" asks of 国庆假期 and 全省), as a reader takes it. Only the place and
    period carry over, never the earlier entity or quantity: the question names its own. The question as it
    is when it names a place or a period, refers back (other rules read it), or the earlier one names neither."""
    frame = read(question)
    if frame.ask and not frame.marker and frame.slot("period") in _SAME_PERIOD:
        return _in_earlier_period(frame, read(previous)) or question
    if not frame.ask or frame.marker or frame.slot("place") or frame.slot("period"):
        return question
    scope = tuple(s for s in read(previous).segments if s.kind in {"place", "period"})
    if not scope:
        return question
    return Frame(tuple(_merged([*scope, *frame.segments])), frame.ask).text


def _in_earlier_period(frame: Frame, earlier: Frame) -> str:
    """A question whose period is only a word pointing back ("同期…", "当年…") asked of the period the earlier
    question names, and of its place when the question names none ("同期城镇调查失业率是多少？" after "上半年全国
    新增就业多少人？" -> 上半年全国城镇调查失业率…); "" when the earlier question names no period."""
    period = earlier.slot("period")
    if not period:
        return ""
    parts = [Segment("period", period) if s.kind == "period" else s for s in frame.segments]
    if not frame.slot("place") and (place := earlier.slot("place")):
        parts.insert(0, Segment("place", place))
    return Frame(tuple(_merged(parts)), frame.ask).text


def without_carried_period(question: str, resolved: str) -> str:
    """resolved without its period when that period came from an earlier turn (question, the follow-up as
    said, names none): "常州一季度一般公共预算收入是多少？" -> "常州一般公共预算收入是多少？" for "那常州呢？";
    "" when the follow-up names a period itself or resolved carries none."""
    if detect_lang(question) != "zh" or detect_lang(resolved) != "zh" or period_spans(question):
        return ""
    frame = read(resolved)
    if not frame.slot("period"):
        return ""
    kept = tuple(s for s in frame.segments if s.kind != "period")
    return Frame(kept, frame.ask).text if any(s.kind != "other" for s in kept) else ""


def needs_context(question: str) -> bool:
    """A Chinese question that refers back, only names something ("白岭呢？"), names no subject
    ("同比增长了多少？", "总投资多少？"), or leaves the subject of its verb to the earlier turn ("约占总股本多少？")."""
    frame = read(question)
    return bool(frame.marker) or not frame.ask or not frame.has_subject or relates_earlier_figure(question)


# a comparison with no first term: "比农村居民高多少", "较全省平均低几个百分点" (not 比重, 比例, 较大)
_COMPARED = re.compile(r"^(比|较)(?![重例率值大小多少快慢高低])")
# the classes of asking a relation of the earlier figure can have: a share, or a class the analysis cannot tell
_RELATION_CLASSES = frozenset({"percent", ""})


def relates_earlier_figure(question: str) -> bool:
    """A Chinese question whose stem opens with a verb that has no subject before it (after 它/其 or an adverb
    such as 约) and names what the figure is related to, asking a share or a class the analysis cannot tell:
    "它占全省的比重是多少？", "约占总股本多少？". Its subject is the earlier question's figure (zero anaphora);
    "新签约项目多少个？" (a count) and "它建成后年产值多少？" (money) ask a figure of their own."""
    frame = read(question)
    if not frame.ask or frame.marker == "subset" or _CHANGE_ASK.search(frame.ask):
        return False
    if _COMPARED.match(frame.stem):
        return True  # "比农村居民高多少？": compared with the earlier figure, in its class whatever it is
    if _unit_class(question) not in _RELATION_CLASSES:
        return False
    words = [(w, f) for w, f in _words(frame.stem) if not f.startswith("d")]
    return len(words) > 1 and words[0][1] == "v" and not is_quantity(words[0][0])


# -- English -----------------------------------------------------------------------------------------------

_YEAR = re.compile(r"\b(19|20)\d{2}\b")


# "What about imports?", "How about Jiangsu?", "And exports?": an English follow-up naming only the new slot
_EN_ELLIPSIS = re.compile(r"^\s*(?:and\s+)?(?:what|how)\s+about\s+(?:the\s+)?(?P<x>[^?]+?)\s*\?*\s*$"
                          r"|^\s*and\s+(?:the\s+)?(?P<y>[^?]+?)\s*\?*\s*$", re.I)
# a capitalised name in an English question (a place or a company), with its possessive; not an acronym (GDP)
_EN_NAME = re.compile(r"(?<!^)(?<![.?!]\s)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*(?:'s)?")
# words a quantity phrase may be read as that are the question's verb, not its quantity ("grow", "rise")
_EN_VERBS = re.compile(r"^(grow|grew|rise|rose|fall|fell|increase|decrease|decline|change|drop|reach|exceed)\w*$",
                       re.I)


def english_ellipsis(question: str, previous: str) -> str:
    """An English follow-up naming only a new name or quantity ("What about imports?", "And Jiangsu?") asked
    as the earlier English question with that slot replaced: a capitalised name replaces the earlier name,
    other words the quantity the earlier question asked; "" when it is not such a follow-up or nothing fits."""
    m = _EN_ELLIPSIS.match(question)
    if m is None or _YEAR.search(question):
        return ""
    # "And its net profit?": its is whom the earlier question named, which stays
    new = re.sub(r"^(?:its|their)\s+", "", (m.group("x") or m.group("y") or "").strip(), flags=re.I)
    words = new.split()
    if not words or len(words) > 5:
        return ""
    if (period := _english_period(new)) is not None:  # "What about the second quarter?": the period's place
        return _with_english_period(previous, period)
    if all(w[:1].isupper() for w in words):  # a name: it takes the earlier name's place
        old = _EN_NAME.search(previous)
        if old is None:
            return ""
        possessive = "'s" if old.group().endswith("'s") else ""
        return previous[:old.start()] + new + possessive + previous[old.end():]
    if analogue := _english_head_analogue(previous, words):
        return analogue
    if _english_rate_of_change(new) and (asking := _EN_ASKING.match(previous)):
        # "What about its growth rate?": the rate of what the earlier question asked about, not in its place
        asked = previous[asking.end():].strip().rstrip("?").strip()
        return f"What was the {new} of {asked}?" if asked else ""
    from assistant.bilingual import attribute_phrase

    phrase = attribute_phrase(previous)
    # the quantity's own words, after any name written before them ("Qinghe exports" -> "exports")
    phrase = re.sub(r"^(?:[A-Z][a-z]+(?:'s)?\s+)+", "", phrase)
    if not phrase or _EN_VERBS.match(phrase) or phrase not in previous:
        return ""
    return previous.replace(phrase, new, 1)


def _english_head_analogue(previous: str, words: list[str]) -> str:
    """previous with the one run of as many words ending in the same head word (English noun phrases are
    head-final, as Chinese compounds are) replaced by the new phrase: "rural residents" for "urban residents",
    "net profit" for "operating profit"; "" for a one-word phrase, or when no run or several fit."""
    if len(words) < 2:
        return ""
    spans = [m.span() for m in re.finditer(r"[A-Za-z][\w'-]*", previous)]
    head = words[-1].lower()
    found = [(spans[i - len(words) + 1][0], spans[i][1]) for i in range(len(words) - 1, len(spans))
             if previous[spans[i][0]:spans[i][1]].lower() == head]
    found = [(s, e) for s, e in found if previous[s:e].lower().split() != [w.lower() for w in words]]
    if len(found) != 1:
        return ""
    (start, end), = found
    return previous[:start] + " ".join(words) + previous[end:]


def _english_rate_of_change(phrase: str) -> bool:
    """An English phrase en_statistics.txt reads as a change or its rate (growth, growth rate)."""
    changes = set(label_words("change"))
    for row in lexicon_rows("en_statistics.txt"):
        english, _, chinese = row.partition("\t")
        if english.strip().lower() == phrase.strip().lower():
            return any(w in changes or is_rate_of_change(w) for w in chinese.split())
    return False


@cache
def _english_period_pattern() -> re.Pattern[str]:
    """An English period: a phrase of en_statistics.txt whose Chinese reading is a period (first quarter 一季度,
    first half 上半年, by periods.txt and the figure parser), plural or not, or a month's name."""
    rows = [row.split("\t") for row in lexicon_rows("en_statistics.txt")]
    periods = [row[0] for row in rows if len(row) > 1 and row[1].split()
               and period_spans(zh := row[1].split()[0]) == [(0, len(zh))]]
    phrases = "|".join(re.escape(p) + "s?" for p in sorted(periods, key=len, reverse=True))
    months = "|".join(m for m in calendar.month_name if m)  # capitalised: "may" is also a verb
    return re.compile(rf"\b(?:(?i:{phrases})|{months})\b")


def _english_period(phrase: str) -> str | None:
    """The period an English ellipsis names and nothing else ("in the first half", "March"); None otherwise."""
    core = re.sub(r"^(?:in|for|during)\s+", "", phrase.strip(), flags=re.I)
    core = re.sub(r"^the\s+", "", core, flags=re.I)
    return core if _english_period_pattern().fullmatch(core) else None


def _with_english_period(previous: str, period: str) -> str:
    """The earlier English question asked of another period: its period replaced, or the period added."""
    article = "" if period[:1].isupper() else "the "  # "in March", "in the first half"
    old = _english_period_pattern().search(previous)
    if old is not None:
        start = old.start() - 4 if previous[:old.start()].lower().endswith("the ") else old.start()
        return previous[:start] + article + period + previous[old.end():]
    return re.sub(r"\s*\?*\s*$", f" in {article}{period}?", previous, count=1)


# the asking words an English question opens with, before what it asks about ("What was", "How much did")
_EN_ASKING = re.compile(r"^\s*(?:what|how\s+(?:much|many)|which)\s+(?:\w+\s+)??(?:is|are|was|were)\s+"
                        r"(?:the\s+)?", re.I)
_EN_IT = re.compile(r"\bit\b(?!')", re.I)


def english_pronoun(question: str, previous: str) -> str:
    """An English follow-up whose "it" is what the earlier English question asked about ("How much did it
    grow?" after "What was Qingxi's grain output in 2024?" -> "How much did Qingxi's grain output in 2024
    grow?"); "" when it has no "it" or the earlier question does not open with its asking words."""
    asking = _EN_ASKING.match(previous)
    if not _EN_IT.search(question) or asking is None:
        return ""
    asked = previous[asking.end():].strip().rstrip("?").strip()
    return _EN_IT.sub(asked, question, count=1) if asked else ""


def english_period_only(question: str) -> str:
    """The year an English follow-up asks about when that is all it says ("And in 2020?"), else ""."""
    year = _YEAR.search(question)
    content = [w for w in re.findall(r"[A-Za-z]+", _YEAR.sub(" ", question)) if w.lower() not in function_words()]
    return year.group() if year and not content else ""


def with_year(previous: str, year: str) -> str:
    """The earlier question asked of another year: its year replaced, or the year added."""
    if detect_lang(previous) == "zh":
        frame = read(previous)
        return combine(frame, Frame((Segment("period", f"{year}年"),), "")).text
    if _YEAR.search(previous):
        return _YEAR.sub(year, previous, count=1)
    return re.sub(r"\s*\?*\s*$", f" in {year}?", previous, count=1)

