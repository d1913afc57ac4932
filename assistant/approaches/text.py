"""What the open-question approaches share: the document read as quotable sentences, the question's
weighted terms, cue words, and the Answer built from quotes (citations as assistant.compose builds them,
every Answer verified)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import TYPE_CHECKING, Any

from llama_index.core.schema import NodeWithScore

from assistant import refusals
from assistant.bilingual import singular
from assistant.candidates import Passage
from assistant.compose import citation_for, locate_in_source, wording
from assistant.figures import parse_figures
from assistant.hints import with_hints
from assistant.question import Question, analyse
from assistant.types import Answer, Citation, FigureUse
from assistant.verify import verify
from assistant.vocabulary import lexicon_rows
from index.keyword import tokenize
from index.segmenter import frequency, pos_cut

if TYPE_CHECKING:
    from llama_index.core.schema import BaseNode

    from assistant.approaches import Reading
    from assistant.candidates import TermStats

# passages that are not running text: picture captions, headline blocks, section headings
NOT_BODY = frozenset({"caption", "headline", "heading"})
# the ends of a sentence, of a clause, of an enumeration item
SENTENCE_END = "。！？!?"
CLAUSE_END = "，,；;：:"
INTRODUCES = ("：", ":")  # the end of a line introducing the paragraphs after it
# an ellipsis closing a paragraph ("……", "．．．", "..."): the writer's "and so on", an end the cleaner may
# still have marked as a cut sentence (index.clean knows "…", not a run of full stops)
ELIDED = ("…", "．．．", "...")
# a quoted line in a list or a summary, as the chat renders one item a line
ITEM_MARK = "- "


@cache
def cue_words(kind: str) -> tuple[str, ...]:
    """The cue words of one kind in assistant/lexicon/open_cues.tsv (status, how, why, what, speech)."""
    rows = (row.split("\t") for row in lexicon_rows("open_cues.tsv"))
    return tuple(word.strip() for k, word in rows if k == kind)


@cache
def _question_cues() -> list[tuple[str, re.Pattern[str]]]:
    rows = (row.split("\t", 1) for row in lexicon_rows("open_questions.tsv"))
    return [(kind, re.compile(pattern.strip(), re.IGNORECASE)) for kind, pattern in rows]


def question_cue(question: str, kinds: tuple[str, ...]) -> str:
    """The first of kinds whose question cue (assistant/lexicon/open_questions.tsv) the question uses."""
    for kind, pattern in _question_cues():
        if kind in kinds and pattern.search(question):
            return kind
    return ""


@dataclass(frozen=True)
class Sentence:
    """One sentence of an indexed passage, with its offsets in the passage."""

    passage: Passage
    start: int
    end: int

    @property
    def text(self) -> str:
        return self.passage.text[self.start:self.end]

    @property
    def doc_id(self) -> str:
        return str(self.passage.hit.node.metadata.get("doc_id", ""))

    @property
    def section(self) -> str:
        return str(self.passage.hit.node.metadata.get("section", ""))

    @property
    def offset(self) -> int:
        """The sentence's start in its document."""
        return self.passage.start + self.start


def titlelike(p: Passage) -> bool:
    """A document's opening line without a sentence end: its title (the cleaner may mark it as cut)."""
    text = p.text.strip()
    return p.start == 0 and len(text) <= 60 and not re.search(r"[。；;！!？?]", text)


SUBTITLE_CHARS = 30


def subtitle_like(p: Passage) -> bool:
    """A short line without a sentence end ("白岭逆袭，两座小城成黑马"): a subtitle the cleaner may mark as cut,
    not the first part of a sentence a page break cut (the next passage's first sentence is its own)."""
    text = p.text.strip()
    return len(text) <= SUBTITLE_CHARS and "\n" not in text and not re.search(r"[。；;！!？?]", text)


def sentence_before(s: Sentence) -> str:
    """The sentence before s in its passage ("" for a passage's first)."""
    earlier = [(a, b) for a, b in s.passage.sentences if b <= s.start]
    return s.passage.text[earlier[-1][0]:earlier[-1][1]] if earlier else ""


