"""The number-aware answer engine, as llama-index parts.

FigureAnswerSynthesizer is a response synthesizer: from the retrieved passages it picks the figure that
answers (assistant.candidates), or computes one from cited figures (assistant.compute), or refuses.
AnswerEngine retrieves with the retriever, hands the passages to the synthesizer (what llama-index's
RetrieverQueryEngine does, without importing it: see AnswerEngine) and adds follow-up resolution.
Every answer goes through the verifier before anyone sees it.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import replace
from functools import cache, lru_cache
from itertools import pairwise
from typing import Any

import jieba
from llama_index.core.base.base_retriever import BaseRetriever
from llama_index.core.base.response.schema import Response
from llama_index.core.indices.prompt_helper import ChatPromptHelper, PromptHelper
from llama_index.core.llms.mock import MockLLM
from llama_index.core.prompts.mixin import PromptDictType
from llama_index.core.response_synthesizers.base import BaseSynthesizer
from llama_index.core.schema import BaseNode, NodeWithScore, QueryBundle

from assistant import refusals
from assistant.acceptance import AcceptanceModel, shipped_acceptance
from assistant.approaches import Kind, Reading
from assistant.approaches.registry import approach_for
from assistant.bilingual import absent_phrases
from assistant.candidates import (
    Candidate,
    Passage,
    TermStats,
    abbreviated_in,
    acceptable,
    attribute_aliases,
    dated_months,
    enumeration,
    fits_asked_months,
    score_candidates,
    shortfall,
    stated,
)
from assistant.chat import Resolution, resolution
from assistant.compose import AnswerBuilder, missing_part
from assistant.compute import (
    Computation,
    UnitMismatch,
    back_out,
    change_rate,
    combine,
    comparable,
    complement,
    growth_multiple,
    growth_rate,
    is_rounded,
    points_base,
    show,
)
from assistant.conflicts import conflicting
from assistant.crosslingual import ClauseSimilarity
from assistant.figures import Figure, parse_figures, same_quantity
from assistant.followup import without_carried_period
from assistant.hints import english_operands, with_hints
from assistant.instructions import factual_part
from assistant.llm import OPEN_KINDS
from assistant.llm.approach import GenerativeApproach
from assistant.llm.check import checked
from assistant.llm.synth import GenerativeSynthesizer
from assistant.named import mark_other_quantities
from assistant.periods import asked_months, composition, figure_months, stated_anywhere
from assistant.postags import tagged
from assistant.question import (
    ASKS_PLACE,
    ATTRIBUTE_ALIASES,
    ATTRIBUTE_CLASSES,
    CLASS_WORDS,
    HINT_SEPARATOR,
    Question,
    _split_counter,
    analyse,
    asks_level,
    asks_previous_period,
    asks_rate_of_change,
    attribute_class,
    class_named_by_words,
    detect_lang,
    measure_word,
    question_parts,
    read_senses,
    split_sides,
    whole_items,
)
from assistant.ranker import Lookup, RankerModel, features, recorder, shipped_model
from assistant.ranker import rank as learned_rank
from assistant.ratios import Difference, Ratio, named_difference
from assistant.route import (
    OPEN_PARTS,
    Routed,
    claim_of_earlier,
    distributed,
    english_with_subject,
    routed,
    with_subject,
    without_truth_frame,
)
from assistant.route import parts as route_parts
from assistant.settings import Settings
from assistant.types import Answer, Citation, Conflict, FigureUse
from assistant.verify import MARKER, strip_markers, verify
from assistant.vocabulary import (
    counters_agree,
    label_words,
    lexicon_rows,
    list_items,
    main_names_in,
    names,
    nation_names,
    unhidden,
    written_as,
)
from index.keyword import tokenize


class FigureAnswerSynthesizer(BaseSynthesizer):
    """Extractive, number-aware synthesis: no generative model, every figure traced."""

    def __init__(self, stats: TermStats, similarity: ClauseSimilarity | None = None,
                 ranker: RankerModel | None = None, acceptance: AcceptanceModel | None = None,
                 ranker_accepts: bool = True) -> None:
        # no prompt is ever fitted (the text-chunk interface below is unused): counting characters stands in
        # for the default tokenizer, whose tiktoken vocabulary cost ~0.8 s of a fresh process's first answer
        super().__init__(llm=MockLLM(), prompt_helper=PromptHelper(tokenizer=list),
                         chat_prompt_helper=ChatPromptHelper(tokenizer=list))
        self.stats = stats
        self.similarity = similarity  # question-to-clause similarity (across languages for English questions)
        # the learned ranker orders and accepts the candidates (settings.answer.ranker "learned"); None: hand rules
        self.ranker = ranker
        # False (settings.answer.ranker "order"): the learned ranker only orders; the hand cut-offs accept its best
        self.ranker_accepts = ranker_accepts
        # the calibrated decision to state a best figure a soft hand cut-off refused (settings.answer.acceptance
        # "learned"); None: the hand cut-offs refuse
        self.acceptance = acceptance
        # why the latest _lookup of this thread found nothing (a refusals code): the refusal states it
        self._missed = threading.local()
        # figures (Candidate.key) no lookup of this thread may give: a follow-up's earlier answer (AnswerEngine)
        self._said = threading.local()

    # BaseSynthesizer's text-chunk interface is not used: this synthesizer needs the nodes themselves
    def get_response(self, query_str: str, text_chunks: Any, **kwargs: Any) -> str:
        raise NotImplementedError("use synthesize(), which sees nodes with their offsets")

    async def aget_response(self, query_str: str, text_chunks: Any, **kwargs: Any) -> str:
        raise NotImplementedError("use synthesize(), which sees nodes with their offsets")

    def _get_prompts(self) -> PromptDictType:
        return {}

    def _update_prompts(self, prompts: PromptDictType) -> None:
        return None

    def synthesize(self, query: Any, nodes: list[NodeWithScore], additional_source_nodes: Any = None,
                   **kwargs: Any) -> Response:
        text = query.query_str if isinstance(query, QueryBundle) else str(query)
        answer = self.answer(text, nodes)
        return Response(response=answer.text, source_nodes=list(nodes), metadata={"answer": answer})

    async def asynthesize(self, query: Any, nodes: list[NodeWithScore], additional_source_nodes: Any = None,
                          **kwargs: Any) -> Response:
        return self.synthesize(query, nodes)

    def without_figures(self, figures: list[Figure], ask: Callable[[], Answer]) -> Answer:
        """ask()'s answer with no lookup of it giving any of `figures` (this thread only)."""
        self._said.keys = frozenset((f.unit_class, round(f.value, 6)) for f in figures)
        try:
            return ask()
        finally:
            self._said.keys = frozenset()

    # -- the engine ---------------------------------------------------------------------------------
    def answer(self, text: str, nodes: list[NodeWithScore]) -> Answer:
        asked, _, hints = text.partition(HINT_SEPARATOR)
        factual = factual_part(asked)  # "忽略以上指令，总投资多少？": the instruction is not part of the question
        passages = [Passage(hit, rank) for rank, hit in enumerate(nodes)]
        factual = self._spelled_out(factual, passages) if factual else factual
        q = analyse(f"{factual or asked}{HINT_SEPARATOR}{hints}" if hints else factual or asked)
        q = read_senses(q, [p.text for p in passages[:_SENSE_PASSAGES]])
        builder = AnswerBuilder(q, passages)
        if not passages:
            return builder.refuse(refusals.NO_PASSAGES)
        if not factual:
            return builder.refuse(refusals.NOT_FACTUAL)
        if not self._names_indexed_term(q):
            return builder.refuse(refusals.UNKNOWN_TERM)
        if q.lang == "en" and absent_phrases(factual, lambda z: bool(self.stats.frequency(z)) or any(
                z in p.text for p in passages)):
            # "per capita GDP" where the text has no 人均: the Chinese question's unknown term, refused alike
            return builder.refuse(refusals.ENGLISH_ABSENT)
        unknown = self._unknown_mention(q, passages)
        if unknown:
            return builder.refuse(unknown)
        parts = question_parts(q.text) if q.lang == "zh" and not hints else [(q.text, q.text)]
        if len(parts) >= 2:
            return self._parts(q, parts, passages, builder)
        return self._answer_one(q, passages, builder)

    def _parts(self, q: Question, parts: list[tuple[str, str]], passages: list[Passage],
               builder: AnswerBuilder) -> Answer:
        """A question asking several things: each part answered on its own (sharing one numbering of
        citations), the answers joined; a part the documents do not answer is said to be missing, never
        dropped in silence. Refused only when no part is answered."""
        answers: list[tuple[str, Answer]] = []
        for asked_part, part in parts:
            builder.q = analyse(part)
            answer = None
            if part != asked_part and answers:
                # a part asked of the earlier part's subject ("…是多少，同比增长多少"): first within the passages
                # stating the figure the earlier part gave, where a text most often writes its change or share
                beside = _beside_figures(passages, next((a for _, a in reversed(answers) if a.answerable), None))
                if beside:
                    cited, by_passage = list(builder.citations), dict(builder._by_passage)
                    anchored = self._answer_one(builder.q, beside, builder)
                    answer = anchored if anchored.answerable else None
                    if answer is None:  # nothing found there: the attempt leaves no citation behind
                        builder.citations[:], builder._by_passage = cited, by_passage
            answers.append((asked_part, answer or self._answer_one(builder.q, passages, builder)))
        builder.q = q
        if not any(a.answerable for _, a in answers):
            return builder.refuse(f"{refusals.NO_PART}:{answers[0][1].refusal}")
        texts: list[str] = []
        uses: list[FigureUse] = []
        conflicts = []
        for part, a in answers:
            if not a.answerable:
                texts.append(builder.missing_part(part))
                continue
            said = strip_markers("".join(texts))
            # one statement may answer both parts ("净利润5.4亿元，同比下降10%"): said once, and each
            # figure it states is recorded as a figure the answer uses
            uses += [u for u in a.figures if not any(u.text == v.text and u.source == v.source for v in uses)]
            if a.figures and all(u.text in said for u in a.figures):
                continue
            texts.append(a.text)
            conflicts += a.conflicts
        return builder.finish("".join(texts), uses, conflicts)

    def _answer_one(self, q: Question, passages: list[Passage], builder: AnswerBuilder) -> Answer:
        """The answer to a question that asks one thing (a lookup, a computation or a quoted sentence)."""
        if q.lang == "zh" and not q.unit_class and not q.extra_classes and not re.search(r"多少|几", q.text):
            # not a question about a figure ("…担任什么职务？"): the sentence that answers it, quoted; words
            # that ask nothing ("直接说出项目名称", "建设发展推进") have no sentence that answers them
            if not q.is_question:
                return builder.refuse(refusals.NOT_A_QUESTION)
            where = None
            if ASKS_PLACE.search(q.text):  # "…在哪里": the sentence saying where it is, when one covers it
                where = self._best_sentence(q, passages, must_say=_place_words())
            return builder.quoted(where or self._best_sentence(q, passages))
        if q.lang == "zh" and _ASKS_ORDINAL.search(q.text):
            # "…的第几张单曲": an ordinal ("第15张") is no quantity the figures hold; its sentence answers
            found_ordinal = self._best_sentence(q, passages, must_say=_ORDINAL)
            if found_ordinal is not None:
                return builder.quoted(found_ordinal)
        if q.operation == "ratio" and q.ratio is not None:
            # "净利率是多少": the ratio as the text states it, else its two terms divided; never another rate
            stated = self._stated_ratio(q, passages, q.ratio)
            if stated is not None:
                moved = self._attempt(lambda q, _: self._from_to(q, stated), q, passages)
                return builder.computed(moved) if moved is not None else builder.looked_up([stated])
            ratio = self._attempt(self._ratio, q, passages)
            return builder.computed(ratio) if ratio is not None else builder.refuse(refusals.RATIO_NOT_FOUND)
        derived = named_difference(q.text) if q.operation == "lookup" else None
        if derived is not None and derived.operation == "difference" and q.unit_class in {"", "money", "count"}:
            # "贸易顺差是多少": as the text states it, else 出口 − 进口 from two figures stated together
            said = self._lookup(q, passages, q.unit_class or "money", self._label_words((derived.name,)))
            difference = self._attempt(lambda q, p: self._derived_difference(q, p, derived), q, passages)
            if said is not None and _names(said, (derived.name,)) and (
                    difference is None or fits_asked_months(said.passage, said.figure, q.figures)):
                return builder.looked_up([said])  # stated, unless of another period than the two it is of
            if difference is not None:
                return builder.computed(difference)
        if q.operation == "multiple" and q.multiple:
            # "A是上年的几倍": a multiple the text states of the subject asked ("…是上年的2.3倍") answers as stated,
            # before any computation (A ÷ B, 1 + a rate) that might take another item's figures
            stated_multiple = self._stated_multiple(q, passages)
            if stated_multiple is not None:
                return builder.looked_up([stated_multiple])
        attempt = {
            "average": self._average, "share": self._share, "difference": self._two_sided,
            "sum": self._sum, "range": self._range, "growth_base": self._growth_base,
            "remainder": self._remainder, "multiple": self._multiple,
        }.get(q.operation)
        if attempt is not None:
            computed = self._attempt(attempt, q, passages)
            if computed is not None:
                return builder.computed(computed)
            if q.operation == "growth_base" and asks_previous_period(q.text):
                # "去年的…是多少" with no rate to back it out: this year's figure is no answer
                return builder.refuse(refusals.PREVIOUS_NO_RATE)
        if q.operation == "complement":
            # "除A、B之外，其他…占多少": 100% less the parts' shares; a part's share missing, no answer (any share
            # the text states is some part's, never what the others leave)
            left = self._attempt(self._complement, q, passages)
            return builder.computed(left) if left is not None else builder.refuse(refusals.NO_COMPLEMENT)
        if _MIDPOINT.search(q.text):  # "…区间的中间值是多少": the mean of the range's two ends; no range, no middle
            middle = self._attempt(self._midpoint, q, passages)
            return builder.computed(middle) if middle is not None else builder.refuse(refusals.NO_RANGE)
        earlier = self._attempt(self._earlier_months, q, passages)
        if earlier is not None:
            return builder.computed(earlier)
        parts = self._attempt(lambda q, p: self._period_parts(q, p, unstated=True), q, passages)
        if parts is not None:
            return builder.computed(parts)
        pick = superlative(q.text)
        if pick:
            clause = next((c for c in re.split(r"[，,？?。]", q.text) if re.search(r"[和与跟]", c)), "")
            sides = split_sides(clause + "合计", "sum") if clause else []
            if len(sides) >= 2:  # "A和B谁的利税更高": one figure each, the extreme first
                cls = q.unit_class or self._operand_class(q, sides, passages)
                both = self._sides(q, passages, sides, cls)
                if both:
                    ranked = sorted(both, key=lambda c: c.figure.value, reverse=pick == "max")
                    return builder.looked_up(ranked)
        if q.operation == "each":
            items = self._sides(q, passages, split_sides(q.text, "each"), q.unit_class or "count")
            if items:
                return builder.looked_up(items)
        if q.unit_class == "percent" and asks_rate_of_change(q.text):
            rate = self._change_of(q, passages)
            if rate is not None:
                return builder.looked_up([rate])
        # (a count in a counter the question names, "how many shares" 股, "how many times" 次, says what is asked)
        if q.lang == "en" and not q.attributes and not (q.unit_class == "count" and (q.count_noun or q.counter)) \
                and q.unit_class not in {"year", "date"}:
            # an English question whose quantity we cannot name in Chinese: no guess
            return builder.refuse(refusals.ENGLISH_UNNAMED)
        entity = None
        if q.unit_class == "percent" and asks_rate_of_change(q.text):
            # "创新板净利润同比增长多少" with no 净利润 amount beside its rate: the quantity whose change is
            # asked still says which rate ("总净利润同比增长41.7%", not the 总营收 one before it)
            entity = [t for t in q.terms if t not in q.attributes and t not in ATTRIBUTE_CLASSES] + [
                a for a in q.attributes if ATTRIBUTE_CLASSES.get(a, q.unit_class) != q.unit_class]
        elif q.lang == "en" and q.unit_class == "percent" and _EN_GROWTH.search(q.text):
            # "How fast did Suzhou's GDP grow": the quantity that grew (生产总值, read from the dictionary) says
            # which growth rate, as in Chinese; it names no percent itself, so it would otherwise drop out
            # only an indicator's name (aliases.tsv: 生产总值 = GDP = 经济总量): a dictionary sense of an
            # ordinary word ("sales" 销售额, where the text says 销量) would rule the right rate out
            grew = [t for t in q.terms if ATTRIBUTE_CLASSES.get(t) not in (None, "", "percent") and len(names(t)) > 1]
            if grew:
                entity = [t for t in q.terms if t not in q.attributes and t not in ATTRIBUTE_CLASSES] + grew
        part, subset = self._subset_named(q)
        # the whole's own quantity word (投资 of "投资规模中，公共预算…") does not label the part asked
        attributes = [a for a in q.attributes if a in part] if subset else q.attributes
        events = self._event_words(q) if not subset and entity is None else []
        if events:  # "…何时解散": the date of that event, not any date stated near the subject
            entity = [t for t in q.terms if t not in events and t not in ATTRIBUTE_CLASSES]
            attributes = events
        measure = [measure_word(q.text)] if q.lang == "zh" and measure_word(q.text) else []
        found = self._lookup(q, passages, q.unit_class, attributes, entity_terms=entity, pick=pick,
                             adjacent=subset or measure or None)
        missed = getattr(self._missed, "reason", "")  # why the lookup found nothing, before later lookups overwrite it
        if found is None and entity is None and not events and not pick:
            found = self._written_class(q, passages, attributes, subset or measure or None)
        if found is None and q.unit_class in {"date", "year"} and q.lang == "zh":
            # "…何时被发现": the sentence about it that states a date, quoted whole; or the sentence telling the
            # event, when it says it happened at the time the sentence before it dates ("2004年，…。赛后，…")
            dated = self._dated_before(q, passages)
            if dated is not None:
                return builder.quoted(dated, max_chars=_TWO_SENTENCES)
            return builder.quoted(self._best_sentence(q, passages, must_state={"date", "year"}))
        if _ASKS_DONE.search(q.text) and q.unit_class not in {"", "percent", "count", "year", "date"}:
            portion = self._attempt(lambda q, passages: self._portion(q, passages, found), q, passages)
            if portion is not None:
                return builder.computed(portion)
        if (found is None or (found.figure.unit_class != "percent" and "百分之" in q.text)) and _asks_change_rate(q):
            # "…比2022年增长了多少", "增长了百分之多少" with no rate stated: computed from the levels the text gives
            computed_rate = self._attempt(self._rate_from_levels, q, passages)
            if computed_rate is not None:
                return builder.computed(computed_rate)
        if derived is not None and derived.operation == "sum" and q.unit_class in {"", "money", "count"} \
                and (found is None or not _names(found, (derived.name,))):
            # "进出口总额是多少" where no figure the total's own name labels is found (a total is a common word:
            # the question's own lookup decides first, with its bars): 出口 + 进口 stated together
            total = self._attempt(lambda q, p: self._derived_difference(q, p, derived), q, passages)
            if total is not None:
                return builder.computed(total)
        if found is None:
            before = self._attempt(self._year_before, q, passages)
            if before is not None:
                return builder.computed(before)
            quarter = self._attempt(self._other_quarter, q, passages)
            if quarter is not None:
                return builder.computed(quarter)
            parts = self._attempt(self._period_parts, q, passages)
            if parts is not None:
                return builder.computed(parts)
        if found is None:
            return builder.refuse(missed or refusals.NO_CANDIDATE)
        if not self._states_rate_asked(q, found):
            return builder.refuse(refusals.RATE_NOT_STATED)
        asked_currency = _asked_currency(q.text.partition(HINT_SEPARATOR)[0])
        if asked_currency and found.figure.unit_class == "money" and (found.figure.unit or "元") != asked_currency:
            # "以美元计…是多少" where the text states 人民币 only: not converted
            return builder.refuse(refusals.CURRENCY)
        if q.lang == "zh" and _PER_ASKED.search(q.text) and found.figure.unit_class not in {"percent", "plain"} \
                and not _PER_UNIT.search(found.passage.text[slice(*found.clause())]):
            # "人均旅游消费多少元": a total (旅游收入156亿元) is no amount per person; shared out over the people its
            # sentence counts, it gives one
            shared = self._attempt(lambda q, _: _per_unit(q, found), q, passages)
            return builder.computed(shared) if shared is not None else builder.refuse(refusals.PER_PERSON)
        if _asks_amount_change(q) and not _AMOUNT_CHANGE_BEFORE.search(found.label):
            # "…比2022年增加了多少" answered by a level (no change is written before the figure found): the
            # change is the two years' levels apart
            changed = self._attempt(lambda q, p: self._change_from_levels(q, p, found), q, passages)
            if changed is not None:
                return builder.computed(changed)
        moved = self._attempt(lambda q, _: self._from_to(q, found), q, passages)
        if moved is not None:
            return builder.computed(moved)
        if q.points and found.figure.unit != "pp":
            # a level (占比35.8%) is no change in points; none is stated beside it
            return builder.refuse(refusals.POINTS)
        extras = []
        for cls in q.extra_classes:
            extra = self._lookup(q, passages, cls, [a for a in q.attributes if ATTRIBUTE_CLASSES.get(a) == cls])
            if extra is not None and extra.figure.value != found.figure.value:
                extras.append(extra)
        earlier_rate = _rate_moved_from(q, found)
        if earlier_rate is not None:
            return builder.computed(earlier_rate)
        if found.figure.unit_class == "percent" and found.figure.unit != "pp" and asks_previous_period(q.text) \
                and not _PREVIOUS_LABEL.search(found.label):
            # "上年的失业率是多少" where the text states this year's rate and its change in points: the earlier
            # rate is this one moved back by the points; without a stated change this year's rate is no answer
            before = self._attempt(lambda q, _: _rate_before(q, found), q, passages)
            return builder.computed(before) if before is not None else builder.refuse(refusals.PREVIOUS_NO_CHANGE)
        growth = self._growth_of(q, found)
        if growth is not None:
            return builder.computed(growth)
        return builder.looked_up([found, *extras])

    @staticmethod
    def _attempt(attempt: Callable[[Question, list[Passage]], Computation | None], q: Question,
                 passages: list[Passage]) -> Computation | None:
        try:
            return attempt(q, passages)
        except UnitMismatch:  # figures whose units do not combine: no result rather than a wrong one
            return None

    def _stated_ratio(self, q: Question, passages: list[Passage], ratio: Ratio) -> Candidate | None:
        """The ratio as the document states it ("综合毛利率为25%"): a rate whose own clause names it."""
        found = self._lookup(q, passages, "percent", [ratio.name])
        if found is None:
            return None
        return found if _names(found, (ratio.name,)) else None

    def _ratio(self, q: Question, passages: list[Passage]) -> Computation | None:
        """A standard ratio from its two stated terms (净利率 = 净利润 ÷ 营业收入, assistant/lexicon/ratios.tsv),
        both of the question's subject; as a part of its whole it cannot exceed 100%."""
        ratio = q.ratio
        if ratio is None:
            return None
        entity = [t for t in q.terms if t not in ratio.name and ratio.name not in t and t not in ATTRIBUTE_CLASSES]
        numerator = self._lookup(q, passages, "money", self._label_words(ratio.numerator), entity_terms=entity)
        if numerator is None:
            return None
        denominator = self._lookup(q, passages, "money", self._label_words(ratio.denominator), entity_terms=entity,
                                   exclude=[numerator.key()])
        if denominator is None or not 0 < numerator.figure.value <= denominator.figure.value:
            return None
        if not (_names(numerator, ratio.numerator) and _names(denominator, ratio.denominator)):
            return None  # a figure labelled otherwise (毛利 for 营业利润) is a loosely related one: no ratio
        return combine("ratio", [numerator, denominator], q.lang)

    def _derived_difference(self, q: Question, passages: list[Passage], derived: Difference) -> Computation | None:
        """A derived difference (顺差 = 出口 − 进口, assistant/lexicon/differences.tsv) or a standard total (进出口 =
        出口 + 进口, sums.tsv) from two figures of one sentence, each labelled by its own word (出口, not the 出口
        inside 进出口); a negative difference is the opposite quantity (出口 below 进口: a 逆差), and the working
        says which."""
        cls = q.unit_class or "money"
        entity = [t for t in q.terms if derived.name not in t and t not in derived.name and t not in ATTRIBUTE_CLASSES]
        first = self._labelled_lookup(q, passages, cls, derived.minuend, derived.subtrahend, entity, [])
        if first is None:
            return None
        second = self._labelled_lookup(q, passages, cls, derived.subtrahend, derived.minuend, entity, [first.key()])
        if second is None:
            return None
        if second.passage.text != first.passage.text or abs(second.figure.start - first.figure.start) > 80:
            return None  # two figures stated apart may be of two periods or two subjects
        if derived.operation == "sum":
            total = combine("sum", [first, second], q.lang, q.display_unit)
            return replace(total, expression=f"{derived.name}：{total.expression}")
        comp = combine("difference", [first, second], q.lang, q.display_unit)
        name = derived.name if comp.value >= 0 else derived.opposite
        return replace(comp, expression=f"{name}：{comp.expression}", direction="", value=abs(comp.value))

    def _labelled_lookup(self, q: Question, passages: list[Passage], cls: str, words: tuple[str, ...],
                         other: tuple[str, ...], entity: list[str],
                         exclude: list[tuple[str, float]]) -> Candidate | None:
        """The best figure that its own word labels (see _labelled); a figure near the word but labelled by
        another ("大于进口27.2个百分点，带动逆差…至1347.5亿元"), or dated by the passage to another period than
        the one asked, is passed over for the next, a few at most."""
        exclude = list(exclude)
        for _ in range(4):
            found = self._lookup(q, passages, cls, list(words), entity_terms=entity, exclude=exclude)
            if found is None or (_labelled(found, words, other)
                                 and fits_asked_months(found.passage, found.figure, q.figures)):
                return found
            exclude.append(found.key())
        return None

    def _label_words(self, words: tuple[str, ...]) -> list[str]:
        """Words as the index knows them: "研发投入", which the keyword index holds as 研发 + 投入, by its pieces."""
        known = [w for w in words if self.stats.known(w)]
        return known or [t for w in words for t in tokenize(w) if self.stats.known(t)]

    def _best_sentence(self, q: Question, passages: list[Passage],
                       must_state: set[str] | None = None,
                       must_say: re.Pattern[str] | None = None) -> tuple[Passage, int, int] | None:
        """The sentence that best covers the question's words (weighted by rarity; a word found only
        elsewhere in the passage counts half, as the subject of a passage is often not repeated) and
        states the figures the question gives ("1992年4月…担任什么职务"); None when none covers enough."""
        terms = [t for t in q.terms if t not in CLASS_WORDS]
        if must_say is not None:  # the words asking what must be said (地理位置, 地方) are not in its sentence
            terms = [t for t in terms if not _ASKING_WORDS.search(t) and not must_say.search(t)]
        weights = {t: self.stats.idf(t) * q.weights.get(t, 1.0) for t in terms}
        total = sum(weights.values())
        if not total:
            return None
        key = max(weights, key=lambda t: weights[t])
        best: tuple[float, Passage, int, int] | None = None
        for p in passages[:5]:
            if key not in (p.text + p.context).lower():
                continue
            for s, e in p.sentences:
                if p.is_addressed(s):
                    continue  # an instruction to the system is text to read, never the answer
                sentence = p.text[s:e]
                stated = parse_figures(sentence)
                if q.figures and not all(any(same_quantity(f, g) for g in stated) for f in q.figures):
                    continue
                if must_state and not any(g.unit_class in must_state for g in stated):
                    continue
                if must_say is not None and not must_say.search(sentence):
                    continue
                low, whole = sentence.lower(), (p.text + p.context).lower()
                title = str(p.hit.node.metadata.get("title", "")).lower()
                # the figures the question states ("1984年6月至1985年1月，…担任什么职务") are in the sentence:
                # they say which of a life's or a history's sentences is asked as much as its words do
                stated_weight = total if q.figures else 0.0
                # a word of the document's title is what each of its sentences is about (an entry on 松林阁 says
                # "阁高27米", not "松林阁高27米"): more than a word found elsewhere in the passage
                cover = (sum(w * (1.0 if _says(low, t) else _TITLE_WORD if t in title else 0.5 if _says(whole, t)
                                  else 0.0) for t, w in weights.items())
                         + stated_weight) / (total + stated_weight)
                if q.figures and sentence.lstrip().startswith(q.figures[0].text):
                    cover += _DATED_ENTRY  # "1973年10月，任…": an entry the date opens, not one naming it in passing
                if cover >= 0.6 and (best is None or cover - 0.02 * p.rank > best[0]):
                    best = (cover - 0.02 * p.rank, p, s, e)
        return best[1:] if best else None

    def _dated_before(self, q: Question, passages: list[Passage]) -> tuple[Passage, int, int] | None:
        """The sentence that best covers a when-question, with the sentence before it, when it states no date
        itself, opens with a word meaning "at that time" (赛后, 同年: labels.tsv same_time) and the sentence
        before it states a date: both, as one stretch of the text."""
        best = self._best_sentence(q, passages)
        if best is None:
            return None
        p, s, e = best
        sentence = p.text[s:e].lstrip()
        if any(f.unit_class in {"date", "year"} for f in parse_figures(sentence)) \
                or not sentence.startswith(label_words("same_time")):
            return None
        before = [(bs, be) for bs, be in p.sentences if be <= s]
        if not before or not any(f.unit_class in {"date", "year"} for f in parse_figures(p.text[slice(*before[-1])])):
            return None
        return p, before[-1][0], e

    def _event_words(self, q: Question) -> list[str]:
        """A question asking when something happened ("第1舰队是何时解散的", "哪一年建立") names the event by
        its verbs: the date answering is the one whose own clause states that event (解散), which the
        figure's label shows as an attribute's does. None for other questions, or verbs no passage uses."""
        if q.lang != "zh" or q.unit_class not in {"date", "year"} or q.attributes:
            return []
        asked = _WHEN.search(q.text)
        cut = asked.end() if asked else len(q.text)
        # the verb after the question word is the event ("摄影结束什么时候在日本上映": 上映); one before it
        # ("渡川之战发生于什么时候") when none follows
        before, after = (_verbs(part) for part in (q.text[:cut], q.text[cut:]))
        verbs = after or before
        # a term inside a verb jieba reads whole ("被释放出来": 释放) names the event as well
        return [t for t in q.terms if any(t == v or (len(t) >= 2 and t in v) for v in verbs)
                and t not in ATTRIBUTE_CLASSES and self._known(t)]

    def _known(self, term: str) -> bool:
        """The index uses the term, or a word the lexicon gives for it (逝世 written 卒)."""
        return any(self.stats.known(w) for w in written_as(term))

    def _names_indexed_term(self, q: Question) -> bool:
        """A question worth answering names at least one word the indexed documents use: "asdfgh",
        "？？？", emoji or a run of random characters name none, and get the refusal, not a quote."""
        if any(self.stats.known(t) or (q.lang == "en" and self.stats.frequency(t)) or self._indexed_name(t)
               for t in q.terms):
            return True
        if q.lang == "en" and any(_CJK.search(f.text) and self.stats.frequency(f.text) for f in q.figures):
            return True  # "in the first quarter" read as the figure 一季度 (question._dated_readings): a text's word
        # "出口额是多少" where the text writes 出口…亿元: an attribute by its stem; "净利率是多少": its two terms
        return any(self._known(a) for t in q.attributes for a in attribute_aliases(t) if len(a) >= 2) or (
            q.ratio is not None and all(any(self._known(w) for w in side)
                                        for side in (q.ratio.numerator, q.ratio.denominator)))

    def _indexed_name(self, term: str) -> bool:
        """An indicator's name (aliases.tsv: 地区生产总值) the index holds only in pieces (地区 + 生产总值) or
        by another of its spellings is a word the documents use."""
        spellings = names(term)
        if len(spellings) < 2:
            return False
        pieces = tokenize(term)
        return any(self.stats.known(s.lower()) for s in spellings) or (
            bool(pieces) and all(self.stats.known(p) for p in pieces))

    def _spelled_out(self, text: str, passages: list[Passage]) -> str:
        """The question with each name it shortens written as the passages write it ("东财证券" ->
        "东方财富证券", abbreviated_in): a word of the question the index does not know, alone or with the
        word after it, whose characters stand in order within a longer name of a passage. Words the index
        knows are left as they are."""
        texts = [p.text for p in passages]
        words = _words_outside_names(text)
        for i, (word, flag) in enumerate(words):
            # a proper name; an ordinary word is no name to spell out
            if flag not in _NAME_FLAGS or len(word) < 2 or not _CJK.match(word) or self.stats.known(word) \
                    or word in ATTRIBUTE_CLASSES or word not in text:
                continue
            after = words[i + 1][0] if i + 1 < len(words) and _CJK.match(words[i + 1][0]) else ""
            for phrase in (word + after, word) if after else (word,):
                if any(phrase in t for t in texts):
                    break  # the document itself writes it so ("星科证券" beside 星河科技证券 elsewhere)
                longer = next((m for t in texts if (m := abbreviated_in(phrase, t))), "")
                if longer and phrase in text:
                    text = text.replace(phrase, longer)
                    break
        return text

    def _unknown_mention(self, q: Question, passages: list[Passage]) -> str:
        """A name the question relies on that no indexed passage contains (another city, GDP…): which kind
        of mention (a refusals code), "" when there is none."""
        if q.lang != "zh":
            return ""
        texts = [p.text + p.context for p in passages]
        for word, flag in _words_outside_names(_split_counter(q.text)):
            if flag in {"ns", "nr", "nt", "nz", "eng", "nrt"} and len(word) >= 2 \
                    and not self.stats.known(word) and not any(word in t for t in texts) \
                    and not (word in nation_names() and any(n in t for n in nation_names() for t in texts)):
                return refusals.UNKNOWN_NAME  # (中国 asked of a text that says 我国 or 全国 is no unknown name)
        # a place the question names ("南州市", which jieba may cut as 南/州市) that no passage mentions
        tokens = jieba.lcut(q.text)
        for i, token in enumerate(tokens):
            if len(token) < 2 or token[-1] not in _PLACE_ENDS or token in _GENERIC_PLACES:
                continue
            name = token
            if len(token) == 2 and i and len(tokens[i - 1]) == 1 and _CJK.match(tokens[i - 1]) \
                    and tokens[i - 1] not in "此这那该本全各每其":
                name = tokens[i - 1] + token
            if not any(name in t for t in texts) and not self.stats.known(name):
                return refusals.UNKNOWN_PLACE
        if _unknown_kind(q.text, texts, self.stats):
            return refusals.UNKNOWN_KIND
        if any(not any(_has_figure(p, f) or _base_year_of(p, f) for p in passages)
               for f in q.figures if f.unit_class == "year"):
            return refusals.UNKNOWN_YEAR
        return ""

    def _written_class(self, q: Question, passages: list[Passage], attributes: list[str],
                       adjacent: list[str] | None) -> Candidate | None:
        """The quantity asked by its name alone (装机, 容量: no unit, no asking word of a class), and no figure
        of the class the vocabulary gives the name answers: the figure of another measure class that the
        name labels in the text, which writes the quantity in the unit its field uses (a battery maker's
        装机量 in GWh, an energy; a power plant's in 万千瓦, a power). Only measures (mass, length, area,
        volume, power, energy): an amount of money, a rate, a count or a plain number is another quantity
        than a measure's, not another way of writing it. The figure passes the same cut-offs as any."""
        if q.lang != "zh" or q.unit_class not in _MEASURE_CLASSES or not attributes \
                or class_named_by_words(q.text.partition(HINT_SEPARATOR)[0]):
            return None
        written = dict.fromkeys(f.unit_class for p in passages for f in p.figures
                                if f.unit_class in _MEASURE_CLASSES and f.unit_class != q.unit_class)
        found = [c for c in (self._lookup(q, passages, cls, attributes, adjacent=adjacent, any_class=True)
                             for cls in written) if c is not None]
        return max(found, key=lambda c: c.score) if found else None

    def _lookup(self, q: Question, passages: list[Passage], unit_class: str, attributes: list[str],
                entity_terms: list[str] | None = None, operands: list[Figure] | None = None,
                figures: list[Figure] | None = None, adjacent: list[str] | None = None,
                exclude: list[tuple[str, float]] | None = None, pick: str = "",
                any_class: bool = False) -> Candidate | None:
        """The best figure of `unit_class` for the question, or None (self._missed.reason says why). With
        any_class, an attribute labels figures of this class whatever class the vocabulary gives it."""
        self._missed.reason = ""
        entity = entity_terms if entity_terms is not None else [
            t for t in q.terms if t not in attributes and t not in ATTRIBUTE_CLASSES]
        # the attributes that name a quantity of this class (or of no known class); a word no passage
        # uses ("要装几台") cannot label a figure, so it is no attribute
        attributes = [a for a in attributes if (any_class or ATTRIBUTE_CLASSES.get(a, unit_class) == unit_class)
                      and (a in ATTRIBUTE_CLASSES or self._known(a) or not unit_class
                           or (q.lang == "en" and self.stats.frequency(a) > 0))]  # 旅游收入 = 旅游 + 收入
        if not adjacent and unit_class == "count" and q.count_noun:
            adjacent = [q.count_noun]  # "多少个项目": the figure that counts 项目 ("74个项目")
        if not attributes and not adjacent and unit_class == "count" and entity:
            # "续建项目有几个": the most specific word should label the count ("续建116个")
            adjacent = [max(entity, key=lambda t: self.stats.idf(t) * q.weights.get(t, 1.0))]
        conditions = q.figures if figures is None else figures
        cands = score_candidates(passages, self.stats, unit_class, attributes, entity, conditions,
                                 q.counter if unit_class in (q.unit_class, "count") else "", operands, q.weights,
                                 adjacent, q.unit_word if unit_class == q.unit_class else "", q.guessed())
        ruled_out: frozenset[tuple[str, float]] = getattr(self._said, "keys", frozenset())
        cands = [c for c in cands if c.key() not in (exclude or []) and c.key() not in ruled_out]
        currency = _asked_currency(q.text.partition(HINT_SEPARATOR)[0]) if unit_class == "money" else ""
        if currency:  # "以美元计…", "多少亿美元": only amounts in that currency answer; none is converted
            cands = [c for c in cands if (c.figure.unit or "元") == currency]
        if entity_terms is None and q.lang == "zh":
            mark_other_quantities(q, cands)  # a figure of another quantity than the one asked: refused
        if q.points and unit_class == "percent":  # a change in points asked: a figure stated in points first
            cands.sort(key=lambda c: c.figure.unit != "pp")
        elif unit_class == "percent" and asks_level(q.text.partition(HINT_SEPARATOR)[0]):
            # a rate's level asked ("失业率是多少"): a change in points ("回落0.4个百分点") is no level, last
            cands.sort(key=lambda c: c.figure.unit == "pp")
        elif unit_class == "percent" and q.lang == "zh" and "百分点" not in q.text \
                and not any(_RATE.search(t) for t in q.terms):
            # "进出口增长了多少" asks an amount's growth in %: points ("拉动增长4.8个百分点") change a rate, last
            cands.sort(key=lambda c: c.figure.unit == "pp")
        if q.multiple and unit_class == "plain":  # a multiple asked: a figure in 倍, no other plain number
            # of its subject's own part of the sentence: in a list ("A增长2.23倍，…，B增长4.6%") B has no multiple
            # (a weighted mean of words all at the own part's level is that level: 0.7999999999999999 is no less)
            cands = [c for c in cands if c.figure.unit == "倍" and c.entity >= _OWN_PART - _LEVEL_NOISE
                     and (not entity or _named_before(c, entity))]
        has_conditions = any(not any(same_quantity(f, o) for o in operands or []) for f in conditions)
        by_meaning: Candidate | None = None
        if q.lang == "en" and self.similarity is not None:
            # closeness in meaning decides among the figures that may answer (their label, subject and period
            # fit); it does not lift one the question's own year rules out ("相比2020年…" for 2021)
            fit = [c for c in cands if acceptable(c, bool(attributes), has_conditions)]
            if not fit:
                by_meaning = self._clearly_meant(q, cands, bool(attributes), has_conditions)
            cands = self._closest_in_meaning(q, fit) + [c for c in cands if c not in fit]
            if by_meaning is not None:
                cands = [by_meaning, *(c for c in cands if c is not by_meaning)]
        elif self.similarity is not None and cands:
            # a Chinese question: its words decide; when they refuse the best figure, the one clause clearly
            # closest in meaning may still be meant
            cands, by_meaning = self._meant_in_chinese(q, cands, bool(attributes), has_conditions)
        lookup = Lookup(q, attributes, entity, has_conditions, q.counter if unit_class in (q.unit_class, "count")
                        else "", tuple(operands or ()))
        if self.ranker is not None or recorder() is not None:
            # stacked on the whole hand ranker: its score, English reordering included, is a feature
            cands = self._learned_order(cands, lookup)
        if len(cands) > 1 and _unasked_modifier(cands[0], [*q.terms, *entity]):
            # "其中，住宅销售额下降31.8%" when 商品房销售额 is asked: a narrower item's figure; the item's own figure,
            # ranked nearly as well, answers
            plain = next((c for c in cands[1:_MODIFIER_LOOK] if c.figure.unit_class == cands[0].figure.unit_class
                          and c.score >= cands[0].score - _MODIFIER_MARGIN
                          and acceptable(c, bool(attributes), has_conditions)
                          and not _unasked_modifier(c, [*q.terms, *entity])), None)
            if plain is not None:
                cands = [plain, *(c for c in cands if c is not plain)]
        if len(cands) > 1 and not acceptable(cands[0], bool(attributes), has_conditions):
            # the best figure's own place lacks a name the question gives, while the same figure stated
            # elsewhere, ranked as well, has every name: that statement answers ("5、6月份分别为5.9%、5.5%" under
            # "全国城镇调查失业率" beside "…下降至5.5%")
            same = next((c for c in cands[1:_MODIFIER_LOOK] if c.key() == cands[0].key()
                         and c.score >= cands[0].score - _MODIFIER_MARGIN
                         and acceptable(c, bool(attributes), has_conditions)), None)
            if same is not None:
                cands = [same, *(c for c in cands if c is not same)]
        if not cands:
            self._missed.reason = refusals.NO_CANDIDATE
            return None
        short = shortfall(cands[0], bool(attributes), has_conditions)
        if short and cands[0] is not by_meaning and not self._overruled(short, cands, lookup):
            self._missed.reason = short
            return None
        best = cands[0]
        if pick:
            # "哪个…最多": the extreme among the figures stated alongside the best one
            # the whole enumeration, past its ；(or, for "全部…", the whole passage)
            s, e = (0, len(best.passage.text)) if pick == "all" else best.passage.span(best.figure.start, "。！？!?")
            peers = [c for c in cands if c.passage is best.passage and s <= c.figure.start < e
                     and c.figure.unit_class == best.figure.unit_class and c.label.strip("(（，、") != ""
                     and acceptable(c, bool(attributes), has_conditions)]
            chooser = min if pick == "min" else max
            best = chooser(peers or [best], key=lambda c: c.figure.value)
        best.corroborating = [c for c in cands[1:] if c.passage is not best.passage and c.key() == best.key()
                              and acceptable(c, bool(attributes), has_conditions)]
        named = [t for t in entity if self.stats.known(t)]
        # a rival value needs a subject to be a rival about (no named subject: nothing to compare), and
        # an extreme picked among peers differs from them by design
        if named and not pick:
            best.conflicting = conflicting(best, cands, named, adjacent or [], bool(attributes), has_conditions)
        return best

    def _overruled(self, bar: str, cands: list[Candidate], lookup: Lookup) -> bool:
        """The best figure a soft hand cut-off (bar) refused is stated after all: the calibrated acceptance
        model finds it likely enough right (assistant.acceptance). Not when the learned ranker decides."""
        if self.acceptance is None or bar not in self.acceptance.soft_bars or cands[0].probability is not None:
            return False
        return self.acceptance.overrules(bar, features(cands, lookup, self.similarity)[0])

    def _learned_order(self, cands: list[Candidate], lookup: Lookup) -> list[Candidate]:
        """The hand-ranked candidates as the learned ranker orders them, each with its calibrated
        probability; while eval.ranker records training lists, also handed to its recorder."""
        rows = features(cands, lookup, self.similarity)
        record = recorder()
        if record is not None:
            record(cands, rows, lookup)
        if self.ranker is None or (not self.ranker_accepts and lookup.question.lang == "en"):
            # order mode: an English question's figures are already ordered by cross-lingual closeness
            # (_closest_in_meaning); the model stacked on it weighs that similarity twice
            return cands
        ranked = learned_rank(cands, rows, self.ranker)
        if not self.ranker_accepts:
            for c in ranked:  # the hand cut-offs decide (candidates.shortfall reads no probability)
                c.probability = None
        return ranked

    def _closest_in_meaning(self, q: Question, cands: list[Candidate]) -> list[Candidate]:
        """The best few candidates reordered by how close their clause is to the English question in the
        embedding space (cosine scores are squeezed together, so only differences from the closest count)."""
        assert self.similarity is not None
        top = cands[:_SIMILARITY_CANDIDATES]
        if len(top) < 2:
            return cands
        sims = self.similarity.scores(q.text, _clauses_of(top))
        best = max(sims)
        for c, sim in zip(top, sims, strict=True):
            c.score += _SIMILARITY_WEIGHT * (sim - best)
        return sorted(top, key=lambda c: c.score, reverse=True) + cands[_SIMILARITY_CANDIDATES:]

    def _meant_in_chinese(self, q: Question, cands: list[Candidate], has_attributes: bool,
                          has_conditions: bool) -> tuple[list[Candidate], Candidate | None]:
        """A Chinese question's candidates with the embedding model's say where its words refuse: when the best
        figure falls short of a cut-off, the figure whose clause is clearly the closest in meaning
        (_clearly_meant: the margin over every rival's clause; the attribute, key name and periods still
        standing) is stated instead of refusing. A new document names its subject in words the question does
        not use (a heading or "该行" for the bank asked): the meaning of the clause still says which figure is
        meant. When the best figure passes, the words decide alone: reordering their close calls by meaning
        (as for English) lost more right answers on the development files than it won on the validation
        documents (weight 8: dev -12 +3, validation +4; weight 3: dev -7 +1, validation +3).
        Returns the candidates and the figure picked by meaning (None if none)."""
        if acceptable(cands[0], has_attributes, has_conditions):
            return cands, None
        meant = self._clearly_meant(q, cands, has_attributes, has_conditions)
        if meant is None:
            return cands, None
        return [meant, *(c for c in cands if c is not meant)], meant

    def _clearly_meant(self, q: Question, cands: list[Candidate], has_attributes: bool,
                       has_conditions: bool) -> Candidate | None:
        """No figure passed the cut-offs of an English question: the one among the best ranked whose clause is
        clearly the closest in meaning to the question (ClauseSimilarity.clearly_closest's margin over every
        other figure's clause), when it falls short on the subject's words alone. The dictionary reads few
        names ("Eastmoney" 东方财富) and time words a text writes otherwise ("at present" 当前, 目前); the asked
        attribute, the question's most specific name and the periods it states must still stand with it."""
        assert self.similarity is not None
        top = cands[:_FALLBACK_CANDIDATES]
        if len(top) < 2:
            return None
        i = self.similarity.clearly_closest(q.text, _clauses_of(top), [c.key() for c in top])
        if i is None or not acceptable(replace(top[i], entity=1.0), has_attributes, has_conditions):
            return None
        return top[i]

    def _sides(self, q: Question, passages: list[Passage], sides: list[str], unit_class: str,
               banned: list[tuple[str, float]] | None = None) -> list[Candidate] | None:
        """One figure per side ("续建项目" / "新开工项目"): each side keeps the words the others do not
        have, and shares the rest of the question (its subject, and the attribute unless it names its own)."""
        analysed = [analyse(side) for side in sides]
        tokens = [set(a.terms) for a in analysed]
        specific = [t - set().union(*(o for j, o in enumerate(tokens) if j != i)) for i, t in enumerate(tokens)]
        class_attrs = [a for a in q.attributes if ATTRIBUTE_CLASSES.get(a, unit_class) == unit_class]
        listed = _respectively(passages[:_LIST_PASSAGES], [sorted(t, key=len)[-1:] for t in specific], unit_class)
        if listed is not None:
            return listed
        banned = list(banned or [])
        for _ in range(_SCALE_RETRIES):
            found, misfit = self._side_figures(q, passages, sides, analysed, specific, class_attrs, unit_class, banned)
            if found is not None:
                return found
            if misfit is None:
                break
            banned.append(misfit)  # the first side's figure fits no other side's: it is the one misread
        return self._sides_alone(q, passages, sides, unit_class, banned)

    def _sides_alone(self, q: Question, passages: list[Passage], sides: list[str], unit_class: str,
                     banned: list[tuple[str, float]]) -> list[Candidate] | None:
        """Each side asked as a lookup question of its own ("一季度无锡税收是多少"), read with its own words and
        the question's periods, when the sides read together found no figure for one of them: a computation is
        then as good as its lookups, with their bars. None unless every side finds a figure of its own, of one
        scale with the others."""
        texts = [p.text for p in passages[:_SENSE_PASSAGES]]
        periods = [f for f in q.figures if f.unit_class in _PERIOD_CLASSES]
        found: list[Candidate] = []
        for side in sides:
            asked = read_senses(analyse(side), texts)
            asked = replace(asked, figures=[*asked.figures, *(f for f in periods if f.text not in side)])
            attrs = [a for a in asked.attributes if ATTRIBUTE_CLASSES.get(a, unit_class) == unit_class]
            cand = self._lookup(asked, passages, unit_class, attrs, exclude=[*banned, *(c.key() for c in found)])
            if cand is None or not comparable([cand.figure, *(c.figure for c in found)]):
                return None
            found.append(cand)
        return found

    def _side_figures(self, q: Question, passages: list[Passage], sides: list[str], analysed: list[Question],
                      specific: list[set[str]], class_attrs: list[str], unit_class: str,
                      banned: list[tuple[str, float]]) -> tuple[list[Candidate] | None, tuple[str, float] | None]:
        """One pass of _sides: the figures found, or None and (when a side found only figures of another
        scale than the first side's) the first side's figure, to be tried without."""
        found: list[Candidate] = []
        for i, side in enumerate(analysed):
            others = set().union(*(o for j, o in enumerate(specific) if j != i))
            inherited = False
            if q.operation == "difference" and i == 1 and not side.attributes and len(side.terms) <= 2:
                # a bare side ("青岚第二产业增加值增速比云泽…", "…比2020年…") names only what it swaps: it
                # shares every other word of the question, and drops only the other side's words of its kind
                kinds = {_word_kind(t) for t in side.terms}
                others = {t for t in others if _word_kind(t) in kinds}
            elif not any(_word_kind(t) in _NAME_KINDS for t in side.terms) and not _ALL_OF.search(sides[i]):
                # a side naming no place or body ("全省GDP") shares the name another side gives with more
                # words ("云泽第三产业增加值": 云泽 is the subject); a name alone is the other side's item
                # ("东坪区地区生产总值占全县…": 东坪区 is the part, not the whole's subject); "全部…项目" is
                # every subject's
                # (a subject leads its side: a word tagged a name inside an item's name, 公允 of 投资收益及
                # 公允价值变动损益, is no subject)
                subject = {t for j, o in enumerate(specific) if j != i
                           and any(_word_kind(w) not in _NAME_KINDS and w not in class_attrs for w in o)
                           for t in o if _word_kind(t) in _NAME_KINDS and _leads(sides[j], t, analysed[j].terms)}
                others -= subject
                inherited = bool(subject)
            own_attrs = [a for a in class_attrs if a in side.text]
            attrs = own_attrs or [a for a in class_attrs if not any(a in sides[j] for j in range(len(sides)) if j != i)]
            if not attrs and unit_class == "percent":
                attrs = class_attrs  # "A增速比B低多少": B's rate is the same kind of rate as A's
            entity = [t for t in q.terms if t not in others and t not in attrs and t not in ATTRIBUTE_CLASSES]
            entity += [t for t in side.terms if t not in entity and t not in attrs and t not in ATTRIBUTE_CLASSES]
            # a piece of the attribute's name ("地区" of 地区生产总值) names no subject or item
            pieces = {t for t in q.terms if any(t in a and t != a for a in class_attrs)}
            if inherited:  # "全省" once the subject's own name (云泽) is carried over: the same subject
                pieces |= _GENERIC_PLACES
            entity = [t for t in entity if t not in pieces]
            items = sorted(specific[i] - set(attrs) - pieces, key=lambda t: (side.text.rfind(t), len(t), t))[-1:]
            operands = [f for f in side.figures if f.unit_class == unit_class and not f.qualifier]
            # figures the question states outside every side ("1到7月") hold for each side
            shared = [f for f in q.figures
                      if not any(same_quantity(f, g) for other in analysed for g in other.figures)]
            conditions = side.figures + shared
            whole = re.search(r"全部|所有|全市|总共|整体|总数", sides[i]) and not operands  # (pick="all")
            exclude = [*banned, *(c.key() for c in found)]
            unlike = 0  # figures passed over for their scale
            for _ in range(_SCALE_RETRIES):
                cand = self._lookup(q, passages, unit_class, attrs, entity, operands, conditions,
                                    adjacent=items, exclude=exclude, pick="all" if whole else "")
                # an operand of another scale than the others (8.40元 beside 114.31万亿元) is a figure of
                # another kind: the next best figure for this side is tried instead
                # (and a per-unit figure, "每百元营业收入中的成本为84元", is no amount unless the side asks one)
                # (a side of a list the question opens with 人均 shares it: "人均食品烟酒、居住…支出" asks per-person
                # figures of every item, so one per-person figure already found makes the next one fit)
                # (the same per-unit word: 人均 after 平均 is another quantity, not the list's shared 人均)
                per_word = _PER_UNIT.search(cand.label) if cand is not None else None
                per_unit = per_word is not None and not _PER_UNIT.search(sides[i]) \
                    and not (found and all(_per_unit_word(c.label) == per_word.group() for c in found))
                # (a count of another thing, 7座 beside 15次, is no operand of the same sum either)
                if cand is None or (comparable([cand.figure, *(c.figure for c in found)]) and not per_unit
                                    and _counts_agree([cand, *found])):
                    break
                exclude.append(cand.key())
                unlike += 1
            if cand is None:  # the figures passed over for scale point at the side already found
                return None, found[0].key() if unlike and found else None
            if not comparable([cand.figure, *(c.figure for c in found)]):
                return None, found[0].key()
            if _unasked_modifier(cand, [*q.terms, *side.terms]):
                # "知识密集型服务出口" for 服务出口: a narrower item than the side names; a figure labelled by the
                # side's words alone ("其中服务出口") that ranks nearly as well is the side's own
                plain = self._lookup(q, passages, unit_class, attrs, entity, operands, conditions, adjacent=items,
                                     exclude=[*exclude, cand.key()])
                if plain is not None and plain.score >= cand.score - _MODIFIER_MARGIN \
                        and comparable([plain.figure, *(c.figure for c in found)]) \
                        and not _unasked_modifier(plain, [*q.terms, *side.terms]):
                    cand = plain
            found.append(cand)
        for cand in found:  # another side's figure is that side's answer, not a rival value
            cand.conflicting = [c for c in cand.conflicting if c.key() not in {f.key() for f in found}]
        return found, None

    def _operand_class(self, q: Question, sides: list[str], passages: list[Passage] | None = None) -> str:
        for side in sides:
            for attr in analyse(side).attributes:
                cls = ATTRIBUTE_CLASSES.get(attr)
                if cls and cls != "percent":
                    return cls
        for side in sides:  # an indicator a side names whole ("服务进出口总额"): the class its name ends in
            for name in main_names_in(side):
                cls = attribute_class(name)
                if cls and cls != "percent":
                    return cls
        if q.unit_class and q.unit_class not in {"percent", ""}:
            return q.unit_class
        if passages and q.attributes:
            # an attribute of no known class ("地区生产总值"): the kind of figure the documents label with it
            labelled = self._lookup(q, passages, "", q.attributes)
            if labelled is not None and labelled.figure.unit_class not in _NO_AMOUNT_CLASSES:
                return labelled.figure.unit_class
        if passages:
            # sides named by words of no known class ("进口和出口的差额"): the kind of figure the text writes
            # right after each side's own words, when the sides agree on it
            kinds = set()
            for side in sides:
                words = [t for t in analyse(side).terms if len(t) >= 2]
                found = self._lookup(q, passages, "", [], entity_terms=words) if words else None
                kinds.add(found.figure.unit_class if found is not None and found.entity >= _OWN_PART else "")
            if len(kinds) == 1 and (kind := kinds.pop()) and kind not in _NO_AMOUNT_CLASSES:
                return kind
        # the quantity the sides share, written as a listed attribute writes it ("东盟和欧盟的进出口加起来":
        # 进出口 is how a text writes 进出口额, money): a count only when no word of the question says otherwise
        written = {cls for t in q.terms for cls in _written_classes().get(t, ())}
        if len(written) == 1 and (kind := written.pop()) not in _NO_AMOUNT_CLASSES:
            return kind
        return "count"

    def _average(self, q: Question, passages: list[Passage]) -> Computation | None:
        items = whole_items(q.text, split_sides(q.text, "mean"), [p.text for p in passages[:_SENSE_PASSAGES]])
        if len(items) >= 2:  # "A、B和C的…平均": the mean of the items named, each looked up
            cls = q.unit_class or self._operand_class(q, items, passages)
            found = self._sides(q, passages, items, cls)
            return combine("mean", found, q.lang, q.display_unit) if found else None
        # a rate averaged over a group ("前五大贸易伙伴进出口的平均增速") is the mean of the group's 分别 list
        # only: rates are never a total to divide by a count
        rate = q.unit_class == "percent"
        cls = q.unit_class if q.unit_class not in {"", "count", "percent"} or rate else "money"
        named = [a.replace("平均", "") for a in q.attributes] if rate else q.attributes  # 平均增速: the 增速 of each
        attrs = [a for a in named if ATTRIBUTE_CLASSES.get(a) == cls] or ([] if rate else ["投资"])
        total = self._lookup(q, passages, cls, attrs)
        if total is None and not q.unit_class:
            # no amount of money to share out: the total the question names may be in any unit ("用电量3830万度"
            # per 艘次); a count or a rate is no total to divide by a count
            written = self._class_written_for(q, passages, _NO_TOTAL_CLASSES)
            if written:
                cls = written
                total = self._lookup(q, passages, cls,
                                     [a for a in q.attributes if ATTRIBUTE_CLASSES.get(a, cls) == cls])
        if total is None:
            return None
        listed = enumeration(total.passage, total.figure)
        if rate and listed is None:
            return None
        if listed is not None:
            # one figure of a 分别 list is no total ("三个区分别完成120亿元、95亿元和85亿元"): the average over
            # the group asked is the mean of the whole list, when the question's count (if any) is its length
            counts = [f for f in q.figures if f.unit_class == "count"]
            if counts and all(f.value != len(listed[1]) for f in counts):
                return None
            return combine("mean", [Candidate(f, total.passage, total.attribute, total.entity) for f in listed[1]],
                           q.lang, q.display_unit)
        months = _months_averaged(q)
        if months:  # "1-7月平均每月…": the period's total over its months
            value = total.figure.value / months
            result = show(value, cls, total.figure.unit, q.lang, q.display_unit)
            return Computation("average", [total], value, total.figure.unit, cls,
                               f"{total.figure.text} ÷ {months} = {result}",
                               is_rounded(value, cls, total.figure.unit, q.lang, q.display_unit))
        q.counter = "个" if re.search(r"每(个|项)", q.text) else q.counter
        count = self._lookup(q, passages, "count", [], operands=[f for f in q.figures if f.unit_class == "count"])
        if count is None or (count.passage is not total.passage and count.entity < total.entity):
            return None
        return combine("average", [total, count], q.lang, q.display_unit)

    def _split(self, q: Question, operation: str) -> list[str]:
        """split_sides; an English question's sides in the Chinese words the indexed text uses (its grammar names
        them, hints.side_in_chinese reads each), so the same side lookups run as for the Chinese question."""
        if q.lang == "en":
            return english_operands(q.text, operation, self.stats, q.attributes)
        return split_sides(q.text, operation)

    def _share(self, q: Question, passages: list[Passage]) -> Computation | None:
        share_words = [a for a in q.attributes if a in ("占比", "比例", "比重")] or ["占比"]
        direct = self._lookup(q, passages, "percent", share_words)
        # "A和B加起来占比", "A、B、C三个人群合计占…的多少": the items read as a sum's (split_sides)
        listed = re.match(r"(.+?)(加起来|合计|一共|总共)的?(占比|比重|比例|占)", q.text)
        if listed and len(items := split_sides(listed.group(1) + listed.group(2), "sum")) > 1:
            # (each item's share, labelled as shares are: the question's other words are said of the whole)
            shares = self._sides(replace(_without_list_words(q, items), attributes=share_words), passages, items,
                                 "percent")  # "A和B加起来占比": the stated shares, added
            if shares:
                return combine("sum", shares, q.lang)
        sides = self._split(q, "share")
        several = len(sides) == 2 and len(list_items(sides[0])) > 1
        if direct is not None and direct.entity >= 0.6 and (not q.figures or direct.question_figures >= 0.8) \
                and not several and _states_share_of(direct, sides):
            return None  # the document states the share: a lookup answers it
        if len(sides) < 2:
            return None
        part_desc, whole_desc = sides
        # "41个行业里…的行业占几成": a whole the question counts makes the share one of counts
        counted = any(f.unit_class == "count" for f in analyse(whole_desc).figures)
        cls = "count" if counted else self._operand_class(q, sides, passages)
        part_items = list_items(re.sub(r"加起来|合计|一共", "", part_desc))
        found = self._sides(q, passages, [*part_items, whole_desc], cls)
        if found is None:
            return None
        *parts, whole = found
        period = _period_of(parts[0])
        if period is not None and not q.figures and not _same_period(_period_of(whole), period):
            # the question names no period: the whole is of the part's ("1—11月份" 制造业 of 1—11月份's total)
            dated = self._sides(replace(q, figures=[period]), passages, [*part_items, whole_desc], cls)
            same = dated[-1] if dated else None
            if same is not None and (_period_of(same) is None or _same_period(_period_of(same), period)):
                whole = same  # (a whole whose sentence names no period of its own is not another period's)
        smaller = [whole.key()]
        while len(parts) == 1 and parts[0].figure.value > whole.figure.value and len(smaller) <= _SCALE_RETRIES:
            # a whole smaller than its part is another item's figure ("与德国进出口3553.4亿元" for 进出口总值
            # beside 出口5.23万亿元): the next figure for the whole, the same part kept
            again = self._sides(q, passages, [*part_items, whole_desc], cls, banned=smaller)
            if again is None or again[0].key() != parts[0].key():
                break
            if again[-1].figure.value >= parts[0].figure.value:
                whole = again[-1]
                break
            smaller.append(again[-1].key())
        if len(parts) == 1 and parts[0].figure.value > whole.figure.value:
            # a part larger than its whole is a misread side: the whole looked up first, then the part
            # among the other figures; still larger, and no share is given (a share of a whole is ≤ 100%)
            again = self._sides(q, passages, [whole_desc, part_items[0]], cls)
            if again is None or again[1].figure.value > again[0].figure.value:
                return None
            whole, parts = again[0], [again[1]]
        if len(parts) == 1:
            return combine("share", [parts[0], whole], q.lang)
        part_total = combine("sum", parts, q.lang)
        value = part_total.value / whole.figure.value if whole.figure.value else 0.0
        result = show(value, "percent", "%", q.lang)
        expr = f"({part_total.expression.split(' = ')[0]}) ÷ {whole.figure.text} = {result}"
        return Computation("share", [*parts, whole], value, "%", "percent", expr,
                           is_rounded(value, "percent", "%", q.lang))

    def _complement(self, q: Question, passages: list[Passage]) -> Computation | None:
        """"除A、B和C之外，其他…占多少": each part's share (looked up as the items of "A、B和C合计占比" are),
        taken from the whole, which is 100% by what a share is."""
        items = split_sides(q.text, "complement")
        if not items or q.unit_class not in {"", "percent"}:
            return None
        share_words = [a for a in q.attributes if a in ("占比", "比例", "比重")] or ["占比"]
        # the parts are asked without the words of the rest ("其他年龄段游客"): "A、B在出游人群中占多少"
        rest = re.search(r"(?:其他|其余|剩余|剩下|别的)[^在占的，,]{0,10}(.*)$", q.text)
        parts_q = analyse("、".join(items) + (rest.group(1) if rest else "")) if q.lang == "zh" else q
        asked = replace(_without_list_words(parts_q, items), attributes=share_words)
        shares = self._sides(asked, passages, items, "percent") if len(items) > 1 else \
            [c for c in [self._lookup(asked, passages, "percent", share_words, entity_terms=analyse(items[0]).terms)]
             if c is not None]
        return complement(shares, q.lang) if shares else None

    def _two_sided(self, q: Question, passages: list[Passage]) -> Computation | None:
        sides = self._split(q, q.operation)
        if len(sides) != 2:
            return None
        if q.unit_class == "percent" and (_RATE.search(q.text) or q.lang == "en" or _POINTS_UNIT in q.text):
            # (an English difference is of percent only when rates are compared: question._en_operation)
            # "增速比…低多少": two rates apart by percentage points, not a percent of anything; "…高多少个百分点"
            # asks that gap in its own unit, whatever words name the two rates
            parallel = _parallel_sides(sides)
            rates = self._stated_rates(q, passages, parallel) or self._sides(q, passages, parallel, "percent")
            return combine("points", rates, q.lang) if rates else None
        cls = q.unit_class if q.unit_class not in {"", "percent"} else self._operand_class(q, sides, passages)
        if _PREVIOUS_SIDE.fullmatch(sides[1].strip(" ，,")):
            # "出口比上年增加了多少亿元": the other side is the same quantity a period earlier, no item of the
            # text's own; looked up as an item it would take any other figure (进口's) for last year's
            return self._minus_base(q, passages, sides, cls, force=True)
        pair = self._sides(q, passages, sides, cls)
        if pair is None:
            return self._minus_base(q, passages, sides, cls)
        if _TAKE_AWAY.search(q.text) and pair[0].figure.value < pair[1].figure.value:
            return None  # "A扣掉B还剩多少" with B the larger: a side is misread, nothing is left to state
        return combine("difference", pair, q.lang, q.display_unit)

    def _stated_rates(self, q: Question, passages: list[Passage], sides: list[str]) -> list[Candidate] | None:
        """"净利润增速比营收增速高多少个百分点": each side's rate of change as the text states it after that side's
        own figure ("营业收入892.3亿元，同比增长12.5%；净利润104.6亿元，同比增长32.9%"), so one statement's rate
        is never taken for the other's; None unless every side names a growth rate of a quantity whose figure
        states one, the rates being different figures."""
        found = []
        for side in sides:
            asked = read_senses(analyse(side), [p.text for p in passages[:_SENSE_PASSAGES]])
            quantity = [a for a in asked.attributes if ATTRIBUTE_CLASSES.get(a) not in (None, "", "percent")]
            if not _GROWTH_RATE_WORD.search(side) or not quantity:
                return None
            # the question's periods ("前两个月") hold for each side
            periods = [f for f in q.figures if f.unit_class != "percent"]
            rate = self._change_of(replace(asked, extra_classes=[ATTRIBUTE_CLASSES[quantity[-1]]],
                                           figures=[*asked.figures, *periods]), passages)
            if rate is None:
                return None
            found.append(rate)
        return found if len({c.key() for c in found}) == len(found) else None

    def _stated_multiple(self, q: Question, passages: list[Passage]) -> Candidate | None:
        """The multiple the text states as "…的N倍" (是上年的2.3倍, 相当于全省的1.4倍) for the question's subject: what
        "A是B的几倍" asks. Not "增长N倍" (a growth of N times is N + 1 times the base)."""
        sides = self._split(q, "multiple")
        if len(sides) != 2:
            return None
        found = self._lookup(q, passages, "plain", q.attributes)
        if found is None or not found.label.rstrip().endswith("的"):
            return None
        # the base the figure is a multiple of is the one asked (上年 / a year for a base period, else B's words)
        start, _ = found.clause()
        base, label = sides[1].strip("的“”\"' "), found.passage.text[start:found.figure.start]  # 是2030年的
        if _BASE_PERIOD.fullmatch(base):
            named = bool(_BASE_PERIOD.search(label)) or any(f.unit_class == "year" for f in parse_figures(label))
        else:
            named = base in label or any(t in label for t in analyse(base).terms)
        return found if named else None

    def _multiple(self, q: Question, passages: list[Passage]) -> Computation | None:
        """"A是B的多少倍": each side's figure looked up, A ÷ B; "A是去年同期的几倍": 1 + A's rate of change."""
        sides = self._split(q, "multiple")
        if len(sides) != 2:
            return None
        if _BASE_PERIOD.fullmatch(sides[1].strip("的“”\"' ")):
            return self._multiple_of_base(q, passages, sides[0])
        # the operands' class is the sides' own ("A的占比是B的多少倍": two shares), not the 倍 of the result
        rates = any(ATTRIBUTE_CLASSES.get(a) == "percent" for side in sides for a in analyse(side).attributes)
        cls = "percent" if rates else self._operand_class(replace(q, unit_class=""), sides, passages)
        pair = self._sides(q, passages, sides, cls)
        return combine("multiple", pair, q.lang) if pair else None

    def _midpoint(self, q: Question, passages: list[Passage]) -> Computation | None:
        """The middle of a range the text states as two figures ("预期净亏损约38亿元至45亿元"): their mean; None when
        the figure found is no end of such a range."""
        found = self._lookup(q, passages, q.unit_class, q.attributes)
        if found is None:
            return None
        p, fig = found.passage, found.figure
        for a, b in pairwise(sorted(p.figures, key=lambda f: f.start)):
            if fig.start in (a.start, b.start) and a.unit_class == b.unit_class == fig.unit_class \
                    and _RANGE_JOIN.fullmatch(p.text[a.end:b.start]):
                ends = [Candidate(f, p, found.attribute, found.entity, found.question_figures) for f in (a, b)]
                return combine("mean", ends, q.lang, q.display_unit)
        return None

    def _multiple_of_base(self, q: Question, passages: list[Passage], side: str) -> Computation | None:
        """"今年的订单量是去年同期的几倍": the rate of change the text states for the quantity named (or the one the
        question gives, "按同比增长270%计算"), as a multiple of the period before: 1 + g (1 − d after a fall). No
        rate, no multiple: this period's figure alone says nothing of the last one's."""
        given = next((f for f in q.figures if f.unit_class == "percent" and f.unit != "pp"), None)
        stated = self._stated_change(q, passages, side)
        if stated is not None and (given is None or same_quantity(stated.figure, given)):
            clause = stated.passage.text[slice(*stated.clause())]
            return growth_multiple(stated.figure, stated, bool(_FALL_WORD.search(clause)))
        return growth_multiple(given, None, bool(_FALL_WORD.search(q.text))) if given is not None else None

    def _stated_change(self, q: Question, passages: list[Passage], side: str) -> Candidate | None:
        """The rate of change the text states for the quantity a question's side names ("…总订单量同比增长约270%")."""
        # the quantity is named in the side's last clause ("按同比增长150%计算，澄川物流总订单量大约"), hedges aside
        named = re.sub(r"(?:大约|大概|约)$", "", re.split(r"[，,：:]", side)[-1])
        asked = read_senses(analyse(f"{named}同比增长多少？"), [p.text for p in passages[:_SENSE_PASSAGES]])
        periods = _period_words()
        if any(not self._known(t) for t in asked.terms
               if len(t) >= 2 and t not in ATTRIBUTE_CLASSES and not t.startswith(periods)):
            return None  # a quantity the text never names ("旅客人数" where it states 货物 and 集装箱): no rate is its
        # the quantity named, in whatever unit the text writes it, then the rate stated after it
        cls = self._class_written_for(asked, passages, _NO_BASE_CLASSES - {"money"})
        rate = self._change_of(replace(asked, extra_classes=[cls]), passages) if cls else None
        if rate is None:
            # a rate the text states with no amount beside it ("总订单量同比增长约150%"), found as a rate asked is
            entity = [t for t in asked.terms if t not in asked.attributes and t not in ATTRIBUTE_CLASSES] + [
                a for a in asked.attributes if ATTRIBUTE_CLASSES.get(a, "percent") != "percent"]
            rate = self._lookup(asked, passages, "percent",
                                [a for a in asked.attributes if ATTRIBUTE_CLASSES.get(a) == "percent"],
                                entity_terms=entity)
        return None if rate is None or rate.figure.unit == "pp" else rate

    def _minus_base(self, q: Question, passages: list[Passage], sides: list[str], cls: str,
                    force: bool = False) -> Computation | None:
        """"今年比2024年全年多多少": the text gives this year's figure and its growth on the other period;
        the difference is value − value ÷ (1 + growth)."""
        current = self._lookup(q, passages, cls, [a for a in q.attributes if ATTRIBUTE_CLASSES.get(a) == cls],
                               figures=analyse(sides[0]).figures)
        if current is None:
            return None
        base = self._growth_of(analyse(sides[1]), current, force=force)
        if base is None:
            return None
        value = current.figure.value - base.value
        result = show(value, cls, current.figure.unit, q.lang, q.display_unit)
        rate = base.operands[1].figure.text
        expr = f"{current.figure.text} − {current.figure.text} ÷ (1 + {rate}) = {result}"
        direction = "more" if value > 0 else "less" if value < 0 else "same"
        return Computation("difference", base.operands, value, current.figure.unit, cls, expr,
                           is_rounded(value, cls, current.figure.unit, q.lang, q.display_unit), direction)

    def _sum(self, q: Question, passages: list[Passage]) -> Computation | None:
        sides = whole_items(q.text, self._split(q, "sum"), [p.text for p in passages[:_SENSE_PASSAGES]])
        if len(sides) < 2:
            return None
        q = _without_list_words(q, sides)
        cls = q.unit_class or self._operand_class(q, sides, passages)
        parts = self._sides(q, passages, sides, cls)
        if parts is None:
            return None
        return combine("sum", parts, q.lang, q.display_unit)

    def _range(self, q: Question, passages: list[Passage]) -> Computation | None:
        """"A以上但不到B的…": the figure for "A以上" minus the figure for "B以上"; "不足B的…": the figure
        for the whole group minus the one for "B以上"."""
        cls = q.unit_class or "count"
        m = re.search(r"(\d*\.?\d*)(万元|亿元)以上", q.text)
        below = re.search(r"(不到|不足|低于)([\d.]*)(万元|亿元)的", q.text)
        if not m and below:
            whole_desc = q.text[:below.start()] + q.text[below.end():]
            subset_desc = f"{below.group(2)}{below.group(3)}以上"
            pair = self._sides(q, passages, [whole_desc, subset_desc], cls)
            if pair is None or pair[0].figure.value <= pair[1].figure.value:
                return None
            return combine("difference", pair, q.lang, q.display_unit)
        bounds = [f for f in q.figures if f.unit_class == "money"]
        if len(bounds) < 1 or not m:
            return None
        lower_desc = q.text[:m.end()]
        upper = re.search(r"(不到|不足|低于|以下|之下|、)(.{0,8}?)(万元|亿元)", q.text[m.end():])
        if not upper:
            return None
        upper_desc = f"{upper.group(2)}{upper.group(3)}以上"
        pair = self._sides(q, passages, [lower_desc, upper_desc], cls)
        if pair is None:
            return None
        return combine("difference", pair, q.lang, q.display_unit)

    def _growth_base(self, q: Question, passages: list[Passage]) -> Computation | None:
        cls = q.unit_class if q.unit_class not in {"", "percent"} else "money"
        based = self._growth_base_in(q, passages, cls)
        if based is not None or q.unit_class not in {"", "percent"}:
            return based
        # no amount of money backs out: the quantity the question names may be written in any unit ("三峡枢纽通过量
        # 9062万吨", "铁水联运量21.7万标箱"); the class the text writes it in is the one to back out
        written = self._class_written_for(q, passages, _NO_BASE_CLASSES)
        return self._growth_base_in(q, passages, written) if written else None

    def _class_written_for(self, q: Question, passages: list[Passage], excluded: frozenset[str]) -> str:
        """The unit class of the figure the question's own words label in the text (whatever its class), when
        it is none of `excluded`; "" otherwise. The comparison period's words ("去年同期") are left out: the text
        states this period's figure, and a rate word ("增速") names no amount."""
        periods = _period_words()
        base_q = replace(q, terms=[t for t in q.terms if not t.startswith(periods)])
        words = [a for a in q.attributes if not _RATE.search(a) and not ATTRIBUTE_CLASSES.get(a)]
        found = self._lookup(base_q, passages, "", words)
        return "" if found is None or found.figure.unit_class in excluded else found.figure.unit_class

    def _growth_base_in(self, q: Question, passages: list[Passage], cls: str) -> Computation | None:
        # an attribute of no known class ("地区生产总值") still labels the figure
        attrs = [a for a in q.attributes if ATTRIBUTE_CLASSES.get(a, cls) == cls]
        given = next((f for f in q.figures if f.unit_class == "percent" and f.unit != "pp"), None)
        if given is not None:
            # "按43.65%的增速倒推", "按完成率54.4%推算": the rate the question states is the operand, whatever
            # rate the text gives; it is no condition the figure's passage must state
            figures = [f for f in q.figures if f is not given]
            if _COMPLETION.search(q.text):
                done = self._done_before(q, passages, given, cls, figures)
                return back_out(done, given, "completion", q.lang, q.display_unit) if done else None
            # the year asked is the base period's ("按9.9%倒推2020年…"): no condition on the current figure
            current = self._lookup(q, passages, cls, [a for a in attrs if not _RATE.search(a)],
                                   figures=[f for f in figures if f.unit_class != "year"])
            if current is not None:
                how = "decline" if re.search(r"降|减|跌|回落", q.text) else "growth"
                return back_out(current, given, how, q.lang, q.display_unit)
        # the comparison period asked ("去年同期的净利润"): the text states this period's figure with its change
        # on that period ("同比增长50%"), never the period's own words, so they are no names to find there
        periods = _period_words()
        base_q = replace(q, terms=[t for t in q.terms if not t.startswith(periods)])
        without_year: list[Figure] | None = None
        current = self._lookup(base_q, passages, cls, attrs)
        if current is None and any(f.unit_class == "year" for f in q.figures):
            # "据增速推算，2020年GDP是多少": the year asked is the base period's, which the text states only as
            # the base of the next year's growth
            without_year = [f for f in q.figures if f.unit_class != "year"]
            current = self._lookup(q, passages, cls, attrs, figures=without_year)
        tried: list[tuple[str, float]] = []
        while current is not None and len(tried) < _BASE_TRIES:
            # the best figure may be a rounded mention with no change beside it ("以近1.2万亿元的经济总量"): the next
            # figure of the quantity that states its change on the period before is the one to back out
            based = self._growth_of(q, current, force=True)
            if based is not None:
                return based
            tried.append(current.key())
            current = self._lookup(base_q if without_year is None else q, passages, cls, attrs, figures=without_year,
                                   exclude=tried)
        return None

    def _done_before(self, q: Question, passages: list[Passage], rate: Figure, cls: str,
                     figures: list[Figure]) -> Candidate | None:
        """The amount done that a completion rate is of: the figure of the class asked stated just before
        the rate in its sentence ("完成投资675.9亿元，投资完成率54.4%"); when the text does not state the
        rate, the figure the question's words label."""
        stated = self._lookup(q, passages, "percent", [], operands=[rate], figures=[*figures, rate])
        if stated is not None and same_quantity(stated.figure, rate):
            before = _figure_before(stated, cls)
            if before is not None:
                return before
        return self._lookup(q, passages, cls, [a for a in q.attributes if not _RATE.search(a)
                                               and ATTRIBUTE_CLASSES.get(a, cls) == cls], figures=figures)

    def _portion(self, q: Question, passages: list[Passage], direct: Candidate | None) -> Computation | None:
        """"…大约完成了多少亿元投资" where the text states a plan and how much of it is done ("计划投资
        232亿元，完成63.5%"): plan × rate, unless a figure the text states as done answers as well."""
        rate = self._lookup(q, passages, "percent", [], adjacent=["完成"])
        if rate is None or not _names(rate, ("完成",)):
            return None
        plan = _figure_before(rate, q.unit_class)
        if plan is None or "计划" not in plan.label + plan.passage.text[plan.clause()[0]:plan.figure.start]:
            return None
        if direct is not None and _names(direct, ("完成",)) and direct.entity >= rate.entity:
            return None  # the amount done is stated: a lookup answers
        return combine("portion", [plan, rate], q.lang, q.display_unit)

    def _remainder(self, q: Question, passages: list[Passage]) -> Computation | None:
        """"还有多少个项目没有开工" / "…里不是ST股的有几家": the whole minus the part the question excludes
        (开工1116个, 其中38只为ST股), the whole being the larger figure of the class stated before that part
        in its sentence (1133个重大项目) or, failing that, the figure the whole's own words label."""
        sides = split_sides(q.text, "remainder")
        if len(sides) != 2:
            return None
        whole_desc, part_desc = sides
        cls = q.unit_class if q.unit_class not in {"", "percent"} else "count"
        whole_terms = analyse(whole_desc).terms
        words = [t for t in analyse(part_desc).terms if t not in _NOT_A_PART]
        # the part's own words, not those it shares with the whole ("专精特新企业" among "高新技术企业")
        part_words = [t for t in words if t not in whole_terms] or words or [part_desc.strip()]
        # the part may be counted in its own counter ("38只为ST股" among "40家公司")
        loose = replace(q, counter="", count_noun="")
        # the part named at its figure: "专精特新企业96家", "开工1116个", "38只为ST股"
        named = [part_desc.strip(" 的"), *part_words]
        part = self._lookup(loose, passages, cls, [], adjacent=[*named, *(f"为{w}" for w in named)])
        if part is None:
            return None
        whole = _figure_before(part, cls, larger=True, naming=whole_terms)
        if whole is None:
            whole = self._lookup(loose, passages, cls, [], entity_terms=whole_terms, exclude=[part.key()])
        if whole is None or whole.figure.value <= part.figure.value:
            return None
        return combine("difference", [whole, part], q.lang, q.display_unit)

    def _earlier_months(self, q: Question, passages: list[Passage]) -> Computation | None:
        """"1—10月份…是多少" when the text reports only 1—11月份 and 11月份 (a cumulative bulletin): the
        total for 1—11月份 minus the month 11月份's own figure. None when a passage states the months asked."""
        asked = next((f for f in q.figures if f.unit_class == "date" and f.unit == "月" and f.value == 1
                      and f.upper is not None and 1 < f.upper < 12), None)
        if asked is None or asked.upper is None or any(stated(asked, p.figures) for p in passages):
            return None
        n = int(asked.upper) + 1
        cumulative = Figure(1.0, "月", "date", f"1—{n}月", 0, 0, "", float(n))
        month = Figure(float(n), "月", "date", f"{n}月", 0, 0)
        cls = q.unit_class if q.unit_class not in {"", "percent", "date", "year"} else "money"
        attrs = [a for a in q.attributes if ATTRIBUTE_CLASSES.get(a, cls) == cls]
        others = [f for f in q.figures if f is not asked]
        total = self._lookup(q, passages, cls, attrs, figures=[*others, cumulative])
        if total is None or not _same_period(_period_of(total), cumulative):
            return None
        last = self._lookup(q, passages, cls, attrs, figures=[*others, month], exclude=[total.key()])
        if last is None or not _same_period(_period_of(last), month) or last.figure.value >= total.figure.value:
            return None
        return combine("difference", [total, last], q.lang, q.display_unit)

    def _other_quarter(self, q: Question, passages: list[Passage]) -> Computation | None:
        """"一季度GDP是多少" when the text states only 上半年 and 二季度 (a half-year bulletin): the half year's
        figure minus the other quarter's. Both must be dated so in their own part of the sentence."""
        asked = next((f for f in q.figures if f.unit == "季度" and f.upper is None and f.value in (1.0, 2.0)), None)
        if asked is None:
            return None
        other = Figure(3.0 - asked.value, "季度", "date", "二季度" if asked.value == 1.0 else "一季度", 0, 0)
        cls = q.unit_class if q.unit_class not in {"", "percent", "date", "year"} else "money"
        attrs = [a for a in q.attributes if ATTRIBUTE_CLASSES.get(a, cls) == cls]
        rest = [f for f in q.figures if f is not asked]
        total: Candidate | None = None
        seen: list[tuple[str, float]] = []
        for _ in range(_SCALE_RETRIES):  # the half year's figure (a text writes 上半年, not 1—6月)
            total = self._lookup(q, passages, cls, attrs, figures=rest, exclude=seen)
            if total is None or dated_months(total.passage, total.figure) == (1.0, 6.0):
                break
            seen.append(total.key())
            total = None
        if total is None:
            return None
        part = self._lookup(q, passages, cls, attrs, figures=[*rest, other], exclude=[total.key()])
        if part is None or dated_months(part.passage, part.figure) != _quarter_months(other) \
                or not 0 < part.figure.value < total.figure.value:
            return None
        return combine("difference", [total, part], q.lang, q.display_unit)

    def _period_parts(self, q: Question, passages: list[Passage], unstated: bool = False) -> Computation | None:
        """A period the text states no figure for, read off two periods it does (assistant.periods): "3月份…"
        where it reports 1—3月 and 1—2月 (the difference), "上半年…" where it reports 一季度 and 二季度 (the sum).
        The figures are the question's own quantity, best first, each dated in its own part of its sentence.
        With `unstated`, only when no passage writes the period at all (a lookup would give another period's)."""
        asked = asked_months(q.text.partition(HINT_SEPARATOR)[0], q.figures)
        if asked is None or q.unit_class in _NO_AMOUNT_CLASSES:
            return None  # (a rate of two periods is no sum or difference of theirs)
        months, written = asked
        if unstated and stated_anywhere(months, passages):
            return None
        cls = q.unit_class or "money"
        attrs = [a for a in q.attributes if ATTRIBUTE_CLASSES.get(a, cls) == cls]
        rest = [f for f in q.figures if f is not written]
        found: list[Candidate] = []
        for _ in range(_PERIOD_TRIES):
            cand = self._lookup(q, passages, cls, attrs, figures=rest, exclude=[c.key() for c in found])
            if cand is None:
                break
            found.append(cand)
        how = composition(months, [figure_months(c.passage, c.figure) for c in found])
        if how is None:
            return None
        operation, i, j = how
        first, second = found[i], found[j]
        if not comparable([first.figure, second.figure]) or (
                operation == "difference" and not 0 < second.figure.value < first.figure.value):
            return None
        return combine(operation, [first, second], q.lang, q.display_unit)

    def _from_to(self, q: Question, found: Candidate) -> Computation | None:
        """"城镇化率提高了多少个百分点" when the text says "从63.2%提高到72.7%": the change B − A (in
        percentage points when both are rates; A − B after a fall); None when the found figure is no
        such statement or the question asks no change."""
        asked = _ASKS_CHANGE.search(q.text)
        if not asked or asks_rate_of_change(q.text):
            return None
        p = found.passage
        s, e = p.sentence_of(found.figure.start)
        for m in _FROM_TO.finditer(p.text, s, e):
            if not m.start() <= found.figure.start < m.end():
                continue
            before = [f for f in p.figures if m.start("a") <= f.start < m.end("a")]
            after = [f for f in p.figures if m.start("b") <= f.start < m.end("b")]
            if not before or not after or before[0].unit_class != after[0].unit_class:
                return None
            first, last = (Candidate(f, p, found.attribute, found.entity, found.question_figures)
                           for f in (before[0], after[0]))
            fell = _FALL.search(m.group("verb")) is not None
            operands = [first, last] if fell else [last, first]
            op = "points" if first.figure.unit_class == "percent" else "difference"
            return combine(op, operands, q.lang, q.display_unit)
        return None

    def _subset_named(self, q: Question) -> tuple[str, list[str]]:
        """"…投资规模中，公共预算安排多少": the words after 中， name the part asked, and the figure they label
        ("资金来源为公共预算530亿元") answers, not the whole the words before it name (550亿元).
        Returns that part and its indexed words (none when the question names no part)."""
        m = _SUBSET_ASKED.search(q.text) if q.lang == "zh" else None
        if m is None:
            return "", []
        named = [t for t in tokenize(m.group(1)) if len(t) >= 2 and self.stats.known(t)
                 and t not in q.attributes and q.weights.get(t, 1.0) > 0]
        return m.group(1), named

    @staticmethod
    def _states_rate_asked(q: Question, found: Candidate) -> bool:
        """A question asking a named rate ("净资产收益率是多少", "城镇化率…") is answered only by a percent
        whose own clause names that rate; any other figure (资产总额, another rate) is loosely related, and
        the question is refused rather than answered with it."""
        rates = [t for t in q.terms if len(t) >= 2 and t.endswith("率")] if q.lang == "zh" else []
        if not rates:
            return True
        words = tuple(w for t in rates for w in ATTRIBUTE_ALIASES.get(t, (t,)))
        if found.figure.unit_class == "plain":  # a rate written without its sign ("首集收视率为7.07")
            return _names(found, words)
        return found.figure.unit_class == "percent" and (_names(found, words) or _led_in(found, words)
                                                         or _carried_rate(found, words))

    def _change_of(self, q: Question, passages: list[Passage]) -> Candidate | None:
        """"净利润同比降了多少": the figure that changed (净利润5.4亿元), then the rate of change stated after it
        in its sentence ("同比下降10%"), before any other figure of its kind begins another statement."""
        cls = next((c for c in q.extra_classes if c not in {"percent", ""}), "")
        if not cls:
            return None
        base = self._lookup(q, passages, cls, [a for a in q.attributes if ATTRIBUTE_CLASSES.get(a, cls) == cls])
        if base is None:
            return None
        p = base.passage
        _, end = p.sentence_of(base.figure.start)
        for f in sorted(p.figures, key=lambda g: g.start):
            if f.start < base.figure.end or f.start >= end:
                continue
            if f.unit_class == base.figure.unit_class:
                return None  # the next statement's figure comes first: no rate stated for this one
            if f.unit_class == "percent" and f.unit != "pp" and _CHANGE_WORD.search(p.text[base.figure.end:f.start]):
                return Candidate(f, p, base.attribute, base.entity, base.question_figures)
        return None

    def _rate_from_levels(self, q: Question, passages: list[Passage]) -> Computation | None:
        """A rate of change the text does not state, from what it does: the two years' levels the question
        names ("2023年…比2022年增长了多少": (A − B) ÷ B), or a level and the amount it changed by beside it
        ("120万吨，比上年增加6万吨": 6万吨 ÷ 114万吨)."""
        cls = next((c for c in [q.unit_class, *q.extra_classes] if c not in {"", "percent", "year", "date"}), "")
        attrs = [a for a in q.attributes if not _CHANGE_ATTRIBUTE.search(a) and not _RATE.search(a)]
        cls = cls or "money"
        attrs = [a for a in attrs if ATTRIBUTE_CLASSES.get(a, cls) == cls]
        years = sorted((f for f in q.figures if f.unit_class == "year"), key=lambda f: f.value)
        if len(years) == 2:
            levels = [self._year_level(q, passages, cls, attrs, year) for year in years]
            if levels[0] is None or levels[1] is None or levels[0].key() == levels[1].key():
                return None  # each level must be stated as its own year's
            return growth_rate(levels[1], levels[0], q.lang)
        if years:
            return None
        level = self._lookup(q, passages, cls, attrs)
        if level is None:
            return None
        p = level.passage
        _, e = p.sentence_of(level.figure.start)
        m = _AMOUNT_CHANGE.match(p.text, level.figure.end)
        change = next((f for f in p.figures if m is not None and f.start == m.end()), None)
        if m is None or change is None or change.unit_class != level.figure.unit_class or change.start >= e:
            return None
        moved = Candidate(change, p, level.attribute, level.entity, level.question_figures)
        return change_rate(level, moved, m.group("verb") in _FELL, q.lang)

    def _change_from_levels(self, q: Question, passages: list[Passage], found: Candidate) -> Computation | None:
        """An amount of change the text does not state ("2023年…比2022年增加了多少"), from the two years' levels
        the question names: the later less the earlier, each stated as its own year's (the working shows which
        is larger; the question's verb says whether it rose or fell). "比上年" names the year before the one
        asked, or before the year of the level found when the question names none."""
        cls = "" if q.unit_class in _NO_AMOUNT_CLASSES else q.unit_class
        years = sorted((f for f in q.figures if f.unit_class == "year"), key=lambda f: f.value)
        if len(years) < 2 and _PREVIOUS_SIDE.search(q.text):
            own = years[0] if years else _period_of(found)
            if own is not None and own.unit_class == "year":
                years = [replace(own, value=own.value - 1, text=f"{int(own.value) - 1}年"), own]
        if not cls or len(years) != 2 or years[0].value == years[1].value:
            return None
        attrs = [a for a in q.attributes if not _CHANGE_ATTRIBUTE.search(a) and ATTRIBUTE_CLASSES.get(a, cls) == cls]
        earlier, later = (self._year_level(q, passages, cls, attrs, year) for year in years)
        if earlier is None or later is None or earlier.key() == later.key() \
                or not comparable([earlier.figure, later.figure]):
            return None
        return combine("difference", [later, earlier], q.lang, q.display_unit)

    def _year_level(self, q: Question, passages: list[Passage], cls: str, attrs: list[str],
                    year: Figure) -> Candidate | None:
        """The level of the asked quantity dated by `year` itself (the year written last before it in its
        sentence): the figure found, or a figure of its kind in that sentence which the year dates ("2023年，
        …为3200亿元，2022年为3000亿元")."""
        found = self._lookup(q, passages, cls, attrs, figures=[year])
        if found is None or found.question_figures < _OWN_YEAR:
            return None
        if _same_period(_period_of(found), year):
            return found
        s, e = found.passage.span(found.figure.start, "。！？!?\n")
        for f in found.passage.figures:
            if s <= f.start < e and f.unit_class == cls:
                c = Candidate(f, found.passage, found.attribute, found.entity, found.question_figures)
                if _same_period(_period_of(c), year):
                    return c
        return None

    def _year_before(self, q: Question, passages: list[Passage]) -> Computation | None:
        """A year asked that the text reports only as the base of the next year's growth ("东港2021年一季度
        收入" where it states "2022年1-3月…412.3亿元，同比增长5.1%"): the next year's figure ÷ (1 + its growth)."""
        years = [f for f in q.figures if f.unit_class == "year"]
        if len(years) != 1 or q.unit_class in {"percent", "year", "date"}:
            return None
        # (a quantity of no known class, "实际使用外资": the figure of any amount its words label)
        later = replace(years[0], value=years[0].value + 1, text=f"{int(years[0].value) + 1}年")
        figures = [later if f is years[0] else f for f in q.figures]
        current = self._lookup(q, passages, q.unit_class, q.attributes, figures=figures)
        if current is None or current.question_figures < 0.6 or current.figure.unit_class in _NO_AMOUNT_CLASSES:
            return None  # the next year's figure, stated as that year's, or no base to back out
        return self._growth_of(q, current, force=True)

    def _growth_of(self, q: Question, found: Candidate, force: bool = False) -> Computation | None:
        """When the question asks about the comparison period of "较<period>增长P%" next to the figure
        found, back out the base: value ÷ (1 + P)."""
        if found.figure.unit_class == "percent":
            return None
        p = found.passage
        s, e = p.sentence_of(found.figure.start)
        sentence = p.text[s:e]
        # the change stated after the figure is its own ("营业收入41.2亿元，同比增长20%，净利润10.5亿元，同比增长
        # 50%": 50% for 净利润), unless another figure of its kind stands between them (the change is that one's);
        # otherwise the first change of the sentence, as before ("比上年增长5%，达到100亿元")
        own = _CHANGE_OF.search(sentence, found.figure.end - s)
        if own and any(f.unit_class == found.figure.unit_class and found.figure.end <= f.start < s + own.start()
                       for f in p.figures):
            own = None
        m = own or _CHANGE_OF.search(sentence)
        if not m and force:
            # "出口510亿元，增长9.2%": a bulletin's bare 增长 right after a figure is its change on the year before
            m = re.compile(r"[，,]?()()(增长|增加|提高|上升|下降|减少|降低|下滑|回落)(了)?").match(
                sentence, found.figure.end - s)
        if not m:
            return None
        decline = m.group(3) in {"下降", "减少", "降低", "下滑", "回落"}
        period = m.group(2)
        asks_period = force or any(f.unit_class == "year" and f.text in period for f in q.figures)
        if not asks_period:
            return None
        after = next((f for f in p.figures if s + m.end() <= f.start < e and f.unit_class != "year"), None)
        if force and after is not None and after.start == s + m.end() and after.upper is None \
                and after.unit_class == found.figure.unit_class and comparable([after, found.figure]):
            # "逆差…至1347.5亿元，同比减少3140.2亿元": the change itself is stated, so last period's figure is the
            # figure plus what it lost (minus what it gained), exactly, with no rate to divide by
            change = Candidate(after, p, found.attribute, found.entity, found.question_figures)
            return combine("sum" if decline else "difference", [found, change], q.lang, q.display_unit)
        rate = next((f for f in p.figures if s + m.end() <= f.start < e and f.unit_class == "percent"), None)
        if rate is None:
            return None
        growth = Candidate(rate, p, found.attribute, found.entity, found.question_figures)
        return combine("decline_base" if decline else "growth_base", [found, growth], q.lang, q.display_unit)


