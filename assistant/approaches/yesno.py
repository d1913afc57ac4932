"""Yes/no questions decided by figures: a threshold ("石溪风电项目的总投资超过10亿元了吗？"), a claimed value
("总投资是999亿元，对吗？", also behind an instruction), in Chinese or English.

The claimed figure and the relation asked (above, below, equal) are read from the question; the subject's
own figure is asked of the figure engine with the claim taken out ("石溪风电项目的总投资是多少？"); the two
are compared when they are of one unit class, and the answer says 是/否 (对/不对; Yes/No) first, then the
engine's cited statement and the comparison. When the engine finds no figure, its refusal is the answer:
a claim is never confirmed or denied by a guess.
"""

from __future__ import annotations

import math
import re
from dataclasses import replace

from assistant import refusals
from assistant.approaches import Kind, Reading
from assistant.approaches.english_comparison import decide_compared_en
from assistant.approaches.english_yesno import undecided_en
from assistant.approaches.text import Quotes, Sentence, finish
from assistant.approaches.verdicts import (
    asks_direction,
    asks_direction_en,
    asks_rank,
    claim_in_sentence,
    claimed_direction,
    decide_direction,
    decide_direction_en,
    decide_rank,
    decide_stated_en,
    lead_with_quote,
    stated_direction,
)
from assistant.candidates import Passage
from assistant.compose import citation_for, locate_in_source, wording
from assistant.figures import Figure, figure_from_text, format_value, parse_figures
from assistant.types import Answer, Citation, FigureUse
from assistant.verify import verify
from assistant.vocabulary import same_counter

# the relation a question asks about its claimed figure, by the words before it (Chinese and English)
_ABOVE = re.compile(r"(超过|超出|高于|多于|大于|突破|不止|exceed(s|ed)?|more than|greater than|higher than|larger than|"
                    r"bigger than|above|over)\s*(了)?\s*$", re.I)
_AT_LEAST = re.compile(r"(达到|至少|不低于|不少于|at least|reach(ed)?)\s*(了)?\s*$", re.I)
_BELOW = re.compile(r"(低于|少于|小于|不到|不足|不超过|less than|fewer than|lower than|smaller than|below|under)\s*$",
                    re.I)
_ABOVE_AFTER = re.compile(r"^(以上|之上)")
_BELOW_AFTER = re.compile(r"^(以下|之下)")
# words of the yes/no form, taken out to leave the question about the subject's figure
_ZH_YESNO = re.compile(r"(是不是|是否|有没有|有无|对不对|对吗|对吧|是吧|是吗|了吗|吗|呢)")
_ZH_LINK = re.compile(r"(是|为|有|达|共|一共|总共|共有|了|的|已经|已)+$")
_EN_AUX = re.compile(r"^\s*(is it (true|right|correct) that|is|are|was|were|did|does|do|has|have|had|will)\s+", re.I)
_EN_TAIL = re.compile(r"\b(is|are|was|were|be|been|amount to|total|come to|reach(ed)?|exceed(ed|s)?)\s*$", re.I)
_EN_TAG = re.compile(r",?\s*(right|correct|true|is that (right|correct|true))\s*\??\s*$", re.I)
# a change to a level ("扩大到了", "下降至"): the level reached is the figure claimed
_CHANGED_TO = re.compile(r"(扩大|缩小|增加|增长|减少|下降|上升|提高|降低|回落|攀升|上涨|下跌)(到|至)(了)?$")
# "比2020年增加": a change against a base the question names, the amount of which is claimed
_CHANGED_FROM = re.compile(r"比[^，,。？?]{1,12}(增加|增长|减少|下降|提高|降低|上升|扩大|缩小|多|少)$")
# a stem ending on the change its claimed rate measures ("…利润下降", "…同比增长")
_CHANGE_END = re.compile(r"(增长|下降|增加|减少|上升|回落|下滑|提高|降低|上涨|下跌)$")
# "grow by (more than) 10%": a change of the subject claimed, asked as how much it changed
_EN_CHANGED_BY = re.compile(r"\b(?P<verb>grow|rise|increase|fall|drop|decline|decrease)\s*(by)?\s*$", re.I)
# "account for / make up / represent more than 20% of B": a share of a whole claimed
_EN_SHARE_VERB = re.compile(r"\b(?:account(?:s|ed)?\s+for|make(?:s)?\s+up|made\s+up|represent(?:s|ed)?)\s*$", re.I)
_EN_OF_WHOLE = re.compile(r"\s*of\s+(?P<whole>[^?.,]+?)"
                          r"(?=\s+(?:in|during|from|for|between|over|since)\b|\s*[?.,]|\s*$)", re.I)
_EN_OF_NOUN = re.compile(r"\s+of\s+(?P<noun>[A-Za-z][A-Za-z\-]*(?:\s+[A-Za-z][A-Za-z\-]*)?)"
                         r"(?=\s+(?:from|in|during|for|by|at|between|over|since)\b|\s*[?.,]|\s*$)")
_NOT_CLAIMED = {"", "year", "date"}  # a date claim is a description's business, not a figure comparison
# a frame that reports the claim rather than states it: "文章说…", "文中提到…"
_REPORTED = re.compile(r"^(文章|文中|文档|报道|材料|原文|资料)(里|中)?(说|称|提到|写道|讲)(了)?")
_NEGATION = re.compile(r"不是|并非|没有|未|不")
# a relation between two named sides ("A的财政收入领先B"): the sentence may state it the other way round
_RELATION = re.compile(r"领先于|领先|超过|超出|高于|多于|大于|低于|少于|小于|落后于|落后|不如")
_CLAUSES = re.compile(r"[^，,。；;！!？?]+")
_TEXT_PASSAGES = 5  # retrieved passages searched for the sentence stating a claim
_MORE = {"以上", "多", "余", "逾"}  # qualifiers that put the claim above the number ("10亿元以上")
_LESS = {"以下", "不到", "不足"}
_EN_NOUN = re.compile(r"^\s*([A-Za-z][A-Za-z\- ]*?)(?=\s+(?:be|been|built|installed|signed|started|were|are|was|is|"
                      r"in|of|for|at|on|by|from|during|between|since|through|over|did|does|do|have|has)\b|[?,.]|$)")
