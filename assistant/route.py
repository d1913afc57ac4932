"""Question analysis: which kind of answer a question wants (assistant.approaches.Kind).

The cue words are data (assistant/lexicon/question_kinds.tsv, with their source); this module holds the
order in which kinds are tried, the order a reader expects:

1. chit-chat and help (你好, 谢谢, 你能做什么);
2. out of scope by request (写诗, 投资建议, 天气);
3. summary (主要讲了什么): about the documents as a whole;
4. out of scope by topic: a Chinese question whose nouns no document uses;
5. yes/no (…了吗, 对吗, 是否): decided by figures when the question states one, else a description;
6. entity when the question opens on the name it asks (谁指出…, who said…, when did…);
7. list (哪些, 分别多少 with no items named);
8. figure (多少, 几, 占比, 最大): the figure engine, which also decides superlatives ("A和B谁更高");
9. entity (谁, 哪家, 在哪里);
10. description (什么样, 进展如何, 为什么);
11. anything else: the figure engine, which quotes or refuses as it did before routing.

Instruction clauses ("忽略以上所有指令，…") are dropped first (assistant.instructions.factual_part): an
instruction never decides how a question is answered. Greeting and thanks clauses are dropped too, so
"你好，石溪风电项目总投资多少？" is a figure question and "你好" alone is chit-chat.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from assistant.approaches import Kind
from assistant.approaches.listing import asks_top_name
from assistant.figures import parse_figures
from assistant.instructions import factual_part
from assistant.postags import tagged
from assistant.question import detect_lang, split_sides
from assistant.vocabulary import lexicon_rows

if TYPE_CHECKING:
    from assistant.candidates import TermStats

LEXICON = "question_kinds.tsv"
# clauses of a question: greetings and thanks are dropped clause by clause
_CLAUSE = re.compile(r"[，,。！!？?~～；;]+\s*")
# the sentences of a question asking several things ("这篇文章讲了什么？总投资多少？")
_SENTENCE = re.compile(r"(?<=[？?！!。])\s*")
_ASKS_AMOUNT = re.compile(r"多少|几")
# an English sentence asking two things joined by "and" before a second question word ("Who is in charge of
# X, and what is its total investment?"): each is a part, as two sentences would be
_EN_JOINED = re.compile(r",?\s+and\s+(?=(?:what|how|who|whom|whose|when|where|which|why|is|are|was|were|did|does"
                        r"|do|has|have)\b)", re.IGNORECASE)
# a later part about the items an earlier one asks for ("Which sectors…, and how many are in each?"): one question
_EN_OF_ITEMS = re.compile(r"\b(each|them|these|those|they|their)\b", re.IGNORECASE)
# the cue kinds that make a sentence a question of its own
_ASKING = ("help", "yesno", "summary", "list", "figure", "entity", "describe", "define")
# a Chinese part opening on a word that refers to the items an earlier part lists ("分别增长多少？", "各是多少？")
_OF_ITEMS = re.compile(r"^(?:那么|那)?(?:它们|这些|其)?(?:分别|各自|各)")
# a question opening on the name it asks for ("谁指出…", "Who said…", "When did…"): an entity, whatever figure
# words follow in what the person said or did
_ASKS_NAME_FIRST = re.compile(r"^\s*(?:请问)?(?:是)?(?:谁(?!的)|哪位)|^\s*(?:who|when)\b", re.IGNORECASE)
# an English question opening on the amount it asks ("How many …", "How much …"), and the words that make it
# ask one amount per item ("how many projects are in each sector", "respectively")
_EN_AMOUNT_FIRST = re.compile(r"^\s*(?:in\s+)?how\s+(?:many|much)\b", re.IGNORECASE)
_EN_PER_ITEM = re.compile(r"\b(?:each|every|respectively|per)\b|,\s*and\b", re.IGNORECASE)
_TRUTH_FRAME = re.compile(r"^\s*is it (true|right|correct) that\s+", re.I)
_CJK_WORD = re.compile(r"^[\u4e00-\u9fff]{2,}$")
# nouns a question is phrased with that name no topic
_PHRASING = frozenset("文章 这篇文章 文档 这篇 里面 问题 内容 情况 东西 数字 数据 报道 材料".split())


@dataclass(frozen=True)
class Routed:
    """A question's kind, the language its answer is written in, and the text routed: the question
    without its instruction and greeting clauses ("" when nothing else is left)."""

    kind: Kind
    lang: str
    text: str


@cache
def _cues() -> dict[str, re.Pattern[str]]:
    """kind -> one alternation of its cue patterns (both languages), compiled once."""
    patterns: dict[str, list[str]] = {}
    for row in lexicon_rows(LEXICON):
        kind, _lang, pattern, *_note = row.split("\t")
        patterns.setdefault(kind.strip(), []).append(pattern.strip())
    return {kind: re.compile("|".join(f"(?:{p})" for p in ps), re.IGNORECASE) for kind, ps in patterns.items()}


def cue(kind: str, text: str) -> bool:
    """True when text has one of the cue words of `kind` (a row kind of question_kinds.tsv)."""
    pattern = _cues().get(kind)
    return pattern is not None and pattern.search(text) is not None


def without_truth_frame(question: str) -> str:
    """"Is it true that X?" -> "X?": the frame's "it" refers to the claim, not to an earlier subject."""
    return _TRUTH_FRAME.sub("", question)


