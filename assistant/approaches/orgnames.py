"""The organisation names one document uses, read by structure across the whole document: the short forms a
text ties to a full name (（以下简称“澄川物流”）, 简称澄川), the short form a text goes on to use of a full name
it wrote once (澄川物流科技股份有限公司 … 澄川物流一季度营收…), and Latin names written as an organisation's
(VELTRA公司 … VELTRA将负责…).

A sentence names a company by its short form far more often than by its legal name, and jieba tags a short form
as anything (a person, a place, an abbreviation, a foreign word) or cuts it apart: a name is an organisation's
when the document itself says so somewhere, not when its tag does.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.approaches.text import COMMON_WORD_COUNT, cue_words
from index.segmenter import frequency, pos_cut

# （以下简称“澄川物流”）, 简称澄川, 下称"甲方": the short form a text names a full name by from then on
_ALIAS = re.compile(r"[（(](?:以下|下文)?(?:简称|下称)[为：:]?\s*[“\"「『‘']?(?P<a>[^”\"」』’'）)，,。；;、\s]{2,12})"
                    r"[”\"」』’']?\s*[）)]")
# a Latin name (VELTRA, Blue Harbor): letters, digits and a few joining marks, opening on a letter
_LATIN = re.compile(r"[A-Za-z][A-Za-z0-9&.\-]*(?: [A-Z][A-Za-z0-9&.\-]*)*")
# the legal-form words a full name ends in after its distinctive part (股份|有限|公司): stripped for its short form
_LEGAL_FORM = ("股份有限公司", "有限责任公司", "有限公司", "股份公司", "集团股份", "集团", "控股", "股份", "公司")
MIN_SHORT = 2  # characters of a short form


def aliases(text: str, names: Iterable[str]) -> list[str]:
    """The short forms a text ties to an organisation's name in brackets ("…股份有限公司（以下简称“澄川物流”）"):
    only after one of the names or an organisation word (a law's or a plan's short form is no organisation's)."""
    ends = (*names, *cue_words("org"))
    return [m.group("a") for m in _ALIAS.finditer(text) if text[:m.start()].rstrip().endswith(ends)]


def short_forms(name: str) -> list[str]:
    """The forms a company's full name may be shortened to: its openings, word by word, without its legal form
    ("澄川物流科技股份有限公司" -> 澄川, 澄川物流, 澄川物流科技); an opening that is one place name or one common
    word (深圳, 国家) is no name of its own. None when the name ends in no legal form (a government's or an
    office's name, 白岭省统计局, has no short form but its own)."""
    form = next((f for f in _LEGAL_FORM if name.endswith(f) and len(name) - len(f) >= MIN_SHORT), "")
    if not form:
        return []
    words = list(pos_cut(name[:-len(form)]))
    found = []
    for k in range(1, len(words) + 1):
        stem = "".join(str(w.word) for w in words[:k])
        if len(stem) < MIN_SHORT:
            continue
        if k == 1 and (str(words[0].flag) == "ns" or frequency(stem) >= COMMON_WORD_COUNT):
            continue
        found.append(stem)
    return found


def used_short_forms(text: str, names: Iterable[str]) -> list[str]:
    """The short forms of full names (short_forms) that the text also writes on their own, not as part of a
    full name: more occurrences of the short form than of every full name it is part of."""
    names = set(names)
    found = []
    for name in names:
        for stem in short_forms(name):
            whole = sum(text.count(n) for n in names if stem in n)
            if text.count(stem) > whole:
                found.append(stem)
    return found


def latin_names(text: str) -> list[str]:
    """Latin names the text writes right before an organisation word (VELTRA公司, Nordlys集团): the document
    names an organisation so, and its other uses of the name are the same organisation's."""
    found = []
    org_words = tuple(w for w in cue_words("org") if len(w) >= 2)
    for m in _LATIN.finditer(text):
        if len(m.group(0)) >= MIN_SHORT and text[m.end():].lstrip().startswith(org_words):
            found.append(m.group(0))
    return found


def vocabulary(text: str, names: Iterable[str]) -> frozenset[str]:
    """The organisation names a document uses: its full names (names, read by structure sentence by sentence),
    the short forms tied to them, the short forms it goes on to use, and its Latin organisation names."""
    names = [n for n in names if len(n) >= MIN_SHORT]
    return frozenset([*names, *aliases(text, names), *used_short_forms(text, names), *latin_names(text)])


# a noun jieba's dictionary counts fewer times than this is a name (a brand, a platform: 淘宝 3, 支付宝 3), not a
# common noun (平台 3601, 市场 26927, 企业 34826); jieba's counts come from its general corpus, not any document
RARE_NOUN_COUNT = COMMON_WORD_COUNT


def rare_noun(word: str) -> bool:
    """A noun of two characters or more that jieba's dictionary seldom sees (or does not know), and is no compound
    of two words it knows (市场份额 = 市场 + 份额, 动力电池 = 动力 + 电池: rare as one entry, common nouns still): a
    name."""
    if len(word) < 2 or frequency(word) >= RARE_NOUN_COUNT:
        return False
    return not any(frequency(word[:k]) and frequency(word[k:]) for k in range(2, len(word) - 1))


# the tags of a word that may be an organisation's name when the document names it so nowhere else: a person's
# (jieba tags many brands so: 碧桂园-like coinages), a transliterated name, another proper noun, an abbreviation,
# a Latin name, an organisation's
_NAME_TAGS = frozenset({"nr", "nrt", "nrfg", "nz", "j", "eng", "nt"})
_NOT_NAME_PART = frozenset({"x", "m", "mq", "q", "uj", "ul", "p", "c", "d", "r", "v"})


def name_like_in(text: str, document: str) -> list[tuple[int, str]]:
    """(position, name) of each word of text tagged as a proper name (_NAME_TAGS), with the place written right
    before it (深圳市|发改委) and the words after it that the document always writes with it (宁德|时代 each time:
    one name; 青禾|销量 once of several: the name ends before 销量); at least two characters. (A noun jieba merely
    seldom sees is no more a name here: 官网, 态势.)"""
    from assistant.postags import tagged

    words = tagged(text)
    found: list[tuple[int, str]] = []
    pos, i = 0, 0
    while i < len(words):
        w = words[i]
        if len(w.word) >= MIN_SHORT and w.flag in _NAME_TAGS:
            name, j = w.word, i + 1
            while j < len(words) and words[j].flag not in _NOT_NAME_PART \
                    and document.count(name + words[j].word) == document.count(name) >= 2:
                name += words[j].word
                j += 1
            place = words[i - 1].word if i > 0 and words[i - 1].flag == "ns" else ""
            found.append((pos - len(place), place + name))
            pos += len(name)
            i = j
            continue
        pos += len(w.word)
        i += 1
    return found
