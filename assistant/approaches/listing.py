"""List questions (哪些, 有几类, 分别, 列出, which … are there): every item the documents give for what is
asked, read from the whole document (a list needs recall, not the top passages), deduplicated, each
quoted and cited, one a line.

Items come from three shapes of text, all general to Chinese reports:
- an enumeration of figures (工业项目67个，占比34.2%；农业项目17个…): when the question asks a figure per
  item (各类项目分别有多少个), each segment up to its figure;
- an enumeration closed by 等 + the noun asked (A、B、C等项目; X等重大项目), and a sentence whose subject
  ends with that noun (双辽…风电项目，总投资7.52亿元…): the named things;
- a name written right after the noun asked (项目负责人林巍介绍): people and other names by role.
A condition the question states (超过10亿元, 以上, 低于) keeps the items whose own figure of that kind
passes it, compared by assistant.figures values.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from difflib import SequenceMatcher
from typing import TYPE_CHECKING

import jieba.posseg as pseg

from assistant.approaches.text import (
    ITEM_MARK,
    Quotes,
    Sentence,
    Terms,
    corpus_of,
    counted,
    cue_words,
    finish,
    name_after,
    retrieved,
    terms_of,
)
from assistant.figures import Figure, parse_figures
from assistant.question import ATTRIBUTE_CLASSES
from assistant.vocabulary import names

if TYPE_CHECKING:
    from assistant.approaches import Kind, Reading
    from assistant.types import Answer

# the phrase naming what is listed: 哪些X, X有哪些, 各类X分别, 几类X, 列出X, which X
_LISTED = [
    re.compile(r"哪(?:些|几[类个种项家条])(?P<p>[^，,。？?！!]+)"),
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


@dataclass
class ListAsk:
    head: str  # the noun listed (项目, 负责人, 活动); "" when the question names none
    per_item: str  # the unit class asked per item ("count" …), "" when items are asked by name
    condition: Figure | None  # 超过10亿元
    senses: tuple[str, ...] = ()  # an English question's head: each of its Chinese senses the index uses


def listed_head(question: str, terms: Terms) -> str:
    """The noun of the phrase a list question asks for (哪些计划总投资超过10亿元的具体项目 -> 项目)."""
    for pattern in _LISTED:
        m = pattern.search(question)
        if not m:
            continue
        # the noun compound the phrase opens with, after its last 的 (…超过10亿元的具体项目 -> 项目); a word
        # naming a quantity or weighed nothing (计划, 投资) starts the predicate (项目计划总投资超过… -> 项目)
        run: list[str] = []
        for w in pseg.cut(m.group("p").split("的")[-1]):
            word = str(w.word)
            noun = _NOUN.match(w.flag) and word not in ATTRIBUTE_CLASSES and terms.question.weights.get(word, 1.0) > 0
            if noun:
                run.append(word)
            elif run or not re.match(r"^(?:a|b|d|r)$", w.flag):  # 具体/主要/这些 may come before the noun
                break
        nouns = [w for w in run if len(w) >= 2]
        if nouns:
            return nouns[-1]
    counted_noun = terms.question.count_noun
    if counted_noun:
        return counted_noun
    nouns = [t for t in terms.question.terms if terms.question.weights.get(t, 0) >= 1.0 and len(t) >= 2]
    return nouns[-1] if nouns else ""


_EN_LISTED = re.compile(r"\b(?:which|what|list|name|are there)\b(?:\s+(?:the|all|of|number|main|key|major|specific|"
                        r"different|kinds?|types?))*\s+(?P<p>[a-z]+(?:\s+(?:in\s+charge|[a-z]+))?)", re.IGNORECASE)


def english_heads(question: str, reading: Reading) -> tuple[str, ...]:
    """The Chinese nouns an English list question may ask for ("Which projects …" -> 项目 …): the senses
    the index uses of the listed phrase, or of its last word, the most used first."""
    from assistant.bilingual import english_terms

    m = _EN_LISTED.search(question)
    if not m:
        return ()
    phrase = m.group("p")
    for words in (phrase, phrase.split()[-1]):
        senses = [z for group in english_terms(words, reading.stats.frequency).other for z in group]
        senses = [z for z in senses if reading.stats.frequency(z)]
        if senses:
            return tuple(sorted(dict.fromkeys(senses), key=reading.stats.frequency, reverse=True))
    return ()


def read_ask(reading: Reading, terms: Terms) -> ListAsk:
    q = terms.question
    senses = english_heads(reading.question, reading) if reading.lang == "en" else ()
    head = listed_head(reading.question, terms) if reading.lang == "zh" else (senses[0] if senses else "")
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
    return ListAsk(head, per_item, condition, senses)


def _direction(condition: Figure) -> int:
    if any(w in condition.qualifier for w in _ABOVE):
        return 1
    if any(w in condition.qualifier for w in _BELOW):
        return -1
    return 0


def passes(figure: Figure, condition: Figure) -> bool:
    direction = _direction(condition)
    strict = condition.qualifier not in {"以上", "以下", "不少于", "不低于", "不超过"}
    if direction > 0:
        return figure.value > condition.value if strict else figure.value >= condition.value
    return figure.value < condition.value if strict else figure.value <= condition.value


class ListApproach:
    kind: Kind = "list"

    def answer(self, reading: Reading) -> Answer | None:
        terms = terms_of(reading)
        ask = read_ask(reading, terms)
        sentences = self._documents(reading)
        if ask.per_item and ask.condition is None:
            items = self._figure_enumeration(sentences, ask, terms)
        else:
            items = self._names_by_role(sentences, ask) or self._named_things(sentences, ask, terms)
            items = _most_relevant(items, terms, ask.head)
        if ask.condition is not None:
            cond = ask.condition
            items = [i for i in items if i.figure is not None and passes(i.figure, cond)]
        if not items and ask.condition is not None:
            items = self._conditioned_enumeration(sentences, ask, terms)  # "占比超过20%的是哪几类项目"
        if not items and (ask.condition is not None or _change_asked(reading.question)):
            items = self._changes(sentences, ask, terms, reading.question)  # "哪些行业利润下降了"
        if not items and ask.condition is not None:
            items = self._typed_names(sentences, ask, terms)  # "哪些省份GDP超过了10万亿元"
        if not items:
            items = self._bare_enumeration(sentences, terms)  # "推行了哪些制度": A、B、C in the best sentence
        items = _deduplicated(items, ask.head)
        if not items:
            return None  # nothing listed: the figure engine answers (or refuses) instead
        quotes = Quotes()
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

    @staticmethod
    def _documents(reading: Reading) -> list[Sentence]:
        """The sentences of the documents the question is about: all of one indexed document; with
        several, those of the documents among the best retrieved passages."""
        corpus = corpus_of(reading)
        if len(corpus.by_doc) == 1:
            return corpus.sentences
        docs = {str(p.hit.node.metadata.get("doc_id", "")) for p in retrieved(reading)[:3]}
        return [s for s in corpus.sentences if s.doc_id in docs]

    # -- an enumeration of figures: one item per segment -------------------------------------------------
    def _figure_enumeration(self, sentences: list[Sentence], ask: ListAsk, terms: Terms) -> list[Item]:
        """The items of the sentence (or run of sentences cut at "；") that gives the most figures of the
        class asked, one per segment, and names what is asked; each quoted up to its figure."""
        best: tuple[float, list[Item]] | None = None
        for run in _runs(sentences):
            items = []
            heads = ask.senses or ((ask.head,) if ask.head else ())
            if heads and not any(h in " ".join(s.text for s in run) for h in heads):
                continue  # (in each item, "工业项目67个", or in the run's opening words, "从所属行业看")
            for s in run:
                start, text = s.start, s.text
                figures = [f for f in parse_figures(text) if f.unit_class == ask.per_item]
                if not figures:
                    continue
                first = figures[0]
                # the run's opening words before the first item ("从所属行业看，") are no part of it
                lead_cut = max(text.rfind(ch, 0, first.start) for ch in "，,：:")
                item_start = start + lead_cut + 1 if lead_cut >= 0 and not parse_figures(text[:lead_cut]) else start
                name = s.passage.text[item_start:start + first.end]
                items.append(Item(name, s, item_start, start + first.end, first))
            if len(items) < 2:
                continue
            context = " ".join(s.text for s in run) + " " + run[0].passage.context
            score = terms.coverage(context) + 0.05 * len(items)
            if best is None or score > best[0]:
                best = (score, items)
        return best[1] if best else []

    def _conditioned_enumeration(self, sentences: list[Sentence], ask: ListAsk, terms: Terms) -> list[Item]:
        """"占比超过20%的是哪几类项目", "项目数量少于20个的行业": the segments of the enumeration of figures of
        the condition's kind (工业项目67个，占比34.2%；农业项目17个…) whose own figure passes it."""
        assert ask.condition is not None
        per_item = replace(ask, per_item=ask.condition.unit_class)
        items = self._figure_enumeration(sentences, per_item, terms)
        return [i for i in items if i.figure is not None and passes(i.figure, ask.condition)]

    # -- names written after a role noun ----------------------------------------------------------------
    def _names_by_role(self, sentences: list[Sentence], ask: ListAsk) -> list[Item]:
        """"项目负责人林巍介绍": the names written right after the noun asked (a person's by their role)."""
        if not ask.head or ask.per_item:
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
            first_clause = re.split(r"[，,：:]", text, maxsplit=1)[0]
            if first_clause.endswith(ask.head) and first_clause != text and 4 < len(first_clause) <= ITEM_CHARS \
                    and not _aggregate(first_clause, ask.head) and first_clause != ask.head:
                figure = self._conditioned(text, ask)
                items.append(Item(first_clause, s, s.start, s.start + len(first_clause), figure))
        # items from the passages most about the question first would reorder the document: keep its order
        return items

    # -- changes: "汽车制造业下降3.4%，农副食品加工业下降7.2%" -----------------------------------------------
    def _changes(self, sentences: list[Sentence], ask: ListAsk, terms: Terms, question: str) -> list[Item]:
        """The clauses of the best-covering sentence that each name a thing and its change (name + 增长/下降 +
        figure), kept when their direction is the one asked and their figure passes the stated condition."""
        asked = _change_asked(question)
        best: tuple[float, list[Item]] | None = None
        for run in _runs(sentences):
            items = []
            changes = 0
            for s in run:
                position = 0
                for clause in re.split(r"[，,；;：:]", s.text):
                    at = position
                    position += len(clause) + 1
                    m = _CHANGE.search(clause)
                    if not m or not m.group("name").strip():
                        continue
                    figure = next((f for f in parse_figures(clause) if f.start >= m.end("verb")), None)
                    if figure is None:
                        continue
                    changes += 1  # (a run of two changes or more is an enumeration, whichever pass)
                    if asked and _DIRECTION.get(m.group("verb")) != asked:
                        continue
                    if ask.condition is not None and (figure.unit_class != ask.condition.unit_class
                                                      or figure.unit != ask.condition.unit
                                                      or not passes(figure, ask.condition)):
                        continue
                    items.append(Item(clause.strip(), s, s.start + at, s.start + at + len(clause), figure))
            if changes < 2 or not items:
                continue
            score = terms.coverage(" ".join(s.text for s in run), run[0].passage.context) + 0.02 * len(items)
            if best is None or score > best[0]:
                best = (score, items)
        return best[1] if best and best[0] >= MIN_COVERAGE else []

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

    # -- a bare enumeration: "推行领导班子任期制、岗位聘用制、档案封存制、绩效工资制" ---------------------------
    def _bare_enumeration(self, sentences: list[Sentence], terms: Terms) -> list[Item]:
        """The items of the 、-enumeration in the sentence that best covers the question (three items or
        more, or two closed by a count: 需求收缩、供给冲击、预期转弱三重压力)."""
        best: tuple[float, list[Item]] | None = None
        for s in sentences:
            if "、" not in s.text:
                continue
            score = terms.coverage(s.text, s.passage.context)
            if score < MIN_COVERAGE or (best is not None and score <= best[0]):
                continue
            position = 0
            for clause in re.split(r"[，,；;：:。]", s.text):
                at = position
                position += len(clause) + 1
                pieces = clause.split("、")
                if len(pieces) < 3:
                    continue
                items, offset = [], at
                for k, piece in enumerate(pieces):
                    start = offset
                    offset += len(piece) + 1
                    if k == 0:
                        cut = _opening_words(piece)
                        start, piece = start + cut, piece[cut:]
                    if len(piece.strip()) >= 2:
                        items.append(Item(piece.strip(), s, s.start + start, s.start + start + len(piece)))
                if len(items) >= 3:
                    best = (score, items)
                    break
        return best[1] if best else []

    @staticmethod
    def _conditioned(text: str, ask: ListAsk) -> Figure | None:
        """The item's figure of the condition's kind (its first), when the question states a condition."""
        if ask.condition is None:
            return None
        return next((f for f in parse_figures(text) if f.unit_class == ask.condition.unit_class), None)


