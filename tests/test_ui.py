"""The chat UI in a real browser (headless Chromium) against the real app on loopback."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from .conftest import ROOT, copy_index

pytestmark = pytest.mark.real

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = ROOT / "tests" / "artifacts"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    """`python app.py` as a user starts it, on a free loopback port."""
    tmp = tmp_path_factory.mktemp("app")
    port = _free_port()
    env = dict(os.environ, BOT_PORT=str(port), BOT_INDEX_DIR=str(copy_index(tmp / "index")))
    log = open(tmp / "app.log", "w")
    proc = subprocess.Popen([sys.executable, "app.py"], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/"
    deadline = time.time() + 300
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"app.py exited: {(tmp / 'app.log').read_text()[-2000:]}")
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            time.sleep(1)
    else:
        proc.kill()
        raise RuntimeError("app.py did not start listening within 300 s")
    yield url
    proc.terminate()
    proc.wait(timeout=30)


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


def ask_in_page(page, question: str, done_text: str):
    page.fill("textarea", question)
    page.keyboard.press("Enter")
    page.get_by_text(done_text).last.wait_for(timeout=120_000)


def test_answer_streams_in_with_its_cited_passage(app_url, browser):
    page = browser.new_page(viewport={"width": 1100, "height": 1000})
    page.goto(app_url)
    ask_in_page(page, "How many employees does DeepSeek have?", "Sources")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "answer.png"), full_page=True)
    text = page.locator("body").inner_text()
    assert "150" in text and "[4]" in text, text[:2000]
    assert "fewer than 150 employees" in text  # the cited passage is listed under the answer
    page.close()


def test_off_topic_question_is_declined_with_nearest_passages(app_url, browser):
    page = browser.new_page(viewport={"width": 1100, "height": 1000})
    page.goto(app_url)
    ask_in_page(page, "What is the name of DeepSeek's CEO?", "Nearest passages")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "decline.png"), full_page=True)
    text = page.locator("body").inner_text()
    assert "The article doesn't say." in text
    page.close()
