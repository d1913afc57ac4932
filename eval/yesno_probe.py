"""A stage-by-stage probe of yes/no and multi-part questions on DEVELOPMENT rows only (split "dev").

    python -m eval.yesno_probe --questions eval/questions/open.jsonl [more files] [--show]

For each yes/no question it reports where the answer is won or lost:
  parse    how the question is read: a claimed figure and its relation (claim), a change asked (direction),
           a rank (rank), two sides compared (compared), a choice of two (choice), or nothing to decide by
           (stated: the sentence stating every claim word);
  lookup   for a claim: the subject's own figure asked of the figure engine as a lookup (yesno.subject_question)
           and whether the engine's answer holds the deciding figure the question file expects (its `must`);
  verdict  whether the answer's first sentence holds the expected verdict word (the file's `lead`);
  passed   the whole open grade (eval.open_grader).
For each multi-part question: how many parts route.parts() reads, the kind of each part, how many parts
the engine answers, and the grade.

    python -m eval.yesno_probe --claims --questions eval/questions/general_dev5.jsonl [more files]

CLAIMS written from the figure set's development LOOKUP questions ("X是多少？" with its expected figure F):
"X超过<below F>了吗？" (是), "X不到<below F>吗？" (否) and "X是<above F>，对吗？" (不对), each asked through
ask(); a claim is decided right when its first sentence holds the verdict and the answer states F. Beside it,
the lookup itself graded as the figure set grades it: a yes/no over a figure should be decided wherever its
lookup is answered (lookup right & claim wrong counts what the yes/no path loses).
Held-out rows are never asked or printed (the probe is for choosing mechanisms on development documents).

    python -m eval.yesno_probe --unanswerable-claims --questions eval/questions/general_dev2.jsonl [more files]

CLAIMS the documents cannot decide, written from the figure sets' development UNANSWERABLE questions ("X是多少？"
where the document states no X): "X超过<v>了吗？" and "X是<v>，对吗？" for two values of the question's unit class;
every one answered (decided) rather than refused is a claim decided by a figure about something else.

    python -m eval.yesno_probe --counts-only --questions eval/questions/open_heldout2.jsonl [more files]

Every split (validation too), STAGE COUNTS ONLY: no question, answer, figure, document text or id is printed.
Per yes/no question, besides the stages above:
  route      the kind the router gives it (yesno, or the kind it is lost to);
  claim      for a claim: the subject question written (claim:asked) or not (claim:no-question);
  lookup     what the figure engine says to it: refused with its refusal code, conflicting sources, or a figure;
  unit       the figure of the claim's unit class the answer states (unit:stated) or not (unit:none);
  subject    the cited passages name the subject asked (subject:named) or not (subject:unnamed);
  sentence   for a question with no claimed figure (stated): one sentence holds the claim's words or not;
  answered   the final answer's kind and, when refused, its refusal code;
  fail       each reason the grade gives, by category (refused, verdict, figure, invented, long, lead-long,
             english, uncited, other).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from eval.open_grader import find_any, grade_open, lead_problems, plain, reason_kind
from eval.questionset import OpenQuestion, load_files, load_open_questions

EVAL_DIR = Path(__file__).resolve().parent
PROBED = ("yesno", "multipart")


def parse_stage(question: str, lang: str) -> str:
    """How the yes/no approach reads the question (the first reading of YesNo.answer that applies)."""
    from assistant.approaches.verdicts import asks_direction, asks_direction_en, asks_rank
    from assistant.approaches.yesno import _CHOICE, claimed, compared, fractions_as_percent
    from assistant.instructions import factual_part

    text = fractions_as_percent(factual_part(question) or question)
    if claimed(text) is not None:
        return "claim"
    if lang != "zh":
        return "direction" if asks_direction_en(text) else "en-other"
    if asks_direction(text):
        return "direction"
    if asks_rank(text):
        return "rank"
    if compared(text) is not None:
        return "compared"
    if _CHOICE.search(text):
        return "choice"
    return "stated"


def lookup_stage(engine: Any, q: OpenQuestion) -> str:
    """For a claim: the lookup question, and whether the figure engine's answer to it holds a deciding figure."""
    from assistant.approaches.yesno import claimed, fractions_as_percent, subject_question
    from assistant.instructions import factual_part

    text = fractions_as_percent(factual_part(q.question) or q.question)
    claim = claimed(text)
    if claim is None:
        return "-"
    asked = subject_question(text, claim[0], q.lang)
    if not asked:
        return "no-question"
    found = engine.figure_answer(asked)
    if not found.answerable:
        return f"refused ({asked})"
    got = plain(found.text)
    hit = any(find_any(got, group) is not None for group in q.must)
    return ("figure" if hit else "other-figure") + f" ({asked})"


