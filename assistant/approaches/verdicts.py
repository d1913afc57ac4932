"""Yes/no questions decided by what the text states beside one figure: a rank ("工业项目的数量在各行业中排
第一吗") and a direction of change ("汽车制造业的利润增长了吗", "资产负债率比上年同期提高了吗").

A rank is decided by the document's own words when a sentence about the subject says it stands first
(稳居全国第一, 居首), else by the enumeration of figures that names the subject (工业项目67个，…；农业项目
17个…): the subject's figure against every other item's of the same kind. A direction is decided by the
first change written after the subject in its clause run ("汽车制造业下降3.4%"; "资产负债率为56.4%，同比降低
0.4个百分点"). Neither guesses: no statement, no enumeration naming the subject, no change clause: None
(the caller falls back to the other ways of deciding, and finally to a refusal).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from assistant.approaches.listing import DIRECTION, ListApproach, ListAsk, change_clauses
from assistant.approaches.text import (
    Corpus,
    Quotes,
    Sentence,
    Terms,
    corpus_of,
    finish,
    plain,
    retrieved,
    sentence_before,
    sentences_of,
    similarities,
    terms_of,
)
from assistant.compose import wording
from assistant.figures import Figure, parse_figures
from assistant.vocabulary import english_change_verbs
from index.segmenter import pos_cut

if TYPE_CHECKING:
    from assistant.approaches import Kind, Reading
    from assistant.candidates import Passage
    from assistant.types import Answer

# "…排第一吗", "…位居首位吗", "…是最多的吗": the first place asked, and the direction of "most"
_RANK = re.compile(r"(?:在[^，,。？?]{0,12}?(?:中|里))?(?:的)?(?:排名|排在|排|位居|位列|居)"
                   r"(?:全国|全省|全市|各[^，,。？?]{0,6}中)?(?:第一|首位|第1(?!\d))"
                   r"|是(?:[^，,。？?]{0,12}中)?最(?P<word>多|大|高|快|少|小|低|慢)的")
# the words a sentence uses to say its subject stands first
_FIRST = re.compile(r"第一(?!产业|季度|次|批|个|家|条|步|阶段)|首位|居首|之首|榜首|最高|最大|最多")
_VERBS = "|".join(sorted(DIRECTION, key=len, reverse=True))
# "…增长了吗", "…是否下降", "…有没有提高": the direction asked of the subject before the verb
# "增长了吗", "是增长的吗", "是正增长吗" (正/负 + 增长: a rise or a fall)
_CHANGE_ASKED = re.compile(rf"(?P<sign>正|负)?(?P<verb>{_VERBS})(?:了|的)?(?:吗|没有|了没有|呢)?$")
# a fall written as a negative growth: "负增长", "增速为负值（-19.4%）", "增长-3.2%"
_NEGATIVE_GROWTH = re.compile(r"负增长|负值|(?:增速|增幅|增长率|增长)[为是]?\s*[（(]?[-−－]\s*\d")
_PERIOD = re.compile(r"(?:同比|环比|比上年同期|比上年末|比上年|较上年同期|较上年末|较上年|比去年同期|比去年|比上月|"
                     r"与上年相比)$")
_FRAME = re.compile(r"(?:是否|是不是|有没有|有无|已经|已|的|是)$")
_NOUN_FLAGS = ("n", "nz", "vn", "nt", "ns", "nr", "j", "eng", "l")
_LEAD_QUOTE_CHARS = 50  # a quote up to this long is the lead itself, after the verdict (the lead is one short sentence)
_NAME_CHARS = 30


def asks_rank(question: str) -> bool:
    return _RANK.search(question) is not None


def asks_direction(question: str) -> bool:
    return _CHANGE_ASKED.search(question.strip(" ？?。！!")) is not None and not any(
        f.unit_class not in {"year", "date"} for f in parse_figures(question))


def _nouns(text: str) -> list[str]:
    """The nouns of a subject, longest first (the most specific name first)."""
    words = {str(w.word) for w in pos_cut(text) if w.flag.startswith(_NOUN_FLAGS) and len(w.word) >= 2}
    return sorted(words, key=len, reverse=True)


def decide_rank(reading: Reading, kind: Kind) -> Answer | None:
    """是/否 for "X排第一吗": the document's own statement that X stands first, else X's figure against the
    other items of the enumeration that names it."""
    m = _RANK.search(reading.question)
    if m is None:
        return None
    subject = reading.question[:m.start()].strip(" ，,")
    nouns = _nouns(subject)
    if not nouns:
        return None
    word = m.group("word") or "多"
    stated = _stated_first(reading, subject, nouns) if not m.group("word") or word in "多大高" else None
    if stated is not None:
        s, start, end = stated
        quotes = Quotes()
        quote = quotes.quote(s.passage, start, end, reading.lang)
        verdict = wording("yes", reading.lang)
        return finish(reading, kind, f"{verdict}{quote}。", f"{verdict}{plain(s.passage.text[start:end])}。", quotes)
    return _ranked_in_enumeration(reading, subject, nouns, word, kind)


def _stated_first(reading: Reading, subject: str, nouns: list[str]) -> tuple[Sentence, int, int] | None:
    """The clause of a retrieved sentence naming the subject's nouns that says it stands first."""
    from assistant.approaches.text import sentences_of

    corpus = corpus_of(reading)
    for s in sentences_of(corpus.with_following(retrieved(reading, subject)[:5])):
        text = s.text
        if not all(n in text or n in s.passage.context for n in nouns) or nouns[0] not in text:
            continue
        first = _FIRST.search(text, text.find(nouns[0]))
        if first is None:
            continue
        # the clause run from the clause naming the subject to the clause saying it stands first
        start = max(text.rfind(ch, 0, text.find(nouns[0])) for ch in "，,；;：:") + 1
        ends = [i for i in (text.find(ch, first.end()) for ch in "，,；;。") if i > 0]
        end = min(ends) if ends else len(text)
        if re.search(r"[；;]", text[start:first.start()]):
            continue  # another thing's clause run stands between: the first place is not the subject's
        return s, s.start + start, s.start + end
    return None


