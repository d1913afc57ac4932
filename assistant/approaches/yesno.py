"""Yes/no questions decided by figures: a threshold ("双辽风电项目的总投资超过10亿元了吗？"), a claimed value
("总投资是999亿元，对吗？", also behind an instruction), in Chinese or English.

The claimed figure and the relation asked (above, below, equal) are read from the question; the subject's
own figure is asked of the figure engine with the claim taken out ("双辽风电项目的总投资是多少？"); the two
are compared when they are of one unit class, and the answer says 是/否 (对/不对; Yes/No) first, then the
engine's cited statement and the comparison. When the engine finds no figure, its refusal is the answer:
a claim is never confirmed or denied by a guess.
"""

from __future__ import annotations

import math
import re

from assistant.approaches import Kind, Reading
from assistant.compose import wording
from assistant.figures import Figure, figure_from_text, format_value, parse_figures
from assistant.types import Answer, FigureUse
from assistant.verify import verify

# the relation a question asks about its claimed figure, by the words before it (Chinese and English)
_ABOVE = re.compile(r"(超过|超出|高于|多于|大于|突破|不止|exceed(s|ed)?|more than|greater than|higher than|larger than|"
                    r"bigger than|above|over)\s*(了)?\s*$", re.I)
_AT_LEAST = re.compile(r"(达到|至少|不低于|不少于|at least|reach(ed)?)\s*(了)?\s*$", re.I)
_BELOW = re.compile(r"(低于|少于|小于|不到|不足|不超过|less than|fewer than|lower than|smaller than|below|under)\s*$",
                    re.I)
_ABOVE_AFTER = re.compile(r"^(以上|之上)")
_BELOW_AFTER = re.compile(r"^(以下|之下)")
# words of the yes/no form, taken out to leave the question about the subject's figure
_ZH_YESNO = re.compile(r"(是不是|是否|有没有|有无|对不对|对吗|是吗|了吗|吗|呢)")
_ZH_LINK = re.compile(r"(是|为|有|达|共|一共|总共|共有|了|的|已经|已)+$")
_EN_AUX = re.compile(r"^\s*(is it (true|right|correct) that|is|are|was|were|did|does|do|has|have|had|will)\s+", re.I)
_EN_TAIL = re.compile(r"\b(is|are|was|were|be|been|amount to|total|come to|reach(ed)?|exceed(ed|s)?)\s*$", re.I)
_EN_TAG = re.compile(r",?\s*(right|correct|true|is that (right|correct|true))\s*\??\s*$", re.I)
_NOT_CLAIMED = {"", "year", "date"}
_MORE = {"以上", "多", "余", "逾"}  # qualifiers that put the claim above the number ("10亿元以上")
_LESS = {"以下", "不到", "不足"}
_EN_NOUN = re.compile(r"^\s*([A-Za-z][A-Za-z\- ]*?)(?=\s+(?:be|been|built|installed|signed|started|were|are|was|is|"
                      r"in|of|for|at|on|by|did|does|do|have|has)\b|[?,.]|$)")
# "A比B多/高/大…吗": the two sides and the direction asked; the figure engine words a difference with
# 多/少, 高/低, 快/慢, so 大/小 are asked as 多/少
_COMPARED = re.compile(r"^(?P<a>[^，,。？?]+?)比(?P<b>[^，,。？?]+?)(?P<word>多|少|高|低|大|小|快|慢)")
_AS_ENGINE_WORD = {"大": "多", "小": "少"}
_MORE_WORDS = frozenset("多高快")  # a date claim is a description's business, not a figure comparison


class YesNo:
    kind: Kind = "yesno"

    def answer(self, reading: Reading) -> Answer | None:
        if reading.ask_figure is None:
            return None
        claim = claimed(reading.question)
        if claim is None:
            return self._two_sided(reading) if reading.lang == "zh" else None
        figure, relation = claim
        asked = subject_question(reading.question, figure, reading.lang)
        if not asked:
            return None
        found = reading.ask_figure(asked)
        if not found.answerable or found.conflicts:
            # no figure to decide by, or sources that disagree: the engine's own answer says so
            found.kind = self.kind
            return found
        stated = _stated_figure(found, figure)
        if stated is None:
            return None
        holds = _holds(stated, figure, relation)
        return _compose(reading, found, stated, figure, relation, holds, self.kind)


    def _two_sided(self, reading: Reading) -> Answer | None:
        """"工业项目比农业项目多吗？": the figure engine's difference of the two ("…多多少？") decides, its
        operands in the question's order; the answer is 是/否, then the engine's statement of it."""
        assert reading.ask_figure is not None
        m = _COMPARED.search(_ZH_YESNO.sub("", reading.question))
        if m is None:
            return None
        word = _AS_ENGINE_WORD.get(m.group("word"), m.group("word"))
        found = reading.ask_figure(f"{m.group('a')}比{m.group('b')}{word}多少？")
        operands = [u for u in found.figures if u.source == "citation"]
        if not found.answerable or found.conflicts or len(operands) < 2:
            found.kind = self.kind
            return found
        a, b = operands[0].value, operands[1].value
        holds = a > b if word in _MORE_WORDS else a < b
        verdict = wording("yes" if holds else "no", reading.lang)
        text = f"{verdict}{found.text.strip()}"
        answer = Answer(reading.question, text, list(found.citations), answerable=True, figures=list(found.figures),
                        lang=reading.lang, kind=self.kind, lead=text.split("（", 1)[0].split("[", 1)[0] + "。")
        return verify(answer)


def claimed(question: str) -> tuple[Figure, str] | None:
    """The figure a question claims or sets as a threshold, and the relation asked: ">" (超过), ">="
    (达到), "<" (低于) or "=" (是…吗); None when it states none. The last figure is the claim: one
    before it belongs to the subject ("10亿元以上项目有19个吗")."""
    figures = [f for f in parse_figures(question) if f.unit_class not in _NOT_CLAIMED]
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


def subject_question(question: str, figure: Figure, lang: str) -> str:
    """The question about the subject's figure, with the claim taken out: "双辽风电项目的总投资超过10亿元了吗？"
    -> "双辽风电项目的总投资是多少？"; "" when nothing is left to ask about."""
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
        return f"What was {stem}?"
    # the clause that states the claim, and the clauses before it that name its subject
    stem = _ZH_YESNO.sub("", before)
    for pattern in (_ABOVE, _AT_LEAST, _BELOW):
        stem = pattern.sub("", stem)
    stem = _ZH_LINK.sub("", stem.strip(" ，,")).strip(" ，,")
    stem = re.sub(r"(有没有|是否|是不是)?(超过|达到|高于|低于|多于|少于|大于|小于|不到|不足|突破)$", "", stem)
    stem = _ZH_LINK.sub("", stem)
    if not re.search(r"[\u4e00-\u9fffA-Za-z]", stem):
        return ""
    if figure.unit_class == "count" and figure.unit:
        return f"{stem}有多少{figure.unit}？"
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
        return use
    return None


def _holds(stated: FigureUse, claim: Figure, relation: str) -> bool:
    close = math.isclose(stated.value, claim.value, rel_tol=1e-9, abs_tol=1e-12)
    if relation == ">":
        return stated.value > claim.value and not close
    if relation == ">=":
        return stated.value > claim.value or close
    if relation == "<":
        return stated.value < claim.value and not close
    return close


def _compose(reading: Reading, found: Answer, stated: FigureUse, claim: Figure, relation: str, holds: bool,
             kind: Kind) -> Answer:
    """是/否 (对/不对 for a claimed value) first, then the cited statement, then the comparison."""
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
