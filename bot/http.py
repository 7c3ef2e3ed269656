"""The bot as an OpenAI-compatible endpoint: POST /v1/chat/completions (plain and streaming).

The reply is the verified answer; the response also carries `citations`, `abstained` and
`revised`. When streaming, the model's draft streams first; if verification changed it, a
last delta says so and gives the verified answer, so no client is shown a silent swap.
"""


import dataclasses
import json
import logging
import time
import uuid

from .answer import Answer
from .errors import BotError, InvalidQuestion
from .rag import Bot

log = logging.getLogger(__name__)
MODEL_NAME = "groundbot"


def _error(status: int, message: str, kind: str = "invalid_request_error"):
    from fastapi.responses import JSONResponse

    return JSONResponse({"error": {"message": message, "type": kind}}, status_code=status)


def parse_messages(body: object) -> tuple[str, list[dict]]:
    """The last user message as the question, earlier turns as history; InvalidQuestion if unusable."""
    if not isinstance(body, dict) or not isinstance(body.get("messages"), list) or not body["messages"]:
        raise InvalidQuestion("the request needs a non-empty 'messages' list")
    messages = [m for m in body["messages"] if isinstance(m, dict)]
    if not messages or messages[-1].get("role") != "user":
        raise InvalidQuestion("the last message must have role 'user'")
    # System messages from clients are ignored: the bot's rules are not negotiable.
    history = [m for m in messages[:-1] if m.get("role") in ("user", "assistant")]
    content = messages[-1].get("content")
    if isinstance(content, list):
        content = " ".join(p.get("text", "") for p in content if isinstance(p, dict))
    return content if isinstance(content, str) else "", history


def answer_fields(answer: Answer) -> dict:
    """The bot's extra response fields."""
    return {
        "citations": [dataclasses.asdict(c) for c in answer.citations],
        "passages": [dataclasses.asdict(c) for c in answer.passages],
        "abstained": answer.abstained,
        "revised": answer.revised,
        "extractive": answer.extractive,
        "sentences": [dataclasses.asdict(s) for s in answer.sentences],
        "timings": dataclasses.asdict(answer.timings),
    }


def revision_note(answer: Answer) -> str:
    return f"\n\n[Checked against the sources, the answer is:] {answer.text}"


def authorized(header: str | None, username: str, password: str) -> bool:
    """Whether an Authorization header carries the credentials (Basic, or Bearer <password>)."""
    import base64
    import hmac

    if not header:
        return False
    scheme, _, value = header.partition(" ")
    if scheme.lower() == "bearer":
        return hmac.compare_digest(value.strip(), password)
    if scheme.lower() == "basic":
        try:
            given = base64.b64decode(value.strip()).decode("utf-8")
        except ValueError:
            return False
        return hmac.compare_digest(given, f"{username}:{password}")
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
        try:
            question, history = parse_messages(body)
            stream = bot.stream(question, history=history)
        except InvalidQuestion as e:
            return _error(400, str(e))
        ident, created = f"chatcmpl-{uuid.uuid4().hex[:24]}", int(time.time())
        base = {"id": ident, "created": created, "model": MODEL_NAME}
        if not body.get("stream"):
            from starlette.concurrency import run_in_threadpool

            try:
                answer = await run_in_threadpool(_finish, stream)
            except BotError as e:
                return _error(503, str(e), "server_error")
            return {
                **base, "object": "chat.completion",
                "choices": [{"index": 0, "finish_reason": "stop",
                             "message": {"role": "assistant", "content": answer.text}}],
                "usage": {"prompt_tokens": answer.timings.prompt_tokens,
                          "completion_tokens": answer.timings.completion_tokens,
                          "total_tokens": answer.timings.prompt_tokens + answer.timings.completion_tokens},
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
            except BotError as e:
                yield f"data: {json.dumps({'error': {'message': str(e), 'type': 'server_error'}})}\n\n"
                yield "data: [DONE]\n\n"
                return
            answer = stream.answer
            if answer.revised:
                yield chunk({"content": revision_note(answer)})
            yield chunk({}, "stop", answer=answer.text, **answer_fields(answer))
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    return api


def _finish(stream) -> Answer:
    for _ in stream:
        pass
    return stream.answer