def _ranked_in_enumeration(reading: Reading, subject: str, nouns: list[str], word: str,
                           kind: Kind) -> Answer | None:
    terms = terms_of(reading)
    sentences = ListApproach.documents(reading)
    # the subject's name: its words before 的, else its first noun ("甲市地区生产总值" -> 甲市)
    name = subject.split("的")[0] if "的" in subject else min(nouns, key=subject.find)
    classes = [terms.question.unit_class] if terms.question.unit_class else ["count", "percent", "money"]
    listing = ListApproach()
    for unit_class in classes:
        ask = ListAsk("", unit_class, None)
        enumerations = [listing.figure_enumeration(sentences, ask, terms), listing.respective(sentences, ask, terms)]
        items = max((found for found in enumerations if any(name in i.name for i in found[1])),
                    key=lambda found: found[0], default=(0.0, []))[1]
        items = [i for i in items if i.figure is not None and i.figure.unit_class == unit_class]
        own = next((i for i in items if name in i.name), None)
        if own is None or own.figure is None:
            continue
        ranked = sorted((i for i in items if i.figure is not None), key=lambda i: i.figure.value,  # type: ignore[union-attr]
                        reverse=word in "多大高快")
        top = ranked[0]
        assert top.figure is not None
        holds = top is own or top.figure.value == own.figure.value
        quotes = Quotes()
        n_own = quotes.cite(own.sentence.passage, own.start, own.end)
        shown = {"name": _named(own.name, own.figure.text), "figure": own.figure.text, "word": word}
        if holds:
            said = wording("rank_first", reading.lang).format(**shown)
            text = f"{wording('yes', reading.lang)}{said[:-1]}[{n_own}]{said[-1]}"
        else:
            n_top = quotes.cite(top.sentence.passage, top.start, top.end)
            said = wording("rank_not_first", reading.lang).format(top=_named(top.name, top.figure.text),
                                                                   top_figure=top.figure.text, **shown)
            text = f"{wording('no', reading.lang)}{said[:-1]}[{n_top}][{n_own}]{said[-1]}"
        verdict = wording("yes" if holds else "no", reading.lang)
        return finish(reading, kind, text, verdict + said, quotes)
    return None


