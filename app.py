"""The chat UI (Gradio): ask about the indexed documents, see every citation and figure source, add documents.

It only calls the assistant's API (assistant.api through assistant.ui_service) and renders what comes back.
Run with `python app.py` (127.0.0.1, port from GRADIO_SERVER_PORT or 7860).
"""

from __future__ import annotations

import os

# before gradio is imported: no analytics, no hub calls
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

import logging
import re
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import gradio as gr

from assistant.api import Assistant, History
from assistant.settings import Settings
from assistant.types import Answer, Citation, QuestionError
from assistant.ui_service import AssistantService, NotUploadedError, ProgressFn, safe_document_name
from index.loaders import DocumentError
from index.store import StoreError

log = logging.getLogger(__name__)

Message = dict[str, Any]
TITLE = "文档数字问答 · Citation-first Q&A"
INTRO = ("答案只来自已索引的文档。每个答案下列出引文 [n]：文档名、所在段落，"
         "以及原文中支持答案的片段（高亮）；答案里的数字都标明来源或计算过程，并标出是否已核实。")
SHOWN_QUESTION_CHARS = 600  # a rejected, overlong question is shown cut to this length

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


# -- one answer as chat content ------------------------------------------------------------------------
def highlighted_passage(c: Citation) -> str:
    """The cited passage with its supporting span marked (the span's offsets are document offsets)."""
    start, end = c.start - c.passage_start, c.end - c.passage_start
    if 0 <= start < end <= len(c.text):
        before, span, after = c.text[:start], c.text[start:end], c.text[end:]
        return f"{escape(before)}<mark>{escape(span)}</mark>{escape(after)}"
    return escape(c.text)  # offsets outside the passage: show it unmarked rather than mark the wrong words


def _source(c: Citation) -> str:
    where = f"`{c.doc_id}`" if "`" not in c.doc_id else escape(c.doc_id)
    return where + (f" · {escape(c.section)}" if c.section else "")


def render_details(answer: Answer) -> str:
    """Everything below the answer text: verification, citations, figures, or related passages."""
    parts: list[str] = []
    if answer.answerable:
        if answer.verified:
            parts.append("✓ **已核实 · verified**：答案中的数字都能在引文中找到或由引文算出。")
        elif answer.unverified or not answer.conflicts:
            missing = "、".join(escape(u) for u in answer.unverified) or "部分数字"
            parts.append(f"⚠ **未核实 · unverified**：这些数字没有来源支持：{missing}。请对照原文。")
        for conflict in answer.conflicts:
            # every value with the document that states it: the reader decides, the answer does not
            by_n = {c.n: c for c in answer.citations}
            lines = [f"⚠ **来源不一致 · sources disagree**：{escape(conflict.label)}"]
            for v in conflict.values:
                cited = by_n.get(v.citation) if v.citation is not None else None
                where = f"[{v.citation}] {_source(cited)}" if cited else "引文"
                lines.append(f"- **{escape(v.text)}** ← {where}")
            parts.append("\n".join(lines))
    else:
        parts.append("⚠ **无法回答 · not answerable**：已索引的文档里没有这个问题的答案。")
        if not answer.verified and answer.unverified:
            parts.append("⚠ **未核实 · unverified**：" + "、".join(escape(u) for u in answer.unverified))
    if answer.citations:
        parts.append("**引文 · Citations**")
        for c in answer.citations:
            parts.append(f"**[{c.n}]** {_source(c)}\n{_quote(highlighted_passage(c))}")
    if answer.figures:
        lines = ["**数字及来源 · Figures**"]
        for f in answer.figures:
            if f.source == "computation":
                lines.append(f"- **{escape(f.text)}** = 计算 · computed：{escape(f.span)}")
            else:
                ref = f"[{f.citation}]" if f.citation is not None else "引文"
                lines.append(f"- **{escape(f.text)}** ← {ref}「{escape(f.span)}」")
        parts.append("\n".join(lines))
    if answer.related:
        parts.append("**相关段落 · Related passages**（仅供参考，不是引文 · not citations）")
        for r in answer.related:
            parts.append(f"- {_source(r)}\n{_quote(escape(r.text))}")
    return "\n\n".join(parts)


