"""The chat UI in a real headless Chromium (Debian's package, driven by Playwright; no browser download).

`make browser` installs /usr/bin/chromium; CI runs it before the tests.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from netutil import served_ui

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("HF_HUB_OFFLINE", "1")

CHROMIUM = Path("/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync"]
QUESTION = "全市累计开工复工5000万元以上项目多少个？"

pytestmark = [pytest.mark.browser, pytest.mark.slow]




@pytest.fixture(scope="module")
def app_url(article_settings, article_assistant) -> Iterator[str]:
    import app

    demo = app.build_ui(article_settings, assistant_factory=lambda: article_assistant)
    with served_ui(demo) as url:
        yield url


def test_question_in_the_browser_shows_answer_and_citations(app_url: str, article_assistant,
                                                            tmp_path: Path) -> None:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: install Debian's chromium with `make browser`")
    from playwright.sync_api import sync_playwright

    expected = article_assistant.ask(QUESTION, [])
    assert expected.citations, "the article index should answer the test question with a citation"
    shot = tmp_path / "chat.png"
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=FLAGS)
        try:
            page = browser.new_page(viewport={"width": 1280, "height": 1000})
            page.goto(app_url)
            box = page.locator("#question textarea")
            box.wait_for(timeout=30_000)
            box.fill(QUESTION)
            box.press("Enter")
            page.wait_for_selector('#chat [data-testid="bot"] mark', timeout=60_000)

            user = page.locator('#chat [data-testid="user"]')
            assert user.count() == 1 and QUESTION in user.inner_text()
            bot = page.locator('#chat [data-testid="bot"]')
            answer_text = bot.first.inner_text().strip()
            assert answer_text and f"[{expected.citations[0].n}]" in answer_text
            sources = page.locator("#chat").inner_text()
            assert "引文" in sources and expected.citations[0].doc_id in sources
            assert "已核实" in sources or "未核实" in sources
            marked = page.locator('#chat [data-testid="bot"] mark').all_inner_texts()
            assert expected.citations[0].span in marked, marked
            assert box.input_value() == ""  # cleared for the next question

            page.screenshot(path=str(shot), full_page=True)
        finally:
            browser.close()
    data = shot.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 20_000