def _without_dates(text: str) -> str:
    """text without its dates and periods ("11月末资产负债率" -> 资产负债率)."""
    for f in reversed(parse_figures(text)):
        if f.unit_class in {"year", "date"}:
            text = text[:f.start] + text[f.end:]
    return re.sub(r"^(?:末|底|初|份|以来|，)+", "", text.strip())


def _named(name: str, figure: str) -> str:
    """An enumeration item's name without its figure ("工业项目67个" -> 工业项目)."""
    at = name.rfind(figure)
    name = name[:at] if at > 0 else name
    return re.split(r"[，,：:]", name.strip())[-1].strip() or name


EXACT_WEIGHT = 1.0  # a sentence naming the subject itself outweighs any cover of the question's words
# what may stand right before a name without making it a narrower one ("其中服务进口", "1-7月服务进口")
_BEFORE_NAME = re.compile(r"(?:其中|以及|同期|当月|全年|[的和与及、，,；;：:。（(\s\d月年份末底])$")


@cache
def _head_of(name: str) -> tuple[str, str]:
    """(head, modifier) of a name by its last word ("服务进口" -> 进口, 服务); ("", "") for one word."""
    words = [str(w.word) for w in pos_cut(name)]
    return (words[-1], "".join(words[:-1])) if len(words) >= 2 else ("", "")


def exact_mention(text: str, name: str, before: str = "") -> int:
    """Where text names the thing `name` is: the whole name not written as the end of a longer one
    ("知识密集型服务进口" is a narrower thing than 服务进口), or its head alone opening a clause after a
    sibling that shares the rest ("其中服务出口…；进口14720.6亿元": 进口 is 服务进口), in text or in the words
    of its sentence `before` it; -1 when neither."""
    if len(name) < 2:
        return -1
    at = text.find(name)
    while at >= 0:
        if at == 0 or _BEFORE_NAME.search(text[:at]):
            return at
        at = text.find(name, at + 1)
    head, modifier = _head_of(name)
    if len(head) < 2 or len(modifier) < 2 or head not in text:
        return -1
    sibling = re.compile(rf"{re.escape(modifier)}[\u4e00-\u9fff]{{1,4}}\d")
    for m in re.finditer(rf"(?:^|(?<=[；;，,]))\s*{re.escape(head)}(?=[\d一二两三四五六七八九十])", text):
        if sibling.search(before + text[:m.start()]) and (m.start() or before.rstrip().endswith(("；", ";"))):
            return m.start() + (len(m.group(0)) - len(head))
    return -1


