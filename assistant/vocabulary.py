"""Word lists as data: indicator aliases, attribute words and counter groups, from assistant/lexicon/.

* ``expand(question)`` writes each alias a question uses as its indicator's main name ("社零总额是多少" ->
  "社会消费品零售总额是多少"), so analysis and matching see the wording statistical texts use.
* ``names(term)`` every name of the indicator ``term`` names, so a passage that uses the abbreviation
  ("规上工业") still matches the main name a question was expanded to.
* ``attribute_words()`` the attribute words of attributes.tsv: their classes and how texts write them.
* ``label_words(kind)`` words that say what a figure's label states besides its attribute: a change, a
  threshold passed, a qualified quantity (两年平均增长), a target (labels.tsv).
* ``synonyms(word)`` the words a text may write for the same event or thing (逝世: 去世, 卒), so a
  passage that says it another way still matches the question's word (synonyms.tsv).
* ``same_counter(asked, written)`` whether a figure written with one counter answers a question asking
  with another (12项 for 多少个项目).

The lists and their sources are in the lexicon files; this module only applies them.
"""

from __future__ import annotations

import re
from functools import cache, lru_cache
from pathlib import Path

LEXICON = Path(__file__).resolve().parent / "lexicon"


def lexicon_rows(name: str) -> list[str]:
    """The entries of a lexicon file: its non-blank lines that are not # comments."""
    lines = (LEXICON / name).read_text(encoding="utf-8").splitlines()
    return [line for line in lines if line.strip() and not line.startswith("#")]


@cache
def _change_verb_rows() -> dict[str, tuple[str, ...]]:
    """Direction -> its English verb forms (en_change_verbs.tsv), two-word forms with their space."""
    rows: dict[str, tuple[str, ...]] = {}
    for row in lexicon_rows("en_change_verbs.tsv"):
        direction, forms = row.split("\t", 1)
        rows[direction.strip()] = rows.get(direction.strip(), ()) + tuple(f.replace("_", " ") for f in forms.split())
    return rows


@cache
def english_change_verbs(*directions: str) -> str:
    """A regex alternation (no group) of the English verb forms of the directions named (rise, fall,
    change, improve), longest first so that "increased" wins over "increase"; a two-word form ("went up")
    takes any space between its words."""
    table = _change_verb_rows()
    unknown = [d for d in directions if d not in table]
    if unknown:
        raise ValueError(f"en_change_verbs.tsv has no direction {', '.join(unknown)}")
    forms = {f for d in directions for f in table[d]}
    return "|".join(re.escape(f).replace(r"\ ", r"\s+") for f in sorted(forms, key=lambda f: (-len(f), f)))


@cache
def _alias_table() -> dict[str, tuple[str, ...]]:
    """Every name -> all names of its indicator, main name first."""
    table: dict[str, tuple[str, ...]] = {}
    for row in lexicon_rows("aliases.tsv"):
        group = tuple(n.strip() for n in row.split("\t") if n.strip())
        for name in group:
            table[name] = group
    return table


@cache
def _alias_pattern() -> re.Pattern[str]:
    names = sorted(_alias_table(), key=len, reverse=True)  # "社零总额" before "社零"
    return re.compile("|".join(re.escape(n) for n in names), re.IGNORECASE)


def names(term: str) -> tuple[str, ...]:
    """All names of the indicator term names (main name first), or (term,) when it names none."""
    return _alias_table().get(term, (term,))


@cache
def _compounds() -> tuple[tuple[str, tuple[str, ...]], ...]:
    rows = []
    for row in lexicon_rows("compounds.tsv"):
        whole, _, parts = row.partition("\t")
        rows.append((whole.strip(), tuple(parts.split())))
    return tuple(rows)


# a question's terms come back for every figure of every passage it reads (profiled: ~10,000 calls over 60
# article questions); the answer depends on the term and the word list only. Bounded, not a store of questions
@lru_cache(maxsize=4096)
def compounds_hiding(term: str) -> tuple[str, ...]:
    """The compounds (compounds.tsv) that contain a name within term without meaning it: 进出口 for 出口额.
    A term that holds the compound itself ("进出口总额") is hidden by none."""
    return tuple(whole for whole, parts in _compounds()
                 if whole not in term and any(part in term for part in parts))


def unhidden(text: str, term: str) -> str:
    """text with the compounds that contain term without meaning it blanked ("服务进出口" for 出口), so that
    term is found in it only where it is written as itself."""
    for whole in compounds_hiding(term):
        text = text.replace(whole, "\u3000" * len(whole))
    return text