def passages_of(nodes: list[BaseNode]) -> list[Passage]:
    """Passages over indexed nodes (all_nodes gives nodes; the quoting code reads Passages)."""
    return [Passage(NodeWithScore(node=node, score=0.0), rank) for rank, node in enumerate(nodes)]


def is_body(p: Passage) -> bool:
    return str(p.hit.node.metadata.get("kind", "body")) not in NOT_BODY


def sentences_of(passages: list[Passage], body_only: bool = True) -> list[Sentence]:
    """The sentences of the passages, in order, without those addressing the system (never evidence),
    without a cut passage's unfinished last sentence and without the rest of it that opens the next one."""
    found = []
    cut_before = False  # the passage before this one in its document was cut mid-sentence (a page break)
    previous_doc = None
    for p in passages:
        meta = p.hit.node.metadata
        doc = meta.get("doc_id")
        after_cut = cut_before and doc == previous_doc
        # a line ending in a colon ("他提出了两点建议：") introduces the paragraphs after it, one ending in an
        # ellipsis is finished: neither is a cut sentence
        introduces = p.text.rstrip().endswith((*INTRODUCES, *ELIDED))
        if is_body(p):
            cut_before, previous_doc = bool(meta.get("truncated")) and not titlelike(p) and not subtitle_like(p) \
                and not introduces, doc
        if body_only and not is_body(p):
            continue
        for s, e in p.sentences:
            if p.is_addressed(s) or (after_cut and s == p.sentences[0][0]):
                continue  # never evidence; or the rest of a sentence cut by a page break
            text = p.text[s:e]
            if e == len(p.text.rstrip()) and p.hit.node.metadata.get("truncated") and text[-1] not in SENTENCE_END \
                    and not introduces:
                continue
            if len(text.strip()) >= 4:
                found.append(Sentence(p, s, e))
    return found


class Corpus:
    """The indexed passages as the open approaches read them, built once per set of nodes."""

    def __init__(self, nodes: list[BaseNode]) -> None:
        self.passages = passages_of(nodes)

    @cached_property
    def sentences(self) -> list[Sentence]:
        return sentences_of(self.passages)

    @cached_property
    def by_doc(self) -> dict[str, list[Sentence]]:
        docs: dict[str, list[Sentence]] = {}
        for s in self.sentences:
            docs.setdefault(s.doc_id, []).append(s)
        return docs

    @cached_property
    def _previous(self) -> dict[tuple[str, int], Passage]:
        found: dict[tuple[str, int], Passage] = {}
        last: Passage | None = None
        for p in self.passages:  # all_nodes gives them by document and offset
            meta = p.hit.node.metadata
            if last is not None and last.hit.node.metadata.get("doc_id") == meta.get("doc_id") \
                    and last.hit.node.metadata.get("section") == meta.get("section"):
                found[(str(meta.get("doc_id", "")), p.start)] = last
            if is_body(p):
                last = p
        return found

    def with_following(self, hits: list[Passage]) -> list[Passage]:
        """The passages with, after each, the body passage that follows it in its section (a paragraph cut
        into passages goes on in the next one: "…风电项目，总投资7.52亿元…" then "项目负责人周恒介绍…")."""
        following = self._following
        seen: set[tuple[str, int]] = set()
        found = []
        for p in hits:
            for q in (p, following.get((str(p.hit.node.metadata.get("doc_id", "")), p.start))):
                if q is None:
                    continue
                key = (str(q.hit.node.metadata.get("doc_id", "")), q.start)
                if key not in seen:
                    seen.add(key)
                    found.append(q)
        return found

    @cached_property
    def _following(self) -> dict[tuple[str, int], Passage]:
        """(doc, start) of a body passage -> the passage after it in its section (built once: building it for
        every question made each question read the whole index)."""
        return {(str(before.hit.node.metadata.get("doc_id", "")), before.start): after
                for (doc, start), before in self._previous.items()
                for after in [self._by_start.get((doc, start))] if after is not None}

    def doc_order(self, doc_id: str) -> int:
        """A document's place in the index order (unknown documents last)."""
        return self._doc_order.get(doc_id, len(self._doc_order))

    @cached_property
    def _doc_order(self) -> dict[str, int]:
        return {doc: i for i, doc in enumerate(self.by_doc)}

    @cached_property
    def _by_start(self) -> dict[tuple[str, int], Passage]:
        return {(str(p.hit.node.metadata.get("doc_id", "")), p.start): p for p in self.passages}

    def context(self, p: Passage) -> str:
        """The words around a passage that may name its subject: its section title and the body passage
        before it in the same section (a paragraph cut into passages names its subject once)."""
        before = self._previous.get((str(p.hit.node.metadata.get("doc_id", "")), p.start))
        return f"{p.context} {before.text if before is not None else ''}"

    def titles(self) -> dict[str, str]:
        """Each document's title: its manifest title, else its opening headline, else its file name."""
        found: dict[str, str] = {}
        for p in self.passages:  # by document and offset: a document's opening passage comes first
            meta = p.hit.node.metadata
            doc = str(meta.get("doc_id", ""))
            if doc in found:
                continue
            title = str(meta.get("title", "") or "")
            if not title or title == doc:
                title = p.text.strip() if not is_body(p) or titlelike(p) else doc
            found[doc] = title
        return found