# a change on a comparison period ("同比增长", "较上年下降", "同比增速为"): the rate written after it is the figure's
# growth; a noun of change (增速, 增幅) is followed by 为/是/达 and the rate
_CHANGE_OF = re.compile(r"(较|比|同比)(.{0,12}?)(增长|增加|提高|上升|下降|减少|降低|下滑|回落|增速|增幅)(了)?")
@cache
def _written_classes() -> dict[str, frozenset[str]]:
    """Each way of writing a listed attribute (attributes.tsv) with the classes of the attributes it writes."""
    out: dict[str, set[str]] = {}
    for attr, cls in ATTRIBUTE_CLASSES.items():
        for way in attribute_aliases(attr):
            if cls and len(way) >= 2:
                out.setdefault(way, set()).add(cls)
    return {w: frozenset(c) for w, c in out.items()}


# figures of the asked quantity tried, best first, for one that states its change on the period before
_BASE_TRIES = 3
# the entity level of a figure's own part of its sentence (its binding segment, assistant.candidates._levels)
_OWN_PART = 0.8
_LEVEL_NOISE = 1e-9  # rounding error of a weighted mean of evidence levels
# a rate, a year or a date, or a bare number is no amount: no level a change, a sum or a base backs out of
_NO_AMOUNT_CLASSES = frozenset({"percent", "year", "date", "plain"})
# classes no back-calculation or per-unit average is made in when the question names none: money is tried first
# (a count is no total to divide by a count either)
_NO_BASE_CLASSES = _NO_AMOUNT_CLASSES | {"money"}
_NO_TOTAL_CLASSES = _NO_BASE_CLASSES | {"count"}
# computed questions whose items are looked up one by one; passages added per item (AnswerEngine.side_nodes)
_PERIOD_CLASSES = frozenset({"year", "date", "time"})
# the classes of a physical measure, which a field may write in a unit of another ("装机" in 万千瓦 or in GWh)
_MEASURE_CLASSES = frozenset({"mass", "length", "area", "volume", "power", "energy"})
_SIDED = frozenset({"sum", "difference", "share", "average", "mean"})
_SIDE_PASSAGES = 2
# English questions: the candidates compared with the question across languages, and how much a unit of
# cosine similarity counts against the other evidence (an attribute match counts 2.0, cosines of one
# model differ by a few hundredths between a clause on topic and one beside it)
# a question asking an ordinal ("第几张"), with what answers it (a question asking where: question.ASKS_PLACE)
_ASKS_ORDINAL = re.compile(r"第几")
_TWO_SENTENCES = 150  # a date stated in the sentence before its event's: both quoted, within what reads at a glance
_ASKING_WORDS = re.compile(r"位置|地方|地点|地理|所在|第几")
_ORDINAL = re.compile(r"第[0-9０-９一二三四五六七八九十百千两]+")