# "A比B多/高/大…吗": the two sides and the direction asked; the figure engine words a difference with
# 多/少, 高/低, 快/慢, so 大/小 are asked as 多/少
_COMPARED = re.compile(r"^(?P<a>[^，,。？?]+?)比(?P<b>[^，,。？?]+?)(?P<word>多|少|高|低|大|小|快|慢)")
_AS_ENGINE_WORD = {"大": "多", "小": "少"}
# "A超过/高于/少于B了吗" (no figure stated): the same comparison worded with a verb, asked as "A比B多/高/少…"
_COMPARED_VERB = re.compile(r"^(?P<a>[^，,。？?]+?)(?P<verb>超过|超出|高于|多于|大于|低于|少于|小于)"
                            r"(?P<b>[^，,。？?]+?)(了)?$")
_VERB_AS_WORD = {"超过": "多", "超出": "多", "高于": "高", "多于": "多", "大于": "多", "低于": "低", "少于": "少",
                 "小于": "少"}
_MORE_WORDS = frozenset("多高快")
# a relation a statement words between two sides: a yes/no comparison is decided by it when the figure engine
# reads no two operands ("服务出口增幅大于进口27.2个百分点")
_MORE_RELATIONS = ("大于", "高于", "多于", "快于", "超过", "超出", "领先")
_STATED_RELATION = re.compile("|".join((*_MORE_RELATIONS, "小于", "低于", "少于", "慢于", "落后于", "不及")))
# "A和B(这两个项目)，哪个…更大": the two sides, the quantity compared and the direction asked
_CHOICE = re.compile(r"^(?P<a>[^，,。？?]+?)(和|与|跟)(?P<b>[^，,。？?]+?)[，,]?\s*(哪个|哪一个|哪家|哪项|谁)(的)?"
                     r"(?P<attr>[^，,。？?]*?)更(?P<word>大|多|高|少|小|低|快|慢)")
_THESE = re.compile(r"(这|那)?(两|二|2)(个|家|项|座)\S{0,4}$")


