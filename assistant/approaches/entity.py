"""Entity questions (谁, 哪家, 在哪里, 何时; who, which company, where, when): the name itself first, then
the sentence that says it, quoted and cited.

The kind of name asked comes from the question's interrogative (assistant/lexicon/open_questions.tsv);
names are read by jieba's part-of-speech tags (nr person, nt organisation, ns place), by the words
around them (a person's name right after the role the question asks of, 项目负责人周恒; an organisation's
name ending in 公司/集团/股份…, assistant/lexicon/open_cues.tsv; the short forms and Latin names the document
ties to such names, orgnames.py) and dates by assistant.figures. The sentence chosen is the one of the best
retrieved passages that covers the question's words (a word found only elsewhere in its passage counts half)
and states a name of the kind asked; no name found, no answer.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from assistant.approaches.orgnames import name_like_in, rare_noun, vocabulary
from assistant.approaches.text import (
    COMMON_WORD_COUNT,
    Corpus,
    Quotes,
    Sentence,
    Terms,
    clause_cut,
    corpus_of,
    cue_words,
    finish,
    name_after,
    question_cue,
    refuse,
    relative_similarity,
    retrieved,
    sentence_before,
    sentences_of,
    surnamed_name,
    terms_of,
    unknown_subject,
)
from assistant.compose import wording
from assistant.figures import parse_figures
from assistant.question import ASKS_PLACE
from assistant.vocabulary import label_words
from index.segmenter import frequency, pos_cut

if TYPE_CHECKING:
    from assistant.approaches import Kind, Reading
    from assistant.candidates import Passage
    from assistant.types import Answer

PASSAGES = 5  # the best retrieved passages read
QUOTE_CHARS = 80
SIMILARITY_WEIGHT = 0.3  # among the sentences covering the question: the closest in meaning (0 to 1 scaled)
MIN_COVERAGE = 0.4  # the sentence (with its passage) must cover this share of the question's weight
# words an organisation's name may have before its organisation word (中诚信|国际|信用|评级|有限责任|公司)
ORG_NAME_WORDS = 5
_PERSON_TAGS = frozenset({"nr", "nrfg", "nrt"})
_NOUN = re.compile(r"^(?:n|nz|vn|nt|ng|nr|ns|j)$")
# the words an organisation's name may run over before its organisation word: nouns, a Latin name (VELTRA公司),
# a transliterated one (nrt) and an idiom-tagged word of a legal name (有限责任公司)
_ORG_PART = re.compile(r"^(?:n|nz|vn|nt|ng|nr|nrt|ns|j|eng|l)$")
# the noun the question asks a name of: "石溪风电项目的负责人是谁" -> 负责人
_ASKED_OF = re.compile(r"(?P<p>[^，,。？?！!的]+?)(?:是|为|叫)?(?:谁|哪位|哪家|什么人|什么名字|叫什么)")


# the characters a title or a role ends in (署长, 分析师, 发言人, 执行官)
_ROLE_ENDS = ("长", "员", "人", "者", "师", "官")


# "谁是青禾科技的首席科学家": the role asked after the interrogative
_ASKED_OF_AFTER = re.compile(r"(?:谁|哪位)(?:是|担任|任)(?P<p>[^，,。？?！!]+?)[？?]?$")


def asked_role(question: str) -> str:
    m = _ASKED_OF.search(question) or _ASKED_OF_AFTER.search(question.strip())
    if not m:
        return ""
    phrase = m.group("p")
    tail = list(pos_cut(phrase.rstrip("的")))
    if tail and tail[-1].flag == "p":
        return ""  # "…工程由谁批复": the phrase before 由/被 is what was acted on, not a role
    # a role word of the lexicon ending the phrase (新闻发言人: jieba tags 发言人 as an idiom, not a noun)
    roles = [r for r in cue_words("role") if phrase.rstrip("的").endswith(r)]
    if roles:
        role = max(roles, key=len)
        # "设计院副院长是谁": the deputy (or former holder) is the office asked, and a text writes it so
        # (_role_at tells 所长 from 副所长 apart)
        before = phrase.rstrip("的")[:-len(role)]
        return before[-1] + role if before.endswith(_OTHER_OFFICE) else role
    words = [str(w.word) for w in pos_cut(phrase.rstrip("的"))]
    if words and len(words[-1]) >= 2 and words[-1].endswith(_ROLE_ENDS):
        return words[-1]  # "海关总署署长": a title however jieba tags it (署长 is read as a verb)
    nouns = [w.word for w in pos_cut(phrase) if _NOUN.match(w.flag) and len(w.word) >= 2]
    return nouns[-1] if nouns else ""


def hinted_role(terms: Terms, texts: list[str]) -> str:
    """The role an English question asks the holder of, by its Chinese hints ("Who remains chairman…" -> 主席):
    the longest role word of the lexicon among the question's terms that the texts use as that role (an
    English word has several senses: president is 总裁, 主席 or 会长); "" for a Chinese question (asked_role
    reads its wording) or when none is used."""
    if terms.question.lang != "en":
        return ""
    roles = [r for r in cue_words("role") if r in terms.question.terms and any(_role_at(t, r) for t in texts)]
    return max(roles, key=len) if roles else ""


_ASKED_NOUN = re.compile(r"(?:哪家|哪个|哪一家|哪一个|什么)(?P<p>[\u4e00-\u9fff]{1,6}?)(?:的|是|在|有|？|\?|$)")


# "…的城市是哪个": the noun asked stands before 是 and the bare interrogative
_NOUN_ASKED_BEFORE = re.compile(r"(?P<p>[\u4e00-\u9fff]{1,6})(?:是|为)(?:哪个|哪家|哪一个|哪一家)(?:[？?]|$)")


def asked_noun(question: str) -> str:
    """The noun an interrogative asks for ("哪家汽车集团" -> 集团, "…的城市是哪个" -> 城市): a name with it
    answers first."""
    m = _ASKED_NOUN.search(question) or _NOUN_ASKED_BEFORE.search(question.strip())
    if not m:
        return ""
    nouns = [str(w.word) for w in pos_cut(m.group("p")) if _NOUN.match(w.flag)]
    if not nouns:
        return ""
    # "汽车集团" is read as one word: the organisation word it ends in is what a name shares with it
    return next((cue for cue in cue_words("org") if nouns[-1].endswith(cue)), nouns[-1])


def _of_division(word: str) -> bool:
    """An organisation word with its administrative division before it, read as one word by jieba (区政府,
    市统计局): the place's name written before it makes the organisation's name."""
    return len(word) > 2 and word[0] in "省市区县镇乡" and word[1:].endswith(cue_words("org"))


def asked_kind(question: str) -> str:
    """The kind of name an interrogative's noun asks for when no cue says it ("哪个区政府" -> org, "哪个
    城市" -> place); "" when its noun names neither."""
    noun = asked_noun(question)
    if not noun:
        return ""
    if noun in cue_words("org_noun") or noun.endswith(cue_words("org")):
        return "org"
    return "place" if noun in cue_words("place_noun") else ""


