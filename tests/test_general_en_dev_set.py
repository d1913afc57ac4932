"""The English dev set (eval/questions/general_en_dev.jsonl, slice en16) is well formed.

Each row is the English version of one Chinese lookup/computed/unanswerable question of a dev file: it names its
source id in its note, keeps the source's document, expected figures, evidence and tolerance (the source file's own
test checks those against the document), asks in English, and sits in the half of the documents a fixed rule gives
it (sorted document names, alternating endev/enhold), so the halves were not picked after seeing results.
"""

from __future__ import annotations

import re

from eval.general import DEFAULT_QUESTIONS
from eval.questionset import Question, load_questions

EN_DEV = DEFAULT_QUESTIONS.parent / "general_en_dev.jsonl"
SOURCES = ("general.jsonl", "general_dev2.jsonl", "general_dev3.jsonl", "general_dev5.jsonl",
           "general_new_dev.jsonl")
CJK = re.compile(r"[\u4e00-\u9fff]")
FROM = re.compile(r"^from (\S+) \((lookup|computed|unanswerable)\): ")


def _sources() -> dict[str, Question]:
    return {q.id: q for name in SOURCES for q in load_questions(DEFAULT_QUESTIONS.parent / name)}


def test_every_row_is_its_sources_question_in_english() -> None:
    rows = load_questions(EN_DEV)
    sources = _sources()
    assert len(rows) >= 200
    seen: set[str] = set()
    for q in rows:
        found = FROM.match(q.note)
        assert found, f"{q.id}: the note names the Chinese question it comes from"
        source = sources[found.group(1)]
        assert found.group(1) not in seen, f"{q.id}: {found.group(1)} translated twice"
        seen.add(found.group(1))
        assert source.split != "heldout" and source.kind == found.group(2)
        assert q.kind == ("unanswerable" if source.kind == "unanswerable" else "english"), q.id
        assert (q.doc, q.expected, q.evidence, q.tolerance) == (
            source.doc, source.expected, source.evidence, source.tolerance), q.id
        assert not CJK.search(q.question) and q.question.endswith("?"), q.id
    assert {q.id for q in rows} & set(sources) == set()


def test_halves_are_whole_documents_by_a_fixed_rule() -> None:
    rows = load_questions(EN_DEV)
    docs = sorted({q.doc for q in rows})
    half = {doc: ("endev" if n % 2 == 0 else "enhold") for n, doc in enumerate(docs)}
    assert all(q.split == half[q.doc] for q in rows)
    for split in ("endev", "enhold"):
        chosen = [q for q in rows if q.split == split]
        assert len(chosen) >= 0.4 * len(rows)
        assert {"english", "unanswerable"} <= {q.kind for q in chosen}
