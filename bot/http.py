"""The bot as an OpenAI-compatible endpoint: POST /v1/chat/completions (plain and streaming).

The reply is the verified answer; the response also carries `citations`, `abstained` and
`revised`. When streaming, the model's draft streams first; if verification changed it, a
last delta says so and gives the verified answer, so no client is shown a silent swap.
"""


import base64
import binascii
import dataclasses
import hmac
import json
import logging
import time
import uuid

from pydantic import BaseModel, Field, ValidationError

from .answer import Answer
from .errors import BotError, InvalidQuestion
from .rag import Bot

log = logging.getLogger(__name__)
MODEL_NAME = "groundbot"


def _error(status: int, message: str, kind: str = "invalid_request_error"):
    from fastapi.responses import JSONResponse

    return JSONResponse({"error": {"message": message, "type": kind}}, status_code=status)


class _Part(BaseModel):
    type: str = "text"
    text: str = ""


class _Message(BaseModel):
    role: str
    content: str | list[_Part] | None = None


class ChatRequest(BaseModel):
    """The part of an OpenAI chat-completions request the bot reads; other fields are allowed
    and ignored (model, temperature, ...)."""

    messages: list[_Message] = Field(min_length=1)
    stream: bool = False


def parse_messages(body: object) -> tuple[str, list[dict], bool]:
    """The last user message as the question, earlier turns as history, and whether to stream;
    InvalidQuestion (a 400) with what is wrong if the request does not fit the schema."""
    try:
        request = ChatRequest.model_validate(body)
    except ValidationError as e:
        first = e.errors()[0]
        where = ".".join(str(x) for x in first["loc"]) or "body"
        raise InvalidQuestion(f"invalid request: {where}: {first['msg']}") from None
    messages = request.messages
    if messages[-1].role != "user":
        raise InvalidQuestion("the last message must have role 'user'")

    def text(m: _Message) -> str:
        if isinstance(m.content, list):
            return " ".join(p.text for p in m.content if p.type == "text")
        return m.content or ""

    # System messages from clients are ignored: the bot's rules are not negotiable.
    history = [{"role": m.role, "content": text(m)} for m in messages[:-1] if m.role in ("user", "assistant")]
    return text(messages[-1]), history, request.stream


def answer_fields(answer: Answer) -> dict:
    """The bot's extra response fields."""
    return {
        "citations": [dataclasses.asdict(c) for c in answer.citations],
        "passages": [dataclasses.asdict(c) for c in answer.passages],
        "abstained": answer.abstained,
        "asked": answer.asked,
        "revised": answer.revised,
        "extractive": answer.extractive,
        "sentences": [dataclasses.asdict(s) for s in answer.sentences],
        "timings": dataclasses.asdict(answer.timings),
    }


def usage(answer: Answer) -> dict:
    t = answer.timings
    return {"prompt_tokens": t.prompt_tokens, "completion_tokens": t.completion_tokens,
            "total_tokens": t.prompt_tokens + t.completion_tokens}


def revision_note(answer: Answer) -> str:
    return f"\n\n[Checked against the sources, the answer is:] {answer.text}"


def credentials_match(given: str, expected: str) -> bool:
    """Constant-time comparison of two secrets, as UTF-8 bytes (any characters)."""
    return hmac.compare_digest(given.encode("utf-8", "surrogatepass"), expected.encode("utf-8", "surrogatepass"))


def login_ok(username: str, password: str, expected_user: str, expected_password: str) -> bool:
    """The one login rule for the page, the Gradio API and the HTTP API: the password must
    match; the username too, when one is set."""
    user_ok = credentials_match(username, expected_user) if expected_user else True
    return credentials_match(password, expected_password) and user_ok


def authorized(header: str | None, username: str, password: str) -> bool:
    """Whether an Authorization header carries the credentials (Basic, or Bearer <password>).
    Anything malformed is simply not authorized."""
    if not header:
        return False
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer":
        return credentials_match(value.strip(), password)
    if scheme.lower() == "basic":
        try:
            given = base64.b64decode(value.strip(), validate=True).decode("utf-8")
        except (ValueError, binascii.Error, UnicodeDecodeError):
            return False
        user, sep, secret = given.partition(":")
        return bool(sep) and login_ok(user, secret, username, password)
    return False


def router(bot: Bot, *, username: str = "", password: str = ""):
    from fastapi import APIRouter, Request
    from fastapi.responses import StreamingResponse

    api = APIRouter()

    @api.post("/v1/chat/completions")
    async def chat_completions(request: Request):
        if password and not authorized(request.headers.get("authorization"), username, password):
            return _error(401, "authentication required: HTTP Basic, or 'Authorization: Bearer <password>'",
                          "authentication_error")
        try:
            body = await request.json()
        except ValueError:
            return _error(400, "the request body is not valid JSON")
        from starlette.concurrency import run_in_threadpool

        try:
            question, history, streaming = parse_messages(body)
            # Off the event loop: retrieval, and on a cold start the model load.
            stream = await run_in_threadpool(bot.stream, question, history=history)
        except InvalidQuestion as e:
            return _error(400, str(e))
        ident, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
        base = {"id": ident, "created": created, "model": MODEL_NAME}
        if not streaming:
            try:
                answer = await run_in_threadpool(_finish, stream)
            except BotError as e:
                return _error(503, str(e), "server_error")
            return {
                **base, "object": "chat.completion",
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": answer.text}}],
                "usage": usage(answer),
                **answer_fields(answer),
            }

        def events():
            def chunk(delta: dict, finish: str | None = None, **extra) -> str:
                payload = {**base, "object": "chat.completion.chunk",
                           "choices": [{"index": 0, "delta": delta, "finish_reason": finish}], **extra}
                return f"data: {json.dumps(payload)}\n\n"

            yield chunk({"role": "assistant"})
            try:
                for piece in stream:
                    yield chunk({"content": piece})
                answer = stream.answer
            except BotError as e:
                yield f"data: {json.dumps({'error': {'message': str(e), 'type': 'server_error'}})}\n\n"
                yield "data: [DONE]\n\n"
                return
            if answer.revised:
                yield chunk({"content": revision_note(answer)})
            yield chunk({}, "stop", answer=answer.text, usage=usage(answer), **answer_fields(answer))
            yield "data: [DONE]\n\n"

        async def watched():
            # Each event is made off the event loop; a client that has gone stops the answer,
            # so the model is free for the next one within a token.
            it = events()
            try:
                while (event := await run_in_threadpool(next, it, None)) is not None:
                    if await request.is_disconnected():
                        break
                    yield event
            finally:
                stream.close()

        return StreamingResponse(watched(), media_type="text/event-stream")

    return api


def _finish(stream) -> Answer:
    for _ in stream:
        pass
    return stream.answer