@cache
def _synonym_table() -> dict[str, tuple[str, ...]]:
    """Every word -> its line of synonyms.tsv, the word itself first."""
    table: dict[str, tuple[str, ...]] = {}
    for row in lexicon_rows("synonyms.tsv"):
        group = [w.strip() for w in row.split("#", 1)[0].split("\t") if w.strip()]
        for word in group:
            table[word] = (word, *(w for w in group if w != word))
    return table


def synonyms(word: str) -> tuple[str, ...]:
    """The word and the words a text may write for it instead (synonyms.tsv), the word first."""
    return _synonym_table().get(word, (word,))


def written_as(term: str) -> tuple[str, ...]:
    """Every way a passage may write a question's term: its indicator's names, or its synonyms."""
    found = names(term)
    return found if len(found) > 1 else synonyms(term)


def main_name(term: str) -> str:
    return names(term)[0]


# a dictionary word this common that straddles an alias's edge means the alias is part of that word
_STRADDLE_FREQ = 50


def _straddles_word(text: str, start: int) -> bool:
    """"法规上": 法规 is a word, so the 规上 inside it is not the abbreviation. Unknown names before an
    alias ("青溪县规上工业") straddle nothing. Only the left edge is tested: what follows an abbreviation
    often makes a word with its last character ("规上工业": 上工), which says nothing."""
    from index.segmenter import frequency  # jieba's dictionary from the user cache, with the project's words

    return start > 0 and frequency(text[start - 1:start + 1]) >= _STRADDLE_FREQ


def expand(text: str) -> str:
    """text with every alias that stands as a word of its own replaced by its indicator's main name."""
    pattern = _alias_pattern()
    if not pattern.search(text):
        return text
    table = {k.lower(): v for k, v in _alias_table().items()}

    def replace(m: re.Match[str]) -> str:
        ascii_name = m.group().isascii()
        if not ascii_name and _straddles_word(text, m.start()):
            return m.group()  # "法规上" is not 规上: the alias must be a word of the sentence
        before, after = text[m.start() - 1:m.start()], text[m.end():m.end() + 1]
        if ascii_name and any(ch.isascii() and ch.isalnum() for ch in before + after):
            return m.group()  # "GDPR" is not GDP
        return table[m.group().lower()][0]

    return pattern.sub(replace, text)


def main_names_in(text: str) -> list[str]:
    """The main names of the indicators text mentions by their main name ("规模以上", "地区生产总值")."""
    return list(dict.fromkeys(g[0] for g in _alias_table().values() if g[0] in text))


@cache
def attribute_words() -> tuple[dict[str, str], frozenset[str], dict[str, tuple[str, ...]]]:
    """From attributes.tsv: attribute word -> class, the class-only words, attribute -> ways a text writes it."""
    classes: dict[str, str] = {}
    class_only: set[str] = set()
    written: dict[str, tuple[str, ...]] = {}
    for row in lexicon_rows("attributes.tsv"):
        word, cls, ways, *flags = row.split("\t")
        if cls != "-":
            classes[word] = cls
        if ways != "-":
            written[word] = tuple(ways.split())
        if "class-only" in flags:
            class_only.add(word)
    # a qualified attribute ("两年平均增长") is a quantity of its own, of the class of the word it qualifies,
    # written with the qualifier before any way of writing that word
    # ("两年平均增长" also as 平均增长: 两年 may be read as a figure of its own, out of the label)
    qualifiers = label_words("qualifier")
    for qualifier in qualifiers:
        shorter = [q for q in qualifiers if qualifier.endswith(q)]  # itself, and 平均 for 两年平均
        for word, cls in list(classes.items()):
            if word not in class_only and not word.startswith(qualifiers):
                classes[qualifier + word] = cls
                spelled = dict.fromkeys([*written.get(word, (word,)), *names(word)])  # 人均GDP for 人均地区生产总值
                written[qualifier + word] = tuple(q + w for q in shorter for w in spelled)
    return classes, frozenset(class_only), written


@cache
def label_words(kind: str) -> tuple[str, ...]:
    """The words of one kind in labels.tsv (change, threshold, qualifier, target), longest first."""
    for row in lexicon_rows("labels.tsv"):
        name, words = row.split("\t", 1)
        if name == kind:
            return tuple(sorted(words.split(), key=len, reverse=True))
    return ()


