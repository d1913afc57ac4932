"""Whether a figure's own label names the quantity asked, or another one (issue 8, class 8: abstention).

A label may share most words with the question and still name another quantity: the unqualified whole
("服务进出口总额" for a question about 运输服务进出口总额: 运输 is in no words before the figure), or a
part whose name inserts words inside the asked one ("人均食品烟酒消费支出" for 人均消费支出, while the same
sentence names the asked quantity only as the whole a share is of: "占人均消费支出的比重"). Either way the
figure does not answer, and the question is refused rather than answered with a loosely related figure."""

from __future__ import annotations

import re
from collections.abc import Iterable
from itertools import pairwise

from assistant.candidates import Candidate, attribute_aliases, is_place_term
from assistant.figures import Figure, parse_figures
from assistant.postags import tagged
from assistant.question import Question
from assistant.vocabulary import written_as

# a period word ("上半年", "前三季度") qualifies when, not what: the text often sets it a sentence earlier
_PERIOD = re.compile(r"[年月季旬周日]|半年")
# "全国", "全市", "本县", "我国": the whole a bulletin reports on, often stated once in its opening
_WHOLE_PLACE = re.compile(r"^[全本该各我]")
# a place the question names ("海川市"): who reports the figure, which a text often says once for many figures
_PLACE_END = re.compile(r"[省市县区州镇乡村]$")
# the words inserted inside an asked name that make a part of it: a short run of characters, no punctuation
# "占人均消费支出的比重", "在服务出口总额中的占比": the whole a share is taken of
_SHARE_OF = r"[占在][^，。；：、]{0,6}?"
_INSERT = re.compile(r"[^\W\d_]{1,8}")
# the parts of speech of a word that names a kind of a quantity ("货物" of 货物吞吐量, "民营" of 民营企业进出口)
_KIND_FLAGS = frozenset({"n", "nz", "vn", "a", "an", "b"})


def asked_name(text: str, terms: Iterable[str], figures: list[Figure]) -> list[str]:
    """The question's words that spell the asked quantity's name, in order: the last run of question terms
    written next to each other (longest term first at each place), outside the figures it states."""
    text = text.lower()
    taken = [(f.start, f.end) for f in figures]
    words = sorted({t.lower() for t in terms if len(t) >= 2}, key=len, reverse=True)
    runs: list[list[str]] = []
    pos, end = 0, -1
    while pos < len(text):
        word = next((w for w in words if text.startswith(w, pos)
                     and not any(s < pos + len(w) and pos < e for s, e in taken)), "")
        if not word:
            pos += 1
            continue
        if pos != end or not runs:
            runs.append([])
        runs[-1].append(word)
        pos += len(word)
        end = pos
    return runs[-1] if runs else []


def _ways(word: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(w.lower() for w in (word, *written_as(word))))


def _in(word: str, text: str) -> bool:
    return any(w in text for w in _ways(word))


def _qualifier(word: str) -> bool:
    """A word whose absence from the label changes the quantity named: a content word, not a period or
    a place (the place is assistant.candidates' entity check)."""
    return len(word) >= 2 and not parse_figures(word) and not _PERIOD.search(word) \
        and not _WHOLE_PLACE.match(word) and not _PLACE_END.search(word) and not is_place_term(word)