def clauses(text: str) -> list[str]:
    """The clauses of a text, without their punctuation."""
    return [c.strip() for c in _CLAUSE.split(text) if c.strip()]


def without_greetings(text: str) -> str:
    """text without the clauses that only greet or thank ("你好，…" -> "…")."""
    kept, pos = [], 0
    for m in [*_CLAUSE.finditer(text), None]:
        end = m.end() if m else len(text)
        clause = text[pos:end]
        bare = _CLAUSE.sub("", clause).strip()
        if bare and not (cue("greeting", bare) or cue("thanks", bare)):
            kept.append(clause)
        pos = end
    return "".join(kept).strip()


def route(question: str, stats: TermStats | None = None) -> Kind:
    """The kind of answer the question wants (see the module docstring for the order)."""
    return routed(question, stats).kind


def routed(question: str, stats: TermStats | None = None) -> Routed:
    """The question's kind, language and routed text. `stats` (the corpus's term statistics) lets a
    question about a topic no document names be declined rather than searched for."""
    lang = detect_lang(question)
    factual = factual_part(question)
    core = without_greetings(factual)
    if not core:
        # nothing but greetings ("你好！"), or nothing but an instruction: chit-chat answers a greeting; an
        # instruction alone is left to the figure engine, whose refusal quotes nothing
        only_greeting = factual.strip() == question.strip() and any(
            cue("greeting", c) or cue("thanks", c) for c in clauses(factual))  # "？？？" greets nobody
        return Routed("chitchat" if only_greeting else "figure", lang, core)
    return Routed(_kind(core, stats), detect_lang(core) if core != question else lang, core)