def decide_direction(reading: Reading, kind: Kind) -> Answer | None:
    """是/否 for "X增长了吗": the first change written after X in the sentence about it."""
    bare = reading.question.strip(" ？?。！!")
    m = _CHANGE_ASKED.search(bare)
    if m is None:
        return None
    asked = DIRECTION[m.group("verb")] * (-1 if m.group("sign") == "负" else 1)
    subject = bare[:m.start()]
    for _ in range(3):
        subject = _FRAME.sub("", _PERIOD.sub("", subject.strip()))
    nouns = _nouns(subject)
    if not nouns:
        return None
    # the subject's name as one phrase ("汽车制造业的利润" -> 汽车制造业: 制造业 alone names another industry too)
    name = _without_dates(subject.split("的")[0])
    sentences = ListApproach.documents(reading)
    # (a name the documents write: "天津一季度财政收入" without its period is "天津财政收入", which none writes)
    if len(name) >= 2 and name not in nouns and any(name in s.text for s in sentences):
        nouns = [name, *(n for n in nouns if n not in name)]
    terms = terms_of(reading)
    best: tuple[float, Sentence, int, int, int] | None = None
    for s in sentences:
        text = s.text
        # the subject's name, else its longest noun the sentence writes ("天津一季度财政收入": 财政收入, with
        # 天津 elsewhere in the passage)
        # the subject itself, not a narrower thing named with it (the sentence's run before it: pieces cut at "；")
        run_before = s.passage.text[:s.start]
        exact = exact_mention(text, name, run_before[max(run_before.rfind(ch) for ch in "。！？\n") + 1:])
        anchor = name if exact >= 0 else next((n for n in nouns if n in text), "")
        at = exact if exact >= 0 else text.find(anchor) if anchor else -1
        if at < 0 or not all(n in s.passage.text or n in s.passage.context for n in nouns if n != anchor):
            continue
        run_end = min([i for i in (text.find(ch, at) for ch in "；;。") if i > 0] or [len(text)])
        after = text[at + len(anchor):run_end]
        change = re.search(_VERBS, after)
        negative = _NEGATIVE_GROWTH.search(after)
        if negative is not None and (change is None or negative.start() <= change.start()):
            change, direction = negative, -1
        elif change is not None:
            direction = DIRECTION[change.group(0)]
        else:
            continue
        verb_at = at + len(anchor) + change.start()
        figure = next((f for f in parse_figures(text[verb_at:run_end])), None)
        if figure is None:
            continue
        score = terms.coverage(text, s.passage.context) + EXACT_WEIGHT * (exact >= 0)
        if best is None or score > best[0]:
            start = max(text.rfind(ch, 0, at) for ch in "，,；;：:") + 1
            end = min([i for i in (text.find(ch, verb_at + figure.end) for ch in "，,；;。") if i > 0] or [len(text)])
            best = (score, s, start, end, direction)
    if best is None:
        return None
    _score, s, start, end, direction = best
    quotes = Quotes()
    quote = quotes.quote(s.passage, s.start + start, s.start + end, reading.lang)
    verdict = wording("yes" if direction == asked else "no", reading.lang)
    lead = lead_with_quote(verdict, plain(s.text[start:end]), reading.lang)
    return finish(reading, kind, f"{verdict}{quote}。", lead, quotes)


def lead_with_quote(verdict: str, quote: str, lang: str) -> str:
    """A verdict's lead: the verdict with the quote deciding it when that is short, else with a pointer to the
    quote below (the lead is one short sentence)."""
    return f"{verdict}{quote}。" if len(quote) <= _LEAD_QUOTE_CHARS else verdict + wording("stated", lang)


# -- the direction of a change claimed and of the change a figure states ------------------------------------
# what may stand between a change word and its figure ("下降12.5%", "增长了约3%", "降幅为4%"): more ("下降至") makes
# the figure a level reached, not the change
_CHANGE_GAP = re.compile(r"^\s*(?:了)?\s*(?:约|近|超过|达到|达|为|幅度为|幅度达|幅度)?\s*$")
_CLAIM_LINK = re.compile(r"(?:了|是|为|有|达|约|大约|均)+$")


def stated_direction(text: str, at: int, end: int) -> int:
    """The direction of the change a figure at text[at:end] states: 1 for a rise, -1 for a fall, by the change
    word right before it in its clause ("出口下降12.5%": -1; "增长-3.2%": a negative growth, -1); 0 when no
    change word stands right before it (a level: "占比12.5%", "下降至120亿元")."""
    start = max(text.rfind(ch, 0, at) for ch in "，,；;。：:！!？?\n") + 1
    if _NEGATIVE_GROWTH.search(text[start:end]):
        return -1
    verbs = [m for m in re.finditer(_VERBS, text[start:at]) if _CHANGE_GAP.match(text[start + m.end():at])]
    return DIRECTION[verbs[-1].group(0)] if verbs else 0


