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


def ask_in_page(page, question: str, done_text: str, screenshot: str, timeout_s: int = 180) -> str:
    """Ask, wait for the answer and its passages, save a screenshot; the page's text."""
    page.fill("textarea", question)
    page.keyboard.press("Enter")
    chat = page.locator("#chat")  # not the sources panel, whose title is "Sources" too
    chat.get_by_text(done_text, exact=True).last.wait_for(timeout=timeout_s * 1000)
    chat.locator("blockquote").last.wait_for(timeout=30_000)  # the passages under the answer
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


def wait_for_replies(page, n: int) -> list[str]:
    """Wait until `n` questions have their checked reply; the replies' text, in order."""
    page.wait_for_function(
        "n => document.querySelectorAll('#chat [data-testid=bot] details[open]').length >= n",
        arg=n, timeout=180_000)
    return page.locator("#chat [data-testid=bot]").all_inner_texts()


def test_a_conversation_is_right_turn_by_turn(app_url, browser):
    """An answer, a decline, then a follow-up with a pronoun: each turn is what the same
    question asked alone gets (the decline does not spoil the follow-up)."""
    page = open_page(browser, app_url)
    turns = [("How many employees does DeepSeek have?", "150"),
             ("What is the name of DeepSeek's CEO?", None),  # the article does not name one
             ("When was it officially established?", "2023"),
             ("OK, and which city is it from?", "Hangzhou")]  # "OK" once read as an unknown name
    for i, (question, fact) in enumerate(turns):
        page.fill("textarea", question)
        page.keyboard.press("Enter")
        reply = wait_for_replies(page, i + 1)[i]
        if fact is None:
            assert reply.startswith("Declined."), (question, reply[:800])
        else:
            assert fact in reply and "Declined." not in reply, (question, reply[:800])
        if question.startswith("When was it"):  # the page says how it read the pronoun
            assert "Read as: “When was DeepSeek officially established?”" in reply, reply[:800]
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "conversation.png"), full_page=True)
    page.close()


def test_the_page_says_it_is_checking_then_shows_the_checked_answer(app_url, browser):
    page = open_page(browser, app_url)
    page.get_by_text("Ready").first.wait_for(timeout=120_000)
    # Every state the reply passes through, as the reader saw it.
    page.evaluate("""() => { window.__seen = [];
        new MutationObserver(() => { const b = [...document.querySelectorAll('#chat [data-testid=bot]')].pop();
            if (b && window.__seen.at(-1) !== b.innerText) window.__seen.push(b.innerText); })
        .observe(document.querySelector('#chat'), {subtree: true, childList: true, characterData: true}); }""")
    page.fill("textarea", "How many employees does DeepSeek have?")
    page.keyboard.press("Enter")
    reply = wait_for_replies(page, 1)[0]
    seen = page.evaluate("window.__seen")
    checking = [i for i, s in enumerate(seen) if "Checking each sentence against the sources" in s]
    assert checking and checking[0] < len(seen) - 1, seen  # said while checking, then replaced
    assert "150" in reply and "Checking each sentence" not in reply
    page.get_by_text("about this answer").first.click()
    assert "checked answer after" in page.locator("#chat [data-testid=bot]").last.inner_text()
    page.close()


def test_questions_asked_while_an_answer_streams_wait_their_turn_and_show_as_typed(app_url, browser):
    page = open_page(browser, app_url)
    box = page.get_by_role("textbox", name="Your question")
    typed = ["How many employees does DeepSeek have?",
             "**Which** city is <b>DeepSeek</b> from? [see](http://example.com)",
             "By what percentage did Nvidia's market capitalization fall?"]
    page.get_by_text("Ready").first.wait_for(timeout=120_000)
    for i, question in enumerate(typed):  # the second and third while the first is answered
        assert box.is_enabled()
        box.fill(question)
        page.keyboard.press("Enter")
        page.locator("#chat [data-testid=user]").nth(i).wait_for(timeout=10_000)
    assert page.locator("#chat details[open]").count() < 3  # asked before the answers were in
    replies = wait_for_replies(page, 3)
    assert page.locator("#chat [data-testid=user]").all_inner_texts() == typed  # exactly as typed
    assert page.locator("#chat [data-testid=user] b, #chat [data-testid=user] a").count() == 0
    assert "150" in replies[0] and "Hangzhou" in replies[1] and "17" in replies[2], replies
    page.close()