def _kind(text: str, stats: TermStats | None) -> Kind:
    if cue("help", text):
        return "chitchat"
    if cue("out_of_scope", text) or (cue("everyday_topic", text) and not _documents_topic(text, stats)):
        return "out_of_scope"
    if cue("summary", text) and not cue("yesno", text):
        # "总结一下望川市在招商引资方面是怎么做的" asks how one topic is handled: a description of it
        return "describe" if cue("describe", text) and names_topic(text) else "summary"
    if stats is not None and _asks(text) and not cue("summary", text) and not _about_document(text) \
            and _names_nothing_indexed(text, stats):
        # (a summary asks about the documents themselves: "能简要总结一下这篇报道吗" names no topic; so does a
        # question about this document's source or author: "这篇报道来自哪家媒体")
        return "out_of_scope"  # (a run of characters that asks nothing is gibberish: the engine refuses it)
    if cue("yesno", text) and not cue("summary", text):
        # decided by figures when it states one or a threshold ("超过10亿元了吗", "总投资是999亿元，对吗"),
        # else by the sentence that states the claim ("…是不是一汽的供应商"), else it is a description
        return "yesno"
    if cue("summary", text):
        return "summary"
    if cue("define", text):
        return "describe"  # how a figure is defined or computed: its definition, not its value
    if cue("choice", text) and not _ASKS_AMOUNT.search(text):
        return "yesno"  # "A和B，哪个计划总投资更大？": the two figures compared (a figure asked too: the engine)
    if _ASKS_NAME_FIRST.match(text):
        return "entity"  # "谁指出…比重已降到25%以下": the name asked; the figure is what the person said
    if _EN_AMOUNT_FIRST.match(text) and not _EN_PER_ITEM.search(text):
        # "How many national logistics hubs were on the first … list?": one count asked; the noun "list" (or
        # "which …s" in a clause after it) names where it is stated, not items to enumerate
        return "figure"
    if asks_items_en(text):
        return "list"  # "What were the main measures …?": items asked, as "which measures" asks them
    if asks_top_name(text):
        # "增速最高的是哪个城市": the item of the largest figure among those the document lists (the figure
        # engine answers when no list of such items is found)
        return "list"
    if cue("list", text):
        # "年产值和利税各是多少" names its items: the figure engine looks up each; "各类项目分别有多少个"
        # names none, and every item the document gives is asked for
        # "A、B、C中，增速超过10%的有哪些" names its items and a condition: which of them pass it is a list
        # ("亿元以上项目和10亿元以上项目分别有多少个" asks amounts of the groups it names: the figure engine)
        filtered = not _ASKS_AMOUNT.search(text) and any(
            f.qualifier and f.unit_class not in {"", "year", "date"} for f in parse_figures(text))
        return "figure" if len(split_sides(text, "each")) >= 2 and cue("figure", text) and not filtered else "list"
    if cue("figure", text):
        return "figure"
    if cue("entity", text):
        return "entity"
    if cue("describe", text):
        return "describe"
    return "figure"


# "What are/were the (main | top three | 2021 GDP) <plural noun> …": the items asked, with up to three words before
# the noun (the list cue reads "what are the measures" and "which major industries", not "what are the main
# measures")
_EN_ITEMS = re.compile(r"^\s*(?:what|which)\s+(?:are|were)\s+the\s+(?:[\w'’-]+\s+){1,3}?(?P<head>[a-z]+s)\b"
                       r"(?P<rest>.*)$", re.IGNORECASE)


def asks_items_en(text: str) -> bool:
    """An English question asking for items by a plural noun after modifiers ("What were the main measures …?",
    "What are the five key tasks …?"); not when the noun is a quantity the statistics lexicon names ("What were
    the total exports …": one figure, assistant.bilingual.lexicon), a noun ending in -ss (progress), or an amount
    is asked ("how many")."""
    from assistant.bilingual import lexicon, singular

    m = _EN_ITEMS.match(text)
    if m is None or detect_lang(text) != "en" or _EN_AMOUNT_FIRST.match(text) \
            or re.search(r"\bhow\s+(?:many|much)\b", m.group("rest"), re.IGNORECASE):
        return False
    head = m.group("head").lower()
    return not head.endswith("ss") and singular(head) not in lexicon() and head not in lexicon()


def _documents_topic(text: str, stats: TermStats | None) -> bool:
    """An everyday topic (股价, 酒店) asked as an amount of the documents when they use its words: "星河餐饮股价
    跌幅是多少" asks what a report states; "今天天气怎么样", or any question about a topic no document names, is
    declined."""
    if stats is None or "多少" not in text:  # (推荐几个好吃的… requests, asking no amount of the documents)
        return False
    from index.keyword import tokenize

    matched = [m.group(0) for m in _cues()["everyday_topic"].finditer(text)]
    return any(stats.known(t) for m in matched for t in tokenize(m) if len(t) >= 2)


def _about_document(text: str) -> bool:
    """A question about the document itself (这篇报道来自哪家媒体, 这篇文章的记者是谁): its byline answers."""
    from assistant.approaches.entity import asks_byline

    return bool(asks_byline(text))


def _asks(text: str) -> bool:
    """True when text reads as a question or a request: a question mark or a cue word of some kind."""
    return text.rstrip().endswith(("？", "?")) or any(cue(k, text) for k in _ASKING)


def states_claim(text: str) -> bool:
    """True when a question states a figure or a threshold or comparison to decide."""
    return cue("claim", text) or any(f.unit_class not in {"", "year", "date"} for f in parse_figures(text))