_CORPORA: dict[tuple[str, ...], tuple[list[BaseNode], Corpus]] = {}


def corpus_of(reading: Reading) -> Corpus:
    """The Corpus of reading.all_nodes(), kept while the same passages are indexed (a new generation has
    other passage ids, so it is read afresh)."""
    nodes = reading.all_nodes()
    # the same list object for a whole generation (api._Opened holds it): checked by identity first, so a
    # question does not hash every passage id; another list with the same passages still finds its Corpus
    cached = _CORPORA.get(("", str(id(nodes))))
    if cached is not None and cached[0] is nodes:
        return cached[1]
    key = tuple(n.node_id for n in nodes)
    found = _CORPORA.get(key)
    if found is None:
        _CORPORA.clear()  # one generation at a time: the previous one's sentences are not needed again
        found = _CORPORA[key] = (nodes, Corpus(nodes))
    _CORPORA[("", str(id(nodes)))] = (nodes, found[1])
    return found[1]


@dataclass
class Terms:
    """The question's content terms, each weighted by its rarity in the index and its part of speech. An
    English word's Chinese senses (项目/计划/工程) form one group: any of them found counts the group once."""

    question: Question
    weights: dict[str, float] = field(default_factory=dict)
    groups: list[tuple[str, ...]] = field(default_factory=list)
    known: Callable[[str], bool] = field(default=lambda term: True)  # the index uses the word

    def _groups(self) -> list[tuple[tuple[str, ...], float]]:
        grouped = [g for g in self.groups if any(t in self.weights for t in g)]
        alone = [(t,) for t in self.weights if not any(t in g for g in grouped)]
        return [(g, max(self.weights.get(t, 0.0) for t in g)) for g in [*grouped, *alone]]

    @property
    def total(self) -> float:
        return sum(w for _, w in self._groups())

    def coverage(self, text: str, context: str = "", before: str = "") -> float:
        """Share of the question's weight found in text; a term found only in the sentence before (which
        often names the subject a sentence goes on about) counts three quarters, one found only in context
        (the passage around it, its section) half."""
        total = self.total
        if not total:
            return 0.0
        got = 0.0
        low, near, around = text.lower(), before.lower(), context.lower()
        for group, w in self._groups():
            group = tuple(t.lower() for t in group)  # GDP is gdp in the lowered text
            if any(t in low for t in group):
                got += w
            elif near and any(t in near for t in group):
                got += 0.75 * w
            elif any(t in around for t in group):
                got += w / 2
        return got / total


