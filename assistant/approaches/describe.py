"""Description, status, how and why questions (是什么样的, 进展如何, 怎样推进, 为什么; what is, how, why):
the sentences that answer, quoted whole and cited, composed as a short answer of one to three sentences.

Sentences are chosen by their cover of the question's words (a word found only in the passage around
counts half) and by the cue words of the kind asked (assistant/lexicon/open_cues.tsv: 目前/正在/已 for a
status, 通过/采取/推进 for a measure, 因为/由于/为了 for a reason, 是/作为 for what a thing is). The best
sentence leads; the next ones come from the same stretch of text (its passage and the one after it), in
the text's order, so the answer reads as the document does and never joins distant clauses.
"""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

from assistant.approaches.text import (
    Quotes,
    Sentence,
    Terms,
    clause_cut,
    corpus_of,
    cue_words,
    english_gist,
    finish,
    is_body,
    persons_named,
    question_cue,
    refuse,
    relative_similarity,
    retrieved,
    sentence_before,
    sentences_of,
    terms_of,
    unknown_subject,
)
from assistant.compose import wording
from assistant.figures import Figure, parse_figures, same_quantity

if TYPE_CHECKING:
    from assistant.approaches import Kind, Reading
    from assistant.candidates import Passage
    from assistant.types import Answer

PASSAGES = 5
MAX_SENTENCES = 3
# the whole answer's quotes: a description read at a glance (CMRC 2018 also grades answers up to 150 characters)
MAX_CHARS = 150
SENTENCE_CHARS = 100  # one sentence, cut at its last clause end within this
LEAD_CHARS = 60  # the lead: one short sentence, its opening clauses when the sentence is long
CUE_WEIGHT = 0.15  # a sentence with a cue word of what a thing is (是, 作为)
ASKED_CUE_WEIGHT = 0.6  # a status, measure or reason asked: the sentence saying one is what answers
MAX_CUES = 3  # cue words counted in one sentence
MIN_COVERAGE = 0.45  # the best sentence must cover this share of the question's weight
FOLLOW_COVERAGE = 0.3  # a further sentence must cover at least this much
ATTRIBUTED_WEIGHT = 0.5  # a sentence said by the person the question names ("霍建国怎么看…")
DATED_WEIGHT = 0.5  # a sentence stating the year or date the question states ("1842年…做了什么")
PHRASE_WEIGHT = 0.15  # per pair of the question's terms written together in a sentence as in the question
MAX_PHRASES = 2
RARE_SHARE = 0.8  # the question's rarest terms: of at least this share of its heaviest term's weight
NOTE_CHARS = 12  # a line ending in 。 longer than this is a sentence, whatever its layout
SIMILARITY_WEIGHT = 0.3  # the sentence closest in meaning to the question among those covering it (0 to 1 scaled)
RARE_PASSAGES = 3  # passages beyond the retrieved ones that use every rarest term (recall of a note or a footnote)


def asked_dates(question: str) -> list[Figure]:
    """The years and dates a question states ("1842年，潘仕成做了什么事情"): they say which sentence of a life or
    a history is asked about as much as its words do."""
    return [f for f in parse_figures(question) if f.unit_class in {"year", "date"}]


def states_dates(text: str, dates: list[Figure]) -> bool:
    """text states every one of dates (none asked: False)."""
    stated = parse_figures(text) if dates else []
    return bool(dates) and all(any(same_quantity(d, f) for f in stated) for d in dates)


_HOW = frozenset({"怎么", "如何", "怎样"})


def speakers(question: str) -> list[str]:
    """The persons a question asks the view of: a name the question makes the subject of a verb of view or speech
    ("董登新认为", "霍建国怎么看"); a name tagged so that goes on as a noun ("白沙茶叶产业园": a place) is none."""
    from index.segmenter import pos_cut

    found = []
    for name in persons_named(question):
        at = question.find(name)
        following = next(iter(pos_cut(question[at + len(name):])), None)
        # a view asked (认为, 怎么看, 表示…), not any act of the person ("1879年，林子安做了什么事情": a life's event)
        if following is not None and (str(following.word) in _HOW
                                      or str(following.word).startswith((*cue_words("view"), *cue_words("speech")))):
            found.append(name)
    return found


def attributed(s: Sentence, persons: list[str]) -> float:
    """The weight of a sentence said by a person the question names: ATTRIBUTED_WEIGHT when the sentence names
    the person ("霍建国认为，…"), half when its paragraph does before it (the quote going on after "董登新分析：")."""
    if any(p in s.text for p in persons):
        return ATTRIBUTED_WEIGHT
    return ATTRIBUTED_WEIGHT / 2 if any(p in paragraph_before(s) for p in persons) else 0.0