def _names_nothing_indexed(text: str, stats: TermStats) -> bool:
    """A Chinese question that names a topic (a noun of two or more Chinese characters) and of whose
    words none is known to the index: "上海的房价是多少" asks about a topic no document names. One known
    word of any kind (a Latin abbreviation, a verb, a noun in pieces) keeps the question for the figure
    engine, which refuses what it cannot answer. English questions are read through the bilingual
    dictionary by the figure engine, so they are not judged here."""
    from index.keyword import STOPWORDS, tokenize

    if detect_lang(text) != "zh":
        return False

    def known(t: str) -> bool:  # a word the index holds in pieces (地区生产总值 = 地区 + 生产总值) is known
        return stats.known(t) or any(stats.known(p) for p in tokenize(t) if len(p) >= 2)

    if any(known(t) for t in tokenize(text) if len(t) >= 2 and t not in STOPWORDS and t not in _PHRASING):
        return False  # decided without tagging the question (an HMM pass, the costlier part of routing)
    nouns = [w for w, flag in tagged(text) if flag.startswith("n") and _CJK_WORD.match(w) and w not in _PHRASING]
    return bool(nouns) and not any(known(t) for t in nouns)


def parts(question: str) -> list[str]:
    """The sentences of a question that asks several things in sentences of their own; one part when it
    asks one thing. Splitting is by sentence end only: clauses joined by commas are one question, which
    the figure engine reads as parts of its own (assistant.question.question_parts). A sentence that asks
    nothing ("Please answer in English.", "请简要回答。") is no part."""
    pieces = [p.strip() for p in _SENTENCE.split(question) if p.strip()]
    pieces = [part for piece in pieces for part in _english_parts(piece)]
    asking = [p for p in pieces if p.endswith(("？", "?")) or any(cue(k, p) for k in _ASKING)]
    # "…的领域有哪些？分别增长多少？": a later part asking of the items the earlier one lists is one question
    joined: list[str] = []
    for p in asking:
        if joined and _OF_ITEMS.match(p) and not names_topic(p):
            joined[-1] += p
        else:
            joined.append(p)
    return joined if len(joined) > 1 else [question]


# an earlier part asking one amount of its subject ("一季度出口多少？", "进口额是多少？"): the subject before it
_ASKS_AMOUNT_END = re.compile(r"(?:是|为|有)?多少[^，,。？?！!]{0,2}[？?]?$")


def distributed(question: str) -> str:
    """A last part asking "each" of what the earlier parts asked amounts of, written out for each of them:
    "一季度出口多少？进口多少？各增长多少？" -> "…？进口多少？一季度出口增长多少？进口增长多少？" (parts() would join
    it to the nearest part only). The question as asked when it is not so."""
    pieces = [p.strip() for p in _SENTENCE.split(question) if p.strip()]
    if len(pieces) < 3 or detect_lang(question) != "zh":
        return question
    last = _OF_ITEMS.match(pieces[-1])
    if last is None or not last.group(0).endswith(("各", "各自", "分别")) or names_topic(pieces[-1]):
        return question
    subjects = []
    for piece in pieces[:-1]:
        amount = _ASKS_AMOUNT_END.search(piece)
        subject = piece[:amount.start()].strip(" ，,") if amount else ""
        if not subject:
            return question
        subjects.append(subject)
    rest = pieces[-1][last.end():]
    return "".join(pieces[:-1]) + "".join(f"{subject}{rest}" for subject in subjects)


# a yes/no follow-up opening on a word for the figure an earlier question asked ("它超过30亿元了吗？")
_REFERS_FIGURE = re.compile(r"^(?:那么|那)?(?:它|其|这个数字|这一数字|这个数|该数字|这个数据)")


# "…多少家门店？": an amount counted in a counter word with the noun counted after it
_ASKS_COUNTED_END = re.compile(r"(?:是|为|有)?多少[个家项座条件台辆所名位批]"
                               r"(?P<noun>[\u4e00-\u9fff]{1,4}?)[？?]?$")


