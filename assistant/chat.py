"""Follow-up resolution: fold the conversation so far into a self-contained question.

A Chinese follow-up is resolved by slots (assistant.followup): the earlier question is read into place,
period, entity and attribute, the follow-up into the same slots, and the slots it sets replace the earlier
ones: "那第二产业呢？" after "云泽2021年第一产业增加值是多少？" becomes "云泽2021年第二产业增加值是多少？",
"它比上年增长了多少？" asks the growth of the earlier question's whole subject; "工业用电量是多少？" (a subject of its
own, no place or period) is asked of the earlier question's place and period. An English follow-up that only
names a year or a period ("And in 2020?", "What about the first half?") asks the earlier question of it; other
English or mixed-language follow-ups get the earlier subject written before them.
"它建成后每年利税多少？" with nothing earlier that names a subject is not guessed at: the resolution says the
subject is missing, and the engine asks which one is meant.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from assistant import followup
from assistant.bilingual import attribute_phrase, function_words
from assistant.question import ATTRIBUTE_CLASSES, FOLLOWUP_MARK, QUESTION_WORD, Question, analyse, detect_lang

# Resolution analyses the same few texts several times per turn (is it a follow-up, what is its subject,
# what does the earlier question ask); analysis is the costly step (jieba's part-of-speech HMM), so it is
# done once per text. analyse is a pure function of the text (jieba's words are added at import); the
# cached Questions are shared between requests and threads, so this module only reads them.
_analysed: Callable[[str], Question] = lru_cache(maxsize=256)(analyse)

_TAIL = re.compile(r"[？?。！!，,\s]+$")
_ELLIPSIS = re.compile(r"^(那么?|还有|and|what about|how about)?\s*(.+?)\s*(呢|\?|？)*$", re.I)


def subject_of(question: str) -> str:
    """The question without its question words and attribute terms: what it is about."""
    q = _analysed(question)
    if q.lang == "en":
        # drop the question words and the phrases that name the quantity asked ("annual output value")
        text = re.sub(r"^\s*(what|how much|how many|which|when)\b( is| are| was| were| do| does| did)?( the)?",
                      "", question, flags=re.I)
        phrase = attribute_phrase(question)
        if phrase and not re.search(r"\bhow many\b", question, re.I):  # what is counted is part of the subject
            text = re.sub(rf"\b{re.escape(phrase)}\b", "", text, flags=re.I)
        return re.sub(r"\s+", " ", re.sub(r"^\s*(of|annual|total)\b", "", text.strip(" ?"), flags=re.I)).strip()
    text = QUESTION_WORD.split(question)[0] if QUESTION_WORD.search(question) else question
    for attr in sorted(q.attributes, key=len, reverse=True):
        text = re.sub(rf"(计划)?(总)?{re.escape(attr)}", "", text)
    return _TAIL.sub("", re.sub(r"(是|有|为|的|了)+$", "", _TAIL.sub("", text)))


def needs_context(question: str) -> bool:
    if detect_lang(question) == "zh":
        return followup.needs_context(question)
    q = _analysed(question)
    if FOLLOWUP_MARK.search(question) or not q.is_question:
        return True
    return len(q.terms) - len(q.attributes) == 0


@dataclass(frozen=True)
class Resolution:
    question: str  # self-contained: the earlier subject carried over when the question refers back
    subject_missing: bool = False  # it refers back ("它…"), but nothing earlier names what it refers to


def resolve(question: str, history: list[tuple[str, str]], max_chars: int | None = None) -> str:
    """A self-contained version of question given earlier (question, answer) turns."""
    return resolution(question, history, max_chars).question


def resolution(question: str, history: list[tuple[str, str]], max_chars: int | None = None) -> Resolution:
    """Walk the turns oldest to newest, carrying each turn's question made self-contained, then fold the
    new question into the last one. Iterative, one step per turn, so the work is linear in the (capped)
    history; max_chars bounds each carried question, so it cannot grow along a chain of follow-ups."""
    turns = [(q, a) for q, a in history if q.strip()]
    # a turn that names its own subject starts a new chain: the turns before it cannot change anything
    start = next((i for i in range(len(turns) - 1, -1, -1)
                  if not needs_context(turns[i][0]) and not refers_back(turns[i][0])), 0)
    previous: Resolution | None = None
    answer = ""
    for text, said in turns[start:]:
        step = _step(text, previous, answer)
        previous = Resolution(step.question[:max_chars] if max_chars else step.question, step.subject_missing)
        answer = said
    return _step(question, previous, answer)


def _step(question: str, previous: Resolution | None, answer: str) -> Resolution:
    """question folded into the previous turn's resolved question (previous) and that turn's answer."""
    if previous is None:
        return Resolution(question, subject_missing=refers_back(question))
    if not previous.subject_missing and (named := followup.answered_which(previous.question, answer)):
        # "哪个城市…最高？" answered "白岭…": what the follow-up refers to is the one the answer named
        previous = Resolution(named)
    if not needs_context(question):
        if detect_lang(question) == "zh" and detect_lang(previous.question) == "zh" and not previous.subject_missing:
            return Resolution(followup.in_earlier_scope(question, previous.question))
        return Resolution(question)
    if previous.subject_missing or (refers_back(question) and not has_subject(previous.question)):
        return Resolution(question, subject_missing=True)  # nothing to carry over: not guessed at
    return Resolution(_follow(question, previous.question, answer))


# a question that opens with a referring word ("它建成后…", "那该项目…") names its subject elsewhere
_ZH_REFERS = re.compile(r"^(请问|那么|那|还有)?\s*(它们|它|该|这个项目|这些项目|此项目|其中|其(?![他它余实]))")
_EN_REFERS = re.compile(r"\b(it|its|they|their|them|this project|these projects)\b", re.I)
_EN_FUNCTION_WORDS = frozenset("what how much many when which who where why is are was were do does did will "
                               "would can could the a an of and so about then".split())


def refers_back(question: str) -> bool:
    """The question refers to a subject it does not name before the referring word."""
    if detect_lang(question) == "zh":
        return bool(_ZH_REFERS.match(question.strip()))
    m = _EN_REFERS.search(question)
    # "What is its …" names nothing before "its"; "… did Siping's funding exceed its total" does
    before = re.findall(r"[A-Za-z]+", question[:m.start()]) if m else []
    return m is not None and all(w.lower() in _EN_FUNCTION_WORDS for w in before)


def has_subject(question: str) -> bool:
    """The question names something besides the quantity it asks for ("它产值多少？" names nothing, nor
    "What is its revenue?")."""
    if detect_lang(question) == "en":
        text = _EN_REFERS.sub("", question)
        phrase = attribute_phrase(text)
        text = text.replace(phrase, " ") if phrase else text
        return any(w.lower() not in function_words() and not w.isdigit() for w in re.findall(r"[A-Za-z]+", text))
    return bool(_content_terms(_ZH_REFERS.sub("", _EN_REFERS.sub("", question))))


def _content_terms(text: str) -> list[str]:
    if not text.strip():
        return []
    q = _analysed(text)
    return [t for t in q.terms if t not in q.attributes and t not in ATTRIBUTE_CLASSES]


def _follow(question: str, previous: str, answer: str = "") -> str:
    """question, which needs context, made self-contained with previous (itself self-contained) and the
    answer given to it."""
    lang, earlier = detect_lang(question), detect_lang(previous)
    if lang == "zh" and earlier == "zh":
        ellipsis = _ELLIPSIS.match(question.strip())
        if ellipsis and question.rstrip("？?。 ").endswith("呢"):
            # "那10亿元以上的呢？" after "亿元以上项目有多少个？": a new amount takes the old one's place
            swapped = _swap_figure(previous, _TAIL.sub("", ellipsis.group(2)))
            if swapped:
                return swapped
        return followup.follow_up(question, previous, answer)
    if lang == "en" and (year := followup.english_period_only(question)):
        return followup.with_year(previous, year)  # "And in 2020?": the earlier question, of 2020
    if lang == "en" and earlier == "en" and (swapped := followup.english_ellipsis(question, previous)):
        return swapped  # "What about imports?": the earlier question of imports
    if lang == "en" and earlier == "en" and (named := followup.english_pronoun(question, previous)):
        return named  # "How much did it grow?": it is what the earlier question asked about
    return f"{subject_of(previous)} {question}"  # English, or two languages: the earlier subject first


def _swap_figure(previous: str, phrase: str) -> str | None:
    """"那10亿元以上的呢？" after "亿元以上项目有多少个？": the new figure takes the old one's place."""
    # periods are slots of their own (assistant.followup): "那2020年呢？" replaces the period
    new = [f for f in _analysed(phrase).figures if f.unit_class not in {"year", "date", "time"}]
    if not new:
        return None
    for old in _analysed(previous).figures:
        if old.unit_class == new[0].unit_class and old.text in previous:
            return previous.replace(old.text, new[0].text, 1)
    return None