def paragraph_before(s: Sentence) -> str:
    """The text of s's paragraph before it (its sentence before when the paragraph opens the passage): a
    project's status sentence names its subject sentences earlier ("众合钙业…项目，是异地搬迁项目。……目前，
    正在…施工。"), and that subject is this sentence's, not the paragraph's before it."""
    start = s.passage.text.rfind("\n", 0, s.start) + 1
    return s.passage.text[start:s.start] or sentence_before(s)


def same_paragraph(a: Sentence, b: Sentence) -> bool:
    """a and b in one paragraph of one passage: a further sentence goes on about the lead's subject, never
    about the project of the paragraph before."""
    if a.passage is not b.passage:
        return False
    lo, hi = sorted((a.start, b.start))
    return "\n" not in a.passage.text[lo:hi]


def adjacent_pairs(question: str, terms: Terms) -> list[str]:
    """Pairs of the question's terms it writes side by side ("驻外招商" of 驻外 + 招商): a sentence writing
    them together is about that thing ("驻外招商精准发力…"), one using them apart ("驻外机构…招商思维") less so."""
    found = sorted((question.find(t), t) for t in terms.weights if question.find(t) >= 0)
    return [a + b for (i, a), (j, b) in itertools.pairwise(found) if i + len(a) == j]


def phrase_bonus(text: str, phrases: list[str]) -> float:
    return PHRASE_WEIGHT * min(MAX_PHRASES, sum(p in text for p in phrases))


def rare_passages(all_passages: list[Passage], terms: Terms, hits: list[Passage], have: list[Passage]) -> list[Passage]:
    """Body passages of the retrieved documents, not yet read, that use every one of the question's rarest
    terms (a note at a report's end, "…报表按月进行全面调查", may rank below the figures that share its other
    words, or be laid out as a line of its own); the first few in the text's order."""
    weights = terms.weights
    if not weights or not hits:
        return []
    top = max(weights.values())
    rare = [t for t, w in weights.items() if w >= RARE_SHARE * top]
    docs = {p.hit.node.metadata.get("doc_id") for p in hits}
    seen = {(p.hit.node.metadata.get("doc_id"), p.start) for p in have}
    # (a sentence line read as a caption is skipped among the retrieved passages: it is read here)
    found = [p for p in all_passages if p.hit.node.metadata.get("doc_id") in docs and all(t in p.text for t in rare)
             and (_sentence_line(p) if not is_body(p) else (p.hit.node.metadata.get("doc_id"), p.start) not in seen)]
    return found[:RARE_PASSAGES]


def _sentence_line(p: Passage) -> bool:
    """A line the chunker took for a caption that is a whole sentence (a note: "…按月进行全面调查。")."""
    return p.text.rstrip().endswith(("。", "！", "？")) and len(p.text.strip()) > NOTE_CHARS


