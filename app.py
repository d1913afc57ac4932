"""The chat UI (Gradio): ask about the indexed documents, see every citation and figure source, add documents.

It only calls the assistant's API (assistant.api through assistant.ui_service) and renders what comes back.
Run with `python app.py [--settings FILE] [--profile NAME]` (ui.host 127.0.0.1, ui.port 7860 or GRADIO_SERVER_PORT).
"""

from __future__ import annotations

import argparse
import os

# before gradio is imported: no analytics, no hub calls
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import html
import logging
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.api import Assistant, History, check_question
from assistant.compose import wording
from assistant.question import detect_lang
from assistant.settings import Settings, load_settings
from assistant.types import Answer, Citation, QuestionError
from assistant.ui_service import AssistantService, NotUploadedError, ProgressFn, safe_document_name
from index.errors import DocumentError, StoreUnreachable
from index.lease import LeaseLost, LeaseTaken
from index.readers import SUFFIXES
from index.store import StoreError

log = logging.getLogger(__name__)

Message = dict[str, Any]
SHOWN_QUESTION_CHARS = 600  # a rejected, overlong question is shown cut to this length
UI_LANGS = ("zh", "en")  # languages the UI has wording for (prompts/ui_*.<lang>.txt)
# the direct answer (a bold paragraph of its own, first in a reply) a little larger than what follows it
UI_CSS = '#chat [data-testid="bot"] .md > p:first-child > strong:only-child { font-size: 1.12em; }'

# -- markdown that shows text exactly ------------------------------------------------------------------
# Every ASCII punctuation mark can be backslash-escaped in CommonMark; we escape the ones that start markup
# (and always the backslash), so unescape() recovers the original text for the conversation history.
_MARKUP = re.compile(r"([\\`*_{}\[\]<>#+\-!|~&$])")
_ESCAPED = re.compile(r"\\([!-/:-@\[-`{-~])")
_LIST_START = re.compile(r"^(\s*\d+)([.)])", re.MULTILINE)


def escape(text: str) -> str:
    return _LIST_START.sub(r"\1\\\2", _MARKUP.sub(r"\\\1", text))


def unescape(text: str) -> str:
    return _ESCAPED.sub(r"\1", text)


def _quote(markdown: str) -> str:
    return "> " + markdown.replace("\n", "\n> ")


# -- wording ---------------------------------------------------------------------------------------------
def ui_text(message: str, lang: str = "zh", /, **fields: object) -> str:
    """A UI message from prompts/ui_<message>.<lang>.txt (zh for a language the UI has no wording in); the
    page's own labels exist in zh only (the page's language), answers' wording in zh and en."""
    text = wording(f"ui_{message}", lang if lang in UI_LANGS else "zh")
    return text.format(**fields) if fields else text


def ui_lang(text: str) -> str:
    """The language the UI answers a question in: en for an English question, zh otherwise (and when empty)."""
    return detect_lang(text) if text.strip() else "zh"


# -- one answer as chat content ------------------------------------------------------------------------
_OPENING_QUOTES, _CLOSING_QUOTES = "“「『《（(", "”」』》）)"
_SENTENCE_ENDS = "。！？!?"


def _sentence_end(line: str) -> int | None:
    """Where the first sentence of a line ends (after the citation markers that follow its end mark): at
    。！？!? or a ". ", outside quotes; None when the line holds no sentence end."""
    depth = 0
    for i, ch in enumerate(line):
        if ch in _OPENING_QUOTES:
            depth += 1
        elif ch in _CLOSING_QUOTES:
            depth = max(depth - 1, 0)
        elif depth == 0 and (ch in _SENTENCE_ENDS or (ch == "." and line[i + 1:i + 2] in (" ", ""))):
            end = i + 1
            while (marker := re.match(r"\[\d+\]", line[end:])) is not None:
                end += marker.end()
            return end
    return None


def _sentences(text: str) -> list[str]:
    found = []
    while text.strip():
        end = _sentence_end(text) or len(text)
        found.append(text[:end].strip())
        text = text[end:]
    return found