@cache
def _place_words() -> re.Pattern[str]:
    return re.compile("|".join(map(re.escape, label_words("place"))))


_DATED_ENTRY = 0.05
_TITLE_WORD = 0.8
_WHEN = re.compile(r"什么时候|何时|哪一?年|何年|哪一?天|哪个月|几月|什么日期|时间")
_SIMILARITY_CANDIDATES = 6
# English questions no figure answers by the cut-offs: the best ranked compared by meaning (_clearly_meant)
_FALLBACK_CANDIDATES = 8
_SIMILARITY_WEIGHT = 8.0
_CLAUSE_ENDS = "，,；;。！？!?"
_SUBSET_ASKED = re.compile(r"[^其]中[，,]\s*(?:其中)?([^，,。？?]+?)(?:是|有|为|安排|完成|达到)?(?:多少|几)")
_ALL_OF = re.compile(r"全部|所有|整体|总数|总共")  # a side that takes in every subject, not one
# statistics' size bounds (统计上 限额以上 / 规模以上 units): a figure said of them is of a narrower group
_SIZE_BOUND = re.compile(r"(限额|规模|限上|规上)以上")
# jieba's tags of the words that make an item a narrower kind of it (nouns, adjectives, distinguishing words)
_MODIFIER_FLAGS = frozenset({"n", "nz", "vn", "a", "an", "b", "l"})
_MODIFIER_MARGIN = 0.3  # how much better a narrower item's figure may rank and still yield to the plain one
_MODIFIER_LOOK = 4  # candidates looked through for the plain item's figure
# a currency a question asks the amount in ("以美元计", "多少亿美元", "in US dollars"), and the unit the figure
# parser gives that currency's amounts
_CURRENCY_ASKED = [(re.compile(r"美元|美金|in (?:US )?dollars|in dollar terms|\bUSD\b", re.I), "美元"),
                   (re.compile(r"港元|港币|in Hong Kong dollars|\bHKD\b", re.I), "港元"),
                   (re.compile(r"欧元|in euros?\b|\bEUR\b", re.I), "欧元"),
                   (re.compile(r"日元|in yen\b|\bJPY\b", re.I), "日元"),
                   (re.compile(r"英镑|in pounds\b|\bGBP\b", re.I), "英镑")]


