"""The official CMRC 2018 EM and F1 (cmrc2018_evaluate.py, v5), ported to Python 3.

Mixed segmentation: lower-case and strip; every CJK character (U+4E00..U+9FA5) and every mark of the
official punctuation list is a token of its own; the runs in between are tokenised like
nltk.word_tokenize (runs of Latin letters / digits are tokens). For F1 the punctuation tokens are
removed; F1 is computed from the longest common *contiguous* token sequence, as the official script
does. EM compares the strings with the official punctuation removed. Both take the max over the gold
answers.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

# the official list (note: "……" is two characters in the list, so it never matches a single character)
SP_CHAR = frozenset([
    "-", ":", "_", "*", "^", "/", "\\", "~", "`", "+", "=",
    "，", "。", "：", "？", "！", "“", "”", "；", "’", "《", "》", "……", "·", "、",
    "「", "」", "（", "）", "－", "～", "『", "』",
])  # fmt: skip
_CJK = re.compile(r"[\u4e00-\u9fa5]")


@lru_cache(maxsize=1)
def _word_tokenizer() -> Any:
    # nltk.word_tokenize = sentence split (needs the punkt data) + this tokenizer; the runs between CJK
    # characters are short, so the tokenizer alone gives the same tokens without any data files.
    from nltk.tokenize import NLTKWordTokenizer

    return NLTKWordTokenizer()


def _tokenize_run(text: str) -> list[str]:
    if not text.strip():
        return []
    return list(_word_tokenizer().tokenize(text))


def mixed_segmentation(text: str, rm_punc: bool = False) -> list[str]:
    text = str(text).lower().strip()
    segs: list[str] = []
    run = ""
    for char in text:
        if rm_punc and char in SP_CHAR:
            continue
        if _CJK.match(char) or char in SP_CHAR:
            if run:
                segs.extend(_tokenize_run(run))
                run = ""
            segs.append(char)
        else:
            run += char
    if run:
        segs.extend(_tokenize_run(run))
    return segs


def remove_punctuation(text: str) -> str:
    return "".join(ch for ch in str(text).lower().strip() if ch not in SP_CHAR)


def longest_common_run(a: Sequence[str], b: Sequence[str]) -> int:
    """Length of the longest common contiguous subsequence of two token lists."""
    if not a or not b:
        return 0
    best = 0
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0] * (len(b) + 1)
        for j, y in enumerate(b, start=1):
            if x == y:
                cur[j] = prev[j - 1] + 1
                if cur[j] > best:
                    best = cur[j]
        prev = cur
    return best


def f1_score(answers: Sequence[str], prediction: str) -> float:
    pred = mixed_segmentation(prediction, rm_punc=True)
    best = 0.0
    for gold in answers:
        ref = mixed_segmentation(gold, rm_punc=True)
        common = longest_common_run(ref, pred)
        if common == 0:
            continue
        precision, recall = common / len(pred), common / len(ref)
        best = max(best, 2 * precision * recall / (precision + recall))
    return best


def em_score(answers: Sequence[str], prediction: str) -> float:
    pred = remove_punctuation(prediction)
    return 1.0 if any(remove_punctuation(gold) == pred for gold in answers) else 0.0
