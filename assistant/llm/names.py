"""The name verifier: every name a generated answer states (a person, organisation, project or place) must
be in a cited passage. Chinese names are read by jieba's part-of-speech tags (nr person, ns place, nt
organisation, nz other proper noun) and by the last word of an organisation's or project's name
(assistant/lexicon/open_cues.tsv: 公司, 集团, 项目, 工程…), the nouns before it read as one name. An English
answer's names are its runs of capitalised words; each word must be the pinyin of characters of a cited
passage ("Shixi" for 石溪) or a CC-CEDICT translation of one of its words ("Energy" needs 能源), so
"Shixi Energy Group" is untraced where the passages name no 能源集团."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from assistant.approaches.text import cue_words
from assistant.bilingual import function_words, glosses, singular
from assistant.types import Citation, NameUse
from assistant.verify import strip_markers
from index.segmenter import pos_cut

_TAG_KINDS = {"nr": "person", "nrfg": "person", "nrt": "person", "ns": "place", "nt": "organisation",
              "nz": "name"}
# words that may stand inside an organisation's or a project's name, before its last word
_NAME_PART = frozenset({"n", "nr", "nrfg", "nrt", "ns", "nt", "nz", "j", "b", "vn", "eng", "an", "nw"})
_CJK_RUN = re.compile(r"[\u4e00-\u9fff]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")
# a capitalised word of an English answer (Siping, GDP, Shixi's): names are runs of them
_CAPITALISED = re.compile(r"\b[A-Z][A-Za-z\-]*(?:'s)?\b")
_SENTENCE_START = re.compile(r"(?:^|[.!?:;\n]\s*|[\"“(]\s*)$")
MAX_PINYIN_SYLLABLES = 4


@dataclass(frozen=True)
class _Name:
    text: str
    kind: str
    words: tuple[str, ...]  # its jieba words (a compound name), to trace a paraphrase within one sentence


@cache
def _heads() -> dict[str, str]:
    return {**{w: "organisation" for w in cue_words("org")}, **{w: "project" for w in cue_words("project")}}


def chinese_names(text: str) -> list[_Name]:
    """The names in Chinese text: tagged proper nouns, and compounds ending in an organisation's or a
    project's last word (国家电投集团, 石溪风电项目)."""
    found: list[_Name] = []
    for run in _CJK_RUN.findall(text):
        words = [(w.word, w.flag) for w in pos_cut(run)]
        heads = _heads()
        i = 0
        used: set[int] = set()
        for j, (word, _flag) in enumerate(words):
            kind = next((k for h, k in heads.items() if word.endswith(h)), "")
            if not kind:
                continue
            i = j
            while i > 0 and words[i - 1][1] in _NAME_PART and i - 1 not in used:
                i -= 1
            if i < j or len(word) > max(len(h) for h in heads if word.endswith(h)):
                parts = tuple(w for w, _ in words[i:j + 1])
                found.append(_Name("".join(parts), kind, parts))
                used.update(range(i, j + 1))
        for k, (word, flag) in enumerate(words):
            if k not in used and flag in _TAG_KINDS and len(word) >= 2:
                found.append(_Name(word, _TAG_KINDS[flag], (word,)))
    return found


def _sentences(text: str) -> list[str]:
    return [s for s in re.split(r"[。！？!?；;\n]", text) if s.strip()]


def _trace_chinese(name: _Name, citations: list[Citation]) -> Citation | None:
    """The citation whose passage holds the name; or, for a compound, one sentence holding its words in
    order (a paraphrase: 望川市重点项目 for 望川市的重点项目)."""
    for c in citations:
        if name.text in c.text:
            return c
    if len(name.words) < 2:
        return None
    for c in citations:
        for s in _sentences(c.text):
            at = 0
            for w in name.words:
                at = s.find(w, at)
                if at < 0:
                    break
                at += len(w)
            else:
                return c
    return None