def terms_of(reading: Reading, ignore: tuple[str, ...] = ()) -> Terms:
    """The question's terms (an English question's through its Chinese hints) weighted by idf."""
    q = analyse(with_hints(reading.question, reading.stats) if reading.lang == "en" else reading.question)
    asking = cue_words("asking")  # 叫什么名字, 是什么意思: the question's frame, not its subject
    weights = {t: reading.stats.idf(t) * q.weights.get(t, 1.0) for t in q.terms if t not in ignore and t not in asking}
    # a term inside a longer term of the question (负责 in 负责人) is counted once, by the longer one
    weights = {t: w for t, w in weights.items() if w > 0 and not any(t != o and t in o for o in weights)}
    return Terms(q, weights, list(q.senses), reading.stats.known)


def unknown_subject(terms: Terms, passages: list[Passage]) -> bool:
    """The question names a thing (a noun of full weight) that no indexed passage uses ("望川市的地铁建设进展
    如何" of a text without 地铁): whatever sentence comes closest is about something else."""
    q = terms.question
    if q.lang != "zh":
        return False
    texts = [p.text for p in passages]
    document = cue_words("document") + cue_words("asking")

    def unknown(t: str) -> bool:  # (a word the index holds in pieces, 汽车集团 = 汽车 + 集团, is known)
        pieces = [p for p in tokenize(t) if p != t]
        return not terms.known(t) and not (pieces and all(terms.known(p) for p in pieces))

    # the word an interrogative asks about ("怎样评价", "如何推进") is the predicate asked, not a thing named
    # and so is the kind of name asked for ("哪个部门发布的": 部门 is what the answer is, not a thing named)
    asked = set(re.findall(r"(?:怎样|怎么|如何|为何|为什么|哪个|哪一个|哪家|什么)([\u4e00-\u9fff]{2})", q.text))
    return any(q.weights.get(t, 0.0) >= 1.0 and len(t) >= 2 and t not in document and not any(t in d for d in document)
               and t not in asked and unknown(t) and not any(t in text for text in texts) for t in q.terms)


# between a byline's label and its name ("记者|戈振伟", "作者：…", "文/…"), and the space after a role noun
_BYLINE_MARKS = " \u3000|｜：:/"
_CJK = re.compile(r"^[\u4e00-\u9fff]$")


def name_after(text: str, pos: int) -> str:
    """The name written right after pos (a role noun's end): a person's name by jieba's tag, or the two to
    three characters before a speech verb (负责人任月介绍); "" when none."""
    skipped = len(text[pos:pos + 12]) - len(text[pos:pos + 12].lstrip(_BYLINE_MARKS))
    rest = text[pos + skipped:pos + skipped + 12]
    words = list(pos_cut(rest))
    if words and words[0].flag in {"nr", "nrfg", "nrt"} and 2 <= len(words[0].word) <= 4:
        name = str(words[0].word)
        # jieba cuts an unknown three-character name after two (覃伟|中|代表): a single character that is no
        # function word, followed by a word, is the name's third
        if len(name) == 2 and len(words) >= 3 and len(words[1].word) == 1 and _CJK.match(words[1].word) \
                and words[1].word not in cue_words("name_stop") and len(words[2].word) >= 2:
            return name + str(words[1].word)
        return name
    surnamed = surname_split(words)
    if surnamed:
        return surnamed
    for verb in cue_words("speech"):
        m = re.match(rf"([\u4e00-\u9fff]{{2,3}}){re.escape(verb)}", rest)
        if m and not any(str(w.flag).startswith(("v", "t", "p", "d")) for w in pos_cut(m.group(1))):
            return m.group(1)  # (not "采访时" of "记者采访时表示": a verb or a time word is no name)
    return surnamed_name(rest, 0)


@cache
def surnames() -> frozenset[str]:
    """The commonest Chinese surnames (assistant/lexicon/surnames.txt)."""
    return frozenset(ch for row in lexicon_rows("surnames.txt") for ch in row.split())