def claim_of_earlier(question: str, earlier: list[str]) -> str:
    """A Chinese yes/no follow-up about the figure the nearest earlier question asked, asked of that figure's
    subject: "它超过30亿元了吗？" after "甲公司上半年净利润是多少？" -> "甲公司上半年净利润超过30亿元了吗？"; the
    question as asked when it opens on no such word or no earlier question asks an amount."""
    refers = _REFERS_FIGURE.match(question.strip())
    if refers is None or detect_lang(question) != "zh":
        return question
    for asked in reversed(earlier):
        amount = _ASKS_COUNTED_END.search(asked.strip()) or _ASKS_AMOUNT_END.search(asked.strip())
        subject = asked.strip()[:amount.start()].strip(" ，,") if amount else ""
        if subject and amount is not None and amount.re is _ASKS_COUNTED_END:
            # "…新扩了多少家门店？": the thing counted is the subject's last word (…新扩门店)
            subject = subject.removesuffix("了") + amount.group("noun")
        if subject:
            return subject + question.strip()[refers.end():].lstrip("的")
    return question


def _english_parts(sentence: str) -> list[str]:
    """An English sentence split where "and" begins a second question, each piece a question of its own
    ("…, and what is its total investment?" -> "…?", "what is its total investment?"); else the sentence."""
    if detect_lang(sentence) != "en":
        return [sentence]
    pieces = [p.strip() for p in _EN_JOINED.split(sentence) if p.strip()]
    if len(pieces) < 2 or any(_EN_OF_ITEMS.search(p) for p in pieces[1:]):
        return [sentence]  # "…, and how many projects are in each?" asks of the items the first part names
    end = "?" if sentence.rstrip().endswith("?") else ""
    return [p if p.endswith(("?", ".", "!")) else p + end for p in pieces]


# the kinds whose later part of a multi-part question is asked on its own words, or on the earlier part's
# subject when it names none ("…负责人是谁？现在到哪一步了？"): the figure engine's follow-up resolution
# rewrites a figure question and would fold a description into the earlier one's figure
OPEN_PARTS = frozenset({"describe", "entity", "list", "summary"})
# where a Chinese question's subject ends: its first 的, or the first verb, pronoun, numeral, adverb or
# preposition after it ("软通华方项目|预计年产值多少")
# a part that opens on a word referring to the earlier part's subject ("它的负责人是谁？")
_REFERS = re.compile(r"^(?:那么|那|还有)?(?:它们|它|该项目|这个项目|此项目|该|其)")
_SUBJECT_END = frozenset({"v", "vn", "vd", "r", "m", "d", "p", "uj", "ul", "x"})


def names_topic(text: str) -> bool:
    """True when a Chinese question names something besides what it asks: "目前进展如何" asks a status of
    nothing named; "青岚经济总体态势怎样" names 青岚. Question grammar (the cue words of every kind), the
    words that ask for a status, measure or reason (assistant/lexicon/open_cues.tsv) and stop words name
    nothing."""
    from assistant.approaches.text import cue_words
    from index.keyword import STOPWORDS, tokenize

    bare = text
    for pattern in _cues().values():
        bare = pattern.sub(" ", bare)

    asking = {w for sub in ("define", "status", "trait", "how", "why", "what", "asking", "document")
              for w in cue_words(sub)}
    nouns = {w for w, flag in tagged(bare) if flag[:1] in {"n", "j"} or flag == "eng"}
    # (a noun names a thing; "简单介绍一下" has an adverb, "现在到哪一步" a time word, neither a topic)
    return any(len(t) >= 2 and t not in STOPWORDS and t not in _PHRASING and t not in asking
               and any(t in n or n in t for n in nouns) for t in tokenize(bare))


def subject_of(text: str) -> str:
    """The subject a Chinese question opens with ("天和水泥项目的负责人是谁" -> "天和水泥项目"), "" when it
    opens on something else."""
    words = list(tagged(text.strip()))
    kept = ""
    for i, (word, flag) in enumerate(words):
        if word == "的" or (i and flag[:2] in _SUBJECT_END) or flag[:1] in _SUBJECT_END:
            break
        kept += word
    return kept if _CJK_WORD.match(kept) else ""


