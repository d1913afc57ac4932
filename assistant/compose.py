"""Composing answers: chosen figures or computations become the text a person reads, with citations.

The wording comes from prompts/; every composed answer goes through the verifier.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from llama_index.core.schema import NodeWithScore

from assistant import refusals
from assistant.candidates import Candidate, Passage
from assistant.compute import Computation, show
from assistant.figures import format_value, parse_figures
from assistant.question import Question, compared_sides
from assistant.settings import PROJECT_ROOT
from assistant.types import Answer, Citation, Conflict, FigureUse
from assistant.verify import verify
from index.chunk import page_at, to_source

PROMPTS_DIR = PROJECT_ROOT / "prompts"
# a sentence quoted from its start to the figure's clause up to this many characters (and with no figure
# of its kind in between); else from the figure's own clause (a statement stays one contiguous stretch)
_QUOTE_MAX = 60


@cache
def wording(name: str, lang: str) -> str:
    """A message people read, from prompts/<name>.<lang>.txt (one file per message)."""
    return (PROMPTS_DIR / f"{name}.{lang}.txt").read_text(encoding="utf-8").strip()


class AnswerBuilder:
    """Turns chosen figures or computations into the Answer a person reads, with citations."""

    def __init__(self, q: Question, passages: list[Passage]) -> None:
        self.q = q
        self.passages = passages
        self.citations: list[Citation] = []
        self._by_passage: dict[int, int] = {}

    def cite(self, c: Candidate) -> int:
        p = c.passage
        if id(p) not in self._by_passage:
            n = len(self.citations) + 1
            self._by_passage[id(p)] = n
            self.citations.append(citation_for(n, p.hit, p.start + c.figure.start, p.start + c.figure.end))
        n = self._by_passage[id(p)]
        cit = self.citations[n - 1]
        span_start = p.start + c.figure.start - len(c.label.lstrip("，、；："))
        cit.start = min(cit.start, span_start)
        cit.end = max(cit.end, p.start + c.figure.end)
        locate_in_source(cit, p)
        return n

    def statement(self, c: Candidate) -> str:
        """The words of the passage that state the figure: its sentence's subject and its clause."""
        p = c.passage
        cs, ce = c.clause()
        ce = max(ce, c.figure.end)
        clause = p.text[cs:ce].strip()
        s, _ = p.sentence_of(c.figure.start)
        first_end = min([i for i in (p.text.find(ch, s) for ch in "，,；;。") if i >= 0] or [len(p.text)])
        subject = p.text[s:first_end].strip()
        ss, se = p.span(c.figure.start, "；;。！？")
        if (ss, se) != (cs, ce) and ss <= cs and se - ss <= 40:
            clause = p.text[ss:se].strip()  # "服务业项目15个，占比7.7%": the whole statement
            cs = ss
        if len(clause) > 60:
            ps, _ = p.span(c.figure.start, "，,；;。、")
            clause = p.text[ps:ce].strip()
            cs = ps  # the quote now starts at the figure's own phrase
        # the sentence's opening clause gives the subject, quoted as written up to the figure's clause end:
        # never spliced onto a clause further on ("从…来看，其中…40个" joins words the text keeps apart);
        # when the stretch between them is long or states another figure of the kind asked (a rival rate
        # beside the rate asked), the figure's own clause stands alone
        between = p.text[first_end:cs]
        rivals = [f for f in parse_figures(between) if f.unit_class == c.figure.unit_class]
        if subject and subject != clause and s < cs and len(subject) <= 40 and (
                not between.strip("，,；;、 ") or (ce - s <= _QUOTE_MAX and not rivals)):
            return p.text[s:ce].strip()
        return clause

    def looked_up(self, found: list[Candidate]) -> Answer:
        parts: list[str] = []
        uses: list[FigureUse] = []
        conflicts: list[Conflict] = []
        for chosen in found:
            # of the passages stating the same figure, quote the one that says it most directly
            c, *others = sorted([chosen, *chosen.corroborating[:1]], key=lambda o: len(self.statement(o)))
            n = self.cite(c)
            refs = "".join(f"[{m}]" for m in dict.fromkeys([n, *(self.cite(o) for o in others)]))
            if chosen.conflicting:  # sources disagree: every value with its source, none chosen in silence
                part, conflict = self.disagreement(c, n, refs, chosen.conflicting)
                parts.append(part)
                conflicts.append(conflict)
                uses += conflict.values  # the chosen figure first, then each rival value
                continue
            if self.q.lang == "en":
                parts.append(f"The document states \u201c{self.statement(c)}\u201d{refs}: "
                             f"{format_value(c.figure.value, c.figure.unit, c.figure.unit_class, 'en')}.")
            else:
                shown = self.statement(c)
                # (a statement that already shows the figure in the unit asked needs no "即…")
                if self.q.display_unit and not c.figure.text.endswith(self.q.display_unit) \
                        and not shown.endswith(self.q.display_unit):
                    converted = show(c.figure.value, c.figure.unit_class, c.figure.unit, "zh", self.q.display_unit, 4)
                    shown = f"{shown}，即{converted}"
                if not any(part.startswith(shown) for part in parts):  # one statement may hold two answers
                    parts.append(f"{shown}{refs}。")
            uses.append(FigureUse(c.figure.text, c.figure.value, c.figure.unit, "citation", n, c.figure.text))
        text = " ".join(parts) if self.q.lang == "en" else "".join(parts)
        if self.q.display_unit and self.q.lang == "zh":
            for c in found:
                converted = show(c.figure.value, c.figure.unit_class, c.figure.unit, "zh", self.q.display_unit, 4)
                if converted in text and converted != c.figure.text:
                    uses.append(FigureUse(converted, c.figure.value, c.figure.unit, "computation", None,
                                          f"{c.figure.text} = {converted}"))
        return self.finish(text, uses, conflicts)

    def disagreement(self, c: Candidate, n: int, refs: str, rivals: list[Candidate]) -> tuple[str, Conflict]:
        """The sentence that states c's value and each rival value with their sources (prompts/conflict*),
        and the Conflict recording them; c is cited as [n] already."""
        values = [FigureUse(c.figure.text, c.figure.value, c.figure.unit, "citation", n, c.figure.text)]
        others = []
        for rival in rivals:
            r, *same = sorted([rival, *rival.corroborating[:1]], key=lambda o: len(self.statement(o)))
            m = self.cite(r)
            rival_refs = "".join(f"[{k}]" for k in dict.fromkeys([m, *(self.cite(o) for o in same)]))
            others.append(wording("conflict_other_doc", self.q.lang).format(statement=self._stated(r, rival_refs)))
            values.append(FigureUse(r.figure.text, r.figure.value, r.figure.unit, "citation", m, r.figure.text))
        joiner = "; " if self.q.lang == "en" else "；"
        text = wording("conflict", self.q.lang).format(first=self._stated(c, refs), others=joiner.join(others))
        label = c.label.strip(" ，,、：:；;（(") or self.q.text
        return text, Conflict(label, values)

    def _stated(self, c: Candidate, refs: str) -> str:
        """c's statement with its citation markers (in English, quoted, with the value in English)."""
        if self.q.lang == "en":
            value = format_value(c.figure.value, c.figure.unit, c.figure.unit_class, "en")
            return f"\u201c{self.statement(c)}\u201d{refs} ({value})"
        return f"{self.statement(c)}{refs}"

    def computed(self, comp: Computation) -> Answer:
        uses = []
        markers = []
        notes: list[str] = []
        conflicts: list[Conflict] = []
        for op in comp.operands:
            n = self.cite(op)
            markers.append(n)
            uses.append(FigureUse(op.figure.text, op.figure.value, op.figure.unit, "citation", n, op.figure.text))
            if op.conflicting:  # an operand the sources disagree on: the result holds for one of them only
                note, conflict = self.disagreement(op, n, f"[{n}]", op.conflicting)
                notes.append(note)
                conflicts.append(conflict)
                uses += conflict.values[1:]
        result = comp.result
        refs = "".join(f"[{n}]" for n in dict.fromkeys(markers))
        fill = {"result": result, "expression": comp.expression, "refs": refs,
                "approx": approx_mark(self.q.lang) if comp.rounded else ""}
        # the value shown: a difference by its size, its direction said in words (少2个, never -2个)
        value = abs(comp.value) if comp.direction else comp.value
        uses.append(FigureUse(result, value, comp.unit, "computation", None, comp.expression))
        sides = compared_sides(self.q.text) if comp.direction else None
        if sides:
            first, second = (side.strip(" ，,") for side in sides)
            text = wording(f"difference_{comp.direction}", self.q.lang).format(
                first=first, second=second, word=direction_word(self.q.text, comp.direction), **fill)
            answer = self.finish(self._joined([text, *notes]), uses, conflicts)
            if not answer.unverified:
                return answer
            # a side names a figure no citation states ("1到7月…"): the working alone says it
        return self.finish(self._joined([wording("computed", self.q.lang).format(**fill), *notes]), uses, conflicts)

    def missing_part(self, part: str) -> str:
        return missing_part(part, self.q.lang)

    def _joined(self, parts: list[str]) -> str:
        return " ".join(parts) if self.q.lang == "en" else "".join(parts)

    def quoted(self, found: tuple[Passage, int, int] | None, max_chars: int = 120) -> Answer:
        """The passage's own sentence as the answer (cut to its first max_chars at a clause end)."""
        if found is None:
            return self.refuse(refusals.NO_SENTENCE)
        p, s, e = found
        if e - s > max_chars:
            cut = max((p.text.rfind(ch, s, s + max_chars) for ch in "，；、,;"), default=-1)
            e = cut if cut > s else s + max_chars
        n = len(self.citations) + 1
        self.citations.append(citation_for(n, p.hit, p.start + s, p.start + e))
        cit = self.citations[-1]
        locate_in_source(cit, p)
        uses = [FigureUse(f.text, f.value, f.unit, "citation", n, f.text) for f in parse_figures(p.text[s:e])]
        return self.finish(f"{p.text[s:e].rstrip('。；;，,')}[{n}]。", uses)

    def refuse(self, reason: str) -> Answer:
        """The refusal, the closest passages offered as related; reason: an assistant.refusals code."""
        related = [citation_for(i + 1, p.hit, p.start, p.start) for i, p in enumerate(self.passages[:3])]
        for c in related:
            c.end = c.passage_end
            c.start = c.passage_start
        answer = Answer(self.q.text, wording("refusal", self.q.lang), [], answerable=False, related=related,
                        lang=self.q.lang, refusal=reason)
        return verify(answer)

    def finish(self, text: str, uses: list[FigureUse], conflicts: list[Conflict] | None = None) -> Answer:
        answer = Answer(self.q.text, text, self.citations, answerable=True, figures=uses, lang=self.q.lang,
                        conflicts=conflicts or [])
        return verify(answer)