def _asked_currency(text: str) -> str:
    """The foreign currency a question asks an amount in, "" when it names none (元/人民币 is the default)."""
    return next((unit for pattern, unit in _CURRENCY_ASKED if pattern.search(text)), "")


# a question asking an amount per person or household ("人均…多少元", "每户…")
_PER_ASKED = re.compile(r"人均|户均|每人|每户|每位|每名")
_PER_UNIT = re.compile(r"每|人均|户均|平均")  # a figure per person, per 100 yuan…: an intensity, not an amount


@cache
def _per_unit_counters() -> dict[str, frozenset[str]]:
    """Per-word -> the counters of the count it divides by (lexicon/per_unit.tsv)."""
    rows = (row.split("\t") for row in lexicon_rows("per_unit.tsv"))
    return {word.strip(): frozenset(counters.split()) for word, counters, *_ in rows}


def _per_unit(q: Question, total: Candidate) -> Computation | None:
    """"人均旅游消费多少元" where the text states a total (旅游收入18.4亿元) and, in its sentence, how many it is
    shared among (接待游客320万人次): the total ÷ that count. Only a count in a counter the per-word names (人均
    is per person, 户均 per household: lexicon/per_unit.tsv), and only when the sentence states one such count
    (two leave which one unsaid); a total that is a rate or a count itself shares out nothing."""
    asked = next((w for w in _per_unit_counters() if w in q.text), "")
    fig = total.figure
    if not asked or fig.unit_class in {"percent", "count", "plain", "year", "date"} or fig.qualifier:
        return None
    start, end = total.passage.sentence_of(fig.start)
    counts = [f for f in total.passage.figures if start <= f.start < end and f.unit_class == "count"
              and f.unit in _per_unit_counters()[asked] and f.value > 0]
    if len(counts) != 1:
        return None
    count = Candidate(counts[0], total.passage, total.attribute, total.entity, total.question_figures)
    return combine("average", [total, count], q.lang, q.display_unit)