# what may stand right after a person's name: a function character (孔曦向…, 郑一鸣在…), a mark, or a verb of
# speaking or judging (贺承文指出)
_AFTER_NAME = re.compile(r"[，,。；;：:、\s“”\"]|$")
# the tags no part of a name has: a verb, preposition, adverb, time, numeral, conjunction, particle, pronoun
_NOT_IN_NAME = ("v", "p", "d", "t", "m", "c", "u", "r", "f", "q", "x")


# a word jieba's dictionary counts this often is a common word, not a person's name (单位 17532, 方向 8151; an
# unknown given name counts 0): jieba's counts, from its general corpus, not any document's
COMMON_WORD_COUNT = 1000


def surnamed_name(text: str, pos: int) -> str:
    """The person's name of two or three characters at pos that jieba does not tag as one ("孔曦向记者表示":
    jieba may read a given name with the character after it as one word, an idiom): it opens on a common
    surname, is followed by a function character (name_stop: 向, 在, 对), a mark, or a verb of speaking or
    judging, and jieba reads no verb, preposition or other function word inside it; the longer of the two when
    both are; "" when none."""
    if text[pos:pos + 1] not in surnames():
        return ""
    stops = cue_words("name_stop")
    verbs = (*cue_words("speech"), *cue_words("view"))
    for size in (3, 2):
        name = text[pos:pos + size]
        after = text[pos + size:]
        if len(name) < size or not all(_CJK.match(ch) for ch in name):
            continue
        if not (after[:1] in stops or _AFTER_NAME.match(after) or after.startswith(verbs)):
            continue
        if name[-1] in stops or any(str(w.flag).startswith(_NOT_IN_NAME) for w in pos_cut(name)):
            continue
        if frequency(name) >= COMMON_WORD_COUNT:
            continue  # (单位, 公司 open on a surname too: a word jieba's dictionary counts often is a common word)
        return name
    return ""


def persons_named(text: str) -> list[str]:
    """The persons' names a text writes, by jieba's tags (董登新 nr), a surname cut off included (霍|建国)."""
    words = list(pos_cut(text))
    found = []
    for i, w in enumerate(words):
        joined = surname_split(words[i:])
        if joined:
            found.append(joined)
        elif str(w.flag) in {"nr", "nrfg", "nrt"} and 2 <= len(w.word) <= 4 and _CJK_NAME.match(str(w.word)):
            found.append(str(w.word))
    return found


_CJK_NAME = re.compile(r"^[\u4e00-\u9fff]+$")


def surname_split(words: list[Any]) -> str:
    """A person's name jieba cut after its one-character surname (霍|建国, tagged nr and ns): the surname
    with the one- or two-character noun after it; "" when the words do not open so."""
    if len(words) < 2 or words[0].flag != "nr" or len(words[0].word) != 1 or not _CJK.match(words[0].word):
        return ""
    given = str(words[1].word)
    if not 1 <= len(given) <= 2 or not str(words[1].flag).startswith("n") or given in cue_words("name_stop"):
        return ""
    return str(words[0].word) + given


# -- vectors for similarity and diversity (TF-IDF over the keyword index's tokens) --------------------------

def tfidf(text: str, stats: TermStats) -> dict[str, float]:
    counts = Counter(t for t in tokenize(text) if stats.known(t))
    vector = {t: c * stats.idf(t) for t, c in counts.items()}
    norm = math.sqrt(sum(v * v for v in vector.values())) or 1.0
    return {t: v / norm for t, v in vector.items()}


def cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


# -- similarity in meaning (the embedding model retrieval uses) ------------------------------------------------

# the interrogatives and particles of a question: its frame, not what it is about (《现代汉语八百词》's
# interrogative pronouns and adverbs, with the English wh-words); the rest is compared with each sentence
_ASKING = re.compile(r"为什么|为何|怎么样|怎样|怎么|如何|什么样|什么|哪些|哪个|哪家|哪位|哪里|哪儿|谁|吗|呢|[？?]"
                     r"|\b(?:what|which|who|whom|why|how|where|when)\b", re.IGNORECASE)
_SIMILARITIES: dict[int, Any] = {}  # one ClauseSimilarity (and its vector cache) per embedding model