def split_lead(answer: Answer) -> tuple[str, str]:
    """(the direct answer, the rest of the text). Answer.lead when the approach gave one: the rest is the
    text after it, or, when the text does not open with it, the text without the lead's own sentences
    (shown once, as the lead). Otherwise the text's first sentence, cut outside quotes."""
    text = answer.text.strip()
    lead = answer.lead.strip()
    if lead:
        if text.startswith(lead):
            return lead, text[len(lead):]
        rest = text
        for sentence in _sentences(lead):
            rest = rest.replace(sentence, "", 1) if len(sentence) > 1 else rest
        return lead, rest.strip()
    first_line, newline, after = text.partition("\n")
    end = _sentence_end(first_line)
    if end is None:
        return first_line, newline + after
    return first_line[:end], first_line[end:] + newline + after


# a line that Markdown shows as a list item: "1. …", "2) …", "- …", "* …", "+ …"
_MARKDOWN_ITEM = re.compile(r"^(\s*(?:\d{1,9}[.)]|[-*+])\s+)(.*)$")
# a line opened by a Chinese enumerator ("1、", "（1）", "①", "一、"): an item Markdown does not know, shown
# as written on its own line
_OWN_MARKER = re.compile(r"^\s*(?:\d{1,3}、|[（(]\d{1,3}[)）]|[\u2460-\u2473]|[一二三四五六七八九十]{1,3}、)")


def render_body(rest: str) -> str:
    """The answer text after its lead, one line of the text a line on screen: list items keep their marker
    (so Markdown shows a list), everything else is escaped; a text of several lines none of which has a
    marker (a summary, one sentence a line) is shown as a bulleted list."""
    lines = rest.strip("\n").split("\n")
    filled = [line for line in lines if line.strip()]
    bullet = len(filled) > 1 and not any(_MARKDOWN_ITEM.match(line) or _OWN_MARKER.match(line) for line in filled)
    out: list[str] = []
    in_list = False
    for line in lines:
        if not line.strip():
            out.append("")
            in_list = False
            continue
        item = _MARKDOWN_ITEM.match(line)
        if item:
            shown = item[1] + escape(item[2])
        elif bullet:
            shown = "- " + escape(line.strip())
        else:
            shown = escape(line)
        is_item = bool(item) or bullet
        if is_item != in_list and out and out[-1]:
            out.append("")  # a blank line between a list and a paragraph, so neither runs into the other
        in_list = is_item
        out.append(shown)
    return "\n".join(out)


def render_answer(answer: Answer) -> str:
    """The answer as the reader first sees it: the direct answer on its own line in bold, then the rest of
    the text (lists one item a line)."""
    lead, rest = split_lead(answer)
    shown = f"**{escape(lead)}**" if lead else ""
    body = render_body(rest) if rest.strip() else ""
    return f"{shown}\n\n{body}" if body else shown


def highlighted_passage(c: Citation) -> str:
    """The cited passage with its supporting span marked (the span's offsets are document offsets)."""
    start, end = c.start - c.passage_start, c.end - c.passage_start
    if 0 <= start < end <= len(c.text):
        before, span, after = c.text[:start], c.text[start:end], c.text[end:]
        return f"{escape(before)}<mark>{escape(span)}</mark>{escape(after)}"
    return escape(c.text)  # offsets outside the passage: show it unmarked rather than mark the wrong words


def _source(c: Citation, lang: str) -> str:
    """Where a citation comes from: the file, the page of a paged document (PDF), the section."""
    where = f"`{c.doc_id}`" if "`" not in c.doc_id else escape(c.doc_id)
    if c.page:
        where += " · " + escape(ui_text("page", lang, page=c.page))
    return where + (f" · {escape(c.section)}" if c.section else "")


def _folded(summary: str, body: str) -> str:
    """A block the reader opens on demand (blank lines around the body: Markdown is read inside it)."""
    return f"<details><summary>{html.escape(summary)}</summary>\n\n{body}\n\n</details>"