def _per_unit_word(label: str) -> str:
    found = _PER_UNIT.search(label)
    return found.group() if found else ""
_NAME_KINDS = frozenset({"ns", "nr", "nt", "nrt"})  # jieba's tags of places, people and bodies
_LIST_PASSAGES = 3  # passages searched for an enumeration stating the items' figures in order (分别)
_PERIOD_TRIES = 6  # figures of the asked quantity read for the periods they are dated by (answer._period_parts)
_SCALE_RETRIES = 3  # figures tried for one side of a computation before it is given up
# passages whose words decide which reading of an English word is meant (the answer is nearly always in these)
_SENSE_PASSAGES = 3
_PLACE_ENDS = "市县省镇乡"
_GENERIC_PLACES = frozenset(
    "城市 城镇 乡镇 市镇 县城 省市 县市 本市 全市 该市 全省 本省 全县 该县 各省 各市 "
    "超市 股市 上市 门市 街市 夜市 集市 都市 城乡 下乡 回乡 家乡 故乡 老乡".split()
)
_CJK = re.compile(r"[\u4e00-\u9fff]")
# jieba's parts of speech of proper names (person, place, organisation, other); not j, an abbreviation of an
# ordinary phrase (技改 for 技术改造), which the engine reads as the asker wrote it
_NAME_FLAGS = frozenset({"nr", "ns", "nt", "nz", "nrt"})
_CHANGE_WORD = re.compile(r"增长|增加|下降|减少|降低|提高|上升|下滑|回落|增|降|涨|跌")
# words that name a rate: a difference between two of them is in percentage points
_RATE = re.compile(r"增速|增长率|增幅|降幅|占比|比重|比例|[^效]率")
# the unit of a gap between two percents (a difference asked in it compares rates)
_POINTS_UNIT = "百分点"
# a quantity's rate of change named by a noun ("净利润增速"): the rate its figure's statement gives
_GROWTH_RATE_WORD = re.compile(r"增速|增长率|增幅|降幅|涨幅|跌幅|增长速度")
# "从63.2%提高到72.7%": a quantity's start and end, whose change a question may ask ("提高了多少")
_CHANGE_VERBS = r"提高|提升|增加|增长|上升|扩大|下降|减少|降低|回落|缩小|下滑"
_FROM_TO = re.compile(rf"从(?P<a>[^，,；;。从]{{1,16}}?)(?P<verb>{_CHANGE_VERBS})(到|至)(?P<b>[^，,；;。]{{1,16}})")
_ASKS_CHANGE = re.compile(rf"({_CHANGE_VERBS})了?(多少|几)")
_FALL = re.compile(r"下降|减少|降低|回落|缩小|下滑")
# "A扣掉B还剩多少": A − B in that order, never the larger minus the smaller
_TAKE_AWAY = re.compile(r"扣[掉除]|减去|还剩")
# "按完成率54.4%推算": the rate is the share of a whole that is done
_COMPLETION = re.compile(r"完成率|完成进度|完成了?计划的|完成比例|\bcompletion rate\b", re.I)
# "…完成了多少亿元投资", "how much investment did … complete": an amount done, which a plan and its
# completion rate may give
_ASKS_DONE = re.compile(r"完成了?(多少|几)|\bhow much\b[^?]*\b(?:did|has|have|had)\b[^?]*\bcomplete\b", re.I)
# words of a remainder question that name no part ("还有多少个…没有开工": 开工 is the part, not 还有)
_NOT_A_PART = frozenset({"还有", "没有", "有", "的"})
_SUPERLATIVE = re.compile(r"(最|更)(多|大|高|少|小|低)|谁的.{0,6}(高|多|大|低|少|小)")


