"""Open questions (summary, list, entity, describe) answered by a generative backend.

The model reads the sentences that matter, numbered: when the deterministic path answers, the spans its answer
cites (cited_sentences: the engine chose them; the model phrases them, and a list's rewrite must keep every item,
half of a summary's parts, KEPT_SHARE); else, for an entity or a description, the sentences of the best retrieved
passages that cover the question's words, and for a list or a summary the whole document when it fits the
model's context (recall beyond the top passages), else the retrieved passages' sentences. Its [n]
markers become citations of those sentences (renumbered in the order cited). Disagreements are resolved
here, explicitly, and recorded in Answer.resolution (counted by the eval):
  nothing_relevant               retrieval found nothing the question is about: the model is not asked,
                                 the deterministic path answers (its refusal, as a rule)
  extractive_over_model_refusal  the model said the passages do not say; the deterministic path answers
  figure_over_model_refusal      the same, and that answer states verified figures
  model_refused                  the model said so and nothing else answers: the refusal
  extractive_over_empty_model    the model wrote nothing of substance (empty, markers or punctuation only,
                                 the question said back, one line repeated): the deterministic path answers
  extractive_over_thin_model     the model's summary or list draws on fewer of the sentences it read than the
                                 kind needs (MIN_CITED: a summary one sentence about one passage, a list of one
                                 item; of the deterministic answer's spans, KEPT_SHARE of them): the
                                 deterministic path answers
  extractive_over_long_lead      the model's first sentence is no short direct answer (longer than LEAD_CHARS:
                                 a 1.5B summary ran the engine's summary lines into one sentence of two hundred
                                 characters): the deterministic answer, whose lead is short, stands
  extractive_over_dropped_figures  the model's summary or list leaves out the figures the deterministic answer
                                 states verified (FIGURES_KEPT: a summary keeps at least one key figure, a list
                                 every item's): the deterministic path answers
  extractive_over_wrong_language an English question whose model answer opens in Chinese (more Chinese characters
                                 than Latin letters in its first sentence): the deterministic path answers
  extractive_over_missed_claim   the model's summary holds too little of the deterministic summary's lead (its
                                 main claim, MAIN_CLAIM_SHARE): the deterministic path answers
  figure_alongside               the model's answer is left unverified (an untraced figure or name) while
                                 the deterministic path states verified figures for the same question: both
                                 are given, the verified one in Answer.alongside (shown beside it)
A backend that cannot answer (BackendUnavailable) leaves the deterministic answer with Answer.notice
saying why and how to fix it. Figures and names are checked afterwards (assistant.llm.check)."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from assistant.approaches.text import (
    CLAUSE_END,
    Quotes,
    Sentence,
    Terms,
    corpus_of,
    refuse,
    retrieved,
    sentence_before,
    sentences_of,
    terms_of,
    unknown_subject,
)
from assistant.figures import Figure, parse_figures, restates
from assistant.llm import BackendUnavailable
from assistant.llm.check import checked
from assistant.llm.names import chinese_names
from assistant.llm.prompts import refusal
from assistant.llm.synth import is_held_back
from assistant.types import Answer
from assistant.verify import MARKER, strip_markers
from assistant.vocabulary import lexicon_rows

if TYPE_CHECKING:
    from assistant.approaches import Reading
    from assistant.llm.synth import Draft, GenerativeSynthesizer

RECALL_KINDS = ("summary", "list")  # kinds that need more than the best sentences
# the fewest sentences a model's answer of the kind cites (of those it read) to count as one: a summary covers
# the document's parts, a list more than one item. Measured: the 0.5B summarised every document of the open
# set in one sentence about one passage (0 of 6 summaries passed; the extractive summaries 5 of 6)
MIN_CITED = {"summary": 3, "list": 2}
# of the sentences the deterministic answer cites (cited_sentences), the share a model's answer of the kind must
# cite in turn: a list rewritten from its items keeps every item (one dropped is an answer the engine had and the
# model lost), a summary half its parts (the article's extractive summary cites six section leads; a three-sentence
# summary of three of them still spans the document); an entity or a description one (MIN_CITED)
KEPT_SHARE = {"list": 1.0, "summary": 0.5}
PASSAGES = 5  # the best retrieved passages read for an entity or a description
# of which the sentences that cover the question best are sent, each up to its last clause naming a word of the
# question (reading the prompt dominates the first token's time: the parts that answer, not whole passages)
MAX_SENTENCES = 12
# a sentence covering less than this share of what the best covers answers nothing (one sharing only its
# passage's words scores half): not sent, it would only lengthen the prompt
RELEVANT_SHARE = 0.6
CLAUSE_MIN_CHARS = 6  # a shorter piece ("其中，") is no clause of its own
LINE_CHARS = 5  # what a numbered line adds to the prompt besides its text ("[12]", the line end)
MIN_COVERAGE = 0.3  # the best sentence (with its passage) must cover this share of the question's weight
SYSTEM_TOKENS = 400  # the system prompt and the frame of the user turn, in tokens
CHARS_PER_TOKEN = 1.2  # Chinese text in Qwen's tokenizer: about 1.2-1.5 characters a token (the lower bound)
REFUSAL_MAX_CHARS = 40  # a longer answer holding a refusal cue ("…没有提到X，但…") still answers something
# an answer whose character pairs are at most this share new to the question says nothing (the question echoed,
# "这篇文章主要讲了什么：" -> "这篇文章主要讲了"); a real answer adds its subject's words ("林巍", "四平市…")
ECHO_NEW_SHARE = 0.25
# an answer of at least REPEATS_MIN sentences of which at most this share are distinct is a loop, not an answer
REPEATS_MIN, REPEATS_DISTINCT = 3, 0.5
# an item number opening a line ("1. ", "2、", "3）"), not a decimal ("1.5亿元" starts with a figure)
ENUMERATOR = re.compile(r"(?m)^[ \t]*\d{1,2}(?:\.(?!\d)|[、)）])[ \t]*")
GROUNDING = 0.3  # an unmarked answer sentence is cited to the given sentence sharing this share of its bigrams
# the direct answer in one short sentence (issue 9): about two Chinese clauses; English words take about twice the
# characters. A model answer opening with a longer sentence does not answer first and explain after
LEAD_CHARS = {"zh": 80, "en": 200}
# an English answer opens in English: more Latin letters than Chinese characters (a quoted Chinese name is allowed);
# the 1.5B at times copies a Chinese sentence instead of translating it
LATIN, CJK = re.compile(r"[A-Za-z]"), re.compile(r"[\u4e00-\u9fff]")
# of the figures the deterministic answer states verified, the share a model's answer of the kind restates: a list
# every item's figure, a summary at least one (FIGURES_LEAST) of its key figures
FIGURES_KEPT = {"list": 1.0, "summary": 0.0}
FIGURES_LEAST = 1
# a summary's main claim is the deterministic summary's lead (the document's opening statement); a model summary
# holding less than this share of its character pairs left it out ("深圳如何实现GDP增长6%" for a lead about the
# city's manufacturing and its growth target). Measured on open.jsonl dev summaries: the model's that passed held
# 0.64-0.81 of the lead, those missing the main claim 0.31-0.50
MAIN_CLAIM_SHARE = {"summary": 0.6}
SENTENCE_END = re.compile(r"[。！？!?\n]|\.(?=\s|$)")


@cache
def _refusal_cues() -> tuple[str, ...]:
    return tuple(row.strip().lower() for row in lexicon_rows("llm_refusal_cues.txt"))


def is_refusal(text: str) -> bool:
    """The model said the passages do not answer: its refusal sentence, or a short answer with a cue."""
    plain = re.sub(r"[\s。.！!，,：:]", "", strip_markers(text)).lower()
    if not plain:
        return True
    said = [re.sub(r"[\s。.！!，,：:]", "", refusal(lang)).lower() for lang in ("zh", "en")]
    if any(s and s in plain for s in said):
        return True
    return len(strip_markers(text)) <= REFUSAL_MAX_CHARS and any(c.replace(" ", "") in plain for c in _refusal_cues())


def _plain(text: str) -> str:
    """The words of a text: markers, spaces and punctuation taken out."""
    return re.sub(r"[^\w]", "", strip_markers(text)).lower()


def is_contentless(text: str, question: str) -> bool:
    """The model wrote nothing that answers: no word at all, one character, the question said back, or the
    same line over and over (a small model's loop: "[1] 农业项目17个；[2] 农业项目17个；[3] 农业项目17个；…")."""
    plain = _plain(text)
    if len(plain) < 2:
        return True
    parts = [p for p in (_plain(part) for part in re.split(r"[。；;！？!?\n]", text)) if p]
    if len(parts) >= REPEATS_MIN and len(set(parts)) <= len(parts) * REPEATS_DISTINCT:
        return True
    pairs = _bigrams(plain)
    new = pairs - _bigrams(_plain(question))
    return len(new) <= ECHO_NEW_SHARE * len(pairs)


def _budget_chars(synth: GenerativeSynthesizer, kind: str) -> int:
    """The characters of sentences sent: the kind's share (settings.llm.read_chars / recall_chars), within what
    the context window leaves."""
    tokens = synth.llm.n_ctx - synth.llm.max_tokens - SYSTEM_TOKENS
    wanted = synth.llm.recall_chars if kind in RECALL_KINDS else synth.llm.read_chars
    return max(0, min(wanted, int(tokens * CHARS_PER_TOKEN)))


def chosen_sentences(reading: Reading, kind: str, budget_chars: int) -> tuple[list[Sentence], float]:
    """The sentences the model reads, in document order, and how well the best covers the question (1.0 for
    a summary, which asks about the document as a whole)."""
    hits = retrieved(reading)
    corpus = corpus_of(reading)
    whole: list[Sentence] = []
    if kind in RECALL_KINDS and hits:
        whole = corpus.by_doc.get(str(hits[0].hit.node.metadata.get("doc_id", "")), [])
        if whole and sum(len(s.text) + LINE_CHARS for s in whole) <= budget_chars:
            return whole, 1.0 if kind == "summary" else _coverage(reading, whole)
    if kind == "summary":  # each passage's lead sentence, in document order: what every part is about
        leads = [s for i, s in enumerate(whole) if i == 0 or s.passage is not whole[i - 1].passage]
        sentences = leads or sentences_of(corpus.with_following(hits))
        return _within(sentences, budget_chars), 1.0 if sentences else 0.0
    sentences = sentences_of(corpus.with_following(hits[:PASSAGES] if kind != "list" else hits))
    terms = terms_of(reading)
    scored = sorted(((terms.coverage(s.text, corpus.context(s.passage) + s.passage.text, sentence_before(s)), i)
                     for i, s in enumerate(sentences)), key=lambda t: (-t[0], t[1]))
    best = scored[0][0] if scored else 0.0
    limit = len(scored) if kind == "list" else MAX_SENTENCES  # a list: as many as the budget holds
    kept: list[Sentence] = []
    used = 0
    for score, i in scored[:limit]:
        if score <= 0 or score < RELEVANT_SHARE * best:  # (sorted: the rest score lower still)
            break
        s = answering_part(terms, sentences[i])
        if used + len(s.text) + LINE_CHARS > budget_chars:
            continue  # a shorter one may still fit
        kept.append(s)
        used += len(s.text) + LINE_CHARS
    order = {s.passage.start + s.start: n for n, s in enumerate(sentences)}
    # best first into the budget, read in passage order
    return sorted(kept, key=lambda s: order.get(s.passage.start + s.start, 0)), best


def cited_sentences(reading: Reading, answer: Answer, budget_chars: int) -> list[Sentence]:
    """The spans the deterministic answer cites, as sentences of their passages, in document order and within the
    budget: the sentences the engine found to answer (an entity's clause, a list's items, a summary's section
    leads), so the model phrases what was found instead of choosing again among more and longer passages (what it
    reads anew per question is most of its wait). A span no indexed passage holds is left out."""
    corpus = corpus_of(reading)
    found: dict[tuple[str, int, int], Sentence] = {}
    for c in answer.citations:
        if c.end <= c.start or (c.doc_id, c.start, c.end) in found:
            continue
        p = next((p for p in corpus.passages if str(p.hit.node.metadata.get("doc_id", "")) == c.doc_id
                  and p.start <= c.start and c.end <= p.start + len(p.text)), None)
        if p is not None:
            found[(c.doc_id, c.start, c.end)] = Sentence(p, c.start - p.start, c.end - p.start)
    ordered = sorted(found.values(), key=lambda s: (corpus.doc_order(s.doc_id), s.passage.start + s.start))
    return _within(ordered, budget_chars)


def _coverage(reading: Reading, sentences: list[Sentence]) -> float:
    terms = terms_of(reading)
    if not terms.total:
        return 1.0
    return max((terms.coverage(s.text, s.passage.text, sentence_before(s)) for s in sentences), default=0.0)


def answering_part(terms: Terms, s: Sentence) -> Sentence:
    """A sentence up to the end of its last clause that names a word of the question: its trailing clauses
    ("…，为经济高质量发展注入强劲动力") answer nothing and only lengthen the prompt. Its start stays (it names
    what the sentence is about)."""
    parts = clauses(s)
    asked = [c for c in parts if terms.coverage(c.text) > 0]
    return Sentence(s.passage, s.start, asked[-1].end) if asked else s


def clauses(s: Sentence) -> list[Sentence]:
    """A sentence's clauses as spans of its passage: cut after a clause end (，；：) outside brackets; a piece
    shorter than CLAUSE_MIN_CHARS stays with the next ("其中，" leads its clause)."""
    text, cuts, depth, start = s.text, [], 0, 0
    for i, ch in enumerate(text):
        depth += (ch in "（(") - (ch in "）)")
        if ch in CLAUSE_END and depth <= 0 and i + 1 - start >= CLAUSE_MIN_CHARS:
            cuts.append((start, i + 1))
            start = i + 1
    if start < len(text):
        if cuts and len(text) - start < CLAUSE_MIN_CHARS:  # a short tail joins the clause before it
            cuts[-1] = (cuts[-1][0], len(text))
        else:
            cuts.append((start, len(text)))
    return [Sentence(s.passage, s.start + a, s.start + b) for a, b in cuts]


def _within(sentences: list[Sentence], budget_chars: int) -> list[Sentence]:
    kept, used = [], 0
    for s in sentences:
        used += len(s.text) + LINE_CHARS
        if used > budget_chars:
            break
        kept.append(s)
    return kept


def _numbers(marker: str) -> list[int]:
    """[1] [1][2] [1,2] [1-3] -> the numbers it cites."""
    found: list[int] = []
    for part in re.split(r"[,，、]", re.sub(r"[\[\]［］\s]", "", marker)):
        bounds = re.split(r"[\-–]", part)
        if all(b.isdigit() for b in bounds) and bounds[0]:
            lo, hi = int(bounds[0]), int(bounds[-1])
            found += list(range(lo, min(hi, lo + 10) + 1))
    return found


def _bigrams(text: str) -> set[str]:
    text = re.sub(r"\s", "", text)
    return {text[i:i + 2] for i in range(len(text) - 1)}


def _grounded(text: str, sentences: list[Sentence]) -> str:
    """An answer the model wrote without markers: each of its sentences cited to the given sentence that
    shares most of its character pairs, when that share reaches GROUNDING."""
    out = []
    for part in re.split(r"(?<=[。！？!?])", text):
        pairs = _bigrams(part)
        shared = [len(pairs & _bigrams(s.text)) for s in sentences]
        best = max(range(len(shared)), key=shared.__getitem__, default=-1)
        if part.strip() and best >= 0 and pairs and shared[best] / len(pairs) >= GROUNDING:
            end = len(part.rstrip("。！？!? \n"))
            part = f"{part[:end]}[{best + 1}]{part[end:]}"
        out.append(part)
    return "".join(out)


def answer_from_draft(reading: Reading, kind: str, sentences: list[Sentence], draft: Draft, backend: str) -> Answer:
    """The model's text with its markers mapped to citations of the numbered sentences, renumbered in the order
    first cited (a marker naming no sentence given is dropped). A line the model opens with an item number ("1. ",
"2、") opens with the list dash the engine's lists use: the number orders lines, it is no figure of the documents
(read as one, it was flagged as untraced)."""
    text = ENUMERATOR.sub("- ", draft.text)
    text = text if MARKER.search(text) else _grounded(text, sentences)
    quotes = Quotes()

    def renumber(m: re.Match[str]) -> str:
        cited = [n for n in _numbers(m.group()) if 1 <= n <= len(sentences)]
        return "".join(f"[{quotes.cite(sentences[n - 1].passage, sentences[n - 1].start, sentences[n - 1].end)}]"
                       for n in dict.fromkeys(cited))

    text = _cite_uncited(_rescaled(MARKER.sub(renumber, text).strip(), sentences), sentences, quotes)
    from assistant.answer import first_sentence

    return Answer(reading.question, text, quotes.citations, answerable=True, figures=quotes.figures,
                  lang=reading.lang, kind=kind, lead=first_sentence(text), backend=backend,
                  first_token_ms=draft.first_token_ms)


def _digits(figure: Figure) -> str:
    """The number a figure is written with, without its grouping commas ("124,369.67 billion" -> 124369.67)."""
    found = re.search(r"\d[\d,]*(?:\.\d+)?", figure.text)
    return found.group().replace(",", "") if found else ""


def _rescaled(text: str, sentences: list[Sentence]) -> str:
    """A figure no given sentence states whose number and unit are a given figure's, at another scale, is that
    figure mis-scaled by the model ("215.6 billion yuan" written for 215.6亿元: 亿 is a hundred million, and a
    small model translating into English takes it for a billion): it is written back as the sentence writes it,
    which the check then traces. A figure that matches no given figure's number, or more than one written
    differently, stays as written (for the check to flag)."""
    given = [g for s in sentences for g in parse_figures(s.text)]
    masked = MARKER.sub(lambda m: " " * len(m.group()), text)
    for f in reversed(parse_figures(masked)):
        if not _digits(f) or any(restates(f, g) for g in given):
            continue
        same = {g.text for g in given if g.unit == f.unit and g.unit_class == f.unit_class and g.value != f.value
                and _digits(g) == _digits(f)}
        if len(same) == 1:
            text = f"{text[:f.start]}{same.pop()}{text[f.end:]}"
    return text


def _cite_uncited(text: str, sentences: list[Sentence], quotes: Quotes) -> str:
    """A figure or a Chinese name that no cited passage holds but a given sentence does ("负责人是周恒[1]"
    where [1] says nothing of 周恒, sentence 5 does): that sentence is cited right after it (周恒[2]). What no
    given sentence holds stays as written, for the check to flag."""
    masked = MARKER.sub(lambda m: " " * len(m.group()), text)
    inserts: list[tuple[int, int]] = []

    def cited_text() -> str:
        return " ".join(c.text for c in quotes.citations)

    for f in parse_figures(masked):
        known = parse_figures(cited_text())
        if any(restates(f, g) for g in known):
            continue
        i = next((i for i, s in enumerate(sentences) if any(restates(f, g) for g in parse_figures(s.text))), -1)
        if i >= 0:
            inserts.append((f.end, quotes.cite(sentences[i].passage, sentences[i].start, sentences[i].end)))
    for name in chinese_names(masked):
        if name.text in cited_text():
            continue
        i = next((i for i, s in enumerate(sentences) if name.text in s.text), -1)
        at = masked.find(name.text)
        if i >= 0 and at >= 0:
            inserts.append((at + len(name.text), quotes.cite(sentences[i].passage, sentences[i].start,
                                                             sentences[i].end)))
    for at, n in sorted(set(inserts), reverse=True):
        text = f"{text[:at]}[{n}]{text[at:]}"
    return text


class GenerativeApproach:
    """The open kinds through a generative synthesizer; `deterministic` is the engine's own path for the
    question (the extractive approach, then the figure engine), used whenever the model is not."""

    def __init__(self, synth: GenerativeSynthesizer) -> None:
        self.synth = synth

    def answer(self, reading: Reading, kind: str, deterministic: Callable[[], Answer],
               on_token: Callable[[str], None] | None = None) -> Answer:
        if is_held_back():  # a warm-up: the engine's first-call costs, not an answer from the model
            return deterministic()
        budget = _budget_chars(self.synth, kind)
        sentences, coverage = chosen_sentences(reading, kind, budget)
        terms = terms_of(reading)
        if not sentences or coverage < MIN_COVERAGE or unknown_subject(terms, [s.passage for s in sentences]):
            answer = deterministic()
            answer.resolution = "nothing_relevant"
            return answer
        base = deterministic()  # asked once: the evidence the model reads, and every fallback below
        evidence = cited_sentences(reading, base, budget) if base.answerable else []
        if len(evidence) >= min(MIN_CITED.get(kind, 1), len(sentences)):
            sentences = evidence
        try:
            cap = self.synth.llm.tokens_for(kind)
            draft = self.synth.write(reading.question, reading.lang, [s.text for s in sentences], on_token, cap,
                                     kind)
        except BackendUnavailable as exc:
            base.notice = exc.notice(reading.lang)
            return base
        if draft.tokens_written >= cap:  # cut off at its bound: its last sentence unfinished
            draft.text = whole_sentences(draft.text)
        if is_contentless(draft.text, reading.question):
            base.resolution = "extractive_over_empty_model"
            return draft.spent_on(base)
        if not is_refusal(draft.text):
            written = answer_from_draft(reading, kind, sentences, draft, self.synth.name)
            least = max(MIN_CITED.get(kind, 1), int(KEPT_SHARE.get(kind, 0.0) * len(evidence) + 0.999)) \
                if sentences is evidence else MIN_CITED.get(kind, 1)
            if len(written.citations) < min(least, len(sentences)):
                base.resolution = "extractive_over_thin_model"
                return draft.spent_on(base)
            overruled = _not_better(written, base, kind)
            if overruled:
                base.resolution = overruled
                return draft.spent_on(base)
            return self._alongside(draft.spent_on(written), lambda: base)
        if base.answerable:
            base.resolution = "figure_over_model_refusal" if _states_verified_figures(base) \
                else "extractive_over_model_refusal"
            return draft.spent_on(base)
        refused = refuse(reading, kind, [s.passage for s in sentences])
        refused.backend, refused.resolution = self.synth.name, "model_refused"
        return draft.spent_on(refused)

    @staticmethod
    def _alongside(answer: Answer, deterministic: Callable[[], Answer]) -> Answer:
        """A generated answer the check leaves unverified gets the deterministic answer beside it when that one
        states verified figures for the same question (the reader sees which figures hold); the generated text
        is kept as written, flagged."""
        if checked(answer).verified:
            return answer
        verified = deterministic()
        if verified.answerable and _states_verified_figures(verified):
            verified.kind = answer.kind
            answer.alongside, answer.resolution = verified, "figure_alongside"
        return answer


def whole_sentences(text: str) -> str:
    """The text up to its last sentence end (a model stopped at its token bound leaves its last sentence
    unfinished); the text itself when no sentence ends in it."""
    ends = [m.end() for m in SENTENCE_END.finditer(text.rstrip())]
    return text[:ends[-1]].rstrip() if ends else text


def _verified_figures(answer: Answer) -> list[Figure]:
    found = []
    for use in answer.figures:
        if use.source in ("citation", "computation"):
            found += parse_figures(use.text)[:1]
    return found


def _not_better(written: Answer, base: Answer, kind: str) -> str:
    """Why the deterministic answer stands over the model's ("" when the model's is kept): the model's opens
    with no short direct answer where the deterministic one answers, leaves out its main claim (a summary) or
    the figures it states."""
    if not base.answerable:
        return ""
    from assistant.answer import first_sentence

    lead = strip_markers(first_sentence(written.text))
    if len(lead) > LEAD_CHARS.get(written.lang, LEAD_CHARS["zh"]):
        return "extractive_over_long_lead"
    if written.lang == "en" and len(LATIN.findall(lead)) <= len(CJK.findall(lead)):
        return "extractive_over_wrong_language"  # an English question answered in Chinese
    if kind in MAIN_CLAIM_SHARE:
        claim = _bigrams(_plain(first_sentence(base.lead or base.text)))
        if claim and len(claim & _bigrams(_plain(written.text))) < MAIN_CLAIM_SHARE[kind] * len(claim):
            return "extractive_over_missed_claim"
    if kind in FIGURES_KEPT:
        wanted = _verified_figures(base)
        stated = parse_figures(strip_markers(written.text))
        kept = sum(1 for f in wanted if any(restates(g, f) or restates(f, g) for g in stated))
        if wanted and kept < max(FIGURES_LEAST, FIGURES_KEPT[kind] * len(wanted) - 1e-9):
            return "extractive_over_dropped_figures"
    return ""


def _states_verified_figures(answer: Answer) -> bool:
    """A verified answer with a figure traced to a citation or a shown computation (the figure engine's)."""
    return answer.verified and any(u.source in ("citation", "computation") for u in answer.figures)
