"""The chat UI in a real headless Chromium (Debian's package, driven by Playwright; no browser download).

`make browser` installs /usr/bin/chromium; CI runs it before the tests. One page of the real app on the
real article index, seen as a first-time user sees it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from netutil import served_ui

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync"]
QUESTION = "全市累计开工复工5000万元以上项目多少个？"
BOT = '#chat [data-testid="bot"]'
# every text the chat shows while a question is answered, so a state that lasts a moment is seen too
WATCH_CHAT = """() => {
    window.chatTexts = [];
    const chat = document.querySelector('#chat');
    window.chatTimes = [];
    new MutationObserver(() => { window.chatTexts.push(chat.innerText); window.chatTimes.push(performance.now()); })
        .observe(chat, {subtree: true, childList: true, characterData: true});
}"""

pytestmark = [pytest.mark.browser, pytest.mark.slow]


@pytest.fixture(scope="module")
def service(article_settings: Any, article_assistant: Any) -> Any:
    from assistant.ui_service import AssistantService

    return AssistantService(article_settings, lambda: article_assistant)


@pytest.fixture(scope="module")
def app_url(service: Any) -> Iterator[str]:
    import app

    with served_ui(app.build_ui(service=service)) as url:
        yield url


@pytest.fixture()
def page(app_url: str) -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium with `make browser`")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(app_url)
            page.locator("#question textarea").wait_for(timeout=30_000)
            yield page
        finally:
            browser.close()


def _ask(page: Any, question: str) -> float:
    """Type the question and press Enter; returns the page's clock (ms) just before."""
    page.evaluate(WATCH_CHAT)
    box = page.locator("#question textarea")
    box.fill(question)
    started = float(page.evaluate("performance.now()"))
    box.press("Enter")
    return started


def test_question_shows_pending_then_the_bold_answer_with_folded_evidence(page: Any, article_assistant: Any,
                                                                         tmp_path: Path) -> None:
    import app

    expected = article_assistant.ask(QUESTION, [])
    assert expected.citations, "the article index should answer the test question with a citation"
    lead, _ = app.split_lead(expected)
    started = _ask(page, QUESTION)
    page.wait_for_selector(f"{BOT} details", timeout=60_000)

    seen, times = page.evaluate("window.chatTexts"), page.evaluate("window.chatTimes")
    pending = app.ui_text("pending")
    assert any(pending in text and QUESTION in text for text in seen), seen[:5]  # asked, then answering…
    shown_at = next(t for t, text in zip(times, seen, strict=True) if pending in text) - started
    answered_at = next(t for t, text in zip(times, seen, strict=True) if "引文" in text) - started
    print(f"\nbrowser: question and pending bubble shown {shown_at:.0f} ms after Enter, answer {answered_at:.0f} ms")
    assert pending not in page.locator("#chat").inner_text()  # …replaced by the answer
    user = page.locator('#chat [data-testid="user"]')
    assert user.count() == 1 and QUESTION in user.inner_text()

    strong = page.locator(f"{BOT} strong").first  # the direct answer, first and bold
    assert strong.inner_text().strip() == lead.strip()
    assert int(strong.evaluate("e => getComputedStyle(e).fontWeight")) >= 600
    assert f"[{expected.citations[0].n}]" in strong.inner_text()

    details = page.locator(f"{BOT} details").first
    assert details.get_attribute("open") is None  # the evidence is folded…
    summary = details.locator("summary")
    assert "已核实" in summary.inner_text() and f"{len(expected.citations)} 条引文" in summary.inner_text()
    mark = details.locator("mark").first
    assert not mark.is_visible()
    summary.click()  # …and opens on demand, with the supporting span marked
    mark.wait_for(state="visible", timeout=5_000)
    assert expected.citations[0].span in details.locator("mark").all_inner_texts()
    sources = details.inner_text()
    assert "引文" in sources and expected.citations[0].doc_id in sources
    assert page.locator("#question textarea").input_value() == ""  # cleared for the next question

    shot = tmp_path / "chat.png"
    page.screenshot(path=str(shot), full_page=True)
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000


def test_example_questions_on_the_first_screen_ask_when_clicked(page: Any, service: Any) -> None:
    examples = service.example_questions(4)
    assert len(examples) >= 2, examples  # drawn from the index: the test does not know their words
    shown = page.locator("#chat").get_by_role("button", name=examples[1])
    shown.wait_for(timeout=30_000)
    for example in examples:
        assert page.locator("#chat").get_by_role("button", name=example).count() == 1
    shown.click()
    page.wait_for_selector(f"{BOT} strong", timeout=60_000)
    assert page.locator('#chat [data-testid="user"]').inner_text().strip() == examples[1]
    assert page.locator(f"{BOT}").count() >= 1


def test_empty_question_warns_beside_the_box_and_leaves_the_chat_alone(page: Any) -> None:
    _ask(page, QUESTION)
    page.wait_for_selector(f"{BOT} details", timeout=60_000)
    before = page.locator("#chat").inner_text()
    box = page.locator("#question textarea")
    box.fill("   ")
    box.press("Enter")
    notice = page.locator("#question-notice")
    notice.get_by_text("请先输入问题").wait_for(timeout=30_000)
    assert page.locator("#chat").inner_text() == before  # not inside the previous answer's bubble
    assert "请先输入" not in before
    box.fill(QUESTION)  # the next real question clears the notice
    box.press("Enter")
    page.wait_for_function("() => document.querySelectorAll('#chat [data-testid=\"user\"]').length == 2",
                           timeout=60_000)
    page.wait_for_function("() => !document.querySelector('#question-notice').innerText.includes('请先输入')",
                           timeout=30_000)


def test_help_reply_offers_example_questions_that_ask_when_clicked(page: Any, service: Any) -> None:
    _ask(page, "你好，你能做什么？")
    page.wait_for_selector(f"{BOT} strong", timeout=60_000)
    reply = page.locator(BOT).first.inner_text()
    assert "[1]" not in reply and "引文" not in reply  # words only: no figures' sources, no citations
    example = service.example_questions(4)[1]
    offered = page.locator("#chat").get_by_role("button", name=example)
    offered.wait_for(timeout=30_000)
    offered.click()
    page.wait_for_function("() => document.querySelectorAll('#chat [data-testid=\"user\"]').length == 2",
                           timeout=60_000)
    page.wait_for_selector(f"{BOT} details", timeout=60_000)
    assert page.locator('#chat [data-testid="user"]').nth(1).inner_text().strip() == example