def asked_content(question: str) -> str:
    """The question without its interrogatives ("星河餐饮为什么会出现年度预亏？" -> "星河餐饮会出现年度预亏"): what a
    sentence answering it is about."""
    return _ASKING.sub("", question).strip() or question


def similarities(reading: Reading, asked: str, texts: list[str]) -> list[float]:
    """The embedding model's cosine of `asked` with each text (one ClauseSimilarity and its vector cache per
    model); all 0 without a model."""
    if reading.embedding is None:
        return [0.0] * len(texts)
    from assistant.crosslingual import ClauseSimilarity

    similarity = _SIMILARITIES.get(id(reading.embedding))
    if similarity is None or similarity.embedding is not reading.embedding:
        similarity = _SIMILARITIES[id(reading.embedding)] = ClauseSimilarity(reading.embedding)
    return similarity.scores(asked, texts)


def relative_similarity(reading: Reading, texts: list[str]) -> list[float]:
    """How close in meaning each text is to an English question (its content, asked_content), by the
    multilingual embedding model retrieval uses, scaled over the texts from 0 (the farthest) to 1 (the
    closest): the model's cosines are squeezed together, so only their order among the candidates says
    something. All 0 without a model, and for a Chinese question: its own words match the text's, and the
    model's preference among sentences that share them was worse than theirs on the dev open sets (a
    fragment restating the subject, "▶甲项目生产线", came closest to "甲项目现在怎么样了"), while an English
    question's words reach the text only through dictionary hints."""
    if reading.embedding is None or len(texts) < 2 or reading.lang != "en":
        return [0.0] * len(texts)
    sims = similarities(reading, asked_content(reading.question), texts)
    low, high = min(sims), max(sims)
    return [(s - low) / (high - low) if high > low else 0.0 for s in sims]


# -- English words for Chinese text (no model: the dictionary's first gloss, names by their pinyin) ---------

_NAME_TAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz"})
_GIST_TAGS = frozenset({"n", "vn", "j", "l", "an", "eng"}) | _NAME_TAGS
_PLACE_ENDS = {"省": "Province", "市": "City", "县": "County", "区": "District"}


def pinyin_name(word: str) -> str:
    """A Chinese name in pinyin, capitalised ("石溪市" -> "Shixi City")."""
    from pypinyin import lazy_pinyin

    end = _PLACE_ENDS.get(word[-1], "") if len(word) >= 3 else ""
    stem = word[:-1] if end else word
    return "".join(lazy_pinyin(stem)).capitalize() + (f" {end}" if end else "")


def english_gist(text: str, prefer: str = "", max_words: int = 8) -> str:
    """The content words of a Chinese sentence in English, in its order: words by a dictionary gloss (the
    one the English question uses, when it uses one: "projects" picks 项目's "project"), a word the
    dictionary lacks by its known pieces (利润总额 -> profit, total amount), names by their pinyin, figures
    in English units ("7.52亿元" -> "752 million yuan"). A gist for an English reader beside the quoted
    sentence, never a translation of it."""
    from assistant.figures import format_value

    asked = {singular(w) for w in re.findall(r"[a-z]+", prefer.lower())}
    words: list[str] = []
    pos = 0
    spans = [(f.start, f.end, format_value(f.value, f.unit, f.unit_class, "en")) for f in parse_figures(text)
             if f.unit_class not in {"plain", "date"}]
    for start, end, shown in [*spans, (len(text), len(text), "")]:
        for word, flag in _statistics_words(text[pos:start]):
            if flag == "stat":  # a reporting term by its English name (资产负债率 "debt to asset ratio")
                glossed = [_statistics_terms()[word]]
            elif flag not in _GIST_TAGS or len(word) < 2:
                continue
            else:
                glossed = [re.sub(r"^to ", "", g) for g in _english_words(word, flag, asked)]
            for english in glossed:
                if english.lower() not in (x.lower() for x in words):
                    words.append(english)
        if shown:
            words.append(shown)
        pos = end
    return ", ".join(words[:max_words])