def test_stop_ends_the_answering_and_the_chat_goes_on(app_url, browser):
    page = open_page(browser, app_url)
    for i, question in enumerate(["How many employees does DeepSeek have?", "Which city is DeepSeek from?"]):
        page.fill("textarea", question)
        page.keyboard.press("Enter")
        page.locator("#chat [data-testid=user]").nth(i).wait_for(timeout=10_000)
    page.get_by_role("button", name="Stop", exact=True).click()
    page.get_by_text("Stopped.").first.wait_for(timeout=30_000)  # at least the waiting question
    page.fill("textarea", "When was DeepSeek officially established?")
    page.keyboard.press("Enter")
    page.wait_for_function("() => [...document.querySelectorAll('#chat [data-testid=bot]')].pop()"
                           "?.innerText.includes('2023')", timeout=180_000)
    page.close()


def test_a_clicked_marker_brings_its_passage_into_view_and_marks_it(app_url, browser):
    page = open_page(browser, app_url)
    for i, question in enumerate(["Which city is DeepSeek from?", "How many employees does DeepSeek have?",
                                  "By what percentage did Nvidia's market capitalization fall?"]):
        page.fill("textarea", question)
        page.keyboard.press("Enter")
        wait_for_replies(page, i + 1)
    page.wait_for_timeout(1000)  # as a reader would, after the last answer came in
    marker = page.locator("#chat a[href^='#t1-']").first  # the first answer's, scrolled out of view
    marker.click()
    page.wait_for_timeout(600)
    target = page.evaluate(
        "() => { const e = document.querySelector(':target'); if (!e) return null;"
        " const r = e.getBoundingClientRect(), c = document.querySelector('#chat').getBoundingClientRect();"
        " return {id: e.id, top: r.top, bottom: r.bottom, ctop: c.top, cbottom: c.bottom,"
        " outline: getComputedStyle(e).outlineStyle, text: e.innerText}; }")
    assert target and target["id"] == marker.get_attribute("href")[1:], target
    assert target["ctop"] <= target["top"] and target["bottom"] <= target["cbottom"], target  # in full view
    assert target["outline"] != "none" and "Hangzhou" in target["text"]
    page.close()


def test_copy_gives_plain_text_with_markers_and_sources(app_url, browser):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(app_url)
    for i, question in enumerate(["Which city is DeepSeek from?", "What is the name of DeepSeek's CEO?"]):
        page.fill("textarea", question)
        page.keyboard.press("Enter")
        wait_for_replies(page, i + 1)
    page.get_by_role("button", name="Copy conversation").click()
    page.get_by_text("Copied the conversation as plain text.").wait_for(timeout=10_000)
    copied = page.evaluate("navigator.clipboard.readText()")
    assert "Q: Which city is DeepSeek from?" in copied and "Hangzhou [1]" in copied, copied
    assert "Sources:\n[1] DeepSeek Shakes Up the Tech Scene in America!" in copied
    assert "Declined. The sources don't say." in copied
    assert "<" not in copied and "&#" not in copied and "**" not in copied
    page.get_by_role("button", name="Copy answer").click()
    page.get_by_text("Copied the last answer as plain text.").wait_for(timeout=10_000)
    assert page.evaluate("navigator.clipboard.readText()").startswith("Q: What is the name of DeepSeek's CEO?")
    context.close()


@pytest.mark.parametrize("size", [{"width": 1280, "height": 900}, {"width": 390, "height": 844}],
                         ids=["desktop", "phone"])