def _trust_lines(answer: Answer) -> list[str]:
    """What must be seen without opening anything: disagreeing sources, untraced figures (a refusal says
    itself that it is one, in its lead)."""
    lang = answer.lang
    parts: list[str] = []
    for conflict in answer.conflicts:
        # every value with the document that states it: the reader decides, the answer does not
        by_n = {c.n: c for c in answer.citations}
        lines = ["**" + escape(ui_text("conflict", lang, label=conflict.label)) + "**"]
        for v in conflict.values:
            cited = by_n.get(v.citation) if v.citation is not None else None
            where = f"[{v.citation}] {_source(cited, lang)}" if cited else escape(ui_text("citations", lang))
            lines.append(f"- **{escape(v.text)}** ← {where}")
        parts.append("\n".join(lines))
    sep = "、" if lang == "zh" else ", "
    untraced = [n.text for n in answer.names if not n.traced]
    if not answer.verified and (answer.unverified or (answer.answerable and not answer.conflicts and not untraced)):
        missing = sep.join(answer.unverified) or ui_text("some_figures", lang)
        parts.append("**" + escape(ui_text("unverified", lang, missing=missing)) + "**")
    if untraced:  # names a generated answer states that no cited passage holds
        parts.append("**" + escape(ui_text("unverified_names", lang, names=sep.join(untraced))) + "**")
    if answer.alongside is not None:  # the figure engine's verified answer beside the unverified generated one
        parts.append(_alongside_block(answer.alongside))
    if answer.backend != "extractive":  # which backend answered
        parts.append("_" + escape(ui_text("backend", lang, backend=answer.backend)) + "_")
    if answer.notice:  # the generative backend could not answer: why, and the command that fixes it
        parts.append("_" + escape(answer.notice) + "_")
    return parts


def _alongside_block(verified: Answer) -> str:
    """The verified answer in the open, each of its figures with the span it comes from (its own numbering)."""
    lines = ["**" + escape(ui_text("alongside", verified.lang)) + "**", _quote(escape(verified.text))]
    spans = {c.n: c for c in verified.citations}
    for f in verified.figures:
        cited = spans.get(f.citation) if f.citation is not None else None
        where = f"{_source(cited, verified.lang)}「{escape(f.span)}」" if cited is not None else escape(f.span)
        lines.append(f"- **{escape(f.text)}** ← {where}")
    return "\n".join(lines)


def render_evidence(answer: Answer) -> str:
    """Citations with their supporting spans marked, then each figure's source: the body of the fold."""
    lang = answer.lang
    parts: list[str] = []
    if answer.citations:
        parts.append(f"**{escape(ui_text('citations', lang))}**")
        for c in answer.citations:
            parts.append(f"**[{c.n}]** {_source(c, lang)}\n{_quote(highlighted_passage(c))}")
    if answer.figures:
        lines = [f"**{escape(ui_text('figures', lang))}**"]
        computed = escape(ui_text("computed", lang))
        for f in answer.figures:
            if f.source == "computation":
                lines.append(f"- **{escape(f.text)}** = {computed}：{escape(f.span)}")
            elif f.source == "question":  # a figure the question claims, restated to be compared
                lines.append(f"- **{escape(f.text)}** ← {escape(ui_text('from_question', lang))}")
            else:
                ref = f"[{f.citation}]" if f.citation is not None else escape(ui_text("citations", lang))
                lines.append(f"- **{escape(f.text)}** ← {ref}「{escape(f.span)}」")
        parts.append("\n".join(lines))
    return "\n\n".join(parts)


def render_details(answer: Answer, related: list[Citation] | None = None) -> str:
    """Everything below the answer: what must be seen (a refusal, disagreeing sources, untraced figures)
    in the open; the citations and figures folded under one line that says how many there are (and that
    the figures are verified); a refusal's related passages folded under their own, different label.
    related: the passages to offer (default: all of answer.related; the UI passes those actually related)."""
    lang = answer.lang
    parts = _trust_lines(answer)
    if answer.citations or answer.figures:
        summary, evidence = ui_text("evidence", lang, count=len(answer.citations)), render_evidence(answer)
        if answer.answerable and answer.verified:  # the claim on the folded line, what it means inside
            summary = f"{ui_text('verified_short', lang)} · {summary}"
            evidence = f"{escape(ui_text('verified', lang))}\n\n{evidence}"
        parts.append(_folded(summary, evidence))
    offered = answer.related if related is None else related
    if offered and not answer.answerable:
        body = "\n\n".join(f"- {_source(r, lang)}\n{_quote(escape(r.text))}" for r in offered)
        parts.append(_folded(ui_text("related", lang), body))
    return "\n\n".join(parts)


# kinds whose reply is only words (no figures, no sources): nothing to verify or fold
CONVERSATIONAL_KINDS = ("chitchat", "out_of_scope")