def answer_message(answer: Answer) -> Message:
    """Two parts: the answer text exactly (so follow-ups get it back as history), then its sources."""
    return {"role": "assistant", "content": [escape(answer.text), render_details(answer)]}


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


def history_from_messages(messages: list[Message]) -> History:
    """(question, answer.text) pairs of the answered turns, oldest first; error replies are not turns."""
    pairs: History = []
    question: str | None = None
    for message in messages or []:
        texts = _texts(message)
        if message.get("role") == "user":
            question = unescape(texts[0]) if texts else None
        elif message.get("role") == "assistant":
            if question is not None and len(texts) >= 2:
                pairs.append((question, unescape(texts[0])))
            question = None
    return pairs


def friendly_error(exc: Exception, question: str) -> str:
    if isinstance(exc, QuestionError):
        if not question.strip():
            return "⚠️ 请先输入一个问题。(The question is empty.)"
        return f"⚠️ 这个问题无法处理：{escape(str(exc))}。请缩短或改写后再问。"
    if isinstance(exc, (StoreError, DocumentError)):
        return f"⚠️ 文档索引暂时不可用：{escape(str(exc))}"
    return "⚠️ 出了点问题，没能回答这个问题。请稍后再试。(Something went wrong; see the server log.)"


# -- handlers (plain functions of the service, so tests can call them directly) --------------------------
def respond(service: AssistantService, question: str, messages: list[Message]) -> tuple[list[Message], str]:
    """One chat turn: returns the new conversation and what is left in the question box."""
    messages = list(messages or [])
    question = question if isinstance(question, str) else ""
    shown = question.strip()
    try:
        answer = service.ask(question, history_from_messages(messages))
    except Exception as exc:  # the UI boundary: a friendly message in the chat, never a traceback
        if not isinstance(exc, (QuestionError, StoreError, DocumentError)):
            log.exception("answering %r failed", shown[:80])
        if len(shown) > SHOWN_QUESTION_CHARS:
            shown = shown[:SHOWN_QUESTION_CHARS] + "…"
        if shown:
            messages.append({"role": "user", "content": escape(shown)})
        messages.append({"role": "assistant", "content": friendly_error(exc, question)})
        return messages, question  # keep the question so it can be fixed
    messages.append({"role": "user", "content": escape(shown)})
    messages.append(answer_message(answer))
    return messages, ""


def corpus_listing(service: AssistantService) -> str:
    files = service.corpus_files()
    if not files:
        return "**语料库 · Corpus**：还没有文档。"
    return f"**语料库 · Corpus**（{len(files)} 个文档）\n" + "\n".join(f"- {escape(f)}" for f in files)


def upload_document(service: AssistantService, file_path: str | None, progress: ProgressFn | None = None,
                    *, upload_root: Path) -> str:
    """Add an uploaded .txt/.md file to the corpus and index it; returns the status shown below the upload.

    upload_root is the folder the web server keeps uploads in: a path outside it (after following links) was
    not uploaded by this client and is refused, whatever the request claims."""
    if not file_path:
        return "请先选择一个 .txt 或 .md 文件。(Choose a .txt or .md file first.)"
    path = Path(file_path)
    name = safe_document_name(path.name)
    try:
        report = service.add_document(path, name, progress, upload_root=upload_root)
    except NotUploadedError:
        return ("❌ 只能加入通过本页面上传的文件，服务器上的其他文件不会被读取。语料库没有改变。"
                "(Only files uploaded through this page can be added.)")
    except DocumentError as exc:
        reason = str(exc).replace(str(path), name).removeprefix(f"{name}: ")
        return f"❌ 无法加入 **{escape(name)}**：{escape(reason)}。语料库没有改变。"
    except Exception as exc:
        log.exception("indexing %s failed", name)
        return f"❌ 建立索引失败：{escape(str(exc))}。文件没有加入语料库。"
    done = (f"✅ 已加入 **{escape(report.doc_id)}** 并建立索引：新增 {report.passages_added} 个段落，"
            f"用时 {report.seconds:.1f} 秒。现在可以就它提问了。")
    if not report.copied:
        done = (f"ℹ️ **{escape(report.doc_id)}** 已在语料库中（内容相同），索引已更新"
                f"（新增 {report.passages_added} 个段落）。")
    if report.skipped:
        done += "\n\n语料库中有文件无法读取，已跳过：\n" + "\n".join(f"- {escape(s)}" for s in report.skipped)
    return done