def claimed_direction(before: str, lang: str) -> int:
    """The direction of the change a claim states of its figure, from the question's words before the figure
    with the relation taken off ("出口增长超过" and "增长了超过": 1; "Did X fall by more than": -1); 0 when the
    claimed figure is no change (a level: "总投资超过")."""
    if lang == "zh":
        m = re.search(rf"({_VERBS})$", _CLAIM_LINK.sub("", before.strip(" ，,")))
        return DIRECTION[m.group(1)] if m else 0
    m = re.search(rf"\b({english_change_verbs('rise', 'fall')})\s*(?:by)?\s*$", before.strip(), re.IGNORECASE)
    if m is None:
        return 0
    return -1 if _EN_FALL.fullmatch(m.group(1)) else 1


# "Did imports fall?", "Has the output of X increased?": the direction asked of an English question
_EN_CHANGE = re.compile(r"^\s*(?:did|has|have|had|was|were|is|are)\b(?P<subject>.+?)"
                        rf"\b(?P<verb>{english_change_verbs('fall', 'rise')})\b", re.IGNORECASE)
_EN_FALL = re.compile(rf"(?:{english_change_verbs('fall')})", re.IGNORECASE)
EN_MIN_COVER = 0.5  # the clause's thing must cover this share of the English question's Chinese terms


def asks_direction_en(question: str) -> bool:
    return _EN_CHANGE.search(question) is not None and not any(
        f.unit_class not in {"year", "date", "plain"} for f in parse_figures(question))


def decide_direction_en(reading: Reading, kind: Kind) -> Answer | None:
    """Yes/No for "Did imports fall?": the change clause whose thing (with its sentence) best covers the
    question's Chinese terms (its words through the bilingual dictionary), its direction against the one
    asked; None when no clause covers enough."""
    m = _EN_CHANGE.search(reading.question)
    if m is None:
        return None
    asked = -1 if _EN_FALL.fullmatch(m.group("verb")) else 1
    terms = terms_of(reading)
    # the thing asked about, not the change: "increase" names no thing (its 增加/增长 is in every clause)
    terms = Terms(terms.question, {t: w for t, w in terms.weights.items() if not any(v in t for v in DIRECTION)},
                  terms.groups, terms.known)
    if not terms.total:
        return None
    best = None
    for s in ListApproach.documents(reading):
        for change in change_clauses(s):
            score = terms.coverage(change.name, s.passage.context, s.text)
            if score >= EN_MIN_COVER and (best is None or score > best[0]):
                best = (score, change)
    if best is None:
        return None
    change = best[1]
    quotes = Quotes()
    quote = quotes.quote(change.sentence.passage, change.start, change.end, reading.lang)
    verdict = wording("yes" if change.direction == asked else "no", reading.lang)
    return finish(reading, kind, f"{verdict} {quote}.", verdict, quotes)


# -- a claimed figure's subject stated in one sentence the figure engine did not read ----------------------
# Calibrated on the Chinese claims of the dev open files (every claim's figure ranked among the document's figures
# of its kind, the engine's answer aside) and on claims written from the dev figure sets' unanswerable questions
# ("X超过100亿元了吗" where the documents state no X: nothing may decide those), checked on the validation files by
# totals: the share of the subject's words (weighted by rarity) the sentence must state up to the end of the
# figure's clause; the weight of the embedding model's similarity of that run to the subject's question beside
# the words it states; and how far the best figure's score must stand above every other figure's
CLAIM_SENTENCE_COVER = 0.55
CLAIM_SIMILARITY_WEIGHT = 2.0
CLAIM_MARGIN = 0.03
_CLAUSE = re.compile(r"[^，,；;：:。]+")
_NAME_FLAGS = frozenset({"ns", "nr", "nt", "nz"})