_TERM_TAGS = frozenset({"n", "nz", "j", "l", "vn", "an", "eng"}) | _NAME_TAGS


@cache
def _statistics_terms() -> dict[str, str]:
    """Chinese term -> the English phrase of statistical reporting that names it first
    (assistant/lexicon/en_statistics.txt, the English editions of the NBS releases: 规模以上 "above designated
    size", 利润总额 "total profit"), for the terms the dictionary lacks or glosses word by word."""
    found: dict[str, str] = {}
    for row in lexicon_rows("en_statistics.txt"):
        english, _, terms = row.partition("\t")
        first = terms.split()[0] if terms.split() else ""
        if len(first) >= 2 and not first.endswith("-") and first not in found:
            found[first] = english.strip()
    return found


def _statistics_words(text: str) -> list[tuple[str, str]]:
    """text's words with jieba's tags, a term of statistical reporting (the longest at each place) kept whole."""
    terms = _statistics_terms()
    longest = max(map(len, terms), default=0)
    words: list[tuple[str, str]] = []
    i = pending = 0
    while i < len(text):
        size = next((n for n in range(min(longest, len(text) - i), 1, -1) if text[i:i + n] in terms), 0)
        if not size:
            i += 1
            continue
        words += [(str(w.word), str(w.flag)) for w in pos_cut(text[pending:i])]
        words.append((text[i:i + size], "stat"))
        i = pending = i + size
    return words + [(str(w.word), str(w.flag)) for w in pos_cut(text[pending:])]


def english_terms(text: str, max_words: int = 6, trailing: bool = False) -> str:
    """The nouns and names of a Chinese phrase in dictionary English (CC-CEDICT's first noun gloss, names in
    pinyin), in order, without figures and verbs: a heading's terms ("望川市全面推进重点项目建设记事" ->
    "Siping City, key project, …"), or, `trailing`, only the run of nouns that ends the phrase (what the
    figure after it measures: "…计划总投资" -> "plan total investment")."""
    words = _statistics_words(text)
    if trailing:
        run: list[tuple[str, str]] = []
        for word, flag in reversed(words):
            # (a verb-noun before a count is its verb: "谋划10场" names no quantity)
            if (flag not in _TERM_TAGS and flag != "stat") or flag == "vn":
                break
            run.insert(0, (word, flag))
        words = run
    english: list[str] = []
    for word, flag in words:
        if flag == "stat":
            glossed = [_statistics_terms()[word]]
        elif flag not in _TERM_TAGS or (len(word) < 2 and flag != "eng"):
            continue
        else:
            glossed = _english_words(word, flag, set())
        for gloss in glossed:
            gloss = re.sub(r"^to ", "", gloss)
            if gloss.lower() not in (e.lower() for e in english):
                english.append(gloss)
    return (" " if trailing else ", ").join(english[-max_words:] if trailing else english[:max_words])


def _english_words(word: str, flag: str, asked: set[str]) -> list[str]:
    from assistant.bilingual import glosses

    table = glosses()
    if flag == "eng":  # GDP, AGV: written in Latin letters already
        return [word]
    if flag in {"nr", "nrfg", "nrt", "ns"}:
        return [pinyin_name(word)]
    if word in table:
        senses = table[word]
        return [next((g for g in senses if singular(g.lower()) in asked), senses[0])]
    found, i = [], 0
    while i < len(word):  # the longest known piece at each position; a run of unknown ones by its pinyin
        size = next((n for n in range(len(word) - i, 1, -1) if word[i:i + n] in table), 0)
        if size:
            senses = table[word[i:i + size]]
            found.append(next((g for g in senses if singular(g.lower()) in asked), senses[0]))
            i += size
        else:
            j = i + 1
            while j < len(word) and not any(word[j:j + n] in table for n in range(2, len(word) - j + 1)):
                j += 1
            found.append(pinyin_name(word[i:j]))
            i = j
    return found


# -- quoting ------------------------------------------------------------------------------------------------

