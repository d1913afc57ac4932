"""The answer contract shared by ask(), the CLI, the UI and eval. Fields are only ever added."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Citation:
    n: int  # the [n] marker in Answer.text
    doc_id: str
    text: str  # the cited passage
    start: int  # the supporting span, as offsets in the (cleaned) document
    end: int
    passage_start: int = 0  # the passage's own offsets in the document
    passage_end: int = 0
    section: str = ""
    score: float = 0.0
    source_start: int = 0  # the supporting span as offsets in the original file (before cleaning)
    source_end: int = 0
    page: int = 0  # the page (from 1) of a paged document (PDF) the span starts on; 0 for a document without pages

    @property
    def span(self) -> str:
        """The supporting span's text, cut from the passage."""
        return self.text[self.start - self.passage_start:self.end - self.passage_start]


@dataclass
class FigureUse:
    """A figure stated in an answer and where it comes from."""

    text: str  # as written in the answer
    value: float  # normalised (see assistant.figures)
    unit: str
    source: str  # "citation", "computation", or "question" (a figure the asker claims, compared, never an answer)
    citation: int | None = None  # the [n] it is traced to
    span: str = ""  # the source span (citation) or the arithmetic shown (computation)


@dataclass
class NameUse:
    """A name (person, organisation, project, place) stated in a generated answer, and whether a cited passage
    holds it (in an English answer: its pinyin or a dictionary translation of the Chinese name)."""

    text: str  # as written in the answer
    kind: str  # "person", "organisation", "project", "place" or "name"
    traced: bool
    citation: int | None = None  # the [n] whose passage holds it
    source: str = ""  # the Chinese words it was traced to


@dataclass
class Conflict:
    """Sources that state different values for the same quantity of the same subject. The answer shows
    every value with its citation and is never `verified` while a conflict stands."""

    label: str  # what the values are of: the subject and attribute as the first source words them
    values: list[FigureUse] = field(default_factory=list)  # one per differing value, each with its [n]


@dataclass
class Answer:
    question: str
    text: str
    citations: list[Citation] = field(default_factory=list)
    answerable: bool = True
    figures: list[FigureUse] = field(default_factory=list)
    verified: bool = True
    unverified: list[str] = field(default_factory=list)  # figures in text that no source backs
    related: list[Citation] = field(default_factory=list)  # closest passages when not answerable
    lang: str = "zh"
    resolved_question: str = ""  # the question after follow-up resolution
    engine: str = "extractive"
    latency_ms: float = 0.0
    conflicts: list[Conflict] = field(default_factory=list)  # sources that disagree (see Conflict)
    kind: str = "figure"  # the question's kind as routed (assistant.approaches.Kind)
    lead: str = ""  # the direct answer in one short sentence, shown first and set apart; "" = text's first line
    names: list[NameUse] = field(default_factory=list)  # names a generated answer states (see NameUse)
    backend: str = "extractive"  # which backend wrote the text: "extractive", "llamacpp", "openai_like"
    # why the generative backend did not answer (server down, model missing, timeout…) and the command that
    # fixes it; the extractive answer is returned instead
    notice: str = ""
    # how a generated answer was overruled, when it was (assistant.llm.approach.RESOLUTIONS); "" when not
    resolution: str = ""
    first_token_ms: float = 0.0  # a generated answer: time to its first streamed token
    # what the model was asked for it (a local model's counts; 0 when none was asked or the backend cannot say):
    # prompt tokens read anew (not held in its state) and tokens written. Seconds = tokens / speed, and the
    # tokens do not depend on the machine's load (the eval reports them per kind)
    tokens_read: int = 0
    tokens_written: int = 0
    # a generated answer left unverified: the figure engine's verified answer to the same question, shown beside
    # it (assistant.llm.approach, resolution "figure_alongside"); None otherwise
    alongside: Answer | None = None
    # why it was refused (an assistant.refusals code) when answerable is False; for the eval's table, not shown
    refusal: str = ""

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


class QuestionError(ValueError):
    """A question that cannot be asked: empty, too long, not text."""


class AnswerTimeout(QuestionError):
    """A request that was not answered within settings.answer.timeout_s. The caller gets this error at the
    deadline; the work already started is abandoned (its result is discarded), so retrying a shorter
    question or a shorter history is the remedy."""