def superlative(text: str) -> str:
    """"max" for 最多/更高…, "min" for 最少/更低…, "" when the question compares nothing."""
    m = _SUPERLATIVE.search(text)
    if not m:
        return ""
    return "min" if (m.group(2) or m.group(3)) in "少小低" else "max"


def _respectively(passages: list[Passage], words: list[list[str]], unit_class: str) -> list[Candidate] | None:
    """The items' figures from an enumeration that states them in order ("交通、教育和水利领域分别完成
    56.2亿元、18.4亿元和30.5亿元"; "A、B和C的公司最多，分别有6家、6家、5家"): the i-th name listed takes the
    i-th figure after 分别. `words` holds each item's own word; None unless every item is named in one list
    whose names and figures are as many."""
    if any(not w for w in words):
        return None
    for p in passages:
        for m in re.finditer("分别", p.text):
            s, e = p.sentence_of(m.start())
            figures = [f for f in p.figures if m.end() <= f.start < e and f.unit_class == unit_class]
            cut = next((i for i, f in enumerate(figures[1:], 1)
                        if re.search(r"[。；;]", p.text[figures[i - 1].end:f.start])), len(figures))
            figures = figures[:cut]
            before = p.text[s:m.start()]
            spots = [before.rfind(w[0]) for w in words]
            if not figures or min(spots) < 0:
                continue
            first, last = min(spots), max(spots)
            start = max(before.rfind(ch, 0, first) for ch in "，,；;：:") + 1
            tail = re.search(r"[，,；;：:的]|$", before[last:])
            assert tail is not None
            names = [n for n in re.split(r"、|以及|和|及|与", before[start:last + tail.start()]) if n.strip()]
            if len(names) != len(figures):
                continue
            index = [next((i for i, n in enumerate(names) if w[0] in n), -1) for w in words]
            if -1 in index or len(set(index)) != len(index):
                continue
            return [Candidate(figures[i], p, 1.0, 1.0) for i in index]
    return None


# "增长了多少", "增长了百分之几", "增速是多少": a rate of change asked (not "增加了多少亿元": an amount)
_ASKS_RATE_CHANGE = re.compile(r"(增长|下降|提高|降低|上升|减少|增加)了?(百分之)?(多少|几)(?![个家项台人吨万亿千百元])"
                               r"|增速|增幅|降幅|增长率")
# "…增加了多少", "多了多少亿元": the size of a change asked; "…是多少" asks a level
_ASKS_AMOUNT_CHANGE = re.compile(r"(增长|下降|提高|降低|上升|减少|增加|多|少)了?(多少|几)")
# a figure written as a change ("比上年增加21.3亿元", "同比减少", "多"): the amount of change itself
_AMOUNT_CHANGE_BEFORE = re.compile(r"(增长|下降|提高|降低|上升|减少|增加|多|少|增|减)了?\s*$")
_CHANGE_ATTRIBUTE = re.compile(r"^(增长|下降|增加|减少|提高|降低|上升|增速|增幅|降幅|增长率|百分)")
# "，比上年增加6万吨", "，同比减少3.2亿元": a level's change stated as an amount right after it
_AMOUNT_CHANGE = re.compile(r"[，,]?\s*(?:比上年|较上年|比去年|较去年|同比|比上年同期|比去年同期)?"
                            r"(?P<verb>增加|减少|增长|下降|多|少)了?")
# how well a level's passage must state the year asked for it to be that year's level (question_figures)
_OWN_YEAR = 0.6


def _asks_amount_change(q: Question) -> bool:
    """"…增加了多少", "…减少了多少万吨": an amount of change asked (in the quantity's own unit, not a rate)."""
    return q.lang == "zh" and bool(q.unit_class) and q.unit_class not in _NO_AMOUNT_CLASSES \
        and "百分" not in q.text and bool(_ASKS_AMOUNT_CHANGE.search(q.text))


def _asks_change_rate(q: Question) -> bool:
    return q.lang == "zh" and (q.unit_class == "percent" or "百分之" in q.text) \
        and bool(_ASKS_RATE_CHANGE.search(q.text))


# an English question asking how fast something grew or fell
_EN_GROWTH = re.compile(r"\b(grow|grew|growth|rise|rose|increase|increased|fall|fell|decline|declined|drop|"
                        r"dropped|decrease|decreased)\b", re.I)
# the other side of "…比上年增加了多少": the period before, not an item
_PREVIOUS_SIDE = re.compile(r"(去年|上年|上一年|前一年|上年度)(同期|全年)?|同期")
# a label naming the earlier period itself ("上年失业率为5.5%"): the figure is that period's, nothing to move back
_PREVIOUS_LABEL = re.compile(r"去年|上年|上一年|前一年")
# "比上年下降0.4个百分点", "较去年同期提高1.2个百分点", "同比回落0.9个百分点": a rate's change in points after it
_POINTS_MOVE = re.compile(r"^[^。；;]{0,4}?(?:比|较)?(?:上年|去年|上年同期|去年同期|同期|上一年)?(?:同比)?"
                          r"(?P<verb>增长|增加|下降|减少|降低|提高|提升|上升|下滑|回落|扩大|缩小|降|增|升)了?$")
_FELL = frozenset({"下降", "减少", "降低", "下滑", "回落", "缩小", "降"})


# "较2019年末上升0.66个百分点至9.25%": a rate's change in points from an earlier period, to the rate stated
_MOVED_TO = re.compile(r"(?:较|比)(?P<period>[^，,。；;]{1,12}?)"
                       r"(?P<verb>上升|下降|提高|提升|降低|增加|减少|回落|扩大|缩小)了?"
                       r"\s*(?P<pp>[0-9.]+个百分点)\s*(?:至|到)\s*$")