class YesNo:
    kind: Kind = "yesno"

    def answer(self, reading: Reading) -> Answer | None:
        if reading.ask_figure is None:
            return None
        fractions = fractions_as_percent(reading.question)
        if fractions != reading.question:  # "比重超过一半了吗": a threshold of 50%, written back as asked
            answer = self.answer(replace(reading, question=fractions))
            return _worded_as_asked(answer, reading.question) if answer is not None else None
        claim = claimed(reading.question)
        if claim is None:
            if reading.lang != "zh":  # "Did imports fall?": the change the text states; "Was A higher than B's?"
                decided = decide_direction_en(reading, self.kind) if asks_direction_en(reading.question) \
                    else decide_compared_en(reading, self.kind)
                # no change or comparison decided: a sentence stating the claim itself ("Was the EU … largest …"),
                # else the closest sentences, said not to decide it (english_yesno)
                return decided or decide_stated_en(reading, self.kind) or undecided_en(reading, self.kind)
            # "汽车制造业的利润增长了吗", "…排第一吗": decided by the change or the rank the text states
            decided = decide_direction(reading, self.kind) if asks_direction(reading.question) else None
            if decided is None and asks_rank(reading.question):
                decided = decide_rank(reading, self.kind)
            if decided is not None:
                return decided
            if compared(reading.question) is not None:
                return self._two_sided(reading)
            if _CHOICE.search(reading.question):
                return self._choice(reading)
            return self._stated_in_text(reading)
        figure, relation = claim
        asked = subject_question(reading.question, figure, reading.lang)
        if not asked:
            return None
        found = reading.ask_figure(asked)
        if not found.answerable and not found.conflicts:
            # the engine reads no figure: one sentence that plainly states the subject's figure may decide it
            stated_in = claim_in_sentence(reading, asked, figure)
            if stated_in is not None:
                return _compose_from_sentence(reading, *stated_in, figure, relation, self.kind)
        if not found.answerable or found.conflicts:
            # no figure to decide by, or sources that disagree: the engine's own answer says so
            found.kind = self.kind
            return found
        stated = _stated_figure(found, figure)
        if stated is None and not found.conflicts:
            # the engine read a figure of another kind ("工期" answered in 亿元 for a claim in 个月): the one
            # sentence that plainly states the subject's figure of the claimed kind may decide it
            stated_in = claim_in_sentence(reading, asked, figure)
            if stated_in is not None:
                return _compose_from_sentence(reading, *stated_in, figure, relation, self.kind)
        if stated is not None and reading.lang == "zh" and not _names_subject(asked, found):
            # the engine's figure is about another thing (its cited passages do not name the subject): the one
            # sentence that plainly states the subject's figure may decide it, as when the engine reads none
            stated_in = claim_in_sentence(reading, asked, figure)
            if stated_in is not None:
                return _compose_from_sentence(reading, *stated_in, figure, relation, self.kind)
        if stated is None or (reading.lang == "zh" and not _names_subject(asked, found)):
            return _refusal(reading, found, self.kind)
        opposite = _opposite_change(reading, figure, _use_direction(found, stated))
        holds = _holds(replace(stated, value=-stated.value) if opposite else stated, figure, relation)
        return _compose(reading, found, stated, figure, relation, holds, self.kind, opposite)


    def _stated_in_text(self, reading: Reading) -> Answer | None:
        """"临江恒达是不是第一家…的企业？": 是, when one sentence of a retrieved passage states every word of
        the claim the index knows (the subject may stand earlier in its passage) and negates none of it;
        None otherwise (a claim the text does not state is not thereby false: the description answers)."""
        from index.keyword import STOPWORDS, tokenize

        claim = _ZH_YESNO.sub("", reading.question).strip(" ？?。")
        words = [t for t in dict.fromkeys(tokenize(claim)) if len(t) >= 2 and t not in STOPWORDS]
        if not words or not all(reading.stats.known(t) for t in words):
            return None  # a word no passage uses: nothing can state the claim
        negated = _NEGATION.search(claim) is not None
        for rank, hit in enumerate(reading.retrieve(claim)[:_TEXT_PASSAGES]):
            p = Passage(hit, rank)
            for s, e in p.sentences:
                sentence = p.text[s:e]
                missing = [w for w in words if w not in sentence]
                if p.is_addressed(s) or len(missing) > 1 or any(w not in p.text[:s] for w in missing):
                    continue
                if (_NEGATION.search(sentence) is not None) != negated:
                    continue  # "并非…", "没有…": the sentence may say the opposite
                citation = citation_for(1, hit, p.start + s, p.start + e)
                locate_in_source(citation, p)
                uses = [FigureUse(f.text, f.value, f.unit, "citation", 1, f.text) for f in parse_figures(sentence)]
                verdict = wording("no" if reversed_relation(claim, sentence, words) else "yes", "zh")
                quote = sentence.rstrip("。；;，,")
                text = f"{verdict}{quote}[1]。"
                lead = lead_with_quote(verdict, quote, "zh")
                return verify(Answer(reading.question, text, [citation], answerable=True, figures=uses, lang="zh",
                                     kind=self.kind, lead=lead))
        return None

    def _choice(self, reading: Reading) -> Answer | None:
        """"A和B，哪个计划总投资更大？": each side's figure asked of the engine on its own; the side whose
        figure is larger (smaller) named first, then both cited statements. None when either side has no
        figure of its own (the figure engine then answers the question whole)."""
        assert reading.ask_figure is not None
        m = _CHOICE.search(reading.question)
        if m is None or not m.group("attr").strip():
            return None
        attr = m.group("attr").strip()
        sides = [m.group("a").strip(" ，,"), _THESE.sub("", m.group("b")).strip(" ，,")]
        found = []
        for side in sides:
            asked = f"{side}{attr}是多少？"
            a = reading.ask_figure(asked)
            use = next((u for u in a.figures if u.source == "citation"), None)
            if not a.answerable or a.conflicts or use is None or not _names_subject(side, a):
                return None
            found.append((side, a, use))
        (_, first, one), (_, second, other) = found
        if one.text == other.text and first.citations[:1] == second.citations[:1]:
            return None  # one statement read for both: which figure is whose is not known
        larger = found[0] if one.value >= other.value else found[1]
        smaller = found[1] if larger is found[0] else found[0]
        winner = larger if m.group("word") in _MORE_WORDS | {"大"} else smaller
        lead = wording("choice", "zh").format(winner=winner[0], attribute=attr, word=m.group("word"))
        shift = len(first.citations)
        from assistant.answer import renumbered

        text = f"{lead}{first.text.strip()}{renumbered(second.text.strip(), shift)}"
        citations = [*first.citations, *(replace(c, n=c.n + shift) for c in second.citations)]
        uses = [*first.figures, *(replace(u, citation=u.citation + shift if u.citation is not None else None)
                                  for u in second.figures)]
        return verify(Answer(reading.question, text, citations, answerable=True, figures=uses, lang="zh",
                             kind=self.kind, lead=lead))

    def _two_sided(self, reading: Reading) -> Answer | None:
        """"工业项目比农业项目多吗？": the figure engine's difference of the two ("…多多少？") decides, its
        operands in the question's order; the answer is 是/否, then the engine's statement of it."""
        assert reading.ask_figure is not None
        sides = compared(reading.question)
        if sides is None:
            return None
        a_side, b_side, word = sides
        if _period_of_first_only(a_side, b_side) or _shared_quantity(a_side, b_side):
            # "2021年江苏GDP比广东高吗": the period asked is the second side's too; each side asked on its own
            # carries it ("2021年广东GDP"), where a difference could take the second side's other year; so does
            # the first side's subject when both end in one quantity ("净利润增速超过营收增速")
            each = self._each_side(reading, a_side, b_side, word)
            if each is not None:
                return each
        found = reading.ask_figure(f"{a_side}比{b_side}{word}多少？")
        operands = [u for u in found.figures if u.source == "citation"]
        if not found.answerable or found.conflicts or len(operands) < 2:
            each = self._each_side(reading, a_side, b_side, word)
            if each is not None:
                return each
            relation = stated_relation(found.lead or found.text) if found.answerable and not found.conflicts else 0
            if not relation and not found.conflicts:
                # no difference read and none worded by the engine's statement: a sentence wording it
                worded = self._relation_in_text(reading, a_side, b_side, word)
                if worded is not None:
                    return worded
            if relation:  # the statement found words the relation itself: 是 when it is the one asked
                holds = (relation > 0) == (word in _MORE_WORDS)
                verdict = wording("yes" if holds else "no", reading.lang)
                found.text, found.lead = f"{verdict}{found.text.strip()}", f"{verdict}{found.lead.strip()}"
                found = verify(found)
            found.kind = self.kind
            return found
        a, b = operands[0].value, operands[1].value
        holds = a > b if word in _MORE_WORDS else a < b
        verdict = wording("yes" if holds else "no", reading.lang)
        text = f"{verdict}{found.text.strip()}"
        answer = Answer(reading.question, text, list(found.citations), answerable=True, figures=list(found.figures),
                        lang=reading.lang, kind=self.kind, lead=text.split("（", 1)[0].split("[", 1)[0] + "。")
        return verify(answer)

    def _relation_in_text(self, reading: Reading, a_side: str, b_side: str, word: str) -> Answer | None:
        """"天津GDP增速高于全国平均水平吗" when no figure of either side is read: a sentence of a retrieved passage
        that words the relation itself ("…天津都低于全国平均水平"), naming the second side after its relation
        word and the first side's subject before it (in the sentence or earlier in its passage). 是 when it
        words the direction asked, 否 when the opposite; then the sentence, and the first side's own figure
        when the engine reads one. None when no sentence words it."""
        assert reading.ask_figure is not None
        from index.keyword import STOPWORDS, tokenize

        def words_of(side: str) -> list[str]:
            return [t for t in dict.fromkeys(tokenize(side)) if len(t) >= 2 and t not in STOPWORDS
                    and reading.stats.known(t) and not parse_figures(t)]

        b_words, a_words = words_of(b_side), words_of(a_side)
        if not b_words or not a_words:
            return None
        for rank, hit in enumerate(reading.retrieve(f"{a_side}{b_side}")[:_TEXT_PASSAGES]):
            p = Passage(hit, rank)
            for s, e in p.sentences:
                sentence = p.text[s:e]
                direction, at = relation_at(sentence)
                if not direction or not all(w in sentence[at:] for w in b_words) \
                        or not any(w in p.text[:s + at] for w in a_words):
                    continue
                lead_quote = sentence.rstrip("。；;，,")
                earlier = [(s0, e0) for s0, e0 in p.sentences if e0 <= s]
                if earlier and not _figures_of(sentence) and _figures_of(p.text[earlier[-1][0]:s]):
                    # "这也意味着，…都低于全国平均水平": the relation is drawn from the figures just before it
                    s = earlier[-1][0]
                citation = citation_for(1, hit, p.start + s, p.start + e)
                locate_in_source(citation, p)
                verdict = wording("yes" if (direction > 0) == (word in _MORE_WORDS) else "no", reading.lang)
                quote = p.text[s:e].rstrip("。；;，,")
                uses = [FigureUse(f.text, f.value, f.unit, "citation", 1, f.text) for f in _figures_of(quote)]
                text, citations = f"{verdict}{quote}[1]。", [citation]
                own = reading.ask_figure(f"{a_side}是多少？")
                if own.answerable and not own.conflicts and own.citations and _names_subject(a_side, own):
                    from assistant.answer import renumbered

                    text += renumbered(own.text.strip(), 1)
                    citations += [replace(c, n=c.n + 1) for c in own.citations]
                    uses += [replace(u, citation=u.citation + 1 if u.citation is not None else None)
                             for u in own.figures]
                lead = lead_with_quote(verdict, lead_quote, "zh")
                return verify(Answer(reading.question, text, citations, answerable=True, figures=uses,
                                     lang=reading.lang, kind=self.kind, lead=lead))
        return None

    def _each_side(self, reading: Reading, a_side: str, b_side: str, word: str) -> Answer | None:
        """"农业项目的占比高于服务业项目吗": when the engine reads no difference, each side's figure asked on
        its own (the second side takes the first's quantity, 占比, when it names none), compared when both
        are cited and of one kind; None otherwise."""
        assert reading.ask_figure is not None
        subject, _, quantity = a_side.rpartition("的")
        shared = _shared_quantity(a_side, b_side)
        if shared:  # "一季度进口增速超过出口增速": the second side is the first with its own thing (一季度出口增速)
            sides, subject, quantity = [a_side, shared], a_side, b_side
        elif subject:
            sides = [a_side, f"{b_side.rstrip('的')}的{quantity}"]
        else:  # "制造业增加值增长比采矿业快吗": the subject is the first name after the period (2021年青岚GDP)
            lead, subject, quantity = _split_subject(a_side)
            sides = [a_side, f"{lead}{b_side}{quantity}"]
        if not subject or not quantity or (quantity in b_side and not shared):
            return None
        found = []
        for side in sides:
            a = reading.ask_figure(f"{side}是多少？")
            use = next((u for u in a.figures if u.source == "citation"), None)
            own = figure_from_text(use.text) if use is not None else None
            if not a.answerable or a.conflicts or use is None or own is None or not _names_subject(side, a):
                return None
            found.append((a, use, own))
        (first, one, one_fig), (second, other, other_fig) = found
        spans = [[(c.doc_id, c.start, c.end) for c in a.citations[:1]] for a in (first, second)]
        if one_fig.unit_class != other_fig.unit_class or (one.text == other.text and spans[0] == spans[1]):
            return None  # figures of two kinds, or one statement read for both: nothing to compare
        holds = one.value > other.value if word in _MORE_WORDS else one.value < other.value
        verdict = wording("yes" if holds else "no", reading.lang)
        said = wording("sides", reading.lang).format(a=sides[0], a_value=one.text, b=sides[1], b_value=other.text)
        shift = len(first.citations)
        from assistant.answer import renumbered

        text = f"{verdict}{first.text.strip()}{renumbered(second.text.strip(), shift)}"
        citations = [*first.citations, *(replace(c, n=c.n + shift) for c in second.citations)]
        uses = [*first.figures, *(replace(u, citation=u.citation + shift if u.citation is not None else None)
                                  for u in second.figures)]
        return verify(Answer(reading.question, text, citations, answerable=True, figures=uses, lang=reading.lang,
                             kind=self.kind, lead=verdict + said))