def answer_message(answer: Answer, related: list[Citation] | None = None,
                   examples: list[str] | None = None) -> Message:
    """Two parts: the answer (the direct answer in bold, then the rest), then what supports it. A chit-chat
    reply or a decline is the answer alone, with the example questions as buttons (examples) that ask them."""
    if answer.kind in CONVERSATIONAL_KINDS:
        message: Message = {"role": "assistant", "content": render_answer(answer)}
        if examples:
            message["options"] = [{"value": q, "label": q} for q in examples]
        return message
    return {"role": "assistant", "content": [render_answer(answer), render_details(answer, related)]}


def _texts(message: Message) -> list[str]:
    content = message.get("content")
    items = content if isinstance(content, list) else [content]
    texts = []
    for item in items:
        if isinstance(item, str):
            texts.append(item)
        elif isinstance(item, dict) and item.get("type") == "text":
            texts.append(str(item.get("text", "")))
    return texts


_BOLD_LEAD = re.compile(r"^\*\*(.*?)(?<!\\)\*\*(?:\n+|$)", re.S)


def shown_text(rendered: str) -> str:
    """The answer text back from render_answer, as the reader saw it: the direct answer, then the rest on
    the next line (the text itself up to line breaks when the direct answer opens it; a list keeps its
    markers). Follow-up questions read it as the earlier answer."""
    lead = _BOLD_LEAD.match(rendered)
    if lead is None:
        return unescape(rendered)
    body = re.sub(r"\n{2,}", "\n", rendered[lead.end():])  # the blank lines added around lists
    return unescape(lead[1]) + ("\n" + unescape(body) if body else "")


def history_from_messages(messages: list[Message]) -> History:
    """(question, answer text) pairs of the answered turns, oldest first; error replies, pending bubbles and
    chit-chat are not turns (one part only)."""
    pairs: History = []
    question: str | None = None
    for message in messages or []:
        texts = _texts(message)
        if message.get("role") == "user":
            question = unescape(texts[0]) if texts else None
        elif message.get("role") == "assistant":
            if question is not None and len(texts) >= 2:
                pairs.append((question, shown_text(texts[0])))
            question = None
    return pairs


def friendly_error(exc: Exception, question: str) -> str:
    lang = ui_lang(question)
    if isinstance(exc, QuestionError):
        if not question.strip():
            return ui_text("empty_question", lang)
        return ui_text("bad_question", lang, reason=escape(str(exc)))
    if isinstance(exc, (StoreError, DocumentError)):
        return ui_text("store_error", lang, reason=escape(str(exc)))
    return ui_text("error", lang)


# -- handlers (plain functions of the service, so tests can call them directly) --------------------------
@dataclass
class Turn:
    """One chat turn's result: the conversation, what is left in the question box, and a notice shown beside
    the box (a question that cannot be asked: empty, too long) — "" when there is none."""

    messages: list[Message]
    left: str = ""
    notice: str = ""


def _user_message(question: str) -> Message:
    shown = question.strip()
    if len(shown) > SHOWN_QUESTION_CHARS:
        shown = shown[:SHOWN_QUESTION_CHARS] + "…"
    return {"role": "user", "content": escape(shown)}


def chat_turn(service: AssistantService, question: str, messages: list[Message]) -> Iterator[Turn]:
    """One chat turn as the page shows it: a question that cannot be asked gets a notice beside the input
    (the conversation is untouched); otherwise the question appears at once with a pending bubble, then
    the answer replaces the bubble."""
    messages = list(messages or [])
    question = question if isinstance(question, str) else ""
    lang = ui_lang(question)
    try:
        check_question(question, service.settings.answer.max_question_chars)
    except QuestionError as exc:
        yield Turn(messages, question, friendly_error(exc, question))
        return
    asked = [*messages, _user_message(question)]
    yield Turn([*asked, {"role": "assistant", "content": ui_text("pending", lang)}], "")
    try:
        answer = None
        for step in service.ask_streaming(question, history_from_messages(messages)):
            if isinstance(step, Answer):
                answer = step
            else:  # a generative backend's draft, shown as it is written until the verified answer replaces it
                draft = ui_text("draft", lang, draft=escape(step))
                yield Turn([*asked, {"role": "assistant", "content": draft}], "")
        assert answer is not None  # ask_streaming ends with the Answer or raises
    except QuestionError as exc:  # e.g. a malformed history or a timeout: said beside the box, asked again
        yield Turn(messages, question, friendly_error(exc, question))
        return
    except Exception as exc:  # the UI boundary: a friendly message in the chat, never a traceback
        if not isinstance(exc, (StoreError, DocumentError)):
            log.exception("answering %r failed", question.strip()[:80])
        yield Turn([*asked, {"role": "assistant", "content": friendly_error(exc, question)}], question)
        return
    examples = service.example_questions(lang=answer.lang) if answer.kind in CONVERSATIONAL_KINDS else None
    related = service.related_passages(answer) if not answer.answerable else None
    yield Turn([*asked, answer_message(answer, related, examples)], "")