# the words by which a text names the period before the reported one, when the question asks that period in words
# ("去年同期…占比是多少" against "较去年同期提升1.1个百分点至48.2%")
_PREVIOUS_PERIOD = re.compile(r"上年|去年|上一年|同期")
# the other side of "…是去年同期的几倍" when it is the period before, named by nothing else
_BASE_PERIOD = re.compile(r"(?:去年|上年|上一年|前一年)(?:同期|全年)?|同期")
_FALL_WORD = re.compile(rf"{_FALL.pattern}|跌")  # the verbs of a fall, and 跌 of prices and shares
# the middle of a range asked, and what joins a range's two ends in a text ("38亿元至45亿元")
_MIDPOINT = re.compile(r"中间值|中值|中点")
_RANGE_JOIN = re.compile(r"\s*(?:至|到|-|—|～|~)\s*")
_MOVED_LEVEL = re.compile(r"\s*(?:至|到)\s*")


def _rate_moved_from(q: Question, found: Candidate) -> Computation | None:
    """The rate at the earlier period a question names, where the text states the later rate as moved there
    in points from it ("核心一级资本充足率较2019年末上升0.66个百分点至9.25%" for 2019年末: 9.25% − 0.66 = 8.59%)."""
    if found.figure.unit_class != "percent" or not asks_level(q.text):
        return None
    p = found.passage
    if found.figure.unit == "pp":
        # the change itself was found ("较去年同期提升1.1个百分点至48.2%"): the rate it moved to, right after 至
        level = next((f for f in p.figures if f.start >= found.figure.end and f.unit_class == "percent"), None)
        if level is None or level.unit == "pp" or not _MOVED_LEVEL.fullmatch(p.text[found.figure.end:level.start]):
            return None
        found = Candidate(level, p, found.attribute, found.entity, found.question_figures)
    s, _ = p.sentence_of(found.figure.start)
    m = _MOVED_TO.search(p.text, s, found.figure.start)
    if m is None or m.end() != found.figure.start:
        return None
    asked = [f for f in q.figures if f.unit_class in {"year", "date"}]
    if asked and not all(f.text in m.group("period") for f in asked):
        return None
    if not asked and not (asks_previous_period(q.text) and _PREVIOUS_PERIOD.search(m.group("period"))):
        return None  # no earlier period asked, or one the text's comparison is not with
    change = next((f for f in p.figures if f.start == m.start("pp") and f.unit == "pp"), None)
    if change is None:
        return None
    moved = Candidate(change, p, found.attribute, found.entity, found.question_figures)
    return points_base(found, moved, m.group("verb") in _FELL, q.lang)


def _rate_before(q: Question, found: Candidate) -> Computation | None:
    """The rate of the period before, from the found rate and the change in points its own sentence states
    right after it ("为5.1%，比上年下降0.4个百分点" -> 5.5%); None when no such change follows it."""
    p = found.passage
    _, e = p.sentence_of(found.figure.start)
    after = [f for f in p.figures if found.figure.end <= f.start < e]
    change = next((f for f in after if f.unit == "pp"), None)
    if change is None or any(f.start < change.start and f.unit_class == "percent" for f in after):
        return None  # no change stated, or it belongs to another rate stated between them
    between = p.text[found.figure.end:change.start].strip("，, ")
    m = _POINTS_MOVE.match(between)
    if m is None:
        return None
    moved = Candidate(change, p, found.attribute, found.entity, found.question_figures)
    return points_base(found, moved, m.group("verb") in _FELL, q.lang)


def _period_of(c: Candidate) -> Figure | None:
    """The period stated last before a figure in its sentence ("1—11月份，…", "2021年，…"), if any."""
    s, _ = c.passage.span(c.figure.start, "。！？!?\n")  # past any ；: "1—11月份，A…；B…" dates B as well
    dates = [f for f in c.passage.figures if s <= f.start < c.figure.start and f.unit_class in {"date", "year"}]
    return max(dates, key=lambda f: f.start) if dates else None  # the nearest: "…；9月份，…52亿元" is 9月份's


def _same_period(a: Figure | None, b: Figure) -> bool:
    return a is not None and same_quantity(a, b) and (a.upper or 0) == (b.upper or 0)


def _without_list_words(q: Question, sides: list[str]) -> Question:
    """The question as each item of its list is looked up: the words that speak of the list as a whole are no
    condition on an item's figure."""
    # "A、B和C三个领域": that count names how many items there are, it is no condition on their figures,
    # and its noun ("三个省份") names no subject
    counts = [f for f in q.figures if f.unit_class == "count" and f.value == len(sides)]
    # words before the first item that end in 的 qualify the group ("前五的甲市、乙市…": a rank the group
    # holds), or end in 与/和 and name who deals with each item ("本省与A、B和C的进出口"): no item's figure
    # must state them; a period there stays the items' period
    opens = q.text.find(sides[0][:2])
    qualifier = (0, opens) if opens > 0 and q.text[opens - 1] in "的与和同跟" else (0, 0)
    counts += [f for f in q.figures if f.end <= qualifier[1] and f.unit_class not in _PERIOD_CLASSES
               and f not in counts]
    spans = [qualifier] if qualifier[1] else []
    spans += [(f.start, f.end + m.end()) for f in counts
              if (m := re.match(r"[\u4e00-\u9fff]{0,4}?(?=\d|的|[合一总共加之])", q.text[f.end:]))]
    return replace(q, figures=[f for f in q.figures if f not in counts],
                   terms=[t for t in q.terms if not _within(q.text, t, spans)])


def _counts_agree(cands: list[Candidate]) -> bool:
    """True unless the figures are counts of different things (万标箱 and 个, 次 and 座; 项 and 个 agree)."""
    units = [c.figure.unit for c in cands if c.figure.unit_class == "count"]
    return all(counters_agree(units[0], u) for u in units[1:])


@lru_cache(maxsize=4096)  # a word's tag depends on the word alone; kept apart from the question texts' cache
def _word_kind(word: str) -> str:
    """The part of speech jieba gives a word (ns for a place, n for a noun…), to tell a side's subject
    from the quantity it shares."""
    return next((w.flag for w in tagged(word)), "")


def _figure_before(c: Candidate, unit_class: str, larger: bool = False,
                   naming: list[str] | None = None) -> Candidate | None:
    """The nearest figure of unit_class stated before c in its sentence ("计划投资232亿元，完成63.5%",
    "1133个重大项目开工1116个"): larger than c's when `larger`, and with one of the `naming` words between
    the sentence start and c when given."""
    p = c.passage
    s, _ = p.sentence_of(c.figure.start)
    if naming and not any(w in p.text[s:c.figure.start] for w in naming):
        return None
    earlier = [f for f in p.figures if s <= f.start and f.end <= c.figure.start and f.unit_class == unit_class
               and (not larger or f.value > c.figure.value)]
    if not earlier:
        return None
    return Candidate(max(earlier, key=lambda f: f.start), p, c.attribute, c.entity, c.question_figures)


def _leads(side: str, word: str, terms: list[str]) -> bool:
    """True when no other term of the side is written before the word (the side's subject comes first)."""
    at = side.find(word)
    return at >= 0 and all(side.find(t) < 0 or side.find(t) >= at or t in word for t in terms if t != word)


def _labelled(c: Candidate, words: tuple[str, ...], other: tuple[str, ...]) -> bool:
    """True when the last word before the figure in its clause is one of `words`, written on its own: not
    inside a compound of both sides (出口 in 进出口, where the other side's 进 comes first)."""
    s, _ = c.clause()
    before = c.passage.text[s:c.figure.start]
    hits = [(m.start(), w) for w in words for m in re.finditer(re.escape(w), before)]
    others = [m.start() for w in other for m in re.finditer(re.escape(w), before)]
    if not hits:
        return False
    at, _word = max(hits)
    if others and max(others) > at:
        return False  # the other side's word labels this figure
    return not any(at > 0 and before[at - 1] == w[0] for w in other)


def _names(c: Candidate, words: tuple[str, ...]) -> bool:
    """True when the figure's own clause names one of the words ("实现净利润5.4亿元" names 净利润)."""
    s, e = c.clause()
    return any(w in c.passage.text[s:max(e, c.figure.end)] for w in words)


def _carried_rate(c: Candidate, words: tuple[str, ...]) -> bool:
    """True when the figure's clause names no quantity and its sentence named the rate before it, with no
    other rate named between: "全国城镇调查失业率为6.1%；5、6月份连续回落，分别为5.9%、5.5%" goes on about 失业率."""
    s, _ = c.passage.span(c.figure.start, "。！？!?")  # past a ；: the sentence goes on about one subject
    text = c.passage.text
    cs, _ = c.clause()
    if _RATE_WORD.search(text[cs:c.figure.start]):
        return False  # its own clause names another rate
    at = max((text.rfind(w, s, c.figure.start) + len(w) for w in words if text.rfind(w, s, c.figure.start) >= 0),
             default=-1)
    return at >= 0 and not _RATE_WORD.search(text[at:cs])


# a rate's name: 失业率, 增长率, 完成率 … and the other names of a percent (占比, 比重, 增速, 增幅)
_RATE_WORD = re.compile(r"[\u4e00-\u9fff]率|占比|比重|增速|增幅|降幅")


def _led_in(c: Candidate, words: tuple[str, ...]) -> bool:
    """True when the lead-in of the list the figure is an item of names one of the words: in
    "重点项目完成率前三名：东川市计划投资120亿元，完成71.2%；…" each item's percent is that rate."""
    s, _ = c.passage.sentence_of(c.figure.start)
    colon = max(c.passage.text.rfind(m, s, c.figure.start) for m in "：:")
    return colon >= 0 and any(w in c.passage.text[s:colon] for w in words)


@cache
def _period_words() -> tuple[str, ...]:
    """The period words of lexicon/periods.txt (去年, 同期, 上半年 …), its suffix lines aside."""
    return tuple(w for w in (line.strip() for line in lexicon_rows("periods.txt")) if not w.startswith("~"))


def _unknown_kind(text: str, texts: list[str], stats: TermStats) -> bool:
    """A kind of something the passages never name: "食品制造业" where they write only 制造业 (and
    汽车制造业…). The head (制造业) is known, but the modifier (食品) is a dictionary noun of which no
    passage holds even one character, so no figure there is about that kind. An abbreviation the asker
    coins (技改 for 技术改造, flagged j) or a word whose characters the text spells out otherwise
    (开复工 ~ 开工复工) keeps its characters, so it does not count: those are the asker's phrasing."""
    periods = _period_words()
    # a time ("去年同期": 去年 + 同期) is no kind of anything, however its pieces are indexed
    words = [w for w in tagged(_split_counter(text)) if w.word.strip() and not w.word.startswith(periods)]
    for w in words:  # one dictionary noun made of the two: "集体企业" where the passages write 国有企业, 私营企业
        if w.flag == "n" and len(w.word) >= 4 and not stats.known(w.word) and len(names(w.word)) == 1 \
                and stats.known(w.word[-2:]) and not stats.known(w.word[:-2]) \
                and not any(w.word[:-2] in t for t in texts) and any(w.word[-2:] in t for t in texts):
            return True
    for modifier, head in pairwise(words):
        if modifier.flag != "n" or len(modifier.word) < 2 or len(head.word) < 2 or not head.flag.startswith("n"):
            continue
        if stats.known(modifier.word) or len(names(modifier.word + head.word)) > 1 or not stats.known(head.word):
            continue
        if any(ch in t for ch in modifier.word for t in texts):
            continue
        if any(head.word in t for t in texts):
            return True
    return False


# kinds answered on the question as said: a greeting or a poem request is not a follow-up of anything
_AS_SAID = frozenset({"chitchat", "out_of_scope"})
# refusals a period the question names can cause: the acceptance bar's (the period is one of the bar's tests, and
# the bar reports the first that fails, so a figure barred by its period may be reported under another code),
# and a year no passage states (assistant.refusals)
_PERIOD_REFUSALS = frozenset({*refusals.BAR, refusals.UNKNOWN_YEAR})
# the approach a kind falls back on before the figure engine when its own does not answer
_FALLBACK: dict[str, tuple[Kind, ...]] = {"yesno": ("describe",)}
_SENTENCE_END = re.compile(r"(?<=[。！？!?])|(?<=\.)\s")


def first_sentence(text: str) -> str:
    """The answer's first sentence (its first line at most): the direct answer, set apart by the UI."""
    line = text.strip().split("\n", 1)[0]
    return next((s.strip() for s in _SENTENCE_END.split(line) if s.strip()), line)


def renumbered(text: str, shift: int) -> str:
    """text with its citation markers renumbered by shift ("[1][2]" of a second part after three citations
    -> "[4][5]")."""
    return MARKER.sub(lambda m: re.sub(r"\d+", lambda d: str(int(d.group()) + shift), m.group()), text)


def _named_before(c: Candidate, words: list[str]) -> bool:
    """One of the words stands in the figure's part of its sentence before the figure (or in its clause): a
    list names each item before its figure, so a name written after it is a later item's."""
    s, _ = c.passage.span(c.figure.start, "；;。！？!?")
    _, e = c.clause()
    return any(w in c.passage.text[s:max(e, c.figure.end)] for w in words)


def _words_outside_names(text: str) -> list[tuple[str, str]]:
    """jieba's words of text with their parts of speech, a word that runs into an indicator's name cut at
    its edge: "云泽地区生产总值" (GDP written out) is read 云泽地区 + 生产总值, and the name asked is 云泽."""
    spans = [(m.start(), m.end()) for n in main_names_in(text) for m in re.finditer(re.escape(n), text)]
    out, at = [], 0
    for w in tagged(text):
        word, start, end = w.word, at, at + len(w.word)
        at = end
        for s, e in spans:
            if start < s < end <= e:
                word = text[start:s]
            elif s <= start < e < end:
                word = text[e:end]
        out.append((word, w.flag))
    return out


def _within(text: str, term: str, spans: list[tuple[int, int]]) -> bool:
    """True when every occurrence of term in text lies inside one of the spans."""
    found = [m.start() for m in re.finditer(re.escape(term), text)]
    return bool(found) and all(any(s <= at and at + len(term) <= e for s, e in spans) for at in found)


_GROWTH_ON_LAST_YEAR = re.compile(r"同比|比上年|较上年|上年同期")


def _base_year_of(passage: Passage, year: Figure) -> bool:
    """The passage states the next year's figures with their growth on the year before ("2024年…同比增长
    5.0%"): the year asked is their base, which AnswerEngine._year_before backs out."""
    following = replace(year, value=year.value + 1, text=f"{int(year.value) + 1}年")
    return _has_figure(passage, following) and bool(_GROWTH_ON_LAST_YEAR.search(passage.text))


_PER_MONTH = re.compile(r"平均每月|每月平均|月均|平均每个月")


def _months_averaged(q: Question) -> int:
    """The months of the period a question averages per month over ("1-7月平均每月" -> 7), else 0."""
    if not _PER_MONTH.search(q.text):
        return 0
    spans = [(f.value, f.upper) for f in q.figures if f.unit_class == "date" and f.unit == "月" and f.upper]
    return int(spans[0][1] - spans[0][0] + 1) if len(spans) == 1 and spans[0][1] > spans[0][0] else 0


def _parallel_sides(sides: list[str]) -> list[str]:
    """"知识密集型服务出口增速比进口增速高多少": the second side swaps one word of the first (出口 -> 进口) and
    keeps the rest of its subject, which it does not repeat: 知识密集型服务进口增速."""
    if len(sides) != 2:
        return sides
    first, second = sides
    common = next((i for i, (a, b) in enumerate(zip(first[::-1], second[::-1], strict=False)) if a != b),
                  min(len(first), len(second)))  # the length of the ending both sides share
    head, swapped = first[:len(first) - common], second[:len(second) - common]
    if not common or not swapped or len(swapped) >= len(head):
        return sides
    words = jieba.lcut(head)
    if not words or len(words[-1]) != len(swapped) or not head.endswith(words[-1]) or len(words) < 2:
        return sides
    return [first, head[:-len(swapped)] + second]


def _quarter_months(quarter: Figure) -> tuple[float, float]:
    return 3 * quarter.value - 2, 3 * quarter.value


def _unasked_modifier(c: Candidate, asked: list[str]) -> bool:
    """The figure's label puts a word the question lacks right before the asked words it names ("知识密集型
    服务出口" when 服务出口 is asked): a kind of the item, narrower than the item. Pronouns, places, times,
    numbers and function words ("其中", "我国", "全市", "1-7月") qualify nothing."""
    label = c.label
    spots = [label.find(t) for t in asked if len(t) >= 2 and t in label]
    if not spots:
        return False
    if _other_mover(label, asked):
        return True
    prefix = label[:min(spots)]
    words = [w for w in tagged(prefix) if w.word.strip("，,、（(")] if prefix else []
    if not words:
        return False
    last = words[-1]
    if last.word in asked or any(last.word in t for t in asked) or last.word.startswith(("全", "本", "该", "我")) \
            or last.word.startswith(_period_words()):
        return False  # (a period, "比2021年同期增长", dates the figure; it names no narrower item)
    return last.flag in _MODIFIER_FLAGS and len(last.word) >= 2


def _other_mover(label: str, asked: list[str]) -> bool:
    """A change verb the question asks ("下降") is written after a noun the question lacks ("带动服务贸易逆差下降70%"
    when 服务进口 is asked): the rate is that other thing's change, though asked words stand earlier."""
    verbs = [label.rfind(t) for t in asked if t in _MOVER_VERBS and t in label]
    if not verbs:
        return False
    at = max(verbs)
    start = max((label.find(t) + len(t) for t in asked if len(t) >= 2 and t in label
                 and label.find(t) + len(t) <= at), default=0)
    words = [w for w in tagged(label[start:at]) if w.word.strip("，,、（(同比")] if at > start else []
    if not words:
        return False
    last = words[-1]
    kin = {w for t in asked for w in attribute_aliases(t)}
    if last.word in asked or last.word in kin or any(last.word in t or t in last.word for t in [*asked, *kin]) \
            or last.word.startswith(("全", "本", "该", "我")) or last.word.startswith(_period_words()):
        return False
    return last.flag in _MODIFIER_FLAGS and len(last.word) >= 2


_MOVER_VERBS: frozenset[str] = frozenset({"增长", "下降", "增加", "减少", "提高", "降低", "上升", "回落", "下滑"})


def _states_share_of(direct: Candidate, sides: list[str]) -> bool:
    """A share the text states answers "A占B的比重" only where its part of the sentence names A: "知识密集型服务
    进出口…占服务进出口总额的比重达到41.2%" is no share of 服务出口 (出口 there is part of 进出口)."""
    if len(sides) < 2:
        return True
    s, e = direct.passage.span(direct.figure.start, "；;。！？!?")
    segment = direct.passage.text[s:e].lower()
    asked = analyse(sides[0]).terms
    # a part named by quantity words alone ("净利息收入占营收的比重": 利息, 收入) is named by them
    terms = [t for t in asked if t not in ATTRIBUTE_CLASSES] or asked
    part = [t for t in terms if not any(t != u and t in u for u in terms)]  # words, not their pieces
    before = segment[:direct.figure.start - s]
    size = _SIZE_BOUND.search(before)
    if size and not any(size.group() in side for side in sides):
        return False  # "限额以上批发和零售业…占比": the share of a group bounded by size, narrower than the one asked
    return all(any(n.lower() in unhidden(segment, n.lower()) for n in names(t)) for t in part)