@cache
def _common_english() -> frozenset[str]:
    """Ordinary English words (lower-case glosses of CC-CEDICT): a sentence's first word that is one of them
    ("According", "Investment") is capitalised for the sentence, not as a name."""
    words: set[str] = set()
    for senses in glosses().values():
        for sense in senses:
            words.update(w for w in re.findall(r"[A-Za-z]+", sense) if w[0].islower())
    return frozenset(words)


def _pinyin_of(texts: list[str]) -> set[str]:
    """Every run of 1..MAX_PINYIN_SYLLABLES consecutive syllables of the texts' characters, joined."""
    from pypinyin import lazy_pinyin

    found: set[str] = set()
    for text in texts:
        for run in _CJK_RUN.findall(text):
            syllables = [s.lower() for s in lazy_pinyin(run)]
            for i in range(len(syllables)):
                for n in range(1, MAX_PINYIN_SYLLABLES + 1):
                    if i + n <= len(syllables):
                        found.add("".join(syllables[i:i + n]))
    return found


def _glosses_of(texts: list[str]) -> set[str]:
    """The English words of the dictionary translations of the texts' words and characters."""
    table = glosses()
    found: set[str] = set()
    for text in texts:
        for run in _CJK_RUN.findall(text):
            pieces = [w.word for w in pos_cut(run)] + list(run)
            pieces += [run[i:i + n] for n in (2, 3, 4) for i in range(len(run) - n + 1)]
            for piece in pieces:
                for sense in table.get(piece, ()):
                    found.update(singular(w.lower()) for w in re.findall(r"[A-Za-z]+", sense))
    return found


def english_names(text: str) -> list[str]:
    """Runs of capitalised words, without a sentence's first word when it is an ordinary English word and
    stands alone, and without function words ("The", "In")."""
    skip = function_words()
    found: list[str] = []
    run: list[tuple[int, str]] = []

    def close() -> None:
        words = [w for _, w in run if w.lower() not in skip]
        if words:
            first_at, first = run[0]
            if len(run) == 1 and _SENTENCE_START.search(text[:first_at]) and first.lower() in _common_english():
                pass
            else:
                found.append(" ".join(words))
        run.clear()

    last_end = -1
    for m in _CAPITALISED.finditer(text):
        if run and text[last_end:m.start()].strip():
            close()
        run.append((m.start(), m.group()))
        last_end = m.end()
    if run:
        close()
    return found


def _trace_english(name: str, citations: list[Citation], pinyin: set[str], translated: set[str]) -> bool:
    """Each word of the name: Latin letters a passage writes (GDP), the pinyin of its characters, or a
    dictionary translation of one of its words."""
    latin = " ".join(c.text for c in citations).lower()
    for word in name.split():
        low = re.sub(r"'s$", "", word).lower()
        if low in function_words() or re.search(rf"(?<![a-z]){re.escape(low)}(?![a-z])", latin):
            continue
        if low.replace("-", "") in pinyin or singular(low) in translated or low in translated:
            continue
        return False
    return True


def name_uses(text: str, citations: list[Citation], lang: str) -> list[NameUse]:
    """Every name the answer text states, traced or not, in the order written (each name once)."""
    plain = strip_markers(text)
    uses: list[NameUse] = []
    seen: set[str] = set()
    for name in chinese_names(plain):
        if name.text in seen:
            continue
        seen.add(name.text)
        c = _trace_chinese(name, citations)
        uses.append(NameUse(name.text, name.kind, c is not None, c.n if c else None, name.text if c else ""))
    if lang == "en":
        texts = [c.text for c in citations]
        pinyin, translated = _pinyin_of(texts), _glosses_of(texts)
        for english in english_names(_CJK_RUN.sub(" ", plain)):
            if english in seen:
                continue
            seen.add(english)
            uses.append(NameUse(english, "name", _trace_english(english, citations, pinyin, translated)))
    return uses