def clause_cut(text: str, max_chars: int) -> int:
    """Where a quote of text ends: the whole text when short enough, else its last clause end within
    max_chars (a quote is always one contiguous stretch of the source, cut at a clause end); 0 when no
    clause end falls within max_chars."""
    if len(text) <= max_chars:
        return len(text)
    ends = [i for i, ch in enumerate(text[:max_chars + 1]) if ch in CLAUSE_END + SENTENCE_END
            and text.count("（", 0, i) + text.count("(", 0, i) == text.count("）", 0, i) + text.count(")", 0, i)]
    return ends[-1] if ends and ends[-1] > 0 else 0  # (never inside brackets: "（按可比口径计算，…）")


def plain(quote: str) -> str:
    """A quote without its closing punctuation, to be followed by its citation marker."""
    return quote.strip().rstrip("。；;，,：:！!？?")


class Quotes:
    """Citations for quoted stretches of passages, numbered in the order they are first quoted; the
    figures each quote states are recorded as cited figures."""

    def __init__(self) -> None:
        self.citations: list[Citation] = []
        self.figures: list[FigureUse] = []
        self._numbers: dict[tuple[str, int, int], int] = {}

    def cite(self, p: Passage, start: int, end: int) -> int:
        """The [n] of the stretch p.text[start:end] (offsets in the passage)."""
        doc = str(p.hit.node.metadata.get("doc_id", ""))
        key = (doc, p.start + start, p.start + end)
        if key not in self._numbers:
            n = len(self.citations) + 1
            citation = citation_for(n, p.hit, p.start + start, p.start + end)
            locate_in_source(citation, p)
            self.citations.append(citation)
            self._numbers[key] = n
            self.figures += [FigureUse(f.text, f.value, f.unit, "citation", n, f.text)
                             for f in parse_figures(p.text[start:end])]
        return self._numbers[key]

    def quote(self, p: Passage, start: int, end: int, lang: str) -> str:
        """The stretch as written, with its marker; in English inside quotation marks."""
        n = self.cite(p, start, end)
        words = plain(p.text[start:end])
        return f"\u201c{words}\u201d[{n}]" if lang == "en" else f"{words}[{n}]"


def counted(n: int, lang: str) -> tuple[str, FigureUse]:
    """The count of items an answer lists, as written in its lead (prompts/list_count) and as the
    computation it is (counting the lines shown), so the verifier traces it."""
    text = wording("list_count", lang).format(count=n)
    figure = next((f for f in parse_figures(text) if f.unit_class == "count"), None)
    written = figure.text if figure else str(n)
    return text, FigureUse(written, float(n), figure.unit if figure else "", "computation", None,
                           f"{written} = the {n} items listed")


def finish(reading: Reading, kind: str, text: str, lead: str, quotes: Quotes,
           extra: list[FigureUse] | None = None) -> Answer:
    answer = Answer(reading.question, text, quotes.citations, answerable=True,
                    figures=[*(extra or []), *quotes.figures], lang=reading.lang, kind=kind, lead=lead)
    return verify(answer)


def refuse(reading: Reading, kind: str, related: list[Passage]) -> Answer:
    """The refusal, with the closest passages offered as related (never as citations)."""
    shown = []
    for i, p in enumerate(related[:3]):
        c = citation_for(i + 1, p.hit, p.start, p.start)
        c.start, c.end = c.passage_start, c.passage_end
        shown.append(c)
    said = wording("refusal_open", reading.lang)  # the figure engine's refusal speaks of figures
    answer = Answer(reading.question, said, [], answerable=False, related=shown, lang=reading.lang, kind=kind,
                    lead=said, refusal=refusals.OPEN_NOT_FOUND)
    return verify(answer)


def retrieved(reading: Reading, question: str | None = None) -> list[Passage]:
    """The passages retrieval ranks for the question (reading.retrieve adds an English one's Chinese hints)."""
    return [Passage(hit, rank) for rank, hit in enumerate(reading.retrieve(question or reading.question))]