def respond(service: AssistantService, question: str, messages: list[Message]) -> tuple[list[Message], str]:
    """One chat turn for API clients (/ask): the new conversation and what is left in the question box. A
    question that cannot be asked is answered in the conversation, since an API client has no input box."""
    turn = list(chat_turn(service, question, messages))[-1]
    if turn.notice:
        shown = [_user_message(question)] if question.strip() else []
        return [*turn.messages, *shown, {"role": "assistant", "content": turn.notice}], turn.left
    return turn.messages, turn.left


def corpus_listing(service: AssistantService) -> str:
    """The documents by title, each with its file name and its passages in the index."""
    docs = service.documents()
    if not docs:
        return ui_text("corpus_empty")
    rows = [ui_text("documents_row", title=escape(d.title), doc_id=d.doc_id.replace("`", "'"), passages=d.passages)
            for d in docs]
    return "\n".join([ui_text("corpus", count=len(docs)), *rows])


def refusal_reason(exc: DocumentError, path: Path | None = None, name: str = "") -> str:
    """Why a file was refused, in the UI's language (prompts/ui_reason_<code>.zh.txt); the exception's own
    (English) message only for an error without a reason code. Never shows a server path."""
    if exc.reason:
        fields = {k: escape(str(v)) for k, v in exc.fields.items()}
        return ui_text(f"reason_{exc.reason}", **fields)
    text = str(exc).replace(str(path), name) if path is not None else str(exc)
    return escape(text.removeprefix(f"{name}: ") if name else text)


def failure_reason(exc: Exception) -> str:
    """Why an upload, removal or re-index failed, in the UI's language: the build lease another machine
    holds or this build lost (index.lease), a Chroma server that does not answer, each worded in
    prompts/ui_reason_*; any other failure names itself in a zh sentence with its technical detail."""
    if isinstance(exc, LeaseTaken):
        held = exc.holder
        return ui_text("reason_lease_taken", server=escape(exc.server), collection=escape(exc.collection),
                       holder=escape(held.owner), since=held.since, until=held.until)
    if isinstance(exc, LeaseLost):
        where = {"server": escape(exc.server), "collection": escape(exc.collection)}
        if exc.holder is None:
            return ui_text("reason_lease_gone", **where)
        return ui_text("reason_lease_lost", holder=escape(exc.holder.owner), **where)
    if isinstance(exc, StoreUnreachable):
        return ui_text("reason_unreachable", server=escape(exc.server))
    if isinstance(exc, StoreError):
        return ui_text("reason_store", detail=escape(str(exc)))
    return ui_text("reason_unexpected", detail=escape(str(exc)))


def upload_document(service: AssistantService, file_path: str | None, progress: ProgressFn | None = None,
                    *, upload_root: Path) -> str:
    """Add an uploaded document (any kind index.readers reads) to the corpus and index it; returns the status
    shown below the upload.

    upload_root is the folder the web server keeps uploads in: a path outside it (after following links) was
    not uploaded by this client and is refused, whatever the request claims."""
    if not file_path:
        return ui_text("upload_choose", suffixes=" ".join(SUFFIXES))
    path = Path(file_path)
    name = safe_document_name(path.name)
    try:
        report = service.add_document(path, name, progress, upload_root=upload_root)
    except NotUploadedError:
        return ui_text("upload_not_uploaded")
    except DocumentError as exc:
        return ui_text("upload_refused", name=escape(name), reason=refusal_reason(exc, path, name))
    except Exception as exc:
        log.exception("indexing %s failed", name)
        return ui_text("upload_failed", reason=failure_reason(exc))
    name = escape(report.doc_id)
    if report.copied:
        done = ui_text("upload_done", name=name, passages=report.passages_added, seconds=f"{report.seconds:.1f}")
    else:
        done = ui_text("upload_same", name=name, passages=report.passages_added)
    if report.skipped:
        done += f"\n\n{ui_text('upload_skipped')}\n" + "\n".join(f"- {escape(s)}" for s in report.skipped)
    return done


