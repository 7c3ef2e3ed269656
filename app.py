"""Start the bot's server: the chat UI at / and an OpenAI-compatible API at /v1, on one port.

Settings come from BOT_* variables; it listens on 127.0.0.1:7860 unless told otherwise.
"""

import logging
import threading


def create_app(bot, settings):
    """One FastAPI app: the HTTP API's routes plus the Gradio chat mounted at /."""
    import gradio as gr
    from fastapi import FastAPI

    from bot.http import login_ok, router
    from bot.ui import CSS, build_ui

    app = FastAPI(title="groundbot", docs_url=None, redoc_url=None)
    app.include_router(router(bot, username=settings.username, password=settings.password))
    # As many answers at once as the model decodes together (settings.parallel); the rest queue.
    demo = build_ui(bot).queue(default_concurrency_limit=max(1, settings.parallel))
    # One rule for the page, its Gradio API and the HTTP API: a password protects all three.
    login = (lambda user, password: login_ok(user, password, settings.username, settings.password)) \
        if settings.password else None
    # Uploads over the sources' size limit are refused by Gradio before they are stored.
    return gr.mount_gradio_app(app, demo, path="/", show_error=False, auth=login, css=CSS,
                               footer_links=["api"], max_file_size=settings.max_source_bytes)


def main() -> None:
    import uvicorn

    from bot import Bot, Settings

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s")
    settings = Settings.from_env()
    bot = Bot.from_settings(settings, progress=True)
    # Load the model and process (or restore) the passages now, so the first question is fast.
    threading.Thread(target=bot.warm, daemon=True).start()
    print(f"chat: http://{settings.host}:{settings.port}/  API: http://{settings.host}:{settings.port}/v1/chat/completions",
          flush=True)
    # On SIGTERM, open connections (a chat tab's event stream) get 3 s to finish, then close.
    uvicorn.run(create_app(bot, settings), host=settings.host, port=settings.port, log_level="warning",
                timeout_graceful_shutdown=3)


if __name__ == "__main__":
    main()
