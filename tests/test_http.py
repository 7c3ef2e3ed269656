"""The OpenAI-compatible endpoint and the Gradio API, against the real app on loopback."""

from __future__ import annotations

import json
import urllib.error
import urllib.request

import pytest

pytestmark = pytest.mark.real


def post(url: str, body: object, timeout: float = 300):
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return r.status, r.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_chat_completion_returns_the_answer_with_its_citations(app_url):
    status, text = post(app_url + "v1/chat/completions", {
        "model": "groundbot",
        "messages": [{"role": "user", "content": "How many employees does DeepSeek have?"}],
    })
    assert status == 200, text
    body = json.loads(text)
    content = body["choices"][0]["message"]["content"]
    assert "150" in content and body["abstained"] is False
    assert any("fewer than 150 employees" in c["text"] for c in body["citations"])
    assert f"[{body['citations'][0]['n']}]" in content
    usage = body["usage"]  # real counts: the prompt carries the article
    assert usage["prompt_tokens"] > 1000 and usage["completion_tokens"] > 0
    assert usage["total_tokens"] == usage["prompt_tokens"] + usage["completion_tokens"]


def test_the_official_openai_client_gets_answers_streams_usage_and_declines(app_url):
    from openai import OpenAI

    client = OpenAI(base_url=app_url + "v1", api_key="unused")
    reply = client.chat.completions.create(
        model="groundbot", messages=[{"role": "user", "content": "Which city is DeepSeek from?"}])
    assert "Hangzhou" in reply.choices[0].message.content and reply.usage.prompt_tokens > 1000
    follow = client.chat.completions.create(model="groundbot", messages=[
        {"role": "user", "content": "Which city is DeepSeek from?"},
        {"role": "assistant", "content": reply.choices[0].message.content},
        {"role": "user", "content": "When was it officially established?"}])
    assert "2023" in follow.choices[0].message.content
    assert follow.model_extra["asked"] == "When was DeepSeek officially established?"  # how it was read
    pieces = list(client.chat.completions.create(
        model="groundbot", stream=True, messages=[{"role": "user", "content": "What is the name of DeepSeek's CEO?"}]))
    text = "".join(p.choices[0].delta.content or "" for p in pieces if p.choices)
    assert "The sources don't say." in text and pieces[-1].choices[0].finish_reason == "stop"


def test_streamed_completion_sends_the_draft_then_the_verified_answer(app_url):
    req = urllib.request.Request(
        app_url + "v1/chat/completions",
        data=json.dumps({"stream": True, "messages": [
            {"role": "user", "content": "What is DeepSeek?"},
            {"role": "assistant", "content": "DeepSeek is a small company from Hangzhou [1]."},
            {"role": "user", "content": "When was it officially established?"},
        ]}).encode(),
        headers={"Content-Type": "application/json"},
    )
    events = []
    with urllib.request.urlopen(req, timeout=300) as r:
        assert r.headers["Content-Type"].startswith("text/event-stream")
        for line in r:
            line = line.decode().strip()
            if line.startswith("data: ") and line != "data: [DONE]":
                events.append(json.loads(line[6:]))
    deltas = "".join(e["choices"][0]["delta"].get("content", "") for e in events)
    final = events[-1]
    assert final["choices"][0]["finish_reason"] == "stop"
    assert final["usage"]["prompt_tokens"] > 1000 and final["usage"]["completion_tokens"] > 0
    assert "2023" in final["answer"] and "2023" in deltas
    assert any("2023" in c["text"] for c in final["citations"])


@pytest.mark.parametrize("body, message", [
    (b"{not json", "not valid JSON"),
    ({"messages": []}, "messages: List should have at least 1 item"),
    ({"messages": [{"role": "user", "content": [{"type": "text", "text": None}]}]}, "messages.0.content"),
    ({"messages": [{"role": "assistant", "content": "hi"}]}, "role 'user'"),
    ({"messages": [{"role": "user", "content": "   "}]}, "empty"),
    ({"messages": [{"role": "user", "content": "x" * 50_000}]}, "limit"),
])
def test_bad_requests_get_a_clear_400(app_url, body, message):
    status, text = post(app_url + "v1/chat/completions", body)
    assert status == 400
    assert message in json.loads(text)["error"]["message"]


