"""The Gradio chat UI: a real server on a loopback port called through gradio_client, and the upload handler.

The chat is checked against the real article index (session fixtures in conftest.py); uploads go to a tiny
synthetic corpus in a tmp folder, never the repository's corpus.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

from netutil import served_ui

import app
from assistant.api import Assistant
from assistant.settings import Settings, load_settings
from assistant.types import Answer, Citation, FigureUse
from assistant.ui_service import AssistantService
from index.store import StoreError

pytestmark = pytest.mark.slow

ARTICLE_QUESTION = "全市累计开工复工5000万元以上项目多少个？"
ARTICLE_SET = Path(__file__).resolve().parent.parent / "eval" / "questions" / "article.jsonl"
OFF_TOPIC = ["今天天气怎么样？", "上海的人口是多少？", "这家餐厅的招牌菜多少钱？"]
MARK = re.compile(r"<mark>(.*?)</mark>", re.S)

QINGSONG = ("# 青松县农业概况\n\n青松县位于北方平原。2024年全县粮食总产量达到52.3万吨，比上年增长4.1%。"
            "全县耕地面积86万亩，其中高标准农田41万亩。\n")
BAIHE = "白河市今年新建农村公路318公里，总投资12.6亿元。全市公交线路增加到47条，日均客流9.8万人次。\n"
HONGSHAN = "红山镇大力发展乡村旅游。2023年红山镇接待游客27.5万人次，旅游收入达到1.9亿元。全镇民宿数量达到86家。\n"




def texts(message: dict[str, Any]) -> list[str]:
    content = message.get("content")
    items = content if isinstance(content, list) else [content]
    return [i if isinstance(i, str) else str(i.get("text", "")) for i in items if isinstance(i, str | dict)]


def whole(messages: list[dict[str, Any]]) -> str:
    return "\n".join(t for m in messages for t in texts(m))


def last_reply(messages: list[dict[str, Any]]) -> str:
    assert messages and messages[-1]["role"] == "assistant", messages
    return "\n".join(texts(messages[-1]))


def tiny_settings(root: Path) -> Settings:
    """A two-document synthetic corpus indexed into its own store under root."""
    from index.build import build_index
    from index.embed import make_embedding

    corpus = root / "corpus"
    corpus.mkdir(parents=True)
    (corpus / "qingsong.md").write_text(QINGSONG, encoding="utf-8")
    (corpus / "baihe.txt").write_text(BAIHE, encoding="utf-8")
    settings = load_settings(store={"dir": root / "store"}, corpus={"dir": corpus})
    report = build_index(settings.store_location(), make_embedding(settings.embedding.spec),
                         corpus_dir=corpus, chunk_chars=settings.chunk.chars, progress=None)
    assert report.documents == 2 and report.added > 0, report.summary()
    return settings


def snapshot(folder: Path) -> dict[str, bytes]:
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in files}


# -- rendering, no server ----------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "普通文本[1]。",
    "*星号* _下划线_ [1](x) <b>粗</b> # 标题 \\n 反斜杠 `代码`",
    "1. 列表\n- 项目\n> 引用 | 表格 ~~删除~~ $5 & 9.5%",
])
def test_escape_round_trips(text: str) -> None:
    assert app.unescape(app.escape(text)) == text


def test_details_fold_the_evidence_and_mark_the_span_inside_the_passage() -> None:
    passage = "甲乙丙。全县粮食总产量52.3万吨。丁戊。"
    c = Citation(n=1, doc_id="a.txt", text=passage, start=104, end=117, passage_start=100, passage_end=121)
    answered = Answer("q", "全县粮食总产量52.3万吨[1]。", [c], verified=False, unverified=["7个"])
    details = app.render_details(answered)
    assert MARK.findall(details) == [app.escape(c.span)] and c.span == "全县粮食总产量52.3万吨"
    assert "[1]" in details and "a.txt" in details and "未核实" in details and "7个" in details
    # the untraced figure is said in the open; the citations sit inside the fold
    assert details.index("未核实") < details.index("<details>") < details.index("<mark>") < details.index("</details>")
    verified = app.render_details(Answer("q", "全县粮食总产量52.3万吨[1]。", [c]))
    summary = re.search(r"<summary>(.*?)</summary>", verified)
    assert summary and "已核实" in summary[1] and "1 条引文" in summary[1]


def test_refusal_offers_related_passages_under_their_own_label_never_as_citations() -> None:
    c = Citation(n=1, doc_id="a.txt", text="全县粮食总产量52.3万吨。", start=0, end=13, passage_end=13)
    unanswerable = Answer("q", "文档中没有找到能回答这个问题的确切数字。", answerable=False, related=[c])
    details = app.render_details(unanswerable)
    assert "相关段落（未作为依据）" in details and "<details>" in details and "a.txt" in details
    assert "<mark>" not in details and "引文" not in details  # nothing is claimed as support
    assert app.render_details(unanswerable, related=[]) == ""  # none actually related: none shown
    english = Answer("q", "The documents do not say.", answerable=False, related=[c], lang="en")
    assert "Related passages (not used as evidence)" in app.render_details(english)


def test_the_direct_answer_is_bold_on_its_own_line_then_the_rest() -> None:
    given = Answer("q", "开复工项目分六类[1]。其中工业项目最多[1]。", lead="开复工项目分六类[1]。")
    shown = app.render_answer(given)
    assert shown.split("\n\n") == [f"**{app.escape(given.lead)}**", app.escape("其中工业项目最多[1]。")]
    # no lead given: the first sentence, cut outside quotes, with the citation markers that follow it
    quoted = Answer("q", "The document states “甲项目。乙项目”[1][2]: 20. More below.", lang="en")
    assert app.split_lead(quoted) == ("The document states “甲项目。乙项目”[1][2]: 20.", " More below.")
    single = Answer("q", "总投资*7.52*亿元[1][2]。")
    assert app.render_answer(single) == f"**{app.escape(single.text)}**"
    apart = Answer("q", "不对：文档中的数字是750.4亿元[1]。", lead="不对。")  # a lead that is not the text's start
    assert app.render_answer(apart) == f"**不对。**\n\n{app.escape(apart.text)}"


def test_a_lead_restated_in_the_text_is_shown_once_and_a_claimed_figure_is_not_a_source() -> None:
    c = Citation(n=1, doc_id="a.txt", text="甲项目总投资7.52亿元。", start=0, end=12, passage_end=12)
    claimed = FigureUse("10亿元", 10e8, "元", "question", None, "超过10亿元")
    cited = FigureUse("7.52亿元", 7.52e8, "元", "citation", 1, "7.52亿元")
    answer = Answer("甲项目总投资超过10亿元了吗？", "否。甲项目总投资7.52亿元[1]。7.52亿元低于10亿元。", [c],
                    figures=[cited, claimed], kind="yesno", lead="否。7.52亿元低于10亿元。")
    shown = app.render_answer(answer)
    assert shown == f"**{app.escape(answer.lead)}**\n\n{app.escape('甲项目总投资7.52亿元[1]。')}"
    details = app.render_details(answer)
    assert "问题中的说法" in details and f"[1]「{app.escape('7.52亿元')}」" in details and "超过10亿元" not in details


def test_an_english_answer_is_labelled_in_english() -> None:
    c = Citation(n=1, doc_id="a.txt", text="全县粮食总产量52.3万吨。", start=0, end=13, passage_end=13)
    answer = Answer("q", "The document states “全县粮食总产量52.3万吨”[1]: 523,000 tonnes.", [c], lang="en")
    details = app.render_details(answer)
    assert "Verified" in details and "Citations" in details and "1 citation" in details
    assert not re.search(r"[\u4e00-\u9fff]", details.replace(c.text, "").replace(c.span, ""))


def test_a_citation_from_a_paged_document_names_its_page_in_the_answers_language() -> None:
    paged = Citation(n=1, doc_id="bulletin.pdf", text="全县粮食总产量52.3万吨。", start=0, end=13, passage_end=13,
                     page=3)
    plain = Citation(n=2, doc_id="notes.txt", text="新建仓库三座。", start=0, end=7, passage_end=7)
    zh = app.render_details(Answer("q", "全县粮食总产量52.3万吨[1]，新建仓库三座[2]。", [paged, plain]))
    assert "`bulletin.pdf` · 第3页" in zh and "`notes.txt`\n" in zh and "页" not in zh.split("`notes.txt`")[1]
    en = app.render_details(Answer("q", "The document states 52.3万吨[1].", [paged], lang="en"))
    assert "`bulletin.pdf` · p. 3" in en


@pytest.mark.parametrize(("text", "items"), [
    ("各类项目如下：\n1. 工业项目67个[1]；\n2. 农业项目17个[1]。", ["1. ", "2. "]),
    ("文中的项目：\n- 甲*项目*[1]\n- 乙_项目_[2]", ["- ", "- "]),
    ("全文讲重点项目建设[1]。\n开工196个项目[1]。\n签约74个项目[2]。", ["- ", "- "]),  # a sentence a line
    ("各类项目：\n1、工业项目67个[1]；\n（2）农业项目17个[1]。", ["1、", "（2）"]),  # as written, a line each
])
def test_lists_and_summaries_show_one_item_a_line_with_its_marker(text: str, items: list[str]) -> None:
    shown = app.render_answer(Answer("q", text))
    lines = shown.split("\n")
    assert lines[0].startswith("**") and lines[0].endswith("**") and lines[1] == ""
    listed = [line for line in lines[2:] if line]
    assert [line[:len(m)] for line, m in zip(listed, items, strict=True)] == items
    # the items' own text is escaped (no stray emphasis or links), the markers are not
    for line, marker in zip(listed, items, strict=True):
        assert app.unescape(line[len(marker):]) in text and "*项目*" not in line and "[1]" not in line
    # follow-ups read the answer as shown: the same words, items on their lines (bullets added to a summary)
    flat = app.shown_text(shown).replace("\n", "").replace("- ", "")
    assert flat == text.replace("\n", "").replace("- ", "")


def test_history_comes_back_as_question_and_answer_text() -> None:
    answer = Answer("q", "产量是*52.3*万吨[1]。", [])
    messages = [{"role": "user", "content": app.escape("产量是多少？")}, app.answer_message(answer),
                {"role": "user", "content": "x"}, {"role": "assistant", "content": "⚠️ 出错了"}]
    assert app.history_from_messages(messages) == [("产量是多少？", answer.text)]
    listed = Answer("q", "两类项目[1]：\n1. 工业项目67个[1]；\n2. 农业项目17个[1]。", [])
    messages = [{"role": "user", "content": "哪些？"}, app.answer_message(listed)]
    assert app.history_from_messages(messages) == [("哪些？", listed.text)]


def test_chitchat_is_words_only_with_the_example_questions_as_buttons() -> None:
    hello = Answer("你好", "你好！我可以回答关于已索引文档的问题。", kind="chitchat")
    message = app.answer_message(hello, examples=["甲是多少？", "乙有多少个？"])
    assert message["content"] == app.render_answer(hello)  # one part: no verification, no sources
    assert [o["value"] for o in message["options"]] == ["甲是多少？", "乙有多少个？"]
    assert app.history_from_messages([{"role": "user", "content": "你好"}, message]) == []


class _Service:
    """Stands in for AssistantService to isolate the chat handler: records what it was asked."""

    def __init__(self, answer: Answer | None = None) -> None:
        self.settings = load_settings()
        self.answer = answer
        self.asked: list[str] = []

    def ask(self, question: str, history: list[tuple[str, str]]) -> Answer:
        self.asked.append(question)
        assert self.answer is not None
        return self.answer

    def ask_streaming(self, question: str, history: list[tuple[str, str]]) -> Iterator[Answer]:
        yield self.ask(question, history)  # an extractive answer: no draft

    def example_questions(self, n: int = 4, lang: str = "zh") -> list[str]:
        return ["甲是多少？"]

    def related_passages(self, answer: Answer) -> list[Citation]:
        return []


@pytest.mark.parametrize("question", ["", "   ", "问" * 5000])
def test_a_question_that_cannot_be_asked_gets_a_notice_beside_the_box(question: str) -> None:
    earlier = [{"role": "user", "content": "产量是多少？"}, app.answer_message(Answer("q", "52.3万吨[1]。"))]
    service = _Service()
    turns = list(app.chat_turn(service, question, earlier))  # type: ignore[arg-type]
    assert len(turns) == 1 and not service.asked
    turn = turns[0]
    assert turn.messages == earlier  # the previous answer's bubble is untouched
    assert turn.notice.startswith("⚠️") and turn.left == question
    assert ("请先输入问题" if not question.strip() else "无法处理") in turn.notice


def test_the_question_shows_at_once_with_a_pending_bubble_then_the_answer() -> None:
    service = _Service(Answer("产量是多少？", "产量52.3万吨[1]。"))
    turns = list(app.chat_turn(service, "产量是多少？", []))  # type: ignore[arg-type]
    assert [[m["role"] for m in t.messages] for t in turns] == [["user", "assistant"]] * 2
    assert turns[0].messages[-1]["content"] == app.ui_text("pending") and turns[0].left == ""
    assert turns[1].messages[-1] == app.answer_message(service.answer)  # type: ignore[arg-type]
    assert not any(t.notice for t in turns)
    english = list(app.chat_turn(service, "What is the output?", []))  # type: ignore[arg-type]
    assert english[0].messages[-1]["content"] == app.ui_text("pending", "en") == "Answering…"


def test_store_errors_are_a_friendly_chat_message() -> None:
    def broken() -> Assistant:
        raise StoreError("no index at /nowhere; run `python -m assistant index`")

    service = AssistantService(load_settings(), broken)
    messages, left = app.respond(service, "产量是多少？", [])
    reply = last_reply(messages)
    assert "文档索引暂时不可用" in reply and "Traceback" not in reply
    assert left == "产量是多少？"  # kept for another try
    assert service.example_questions() == []  # the page still opens, without examples


# -- the served app, called with gradio_client -----------------------------------------------------------
@pytest.fixture(scope="module")
def article_client(article_settings: Settings, article_assistant: Assistant) -> Iterator[Any]:
    from gradio_client import Client

    demo = app.build_ui(article_settings, assistant_factory=lambda: article_assistant)
    with served_ui(demo) as url:
        yield Client(url, verbose=False, analytics_enabled=False)


def test_client_reply_cites_the_supporting_span_of_the_right_passage(
        article_client: Any, article_assistant: Assistant, article_text: str) -> None:
    messages, left = article_client.predict(ARTICLE_QUESTION, [], api_name="/ask")
    assert left == ""
    assert [m["role"] for m in messages] == ["user", "assistant"]
    reply = last_reply(messages)
    expected = article_assistant.ask(ARTICLE_QUESTION, [])
    assert expected.answerable and expected.citations
    first = expected.citations[0]
    assert "196" in first.text  # the passage that holds the answer
    marked = [app.unescape(s) for s in MARK.findall(reply)]
    assert first.span and first.span in marked, (first.span, marked)
    assert all(s in article_text for s in marked)
    assert f"[{first.n}]" in reply and first.doc_id in reply
    assert "已核实" in reply or "未核实" in reply


def test_client_follow_up_sends_the_history(article_client: Any) -> None:
    messages, _ = article_client.predict(ARTICLE_QUESTION, [], api_name="/ask")
    messages, _ = article_client.predict("其中新开工多少个？", messages, api_name="/ask")
    assert [m["role"] for m in messages] == ["user", "assistant"] * 2
    assert app.history_from_messages(messages)[0][0] == ARTICLE_QUESTION
    assert "<mark>" in last_reply(messages)


@pytest.mark.parametrize("question", ["", "   ", "问" * 5000])
def test_client_bad_question_gets_a_friendly_message(article_client: Any, question: str) -> None:
    messages, left = article_client.predict(question, [], api_name="/ask")
    reply = last_reply(messages)
    assert reply.startswith("⚠️") and "Traceback" not in reply
    if question.strip():
        assert "无法处理" in reply and left == question
        assert len(whole(messages)) < 2000  # the overlong question is not echoed whole
    else:
        assert "请先输入问题" in reply and [m["role"] for m in messages] == ["assistant"]


def test_client_chat_keeps_an_empty_question_out_of_the_conversation(article_client: Any) -> None:
    messages, _ = article_client.predict(ARTICLE_QUESTION, [], api_name="/ask")
    after, left, notice = article_client.predict("  ", messages, api_name="/chat")
    assert after == messages and left == "  " and "请先输入问题" in notice
    after, left, notice = article_client.predict("其中新开工多少个？", messages, api_name="/chat")
    assert [m["role"] for m in after] == ["user", "assistant"] * 2 and left == "" and notice == ""
    assert "<mark>" in last_reply(after) and "正在回答" not in whole(after)


def test_related_passages_are_shown_only_when_they_share_a_rare_term(
        article_settings: Settings, article_assistant: Assistant) -> None:
    """The threshold's data: every unanswerable question of the article set keeps a related passage (each
    names something the article does mention), questions on other topics keep none. The passages offered
    are the ones retrieval finds for the question (a refusal's related passages), whatever kind the router
    would give it (it declines some off-topic questions before any refusal)."""
    service = AssistantService(article_settings, lambda: article_assistant)
    rows = [json.loads(line) for line in ARTICLE_SET.read_text(encoding="utf-8").splitlines() if line.strip()]
    unanswerable = [r["question"] for r in rows if r["kind"] == "unanswerable"]
    assert len(unanswerable) >= 10

    def offered(question: str) -> Answer:
        answer = article_assistant.engine.clarify(question)  # a refusal with the retrieved passages
        assert not answer.answerable and len(answer.related) == 3, question
        return answer

    for question in unanswerable:
        answer = offered(question)
        kept = service.related_passages(answer)
        assert kept and all(r in answer.related for r in kept), question
    for question in OFF_TOPIC:
        assert service.related_passages(offered(question)) == [], question


# -- uploads -----------------------------------------------------------------------------------------
@pytest.fixture()
def tiny_service(tmp_path: Path) -> AssistantService:
    return AssistantService(tiny_settings(tmp_path / "tiny"))


def test_upload_indexes_a_good_file_and_it_is_answered_with_a_citation(
        tiny_service: AssistantService, tmp_path: Path) -> None:
    question = "红山镇的旅游收入达到多少？"
    before = tiny_service.ask(question, [])
    assert all(c.doc_id != "hongshan.txt" for c in before.citations)
    examples = tiny_service.example_questions(4)
    upload = tmp_path / "upload" / "hongshan.txt"
    upload.parent.mkdir()
    upload.write_bytes(HONGSHAN.encode("gbk"))  # any detectable encoding; the bytes are kept as they are
    steps: list[tuple[float | None, str]] = []

    status = app.upload_document(tiny_service, str(upload), lambda f, m: steps.append((f, m)),
                                 upload_root=upload.parent)

    assert status.startswith("✅") and "hongshan.txt" in status, status
    corpus = tiny_service.settings.corpus.dir
    assert (corpus / "hongshan.txt").read_bytes() == upload.read_bytes()
    assert steps and steps[-1][0] == 1.0
    assert "hongshan.txt" in app.corpus_listing(tiny_service)
    refreshed = tiny_service.example_questions(4)
    assert refreshed != examples and "全镇民宿数量有多少家？" in refreshed  # drawn again from the new index
    answer = tiny_service.ask(question, [])
    assert answer.answerable and answer.citations[0].doc_id == "hongshan.txt", answer
    messages, _ = app.respond(tiny_service, question, [])
    reply = last_reply(messages)
    assert "hongshan.txt" in reply and any(s in HONGSHAN for s in map(app.unescape, MARK.findall(reply)))


def test_questions_are_answered_from_the_serving_index_while_an_upload_indexes(
        tiny_service: AssistantService, tmp_path: Path) -> None:
    """The build pauses inside its own progress report while another thread asks: the answer comes from the
    serving generation without waiting for the build. No question was asked before the upload, so the asking
    thread also opens the assistant (that once waited on the lock the build held)."""
    import threading

    from index.store import read_pointer

    pointed = read_pointer(tiny_service.settings.store_location())
    assert pointed is not None
    serving = pointed.number
    upload = tmp_path / "upload" / "hongshan.txt"
    upload.parent.mkdir()
    upload.write_text(HONGSHAN * 40, encoding="utf-8")  # a larger file: several store batches
    during: list[tuple[Answer, int]] = []

    def progress(_fraction: float | None, message: str) -> None:
        if during or not message.startswith("storing passages"):
            return
        asker = threading.Thread(target=lambda: during.append(
            (tiny_service.ask("白河市新建农村公路多少公里？", []), tiny_service.assistant().generation)))
        asker.start()
        asker.join(timeout=120)
        assert not asker.is_alive(), "a question waited for the index build"

    report = tiny_service.add_document(upload, "hongshan.txt", progress, upload_root=upload.parent)

    assert report.passages_added > 0
    (answer, generation), = during
    assert generation == serving and answer.answerable and answer.citations[0].doc_id == "baihe.txt", answer
    assert tiny_service.assistant().generation > serving  # the next question reads the new index
    assert tiny_service.ask("红山镇的旅游收入达到多少？", []).citations[0].doc_id == "hongshan.txt"


# every refusal is worded in the page's language (prompts/ui_reason_*.zh.txt), naming the file and the reason
@pytest.mark.parametrize(("name", "data", "reason"), [
    ("photo.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "二进制"),
    ("empty.md", b" \n\t\n", "空的"),
    ("report.pdf", "红山镇接待游客27.5万人次。".encode(), "不是有效的 PDF"),
    ("photo.png", b"\x89PNG\r\n\x1a\n", "不支持这种文件类型"),
    ("baihe.txt", "白河市是另一份文档。".encode(), "改名"),
    ("copy-of-qingsong.md", QINGSONG.encode(), "内容完全相同的文档：qingsong.md"),
])
def test_upload_refuses_a_bad_file_and_changes_nothing(
        tiny_service: AssistantService, tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    corpus = tiny_service.settings.corpus.dir
    before = snapshot(corpus)
    passages = tiny_service.assistant().store.count()
    upload = tmp_path / "upload" / name
    upload.parent.mkdir()
    upload.write_bytes(data)

    status = app.upload_document(tiny_service, str(upload), upload_root=upload.parent)

    assert status.startswith("❌") and reason in status and "Traceback" not in status, status
    assert name in app.unescape(status) and not re.search(r"[a-z]{4,} [a-z]{4,}", status), status  # no English
    assert str(upload.parent) not in status  # the server's temp path is not shown
    assert snapshot(corpus) == before
    assert tiny_service.assistant().store.count() == passages


def test_upload_without_a_file_asks_for_one(tiny_service: AssistantService) -> None:
    assert "请先选择" in app.upload_document(tiny_service, None, upload_root=Path("/nowhere"))