def fail_categories(reasons: Sequence[str]) -> list[str]:
    """The grade's failure reasons by category (the reasons themselves quote the answer, never printed): the
    grader's reason kinds, a missing item counted as a figure and every citation fault as uncited."""
    renamed = {"missing": "figure", "cites": "uncited"}
    return [renamed.get(kind, kind) for kind in map(reason_kind, reasons)]


def yesno_stages(assistant: Any, q: OpenQuestion, answer: Any) -> list[str]:
    """Stage labels of one yes/no question (counts only: no text of the question or the documents)."""
    from assistant.approaches.english_comparison import compared_en, decide_compared_en
    from assistant.approaches.verdicts import claim_in_sentence, decide_direction_en, decide_stated_en
    from assistant.approaches.yesno import (
        YesNo,
        _names_subject,
        _stated_figure,
        claimed,
        fractions_as_percent,
        subject_question,
    )
    from assistant.figures import figure_from_text, parse_figures
    from assistant.instructions import factual_part
    from assistant.route import routed

    engine = assistant.engine
    r = routed(q.question, engine.synthesizer.stats)
    labels = [f"route:{r.kind}", f"parse:{parse_stage(q.question, q.lang)}"]
    text = fractions_as_percent(factual_part(q.question) or q.question)
    claim = claimed(text)
    reading = engine.reading(r.text or q.question, r.lang)
    if claim is not None:
        asked = subject_question(text, claim[0], q.lang)
        labels.append("claim:asked" if asked else "claim:no-question")
        labels.append(f"claim:class:{claim[0].unit_class}:{claim[1]}")
        labels.append("claim:period" if any(f.unit_class in {"year", "date"} for f in parse_figures(text))
                      else "claim:no-period")
        if asked:
            found = engine.figure_answer(asked)
            if found.conflicts:
                labels.append("lookup:conflicts")
            elif not found.answerable:
                labels.append(f"lookup:refused:{found.refusal or '-'}")
                in_sentence = claim_in_sentence(replace(reading, question=text), asked, claim[0])
                labels.append("lookup:refused:sentence-" + ("found" if in_sentence is not None else "none"))
            else:
                labels.append("lookup:answered")
                stated = _stated_figure(found, claim[0])
                labels.append("unit:stated" if stated is not None else "unit:none")
                if stated is None:
                    classes = sorted({f.unit_class for u in found.figures if (f := figure_from_text(u.text))})
                    labels.append(f"unit:none:{claim[0].unit_class}->{'+'.join(classes) or '-'}")
                if stated is not None and q.lang == "zh":
                    labels.append("subject:named" if _names_subject(asked, found) else "subject:unnamed")
                hit = any(find_any(plain(found.text), group) is not None for group in q.must)
                labels.append("lookup-must:" + ("hit" if hit else "miss"))
    elif labels[1] == "parse:stated":
        labels.append("sentence:" + ("found" if YesNo()._stated_in_text(reading) is not None else "none"))
    elif labels[1] == "parse:direction" and q.lang == "en":
        labels.append("direction-en:" + ("decided" if decide_direction_en(reading, "yesno") else "none"))
    elif labels[1] == "parse:en-other":
        labels.append("compared-en-read:" + ("yes" if compared_en(reading.question) else "no"))
        labels.append("compared-en:" + ("decided" if decide_compared_en(reading, "yesno") else "undecided"))
        labels.append("stated-en:" + ("decided" if decide_stated_en(reading, "yesno") else "none"))
    if r.kind == "yesno":
        own = YesNo().answer(engine.reading(r.text or q.question, r.lang))
        labels.append("decided-by:" + ("yesno" if own is not None else "fallback"))
    labels.append(f"answered:{'answer' if answer.answerable else 'refused:' + (answer.refusal or '-')}")
    return labels