def test_gradio_api_answers_through_gradio_client(app_url):
    from gradio_client import Client

    client = Client(app_url, verbose=False)
    result = client.predict("Which city is DeepSeek from?", api_name="/chat")
    text = json.dumps(result)
    assert "Hangzhou" in text and "Sources" in text


def test_simultaneous_clients_each_get_their_own_answer(app_url):
    """Eight clients at once: served in turn, no crash, no answer given to the wrong client."""
    from concurrent.futures import ThreadPoolExecutor

    asks = {
        "How many employees does DeepSeek have?": "150",
        "Which city is DeepSeek from?": "Hangzhou",
        "When was DeepSeek officially established?": "2023",
        "By what percentage did Nvidia's market capitalization fall?": "17%",
        "Which bank warned that these changes could influence Federal Reserve policy?": "Deutsche Bank",
        "How large is the U.S. national debt according to the article?": "36 trillion",
        "Since when has DeepSeek's parent company been exploring AI?": "2016",
        "Employees of which company are working around the clock to replicate DeepSeek's model?": "Meta",
    }

    def one(question):
        status, text = post(app_url + "v1/chat/completions",
                            {"messages": [{"role": "user", "content": question}]})
        return status, json.loads(text)

    with ThreadPoolExecutor(max_workers=len(asks)) as pool:
        results = list(pool.map(one, asks))
    answered = 0
    for (question, fact), (status, body) in zip(asks.items(), results):
        assert status == 200, body
        reply = body["choices"][0]["message"]["content"]
        others = [f for f in asks.values() if f != fact and f in reply and f not in fact]
        # Its own fact, or the bot's decline; never what another client asked for.
        assert fact in reply or body["abstained"], (question, reply)
        assert not others or fact in reply, (question, reply, others)
        answered += fact in reply
    assert answered >= len(asks) - 2, results  # most of the article's core facts are answered


def test_thirty_two_clients_ui_and_http_together_all_get_their_answers(app_url):
    """A bounded burst: 24 HTTP and 8 Gradio clients at once; every answer right, none lost."""
    from concurrent.futures import ThreadPoolExecutor

    from gradio_client import Client

    from bot.evaluate import load_golden

    items = [i for i in load_golden() if i.kind in ("number", "name")]

    def one(c):
        item = items[c % len(items)]
        if c % 4 == 3:
            reply = json.dumps(Client(app_url, verbose=False).predict(item.question, api_name="/chat"))
        else:
            status, text = post(app_url + "v1/chat/completions",
                                {"messages": [{"role": "user", "content": item.question}]})
            assert status == 200, text
            reply = json.loads(text)["choices"][0]["message"]["content"]
        return item, reply

    with ThreadPoolExecutor(max_workers=32) as pool:
        results = list(pool.map(one, range(32), timeout=900))
    # Every reply is its own question's fact or the decline: none lost, none crossed.
    wrong = [(i.question, r) for i, r in results
             if not any(a.lower() in r.lower() for a in i.answer_any) and "The sources don't say." not in r]
    assert not wrong
    assert sum("The sources don't say." not in r for _, r in results) >= len(results) // 2
    status, _ = post(app_url + "v1/chat/completions",
                     {"messages": [{"role": "user", "content": "Which city is DeepSeek from?"}]}, timeout=60)
    assert status == 200  # the queue has drained


def test_a_client_that_leaves_mid_stream_does_not_hold_up_the_next(app_url):
    """A streaming client disconnects after the first delta; another client is answered."""
    import http.client
    from urllib.parse import urlparse

    u = urlparse(app_url)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=120)
    conn.request("POST", "/v1/chat/completions", body=json.dumps({"stream": True, "messages": [
        {"role": "user", "content": "Summarize what the article says about the U.S. dollar and its debt."}]}),
        headers={"Content-Type": "application/json"})
    response = conn.getresponse()
    assert response.status == 200
    response.fp.readline()  # the first event: the answer has started
    conn.sock.shutdown(2)
    conn.close()
    status, text = post(app_url + "v1/chat/completions",
                        {"messages": [{"role": "user", "content": "Which city is DeepSeek from?"}]}, timeout=120)
    assert status == 200 and "Hangzhou" in json.loads(text)["choices"][0]["message"]["content"]
