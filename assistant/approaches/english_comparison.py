"""English yes/no comparisons of two named sides that state no figure: "Was Shandong's 2021 GDP higher than
Jiangsu's?", "Did A's exports exceed B's?".

The claim is decomposed into the two figure questions it implies ("What was Shandong's 2021 GDP?", "What was
Jiangsu's 2021 GDP?": the second side takes the first side's quantity when it names only its owner); each is
answered by the figure engine; the two cited figures are compared when they are of one kind, each is quoted
from a sentence naming its own side, and they come from different statements. Yes/No first, then both cited
statements. None when either side is not decided so: the caller's other strategies, and in the end the
engine's refusal, answer instead (a comparison is never decided by a guess).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from assistant.approaches import Kind, Reading
from assistant.compose import wording
from assistant.figures import Figure, figure_from_text, format_value
from assistant.types import Answer, Citation, FigureUse
from assistant.verify import verify

# "Was/Is/Did <a> higher/larger/… than <b>?" and "Did <a> exceed/surpass <b>?"
_MORE = ("higher", "larger", "bigger", "greater", "more", "faster")
_LESS = ("lower", "smaller", "less", "fewer", "slower")
_COMPARED = re.compile(
    r"^\s*(?P<aux>is|are|was|were|did|does|do|has|have|had)\s+(?P<a>.+?)\s+"
    rf"(?:(?P<word>{'|'.join(_MORE + _LESS)})\s+than|(?P<verb>exceed(?:ed|s)?|surpass(?:ed|es)?|outpace(?:d|s)?))"
    r"\s+(?P<b>.+?)\s*[?.!]?\s*$", re.I)
_ENDS_POSSESSIVE = re.compile(r"['’]s?$")
_PREPOSITION = re.compile(r"^(?:in|of|for|at|by)\s", re.I)
_YEAR = re.compile(r"\b((?:19|20)\d\d)\b")
_ARTICLES = frozenset({"the", "a", "an", "of"})
_PRESENT = frozenset({"is", "are", "does", "do", "has", "have"})


@dataclass(frozen=True)
class Sides:
    first: str  # each side as a noun phrase to ask the value of ("Shandong's 2021 GDP")
    second: str
    owners: tuple[str, str]  # the name each side's figure must be stated of ("Shandong", "Jiangsu")
    more: bool  # True when the question asks whether the first is the larger
    present: bool  # the question's tense: "What is" or "What was"


def compared_en(question: str) -> Sides | None:
    """The two sides of an English comparison that states no figure; None when the question is not one."""
    m = _COMPARED.match(question)
    if m is None:
        return None
    a, b = m.group("a").strip(" ,"), m.group("b").strip(" ,")
    more = (m.group("word") or "").lower() not in _LESS
    owner_a, cut, quantity = _split_possessive(a)
    if cut and _ENDS_POSSESSIVE.search(b):
        # "… than Jiangsu's?": the second side is its owner's value of the first side's quantity
        owner_b = _ENDS_POSSESSIVE.sub("", b).strip()
        second = f"{owner_b}'s {quantity}"
    elif cut and not _PREPOSITION.match(b) and len(b.split()) <= 4 and not b.lower().startswith("the "):
        owner_b, second = b, f"{b}'s {quantity}"  # "… higher than Jiangsu?"
    elif not cut and _PREPOSITION.match(b):
        # "Was GDP in Shandong higher than in Jiangsu?": the first side's last phrase of that preposition replaced
        prep = b.split()[0].lower()
        at = a.lower().rfind(f" {prep} ")
        if at < 0:
            return None
        owner_a, owner_b = a[at + len(prep) + 2:], b[len(prep) + 1:]
        second = f"{a[:at]} {b}"
    else:
        return None
    if not owner_a.strip() or not owner_b.strip():
        return None
    return Sides(a, second, (owner_a.strip(), owner_b.strip()), more, m.group("aux").lower() in _PRESENT)


def _split_possessive(side: str) -> tuple[str, bool, str]:
    """"Shandong's 2021 GDP" -> ("Shandong", True, "2021 GDP"); (side, False, "") without a possessive."""
    m = re.search(r"['’]s\s+", side)
    if m is None:
        return side, False, ""
    return side[:m.start()], True, side[m.end():]


def decide_compared_en(reading: Reading, kind: Kind) -> Answer | None:
    """Yes/No for an English two-sided comparison, by each side's figure from the engine (module docstring).
    Each side is asked in Chinese, its words through the bilingual dictionary ("Shandong's 2021 GDP" ->
    "山东2021年地区生产总值是多少？"): the documents are Chinese, and the engine reads a Chinese question of
    them more surely than an English one."""
    from assistant.approaches.yesno import sentence_of  # (yesno asks this module first)

    sides = compared_en(reading.question)
    if sides is None or reading.ask_figure is None:
        return None
    found: list[tuple[Citation, FigureUse, Figure]] = []
    for side, owner in zip((sides.first, sides.second), sides.owners, strict=True):
        owner_words = _owner_words(reading, owner)
        asked = _as_chinese(reading, side, "".join(owner_words))
        if not owner_words or not asked:
            return None
        answer = reading.ask_figure(asked)
        use = next((u for u in answer.figures if u.source == "citation" and u.citation), None)
        own = figure_from_text(use.text) if use is not None else None
        cited = next((c for c in answer.citations if use is not None and c.n == use.citation), None)
        if not answer.answerable or answer.conflicts or use is None or own is None or cited is None:
            return None
        quoted = sentence_of(cited)
        if not all(w in quoted for w in owner_words):
            return None  # the figure quoted is not stated of this side's owner
        found.append((cited, use, own))
    (c1, one, one_fig), (c2, other, other_fig) = found
    if one_fig.unit_class != other_fig.unit_class or one_fig.unit != other_fig.unit \
            or (c1.start, c1.end) == (c2.start, c2.end):
        return None  # figures of two kinds, or one statement read for both: nothing to compare
    holds = one.value > other.value if sides.more else one.value < other.value
    verdict = wording("yes" if holds else "no", "en")
    shown = [format_value(u.value, u.unit, f.unit_class, "en") for u, f in ((one, one_fig), (other, other_fig))]
    lead = f"{verdict} {sides.first}: {shown[0]}; {sides.second}: {shown[1]}."
    citations = [replace(c1, n=1), replace(c2, n=2)]
    said = [sentence_of(c).strip().rstrip("。；;，,") for c in citations]
    quotes = f"The document states “{said[0]}”[1][2]." if said[0] == said[1] else \
        " ".join(f"The document states “{quote}”[{c.n}]." for quote, c in zip(said, citations, strict=True))
    uses = [FigureUse(u.text, u.value, u.unit, "citation", n, u.span) for n, u in ((1, one), (2, other))]
    uses += [FigureUse(text, u.value, u.unit, "citation", n, u.span) for n, (u, text) in
             enumerate(zip((one, other), shown, strict=True), start=1)]
    return verify(Answer(reading.question, f"{lead} {quotes}", citations, answerable=True, figures=uses, lang="en",
                         kind=kind, lead=lead))


def _owner_words(reading: Reading, owner: str) -> list[str]:
    """The Chinese word of each English word of a side's owner ("Beijing Capital Airport" -> 北京, 首都, 机场): by
    pinyin for a name, else the dictionary's most used sense the index knows (assistant.hints.side_in_chinese);
    [] when some word has none (the owner cannot be checked in what is quoted)."""
    from assistant.hints import side_in_chinese

    words = [w for w in re.findall(r"[A-Za-z]+", owner) if w.lower() not in _ARTICLES]
    found = [side_in_chinese(w, reading.stats) for w in words]
    return found if found and all(found) else []


def _as_chinese(reading: Reading, side: str, owner_zh: str) -> str:
    """A side asked as a Chinese figure question: its words in Chinese (assistant.hints.side_in_chinese) with
    the year it names after its owner ("Shandong's 2021 GDP" -> "山东2021年GDP是多少？"); "" when it has no
    Chinese words beyond its owner's."""
    from assistant.hints import side_in_chinese

    zh = side_in_chinese(_YEAR.sub(" ", side), reading.stats)
    if not zh or zh == owner_zh:
        return ""
    years = "".join(f"{y}年" for y in _YEAR.findall(side))
    if zh.startswith(owner_zh):
        return f"{owner_zh}{years}{zh[len(owner_zh):]}是多少？"
    return f"{years}{zh}是多少？"