def probe_counts(questions: Sequence[OpenQuestion], docs_dir: Path, store_root: Path,
                 article_store: Path) -> Counter[str]:
    """Stage counts of the yes/no questions of every split (validation too): nothing but counts leaves here."""
    from eval.general import assistants_with_article

    chosen = [q for q in questions if q.kind == "yesno"]
    by_doc: dict[str, list[OpenQuestion]] = {}
    for q in chosen:
        by_doc.setdefault(q.doc, []).append(q)
    quiet = lambda line: None  # noqa: E731  (the document names are not printed either)
    t: Counter[str] = Counter()
    for doc, assistant in assistants_with_article(by_doc, docs_dir, store_root, article_store, quiet):
        for q in by_doc[doc]:
            answer = assistant.ask(q.question, q.history_list())
            grade = grade_open(q, answer)
            lang = "en" if q.lang == "en" else "zh"
            t[f"{lang}:n"] += 1
            t[f"{lang}:passed"] += grade.passed
            t[f"{lang}:expect:{q.expect}"] += 1
            labels = yesno_stages(assistant, q, answer)
            parse = next(label for label in labels if label.startswith("parse:"))
            for label in labels:
                t[f"{lang}:{label}"] += 1
            t[f"{lang}:{parse}:passed"] += grade.passed
            t[f"{lang}:verdict-ok"] += not lead_problems(q, answer)
            t[f"{lang}:must-ok"] += all(find_any(plain(answer.text), g) is not None for g in q.must)
            for category in dict.fromkeys(fail_categories(grade.reasons)):
                t[f"{lang}:fail:{category}"] += 1
                t[f"{lang}:{parse}:fail:{category}"] += 1
    return t


def probe(questions: Sequence[OpenQuestion], docs_dir: Path, store_root: Path, article_store: Path,
          show: bool) -> dict[str, Counter[str]]:
    from assistant.route import parts, routed
    from eval.general import assistants_with_article

    chosen = [q for q in questions if q.kind in PROBED and q.split == "dev"]
    tallies: dict[str, Counter[str]] = {"yesno": Counter(), "multipart": Counter()}
    by_doc: dict[str, list[OpenQuestion]] = {}
    for q in chosen:
        by_doc.setdefault(q.doc, []).append(q)
    say = lambda line: print(line, file=sys.stderr)  # noqa: E731
    for doc, assistant in assistants_with_article(by_doc, docs_dir, store_root, article_store, say):
        engine = assistant.engine
        stats = engine.synthesizer.stats
        for q in by_doc[doc]:
            answer = assistant.ask(q.question, q.history_list())
            grade = grade_open(q, answer)
            t = tallies[q.kind]
            t["n"] += 1
            t["passed"] += grade.passed
            if q.kind == "yesno":
                stage = parse_stage(q.question, q.lang)
                lookup = lookup_stage(engine, q)
                verdict_ok = not lead_problems(q, answer)
                t[f"parse:{stage}"] += 1
                t[f"parse:{stage}:passed"] += grade.passed
                t[f"lookup:{lookup.split(' ')[0]}"] += 1
                t["verdict-ok"] += verdict_ok
                t[f"route:{routed(q.question, stats).kind}"] += 1
                line = f"{q.id}\t{stage}\t{lookup}\tverdict={'ok' if verdict_ok else 'wrong'}\t" \
                       f"{'PASS' if grade.passed else 'FAIL ' + '; '.join(grade.reasons)[:160]}"
            else:
                pieces = parts(q.question)
                kinds = [routed(p, stats).kind for p in pieces]
                t[f"parts:{len(pieces)}"] += 1
                t["split"] += len(pieces) > 1
                line = f"{q.id}\tparts={len(pieces)} {','.join(kinds)}\t" \
                       f"{'PASS' if grade.passed else 'FAIL ' + '; '.join(grade.reasons)[:160]}"
            if show:
                print(line)
    return tallies


# a lookup question's asking end: the claim replaces it ("…总值是多少？" -> "…总值超过7万亿元了吗？")
_ASKING_END = re.compile(r"(?:是|为|有|达到|达|约|大约)?多少[？?]?$")
_RELATION_END = re.compile(r"(?:力争)?(?:达到|超过|突破|达)了?$")  # "…收入达到了多少": the claim says its own relation
_NUMBER = re.compile(r"^(?P<n>\d+(?:\.\d+)?)(?P<unit>\D.*)$")
CLAIM_FORMS = (("超过{v}了吗？", 0.8, ("是", "对", "超过", "高于", "有")),
               ("不到{v}吗？", 0.8, ("不", "否", "没有", "未", "错")),
               ("是{v}，对吗？", 1.5, ("不", "否", "没有", "未", "错")))


def _scaled(expected: str, factor: float) -> str:
    """The expected figure's number scaled, written in the same unit with at most one decimal ("9.42万亿元" x 0.8
    -> "7.5万亿元"); "" when it does not start with a plain number."""
    m = _NUMBER.match(expected.strip())
    if m is None:
        return ""
    value = float(m.group("n")) * factor
    text = f"{value:.1f}".rstrip("0").rstrip(".") if value < 100 else str(int(value))
    return text + m.group("unit")


