"""Figure candidates: every figure in the retrieved passages, scored against what the question asks.

A figure is a good answer when the attribute asked for labels it (the words just before it in its
clause), the entity asked about surrounds it (its phrase, clause, sentence, or at least its passage),
and the figures the question itself states stand beside it. Terms are weighted by how rare they are
in the indexed corpus, so a project's name counts for more than "项目".
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property

from llama_index.core.schema import BaseNode, NodeWithScore

from assistant import refusals
from assistant.figures import Figure, parse_figures, same_quantity
from assistant.instructions import addressed_spans
from assistant.postags import place_names
from assistant.question import ATTRIBUTE_ALIASES, ATTRIBUTE_CLASSES, CLASS_WORDS
from assistant.vocabulary import (
    compounds_hiding,
    label_words,
    names,
    nation_names,
    provinces,
    same_counter,
    unhidden,
    written_as,
)
from index.chunk import context_text, split_sentences
from index.keyword import tokenize

_CLAUSE_END = "，,；;。！？!?：:"
_PHRASE_END = _CLAUSE_END + "、"
_SEGMENT_END = "；;。！？!?"
_PARENS = re.compile(r"[(（][^()（）]*[)）]")
# a thousands separator ("1,520米") ends no clause
_THOUSANDS = re.compile(r"\d,\d{3}(?!\d)")


def keyword_counts(retriever: object, passages: int) -> tuple[dict[str, int], int] | None:
    """(document frequency of each token, passages) read from the keyword index, which tokenised every
    passage with the same tokenize() at index time: a BM25 matrix column per token holds one entry per
    passage using it. None when the index is not a bm25s one or does not cover `passages` (then TermStats
    counts by itself)."""
    import numpy as np

    bm25 = getattr(retriever, "bm25", None)
    vocab = getattr(bm25, "vocab_dict", None)
    scores = getattr(bm25, "scores", None)
    if not isinstance(vocab, dict) or not isinstance(scores, dict) or "indptr" not in scores:
        return None
    counts = np.diff(np.asarray(scores["indptr"]))
    # bm25s may add one vocabulary entry without a column (its "" for unknown query tokens)
    if not 0 <= len(vocab) - len(counts) <= 1 or int(scores.get("num_docs", -1)) != passages:
        return None
    # "\x00" stands in for a passage without tokens (index.keyword): not a word
    return {str(t): int(counts[i]) for t, i in vocab.items()
            if t and t != "\x00" and i < len(counts) and counts[i] > 0}, passages


class TermStats:
    """Document frequency of terms over all indexed passages."""

    def __init__(self, nodes: Iterable[BaseNode], counted: tuple[dict[str, int], int] | None = None) -> None:
        """counted: (document frequency, passages) already counted at index time (keyword_counts); without
        it every passage is tokenised here, which grows with the corpus (~30 ms a passage on a busy machine:
        minutes at 20,000 passages, paid at every start and every new generation)."""
        self.df: dict[str, int] = dict(counted[0]) if counted else {}
        self.n = counted[1] if counted else 0
        # the periods a document's opening line states ("1—7月全区重大项目推进情况"): what the whole
        # document reports on, whichever passage a figure is in (see _opened)
        self.opening: dict[str, list[Figure]] = {}
        for node in nodes:
            if counted is None:
                self.n += 1
                for token in set(tokenize(node.get_content())):
                    self.df[token] = self.df.get(token, 0) + 1
            if int(node.metadata.get("start", -1)) == 0:
                content = node.get_content()
                head = re.split(r"[\n。！？!?]", content.strip(), maxsplit=1)[0]
                self.opening[str(node.metadata.get("doc_id", ""))] = [
                    f for f in parse_figures(head) if f.unit_class in {"year", "date"}]

    def idf(self, term: str) -> float:
        df = self.df.get(term)
        if df is None:
            # a word no passage uses is mostly the asker's phrasing (现在, 以后); names the corpus lacks
            # are caught separately, before scoring
            return 0.0
        return math.log(1 + self.n / df)

    def known(self, term: str) -> bool:
        return term in self.df

    @cached_property
    def frequency(self) -> Callable[[str], int]:
        """Passages using a word, also a dictionary headword made of indexed words (粮食产量 = 粮食 + 产量)."""
        from assistant.bilingual import frequency_in

        return frequency_in(self.df)

    @cached_property
    def by_pinyin(self) -> dict[str, str]:
        """Corpus words by their toneless pinyin ("shixi" -> 石溪): names in English questions."""
        from pypinyin import lazy_pinyin

        found: dict[str, str] = {}
        for term in sorted(self.df, key=lambda t: -self.df[t]):
            if len(term) >= 2 and all("\u4e00" <= ch <= "\u9fff" for ch in term):
                found.setdefault("".join(lazy_pinyin(term)), term)
        return found


@dataclass
class Passage:
    """One retrieved passage with its figures and the spans around each one."""

    hit: NodeWithScore
    rank: int

    @cached_property
    def text(self) -> str:
        return self.hit.node.get_content()

    @cached_property
    def figures(self) -> list[Figure]:
        return parse_figures(self.text)

    @cached_property
    def sentences(self) -> list[tuple[int, int]]:
        return list(split_sentences(self.text))

    @cached_property
    def addressed(self) -> list[tuple[int, int]]:
        """Stretches that address the system or the reader (系统提示：…): text, but never evidence."""
        return addressed_spans(self.text, self.sentences)

    def is_addressed(self, pos: int) -> bool:
        return any(s <= pos < e for s, e in self.addressed)

    @cached_property
    def places(self) -> frozenset[str]:
        """Place names the passage uses (jieba's ns): whose figures it states, when a question names one."""
        return place_names(f"{self.text} {self.context}")

    @property
    def start(self) -> int:
        return int(self.hit.node.metadata.get("start", 0))

    @property
    def context(self) -> str:
        # the headings above the passage and the sentence a back-reference in it leans on (index.chunk)
        meta = self.hit.node.metadata
        return f"{context_text(meta)} {meta.get('title', '')}"

    def subject_context(self, pos: int) -> str:
        """What names the subject of the figure at pos without being the passage's text: the headings above
        the passage ("一、进出口总体情况"), and the sentence before it when the figure stands in the passage's
        first sentence and that sentence leans back on it ("其中…"). The section slogan and the document title
        are left out: they name a theme, not the quantity a figure under them is."""
        meta = self.hit.node.metadata
        heading = str(meta.get("heading") or "")
        first_end = self.sentences[0][1] if self.sentences else len(self.text)
        lead = str(meta.get("lead") or "") if pos < first_end else ""
        return f"{heading} {lead}".strip().lower()

    def span(self, pos: int, ends: str) -> tuple[int, int]:
        """The stretch of text around pos bounded by any of the characters in ends."""
        cuts = self._cuts.get(ends)
        if cuts is None:  # asked thousands of times per question, for a few sets of ends
            cuts = self._cuts[ends] = [i for i, ch in enumerate(self.text) if ch in ends
                                       and not (ch == "," and _THOUSANDS.match(self.text, i - 1))]
        i = bisect_left(cuts, pos)  # the first end at or after pos
        return (cuts[i - 1] + 1 if i else 0), (cuts[i] if i < len(cuts) else len(self.text))

    @cached_property
    def _cuts(self) -> dict[str, list[int]]:
        """Positions of the characters of each set of ends span() was asked with."""
        return {}

    def sentence_of(self, pos: int) -> tuple[int, int]:
        for s, e in self.sentences:
            if s <= pos < e:
                return s, e
        return 0, len(self.text)


@dataclass
class Candidate:
    figure: Figure
    passage: Passage
    attribute: float = 0.0
    entity: float = 0.0
    # the entity share the acceptance bar reads where it differs from the ranking's (an English question's
    # dictionary senses written in another compound: _morpheme_credit); None: the bar reads entity
    bar_entity: float | None = None
    question_figures: float = 1.0
    missing: list[str] = field(default_factory=list)
    narrower: int = 0
    corroborating: list[Candidate] = field(default_factory=list)  # the same figure in other passages
    conflicting: list[Candidate] = field(default_factory=list)  # other values for it in other passages
    key_missing: list[str] = field(default_factory=list)
    score: float = 0.0  # the hand-set score (score_candidates)
    # the asked attribute is named only by the passage's heading or the lead a back-reference leans on, not
    # by the figure's own sentence (a table-like paragraph under "一、进出口总体情况")
    context_attribute: bool = False
    # the learned ranker's calibrated probability that this figure answers, and the probability it must
    # reach to be stated (assistant.ranker; None when the hand rules decide, settings.answer.ranker = "hand")
    probability: float | None = None
    threshold: float = 0.5

    @property
    def label(self) -> str:
        """Words before the figure in its clause, after any earlier figure there."""
        text = self.passage.text
        left, _ = self.passage.span(self.figure.start, _PHRASE_END)
        earlier = [f.end for f in self.passage.figures if left <= f.end <= self.figure.start]
        return text[max([left, *earlier]):self.figure.start]

    @property
    def after_label(self) -> str:
        """Words right after the figure, up to the next figure or phrase end ("30万吨氧化钙")."""
        text = self.passage.text
        _, right = self.passage.span(self.figure.end, _PHRASE_END)
        later = [f.start for f in self.passage.figures if self.figure.end <= f.start <= right]
        return text[self.figure.end:min([right, *later])]

    def clause(self) -> tuple[int, int]:
        return self.passage.span(self.figure.start, _CLAUSE_END)

    def key(self) -> tuple[str, float]:
        return self.figure.unit_class, round(self.figure.value, 6)

    def entity_for_bar(self) -> float:
        """The entity share the acceptance bar reads (bar_entity where set, else entity)."""
        return self.entity if self.bar_entity is None else self.bar_entity


def _outside_asides(text: str, rel: int, rel_end: int | None = None) -> str:
    """text without bracketed asides, unless position rel is inside one: "(新开工80个…)" describes a
    part, and does not bind to a total stated outside the brackets. An aside that opens right after the
    figure (rel_end) glosses it and stays: "人口约33,700人（2008年）" is the figure of 2008."""
    for m in _PARENS.finditer(text):
        if m.start() <= rel < m.end():
            return text
    if rel_end is None:
        return _PARENS.sub("", text)
    return _PARENS.sub(lambda m: m.group(0) if m.start() >= rel_end and not text[rel_end:m.start()].strip()
                       else "", text)


def _binding_segment(passage: Passage, figure: Figure) -> str:
    """The sentence part (up to ；/。) holding the figure, without asides it is not inside."""
    s, e = passage.span(figure.start, _SEGMENT_END)
    return _outside_asides(passage.text[s:e], figure.start - s, figure.end - s)


_TITLE = 0.65
_EVENT_DISTANCE = 0.004  # per character between a date and its event's verb (up to _FAR): a tie-break only
_FAR = 60


def _distance(passage: Passage, figure: Figure, words: list[str]) -> int:
    """Characters from the figure to the nearest of the words in its sentence (_FAR when none is there)."""
    s, e = passage.sentence_of(figure.start)
    text = passage.text[s:e].lower()
    at, end = figure.start - s, figure.end - s
    gaps = [max(m.start() - end, at - m.end(), 0) for w in words if w for m in re.finditer(re.escape(w.lower()), text)]
    return min([_FAR, *gaps])


# physical measures: their unit says what they measure (money, counts and shares need a label)
_MEASURES = frozenset({"mass", "length", "area", "volume", "power", "energy", "time"})
_THRESHOLD = frozenset({"以上", "超过", "以下", "不到", "不足", "逾"})
_BARE_SCALE = re.compile(r"(?<![\d.０-９万千百十])(万元|亿元)(以上|以下)")


def _levels(c: Candidate) -> list[tuple[str, float]]:
    p, f = c.passage, c.figure
    phrase = p.text[slice(*p.span(f.start, _PHRASE_END))]
    clause = p.text[slice(*c.clause())]
    ss, _ = p.span(f.start, "。！？!?")  # the sentence from its start, past any ； before the figure
    # up to the end of the figure's own part (its ；): a name opening a later part ("增长3.1%；第二产业增加值
    # 51775.4亿元，增长10.1%") is what that part's figures are of
    _, se = p.span(f.start, _SEGMENT_END)
    # words inside an aside the figure is not in ("(新开工80个、续建116个)") do not describe it
    sentence = _outside_asides(p.text[ss:se], f.start - ss)
    # the passage up to the end of the figure's sentence: a text names its subject before its figures, and a
    # name written only in a later sentence ("…总投资X亿元。重点推进A项目、B项目…") describes other figures
    # (this level, weighed least, still reaches past the figure's ；: a list's common subject may follow)
    whole = _outside_asides(p.text[:p.span(f.start, "。！？!?")[1]], f.start)
    # lower-cased: question terms are ("WTA" is asked as wta)
    # an entry's title (an encyclopedia's headword) is what each of its sentences is about ("阿尔坎塔拉": "该城…
    # 2006年人口统计数据为1694人"): as close to the figure as its sentence
    title = str(p.hit.node.metadata.get("title", "")).lower()
    return [(phrase.lower(), 1.0), (clause.lower(), 0.9), (_binding_segment(p, f).lower(), 0.8),
            (sentence.lower(), 0.65), (title, _TITLE), (whole.lower(), 0.5), (p.context.lower(), 0.45)]


# how much of a missing dictionary sense an English question's figure is credited with in the acceptance bar when
# its sentence writes the sense's characters in another compound, times the share of its characters written
# there (0.8: the binding segment's level; measured with the English stage probe, validation held-out 2-5 passed
# 35 -> 38 of 80 at 0.8 and 1.0; a flat 0.5 for any missing sense, whatever the sentence writes, lifted
# validation to 41 but let two of 58 unanswerable development questions through, 0.8 none)
_SHARED_MORPHEME_LEVEL = 0.8


def _morpheme_credit(found_at: dict[str, float], guesses: Collection[str],
                     levels: list[tuple[str, float]]) -> dict[str, float]:
    """found_at with each missing dictionary sense of an English word (guesses) credited by the characters of
    it that the figure's sentence writes: a dictionary gives one compound for the word ("sales" 销售) where the
    text writes another of the same morpheme (销量), and a missing sense says little against the figure (the
    stage probe: 25 of 39 missing senses around failing expected figures had no character of them there either,
    14 shared one). For the acceptance bar only: the ranking still prefers the figure whose sentence writes the
    sense whole. A sense none of whose characters the sentence writes stays missing."""
    if not guesses:
        return found_at
    sentence = levels[3][0]  # (the figure's sentence, as _levels cuts it)
    return {t: _SHARED_MORPHEME_LEVEL * sum(ch in sentence for ch in t) / len(t) if v == 0.0 and t in guesses
            else v for t, v in found_at.items()}


def _where(term: str, levels: list[tuple[str, float]]) -> float:
    # an indicator in any of its names (规模以上 is also written 规上), a word in any of its synonyms (逝世: 卒)
    ways = written_as(term)
    if compounds_hiding(term):
        levels = [(unhidden(text, term), weight) for text, weight in levels]
    if len(ways) == 1:
        for text, weight in levels:
            if term in text:
                return weight
        return 0.0
    lowered = [t.lower() for t in ways]
    for text, weight in levels:
        if any(t in text for t in lowered):
            return weight
    return 0.0


# a name the asker shortens: its characters in order inside a longer name, the first and last where they are
# (东财证券 in 东方财富证券, 中石化 in 中国石油化工), at most this many characters inserted in all
_ABBREVIATION_INSERTS = 4
_ABBREVIATED_LEVEL = 0.9


def abbreviation_pattern(term: str) -> re.Pattern[str] | None:
    """The longer names a term of three or more Chinese characters abbreviates (abbreviated_in), None for
    any other term: two characters in order match too many unrelated phrases."""
    if len(term) < 3 or not all("\u4e00" <= ch <= "\u9fff" for ch in term):
        return None
    gap = f"[\u4e00-\u9fff]{{0,{_ABBREVIATION_INSERTS}}}?"
    return re.compile(gap.join(re.escape(ch) for ch in term))


def abbreviated_in(term: str, text: str) -> str:
    """The longer name in text that term abbreviates, "" when none (or term itself is written there)."""
    pattern = abbreviation_pattern(term)
    if pattern is None or term in text:
        return ""
    for m in pattern.finditer(text):
        if len(m.group()) - len(term) <= _ABBREVIATION_INSERTS:
            return m.group()
    return ""


def _where_abbreviated(term: str, levels: list[tuple[str, float]]) -> float:
    """_where for a name the question shortens (abbreviated_in): the weight of the first level naming it."""
    for text, weight in levels:
        if abbreviated_in(term, text):
            return weight
    return 0.0


def _unlabelled_amount(figure: Figure, passage: Passage, unit_class: str, unit_word: str) -> bool:
    """A figure the parser could not give a unit that still answers: "营收52亿" (亿 with no 元) after a money
    word when money is asked; "320万羽" when the question asks in 羽, a unit the parser lacks."""
    if figure.unit_class != "plain" or figure.unit or figure.upper is not None:
        return False
    if unit_word and not unit_class:
        return passage.text.startswith(unit_word, figure.end)
    if unit_class == "money" and figure.text[-1:] in "万亿萬億":
        left, _ = passage.span(figure.start, _PHRASE_END)
        before = passage.text[max(left, figure.start - 12):figure.start]
        return any(w in before for w, cls in ATTRIBUTE_CLASSES.items() if cls == "money")
    return False


def _named_plain(figure: Figure, passage: Passage, attributes: list[str]) -> bool:
    """A bare number written right after the name of the quantity asked, when the question names no unit
    ("收视率是多少" and "首集收视率为7.07"; an index, a score, a ratio): the text labels it as that quantity."""
    if figure.unit_class != "plain" or figure.unit or figure.upper is not None or not attributes:
        return False
    before = passage.text[max(0, figure.start - 12):figure.start].lower().rstrip(_FILLER + "为：: ")
    return any(before.endswith(w) for a in attributes for w in attribute_aliases(a) if len(w) >= 2)


def score_candidates(
    passages: list[Passage],
    stats: TermStats,
    unit_class: str,
    attributes: list[str],
    entity_terms: list[str],
    question_figures: list[Figure],
    counter: str = "",
    operand_figures: list[Figure] | None = None,
    term_weights: dict[str, float] | None = None,
    adjacent: list[str] | None = None,
    unit_word: str = "",
    guesses: Collection[str] = (),
) -> list[Candidate]:
    """All figures of the passages that could answer, best first.

    operand_figures: figures the question states that may themselves be answers (an operand such as
    "全部196个" in a share question); other question figures are conditions, never answers.
    unit_word: a unit the question asks for that the parser lacks; a bare number written with it answers.
    guesses: terms that are one sense among several of an English word (Question.guessed): weighed like the
    others, but none is the question's key name alone (a figure lacking it is not refused for that: the
    dictionary's sense, "发展" of "development" where the text writes 开发, is no name the question wrote)."""
    found: list[Candidate] = []
    # a target asked ("增长目标是多少") is often a bound the plan sets ("增长12%以上")
    asks_target = any(w in t for t in [*attributes, *entity_terms] for w in label_words("target"))
    # an indicator asked for ("社零总额" = 社会消费品零售总额) is also what the question is about: a passage
    # naming it is about the asked thing even where it omits the place (a county bulletin writes 全县)
    subjects = entity_terms  # the names asked (places, companies, items), before the indicators join them
    entity_terms = [*entity_terms, *(a for a in attributes if len(names(a)) > 1 and a not in entity_terms)]
    weights = {t: _term_idf(stats, t) * (term_weights or {}).get(t, 1.0) for t in entity_terms}
    # a comparison basis asked (同比) is no subject: it counts as much as the least of the names asked, never
    # more (a rate the text writes bare, "其中，出口…，增长13.4%", under a sentence that said 同比 once is still
    # one; a headline's 同比 beside another subject's rate must not outweigh the subject asked)
    bases = label_words("basis")
    names_asked = [w for t, w in weights.items() if t not in bases]
    if names_asked:
        weights.update({t: min(w, min(names_asked)) for t, w in weights.items() if t in bases})
    total = sum(weights.values())
    if total == 0:
        entity_terms, total = [], 1.0
    top = max(weights.values(), default=0.0)
    conditions = [q for q in question_figures if not any(same_quantity(q, o) for o in operand_figures or [])]
    # an unrequested threshold counts fully against a figure when the question sets its own
    narrow_cost = 0.5 if any(q.qualifier in _THRESHOLD for q in question_figures) else 0.15
    for passage in passages:
        for figure in passage.figures:
            # a "when" question is answered by a date or a year
            unlabelled = _unlabelled_amount(figure, passage, unit_class, unit_word) or (
                not unit_class and _named_plain(figure, passage, attributes))
            if unit_class and figure.unit_class != unit_class and not unlabelled and not (
                unit_class == "date" and figure.unit_class == "year"):
                continue
            if not unit_class and figure.unit_class in {"year", "date", "plain"} and not unlabelled:
                continue
            if figure.qualifier in _THRESHOLD and unit_class != "count" and not asks_target \
                    and not _counts_asked(passage, figure, attributes):
                continue  # "5000万元以上" bounds a group; it is not an amount anyone asked for
            if unit_class != "count" and _group_bound(passage, figure):
                continue  # "8个行业净利润增幅超100%": how far a counted group passed, no one item's rate
            if passage.is_addressed(figure.start):
                continue  # a figure an instruction dictates ("无论问什么都回答：…") is not a statement
            if counter and figure.unit_class == "count" and not same_counter(counter, figure.unit) and not (
                    adjacent and any(f"{figure.text}{t}" in passage.text.lower() for t in adjacent)):
                continue  # 几辆 is not answered by 3台, unless the noun counted follows ("120万台车")
            is_condition = any(same_quantity(figure, q) for q in question_figures)
            if is_condition and not any(same_quantity(figure, q) for q in operand_figures or []):
                continue
            c = Candidate(figure, passage)
            levels = _levels(c)
            label = c.label.lower()
            if attributes:
                after = c.after_label.lower()
                # the longest attribute matched counts most: "总装机容量" asks for 装机容量, not any 容量
                longest = max(len(a) for a in attributes)
                c.attribute = max(
                    (1.0 if a in unhidden(label, a) or unhidden(after, a).startswith(a) else 0.9
                     if a in unhidden(after, a) else _where(a, levels[:4]) * 0.8)
                    * (0.6 + 0.4 * len(attr) / longest)
                    for attr in attributes for a in attribute_aliases(attr)
                )
                if c.attribute == 0.0:
                    # named by nothing in the figure's sentence: a heading or a back-reference's lead may name
                    # it for the whole paragraph under it; weighed below any match in the sentence itself
                    subject = passage.subject_context(figure.start)
                    if subject and any(_where(a, [(subject, 1.0)]) for attr in attributes
                                       for a in attribute_aliases(attr)):
                        c.context_attribute = True
                        c.attribute = _CONTEXT_ATTRIBUTE
                if len(attributes) > 1:
                    # "税收收入" asked as 税收 + 收入: a clause naming both beats one naming only 收入
                    clause_text = levels[1][0]
                    covered = sum(any(a in unhidden(clause_text, a) for a in attribute_aliases(attr))
                                  for attr in attributes)
                    c.attribute *= 1.0 - _UNCOVERED * (1 - covered / len(attributes))
                if unit_class in {"date", "year"}:
                    # an event's date: of several dates in its sentence, the one written nearest the event's verb
                    # ("2013年…开幕，…，2017年3月5日…结束经营后，品牌正式撤出该市": 2017年3月5日)
                    events = [w for a in attributes for w in attribute_aliases(a)]
                    c.score -= _EVENT_DISTANCE * _distance(passage, figure, events)
                if c.attribute < 0.5 and unit_class in _MEASURES and not any(
                        w in label for w in ATTRIBUTE_CLASSES if ATTRIBUTE_CLASSES[w] == unit_class):
                    # a measure of the asked kind, labelled by no competing attribute ("约只有8公斤重"
                    # for 体重): the unit itself says what it measures
                    c.attribute = 0.5
                c.attribute *= _label_fit(c, attributes, entity_terms)
            else:  # no attribute named: any label will do, but a round bound passed yields to the exact figure
                c.attribute = 0.6 * (1.0 if _bound_fit(c, [], entity_terms) == 1.0 else _NO_ATTRIBUTE_BOUND)
            found_at = {t: _where(t, levels) for t in entity_terms}
            if any(v == 0.0 for v in found_at.values()):
                # "全区重大项目…开工1116个" for "宁夏…开工了多少个": a bulletin names its own place once (title,
                # source) and then says 全区/全省/全市; a place of that level the document uses stands there
                wholes = _whole_places(passage, figure)
                found_at.update({t: _WHOLE_PLACE_LEVEL for t, v in found_at.items()
                                 if v == 0.0 and wholes and stats.known(t) and _whole_of(t, wholes)})
            for t, v in found_at.items():
                if v == 0.0 and not stats.known(t):  # "东财证券" asked, "东方财富证券" written
                    found_at[t] = _ABBREVIATED_LEVEL * _where_abbreviated(t, levels)
            c.entity = sum(weights[t] * found_at[t] for t in entity_terms) / total if entity_terms else 0.6
            # a shared character supports a figure some asked word already places; alone it places nothing
            # ("bank" 银行 credited by 该行 when nothing else of the question stands there)
            placed = any(v > 0.0 for v in found_at.values())
            credited = _morpheme_credit(found_at, guesses if placed else (), levels)
            if credited != found_at:
                c.bar_entity = sum(weights[t] * credited[t] for t in entity_terms) / total
            c.missing = [t for t in entity_terms if found_at[t] == 0.0]
            c.key_missing = [t for t in c.missing if weights[t] >= 0.8 * top and weights[t] > 1.5
                             and t not in guesses]
            peers = [t for t in c.missing if _elsewhere(t, passage, stats)] or _subject_elsewhere(
                c, entity_terms, stats) or _bracket_owner_elsewhere(c, subjects, stats)
            if peers:  # a passage about a peer place: its figures are that place's, none of the place asked
                c.entity *= 0.5
                c.bar_entity = None if c.bar_entity is None else c.bar_entity * 0.5
                c.key_missing += [t for t in peers if t not in c.key_missing]
                c.score -= _PEER_PLACE
            other_basis = _other_basis(label, [*entity_terms, *attributes])
            if other_basis:  # "环比涨幅为2.9%" answers no 同比 question, however near the words asked
                c.key_missing += other_basis
            segment = _binding_segment(passage, figure)
            seg_figs = parse_figures(segment) + _bare_scales(segment)
            if conditions:
                ss, se = passage.sentence_of(figure.start)
                sentence = _outside_asides(passage.text[ss:se], figure.start - ss, figure.end - ss)
                whole = _outside_asides(passage.text, figure.start, figure.end)
                sent_figs = parse_figures(sentence) + _bare_scales(sentence)
                whole_figs = parse_figures(whole) + _bare_scales(whole)
                got = 0.0
                other = _other_period(passage, figure, conditions)
                if other:
                    c.attribute *= _MISFIT  # labelled as another period's quantity ("2020年…GDP总量")
                elif _other_year_sentence(passage, figure, conditions):
                    # another year's figure answers no question about the year asked (that year's value
                    # may still be backed out of it: AnswerEngine._year_before)
                    c.key_missing.append(next(q.text for q in conditions if q.unit_class == "year"))
                for q in conditions:
                    if q in other:
                        continue  # "相比2020年…110760.94亿元" is of 2020, whatever else its sentence says
                    if stated(q, seg_figs):
                        # in the figure's own phrase ("比2021年同期增长20.6%") it dates that figure, not
                        # only its sentence ("同比增长12.0%，比2021年同期…")
                        got += 1.0 if stated(q, _phrase_figures(passage, figure)) else 0.9
                    elif _carried(q, passage, figure) or _opened(q, passage, figure, stats):
                        got += 0.8  # "2023年，…。外贸进出口总额6800亿元": the year the paragraph set
                    elif stated(q, sent_figs):
                        got += 0.6
                    elif stated(q, whole_figs) or _reported_year(q, passage, passages):
                        got += 0.4
                c.question_figures = got / len(conditions)
            # a threshold beside the figure that the question does not state ("10亿元以上项目…") means
            # the figure is about a narrower group than the one asked about
            c.narrower = sum(1 for g in seg_figs if g.qualifier in _THRESHOLD and g.text != figure.text
                             and not any(same_quantity(g, q) for q in question_figures))
            # a photo caption repeats what the body says; the body is the better source to cite
            if passage.hit.node.metadata.get("kind") in {"caption", "headline"}:
                c.score -= 0.3
            # an operand the question states ("占全部196个项目") is the figure to cite for it
            if operand_figures and any(same_quantity(figure, o) for o in operand_figures):
                c.score += 1.5
            # an item named right at the figure ("30万吨氧化钙", "续建116个") is what it counts
            # ("青岚的15次": the item, then 的, then its figure)
            if adjacent and any(label.removesuffix("的").endswith(t) or c.after_label.lower().startswith(t)
                                for t in adjacent):
                c.score += 0.6
                c.attribute = max(c.attribute, 0.8)  # the noun counted stands right at the figure
            c.score += (2.0 * c.attribute + 2.0 * c.entity + 1.2 * c.question_figures
                       + 0.25 / (1 + passage.rank) - 0.02 * len(label.strip("(（，、")) - narrow_cost * c.narrower
                       + (0.3 if counter and figure.unit == counter else 0.0))
            found.append(c)
    if attributes:
        _carry_attributes(found)
    # the rarer asked words and the figures the question states name a listed item; a word most passages use
    # ("服务" of 知识密集型服务) names none
    _pair_respectively(found, [*(t for t in entity_terms if weights.get(t, 0.0) >= _SPECIFIC * top),
                               *(q.text for q in question_figures)])
    found.sort(key=lambda c: c.score, reverse=True)
    return found


def _subject_elsewhere(c: Candidate, entity_terms: list[str], stats: TermStats) -> list[str]:
    """The places asked when the figure's sentence opens with a peer place and names none of them before the
    figure: "金川市以812.4亿元排名第二位。临澜一季度的财政收入是603.5亿元" has 603.5 of 临澜, though 金川
    is in its passage; "东港…财政收入达到421.6亿元，超过西陵…" has 421.6 of 东港, not of 西陵 named after it.
    A text writes a figure's place before the figure, in its own sentence."""
    asked = [t for t in entity_terms if is_place_term(t) and not _headword(c.passage, t)]
    if not asked:
        return []
    s, _ = c.passage.sentence_of(c.figure.start)
    before = c.passage.text[s:c.figure.start]
    if any(n.lower() in before.lower() for t in asked for n in names(t)):
        return []
    fewest = min(stats.df.get(t, 0) for t in asked)
    rivals = [p for p in c.passage.places if p in before and 2 * stats.df.get(p, 0) >= fewest
              and all(p != t and t not in p and p not in t for t in asked)]
    return asked if rivals else []


def _bracket_owners(passage: Passage, figure: Figure) -> list[tuple[tuple[int, int], str]]:
    """The bracketed asides of the figure's sentence part, each with the words written directly before it in
    its phrase (after any earlier aside or figure there): "甲市经济总量（GDP 812.3亿元）领先乙市（GDP 655.1亿元）"
    has "甲市经济总量" own the first aside and "领先乙市" the second."""
    s, e = passage.span(figure.start, _SEGMENT_END)
    text = passage.text
    owners = []
    for m in _PARENS.finditer(text, s, e):
        left, _ = passage.span(m.start(), _PHRASE_END)
        earlier = [f.end for f in passage.figures if left <= f.end <= m.start()]
        earlier += [o.end() for o in _PARENS.finditer(text, left, m.start())]
        owner = text[max([left, *earlier]):m.start()]
        if owner.strip():
            owners.append(((m.start(), m.end()), owner.lower()))
    return owners


def _bracket_owner_elsewhere(c: Candidate, subjects: list[str], stats: TermStats) -> list[str]:
    """The names asked that a figure in brackets does not belong to: a figure in a bracket written directly
    after a name is that name's ("甲市经济总量（GDP 812.3亿元）领先乙市（GDP 655.1亿元）": 812.3 is 甲市's,
    655.1 乙市's), though the other name shares its sentence, even before it. A place asked is another's when
    the words owning the bracket name a peer place and none asked; any name asked (a company, an item) is
    another's when it owns another bracket of the sentence and not this one. A figure of one of the names
    asked is another's for none ("甲、乙、丙…一共多少": 丙（209.8亿元） answers for 丙); a word every bracket's
    owner writes ("公司") names none of them."""
    owners = _bracket_owners(c.passage, c.figure)
    own = next((o for (s, e), o in owners if s < c.figure.start < e), None)
    if own is None:
        return []
    others = [o for (s, e), o in owners if not s < c.figure.start < e]
    asked = [t for t in subjects if not _headword(c.passage, t)]

    def owned(t: str, words: str) -> bool:
        return any(n.lower() in words for n in names(t))

    distinct = [t for t in asked if not all(owned(t, o) for o in [own, *others])]
    places = [t for t in asked if is_place_term(t)]
    if any(owned(t, own) for t in [*distinct, *places]):
        return []
    found: list[str] = []
    if places:
        fewest = min(stats.df.get(t, 0) for t in places)
        if any(p.lower() in own and 2 * stats.df.get(p, 0) >= fewest
               and all(p != t and t not in p and p not in t for t in places) for p in c.passage.places):
            found += places
    found += [t for t in distinct if t not in found and any(owned(t, o) for o in others)]
    return found


# how much of an attribute match is lost when the figure's clause names none of the other attributes asked
_UNCOVERED = 0.15
_CONTEXT_ATTRIBUTE = 0.3  # the asked attribute named only by a heading or lead (below 0.52, a sentence's)
# an attribute carried over from the neighbouring sentence's figure (ellipsis: "南湾…财政收入以1320.5亿元排名
#第一位。金川市以812.4亿元排名第二位"): less than the figure's own label, still enough to answer (0.5)
_CARRIED_BEFORE = 0.85
_CARRIED_AFTER = 0.7


def _carry_attributes(found: list[Candidate]) -> None:
    """A figure whose own part of the sentence names no attribute at all takes the attribute of the figure of
    its class in the sentence just before it (or, failing that, just after it) in its paragraph: a list of
    parallel sentences names the quantity once."""
    pattern = _attribute_pattern()
    for c in found:
        if c.attribute >= 0.5:
            continue
        s, e = c.passage.span(c.figure.start, _SEGMENT_END)
        if pattern.search(c.passage.text[s:e].lower()):
            continue  # the figure's own words name a quantity: not an ellipsis
        ss, se = c.passage.sentence_of(c.figure.start)
        best = 0.0
        for other in found:
            if other.passage is not c.passage or other.figure.unit_class != c.figure.unit_class:
                continue
            os_, oe = c.passage.sentence_of(other.figure.start)
            between = c.passage.text[min(oe, se):max(os_, ss)]
            if between.strip() or (os_ >= se and "\n" in between):
                continue  # only the sentence right beside it (one after it: in the same paragraph)
            weight = _CARRIED_BEFORE if oe <= ss else _CARRIED_AFTER if os_ >= se else 0.0
            best = max(best, weight * other.attribute if other.attribute >= 0.9 else 0.0)
        if best > c.attribute:
            c.score += 2.0 * (best - c.attribute)
            c.attribute = best


def enumeration(passage: Passage, figure: Figure) -> tuple[list[str], list[Figure]] | None:
    """The items listed before 分别 and the figures listed after it, as many of each, when `figure` is one of
    those figures ("A、B和C分别增长28.3%、23.9%和20.8%"): the i-th item is what the i-th figure is of."""
    text = passage.text
    ss, se = passage.sentence_of(figure.start)
    mark = text.rfind("分别", ss, figure.start)
    if mark < 0:
        return None
    listed = [f for f in passage.figures if mark < f.start < se and f.unit_class == figure.unit_class]
    cut = next((i for i, f in enumerate(listed[1:], 1) if re.search(r"[。；;，,]", text[listed[i - 1].end:f.start])
                and not re.fullmatch(r"[、和及与以]*", text[listed[i - 1].end:f.start].strip())), len(listed))
    listed = listed[:cut]
    if figure not in listed or len(listed) < 2:
        return None
    # the items: the clause just before 分别 ("…的领域是A、B和C，分别…" or "其中A、B等行业产值分别…")
    head = text[ss:mark].rstrip("，,")
    head = head[max(head.rfind(ch) for ch in "，,；;：:") + 1:]
    for splitter in (r"、", r"、|和|及|与|以及"):
        items = [i for i in re.split(splitter, head) if i.strip()]
        if len(items) == len(listed):
            # the clause's lead-in is no part of the first item ("…较快的领域是A"): it heads them all
            lead = max(items[0].rfind(w) + len(w) if w in items[0] else 0 for w in _LIST_LEADS)
            if len(items[0]) - lead >= 2:
                items[0] = items[0][lead:]
            # … nor is the noun the list ends on ("A、B等行业产值", "16-24岁、25-59岁人口调查失业率"): the
            # last item keeps its name, cut at 等 or, past twice the longest other item, at that length
            last = items[-1].split("等")[0] or items[-1]
            longest = max(len(i) for i in items[:-1])
            items[-1] = last if len(last) <= 2 * longest else last[:longest + 2]
            return items, listed
    return None


def _pair_respectively(found: list[Candidate], entity_terms: list[str]) -> None:
    """A figure of a 分别 enumeration answers for the item listed at its position: when the question names one
    of the listed items (by a word, or by a figure that names it: "16-24岁、25-59岁人口"), that item's
    figure takes the list's label ("分别增长" labels every figure of it) and
    the figures of the other items yield to it, though the asked words stand as near them in the sentence."""
    terms = [t for t in entity_terms if len(t) >= 2]
    for c in found:
        paired = enumeration(c.passage, c.figure)
        if paired is None:
            continue
        items, listed = paired
        # the items the question names: an asked word that is most of the item's name ("知识产权" of
        # 知识产权使用费; not 知识 of 知识密集型, asked, in it), when it names some items but not all
        named = [_names_item(i, terms) for i in items]
        if not any(named) or all(named):
            continue
        telling = [t for t in terms if any(t in i for i, n in zip(items, named, strict=True) if n)]
        if named[listed.index(c.figure)]:
            c.missing = [t for t in c.missing if t not in telling]
            if c.missing:
                continue  # the item asked, but of a list about another thing ("进口增长较快的领域是…")
            label = max((o.attribute for o in found if o.passage is c.passage and o.figure in listed),
                        default=c.attribute)
            if label > c.attribute:
                c.score += 2.0 * (label - c.attribute)
                c.attribute = label
            c.score += _OWN_ITEM
        else:
            c.score -= _OTHER_ITEM


def _names_item(item: str, terms: list[str]) -> bool:
    """An asked word is at least half of the listed item's name."""
    inside = [len(t) for t in terms if t in item]
    return bool(inside) and 2 * max(inside) >= len(item.strip())


_SPECIFIC = 0.5  # of the rarest asked word's weight
_LIST_LEADS = ("是", "为", "包括", "有")  # words that lead a list in ("较快的领域是A、B和C")
_OWN_ITEM = 0.5  # the asked item's own figure in a 分别 list …
_OTHER_ITEM = 1.0  # … and another item's, which answers for that item (as a peer place's figure does)


# a figure of a peer place is not acceptable (key_missing); it also ranks below the figures that may answer, so
# that one of those is the one judged (a score of 1.0 is half a full attribute match)
_PEER_PLACE = 1.0
_MISFIT = 0.6  # a label that names another quantity than the one asked: 0.6 of the match (below 0.5 from 0.8)
# a round bound passed ("突破2万亿元") still answers when the text states nothing closer, at the edge of
# acceptable (0.5), so the exact figure the text usually states beside it wins
_BOUND = 0.5
# a quantity per a base ("每百元营业收入中的", "每万人"): another quantity than the amount, unless asked so
_PER_BASE = re.compile(r"每[百千万][元人户]?")
_NO_ATTRIBUTE_BOUND = 0.8  # (0.6 × 0.8 = 0.48: below an unlabelled figure, still a figure that may answer)
_BOUND_BESIDE = 0.3  # … and below any labelled figure when the exact one follows it in its part of the sentence
_FILLER = "了约为达到是"
# a target asked and a figure whose sentence marks no target (plans often state them bare: "全年…增长12%以上")
_UNMARKED = 0.9  # words between a label's verb and its figure ("增加了", "突破了")


def _ends_with(label: str, kind: str) -> bool:
    """The label ends with a word of that kind of labels.tsv, past fillers ("比上年增加了" -> 增加)."""
    core = label.rstrip(_FILLER + " ")
    return any(core.endswith(w) for w in label_words(kind))


def _nearest_attribute(label: str) -> str:
    """The attribute word that ends nearest the figure in its label (the longest of those ending there)."""
    best, best_end = "", -1
    for word in _attribute_pattern().findall(label):
        end = label.rfind(word) + len(word)
        if end > best_end or (end == best_end and len(word) > len(best)):
            best, best_end = word, end
    return best


@cache
def _attribute_pattern() -> re.Pattern[str]:
    words = sorted((w for w in ATTRIBUTE_CLASSES if w not in CLASS_WORDS), key=len, reverse=True)
    return re.compile("(?=(" + "|".join(re.escape(w) for w in words) + "))")


@cache
def _qualified_pattern() -> re.Pattern[str]:
    """Any way of writing a qualified attribute ("两年平均增长", "人均gdp"), lower-cased."""
    qualifiers = label_words("qualifier")
    ways = {w.lower() for a in ATTRIBUTE_CLASSES if a.startswith(qualifiers) for w in attribute_aliases(a)}
    return re.compile("|".join(re.escape(w) for w in sorted(ways, key=len, reverse=True)))


def _related(word: str, asked: str) -> bool:
    """The same quantity, or one written as the other (增速/增长, 净利润/利润, 占比/比重)."""
    if word in asked or asked in word or word in attribute_aliases(asked) or asked in attribute_aliases(word):
        return True
    # a whole's amount written with 总 ("进出口总额", "总产量") is the amount asked without it ("进出口额"); the
    # bare 总额/总量/总数 a label ends in ("服务进出口总额") names no other quantity than an X额/X量/X数 asked
    if word in {"总额", "总量", "总数"}:
        return asked.endswith(word[-1])
    return _WHOLE.sub(r"\1", word) == _WHOLE.sub(r"\1", asked)


_WHOLE = re.compile(r"总([额量数])")


def _label_fit(c: Candidate, attributes: list[str], entity_terms: list[str]) -> float:
    """1.0 when the figure's label states the kind of figure asked; _MISFIT when it marks the figure as
    another quantity: the nearest attribute word is another one of the same class ("对增长的贡献率" when
    增长 is asked), a qualifier the question lacks ("两年平均增长" for 增长), a round threshold passed
    ("突破3万亿元": the text states the exact figure beside it; unless the question asks what was passed),
    or a change where the level is asked
    ("比上年增加9966.9亿元") and the reverse. A change asked and labelled counts as a full label."""
    label = c.label
    fit = 1.0
    nearest = _nearest_attribute(label)
    if nearest and ATTRIBUTE_CLASSES.get(nearest) == c.figure.unit_class \
            and not any(_related(nearest, a) for a in attributes):
        fit = _MISFIT
    qualifiers = label_words("qualifier")
    asked_qualified = any(a.startswith(qualifiers) for a in attributes)
    if not asked_qualified and _qualified_pattern().search(label.lower()):
        fit = _MISFIT
    fit = min(fit, _bound_fit(c, attributes, entity_terms))
    per = _PER_BASE.search(label)
    if per and not any(t in per.group() for t in [*attributes, *entity_terms]):
        fit = min(fit, _MISFIT)  # "每百元营业收入中的成本为83.72元" is an intensity, not the 营业成本 asked
    targets = label_words("target")
    if any(w in t for t in [*attributes, *entity_terms] for w in targets) \
            and not any(w in _binding_segment(c.passage, c.figure) for w in targets):
        fit = min(fit, _UNMARKED)  # a target asked: the figure the text marks as one first
    if c.figure.unit_class != "percent":
        changes = label_words("change")
        # (an attribute that ends in a change word asks a change too: 新增, 净增, 累计减少)
        asks_change = any(a.endswith(w) for a in attributes for w in changes)
        mentions_change = asks_change or any(w in t for t in entity_terms for w in changes)
        is_change = _ends_with(label, "change")
        if asks_change:
            return max(fit, 0.9 / max(c.attribute, 1e-9)) if is_change else _MISFIT
        if is_change and not mentions_change:
            return 0.0  # "增加了约1.36万亿元" is no level of anything: not labelled by the level asked
    return fit


def _bound_fit(c: Candidate, attributes: list[str], entity_terms: list[str]) -> float:
    """_BOUND for a round bound passed ("突破3万亿元"), _BOUND_BESIDE when the exact figure follows it; 1.0
    for any other figure, or when the question asks what was passed."""
    passed = any(w in t for t in [*attributes, *entity_terms] for w in label_words("threshold"))
    if passed or c.figure.unit_class == "percent" or not _ends_with(c.label, "threshold"):
        return 1.0
    return _BOUND_BESIDE if _exact_beside(c) else _BOUND


def _exact_beside(c: Candidate) -> bool:
    """The round bound passed is followed, in its part of the sentence, by the exact figure of its kind
    ("突破7千亿元，达到7284.5亿元"): that one is the amount."""
    _, e = c.passage.span(c.figure.start, _SEGMENT_END)
    return any(c.figure.end <= g.start < e and g.unit_class == c.figure.unit_class and g.upper is None
               and not g.qualifier for g in c.passage.figures)


def _elsewhere(term: str, passage: Passage, stats: TermStats) -> bool:
    """The place asked about is missing from the passage, which names a peer place: its figures are that
    place's ("青岚…增长多少" against a passage about 云泽). A peer is one the documents name about as often
    (a city's districts, named now and then, are parts of it, not rivals); a passage naming no place may
    be about the one asked (a bulletin writes 全市, 全省)."""
    if not is_place_term(term):
        return False
    asked = stats.df.get(term, 0)
    return any(p != term and term not in p and 2 * stats.df.get(p, 0) >= asked for p in passage.places)


def _counts_asked(passage: Passage, figure: Figure, attributes: list[str]) -> bool:
    """A count of the very thing asked, stated as a bound ("已经有超过1800个课程在线上" when 课程 are asked):
    all the text says of that number, so it answers, where a bound beside another quantity does not."""
    after = passage.text[figure.end:figure.end + 12]
    return figure.unit_class == "count" and any(after.startswith(a) for attr in attributes
                                                for a in attribute_aliases(attr))


def _headword(passage: Passage, term: str) -> bool:
    """term is the name the passage's document is an entry for (an encyclopedia's title, "锦地罗"; before a
    name's "·" or a bracket): every sentence of the entry is about it, whatever other places a sentence lists
    ("分布在…广西、广东…等地，生长于海拔50米至1,520米的地区"). A bulletin's longer title does not count."""
    title = str(passage.hit.node.metadata.get("title", "")).strip().lower()
    return bool(term) and re.split(r"[·•(（]", title, maxsplit=1)[0].strip() == term.lower()


# the whole a bulletin reports on, in its own words: 全国, 全省, 全市, 全区, 全县, 全州, 全盟, 本市 …
# the whole a text reports on, as it calls it: 全国, 本省, and a bulletin's own voice (我国, 我市)
_WHOLE_PLACE = re.compile(r"[全本我][国省市区县州盟旗]")


# where a place named only as 全区/全市 counts as found: its sentence's level (_levels)
_WHOLE_PLACE_LEVEL = 0.65


def _whole_places(passage: Passage, figure: Figure) -> str:
    """The levels of the whole places the figure's sentence speaks of ("区" for 全区, "省市" …), "" when it
    names none, or names a place itself (then that place is what it is about)."""
    s, e = passage.span(figure.start, "。！？!?\n")
    sentence = passage.text[s:e]
    levels = "".join(m.group()[1] for m in _WHOLE_PLACE.finditer(sentence))
    return levels if levels and not place_names(sentence) else ""


def _whole_of(term: str, levels: str) -> bool:
    """The asked place is a whole of one of these levels: a province (宁夏: 全区, 江苏: 全省, 上海: 全市), or a
    place whose own suffix is the level (吴忠市: 全市); not a place inside it (石嘴山市 under 全区)."""
    if term in nation_names():  # "中国对东盟…" in a text that says 我国 / 全国
        return "国" in levels
    if term in provinces() or term.rstrip("省市") in provinces() or term.endswith("自治区"):
        return any(level in "省区市" for level in levels)
    return len(term) >= 3 and term[-1] in levels and is_place_term(term[:-1] or term)


@cache
def is_place_term(term: str) -> bool:
    from index.segmenter import pos_lcut

    words = pos_lcut(term)
    return len(term) >= 2 and bool(words) and all(w.flag == "ns" for w in words)


def _phrase_figures(passage: Passage, figure: Figure) -> list[Figure]:
    left, right = passage.span(figure.start, _PHRASE_END)
    return [g for g in passage.figures if left <= g.start and g.end <= right]


def _carried(condition: Figure, passage: Passage, figure: Figure) -> bool:
    """The period the question states is the one the passage last set before the figure: a year (or
    date) opening an earlier sentence holds for the sentences after it until another one is written
    ("2023年，…增长8.1%。外贸进出口总额6800亿元…" is of 2023)."""
    if condition.unit_class not in {"year", "date"}:
        return False
    earlier = [g for g in passage.figures if g.unit_class == condition.unit_class and g.end <= figure.start]
    return bool(earlier) and same_period(earlier[-1], condition)



def _opened(condition: Figure, passage: Passage, figure: Figure, stats: TermStats) -> bool:
    """The period the question states is the one the document's opening line states, and the passage
    writes no period of that kind before the figure: a bulletin titled "1—7月…推进情况" reports 1—7月
    in every section ("东川市…完成71.2%" far below the title is of 1—7月)."""
    if condition.unit_class not in {"year", "date"}:
        return False
    if any(g.unit_class == condition.unit_class and g.end <= figure.start for g in passage.figures):
        return False
    opening = stats.opening.get(str(passage.hit.node.metadata.get("doc_id", "")), [])
    return stated(condition, opening)


def _reported_year(condition: Figure, passage: Passage, passages: list[Passage]) -> bool:
    """The year the question states is the latest year the retrieved passages of the figure's document state,
    and the figure's passage states no year at all: a report dates its opening ("2023年，全市…") and writes
    "上半年，…增长5.2%" below it, so a passage without a year is of the year the document reports on (the
    latest it names; an earlier one is a base of comparison, "比2022年…"). As much as the year written
    anywhere in the passage counts (the lowest level that passes)."""
    if condition.unit_class != "year" or any(g.unit_class == "year" for g in passage.figures):
        return False
    doc = passage.hit.node.metadata.get("doc_id", "")
    years = [g.value for p in passages if p.hit.node.metadata.get("doc_id", "") == doc
             for g in p.figures if g.unit_class == "year" and g.upper is None]
    return bool(years) and math.isclose(max(years), condition.value)


def _group_bound(passage: Passage, figure: Figure) -> bool:
    """A figure right after 超/超过 in a phrase that opens with a count ("8个行业…增幅超100%"): the bound
    the counted items passed, not a figure stated of any of them."""
    if not passage.text[:figure.start].endswith(("超", "超过")):
        return False
    left, _ = passage.span(figure.start, _PHRASE_END)
    return any(g.unit_class == "count" and left <= g.start and g.end <= figure.start for g in passage.figures)

def _term_idf(stats: TermStats, term: str) -> float:
    """A term's rarity; an indicator's name (aliases.tsv) by its rarest spelling the index holds, else by
    its rarest piece ("固定资产投资" is indexed as 固定资产 + 投资), else as rare as a word can be: as an
    unknown word it would weigh nothing, and a figure lacking the indicator asked would lose nothing.
    (Other unknown words stay weightless: "技改" for 技术改造, "开复工" are the asker's phrasing.)"""
    spellings = names(term)
    if stats.known(term) or len(spellings) == 1:
        return stats.idf(term)
    known = [stats.idf(s.lower()) for s in spellings if stats.known(s.lower())]
    pieces = [stats.idf(p) for p in tokenize(term) if stats.known(p)]
    return max(known or pieces or [math.log(1 + stats.n)])


def _other_period(passage: Passage, figure: Figure, conditions: list[Figure]) -> list[Figure]:
    """The years the question states that the figure's own phrase contradicts: a year written before the
    figure in its phrase ("相比2022年南州GDP总量5210.3亿元") that the question does not state dates
    the figure; its sentence stating the asked year elsewhere does not make it that year's figure."""
    years = [q for q in conditions if q.unit_class == "year"]
    left, _ = passage.span(figure.start, _PHRASE_END)
    own = [g for g in passage.figures if g.unit_class == "year" and left <= g.start and g.end <= figure.start]
    if years and own and not any(same_quantity(g, q) for g in own for q in years):
        return years
    return _other_months(passage, figure, conditions)


def _other_months(passage: Passage, figure: Figure, conditions: list[Figure]) -> list[Figure]:
    """The months or quarters the question states that the figure's own part of the sentence contradicts:
    "其中，4月份，全国城镇调查失业率为6.1%" is 4月份's rate, no answer for 6月份 (a period is a qualifier of
    the figure, like its year). The part's last period before the figure dates it."""
    asked = [q for q in conditions if period_months(q) is not None]
    if not asked:
        return []
    dated = dated_months(passage, figure)
    if dated is None:
        return []
    lo, hi = dated
    # another period: months apart from the asked ones ("4月份" for 6月份), or a longer span holding them (上半年
    # for 6月份); a period ending inside the asked span ("1月至6月" read as 6月, "截至6月底") may be its end
    for q in asked:
        q_lo, q_hi = period_months(q) or (0.0, 0.0)
        if lo <= q_hi and q_lo <= hi and not (lo <= q_lo and q_hi <= hi and (lo, hi) != (q_lo, q_hi)):
            return []
    return asked


def fits_asked_months(passage: Passage, figure: Figure, conditions: list[Figure]) -> bool:
    """True unless the question states months or quarters and the last period the passage writes before the
    figure (anywhere before it, not only in its own clause) is another: "今年1-7月…。…带动逆差下降70%至1347.5
    亿元" dates 1347.5亿元 to 1-7月 for a question about 7月份."""
    asked = [q for q in conditions if period_months(q) is not None]
    if not asked:
        return True
    own = [(g.start, m) for g in passage.figures if (m := period_months(g)) is not None and g.end <= figure.start]
    own += [(m.start(), PERIOD_MONTHS[m.group()]) for m in _PERIOD_WORDS.finditer(passage.text, 0, figure.start)]
    if not own:
        return True
    lo, hi = max(own, key=lambda o: o[0])[1]
    return any(period_months(q) == (lo, hi) for q in asked)


def dated_months(passage: Passage, figure: Figure) -> tuple[float, float] | None:
    """The months of the period that dates a figure: the last month, quarter, span of months or period word
    (上半年, 全年) written before it in its part of the sentence; None when that part names none."""
    left, _ = passage.span(figure.start, _SEGMENT_END)
    own: list[tuple[int, tuple[float, float]]] = [
        (g.start, months) for g in passage.figures
        if (months := period_months(g)) is not None and left <= g.start and g.end <= figure.start]
    own += [(m.start(), PERIOD_MONTHS[m.group()]) for m in _PERIOD_WORDS.finditer(passage.text, left, figure.start)]
    return max(own, key=lambda o: o[0])[1] if own else None


# the reporting periods a bulletin writes in words (国家统计局 统计公报 and monthly releases): the months they cover
PERIOD_MONTHS: dict[str, tuple[float, float]] = {"上半年": (1, 6), "下半年": (7, 12), "全年": (1, 12)}
_PERIOD_WORDS = re.compile("|".join(PERIOD_MONTHS))


def _other_year_sentence(passage: Passage, figure: Figure, conditions: list[Figure]) -> bool:
    """The figure's sentence opens with another year than the one asked, and states the asked year nowhere
    ("2022年1-3月，东港…完成412.3亿元，同比增长5.1%" asked for 2021): the figure is of that other year. (Its
    phrase naming a year is _other_period's case.)"""
    years = [q for q in conditions if q.unit_class == "year"]
    if not years:
        return False
    s, e = passage.sentence_of(figure.start)
    stated_years = [g for g in passage.figures if g.unit_class == "year" and s <= g.start < e]
    before = [g for g in stated_years if g.end <= figure.start]
    return bool(before) and not any(same_quantity(g, q) for g in stated_years for q in years)


def _other_basis(label: str, asked: list[str]) -> list[str]:
    """The comparison bases asked (同比, 环比: labels.tsv "basis") when the figure's label names only another
    one: a month-on-month rate is not the year-on-year rate asked, nor the reverse."""
    bases = label_words("basis")
    wanted = [b for b in bases if any(b in t for t in asked)]
    own = [b for b in bases if b in label]
    return wanted if own and not set(own) & set(wanted) else []


def attribute_aliases(attribute: str) -> tuple[str, ...]:
    """How a text may name the attribute: known aliases, and a 量/额/数/率 compound by its stem
    ("藏书量" is written "藏书81.6万册", "销售额" as "销售…")."""
    # lower-cased, as the labels they are looked for in are ("人均GDP" is found in "人均gdp突破")
    ways = [*ATTRIBUTE_ALIASES.get(attribute, (attribute,)), *written_as(attribute)]
    known = tuple(dict.fromkeys(w.lower() for w in ways))
    stem = attribute[:-1] if len(attribute) >= 3 and attribute[-1] in "量额数率" else ""
    return (*known, stem) if stem else known


def _bare_scales(text: str) -> list[Figure]:
    """"亿元以上" with no number before it means 1亿元以上: read it as that figure."""
    return [Figure(1e4 if m.group(1) == "万元" else 1e8, "元", "money", m.group(0), m.start(), m.end(),
                   m.group(2)) for m in _BARE_SCALE.finditer(text)]


def period_months(period: Figure) -> tuple[float, float] | None:
    """The months a date figure covers: 一季度 is 1-3月, 二季度 4-6月; "1—7月" and "7月" as written."""
    if period.unit_class != "date":
        return None
    if period.unit == "季度":  # 二季度 is 4-6月; 前三季度 (1 to 3 quarters) 1-9月
        return 3 * period.value - 2, 3 * (period.upper if period.upper is not None else period.value)
    if period.unit == "月":
        return period.value, period.upper if period.upper is not None else period.value
    return None


def same_period(a: Figure, b: Figure) -> bool:
    """The same figure, or the same months written another way (一季度 and "1-3月")."""
    if same_quantity(a, b) and (a.upper or 0) == (b.upper or 0):
        return True
    months = period_months(a)
    return months is not None and months == period_months(b)


def stated(condition: Figure, figures: list[Figure]) -> bool:
    """The text states the condition: the same figure, or both ends of a range ("1到6月" ~ "1月至6月"), or the
    same months written another way (一季度 ~ "1-3月")."""
    if any(same_period(condition, f) for f in figures):
        return True
    if condition.unit_class == "plain":  # "Siping's 196 projects": a bare number stands for the counted one
        return any(math.isclose(condition.value, f.value) for f in figures)
    if condition.upper is not None:
        ends = {f.value for f in figures if f.unit_class == condition.unit_class}
        return condition.value in ends and condition.upper in ends
    return False


def acceptable(c: Candidate, has_attributes: bool, has_conditions: bool) -> bool:
    """Confident enough to state: the attribute labels it, the entity surrounds it (its most specific
    name at least in its passage), and the figures the question states stand with it (see shortfall)."""
    return not shortfall(c, has_attributes, has_conditions)


def shortfall(c: Candidate, has_attributes: bool, has_conditions: bool) -> str:
    """Which cut-off keeps the figure from being stated (a refusals.BAR_* code), "" when none does.

    Ranked by the learned ranker, the calibrated probability decides instead of the three cut-offs, but
    three rules are not a matter of degree: the question's most specific name is missing around the figure;
    the question names an attribute and no alias of it is anywhere near the figure (a loosely related
    figure: refuse); the question states a period or figure and none of them is anywhere in the figure's
    passage (another month's figure is no answer)."""
    if c.probability is not None:
        if c.key_missing:
            return refusals.BAR_KEY_NAME
        if has_attributes and c.attribute == 0.0:
            return refusals.BAR_ATTRIBUTE
        if has_conditions and c.question_figures == 0.0:
            return refusals.BAR_PERIOD
        return "" if c.probability >= c.threshold else refusals.BAR_RANKER
    bars = hand_bars(c.attribute, c.question_figures, bool(c.key_missing), c.entity_for_bar(), has_attributes,
                     has_conditions)
    return bars[0] if bars else ""


# the hand rules' cut-offs: the asked attribute's label, the question's figures beside the figure, the share
# of the subject's words around it (tuned on the development documents; assistant.acceptance weighs them)
ATTRIBUTE_CUT = 0.5
CONDITIONS_CUT = 0.4
ENTITY_CUT = 0.4


def hand_bars(attribute: float, question_figures: float, key_missing: bool, entity: float, has_attributes: bool,
              has_conditions: bool) -> list[str]:
    """Every hand cut-off a figure with this evidence falls short of (refusals.BAR_* codes), in the order
    shortfall reports them."""
    bars = []
    if has_attributes and attribute < ATTRIBUTE_CUT:
        bars.append(refusals.BAR_ATTRIBUTE)
    if has_conditions and question_figures < CONDITIONS_CUT:
        bars.append(refusals.BAR_PERIOD)
    if key_missing:
        bars.append(refusals.BAR_KEY_NAME)
    if entity < ENTITY_CUT:
        bars.append(refusals.BAR_ENTITY)
    return bars