@cache
def _counter_rows() -> tuple[list[tuple[str, bool, str]], list[frozenset[str]]]:
    counters: list[tuple[str, bool, str]] = []
    groups: list[frozenset[str]] = []
    for row in lexicon_rows("counters.tsv"):
        if row.startswith("="):
            groups.append(frozenset(row[1:].split("#")[0].split()))
            continue
        word, numerals, *rest = row.split("\t")
        counters.append((word, numerals == "any", rest[0] if rest else ""))
    return counters, groups


def counters() -> list[tuple[str, bool, str]]:
    """(counter, may follow a Chinese numeral, characters after which it is no counter), in file order."""
    return _counter_rows()[0]


def same_counter(asked: str, written: str) -> bool:
    """A figure written with counter `written` answers a question asking with counter `asked`: the same
    word, the general 个 asked, or two words the lexicon lists as counting the same kinds of thing."""
    if asked == written or asked == "个":
        return True
    return any(asked in g and written in g for g in _counter_rows()[1])


def counters_agree(a: str, b: str) -> bool:
    """Two counters count the same kind of thing (the same word, or listed together in counters.tsv: 项 and
    个 both count projects); unlike same_counter, the general 个 does not agree with every counter (14个 and
    17万标箱 are not one kind of count)."""
    return a == b or any(a in g and b in g for g in _counter_rows()[1])


@cache
def _place_abbreviations() -> dict[str, str]:
    return dict(row.split("\t")[:2] for row in lexicon_rows("place_abbreviations.tsv"))


@cache
def provinces() -> frozenset[str]:
    """The provincial-level divisions' names as statistical texts write them (place_abbreviations.tsv)."""
    return frozenset(_place_abbreviations().values())


@cache
def nation_names() -> frozenset[str]:
    """The nation's names (nation.txt): a question naming one asks about the text's 全国 / 我国."""
    return frozenset(lexicon_rows("nation.txt"))


_CN_COUNT = {"两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def expand_place_runs(text: str) -> str:
    """"粤苏鲁三个省份" -> "广东、江苏、山东三个省份": a run of provincial abbreviations
    (place_abbreviations.tsv) written out as the places' names, only where the count right after the run
    equals its length (so no ordinary word is read as places)."""
    table = _place_abbreviations()
    chars = "".join(table)

    def replace(m: re.Match[str]) -> str:
        run, count = m.group(1), m.group(2)
        n = int(count) if count.isdigit() else _CN_COUNT.get(count, 0)
        if n != len(run) or len(set(run)) != len(run):
            return m.group()
        return "、".join(table[ch] for ch in run) + count + m.group(3)

    run = f"([{chars}]{{2,}})(\\d+|[两二三四五六七八九十])((?:个|大)?(?:省份|省市|省区|省|地|市))"
    return re.sub(run, replace, text)


@cache
def _listed_names() -> tuple[str, ...]:
    """The names of listed_names.txt, longest first (a division's name before a shorter one inside it)."""
    return tuple(sorted((row.strip() for row in lexicon_rows("listed_names.txt")), key=len, reverse=True))


_JOIN_CHARS = "和与及跟"


def joins_inside_words(text: str) -> set[int]:
    """Offsets of the joining characters 和/与/及/跟 that jieba reads inside a longer word ("单独提及上海",
    "参与", "和平"): part of that word, no join between two items of a list."""
    import jieba

    inside: set[int] = set()
    at = 0
    for word in jieba.lcut(text):
        if len(word) > 1:
            inside.update(at + k for k, ch in enumerate(word) if ch in _JOIN_CHARS)
        at += len(word)
    return inside


def list_items(text: str, separators: str = r"[和与及、]") -> list[str]:
    """The pieces of a list "A、B和C" split at `separators`, except inside a name that holds one of them
    (listed_names.txt: "批发和零售业" is one item) or inside a word jieba reads whole ("单独提及上海": 提及);
    empty pieces dropped."""
    inside = joins_inside_words(text)
    names = _listed_names()
    named = [(m.start(), m.end()) for m in re.finditer("|".join(re.escape(n) for n in names), text)] if names else []
    pieces: list[str] = []
    start = 0
    for m in re.finditer(separators, text):
        if m.start() in inside or any(a <= m.start() < b for a, b in named):
            continue
        pieces.append(text[start:m.start()])
        start = m.end()
    pieces.append(text[start:])
    return [p for p in pieces if p.strip()]