_EN_WHAT = re.compile(r"^What (?P<be>was|is|were|are) (?P<x>[^,?]+?)\?$")
EN_FORMS = (("{Be} {x} more than {v}?", 0.8, ("yes",)), ("{Be} {x} less than {v}?", 0.8, ("no",)),
            ("Is it true that {x} {be} {v}?", 1.5, ("no",)))


def _en_scaled(expected: str, factor: float) -> str:
    """The expected figure scaled and written in English ("124369.67亿元" x 0.8 -> "9950 billion yuan")."""
    from assistant.figures import figure_from_text, format_value

    f = figure_from_text(expected)
    if f is None or f.unit_class not in {"money", "percent"} or f.value <= 0:  # (0.8 of a fall is above it)
        return ""
    value = f.value * factor
    digits = max(len(str(int(abs(value)))) - 2, 0)  # two significant figures before the point, rounded down
    rounded = int(value / 10 ** digits) * 10 ** digits if f.unit_class == "money" else round(value, 3)
    return format_value(rounded, f.unit, f.unit_class, "en")


def en_claims_of(q: Any) -> list[tuple[str, tuple[str, ...]]]:
    """The same claims written from one English development question "What was X?"."""
    m = _EN_WHAT.match(q.question)
    if m is None or q.kind != "english" or q.split != "endev" or len(q.expected) != 1 or q.history:
        return []
    x, be = m.group("x"), m.group("be")
    out: list[tuple[str, tuple[str, ...]]] = []
    for form, factor, verdicts in EN_FORMS:
        value = _en_scaled(q.expected[0], factor)
        if value:
            out.append((form.format(Be=be.capitalize(), be=be, x=x, v=value), verdicts))
    return out


def claims_of(q: Any) -> list[tuple[str, tuple[str, ...]]]:
    """(claim question, verdict words of its right first sentence) written from one Chinese lookup question
    (or an English one, en_claims_of)."""
    if q.kind == "english":
        return en_claims_of(q)
    m = _ASKING_END.search(q.question)
    if m is None or q.kind != "lookup" or q.split != "dev" or len(q.expected) != 1 or q.history:
        return []
    stem = _RELATION_END.sub("", q.question[:m.start()]).rstrip("，,的")
    out: list[tuple[str, tuple[str, ...]]] = []
    for form, factor, verdicts in CLAIM_FORMS:
        value = _scaled(q.expected[0], factor)
        if value and stem:  # ("…增加了是1.5万亿元" reads "…增加了1.5万亿元")
            worded = form.replace("是", "") if stem.endswith("了") and form.startswith("是") else form
            out.append((stem + worded.format(v=value), verdicts))
    return out


def probe_claims(paths: Sequence[Path], docs_dir: Path, store_root: Path, show: bool) -> Counter[str]:
    from eval.general import document_assistants, group_by_doc
    from eval.grader import grade
    from eval.questionset import load_questions

    lookups = [q for path in paths for q in load_questions(path) if claims_of(q)]
    groups = group_by_doc(lookups, docs_dir)
    say = lambda line: print(line, file=sys.stderr)  # noqa: E731
    t: Counter[str] = Counter()
    for doc, assistant, _ in document_assistants(groups, docs_dir, store_root, say, label="claims"):
        for q in groups[doc]:
            looked = grade(q, assistant.ask(q.question)).passed
            t["lookups"] += 1
            t["lookup-right"] += looked
            for claim, verdicts in claims_of(q):
                answer = assistant.ask(claim)
                lead = answer.lead or plain(answer.text)
                verdict_ok = answer.answerable and any(lead.lstrip().lower().startswith(v) for v in verdicts)
                figure_ok = find_any(plain(answer.text), q.expected) is not None
                right = verdict_ok and figure_ok
                t["claims"] += 1
                t["claim-right"] += right
                t[f"lookup-{'right' if looked else 'wrong'}:claim-{'right' if right else 'wrong'}"] += 1
                t["claim-refused"] += not answer.answerable
                t["claim-verdict-wrong"] += answer.answerable and not verdict_ok
                t["claim-figure-missing"] += answer.answerable and verdict_ok and not figure_ok
                if show:
                    print(f"{q.id}\tlookup={'ok' if looked else 'no'}\t{'RIGHT' if right else 'WRONG'}\t{claim}\t"
                          f"{plain(answer.text)[:120]!r}")
    return t