def reversed_relation(claim: str, sentence: str, words: list[str]) -> bool:
    """True when the claim relates two named sides ("苏州的财政收入领先杭州") and the sentence's clause that
    states the relation with most of the claim's words names them the other way round ("杭州的财政收入却领先
    苏州"): the text says the opposite."""
    m = _RELATION.search(claim)
    if m is None:
        return False
    a_side = next((w for w in words if w in claim[:m.start()]), "")
    b_side = next((w for w in words if w in claim[m.end():]), "")
    if not a_side or not b_side:
        return False
    clauses = [c.group(0) for c in _CLAUSES.finditer(sentence) if m.group(0) in c.group(0)]
    if not clauses:
        return False
    # the clause about what the claim compares: its words besides the sides, the relation and its period
    # ("一季度苏州经济总量领先杭州" and "杭州的财政收入却领先苏州": 财政收入 decides)
    what = [w for w in words if w not in {a_side, b_side, m.group(0)} and not any(
        f.unit_class in {"year", "date"} for f in parse_figures(w))]
    scores = [sum(w in c for w in what) for c in clauses]
    if scores.count(max(scores)) > 1:
        return False  # no one clause is about it
    clause = clauses[scores.index(max(scores))]
    verb = clause.find(m.group(0))
    a_at, b_at = clause.find(a_side), clause.find(b_side)
    return 0 <= b_at < verb < a_at