def other_quantity(name: list[str], heads: tuple[str, ...], label: str, before: str, sentence: str,
                   passages: str = "") -> list[str]:
    """The asked words showing that the figure labelled `label` is of another quantity than `name`.

    heads: the ways the name's last word may be written (an attribute "进口额" is also written "进口");
    before: the passage up to the figure; sentence: its whole sentence; passages: all the retrieved text
    (lower-cased, all)."""
    if len(name) < 2:
        return []
    lead = "".join(name[:-1])
    for head in (*_ways(name[-1]), *heads):
        # the longest end of the words before the head that the label writes with it ("服务进出口总额"): the
        # label names a modified quantity, and the question's word before that end is its qualifier
        shared = next((k for k in range(len(lead), 1, -1) if lead[-k:] + head in label), 0)
        if not shared:
            continue
        rest = lead[:-shared]
        if rest:
            cut, done = 0, 0
            for word in name[:-1]:  # the qualifier: from the start of the word the rest ends in
                if done + len(word) >= len(rest):
                    cut = done
                    break
                done += len(word)
            qualifier = rest[cut:]
            # only a kind the passages name on their own ("运输服务出口…") is distinct from the whole the
            # label names; a qualifier they never write with it ("开复工" before "农业项目") is the asker's
            # frame of the text, which a part's label need not repeat
            kind = any(w + lead[-shared:] in passages for w in _ways(qualifier))
            if kind and _qualifier(qualifier) and not _in(qualifier, before):
                return [qualifier]  # the unqualified whole ("服务进出口总额" for 运输服务进出口总额)
        break
    rival = _rival_kind(name, heads, label, before + sentence)
    if rival:
        return rival
    # two words next to each other in the question, apart in the label, and together in the sentence as the
    # whole a share is of: the label names a part of the quantity the sentence names whole ("占人均消费支出的
    # 比重"); a verb between them ("制造业实现利润总额") names no part, and the sentence has no share of it
    for a, b in pairwise(name):
        if a + b in label or not re.search(_SHARE_OF + re.escape(a + b), sentence):
            continue
        for m in re.finditer(re.escape(a), label):
            rest = label[m.end():]
            k = rest.find(b)
            if k > 0 and _INSERT.fullmatch(rest[:k]):
                return [f"{a}…{b}"]
    return []


def mark_other_quantities(q: Question, cands: list[Candidate]) -> None:
    """Each candidate whose label names another quantity than the question's gets the asked words it
    lacks as key words missing (assistant.candidates.acceptable then refuses it)."""
    name = asked_name(q.text, q.terms, q.figures)
    if len(name) < 2:
        return
    heads = tuple(w for a in q.attributes if a.lower() == name[-1] for w in attribute_aliases(a))
    passages = "\n".join(dict.fromkeys(c.passage.text.lower() for c in cands))
    for c in cands:
        text = c.passage.text.lower()
        start, end = c.passage.span(c.figure.start, "。！？!?")
        # a qualifier the passage set before the figure (a heading, an opening sentence) still holds for it
        lacking = other_quantity(name, heads, c.label.lower(), text[:c.figure.start], text[start:end],
                                 passages)
        c.key_missing += [w for w in lacking if w not in c.key_missing]


def _rival_kind(name: list[str], heads: tuple[str, ...], label: str, around: str) -> list[str]:
    """The question's qualifier of the asked quantity when the label writes that quantity with a qualifier of
    its own in the same place ("货物吞吐量" for 旅客吞吐量, "民营企业进出口" for 外商投资企业进出口额): two kinds of
    one quantity, and the figure is of the other kind. Only when the asked qualifier is nowhere in the
    figure's passage before it or its sentence (around): a text may name the kind once for several figures."""
    lead = "".join(name[:-1])
    if not heads:
        return []  # the asked name ends in no attribute the vocabulary knows ("没有开工"): no quantity with kinds
    for head in (*_ways(name[-1]), *heads):
        if head not in label:
            continue
        shared = next((k for k in range(len(lead), 1, -1) if lead[-k:] + head in label), 0)
        end = lead[len(lead) - shared:] + head
        rest = lead[:len(lead) - shared]
        if not rest:
            return []  # the label writes the whole asked name
        done, qualifier = 0, rest
        for word in name[:-1]:  # the qualifier: from the start of the word the rest ends in
            if done + len(word) >= len(rest):
                qualifier = rest[done:]
                break
            done += len(word)
        words = [w for w in tagged(label[:label.rfind(end)]) if w.word.strip("，,、（()）：:")]
        asked = tagged(qualifier)
        if not words or not asked or asked[-1].flag not in _KIND_FLAGS or not _qualifier(qualifier) \
                or _in(qualifier, around):
            return []  # (a negation, "没有开工", or a verb names no kind)
        own = words[-1]
        if own.flag in _KIND_FLAGS and _qualifier(own.word) and not any(own.word in w or w in own.word for w in name):
            return [qualifier]
        return []
    return []