def claim_in_sentence(reading: Reading, subject: str, claim: Figure) -> tuple[Sentence, Figure] | None:
    """The sentence of the document that states the subject's figure of the claimed kind (a percentage for
    "超过50%"), and that figure: when the figure engine finds none, a claim is still decided by the one sentence
    that plainly states it. Each figure of the kind is read with its sentence up to the end of its own clause
    (the subject opens the sentence, its figure closes its clause: "…中间产品进出口312亿元，占…的58%"); that run
    must state a share CLAIM_SENTENCE_COVER of the subject's words (by idf), its own clause or the sentence's
    head before its first figure of the kind the rarest of them, and its score (that share, plus
    the run's similarity in meaning to the subject's question) must beat every other figure's by CLAIM_MARGIN.
    None otherwise: a claim the documents do not plainly state is not decided by a loosely related figure."""
    from index.keyword import STOPWORDS, tokenize

    if any(w.flag in _NAME_FLAGS and len(w.word) >= 2 and not reading.stats.known(str(w.word))
           for w in pos_cut(subject)):
        return None  # a place or organisation the documents never name: no sentence of theirs is about it
    words = [t for t in dict.fromkeys(tokenize(subject)) if len(t) >= 2 and t not in STOPWORDS
             and reading.stats.known(t) and not parse_figures(t)]
    weights = {w: reading.stats.idf(w) for w in words}
    total = sum(weights.values())
    if len(words) < 2 or not total:
        return None

    def cover(text: str) -> float:
        return sum(w for t, w in weights.items() if t in text) / total

    # the subject's rarest word (the place, the firm, the product) must stand where the figure's subject is
    # written: in the figure's own clause or in the sentence's head before its first figure of the kind ("去年，
    # 甲港集装箱吞吐量…，同比增长6.5%"); named only in a later item's clause, the figure is another item's
    # ("甲市增长3.2%，乙市增长5.1%": 5.1% is not 甲市's)
    rarest = max(weights, key=lambda w: weights[w])
    runs: list[tuple[float, str, Sentence, Figure]] = []
    for s in ListApproach.documents(reading):
        kind = [f for f in parse_figures(s.text) if _same_kind(f, claim)]
        head = s.text[:kind[0].start] if kind else ""
        for f in kind:
            clause = next((c for c in _CLAUSE.finditer(s.text) if c.start() <= f.start < c.end()), None)
            run = s.text[:clause.end()] if clause is not None else s.text
            own = clause.group(0) if clause is not None else s.text
            share = cover(run) if rarest in own or rarest in head else 0.0
            if share >= CLAIM_SENTENCE_COVER:
                runs.append((share, run, s, f))
    if not runs:
        return None
    closeness = similarities(reading, subject_question_of(subject), [run for _, run, _, _ in runs])
    scored = sorted(((c + CLAIM_SIMILARITY_WEIGHT * near, s, f) for (c, _, s, f), near in zip(runs, closeness,
                                                                                            strict=True)),
                    key=lambda x: -x[0])
    best, sentence, figure = scored[0]
    rivals = [score for score, _, f in scored[1:] if not math.isclose(f.value, figure.value)]
    if rivals and best - rivals[0] < CLAIM_MARGIN:
        return None  # another figure of the kind is as well stated: which one is the subject's is not known
    return sentence, figure


def subject_question_of(subject: str) -> str:
    """The question a subject is asked by ("…的比重" -> "…的比重是多少？"; a question already stays as it is)."""
    return subject if subject.rstrip().endswith(("？", "?")) else f"{subject}是多少？"


def _same_kind(f: Figure, claim: Figure) -> bool:
    """A figure the claim can be compared with: of its unit class, and its unit (a count in its counter)."""
    from assistant.vocabulary import same_counter

    if f.unit_class != claim.unit_class:
        return False
    if claim.unit_class == "count":
        return not claim.unit or same_counter(claim.unit, f.unit)
    return f.unit == claim.unit


# -- an English claim stated by one sentence ("Is Bank A the only bank with a custody licence?") ---------------
EN_CLAIM_PASSAGES = 5
# the claim's own negation, and a sentence's ("不是", "并非", "没有", "未"): a sentence may state the opposite
_EN_NEGATED = re.compile(r"\b(?:not|never|no)\b|n't\b", re.IGNORECASE)
_ZH_NEGATED = re.compile(r"不是|并非|没有|未|不再|不")
_EN_WORD = re.compile(r"[A-Za-z][A-Za-z0-9'’]*")
_POSSESSIVE = re.compile(r"['’]s?$")
_MONTHS = frozenset("january february march april may june july august september october november december".split())
CLAIM_WORDS = "en_claim_words.tsv"
HEDGES = "claim_hedges.txt"


