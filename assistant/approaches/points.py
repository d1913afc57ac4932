"""The last reading of a list question, when no shape naming the kind asked gives items (assistant.
approaches.listing): the points a text enumerates by its structure alone, in the stretch of text that
covers the question best.

Four structures, general to Chinese writing:
- ordinal markers: 一是…二是…, 其一…其二, 第一，…第二，, （1）…（2）, ①…②, counting up from one, within a
  paragraph (a marker opens its clause; the point runs to the next marker or its sentence's end);
- a run of segments cut at "；" (…的不确定性；大宗商品上涨…也造成了压力): one point a segment;
- an enumeration of names (A、B和C), of two items when its clause names the noun asked;
- parallel actions: MIN_ACTIONS clauses or more in a row each opening on its verb (将打通…，扩大…，强化…).
Each candidate is scored by how much of the question its words (and the words introducing it) cover; the
best one at MIN_COVER or more is the answer, else none (the figure engine answers, or refuses).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from assistant.approaches.text import Sentence, Terms, clause_cut
from assistant.figures import parse_figures
from index.segmenter import pos_cut

ORDINALS = "一二三四五六七八九十"
# an ordinal marker opening a clause: 一是 / 其一 / 第一， / （1） / ①
_MARKER = re.compile(r"(?:(?<=[，,；;。：:！!？?\s])|^)(?:(?P<is>[一二三四五六七八九十])是"
                     r"|其(?P<its>[一二三四五六七八九十])[，,、是]?|第(?P<nth>[一二三四五六七八九十])[，,、：:]|[（(](?P<par>[1-9]|[一二三四五六七八九十])[）)]"
                     r"|(?P<ring>[①②③④⑤⑥⑦⑧⑨⑩]))")
_RINGS = "①②③④⑤⑥⑦⑧⑨⑩"
POINT_CHARS = 60  # one point's quote, cut at a clause end within it
SEGMENT_CHARS = 90  # a segment's: it opens on the words introducing the points (周…分析，目前…严峻，) before its own
MIN_COVER = 0.5  # the share of the question (by idf) a candidate's words must cover
SEGMENT_DISCOUNT = 0.9  # "；" cuts clauses of one sentence, not always points: a marked or named list wins a tie
MAX_NAME = 20  # an item of an enumeration of names is a name, not a clause
MIN_ACTIONS = 3  # clauses opening on a verb in a row that are parallel actions (two may be chance)
_ADVERB_TAGS = frozenset({"d", "ad"})  # 将, 努力: words before an action's verb


@dataclass(frozen=True)
class Point:
    sentence: Sentence  # the sentence (or stretch of a passage) it is quoted from
    start: int  # offsets in the passage
    end: int


def _ordinal(m: re.Match[str]) -> int:
    for group in ("is", "its", "nth", "par"):
        value = m.group(group)
        if value:
            return int(value) if value.isdigit() else ORDINALS.index(value) + 1
    return _RINGS.index(m.group("ring")) + 1


def _point_end(text: str, start: int, stop: int, chars: int = POINT_CHARS) -> int:
    """Where a point quoted from text[start:stop] ends: within chars, at a clause end."""
    piece = text[start:stop].rstrip()
    cut = clause_cut(piece, chars)
    return start + (cut or min(len(piece), chars))


def _counted_runs(text: str) -> list[list[re.Match[str]]]:
    """The runs of ordinal markers of a text counting up from one (一是, 二是, 三是), two markers or more."""
    runs: list[list[re.Match[str]]] = []
    for m in _MARKER.finditer(text):
        n = _ordinal(m)
        if n == 1:
            runs.append([m])
        elif runs and n == len(runs[-1]) + 1:
            runs[-1].append(m)
    return [run for run in runs if len(run) >= 2]


def marked_points(sentences: list[Sentence], terms: Terms) -> tuple[float, list[Point]]:
    """The points of the best-covering paragraph stretch that counts them with ordinal markers (一是, 二是…)."""
    best: tuple[float, list[Point]] = (0.0, [])
    seen: set[int] = set()
    for s in sentences:
        p = s.passage
        if id(p) in seen:
            continue
        seen.add(id(p))
        text = p.text
        for run in _counted_runs(text):
            ends = [m.start() for m in run[1:]]
            last = run[-1]
            sentence_end = min([i for i in (text.find(ch, last.end()) for ch in "。！？!?\n") if i > 0] or [len(text)])
            ends.append(sentence_end)
            intro_start = max(text.rfind(ch, 0, run[0].start()) for ch in "。！？!?\n") + 1
            intro = text[intro_start:run[0].start()]
            body = text[intro_start:sentence_end]
            score = 0.6 * terms.coverage(intro, p.context) + 0.4 * terms.coverage(body, p.context)
            if score < MIN_COVER or score <= best[0]:
                continue
            host = Sentence(p, intro_start, sentence_end)
            points = [Point(host, m.end(), _point_end(text, m.end(), end)) for m, end in zip(run, ends, strict=True)]
            best = (score, [pt for pt in points if pt.end - pt.start >= 2])
    return best


def segment_points(runs: list[list[Sentence]], terms: Terms) -> tuple[float, list[Point]]:
    """The segments (cut at "；") of the best-covering sentence cut into two or more."""
    best: tuple[float, list[Point]] = (0.0, [])
    for run in runs:
        if len(run) < 2:
            continue
        joined = " ".join(s.text for s in run)
        score = SEGMENT_DISCOUNT * terms.coverage(joined, run[0].passage.context)
        if score < MIN_COVER or score <= best[0]:
            continue
        points = []
        for s in run:
            text = s.passage.text
            start = s.start + len(s.text) - len(s.text.lstrip())
            end = _point_end(text, start, s.end, SEGMENT_CHARS)
            if end - start >= 2:
                points.append(Point(s, start, end))
        if len(points) >= 2:
            best = (score, points)
    return best


Series = Callable[[str, str], list[tuple[str, int]]]  # a clause and the question -> (name, offset) pieces


def _measured(piece: str) -> bool:
    """A piece stating a figure with a unit (8704.7亿元, 6.1%), not a year or a date: a measure, not a name."""
    return any(f.unit and f.unit_class not in {"year", "date"} for f in parse_figures(piece))


def named_points(sentences: list[Sentence], terms: Terms, series: Series, head: str) -> tuple[float, list[Point]]:
    """The names of the enumeration in the best-covering sentence: three or more (A、B和C), or two in a clause
    naming the noun asked (head); series(clause, question) splits a clause into its (name, offset) pieces
    (listing._series)."""
    best: tuple[float, list[Point]] = (0.0, [])
    for s in sentences:
        if "、" not in s.text:
            continue
        score = terms.coverage(s.text, s.passage.context)
        if score < MIN_COVER or score <= best[0]:
            continue
        at = 0
        for clause in re.split(r"[，,；;：:。]", s.text):
            pieces = series(clause, terms.question.text)
            enough = len(pieces) >= 3 or (len(pieces) == 2 and bool(head) and head in clause)
            if enough and all(len(name) <= MAX_NAME and not _measured(name) for name, _ in pieces):
                best = (score, [Point(s, s.start + at + offset, s.start + at + offset + len(name))
                                for name, offset in pieces])
                break
            at += len(clause) + 1
    return best


def _opens_on_verb(clause: str) -> bool:
    """A clause opening on its verb, after adverbs (将打通…, 努力保持…), with no subject before it."""
    for w in pos_cut(clause[:10]):
        if w.flag in _ADVERB_TAGS:
            continue
        return w.flag == "v" and len(w.word) >= 2
    return False


def action_points(sentences: list[Sentence], terms: Terms) -> tuple[float, list[Point]]:
    """The parallel actions of the best-covering sentence: its longest run of clauses (cut at "，" and "；")
    each opening on a verb, MIN_ACTIONS or more."""
    best: tuple[float, list[Point]] = (0.0, [])
    for s in sentences:
        score = terms.coverage(s.text, s.passage.context)
        if score < MIN_COVER or score <= best[0]:
            continue
        runs: list[list[Point]] = [[]]
        at = s.start
        for clause in re.split(r"[，,；;。]", s.text):
            bare = clause.strip()
            start = at + clause.find(bare) if bare else at
            at += len(clause) + 1
            if bare and len(bare) <= POINT_CHARS and _opens_on_verb(bare):
                runs[-1].append(Point(s, start, start + len(bare)))
            elif runs[-1]:
                runs.append([])
        longest = max(runs, key=len)
        if len(longest) >= MIN_ACTIONS:
            best = (score, longest)
    return best


def best_points(sentences: list[Sentence], runs: list[list[Sentence]], terms: Terms,
                series: Series, head: str) -> list[Point]:
    """The points of the best of the four readings (see the module docstring); [] when none covers enough."""
    found = [marked_points(sentences, terms), named_points(sentences, terms, series, head),
             action_points(sentences, terms), segment_points(runs, terms)]
    score, points = max(found, key=lambda scored: scored[0])
    return points if score >= MIN_COVER and len(points) >= 2 else []