# "A比B快/高/多…": the answer says the direction in the question's own pair of words (比…快 -> 快 or 慢)
_DIRECTION_PAIRS = {"快": ("快", "慢"), "慢": ("快", "慢"), "高": ("高", "低"), "低": ("高", "低")}


def direction_word(question: str, direction: str) -> str:
    """The word saying a difference's direction ("more" or "less"): 快/慢 or 高/低 when the question
    compares with them, else 多/少."""
    m = re.search(r"比.+?(多|少|高|低|快|慢)", question)
    more, less = _DIRECTION_PAIRS.get(m.group(1), ("多", "少")) if m else ("多", "少")
    return more if direction == "more" else less


def approx_mark(lang: str) -> str:
    """约 / "about " before a rounded result (English words need the space)."""
    mark = wording("approx", lang)
    return f"{mark} " if lang == "en" else mark


def locate_in_source(citation: Citation, passage: Passage) -> None:
    """Set the citation's span offsets in the original file from its passage's source map."""
    source_map = str(passage.hit.node.metadata.get("source_map", ""))
    citation.source_start = to_source(source_map, citation.start)
    citation.source_end = to_source(source_map, citation.end)
    pages = str(passage.hit.node.metadata.get("pages", ""))
    citation.page = page_at(pages, citation.source_start) if pages else 0


