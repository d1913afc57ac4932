"""An English question plus the Chinese words it names, so keyword search and term matching see the
Chinese text's words (shared by the figure engine and the open-question approaches)."""

from __future__ import annotations

import re

from assistant.bilingual import english_terms
from assistant.candidates import TermStats
from assistant.question import detect_lang, hint_text


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
    found = english_terms(question, stats.frequency)
    names = [n for n in dict.fromkeys(names) if n not in found.attribute and n != found.counted]
    return hint_text(question, list(found.attribute), found.counted,
                     [g for g in found.other if not set(g) & set(names)], names)