# the interrogatives a question asks a name with: the verb right after one is what the named did ("由谁批复",
# "是哪家机构发布的")
_INTERROGATIVE = re.compile(r"谁|哪位|哪家|哪个|哪一家|哪一个|什么人")


def asked_verb(question: str) -> str:
    """The verb the name asked is the doer of: the first verb after the interrogative and its noun ("由谁批复" ->
    批复, "是哪家机构发布的" -> 发布); "" when none follows it."""
    m = _INTERROGATIVE.search(question)
    if m is None:
        return ""
    for w in pos_cut(question[m.end():]):
        # (a verb used as a noun, 旅游 of "哪家旅游网站", vn, is part of the noun asked, not what was done)
        if str(w.flag).startswith("v") and str(w.flag) != "vn" and len(w.word) >= 2:
            return str(w.word)
        if str(w.flag) == "x" or str(w.word) == "是":
            break
    return ""


def doer_first(text: str, names: list[tuple[int, str]], at: int) -> tuple[int, str] | None:
    """(position, doer) of the verb at `at`: the name ending closest before it, with the names before that one
    joined to it by 和/与/、 ("甲局和乙市政府正式批复" -> 甲局和乙市政府); None when no name ends before the
    verb within its clause."""
    clause_start = max(text.rfind(ch, 0, at) for ch in "，,。；;：:") + 1
    before = sorted((pn for pn in names if clause_start <= pn[0] and pn[0] + len(pn[1]) <= at),
                    key=lambda pn: pn[0] + len(pn[1]))
    if not before:
        return None
    last = chosen = before[-1]
    for pn in reversed(before[:-1]):
        if _JOINED.fullmatch(text[pn[0] + len(pn[1]):chosen[0]]):
            chosen = pn
        else:
            break
    return chosen[0], text[chosen[0]:last[0] + len(last[1])]


def dates_in(text: str) -> list[tuple[int, str]]:
    """(position, date) of each date in text, its parts written together read as one ("4月11日", "2022年3月":
    assistant.figures reads 4月 and 11日 apart)."""
    found: list[tuple[int, int]] = []
    for f in parse_figures(text):
        if f.unit_class not in {"year", "date"}:
            continue
        if found and found[-1][1] == f.start:
            found[-1] = (found[-1][0], f.end)
        else:
            found.append((f.start, f.end))
    return [(start, text[start:end]) for start, end in found]


# the characters that make a role another office when written before it: a deputy (副署长) or a former holder
# (前首席执行官, 原局长)
_OTHER_OFFICE = ("副", "前", "原")


def _role_at(text: str, role: str) -> list[re.Match[str]]:
    """Where the role asked stands in text as that role: 署长 is not 副署长 (a deputy is another office), nor
    前首席执行官 (whoever held it before)."""
    return [m for m in re.finditer(re.escape(role), text)
            if role.startswith(_OTHER_OFFICE) or not text[:m.start()].endswith(_OTHER_OFFICE)]


def is_office(role: str) -> bool:
    """A role word naming an office or a trade a person holds (open_cues.tsv role, or a word ending as one
    does: 执行官, 分析师)."""
    return role in cue_words("role") or (len(role) >= 2 and role.endswith(_ROLE_ENDS))


def same_clause(text: str, a: int, b: int) -> bool:
    """Positions a and b of text in one clause (no clause or sentence mark between them)."""
    lo, hi = sorted((a, b))
    return not re.search(r"[，,。；;：:！!？?]", text[lo:hi])