# -- the documents panel: remove one, re-index all ------------------------------------------------------
def document_choices(service: AssistantService) -> list[tuple[str, str]]:
    """(label, doc_id) for the documents picker: the title, then the file name."""
    return [(f"{d.title} · {d.doc_id}", d.doc_id) for d in service.documents()]


def remove_document(service: AssistantService, doc_id: str | None, progress: ProgressFn | None = None) -> str:
    """Remove one document from the corpus and the index; the status shown in the documents panel."""
    if not doc_id:
        return ui_text("remove_choose")
    before = {d.doc_id: d.passages for d in service.documents()}
    name = escape(doc_id)
    try:
        service.remove_document(doc_id, progress)
    except DocumentError as exc:
        return ui_text("remove_failed", name=name, reason=refusal_reason(exc, name=doc_id))
    except Exception as exc:
        log.exception("removing %s failed", doc_id)
        return ui_text("remove_failed", name=name, reason=failure_reason(exc))
    return ui_text("remove_done", name=name, passages=before.get(doc_id, 0))


def reindex_corpus(service: AssistantService, progress: ProgressFn | None = None) -> str:
    try:
        report = service.reindex(progress)
    except Exception as exc:
        log.exception("re-indexing failed")
        return ui_text("reindex_failed", reason=failure_reason(exc))
    done = ui_text("reindex_done", documents=report.documents, added=report.added, removed=report.removed,
                   seconds=f"{report.seconds:.1f}")
    if report.errors:
        done += f"\n\n{ui_text('upload_skipped')}\n" + "\n".join(f"- {escape(s)}" for s in report.errors)
    return done


def documents_panel(svc: AssistantService, listing: Any) -> Any:
    """The documents panel under the listing: a picker, a remove and a re-index button, and their status.
    Returns the picker (refreshed by the caller after an upload)."""
    picker = gr.Dropdown(choices=document_choices(svc), value=None, label=ui_text("documents_choose"),
                         elem_id="document-picker", interactive=True)
    with gr.Row():
        remove = gr.Button(ui_text("remove_button"), elem_id="remove-document", variant="stop", size="sm")
        reindex = gr.Button(ui_text("reindex_button"), elem_id="reindex", size="sm")
    status = gr.Markdown(elem_id="documents-status")

    def shown(progress: gr.Progress) -> ProgressFn:
        return lambda fraction, message: progress(fraction, desc=message)

    def on_remove(doc_id: str | None, progress: gr.Progress = gr.Progress()) -> tuple[str, str, Any]:  # noqa: B008
        done = remove_document(svc, doc_id, shown(progress))
        return done, corpus_listing(svc), gr.Dropdown(choices=document_choices(svc), value=None)

    def on_reindex(progress: gr.Progress = gr.Progress()) -> tuple[str, str, Any]:  # noqa: B008
        done = reindex_corpus(svc, shown(progress))
        return done, corpus_listing(svc), gr.Dropdown(choices=document_choices(svc), value=None)

    remove.click(on_remove, inputs=[picker], outputs=[status, listing, picker], api_name="remove_document")
    reindex.click(on_reindex, outputs=[status, listing, picker], api_name="reindex")
    return picker