class DescribeApproach:
    kind: Kind = "describe"

    def answer(self, reading: Reading) -> Answer | None:
        sub = question_cue(reading.question, ("define", "status", "trait", "how", "why", "what")) or "what"
        terms = terms_of(reading, ignore=cue_words(sub))  # 目前 in "目前进展如何" asks for a status, names nothing
        hits = retrieved(reading)
        corpus = corpus_of(reading)
        # (a paragraph cut into passages goes on in the next one: the measure after its topic sentence)
        passages = corpus.with_following(hits[:PASSAGES])
        rare = rare_passages(corpus.passages, terms, hits[:PASSAGES], passages)
        dated = asked_dates(reading.question)
        phrases = adjacent_pairs(reading.question, terms)
        # "霍建国怎么看…", "董登新认为…的原因": the view of a person the question names is in what that person said
        persons = speakers(reading.question)
        scored = [(self._score(s, terms, sub, corpus.context(s.passage)) + phrase_bonus(s.text, phrases)
                   + DATED_WEIGHT * states_dates(s.text, dated) + attributed(s, persons), s)
                  for s in [*sentences_of(passages), *sentences_of(rare, body_only=False)]]
        scored = [(score, s) for score, s in scored if not s.text.startswith(("\u201c", "\u300c"))]
        if not scored or unknown_subject(terms, hits):
            return refuse(reading, self.kind, hits)
        # whether to answer is the words' decision (a sentence covering the question); which of the sentences
        # that cover it answers is also its meaning's: "预亏背后，是…扩张又紧急刹车的苦果" answers why, though
        # the sentence stating the loss shares more of the question's words
        eligible = [(score, s) for score, s in scored if score >= MIN_COVERAGE]
        if not eligible:
            return refuse(reading, self.kind, hits)
        closeness = relative_similarity(reading, [s.text for _, s in eligible])
        best = max(zip(eligible, closeness, strict=True),
                   key=lambda pair: pair[0][0] + SIMILARITY_WEIGHT * pair[1])[0][1]
        chosen = [best]
        budget = MAX_CHARS - len(best.text)
        # further sentences from the same stretch: the best sentence's passage (and its neighbours)
        near = [(score, s) for score, s in scored if s is not best and same_paragraph(s, best)
                and abs(s.offset - best.offset) <= 2 * SENTENCE_CHARS and score >= FOLLOW_COVERAGE]
        for _, s in sorted(near, key=lambda pair: -pair[0]):
            if len(chosen) >= MAX_SENTENCES or len(s.text) > budget:
                continue
            chosen.append(s)
            budget -= len(s.text)
        quotes = Quotes()
        # the best sentence leads; the others follow in the text's order
        rest = sorted(chosen[1:], key=lambda s: s.offset)
        lead_quote, lead_end = self._lead_quote(best, quotes, reading.lang, terms, sub)
        # a lead cut at a clause end goes on with the rest of its sentence (its budget was counted whole):
        # "…第三产业增加值，均占据了该省份GDP总量的一半以上" is the reason the lead's clauses begin
        while lead_end < len(best.text) and best.text[lead_end] in "，,；;：:":
            lead_end += 1  # (the rest opens after the clause mark the lead ended at)
        tail = best.text[lead_end:]
        tail_end = lead_end + (clause_cut(tail, SENTENCE_CHARS) if len(tail.strip("。；;，,：:！!？? ")) >= 4 else 0)
        going_on = [wording("quoted", reading.lang).format(
            quote=quotes.quote(best.passage, best.start + lead_end, best.start + tail_end, reading.lang))] \
            if tail_end > lead_end else []
        parts = [lead_quote, *going_on, *(self._quote(s, quotes, reading.lang, SENTENCE_CHARS) for s in rest)]
        if reading.lang == "en":  # the best sentence's gist in English words leads; the quotes follow
            lead = wording("gist", "en").format(gist=english_gist(best.text, reading.question), refs="[1]")
            return finish(reading, self.kind, "\n".join([lead, " ".join(parts)]), lead, quotes)
        lead = parts[0]
        return finish(reading, self.kind, f"{lead}\n{''.join(parts[1:])}".strip(), lead, quotes)

    @staticmethod
    def _quote(s: Sentence, quotes: Quotes, lang: str, max_chars: int) -> str:
        cut = clause_cut(s.text, max_chars) or len(s.text)
        return wording("quoted", lang).format(quote=quotes.quote(s.passage, s.start, s.start + cut, lang))

    @staticmethod
    def _lead_quote(s: Sentence, quotes: Quotes, lang: str, terms: Terms, sub: str) -> tuple[str, int]:
        """The lead: the best sentence, or, when it is long, its run of clauses within LEAD_CHARS that covers
        the question best (推行"1+1+N"团队模式 further on in a long sentence), quoted as written."""
        text = s.text
        if len(text) <= LEAD_CHARS:
            start, end = 0, len(text)
        else:
            bounds = [0, *(i + 1 for i, ch in enumerate(text) if ch in "，,；;：:")]
            best: tuple[float, int, int] | None = None
            for a in bounds:
                cut = clause_cut(text[a:], LEAD_CHARS)
                if cut <= 0:
                    continue
                window = text[a:a + cut]
                score = terms.coverage(window) + 0.1 * any(c in window for c in cue_words(sub))
                if best is None or score > best[0] + 1e-9:
                    best = (score, a, a + cut)
            start, end = (best[1], best[2]) if best else (0, clause_cut(text, LEAD_CHARS) or len(text))
        quote = quotes.quote(s.passage, s.start + start, s.start + end, lang)
        return wording("quoted", lang).format(quote=quote), end

    @staticmethod
    def _score(s: Sentence, terms: Terms, sub: str, context: str) -> float:
        score = terms.coverage(s.text, s.passage.text + " " + context, paragraph_before(s))
        cues = sum(cue in s.text for cue in cue_words(sub))  # 目前…已完成…进入试运营 says more of a status
        if cues:  # (saying one is what matters; more cue words add a little)
            score += CUE_WEIGHT if sub == "what" else ASKED_CUE_WEIGHT * (1 + min(cues, MAX_CUES) / MAX_CUES) / 2
        return score
