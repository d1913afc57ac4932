"""Example questions drawn from the indexed documents (the chat UI's first screen, the help reply).

Never fixed strings: the first example asks what the document(s) are about (by title when several are
indexed); the others ask for a figure the passages state, worded from the label written just before it
("工业项目67个" -> "工业项目有多少个？"). Deterministic (document order), and spread across documents and
sections so that a corpus of several documents offers one of each.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from assistant.figures import parse_figures
from assistant.instructions import is_instruction

if TYPE_CHECKING:
    from llama_index.core.schema import BaseNode

# a label is the stretch of its clause written before the figure; these end a clause
_CLAUSE_START = "，,。；;：:、（()）\n“”\"！？!?"
# verbs and particles between a label and its figure ("计划总投资为…", "共有…") that the question rewords
_LINKING_TAIL = re.compile(r"(为|达到|达|是|有|共有|共|约|累计|实现|完成|超过|近|逾|的)+$")
_LEADING = re.compile(r"^(其中|截至目前|目前|全年|同时|此外|另外|以及|和|及|与)+")
_CJK_ONLY = re.compile(r"^[\u4e00-\u9fff]+$")
_LABEL_CHARS = (4, 12)  # a label shorter says too little ("占比"), longer is a sentence, not a name
# jieba tags of words a name never holds: verbs, adverbs, particles, prepositions, conjunctions, pronouns
_NOT_IN_NAMES = ("v", "d", "u", "p", "c", "r", "y", "e")
_USUAL = {"count", "money", "percent"}
# jieba tags of the words a label may open on that set the scene: a time (今年, 一季度), a pronoun (我国)
_SETTING = ("t", "mq", "r")
_NOT_ASKED = {"year", "date", ""}  # a date answers "when", and a bare number says nothing
_SUMMARY = {"zh": "这篇文章主要讲了什么？", "en": "What is this document about?"}
_SUMMARY_TITLED = {"zh": "《{title}》主要讲了什么？", "en": "What is “{title}” about?"}
_TITLE_MAX = 24  # a longer title is cut at its first break (——, a colon) or left out


# the last lists of nodes asked about, with their questions: one opened generation's nodes are one list
# for its lifetime, and reading them (jieba's tagger over every passage) costs ~100 ms on the article
_MEMO: dict[tuple[int, int, int, str], tuple[list[BaseNode], list[str]]] = {}
_MEMO_SIZE = 8


def example_questions(nodes: list[BaseNode], n: int = 2, lang: str = "zh") -> list[str]:
    """Up to n questions someone could ask about the indexed passages: what it is about, then figures.
    Figure questions are worded in Chinese (the documents' words) whatever `lang` is."""
    if n <= 0 or not nodes:
        return []
    key = (id(nodes), len(nodes), n, lang)
    memo = _MEMO.get(key)
    if memo is not None and memo[0] is nodes:
        return list(memo[1])
    found = _examples(nodes, n, lang)
    if len(_MEMO) >= _MEMO_SIZE:
        _MEMO.clear()
    _MEMO[key] = (nodes, found)  # the list itself is kept, so its id is not reused while memoised
    return list(found)


def _examples(nodes: list[BaseNode], n: int, lang: str) -> list[str]:
    ordered = sorted(nodes, key=lambda node: (_doc_id(node), int(node.metadata.get("start", 0))))
    docs = list(dict.fromkeys(_doc_id(node) for node in ordered))
    found = [_summary_question(ordered, docs, lang)]
    per_doc = {doc: _figure_questions([node for node in ordered if _doc_id(node) == doc]) for doc in docs}
    # one question from each document in turn, each from the next section of its document
    while len(found) < n and any(per_doc.values()):
        for doc in docs:
            while per_doc[doc]:
                question = per_doc[doc].pop(0)
                if question not in found:
                    found.append(question)
                    break
            if len(found) >= n:
                break
    return found[:n]


def _doc_id(node: BaseNode) -> str:
    return str(node.metadata.get("doc_id") or node.ref_doc_id or "")


def _summary_question(ordered: list[BaseNode], docs: list[str], lang: str) -> str:
    lang = lang if lang in _SUMMARY else "zh"
    if len(docs) > 1:
        title = _short_title(str(ordered[0].metadata.get("title", "")))
        if title:
            return _SUMMARY_TITLED[lang].format(title=title)
    return _SUMMARY[lang]


def _short_title(title: str) -> str:
    title = title.strip()
    if len(title) > _TITLE_MAX:
        title = re.split(r"——|--|[:：|｜]", title)[0].strip()
    return title if 0 < len(title) <= _TITLE_MAX else ""


def _figure_questions(nodes: list[BaseNode]) -> list[str]:
    """The figure questions of one document, the first of each section first, then the rest in order."""
    by_section: dict[str, list[tuple[int, str]]] = {}
    for node in nodes:
        if node.metadata.get("kind", "body") != "body":
            continue  # headings, captions and headlines state no figure worth asking about
        text = node.get_content()
        for question in _questions_in(text):
            by_section.setdefault(str(node.metadata.get("section", "")), []).append(question)
    # in a section, labels ending in a plain noun first (工业项目), then abbreviations and verbal nouns;
    # each section's best before any section's second best
    ranked = [sorted(qs, key=lambda item: item[0]) for qs in by_section.values()]
    firsts = [q for _, q in sorted((qs[0] for qs in ranked), key=lambda item: item[0])]
    rest = [q for qs in ranked for _, q in qs[1:]]
    return list(dict.fromkeys(firsts + rest))


def _questions_in(text: str) -> list[tuple[int, str]]:
    """(rank, question) for each figure of the text whose label reads as a name; rank 0 is the best."""
    questions = []
    for figure in parse_figures(text):
        if figure.unit_class in _NOT_ASKED or figure.upper is not None or figure.qualifier:
            continue  # a threshold ("5000万元以上") or a range is no figure to ask for
        label = _label(text, figure.start, figure.unit_class)
        if not label:
            continue
        # the readers' usual figures (counts, amounts, rates) under a label ending in a plain noun first;
        # an item of an enumeration ("、三甲胺盐酸盐0.5万吨") is a product, not a quantity people ask about
        begin = start_of_label(text, figure.start)
        rank = (_last_flag(label) != "n") + (figure.unit_class not in _USUAL) + 2 * (text[begin - 1:begin] == "、")
        if figure.unit_class == "count" and figure.unit:
            questions.append((rank, f"{label}有多少{figure.unit}？"))
        else:
            questions.append((rank, f"{label}是多少？"))
    return questions


def start_of_label(text: str, start: int) -> int:
    """Where the clause of the figure at `start` begins."""
    return max(text.rfind(ch, 0, start) for ch in _CLAUSE_START) + 1


def _label(text: str, start: int, unit_class: str) -> str:
    """The words of the figure's clause before it, without linking verbs: "" unless they read as a name."""
    begin = start_of_label(text, start)
    clause = text[begin:start]
    line = text.rfind("\n", 0, start) + 1
    if is_instruction(text[line:start]) or re.search(r"\d", clause):
        return ""  # an instruction is never asked about; another figure inside makes no label
    label = _without_setting(_LEADING.sub("", _LINKING_TAIL.sub("", clause.strip())))
    low, high = _LABEL_CHARS
    if not (low <= len(label) <= high) or not _CJK_ONLY.match(label) or parse_figures(label):
        return ""
    return label if _reads_as_name(label, unit_class) else ""


def _without_setting(label: str) -> str:
    """The label without the time and the writer's own place it opens on ("今年一季度我国货物贸易进出口总值"
    -> "货物贸易进出口总值"): they say when and where, not what is counted, and a question reads without them."""
    from index.segmenter import pos_cut

    words = [w for w in pos_cut(label) if w.word.strip()]
    cut = 0
    for w in words:
        if not w.flag.startswith(_SETTING):
            break
        cut += len(w.word)
    return label[cut:] if cut < len(label) else label


def _last_flag(label: str) -> str:
    from index.segmenter import pos_cut

    words = [w for w in pos_cut(label) if w.word.strip()]
    return str(words[-1].flag) if words else ""


def _reads_as_name(label: str, unit_class: str) -> bool:
    """A noun phrase (jieba's tags): no verb, adverb or particle in it ("全市累计开工复工" is a clause), and
    ending in a noun (a count counts things), or a verbal noun for an amount (计划总投资)."""
    from index.segmenter import pos_cut

    words = [w for w in pos_cut(label) if w.word.strip()]
    if not words or any(w.flag.startswith(_NOT_IN_NAMES) and w.flag != "vn" for w in words):
        return False
    last = words[-1].flag
    return last.startswith(("n", "j")) or (last == "vn" and unit_class != "count")