def names_in(text: str, want: str, role: str, known: frozenset[str] = frozenset()) -> list[tuple[int, str]]:
    """(position, name) of each name of the kind wanted in text, in order; an organisation also where text
    writes one of the names `known` to be the document's organisations' (known_orgs)."""
    found: list[tuple[int, str]] = []
    if want == "date":
        return dates_in(text)
    roles = [role] if role else list(cue_words("role"))
    if want == "person":
        for r in roles:
            for m in _role_at(text, r) if role else re.finditer(re.escape(r), text):
                name = name_after(text, m.end())
                if name:
                    found.append((m.end(), name))
                elif role:
                    found += _titled_name(text, m.end())
    if want == "person":
        found += speakers_in(text)  # (with a role asked, one in the role's clause is chosen first: _best)
    pos = 0
    words = list(pos_cut(text))
    # where the role asked stands as that role: a person's name in its clause holds it ("甲调任首席执行官")
    # (a word asked of that names no office, "财务" of "首席财务官", holds no name)
    held = [m.start() for m in _role_at(text, role)] if want == "person" and is_office(role) else []
    for i, w in enumerate(words):
        word = str(w.word)
        if want == "person" and w.flag in _PERSON_TAGS and 2 <= len(word) <= 4:
            # the words after the name, past the time it was said ("束珏婷2日指出", "朱虹昨日解读称")
            after = i + 1 + spoken_time(words[i + 1:])
            following = "".join(str(x.word) for x in words[after:after + 2])
            # a name that speaks is a person's; so is one written with the role asked, unless a noun goes on
            # from it before the role: "青禾科技董事长" (jieba may tag a brand as a person) is whose role
            opens_noun = i + 1 < len(words) and str(words[i + 1].flag).startswith(("n", "j"))
            if following.startswith(cue_words("speech")) or any(same_clause(text, pos, r) and not (
                    pos < r and opens_noun) for r in held):
                found.append((pos, word))
        elif want == "place" and w.flag == "ns" and len(word) >= 2:
            found.append((pos, word))
        elif want == "org":
            if w.flag == "nt":
                # "云泽省" + "统计局", "中国" + "民用" + "航空局": the place and nouns an organisation's name
                # opens with are part of it
                start = i
                while start > 0 and _NOUN.match(words[start - 1].flag) and i - start < 3:
                    start -= 1
                opening = "".join(str(x.word) for x in words[start:i])
                found.append((pos - len(opening), opening + word))
            elif (word in cue_words("org") or _of_division(word)) and i > 0 and _ORG_PART.match(words[i - 1].flag):
                # the name before the organisation word: its nouns back to a verb or a mark
                start = i
                while start > 0 and _ORG_PART.match(words[start - 1].flag) and i - start < ORG_NAME_WORDS:
                    start -= 1
                name = "".join(str(x.word) for x in words[start:i + 1])
                found.append((pos - len(name) + len(word), name))
        pos += len(word)
    if want == "person":
        found += surnamed_holders(text, words, held, found)
    if want == "org":
        found += known_in(text, known, found)
    # "白岭省政府" (nt) inside "白岭省政府新闻办公室" (up to its organisation word): the whole name; a name inside
    # a work's title (《中国经济周刊》) is part of the work's name, not one of the kind asked
    return sorted({(p, n) for p, n in found if not any(q == p and m != n and m.startswith(n) for q, m in found)
                   and not in_work_title(text, p)})