_DIRECTION = {**{w: 1 for w in cue_words("rise")}, **{w: -1 for w in cue_words("fall")}}
_VERBS = "|".join(_DIRECTION)
_CHANGE = re.compile(rf"^(?P<name>[^\d]{{2,40}}?)(?:同比|比上年|较上年)?(?P<verb>{_VERBS})")
MIN_COVERAGE = 0.5  # a sentence read for items without a noun to anchor them must cover this much of the question
RELEVANT = 0.5  # items whose sentence covers less than this share of the best one's cover are about something else


def _change_asked(question: str) -> int:
    """The direction of change a question asks for (下降了 -> -1, 增长 -> 1), 0 when none."""
    m = re.search("|".join(_DIRECTION), question)
    return _DIRECTION[m.group(0)] if m else 0


def _without(terms: Terms, head: str) -> Terms:
    """The question's terms besides the noun listed (and the words inside it)."""
    return Terms(terms.question, {t: w for t, w in terms.weights.items() if t not in head and head not in t},
                 terms.groups, terms.known)


def _most_relevant(items: list[Item], terms: Terms, head: str) -> list[Item]:
    """The items whose sentence covers the question's other words best ("1月至6月新签约了哪些项目": the
    projects of the sentence about signing); all of them when the question names nothing besides the noun."""
    others = _without(terms, head)
    if not others.total or not items:
        return items
    scores = [others.coverage(i.sentence.text, i.sentence.passage.text) for i in items]
    top = max(scores)
    if top < 0.3:
        return items
    return [i for i, score in zip(items, scores, strict=True) if score >= RELEVANT * top]


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
        return 0  # a name in quotation marks or a title's brackets is the item itself ("浙企进四平")
    taken, verb = 0, False
    for w in pseg.cut(piece[:10]):
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


def _deduplicated(items: list[Item], head: str) -> list[Item]:
    """One item per thing: a name inside another's ("双辽…风电" in "双辽…风电项目") is the same thing."""
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