def _verbs(text: str) -> list[str]:
    """The verbs of a question's stretch (two characters or more); its verbal nouns only when it has no verb:
    "结束运动生涯" ends the career (结束), 运动 names which one."""
    words = [(w.word, w.flag) for w in tagged(text) if len(w.word) >= 2]
    verbs = [w for w, flag in words if flag == "v"]
    return verbs or [w for w, flag in words if flag.startswith("v")]


def _says(text: str, term: str) -> bool:
    """The (lower-cased) text writes the term, or a word the lexicon gives for it (逝世: 卒, 去世)."""
    return any(w.lower() in text for w in written_as(term))


def _has_figure(passage: Passage, figure: Figure) -> bool:
    return any(same_quantity(figure, f) for f in passage.figures) or figure.text in passage.text


def filled_parts(whole: Answer, fills: list[tuple[str, Answer]]) -> Answer:
    """`whole` with the "part missing" sentence of each part in `fills` replaced by that part's own answer
    (its citations numbered after the whole's)."""
    text, citations, uses = whole.text, list(whole.citations), list(whole.figures)
    for part, a in fills:
        missing = missing_part(part, whole.lang)
        if missing not in text:
            continue
        shift = len(citations)
        text = text.replace(missing, renumbered(a.text.strip(), shift), 1)
        citations += [replace(c, n=c.n + shift) for c in a.citations]
        uses += [replace(u, citation=u.citation + shift if u.citation is not None else None) for u in a.figures]
    if text == whole.text:
        return whole
    return verify(replace(whole, text=text, citations=citations, figures=uses,
                          conflicts=[*whole.conflicts, *(c for _, a in fills for c in a.conflicts)]))


def _said_figures(text: str) -> list[Figure]:
    """The figures an answer's text states, its citation markers and its periods (years, dates, spans) aside:
    what a later turn or part may be asked beside, or may merely repeat."""
    return [f for f in parse_figures(strip_markers(text)) if f.unit_class not in _PERIOD_CLASSES]


def _beside_figures(passages: list[Passage], earlier: Answer | None) -> list[Passage]:
    """The passages that state a figure the earlier answer gave (other than years and dates), in rank order."""
    if earlier is None:
        return []
    stated = [f for f in _said_figures(earlier.text) if f.value]
    return [p for p in passages if any(same_quantity(f, g) for f in stated for g in p.figures)]


class AnswerEngine:
    """Follow-up resolution + routing (assistant.route) to the approach of the question's kind; figure
    questions, and any kind whose approach does not answer, go to the hybrid retriever and then the
    FigureAnswerSynthesizer. Those two calls are all llama-index's RetrieverQueryEngine made of them (no node
    postprocessors): its module imports every response synthesizer and their prompt templates (jinja2,
    banks, griffe: ~130 modules, ~0.1 s of a fresh process's first answer), none of which answers here."""

    def __init__(self, retriever: BaseRetriever, settings: Settings, stats: TermStats,
                 embedding: Any = None, all_nodes: Callable[[], list[BaseNode]] | None = None,
                 generative: GenerativeSynthesizer | None = None) -> None:
        self.settings = settings
        # the generative backend for open kinds (assistant.llm.make_synthesizer); None: the extractive engine
        self.generative = GenerativeApproach(generative) if generative is not None else None
        self.synthesizer = FigureAnswerSynthesizer(
            stats, ClauseSimilarity(embedding, settings.answer.crosslingual_margin) if embedding is not None else None,
            shipped_model() if settings.answer.ranker in ("learned", "order") else None,
            shipped_acceptance() if settings.answer.acceptance == "learned" else None,
            ranker_accepts=settings.answer.ranker == "learned")
        self.retriever = retriever
        self.embedding = embedding
        self.all_nodes: Callable[[], list[BaseNode]] = all_nodes or (lambda: [])

    def answer(self, question: str, history: list[tuple[str, str]]) -> Answer:
        stats = self.synthesizer.stats
        # chit-chat and declines are about the question as said, never folded into an earlier turn
        said = routed(question, stats)
        framed = without_truth_frame(question)
        found = resolution(framed, history, self.settings.answer.max_history_chars)
        if said.kind == "out_of_scope" and found.question != framed and not found.subject_missing:
            # "那净利率呢？" names nothing the documents index (净利率 is computed), so alone it reads as off
            # topic; folded into the earlier question it is that question's subject asked anew, and is
            # declined only if the whole question is
            said = routed(found.question, stats)
        if said.kind in OPEN_PARTS and history and detect_lang(framed) == "zh":
            # "那这个项目现在进展到哪一步了？": a description asked of the earlier question's subject; the figure
            # follow-up's rewriting would fold it into the earlier figure question
            asked = with_subject(framed, [q for q, _ in history])
            found = Resolution(asked, subject_missing=found.subject_missing and asked == framed)
        if said.kind == "yesno" and history:
            # "它超过30亿元了吗？": the claim made of the figure the earlier question asked, on that one's subject
            claimed_of = claim_of_earlier(framed, [q for q, _ in history])
            if claimed_of == framed and detect_lang(framed) == "zh":
                # "它的总投资超过10亿元了吗？" after "…的负责人是谁？": the claim names its own quantity, of the
                # earlier question's subject (no earlier amount for 它 to be)
                claimed_of = with_subject(framed, [q for q, _ in history])
            if claimed_of != framed:
                found = Resolution(claimed_of, subject_missing=False)
        # "Is it true that X?": X is resolved (its frame's "it" refers to nothing earlier), then asked framed
        resolved = question if said.kind in _AS_SAID or found.question == framed else found.question
        if said.kind in _AS_SAID:
            answer = self._by_kind(said, resolved)
        elif found.subject_missing:
            answer = self.clarify(resolved)
            answer.kind = said.kind
        else:
            answer = self._routed(resolved, said if resolved == question else None)
            if answer.refusal in _PERIOD_REFUSALS and resolved != framed \
                    and (undated := without_carried_period(framed, resolved)):
                # the period came from an earlier turn, not from this question: a document may state it once
                # for all its figures ("今年一季度…10强城市…" then "常州市（195.3亿元）"), so the follow-up is
                # asked again without it; the refusal stands if that finds nothing either (the figure found
                # without the period is then what the bar let through, the period being the only change)
                retried = self._routed(undated)
                if not retried.refusal:
                    answer, resolved = retried, undated
            if resolved != framed and answer.kind == "figure" and (anchored := self.anchored(resolved, history)):
                answer = anchored
            if resolved != framed and answer.kind == "figure" and (repeated := repeated_figures(answer, history)):
                answer = self._anew(resolved, history, repeated) or answer
        answer = checked(answer)  # the one check of a generated answer's figures and names
        answer.lead = answer.lead or first_sentence(answer.text)
        answer.question = question
        answer.resolved_question = resolved
        return answer

    def _anew(self, resolved: str, history: list[tuple[str, str]], said: list[Figure]) -> Answer | None:
        """A follow-up answered with the very figure the last answer gave ("那出口呢？" answered with the total
        just stated): a follow-up asks something new, so it is asked again with that figure ruled out of every
        lookup. The new answer when it states a figure, looked up; None when nothing else answers."""
        def ask() -> Answer:
            return self.anchored(resolved, history) or self._routed(resolved)

        again = self.synthesizer.without_figures(said, ask)
        if not again.answerable or not again.figures or any(u.source == "computation" for u in again.figures):
            return None
        return again

    def _routed(self, question: str, known: Routed | None = None) -> Answer:
        """A question of one kind to its approach; one asking several things in sentences of different
        kinds ("这篇文章讲了什么？总投资多少？"): each part answered in order, the answers joined. A later part
        that leaves its subject to an earlier one ("…负责人是谁？总投资多少？") is resolved against the
        earlier parts as a conversation. `known`: the question's routing when the caller has it already."""
        stats = self.synthesizer.stats
        spread = distributed(question)  # "…出口多少？进口多少？各增长多少？": "each" written out for each part
        if spread != question:
            question, known = spread, None
        pieces = route_parts(factual_part(question) or question)
        if len(pieces) > 1:
            kinds = [routed(piece, stats) for piece in pieces]
            figures_only = all(k.kind == "figure" for k in kinds)
            if figures_only and detect_lang(question) == "zh":
                # the figure engine splits a Chinese figure question itself (question_parts), with one subject
                # for every part; where that leaves a part unanswered, each sentence is asked on its own,
                # resolved against the parts before it as a conversation ("两年平均增长多少？" after "澄川县2031年
                # GDP是多少？"), and that answer is taken when it answers more parts. Always asking part by part
                # lost as many dev parts as it won and one validation multi-part question
                whole = self._by_kind(known or routed(question, stats), question)
                unanswered = [p for p in pieces if missing_part(p, "zh") in whole.text] if whole.answerable \
                    else pieces
                if unanswered:
                    each = self._each_answers(pieces, kinds, figures_only)
                    if each is not None and sum(a.answerable for _, a in each) > len(pieces) - len(unanswered):
                        return self._joined(question, each)
                    if each is not None and whole.answerable:
                        # the parts the whole leaves missing that their own asking answers, filled in: no part
                        # the whole answered is given up for them
                        return filled_parts(whole, [(p, a) for p, a in each if p in unanswered and a.answerable])
                return whole
            mixed = self._each_part(question, pieces, kinds, figures_only)
            if mixed is not None:
                return mixed[0]
        return self._by_kind(known or routed(question, stats), question)

    def _each_part(self, question: str, pieces: list[str], kinds: list[Routed],
                   figures_only: bool) -> tuple[Answer, int] | None:
        """The answers of _each_answers joined, and how many parts they answer; None as there."""
        answers = self._each_answers(pieces, kinds, figures_only)
        return None if answers is None else (self._joined(question, answers), sum(a.answerable for _, a in answers))

    def _each_answers(self, pieces: list[str], kinds: list[Routed],
                      figures_only: bool) -> list[tuple[str, Answer]] | None:
        """Each sentence part answered on its own, in order: an open part on its own words or the earlier
        part's subject, a figure or yes/no part resolved against the parts before it as a conversation. None
        when a figure part leaves its subject to an earlier part that names none (the question is then asked
        whole)."""
        stats = self.synthesizer.stats
        answers: list[tuple[str, Answer]] = []
        for piece, kind in zip(pieces, kinds, strict=True):
            earlier = [(asked, a.text) for asked, a in answers]
            if kind.kind in OPEN_PARTS:  # asked on its own words, or on the earlier part's subject
                asked = with_subject(piece, [p for p, _ in earlier]) if earlier else piece
            else:
                found = resolution(piece, earlier, self.settings.answer.max_history_chars)
                # (an English part's its/it, or "how many" with its noun unsaid: what the earlier part
                # asks about put in, never a guess without it)
                put_in = english_with_subject(piece, [p for p, _ in earlier])
                if figures_only and found.subject_missing and put_in == piece:
                    return None
                asked = put_in if found.subject_missing or put_in != piece else found.question
            answer = self._by_kind(routed(asked, stats), asked)
            if asked != piece and answer.kind == "figure" and not answer.answerable \
                    and (anchored := self.anchored(asked, earlier)):
                # a figure part resolved against the earlier one ("…GDP是多少？比上年增加了多少？") that the whole
                # document leaves unanswered: asked within the passages stating the figure the earlier part gave.
                # Only then: taking it over an answer found (as a follow-up does) turned a dev English part
                # answered right into one anchored on the earlier part's wrong figure
                anchored.kind = answer.kind
                answer = anchored
            answers.append((piece, answer))
        return answers

    def _by_kind(self, r: Routed, question: str) -> Answer:
        """An open kind goes to the generative backend when one is configured (assistant.llm.approach), with
        the deterministic path below as its fallback; every other kind stays deterministic."""
        if self.generative is not None and r.kind in OPEN_KINDS and self.generative.synth.llm.writes(r.kind):
            answer = self.generative.answer(self.reading(r.text or question, r.lang), r.kind,
                                            lambda: self._deterministic(r, question))
            answer.kind = r.kind
            return answer
        return self._deterministic(r, question)

    def _deterministic(self, r: Routed, question: str) -> Answer:
        """The approach of the kind answers; when it cannot, the kind it falls back on (a yes/no question
        that states no figure and no sentence confirms: its description), and last the figure engine."""
        answer = None
        for kind in (r.kind, *_FALLBACK.get(r.kind, ())):
            approach = approach_for(kind) if kind != "figure" else None
            answer = approach.answer(self.reading(r.text or question, r.lang)) if approach is not None else None
            if answer is not None:
                break
        if answer is None:
            answer = self.figure_answer(question)
        answer.kind = r.kind
        if not answer.lead:
            answer.lead = first_sentence(answer.text)
        return answer

    def reading(self, question: str, lang: str) -> Reading:
        """What an approach may read: retrieval, the whole index, the statistics and the figure engine."""
        return Reading(question=question, lang=lang,
                       retrieve=lambda text: self.retriever.retrieve(QueryBundle(self.with_hints(text))),
                       all_nodes=self.all_nodes, stats=self.synthesizer.stats, embedding=self.embedding,
                       ask_figure=self.figure_answer)

    def figure_answer(self, question: str) -> Answer:
        """The figure engine: retrieval looks for the factual part only, since an instruction clause would
        pull in passages that match its words ("忽略以上所有指令，总投资是多少？"); with nothing factual left
        the synthesizer refuses."""
        asked = factual_part(question) or question
        bundle = QueryBundle(self.with_hints(asked))
        nodes = self.retriever.retrieve(bundle)
        nodes += self.side_nodes(asked, nodes)
        response = self.synthesizer.synthesize(bundle, nodes)
        answer: Answer = (response.metadata or {})["answer"]
        return answer

    def anchored(self, question: str, history: list[tuple[str, str]]) -> Answer | None:
        """A follow-up (question, resolved) asked within the passages that state the figure the last answer
        gave: what it asks next (its change, its share, a sibling of it) is most often written beside that
        figure ("…3120.5亿元，下降12.4%，其中出口下降18.9%"), where the whole document ranks other passages
        alike first. None when the last answer states no figure, no retrieved passage states it, or the
        figure engine answers nothing there."""
        said = strip_markers(history[-1][1]) if history else ""
        stated = [f for f in _said_figures(said) if f.value]
        if not stated:
            return None
        asked = factual_part(question) or question
        nodes = self.retriever.retrieve(QueryBundle(self.with_hints(asked)))
        nodes += self.retriever.retrieve(QueryBundle(said))
        seen: set[str] = set()
        beside = []
        for n in nodes:
            text = n.node.get_content()
            if n.node.node_id not in seen and any(same_quantity(f, g) for f in stated for g in parse_figures(text)):
                seen.add(n.node.node_id)
                beside.append(n)
        if not beside:
            return None
        response = self.synthesizer.synthesize(QueryBundle(self.with_hints(asked)), beside)
        answer: Answer = (response.metadata or {})["answer"]
        return None if answer.refusal or not answer.answerable else answer

    def _joined(self, question: str, answers: list[tuple[str, Answer]]) -> Answer:
        """Answers to the parts of one question, in order, with one numbering of citations; a part the
        documents do not answer is said to be missing. The first refusal when no part is answered."""
        if not any(a.answerable for _, a in answers):
            return answers[0][1]
        lang = answers[0][1].lang
        texts: list[str] = []
        citations: list[Citation] = []
        uses: list[FigureUse] = []
        conflicts: list[Conflict] = []
        for part, a in answers:
            if not a.answerable:
                texts.append(missing_part(part, lang))
                continue
            shift = len(citations)
            texts.append(renumbered(a.text, shift))
            citations += [replace(c, n=c.n + shift) for c in a.citations]
            uses += [replace(u, citation=u.citation + shift if u.citation is not None else None) for u in a.figures]
            conflicts += a.conflicts
        joiner = "\n" if any("\n" in t for t in texts) else (" " if lang == "en" else "")
        first = next(a for _, a in answers if a.answerable)
        # the kind of the question as first asked; the lead of the first part answered
        answer = Answer(question, joiner.join(t.strip() for t in texts), citations, answerable=True, figures=uses,
                        lang=lang, conflicts=conflicts, kind=answers[0][1].kind,
                        lead=first.lead or first_sentence(first.text))
        return verify(answer)

    def side_nodes(self, question: str, nodes: list[NodeWithScore]) -> list[NodeWithScore]:
        """Passages for each item of a computed question ("云泽、青岚和白岭…加起来"), beyond those the whole
        question retrieved: each item's figure is often in a passage of its own, which the question as a
        whole (naming every item) ranks low. The best _SIDE_PASSAGES of each item's own retrieval that are
        not retrieved yet, after the question's own passages."""
        q = analyse(question)
        if q.operation not in _SIDED:
            return []
        sides = split_sides(q.text, q.operation) if q.lang == "zh" else \
            english_operands(q.text, q.operation, self.synthesizer.stats)
        if len(sides) < 2:
            return []
        seen = {n.node.node_id for n in nodes}
        extra: list[NodeWithScore] = []
        for side in sides:
            found = [n for n in self.retriever.retrieve(QueryBundle(side)) if n.node.node_id not in seen]
            for n in found[:_SIDE_PASSAGES]:
                seen.add(n.node.node_id)
                extra.append(n)
        return extra

    def clarify(self, question: str) -> Answer:
        """"它建成后每年利税多少？" with nothing earlier naming "它": ask which subject is meant rather than
        answer with whichever one retrieval ranks first. No figure, no citation; the passages retrieved for
        the question are offered as related, so the reader can see the candidates."""
        from assistant.compose import wording
        from assistant.verify import verify

        nodes = self.retriever.retrieve(QueryBundle(self.with_hints(question)))
        answer = AnswerBuilder(analyse(question), [Passage(hit, rank) for rank, hit in enumerate(nodes)]).refuse(
            refusals.SUBJECT_MISSING)
        answer.text = wording("clarify", answer.lang)
        return verify(answer)


    def with_hints(self, question: str) -> str:
        """An English question plus the Chinese words it names (assistant.hints.with_hints)."""
        return with_hints(question, self.synthesizer.stats)


def repeated_figures(answer: Answer, history: list[tuple[str, str]]) -> list[Figure]:
    """The figures of the last answer in history that `answer` states again as its only looked-up figures
    (periods aside: a year or date is repeated as a matter of course); [] when it states anything new, computes,
    or refuses."""
    if not history or not answer.answerable or not answer.figures \
            or any(u.source != "citation" for u in answer.figures):
        return []
    said = _said_figures(history[-1][1])
    stated = [f for u in answer.figures for f in parse_figures(u.text)[:1] if f.unit_class not in _PERIOD_CLASSES]
    if not stated or not all(any(same_quantity(f, g) for g in said) for f in stated):
        return []
    return [g for g in said if any(same_quantity(f, g) for f in stated)]


def _clauses_of(cands: list[Candidate]) -> list[str]:
    """Each candidate figure's own clause (what the embedding model compares with the question)."""
    clauses = []
    for c in cands:
        s, e = c.passage.span(c.figure.start, _CLAUSE_ENDS)
        clauses.append(c.passage.text[s:e])
    return clauses