def _shared_quantity(a_side: str, b_side: str) -> str:
    """The second side written in full when both sides end in one quantity ("一季度进口增速" and "出口增速" ->
    "一季度出口增速"; "江苏银行2020年净利润增速" and "营收增速" -> "江苏银行2020年营收增速"): the first side
    with its last word before the quantity replaced by the second's; "" when they share none."""
    from index.segmenter import pos_cut

    b_words = [str(w.word) for w in pos_cut(b_side)]
    n = 0  # the shared quantity in whole words of the second side (进口/出口 share 口, not a word)
    for k in range(len(b_words) - 1, 0, -1):
        tail = "".join(b_words[k:])
        if a_side.endswith(tail):
            n = len(tail)
    if n < 2 or len(b_side) - n < 2 or len(a_side) - n < 2:
        return ""
    a_core, b_core = a_side[:-n], b_side[:-n]
    words = [str(w.word) for w in pos_cut(a_core)]
    last = words[-1] if len(words) >= 2 else a_core[-len(b_core):]  # ("一季度进口" is one word to jieba)
    if len(a_core) - len(last) < 2 and len(words) < 2:
        return ""
    return a_core[:-len(last)] + b_core + a_side[-n:]


def _period_of_first_only(a_side: str, b_side: str) -> bool:
    """The first side of a comparison opens with a period ("2021年江苏GDP") and the second states none."""
    lead, _, _ = _split_subject(a_side)
    return bool(lead) and any(f.unit_class in {"year", "date"} for f in parse_figures(lead)) and not any(
        f.unit_class in {"year", "date"} for f in parse_figures(b_side))


def _split_subject(side: str) -> tuple[str, str, str]:
    """A comparison's first side as (its period, its subject, its quantity): "2021年青岚GDP" -> ("2021年",
    "青岚", "GDP"); the subject is the first noun after the period's words."""
    from index.segmenter import pos_cut

    words = [(str(w.word), w.flag) for w in pos_cut(side)]
    k = 0
    while k < len(words) and (words[k][1] in {"t", "m", "f"} or parse_figures(words[k][0])):
        k += 1
    if k >= len(words) - 1 or not words[k][1].startswith(("n", "j")):
        return "", "", ""
    lead = "".join(w for w, _ in words[:k])
    return lead, words[k][0], "".join(w for w, _ in words[k + 1:])


def compared(question: str) -> tuple[str, str, str] | None:
    """The two sides of a Chinese comparison that states no figure and the engine's word for the direction
    asked: "A比B大吗" -> (A, B, "多"); "A的利润超过B了吗" -> (A的利润, B, "多"); None otherwise."""
    bare = _ZH_YESNO.sub("", question).strip(" ？?。！!")
    m = _COMPARED.search(bare)
    if m is not None:
        return m.group("a"), m.group("b"), _AS_ENGINE_WORD.get(m.group("word"), m.group("word"))
    m = _COMPARED_VERB.search(bare)
    if m is None or any(f.unit_class not in _NOT_CLAIMED and not part_of_name(f, bare) for f in parse_figures(bare)):
        return None  # a stated figure is a threshold (claimed), not a second subject (a period is no figure)
    return m.group("a"), m.group("b"), _VERB_AS_WORD[m.group("verb")]


_CN_DIGITS = {ch: i for i, ch in enumerate("零一二三四五六七八九")} | {"两": 2, "十": 10}
# a threshold worded as a fraction after a relation word ("超过一半", "不到三分之一", "达到两成")
_FRACTION = re.compile(r"(?<=超过|超出|高于|达到|不到|不足|低于|多于|少于|大于|小于)(?:了)?"
                       r"(?:(?P<half>一半|半数)|(?P<den>[二三四五六七八九十])分之(?P<num>[一二三四五六七八九])"
                       r"|(?P<tenths>[一二两三四五六七八九])成)")


def fractions_as_percent(question: str) -> str:
    """A threshold worded as a fraction written as the percentage it is ("超过一半" -> "超过50%", "不到三分之一"
    -> "不到33.3%", "达到两成" -> "达到20%"), so that it is claimed and compared as a rate."""
    def percent(m: re.Match[str]) -> str:
        if m.group("half"):
            value = 50.0
        elif m.group("tenths"):
            value = 10.0 * _CN_DIGITS[m.group("tenths")]
        else:
            value = 100.0 * _CN_DIGITS[m.group("num")] / _CN_DIGITS[m.group("den")]
        return f"{value:.1f}".rstrip("0").rstrip(".") + "%"

    def english(m: re.Match[str]) -> str:
        num, _, den = m.group("frac").lower().rpartition(" ")
        value = 100.0 * _EN_NUMERATOR.get(num, 1) / _EN_DENOMINATOR[den.removesuffix("s")]
        return f"{m.group('rel')} " + f"{value:.1f}".rstrip("0").rstrip(".") + "%"

    return _EN_FRACTION.sub(english, _FRACTION.sub(percent, question))


