"""English probe: where an English question's reading parts from its Chinese twin's.

Each English development question of general_en_dev.jsonl (split "endev") was written from a Chinese question
(its note: "from <id> (<kind>): <question>"). Both are asked of the document's store; the Question object the
figure engine reads (the analysis after the retrieved passages chose each word's sense) is kept for each, and
the fields of the two compared: attributes, terms, unit class, counter, operation, figures the question
states. Counted over the pairs whose Chinese twin passes: the English question should read what its twin
reads. Each differing field is put down to a cause (an attribute term with no dictionary reading, one the
document does not use, one chosen among several senses, a time word, a unit word, an operation word).

    python -m eval.en_probe [--limit N] [--show]

prints the counts (and with --show each differing pair: development questions only; never held-out rows).

Stage mode: every English question of the given files (any English row, twin or none), asked of its
document's store, and for each the stage where its expected figure is lost, as counts:

    python -m eval.en_probe --questions eval/questions/general_en_dev.jsonl [--split endev] [--counts-only]

The readings counted apart (each a yes/no per question): an attribute phrase read by the grammar, its words
found in the document (any sense kept), a name asked and read, a period asked and read, a unit class read and
the expected figure's; then the first loss of an answerable question: retrieval (no retrieved passage states
the expected figure), unit (a passage states it, no candidate of the class read is it), candidates (a
candidate of the expected class is missed otherwise), refused (the figure is a candidate; the reason code),
chosen otherwise (another figure stated), graded (right figure, failed on citation or wording), passed.
--counts-only prints counts alone (no question, id, figure or text): the form for validation files.

Measured on main 9ee3869, validation (held-out 2-4, 58 English figure questions): passed 28; lost at retrieval
0, unit 4, candidates 3, refused 18 (bar_period 8, bar_entity 7, bar_attribute 3), chosen otherwise 4, graded 1.
The expected figure's own cut-offs where refused or passed over: entity 15, period 8 (a year the passage does
not write 4); the words missing around it: dictionary senses 25, names 6; its clause is closer in meaning than
every rival's in 2 of 20 (the embedding does not tell it). Failing: 24 of 41 questions with three or more
dictionary guesses, 6 of 17 with fewer. Development (endev, 142): passed 90 of 114 answerable, lost at
retrieval 9, unit 4, refused 6, chosen otherwise 5; unanswerable refused 26 of 28.
Session 21, validation held-out 2-5 (80 English figure questions), main a37732c: passed 35; refused 27 (bar_entity
10, bar_period 9, bar_attribute 6, bar_key_name 2); missing senses around the expected figure 39, of which 14 share
a character with its sentence, 25 none; period bar: the figure's passage states no year 4. After en21 (a missing
sense credited in the bar by the characters its sentence writes; a passage without a year read as of its document's
latest year): passed 40; refused bar_entity 4, bar_period 8.

Measured (142 pairs, every Chinese twin passing): on main d89a7d9 en passes 112, figures differ 27 (4 with the
English failing), terms 34 (14); after session 19's en19 branch en passes 116, figures differ 11 (1), terms 34
(10); attributes differ 61 either way (15 -> 14 failing): the attribute reading is the next field to fix.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from eval.questionset import Question, load_questions

QUESTIONS = Path("eval/questions")
ENGLISH = QUESTIONS / "general_en_dev.jsonl"
# the Chinese development files an English question's twin may come from (never a held-out file)
TWIN_FILES = ("general.jsonl", "general_dev2.jsonl", "general_dev3.jsonl", "general_dev5.jsonl",
              "general_dev6.jsonl", "general_new_dev.jsonl")
_HELD_OUT_SPLITS = frozenset({"heldout", "enhold"})
_TWIN = re.compile(r"^from (?P<id>\S+) \(")


@dataclass(frozen=True)
class Pair:
    english: Question
    chinese: Question


def pairs(limit: int = 0) -> list[Pair]:
    """(English dev question, its Chinese dev twin) pairs; held-out rows are never read into a pair."""
    twins: dict[str, Question] = {}
    for name in TWIN_FILES:
        for q in load_questions(QUESTIONS / name):
            if q.split not in _HELD_OUT_SPLITS:
                twins[q.id] = q
    found = []
    for q in load_questions(ENGLISH):
        m = _TWIN.match(q.note)
        if q.split != "endev" or not m or m.group("id") not in twins:
            continue
        found.append(Pair(q, twins[m.group("id")]))
    return found[:limit] if limit else found


@contextmanager
def recording() -> Iterator[list[Any]]:
    """Every Question the figure engine reads (answer.read_senses' result), in order, while inside."""
    import assistant.answer as answer_module

    seen: list[Any] = []
    original: Callable[..., Any] = answer_module.read_senses

    def kept(q: Any, texts: list[str]) -> Any:
        read = original(q, texts)
        seen.append(read)
        return read

    answer_module.read_senses = kept
    try:
        yield seen
    finally:
        answer_module.read_senses = original


FIELDS = ("attributes", "unit_class", "counter", "operation", "figures", "terms")


def _figures(q: Any) -> list[str]:
    return sorted(f"{f.value:g}{f.unit}" for f in q.figures)


def differing(en: Any, zh: Any) -> list[str]:
    """The fields the English reading has otherwise than the Chinese one."""
    out = []
    if not set(en.attributes) & set(zh.attributes) and (en.attributes or zh.attributes):
        out.append("attributes")
    if en.unit_class != zh.unit_class:
        out.append("unit_class")
    if en.counter != zh.counter:
        out.append("counter")
    if en.operation != zh.operation:
        out.append("operation")
    if _figures(en) != _figures(zh):
        out.append("figures")
    zh_terms = {t for t in zh.terms if len(t) >= 2}
    en_terms = {t for t in en.terms if len(t) >= 2}
    if zh_terms and len(zh_terms & en_terms) < len(zh_terms) / 2:
        out.append("terms")
    return out


def attribute_cause(en: Any, zh: Any, english: str, frequency: Callable[[str], int]) -> str:
    """Why the English attributes miss the Chinese ones: the dictionary gives the twin's term for none of the
    question's words; it gives it but the English grammar put it among the other words; the twin's term is
    among several senses and another was kept."""
    from assistant.bilingual import attribute_phrase, dictionary, lexicon, words_of

    wanted = set(zh.attributes)
    if not wanted:
        return "zh has no attribute"
    if wanted & set(en.terms):
        return "read, not as attribute"
    phrase = attribute_phrase(english)
    if not phrase:
        return "no attribute phrase"
    words = words_of(phrase)
    table, terms = dictionary(), lexicon()
    readings = {z for n in range(len(words)) for m in range(n + 1, len(words) + 1)
                for z in (*terms.get(" ".join(words[n:m]), ()), *table.get(" ".join(words[n:m]), ()))}
    if wanted & readings:
        return "sense chosen otherwise"
    if any(a in z or z in a for a in wanted for z in readings if len(z) >= 2):
        return "part of the term"
    if not any(frequency(z) for z in readings):
        return "no reading in the document"
    return "term not in dictionary"


def probe(limit: int = 0, show: bool = False) -> Counter[str]:
    from eval.general import document_assistants, group_by_doc
    from eval.grader import grade

    found = pairs(limit)
    groups = group_by_doc([p.english for p in found], Path("eval/general"))
    by_doc: dict[str, list[Pair]] = {}
    for p in found:
        by_doc.setdefault(p.english.doc, []).append(p)
    counts: Counter[str] = Counter()
    for doc, assistant, _ in document_assistants(groups, Path("eval/general"), Path("storage/general"),
                                                 say=lambda s: print(s, file=sys.stderr)):
        frequency = assistant.engine.synthesizer.stats.frequency
        for p in by_doc[doc]:
            with recording() as seen_zh:
                zh_answer = assistant.ask(p.chinese.question, p.chinese.history_list())
            with recording() as seen_en:
                en_answer = assistant.ask(p.english.question, p.english.history_list())
            zh_ok, en_ok = grade(p.chinese, zh_answer).passed, grade(p.english, en_answer).passed
            counts["pairs"] += 1
            counts["zh passes"] += zh_ok
            counts["en passes"] += en_ok
            if not zh_ok:
                continue
            counts["en passes | zh passes"] += en_ok
            if not seen_zh or not seen_en:
                counts["no figure reading (" + ("en" if not seen_en else "zh") + ")"] += 1
                continue
            en, zh = seen_en[0], seen_zh[0]
            fields = differing(en, zh)
            for f in fields:
                counts[f"differs: {f}"] += 1
                counts[f"differs: {f} & en fails"] += not en_ok
            if "attributes" in fields:
                counts["attribute cause: " + attribute_cause(en, zh, p.english.question, frequency)] += 1
            if show and fields:
                print(f"{p.english.id} {'ok ' if en_ok else 'BAD'} {fields}\n  en: {p.english.question}\n"
                      f"      attrs={en.attributes} terms={en.terms[:8]} unit={en.unit_class} op={en.operation} "
                      f"figs={_figures(en)}\n  zh: {p.chinese.question}\n"
                      f"      attrs={zh.attributes} terms={zh.terms[:8]} unit={zh.unit_class} op={zh.operation} "
                      f"figs={_figures(zh)}")
    return counts


# English words saying a period ("in 2021", "first half", "Q3", "last year", "January to May")
_PERIOD_ASKED = re.compile(r"\b(?:(?:19|20)\d\d|q[1-4]|quarter|half|month|year|january|february|march|april|may|"
                           r"june|july|august|september|october|november|december)\b", re.I)
_PERIOD_READ = re.compile(r"[年月季]|半年")
_NAME_ASKED = re.compile(r"(?<=[\w,;:’'] )[A-Z][\w\-]*")


@dataclass
class Seen:
    """What the figure engine read and weighed for one question (the first analysis, every candidate)."""

    questions: list[Any]
    passages: list[str]
    candidates: list[Any]
    unread: list[Any]  # the Questions before read_senses chose each word's sense


@contextmanager
def watching() -> Iterator[Seen]:
    """Records the Question read, the retrieved passages' texts and every candidate figure scored."""
    import assistant.answer as answer_module

    seen = Seen([], [], [], [])
    synthesizer = answer_module.FigureAnswerSynthesizer
    original_answer = synthesizer.answer
    original_read, original_score = answer_module.read_senses, answer_module.score_candidates

    def answer(self: Any, text: str, nodes: list[Any]) -> Any:
        if not seen.passages:
            seen.passages.extend(n.node.get_content() for n in nodes)
        return original_answer(self, text, nodes)

    def read(q: Any, texts: list[str]) -> Any:
        out = original_read(q, texts)
        seen.unread.append(q)
        seen.questions.append(out)
        return out

    def score(*args: Any, **kwargs: Any) -> Any:
        out = original_score(*args, **kwargs)
        seen.candidates.extend(out)
        return out

    synthesizer.answer = answer  # type: ignore[method-assign]
    answer_module.read_senses, answer_module.score_candidates = read, score
    try:
        yield seen
    finally:
        synthesizer.answer = original_answer  # type: ignore[method-assign]
        answer_module.read_senses, answer_module.score_candidates = original_read, original_score


def is_english(q: Question) -> bool:
    from assistant.question import detect_lang

    return q.kind == "english" or detect_lang(q.question) == "en"


def stage_counts(q: Question, answer: Any, seen: Seen, passed: bool) -> list[str]:
    """The readings and the first loss of one English question, as count keys (no text of the question)."""
    from assistant.bilingual import attribute_phrase
    from assistant.figures import figure_from_text, parse_figures, same_quantity

    keys = ["questions", f"answerable {q.answerable}"]
    read = seen.questions[0] if seen.questions else None
    keys.append("read: figure engine" if read is not None else "read: not by the figure engine")
    if read is not None:
        keys += ["read: attribute phrase" if attribute_phrase(q.question) else "read: no attribute phrase",
                 "read: attribute in document words" if read.attributes else "read: no attribute in document"]
        if _NAME_ASKED.search(q.question):
            named = [t for t in read.terms if t not in read.attributes and t not in read.guessed()]
            keys.append("read: name asked, read" if named else "read: name asked, not read")
        if _PERIOD_ASKED.search(q.question):
            timed = any(_PERIOD_READ.search(t) for t in read.terms) or any(
                f.unit_class == "year" or _PERIOD_READ.search(f.unit) for f in read.figures)
            keys.append("read: period asked, read" if timed else "read: period asked, not read")
        keys.append("read: unit class " + ("read" if read.unit_class else "none"))
    if not q.answerable:
        keys.append("unanswerable: " + ("refused" if not answer.answerable else "answered"))
        return keys
    wanted = [w for w in (figure_from_text(e) for e in q.expected) if w is not None]
    tol = max(q.tolerance, 0.005)
    stated = [f for text in seen.passages for f in parse_figures(text)]
    in_passages = all(any(same_quantity(f, w, tol) for f in stated) for w in wanted)
    among = all(any(same_quantity(c.figure, w, tol) for c in seen.candidates) for w in wanted)
    if read is not None and wanted:
        keys.append("unit class " + ("= expected's" if read.unit_class == wanted[0].unit_class else "differs"))
        if read.unit_class != wanted[0].unit_class:
            keys.append(f"unit class read {read.unit_class or 'none'}, expected {wanted[0].unit_class}"
                        + (" (passed)" if passed else ""))
    if passed:
        stage = "passed"
    elif not in_passages:
        stage = "retrieval"
    elif not among:
        stage = "unit" if read is not None and wanted and read.unit_class != wanted[0].unit_class else "candidates"
    elif not answer.answerable:
        stage = "refused: " + (answer.refusal or "?").split(":")[0]
    elif any(same_quantity(f, w, tol) for w in wanted for f in parse_figures(answer.text)):
        stage = "graded (figure stated)"
    else:
        stage = "chosen otherwise"
    keys.append("stage: " + stage)
    if read is not None:
        keys.append(f"x {'pass' if passed else 'fail'}: attribute {'yes' if read.attributes else 'no'}, guesses "
                    f"{min(3, len(read.guessed()))}{'+' if len(read.guessed()) >= 3 else ''}")
    if stage.startswith(("refused", "chosen")) and read is not None:
        keys += _expected_candidate(read, seen, wanted, tol)
    return keys


def _expected_candidate(read: Any, seen: Seen, wanted: list[Any], tol: float) -> list[str]:
    """Why the expected figure's own best candidate was not stated: its rank, the cut-offs it falls short of,
    and whether the subject words missing around it are names the question wrote or dictionary senses."""
    from assistant.candidates import hand_bars
    from assistant.figures import same_quantity

    mine = [c for c in seen.candidates if same_quantity(c.figure, wanted[0], tol)]
    best = max(mine, key=lambda c: c.score)
    rank = sum(c.score > best.score for c in seen.candidates) + 1
    keys = ["  expected's rank " + ("1" if rank == 1 else "2-3" if rank <= 3 else ">3")]
    bars = hand_bars(best.attribute, best.question_figures, bool(best.key_missing), best.entity_for_bar(),
                     bool(read.attributes), bool(read.figures))
    keys += [f"  expected's bar: {b}" for b in bars] or ["  expected's bar: none"]
    if "bar_period" in bars:
        for f in read.figures:
            near = f.text in best.passage.text or str(int(f.value)) in best.passage.text
            keys.append(f"  period bar: question figure of class {f.unit_class}, "
                        + ("in the passage" if near else "not in the passage"))
            before = read.text[:f.start].split()[-1:] if f.start <= len(read.text) else []
            keys.append(f"  period bar: {f.unit_class} figure after " + (
                "a capitalised word" if before and before[0][:1].isupper() else
                "a lower-case word" if before and before[0][:1].isalpha() else "no word"))
            if f.unit_class in {"year", "date"}:
                own = [g for g in best.passage.figures if g.unit_class == f.unit_class]
                keys.append(f"  period bar: the passage states {'other ' if own else 'no '}{f.unit_class}s")
            if f.unit_class == "year" and not near:
                anywhere = any(str(int(f.value)) in text for text in seen.passages)
                keys.append("  period bar: the year " + ("in another retrieved passage" if anywhere
                                                         else "in no retrieved passage"))
                this_year = re.search("今年|本年|全年", best.passage.text)
                keys.append("  period bar: the passage writes " + ("今年/本年" if this_year else "no this-year word"))
    guessed = read.guessed()
    groups = seen.unread[0].senses if seen.unread else []
    s, e = best.passage.sentence_of(best.figure.start)
    sentence = best.passage.text[s:e]
    for t in best.missing:
        if t in guessed:
            keys.append("  missing guess: " + ("a character of it in the figure's sentence"
                                               if any(ch in sentence for ch in t) else "no character of it there"))
    keys.append(f"  missing guesses {min(3, sum(t in guessed for t in best.missing))}, names "
                f"{min(3, sum(t not in guessed for t in best.missing))}")
    for t in best.missing:
        if t not in guessed:
            keys.append("  expected misses: a name/strong term")
            continue
        others = [z for g in groups if t in g for z in g if z != t]
        where = ("another sense in its passage" if any(z in best.passage.text for z in others)
                 else "no other sense in its passage" if others else "its word's only sense")
        share = sum(t in text for text in seen.passages) / max(1, len(seen.passages))
        keys.append(f"  expected misses: a dictionary sense, {where}")
        keys.append("  expected misses: a dictionary sense in " + (
            ">= half the retrieved passages" if share >= 0.5 else "< half the retrieved passages"))
    return keys


def meaning_counts(q: Question, seen: Seen, similarity: Any) -> list[str]:
    """Where the expected figure's clause stands by closeness in meaning among the best-scored candidates'
    (the ones _clearly_meant compares) and by how much it leads or trails the closest rival figure."""
    from assistant.answer import _FALLBACK_CANDIDATES, _clauses_of
    from assistant.figures import figure_from_text, same_quantity

    wanted = figure_from_text(q.expected[0]) if q.expected else None
    if similarity is None or wanted is None:
        return []
    top: list[Any] = []
    for c in sorted(seen.candidates, key=lambda c: -c.score):
        if all(c.key() != t.key() for t in top):
            top.append(c)
    top = top[:_FALLBACK_CANDIDATES]
    mine = [i for i, c in enumerate(top) if same_quantity(c.figure, wanted, max(q.tolerance, 0.005))]
    if not mine or len(top) < 2:
        return ["  meaning: expected not among the top by score"]
    sims = similarity.scores(q.question, _clauses_of(top))
    own = max(sims[i] for i in mine)
    rival = max(s for i, s in enumerate(sims) if i not in mine)
    gap = own - rival
    bucket = ">= 0.035" if gap >= 0.035 else "0.01-0.035" if gap >= 0.01 else "0-0.01" if gap >= 0 else "< 0"
    return [f"  meaning: expected's lead over the closest rival {bucket}"]


_MONTHS = frozenset("january february march april may june july august september october november december".split())


def name_counts(question: str, stats: Any) -> list[str]:
    """How each capitalised word past the first is read: a name by pinyin or code (the hints' names), a
    dictionary word the text uses, or nothing."""
    from assistant.bilingual import dictionary, function_words, words_of
    from assistant.hints import with_hints
    from assistant.question import HINT_SEPARATOR, parse_hints

    _, _, _, names = parse_hints(with_hints(question, stats).partition(HINT_SEPARATOR)[2])
    from pypinyin import lazy_pinyin

    spelled = {"".join(lazy_pinyin(n)) for n in names}
    keys = []
    table, grammar = dictionary(), function_words()
    for m in _NAME_ASKED.finditer(question):
        word = m.group().lower()
        if word in _MONTHS or word in grammar or word in {"q1", "q2", "q3", "q4", "gdp", "cpi", "ppi"}:
            continue
        if any(word in s or s.startswith(word) for s in spelled) or any(word == n.lower() for n in names):
            keys.append("name word: read as a name")
        elif any(stats.frequency(z) for w in words_of(word) for z in table.get(w, ())):
            keys.append("name word: a dictionary word the text uses")
        elif word.isascii() and word.isalpha() and len(word) >= 4:
            if stats.known(word) or any(word in t for t in stats.df if t.isascii() and len(t) >= len(word)):
                keys.append("name word: unread, written in the index")
            keys.append("name word: unread, " + ("pinyin-like" if _PINYIN.fullmatch(word) else "not pinyin")
                        + (", has dictionary readings" if any(table.get(w) for w in words_of(word))
                           else ", no dictionary reading"))
        else:
            keys.append("name word: unread, short or code")
    return keys


# a word made only of pinyin syllables (a Chinese name spelled out), by a rough syllable pattern
_PINYIN = re.compile(r"(?:(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:iang|iong|uang|ang|eng|ing|ong|ian|iao|uai|uan|"
                     r"ai|ei|ao|ou|an|en|in|un|ia|ie|iu|ua|uo|ue|ui|er|a|o|e|i|u|v))+")


def stages(questions: list[Question], show: bool = False) -> Counter[str]:
    from eval.general import document_assistants, group_by_doc
    from eval.grader import grade

    groups = group_by_doc(questions, Path("eval/general"))
    counts: Counter[str] = Counter()
    for doc, assistant, _ in document_assistants(groups, Path("eval/general"), Path("storage/general"),
                                                 say=lambda s: print(s, file=sys.stderr)):
        for q in groups[doc]:
            with watching() as seen:
                answer = assistant.ask(q.question, q.history_list())
            passed = grade(q, answer).passed
            synthesizer = assistant.engine.synthesizer
            keys = stage_counts(q, answer, seen, passed) + name_counts(q.question, synthesizer.stats)
            if any(k.startswith("stage: refused") or k == "stage: chosen otherwise" for k in keys):
                keys += meaning_counts(q, seen, synthesizer.similarity)
            stage = next((k for k in keys if k.startswith("stage: ")), "stage: none")[7:]
            name = next((k for k in keys if k.startswith("read: name asked")), "read: no name")[6:]
            counts[f"x {stage} | {name}"] += 1
            counts.update(keys)
            if show and q.split not in _HELD_OUT_SPLITS:
                read = seen.questions[0] if seen.questions else None
                print(f"{q.id} {[k for k in keys if k.startswith('stage')]} {q.question}\n   "
                      + (f"attrs={read.attributes} terms={read.terms[:8]} guessed={sorted(read.guessed())} "
                         f"unit={read.unit_class}" if read else "-")
                      + f" refusal={answer.refusal}")
    return counts


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eval.en_probe", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--limit", type=int, default=0, help="only the first N pairs")
    parser.add_argument("--show", action="store_true", help="print each differing pair or question (dev rows)")
    parser.add_argument("--questions", type=Path, nargs="+", help="stage mode: the English rows of these files")
    parser.add_argument("--split", action="append", help="stage mode: only rows of these splits")
    parser.add_argument("--counts-only", action="store_true", help="stage mode: counts alone (validation)")
    args = parser.parse_args(argv)
    if args.questions:
        from eval.questionset import load_files

        rows = [q for q in load_files(args.questions, load_questions) if is_english(q)
                and (not args.split or q.split in args.split)]
        counts = stages(rows[: args.limit] if args.limit else rows, args.show and not args.counts_only)
    else:
        counts = probe(args.limit, args.show)
    for key, n in sorted(counts.items()):
        print(f"{key:44} {n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