def citation_for(n: int, hit: NodeWithScore, start: int, end: int) -> Citation:
    meta: dict[str, Any] = hit.node.metadata
    pages = str(meta.get("pages", ""))  # only a paged document's passages have a page map
    return Citation(n=n, doc_id=str(meta.get("doc_id") or hit.node.ref_doc_id or ""), text=hit.node.get_content(),
                    start=start, end=end, passage_start=int(meta.get("start", 0)),
                    passage_end=int(meta.get("end", 0)), section=str(meta.get("section", "")),
                    score=float(hit.score or 0.0),
                    page=page_at(pages, to_source(str(meta.get("source_map", "")), start)) if pages else 0)


def missing_part(part: str, lang: str) -> str:
    """The sentence saying one part of a question has no answer, naming the part in its own words but
    without the figures it states ("东坪公司1—9月研发费用是多少" -> "东坪公司研发费用是多少"): a figure the
    asker wrote is no figure the documents state, and an answer may carry only traced figures."""
    named = part
    for f in sorted(parse_figures(part), key=lambda f: f.start, reverse=True):
        named = named[:f.start] + named[f.end:]
    named = re.sub(r"\s+", " ", named).strip(" ，,？?的")
    if not named or parse_figures(named):
        return wording("part_missing_unnamed", lang)
    return wording("part_missing", lang).format(part=named)