def surnamed_holders(text: str, words: list[Any], held: list[int],
                     found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(position, name) of a person's name jieba does not tag as one (温澜 read as a common noun) in the clause of
    a role asked, where no name was found in that clause: the first word opening on a common surname that
    surnamed_name reads as a name (not a common word: 公司 opens on 公 too)."""
    holders: list[tuple[int, str]] = []
    for r in held:
        if any(same_clause(text, p, r) for p, _ in found):
            continue
        pos = 0
        for w in words:
            name = surnamed_name(text, pos) if same_clause(text, pos, r) else ""
            if name and not text.startswith(cue_words("role"), pos):
                holders.append((pos, name))
                break
            pos += len(str(w.word))
    return holders


# a word that only looks like a name answers as an organisation's when the document names it again: a company a
# text is about comes back, a passing mention of another body does not
MIN_MENTIONS = 2


def proper_names(text: str, document: str, found: list[tuple[int, str]], question: str,
                 within: tuple[int, int] = (0, -1)) -> list[tuple[int, str]]:
    """(position, name) of the words of text (between the positions `within`) that look like proper names
    (orgnames.name_like_in), outside the names found already and the question's own, not a common word jieba's
    dictionary counts often (同比: an abbreviation) and not a person's (one read so by role or speech: names_in)."""
    persons = {n for _, n in names_in(text, "person", "")}
    spans = [(p, p + len(n)) for p, n in found]
    start, end = within[0], (within[1] if within[1] >= 0 else len(text))
    return [(p, n) for p, n in name_like_in(text, document) if start <= p < end and n not in question
            and n not in persons and frequency(n) < COMMON_WORD_COUNT and document.count(n) >= MIN_MENTIONS
            and not any(a < p + len(n) and p < b for a, b in spans) and not in_work_title(text, p)]


def answering_clause(text: str, terms: Terms) -> tuple[int, int]:
    """(start, end) of the clause of text covering most of the question's words."""
    clauses = [(m.start(), m.end()) for m in _CLAUSE_SPAN.finditer(text)] or [(0, len(text))]
    return max(clauses, key=lambda ab: terms.coverage(text[ab[0]:ab[1]]))


def clause_coverage(text: str, terms: Terms) -> Callable[[int], float]:
    """The share of the question's weight the clause of text holding a position covers, by position."""
    clauses = [(m.start(), m.end()) for m in _CLAUSE_SPAN.finditer(text)]
    scores = [terms.coverage(text[a:b]) for a, b in clauses]

    def at(pos: int) -> float:
        return next((round(c, 2) for (a, b), c in zip(clauses, scores, strict=True) if a <= pos < b), 0.0)
    return at


def known_in(text: str, known: frozenset[str], found: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """(position, name) of each of the known organisation names text writes, outside the names found already
    (the short form 澄川物流 inside the full name 澄川物流科技股份有限公司 is that name's part); the longest at a
    place."""
    spans = [(p, p + len(n)) for p, n in found]
    hits: list[tuple[int, str]] = []
    for name in sorted(known, key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            if not any(a <= m.start() and m.end() <= b for a, b in spans):
                hits.append((m.start(), name))
                spans.append((m.start(), m.end()))
    return hits


@lru_cache(maxsize=32)
def known_orgs(text: str) -> frozenset[str]:
    """The organisation names a document uses (orgnames.vocabulary), read once per document: the names its
    sentences write by tag or organisation word, with the short forms and Latin names it ties to them."""
    names = [n for line in re.split(r"[。！？!?\n]", text) if line.strip() for _, n in names_in(line, "org", "")]
    return vocabulary(text, names)


def documents_text(corpus: Corpus, passages: list[Passage]) -> str:
    """The whole text of the documents the passages are of, in the index's order."""
    docs = {p.hit.node.metadata.get("doc_id") for p in passages}
    return "\n".join(p.text for p in corpus.passages if p.hit.node.metadata.get("doc_id") in docs)


_CLAUSE_OPEN = re.compile(r"(?:^|(?<=[，,。；;：:\n“”\"]))\s*")
_CLAUSE_MARKS = re.compile(r"[，,。；;：:！!？?\n]")


def speakers_in(text: str) -> list[tuple[int, str]]:
    """(position, name) of each person a clause opens on and makes the one who speaks or judges in it ("郑一鸣在
    股东大会上表示…", "孔曦对此表示…": the name, jieba's person or a surname's name (surnamed_name), then a
    verb of speaking or judging later in the same clause)."""
    verbs = tuple(v for v in (*cue_words("speech"), *cue_words("view")) if len(v) >= 2 or v in {"说", "称"})
    found = []
    for m in _CLAUSE_OPEN.finditer(text):
        at = m.end()
        first = next(iter(pos_cut(text[at:at + 8])), None)
        tagged = str(first.word) if first is not None and first.flag in _PERSON_TAGS and 2 <= len(first.word) <= 4 \
            else ""
        # (jieba may cut a three-character name after two, its last character joined to the verb after it)
        name = max((tagged, surnamed_name(text, at)), key=len)
        if not name:
            continue
        following = next(iter(pos_cut(text[at + len(name):at + len(name) + 6])), None)
        if following is not None and str(following.flag).startswith(("n", "j")):
            continue  # "王府井集团表示": the name opens a longer name, an organisation's, not a person's
        stop = _CLAUSE_MARKS.search(text, at + len(name))
        clause = text[at + len(name):stop.start() if stop else len(text)]
        if any(v in clause for v in verbs):
            found.append((at, name))
    return found


TITLE_CHAIN_CHARS = 24  # further titles between the role asked and the name ("董事长兼总经理", "、中国工程院院士")


def _titled_name(text: str, pos: int) -> list[tuple[int, str]]:
    """(position, name) of the first person's name within the role's clause after pos, when other titles
    stand between the role asked and the name ("董事长兼总经理周海峰表示", "首席科学家、中国工程院院士吴明远介绍"):
    at each word's start, a name as name_after reads one right after a title."""
    stop = _CLAUSE_MARKS.search(text, pos)
    end = min(stop.start() if stop else len(text), pos + TITLE_CHAIN_CHARS)
    at = pos
    for w in pos_cut(text[pos:end]):
        if at > pos and str(w.flag) in {"x", "v"} and str(w.word) not in {"、", "兼"}:
            break  # (a verb ends the titles: what follows it is no longer the holder's name)
        if at > pos:
            name = name_after(text, at)
            if name and not name.endswith(cue_words("role")):  # (司|司长: a title, not a surname's name)
                return [(at, name)]
        at += len(w.word)
    return []


_DAY = re.compile(r"^(?:\d{1,2}|[一二三四五六七八九十]{1,3})$")


def spoken_time(words: list[Any]) -> int:
    """How many of the words open on the time something was said: a time word (昨日, 日前: jieba's t) or a day
    of the month (2 + 日); 0 when they open on none."""
    if words and str(words[0].flag) == "t":
        return 1
    if len(words) >= 2 and _DAY.match(str(words[0].word)) and str(words[1].word) == "日":
        return 2
    return 0


def in_work_title(text: str, pos: int) -> bool:
    """pos inside book-title marks (《…》): the name of a publication, a report or a law."""
    return text.count("《", 0, pos) > text.count("》", 0, pos)


PLACE_CHARS = 40  # a location phrase ("位于…"): its clause, when no longer than this
_CLAUSE_STOP = re.compile(r"[，,。；;！!？?]")


def _located(text: str) -> list[tuple[int, str]]:
    """(position, phrase) of each "位于/地处/坐落于 …" clause (labels.tsv's place words) in text: where a thing
    is, as the text says it ("位于江西省庐山牯岭东谷河西路180号"), address and distance included."""
    found: list[tuple[int, str]] = []
    for word in label_words("place"):
        for m in re.finditer(re.escape(word), text):
            stop = _CLAUSE_STOP.search(text, m.end())
            phrase = text[m.start():stop.start() if stop else len(text)]
            if len(word) < len(phrase) <= PLACE_CHARS and not any(p <= m.start() < p + len(q) for p, q in found):
                found.append((m.start(), phrase))
    return sorted(found)


_TAGS = {"person": _PERSON_TAGS, "place": frozenset({"ns"}), "org": frozenset({"nt"})}
_JOINED = re.compile(r"[、\s]+|和|与|及")


def enumerated(text: str, at: int, name: str, want: str) -> str:
    """The name with the names written beside it in one enumeration (金川、天河、青岚; 周恒 吴敏 郑越),
    as the text writes them; only names of the same kind, by jieba's tag."""
    end = at + len(name)
    while True:
        sep = _JOINED.match(text, end)
        if not sep:
            break
        words = list(pos_cut(text[sep.end():sep.end() + 8]))
        if not words or words[0].flag not in _TAGS.get(want, frozenset()) or len(words[0].word) < 2:
            break
        end = sep.end() + len(words[0].word)
    return text[at:end] if at >= 0 else name


_MONTHS = "January February March April May June July August September October November December".split()
_DATE = re.compile(r"^(?:(?P<y>\d{4})年)?(?:(?P<m>\d{1,2})月)?(?:(?P<d>\d{1,2})日)?$")


def date_in_english(date: str) -> str:
    """A Chinese date in English words ("8月19日" -> "August 19", "2021年3月" -> "March 2021"); as written when
    it is not one."""
    m = _DATE.match(date.strip())
    if m is None or not any(m.groups()) or (m.group("m") and not 1 <= int(m.group("m")) <= 12):
        return date
    month = _MONTHS[int(m.group("m")) - 1] if m.group("m") else ""
    day = f" {int(m.group('d'))}" if m.group("d") and month else ""
    year = m.group("y") or ""
    return " ".join(p for p in (f"{month}{day}", year) if p).replace(f"{day} {year}", f"{day}, {year}") \
        if day and year else " ".join(p for p in (f"{month}{day}", year) if p)


def in_english(name: str) -> str:
    """A Chinese name with its pinyin, for an English answer (周恒 -> 周恒 (Zhou Heng)); a date in English
    words (8月19日 -> August 19)."""
    from pypinyin import lazy_pinyin

    dated = date_in_english(name)
    if dated != name:
        return dated
    if not re.search(r"[\u4e00-\u9fff]", name) or parse_figures(name):
        return name
    syllables = lazy_pinyin(name)
    spoken = syllables[0].capitalize() + (" " + "".join(syllables[1:]).capitalize() if len(syllables) > 1 else "")
    return f"{name} ({spoken})"


BYLINE_PASSAGES = 4  # a document's byline lines stand right under its title: its first passages are read
BYLINE_CLOSING = 2  # or a reporter's closes it: its last passages are read after
BYLINE_NAME_CHARS = 16  # a 来源 line's outlet name; longer, it ran into the next paragraph


def asks_byline(question: str) -> str:
    """"person" when a question asks who wrote the document (这篇文章的记者是谁), "source" where it comes from
    (这篇报道来自哪家媒体), "" when it asks neither (open_questions.tsv byline_person / byline_source)."""
    if not question_cue(question, ("document_asked",)):
        return ""
    kind = question_cue(question, ("byline_person", "byline_source"))
    return kind.removeprefix("byline_")


def byline(corpus: Corpus, asked: str, doc: str = "") -> tuple[Passage, int, int, str] | None:
    """(passage, start, end, name) of the byline line answering `asked` ("person": 记者|戈振伟 -> 戈振伟;
    "source": 来源：宁夏日报 -> 宁夏日报) among the first passages of the document `doc`, or its last ones
    (else the first document that has one); None when none has such a line."""
    labels = [w for w in cue_words("byline") if (w == "来源") == (asked == "source")]
    alternatives = "|".join(map(re.escape, labels))
    # at a line's start, or run into the title by the layout ("…稳住工业基本盘来源：白岭日报") with its colon
    # or right before the name after the outlet's bracket or a line start ("本报（…）记者冯樱子 见习记者…")
    pattern = re.compile(rf"(?:^|(?<=[\s|｜]))(?:{alternatives})\s*[：:|｜/\s]|(?:{alternatives})[：:]"
                         rf"|(?:^|(?<=[\s）)]))(?:{alternatives})(?=[\u4e00-\u9fff]{{2,4}}(?:[\s|｜]|$))",
                         re.MULTILINE)
    by_doc: dict[str, list[Passage]] = {}
    for p in corpus.passages:
        by_doc.setdefault(str(p.hit.node.metadata.get("doc_id", "")), []).append(p)
    for d, passages in by_doc.items():
        if doc and d != doc:
            continue
        # the lines under its title, else, for a reporter, its last lines (a byline may close a report:
        # "记者|黄名扬"; a 来源 line at the end names a table's data source, not the outlet)
        closing = passages[BYLINE_PASSAGES:][-BYLINE_CLOSING:] if asked == "person" else []
        read = passages[:BYLINE_PASSAGES] + closing
        found = _byline_in(read, pattern, asked)
        if found is not None:
            return found
    return None


def _byline_in(passages: list[Passage], pattern: re.Pattern[str],
               asked: str) -> tuple[Passage, int, int, str] | None:
    """The first byline line of `pattern` in the passages naming what is asked."""
    for p in passages:
        for m in pattern.finditer(p.text):
            name = _byline_name(p.text, m.end()) if asked == "person" else _outlet(p.text, m.end())
            if name:
                start = p.text.find(name, m.end())
                return p, m.start(), start + len(name), name
    return None


_LINE_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}(?=$|[\s|｜/])")


def _byline_name(text: str, pos: int) -> str:
    """The person named after a byline label: a name by jieba's tag, else the two to four characters
    standing alone up to the line's end or its next mark ("记者|章小川", "记者 章小川|白岭报道")."""
    found = name_after(text, pos)
    if found:
        return found
    m = _LINE_NAME.match(text, pos + len(text[pos:]) - len(text[pos:].lstrip(" \u3000|｜：:/")))
    return m.group(0) if m else ""


def _outlet(text: str, pos: int) -> str:
    """The outlet named after a 来源 label: up to the line's end, cut after the last outlet word (日报, 周刊,
    网: open_cues.tsv media) when the line ran into the next paragraph ("来源：中国经济周刊财力，…")."""
    rest = re.split(r"[，,。；;|｜\s]", text[pos:].lstrip(), maxsplit=1)[0]
    ends = [m.end() for w in cue_words("media") for m in re.finditer(re.escape(w), rest)]
    if ends:
        return rest[:max(ends)]
    return rest if 2 <= len(rest) <= BYLINE_NAME_CHARS else ""


# "乙证券是哪家公司旗下的子公司": the thing whose owner is asked, before 是/属于 and the interrogative
_OWNED_ASKED = re.compile(r"^(?:请问)?(?P<thing>[^，,。？?！!]{2,20}?)(?:是|属于|为)(?:哪|什么)")
OWNER_GAP = 8  # characters between the owner word and the thing owned ("旗下全资子公司乙证券")
_OWNER_TAGS = re.compile(r"^(?:n|nz|nt|nr|ns|s|j|eng|nrt|nrfg)$")  # (s: 东方, 华南 open names)


def owner(question: str, sentences: list[Sentence]) -> tuple[Sentence, str] | None:
    """(sentence, owner) when the question asks whose a thing is ("乙证券是哪家公司旗下的子公司") and a sentence
    writes the thing after an owner word ("甲集团日前发布了旗下子公司乙证券…"): the owner is the noun run its
    clause opens on, before any time word or verb (甲集团). None when the question asks no owner or no
    sentence relates the thing so."""
    words = [w for w in cue_words("owner") if w in question]
    asked = _OWNED_ASKED.match(question.strip())
    if not words or asked is None:
        return None
    thing = asked.group("thing").strip()
    for s in sentences:
        for word in words:
            for m in re.finditer(re.escape(word), s.text):
                if thing not in s.text[m.end():m.end() + OWNER_GAP + len(thing)]:
                    continue
                clause_start = max(s.text.rfind(ch, 0, m.start()) for ch in "，,。；;：:、") + 1
                name = ""
                for w in pos_cut(s.text[clause_start:m.start()]):
                    if not _OWNER_TAGS.match(str(w.flag)) and str(w.word) not in cue_words("org"):  # (…控股)
                        break
                    name += str(w.word)
                if len(name) >= 2 and name != thing:
                    return s, name
    return None


_CLAUSE_SPAN = re.compile(r"[^，,。；;：:！!？?]+")
# tags that make a clause's opening nouns a name rather than a common noun (市场份额 is none; a brand jieba
# tags as a person (nr) or cuts into nr + n, a company tagged nz, an abbreviation tagged j are)
_NAME_LIKE = frozenset({"nr", "nrt", "nrfg", "nz", "nt", "ns", "j", "eng"})


def clause_subject(text: str, terms: Terms, question: str) -> tuple[int, int, str] | None:
    """(clause start, clause end, name) of the organisation a sentence makes the subject of what the question
    asks: the clause covering most of the question's words, and its opening nouns, or, when it opens on no
    subject ("继续领跑行业"), those of the nearest clause before it that opens on one ("华岳电池装车量为…");
    the question's own words at the end of the nouns are what is asked of the name (装车量), not the name.
    None when no clause covers a word of the question or none before it opens on a name."""
    clauses = [(m.start(), m.end()) for m in _CLAUSE_SPAN.finditer(text)]
    scores = [terms.coverage(text[a:b]) for a, b in clauses]
    if not clauses or max(scores) <= 0:
        return None
    top = scores.index(max(scores))
    for a, b in reversed(clauses[:top + 1]):
        name = opening_name(text[a:b], question)
        if name:
            return a, b, name
    return None


def opening_name(clause: str, question: str) -> str:
    """The nouns a clause opens on, up to its first word of another kind (a verb, a preposition, a number, a
    mark), without the question's own words at their end; "" when none of them is name-like (_NAME_LIKE),
    shorter than two characters or the question's own."""
    run: list[tuple[str, str]] = []
    for w in pos_cut(clause.strip()):
        flag = str(w.flag)
        if not (flag.startswith("n") or flag in _NAME_LIKE):
            break
        run.append((str(w.word), flag))
    while run and run[-1][0] in question:
        run.pop()
    name = "".join(word for word, _ in run)
    if len(name) < 2 or name in question or not any(flag in _NAME_LIKE or rare_noun(word) for word, flag in run):
        return ""
    return name


class EntityApproach:
    kind: Kind = "entity"

    def answer(self, reading: Reading) -> Answer | None:
        asked = asks_byline(reading.question)
        if asked:
            credited = self._from_byline(reading, asked)
            if credited is not None:
                return credited
        want = question_cue(reading.question, ("person", "org", "place", "date")) or asked_kind(reading.question)
        hits = retrieved(reading)
        owned = owner(reading.question, sentences_of(corpus_of(reading).with_following(hits[:PASSAGES]),
                                                     body_only=False)) if want == "org" else None
        if owned is not None:
            return self._named(reading, *owned)
        if not want:
            return None  # 哪个 of a thing: the figure engine or the list approach reads it
        terms = terms_of(reading)
        corpus = corpus_of(reading)
        sentences = sentences_of(corpus.with_following(hits[:PASSAGES]), body_only=False)
        role = (asked_role(reading.question) or hinted_role(terms, [s.text for s in sentences])) \
            if want == "person" else ""
        verb = asked_verb(reading.question)
        # "…由谁批复": the sentences saying it was done (批复) first; a name in another answers another question
        with_verb = [s for s in sentences if verb and verb in s.text]
        found = None
        # the organisations the documents read name, by their structure across the whole document (a short form,
        # a Latin name): read only when an organisation may answer
        document = documents_text(corpus, hits[:PASSAGES]) if want in {"org", "person"} else ""
        known = known_orgs(document) if document else frozenset()
        near = relative_similarity(reading, [s.text for s in sentences])
        closeness = dict(zip(map(id, sentences), near, strict=True))
        for read in (with_verb, sentences) if with_verb else (sentences,):
            found = self._best(read, terms, want, role, reading.question, corpus, closeness, known, document)
            if found is None and want == "person" and not role:
                # 谁 asks for whoever did it, an office or a government as well as a person
                found = self._best(read, terms, "org", role, reading.question, corpus, closeness, known)
            if found is not None:
                break
        if found is None and want == "org":
            # no organisation named by its tag or word in any sentence: one written as a clause's subject
            found = self._best(sentences, terms, want, role, reading.question, corpus, closeness, known, document,
                               subjects=True)
        if found is None or unknown_subject(terms, hits):
            return refuse(reading, self.kind, hits)
        return self._named(reading, *found)

    def _named(self, reading: Reading, sentence: Sentence, name: str) -> Answer:
        """The name first, then the sentence that says it, quoted and cited."""
        quotes = Quotes()
        start, end = self._quoted(sentence, name)
        n = quotes.cite(sentence.passage, start, end)
        shown = in_english(name) if reading.lang == "en" else name
        lead = wording("entity_lead", reading.lang).format(name=shown, refs=f"[{n}]")
        support = wording("quoted", reading.lang).format(quote=quotes.quote(sentence.passage, start, end, reading.lang))
        return finish(reading, self.kind, f"{lead}\n{support}", lead, quotes)

    def _from_byline(self, reading: Reading, asked: str) -> Answer | None:
        """Who wrote the document, or where it comes from, by its byline line, quoted."""
        corpus = corpus_of(reading)
        hits = retrieved(reading) if len(corpus.by_doc) > 1 else []
        doc = str(hits[0].hit.node.metadata.get("doc_id", "")) if hits else ""
        found = byline(corpus, asked, doc) or (byline(corpus, asked) if doc else None)
        if found is None:
            return None
        passage, start, end, name = found
        quotes = Quotes()
        n = quotes.cite(passage, start, end)
        shown = in_english(name) if reading.lang == "en" else name
        lead = wording("entity_lead", reading.lang).format(name=shown, refs=f"[{n}]")
        support = wording("quoted", reading.lang).format(quote=quotes.quote(passage, start, end, reading.lang))
        return finish(reading, self.kind, f"{lead}\n{support}", lead, quotes)

    @staticmethod
    def _best(sentences: list[Sentence], terms: Terms, want: str, role: str, question: str, corpus: Corpus,
              closeness: dict[int, float], known: frozenset[str] = frozenset(), document: str = "",
              subjects: bool = False) -> tuple[Sentence, str] | None:
        """The sentence answering best and the name it gives; with `subjects`, an organisation may also be the
        subject of the clause saying what is asked (clause_subject), when the sentence names none by its tag."""
        best: tuple[float, Sentence, str] | None = None
        top = 0.0  # the best score of any sentence so far, whether it names anything or not
        for rank, s in enumerate(sentences):
            score = terms.coverage(s.text, s.passage.text + " " + corpus.context(s.passage), sentence_before(s)) \
                - 0.01 * rank
            located = _located(s.text) if want == "place" and ASKS_PLACE.search(question) else []
            has_role = bool(role) and bool(_role_at(s.text, role))
            if has_role or located:
                score += 0.2  # the sentence saying where ("位于…") answers a where-question before one naming a place
            if score < MIN_COVERAGE:
                continue  # (the words decide whether a sentence may answer; its meaning, which of them does)
            score += SIMILARITY_WEIGHT * closeness.get(id(s), 0.0)  # (by identity: a Sentence's passage is unhashable)
            leads, top = score > top, max(top, score)
            if best is not None and score <= best[0]:
                continue  # (names are read only where they could answer: part-of-speech tagging is slow)
            if want == "person" and role and not has_role:
                continue  # "海关总署署长是谁": a person named with another role (新闻发言人、司长) is not the one asked
            names = located or [(pos, n) for pos, n in names_in(s.text, want, role, known) if n not in question]
            structural = len(names)
            if want == "org" and not located and document and leads and not subjects:
                # a name the document never writes as an organisation's (a brand, a short form jieba tags as a
                # person or cuts apart): a word tagged as a name in the clause saying most of what is asked, only
                # in the sentence answering best of all so far (on every sentence, any sentence holding such a
                # word would answer, the documents' silence included), when that clause alone covers the question
                # as a sentence must, and after those read by structure; not in the last pass (a clause's subject,
                # when no sentence names an organisation): a question the documents do not answer comes to it
                clause = answering_clause(s.text, terms)
                if terms.coverage(s.text[clause[0]:clause[1]]) >= MIN_COVERAGE:
                    names += proper_names(s.text, document, names, question, clause)
            # (a clause's subject only when no sentence names an organisation by its tag or word: tried on every
            # sentence first, it answered a question the documents do not answer, validation session 20)
            subject = clause_subject(s.text, terms, question) if subjects and want == "org" and not structural \
                else None
            if subject is not None:
                # "华岳以3.2万辆的销量位居第一": no organisation's name by its tag or word; the subject of the clause
                # saying what is asked is one (a brand jieba tags as a person, or cuts apart)
                best = (score, s, subject[2])
                continue
            if located:
                # "位于哪个城市": the kind of place asked (城市: a name ending in 市) in the phrase, else the phrase
                kind_word = asked_noun(question)
                named = [n for _, n in names_in(located[0][1], want, role) if kind_word and n.endswith(kind_word[-1])]
                best = (score, s, named[0] if named else located[0][1])
            elif names:
                verb = asked_verb(question)
                doer = doer_first(s.text, names, s.text.find(verb)) \
                    if verb and verb in s.text and not has_role else None
                if doer is not None:  # "由谁批复": the name the sentence writes as doing it (…正式批复)
                    best = (score, s, doer[1])
                    continue
                # the name closest after the role word, else the first
                anchor = _role_at(s.text, role)[0].start() if has_role else 0
                kind_word = asked_noun(question)  # "哪家汽车集团": a name ending in 集团 first
                # (a name in the role's own clause first, before or after it: "甲调任首席执行官，前首席执行官乙…")
                # (an organisation: the name in the clause saying most of what is asked, one read by structure
                # before one that only looks like a name: "据甲局数据，乙以…位居第一" asks for 乙)
                covered = clause_coverage(s.text, terms) if want == "org" else (lambda _: 0.0)
                pos, name = min(enumerate(names), key=lambda k_pn: (
                    bool(kind_word) and kind_word not in k_pn[1][1], -covered(k_pn[1][0]), k_pn[0] >= structural,
                    has_role and not same_clause(s.text, k_pn[1][0], anchor), k_pn[1][0] < anchor,
                    abs(k_pn[1][0] - anchor)))[1]
                best = (score, s, enumerated(s.text, s.text.find(name, pos), name, want))
        return (best[1], best[2]) if best else None

    @staticmethod
    def _quoted(s: Sentence, name: str) -> tuple[int, int]:
        """The sentence (up to QUOTE_CHARS, cut at a clause end) holding the name; when the cut would lose
        the name, the clauses from the name's own clause on."""
        text = s.text
        at = text.find(name)
        cut = clause_cut(text, QUOTE_CHARS)
        if cut and at + len(name) <= cut:
            return s.start, s.start + cut
        left = max(text.rfind(ch, 0, at) for ch in "，,；;：:") + 1
        rest = text[left:]
        cut = clause_cut(rest, QUOTE_CHARS) or min(len(rest), QUOTE_CHARS)
        return s.start + left, s.start + left + cut