@cache
def claim_words() -> dict[str, tuple[str, ...]]:
    """English claim word -> the Chinese words a sentence states it with (en_claim_words.tsv)."""
    from assistant.vocabulary import lexicon_rows

    return {row.split("\t")[0].strip(): tuple(row.split("\t")[1].split()) for row in lexicon_rows(CLAIM_WORDS)}


@cache
def hedges() -> tuple[str, ...]:
    """The words of possibility and expectation (claim_hedges.txt)."""
    from assistant.vocabulary import lexicon_rows

    return tuple(row.strip() for row in lexicon_rows(HEDGES))


def claim_senses(question: str, known: Callable[[str], bool],
                 hinted: Callable[[str], list[str]]) -> list[tuple[str, tuple[str, ...]]] | None:
    """(word, its Chinese words) for every word of an English claim that says something: a word of
    en_claim_words.tsv by its row; a word the dictionary renders by its senses the documents use (`hinted`,
    `known`); a code written in capitals (QFII) as itself. Function words, months and the question's frame
    say nothing; None when a word that says something has no Chinese word to be checked by (the claim cannot
    be confirmed word by word)."""
    from assistant.bilingual import function_words, singular

    frame = function_words()
    found: list[tuple[str, tuple[str, ...]]] = []
    for raw in _EN_WORD.findall(question):
        raw = _POSSESSIVE.sub("", raw)
        lowered = raw.lower()
        word = singular(lowered)
        capitals = raw.isupper() and len(raw) >= 2
        if lowered in claim_words():
            found.append((lowered, claim_words()[lowered]))
            continue
        if ((lowered in frame or word in frame) and not capitals) or word in _MONTHS or len(word) < 2:
            continue
        senses = tuple(w for w in hinted(raw) if known(w))
        if senses:
            found.append((word, senses))
        elif capitals:
            found.append((word, (raw,)))
        else:
            return None
    return found


def decide_stated_en(reading: Reading, kind: Kind) -> Answer | None:
    """Yes, quoting the sentence, when one sentence of the retrieved passages (with the sentence before it,
    which often names its subject) states every word of the English claim (claim_senses: each word by one of
    its Chinese words) and negates it as the question does. None when a word cannot be checked, when no
    sentence states them all, or when the claim states a figure (the figure engine decides those): a claim no
    sentence states is not thereby false (the description answers, and the refusal last)."""
    if any(f.unit_class not in {"year", "date"} for f in parse_figures(reading.question)):
        return None
    from assistant.hints import HINT_SEPARATOR, with_hints
    from assistant.question import parse_hints

    def hinted(word: str) -> list[str]:
        own, counted, groups, names = parse_hints(with_hints(word, reading.stats).partition(HINT_SEPARATOR)[2])
        return [w for w in (*names, *own, counted, *(x for g in groups for x in g)) if w]

    senses = claim_senses(reading.question, reading.stats.known, hinted)
    if senses is None or len(senses) < 2:
        return None
    negated = _EN_NEGATED.search(reading.question) is not None
    for s in _sentences(corpus_of(reading), retrieved(reading)[:EN_CLAIM_PASSAGES]):
        text, before = s.text.lower(), sentence_before(s).lower()
        if not all(any(w.lower() in text or w.lower() in before for w in ws) for _, ws in senses):
            continue
        if (_ZH_NEGATED.search(s.text) is not None) != negated or any(h in s.text for h in hedges()):
            continue  # the sentence may say the opposite of the claim, or only that it may come to be so
        quotes = Quotes()
        quote = quotes.quote(s.passage, s.start, s.end, reading.lang)
        verdict = wording("yes", reading.lang)
        return finish(reading, kind, f"{verdict} {quote}.", verdict, quotes)
    return None


def _sentences(corpus: Corpus, hits: list[Passage]) -> list[Sentence]:
    return sentences_of(corpus.with_following(hits))