# -- the page ------------------------------------------------------------------------------------------
def build_ui(settings: Settings | None = None, assistant_factory: Callable[[], Assistant] | None = None,
             service: AssistantService | None = None) -> gr.Blocks:
    """The Blocks app. Give settings (and optionally an assistant factory) to run it on another store."""
    svc = service or AssistantService(settings, assistant_factory)

    def on_ask(question: str, messages: list[Message]) -> tuple[list[Message], str]:
        return respond(svc, question, messages)

    def on_chat(question: str, messages: list[Message]) -> Iterator[tuple[list[Message], str, str]]:
        for turn in chat_turn(svc, question, messages):
            yield turn.messages, turn.left, turn.notice

    def on_pick(messages: list[Message], evt: gr.SelectData) -> Iterator[tuple[list[Message], str, str]]:
        # an example question on the first screen ({"text": …}) or under the help reply (its value)
        picked = evt.value.get("text", "") if isinstance(evt.value, dict) else str(evt.value or "")
        yield from on_chat(picked, messages)

    def examples() -> Any:
        found = svc.example_questions(svc.settings.ui.example_count)
        return gr.Chatbot(examples=[{"text": q} for q in found] or None)

    def on_upload(file_path: str | None,
                  progress: gr.Progress = gr.Progress()) -> tuple[str, str, None]:  # noqa: B008
        def shown(fraction: float | None, message: str) -> None:
            progress(fraction, desc=message)

        # the file box is emptied either way: the status names the file, and the next one can be dropped in
        status = upload_document(svc, file_path, shown, upload_root=Path(demo.GRADIO_CACHE))
        return status, corpus_listing(svc), None

    title = ui_text("title")
    with gr.Blocks(title=title) as demo:
        gr.Markdown(f"## {escape(title)}\n{ui_text('intro')}")
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label=ui_text("chat_label"), elem_id="chat", height=620, latex_delimiters=[],
                                     buttons=["copy", "copy_all"], feedback_options=None,
                                     placeholder=ui_text("chat_placeholder"))
                with gr.Row():
                    question = gr.Textbox(show_label=False, elem_id="question", scale=6, lines=1, max_lines=4,
                                          placeholder=ui_text("question_placeholder"),
                                          autofocus=True)
                    send = gr.Button(ui_text("ask_button"), variant="primary", scale=1, elem_id="send")
                notice = gr.Markdown(elem_id="question-notice")  # right under the box it is about
                clear = gr.ClearButton([chatbot, question, notice], value=ui_text("clear_button"))
                ask_api = gr.Button(visible=False)  # the /ask endpoint for API clients (no notice, no stream)
            with gr.Column(scale=1, min_width=260):
                gr.Markdown(ui_text("add_heading"))
                upload = gr.File(label=ui_text("file_label"), file_types=list(SUFFIXES), type="filepath",
                                 elem_id="upload")
                add = gr.Button(ui_text("add_button"), elem_id="add-document")
                status = gr.Markdown(elem_id="upload-status")
                gr.Markdown(ui_text("documents_heading"))
                corpus = gr.Markdown(lambda: corpus_listing(svc), elem_id="corpus")  # fresh on each page load
                picker = documents_panel(svc, corpus)
        turn_out = [chatbot, question, notice]
        # the pending bubble is the progress shown: no overlay dimming the conversation
        gr.on([question.submit, send.click], on_chat, inputs=[question, chatbot], outputs=turn_out,
              api_name="chat", show_progress="hidden")
        chatbot.example_select(on_pick, inputs=[chatbot], outputs=turn_out, show_progress="hidden",
                               api_visibility="private")
        chatbot.option_select(on_pick, inputs=[chatbot], outputs=turn_out, show_progress="hidden",
                              api_visibility="private")
        ask_api.click(on_ask, inputs=[question, chatbot], outputs=[chatbot, question], api_name="ask")
        added = add.click(on_upload, inputs=[upload], outputs=[status, corpus, upload], api_name="add_document")
        added.then(examples, outputs=[chatbot], api_visibility="private", show_progress="hidden")  # the new index's
        added.then(lambda: gr.Dropdown(choices=document_choices(svc), value=None), outputs=[picker],
                   api_visibility="private", show_progress="hidden")
        clear.click(examples, outputs=[chatbot], api_visibility="private", show_progress="hidden")
        demo.load(examples, outputs=[chatbot], api_visibility="private", show_progress="hidden")
    # Gradio runs one event at a time by default: one slow question would hold up every other user.
    # Assistant.ask is safe to call from several threads, so several questions are answered at once.
    demo.queue(default_concurrency_limit=svc.settings.ui.concurrency)
    return demo


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    service = AssistantService(load_settings(**vars(_arguments())))

    def warm_up() -> None:  # load the model and the store before the first question
        try:
            service.assistant()
        except Exception as exc:
            log.warning("the assistant is not ready yet: %s", exc)

    threading.Thread(target=warm_up, daemon=True).start()
    ui = service.settings.ui
    build_ui(service=service).launch(server_name=ui.host, server_port=ui.port, share=False, css=UI_CSS)


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="The chat UI (settings: settings.yaml, ASSISTANT_* variables)")
    parser.add_argument("--settings", dest="settings_file", metavar="FILE", help="a settings YAML file")
    parser.add_argument("--profile", dest="profiles", metavar="NAME", action="append",
                        help="read settings-NAME.yaml too; repeatable")
    return parser.parse_args()


if __name__ == "__main__":
    main()