def test_no_serious_accessibility_violations_and_the_box_is_on_the_first_screen(app_url, browser, size):
    from axe_playwright_python.sync_playwright import Axe

    page = browser.new_page(viewport=size)
    page.goto(app_url)
    page.get_by_text("Ready").first.wait_for(timeout=120_000)
    found = []
    for moment in ("empty", "answered"):
        if moment == "answered":
            page.fill("textarea", "How many employees does DeepSeek have?")
            page.keyboard.press("Enter")
            wait_for_replies(page, 1)
        box = page.locator("textarea").bounding_box()
        assert box["y"] + box["height"] <= size["height"], (moment, box)  # no scrolling to ask
        violations = Axe().run(page).response["violations"]
        found += [(moment, v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
                  for v in violations if v["impact"] in ("serious", "critical")]
    assert not found, found
    page.close()


def test_keyboard_alone_asks_and_follows_a_citation(app_url, browser):
    page = open_page(browser, app_url)
    page.get_by_text("Ready").first.wait_for(timeout=120_000)
    page.keyboard.type("Which city is DeepSeek from?")  # the box has the focus on arrival
    page.keyboard.press("Enter")
    wait_for_replies(page, 1)
    for _ in range(60):  # Tab backwards from the box to the answer's [1]
        page.keyboard.press("Shift+Tab")
        if page.evaluate("() => (document.activeElement.getAttribute('href') || '').startsWith('#t1-')"):
            break
    else:
        pytest.fail("no citation marker is reachable with the keyboard")
    page.keyboard.press("Enter")
    page.wait_for_timeout(300)
    assert page.evaluate("() => document.querySelector(':target')?.id") == "t1-1"
    page.close()


def test_an_empty_question_does_nothing(app_url, browser):
    page = open_page(browser, app_url)
    page.get_by_text("How many employees does DeepSeek have?").first.wait_for(timeout=30_000)
    assert page.get_by_role("button", name="Ask", exact=True).count() == 1  # a name a screen reader announces
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
    assert "The sources don't say." in text  # the article and the three linked sources
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


@pytest.mark.parametrize("username", ["ann", ""], ids=["user-and-password", "password-only"])
def test_a_password_protects_the_page_the_gradio_api_and_the_http_api(browser, tmp_path, username):
    import base64
    import urllib.error
    import urllib.request

    from gradio_client import Client

    env = {"BOT_PASSWORD": "s3cret", **({"BOT_USERNAME": username} if username else {})}
    with running_app(copy_index(tmp_path / "index"), tmp_path / "app.log", **env) as url:
        def api(header: str | None) -> int:
            req = urllib.request.Request(url + "v1/chat/completions", data=b'{"messages": []}',
                                         headers={"Content-Type": "application/json",
                                                  **({"Authorization": header} if header else {})})
            try:
                return urllib.request.urlopen(req, timeout=30).status
            except urllib.error.HTTPError as e:
                return e.code

        basic = "Basic " + base64.b64encode(f"{username or 'anyone'}:s3cret".encode()).decode()
        assert api(None) == 401 and api("Bearer wrong") == 401 and api("Bearer pässwört") == 401
        assert api("Basic %%%") == 401
        assert api(basic) == 400 and api("Bearer s3cret") == 400  # let in (the empty request is a 400)
        for wrong in (None, (username or "anyone", "wrong")):  # no login, a wrong password
            with pytest.raises(ValueError, match="(?i)login|credentials"):  # gradio_client's refusals
                Client(url, auth=wrong, verbose=False).predict("Which city is DeepSeek from?", api_name="/chat")
        assert "Hangzhou" in Client(url, auth=(username or "anyone", "s3cret"), verbose=False).predict(
            "Which city is DeepSeek from?", api_name="/chat")
        page = browser.new_page()
        page.goto(url)
        page.get_by_text("Login").first.wait_for(timeout=30_000)
        assert page.locator("textarea").count() == 0  # no chat before logging in
        page.close()


def test_the_server_stops_promptly_on_sigterm_with_a_chat_open(browser, tmp_path):
    import signal
    import time

    procs: list = []
    with running_app(copy_index(tmp_path / "index"), tmp_path / "app.log", procs) as url:
        page = open_page(browser, url)
        page.get_by_text("Ready").first.wait_for(timeout=120_000)  # the page's event stream is open
        page.fill("textarea", "Which city is DeepSeek from?")
        page.keyboard.press("Enter")
        wait_for_replies(page, 1)
        started = time.monotonic()
        procs[0].send_signal(signal.SIGTERM)
        procs[0].wait(timeout=30)
        took = time.monotonic() - started
        page.close()
    assert took < 10, f"the server took {took:.1f} s to stop after SIGTERM"


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


def test_a_tab_closed_mid_answer_does_not_hold_up_the_next_reader(app_url, browser):
    page = open_page(browser, app_url)
    page.get_by_text("Ready").first.wait_for(timeout=120_000)
    page.fill("textarea", "Summarize what the article says about the U.S. dollar, its debt and its industries.")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('#chat [data-testid=bot]')?.innerText.length > 5",
                           timeout=60_000)
    page.close()  # while the answer is being written
    other = open_page(browser, app_url)
    other.fill("textarea", "Which city is DeepSeek from?")
    other.keyboard.press("Enter")
    assert "Hangzhou" in wait_for_replies(other, 1)[0]
    other.close()