# -- the page ------------------------------------------------------------------------------------------
def build_ui(settings: Settings | None = None, assistant_factory: Callable[[], Assistant] | None = None,
             service: AssistantService | None = None) -> gr.Blocks:
    """The Blocks app. Give settings (and optionally an assistant factory) to run it on another store."""
    svc = service or AssistantService(settings, assistant_factory)

    def on_ask(question: str, messages: list[Message]) -> tuple[list[Message], str]:
        return respond(svc, question, messages)

    def on_upload(file_path: str | None,
                  progress: gr.Progress = gr.Progress()) -> tuple[str, str, None]:  # noqa: B008
        def shown(fraction: float | None, message: str) -> None:
            progress(fraction, desc=message)

        # the file box is emptied either way: the status names the file, and the next one can be dropped in
        status = upload_document(svc, file_path, shown, upload_root=Path(demo.GRADIO_CACHE))
        return status, corpus_listing(svc), None

    with gr.Blocks(title=TITLE) as demo:
        gr.Markdown(f"## {TITLE}\n{INTRO}")
        with gr.Row():
            with gr.Column(scale=3):
                chatbot = gr.Chatbot(label="对话 · Chat", elem_id="chat", height=620, latex_delimiters=[],
                                     buttons=["copy", "copy_all"], feedback_options=None,
                                     placeholder="问一个关于文档的问题，例如其中的数字、金额或比例。")
                with gr.Row():
                    question = gr.Textbox(show_label=False, elem_id="question", scale=6, lines=1, max_lines=4,
                                          placeholder="输入问题，按 Enter 发送 · Ask a question",
                                          autofocus=True)
                    send = gr.Button("提问 · Ask", variant="primary", scale=1, elem_id="send")
                gr.ClearButton([chatbot, question], value="清空对话 · Clear")
            with gr.Column(scale=1, min_width=260):
                gr.Markdown("### 添加文档 · Add a document\n.txt / .md 文本文件，加入语料库后自动建立索引。")
                upload = gr.File(label="文件 · File", file_types=[".txt", ".md"], type="filepath",
                                 elem_id="upload")
                add = gr.Button("加入并建立索引 · Add & index", elem_id="add-document")
                status = gr.Markdown(elem_id="upload-status")
                corpus = gr.Markdown(lambda: corpus_listing(svc), elem_id="corpus")  # fresh on each page load
        gr.on([question.submit, send.click], on_ask, inputs=[question, chatbot], outputs=[chatbot, question],
              api_name="ask")
        add.click(on_upload, inputs=[upload], outputs=[status, corpus, upload], api_name="add_document")
    # Gradio runs one event at a time by default: one slow question would hold up every other user.
    # Assistant.ask is safe to call from several threads, so several questions are answered at once.
    demo.queue(default_concurrency_limit=svc.settings.ui_concurrency)
    return demo


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    service = AssistantService()

    def warm_up() -> None:  # load the model and the store before the first question
        try:
            service.assistant()
        except Exception as exc:
            log.warning("the assistant is not ready yet: %s", exc)

    threading.Thread(target=warm_up, daemon=True).start()
    port = int(os.environ.get("GRADIO_SERVER_PORT", "7860"))
    build_ui(service=service).launch(server_name="127.0.0.1", server_port=port, share=False)


if __name__ == "__main__":
    main()
