"""Follow-up resolution: fold the conversation so far into a self-contained question.

"它建成后每年利税多少？" after "双辽风电项目总投资多少？" becomes "双辽风电项目 它建成后每年利税多少？":
the earlier question's subject (its text without its attribute and question words) is carried over.
"那产值呢？" (no question word) takes the earlier question and swaps in the new attribute or entity.
"""

from __future__ import annotations

import re

from assistant.question import _FOLLOWUP, _QWORD, ATTRIBUTE_CLASSES, EN_TERMS, analyse, detect_lang

_TAIL = re.compile(r"[？?。！!，,\s]+$")
_ELLIPSIS = re.compile(r"^(那么?|还有|and|what about|how about)?\s*(.+?)\s*(呢|\?|？)*$", re.I)


def subject_of(question: str) -> str:
    """The question without its question words and attribute terms: what it is about."""
    q = analyse(question)
    if q.lang == "en":
        # drop the question words and the phrases that name the quantity asked ("annual output value")
        text = re.sub(r"^\s*(what|how much|how many|which|when)\b( is| are| was| were| do| does| did)?( the)?",
                      "", question, flags=re.I)
        for phrase, zh in EN_TERMS.items():
            if any(z in ATTRIBUTE_CLASSES for z in zh):
                text = re.sub(rf"\b{re.escape(phrase)}\b", "", text, flags=re.I)
        return re.sub(r"\s+", " ", re.sub(r"^\s*(of|annual|total)\b", "", text.strip(" ?"), flags=re.I)).strip()
    text = _QWORD.split(question)[0] if _QWORD.search(question) else question
    for attr in sorted(q.attributes, key=len, reverse=True):
        text = re.sub(rf"(计划)?(总)?{re.escape(attr)}", "", text)
    return _TAIL.sub("", re.sub(r"(是|有|为|的|了)+$", "", _TAIL.sub("", text)))


def needs_context(question: str) -> bool:
    q = analyse(question)
    if _FOLLOWUP.search(question):
        return True
    if not q.is_question or question.rstrip().endswith("呢？") or question.rstrip().endswith("呢"):
        return True
    return len(q.terms) - len(q.attributes) == 0


def resolve(question: str, history: list[tuple[str, str]]) -> str:
    """A self-contained version of question given earlier (question, answer) turns."""
    if not history or not needs_context(question):
        return question
    previous = resolve(history[-1][0], history[:-1])
    if detect_lang(question) != detect_lang(previous):
        return f"{subject_of(previous)} {question}"
    current = analyse(question)
    if not current.is_question or question.rstrip().endswith(("呢", "呢？", "呢?")):
        # ellipsis: "那产值呢？" / "那农业项目呢？" -> the previous question with the part swapped
        m = _ELLIPSIS.match(question.strip())
        new_part = m.group(2) if m else question
        new_part = _TAIL.sub("", re.sub(r"^(它的|它|该项目的?|这个项目的?|其)", "", new_part))
        prev_q = analyse(previous)
        new_attrs = [t for t in analyse(new_part + "多少").attributes if t in ATTRIBUTE_CLASSES]
        if new_attrs and prev_q.attributes:
            for old in sorted(prev_q.attributes, key=len, reverse=True):
                if old in previous:
                    return previous.replace(old, new_part, 1)
            return f"{subject_of(previous)}{new_part}是多少？"
        if new_attrs:
            return f"{subject_of(previous)}{new_part}是多少？"
        swapped = _swap_figure(previous, new_part) or _swap_similar(previous, new_part)
        if swapped:
            return swapped
        return f"{subject_of(previous)} {question}"
    return f"{subject_of(previous)} {question}"


def _swap_figure(previous: str, phrase: str) -> str | None:
    """"那10亿元以上的呢？" after "亿元以上项目有多少个？": the new figure takes the old one's place."""
    new = analyse(phrase).figures
    if not new:
        return None
    for old in analyse(previous).figures:
        if old.unit_class == new[0].unit_class and old.text in previous:
            return previous.replace(old.text, new[0].text, 1)
    return None


def _swap_similar(previous: str, phrase: str) -> str | None:
    """Replace the phrase of previous that shares the longest ending with phrase, from the start of the
    word it begins in ("医疗卫生方面" -> "教育方面", "工业项目" -> "农业项目")."""
    import jieba

    starts, pos = [], 0
    for token in jieba.lcut(previous):
        starts.append(pos)
        pos += len(token)
    for k in range(len(phrase) - 1, 0, -1):
        suffix = phrase[-k:]
        for m in re.finditer(re.escape(suffix), previous):
            guess = max(m.end() - len(phrase), 0)
            start = max((s for s in starts if s <= guess), default=0)
            if previous[start:m.end()] != phrase:
                return previous[:start] + phrase + previous[m.end():]
    return None