# an English later part that leaves its subject to a pronoun ("…, and what is its total investment?")
_EN_PRONOUN = re.compile(r"\b(?:its|it|their|they|them)\b", re.I)
# the object an English question is about: the noun phrase after its last of/for/about, up to the question's end
# ("Who is in charge of the Shuangliao wind power project?" -> "the Shuangliao wind power project")
_EN_OBJECT = re.compile(r"\b(?:of|for|about)\s+((?:the\s+)?[\w'’ -]+?)\s*[?.!]?\s*$", re.I)
# else the quantity an English question asks, named whole ("What was Guangdong's total output?" -> "Guangdong's
# total output"): "how much did it grow" asks the growth of that quantity
_EN_ASKED = re.compile(r"^\s*(?:what|which)\s+(?:is|was|are|were)\s+((?:the\s+)?[\w'’ -]+?)\s*[?.!]?\s*$", re.I)
# or the quantity and its owner of "How much X did Owner <verb>?" -> "Owner's X"
_EN_OWNED = re.compile(r"^\s*how\s+(?:much|many)\s+(?P<what>[a-z][\w -]*?)\s+(?:did|does|do|will|has|have|had)\s+"
                       r"(?P<owner>(?-i:[A-Z][\w’'-]*(?:\s+[A-Z][\w’'-]*)*))\s+[a-z]+\s*[?.!]?\s*$", re.I)
# "How many new projects did …" then "how many had started?": the later part counts the same nouns, unsaid
_EN_COUNTED = re.compile(r"\bhow\s+many\s+(?P<noun>[a-z][\w'’ -]*?)\s+(?:did|do|does|were|are|was|is|had|have|has|"
                         r"will)\b", re.I)
_EN_COUNT_ELLIPSIS = re.compile(r"^(?P<ask>\s*how\s+many)\s+(?=(?:had|have|has|were|are|was|is|did|do|does|will)\b)",
                                re.I)


def _object_of(question: str) -> str:
    """What an English question asks about, as a noun phrase (_EN_OBJECT, _EN_ASKED, _EN_OWNED), or ""."""
    m = _EN_OBJECT.search(question) or _EN_ASKED.search(question)
    if m:
        return m.group(1).strip()
    owned = _EN_OWNED.search(question)
    return f"{owned.group('owner')}'s {owned.group('what')}" if owned else ""


def english_with_subject(part: str, earlier: list[str]) -> str:
    """An English later part whose pronoun (its/it/their) stands for what the nearest earlier English part asks
    about, with that noun phrase put in ("what is its total investment?" after "Who is in charge of the X
    project?" -> "what is the total investment of the X project?"); the part as asked when it has no pronoun, is not
    English, or no earlier part names an object."""
    if detect_lang(part) != "en":
        return part
    ellipsis = _EN_COUNT_ELLIPSIS.match(part)
    if ellipsis:
        counted = next((m.group("noun").strip() for m in map(_EN_COUNTED.search, reversed(earlier)) if m), "")
        return f"{ellipsis.group('ask')} {counted} {part[ellipsis.end():]}" if counted else part
    if not _EN_PRONOUN.search(part):
        return part
    subject = next((_object_of(e) for e in reversed(earlier) if _object_of(e)), "")
    if not subject:
        return part

    m = _EN_PRONOUN.search(part)
    if m is None or m.group().lower() not in {"its", "their"}:
        return _EN_PRONOUN.sub(subject, part, count=1)
    # "its total investment" -> "the total investment of X": the of-form, which the English reading takes
    # the quantity and its owner from in that order (a possessive "X's" would leave the owner's words
    # "wind power" to name the quantity)
    body = part[:m.start()] + "the" + part[m.end():]
    stripped = body.rstrip()
    end = len(stripped) - len(stripped.rstrip("?.!"))
    return f"{stripped[:len(stripped) - end]} of {subject}{stripped[len(stripped) - end:]}"


def with_subject(part: str, earlier: list[str]) -> str:
    """A later part of a Chinese multi-part question asked on the subject of the nearest earlier part
    that has one, when it names none of its own; the part as asked otherwise."""
    if detect_lang(part) != "zh":
        return part
    refers = _REFERS.match(part)
    if not refers and names_topic(part):
        return part
    subject = next((s for s in map(subject_of, reversed(earlier)) if s), "")
    rest = part[refers.end():].lstrip("的") if refers else part
    return subject + ("的" if refers and part[refers.end():].startswith("的") else "") + rest \
        if subject and subject not in part else part
