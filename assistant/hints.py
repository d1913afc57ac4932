"""An English question plus the Chinese words it names, so keyword search and term matching see the
Chinese text's words (shared by the figure engine and the open-question approaches)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from pypinyin import lazy_pinyin

from assistant.bilingual import english_terms, glosses, singular, words_of
from assistant.candidates import TermStats
from assistant.question import HINT_SEPARATOR, detect_lang, english_sides, hint_text, parse_hints
from assistant.vocabulary import names as spellings

# a code-like name in an English question: a word with digits (5G, PM2.5, T2, Q1) or an acronym (QFII, RCEP);
# a Chinese text writes it in the same letters ("获批QFII托管行资格", "T2航站楼")
_CODE = re.compile(r"(?<![\w.])(?:[A-Za-z]+\d[\w.]*|\d+[A-Za-z]+\w*|[A-Z]{2,}[A-Z0-9]*)(?![\w-])")
# a numbered name ("Terminal 2", "Line 5", "Phase 3"), which a text may write by its initial and number (T2)
# readings of a kind word looked at for a name's suffix ("district": 区 among its first senses)
_KIND_SENSES = 8
_NUMBERED = re.compile(r"\b([A-Z])[a-z]+\s+(\d{1,2})\b")


def codes_in(question: str, stats: TermStats) -> list[str]:
    """The code-like names of an English question that the indexed passages use, as the question writes them
    ("How many foreign banks hold QFII custodian qualifications?" -> QFII; "Terminal 2" -> T2 where a passage
    writes T2). An indicator's abbreviation ("GDP") is left to the indicator names (question.spellings)."""
    found = [m.group() for m in _CODE.finditer(question) if spellings(m.group())[0] == m.group()]
    found += [m.group(1) + m.group(2) for m in _NUMBERED.finditer(question)]
    return [c for c in dict.fromkeys(found) if stats.known(c.lower())]


def _with_kind(name: str, kind: str, stats: TermStats) -> list[str]:
    """A pinyin name and the English word after it that says what it is, as the text writes them in one word
    ("Litong District" -> 利通区, "Baihe Town" -> 白河镇): an indexed word spelled as the name's pinyin and one
    character more, that character glossed as the kind word in the bilingual dictionary (区: "district");
    [] when the index holds no such word."""
    kind = singular(kind.lower())
    table = glosses()
    return [term for key, term in stats.by_pinyin.items() if key.startswith(name) and len(term) >= 3
            and "".join(lazy_pinyin(term[:-1])) == name
            and any(kind in words_of(g) for g in table.get(term[-1], ())[:_KIND_SENSES])][:1]


def with_hints(question: str, stats: TermStats) -> str:
    """The question with, after HINT_SEPARATOR, its words and phrases through the bilingual dictionary
    (the senses the indexed passages use) and, by pinyin, names ("Shixi" -> 石溪); a Chinese
    question unchanged."""
    if detect_lang(question) != "en":
        return question
    names = []
    words = re.findall(r"[A-Za-z]+", question)
    for size in (2, 1):  # "Ruantong Huafang" as one name, then single words
        for i in range(len(words) - size + 1):
            key = "".join(words[i:i + size]).lower()
            if len(key) >= 4 and key in stats.by_pinyin:
                names.append(stats.by_pinyin[key])
            elif size == 1 and len(key) >= 4 and i + 1 < len(words):
                names += _with_kind(key, words[i + 1], stats)
    names += codes_in(question, stats)
    found = english_terms(question, stats.frequency, stats.known)
    names = [n for n in dict.fromkeys(names) if n not in found.attribute and n != found.counted]
    return hint_text(question, list(found.attribute), found.counted,
                     [g for g in found.other if not set(g) & set(names)], names)


def side_in_chinese(side: str, stats: TermStats, attributes: Sequence[str] = ()) -> str:
    """The Chinese words of one side of an English computed question ("Jiangsu's tertiary industry" ->
    江苏第三产业), read as the whole question's hints are (names by pinyin, code-like names, dictionary senses
    the indexed passages use; the first, most used sense of each word), names first as a Chinese side leads
    with its subject. "" when no word of it is found."""
    hinted = with_hints(side, stats)
    if hinted == side:
        return ""
    own, counted, groups, names = parse_hints(hinted.partition(HINT_SEPARATOR)[2])
    words = [*names, *own, *([counted] if counted else []), *(g[0] for g in groups if g)]
    # a word of the side inside a quantity the question asks ("tertiary industry" 第三产业 of 第三产业增加值) names
    # that quantity whole: the side's own attribute, as a Chinese side writes it
    words = [next((a for a in attributes if len(w) >= 2 and w in a), w) for w in words if w]
    return "".join(dict.fromkeys(words))


def english_operands(question: str, operation: str, stats: TermStats, attributes: Sequence[str] = ()) -> list[str]:
    """The operands of an English computed question (question.english_sides) in Chinese words
    (side_in_chinese); [question] when it names fewer than two or a side has no word the text uses."""
    sides = [side_in_chinese(s, stats, attributes) for s in english_sides(question, operation)]
    return sides if len(sides) >= 2 and all(sides) else [question]
