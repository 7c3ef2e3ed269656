"""The chat UI in a real browser (headless Chromium) against the real app on loopback."""

from __future__ import annotations

import os
import shutil

import pytest

from .conftest import ROOT, add_source, copy_index, running_app

pytestmark = pytest.mark.real

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="module")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.skip("Chromium is not installed (./dev.sh test installs it with apt-get as root)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(
            executable_path=CHROMIUM,
            args=["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"],
        )
        yield b
        b.close()


def open_page(browser, url: str):
    page = browser.new_page(viewport={"width": 1100, "height": 1000})
    page.goto(url)
    return page


def ask_in_page(page, question: str, done_text: str, screenshot: str) -> str:
    """Ask, wait for the answer and its passages, save a screenshot; the page's text."""
    page.fill("textarea", question)
    page.keyboard.press("Enter")
    page.get_by_text(done_text, exact=True).last.wait_for(timeout=180_000)
    page.locator("blockquote").last.wait_for(timeout=30_000)  # the passages under the answer
    page.wait_for_timeout(1000)  # the sources panel slides open; let the screenshot show it
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / screenshot), full_page=True)
    return page.locator("body").inner_text()


def test_answer_streams_in_with_its_cited_passage(app_url, browser):
    page = open_page(browser, app_url)
    text = ask_in_page(page, "How many employees does DeepSeek have?", "Sources", "answer.png")
    assert "150" in text and "[4]" in text, text[:2000]
    assert "fewer than 150 employees" in text  # the cited passage is listed under the answer
    marked = page.locator("mark").all_inner_texts()
    assert "150" in marked and "employees" in marked  # the supporting words are highlighted
    assert page.locator('a[href$="-4"]').count() >= 1  # the [4] marker links to its passage
    assert "Ready" in text  # the status line says the model is loaded
    page.close()


def test_a_decline_mid_conversation_does_not_spoil_the_next_answer(app_url, browser):
    """The page sends its rendered bubbles back as history; after an answer and a decline, a
    follow-up with a pronoun is answered and cited as the same question asked alone."""
    page = open_page(browser, app_url)
    for i, question in enumerate(["How many employees does DeepSeek have?", "What is the name of DeepSeek's CEO?",
                                  "When was it officially established?"]):
        page.fill("textarea", question)
        page.keyboard.press("Enter")
        page.wait_for_function(
            "n => [...document.querySelectorAll('*')].filter(e => e.children.length === 0 && "
            "/^(Sources|Nearest passages)$/.test(e.textContent.trim())).length >= n", arg=i + 1, timeout=180_000)
    page.wait_for_timeout(500)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "conversation.png"), full_page=True)
    text = page.locator("body").inner_text()
    last = text[text.rfind("When was it officially established?"):]
    assert "2023" in last and "The article doesn't say." not in last, last[:1500]
    page.close()


def test_an_empty_question_does_nothing(app_url, browser):
    page = open_page(browser, app_url)
    page.get_by_text("How many employees does DeepSeek have?").first.wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Ask").count() == 1  # a name a screen reader can announce
    page.fill("textarea", "   ")
    page.keyboard.press("Enter")
    page.wait_for_timeout(2000)
    text = page.locator("body").inner_text()
    assert "Could not answer" not in text and "Something went wrong" not in text
    assert page.get_by_text("How many employees does DeepSeek have?").first.is_visible()  # examples stay
    assert page.locator("[data-testid='user']").count() == 0  # no empty bubble
    page.close()


def test_off_topic_question_is_declined_with_nearest_passages(app_url, browser):
    page = open_page(browser, app_url)
    text = ask_in_page(page, "What is the name of DeepSeek's CEO?", "Nearest passages", "decline.png")
    assert "The article doesn't say." in text
    page.close()


def test_source_text_with_markup_is_shown_as_text_and_runs_nothing(browser, tmp_path):
    index = copy_index(tmp_path / "index")
    add_source(index, "evil", "Cafeteria <b>memo</b>",
               "DeepSeek's cafeteria serves <script>window.__xss = 1; alert(1)</script> dumplings on Fridays "
               '<img src=x onerror="window.__xss = 2; alert(2)"> and noodles on Mondays.')
    with running_app(index, tmp_path / "app.log") as url:
        page = browser.new_page(viewport={"width": 1100, "height": 1000})
        dialogs = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        page.goto(url)
        text = ask_in_page(page, "What does DeepSeek's cafeteria serve on Mondays?", "Sources",
                           "markup-as-text.png")
        assert "noodles" in text.lower()
        assert "<script>" in text and "onerror" in text  # shown as text
        assert page.evaluate("window.__xss") is None and dialogs == []
        assert page.locator("img[src=x]").count() == 0
        page.close()


def test_login_is_required_when_a_password_is_set(browser, tmp_path):
    import urllib.error
    import urllib.request

    with running_app(copy_index(tmp_path / "index"), tmp_path / "app.log",
                     BOT_USERNAME="ann", BOT_PASSWORD="s3cret") as url:
        req = urllib.request.Request(url + "v1/chat/completions", data=b'{"messages": []}',
                                     headers={"Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(req, timeout=30)
        assert e.value.code == 401
        page = browser.new_page()
        page.goto(url)
        page.get_by_text("Login").first.wait_for(timeout=30_000)
        assert page.locator("textarea").count() == 0  # no chat before logging in
        page.close()


def test_a_source_added_while_the_chat_runs_is_used_and_its_page_named(browser, tmp_path):
    import subprocess
    import sys

    from . import docs

    index = copy_index(tmp_path / "index")
    with running_app(index, tmp_path / "app.log") as url:
        pdf = docs.write_pdf(tmp_path / "kestrel.pdf")
        added = subprocess.run([sys.executable, "-m", "bot", "sources", "add", str(pdf)], cwd=ROOT,
                               env=dict(os.environ, BOT_INDEX_DIR=str(index)), capture_output=True,
                               text=True, timeout=300, check=False)
        assert added.returncode == 0, added.stderr
        page = open_page(browser, url)
        text = ask_in_page(page, "How many nesting pairs did the Kestrel survey count?", "Sources",
                           "pdf-page-citation.png")
        assert "1,284" in text
        assert "Kestrel Coast Survey · page 2" in text, text[:3000]
        page.close()