# the same in English ("fall by more than half", "less than a third"): the relation word, then the fraction
_EN_DENOMINATOR = {"half": 2, "third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
_EN_NUMERATOR = {"": 1, "a": 1, "one": 1, "two": 2, "three": 3, "four": 4}
_EN_FRACTION = re.compile(r"\b(?P<rel>more than|less than|fewer than|over|under|above|below|at least|exceed(?:ed|s)?)"
                          r"\s+(?P<frac>(?:(?:a|one|two|three|four)\s+)?(?:half|thirds?|quarters?|fifths?|tenths?))\b"
                          r"(?!\s+(?:a|an)\b)", re.I)


def _worded_as_asked(answer: Answer, question: str) -> Answer:
    """The answer with each fraction threshold in the words the question used ("低于50%" -> "低于一半"): the
    percentage was the engine's reading of it, not a figure of the documents or of the asker."""
    if _EN_FRACTION.search(question):  # an English answer compares with the percentage, which says the same
        answer.question = question
        return answer
    for m in _FRACTION.finditer(question):
        shown = fractions_as_percent(question[m.start() - 2:m.end()])[2:].lstrip("了")
        answer.text = answer.text.replace(shown, m.group(0).lstrip("了"))
        answer.lead = answer.lead.replace(shown, m.group(0).lstrip("了"))
        answer.figures = [u for u in answer.figures if not (u.source == "question" and u.text == shown)]
    answer.question = question
    return answer


def claimed(question: str) -> tuple[Figure, str] | None:
    """The figure a question claims or sets as a threshold, and the relation asked: ">" (超过), ">="
    (达到), "<" (低于) or "=" (是…吗); None when it states none. The last figure is the claim: one
    before it belongs to the subject ("10亿元以上项目有19个吗")."""
    figures = [f for f in parse_figures(question) if f.unit_class not in _NOT_CLAIMED and not _bare_year(f)
               and not part_of_name(f, question)]
    if not figures:
        return None
    f = figures[-1]
    before, after = question[:f.start], question[f.end:]
    qualifier = f.qualifier.lower()
    if _ABOVE.search(before) or _ABOVE_AFTER.match(after) or _ABOVE.fullmatch(qualifier) or qualifier in _MORE:
        return f, ">"
    if _AT_LEAST.search(before) or _AT_LEAST.fullmatch(qualifier):
        return f, ">="
    if _BELOW.search(before) or _BELOW_AFTER.match(after) or _BELOW.fullmatch(qualifier) or qualifier in _LESS:
        return f, "<"
    return f, "="


# a character glued to a number that makes the number part of a word: a Chinese character (but a particle or
# conjunction, which ends the number: "超过100了吗", "100和200") or a Latin letter
_WORD_CHAR = re.compile(r"[\u4e00-\u9fffA-Za-z]")
_ENDS_NUMBER = frozenset("了吗呢吧啊的是和与及或")


def part_of_name(f: Figure, text: str) -> bool:
    """A unitless number written inside a word ("“80后”", "5G", "G20"): a name the question compares or asks
    about, not an amount it claims. (A number with a unit was read with it, so the character after a unitless
    number is not a unit; an English count is written apart from its noun, "100 projects".)"""
    if f.unit_class != "plain" or f.unit:
        return False
    before, after = text[max(f.start - 1, 0):f.start], text[f.end:f.end + 1]
    return bool((_WORD_CHAR.match(after) and after not in _ENDS_NUMBER) or re.match(r"[A-Za-z]", before))


def _bare_year(f: Figure) -> bool:
    """A bare four-digit number of a year ("Is Shenzhen's 2022 GDP target…"): the period asked about, not a
    claimed figure (an English year has no 年 to say so)."""
    decade = f.unit == "s" and f.text.strip().endswith("0s")  # "born in the 1990s": a period, as a year is
    return f.unit_class == "plain" and (not f.unit or decade) and f.value.is_integer() \
        and 1900 <= f.value <= 2100 and f.text.strip().removesuffix("s").isdigit()


def _figures_of(text: str) -> list[Figure]:
    """The figures text states in digits, periods aside ("两个数据" counts the figures it refers to)."""
    return [f for f in parse_figures(text) if f.unit_class not in _NOT_CLAIMED and re.search(r"\d", f.text)]


_NEGATED_RELATION = re.compile(r"(不|未|并不|没有)$")


def relation_at(text: str) -> tuple[int, int]:
    """(direction, end) of the first relation word text states between two sides ("…天津都低于全国平均水平":
    -1 and where 低于 ends; "不低于" is 1); (0, 0) when it states none."""
    m = _STATED_RELATION.search(text)
    if m is None:
        return 0, 0
    direction = 1 if m.group(0) in _MORE_RELATIONS else -1
    return (-direction if _NEGATED_RELATION.search(text[:m.start()]) else direction), m.end()


def stated_relation(text: str) -> int:
    """The direction a statement relates its two sides in ("服务出口增幅大于进口27.2个百分点": 1; 低于: -1; 0
    when it states no relation)."""
    m = _STATED_RELATION.search(text)
    if m is None:
        return 0
    return 1 if m.group(0) in _MORE_RELATIONS else -1


def subject_question(question: str, figure: Figure, lang: str) -> str:
    """The question about the subject's figure, with the claim taken out: "石溪风电项目的总投资超过10亿元了吗？"
    -> "石溪风电项目的总投资是多少？"; "" when nothing is left to ask about."""
    before = question[:figure.start]
    if lang == "en":
        if figure.unit_class in {"count", "plain"}:
            return _en_count_question(question, figure)
        stem = _EN_AUX.sub("", before)
        stem = re.sub(_ABOVE.pattern, "", stem, flags=re.I)
        stem = re.sub(_AT_LEAST.pattern, "", stem, flags=re.I)
        stem = re.sub(_BELOW.pattern, "", stem, flags=re.I)
        stem = _EN_TAIL.sub("", stem.strip()).strip(" ,")
        if not re.search(r"[A-Za-z\u4e00-\u9fff]", stem):
            return ""
        of_noun = _EN_OF_NOUN.match(question[figure.end:])
        if of_noun and figure.unit_class == "money" and re.match(r"\s*(did|does|do)\b", before, re.I):
            # "Did the city secure more than 50 billion yuan of funds …": how much of the thing it secured
            rest = question[figure.end + of_noun.end():].strip(" ?.,")
            return f"How much {of_noun.group('noun')} did {stem}{' ' + rest if rest else ''}?"
        share = _EN_SHARE_VERB.search(stem)
        whole = _EN_OF_WHOLE.match(question[figure.end:])
        if share and whole and figure.unit_class == "percent":
            # "Did A account for more than 20% of B in 2021?": the share of B that A is, asked as a share
            rest = question[figure.end + whole.end():].strip(" ?.,")
            part = stem[:share.start()].strip(" ,")
            return f"What share of {whole.group('whole')} did {part} account for{' ' + rest if rest else ''}?"
        changed = _EN_CHANGED_BY.search(stem)
        if changed and figure.unit_class == "percent":  # "Did X grow by more than 10% …": how much X grew
            after = question[figure.end:].strip(" ?.,")
            subject = stem[:changed.start()].strip()
            return f"How much did {subject} {changed.group('verb')}{' ' + after if after else ''}?"
        after = question[figure.end:].strip(" ?.,")  # "… exceed 12 trillion yuan in 2021?": the period
        return f"What was {stem}{' ' + after if after else ''}?"
    # the sentence that states the claim (an earlier one, "直接回答“是”。", asks nothing of the documents),
    # without a frame that reports it ("文章说…")
    before = re.split(r"[。！？!?]", before)[-1]
    stem = _REPORTED.sub("", _ZH_YESNO.sub("", before))
    for pattern in (_ABOVE, _AT_LEAST, _BELOW):
        stem = pattern.sub("", stem)
    stem = _ZH_LINK.sub("", stem.strip(" ，,")).strip(" ，,")
    stem = re.sub(r"(有没有|是否|是不是)?(超过|达到|高于|低于|多于|少于|大于|小于|不到|不足|突破)$", "", stem)
    stem = _ZH_LINK.sub("", stem)
    # "逆差扩大到了3000亿元": the level a change reached is the subject's figure ("逆差是多少")
    stem = _ZH_LINK.sub("", _CHANGED_TO.sub("", stem))
    if not re.search(r"[\u4e00-\u9fffA-Za-z]", stem):
        return ""
    if figure.unit_class == "count" and figure.unit:
        return f"{stem}有多少{figure.unit}？"
    if figure.unit_class == "time":  # "工期是18个月吗": a span of time asked as one ("工期多久？")
        return f"{stem}多久？"
    if _CHANGED_FROM.search(stem):  # "比2020年增加了超过1万亿元吗": the change is the figure ("…增加了多少")
        return f"{stem}了多少？"
    if _CHANGE_END.search(stem) and figure.unit_class == "percent":
        # "利润下降了超过20%吗": the rate of the change, asked as a change is ("…利润下降了多少？"), not as a level
        return f"{stem}了多少？"
    return f"{stem}是多少？"


def _en_count_question(question: str, figure: Figure) -> str:
    """"Did the project install more than 10 turbines?" -> "How many turbines did the project install?";
    "Are there more than 100 industrial projects?" -> "How many industrial projects are there?"."""
    counted = re.sub(r"^[^A-Za-z]*[\d.,]+\s*(thousand|million|billion)?\s*", "",
                     figure.text[len(figure.qualifier):].strip(), flags=re.I)
    after = question[figure.end:]
    if not counted:
        m = _EN_NOUN.match(after)
        counted = m.group(1).strip() if m else ""
        after = after[m.end():] if m else after
    if not counted:
        return ""
    aux = _EN_AUX.match(question)
    verb = aux.group(1).lower() if aux and not aux.group(2) else ""
    stem = question[aux.end() if aux else 0:figure.start]
    for pattern in (_ABOVE, _AT_LEAST, _BELOW):
        stem = re.sub(pattern.pattern, "", stem, flags=re.I)
    stem, after = stem.strip(" ,"), after.strip(" ?.,")
    words = [w for w in (verb, stem, after) if w]
    return f"How many {counted} {' '.join(words)}?" if words else f"How many {counted} are there?"


def _names_subject(asked: str, found: Answer) -> bool:
    """True when the cited passages name the subject asked about ("职工人数" is not named by a sentence
    about berths): a figure about something else decides nothing."""
    from index.segmenter import pos_cut

    cited = "".join(c.text for c in found.citations)
    nouns = [w.word for w in pos_cut(asked) if w.flag.startswith("n") and len(w.word) >= 2]
    # by characters: an abbreviation the asker writes ("开复工") is named by its spelled-out form (开工复工);
    # the last noun names the quantity and must be there, one other may stand elsewhere in the document
    # (the city of its title, "全市" of an earlier passage)
    missing = [n for n in nouns if not all(ch in cited for ch in n)]
    # the subject as the question writes it ("常住人口"), in a cited passage but not in what is quoted from
    # it: the quote is about another thing ("出生人口")
    compound = _noun_compound(asked)
    quoted = "".join(sentence_of(c) for c in found.citations)
    if len(compound) >= 4 and compound not in quoted and compound in cited:
        return False
    return not missing or (len(missing) == 1 and missing[0] != nouns[-1] and len(nouns) >= 2)


def sentence_of(c: Citation) -> str:
    """The sentence of its passage a citation quotes from (its span may be a clause of it)."""
    start, end = c.start - c.passage_start, c.end - c.passage_start
    before = max(c.text.rfind(ch, 0, max(start, 0)) for ch in "。！？!?\n") + 1
    ends = [i for i in (c.text.find(ch, end) for ch in "。！？!?\n") if i >= 0]
    return c.text[before:min(ends) + 1 if ends else len(c.text)]


def _noun_compound(text: str) -> str:
    """The longest run of adjacent nouns in text ("常住人口有多少人" -> 常住人口)."""
    from index.segmenter import pos_cut

    runs, run = [], ""
    for w in pos_cut(text):
        if w.flag.startswith("n") or w.flag in {"vn", "j"}:
            run += str(w.word)
        else:
            runs.append(run)
            run = ""
    return max([*runs, run], key=len)


def _refusal(reading: Reading, found: Answer, kind: Kind) -> Answer:
    """The refusal: the documents state no figure that decides the claim (the passages found are related)."""
    related = found.citations[:3] or found.related
    return verify(Answer(reading.question, wording("refusal", reading.lang), answerable=False, related=related,
                         lang=reading.lang, kind=kind, refusal=refusals.CLAIM_UNDECIDED))


def _stated_figure(found: Answer, claim: Figure) -> FigureUse | None:
    """The first figure the engine's answer states of the claim's unit class (and unit, but for counts)."""
    for use in found.figures:
        f = figure_from_text(use.text)
        # a bare number claimed in English ("more than 100 industrial projects") is a count
        claimed_class = "count" if claim.unit_class == "plain" else claim.unit_class
        if f is None or f.unit_class != claimed_class:
            continue
        if claimed_class != "count" and f.unit != claim.unit:
            continue
        if claim.unit_class == "count" and claim.unit and not same_counter(claim.unit, f.unit):
            continue  # "超过1000人了吗" is not decided by "6个" (泊位): another kind of thing counted
        return use
    return _quoted_figure(found, claim)


def _quoted_figure(found: Answer, claim: Figure) -> FigureUse | None:
    """The one figure of the claim's unit class (and unit) in the engine's first cited span, when the engine
    stated another kind ("逆差下降70%至1347.5亿元" read as 70%, asked of 3000亿元): the level the span states;
    None when the span states none or several (which one is the subject's is not known)."""
    if not found.citations or claim.unit_class in {"count", "plain"}:
        return None
    c = found.citations[0]
    # the span's clause to its end ("逆差下降70%" goes on "至1347.5亿元" up to the next clause mark)
    start = c.start - c.passage_start
    ends = [i for i in (c.text.find(ch, c.end - c.passage_start) for ch in "，,；;。") if i >= 0]
    clause = c.text[start:min(ends) if ends else len(c.text)]
    figures = [f for f in parse_figures(clause) if f.unit_class == claim.unit_class and f.unit == claim.unit]
    if len(figures) != 1:
        return None
    f = figures[0]
    return FigureUse(f.text, f.value, f.unit, "citation", c.n, clause)


def _opposite_change(reading: Reading, claim: Figure, stated: int) -> str:
    """The change word of the stated figure when it changed the other way than the claim says ("出口增长超过10%
    了吗" of "出口下降12.5%": 下降), so that the figure is compared as the signed change it is; "" otherwise
    (no change claimed or stated, or both the same way)."""
    before = reading.question[:claim.start]
    for pattern in (_ABOVE, _AT_LEAST, _BELOW):
        before = pattern.sub("", before)
    asked = claimed_direction(before, reading.lang)
    if not asked or not stated or asked == stated:
        return ""
    return wording("fell" if stated < 0 else "rose", reading.lang)


def _use_direction(found: Answer, use: FigureUse) -> int:
    """The direction of the change the engine's cited figure states, read in its citation's passage."""
    cited = next((c for c in found.citations if c.n == use.citation), None)
    if cited is None:
        return 0
    start = max(cited.start - cited.passage_start, 0)
    at = cited.text.find(use.text, start)
    at = at if at >= 0 else cited.text.find(use.text)
    return stated_direction(cited.text, at, at + len(use.text)) if at >= 0 else 0


def _holds(stated: FigureUse, claim: Figure, relation: str) -> bool:
    close = math.isclose(stated.value, claim.value, rel_tol=1e-9, abs_tol=1e-12)
    if relation == ">":
        return stated.value > claim.value and not close
    if relation == ">=":
        return stated.value > claim.value or close
    if relation == "<":
        return stated.value < claim.value and not close
    return close


def _compose_from_sentence(reading: Reading, sentence: Sentence, stated: Figure, claim: Figure, relation: str,
                           kind: Kind) -> Answer:
    """是/否 (对/不对) first, then the sentence stating the subject's figure, quoted and cited, then the
    comparison of its figure with the claim."""
    lang = reading.lang
    text = sentence.passage.text
    opposite = _opposite_change(reading, claim, stated_direction(text, sentence.start + stated.start,
                                                                 sentence.start + stated.end))
    holds = _holds(FigureUse(stated.text, -stated.value if opposite else stated.value, stated.unit, "citation"),
                   claim, relation)
    verdict = wording(("yes" if holds else "no") if relation != "=" else ("right" if holds else "wrong"), lang)
    said = claim.text[len(claim.qualifier):] if claim.qualifier and claim.text.startswith(claim.qualifier) \
        else claim.text
    claim_text = said if lang == "zh" else format_value(claim.value, claim.unit, claim.unit_class, "en")
    value = stated.text[len(stated.qualifier):] if stated.qualifier and stated.text.startswith(stated.qualifier) \
        else stated.text
    close = math.isclose(stated.value, claim.value, rel_tol=1e-9, abs_tol=1e-12)
    message = ("claim_right" if holds else "claim_wrong") if relation == "=" else \
        "compare_" + ("equal" if close else ("above" if stated.value > claim.value else "below"))
    comparison = wording(message, lang).format(value=value, claim=claim_text)
    if opposite:
        comparison = wording("change_opposite", lang).format(change=opposite, value=value, claim=claim_text)
    quotes = Quotes()
    quote = quotes.quote(sentence.passage, sentence.start, sentence.end, lang)
    joiner = " " if lang == "en" else ""
    uses = [FigureUse(said, claim.value, claim.unit, "question", None, claim.text)]
    if claim_text != said:
        uses.append(FigureUse(claim_text, claim.value, claim.unit, "question", None, claim.text))
    stop = "." if lang == "en" else "。"
    return finish(reading, kind, joiner.join([verdict, quote + stop, comparison]), joiner.join([verdict, comparison]),
                  quotes, uses)


def _compose(reading: Reading, found: Answer, stated: FigureUse, claim: Figure, relation: str, holds: bool,
             kind: Kind, opposite: str = "") -> Answer:
    """是/否 (对/不对 for a claimed value) first, then the cited statement, then the comparison (a change the other
    way than claimed, `opposite`, said as such: its figure is no rise above or below the one claimed)."""
    lang = reading.lang
    verdict = wording(("yes" if holds else "no") if relation != "=" else ("right" if holds else "wrong"), lang)
    own = figure_from_text(stated.text)
    value = stated.text if lang == "zh" or own is None else \
        format_value(stated.value, stated.unit, own.unit_class, "en")
    said = claim.text[len(claim.qualifier):] if claim.qualifier and claim.text.startswith(claim.qualifier) \
        else claim.text  # "超过10亿元": the threshold is 10亿元, the relation is said in words
    claim_text = said if lang == "zh" else format_value(claim.value, claim.unit, claim.unit_class, "en")
    close = math.isclose(stated.value, claim.value, rel_tol=1e-9, abs_tol=1e-12)
    if relation == "=":
        message = "claim_right" if holds else "claim_wrong"
    else:
        message = "compare_" + ("equal" if close else ("above" if stated.value > claim.value else "below"))
    comparison = wording(message, lang).format(value=value, claim=claim_text)
    if opposite:
        comparison = wording("change_opposite", lang).format(change=opposite, value=value, claim=claim_text)
    joiner = " " if lang == "en" else ""
    text = joiner.join([verdict, found.text.strip(), comparison])
    uses = [*found.figures,
            # the asker's own figure, restated only to be compared with the cited one
            FigureUse(said, claim.value, claim.unit, "question", None, claim.text)]
    if claim_text != said:
        uses.append(FigureUse(claim_text, claim.value, claim.unit, "question", None, claim.text))
    answer = Answer(reading.question, text, list(found.citations), answerable=True, figures=uses, lang=lang,
                    kind=kind, lead=joiner.join([verdict, comparison]))
    return verify(answer)