# thresholds claimed of an unanswerable question's quantity, by the unit class its question asks
_UNDECIDABLE_VALUES = {"money": ("100亿元", "5000亿元"), "percent": ("5%", "50%"), "count": ("10个", "100个")}
_ASKS_AMOUNT = re.compile(r"^(?P<stem>.*?)(?:是多少|有多少|为多少)[？?]$")


def undecidable_claims(q: Any) -> list[str]:
    """Claims written from one development unanswerable question ("X是多少？"): none of them may be decided."""
    from assistant.question import analyse

    m = _ASKS_AMOUNT.match(q.question)
    if m is None or q.kind != "unanswerable" or not str(q.split).startswith("dev") or q.history:
        return []
    values = _UNDECIDABLE_VALUES.get(analyse(q.question).unit_class or "", ())
    return [claim for v in values for claim in (f"{m.group('stem')}超过{v}了吗？", f"{m.group('stem')}是{v}，对吗？")]


def probe_undecidable(paths: Sequence[Path], docs_dir: Path, store_root: Path) -> Counter[str]:
    from eval.general import document_assistants, group_by_doc
    from eval.questionset import load_questions

    unanswerable = [q for path in paths for q in load_questions(path) if undecidable_claims(q)]
    groups = group_by_doc(unanswerable, docs_dir)
    t: Counter[str] = Counter()
    for doc, assistant, _ in document_assistants(groups, docs_dir, store_root, lambda line: None, label="claims"):
        for q in groups[doc]:
            for claim in undecidable_claims(q):
                answer = assistant.ask(claim)
                t["claims"] += 1
                t["decided" if answer.answerable else f"refused:{answer.refusal or '-'}"] += 1
    return t


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--questions", type=Path, nargs="+", default=[EVAL_DIR / "questions" / "open.jsonl"])
    ap.add_argument("--docs", type=Path, default=EVAL_DIR / "general")
    ap.add_argument("--stores", type=Path, default=None, help="default: storage/general of the settings")
    ap.add_argument("--show", action="store_true", help="one line per question (development rows only)")
    ap.add_argument("--claims", action="store_true", help="claims written from figure-set lookup questions")
    ap.add_argument("--unanswerable-claims", action="store_true",
                    help="claims written from the figure sets' dev unanswerable questions: how many are decided")
    ap.add_argument("--counts-only", action="store_true",
                    help="yes/no stage counts over every split (validation too); no item is printed")
    ap.add_argument("--splits", nargs="+", default=None,
                    help="with --counts-only: only rows of these splits (e.g. dev: open.jsonl also holds held-out "
                         "rows)")
    args = ap.parse_args(argv)
    from assistant.settings import load_settings

    settings = load_settings()
    store_root = args.stores or Path(settings.store.dir) / "general"
    if args.claims:
        counts = probe_claims(args.questions, args.docs, store_root, args.show)
        print(f"== claims: {counts['claim-right']}/{counts['claims']} right; lookups {counts['lookup-right']}/"
              f"{counts['lookups']} right")
        for key in sorted(counts):
            print(f"  {key:36s} {counts[key]}")
        return 0
    if args.unanswerable_claims:
        counts = probe_undecidable(args.questions, args.docs, store_root)
        print(f"== undecidable claims: {counts['decided']}/{counts['claims']} decided (each one a wrong answer)")
        for key in sorted(counts):
            print(f"  {key:36s} {counts[key]}")
        return 0
    questions = load_files(args.questions, load_open_questions)
    if args.counts_only:
        if args.show:
            ap.error("--counts-only prints counts, never items: drop --show")
        chosen = [q for q in questions if args.splits is None or q.split in args.splits]
        counts = probe_counts(chosen, args.docs, store_root, Path(settings.store.dir))
        for lang in ("zh", "en"):
            print(f"== yesno {lang}: {counts[lang + ':passed']}/{counts[lang + ':n']} passed")
            for key in sorted(k for k in counts if k.startswith(lang + ":") and k not in
                              {f"{lang}:n", f"{lang}:passed"}):
                print(f"  {key[len(lang) + 1:]:40s} {counts[key]}")
        return 0
    tallies = probe(questions, args.docs, store_root, Path(settings.store.dir), args.show)
    for kind, t in tallies.items():
        print(f"== {kind}: {t['passed']}/{t['n']} passed")
        for key in sorted(k for k in t if k not in {"n", "passed"}):
            print(f"  {key:28s} {t[key]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