KESTREL = """# Kestrel Coast Survey

## Nesting

The 2024 Kestrel Coast Survey counted 318 nesting pairs of kestrels along the Varne coast.

## Method

Volunteers walked fixed transects every morning in May.
"""


def test_sources_are_added_used_and_removed_from_the_page(browser, tmp_path):
    """The sources panel: the list, a file dropped in and answered from at once (cited with its
    section), refusals that change nothing, and a removal after which the question is declined.
    Background preparation is on, as for a user: the status line says how far it has come."""
    (tmp_path / "kestrel.md").write_text(KESTREL)
    (tmp_path / "empty.txt").write_text("   \n")
    (tmp_path / "notes.docx").write_bytes(b"PK\x03\x04 not really a document")
    question = "How many nesting pairs did the Kestrel Coast Survey count?"
    with running_app(copy_index(tmp_path / "index"), tmp_path / "app.log", BOT_PREPARE_IN_BACKGROUND="1",
                     BOT_CACHE_DIR=str(tmp_path / "cache"), BOT_MODEL_PATH=str(_model())) as url:
        page = open_page(browser, url)
        page.get_by_text("preparing the sources for fast answers").wait_for(timeout=300_000)
        panel = page.locator("#sources")
        panel.get_by_text("Sources", exact=True).first.click()
        table = panel.locator("table.sources")
        table.wait_for()
        assert "DeepSeek-V3 README" in table.inner_text() and "github.com/deepseek-ai" in table.inner_text()
        rows = table.locator("tbody tr").count()
        assert rows == 4
        upload = panel.locator("input[type=file]")
        # (A .docx is refused by the browser's file picker before it is sent, by file_types.)
        for bad, why in (("empty.txt", "is empty"),):
            upload.set_input_files(str(tmp_path / bad))
            panel.get_by_text("Not added").wait_for(timeout=60_000)
            assert why in panel.inner_text().lower() and table.locator("tbody tr").count() == rows
        upload.set_input_files(str(tmp_path / "kestrel.md"))
        page.get_by_text("Added “Kestrel Coast Survey”", exact=False).first.wait_for(timeout=120_000)
        assert table.locator("tbody tr").count() == rows + 1 and "uploaded file kestrel.md" in table.inner_text()
        # The chat says so too, in the event chained after the panel's own message.
        page.locator("#chat").get_by_text("Questions use it from now on").first.wait_for(timeout=30_000)
        # Its block is processed when first asked, after the block the background is on.
        text = ask_in_page(page, question, "Sources", "source-added.png", timeout_s=400)
        answer = page.locator("#chat [data-testid=bot]").last.inner_text()
        assert "318" in answer and "Kestrel Coast Survey · Nesting" in answer, answer
        sources_dir = tmp_path / "index" / "sources"
        assert any("318 nesting pairs" in f.read_text() for f in sources_dir.glob("kestrel*"))
        pick = panel.get_by_label("Remove a source")
        pick.click()
        page.get_by_role("option", name="Kestrel Coast Survey (kestrel-coast-survey)").click()
        panel.get_by_role("button", name="Remove").click()
        page.get_by_text("Removed “Kestrel Coast Survey”", exact=False).first.wait_for(timeout=60_000)
        assert table.locator("tbody tr").count() == rows and not list(sources_dir.glob("kestrel*"))
        # One more checked reply than before this question (the notices in between are no reply).
        checked = page.locator("#chat [data-testid=bot] details[open]").count()
        page.fill("textarea", question)
        page.keyboard.press("Enter")
        wait_for_replies(page, checked + 1)
        assert "Declined" in page.locator("#chat [data-testid=bot]").last.inner_text()
        assert "Something went wrong" not in text
        page.close()


def _model():
    from bot.config import Settings
    from bot.models import resolve_model

    return resolve_model(None, Settings().cache_dir)
